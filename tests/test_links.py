"""After a build, every internal link and anchor in the HTML resolves.

Checked in every built page (404.html included): `href`/`src` of every element,
the site's own absolute URLs (canonical, OpenGraph, JSON-LD, sitemap.xml) mapped
back to files, fragments to an `id` on the target page, and the ids a page points
to from itself (`aria-describedby`, `aria-labelledby`, `aria-controls`,
`label[for]`). External URLs are checked for form only (an http(s)
scheme and a host, no spaces): there is no network here.
"""

from __future__ import annotations

import html.parser
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from mkdocs.config import load_config

from tests.conftest import ROOT

SITE_URL = load_config(str(ROOT / "mkdocs.yml"))["site_url"] or "https://example.invalid/"
PREFIX = urlsplit(SITE_URL).path  # e.g. /ukraine-security-guarantee/
URL_ATTRIBUTES = {"href", "src", "action", "poster", "data-src"}
ID_ATTRIBUTES = {"aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "for", "list"}
# Material and browsers treat these fragment targets specially.
SPECIAL_FRAGMENTS = {"", "top", "__drawer", "__search"}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    id_refs: list[tuple[str, str, str]] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)


class _Parser(html.parser.HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.page.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.page.links.append((tag, name, value))
            elif name == "content" and re.match(r"^https?://", value):
                self.page.links.append((tag, name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.links.append((tag, name, candidate.split()[0]))
            elif name in ID_ATTRIBUTES:
                for ref in value.split():
                    self.page.id_refs.append((tag, name, ref))
        self._json_ld = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data: str) -> None:
        if self._json_ld:
            self.page.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._json_ld = False


@cache
def parse(path: Path) -> Page:
    page = Page()
    _Parser(page).feed(path.read_text(encoding="utf-8"))
    return page


def page_url(site: Path, path: Path) -> str:
    """The URL a built file is served at (a page's folder URL for index.html)."""
    rel = path.relative_to(site).as_posix()
    rel = rel.removesuffix("index.html")
    return urljoin(SITE_URL, rel)


def target_file(site: Path, url: str) -> Path | None:
    """The built file `url` (an absolute URL on this site) names, or None if it is outside the site."""
    parts = urlsplit(url)
    base = urlsplit(SITE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(PREFIX.rstrip("/")):
        return None
    rel = unquote(parts.path[len(PREFIX):]) if parts.path.startswith(PREFIX) else ""
    candidate = site / rel
    if rel == "" or rel.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


def external_form_ok(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", unquote(parts.path)))
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "." in parts.hostname and not re.search(r"\s", url)


def json_ld_urls(blocks: list[str]) -> list[str]:
    urls: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and re.match(r"^https?://", value):
            urls.append(value)

    for block in blocks:
        walk(json.loads(block))
    return urls


def check_site(site: Path) -> tuple[list[str], int]:
    """(broken links, links checked) over every HTML file and sitemap.xml."""
    broken: list[str] = []
    checked = 0
    html_files = sorted(site.rglob("*.html"))
    assert html_files, f"no HTML in {site}"
    for path in html_files:
        page = parse(path)
        here = page_url(site, path)
        where = path.relative_to(site).as_posix()
        urls = [(f"<{tag} {attr}>", value) for tag, attr, value in page.links]
        urls += [("JSON-LD", value) for value in json_ld_urls(page.json_ld)]
        for what, value in urls:
            checked += 1
            value = value.strip()
            if re.match(r"^data:image/", value, re.I):
                continue  # an inline icon, e.g. the favicon
            if re.match(r"^(data|blob|javascript|vbscript):", value, re.I):
                broken.append(f"{where}: {what} {value[:60]}: a script or data address")
                continue
            absolute = urljoin(here, value)
            target = target_file(site, absolute)
            if target is None:
                if not external_form_ok(absolute):
                    broken.append(f"{where}: {what} {value}: not a well-formed http(s) URL")
                continue
            if not target.is_file():
                broken.append(f"{where}: {what} {value}: no file {target.relative_to(site)}")
                continue
            fragment = unquote(urlsplit(absolute).fragment)
            if fragment in SPECIAL_FRAGMENTS or not target.name.endswith(".html"):
                continue
            if fragment not in parse(target).ids:
                broken.append(f"{where}: {what} {value}: no id '{fragment}' in {target.relative_to(site)}")
        for tag, attr, ref in page.id_refs:
            checked += 1
            if ref not in page.ids:
                broken.append(f"{where}: <{tag} {attr}={ref!r}>: no element with that id on the page")
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
            checked += 1
            target = target_file(site, loc.strip())
            if target is None or not target.is_file():
                broken.append(f"sitemap.xml: {loc} does not resolve to a built page")
    return broken, checked


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    broken, checked = check_site(built_site)
    assert checked > 500, f"only {checked} links found: is the parser seeing the pages?"
    assert broken == [], f"{len(broken)} broken of {checked}:\n" + "\n".join(broken)


def test_every_page_is_reachable_from_the_home_page(built_site: Path) -> None:
    """No page is an island: following internal links from index.html reaches every built page."""
    pages = {p for p in built_site.rglob("index.html")}
    seen: set[Path] = set()
    todo = [built_site / "index.html"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        here = page_url(built_site, path)
        for _, _, value in parse(path).links:
            target = target_file(built_site, urljoin(here, value))
            if target is not None and target.name == "index.html" and target.is_file():
                todo.append(target)
    assert pages - seen == set()


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.nato.int/cps/en/natohq/official_texts_17120.htm", True),
        ("http://example.org/", True),
        ("https://example.org/a b", False),
        ("ftp://example.org/", False),
        ("https:///nohost", False),
        ("mailto:someone@example.org", True),
        ("https://localhost/", False),
    ],
)
def test_external_url_form(url: str, ok: bool) -> None:
    assert external_form_ok(url) is ok


def test_the_checker_finds_broken_links(tmp_path: Path) -> None:
    """The check itself works: a broken page, a missing anchor and a dangling id are reported."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="missing/">x</a> <a href="a/#nowhere">x</a> '
        '<a href="https://example.org/">ext</a> <a href="https://bad host/">bad</a> '
        '<span aria-describedby="tip-1">t</span> <a href="javascript:alert(1)">j</a>')
    (site / "a" / "index.html").write_text('<h2 id="here">Here</h2>')
    broken, checked = check_site(site)
    assert checked == 8
    assert [b.split(":")[1].strip() for b in broken] == [
        '<a href> missing/', '<a href> a/#nowhere', '<a href> https', '<a href> javascript', "<span aria-describedby='tip-1'>"]
