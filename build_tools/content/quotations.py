"""Quotations, checked against what the sources print.

A quotation is text in double quotation marks. It must be found, word for word, in an
excerpt of a source cited next to it (README, "Quotations"). The rule is the same for
the loader, which reads content, and for the tests, which read the built pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from build_tools.content.model import Source
from build_tools.errors import shorten

_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " "})
_QUOTED = re.compile(r'"([^"]*)"')
# Editorial insertions [like this] and omissions (… or ...) split a quotation into pieces.
_GAP = re.compile(r"\[[^\]]*\]|…|\.\.\.")
# `the word "direct"`: a word named as a word is a mention, not a quotation.
_MENTION = re.compile(r"\b(?:word|words|phrase|term)\s*$", re.IGNORECASE)
MENTION_WORDS = 3


def normalize(text: str) -> str:
    """Curly quotes as straight ones, every run of white space as one space."""
    return " ".join(text.translate(_CURLY).split())


@dataclass(frozen=True)
class Quotation:
    text: str
    start: int  # offset of the opening mark in the text it was found in


def find(text: str) -> Iterator[Quotation]:
    """The quotations in `text`, mentions of a word as a word left out.

    An odd number of quotation marks means one was not closed: that is reported as a
    quotation running to the end of the text, which no excerpt holds.
    """
    plain = text.translate(_CURLY)
    position = 0
    for match in _QUOTED.finditer(plain):
        position = match.end()
        words = match.group(1).split()
        if len(words) <= MENTION_WORDS and _MENTION.search(plain[: match.start()]):
            continue
        yield Quotation(match.group(1), match.start())
    rest = plain[position:]
    if rest.count('"') % 2:
        start = position + rest.index('"')
        yield Quotation(plain[start + 1 :], start)


def pieces(quotation: str) -> list[str]:
    """What must be found, in order: the quotation without insertions, omissions or final comma."""
    found = []
    for piece in _GAP.split(normalize(quotation)):
        piece = piece.strip().strip('"').strip().rstrip(".,;:").strip()
        if piece:
            found.append(piece)
    return found


def in_excerpt(quotation: str, excerpt: str) -> bool:
    wanted = pieces(quotation)
    text = normalize(excerpt)
    position = 0
    for piece in wanted:
        position = text.find(piece, position)
        if position < 0:
            return False
        position += len(piece)
    return bool(wanted)


def holders(quotation: str, sources: Iterable[Source]) -> list[str]:
    """Ids of the sources with an excerpt that holds `quotation`."""
    return [s.id for s in sources if any(in_excerpt(quotation, e.text) for e in s.excerpts)]


@dataclass(frozen=True)
class Unsupported:
    """A quotation no cited source prints; `elsewhere` names sources that do, uncited."""

    quotation: Quotation
    elsewhere: tuple[str, ...]

    @property
    def shown(self) -> str:
        return shorten(normalize(self.quotation.text), 70)

    def fix(self, cited: Iterable[str]) -> str:
        if self.elsewhere:
            return f"Cite the source that prints these words ([@{self.elsewhere[0]}]) in the same sentence or paragraph"
        ids = ", ".join(sorted(set(cited))) or "none"
        return ("Quote the exact words and record them under 'excerpts' of a source cited in the same sentence "
                f"or paragraph (cited here: {ids}), or say it in your own words without quotation marks")


def check(text: str, cited: Iterable[str], sources: Mapping[str, Source]) -> Iterator[Unsupported]:
    """Each quotation in `text` that no excerpt of the `cited` sources holds."""
    cited_sources = [sources[c] for c in dict.fromkeys(cited) if c in sources]
    for quotation in find(text):
        if not holders(quotation.text, cited_sources):
            yield Unsupported(quotation, tuple(holders(quotation.text, sources.values())))
