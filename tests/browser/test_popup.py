"""Glossary / citation popups on the real, built site (Material + xp.js)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from . import helpers
from .helpers import POPUP, box, popup_text, tip_text

CONTENT = "article.md-content__inner"


def _open(page, url):
    page.goto(url)
    expect(page.locator(CONTENT)).to_be_visible()
    # xp.js has run: it creates the shared popup at start-up.
    expect(page.locator(POPUP)).to_have_count(1)
    expect(page.locator(POPUP)).to_be_hidden()


@pytest.fixture
def core_url(site_url):
    return site_url + "core-agreement/"


# (a) ---------------------------------------------------------------------


def test_hover_opens_popup_which_is_hoverable(page, core_url):
    _open(page, core_url)
    term = page.locator(f"{CONTENT} .xp-term").first
    helpers.assert_hover_cycle(page, term)


# (b) ---------------------------------------------------------------------


def test_keyboard_focus_opens_escape_closes_keeps_focus(page, core_url):
    _open(page, core_url)
    page.locator("body").focus()
    helpers.assert_keyboard_cycle(page, f"{CONTENT} .xp-term")
    # Tab on: leaving the term closes the popup (unless the next stop is a trigger).
    page.keyboard.press("Tab")
    is_trigger = page.evaluate("() => !!document.activeElement.closest('[aria-describedby^=\"xp-tip-\"]')")
    if is_trigger:
        expect(page.locator(POPUP)).to_be_visible()
        assert popup_text(page) == tip_text(page, page.locator(":focus"))
    else:
        expect(page.locator(POPUP)).to_be_hidden()


def test_hover_opens_popup_after_escape_dismissed_keyboard_one(page, core_url):
    """Escape mutes hover only for the trigger under the pointer: a popup opened by
    focus and dismissed while the pointer is elsewhere reopens on the first hover."""
    _open(page, core_url)
    popup = page.locator(POPUP)
    page.mouse.move(2, page.viewport_size["height"] - 2)  # the pointer: not on a trigger
    page.locator("body").focus()
    helpers.tab_to(page, f"{CONTENT} .xp-term")
    helpers.mark_element(page.locator(":focus"))
    term = page.locator("[data-xp-test=xp-under-test]")
    expect(popup).to_be_visible()
    page.keyboard.press("Escape")
    expect(popup).to_be_hidden()
    term.hover()
    expect(popup).to_be_visible(timeout=2_000)
    assert popup_text(page) == tip_text(page, term)
    # Focus stayed on the term throughout.
    assert page.evaluate("() => document.activeElement.dataset.xpTest") == "xp-under-test"


# (c) ---------------------------------------------------------------------


def _tap_first(new_page, url, selector):
    """On a phone, tap the first `selector`: its popup opens and the page stays."""
    page = new_page(**helpers.PHONE)
    _open(page, url)
    trigger = page.locator(f"{CONTENT} {selector}").first
    trigger.scroll_into_view_if_needed()
    trigger.tap()
    expect(page.locator(POPUP)).to_be_visible()
    assert popup_text(page) == tip_text(page, trigger)
    page.wait_for_timeout(800)
    assert page.url == url
    return page, trigger


def test_phone_tap_opens_without_navigating(new_page, core_url):
    page, _ = _tap_first(new_page, core_url, ".xp-term")
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    p = box(popup)
    assert p["x"] >= 8 - 0.5 and p["x"] + p["width"] <= 390 - 8 + 0.5, p
    assert p["y"] >= 0 and p["y"] + p["height"] <= 844, p
    # A tap elsewhere (plain text) closes it, still on the same page.
    page.locator(f"{CONTENT} h1").tap()
    expect(popup).to_be_hidden()
    assert page.url == core_url


def test_phone_second_tap_follows_link(new_page, core_url, site_url):
    page = new_page(**helpers.PHONE)
    _open(page, core_url)
    term = page.locator(f"{CONTENT} .xp-term").first
    href = term.get_attribute("href")
    term.scroll_into_view_if_needed()
    term.tap()
    expect(page.locator(POPUP)).to_be_visible()
    assert page.url == core_url
    term.tap()
    target = urljoin(core_url, href)
    page.wait_for_url(target)
    assert urlsplit(page.url).path == urlsplit(site_url + "glossary/").path


# (d) ---------------------------------------------------------------------


def test_citation_hover_opens_popup(page, core_url):
    _open(page, core_url)
    cite = page.locator(f"{CONTENT} .xp-cite").first
    helpers.assert_hover_cycle(page, cite)


def test_citation_tap_opens_popup(new_page, core_url):
    page, _ = _tap_first(new_page, core_url, ".xp-cite")
    expect(page.locator(POPUP)).to_be_visible()


def test_citation_keyboard(page, core_url):
    _open(page, core_url)
    page.locator("body").focus()
    helpers.assert_keyboard_cycle(page, f"{CONTENT} .xp-cite")


# (e) ---------------------------------------------------------------------


def _nav_link(page):
    """The primary navigation's link to /implications/."""
    link = page.locator('.md-nav--primary a.md-nav__link[href*="implications/"]').first
    expect(link).to_be_attached()
    return link


def _instant_navigate_to_implications(page, site_url):
    page.evaluate("() => { window.__xpNoReload = true; }")
    old_h1 = page.locator(f"{CONTENT} h1").text_content()
    link = _nav_link(page)
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(site_url + "implications/")
    expect(page.locator(f"{CONTENT} h1")).not_to_have_text(old_h1)
    assert page.evaluate("() => window.__xpNoReload === true"), (
        "navigation was a full reload, not Material's instant navigation"
    )


def test_popup_works_after_instant_navigation(page, instant_site_url):
    site_url = instant_site_url
    _open(page, site_url + "core-agreement/")
    page.hover(f"{CONTENT} .xp-term >> nth=0")
    expect(page.locator(POPUP)).to_be_visible()
    _instant_navigate_to_implications(page, site_url)
    expect(page.locator(POPUP)).to_be_hidden()
    assert page.locator(POPUP).count() == 1
    term = page.locator(f"{CONTENT} .xp-term").first
    helpers.assert_hover_cycle(page, term)
    # Keyboard and citations keep working too.
    page.locator("body").focus()
    helpers.assert_keyboard_cycle(page, f"{CONTENT} [aria-describedby^='xp-tip-']")


def test_instant_navigation_hides_open_popup(page, instant_site_url):
    site_url = instant_site_url
    _open(page, site_url + "core-agreement/")
    page.locator("body").focus()
    helpers.tab_to(page, f"{CONTENT} .xp-term", max_tabs=200)
    expect(page.locator(POPUP)).to_be_visible()
    page.evaluate("() => { window.__xpNoReload = true; }")
    old_h1 = page.locator(f"{CONTENT} h1").text_content()
    # Follow a nav link without moving focus (HTMLElement.click()).
    _nav_link(page).evaluate("el => el.click()")
    page.wait_for_url(site_url + "implications/")
    expect(page.locator(f"{CONTENT} h1")).not_to_have_text(old_h1)
    expect(page.locator(POPUP)).to_be_hidden()
    assert page.evaluate("() => window.__xpNoReload === true")


def test_phone_tap_after_instant_navigation(new_page, instant_site_url):
    site_url = instant_site_url
    page = new_page(**helpers.PHONE)
    _open(page, site_url + "core-agreement/")
    page.evaluate("() => { window.__xpNoReload = true; }")
    old_h1 = page.locator(f"{CONTENT} h1").text_content()
    _nav_link(page).evaluate("el => el.click()")
    page.wait_for_url(site_url + "implications/")
    expect(page.locator(f"{CONTENT} h1")).not_to_have_text(old_h1)
    term = page.locator(f"{CONTENT} .xp-term").first
    term.scroll_into_view_if_needed()
    term.tap()
    expect(page.locator(POPUP)).to_be_visible()
    page.wait_for_timeout(800)
    assert page.url == site_url + "implications/"
    assert page.evaluate("() => window.__xpNoReload === true")


# (f) ---------------------------------------------------------------------


def test_without_javascript_terms_link_to_glossary(new_page, core_url, site_url):
    page = new_page(java_script_enabled=False)
    page.goto(core_url)
    terms = page.locator(f"{CONTENT} .xp-term")
    assert terms.count() > 0, "no .xp-term on /core-agreement/"
    glossary = site_url + "glossary/"
    wanted = []
    for i in range(terms.count()):
        t = terms.nth(i)
        assert t.evaluate("el => el.tagName") == "A"
        href = t.get_attribute("href")
        assert href, f"term {i} has no href"
        url = urljoin(core_url, href)
        parts = urlsplit(url)
        assert url.split("#")[0] == glossary, f"{href!r} resolves to {url}, not {glossary}#…"
        assert parts.fragment, f"{href!r} has no #id"
        wanted.append(parts.fragment)
    # No popup without JS; the tips block stays hidden on screen.
    assert page.locator(POPUP).count() == 0
    expect(page.locator(".xp-tips").first).to_be_hidden()

    page.goto(glossary)
    ids = set(page.evaluate("() => Array.from(document.querySelectorAll('[id]'), e => e.id)"))
    missing = sorted(set(wanted) - ids)
    assert not missing, f"glossary page lacks ids: {missing}"


# Static checks over every built page --------------------------------------


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.triggers: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if a.get("aria-describedby", "").startswith("xp-tip-"):
            a["_tag"] = tag
            self.triggers.append(a)


def _parse(path: Path) -> _Collect:
    c = _Collect()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def test_every_trigger_references_a_tip_and_a_real_target(site_dir, site_url):
    prefix = urlsplit(site_url).path  # site_url's path: 404.html links absolutely
    pages = sorted(site_dir.rglob("*.html"))
    assert pages
    problems = []
    parsed = {p: _parse(p) for p in pages}
    by_url = {"/" + str(p.relative_to(site_dir)).replace("\\", "/"): c for p, c in parsed.items()}
    n = 0
    for path, c in parsed.items():
        rel = "/" + str(path.relative_to(site_dir))
        for t in c.triggers:
            n += 1
            tip = t["aria-describedby"]
            if tip not in c.ids:
                problems.append(f"{rel}: aria-describedby={tip!r} has no element with that id")
            if t.get("class") not in ("xp-term", "xp-cite"):
                problems.append(f"{rel}: trigger {tip!r} has class {t.get('class')!r}, not xp-term or xp-cite")
            if t["_tag"] != "a" or not t.get("href"):
                problems.append(f"{rel}: trigger {tip!r} is not a link with href")
                continue
            url = urljoin("http://x" + rel, t["href"])
            parts = urlsplit(url)
            path = parts.path
            if prefix != "/" and path.startswith(prefix):
                path = "/" + path[len(prefix):]
            target_path = path + ("index.html" if path.endswith("/") else "")
            target = by_url.get(target_path)
            if target is None:
                problems.append(f"{rel}: {t['href']!r} -> {target_path} is not a built page")
            elif parts.fragment not in target.ids:
                problems.append(f"{rel}: {t['href']!r}: no id {parts.fragment!r} on {target_path}")
    assert n > 0, "no popup triggers anywhere in the site"
    assert not problems, "\n".join(problems[:50])
