"""A failed rebuild shown where the maintainer is looking: in the browser.

While a publisher's development server runs, a content mistake stops the rebuild and
the terminal says why; the browser would keep showing the last good page, as if the
edit had worked. `show` writes one plain page with the error over every page the last
good build wrote, so the page the maintainer has open says what to fix once the
server reloads it. The next good build replaces them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

_STYLE = ("body{font:1rem/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
          "color:#1a1a1a;background:#fff}pre{white-space:pre-wrap;background:#fdecea;border-left:4px solid #b3261e;"
          "padding:.75rem 1rem}")


def page(messages: Iterable[str]) -> str:
    """The error page: every message, as the terminal printed it, and what happens next."""
    items = "".join(f"<pre>{escape(message)}</pre>" for message in messages)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Build failed</title><style>{_STYLE}</style></head><body><main>"
        "<h1>The site was not rebuilt</h1>"
        f"{items}"
        "<p>Fix the file named above and save it. This page reloads when the site builds again.</p>"
        "</main></body></html>"
    )


def show(site_dir: Path, pages: Iterable[Path], messages: Iterable[str]) -> None:
    """Write the error page at each page path (relative to `site_dir`)."""
    html = page(messages)
    for relative in pages:
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


def pages_in(site_dir: Path) -> list[Path]:
    """The HTML pages a build wrote, relative to `site_dir`."""
    return sorted(path.relative_to(site_dir) for path in site_dir.rglob("*.html"))
