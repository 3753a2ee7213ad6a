"""Load `content/`, validate it against the model, and cross-check references.

Every mistake becomes a `ContentError` naming the file, the line and the field.
Nothing here writes anything: it runs before any output folder is touched.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from build_tools.errors import ContentError, display_path
from build_tools.content.model import (
    Content,
    Correction,
    Corrections,
    ExplainerMeta,
    Glossary,
    Section,
    SectionMeta,
    Sources,
    generated_pages,
    Timeline,
    Term,
    TimelineEvent,
    Update,
    Updates,
)
from build_tools.content.markdown_checks import check_body, check_fields, section_anchors
from build_tools.content.files import section_files
from build_tools.content.lines import body_lines, forget_body_lines
from build_tools.syntax import markers
from build_tools.content.schema import References, validate
from build_tools.content.story import Quotations as _Quotations
from build_tools.content.story import check_timeline as _check_timeline
from build_tools.content.story import documents as _documents
from build_tools.content.story import provisions as _provisions
from build_tools.content.story import quotes as _quotes
from build_tools.content.yamlsrc import Located, load_markdown, load_yaml


# The generator's labels for the pages, one file per language (package data).
DEFAULT_STRINGS = Path(__file__).resolve().parents[1] / "strings"

# Pages the generator makes itself; a section slug may not take one of these URLs.
RESERVED_SLUGS = frozenset({"index", "glossary", "sources", "timeline", "comparison", "about", "404", "assets", "search"})


class Loader:
    """Reads one content folder. Paths in messages are shown relative to `root`."""

    def __init__(self, content_dir: Path, root: Path | None = None, language: str = "en", allow_html: bool = False,
                 default_strings: Path | None = DEFAULT_STRINGS) -> None:
        self.dir = content_dir
        self.default_strings = default_strings
        self.root = root or content_dir.parent
        self.language = language
        self.allow_html = allow_html

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def _strings(self) -> dict[str, str]:
        """The generator's labels for the language, with the explainer's own changes over them.

        A language the generator has no labels for takes them all from the explainer's file.
        """
        own = self.dir / "strings" / f"{self.language}.yml"
        defaults = self.default_strings / f"{self.language}.yml" if self.default_strings else None
        if defaults is None or not defaults.exists():
            strings = Strings(self.shown(own))
            _add_strings(strings, self._yaml(f"strings/{self.language}.yml"))
            return strings
        strings = Strings(self.shown(own) if own.exists() else display_path(defaults, self.root))
        _add_strings(strings, load_yaml(defaults, display_path(defaults, self.root)))
        if own.exists():
            _add_strings(strings, self._yaml(f"strings/{self.language}.yml", required=False), known=set(strings))
        return strings

    def _yaml(self, name: str, required: bool = True) -> Located:
        path = self.dir / name
        located = load_yaml(path, self.shown(path), required)
        check_fields(located)
        return located

    def _optional(self, name: str) -> Located | None:
        """An optional file: absent is fine; present (even as a broken link) is read and checked."""
        path = self.dir / name
        return self._yaml(name, required=False) if path.exists() or path.is_symlink() else None

    def load(self) -> Content:
        if not self.dir.is_dir():
            raise ContentError(self.shown(self.dir), "is not a folder of content",
                               "Point content_dir (under the explainer plugin in mkdocs.yml) or --content at the "
                               "folder that holds sources.yml and sections/, or start one with python -m build_tools new")
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
        refs = References(by_id)
        quoted = _Quotations(by_id)

        explainer_src = self._yaml("explainer.yml")
        explainer = validate(ExplainerMeta, explainer_src)
        for key in ("key_points", "known", "unknown", "status"):
            refs.check_text(explainer_src, (key,), getattr(explainer, key) or [])
        quoted.check_fields(explainer_src)

        terms: list[Term] = []
        if (glossary_src := self._optional("glossary.yml")) is not None:
            terms = validate(Glossary, glossary_src).terms
            _check_terms(glossary_src, terms, refs)
            quoted.check_fields(glossary_src)

        documents = _documents(self._optional("documents.yml"), refs, quoted)
        quotes = _quotes(self._optional("quotes.yml"), refs, quoted, documents)
        provisions = _provisions(self._optional("provisions.yml"), refs, quoted, documents)

        timeline: list[TimelineEvent] = []
        if (timeline_src := self._optional("timeline.yml")) is not None:
            timeline = validate(Timeline, timeline_src).events
            _check_timeline(timeline_src, timeline, refs, documents)
            quoted.check_fields(timeline_src)

        corrections: list[Correction] = []
        if (corrections_src := self._optional("corrections.yml")) is not None:
            corrections = validate(Corrections, corrections_src).corrections
            for index, correction in enumerate(corrections):
                refs.check_text(corrections_src, ("corrections", index), [correction.claim, correction.why])
            quoted.check_fields(corrections_src)

        updates: list[Update] = []
        if (updates_src := self._optional("updates.yml")) is not None:
            updates = validate(Updates, updates_src).updates
            for index, update in enumerate(updates):
                refs.check_text(updates_src, ("updates", index, "text"), update.text)
            quoted.check_fields(updates_src)
        if explainer.updated is None and not updates:
            raise ContentError(explainer_src.path, "'updated' is missing and there is no updates log",
                               "Add 'updated: YYYY-MM-DD' (the day the site was last edited) or content/updates.yml",
                               field="updated")

        strings = self._strings()

        blocks = {"quote": quotes, "provision": {row.id: row for row in provisions.rows} if provisions else {}}
        try:
            generated = generated_pages(timeline, provisions, terms)
            sections = self._sections(refs, {t.id for t in terms}, blocks, quoted, generated)
        finally:
            forget_body_lines()
        quoted.check_fields(sources_src, skip=("excerpts",))

        return Content(
            explainer=explainer,
            sections=tuple(sections),
            terms=tuple(terms),
            sources=by_id,
            strings=strings,
            documents=documents,
            quotes=quotes,
            provisions=provisions,
            timeline=tuple(sorted(timeline, key=lambda e: e.date)),
            corrections=tuple(corrections),
            updates=tuple(sorted(updates, key=lambda u: u.date, reverse=True)),
            source_places={source.id: f"{sources_src.path}:{sources_src.line(('sources', index, 'id'))}"
                           for index, source in enumerate(sources)},
        )

    def _sections(self, refs: References, term_ids: set[str], blocks: Mapping[str, Mapping[str, Any]],
                  quoted: _Quotations, generated: frozenset[str]) -> list[Section]:
        folder = self.dir / "sections"
        paths = section_files(folder, self.shown)
        if not paths:
            raise ContentError(self.shown(folder), "has no sections", "Add a Markdown file such as 01-core-agreement.md")
        sections: list[Section] = []
        fronts: dict[str, Located] = {}
        slugs: dict[str, str] = {}
        titles: dict[str, str] = {}
        for path in paths:
            shown = self.shown(path)
            file = load_markdown(path, shown)
            check_fields(file.front)
            meta = validate(SectionMeta, file.front)
            section = Section(meta=meta, body=file.body, path=shown, body_line=file.body_line)
            section = dataclasses.replace(section, cited=cited_sources(section))
            for seen, value, field in ((slugs, meta.slug, "slug"), (titles, meta.title.casefold(), "title")):
                if value in seen:
                    raise ContentError(shown, f"{field} '{getattr(meta, field)}' is already used by {seen[value]}",
                                       f"Give each section its own {field}", line=file.front.line((field,)), field=field)
                seen[value] = shown
            if meta.slug in RESERVED_SLUGS:
                raise ContentError(shown, f"slug '{meta.slug}' is the address of a generated page", "Choose another slug",
                                   line=file.front.line(("slug",)), field="slug")
            for key in ("title", "summary"):
                if markers.CITATION.search(getattr(meta, key)):
                    raise ContentError(shown, "a citation cannot go here", f"The {key} is also the page's title or "
                                       "description in search results and sharing cards, where a citation cannot be a link; "
                                       "cite in the key points or the body", line=file.front.line((key,)), field=key)
            refs.check_text(file.front, ("key_points",), meta.key_points)
            if meta.sources is not None:
                refs.check_ids(file.front, ("sources",), meta.sources)
            fronts[shown] = file.front
            quoted.check_fields(file.front)
            sections.append(section)
        pages = {s.slug for s in sections} | generated  # the pages the site will have
        anchors = {s.slug: section_anchors(s) for s in sections}
        for section in sections:
            check_body(section, refs, pages, term_ids, blocks, self.allow_html, anchors)
            quoted.check_body(section)
            if section.meta.sources is not None:
                _check_listed_sources(fronts[section.path], section.meta.sources, section.cited)
        return sections


def cited_sources(section: Section) -> tuple[str, ...]:
    """The sources a section cites (key points, then body outside code), in order of first citation."""
    texts = [*section.meta.key_points, *(line for _, line in body_lines(section))]
    return tuple(dict.fromkeys(m.group(1) for text in texts for m in markers.CITATION.finditer(text)))


def _check_listed_sources(located: Located, listed: list[str], cited: tuple[str, ...]) -> None:
    """A `sources` list in front matter must say what the section cites: it is shown as its sources."""
    for source_id in cited:
        if source_id not in listed:
            raise ContentError(located.path, f"source '{source_id}' is cited in this section but not listed",
                               "Add it to 'sources', or remove the list: it is then made from the citations",
                               line=located.line(("sources",)), field="sources")
    for index, source_id in enumerate(listed):
        if source_id not in cited:
            raise ContentError(located.path, f"source '{source_id}' is listed but cited nowhere in this section",
                               "Cite it where the section relies on it, or remove it from 'sources'",
                               line=located.line(("sources", index)), field=f"sources[{index}]")


def _check_terms(located: Located, terms: list[Any], refs: References) -> None:
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


class Strings(dict[str, str]):
    """UI strings; a label a template asks for but the file lacks is a content error, not a crash."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def __missing__(self, key: str) -> str:
        raise ContentError(self.path, "is missing", "Add it: every label the pages use needs a line in this file",
                           field=str(key))


def _add_strings(strings: Strings, located: Located, known: set[str] | None = None) -> None:
    for key, value in located.data.items():
        if known is not None and key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            raise ContentError(located.path, "is not a label the pages use",
                               f"{hint}Use a label from build_tools/strings/ or remove it",
                               line=located.line((key,)), field=str(key))
        if not isinstance(value, str) or not value.strip():
            raise ContentError(located.path, "must be non-empty text", "Write the text for this label",
                               line=located.line((key,)), field=str(key))
        strings[str(key)] = value
