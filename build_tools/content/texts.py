"""The texts a story follows: documents, their provisions side by side, and quotes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from build_tools.content.types import SHORT_LIMIT, Date, Id, Model, Text


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


@dataclass(frozen=True)
class ProvisionTable:
    """Provisions (rows) across the documents a maintainer lists (columns)."""

    columns: tuple[Document, ...]
    rows: tuple[Provision, ...]

    def row(self, provision_id: str) -> Provision | None:
        return next((row for row in self.rows if row.id == provision_id), None)
