"""Property-based tests (Hypothesis): bad input ends in a ContentError, never a crash.

Each target either succeeds or raises the project's own `ContentError`; any other
exception fails the test. Where content gets through, the rendered HTML is checked
too: no `<script>`, no event-handler attribute, no script address.

Example counts are fixed and the runs derandomized, so CI runs the same examples
every time (settings below, N = max_examples):

- loader, arbitrary YAML-ish text in any content file:     N = 200
- loader, arbitrary YAML structures in place of a field:    N = 200
- loader, arbitrary section file (front matter and body):   N = 150
- term matcher, arbitrary text and term lists:              N = 1000
- Markdown extension, arbitrary Markdown bodies, rendered:  N = 150
- renderer, arbitrary strings in text fields, every page:   N = 100

1,800 examples in all: about 30 s of CPU time on the 2-core development machine.
"""

from __future__ import annotations

import functools
import html.parser
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from build_tools.errors import ContentError
from build_tools.content.loader import Loader
from build_tools.markup.extension import ExplainerExtension
from build_tools.render.pages import Renderer
from build_tools.syntax.safety import SafetyExtension, unsafe_url
from build_tools.publish.site import Site
from build_tools.syntax import dialect
from build_tools.markup.terms import TermMatcher, _normalise
from tests.conftest import ROOT


def fuzz(n: int):
    return settings(max_examples=n, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


YAML_FILES = ["explainer.yml", "glossary.yml", "quotes.yml", "sources.yml", "timeline.yml", "provisions.yml",
              "documents.yml", "updates.yml", "corrections.yml", "strings/en.yml"]

# ---------------------------------------------------------------- strategies

YAML_TOKENS = [":", ": ", "-", "- ", "  ", "    ", "\n", "\n  ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!binary ",
               "!!python/object:os.system ", "|", ">-", "'", '"', "#", "%YAML 1.1\n", "---\n", "...\n", "?", "@", "`",
               "\t", "~", "null", "true", "0x1F", "1e999", "2025-13-45", "2025-11-21", "id", "term", "terms", "sources",
               "definition", "aliases", "text", "\\", "\u00e9", "\u2028", "\ufeff", "\x00", "\x85"]
yaml_ish = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=8)), max_size=40).map("".join),
)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.dates().map(str), st.sampled_from(["", " ", "[@axios-2025-11-21]", "[@nope]", "NATO", "https://x.y/"]))
structures = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)), max_leaves=12)

MARKDOWN_TOKENS = [
    "\n", "\n\n", "# ", "## ", "### ", "- ", "* ", "1. ", "> ", "    ", "`", "``", "```", "*", "**", "_", "[", "]", "(",
    ")", "](", "]: ", "[@axios-2025-11-21]", "[@caliber-2025-11-21]", "[@no-such-id]", "[[quote:trigger-clause]]", "[[provision:trigger]]", "[[x]]",
    "{: ", "}", "{: .cls }", "{: #id }", "{: onclick=x }", "{: href=javascript:x }", "<", ">", "<b>", "</b>",
    "<script>", "</script>", "<img src=x onerror=1>", "<!--", "-->", "<https://example.org/>", "&amp;", "&", "&#x3c;",
    "|", "| a | b |\n| --- | --- |\n", "!!! note\n    ", "NATO", "Article 5", "article five", "armistice line",
    "security guarantees", "glossary.md#nato", "glossary.md#nope", "core-agreement.md", "nope.md", "#anchor",
    "https://example.org", "javascript:alert(1)", "data:text/html,x", '"', "'", "\\", ":", "\t", "\u00a0", "\u0130",
    "\u00df", "\ufb01", "\u2028", "\x02", "\x03", "\x00", "\U0001f600", "e\u0301",
]
markdownish = st.lists(st.one_of(st.sampled_from(MARKDOWN_TOKENS), st.text(max_size=10)), max_size=50).map("".join)
PAYLOADS = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">', "</script>",
            "{{ 7*7 }}", "{% raw %}", "[x](javascript:alert(1))", "*a*", "`", "\\", "&lt;b&gt;", "]]>", "---"]
field_text = st.one_of(markdownish, st.text(max_size=60),
                       st.lists(st.sampled_from(PAYLOADS + MARKDOWN_TOKENS), min_size=1, max_size=8).map(" ".join))

# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "content", root / "content")
    return root / "content"


@contextmanager
def replaced(path: Path, text: str | bytes) -> Iterator[None]:
    """`path` holds `text` inside the block and its own content again after."""
    original = path.read_bytes()
    try:
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        yield
    finally:
        path.write_bytes(original)


def load(content_dir: Path) -> Any:
    """The loader's result, or None after a ContentError (any other exception escapes)."""
    try:
        loaded = Loader(content_dir, content_dir.parent).load()
    except ContentError as error:
        assert "\n" not in error.message and error.message.startswith("content/")
        event(f"refused: {error.problem.split(' ')[0:3]}")
        return None
    event("loaded")
    return loaded


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "style", "base", "meta", "link", "form"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self.problems.append(f"<{tag} {name}>")
            elif name in ("href", "src", "action", "formaction") and value and unsafe_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>")


def assert_inert(html_text: str) -> None:
    parser = _Tags()
    parser.feed(html_text)
    parser.close()
    assert parser.problems == [], parser.problems


def render_site(content_dir: Path) -> list[str] | None:
    """Every page's HTML as the build makes it, or None after a ContentError."""
    try:
        site = Site(content_dir, site_name="Fuzz", site_url="https://example.org/fuzz/", root=content_dir.parent)
        pages = []
        for page in site.pages:
            document = site.document(page)
            _, _, body = document.partition("\n---\n")
            md = dialect.converter(site.extension, SafetyExtension())
            site.begin(page)
            pages.append(md.convert(site.body(page) if page.late else body))
        return pages
    except ContentError as error:
        assert "\n" not in error.message
        event("refused")
        return None


@functools.cache
def parsed(path: Path) -> Any:
    """A content file's data as committed (read once: examples change copies of it, never it)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def dumped(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def set_at(data: Any, path: list[Any], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        copy = dict(data)
        copy[head] = set_at(copy.get(head), rest, value)
        return copy
    copy_list = list(data)
    copy_list[head] = set_at(copy_list[head], rest, value)
    return copy_list


@st.composite
def path_into(draw: st.DrawFn, data: Any) -> list[Any]:
    """A path to some node of `data` (a key may also be a new one)."""
    path: list[Any] = []
    node = data
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        if isinstance(node, dict):
            key = draw(st.one_of(st.sampled_from(sorted(node, key=str)), st.text(min_size=1, max_size=8)))
            path.append(key)
            node = node.get(key)
        else:
            index = draw(st.integers(0, len(node) - 1))
            path.append(index)
            node = node[index]
    return path


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


# ---------------------------------------------------------------- the loader


@fuzz(200)
@given(name=st.sampled_from(YAML_FILES), text=yaml_ish)
def test_loader_on_arbitrary_yaml_text(content: Path, name: str, text: str) -> None:
    with replaced(content / name, text):
        load(content)


@fuzz(200)
@given(data=st.data(), name=st.sampled_from(YAML_FILES), value=structures)
def test_loader_on_arbitrary_structures(content: Path, data: st.DataObject, name: str, value: Any) -> None:
    original = parsed(content / name)
    changed = set_at(original, data.draw(path_into(original)), value)
    with replaced(content / name, dumped(changed)):
        load(content)


@fuzz(150)
@given(data=st.data(), value=structures, body=st.one_of(markdownish, st.text(max_size=200)),
       raw_front=st.one_of(st.none(), yaml_ish))
def test_loader_on_arbitrary_section_files(content: Path, data: st.DataObject, value: Any, body: str,
                                           raw_front: str | None) -> None:
    section = sorted((content / "sections").glob("*.md"))[-1]
    meta, _ = front_matter(section.read_text(encoding="utf-8"))
    if raw_front is None:
        front = dumped(set_at(meta, data.draw(path_into(meta)), value))
    else:
        front = raw_front + "\n"
    with replaced(section, f"---\n{front}---\n{body}"):
        load(content)


# ---------------------------------------------------------------- the term matcher

term_forms = st.lists(st.tuples(st.one_of(st.text(max_size=12), st.sampled_from(["NATO", "Article 5", "a", " ", "İ", "ß"])),
                                st.sampled_from(["t1", "t2", "t3"])), max_size=8)


@fuzz(1000)
@given(forms=term_forms, text=st.one_of(st.text(max_size=200), markdownish))
def test_term_matcher_on_arbitrary_text(forms: list[tuple[str, str]], text: str) -> None:
    matcher = TermMatcher(forms)
    keys = {_normalise(form) for form, _ in forms}
    position = 0
    for match in matcher.find(text):
        assert position <= match.start < match.end <= len(text)
        assert match.term_id in {term_id for _, term_id in forms}
        assert _normalise(text[match.start : match.end]) in keys
        position = match.end


# ---------------------------------------------------------------- the Markdown extension and the renderer


@fuzz(150)
@given(body=st.one_of(markdownish, st.text(max_size=200)))
def test_markdown_bodies_render_or_are_refused(content: Path, body: str) -> None:
    """Through the loader first (as a build does); what it lets through renders, inert."""
    section = sorted((content / "sections").glob("*.md"))[-1]
    original = section.read_text(encoding="utf-8")
    head = original[: original.index("---\n", 4) + 4]
    with replaced(section, head + body):
        loaded = load(content)
    if loaded is None:
        return
    renderer = Renderer(loaded, site_name="Fuzz", site_url="https://example.org/fuzz/")
    spec = next(p for p in renderer.pages() if p.section is not None and p.section.path.endswith(section.name))
    extension = ExplainerExtension({t.id: t for t in loaded.terms}, loaded.sources, loaded.strings)
    extension.page = spec.ref
    document = renderer.document(spec)
    md = dialect.converter(extension, SafetyExtension())
    assert_inert(md.convert(document.partition("\n---\n")[2]))


FIELDS = [
    ("glossary.yml", ["terms", 0, "term"]),
    ("glossary.yml", ["terms", 0, "definition"]),
    ("glossary.yml", ["terms", 0, "aliases"]),
    ("glossary.yml", ["terms", 1, "note"]),
    ("explainer.yml", ["title"]),
    ("explainer.yml", ["description"]),
    ("explainer.yml", ["status"]),
    ("explainer.yml", ["key_points", 0]),
    ("explainer.yml", ["known", 0]),
    ("quotes.yml", ["quotes", 0, "attribution", "who"]),
    ("quotes.yml", ["quotes", 0, "attribution", "outlet"]),
    ("quotes.yml", ["quotes", 0, "paraphrase_note"]),
    ("quotes.yml", ["quotes", 0, "compare", "differences", 0]),
    ("sources.yml", ["sources", 0, "outlet"]),
    ("sources.yml", ["sources", 0, "title"]),
    ("sources.yml", ["sources", 9, "via"]),
    ("timeline.yml", ["events", 0, "text"]),
    ("provisions.yml", ["provisions", 0, "label"]),
    ("provisions.yml", ["provisions", 0, "cells", "us-draft-2025-11"]),
    ("documents.yml", ["documents", 0, "title"]),
    ("documents.yml", ["documents", 0, "status", "text"]),
    ("updates.yml", ["updates", 0, "text"]),
    ("corrections.yml", ["corrections", 0, "why"]),
]


@fuzz(100)
@given(field=st.sampled_from(FIELDS), text=field_text, as_list=st.booleans())
def test_renderer_on_arbitrary_field_strings(content: Path, field: tuple[str, list[Any]], text: str,
                                             as_list: bool) -> None:
    name, path = field
    original = parsed(content / name)
    value: Any = [text] if path[-1] == "aliases" or as_list and path[-1] in ("key_points", "known") else text
    changed = set_at(original, path, value)
    with replaced(content / name, dumped(changed)):
        pages = render_site(content)
    for page_html in pages or []:
        assert_inert(page_html)


def test_fuzz_helpers_notice_unsafe_html() -> None:
    with pytest.raises(AssertionError):
        assert_inert('<p onclick="x">a</p>')
    with pytest.raises(AssertionError):
        assert_inert('<a href="javascript:alert(1)">a</a>')
    with pytest.raises(AssertionError):
        assert_inert("<script>alert(1)</script>")
    assert_inert('<p>&lt;script&gt;</p><a href="https://example.org/">ok</a>')
