"""Python-Markdown extension: glossary terms and citations become accessible popups.

It works on the element tree after inline parsing, as Python-Markdown's own `abbr`
does, so headings, links, code and the quote callout are never touched. The
publisher (MkDocs or another) tells it which page is being rendered.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from build_tools import markers
from build_tools.model import Source, Term
from build_tools.terms import TermMatcher

# What the generated Markdown needs from Python-Markdown, whatever the publisher.
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "tables", "toc")

SKIP_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "abbr", "script", "style", "sup", "dfn"})
SKIP_CLASSES = frozenset({"xp-quote", "xp-tips", "xp-no-terms"})


@dataclass(frozen=True)
class PageRef:
    """The page being rendered, as the glossary lists it under 'used on'."""

    title: str
    href: str
    mark_terms: bool = True


@dataclass
class Links:
    """Where terms and sources live, relative to a rendered page."""

    glossary: str = "glossary.md"
    sources: str = "sources.md"

    def term(self, term_id: str) -> str:
        return f"{self.glossary}#{term_id}"

    def source(self, source_id: str) -> str:
        return f"{self.sources}#{source_anchor(source_id)}"


def source_anchor(source_id: str) -> str:
    return f"src-{source_id}"


def tip_id(kind: str, item_id: str) -> str:
    return f"xp-tip-{kind}-{item_id}"


def describe_source(source: Source) -> str:
    """One line of plain text for a popup or a printed list."""
    text = f"{source.outlet}, {source.title}, {source.date.human}."
    if source.via:
        text = f"{source.outlet} (via {source.via}), {source.title}, {source.date.human}."
    return f"{text} {source.url}" if source.url else text


@dataclass
class _PageState:
    terms: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)


class ExplainerExtension(Extension):
    """Shared across pages: the matcher is compiled once; per-page state lives on each Markdown."""

    def __init__(
        self,
        terms: Mapping[str, Term],
        sources: Mapping[str, Source],
        strings: Mapping[str, str],
        matcher: TermMatcher | None = None,
        links: Links | None = None,
    ) -> None:
        super().__init__()
        self.terms = terms
        self.sources = sources
        self.strings = strings
        self.matcher = matcher or TermMatcher((form, t.id) for t in terms.values() for form in t.forms)
        self.links = links or Links()
        self.page: PageRef | None = None
        self.usage: dict[str, list[PageRef]] = {}  # term id -> pages that use it
        self.cited: dict[str, list[PageRef]] = {}  # source id -> pages that cite it
        self._recorded: set[tuple[str, str, PageRef]] = set()  # (kind, id, page): linear however many pages
        self._cited_by_href: dict[str, set[str]] = {}
        self.on_unknown_source: Callable[[str], None] = lambda source_id: None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        state = _PageState()
        md.registerExtension(self)
        # Above 'link' (160) so `[@id]` is never read as a reference link.
        md.inlinePatterns.register(_CitationProcessor(self, state), "xp_citation", 175)
        # After 'inline' (20), before 'toc' (5) and MkDocs's link rewriting (0).
        md.treeprocessors.register(_TermTreeprocessor(md, self, state), "xp_terms", 7)

    def record(self, term_ids: list[str], source_ids: list[str]) -> None:
        if self.page is None:
            return
        for kind, index, ids in (("term", self.usage, term_ids), ("source", self.cited, source_ids)):
            for item_id in ids:
                key = (kind, item_id, self.page)
                if key in self._recorded:
                    continue
                self._recorded.add(key)
                index.setdefault(item_id, []).append(self.page)
                if kind == "source":
                    self._cited_by_href.setdefault(self.page.href, set()).add(item_id)

    def cited_on(self, href: str) -> list[str]:
        """Source ids cited on the page at `href`, in the order of `cited`."""
        on_page = self._cited_by_href.get(href, set())
        return [source_id for source_id in self.cited if source_id in on_page]


class _CitationProcessor(InlineProcessor):
    def __init__(self, ext: ExplainerExtension, state: _PageState) -> None:
        super().__init__(markers.CITATION.pattern)
        self.ext = ext
        self.state = state

    def handleMatch(self, m, data):  # noqa: N802, ANN001, ANN201
        source_id = m.group(1)
        if source_id not in self.ext.sources:
            self.ext.on_unknown_source(source_id)
            return None, None, None
        if source_id not in self.state.citations:
            self.state.citations.append(source_id)
        number = self.state.citations.index(source_id) + 1
        sup = etree.Element("sup", {"class": "xp-cite"})
        link = etree.SubElement(sup, "a", {
            "href": self.ext.links.source(source_id),
            "data-xp-tip": tip_id("src", source_id),
            "aria-describedby": tip_id("src", source_id),
        })
        link.text = AtomicString(f"[{number}]")
        return sup, m.start(0), m.end(0)


class _TermTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: ExplainerExtension, state: _PageState) -> None:
        super().__init__(md)
        self.ext = ext
        self.state = state

    def run(self, root: etree.Element) -> None:
        page = self.ext.page
        if page is None or page.mark_terms:
            self._walk(root)
        self.ext.record(self.state.terms, self.state.citations)
        if self.state.terms or self.state.citations:
            root.append(self._tips())

    @staticmethod
    def _skipped(element: etree.Element) -> bool:
        if element.tag in SKIP_TAGS:
            return True
        classes = element.get("class")
        return bool(classes) and not SKIP_CLASSES.isdisjoint(classes.split())

    def _walk(self, parent: etree.Element) -> None:
        children = list(parent)
        new_children: list[etree.Element] = []
        parent.text, inserted = self._mark(parent.text)
        new_children.extend(inserted)
        for child in children:
            if not self._skipped(child):
                self._walk(child)
            new_children.append(child)
            child.tail, inserted = self._mark(child.tail)
            new_children.extend(inserted)
        if len(new_children) != len(children):
            parent[:] = new_children

    def _mark(self, text: str | None) -> tuple[str | None, list[etree.Element]]:
        """Split `text` around first occurrences of terms; return leading text and new links."""
        if not text or isinstance(text, AtomicString) or not text.strip():
            return text, []
        used = self.state.terms
        lead: str | None = None
        links: list[etree.Element] = []
        position = 0
        for match in self.ext.matcher.find(text):
            if match.term_id in used:
                continue
            used.append(match.term_id)
            link = etree.Element("a", {
                "class": "xp-term",
                "href": self.ext.links.term(match.term_id),
                "data-xp-tip": tip_id("term", match.term_id),
                "aria-describedby": tip_id("term", match.term_id),
            })
            link.text = AtomicString(text[match.start : match.end])
            before = text[position : match.start]
            if links:
                links[-1].tail = before
            else:
                lead = before
            links.append(link)
            position = match.end
        if not links:
            return text, []
        links[-1].tail = text[position:]
        return lead, links

    def _tips(self) -> etree.Element:
        strings = self.ext.strings
        aside = etree.Element("aside", {"class": "xp-tips", "hidden": "hidden", "data-search-exclude": "", "aria-label": strings["tips_label"]})
        if self.state.terms:
            title = etree.SubElement(aside, "p", {"class": "xp-tips__title"})
            title.text = AtomicString(strings["tips_terms_title"])
            dl = etree.SubElement(aside, "dl")
            for term_id in self.state.terms:
                term = self.ext.terms[term_id]
                etree.SubElement(dl, "dt").text = AtomicString(term.term)
                etree.SubElement(dl, "dd", {"id": tip_id("term", term_id)}).text = AtomicString(term.definition)
        if self.state.citations:
            title = etree.SubElement(aside, "p", {"class": "xp-tips__title"})
            title.text = AtomicString(strings["tips_sources_title"])
            ol = etree.SubElement(aside, "ol", {"class": "xp-sources-list"})
            for source_id in self.state.citations:
                item = etree.SubElement(ol, "li", {"id": tip_id("src", source_id)})
                item.text = AtomicString(describe_source(self.ext.sources[source_id]))
        return aside
