"""The site's own CSS and JavaScript: readable in overrides/, minified for readers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin

_MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minify_own_assets(source_dir: Path, site_dir: Path) -> int:
    """Minify, in `site_dir`, every CSS and JS file that `source_dir` (the theme's
    custom_dir) provides. Returns the bytes saved."""
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
    return saved
