"""Fixtures for the browser tests (Playwright, sync API, Debian's Chromium).

- ``site_dir``: the real site, built once per session with
  ``mkdocs build --strict`` into a temporary directory.
- ``serve``: serves a directory over HTTP on 127.0.0.1 (random free port,
  ``http.server`` in a thread), optionally below a path prefix.
- ``site_url`` / ``repo_url``: base URLs of the built site and of the
  repository root (for the static fixture pages).
- ``browser``: one Chromium per session. A missing Chromium is a failure,
  never a skip.
- ``new_page`` / ``page``: a fresh context + page per test. Every request URL
  is recorded; a request to any host but 127.0.0.1 / localhost makes the test
  fail. (They are recorded, not intercepted: routing every request through
  Playwright cost about a tenth of the browser tests' time and decided nothing.)
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("XP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


# --------------------------------------------------------------------------
# HTTP server
# --------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def translate_path(self, path):
        # Serve the directory below ``prefix`` (the path of site_url), so
        # that absolute links in 404.html and sitemap.xml resolve.
        if self.prefix != "/":
            if path.startswith(self.prefix):
                path = "/" + path[len(self.prefix):]
            elif path.rstrip("/") == self.prefix.rstrip("/"):
                path = "/"
            else:
                return os.path.join(self.directory, "\0does-not-exist")
        return super().translate_path(path)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _Server:
    def __init__(self, directory: Path, prefix: str = "/"):
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        handler = type("Handler", (_Handler,), {"prefix": prefix})
        handler = functools.partial(handler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{port}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def serve():
    """``serve(directory, prefix="/") -> base URL`` ending in ``/``."""
    servers: dict[tuple[str, str], _Server] = {}

    def _serve(directory, prefix: str = "/") -> str:
        key = (str(Path(directory).resolve()), prefix)
        if key not in servers:
            servers[key] = _Server(Path(directory), prefix)
        return servers[key].url

    yield _serve
    for server in servers.values():
        server.close()


# --------------------------------------------------------------------------
# The built site
# --------------------------------------------------------------------------


def _site_path_prefix() -> str:
    """Path part of site_url from mkdocs.yml ("/" if unset)."""
    try:
        from mkdocs.config import load_config

        cfg = load_config(str(REPO / "mkdocs.yml"))
        return urlsplit(cfg["site_url"] or "").path or "/"
    except Exception:  # noqa: BLE001 - fall back to the root
        return "/"


def _build(out: Path, site_url: str | None = None) -> Path:
    """``mkdocs build --strict -d out`` in the repository root.

    With ``site_url``, the same mkdocs.yml is fed on stdin with only its
    site_url replaced (relative paths still resolve from the repo root).
    """
    if not (REPO / "mkdocs.yml").is_file():
        pytest.fail(f"{REPO / 'mkdocs.yml'} does not exist: cannot build the site", pytrace=False)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    stdin = None
    if site_url is not None:
        text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        line = f"site_url: {site_url}"
        text, n = re.subn(r"(?m)^site_url:.*$", line, text)
        if n == 0:
            text += "\n" + line + "\n"
        cmd += ["-f", "-"]
        stdin = text
    proc = subprocess.run(
        cmd,
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if proc.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
            pytrace=False,
        )
    if not (out / "index.html").is_file():
        pytest.fail(f"mkdocs build wrote no index.html into {out}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    """The real site, built from mkdocs.yml as it is: the one build the whole session shares."""
    return built_site


@pytest.fixture(scope="session")
def site_url(site_dir, serve) -> str:
    """Base URL of the built site (ends in ``/``)."""
    return serve(site_dir, _site_path_prefix())


@pytest.fixture(scope="session")
def instant_site_url(tmp_path_factory, serve) -> str:
    """The site built with site_url = the address it is served from.

    Material's instant navigation only intercepts links listed in
    sitemap.xml, and it matches them on scheme + hostname + path but not on
    port, so a site whose site_url is https://example.org/... served from
    127.0.0.1:<random port> always falls back to full page loads. This is
    the same rewrite ``mkdocs serve`` does for its dev address.
    """
    out = tmp_path_factory.mktemp("site-instant")
    url = serve(out, _site_path_prefix())
    _build(out, site_url=url)
    return url


@pytest.fixture(scope="session")
def repo_url(serve) -> str:
    """The repository root over HTTP, for tests/browser/fixtures/*.html."""
    return serve(REPO)


@pytest.fixture(scope="session")
def fixture_url(repo_url) -> str:
    return repo_url + "tests/browser/fixtures/"


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "package (apt-get install chromium)",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover
        pytest.fail(f"playwright is not installed: {exc}", pytrace=False)
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001
        pw.stop()
        pytest.fail(f"cannot launch Chromium at {CHROMIUM}: {exc}", pytrace=False)
    yield b
    b.close()
    pw.stop()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error", "javascript"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture
def new_page(browser, request):
    """``new_page(**context_options) -> Page`` in a fresh context.

    All request URLs are kept in ``page.xp_requests``; a request that leaves
    127.0.0.1 / localhost fails the test.
    """
    contexts = []
    log: list[str] = []
    external: list[str] = []
    request.node.xp_external = external

    def _record(req):
        log.append(req.url)
        if not _is_local(req.url):
            external.append(req.url)

    def _new_page(**options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(10_000)
        ctx.on("request", _record)
        contexts.append(ctx)
        page = ctx.new_page()
        page.xp_requests = log
        return page

    yield _new_page
    for ctx in contexts:
        ctx.close()
    if external:
        pytest.fail(
            "requests left 127.0.0.1/localhost:\n  " + "\n  ".join(sorted(set(external))),
            pytrace=False,
        )


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail (not error) a test whose pages requested a non-local host."""
    result = yield
    external = getattr(item, "xp_external", None)
    if external:
        urls = sorted(set(external))
        external.clear()  # reported here; keep teardown quiet
        raise AssertionError(
            "requests left 127.0.0.1/localhost:\n  " + "\n  ".join(urls)
        )
    return result
