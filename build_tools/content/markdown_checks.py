"""What Markdown in content may hold: links to pages that exist, blocks that exist, and
nothing that would reach a reader's browser as code (raw HTML, event handlers, script
addresses). Section bodies and every text field are checked here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from markdown.extensions.toc import slugify

from build_tools.content.model import OPTIONAL_PAGES, Section
from build_tools.content.schema import References
from build_tools.content.lines import body_lines
from build_tools.content.story import check_block as _check_block
from build_tools.errors import ContentError, field_name
from build_tools.content.yamlsrc import FieldPath, Located
from build_tools.syntax import markers, safety


_LINK = re.compile(r"\]\(\s*([^)\s]+)")


_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*(?:\{:?\s*#([\w-]+)[^}]*\})?\s*#*\s*$")
_SITE_ADDRESS = re.compile(r"^(?:\.\./)*([a-z0-9]+(?:-[a-z0-9]+)*)/$")


def section_anchors(section: Section) -> set[str]:
    """The ids a link may name on a section's page: its headings (as the toc extension makes
    them, or as written with {: #id }), the callouts it places, and its sources list."""
    anchors = {"section-sources"}
    for _, line in body_lines(section):
        if match := _HEADING.match(line):
            anchors.add(match.group(2) or slugify(markers.CITATION.sub("", match.group(1)), "-"))
        elif (match := markers.BLOCK.match(line)) and (placed := markers.block(match.group(1))):
            kind, item = placed
            anchors.add(item if kind == "quote" else f"provision-{item}")
    return anchors


def check_body(section: Section, refs: References, pages: set[str], term_ids: set[str],
               blocks: Mapping[str, Mapping[str, Any]], allow_html: bool,
               anchors: Mapping[str, set[str]] | None = None) -> None:
    if not section.body.strip():
        raise ContentError(section.path, "has no body text", "Write the section below the front matter")
    for line_no, line in body_lines(section):
        # Most lines hold none of the three: a substring test is much cheaper than a search.
        for match in markers.CITATION.finditer(line) if "[@" in line else ():
            if match.group(1) not in refs.sources:
                raise refs.unknown(match.group(1), section.path, line_no, "body")
        if "[[" in line:
            if block := markers.BLOCK.match(line):  # a marker is a line of its own
                _check_block(section, block.group(1), blocks, line_no)
            elif inline := markers.BLOCK_IN_TEXT.search(line):
                raise ContentError(section.path, f"'{inline.group(0)}' is inside a line of text, where it shows as "
                                   "typed", "Put the marker on a line of its own", line=line_no, field="body")
        for match in _LINK.finditer(line) if "](" in line else ():
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # external (https:, mailto:)
            page, _, anchor = target.partition("#")
            name = page.removesuffix(".md").strip("/") or section.slug
            if (address := _SITE_ADDRESS.match(page)) and address.group(1) in pages:
                written = f"{address.group(1)}.md" + (f"#{anchor}" if anchor else "")
                raise ContentError(section.path, f"link '{target}' is written as the built site's address",
                                   f"Link to the page's file instead: ({written})", line=line_no, field="body")
            if name in OPTIONAL_PAGES and name not in pages and page.endswith(".md"):
                source = PurePosixPath(section.path).parent.parent / OPTIONAL_PAGES[name]  # beside sections/
                raise ContentError(section.path, f"link to '{target}', a page this site does not have",
                                   f"Add {source} (the page is made from it), or remove the link",
                                   line=line_no, field="body")
            if page and not page.endswith(".md") or name not in pages:
                raise ContentError(section.path, f"link to unknown page '{target}'",
                                   f"Link to one of: {', '.join(sorted(p + '.md' for p in pages))}",
                                   line=line_no, field="body")
            if name == "glossary" and anchor and anchor not in term_ids:
                raise ContentError(section.path, f"link to unknown glossary term '#{anchor}'",
                                   "Use a term id from content/glossary.yml", line=line_no, field="body")
            known = (anchors or {}).get(name)
            if anchor and known is not None and anchor not in known:
                raise ContentError(section.path, f"link to '#{anchor}', which is not on page '{name}'",
                                   f"Use one of its anchors: {', '.join(sorted(known)[:8])}", line=line_no, field="body")
    # Raw HTML, event handlers and script addresses, as Python-Markdown itself would emit them.
    # Without '<', '{' or link syntax there can be none, and a long body skips the second rendering;
    # with plain links only, text_problems sees that from the text without rendering it.
    if not _BODY_HINT.search(markers.CITATION.sub("", section.body)):
        return
    for problem in safety.text_problems(section.body, allow_html=allow_html)[:1]:
        offset = safety.locate(section.body, problem.needle)
        raise ContentError(section.path, problem.problem, problem.fix,
                           line=None if offset is None else section.body_line + offset, field="body")


# Only these may be written as Markdown in YAML text (links, { } attribute lists):
# a quick test before asking Python-Markdown.
# A `{name}` placeholder (UI strings) is no attribute list: it can set no handler or address.
_MARKDOWN_HINT = re.compile(r"\{(?![A-Za-z_]\w*\})|\]\s*[(:\[]")
_BODY_HINT = re.compile(r"[<{]|\]\s*[(:\[]")
_HANDLER_IN_BRACES = re.compile(r"\{[^{}]*?(?<![\w-])(on[a-z]+)\s*=", re.IGNORECASE)


def check_fields(located: Located, data: Any = None, where: FieldPath = ()) -> None:
    """No text field may carry an event handler or a script address.

    Fields are escaped for HTML when rendered, so raw HTML in them shows as typed;
    Markdown links and attribute lists are the way left to reach a reader's browser.
    """
    data = located.data if data is None and not where else data
    if isinstance(data, dict):
        for key, value in data.items():
            check_fields(located, value, (*where, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_fields(located, value, (*where, index))
    elif isinstance(data, str) and _MARKDOWN_HINT.search(data):
        problems = safety.text_problems(data, allow_html=True)
        # A field lands in many places (list items, table cells, spans): refuse a handler in any { } list.
        problems += [safety.Problem("attribute", m.group(1), m.group(1)) for m in _HANDLER_IN_BRACES.finditer(data)]
        for problem in problems[:1]:
            raise ContentError(located.path, problem.problem, problem.fix, line=located.line(where), field=field_name(where))
