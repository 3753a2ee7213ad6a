"""The one Markdown dialect: what the build, the content checks, `export` and the tests
all convert with. A publisher must run these extensions (the MkDocs plugin checks).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import markdown

# Python-Markdown's own names. `fenced_code` keeps HTML shown in a ``` block as code.
EXTENSIONS = ("attr_list", "md_in_html", "admonition", "tables", "fenced_code", "toc")
CONFIGS: dict[str, dict[str, Any]] = {"toc": {"permalink": True}}


def canonical(name: object) -> str:
    """'toc' for 'toc', 'markdown.extensions.toc' or 'markdown.extensions.toc:TocExtension'."""
    if not isinstance(name, str):
        name = type(name).__module__
    name = name.split(":", 1)[0]
    return name.removeprefix("markdown.extensions.")


def missing(configured: Iterable[object]) -> list[str]:
    """The dialect's extensions that a publisher's configuration lacks, however it spells them."""
    present = {canonical(name) for name in configured}
    return [name for name in EXTENSIONS if name not in present]


def converter(*extra: markdown.extensions.Extension) -> markdown.Markdown:
    """A Markdown converter of the dialect, with `extra` extensions after it."""
    return markdown.Markdown(extensions=[*EXTENSIONS, *extra], extension_configs=CONFIGS)
