"""Read YAML and Markdown-with-front-matter files, keeping line numbers for messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.errors import CONTENT_FORMAT, ContentError, field_name, shorten

FieldPath = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed data plus the line of every key and item, for error messages."""

    data: Any
    path: str  # as shown to the maintainer
    lines: dict[FieldPath, int] = field(default_factory=dict)
    line_offset: int = 0
    text: str = ""  # the YAML as written, to find a line inside a long text field
    text_start: int = 1  # the file's line number of the first line of `text`

    def line_within(self, where: FieldPath, needle: str) -> int | None:
        """The line at or after the field's own where `needle` is written (a text can span lines)."""
        start = self.line(where)
        if start is None or not needle:
            return start
        first = start - self.text_start
        for number, line in enumerate(self.text.splitlines()[first:], start=start):
            if needle in line:
                return number
            if number > start and line[:1] not in (" ", "\t", "") :
                break  # the next top-level key: the text has ended
        return start

    def line(self, where: FieldPath) -> int | None:
        """The line of the nearest located ancestor of `where`."""
        while True:
            if where in self.lines:
                return self.lines[where] + self.line_offset
            if not where:
                return None
            where = where[:-1]


class _Repeated(Exception):
    """A node met twice: an alias. The fast loader lets them through; the careful one names the line."""


def _walk(node: yaml.Node, where: FieldPath, lines: dict[FieldPath, int], shown: str, offset: int = 0,
          seen: set[int] | None = None) -> None:
    if seen is not None:
        if id(node) in seen:
            raise _Repeated
        seen.add(id(node))
    lines.setdefault(where, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = (*where, key.value)
                if child in lines:
                    # YAML keeps the last of two equal keys; a maintainer never means that.
                    raise ContentError(shown, f"'{shorten(key.value)}' is written twice in the same block",
                                       "Keep one of them", line=key.start_mark.line + 1 + offset,
                                       field=field_name(child))
                lines[child] = key.start_mark.line + 1 + offset
                _walk(value, child, lines, shown, offset, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*where, index), lines, shown, offset, seen)


class _AliasFound(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as text, so a bad date is our error, not YAML's.

    It refuses aliases (`*name`): they can loop or multiply content, and they hide
    text from the person reading the file.
    """

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 (PyYAML's signature)
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)


_FastLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """libyaml's parser: several times faster on a large glossary; errors go to `_Loader`."""


# Timestamps stay strings: the schema parses them and words the error.
for _cls in (_Loader, _FastLoader):
    if _cls is not None:
        _cls.yaml_implicit_resolvers = {
            key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }


# No content file needs more; a bigger one is a mistake (a pasted log, a binary) and would only
# make the build slow and hungry. A 5 MB section builds in seconds (tests/test_limits.py).
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_text(path: Path, shown: str, required: bool = False) -> str:
    """File text, or a ContentError saying why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and path.is_file():
            raise ContentError(shown, f"is {size / 1024 / 1024:.1f} MB, over the limit of {MAX_FILE_BYTES // 1024 // 1024} MB "
                               "for one content file", "Split it into several files, or remove what was pasted by mistake")
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(shown, f"cannot be read ({exc.strerror})", "Check that the file exists and is readable") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            shown, f"is not valid UTF-8 (byte {exc.start})", "Save the file as UTF-8", line=line
        ) from None
    if not text.strip():
        raise ContentError(shown, "is empty", _FILL_IN if required else _FILL_IN_OR_DELETE)
    return text.removeprefix("\ufeff")


# PyYAML's token names, in words.
_TOKENS = {
    "'<scalar>'": "a value",
    "'<block mapping start>'": "a new key",
    "'<block sequence start>'": "a list",
    "'<block end>'": "the end of the block",
    "'<stream end>'": "the end of the text",
    "<block end>": "the end of the block",
    "<stream end>": "the end of the text",
}


def _unclosed_quote(text: str, error_line: int) -> int | None:
    """The 0-based line, at or before `error_line`, whose double-quoted value is never closed."""
    lines = text.splitlines()
    for number in range(min(error_line, len(lines) - 1), max(error_line - 20, -1), -1):
        value = lines[number].split(":", 1)[1] if ":" in lines[number] else lines[number]
        value = value.replace('\\"', "")
        if value.lstrip().lstrip("- ").startswith('"') and value.count('"') % 2:
            return number
    return None


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Located:
    """YAML text parsed once, with the line of every key and item.

    `line_offset` is the number of lines before `text` in its file (front matter),
    so every line number in `Located.lines` and in errors counts from the file's start.
    """
    if _FastLoader is not None:
        fast = None
        try:
            fast = _FastLoader(text)
            lines: dict[FieldPath, int] = {}
            node = fast.get_single_node()
            if node is not None:
                _walk(node, (), lines, shown, line_offset, seen=set())
            data = fast.construct_document(node) if node is not None else None
            return Located(data=data, path=shown, lines=lines, text=text, text_start=line_offset + 1)
        except (yaml.YAMLError, _Repeated, RecursionError, ValueError):
            pass  # the careful loader below meets the same problem and words it
        finally:
            if fast is not None:
                fast.dispose()
    lines = {}
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is not None:
            _walk(node, (), lines, shown, line_offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        raise ContentError(shown, f"contains the invisible control character U+{exc.character:04X}",
                           "Delete it (it often comes with pasted text)", line=line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        if context and not context.startswith("while"):
            problem = f"{context}, {problem}"
        for token, words in _TOKENS.items():
            problem = problem.replace(token, words)
        fix = "Check indentation, colons and quotes on this line or the one above"
        if mark is not None and (opened := _unclosed_quote(text, mark.line)) is not None:
            # YAML notices an unclosed quote only lines later: name the line where it opened.
            line, fix = opened + 1 + line_offset, "A quotation mark on this line is not closed; close it, or quote the value with ' instead"
        raise ContentError(shown, f"YAML syntax error: {problem}", fix, line=line) from None
    except _AliasFound as found:
        raise ContentError(shown, "uses a YAML alias ('*name') to repeat another value",
                           "Write the value out in full; content files do not use anchors (&) or aliases (*)",
                           line=found.mark.line + 1 + line_offset) from None
    except RecursionError:
        raise ContentError(shown, "is nested too deeply to read", "Content files need only a few levels of indentation") from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise ContentError(shown, f"has a value that cannot be read ({shorten(str(exc).split(':')[0], 80)})",
                           "Put long numbers and codes in quotes, as text") from None
    finally:
        if loader is not None:
            loader.dispose()
    return Located(data=data, path=shown, lines=lines, text=text, text_start=line_offset + 1)


# An empty file: one the explainer needs must be filled in; an optional one may go.
_FILL_IN, _FILL_IN_OR_DELETE = "Fill it in", "Fill it in or delete it"


def load_yaml(path: Path, shown: str, required: bool = False) -> Located:
    located = parse_yaml(read_text(path, shown, required), shown)
    if located.data is None:
        raise ContentError(shown, "has only comments or blank lines", _FILL_IN if required else _FILL_IN_OR_DELETE)
    if not isinstance(located.data, dict):
        raise ContentError(shown, "must be a YAML mapping (key: value lines)", f"See {CONTENT_FORMAT}", line=1)
    return located


@dataclass
class MarkdownFile:
    front: Located
    body: str
    body_line: int  # line number of the body's first line in the file


def load_markdown(path: Path, shown: str) -> MarkdownFile:
    """A Markdown file that starts with a `---` front-matter block."""
    text = read_text(path, shown)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(shown, "has no front matter", "Start the file with a line '---', the YAML fields, and another '---'", line=1)
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            break
    else:
        raise ContentError(shown, "front matter is not closed", "Add a line '---' after the YAML fields", line=1)
    front = parse_yaml("".join(lines[1:end]), shown, line_offset=1)
    if not isinstance(front.data, dict):
        raise ContentError(shown, "front matter must be YAML key: value lines", f"See {CONTENT_FORMAT}", line=2)
    return MarkdownFile(front=front, body="".join(lines[end + 1 :]), body_line=end + 2)
