"""The content model: what a maintainer writes in `content/`, as typed objects.

Field limits live here, next to the fields, so the schema and its error messages agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from build_tools.errors import shorten

DEFINITION_LIMIT = 280
SUMMARY_LIMIT = 200

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
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

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


class Source(Model):
    id: Id
    outlet: Text
    title: Text
    date: Date
    url: Url | None = None
    standing: Literal["primary", "reported", "secondary"]
    via: Text | None = None


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
    outlet: Text
    date: Date
    source: Id


class Comparison(Model):
    title: Text
    text: Text
    source: Id
    differences: list[Text] = Field(min_length=1)


class Quote(Model):
    text: Text
    attribution: Attribution
    annotations: dict[str, Text] = Field(min_length=1)
    paraphrase_note: Text | None = None
    compare: Comparison


class SectionMeta(Model):
    slug: Id
    title: Text
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SUMMARY_LIMIT)]
    key_points: list[Text] = Field(min_length=3, max_length=5)
    sources: list[Id] = Field(min_length=1)


class ExplainerMeta(Model):
    title: Text
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SUMMARY_LIMIT)]
    status: Text
    updated: FullDate
    key_points: list[Text] = Field(min_length=3, max_length=5)
    known: list[Text] = Field(min_length=1)
    unknown: list[Text] = Field(min_length=1)
    method: Text
    corrections_policy: Text


class Sources(Model):
    sources: list[Source] = Field(min_length=1)


class TimelineEvent(Model):
    date: Date
    end: Date | None = None
    approximate: bool = False
    text: Text
    sources: list[Id] = Field(min_length=1)


class Timeline(Model):
    events: list[TimelineEvent] = Field(min_length=1)


class ComparisonRow(Model):
    aspect: Text
    draft: Text
    article5: Text


class ComparisonTable(Model):
    rows: list[ComparisonRow] = Field(min_length=1)


class Correction(Model):
    claim: Text
    outcome: Literal["dropped", "corrected"]
    why: Text


class Corrections(Model):
    corrections: list[Correction] = Field(min_length=1)


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
class Content:
    """Everything in `content/`, validated and cross-checked."""

    explainer: ExplainerMeta
    sections: tuple[Section, ...]
    terms: tuple[Term, ...]
    quote: Quote
    sources: dict[str, Source]
    timeline: tuple[TimelineEvent, ...]
    comparison: tuple[ComparisonRow, ...]
    corrections: tuple[Correction, ...]
    strings: dict[str, str]

    def source_number(self, source_id: str) -> int:
        return list(self.sources).index(source_id) + 1
