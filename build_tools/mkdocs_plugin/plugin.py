"""MkDocs adapter: a thin layer of event handlers over `build_tools.site.Site`."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from build_tools.publish import assets, cards, feed, metadata
from build_tools.render import pages
from build_tools.mkdocs_plugin.config import ExplainerConfig
from build_tools.errors import ContentError
from build_tools.content.refs import Links
from build_tools.syntax.safety import Problem, SafetyExtension
from build_tools.publish.site import Site
from build_tools.syntax import dialect
from build_tools.publish.staging import StagedOutput

log = logging.getLogger("mkdocs.plugins.explainer")

# Set to 1 to see the Python traceback behind a content error.
DEBUG_ENV = "EXPLAINER_DEBUG"


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class GeneratedPage(File):
    """A page rendered from content/ when MkDocs reads it, and not kept afterwards.

    `File.generated(content=...)` would hold every document for the whole build,
    next to the Markdown MkDocs keeps of it: about 20 MiB at 1,000 sections.
    """

    def __init__(self, config: MkDocsConfig, src_uri: str, render: Callable[[], str]) -> None:
        super().__init__(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        self.generated_by = "explainer"
        self._render = render
        self._content = ""  # not None: MkDocs would look for a file on disk

    @property  # type: ignore[override]
    def content_string(self) -> str:
        return self._render()

    @property  # type: ignore[override]
    def content_bytes(self) -> bytes:
        return self._render().encode("utf-8")


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.site: Site | None = None
        self.staged: StagedOutput | None = None
        self.warnings = _WarningCounter()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        try:
            self.site = Site(
                root / self.config.content_dir,
                site_name=config.site_name,
                site_url=config.site_url or "/",
                root=root,
                language=self.config.language,
                allow_html=self.config.allow_html,
                # The theme places each page's popup texts (overrides/main.html, `xp_tips`):
                # kept out of page.content, search does not parse them and MkDocs does not hold them.
                tips_in_page=False,
            )
        except ContentError as error:
            if os.environ.get(DEBUG_ENV):
                raise
            raise Abort(f"Content error: {error.message}") from None
        if missing := dialect.missing(config.markdown_extensions):
            raise Abort(f"Configuration error: {config.config_file_path}: markdown_extensions lacks "
                        f"{', '.join(missing)}. Add them: the explainer's pages are written in that dialect "
                        f"(build_tools/syntax/dialect.py).")
        config.markdown_extensions.append(self.site.extension)  # type: ignore[arg-type]
        # Event handlers and script addresses never reach a page (build_tools/safety.py).
        config.markdown_extensions.append(SafetyExtension(self._unsafe))  # type: ignore[arg-type]
        self.site.extension.on_unknown_source = lambda source_id: log.warning(f"Unknown source id '{source_id}'.")
        if not config.nav:
            # Titles as escaped Markup: Material prints nav, header and footer titles unescaped.
            config.nav = [{Markup.escape(page.title): page.src_uri} for page in self.site.pages if page.src_uri != "404.md"]
        if self.command != "serve":
            self.staged = StagedOutput(Path(config.site_dir))
            config.site_dir = str(self.staged.stage)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        # The content now stays unchanged until the end of the build. Frozen, it is not
        # walked again by every full garbage collection the pages set off; thawed in
        # on_post_build or on_build_error, so `mkdocs serve` frees each build's content.
        gc.collect()
        gc.freeze()
        return config

    def _unsafe(self, problem: Problem) -> None:
        page = self.site.extension.page if self.site else None
        where = page.href if page else "a page"
        log.warning(f"{where}: {problem.problem}; it was removed. {problem.fix}.")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for page in self.site.pages:
            if existing := files.get_file_from_path(page.src_uri):
                files.remove(existing)
            files.append(GeneratedPage(config, page.src_uri, partial(self.site.document, page)))
        # The updates feed, a file of the site like any other, so pages may link to it.
        files.append(File.generated(config, feed.FEED_NAME, content=self.site.feed()))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        spec = self.site.page(page.file.src_uri)
        if spec is None:
            self.site.extension.page = None
            return markdown
        self.site.begin(spec)
        self.site.extension.links = self._links(page, files)
        # Content is text: Material writes page.meta.title (and Python code may read the
        # description) into HTML without escaping, so they hold escaped Markup.
        page.meta["title"] = Markup.escape(spec.title)
        page.meta["description"] = Markup.escape(spec.description)
        return self.site.body(spec) if spec.late else markdown

    @staticmethod
    def _links(page: Page, files: Files) -> Links:
        """Glossary and source links as final URLs: MkDocs need not resolve dozens per page."""
        default = Links()
        glossary, sources = files.get_file_from_path(default.glossary), files.get_file_from_path(default.sources)
        if glossary is None or sources is None:
            return default
        return Links(glossary.url_relative_to(page.file), sources.url_relative_to(page.file), resolved=True)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.site is not None
        for source_id in self.site.uncited_sources():
            log.warning(f"content/sources.yml: source '{source_id}' is cited by no page. Cite it with [@{source_id}] or remove it.")
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        """Sharing and search metadata for overrides/main.html (`xp_head`)."""
        assert self.site is not None
        spec = self.site.page(page.file.src_uri)
        context["xp_strings"], context["xp_feed"] = self.site.content.strings, feed.FEED_NAME
        if spec is not None:
            context["xp_tips"] = Markup(self.site.extension.tips_html(spec.ref.href))
            context["xp_head"] = metadata.head(metadata.PageFacts(
                kind=spec.kind, src_uri=spec.src_uri, title=spec.title, description=spec.description,
                content=self.site.content, site_name=config.site_name, site_url=config.site_url,
                page_url=page.canonical_url, section=spec.section,
                cited=self.site.extension.cited_on(spec.src_uri), language=self.config.language,
            ))
        return context

    def on_template_context(self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
        if self.site is not None:
            context["xp_strings"] = self.site.content.strings  # for overrides/404.html and the feed link
            context["xp_feed"] = feed.FEED_NAME
        return context

    @event_priority(50)  # before the staged output is swapped in (on_post_build below)
    def _write_reader_files(self, *, config: MkDocsConfig) -> None:
        """robots.txt, the social cards, and our own CSS and JS minified."""
        assert self.site is not None
        site_dir = Path(config.site_dir)
        if config.theme.custom_dir:
            assets.minify_own_assets(Path(config.theme.custom_dir) / "assets", site_dir / "assets")
        sitemap = metadata.absolute(config.site_url, "sitemap.xml")
        robots = "User-agent: *\nAllow: /\n" + (f"\nSitemap: {sitemap}\n" if sitemap else "")
        (site_dir / "robots.txt").write_text(robots, encoding="utf-8")
        cards.write_cards_cached(
            [cards.Card(metadata.card_name(p.src_uri), p.title, p.description) for p in self.site.pages],
            site_dir / metadata.CARD_DIR, config.site_name, cards.site_address(config.site_url),
        )

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.site is not None
        server.watch(str(self.site.content_dir))
        server.watch(str(pages.TEMPLATES))
        return server

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        gc.unfreeze()
        if self.staged is None:
            return
        if config.strict and self.warnings.count:
            self.staged.discard()  # MkDocs aborts next; the previous site stays
        else:
            self.staged.commit()
        config.site_dir = str(self.staged.final)
        self.staged = None

    _swap_output = on_post_build
    on_post_build = CombinedEvent(_write_reader_files, _swap_output)

    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        gc.unfreeze()
        if self.staged is not None:
            self.staged.discard()
            self.staged = None
        # A content mistake found while rendering (e.g. a missing UI string): one line, no traceback.
        cause: BaseException | None = error
        while cause is not None and not isinstance(cause, ContentError):
            cause = cause.__cause__ or cause.__context__
        if isinstance(cause, ContentError) and not os.environ.get(DEBUG_ENV):
            raise Abort(f"Content error: {cause.message}") from None
