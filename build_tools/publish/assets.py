"""The site's own CSS and JavaScript: readable in overrides/, minified for readers.

Some of it must be inline in the page rather than fetched: a template writes
`<script data-xp-inline="javascripts/NAME.js">…</script>` (with the readable text, so
the page works as it is), and `minify_own_assets` replaces the element with a plain
`<script>` holding the minified text of that asset. overrides/main.html does this for
the lazy-search loader, which has to run before Material's bundle.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin

_MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}

INLINE_ATTRIBUTE = "data-xp-inline"
_INLINE = re.compile(r'<script %s="([^"<>]+)">.*?</script>' % INLINE_ATTRIBUTE, re.S)


def minify_own_assets(source_dir: Path, site_dir: Path) -> int:
    """Minify, in `site_dir`, every CSS and JS file that `source_dir` (the theme's
    custom_dir's assets folder) provides; then, in the pages of the site (`site_dir`'s
    parent), fill each `<script data-xp-inline="PATH">` with the minified `site_dir/PATH`.
    Returns the bytes saved."""
    saved = 0
    for source in sorted(source_dir.rglob("*")):
        minify = _MINIFIERS.get(source.suffix)
        target = site_dir / source.relative_to(source_dir)
        if minify is None or not target.is_file():
            continue
        text = target.read_text(encoding="utf-8")
        small = minify(text)
        target.write_text(small, encoding="utf-8")
        saved += len(text.encode()) - len(small.encode())
    return saved + _inline_scripts(site_dir)


def _inline_scripts(site_dir: Path) -> int:
    """Fill the pages' inline-script placeholders; returns the bytes saved."""
    scripts: dict[str, str] = {}

    def script(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in scripts:
            path = (site_dir / name).resolve()
            if not path.is_relative_to(site_dir.resolve()) or path.suffix != ".js" or not path.is_file():
                raise ValueError(f'<script {INLINE_ATTRIBUTE}="{name}">: no such script in {site_dir}')
            text = path.read_text(encoding="utf-8")
            if re.search(r"</script|<!--", text, re.I):
                raise ValueError(f"{path} cannot be inlined: it contains </script or <!--")
            scripts[name] = f"<script>{text}</script>"
        return scripts[name]

    saved = 0
    for page in site_dir.parent.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if INLINE_ATTRIBUTE not in html:
            continue
        small = _INLINE.sub(script, html)
        page.write_text(small, encoding="utf-8")
        saved += len(html.encode()) - len(small.encode())
    return saved
