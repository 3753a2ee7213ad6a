"""Render pages from Jinja2 templates: content in, Markdown pages out.

Templates are compiled once per `Renderer`. Plain-text fields are escaped for HTML
and Markdown wherever they land; fields that may carry citations are HTML-escaped
and left to Markdown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from build_tools.content import dates
from build_tools.syntax import markers
from build_tools.render.citation import PageCitation
from build_tools.content.refs import PageRef, describe_source, source_anchor
from build_tools.content.model import Content, Section
from build_tools.content.story import is_not_reported

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!])")


def plain(value: object) -> Markup:
    """Plain text, safe in HTML and inert in Markdown.

    Quotes become named entities: the `#` of `&#39;` would be escaped for Markdown
    below and show as "&#39;" in the table of contents.
    """
    html = str(escape(value)).replace("&#34;", "&quot;").replace("&#39;", "&apos;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", html))


def yaml_str(value: object) -> Markup:
    """A YAML (JSON) string for front matter."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def mark_words(text: str, words: list[str]) -> Markup:
    """Escape `text` and wrap each annotated word in <mark>."""
    escaped = str(escape(text))
    for word in words:
        escaped = re.sub(rf"\b({re.escape(str(escape(word)))})\b", r"<mark>\1</mark>", escaped, count=1, flags=re.I)
    return Markup(escaped)


def cell(value: str) -> Markup:
    """Text for one Markdown table cell: one line, pipes escaped."""
    return Markup(str(escape(" ".join(value.split()))).replace("|", "\\|"))


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class PageSpec:
    """One generated page: where it goes, its metadata and how to render its body."""

    src_uri: str
    title: str
    description: str
    kind: str
    mark_terms: bool = False
    late: bool = False  # rendered after the others, because it lists where things are used
    section: Section | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def url_path(self) -> str:
        """The page's address below the site root, as MkDocs makes it ('' or 'slug/')."""
        stem = self.src_uri.removesuffix(".md")
        return "" if stem == "index" else f"{stem}/"

    @property
    def ref(self) -> PageRef:
        return PageRef(self.title, self.src_uri, self.mark_terms)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, checked against their source:
    each rebuild under `mkdocs serve` (a new Renderer) compiles only a template that changed."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)  # Jinja drops it if the source's checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Renderer:
    def __init__(self, content: Content, site_name: str, site_url: str, templates: Path = TEMPLATES,
                 language: str = "en", footer_in_page: bool = True) -> None:
        """With `footer_in_page` off, pages end without their footer and the publisher
        places `footer(page)` after the body itself (out of what it indexes)."""
        self.content = content
        self.footer_in_page = footer_in_page
        self.language = language
        self.site_name = site_name
        self.site_url = site_url.rstrip("/") + "/"
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # One Renderer per build (serve makes a new one for each rebuild), so a
            # compiled template never goes stale: no stat() of its file on every page.
            auto_reload=False,
            bytecode_cache=_COMPILED,
        )
        self.env.filters.update(plain=plain, cell=cell, yaml_str=yaml_str, mark_words=mark_words, paragraphs=paragraphs,
                                describe_source=lambda source: describe_source(source, language), source_anchor=source_anchor,
                                when=lambda d: dates.human(d, language), iso=dates.iso, not_reported=is_not_reported)
        self.env.globals.update(t=content.strings, content=content, explainer=content.explainer, language=language)

    def pages(self) -> list[PageSpec]:
        """Every page, in the order a publisher should render them."""
        c, t = self.content, self.content.strings
        present = c.generated_pages
        pages = [PageSpec("index.md", c.explainer.title, c.explainer.description, "home")]
        pages += [
            PageSpec(f"{s.slug}.md", s.title, s.meta.summary, "section", mark_terms=True, section=s)
            for s in c.sections
        ]
        if "timeline" in present:
            pages.append(PageSpec("timeline.md", t["timeline_title"], t["timeline_description"], "timeline"))
        if "comparison" in present:
            pages.append(PageSpec("comparison.md", t["comparison_title"], t["comparison_description"], "comparison"))
        pages += [
            PageSpec("about.md", t["about_title"], t["about_description"], "about"),
        ]
        if "glossary" in present:
            pages.append(PageSpec("glossary.md", t["glossary_title"], t["glossary_description"], "glossary", late=True))
        pages += [
            PageSpec("sources.md", t["sources_title"], t["sources_description"], "sources", late=True),
        ]
        return pages

    def body(self, page: PageSpec, usage: Mapping[str, list[PageRef]] | None = None,
             cited: Mapping[str, list[PageRef]] | None = None) -> str:
        """The page's Markdown, without front matter."""
        template = self.env.get_template(f"{page.kind}.md.j2")
        context: dict[str, Any] = {"page": page, "usage": usage or {}, "cited": cited or {},
                                   "footer": self.footer(page) if self.footer_in_page else ""}
        if page.section is not None:
            context["body"] = self._section_body(page.section)
        return template.render(context)

    def document(self, page: PageSpec, **kwargs: Any) -> str:
        """Front matter plus body: the file a publisher reads."""
        front = f"---\ntitle: {yaml_str(page.title)}\ndescription: {yaml_str(page.description)}\n---\n\n"
        return front + self.body(page, **kwargs)

    def footer(self, page: PageSpec) -> Markup:
        """The page footer as HTML: as-of and last-edited dates, "Cite this page"."""
        return Markup(self.env.get_template("footer.html.j2").render(cite=self.citation(page)))

    def citation(self, page: PageSpec) -> PageCitation:
        return PageCitation(page.title, self.site_name, self.content.last_edited, self.site_url + page.url_path)

    def _section_body(self, section: Section) -> Markup:
        # The body is the maintainer's Markdown, checked by the loader (no raw HTML, known blocks).
        if "[[" not in section.body:  # no block marker: most sections, no line to look at
            return Markup("\n".join(section.body.splitlines()))
        lines = []
        for line in section.body.splitlines():
            match = markers.BLOCK.match(line)
            placed = markers.block(match.group(1)) if match else None
            lines.append("\n" + self.block(*placed) + "\n" if placed else line)
        return Markup("\n".join(lines))

    def block(self, kind: str, item_id: str) -> str:
        """A callout placed by `[[kind:id]]`: a quote, or one provision across the documents."""
        if kind == "quote":
            return self.env.get_template("quote.md.j2").render(quote=self.content.quotes[item_id])
        table = self.content.provisions
        assert table is not None
        return self.env.get_template("provision.md.j2").render(row=table.row(item_id), table=table)
