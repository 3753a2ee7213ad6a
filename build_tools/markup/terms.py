"""Find glossary terms in text: one automaton for all terms, built once per build.

Matching is case-insensitive, whole-word, leftmost-longest, and runs in time linear in
the text whatever the number of terms (Aho-Corasick).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick

# Every character str.isspace() accepts, which is also what `\s` matches in a str regex
# (tests/test_scale.py checks the list).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_TO_SPACE = dict.fromkeys(map(ord, WHITESPACE), " ")
_SPACES = re.compile(r"\s+")


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


class Match(NamedTuple):
    """One occurrence (a tuple: made for every occurrence of every term on every page)."""

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
        index = None
        if "\n" in folded or "  " in folded or "\t" in folded:
            # Forms are stored with single spaces; text may wrap a multi-word term.
            spaced = folded.translate(_TO_SPACE)  # same length, so offsets stay valid
            if "  " in spaced:
                folded, index = _squeeze(folded)
            else:
                folded = spaced  # what _squeeze would give, with offsets unchanged
        best: dict[int, tuple[int, str]] = {}
        last = len(folded) - 1
        for end, (length, term_id) in self._automaton.iter(folded):
            start = end - length + 1
            # Whole words only (the checks of _is_word, inlined: this loop sees every hit).
            if start > 0 and ((c := folded[start - 1]).isalnum() or c == "_") and ((c := folded[start]).isalnum() or c == "_"):
                continue
            if end < last and ((c := folded[end + 1]).isalnum() or c == "_") and ((c := folded[end]).isalnum() or c == "_"):
                continue
            if (kept := best.get(start)) is None or kept[0] < end:
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
    position = 0
    for run in _SPACES.finditer(text):
        start, end = run.span()
        out.append(text[position:start])
        index.extend(range(position, start))
        out.append(" ")
        index.append(start)
        position = end
    out.append(text[position:])
    index.extend(range(position, len(text)))
    return "".join(out), index
