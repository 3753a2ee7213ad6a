"""Errors written for the person who must fix the content."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


# Where the fields of every content file are described. A new explainer's own README
# (from `python -m build_tools new`) does not list them, so messages name the generator's.
CONTENT_FORMAT = "'Editing content' in the generator's README"


class ContentError(Exception):
    """A mistake in `content/`, reported as one line:

    `content/<file>:<line>: <field>: <what is wrong>. <how to fix>`
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        fix: str = "",
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.problem = problem.rstrip(".")
        self.fix = fix
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + f": {self.problem}."
        if self.fix:
            fix = self.fix.rstrip(".")
            text += " " + fix[:1].upper() + fix[1:] + "."
        return one_line(text)


# Characters `str.splitlines` breaks on: shown escaped, so a message stays one line.
_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def one_line(text: str) -> str:
    return text.translate(_LINE_BREAKS)


def shorten(value: object, limit: int = 60) -> str:
    """A value quoted in a message, cut to `limit` characters."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def field_name(where: Iterable[str | int]) -> str:
    """`terms[3].definition`, as a maintainer reads a path into the YAML."""
    name = ""
    for part in where:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(file)"


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the project, as a maintainer sees them."""
    # Absolute without following links: a linked file is shown where the maintainer put it.
    # Said first with strings: the loader asks for every content file, errors or not.
    absolute, prefix = os.path.abspath(path), os.path.join(os.path.abspath(root), "")
    if absolute.startswith(prefix) and len(absolute) > len(prefix):
        return Path(absolute[len(prefix):]).as_posix()
    for shown, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))), (path.resolve(), root.resolve())):
        try:
            return shown.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
