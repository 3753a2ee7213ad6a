"""xp.js / xp.css in isolation, on tests/browser/fixtures/popup.html.

The fixture has the markup of build_tools/theme/MARKUP.md (terms, a citation, the hidden
tips block) and a stand-in for Material's ``document$`` observable.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from . import helpers
from .helpers import GRACE_WAIT_MS, POPUP, active_id, box, popup_text, tip_text



@pytest.fixture
def fixture_page(page, fixture_url):
    page.goto(fixture_url + "popup.html")
    expect(page.locator(".xp-term").first).to_be_visible()
    return page


def test_popup_is_created_once_hidden_and_not_focusable(fixture_page):
    page = fixture_page
    popup = page.locator(POPUP)
    assert popup.count() == 1
    assert popup.get_attribute("role") == "tooltip"
    assert popup.get_attribute("tabindex") is None
    # A visual copy only: the triggers' aria-describedby carries the text.
    assert popup.get_attribute("aria-hidden") == "true"
    assert popup.get_attribute("class") == "xp-popup"
    expect(popup).to_be_hidden()
    # The tips block stays hidden on screen.
    expect(page.locator(".xp-tips")).to_be_hidden()
    for sel in ("#t-nato", "#c-1", "#t-art5"):
        page.hover(sel)
        expect(popup).to_be_visible()
    assert page.locator(".xp-popup").count() == 1
    assert page.evaluate("s => document.querySelector(s).querySelectorAll('*').length", POPUP) == 0


def test_hover_then_onto_popup_then_away(fixture_page):
    helpers.assert_hover_cycle(fixture_page, fixture_page.locator("#t-nato"))


def test_hover_citation(fixture_page):
    page = fixture_page
    cite = page.locator(".xp-cite").first
    helpers.assert_hover_cycle(page, cite)


def test_popup_max_width_on_desktop(fixture_page):
    page = fixture_page
    page.hover("#t-nato")
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    p, t = box(popup), box(page.locator("#t-nato"))
    assert p["width"] <= 22 * rem + 0.5, p
    # Left-aligned with the trigger when there is room.
    assert abs(p["x"] - t["x"]) <= 1, (p, t)


def test_wrapped_trigger_popup_does_not_cover_it(new_page, fixture_url):
    page = new_page(**helpers.PHONE)
    page.goto(fixture_url + "popup.html")
    term = page.locator("#t-right")
    assert len(term.evaluate("el => Array.from(el.getClientRects()).map(r => r.top)")) >= 1
    term.tap()
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    t, p = box(term), box(popup)
    assert p["y"] >= t["y"] + t["height"] - 0.5 or p["y"] + p["height"] <= t["y"] + 0.5, (t, p)


def test_hover_switches_between_triggers(fixture_page):
    page = fixture_page
    page.hover("#t-nato")
    expect(page.locator(POPUP)).to_be_visible()
    page.hover("#t-art5")
    assert popup_text(page) == tip_text(page, page.locator("#t-art5"))


def test_keyboard_focus_and_escape(fixture_page):
    page = fixture_page
    helpers.assert_keyboard_cycle(page)
    # Tab on to the citation: popup shows its source.
    focused = helpers.tab_to(page, ".xp-cite")
    expect(page.locator(POPUP)).to_be_visible()
    assert popup_text(page) == tip_text(page, focused)
    # Tab on to an ordinary link: popup closes.
    helpers.tab_to(page, "#plain")
    expect(page.locator(POPUP)).to_be_hidden()


def test_escape_while_hovering_does_not_reopen_until_pointer_leaves(fixture_page):
    page = fixture_page
    popup = page.locator(POPUP)
    b = box(page.locator("#t-nato"))
    page.mouse.move(b["x"] + 3, b["y"] + b["height"] / 2)
    expect(popup).to_be_visible()
    page.keyboard.press("Escape")
    expect(popup).to_be_hidden()
    assert active_id(page) == "body"
    page.mouse.move(b["x"] + b["width"] - 3, b["y"] + b["height"] / 2, steps=3)
    page.wait_for_timeout(200)
    expect(popup).to_be_hidden()
    page.mouse.move(5, 500)
    page.mouse.move(b["x"] + 5, b["y"] + b["height"] / 2)
    expect(popup).to_be_visible()


def test_focus_keeps_popup_when_pointer_leaves(fixture_page):
    page = fixture_page
    popup = page.locator(POPUP)
    helpers.tab_to(page, "#t-nato")
    expect(popup).to_be_visible()
    b = box(page.locator("#t-nato"))
    page.mouse.move(b["x"] + 3, b["y"] + 3)
    page.mouse.move(5, 600, steps=3)
    page.wait_for_timeout(GRACE_WAIT_MS)
    expect(popup).to_be_visible()


def test_touch_first_tap_opens_second_tap_follows(new_page, fixture_url):
    page = new_page(**helpers.PHONE)
    url = fixture_url + "popup.html"
    page.goto(url)
    popup = page.locator(POPUP)
    term = page.locator("#t-nato")
    term.tap()
    expect(popup).to_be_visible()
    assert popup_text(page) == tip_text(page, term)
    page.wait_for_timeout(GRACE_WAIT_MS)
    assert page.url == url
    expect(popup).to_be_visible()
    # The popup fits a phone screen.
    p = box(popup)
    assert p["x"] >= 8 and p["x"] + p["width"] <= 390 - 8 + 0.5
    # Tapping another trigger switches, still without navigating.
    page.locator("#t-art5").tap()
    expect(popup).to_be_visible()
    assert popup_text(page) == tip_text(page, page.locator("#t-art5"))
    assert page.url == url
    # A second tap on the open trigger follows the link.
    page.locator("#t-art5").tap()
    page.wait_for_url("**/glossary.html#article-5")


def test_touch_tap_elsewhere_closes(new_page, fixture_url):
    page = new_page(**helpers.PHONE)
    url = fixture_url + "popup.html"
    page.goto(url)
    popup = page.locator(POPUP)
    page.locator("#c-1").tap()
    expect(popup).to_be_visible()
    # Tapping the popup itself keeps it.
    popup.tap()
    page.wait_for_timeout(GRACE_WAIT_MS)
    expect(popup).to_be_visible()
    page.locator("h1").tap()
    expect(popup).to_be_hidden()
    assert page.url == url


def test_position_below_clamped_and_flipped(new_page, fixture_url):
    page = new_page(viewport={"width": 360, "height": 640})
    page.goto(fixture_url + "popup.html")
    popup = page.locator(POPUP)
    vw, vh = 360, 640

    # Below the trigger by default.
    page.hover("#t-nato")
    expect(popup).to_be_visible()
    t, p = box(page.locator("#t-nato")), box(popup)
    assert p["y"] >= t["y"] + t["height"] - 0.5
    assert p["x"] >= 8 - 0.5 and p["x"] + p["width"] <= vw - 8 + 0.5
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert p["width"] <= 22 * rem + 0.5
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('#xp-popup')).fontSize)") >= 0.8 * rem - 0.01

    # Right-edge trigger: clamped inside the viewport.
    page.mouse.move(5, vh - 5)
    expect(popup).to_be_hidden()
    page.hover("#t-right")
    expect(popup).to_be_visible()
    p = box(popup)
    assert p["x"] >= 8 - 0.5 and p["x"] + p["width"] <= vw - 8 + 0.5

    # A trigger near the bottom of the viewport: the popup flips above.
    page.mouse.move(5, vh - 5)
    expect(popup).to_be_hidden()
    page.evaluate(
        """() => { const el = document.getElementById('t-low');
                   const r = el.getBoundingClientRect();
                   window.scrollBy(0, r.bottom - innerHeight + 20); }"""
    )
    page.hover("#t-low")
    expect(popup).to_be_visible()
    t, p = box(page.locator("#t-low")), box(popup)
    assert p["y"] + p["height"] <= t["y"] + 0.5, (t, p)
    assert p["y"] >= 8 - 0.5
    assert popup.get_attribute("data-xp-placement") == "above"


def test_scroll_repositions(fixture_page):
    page = fixture_page
    popup = page.locator(POPUP)
    helpers.tab_to(page, "#t-nato")
    expect(popup).to_be_visible()
    before = box(popup)["y"]
    page.mouse.wheel(0, 60)
    page.wait_for_function("y => Math.abs(document.querySelector('#xp-popup').getBoundingClientRect().y - y) > 20", arg=before)
    t, p = box(page.locator("#t-nato")), box(popup)
    assert abs(p["y"] - (t["y"] + t["height"])) < 20


def test_document_observable_hides(fixture_page):
    page = fixture_page
    popup = page.locator(POPUP)
    helpers.tab_to(page, "#t-nato")
    expect(popup).to_be_visible()
    page.evaluate("() => window.document$.next(document)")
    expect(popup).to_be_hidden()


def test_tab_order_never_enters_popup(fixture_page):
    page = fixture_page
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("() => !!document.activeElement.closest('#xp-popup')"))
    assert not any(seen)


def _popup_open_in(page, scheme):
    """The NATO popup open, in Material's light ("default") or dark ("slate") scheme."""
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    page.hover("#t-nato")
    expect(page.locator(POPUP)).to_be_visible()
    return page


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_popup_colours_follow_scheme(fixture_page, scheme):
    page = _popup_open_in(fixture_page, scheme)
    colours = page.evaluate(
        """() => { const s = getComputedStyle(document.getElementById('xp-popup'));
                   return [s.color, s.backgroundColor]; }"""
    )
    bg = colours[1]
    assert ("255, 255, 255" in bg) == (scheme == "default"), colours


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_on_open_popup(fixture_page, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = _popup_open_in(fixture_page, scheme)
    results = Axe().run(
        page,
        context={"include": [["#xp-popup"], [".md-typeset p"]]},
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}},
    )
    assert results.violations_count == 0, results.generate_report()
