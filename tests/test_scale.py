"""What keeps the build linear at scale behaves as the plain versions did: the term
matcher's white-space handling, page lookup, 'used on' and 'cited on' indexes, and the
synthetic content of benchmarks/ passes the loader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.markup import terms
from build_tools.content.refs import PageRef
from build_tools.markup.extension import ExplainerExtension
from build_tools.content.model import Source, Term
from build_tools.markup.terms import Match, TermMatcher

ROOT = Path(__file__).resolve().parents[1]


def test_whitespace_list_is_what_isspace_accepts() -> None:
    assert terms.WHITESPACE == "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())


# The matcher as it was before the fast path: collapse white space char by char.
def _reference_squeeze(text: str) -> tuple[str, list[int]]:
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


def reference_find(matcher: TermMatcher, text: str) -> list[Match]:
    if matcher._empty or not text:
        return []
    folded = terms._fold(text)
    index = None
    if "\n" in folded or "  " in folded or "\t" in folded:
        folded, index = _reference_squeeze(folded)
    best: dict[int, tuple[int, str]] = {}
    for end, (length, term_id) in matcher._automaton.iter(folded):
        start = end - length + 1
        if start > 0 and terms._is_word(folded[start - 1]) and terms._is_word(folded[start]):
            continue
        if end + 1 < len(folded) and terms._is_word(folded[end + 1]) and terms._is_word(folded[end]):
            continue
        if start not in best or best[start][0] < end:
            best[start] = (end, term_id)
    found, position = [], 0
    for start in sorted(best):
        if start < position:
            continue
        end, term_id = best[start]
        position = end + 1
        found.append(Match(start, end + 1, term_id) if index is None else Match(index[start], index[end] + 1, term_id))
    return found


MATCHER = TermMatcher([
    ("security guarantee", "sg"), ("security guarantees", "sg"), ("security", "s"),
    ("Article 5", "a5"), ("collective defense", "cd"), ("İstanbul talks", "ist"), ("NATO", "nato"),
])
PIECES = ["security", "guarantee", "guarantees", "Article", "5", "51", "collective", "defense", "İstanbul",
          "talks", "NATO", "natos", "x", "-", ",", "ǅ", "ß"]
SPACES = [" ", "  ", "\n", "\t", "\xa0", "\u2009", "\n   ", " \n", "\r\n", "\u3000", ""]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SPACES)), max_size=14))
def test_matching_is_unchanged_by_the_fast_path(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + space for word, space in parts)
    assert list(MATCHER.find(text)) == reference_find(MATCHER, text)


def test_wrapped_and_spaced_terms_keep_their_offsets() -> None:
    text = "A security\nguarantee,  Article\u2009\n 5 and collective\tdefense."
    found = [(text[m.start : m.end], m.term_id) for m in MATCHER.find(text)]
    assert found == [("security\nguarantee", "sg"), ("Article\u2009\n 5", "a5"), ("collective\tdefense", "cd")]
    assert list(MATCHER.find(text)) == reference_find(MATCHER, text)


def _extension() -> ExplainerExtension:
    source = {"id": "s1", "outlet": "O", "title": "T", "date": "2025-11-21", "standing": "reported"}
    sources = {i: Source(**{**source, "id": i}) for i in ("s1", "s2", "s3")}
    return ExplainerExtension({"t": Term(id="t", term="term", definition="d.")}, sources, {})


def test_recording_is_once_per_page_in_first_seen_order() -> None:
    ext = _extension()
    pages = [PageRef(f"P{i}", f"p{i}.md") for i in range(200)]
    for page in pages + pages[::-1]:  # every page twice
        ext.page = page
        ext.record(["t"], ["s2", "s1"] if page.href != "p7.md" else ["s3"])
    assert ext.usage == {"t": pages}
    assert ext.cited["s1"] == [p for p in pages if p.href != "p7.md"]
    assert ext.cited["s3"] == [pages[7]]
    assert ext.cited_on("p0.md") == ["s2", "s1"]
    assert ext.cited_on("p7.md") == ["s3"]
    assert ext.cited_on("nowhere.md") == []


def test_page_lookup_finds_every_page(tmp_path: Path) -> None:
    from build_tools.publish.site import Site

    site = Site(ROOT / "content", site_name="S", site_url="https://example.org/", root=ROOT)
    for page in site.pages:
        assert site.page(page.src_uri) is next(p for p in site.pages if p.src_uri == page.src_uri)
    assert site.page("missing.md") is None


def test_synthetic_content_passes_the_loader(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), str(tmp_path), "--sections", "25", "--terms", "120"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "build_tools", "--content", str(tmp_path / "content"), "check"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "25 sections, 120 terms" in check.stdout
