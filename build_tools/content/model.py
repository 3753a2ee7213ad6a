"""The content model: what a maintainer writes in `content/`, as typed objects.

Building blocks are in types.py; the texts a story follows in texts.py; the timeline,
updates and corrections in timeline.py. `Content` holds them all, validated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from build_tools.content.texts import Document, ProvisionTable, Quote
from build_tools.content.timeline import Correction, TimelineEvent, Update
from build_tools.content.types import (
    DEFINITION_LIMIT,
    SUMMARY_LIMIT,
    Date,
    FullDate,
    Id,
    Model,
    PartialDate,
    Text,
    Url,
)
from build_tools.content.texts import (
    NOT_REPORTED,
    Attribution,
    Compare,
    Documents,
    Provision,
    Provisions,
    Quotes,
    Status,
)
from build_tools.content.timeline import Corrections, OtherDate, Timeline, Updates

# The whole vocabulary of the model, importable from here.
__all__ = [
    "DEFINITION_LIMIT", "NOT_REPORTED", "SUMMARY_LIMIT", "Attribution", "Compare", "Content", "Correction", "Corrections",
    "Date", "Document", "Documents", "Excerpt", "ExplainerMeta", "FullDate", "Glossary", "Id", "Model", "OtherDate",
    "PartialDate", "Provision", "ProvisionTable", "Provisions", "Quote", "Quotes", "Section", "SectionMeta", "Source",
    "Sources", "Status", "Term", "Text", "Timeline", "TimelineEvent", "Update", "Updates", "Url",
]


class Excerpt(Model):
    """Wording exactly as a source prints it: what the site may quote from that source."""

    text: Text
    translation: bool = False  # the outlet's English of words first said or written in another language


def _excerpt(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


class Source(Model):
    id: Id
    outlet: Text
    title: Text
    date: Date
    url: Url | None = None
    standing: Literal["primary", "reported", "secondary"]
    via: Text | None = None
    host: Text | None = None  # the site whose copy was read, when it is not the outlet's own
    note: Text | None = None
    excerpts: list[Annotated[Excerpt, BeforeValidator(_excerpt)]] = []


class Term(Model):
    id: Id
    term: Text
    aliases: list[Text] = []
    definition: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=DEFINITION_LIMIT)]
    note: Text | None = None
    source: Id | None = None

    @property
    def forms(self) -> list[str]:
        return [self.term, *self.aliases]


class Glossary(Model):
    terms: list[Term] = Field(min_length=1)


class SectionMeta(Model):
    slug: Id
    title: Text
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SUMMARY_LIMIT)]
    key_points: list[Text] = Field(min_length=3, max_length=5)
    sources: list[Id] | None = None  # optional: when given, it must list exactly what the section cites


class ExplainerMeta(Model):
    title: Text
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SUMMARY_LIMIT)]
    status: Text | None = None
    updated: FullDate | None = None  # last edited; without it, the latest entry of the updates log
    published: FullDate | None = None
    author: Text | None = None
    key_points: list[Text] = Field(default=[], max_length=5)
    known: list[Text] = []
    unknown: list[Text] = []
    method: Text | None = None
    corrections_policy: Text | None = None


class Sources(Model):
    sources: list[Source] = Field(min_length=1)


@dataclass(frozen=True)
class Section:
    """One article section: front matter plus its Markdown body."""

    meta: SectionMeta
    body: str
    path: str
    body_line: int
    cited: tuple[str, ...] = ()  # every source the section cites, in order of first citation

    @property
    def sources(self) -> tuple[str, ...]:
        return self.cited

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def title(self) -> str:
        return self.meta.title


# The generated pages that exist only with their content file, by slug.
OPTIONAL_PAGES = {"timeline": "timeline.yml", "comparison": "provisions.yml", "glossary": "glossary.yml"}


def generated_pages(timeline: Sequence[TimelineEvent], provisions: ProvisionTable | None,
                    terms: Sequence[Term]) -> frozenset[str]:
    """The pages made from the content, by slug: home, about and sources always; the
    others (`OPTIONAL_PAGES`) only when their content exists. A section may link only to
    a page the site will have."""
    present = {"timeline": bool(timeline), "comparison": provisions is not None, "glossary": bool(terms)}
    return frozenset({"index", "about", "sources", *(slug for slug, there in present.items() if there)})


@dataclass(frozen=True)
class Content:
    """Everything in `content/`, validated and cross-checked."""

    explainer: ExplainerMeta
    sections: tuple[Section, ...]
    terms: tuple[Term, ...]
    sources: dict[str, Source]
    strings: dict[str, str]
    documents: dict[str, Document] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    provisions: ProvisionTable | None = None
    timeline: tuple[TimelineEvent, ...] = ()
    corrections: tuple[Correction, ...] = ()
    updates: tuple[Update, ...] = ()  # newest first
    source_places: dict[str, str] = field(default_factory=dict)  # source id -> 'content/sources.yml:LINE'

    @property
    def generated_pages(self) -> frozenset[str]:
        return generated_pages(self.timeline, self.provisions, self.terms)

    def source_number(self, source_id: str) -> int:
        return list(self.sources).index(source_id) + 1

    @cached_property  # read by every page's footer
    def story_as_of(self) -> PartialDate | None:
        """How current the story is: the latest date the timeline covers."""
        return max((event.last for event in self.timeline), default=None)

    @property
    def last_edited(self) -> dt.date:
        """When the site was last edited: `updated`, or the newest entry of the updates log."""
        dates = [d for d in (self.explainer.updated, self.updates[0].date if self.updates else None) if d]
        return max(dates)

    @property
    def published(self) -> dt.date:
        return self.explainer.published or (self.updates[-1].date if self.updates else self.last_edited)
