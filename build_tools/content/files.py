"""Which files hold the sections, and in what order readers meet them.

A section's place is the number its file name starts with (`03-challenges.md`); numbers
sort as numbers (5 before 10), and files with the same number follow their names. A
file without a number would land wherever its name happens to sort, so it stops the
build. Hidden files (an editor's lock file, say) are skipped, as MkDocs skips them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from build_tools.errors import ContentError

_PLACE = re.compile(r"^([0-9]+)-.")
_DIGITS = re.compile(r"^[0-9]+")


def section_files(folder: Path, shown: Callable[[Path], str]) -> list[Path]:
    """The section files in `folder`, in reading order (`shown` gives a path as messages show it)."""
    paths = [path for path in folder.glob("*.md") if not path.name.startswith(".")]
    places = {path: int(match.group(1)) for path in paths if (match := _PLACE.match(path.name))}
    for path in sorted(paths):
        if path not in places:
            fix = _numbered(path.name, max(places.values(), default=0) + 1, folder)
            raise ContentError(shown(path), "the file name does not start with the section's place in the order",
                               f"Rename it to {fix}")
    return sorted(paths, key=lambda path: (places[path], path.name))


def _numbered(name: str, next_place: int, folder: Path) -> str:
    """The name with a number and a hyphen in front: its own number if it has one (and the name
    is free), else the next after the last section."""
    stem = name.removesuffix(".md")
    digits = _DIGITS.match(stem)
    rest = stem[digits.end() if digits else 0:].strip(" _.-") or "section"
    if digits and not (folder / f"{digits.group(0)}-{rest}.md").exists():
        return f"{digits.group(0)}-{rest}.md"
    return f"{next_place:02d}-{rest}.md (the last section), or give it the number of its place"
