"""One explainer, ready to publish: content loaded and validated once, templates
compiled once, one Markdown extension (and one term matcher) shared by every page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from build_tools.publish import feed
from build_tools.content.loader import Loader
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
        tips_in_page: bool = True,
    ) -> None:
        self.content_dir = content_dir
        self.site_name, self.site_url, self.language = site_name, site_url, language
        self.content = Loader(content_dir, root, language, allow_html).load()
        self.renderer = Renderer(self.content, site_name=site_name, site_url=site_url, language=language)
        self.pages = self.renderer.pages()
        self._by_uri: dict[str, PageSpec] = {}  # src_uri -> page: one lookup per page, not a search
        for page in self.pages:
            self._by_uri.setdefault(page.src_uri, page)
        self.extension = ExplainerExtension(
            {t.id: t for t in self.content.terms}, self.content.sources, self.content.strings,
            tips_in_page=tips_in_page,
        )

    def page(self, src_uri: str) -> PageSpec | None:
        return self._by_uri.get(src_uri)

    def begin(self, page: PageSpec) -> None:
        """Tell the extension which page Markdown is about to render."""
        self.extension.page = page.ref

    def document(self, page: PageSpec) -> str:
        return self.renderer.document(page, usage=self.extension.usage, cited=self.extension.cited)

    def body(self, page: PageSpec) -> str:
        return self.renderer.body(page, usage=self.extension.usage, cited=self.extension.cited)

    def feed(self) -> str:
        """The updates log as Atom (`feed.xml`)."""
        return feed.atom(self.content, self.site_name, self.site_url, self.language)

    def uncited_sources(self) -> list[str]:
        """Sources no rendered page cites: a sign of a dropped claim or a stale entry."""
        return [source_id for source_id in self.content.sources if source_id not in self.extension.cited]

    def render_all(self) -> Iterator[tuple[PageSpec, str, str]]:
        """(page, Markdown document, HTML) for every page, without a publisher.

        Pages are rendered in order, so the late ones (glossary, sources) see where
        every term and source is used.
        """
        for page in self.pages:
            document = self.document(page)
            md = dialect.converter(self.extension)
            self.begin(page)
            _, _, body = document.partition("\n---\n")
            yield page, document, md.convert(body)
