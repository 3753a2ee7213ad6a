"""Page weight: the first load of every page, gzipped, from the built files.

A first load is the page's HTML and everything it makes the browser fetch: the
stylesheets (print ones too: Chromium fetches them at low priority), scripts,
icons, images, files the CSS points at (fonts, images) and what Material's script
fetches by itself at start-up (sitemap.xml always; the search worker and index
unless the lazy-search wrapper in build_tools/theme/main.html defers them). What Chromium
really fetches is checked against `first_load()` in tests/browser/test_privacy.py.

Budget (issue 3): at most 80 KiB gzipped for any page.
"""

from __future__ import annotations

import gzip
import html.parser
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

BUDGET = 80 * 1024
METADATA_BUDGET = 1536  # OpenGraph/Twitter tags and JSON-LD, gzipped, per page
GZIP_LEVEL = 6  # `gzip`'s and most servers' default
LAZY_SEARCH_MARKER = "xpLazy"  # in build_tools/theme/main.html's lazy-search wrapper
SEARCH_WORKER = re.compile(r'"search":\s*"([^"]+)"')


def gz(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


class _Refs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.search_form = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = {k: v or "" for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and rel & {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest"}:
            self.refs.append(a.get("href", ""))
        elif tag in ("script", "img", "iframe", "video", "audio", "source", "embed") and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "form" and a.get("name") == "search":
            self.search_form = True


def page_file(site: Path, page: str) -> Path:
    """'' -> index.html; 'glossary/' -> glossary/index.html."""
    return site / page / "index.html" if page else site / "index.html"


def _resolve(site: Path, base: str, ref: str) -> str | None:
    """A reference as a path relative to the site root; None for data: and the like."""
    parts = urlsplit(ref)
    if parts.scheme in ("data", "blob", "about", "javascript") or not ref:
        return None
    if parts.scheme or parts.netloc:
        return ref  # off-site: kept as is, so the privacy tests see it
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path)) if not path.startswith("/") else path.lstrip("/")
    return "" if joined == "." else joined


def first_load(site: Path, page: str) -> dict[str, int]:
    """Paths (relative to the site root; the page itself as `page`) -> gzipped bytes."""
    html_path = page_file(site, page)
    text = html_path.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(text)
    base = (page or "") + "index.html"
    loads: dict[str, int] = {page: gz(html_path.read_bytes())}
    queue = [r for r in (_resolve(site, base, ref) for ref in parser.refs) if r is not None]
    if "assets/javascripts/bundle." in text:
        queue.append("sitemap.xml")  # Material's instant navigation and link handling fetch it at start-up
        if parser.search_form and LAZY_SEARCH_MARKER not in text:
            queue.append("search/search_index.json")
            worker = SEARCH_WORKER.search(text)
            if worker:
                queue.append(_resolve(site, base, worker.group(1)) or "")
    while queue:
        ref = queue.pop(0)
        if ref in loads:
            continue
        path = site / ref
        if "://" in ref:
            loads[ref] = 0
            continue
        assert path.is_file(), f"{page or '/'} refers to {ref}, which the build does not have"
        data = path.read_bytes()
        loads[ref] = gz(data)
        if ref.endswith(".css"):
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", data.decode("utf-8", "replace")):
                resolved = _resolve(site, ref, url)
                if resolved is not None and resolved not in loads:
                    queue.append(resolved)
    return loads


def site_pages(site: Path) -> list[str]:
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.relative_to(site).parts
    )


def metadata_bytes(text: str) -> int:
    """Gzipped bytes that the OpenGraph/Twitter tags and JSON-LD add to a page."""
    bare = re.sub(r'<meta (?:property|name)="(?:og|twitter|article):[^>]*>\s*', "", text)
    bare = re.sub(r'<script type="application/ld\+json">.*?</script>\s*', "", bare, flags=re.S)
    return gz(text.encode()) - gz(bare.encode())


def report(site: Path) -> list[str]:
    lines = []
    for page in site_pages(site):
        loads = first_load(site, page)
        lines.append(f"/{page}: {sum(loads.values())} B gzipped")
        lines += [f"    {size:>7}  {ref or '(page)'}" for ref, size in sorted(loads.items(), key=lambda kv: -kv[1])]
    return lines


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


def test_every_page_is_found(built_site: Path) -> None:
    pages = site_pages(built_site)
    assert "" in pages and "glossary/" in pages and len(pages) >= 9


def test_first_load_of_every_page_is_within_budget(built_site: Path) -> None:
    over = []
    for page in site_pages(built_site):
        loads = first_load(built_site, page)
        total = sum(loads.values())
        if total > BUDGET:
            detail = ", ".join(f"{ref or 'page'} {size}" for ref, size in sorted(loads.items(), key=lambda kv: -kv[1]))
            over.append(f"/{page}: {total} B > {BUDGET} B ({detail})")
    assert not over, "first load over budget:\n" + "\n".join(over)


def test_first_load_takes_nothing_from_another_host(built_site: Path) -> None:
    for page in site_pages(built_site):
        offsite = [ref for ref in first_load(built_site, page) if "://" in ref]
        assert not offsite, f"/{page} loads {offsite}"


def test_search_is_not_part_of_the_first_load(built_site: Path) -> None:
    for page in site_pages(built_site):
        refs = first_load(built_site, page)
        assert "search/search_index.json" not in refs, page
        assert not any("workers/search." in ref for ref in refs), page


def test_metadata_costs_little(built_site: Path) -> None:
    for page in site_pages(built_site):
        text = page_file(built_site, page).read_text(encoding="utf-8")
        assert metadata_bytes(text) <= METADATA_BUDGET, f"/{page}: metadata adds {metadata_bytes(text)} B gzipped"


def test_first_load_counts_what_a_page_refers_to(tmp_path: Path) -> None:
    """The counting itself, on a small made-up site."""
    (tmp_path / "a").mkdir()
    (tmp_path / "css").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<link rel="stylesheet" href="../css/s.css"><link rel="icon" href="data:,x">'
        '<script src="../j.js"></script><img src="/p.png"><link rel="stylesheet" href="../css/p.css" media="print">'
        '<script src="../assets/javascripts/bundle.x.min.js"></script><form name="search"></form>'
        '<script id="__config">{"search": "../w.js"}</script>'
    )
    (tmp_path / "css" / "s.css").write_text("a{background:url(../f.woff2)} b{background:url('data:image/png;base64,AA')}")
    (tmp_path / "css" / "p.css").write_text("a{}")
    for name in ("j.js", "p.png", "f.woff2", "sitemap.xml", "w.js"):
        (tmp_path / name).write_bytes(b"x" * 100)
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.x.min.js").write_text("x")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text("{}")
    refs = set(first_load(tmp_path, "a/"))
    assert refs == {"a/", "css/s.css", "css/p.css", "j.js", "p.png", "f.woff2", "assets/javascripts/bundle.x.min.js",
                    "sitemap.xml", "search/search_index.json", "w.js"}


if __name__ == "__main__":  # a breakdown of every page: python tests/test_weight.py SITE_DIR
    import sys

    print("\n".join(report(Path(sys.argv[1]))))


OWN_ASSETS = ["assets/javascripts/xp.js", "assets/stylesheets/xp.css", "assets/stylesheets/print.css"]
ADDITIONS_BUDGET = 5 * 1024  # issue 3: popups, callout and metadata at most 5 KiB of the first load


def test_our_additions_cost_at_most_5_kib(built_site: Path) -> None:
    """Our own JS and CSS (minified at build time) plus each page's metadata."""
    own = sum(gz((built_site / name).read_bytes()) for name in OWN_ASSETS)
    for page in site_pages(built_site):
        text = page_file(built_site, page).read_text(encoding="utf-8")
        total = own + metadata_bytes(text)
        assert total <= ADDITIONS_BUDGET, f"/{page}: {total} B (assets {own} B)"
