"""The building blocks of the content model: ids, texts, dates known to the day, the
month or the year, addresses, and the strict base model every file's schema uses.

Field limits live here, next to the fields, so the schema and its error messages agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints

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
