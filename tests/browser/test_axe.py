"""axe-core on every built HTML page (404.html included), light and dark."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

AXE_OPTIONS = {
    # Only violations are read: axe then skips the node details of every passing check.
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}
TOGGLE = 'form[data-md-component="palette"] label.md-header__button'


def page_urls(site_dir: Path, site_url: str) -> list[str]:
    urls = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel == "index.html":
            rel = ""
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        urls.append(site_url + rel)
    return urls


def scheme(page) -> str | None:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def switch_to(page, wanted: str) -> None:
    """Use Material's own palette toggle until the body has ``wanted``."""
    for _ in range(4):
        if scheme(page) == wanted:
            break
        before = scheme(page)
        toggle = page.locator(f"{TOGGLE}:visible")
        assert toggle.count() > 0, "no visible palette toggle in the header"
        toggle.first.click()
        page.wait_for_function(
            "s => document.body.getAttribute('data-md-color-scheme') !== s", arg=before
        )
    assert scheme(page) == wanted, f"palette toggle did not reach {wanted!r}"


def format_violations(url: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{url}: [{v['id']}] ({v.get('impact')}) {v['help']}")
        for node in v["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more nodes")
    return "\n".join(lines)


def settle(page) -> None:
    """Wait (up to 3 s) for CSS transitions, e.g. Material's colour fades."""
    try:
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')",
                               timeout=3000)
    except Exception:  # noqa: BLE001 - an endless animation must not hang the run
        pass


# axe checks the page at rest: every scroll a script asks for is instant here (Material
# scrolls the table of contents to the current heading smoothly, toc.follow, 250 ms after
# the page scrolls; its CSS sets no scroll-behavior). Where that scroll left the list once
# mattered: under load it sometimes stopped with links half under the list's sticky title,
# and axe reported target-size on the glossary's contents. The titles no longer stick
# (xp.css; test_no_sidebar_link_slides_under_a_title checks four scroll positions).
INSTANT_SCROLL = """(() => {
    const instant = f => function (...args) {
        if (args[0] && typeof args[0] === "object" && args[0].behavior === "smooth") {
            args[0] = { ...args[0], behavior: "instant" };
        }
        return f.apply(this, args);
    };
    for (const target of [Element.prototype, window]) {
        for (const name of ["scroll", "scrollTo", "scrollBy", "scrollIntoView"]) {
            if (typeof target[name] === "function") target[name] = instant(target[name]);
        }
    }
})()"""


def axe_page(new_page):
    page = new_page()
    page.add_init_script(INSTANT_SCROLL)
    return page


def run_axe(page, context=None) -> list[dict]:
    assert page.evaluate("() => !String(Element.prototype.scrollTo).includes('[native code]')"), \
        "scrolls are not instant: open the page with axe_page"
    settle(page)
    return Axe().run(page, context=context, options=AXE_OPTIONS).response["violations"]


def test_axe_every_page_in_both_palettes(new_page, site_dir, site_url):
    """Each page loaded once and checked in the palette it opened in, then in the other
    (switched with Material's own toggle); the next page opens in the palette left."""
    urls = page_urls(site_dir, site_url)
    assert any(u.endswith("/404.html") for u in urls), "404.html missing from the build"
    assert len(urls) >= 2
    page = axe_page(new_page)
    report = []
    checked: dict[str, set[str]] = {}
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")  # Material's palette script and our popup have run
        first = scheme(page)
        assert first in ("default", "slate"), f"{url}: no palette on the body"
        for palette in (first, "slate" if first == "default" else "default"):
            switch_to(page, palette)
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", palette)
            violations = run_axe(page)
            checked.setdefault(url, set()).add(palette)
            if violations:
                report.append(format_violations(f"{url} ({palette})", violations))
    assert all(found == {"default", "slate"} for found in checked.values()) and len(checked) == len(urls)
    assert not report, "axe violations:\n" + "\n".join(report)


@pytest.mark.parametrize("palette", ["default", "slate"])
def test_axe_with_popup_open(new_page, site_url, palette):
    page = axe_page(new_page)
    url = site_url + "core-agreement/"
    page.goto(url)
    if palette == "slate":
        switch_to(page, "slate")
        page.reload()
    page.hover("article .xp-term >> nth=0")
    expect(page.locator("#xp-popup")).to_be_visible()
    violations = run_axe(page)
    assert not violations, format_violations(url + " (popup open)", violations)


SIDEBARS = {"include": [[".md-sidebar--primary"], [".md-sidebar--secondary"]]}
TARGET_SIZE = {"runOnly": {"type": "rule", "values": ["target-size"]}, "resultTypes": ["violations"]}
SCROLL_SIDEBARS = """share => {
    const scrolling = [...document.querySelectorAll('.md-sidebar__scrollwrap')]
        .filter(wrap => wrap.scrollHeight > wrap.clientHeight + 1);
    for (const wrap of scrolling) wrap.scrollTop = share * (wrap.scrollHeight - wrap.clientHeight);
    return scrolling.length;
}"""


def test_no_sidebar_link_slides_under_a_title(new_page, site_url):
    """In a short desktop window, both side lists scroll (the glossary's contents are long).
    Wherever they are scrolled to, no link is half hidden under a list's title (xp.css)."""
    page = axe_page(new_page)
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(site_url + "glossary/")
    page.wait_for_load_state("load")
    report = []
    for share in (0.1, 0.35, 0.65, 1.0):
        assert page.evaluate(SCROLL_SIDEBARS, share) == 2, "both side lists should scroll at this height"
        violations = Axe().run(page, context=SIDEBARS, options=TARGET_SIZE).response["violations"]
        if violations:
            report.append(format_violations(f"glossary, side lists {share:.0%} down", violations))
    assert not report, "\n".join(report)


# Palette contrast, measured in the browser ----------------------------------

_RESOLVE = """names => {
    const probe = document.createElement('span');
    document.querySelector('article').appendChild(probe);
    const out = {};
    for (const n of names) {
        probe.style.color = `var(${n})`;
        out[n] = getComputedStyle(probe).color;
    }
    probe.remove();
    return out;
}"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    import re

    nums = [float(x) for x in re.findall(r"[\d.]+", css)]
    if css.startswith("color(srgb"):
        r, g, b = (v * 255 for v in nums[:3])
        a = nums[3] if len(nums) > 3 else 1.0
        return r, g, b, a
    r, g, b = nums[:3]
    return r, g, b, nums[3] if len(nums) > 3 else 1.0


def _over(fg, bg):
    a = fg[3]
    return tuple(a * f + (1 - a) * b for f, b in zip(fg[:3], bg[:3])) + (1.0,)


def _lum(c):
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (ch(v) for v in c[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str, under: str = "rgb(255, 255, 255)") -> float:
    b = _over(_rgba(bg), _rgba(under))
    f = _over(_rgba(fg), b)
    hi, lo = sorted((_lum(f), _lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("palette", ["default", "slate"])
def test_palette_contrast(new_page, site_url, palette):
    page = new_page()
    page.goto(site_url + "core-agreement/")
    if palette == "slate":
        switch_to(page, "slate")
        page.reload()
    settle(page)
    v = page.evaluate(
        _RESOLVE,
        [
            "--md-default-bg-color",
            "--md-default-fg-color",
            "--md-typeset-a-color",
            "--md-accent-fg-color",
            "--md-accent-bg-color",
            "--md-primary-fg-color",
            "--md-primary-fg-color--dark",
            "--md-primary-bg-color",
            "--md-primary-bg-color--light",
        ],
    )
    bg = v["--md-default-bg-color"]
    pairs = {
        "link text on page": (v["--md-typeset-a-color"], bg),
        "hover/focus (accent) on page": (v["--md-accent-fg-color"], bg),
        "body text on page": (v["--md-default-fg-color"], bg),
        "header text on header": (v["--md-primary-bg-color"], v["--md-primary-fg-color"]),
        "header light text on header": (v["--md-primary-bg-color--light"], v["--md-primary-fg-color"]),
        "text on primary dark": (v["--md-primary-bg-color"], v["--md-primary-fg-color--dark"]),
        "text on accent (buttons)": (v["--md-accent-bg-color"], v["--md-accent-fg-color"]),
    }
    page.hover("article .xp-term >> nth=0")
    expect(page.locator("#xp-popup")).to_be_visible()
    pairs["popup text"] = tuple(
        page.evaluate(
            "() => { const s = getComputedStyle(document.getElementById('xp-popup'));"
            " return [s.color, s.backgroundColor]; }"
        )
    )
    low = {
        name: round(contrast(fg, b, under=bg), 2)
        for name, (fg, b) in pairs.items()
        if contrast(fg, b, under=bg) < 4.5
    }
    assert not low, f"{palette}: below 4.5:1: {low}"
