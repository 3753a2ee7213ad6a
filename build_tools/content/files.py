"""Which files hold the sections, and in what order readers meet them.

A section's place is the number its file name starts with (`03-challenges.md`). A file
without one, or two files with the same number, would put a section somewhere the
maintainer did not choose, so both stop the build; numbers sort as numbers (9 before 10).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from build_tools.errors import ContentError

_PLACE = re.compile(r"^(\d+)-.")


def section_files(folder: Path, shown: Callable[[Path], str]) -> list[Path]:
    """The section files in `folder`, in reading order (`shown` gives a path as messages show it)."""
    paths = sorted(folder.glob("*.md"))
    places: dict[int, Path] = {}
    for path in paths:
        if match := _PLACE.match(path.name):
            place = int(match.group(1))
            if place in places:
                raise ContentError(shown(path), f"number {match.group(1)} is already the place of {places[place].name}",
                                   "Give each section file its own number; renumber the files after it to make room")
            places[place] = path
    for path in paths:
        if not _PLACE.match(path.name):
            raise ContentError(shown(path), "the file name does not start with the section's place in the order",
                               f"Rename it to start with a number and a hyphen, for example "
                               f"{max(places, default=0) + 1:02d}-{path.name} to make it the last section")
    return [places[place] for place in sorted(places)]
