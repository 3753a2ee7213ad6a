#!/usr/bin/env python3
"""Lighthouse audit of every page: build, serve on loopback, measure, summarise.

    .venv/bin/python scripts/audit.py            # build, 3 runs per page
    .venv/bin/python scripts/audit.py --runs 1 --site /tmp/site   # an existing build

Needs `npm ci` once (lighthouse 12.2.3, pinned in package.json / package-lock.json)
and Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Lighthouse runs with
its default mobile preset (simulated slow 4G, 4x CPU slowdown). The site is served
gzip-compressed from 127.0.0.1, as a static host would serve it.

Prints one line per page: the median of each category score over the runs, the
median LCP, TBT and CLS, and the gzipped bytes of everything the page's first load
fetched (as Lighthouse recorded it, gzipped from the built files). The last line
gives the lowest median of each category and the heaviest first load. Exits 1 if a
page requested anything off 127.0.0.1.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
GZIP_LEVEL = 6  # what `gzip` and most servers use by default
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


# --------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files over keep-alive HTTP/1.1, gzip for text when the client accepts it,
    compressed once and kept: as a static host serves them."""

    protocol_version = "HTTP/1.1"
    compressed: dict[Path, bytes] = {}

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript",
                      ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml"}

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):  # noqa: ANN201
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirect to the slash form
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not ctype.startswith(TEXT_TYPES):
            return super().send_head()
        if not path.is_file():
            return self._not_found()
        body = self.compressed.get(path)
        if body is None:
            body = self.compressed[path] = gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def _not_found(self):  # noqa: ANN202
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --------------------------------------------------------------------------
# Pages and bytes
# --------------------------------------------------------------------------


def site_url() -> str:
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))["site_url"] or "/"


def pages(site: Path, published: str) -> list[str]:
    """Paths of the pages in sitemap.xml, relative to the site root ('' is home)."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    prefix = urlsplit(published).path
    found = []
    for loc in root.findall("s:url/s:loc", ns):
        path = urlsplit(loc.text or "").path
        found.append(path[len(prefix):] if path.startswith(prefix) else path.lstrip("/"))
    return found


def local_file(site: Path, url: str, base: str) -> Path | None:
    if not url.startswith(base):
        return None
    rel = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    path = site / rel
    if rel == "" or rel.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0))


# --------------------------------------------------------------------------
# Lighthouse
# --------------------------------------------------------------------------


@dataclass
class Run:
    scores: dict[str, float]
    lcp: float
    tbt: float
    cls: float
    fetched: dict[str, int]  # URL -> gzipped bytes of the built file
    offsite: list[str]


@dataclass
class PageResult:
    path: str
    runs: list[Run] = field(default_factory=list)

    def median(self, key: str) -> float:
        if key in CATEGORIES:
            return statistics.median(r.scores[key] for r in self.runs)
        return statistics.median(getattr(r, key) for r in self.runs)

    @property
    def first_load(self) -> int:
        return max(sum(r.fetched.values()) for r in self.runs)

    @property
    def fetched(self) -> dict[str, int]:
        merged: dict[str, int] = {}
        for run in self.runs:
            merged.update(run.fetched)
        return merged


def lighthouse(url: str, out: Path, chrome: str) -> dict:
    env = {**os.environ, "CHROME_PATH": chrome}
    command = [
        "node", str(LIGHTHOUSE), url,
        "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0 or not out.is_file():
        raise SystemExit(f"lighthouse failed on {url} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def read_run(report: dict, site: Path, base: str) -> Run:
    audits = report["audits"]
    fetched: dict[str, int] = {}
    offsite: list[str] = []
    for item in audits["network-requests"]["details"]["items"]:
        url = item["url"].split("#")[0]
        if url.startswith(("data:", "blob:")):
            continue
        if not url.startswith(base):
            offsite.append(url)
            continue
        path = local_file(site, url, base)
        fetched[url] = gzipped(path) if path else int(item.get("transferSize") or 0)
    for category in CATEGORIES:
        if report["categories"][category]["score"] is None:
            raise SystemExit(f"lighthouse gave no {category} score for {report['finalDisplayedUrl']}")
    return Run(
        scores={c: report["categories"][c]["score"] * 100 for c in CATEGORIES},
        lcp=audits["largest-contentful-paint"]["numericValue"],
        tbt=audits["total-blocking-time"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        fetched=fetched,
        offsite=offsite,
    )


def failed_audits(report: dict) -> list[str]:
    """Audits that cost points outside performance, for the reader of the output."""
    lines = []
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"{category}: {ref['id']} ({audit['title']})")
    return lines


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def kib(n: float) -> str:
    return f"{n / 1024:.1f}"


def table(results: list[PageResult]) -> list[str]:
    head = f"{'page':<18} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>6} {'KiB gz':>7}"
    lines = [head]
    for r in results:
        lines.append(
            f"{'/' + r.path:<18} "
            + " ".join(f"{r.median(c):>5.0f}" for c in CATEGORIES)
            + f" {r.median('lcp'):>7.0f} {r.median('tbt'):>7.0f} {r.median('cls'):>6.3f} {kib(r.first_load):>7}"
        )
    return lines


def markdown(results: list[PageResult], runs: int) -> list[str]:
    lines = ["| page | performance | accessibility | best practices | SEO | LCP (ms) | TBT (ms) | CLS | first load (KiB gz) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(
            f"| /{r.path} | " + " | ".join(f"{r.median(c):.0f}" for c in CATEGORIES)
            + f" | {r.median('lcp'):.0f} | {r.median('tbt'):.0f} | {r.median('cls'):.3f} | {kib(r.first_load)} |"
        )
    lines.append(f"\nMedian of {runs} Lighthouse runs per page (mobile preset).")
    return lines


def summary(results: list[PageResult]) -> str:
    parts = []
    for category in CATEGORIES:
        worst = min(results, key=lambda r: r.median(category))
        parts.append(f"{SHORT[category]} {worst.median(category):.0f} (/{worst.path})")
    heaviest = max(results, key=lambda r: r.first_load)
    return f"lowest median: {', '.join(parts)}; heaviest first load: /{heaviest.path} {kib(heaviest.first_load)} KiB gzipped"


def breakdown(result: PageResult, base: str) -> list[str]:
    lines = [f"first load of /{result.path}:"]
    for url, size in sorted(result.fetched.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {size:>7} B  {url[len(base) - 1:]}")
    return lines


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def build(target: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{proc.stdout}{proc.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--site", type=Path, help="audit this built site instead of building one")
    parser.add_argument("--pages", nargs="*", help="only these pages, e.g. '' core-agreement/")
    parser.add_argument("--reports", type=Path, default=ROOT / ".lighthouse", help="where the JSON reports go")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args(argv)

    if not LIGHTHOUSE.is_file():
        raise SystemExit("lighthouse is not installed: run `npm ci` in the project folder")
    if not shutil.which("node"):
        raise SystemExit("node is not on PATH")
    if not Path(args.chrome).is_file():
        raise SystemExit(f"Chromium not found at {args.chrome}: set CHROME_PATH")

    with tempfile.TemporaryDirectory(prefix="xp-audit-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            print("building the site...", file=sys.stderr)
            build(site)
        server, base = serve(site)
        args.reports.mkdir(parents=True, exist_ok=True)
        results: list[PageResult] = []
        problems: list[str] = []
        try:
            for path in args.pages if args.pages is not None else pages(site, site_url()):
                result = PageResult(path)
                for n in range(args.runs):
                    print(f"lighthouse /{path} run {n + 1}/{args.runs}", file=sys.stderr)
                    name = (path.strip("/").replace("/", "-") or "home") + f"-{n + 1}.json"
                    report = lighthouse(base + path, args.reports / name, args.chrome)
                    run = read_run(report, site, base)
                    result.runs.append(run)
                    problems += [f"/{path}: {line}" for line in failed_audits(report)]
                    problems += [f"/{path}: request off 127.0.0.1: {url}" for url in run.offsite]
                results.append(result)
        finally:
            server.shutdown()
            server.server_close()

    for line in sorted(set(problems)):
        print(line)
    heaviest = max(results, key=lambda r: r.first_load)
    for line in breakdown(heaviest, base):
        print(line)
    if args.markdown:
        args.markdown.write_text("\n".join(markdown(results, args.runs)) + "\n", encoding="utf-8")
    for line in table(results):
        print(line)
    print(summary(results))
    return 1 if any(r.offsite for p in results for r in p.runs) else 0


if __name__ == "__main__":
    sys.exit(main())
