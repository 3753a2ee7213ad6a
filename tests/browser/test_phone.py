"""On a 390 px phone, the pages that hold wide content read without sideways scrolling."""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("path", ["comparison/", "new-texts/", "core-agreement/", "timeline/"])
def test_no_sideways_scrolling_at_390_px(browser, site_url: str, path: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + path)
    widths = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth,
        view: document.documentElement.clientWidth,
        wide: [...document.querySelectorAll('article *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map(e => e.tagName + '.' + e.className).slice(0, 5),
        scrollers: [...document.querySelectorAll('article *')]
          .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
                       && e.clientWidth > 1 && !['PRE', 'CODE'].includes(e.tagName))  // not a visually hidden header
          .map(e => e.tagName + '.' + e.className).slice(0, 5),
    })""")
    context.close()
    assert widths["page"] <= widths["view"], widths
    assert not widths["wide"], widths
    assert not widths["scrollers"], widths


def test_a_provision_reads_as_a_labelled_card_on_a_phone(browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "comparison/")
    row = page.locator("table.xp-provisions tbody tr").first
    cells = row.locator("td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    label = cells.nth(0).evaluate("e => getComputedStyle(e, '::before').content")
    context.close()
    assert second["y"] >= first["y"] + first["height"] - 1  # stacked, not side by side
    assert first["width"] > 300
    assert label.strip('"') and label != "none"
