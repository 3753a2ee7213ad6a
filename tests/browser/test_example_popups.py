"""The example explainer, built from the installed package, has working popups in Chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from .helpers import POPUP, norm


def test_popups_work_on_the_example_built_from_the_installed_package(new_page, serve, example_site: Path) -> None:
    url = serve(example_site, "/ferry-pact/")
    page = new_page()
    page.goto(url + "the-pact/")
    popup = page.locator(POPUP)
    for selector in ("a.xp-term", "a.xp-cite"):
        trigger = page.locator(f"article {selector}").first
        expected = norm(page.evaluate("id => document.getElementById(id).textContent",
                                      trigger.get_attribute("aria-describedby")))
        trigger.hover()
        expect(popup).to_be_visible()
        assert norm(popup.text_content()) == expected
        page.keyboard.press("Escape")
        page.mouse.move(1, 1)
        trigger.focus()
        expect(popup).to_be_visible()
        page.keyboard.press("Escape")
        expect(popup).to_be_hidden()
