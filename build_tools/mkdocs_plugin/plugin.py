"""MkDocs adapter: each event handler maps one MkDocs event to calls on the core
(`build_tools.publish`). Nothing here decides anything about content or output.

| event | core call |
| --- | --- |
| on_config | load and check the content (`Site`), check the Markdown dialect, stage the output |
| on_files | hand over the generated pages and the feed |
| on_nav | keep the final file list, for the late pages |
| on_page_markdown | tell the extension which page converts; a late page's body |
| on_env | the content warnings every publisher reports |
| on_page_context | a late page again, now that every page is converted; head metadata, popup texts |
| on_post_build | files beside the pages; swap the staged output in (or not) |
| on_serve | watch the content and theme; a failed rebuild shown in the browser (`serve.py`) |
| on_build_error | discard the staged output; a content error as one line |
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from build_tools.content.refs import Links
from build_tools.errors import ContentError
from build_tools.mkdocs_plugin.config import ExplainerConfig
from build_tools.mkdocs_plugin.serve import ShowErrors
from build_tools.publish import assets, feed, metadata, reader_files
from build_tools.publish.output import StagedOutput
from build_tools.publish.site import Site
from build_tools.render import pages
from build_tools.syntax import dialect
from build_tools.syntax.safety import Problem, SafetyExtension

log = logging.getLogger("mkdocs.plugins.explainer")

# Set to 1 to see the Python traceback behind a content error.
DEBUG_ENV = "EXPLAINER_DEBUG"


def _one_line(error: ContentError) -> Abort:
    if os.environ.get(DEBUG_ENV):
        raise error
    return Abort(f"Content error: {error.message}")


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.site: Site | None = None
        self.staged: StagedOutput | None = None
        self.files = Files([])
        self.late_state: dict[str, int] = {}  # late page -> pages converted when it was rendered

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        try:
            # The theme places each page's footer and popup texts (`xp_footer`, `xp_tips`) after
            # page.content, so search indexes the page's own text only.
            self.site = Site(root / self.config.content_dir, site_name=config.site_name, site_url=config.site_url or "/",
                             root=root, language=self.config.language, allow_html=self.config.allow_html,
                             extras_in_page=False)
        except ContentError as error:
            raise _one_line(error) from None
        if missing := dialect.missing(config.markdown_extensions):
            raise Abort(f"Configuration error: {config.config_file_path}: markdown_extensions lacks "
                        f"{', '.join(missing)}. Add them: the explainer's pages are written in that dialect "
                        f"(build_tools/syntax/dialect.py).")
        config.markdown_extensions += [self.site.extension, SafetyExtension(self._unsafe)]  # type: ignore[list-item]
        # The package's theme, after the site's own custom_dir (which may override it), before Material.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(assets.THEME))
        config.extra_css += [css for css in assets.STYLESHEETS if css not in config.extra_css]
        config.extra_javascript += [js for js in assets.SCRIPTS if js not in map(str, config.extra_javascript)]
        self.site.extension.on_unknown_source = lambda source_id: log.warning(f"Unknown source id '{source_id}'.")
        if not config.nav:
            # Titles as escaped Markup: Material prints nav, header and footer titles unescaped.
            config.nav = [{Markup.escape(page.title): page.src_uri} for page in self.site.pages]
        if self.command != "serve":
            self.staged = StagedOutput(Path(config.site_dir), logging.getLogger("mkdocs"))
            config.site_dir = str(self.staged.stage)
        return config

    def _unsafe(self, problem: Problem) -> None:
        page = self.site.extension.page if self.site else None
        log.warning(f"{page.href if page else 'a page'}: {problem.problem}; it was removed. {problem.fix}.")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for page in self.site.pages:
            if existing := files.get_file_from_path(page.src_uri):
                files.remove(existing)
            files.append(File.generated(config, page.src_uri, content=self.site.document(page)))
        files.append(File.generated(config, feed.FEED_NAME, content=self.site.feed()))
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.files = files  # as every plugin left them: a late page is rendered again with them
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        spec = self.site.page(page.file.src_uri)
        if spec is None:
            self.site.extension.page = None
            return markdown
        self._begin(spec, page, files)
        # Content is text: Material writes page.meta.title (and the description) into HTML unescaped.
        page.meta["title"] = Markup.escape(spec.title)
        page.meta["description"] = Markup.escape(spec.description)
        if not spec.late:
            return markdown
        self.late_state[spec.src_uri] = self.site.lists_state()
        return self.site.body(spec)

    def _begin(self, spec: pages.PageSpec, page: Page, files: Files) -> None:
        assert self.site is not None
        self.site.begin(spec)
        glossary, sources = (files.get_file_from_path(uri) for uri in (Links().glossary, Links().sources))
        if glossary is not None and sources is not None:  # final URLs: MkDocs need not resolve them
            self.site.extension.links = Links(glossary.url_relative_to(page.file), sources.url_relative_to(page.file),
                                              resolved=True)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.site is not None
        for warning in self.site.warnings():
            log.warning(warning)
        return env

    @event_priority(50)  # before the search plugin indexes page.content
    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        assert self.site is not None
        spec = self.site.page(page.file.src_uri)
        context["xp_strings"], context["xp_feed"] = self.site.content.strings, feed.FEED_NAME
        context["xp_lazy_search"] = Markup(assets.inline_script(assets.LAZY_SEARCH))
        if spec is None:
            return context
        if spec.late and self.site.lists_state() != self.late_state.get(spec.src_uri):
            # Pages were converted after this one: every page is by now, so its lists are whole.
            self._begin(spec, page, self.files)
            page.markdown = self.site.body(spec)
            page.render(config, self.files)
        context["xp_footer"] = Markup(self.site.footer_html(spec))
        context["xp_tips"] = Markup(self.site.tips_html(spec))
        context["xp_head"] = metadata.head(metadata.PageFacts(
            kind=spec.kind, src_uri=spec.src_uri, title=spec.title, description=spec.description,
            content=self.site.content, site_name=config.site_name, site_url=config.site_url,
            page_url=page.canonical_url, section=spec.section, cited=self.site.extension.cited_on(spec.src_uri),
            language=self.config.language,
        ))
        return context

    def on_template_context(self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
        if self.site is not None:
            context["xp_strings"] = self.site.content.strings  # for the theme's 404.html
            context["xp_feed"] = feed.FEED_NAME
            context["xp_lazy_search"] = Markup(assets.inline_script(assets.LAZY_SEARCH))
        return context

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.site is not None
        server.watch(str(self.site.content_dir))
        server.watch(str(pages.TEMPLATES))
        server.watch(str(assets.THEME))
        server.builder = ShowErrors(server.builder, Path(config.site_dir))
        return server

    @event_priority(50)  # before the staged output is swapped in (below)
    def _write_reader_files(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None
        staged = self.staged is not None  # a folder of this build alone: cards may be linked into it
        reader_files.write(self.site, Path(config.site_dir), assets.THEME / "assets", fresh_folder=staged)

    @event_priority(-100)  # after every other plugin has written its files
    def _swap_output(self, *, config: MkDocsConfig) -> None:
        if self.staged is not None:
            self.staged.finish(config.strict)  # strict and warned: MkDocs aborts next, the previous site stays
            config.site_dir = str(self.staged.final)
            self.staged = None

    on_post_build = CombinedEvent(_write_reader_files, _swap_output)

    def on_build_error(self, *, error: Exception) -> None:
        if self.staged is not None:
            self.staged.discard()
            self.staged = None
        # A content mistake found while rendering (e.g. a missing UI string): one line, no traceback.
        cause: BaseException | None = error
        while cause is not None and not isinstance(cause, ContentError):
            cause = cause.__cause__ or cause.__context__
        if isinstance(cause, ContentError):
            raise _one_line(cause) from None
