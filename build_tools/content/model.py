"""The content model: what a maintainer writes in `content/`, as typed objects.

Field limits live here, next to the fields, so the schema and its error messages agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from build_tools.errors import shorten

DEFINITION_LIMIT = 280
SUMMARY_LIMIT = 200
SHORT_LIMIT = 40

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or only the year, as sources often are."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        match = _DATE.match(str(value).strip()) if isinstance(value, (str, int)) else None
        if not match:
            raise ValueError(f"'{shorten(value)}' is not a date; write it as YYYY-MM-DD, or YYYY-MM when only the month is known")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            raise ValueError(f"'{shorten(value)}' is not a real date; check the month and day") from None
        return cls(year, month, day)

    @property
    def key(self) -> tuple[int, int, int]:
        """For sorting: a month-only date sorts before the days of that month."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.key < other.key

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)

    @property
    def human(self) -> str:
        """In English; pages use `build_tools.dates.human` in their own language."""
        from build_tools.content.dates import human

        return human(self)

    def __str__(self) -> str:
        return self.iso


def _full_date(value: object) -> dt.date:
    date = PartialDate.parse(value)
    if date.day is None:
        raise ValueError(f"'{shorten(value)}' needs a day; write it as YYYY-MM-DD")
    return dt.date(date.year, date.month or 1, date.day)


Date = Annotated[PartialDate, BeforeValidator(PartialDate.parse)]
FullDate = Annotated[dt.date, BeforeValidator(_full_date)]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError(f"'{shorten(value)}' is not an http(s) URL; write the full address starting with https://")
    return value


Url = Annotated[str, AfterValidator(_http_url)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Attribution(Model):
    who: Text
    where: Text | None = None  # where it was said or published, when that is not the outlet
    outlet: Text
    date: Date
    source: Id


class Compare(Model):
    """What a quote is set beside: another quote, or a document's own text."""

    document: Id | None = None
    quote: Id | None = None
    differences: list[Text] = []


class Quote(Model):
    id: Id
    label: Text | None = None
    text: Text
    attribution: Attribution
    annotations: dict[str, Text] = {}
    annotations_title: Text | None = None
    paraphrase_note: Text | None = None
    compare: Compare | None = None


class Quotes(Model):
    quotes: list[Quote] = Field(min_length=1)


class Status(Model):
    text: Text
    as_of: Date


class Document(Model):
    """A text the story is about: a draft, a framework, a declaration, a treaty, an agreement."""

    id: Id
    title: Text
    short: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_LIMIT)]
    kind: Literal["draft", "framework", "declaration", "treaty", "agreement"]
    date: Date
    parties: list[Text] = Field(min_length=1)
    summary: Text | None = None
    status: Status
    sources: list[Id] = Field(min_length=1)
    text: Text | None = None
    text_source: Id | None = None


class Documents(Model):
    documents: list[Document] = Field(min_length=1)


NOT_REPORTED = "not reported"


class Provision(Model):
    id: Id
    label: Text
    cells: dict[str, Text]


class Provisions(Model):
    columns: list[Id] = Field(min_length=1)
    provisions: list[Provision] = Field(min_length=1)


class Update(Model):
    date: FullDate
    title: Text
    text: Text


class Updates(Model):
    updates: list[Update] = Field(min_length=1)


class SectionMeta(Model):
    slug: Id
    title: Text
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SUMMARY_LIMIT)]
    key_points: list[Text] = Field(min_length=3, max_length=5)
    sources: list[Id] = Field(min_length=1)


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


class OtherDate(Model):
    """A date another source gives for the same event."""

    date: Date
    end: Date | None = None
    sources: list[Id] = Field(min_length=1)


class TimelineEvent(Model):
    date: Date
    end: Date | None = None
    approximate: bool = False
    text: Text
    sources: list[Id] = Field(min_length=1)
    documents: list[Id] = []
    other_dates: list[OtherDate] = []

    @property
    def last(self) -> PartialDate:
        return self.end or self.date


class Timeline(Model):
    events: list[TimelineEvent] = Field(min_length=1)


class Correction(Model):
    claim: Text
    outcome: Literal["dropped", "corrected", "not-used"]
    why: Text


class Corrections(Model):
    corrections: list[Correction] = []


@dataclass(frozen=True)
class Section:
    """One article section: front matter plus its Markdown body."""

    meta: SectionMeta
    body: str
    path: str
    body_line: int

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass(frozen=True)
class ProvisionTable:
    """Provisions (rows) across the documents a maintainer lists (columns)."""

    columns: tuple[Document, ...]
    rows: tuple[Provision, ...]

    def row(self, provision_id: str) -> Provision | None:
        return next((row for row in self.rows if row.id == provision_id), None)


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

    def source_number(self, source_id: str) -> int:
        return list(self.sources).index(source_id) + 1

    @property
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
