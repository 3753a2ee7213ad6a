#!/usr/bin/env python3
"""Lighthouse audit of every page, side by side with bare Material: build both, serve
them on loopback, measure them in turns, summarise.

    .venv/bin/python scripts/audit.py            # build both, 3 runs per page and site
    .venv/bin/python scripts/audit.py --runs 1 --site /tmp/site --no-bare   # an existing build only

"Bare Material" is the same pages as `python -m build_tools export` writes them, built by
the same mkdocs.yml without the explainer plugin: Material's own theme, no popups, no
callout styles, no metadata, no lazy search. Each run measures our page and then the
bare page, so both share whatever else the machine is doing.

Needs `npm ci` once (lighthouse 12.2.3, pinned in package.json / package-lock.json)
and Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Lighthouse runs with
its default mobile preset (simulated slow 4G, 4x CPU slowdown). The site is served
gzip-compressed from 127.0.0.1, as a static host would serve it.

Prints one line per page: the median of each category score over the runs, the
median LCP, TBT and CLS, and the gzipped bytes of everything the page's first load
fetched (as Lighthouse recorded it, gzipped from the built files); then the same
page's performance, LCP and TBT for bare Material beside ours. The last lines give
the lowest median of each category and the heaviest first load, and the pages where
our performance median falls below bare Material's. Exits 1 if a page requested
anything off 127.0.0.1.
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
    bare: list[Run] = field(default_factory=list)  # the same page in bare Material, if measured

    def median(self, key: str, runs: list[Run] | None = None) -> float:
        runs = self.runs if runs is None else runs
        if key in CATEGORIES:
            return statistics.median(r.scores[key] for r in runs)
        return statistics.median(getattr(r, key) for r in runs)

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


def side_by_side(results: list[PageResult]) -> list[str]:
    """Ours beside bare Material: performance, LCP, TBT and first load, medians over the runs."""
    lines = [f"{'page':<18} {'perf':>9} {'LCP ms':>11} {'TBT ms':>11} {'KiB gz':>11}   (ours / bare)"]
    for r in results:
        cells = [f"{r.median('performance'):.0f}/{r.median('performance', r.bare):.0f}",
                 f"{r.median('lcp'):.0f}/{r.median('lcp', r.bare):.0f}",
                 f"{r.median('tbt'):.0f}/{r.median('tbt', r.bare):.0f}",
                 f"{kib(r.first_load)}/{kib(max(sum(b.fetched.values()) for b in r.bare))}"]
        lines.append(f"{'/' + r.path:<18} {cells[0]:>9} {cells[1]:>11} {cells[2]:>11} {cells[3]:>11}")
    below = [f"/{r.path}" for r in results if r.median("performance") < r.median("performance", r.bare)]
    lines.append(f"performance at or above bare Material on {len(results) - len(below)} of {len(results)} pages"
                 + (f"; below on {', '.join(below)}" if below else ""))
    return lines


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def mkdocs_build(config: Path, target: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(target)],
                          cwd=config.parent, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build --strict -f {config} failed:\n{proc.stdout}{proc.stderr}")


def build_bare(work: Path, target: Path, order: list[str]) -> None:
    """Bare Material on the exported pages: mkdocs.yml without the explainer plugin, in
    the nav order of our build (`order`, paths as in the sitemap)."""
    import yaml

    docs = work / "docs"
    shutil.copytree(ROOT / "content" / "static", docs)
    proc = subprocess.run([sys.executable, "-m", "build_tools", "export", str(docs)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"export failed:\n{proc.stdout}{proc.stderr}")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config.get("plugins", []) if p != "explainer" and "explainer" not in p]
    config["docs_dir"] = str(docs)
    config["nav"] = [(path.strip("/") or "index") + ".md" for path in order]
    (work / "bare.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    mkdocs_build(work / "bare.yml", target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and site (default 3)")
    parser.add_argument("--site", type=Path, help="audit this built site instead of building one")
    parser.add_argument("--no-bare", action="store_true", help="do not build and measure bare Material")
    parser.add_argument("--pages", nargs="*", help="only these pages, e.g. '' core-agreement/")
    parser.add_argument("--reports", type=Path, default=ROOT / ".lighthouse", help="where the JSON reports go")
    parser.add_argument("--markdown", type=Path, help="also write our table as Markdown to this file")
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
            mkdocs_build(ROOT / "mkdocs.yml", site)
        order = pages(site, site_url())
        sites = {"ours": site}
        if not args.no_bare:
            print("building bare Material on the exported pages...", file=sys.stderr)
            sites["bare"] = Path(tmp) / "bare"
            build_bare(Path(tmp), sites["bare"], order)
        servers = {label: serve(path) for label, path in sites.items()}
        args.reports.mkdir(parents=True, exist_ok=True)
        results: list[PageResult] = []
        problems: list[str] = []
        try:
            for path in args.pages if args.pages is not None else order:
                result = PageResult(path)
                for n in range(args.runs):
                    for label, (_, base) in servers.items():  # ours, then bare: in turns, never in a batch
                        print(f"lighthouse {label} /{path} run {n + 1}/{args.runs}", file=sys.stderr)
                        name = f"{label}-" + (path.strip("/").replace("/", "-") or "home") + f"-{n + 1}.json"
                        report = lighthouse(base + path, args.reports / name, args.chrome)
                        run = read_run(report, sites[label], base)
                        (result.runs if label == "ours" else result.bare).append(run)
                        problems += [f"{label} /{path}: request off 127.0.0.1: {url}" for url in run.offsite]
                        if label == "ours":
                            problems += [f"/{path}: {line}" for line in failed_audits(report)]
                results.append(result)
        finally:
            for server, _ in servers.values():
                server.shutdown()
                server.server_close()

    for line in sorted(set(problems)):
        print(line)
    heaviest = max(results, key=lambda r: r.first_load)
    for line in breakdown(heaviest, servers["ours"][1]):
        print(line)
    if args.markdown:
        args.markdown.write_text("\n".join(markdown(results, args.runs)) + "\n", encoding="utf-8")
    for line in table(results):
        print(line)
    print(summary(results))
    if not args.no_bare:
        for line in side_by_side(results):
            print(line)
    return 1 if any(r.offsite for p in results for r in p.runs + p.bare) else 0


if __name__ == "__main__":
    sys.exit(main())
