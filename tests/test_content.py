"""Prose checks over everything a reader sees from content/: spelling, the original
analysis's slips, and citations on facts. (Quotations are checked against the sources'
excerpts by the loader, at build time: build_tools/quotations.py.)"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
import yaml
from spellchecker import SpellChecker

from build_tools.syntax.markers import CITATION
from tests.conftest import ROOT

CONTENT = ROOT / "content"
NOT_PROSE = {"id", "source", "sources", "slug", "url", "standing", "date", "end", "outcome", "approximate", "updated",
             "published", "as_of", "kind", "documents", "columns", "text_source", "document", "quote", "translation"}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def _strings(data: object, key: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k != "excerpts":  # the sources' own words, as printed; not shown as our prose
                yield from _strings(v, str(k))
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item, key)
    elif isinstance(data, str) and key not in NOT_PROSE:
        yield data


def prose() -> Iterator[tuple[str, str]]:
    """(file, text) for every reader-facing text in content/."""
    for path in sorted(CONTENT.rglob("*.yml")):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path.relative_to(ROOT).as_posix(), text
    for path in sorted((CONTENT / "sections").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        for text in _strings(yaml.safe_load(front)):
            yield path.relative_to(ROOT).as_posix(), text
        yield path.relative_to(ROOT).as_posix(), body


def cited_prose() -> Iterator[tuple[str, str]]:
    """Texts in which we state facts in our own words. Not: UI strings, definitions,
    source titles and excerpts, the verbatim quotes and document texts (attributed by
    their own fields), the names of documents, parties and provisions, timeline entries
    and updates (cited by their `sources` field, or about the site itself), or the
    original analysis's claims that corrections.yml describes."""
    for file, text in prose():
        if any(name in file for name in ("strings/", "glossary.yml", "sources.yml", "timeline.yml", "updates.yml")):
            continue
        if "quotes.yml" in file:
            data = yaml.safe_load((ROOT / file).read_text(encoding="utf-8"))
            if any(text in {q["text"], q.get("label"), q.get("annotations_title"), *q["attribution"].values()}
                   for q in data["quotes"]):
                continue
        if "documents.yml" in file:
            data = yaml.safe_load((ROOT / file).read_text(encoding="utf-8"))
            if any(text in {d.get("text"), d["title"], d["short"], *d["parties"]} for d in data["documents"]):
                continue
        if "provisions.yml" in file:
            data = yaml.safe_load((ROOT / file).read_text(encoding="utf-8"))
            if any(text == p["label"] or text.strip().lower() == "not reported" for p in data["provisions"]):
                continue
        if "corrections.yml" in file:
            data = yaml.safe_load((ROOT / file).read_text(encoding="utf-8"))
            if text in {c["claim"] for c in data["corrections"]}:
                continue
        yield file, text


def words(text: str) -> Iterator[str]:
    text = CITATION.sub(" ", text)
    text = re.sub(r"https?://\S+|\]\([^)]*\)|`[^`]*`|\[\[[^\]]*\]\]", " ", text)
    for word in re.findall(r"[^\W\d_]+(?:['’][a-z]+)?", text):
        yield re.sub(r"['’][a-z]+$", "", word)


def test_spelling_against_an_english_dictionary_and_the_project_word_list() -> None:
    checker = SpellChecker()
    allowed = {w.strip() for w in (ROOT / "tests" / "wordlist.txt").read_text().splitlines() if w.strip() and not w.startswith("#")}
    unknown = {(file, w) for file, text in prose() for w in words(text)
               if w not in allowed and w.lower() not in allowed and not checker.known([w.lower()])}
    assert not unknown, sorted(unknown)


def test_codespell_finds_no_common_misspelling() -> None:
    result = subprocess.run([sys.executable, "-m", "codespell_lib", str(CONTENT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("slip", ["wiht", "costs.furthermore", "european", "november", "direct threat", "mirrors", "identical to"])
def test_slips_of_the_original_analysis_are_absent(slip: str) -> None:
    flags = 0 if slip.islower() and slip.isalpha() else re.I
    pattern = re.compile(rf"\b{re.escape(slip)}\b", flags)
    hits = [(file, text[:60]) for file, text in prose()
            if pattern.search(CITATION.sub("", text)) and "corrections.yml" not in file]
    assert not hits


def _sentences(text: str) -> Iterator[str]:
    text = re.sub(r"^#+ .*$", "", text, flags=re.M)  # headings state no facts
    text = re.sub(r"\[\[[^\]]*\]\]", "", text)
    for block in re.split(r"\n\s*\n", text):
        block = " ".join(block.split())
        # A sentence ends at . ! or ? followed by space and a capital, after its citations.
        yield from (s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", block) if s.strip())


def test_every_sentence_with_a_date_number_or_quotation_is_cited() -> None:
    pattern = re.compile(rf'\d|\b({MONTHS})\b|"')
    uncited = [(file, sentence) for file, text in cited_prose() for sentence in _sentences(text)
               if pattern.search(_facts(sentence)) and not CITATION.search(sentence)]
    assert not uncited


def _facts(sentence: str) -> str:
    """The sentence without citations and without treaty article names ('Article 5' is a name, not a number)."""
    return re.sub(r"\bArticles? \d+", "Article", CITATION.sub("", sentence))


def test_the_checks_above_can_fail() -> None:
    """The sentence rule and the spelling rule, on text that breaks them."""
    pattern = re.compile(rf'\d|\b({MONTHS})\b|"')
    bad = list(_sentences("On 21 November 2025 something happened. Later it was cited [@x]."))
    assert [s for s in bad if pattern.search(_facts(s)) and not CITATION.search(s)] == bad[:1]
    assert not pattern.search(_facts("Modeled on Article 5 [@x]."))
    assert not SpellChecker().known(["wiht"])
