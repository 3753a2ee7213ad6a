"""Dates as a reader of the page's language writes them (Babel), to the precision known."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date

from build_tools.content.model import PartialDate


@lru_cache(maxsize=1024)  # a site prints the same few dates on every page
def human(date: PartialDate | dt.date, language: str = "en") -> str:
    """'5 June 2026', 'June 2026' or '2026' in English; in the page's language otherwise."""
    if isinstance(date, dt.date):
        return format_date(date, "d MMMM y", locale=language)
    if date.month is None:
        return str(date.year)
    day = dt.date(date.year, date.month, date.day or 1)
    return format_date(day, "d MMMM y" if date.day else "LLLL y", locale=language)


def iso(date: PartialDate | dt.date) -> str:
    return date.isoformat() if isinstance(date, dt.date) else date.iso
