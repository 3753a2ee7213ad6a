"""Content is text, not code: what Markdown may not carry into a page.

Three ways a Markdown text could make a reader's browser run script:

- raw HTML (`<script>`, `<img onerror=...>`), refused unless a maintainer sets
  `allow_html` (Markdown autolinks such as `<https://...>` are links, not HTML);
- an event-handler attribute added with attr_list (`{: onclick=... }`);
- a link or image whose address runs script (`javascript:`, `data:`, `vbscript:`).

The loader asks Python-Markdown itself what it would emit (`find_problems`), so
what is refused is exactly what would reach the page, with the line it is on.
Most texts hold nothing but plain links; `text_problems` answers for those from
the text alone and parses only what could hold a problem.
`SafetyExtension` applies the same rule to every page at build time and drops
what slipped through, with a warning (a failure under `--strict`).
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from build_tools.syntax import dialect

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "srcset", "xlink:href", "data", "cite"})
_SAFE_PREFIXES = ("https://", "http://", "mailto:")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_ENTITY = re.compile(r"^&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);$")
_TAG = re.compile(r"^<(/?[A-Za-z][A-Za-z0-9-]*|!--|!\[CDATA\[|\?|!)")


def unsafe_url(url: str) -> bool:
    """True if a browser would run `url` as script or data rather than open a page."""
    # Most addresses on a page answer at once: a relative one without ':' or any entity
    # (or Python-Markdown's '&' stand-in) cannot spell a scheme, and a literal
    # http(s)/mailto prefix is the scheme a browser reads.
    if ":" not in url and "&" not in url and "\x02" not in url:
        return False
    if url.startswith(_SAFE_PREFIXES):
        return False
    text = html.unescape(url.replace(AMP_SUBSTITUTE, "&"))
    # Browsers drop control characters and white space inside a scheme ("java\tscript:").
    text = re.sub(r"[\x00-\x20\x7f]+", "", text).lower()
    match = _SCHEME.match(text)
    return bool(match) and match.group(1) not in SAFE_SCHEMES


def unsafe_attribute(name: str) -> bool:
    name = name.lower()
    return name.startswith("on") or name == "srcdoc"


@dataclass(frozen=True)
class Problem:
    """One thing in a Markdown text that would not stay text."""

    kind: str  # "html" | "attribute" | "url"
    detail: str  # the tag, the attribute name or the address
    needle: str  # what to look for in the source to find its line

    @property
    def problem(self) -> str:
        if self.kind == "html":
            return f"raw HTML ('{self.detail}') is not allowed in content"
        if self.kind == "attribute":
            return f"the attribute '{self.detail}' would run script"
        return f"the address '{_short(self.detail)}' would run script or load data, not open a page"

    @property
    def fix(self) -> str:
        if self.kind == "html":
            return ("Use Markdown instead, or put it in `backticks` if it is meant as text "
                    "(raw HTML needs allow_html: true under the explainer plugin in mkdocs.yml)")
        if self.kind == "attribute":
            return "Remove it from the { } attribute list; content cannot carry event handlers"
        return "Link to an http(s) address or to a page of this site"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _tag(raw: str) -> str:
    """`<img ...>` -> `<img>`, `<!-- x -->` -> `<!--`, for the message."""
    match = _TAG.match(raw.lstrip())
    if not match:
        return _short(raw)
    name = match.group(1)
    return f"<{name}>" if name[0].isalpha() or name.startswith("/") else f"<{name}"


def element_problems(root: etree.Element) -> Iterator[tuple[etree.Element, str, Problem]]:
    """(element, attribute, problem) for every unsafe attribute in a Markdown tree."""
    for element in root.iter():
        if not element.attrib:
            continue
        for name, value in list(element.attrib.items()):
            if unsafe_attribute(name):
                yield element, name, Problem("attribute", name, name)
            elif name.lower() in URL_ATTRIBUTES and unsafe_url(value):
                # Shown as a browser reads it ("javascript:"), looked for as written ("javascript&#58;").
                written = value.replace(AMP_SUBSTITUTE, "&")
                yield element, name, Problem("url", html.unescape(written), written)


class _Inspector(Treeprocessor):
    def __init__(self, md: markdown.Markdown, found: list[Problem]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        self.found.extend(problem for _, _, problem in element_problems(root))


class _FencedBlocks(Preprocessor):
    """Counts the stashed blocks that fenced code made (its `<pre><code>`, already escaped):
    they are not raw HTML that a maintainer wrote."""

    def __init__(self, md: markdown.Markdown, counted: list[int]) -> None:
        super().__init__(md)
        self.counted = counted

    def run(self, lines: list[str]) -> list[str]:
        self.counted[:] = [len(self.md.htmlStash.rawHtmlBlocks)]
        return lines


class _InspectorExtension(Extension):
    def __init__(self, found: list[Problem], fenced: list[int]) -> None:
        super().__init__()
        self.found = found
        self.fenced = fenced

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        # After attr_list (8) has set attributes.
        md.treeprocessors.register(_Inspector(md, self.found), "xp_inspect", 3)
        # After 'fenced_code_block' (25) has stashed the code, before 'html_block' (20) stashes raw HTML.
        md.preprocessors.register(_FencedBlocks(md, self.fenced), "xp_fenced_count", 22)


def _new_parser() -> tuple[markdown.Markdown, list[Problem], list[int]]:
    found: list[Problem] = []
    fenced: list[int] = [0]
    return dialect.converter(_InspectorExtension(found, fenced)), found, fenced


_parsers = threading.local()


def _parse(text: str, allow_html: bool, md: markdown.Markdown, found: list[Problem], fenced: list[int]) -> list[Problem]:
    md.reset()  # references, stashed HTML and extension state of the previous text
    found.clear()
    fenced[:] = [0]
    md.convert(text)
    problems = list(found)
    if not allow_html:
        for raw in md.htmlStash.rawHtmlBlocks[fenced[0]:]:
            raw = str(raw)
            if _ENTITY.match(raw.strip()):
                continue  # &amp; &nbsp; are text
            tag = _tag(raw)
            problems.append(Problem("html", tag, raw.lstrip().split("\n", 1)[0]))
    return problems


def find_problems(text: str, allow_html: bool = False) -> list[Problem]:
    """What in `text` (Markdown) would not stay text once rendered, in source order.

    One Markdown per thread is reused: building one with every extension for each
    of a thousand texts was a cost of its own. allow_html changes only what is
    read from it afterwards, so both settings share it.
    """
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = _new_parser()
    try:
        return _parse(text, allow_html, *parser)
    except BaseException:
        _parsers.parser = None  # reset() does not undo a conversion stopped half-way (block parser state)
        raise


# The quick check below is argued for Python-Markdown's own syntax and these
# extensions; with any other extension every text is parsed.
# (Fenced code escapes what it holds; its own attribute lists need '{'.)
_UNDERSTOOD_EXTENSIONS = frozenset({"attr_list", "md_in_html", "admonition", "tables", "fenced_code", "toc"})
# Raw HTML, autolinks and md_in_html need '<'; attribute lists need '{'; entities
# (HTML to Python-Markdown, and `javascript&#58;` in an address) need '&'.
# STX and ETX are deleted before parsing, so `]\x02(` is a link; a text with them is parsed.
_PARSE_ALWAYS = re.compile(r"[<{&\x02\x03]")
# Where an address can start: in `[text](address)`, `![alt](address)` and `[id]: address`
# (and, to be safe, wherever else `]`, blanks and `(` or `:` meet). The group is what
# can make up a scheme, with the blanks a browser drops from one and Python-Markdown
# skips before the address.
_ADDRESS_START = re.compile(r"\]\s*[(:]([A-Za-z0-9+.\-\s\x00-\x20\x7f]*)")
_BLANKS = re.compile(r"[\s\x00-\x20\x7f]+")
# After a would-be scheme, these stay in the address as they are, so it has no
# scheme. Not here, so parsed: '`', '\\' and '[' (Python-Markdown puts code,
# escapes and reference links back into an address as text: "java`script`:"),
# '>' (a quote's marker, removed from a continued line), ']', and anything non-ASCII
# ("\u212a".lower() is "k").
_ENDS_ADDRESS_SCHEME = frozenset("/)#?\"'%=;,@_~|(!$^*")


def needs_parse(text: str) -> bool:
    """False only if `text` cannot hold raw HTML, an attribute list or a script address.

    Without '<', '{' and '&', the only way left to script is a link, image or
    reference definition whose address starts with a scheme other than http(s) or
    mailto. Every such address starts at a match of _ADDRESS_START; what follows
    is checked conservatively: any doubt means parse.
    """
    if not _UNDERSTOOD_EXTENSIONS.issuperset(dialect.EXTENSIONS) or _PARSE_ALWAYS.search(text):
        return True
    for match in _ADDRESS_START.finditer(text):
        end = text[match.end() : match.end() + 1]
        if end == ":":
            if _BLANKS.sub("", match.group(1)).lower() not in SAFE_SCHEMES:
                return True
        elif end and end not in _ENDS_ADDRESS_SCHEME:
            return True
    return False


def text_problems(text: str, allow_html: bool = False) -> list[Problem]:
    """The same list as `find_problems`, without parsing a text that holds only plain links.

    Parsing every section body a second time was most of the loader's time.
    """
    return find_problems(text, allow_html) if needs_parse(text) else []


def locate(text: str, needle: str) -> int | None:
    """0-based line of `needle` in `text` (or of its first word), None if not found."""
    for candidate in (needle, needle.split()[0] if needle.split() else "", needle[:2]):
        if candidate:
            position = text.find(candidate)
            if position >= 0:
                return text.count("\n", 0, position)
    return None


class _Sanitizer(Treeprocessor):
    def __init__(self, md: markdown.Markdown, report: Callable[[Problem], None]) -> None:
        super().__init__(md)
        self.report = report

    def run(self, root: etree.Element) -> None:
        for element, name, problem in list(element_problems(root)):
            del element.attrib[name]
            self.report(problem)


class SafetyExtension(Extension):
    """Drops event handlers and script addresses from every rendered page, and reports them."""

    def __init__(self, report: Callable[[Problem], None] = lambda problem: None) -> None:
        super().__init__()
        self.report = report

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # After 'attr_list' (8), the last pass that takes attributes from the text, and before
        # the glossary links (7) and 'toc' (5) add theirs: it checks what was written, not
        # the dozens of links per page the generator itself makes.
        md.treeprocessors.register(_Sanitizer(md, self.report), "xp_safety", 7.5)
