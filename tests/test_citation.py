"""'Cite this page' (build_tools/render/citation.py), exact output for each style."""

from __future__ import annotations

import datetime as dt

from build_tools.render.citation import PageCitation

CITATION = PageCitation("What the text says", "An explainer", dt.date(2026, 11, 7), "https://example.org/x/page/")


def test_apa() -> None:
    assert CITATION.apa == "An explainer. (2026, November 7). What the text says. https://example.org/x/page/"


def test_mla() -> None:
    assert CITATION.mla == "\u201cWhat the text says.\u201d An explainer, 7 Nov. 2026, example.org/x/page/."


def test_bibtex_writes_the_month_as_a_macro_and_escapes_the_title() -> None:
    odd = PageCitation("50% & {more}_", "Site #1", dt.date(2026, 9, 30), "https://example.org/")
    assert CITATION.bibtex == (
        "@misc{an-explainer-what-the-text-says,\n"
        "  title = {What the text says},\n"
        "  author = {{An explainer}},\n"
        "  year = {2026},\n"
        "  month = nov,\n"
        "  howpublished = {\\url{https://example.org/x/page/}},\n"
        "  note = {Last updated 2026-11-07}\n"
        "}"
    )
    assert "  month = sep,\n" in odd.bibtex
    assert "title = {50\\% \\& \\{more\\}\\_}" in odd.bibtex and "author = {{Site \\#1}}" in odd.bibtex
