"""Privacy: every page loads only from its own origin and sets no cookies.

The `new_page` fixture (conftest.py) records every request; one that leaves 127.0.0.1
fails the test; these tests load every page, use it as a reader would (popups,
palette toggle, search, instant navigation) and check cookies and storage too.
They also check that what Chromium fetches on a first load is exactly what
tests/test_weight.py counts, so the weight budget covers every byte.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.test_weight import first_load, site_pages

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


def _relative(url: str, site_url: str) -> str | None:
    """A request URL as a path relative to the site root; None for data: and the like."""
    if not url.startswith(("http://", "https://")):
        return None
    path = urlsplit(url).path
    prefix = urlsplit(site_url).path
    assert path.startswith(prefix), f"request outside the site: {url}"
    return path[len(prefix):]


def _assert_no_cookies(page) -> None:  # noqa: ANN001
    assert page.context.cookies() == [], "the site set a cookie"
    assert page.evaluate("document.cookie") == ""


def _load(page, url: str) -> None:  # noqa: ANN001
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else '?'}"
    page.wait_for_timeout(300)  # anything Material starts after load


def test_every_page_loads_only_from_its_own_origin_and_fetches_what_the_weight_test_counts(
        new_page, site_dir: Path, site_url: str) -> None:
    """One first load per page and screen, each in a fresh context: no other host (the
    fixture), no cookie, and exactly the files tests/test_weight.py counts, on a desktop
    and on a phone. The pages of one screen load side by side, so their quiet periods
    (no request for 500 ms, then 300 ms more) overlap instead of adding up."""
    pages = site_pages(site_dir)
    assert len(pages) >= 9
    for options in ({}, PHONE):
        opened = []
        for where in [*pages, "404.html"]:
            page = new_page(**options)
            fetched: list[str] = []
            page.on("request", lambda request, fetched=fetched: fetched.append(request.url))
            response = page.goto(site_url + where, wait_until="commit")
            assert response is not None and response.ok, f"/{where}: HTTP {response.status if response else '?'}"
            opened.append((where, page, fetched))
        for _, page, _ in opened:
            page.wait_for_load_state("networkidle")
        opened[-1][1].wait_for_timeout(300)  # anything Material starts after load
        for where, page, fetched in opened:
            page.wait_for_load_state("networkidle")  # nothing started in those 300 ms is still loading
            _assert_no_cookies(page)
            if where != "404.html":  # the weight test budgets pages; 404.html is checked for origin and cookies
                files = {r for r in (_relative(u, site_url) for u in fetched) if r is not None}
                counted = set(first_load(site_dir, where))
                assert files == counted, (
                    f"/{where} ({'phone' if options else 'desktop'}): Chromium fetched {sorted(files - counted)} "
                    f"that the weight test does not count, and the weight test counts {sorted(counted - files)} "
                    "that Chromium did not fetch"
                )
            page.context.close()


def test_reading_a_page_stays_on_the_site(new_page, site_url: str) -> None:
    """Popups, the palette toggle, search and instant navigation: still no other host, no cookie."""
    page = new_page()
    _load(page, site_url + "core-agreement/")
    term = page.locator("article a.xp-term").first
    term.scroll_into_view_if_needed()
    term.hover()
    expect(page.locator("#xp-popup")).to_be_visible()
    toggle = page.locator("form[data-md-component=palette] label:visible").first
    toggle.click()
    page.locator(".md-search__input").click()
    page.keyboard.type("Article 5")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("nav.md-nav--primary a[href$='glossary/']").first.click()
    page.wait_for_url("**/glossary/")
    page.wait_for_load_state("networkidle")
    _assert_no_cookies(page)
    assert not [u for u in page.xp_requests if urlsplit(u).scheme in ("http", "https")
                and urlsplit(u).hostname not in ("127.0.0.1", "localhost")]


@pytest.mark.parametrize("options", [{}, PHONE], ids=["desktop", "phone"])
def test_search_loads_only_when_opened_and_then_works(new_page, site_url: str, options: dict) -> None:
    page = new_page(**options)
    _load(page, site_url + "implications/")
    searched = [u for u in page.xp_requests if "search_index.json" in u or "/workers/search." in u]
    assert searched == [], f"search was loaded before it was opened: {searched}"
    button = page.locator("label.md-header__button[for=__search]")
    (button if button.is_visible() else page.locator(".md-search__input")).click()
    page.keyboard.type("ratification")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert any("search_index.json" in u for u in page.xp_requests)
    assert any("/workers/search." in u for u in page.xp_requests)


def test_search_opens_from_a_shared_query_link(new_page, site_url: str) -> None:
    page = new_page()
    _load(page, site_url + "?q=NATO")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
