"""Where things live on a built site: pages, glossary entries, sources, popup texts.

The templates write these addresses and the Markdown extension links to them, so both
take them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from build_tools.content import dates
from build_tools.content.model import Source


@dataclass(frozen=True)
class PageRef:
    """The page being rendered, as the glossary lists it under 'used on'."""

    title: str
    href: str
    mark_terms: bool = True


@dataclass
class Links:
    """Where terms and sources live, relative to a rendered page.

    By default the targets are Markdown files, for the publisher to turn into URLs as
    it does with every link. A publisher that knows the final URLs can say so
    (`resolved`): its own link pass then never sees these links, which matters when
    every page carries dozens of them and the targets are known to exist.
    """

    glossary: str = "glossary.md"
    sources: str = "sources.md"
    resolved: bool = False

    def term(self, term_id: str) -> str:
        return f"{self.glossary}#{term_id}"

    def source(self, source_id: str) -> str:
        return f"{self.sources}#{source_anchor(source_id)}"


def source_anchor(source_id: str) -> str:
    return f"src-{source_id}"


def tip_id(kind: str, item_id: str) -> str:
    return f"xp-tip-{kind}-{item_id}"


def describe_source(source: Source, language: str = "en") -> str:
    """One line of plain text for a popup or a printed list, its date in the page's language."""
    when = dates.human(source.date, language)
    text = f"{source.outlet}, {source.title}, {when}."
    if source.via:
        text = f"{source.outlet} (via {source.via}), {source.title}, {when}."
    return f"{text} {source.url}" if source.url else text


def absolute(site_url: str | None, path: str) -> str | None:
    """`path` (relative to the site root) as an absolute URL, or None without a site_url."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, path.lstrip("/"))
