"""Python-Markdown extension: glossary terms and citations become accessible popups.

It works on the element tree after inline parsing, as Python-Markdown's own `abbr`
does, so headings, links, code and the quote callout are never touched. The
publisher (MkDocs or another) tells it which page is being rendered.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from build_tools.syntax import markers
from build_tools.content.model import Source, Term
from build_tools.content.refs import Links, PageRef, tip_id
from build_tools.markup.terms import TermMatcher
from build_tools.markup.tips import PageTips, TipsWriter


SKIP_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "abbr", "script", "style", "sup", "dfn"})
SKIP_CLASSES = frozenset({"xp-quote", "xp-tips", "xp-no-terms"})


@dataclass
class _PageState:
    """What one conversion found. Cleared as each starts: a publisher may reuse one Markdown (`reset()`)."""

    terms: dict[str, None] = field(default_factory=dict)  # term ids, in first-use order
    citations: dict[str, int] = field(default_factory=dict)  # source id -> its number on the page
    resolved: list[etree.Element] = field(default_factory=list)  # links to show as <a> at the end

    def clear(self) -> None:
        self.terms.clear()
        self.citations.clear()
        self.resolved.clear()


class ExplainerExtension(Extension):
    """Shared across pages: the matcher is compiled once; per-page state lives on each Markdown.

    With `tips_in_page` (the default) each page ends with a hidden block holding the
    text of its popups. A publisher that can place HTML outside the page body (the
    MkDocs plugin does, through the theme) turns it off and asks `tips_html()`: the
    block then stays out of what the publisher keeps and indexes for every page.
    """

    def __init__(
        self,
        terms: Mapping[str, Term],
        sources: Mapping[str, Source],
        strings: Mapping[str, str],
        matcher: TermMatcher | None = None,
        links: Links | None = None,
        tips_in_page: bool = True,
        language: str = "en",
    ) -> None:
        super().__init__()
        self.terms = terms
        self.sources = sources
        self.strings = strings
        self.matcher = matcher or TermMatcher((form, t.id) for t in terms.values() for form in t.forms)
        self.links = links or Links()
        self.tips_in_page = tips_in_page
        self.page: PageRef | None = None
        self.usage: dict[str, list[PageRef]] = {}  # term id -> pages that use it
        self.cited: dict[str, list[PageRef]] = {}  # source id -> pages that cite it
        self._tips_by_href: dict[str, PageTips] = {}
        self.tips = TipsWriter(terms, sources, strings, language)
        self.on_unknown_source: Callable[[str], None] = lambda source_id: None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        state = _PageState()
        # Just after 'backtick' (190) and 'escape' (180), before the link patterns (170 and below).
        md.inlinePatterns.register(_CitationGuard(_GUARDED_CITATION, md), "xp_citation_guard", 175)
        # After 'inline' (20), before 'toc' (5) and MkDocs's link rewriting (0).
        md.treeprocessors.register(_Treeprocessor(md, self, state), "xp_terms", 7)
        # After every other treeprocessor, MkDocs's link rewriting ('relpath', 0) included.
        md.treeprocessors.register(_ResolvedLinks(md, state), "xp_links", -100)

    def record(self, term_ids: list[str], source_ids: list[str]) -> None:
        if self.page is None:
            return
        seen_before = self.page.href in self._tips_by_href
        self._tips_by_href[self.page.href] = PageTips(tuple(term_ids), tuple(source_ids))
        for index, ids in ((self.usage, term_ids), (self.cited, source_ids)):
            for item_id in ids:
                pages = index.setdefault(item_id, [])
                # A page's ids are distinct, so only a page converted again can repeat
                # itself: the list is searched then only, and recording stays linear.
                if not seen_before or self.page not in pages:
                    pages.append(self.page)

    def converted(self) -> set[str]:
        """The pages converted so far (their hrefs)."""
        return set(self._tips_by_href)

    def cited_on(self, href: str) -> list[str]:
        """Source ids cited on the page at `href`, in the order of `cited`."""
        tips = self._tips_by_href.get(href)
        on_page = set(tips.citations) if tips else set()
        return [source_id for source_id in self.cited if source_id in on_page]

    def tips_html(self, href: str) -> str:
        """The tips block of the page rendered at `href`, as HTML ('' if it has none)."""
        state = self._tips_by_href.get(href)
        return self.render_tips(state) if state else ""

    def render_tips(self, state: PageTips) -> str:
        return self.tips.block(state)


# A citation not followed by what would make it a link's text (`[@id](url)`, `[@id][ref]`).
_GUARDED_CITATION = markers.CITATION.pattern + r"(?![(\[])"


class _CitationGuard(InlineProcessor):
    """Keeps `[@id]` as plain text, out of reach of the link patterns.

    Each of Python-Markdown's bracket patterns would otherwise scan every citation
    and give up on it, dozens of times a page. Code spans and escaped brackets are
    claimed by earlier patterns, so what reaches the tree walk is unchanged.
    """

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802 (Python-Markdown's name)
        return m.group(0), m.start(0), m.end(0)


# Where a citation is not rendered: inside a link (no nested links) or code.
CITE_SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style"})


class _Treeprocessor(Treeprocessor):
    """One walk over the parsed page: `[@id]` becomes a numbered citation, a term's first use a link.

    Citations are read here rather than by an inline pattern: one search of each text
    node costs far less than one more pattern in Python-Markdown's inline machinery.
    Escaped brackets (`\\[@id]`) and code are placeholders or atomic by now, so they stay text.
    """

    def __init__(self, md: Markdown, ext: ExplainerExtension, state: _PageState) -> None:
        super().__init__(md)
        self.ext = ext
        self.state = state

    def run(self, root: etree.Element) -> None:
        page = self.ext.page
        self.state.clear()
        self._walk(root, page is None or page.mark_terms, True)
        self.ext.record(list(self.state.terms), list(self.state.citations))
        if self.ext.tips_in_page:
            tips = self.ext.render_tips(PageTips(tuple(self.state.terms), tuple(self.state.citations)))
            if tips:
                # As a raw HTML block: Python-Markdown puts it in place of the paragraph.
                etree.SubElement(root, "p").text = self.md.htmlStash.store(tips)

    @staticmethod
    def _marks_terms(element: etree.Element) -> bool:
        if element.tag in SKIP_TAGS:
            return False
        classes = element.get("class")
        return not classes or SKIP_CLASSES.isdisjoint(classes.split())

    def _walk(self, parent: etree.Element, terms: bool, cites: bool) -> None:
        children = list(parent)
        new_children: list[etree.Element] = []
        parent.text, inserted = self._mark(parent.text, terms, cites)
        new_children.extend(inserted)
        for child in children:
            child_terms = terms and self._marks_terms(child)
            child_cites = cites and child.tag not in CITE_SKIP_TAGS
            if child_terms or child_cites:
                self._walk(child, child_terms, child_cites)
            new_children.append(child)
            child.tail, inserted = self._mark(child.tail, terms, cites)
            new_children.extend(inserted)
        if len(new_children) != len(children):
            parent[:] = new_children

    def _mark(self, text: str | None, terms: bool, cites: bool) -> tuple[str | None, list[etree.Element]]:
        """Split `text` around citations and first uses of terms; return leading text and new elements."""
        if not text or isinstance(text, AtomicString):
            return text, []
        if cites and "[@" in text:
            pieces = self._citations(text)
            if terms:
                pieces = [part for piece in pieces for part in (self._terms(piece) if isinstance(piece, str) else (piece,))]
        elif terms:
            pieces = self._terms(text)
        else:
            return text, []
        if len(pieces) == 1 and isinstance(pieces[0], str):
            return pieces[0], []
        lead: str | None = None
        elements: list[etree.Element] = []
        for piece in pieces:
            if isinstance(piece, str):
                if elements:
                    elements[-1].tail = (elements[-1].tail or "") + piece
                else:
                    lead = (lead or "") + piece
            else:
                elements.append(piece)
        return lead, elements

    def _citations(self, text: str) -> list[str | etree.Element]:
        pieces: list[str | etree.Element] = []
        position = 0
        for match in markers.CITATION.finditer(text):
            source_id = match.group(1)
            if source_id not in self.ext.sources:
                self.ext.on_unknown_source(source_id)
                continue
            pieces.append(text[position : match.start()])
            pieces.append(self._citation(source_id))
            position = match.end()
        pieces.append(text[position:])
        return [piece for piece in pieces if not isinstance(piece, str) or piece]

    def _citation(self, source_id: str) -> etree.Element:
        number = self.state.citations.setdefault(source_id, len(self.state.citations) + 1)
        # One element, raised by the stylesheet: every page carries dozens, and each
        # extra element or attribute costs in every later pass (serializer, search index).
        link = self._link({
            "class": "xp-cite",
            "href": self.ext.links.source(source_id),
            "aria-describedby": tip_id("src", source_id),
        })
        link.text = AtomicString(f"[{number}]")
        return link

    def _link(self, attrib: dict[str, str]) -> etree.Element:
        """An <a>, or a stand-in that the publisher's link pass skips (`Links.resolved`)."""
        link = etree.Element(RESOLVED_TAG if self.ext.links.resolved else "a", attrib)
        if self.ext.links.resolved:
            self.state.resolved.append(link)
        return link

    def _terms(self, text: str) -> list[str | etree.Element]:
        if text.isspace():
            return [text]
        used = self.state.terms
        pieces: list[str | etree.Element] = []
        position = 0
        for match in self.ext.matcher.find(text):
            if match.term_id in used:
                continue
            used[match.term_id] = None
            link = self._link({
                "class": "xp-term",
                "href": self.ext.links.term(match.term_id),
                "aria-describedby": tip_id("term", match.term_id),
            })
            link.text = AtomicString(text[match.start : match.end])
            if match.start > position:
                pieces.append(text[position : match.start])
            pieces.append(link)
            position = match.end
        if not pieces:
            return [text]
        if position < len(text):
            pieces.append(text[position:])
        return pieces


RESOLVED_TAG = "xp-a"


class _ResolvedLinks(Treeprocessor):
    """Turns the stand-ins for already resolved links into <a>, once no link pass can see them."""

    def __init__(self, md: Markdown, state: _PageState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        for element in self.state.resolved:
            element.tag = "a"
