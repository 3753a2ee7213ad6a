"""The hidden block of popup texts on each page ("terms and sources on this page"):
what the popups show, what a reader without JavaScript reaches by the links, what prints."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from build_tools.content.model import Source, Term
from build_tools.content.refs import describe_source, tip_id


@dataclass(frozen=True)
class PageTips:
    """The terms and sources a page uses, in first-use order: what its popups show."""

    terms: tuple[str, ...]
    citations: tuple[str, ...]


class TipsWriter:
    """Writes tips blocks as plain HTML, each entry once per build (it is the same on every page)."""

    def __init__(self, terms: Mapping[str, Term], sources: Mapping[str, Source], strings: Mapping[str, str],
                 language: str = "en") -> None:
        self.terms = terms
        self.language = language
        self.sources = sources
        self.strings = strings
        self._entries: dict[tuple[str, str], str] = {}  # (kind, id) -> its entry in a tips block

    def block(self, state: PageTips) -> str:
        """The hidden block of popup texts for a page: plain HTML, written directly (one per page)."""
        if not state.terms and not state.citations:
            return ""
        strings = self.strings
        parts = [f'<aside aria-label="{_attr(strings["tips_label"])}" class="xp-tips" data-search-exclude="" hidden>']
        if state.terms:
            parts.append(f'<p class="xp-tips__title">{_text(strings["tips_terms_title"])}</p><dl>')
            parts += (self._entry("term", term_id) for term_id in state.terms)
            parts.append("</dl>")
        if state.citations:
            parts.append(f'<p class="xp-tips__title">{_text(strings["tips_sources_title"])}</p><ol class="xp-sources-list">')
            parts += (self._entry("src", source_id) for source_id in state.citations)
            parts.append("</ol>")
        parts.append("</aside>")
        return "".join(parts)

    def _entry(self, kind: str, item_id: str) -> str:
        """One term or source in a tips block: the same on every page that uses it, so written once per build."""
        if (entry := self._entries.get((kind, item_id))) is None:
            tip = _attr(tip_id(kind, item_id))
            if kind == "term":
                term = self.terms[item_id]
                entry = f'<dt>{_text(term.term)}</dt><dd id="{tip}">{_text(term.definition)}</dd>'
            else:
                entry = f'<li id="{tip}">{_text(describe_source(self.sources[item_id], self.language))}</li>'
            self._entries[kind, item_id] = entry
        return entry


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")
