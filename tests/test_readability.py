"""Plain language, measured on what readers get: every page at US grade 9 or below
(Flesch-Kincaid), and no sentence of ours over 35 words (tests/readability.py)."""

from __future__ import annotations

from pathlib import Path

from tests.readability import GRADE_LIMIT, WORDS_LIMIT, read_site, sentences
from tests.support import parse_html


def test_every_page_reads_at_grade_9_or_below(built_site: Path) -> None:
    readings = read_site(built_site)
    assert {r.page for r in readings} >= {"index.html", "timeline/index.html", "comparison/index.html"}
    over = [(r.page, round(r.grade, 1)) for r in readings if r.grade > GRADE_LIMIT]
    assert not over


def test_no_sentence_of_ours_is_over_35_words(built_site: Path) -> None:
    long = [(r.page, s) for r in read_site(built_site) for s in r.over_35]
    assert not long


def test_the_measure_sees_sentences_and_leaves_quotations_aside() -> None:
    article = parse_html('<article><h2>Heading words</h2><p>One short sentence [1]. Two "a quoted part '
                         'that is long" here.</p><blockquote><p>Quoted text.</p></blockquote>'
                         '<ul><li>An item without a stop</li></ul></article>').children[0]
    assert sentences(article) == ["One short sentence .", "Two quote here.", "An item without a stop"]
    assert WORDS_LIMIT == 35 and GRADE_LIMIT == 9.0
