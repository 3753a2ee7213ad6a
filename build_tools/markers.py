"""The small syntax maintainers write inside Markdown: citations and named blocks."""

import re

# `[@source-id]` right after a claim.
CITATION = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")
# `[[trigger-clause]]` on a line of its own.
BLOCK = re.compile(r"^\s*\[\[([^\]]+)\]\]\s*$")
BLOCKS = ("trigger-clause",)
