"""Shared helpers for the popup tests (fixture page and real site)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

POPUP = "#xp-popup"
GRACE_WAIT_MS = 700  # > the 300 ms grace delay in xp.js

# A phone-sized touch screen, for tap tests.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def tip_text(page: Page, trigger) -> str:
    """Text of the tips entry the trigger's aria-describedby names (what the popup shows)."""
    tip_id = (trigger.get_attribute("aria-describedby") or "").split()[0]
    assert tip_id.startswith("xp-tip-"), "trigger is not described by a tips entry"
    return norm(
        page.evaluate(
            "id => { const el = document.getElementById(id); return el ? el.textContent : null; }",
            tip_id,
        )
        or ""
    )


def popup_text(page: Page) -> str:
    return norm(page.locator(POPUP).text_content() or "")


def active_id(page: Page) -> str:
    """A stable description of document.activeElement."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "body";
            return el.tagName + "#" + (el.id || "") + "|" + (el.getAttribute("aria-describedby") || "")
                + "|" + (el.getAttribute("href") || "");
        }"""
    )


def box(locator):
    b = locator.bounding_box()
    assert b is not None, "element has no box"
    return b


def mark_element(locator, name: str = "xp-under-test") -> None:
    locator.evaluate("(el, n) => el.setAttribute('data-xp-test', n)", name)


def assert_hover_cycle(page: Page, trigger) -> None:
    """Hover opens, pointer can move onto the popup, leaving both closes."""
    popup = page.locator(POPUP)
    expected = tip_text(page, trigger)
    assert expected, "the referenced tip element is empty or missing"

    trigger.scroll_into_view_if_needed()
    trigger.hover()
    expect(popup).to_be_visible()
    assert popup_text(page) == expected
    assert popup.get_attribute("role") == "tooltip"

    # Move the pointer onto the popup, crossing the gap: it stays open.
    p = box(popup)
    page.mouse.move(p["x"] + p["width"] / 2, p["y"] + p["height"] / 2, steps=8)
    page.wait_for_timeout(GRACE_WAIT_MS)
    expect(popup).to_be_visible()
    assert popup_text(page) == expected
    # Hovering never moves focus.
    assert active_id(page) == "body"

    # Leave both: it closes.
    vw = page.viewport_size["width"]
    page.mouse.move(vw - 3, 3 if p["y"] > 200 else page.viewport_size["height"] - 3, steps=4)
    page.mouse.move(vw - 2, page.viewport_size["height"] // 2, steps=4)
    expect(popup).to_be_hidden()


def tab_to(page: Page, selector: str, max_tabs: int = 80):
    """Press Tab until document.activeElement matches selector."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return page.locator(":focus")
    raise AssertionError(f"no element matching {selector!r} after {max_tabs} Tab presses")


def assert_keyboard_cycle(page: Page, selector: str = ".xp-term") -> None:
    popup = page.locator(POPUP)
    focused = tab_to(page, selector)
    before = active_id(page)
    expected = tip_text(page, focused)
    expect(popup).to_be_visible()
    assert popup_text(page) == expected

    page.keyboard.press("Escape")
    # Dismissed at once, focus unchanged.
    assert page.evaluate("s => document.querySelector(s).hidden", POPUP) is True
    assert active_id(page) == before
    page.wait_for_timeout(GRACE_WAIT_MS)
    expect(popup).to_be_hidden()
    assert active_id(page) == before
