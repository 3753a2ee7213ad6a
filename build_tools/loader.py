"""Load `content/`, validate it against the model, and cross-check references.

Every mistake becomes a `ContentError` naming the file, the line and the field.
Nothing here writes anything: it runs before any output folder is touched.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from build_tools import markers, safety
from build_tools.errors import ContentError, display_path, field_name, shorten
from build_tools.model import (
    ComparisonTable,
    Content,
    Corrections,
    ExplainerMeta,
    Glossary,
    Quote,
    Section,
    SectionMeta,
    Sources,
    Timeline,
)
from build_tools.yamlsrc import FieldPath, Located, load_markdown, load_yaml

M = TypeVar("M", bound=BaseModel)

# Pages the generator makes itself; a section slug may not take one of these URLs.
RESERVED_SLUGS = frozenset({"index", "glossary", "sources", "timeline", "comparison", "about", "404", "assets", "search"})


_MESSAGES = {
    "missing": ("is missing", "Add it; see the content format in README.md"),
    "extra_forbidden": ("is not a known field", "Check its spelling or remove it; see the content format in README.md"),
    "string_type": ("must be text", "Write it as text, in quotes if it contains a colon"),
    "list_type": ("must be a list", "Write one '- item' per line under it"),
    "dict_type": ("must be a mapping", "Write 'key: value' lines under it"),
    "model_type": ("must be a mapping", "Write 'key: value' lines under it"),
    "bool_type": ("must be true or false", "Write true or false"),
    "bool_parsing": ("must be true or false", "Write true or false"),
    "string_pattern_mismatch": ("must use only lowercase letters, digits and single hyphens", "Rename it, e.g. 'article-5'"),
}


def _error(located: Located, err: dict[str, Any], prefix: FieldPath = ()) -> ContentError:
    where: FieldPath = (*prefix, *err["loc"])
    # Skip pydantic's union branch names (e.g. 'str', 'function-after[...]') in the field path.
    where = tuple(p for p in where if isinstance(p, int) or not any(c in p for c in "[]()") and p not in {"str", "none"})
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind in _MESSAGES:
        problem, fix = _MESSAGES[kind]
    elif kind == "string_too_long":
        problem = f"is {len(value)} characters long, over the limit of {ctx['max_length']}"
        fix = f"Shorten it to {ctx['max_length']} characters or fewer"
        if where and where[-1] == "definition":
            fix += "; put detail in 'note'"
    elif kind in {"string_too_short", "too_short"} and not value:
        problem, fix = "is empty", "Fill it in"
    elif kind == "too_short":
        problem, fix = f"has {len(value)} items, fewer than {ctx['min_length']}", f"Give at least {ctx['min_length']}"
    elif kind == "too_long":
        problem, fix = f"has {len(value)} items, more than {ctx['max_length']}", f"Give at most {ctx['max_length']}"
    elif kind == "literal_error" and not isinstance(value, str):
        problem, fix = f"must be one of {ctx['expected']}", "Write one of those words"
    elif kind == "literal_error":
        problem, fix = f"is '{shorten(value)}', not one of {ctx['expected']}", "Use one of those words"
    elif kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        problem, _, fix = message.partition("; ")
    else:
        problem, fix = err["msg"], "See the content format in README.md"
    return ContentError(located.path, problem, fix, line=located.line(where), field=field_name(where))


def validate(model: type[M], located: Located, data: Any = None, prefix: FieldPath = ()) -> M:
    """`model` from `located` data; the first schema error becomes a ContentError."""
    try:
        return model.model_validate(located.data if data is None else data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key is both unknown and missing: name the misspelling, and the key it was meant to be.
        for err in errors:
            if err["type"] == "extra_forbidden":
                parent = err["loc"][:-1]
                missing = [str(e["loc"][-1]) for e in errors if e["type"] == "missing" and e["loc"][:-1] == parent]
                error = _error(located, err, prefix)
                close = difflib.get_close_matches(str(err["loc"][-1]), missing, n=1)
                if close:
                    error.fix = f"Did you mean '{close[0]}'? See the content format in README.md"
                raise error from None
        raise _error(located, errors[0], prefix) from None


class Loader:
    """Reads one content folder. Paths in messages are shown relative to `root`."""

    def __init__(self, content_dir: Path, root: Path | None = None, language: str = "en", allow_html: bool = False) -> None:
        self.dir = content_dir
        self.root = root or content_dir.parent
        self.language = language
        self.allow_html = allow_html

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def _yaml(self, name: str) -> Located:
        path = self.dir / name
        located = load_yaml(path, self.shown(path))
        check_fields(located)
        return located

    def load(self) -> Content:
        sources_src = self._yaml("sources.yml")
        sources = validate(Sources, sources_src).sources
        by_id: dict[str, Any] = {}
        for index, source in enumerate(sources):
            if source.id in by_id:
                raise ContentError(
                    sources_src.path, f"source id '{source.id}' is used twice", "Give each source its own id",
                    line=sources_src.line(("sources", index, "id")), field=f"sources[{index}].id",
                )
            by_id[source.id] = source
        refs = _References(by_id)

        explainer_src = self._yaml("explainer.yml")
        explainer = validate(ExplainerMeta, explainer_src)
        for key in ("key_points", "known", "unknown", "status"):
            refs.check_text(explainer_src, (key,), getattr(explainer, key))

        glossary_src = self._yaml("glossary.yml")
        terms = validate(Glossary, glossary_src).terms
        _check_terms(glossary_src, terms, refs)

        quote_src = self._yaml("quote.yml")
        quote = validate(Quote, quote_src)
        _check_quote(quote_src, quote, refs)

        timeline_src = self._yaml("timeline.yml")
        timeline = validate(Timeline, timeline_src).events
        for index, event in enumerate(timeline):
            refs.check_ids(timeline_src, ("events", index, "sources"), event.sources)
            refs.check_text(timeline_src, ("events", index, "text"), event.text)
            if event.end is not None and event.end < event.date:
                raise ContentError(timeline_src.path, "ends before it starts", "Swap 'date' and 'end'",
                                   line=timeline_src.line(("events", index, "end")), field=f"events[{index}].end")

        comparison_src = self._yaml("comparison.yml")
        comparison = validate(ComparisonTable, comparison_src).rows
        for index, row in enumerate(comparison):
            refs.check_text(comparison_src, ("rows", index), [row.draft, row.article5])

        corrections_src = self._yaml("corrections.yml")
        corrections = validate(Corrections, corrections_src).corrections
        for index, correction in enumerate(corrections):
            refs.check_text(corrections_src, ("corrections", index), [correction.claim, correction.why])

        strings_src = self._yaml(f"strings/{self.language}.yml")
        strings = _check_strings(strings_src)

        sections = self._sections(refs, {t.id for t in terms})
        refs.check_ids(quote_src, ("attribution", "source"), [quote.attribution.source])
        refs.check_ids(quote_src, ("compare", "source"), [quote.compare.source])

        return Content(
            explainer=explainer,
            sections=tuple(sections),
            terms=tuple(terms),
            quote=quote,
            sources=by_id,
            timeline=tuple(sorted(timeline, key=lambda e: e.date)),
            comparison=tuple(comparison),
            corrections=tuple(corrections),
            strings=strings,
        )

    def _sections(self, refs: _References, term_ids: set[str]) -> list[Section]:
        folder = self.dir / "sections"
        paths = sorted(folder.glob("*.md"))
        if not paths:
            raise ContentError(self.shown(folder), "has no sections", "Add a Markdown file such as 01-core-agreement.md")
        sections: list[Section] = []
        slugs: dict[str, str] = {}
        titles: dict[str, str] = {}
        for path in paths:
            shown = self.shown(path)
            file = load_markdown(path, shown)
            check_fields(file.front)
            meta = validate(SectionMeta, file.front)
            section = Section(meta=meta, body=file.body, path=shown, body_line=file.body_line)
            for seen, value, field in ((slugs, meta.slug, "slug"), (titles, meta.title.casefold(), "title")):
                if value in seen:
                    raise ContentError(shown, f"{field} '{getattr(meta, field)}' is already used by {seen[value]}",
                                       f"Give each section its own {field}", line=file.front.line((field,)), field=field)
                seen[value] = shown
            if meta.slug in RESERVED_SLUGS:
                raise ContentError(shown, f"slug '{meta.slug}' is the address of a generated page", "Choose another slug",
                                   line=file.front.line(("slug",)), field="slug")
            refs.check_ids(file.front, ("sources",), meta.sources)
            for key in ("key_points", "summary"):
                refs.check_text(file.front, (key,), getattr(meta, key))
            sections.append(section)
        pages = {s.slug for s in sections} | RESERVED_SLUGS
        for section in sections:
            _check_body(section, refs, pages, term_ids, self.allow_html)
        return sections


class _References:
    """Checks that every source id a piece of content names exists."""

    def __init__(self, sources: dict[str, Any]) -> None:
        self.sources = sources

    def unknown(self, source_id: str, shown: str, line: int | None, field: str) -> ContentError:
        known = ", ".join(sorted(self.sources)[:6])
        return ContentError(shown, f"unknown source id '{source_id}'",
                            f"Use an id from content/sources.yml (e.g. {known}) or add the source there",
                            line=line, field=field)

    def check_ids(self, located: Located, where: FieldPath, ids: Iterable[str]) -> None:
        for index, source_id in enumerate(ids):
            if source_id not in self.sources:
                item = (*where, index) if located.line((*where, index)) else where
                raise self.unknown(source_id, located.path, located.line(item), field_name(where))

    def check_text(self, located: Located, where: FieldPath, texts: str | Iterable[str]) -> None:
        for index, text in enumerate([texts] if isinstance(texts, str) else texts):
            for match in markers.CITATION.finditer(text):
                if match.group(1) not in self.sources:
                    item = where if isinstance(texts, str) else (*where, index)
                    raise self.unknown(match.group(1), located.path, located.line(item), field_name(where))


def _check_terms(located: Located, terms: list[Any], refs: _References) -> None:
    ids: dict[str, int] = {}
    forms: dict[str, str] = {}
    for index, term in enumerate(terms):
        where = ("terms", index)
        if term.id in ids:
            raise ContentError(located.path, f"term id '{term.id}' is used twice", "Give each term its own id",
                               line=located.line((*where, "id")), field=f"terms[{index}].id")
        ids[term.id] = index
        for position, form in enumerate(term.forms):
            key = " ".join(form.casefold().split())
            field = "term" if position == 0 else f"aliases[{position - 1}]"
            line = located.line((*where, "term") if position == 0 else (*where, "aliases", position - 1))
            if key in forms:
                owner = forms[key]
                problem = (f"'{form}' is listed twice for this term" if owner == term.id
                           else f"'{form}' is already a form of term '{owner}'")
                raise ContentError(located.path, problem, "Keep one; a word can belong to only one term",
                                   line=line, field=f"terms[{index}].{field}")
            if not any(c.isalnum() for c in key):
                raise ContentError(located.path, f"'{form}' has no letters or digits", "Write the term as it appears in text",
                                   line=line, field=f"terms[{index}].{field}")
            forms[key] = term.id
        if term.source is not None:
            refs.check_ids(located, (*where, "source"), [term.source])
        if term.note:
            refs.check_text(located, (*where, "note"), term.note)


def _check_quote(located: Located, quote: Quote, refs: _References) -> None:
    words = {w.casefold() for w in re.findall(r"[\w'-]+", quote.text)}
    for word in quote.annotations:
        if word.casefold() not in words:
            raise ContentError(located.path, f"annotated word '{word}' is not in the quote text",
                               "Annotate only words that appear in 'text'", line=located.line(("annotations", word)),
                               field=f"annotations.{word}")
    refs.check_text(located, ("compare", "differences"), quote.compare.differences)
    if quote.paraphrase_note:
        refs.check_text(located, ("paraphrase_note",), quote.paraphrase_note)


class Strings(dict[str, str]):
    """UI strings; a label a template asks for but the file lacks is a content error, not a crash."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def __missing__(self, key: str) -> str:
        raise ContentError(self.path, "is missing", "Add it: every label the pages use needs a line in this file",
                           field=str(key))


def _check_strings(located: Located) -> dict[str, str]:
    strings = Strings(located.path)
    for key, value in located.data.items():
        if not isinstance(value, str) or not value.strip():
            raise ContentError(located.path, "must be non-empty text", "Write the text for this label",
                               line=located.line((key,)), field=str(key))
        strings[str(key)] = value
    return strings


def _body_lines(section: Section) -> Iterator[tuple[int, str]]:
    """Lines of a body outside fenced code blocks, with their line numbers in the file."""
    fence: str | None = None
    for offset, line in enumerate(section.body.splitlines()):
        stripped = line.lstrip()
        if fence is None and (stripped.startswith("```") or stripped.startswith("~~~")):
            fence = stripped[:3]
            continue
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        yield section.body_line + offset, _CODE_SPAN.sub("", line) if "`" in line else line


_CODE_SPAN = re.compile(r"`[^`]*`")


_LINK = re.compile(r"\]\(\s*([^)\s]+)")


def _check_body(section: Section, refs: _References, pages: set[str], term_ids: set[str], allow_html: bool) -> None:
    if not section.body.strip():
        raise ContentError(section.path, "has no body text", "Write the section below the front matter")
    for line_no, line in _body_lines(section):
        # Most lines hold none of the three: a substring test is much cheaper than a search.
        for match in markers.CITATION.finditer(line) if "[@" in line else ():
            if match.group(1) not in refs.sources:
                raise refs.unknown(match.group(1), section.path, line_no, "body")
        for match in markers.BLOCK.finditer(line) if "[[" in line else ():
            if match.group(1) not in markers.BLOCKS:
                raise ContentError(section.path, f"unknown block '[[{match.group(1)}]]'",
                                   f"Use one of: {', '.join(f'[[{b}]]' for b in markers.BLOCKS)}", line=line_no, field="body")
        for match in _LINK.finditer(line) if "](" in line else ():
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # external (https:, mailto:)
            page, _, anchor = target.partition("#")
            name = page.removesuffix(".md").strip("/") or section.slug
            if page and not page.endswith(".md") or name not in pages:
                raise ContentError(section.path, f"link to unknown page '{target}'",
                                   f"Link to one of: {', '.join(sorted(p + '.md' for p in pages - {'404', 'assets', 'search'}))}",
                                   line=line_no, field="body")
            if name == "glossary" and anchor and anchor not in term_ids:
                raise ContentError(section.path, f"link to unknown glossary term '#{anchor}'",
                                   "Use a term id from content/glossary.yml", line=line_no, field="body")
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
_MARKDOWN_HINT = re.compile(r"\{|\]\s*[(:\[]")
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
