"""The quotation rule, case by case (build_tools/quotations.py)."""

from __future__ import annotations

import pytest

from build_tools.content import quotations
from build_tools.content.model import Source

EXCERPT = ('Any future "significant, deliberate, and sustained armed attack" by Russia on Ukraine '
           '"shall be regarded as an attack threatening the peace and security of the transatlantic community."')


def source(source_id: str, *excerpts: str) -> Source:
    return Source.model_validate({"id": source_id, "outlet": "Outlet", "title": "Title", "date": "2025-11-21",
                                  "standing": "reported", "excerpts": list(excerpts)})


@pytest.mark.parametrize("quotation", [
    "significant, deliberate, and sustained armed attack",
    "shall be regarded as an attack threatening the peace and security of the transatlantic community.",
    "shall be regarded as an attack threatening the peace and security of the transatlantic community,",  # an outlet's "…," he said
    "Any future … by Russia on Ukraine",  # an omission
    "[The draft says] shall be regarded as an attack",  # an editorial insertion
    "deliberate,   and\nsustained",  # white space
])
def test_found(quotation: str) -> None:
    assert quotations.in_excerpt(quotation, EXCERPT)


@pytest.mark.parametrize("quotation", [
    "significant, deliberate and sustained armed attack",  # a comma dropped
    "significant, intentional, and prolonged",  # another translation
    "Significant, deliberate",  # case
    "by Russia on Ukraine … Any future",  # pieces out of order
    "",
])
def test_not_found(quotation: str) -> None:
    assert not quotations.in_excerpt(quotation, EXCERPT)


def test_curly_quotes_are_straight_ones() -> None:
    found = list(quotations.find("It said “shall be regarded” and ‘more’."))
    assert [q.text for q in found] == ["shall be regarded"]
    assert quotations.in_excerpt("shall be regarded", EXCERPT.replace('"', "”"))


def test_a_word_named_as_a_word_is_a_mention() -> None:
    text = 'The word "direct" is in no text, and the phrase "a b c d" is too long to be a mention.'
    assert [q.text for q in quotations.find(text)] == ["a b c d"]


def test_an_unclosed_quotation_is_reported() -> None:
    found = list(quotations.find('One "closed" and one "open to the end'))
    assert [q.text for q in found] == ["closed", "open to the end"]


def test_check_looks_only_in_the_cited_sources_and_names_the_one_that_holds_it() -> None:
    sources = {"a": source("a", "Other words entirely."), "b": source("b", EXCERPT)}
    text = 'It spoke of a "sustained armed attack" [@a].'
    [problem] = quotations.check(text, ["a"], sources)
    assert problem.elsewhere == ("b",)
    assert "[@b]" in problem.fix(["a"])
    assert not list(quotations.check(text, ["a", "b"], sources))


def test_the_fix_names_each_cited_source_once() -> None:
    sources = {"a": source("a", "Other words entirely.")}
    text = 'It spoke of a "sustained armed attack" [@a], as it said before [@a].'
    [problem] = quotations.check(text, ["a", "a"], sources)
    assert "(cited here: a)" in problem.fix(["a", "a"])
