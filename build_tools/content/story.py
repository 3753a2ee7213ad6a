"""Checks for the content that follows a negotiation: documents, provisions across them,
quotes, the timeline, and every quotation against the sources' excerpts.

Each check names the file, the line and the field, and says how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from build_tools.syntax import markers
from build_tools.content import quotations
from build_tools.errors import ContentError, field_name
from build_tools.content.model import (
    NOT_REPORTED,
    Document,
    Documents,
    Provisions,
    ProvisionTable,
    Quote,
    Quotes,
    Section,
    Source,
    TimelineEvent,
)
from build_tools.content.schema import References, validate
from build_tools.content.lines import body_lines
from build_tools.content.yamlsrc import FieldPath, Located


def _unknown_document(located: Located, where: FieldPath, document_id: str, documents: Mapping[str, Document]) -> ContentError:
    known = ", ".join(documents) or "none yet"
    return ContentError(located.path, f"unknown document id '{document_id}'",
                        f"Use an id from content/documents.yml ({known}) or add the document there",
                        line=located.line(where), field=field_name(where))


def documents(located: Located | None, refs: References, quoted: Quotations) -> dict[str, Document]:
    if located is None:
        return {}
    found: dict[str, Document] = {}
    for index, document in enumerate(validate(Documents, located).documents):
        where = ("documents", index)
        if document.id in found:
            raise ContentError(located.path, f"document id '{document.id}' is used twice", "Give each document its own id",
                               line=located.line((*where, "id")), field=field_name((*where, "id")))
        found[document.id] = document
        refs.check_ids(located, (*where, "sources"), document.sources)
        refs.check_text(located, (*where, "status", "text"), document.status.text)
        if document.summary:
            refs.check_text(located, (*where, "summary"), document.summary)
        if (document.text is None) != (document.text_source is None):
            missing = "text_source" if document.text_source is None else "text"
            raise ContentError(located.path, f"'{missing}' is missing", "Give the verbatim 'text' together with "
                               "'text_source', the source that prints it", line=located.line(where), field=field_name(where))
        if document.text is not None and document.text_source is not None:
            refs.check_ids(located, (*where, "text_source"), [document.text_source])
            quoted.check_verbatim(located, (*where, "text"), document.text, document.text_source)
    quoted.check_fields(located, skip=("text",))
    return found


def quotes(located: Located | None, refs: References, quoted: Quotations,
           known_documents: Mapping[str, Document]) -> dict[str, Quote]:
    if located is None:
        return {}
    items = validate(Quotes, located).quotes
    found: dict[str, Quote] = {}
    for index, quote in enumerate(items):
        where = ("quotes", index)
        if quote.id in found:
            raise ContentError(located.path, f"quote id '{quote.id}' is used twice", "Give each quote its own id",
                               line=located.line((*where, "id")), field=field_name((*where, "id")))
        found[quote.id] = quote
        refs.check_ids(located, (*where, "attribution", "source"), [quote.attribution.source])
        quoted.check_verbatim(located, (*where, "text"), quote.text, quote.attribution.source)
        words = {w.casefold() for w in re.findall(r"[\w'-]+", quote.text)}
        for word in quote.annotations:
            if word.casefold() not in words:
                raise ContentError(located.path, f"annotated word '{word}' is not in the quote text",
                                   "Annotate only words that appear in 'text'",
                                   line=located.line((*where, "annotations", word)),
                                   field=field_name((*where, "annotations", word)))
        if quote.paraphrase_note:
            refs.check_text(located, (*where, "paraphrase_note"), quote.paraphrase_note)
        if quote.compare is not None:
            refs.check_text(located, (*where, "compare", "differences"), quote.compare.differences)
    for index, quote in enumerate(items):
        compare = quote.compare
        where = ("quotes", index, "compare")
        if compare is None:
            continue
        if (compare.document is None) == (compare.quote is None):
            raise ContentError(located.path, "names neither or both of 'document' and 'quote'",
                               "Set one: the document or the other quote to show beside this one",
                               line=located.line(where), field=field_name(where))
        if compare.document is not None:
            document = known_documents.get(compare.document)
            if document is None:
                raise _unknown_document(located, (*where, "document"), compare.document, known_documents)
            if document.text is None:
                raise ContentError(located.path, f"document '{compare.document}' has no 'text' to show",
                                   "Add its verbatim 'text' and 'text_source' in content/documents.yml, or compare with a quote",
                                   line=located.line((*where, "document")), field=field_name((*where, "document")))
        if compare.quote is not None and compare.quote not in found:
            raise ContentError(located.path, f"unknown quote id '{compare.quote}'",
                               f"Use an id from this file ({', '.join(found)})",
                               line=located.line((*where, "quote")), field=field_name((*where, "quote")))
    quoted.check_fields(located, skip=("text",))
    return found


def provisions(located: Located | None, refs: References, quoted: Quotations,
               known_documents: Mapping[str, Document]) -> ProvisionTable | None:
    if located is None:
        return None
    table = validate(Provisions, located)
    for index, document_id in enumerate(table.columns):
        if document_id not in known_documents:
            raise _unknown_document(located, ("columns", index), document_id, known_documents)
        if table.columns.index(document_id) != index:
            raise ContentError(located.path, f"column '{document_id}' is listed twice", "List each document once",
                               line=located.line(("columns", index)), field=f"columns[{index}]")
    seen: set[str] = set()
    for index, row in enumerate(table.provisions):
        where = ("provisions", index)
        if row.id in seen:
            raise ContentError(located.path, f"provision id '{row.id}' is used twice", "Give each provision its own id",
                               line=located.line((*where, "id")), field=field_name((*where, "id")))
        seen.add(row.id)
        for document_id in row.cells:
            if document_id not in table.columns:
                raise ContentError(located.path, f"'{document_id}' is not one of the columns",
                                   f"Use one of: {', '.join(table.columns)}; or add it to 'columns'",
                                   line=located.line((*where, "cells", document_id)),
                                   field=field_name((*where, "cells", document_id)))
        for document_id in table.columns:
            if document_id not in row.cells:
                raise ContentError(located.path, f"has no cell for '{document_id}'",
                                   f"Add '{document_id}: ...' under cells, with a citation, or '{document_id}: {NOT_REPORTED}' "
                                   "if no source reports it", line=located.line((*where, "cells")),
                                   field=field_name((*where, "cells")))
        for document_id, text in row.cells.items():
            cell = (*where, "cells", document_id)
            refs.check_text(located, cell, text)
            if not is_not_reported(text) and not markers.CITATION.search(text):
                raise ContentError(located.path, "states something without a citation",
                                   f"Cite a source with [@source-id], or write '{NOT_REPORTED}' if no source reports it",
                                   line=located.line(cell), field=field_name(cell))
    quoted.check_fields(located)
    columns = tuple(known_documents[document_id] for document_id in table.columns)
    return ProvisionTable(columns, tuple(table.provisions))


def is_not_reported(text: str) -> bool:
    return " ".join(text.split()).casefold().rstrip(".") == NOT_REPORTED


def check_timeline(located: Located, events: list[TimelineEvent], refs: References,
                   known_documents: Mapping[str, Document]) -> None:
    for index, event in enumerate(events):
        where = ("events", index)
        refs.check_ids(located, (*where, "sources"), event.sources)
        refs.check_text(located, (*where, "text"), event.text)
        if event.end is not None and event.end < event.date:
            raise ContentError(located.path, "ends before it starts", "Swap 'date' and 'end'",
                               line=located.line((*where, "end")), field=field_name((*where, "end")))
        for position, document_id in enumerate(event.documents):
            if document_id not in known_documents:
                raise _unknown_document(located, (*where, "documents", position), document_id, known_documents)
        for position, other in enumerate(event.other_dates):
            refs.check_ids(located, (*where, "other_dates", position, "sources"), other.sources)


def check_block(section: Section, name: str, blocks: Mapping[str, Mapping[str, Any]], line: int) -> None:
    """`[[quote:id]]` and `[[provision:id]]` must name something that exists."""
    parsed = markers.block(name)
    if parsed is None:
        kinds = " or ".join(f"[[{kind}:id]]" for kind in markers.BLOCK_KINDS)
        raise ContentError(section.path, f"unknown block '[[{name}]]'", f"Write {kinds}", line=line, field="body")
    kind, item = parsed
    known = blocks.get(kind, {})
    if item not in known:
        where = {"quote": "content/quotes.yml", "provision": "content/provisions.yml"}[kind]
        ids = ", ".join(known) or "none yet"
        raise ContentError(section.path, f"unknown {kind} id '{item}' in '[[{name}]]'",
                           f"Use an id from {where} ({ids}) or add it there", line=line, field="body")


_NOT_TEXT = frozenset({"id", "slug", "url", "date", "end", "as_of", "standing", "outcome", "approximate",
                       "kind", "source", "sources", "text_source", "documents", "columns", "document", "quote",
                       "translation", "updated", "published"})
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")


class Quotations:
    """Every quotation must be in an excerpt of a source cited in its sentence or paragraph."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources

    def _error(self, path: str, line: int | None, field: str, problem: quotations.Unsupported,
               cited: Iterable[str]) -> ContentError:
        return ContentError(path, f'quotation "{problem.shown}" is not found in an excerpt of a source cited with it',
                            problem.fix(cited), line=line, field=field)

    def check_verbatim(self, located: Located, where: FieldPath, text: str, source_id: str) -> None:
        """A verbatim text (a quote, a document's text) must be in one of its source's excerpts."""
        source = self.sources.get(source_id)
        if source is not None and not quotations.holders(text, [source]):
            problem = quotations.Unsupported(quotations.Quotation(text, 0), ())
            raise ContentError(located.path, f'text "{problem.shown}" is not found in an excerpt of \'{source_id}\'',
                               f"Copy the wording exactly as that source prints it, and record it under 'excerpts' of "
                               f"'{source_id}' in content/sources.yml", line=located.line(where), field=field_name(where))

    def check_fields(self, located: Located, skip: tuple[str, ...] = ()) -> None:
        """Each text field is a paragraph: it may quote the sources it cites, or its item names."""
        self._walk(located, located.data, (), (), skip)

    def _walk(self, located: Located, data: Any, where: FieldPath, scope: tuple[str, ...], skip: tuple[str, ...]) -> None:
        if isinstance(data, dict):
            scope = (*scope, *_item_sources(data))
            for key, value in data.items():
                if key not in _NOT_TEXT and key not in skip:
                    self._walk(located, value, (*where, str(key)), scope, skip)
        elif isinstance(data, list):
            for index, value in enumerate(data):
                self._walk(located, value, (*where, index), scope, skip)
        elif isinstance(data, str) and ('"' in data or "“" in data):
            cited = (*scope, *(m.group(1) for m in markers.CITATION.finditer(data)))
            for problem in quotations.check(_LINK_TARGET.sub("", data), cited, self.sources):
                first_word = (problem.quotation.text.split() or [""])[0]
                line = located.line_within(where, '"' + first_word) or located.line(where)
                if line == located.line(where):
                    line = located.line_within(where, "“" + first_word)
                raise self._error(located.path, line, field_name(where), problem, cited)

    def check_body(self, section: Section) -> None:
        for first_line, lines in _paragraphs(section):
            text = "\n".join(lines)
            if '"' not in text and "“" not in text:
                continue
            cited = [m.group(1) for m in markers.CITATION.finditer(text)]
            for problem in quotations.check(text, cited, self.sources):
                line = first_line + text.count("\n", 0, problem.quotation.start)
                raise self._error(section.path, line, "body", problem, cited)


def _item_sources(item: Mapping[str, Any]) -> Iterator[str]:
    """Sources an item names in its own fields: they count as cited by each of its texts."""
    for key in ("source", "text_source"):
        if isinstance(item.get(key), str):
            yield item[key]
    if isinstance(item.get("sources"), list):
        yield from (s for s in item["sources"] if isinstance(s, str))
    attribution = item.get("attribution")
    if isinstance(attribution, dict) and isinstance(attribution.get("source"), str):
        yield attribution["source"]
    if isinstance(item.get("id"), str) and "outlet" in item:  # a source's own fields may quote it
        yield item["id"]


def _paragraphs(section: Section) -> Iterator[tuple[int, list[str]]]:
    """(first line, lines) of each paragraph or list item, link targets blanked."""
    start, lines = 0, []
    for line_no, line in body_lines(section):
        if not line.strip() or _LIST_ITEM.match(line) or line.lstrip().startswith("#"):
            if lines:
                yield start, lines
            start, lines = line_no, ([] if not line.strip() else [_LINK_TARGET.sub("", line)])
            continue
        if not lines:
            start = line_no
        lines.append(_LINK_TARGET.sub("", line))
    if lines:
        yield start, lines
