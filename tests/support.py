"""Helpers shared by the tests: built pages read as trees of text blocks, and a writable
copy of content/ to break, one thing at a time."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from build_tools.errors import ContentError
from build_tools.content.loader import Loader

ROOT = Path(__file__).resolve().parents[1]

# ---- built pages: blocks of text and the sources they cite ----------------------

BLOCKS = frozenset({"p", "li", "td", "th", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "blockquote"})
SKIP_CLASSES = frozenset({"xp-tips", "xp-cite-page", "md-source-file"})
SKIP_TAGS = frozenset({"script", "style", "code", "pre", "template"})
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source"})


@dataclass(eq=False)  # identity: a node's parent holds it, so field equality would never end
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, stop_at_blocks: bool = True) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not (stop_at_blocks and child.tag in BLOCKS):
                parts.append(child.text(stop_at_blocks))
        return "".join(parts)

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def cited(self, stop_at_blocks: bool = True) -> list[str]:
        """Sources this node cites or links to (`#src-id`), or names by its own id."""
        found = []
        if self.attrs.get("id", "").startswith("src-"):
            found.append(self.attrs["id"][4:])
        href = self.attrs.get("href", "")
        if self.tag == "a" and "#src-" in href:
            found.append(href.split("#src-", 1)[1])
        for child in self.children:
            if isinstance(child, Node) and not (stop_at_blocks and child.tag in BLOCKS):
                found += child.cited(stop_at_blocks)
        return found


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def skipped(node: Node) -> bool:
    """Inside something that is not the page's own text (popup texts, 'cite this page', code)."""
    while node is not None:
        if node.tag in SKIP_TAGS or node.classes & SKIP_CLASSES:
            return True
        node = node.parent
    return False


def parse_html(text: str) -> Node:
    """A page as a tree of `Node`s: enough to walk a built page's blocks and links."""
    parser = _Tree()
    parser.feed(text)
    return parser.root



# ---- a writable copy of content/ -----------------------------------------------


class Tree:
    """A writable copy of content/, with helpers to break it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        shutil.copytree(ROOT / "content", self.content)

    def path(self, name: str) -> Path:
        return self.content / name

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def data(self, name: str):
        return yaml.safe_load(self.text(name))

    def line(self, name: str, pattern: str, after: int = 0) -> int:
        """1-based number of the first line matching `pattern` after line `after`."""
        for number, line in enumerate(self.text(name).splitlines(), start=1):
            if number > after and re.search(pattern, line):
                return number
        raise AssertionError(f"no line matching {pattern!r} in {name}")

    def replace_line(self, name: str, pattern: str, new: str, after: int = 0) -> int:
        """Replace the first line matching `pattern` (after line `after`); return its number."""
        number = self.line(name, pattern, after)
        self.set_line(name, number, new)
        return number

    def set_line(self, name: str, number: int, new: str) -> None:
        lines = self.text(name).splitlines(keepends=True)
        lines[number - 1] = new + "\n"
        self.path(name).write_text("".join(lines), encoding="utf-8")

    def insert_after(self, name: str, pattern: str, new: str) -> int:
        """Insert the line `new` after the first line matching `pattern`; return the new line's number."""
        number = self.line(name, pattern)
        lines = self.text(name).splitlines(keepends=True)
        lines.insert(number, new + "\n")
        self.path(name).write_text("".join(lines), encoding="utf-8")
        return number + 1

    def append(self, name: str, text: str) -> int:
        """Append `text`; return the line number its first line gets."""
        current = self.text(name)
        if not current.endswith("\n"):
            current += "\n"
        self.path(name).write_text(current + text, encoding="utf-8")
        return current.count("\n") + 1

    @property
    def sections(self) -> list[str]:
        return sorted(f"sections/{p.name}" for p in self.path("sections").glob("*.md"))

    def body_append(self, section: str, paragraph: str) -> int:
        """Add a paragraph at the end of a section body; return its line."""
        return self.append(section, "\n" + paragraph + "\n") + 1

    def error(self, **options) -> str:
        with pytest.raises(ContentError) as caught:
            Loader(self.content, self.root, **options).load()
        message = caught.value.message
        assert "\n" not in message and "\r" not in message
        return message

    def loads(self, **options) -> None:
        Loader(self.content, self.root, **options).load()


