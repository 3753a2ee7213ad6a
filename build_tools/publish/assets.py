"""The site's own CSS and JavaScript: readable in the package's theme, minified for readers."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import rcssmin
import rjsmin

_MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}

# The theme the package brings (templates over Material's, our CSS and JS): a publisher
# puts it before its own theme and links these files from every page.
THEME = Path(__file__).resolve().parents[1] / "theme"
STYLESHEETS = ("assets/stylesheets/xp.css",)
SCRIPTS = ("assets/javascripts/xp.js",)
LAZY_SEARCH = THEME / "assets" / "javascripts" / "lazy-search.js"


def minify_own_assets(source_dir: Path, site_dir: Path) -> int:
    """Minify, in `site_dir`, every CSS and JS file that `source_dir` (the theme's assets
    folder) provides. Returns the bytes saved."""
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


@lru_cache(maxsize=8)
def inline_script(path: Path) -> str:
    """A script's minified text, to write inside a page's <script> element (once per build)."""
    small = rjsmin.jsmin(path.read_text(encoding="utf-8"))
    if re.search(r"</script|<!--", small, re.I):
        raise ValueError(f"{path} cannot be inlined: it contains </script or <!--")
    return small
