"""Content is text, not code: script payloads in every plain-text field never run.

A copy of the content gets `<script>window.__pwned=1</script>` and
`<img src=x onerror='window.__pwned=1'>` in its titles, summaries, key points,
definitions, aliases, notes, outlet names and source titles, the quotes' texts,
attributions and notes, the documents, the provisions table, the timeline, the
updates log, the corrections and some UI labels, and `</script>` in every definition and section title (they land
in JSON-LD). The copy is built with `mkdocs build --strict`, then every page is
opened in Chromium, every popup trigger hovered and focused, the search run and
an instant navigation followed. `window.__pwned` must stay undefined and each
payload must show as typed: in the page text, the popups, <title> and the meta tags.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.config import load_config
from playwright.sync_api import expect

from tests.conftest import copy_project, mkdocs_build

from .helpers import POPUP, norm

SCRIPT = "<script>window.__pwned=1</script>"
# Single quotes: a double-quoted attribute would be a quotation, which the build checks
# against the sources' excerpts and refuses before any page is written.
IMG = "<img src=x onerror='window.__pwned=1'>"
BOTH = f"{SCRIPT} {IMG}"
END = "</script>"
SUMMARY_LIMIT = 200


def _fit(text: str, extra: str, limit: int) -> str:
    return text[: limit - len(extra)].rstrip() + extra


def _rewrite(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000), encoding="utf-8")


def add_payloads(content: Path) -> dict[str, str]:
    """Put the payloads into every kind of text field; return the section titles and summaries by slug."""

    def explainer(d: dict) -> None:
        d["title"] += " " + BOTH
        d["description"] = _fit(d["description"], " " + IMG, SUMMARY_LIMIT)
        for key in ("status", "method", "corrections_policy"):
            d[key] += " " + BOTH
        for key in ("key_points", "known", "unknown"):
            d[key][0] += " " + BOTH

    def glossary(d: dict) -> None:
        for term in d["terms"]:
            term["definition"] = f"Definition of {term['term']}: {SCRIPT} {IMG} {END} end."
        d["terms"][0]["aliases"] = [*d["terms"][0].get("aliases", []), f"alias {IMG}"]
        d["terms"][1]["note"] = "A note " + BOTH

    def sources(d: dict) -> None:
        for source in d["sources"]:
            source["outlet"] += " " + IMG
            source["title"] += " " + SCRIPT
            if source.get("via"):
                source["via"] += " " + BOTH
            # A quote's text must be in its source's excerpts: the payload goes there too.
            source["excerpts"] = [(e if isinstance(e, str) else e["text"]) + " " + BOTH for e in source.get("excerpts", [])]

    def quotes(d: dict) -> None:
        quote = d["quotes"][0]
        quote["text"] += " " + BOTH
        quote["attribution"]["who"] += " " + BOTH
        quote["attribution"]["outlet"] += " " + IMG
        for word in quote.get("annotations", {}):
            quote["annotations"][word] += " " + BOTH
        if quote.get("paraphrase_note"):
            quote["paraphrase_note"] += " " + BOTH
        if quote.get("compare", {}).get("differences"):
            quote["compare"]["differences"][0] += " " + BOTH

    def documents(d: dict) -> None:
        for document in d["documents"]:
            document["title"] += " " + BOTH
            document["short"] = _fit(document["short"], " " + IMG[:20], 40)
            document["status"]["text"] += " " + BOTH

    def provisions(d: dict) -> None:
        row = d["provisions"][0]
        row["label"] += " " + BOTH
        column = d["columns"][0]
        row["cells"][column] += " " + BOTH

    def first(key: str, *fields: str):
        def change(d: dict) -> None:
            for name in fields:
                d[key][0][name] += " " + BOTH
        return change

    def strings(d: dict) -> None:
        for key in ("tips_terms_title", "glossary_intro", "last_updated"):
            if key in d:
                d[key] += " " + BOTH

    _rewrite(content / "explainer.yml", explainer)
    _rewrite(content / "glossary.yml", glossary)
    _rewrite(content / "sources.yml", sources)
    _rewrite(content / "quotes.yml", quotes)
    _rewrite(content / "documents.yml", documents)
    _rewrite(content / "provisions.yml", provisions)
    _rewrite(content / "timeline.yml", first("events", "text"))
    _rewrite(content / "updates.yml", first("updates", "title", "text"))
    _rewrite(content / "corrections.yml", first("corrections", "claim", "why"))
    _rewrite(content / "strings" / "en.yml", strings)

    sections: dict[str, str] = {}
    for path in sorted((content / "sections").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        meta["title"] += f" {BOTH} {END}"
        meta["summary"] = _fit(meta["summary"], f" {IMG} {END}", SUMMARY_LIMIT)
        meta["key_points"][0] += " " + BOTH
        sections[meta["slug"]] = meta
        path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100_000)
                        + "---\n" + body, encoding="utf-8")
    return sections


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    project = copy_project(tmp_path_factory.mktemp("injection") / "project")
    sections = add_payloads(project / "content")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, sections


@pytest.fixture(scope="module")
def injected_url(injected, serve) -> str:
    site, _ = injected
    prefix = urlsplit(load_config(str(Path(__file__).resolve().parents[2] / "mkdocs.yml"))["site_url"] or "/").path
    return serve(site, prefix or "/")


def pages(site: Path) -> list[str]:
    found = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    return [("" if p == "./" else p) for p in found] + ["404.html"]


def test_the_built_html_holds_no_live_payload(injected) -> None:
    """Before any browser: the payloads are escaped in every file the build wrote."""
    site, _ = injected
    files = [*site.rglob("*.html"), *site.rglob("*.json"), *site.rglob("*.xml")]
    assert len(files) > 10
    for file in files:
        text = file.read_text(encoding="utf-8")
        for live in (SCRIPT, "<img src=x"):  # a tag start; quotes in text are harmless
            assert live not in text, f"{file.relative_to(site)} holds {live!r} unescaped"
    glossary = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', glossary, flags=re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    descriptions = [t["description"] for node in data["@graph"] for t in node.get("hasDefinedTerm", [])]
    assert descriptions and all(f"{SCRIPT} {IMG} {END} end." in d for d in descriptions)


TRAP = """
window.__xp_attempts = [];
Object.defineProperty(window, "__pwned", {
  configurable: false,
  get() { return undefined; },
  set(value) { window.__xp_attempts.push(String(value)); },
});
"""


TRIGGERS = "document.querySelectorAll(\"article [aria-describedby^='xp-tip-']\")"
TIP_TEXTS = f"""() => [...{TRIGGERS}].map(t =>
    (document.getElementById(t.getAttribute('aria-describedby').split(' ')[0]) || {{}}).textContent || '')"""
# The popup's text if it is shown (not hidden, with a box), else null.
SHOWN = """() => { const p = document.getElementById('xp-popup');
    return p && !p.hidden && p.checkVisibility() && p.getBoundingClientRect().height > 0 ? p.textContent : null; }"""
# Trigger i focused (as Playwright's focus() does): what the popup shows; then Escape closes
# it and the trigger is blurred again. Then the trigger scrolled to the middle of the
# viewport, for the hover: the centre of its first line box, and whether that point hits
# the trigger (as Playwright's hover checks before it moves the mouse).
FOCUS_THEN_AIM = f"""i => {{ const t = {TRIGGERS}[i]; t.focus();
    const focused = ({SHOWN})();
    document.dispatchEvent(new KeyboardEvent('keydown', {{key: 'Escape', bubbles: true}}));
    t.blur();
    t.scrollIntoView({{block: 'center', inline: 'center', behavior: 'instant'}});
    const r = t.getClientRects()[0], x = r.left + r.width / 2, y = r.top + r.height / 2;
    return {{focused, x, y, hit: t.contains(document.elementFromPoint(x, y))}}; }}"""


def assert_nothing_ran(page) -> None:
    assert page.evaluate("window.__xp_attempts") == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    planted = page.evaluate("""() => [
        ...document.querySelectorAll('img[src="x"], [onerror], [onclick], [onmouseover], [onfocus]'),
        ...[...document.scripts].filter(s => s.type !== 'application/ld+json' && s.textContent.includes('__pwned')),
    ].map(e => e.outerHTML.slice(0, 120))""")
    assert planted == []


def assert_payloads_are_text(page) -> None:
    """Every payload in the rendered text is whole: nothing of it was taken as markup."""
    text = page.evaluate("document.body.innerText")
    live = text.count("window.__pwned=1")
    whole = text.count(SCRIPT) + text.count(IMG)
    assert live == whole, f"{live - whole} payloads shown only in part"


@pytest.mark.parametrize("path", ["", "core-agreement/", "implications/", "challenges/", "new-texts/", "where-it-stands/",
                                  "glossary/", "sources/", "timeline/", "comparison/", "about/", "404.html"])
def test_no_payload_runs_and_every_payload_shows_as_typed(new_page, injected, injected_url, path) -> None:
    site, sections = injected
    assert path in pages(site)
    page = new_page()
    page.add_init_script(TRAP)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append("dialog: " + dialog.message), dialog.dismiss()))
    page.goto(injected_url + path)
    expect(page.locator("article")).to_be_visible()
    assert_nothing_ran(page)
    assert_payloads_are_text(page)
    assert "window.__pwned=1" in page.evaluate("document.body.innerText") or path == "404.html"

    slug = path.strip("/")
    if slug in sections:
        meta = sections[slug]
        assert page.title().startswith(meta["title"] + " - ")
        heading = page.evaluate("""() => { const h = document.querySelector('article h1').cloneNode(true);
            h.querySelectorAll('.headerlink').forEach(a => a.remove()); return h.textContent; }""")
        assert norm(heading) == norm(meta["title"])
        assert page.locator('meta[name="description"]').get_attribute("content") == meta["summary"]
        og_title = page.locator('meta[property="og:title"]')
        if og_title.count():
            assert meta["title"] in og_title.get_attribute("content")
        header = norm(page.locator(".md-header__topic").last.text_content())
        assert header == norm(meta["title"])
    for block in page.locator('script[type="application/ld+json"]').all():
        json.loads(block.text_content())  # `</script>` in a field did not cut the block short

    # Every popup: focus it, then hover it (real pointer input); the popup shows the tip's text,
    # payload included, as text. Three round trips a trigger: pages carry hundreds of them.
    expected_texts = [norm(t) for t in page.evaluate(TIP_TEXTS)]
    count = len(expected_texts)
    assert count > 0 or path in ("404.html", "sources/")  # the sources page cites nothing: it is the list
    seen_payload = False
    for index, expected in enumerate(expected_texts):
        step = page.evaluate(FOCUS_THEN_AIM, index)
        assert norm(step["focused"]) == expected, f"focus on trigger {index}"
        assert step["hit"], f"trigger {index} is covered at its own centre: {step}"
        page.mouse.move(step["x"], step["y"])  # real pointer input: the popup opens on hover
        assert norm(page.evaluate(SHOWN)) == expected, f"hover on trigger {index}"
        seen_payload = seen_payload or SCRIPT in expected or IMG in expected
    if count:
        assert seen_payload, "no popup on this page carried a payload"
    assert_nothing_ran(page)
    assert errors == []


def test_search_results_show_payloads_as_text(new_page, injected_url) -> None:
    page = new_page()
    page.add_init_script(TRAP)
    page.goto(injected_url)
    expect(page.locator("article")).to_be_visible()
    page.locator(".md-search__input").click()
    page.keyboard.type("draft")  # in titles, summaries and text that carry payloads
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result")).to_contain_text(SCRIPT)
    assert_nothing_ran(page)
    assert_payloads_are_text(page)


def test_instant_navigation_keeps_payloads_inert(new_page, injected, injected_url) -> None:
    _, sections = injected
    page = new_page()
    page.add_init_script(TRAP)
    page.goto(injected_url)
    expect(page.locator("article")).to_be_visible()
    page.locator('.md-nav--primary a[href$="core-agreement/"]').first.click()
    expect(page).to_have_url(re.compile(r"core-agreement/$"))
    # The new page's own title (the home page's carries the payload too): the swap is done.
    expect(page.locator("article h1")).to_contain_text(sections["core-agreement"]["title"])
    page.locator("article .xp-term").first.hover()
    expect(page.locator(POPUP)).to_contain_text(SCRIPT)
    assert_nothing_ran(page)
    assert_payloads_are_text(page)
