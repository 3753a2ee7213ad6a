"""Print: a section prints as clean text.

Chromium renders each section with print media (emulation, for the layout
checks) and as a PDF (page.pdf, whose text pypdf reads back): no navigation,
header, search or palette toggle; the trigger-clause callout whole; the glossary
terms used on the page listed with their definitions; the sources with their URLs
written out.
"""

from __future__ import annotations

import io
import re

import pytest
from mkdocs.config import load_config
from pypdf import PdfReader

from build_tools.publish.site import Site
from tests.conftest import ROOT

SCREEN_ONLY = {
    "header": ".md-header",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "palette toggle": "[data-md-component=palette]",
    "footer navigation": ".md-footer",
    "back-to-top button": ".md-top",
    "skip link": ".md-skip",
    "popup": "#xp-popup",
}
SCREEN_ONLY_TEXT = ("Skip to content", "Switch to dark mode", "Switch to light mode", "Back to top", "Table of contents")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def squash(text: str) -> str:
    """No whitespace at all: for URLs that wrap across lines on paper."""
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def content():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return Site(ROOT / "content", site_name=config["site_name"], site_url=config["site_url"], root=ROOT).content


@pytest.fixture(scope="module")
def sections(content) -> list[str]:  # noqa: ANN001
    return [s.slug for s in content.sections]


def printed(new_page, url: str):  # noqa: ANN001, ANN201
    page = new_page(viewport={"width": 800, "height": 1100})
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    return page


def visible(page, selector: str) -> list[bool]:  # noqa: ANN001
    return page.eval_on_selector_all(
        selector,
        "els => els.map(el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})"
        " && el.getBoundingClientRect().height > 0)",
    )


def pdf_text(page) -> str:  # noqa: ANN001
    data = page.pdf(format="A4", print_background=False)
    assert data.startswith(b"%PDF"), "page.pdf() gave no PDF"
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    # Layout mode reads each page top to bottom, as printed (the default order
    # follows the drawing order, which interleaves blocks).
    return "\n".join(p.extract_text(extraction_mode="layout") or "" for p in reader.pages)


def test_each_section_prints_clean_text_with_the_terms_and_sources_it_uses(
        new_page, site_url: str, content, sections: list[str]) -> None:  # noqa: ANN001
    """Each section loaded once with print media: what shows, what the PDF says, what the block lists."""
    for slug in sections:
        page = printed(new_page, site_url + f"{slug}/")
        check_screen_parts_hidden(page, slug)
        check_terms_and_sources_block(page, slug, content)
        check_pdf_text(page, slug, content)
        page.context.close()


def check_screen_parts_hidden(page, slug: str) -> None:  # noqa: ANN001
    for name, selector in SCREEN_ONLY.items():
        shown = visible(page, selector)
        assert not any(shown), f"/{slug}/: the {name} ({selector}) shows in print"
    assert all(visible(page, "article.md-content__inner")), f"/{slug}/: the article does not print"
    assert all(visible(page, "article h1")), f"/{slug}/: the title does not print"


def check_pdf_text(page, slug: str, content) -> None:  # noqa: ANN001
    section = next(s for s in content.sections if s.slug == slug)
    used = page.eval_on_selector_all(
        "article a.xp-term", "els => els.map(el => el.getAttribute('aria-describedby').replace('xp-tip-term-', ''))"
    )
    cited = page.eval_on_selector_all(
        "article a.xp-cite", "els => els.map(el => el.getAttribute('aria-describedby').replace('xp-tip-src-', ''))"
    )
    assert used and cited, f"/{slug}/ has no terms or citations to check"
    text = norm(pdf_text(page))
    flat = squash(text)
    assert norm(section.title) in text
    for label in SCREEN_ONLY_TEXT:
        assert label not in text, f"/{slug}/: {label!r} is printed"
    assert content.strings["tips_terms_title"] in text
    assert content.strings["tips_sources_title"] in text
    terms = {t.id: t for t in content.terms}
    for term_id in dict.fromkeys(used):
        term = terms[term_id]
        assert squash(term.definition) in flat, f"/{slug}/: the definition of {term.term!r} is not printed"
    for source_id in dict.fromkeys(cited):
        source = content.sources[source_id]
        assert squash(source.title) in flat, f"/{slug}/: source {source_id} is not printed"
        if source.url:
            assert squash(source.url) in flat, f"/{slug}/: the URL of {source_id} is not written out"


def check_terms_and_sources_block(page, slug: str, content) -> None:  # noqa: ANN001
    assert all(visible(page, "aside.xp-tips")), f"/{slug}/: the terms and sources block does not print"
    used = page.eval_on_selector_all("article a.xp-term", "els => els.map(el => el.getAttribute('aria-describedby'))")
    listed = page.eval_on_selector_all("aside.xp-tips dd[id]", "els => els.map(el => el.id)")
    assert sorted(set(used)) == sorted(listed), f"/{slug}/: terms used and terms listed differ"
    assert all(visible(page, "aside.xp-tips dt")) and all(visible(page, "aside.xp-tips dd"))
    for item in page.locator("aside.xp-tips li[id^='xp-tip-src-']").all():
        source = content.sources[item.get_attribute("id").removeprefix("xp-tip-src-")]
        line = norm(item.inner_text())
        assert source.title in line and source.outlet in line
        if source.url:
            assert source.url in line, f"{source.id}: URL not written out in print"


def test_printed_callout_is_whole(new_page, site_url: str, content) -> None:  # noqa: ANN001
    holder = next(s.slug for s in content.sections if "[[quote:trigger-clause]]" in s.body)
    page = printed(new_page, site_url + f"{holder}/")
    figure = page.locator("figure.xp-quote#trigger-clause")
    assert figure.count() == 1
    for part in ("figure.xp-quote", ".xp-quote__text", ".xp-quote__attribution", ".xp-quote__words dt",
                 ".xp-quote__words dd", ".xp-compare__col", ".xp-compare__differences li"):
        shown = visible(page, part)
        assert shown and all(shown), f"{part} does not print"
    clipped = page.eval_on_selector_all(
        "figure.xp-quote, figure.xp-quote *, figure.xp-provision, figure.xp-provision *",
        "els => els.filter(el => { const s = getComputedStyle(el);"
        " return /hidden|clip|scroll|auto/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1; })"
        ".map(el => el.className || el.tagName)",
    )
    assert not clipped, f"parts of the callout are cut off in print: {clipped}"
    box = figure.bounding_box()
    assert box and box["width"] > 400, "the callout prints narrower than the text"
    trigger = content.quotes["trigger-clause"]
    quote = norm(trigger.text)
    assert quote in norm(figure.inner_text())
    text = norm(pdf_text(page))
    for word in trigger.annotations:
        assert word in text
    assert squash(quote) in squash(text), "the trigger clause is not printed whole"
    article5 = content.documents[trigger.compare.document].text
    assert squash(article5.split("\n")[0]) in squash(text), "Article 5 is not printed"
    # Each attribution prints right after the words it attributes, before the other text.
    assert squash(text).index(squash("Draft US security guarantee, 21 November 2025")) < squash(text).index(squash(article5[:60]))
