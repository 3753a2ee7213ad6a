"""One explainer, ready to publish: content loaded and validated once, templates
compiled once, one Markdown extension (and one term matcher) shared by every page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from build_tools.publish import feed
from build_tools.content.loader import Loader
from build_tools.content.refs import PageRef
from build_tools.markup.extension import ExplainerExtension
from build_tools.syntax import dialect
from build_tools.render.pages import PageSpec, Renderer

__all__ = ["Site"]


class Site:
    def __init__(
        self,
        content_dir: Path,
        *,
        site_name: str,
        site_url: str,
        root: Path | None = None,
        language: str = "en",
        allow_html: bool = False,
        extras_in_page: bool = True,
    ) -> None:
        """`extras_in_page`: each page's Markdown ends with its footer and its popup texts.
        A publisher that places HTML after the page body turns it off and asks `footer_html`
        and `tips_html`: what it indexes for search then holds the page's own text only."""
        self.content_dir = content_dir
        self.site_name, self.site_url, self.language = site_name, site_url, language
        self.content = Loader(content_dir, root, language, allow_html).load()
        self.renderer = Renderer(self.content, site_name=site_name, site_url=site_url, language=language,
                                 footer_in_page=extras_in_page)
        self.pages = self.renderer.pages()
        self._by_uri: dict[str, PageSpec] = {}  # src_uri -> page: one lookup per page, not a search
        for page in self.pages:
            self._by_uri.setdefault(page.src_uri, page)
        self.extension = ExplainerExtension(
            {t.id: t for t in self.content.terms}, self.content.sources, self.content.strings,
            tips_in_page=extras_in_page, language=language,
        )

    def page(self, src_uri: str) -> PageSpec | None:
        return self._by_uri.get(src_uri)

    def begin(self, page: PageSpec) -> None:
        """Tell the extension which page Markdown is about to render."""
        self.extension.page = page.ref

    def document(self, page: PageSpec) -> str:
        return self.renderer.document(page, **self._lists(page))

    def body(self, page: PageSpec) -> str:
        return self.renderer.body(page, **self._lists(page))

    def footer_html(self, page: PageSpec) -> str:
        return self.renderer.footer(page)

    def tips_html(self, page: PageSpec) -> str:
        return self.extension.tips_html(page.ref.href)

    def lists_state(self) -> int:
        """How many listed pages (not glossary or sources) have been converted: while this does not
        change, a page that lists where terms and sources are used stays as it was rendered."""
        return len(self.extension.converted() - {page.src_uri for page in self.pages if page.late})

    def _lists(self, page: PageSpec) -> dict[str, dict[str, list[PageRef]]]:
        """Where each term and source is used, in the site's page order (not the order of conversion)."""
        if not page.late:
            return {"usage": {}, "cited": {}}
        order = {spec.src_uri: index for index, spec in enumerate(self.pages)}

        def ordered(index: dict[str, list[PageRef]]) -> dict[str, list[PageRef]]:
            return {key: sorted(refs, key=lambda ref: order.get(ref.href, len(order))) for key, refs in index.items()}

        return {"usage": ordered(self.extension.usage), "cited": ordered(self.extension.cited)}

    def feed(self) -> str:
        """The updates log as Atom (`feed.xml`)."""
        return feed.atom(self.content, self.site_name, self.site_url, self.language)

    def uncited_sources(self) -> list[str]:
        """Sources no rendered page cites: a sign of a dropped claim or a stale entry."""
        return [source_id for source_id in self.content.sources if source_id not in self.extension.cited]

    def warnings(self) -> list[str]:
        """What is wrong with the content but only shows once every page is converted.

        Each publisher reports these (as warnings, so a strict build fails), and so do
        `check` and `export`: all say the same thing, in the same words.
        """
        return [f"{self.content.source_places.get(source_id, 'content/sources.yml')}: source '{source_id}' is cited "
                f"by no page. Cite it with [@{source_id}] or remove it." for source_id in self.uncited_sources()]

    def render_all(self) -> Iterator[tuple[PageSpec, str, str]]:
        """(page, Markdown document, HTML) for every page, without a publisher.

        The pages that list where terms and sources are used (glossary, sources) are
        rendered after every other page has been converted, whatever their order.
        """
        first = [page for page in self.pages if not page.late]
        for page in [*first, *(page for page in self.pages if page.late)]:
            document = self.document(page)
            md = dialect.converter(self.extension)
            self.begin(page)
            _, _, body = document.partition("\n---\n")
            yield page, document, md.convert(body)
