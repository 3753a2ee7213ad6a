"""The small syntax maintainers write inside Markdown: citations and placed blocks."""

import re

# `[@source-id]` right after a claim.
CITATION = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")
# `[[quote:trigger-clause]]` or `[[provision:duration]]` on a line of its own.
BLOCK = re.compile(r"^\s*\[\[([^\]]+)\]\]\s*$")
# The same marker inside a line of text: printed as it stands, so a content mistake.
BLOCK_IN_TEXT = re.compile(r"\[\[[a-z]+:[^\]]*\]\]")
BLOCK_KINDS = ("quote", "provision")


def block(name: str) -> tuple[str, str] | None:
    """('quote', 'trigger-clause') for 'quote:trigger-clause'; None for an unknown kind."""
    kind, sep, item = name.strip().partition(":")
    return (kind, item.strip()) if sep and kind in BLOCK_KINDS else None
