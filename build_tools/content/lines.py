"""The lines of a section body that hold text: outside fenced code, code spans blanked."""

from __future__ import annotations

import re
from functools import lru_cache

from build_tools.content.model import Section

_CODE_SPAN = re.compile(r"`[^`]*`")


def body_lines(section: Section) -> tuple[tuple[int, str], ...]:
    """Lines of a body outside fenced code blocks, code spans blanked, with their line numbers in the file.

    Several checks read them: split once per body while content loads (`forget_body_lines` after).
    """
    return _body_lines(section.body, section.body_line)


@lru_cache(maxsize=None)
def _body_lines(body: str, first_line: int) -> tuple[tuple[int, str], ...]:
    lines: list[tuple[int, str]] = []
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        stripped = line.lstrip()
        if fence is None and (stripped.startswith("```") or stripped.startswith("~~~")):
            fence = stripped[:3]
            continue
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        lines.append((first_line + offset, _CODE_SPAN.sub("", line) if "`" in line else line))
    return tuple(lines)


forget_body_lines = _body_lines.cache_clear
