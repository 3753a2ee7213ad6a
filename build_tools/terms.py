"""Find glossary terms in text: one automaton for all terms, built once per build.

Matching is case-insensitive, whole-word, leftmost-longest, and runs in time linear in
the text whatever the number of terms (Aho-Corasick).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick


def _fold(text: str) -> str:
    """Lower-case `text` without changing its length, so offsets map back."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _normalise(form: str) -> str:
    return " ".join(_fold(form).split())


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term_id: str


class TermMatcher:
    """All forms of all terms, compiled once."""

    def __init__(self, forms: Iterable[tuple[str, str]]) -> None:
        """`forms` yields (form, term_id) pairs; a form is a term name or an alias."""
        self._automaton = ahocorasick.Automaton()
        for form, term_id in forms:
            key = _normalise(form)
            if key:
                self._automaton.add_word(key, (len(key), term_id))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[Match]:
        """Non-overlapping whole-word matches, leftmost first, longest at each start."""
        if self._empty or not text:
            return
        folded = _fold(text)
        if "\n" in folded or "  " in folded or "\t" in folded:
            # Forms are stored with single spaces; text may wrap a multi-word term.
            folded, index = _squeeze(folded)
        else:
            index = None
        best: dict[int, tuple[int, str]] = {}
        for end, (length, term_id) in self._automaton.iter(folded):
            start = end - length + 1
            if start > 0 and _is_word(folded[start - 1]) and _is_word(folded[start]):
                continue
            if end + 1 < len(folded) and _is_word(folded[end + 1]) and _is_word(folded[end]):
                continue
            if start not in best or best[start][0] < end:
                best[start] = (end, term_id)
        position = 0
        for start in sorted(best):
            if start < position:
                continue
            end, term_id = best[start]
            position = end + 1
            if index is None:
                yield Match(start, end + 1, term_id)
            else:
                yield Match(index[start], index[end] + 1, term_id)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Collapse runs of white space to one space, keeping a map to original offsets."""
    out: list[str] = []
    index: list[int] = []
    previous_space = False
    for offset, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            out.append(" ")
            previous_space = True
        else:
            out.append(char)
            previous_space = False
        index.append(offset)
    return "".join(out), index
