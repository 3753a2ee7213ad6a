"""The finished Markdown pages in a folder, for a publisher without plugins (`export DIR`).

A folder exported into before may hold pages the content no longer makes (a section
renamed or removed), and a publisher would put them online. So each export lists what it
wrote in a hidden file, and the next one removes what that list names and it does not
write again. Files no export wrote are never touched.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.publish import feed
from build_tools.publish.site import Site

MANIFEST = ".explainer-export"  # hidden: MkDocs and its kin skip names that start with a dot


def write(site: Site, folder: Path) -> tuple[list[str], list[str]]:
    """Every page and the feed written into `folder`; returns (written, removed) file names."""
    earlier = _listed(folder)
    written: list[str] = []
    for page, document, _ in site.render_all():
        target = folder / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document, encoding="utf-8")
        written.append(page.src_uri)
    (folder / feed.FEED_NAME).write_text(site.feed(), encoding="utf-8")
    written.append(feed.FEED_NAME)
    kept = set(written)
    removed = [name for name in earlier if name not in kept and _remove(folder, name)]
    (folder / MANIFEST).write_text("".join(f"{name}\n" for name in written), encoding="utf-8")
    return written, removed


def _listed(folder: Path) -> list[str]:
    """The files the last export into `folder` wrote (none if it has no list)."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return []
    return [line for line in text.splitlines() if line.strip()]


def _remove(folder: Path, name: str) -> bool:
    """Remove `folder/name` if it is a file inside `folder`; True if it was removed."""
    path = folder / name
    if name == MANIFEST or not path.resolve().is_relative_to(folder.resolve()) or not path.is_file():
        return False  # a hand-edited list cannot reach outside the folder
    path.unlink()
    return True
