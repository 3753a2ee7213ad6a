"""The finished Markdown pages in a folder, for a publisher without plugins (`export DIR`).

A folder exported into before may hold pages the content no longer makes (a section
given a new slug, say), and a publisher would put them online. So each export lists what
it writes, with a hash of each file, in a hidden file, and the next one removes what
that list names, it does not write again, and nobody has changed since. A file no
export wrote is never touched; one changed by hand stays, and is named each time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.publish import feed
from build_tools.publish.site import Site

MANIFEST = ".explainer-export"  # hidden: MkDocs and its kin skip names that start with a dot
_ENTRY = re.compile(r"^([0-9a-f]{64})  (\S.*)$")  # as `sha256sum` writes them


@dataclass
class Exported:
    """What an export did beyond writing the pages: the stale pages of an earlier one."""

    removed: list[str] = field(default_factory=list)  # stale, as an earlier export wrote them
    kept: list[str] = field(default_factory=list)  # stale, but changed since: the maintainer decides
    unreadable: str = ""  # why the earlier list could not be read ('' if it could, or there was none)


def write(site: Site, folder: Path) -> Exported:
    """Every page and the feed written into `folder`, and the stale pages of an earlier export removed."""
    earlier, unreadable = _listed(folder)
    files = {page.src_uri: document.encode("utf-8") for page, document, _ in site.render_all()}
    files[feed.FEED_NAME] = site.feed().encode("utf-8")
    hashes = {name: _hash(data) for name, data in files.items()}
    # Listed before anything is written: an export stopped halfway leaves no page off the list.
    _write_list(folder, {**earlier, **hashes})
    for name, data in files.items():
        (folder / name).write_bytes(data)  # pages are named by slugs: no subfolders
    done = Exported(unreadable=unreadable)
    for name, digest in earlier.items():
        path = folder / name  # a plain name (`_page_name`): directly in the folder
        if name in files or not (path.is_file() or path.is_symlink()):
            continue  # written again, or gone already
        if not path.is_symlink() and _hash(path.read_bytes()) == digest:
            path.unlink()
            done.removed.append(name)
        else:
            done.kept.append(name)  # changed since; a link put in its place is a change too
    # A kept page stays on the list, with the hash it was written with: it is named again next time.
    _write_list(folder, {**hashes, **{name: earlier[name] for name in done.kept}})
    return done


def _listed(folder: Path) -> tuple[dict[str, str], str]:
    """The files the last export into `folder` wrote, with their hashes; and why the list is unreadable."""
    path = folder / MANIFEST
    if not path.exists():
        return {}, ""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        return {}, getattr(error, "strerror", None) or "not UTF-8"
    listed: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        match = _ENTRY.match(line)
        if match is None or not _page_name(match.group(2)):
            return {}, f"line {number} is not a hash and a page name"
        listed[match.group(2)] = match.group(1)
    return listed, ""


def _page_name(name: str) -> bool:
    """A name an export writes: a page or the feed, directly in the folder, not hidden."""
    return "/" not in name and "\\" not in name and not name.startswith(".") and (
        name.endswith(".md") or name == feed.FEED_NAME)


def _write_list(folder: Path, hashes: dict[str, str]) -> None:
    (folder / MANIFEST).write_text("".join(f"{digest}  {name}\n" for name, digest in hashes.items()), encoding="utf-8")


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
