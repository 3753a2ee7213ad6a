"""Time in the story and on the site: the timeline, the updates log, corrections."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from build_tools.content.types import Date, FullDate, Id, Model, PartialDate, Text


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


class Update(Model):
    date: FullDate
    title: Text
    text: Text


class Updates(Model):
    updates: list[Update] = Field(min_length=1)
