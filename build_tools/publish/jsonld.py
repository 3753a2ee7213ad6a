"""Structured data (JSON-LD) for search engines: the explainer pages as
`BackgroundNewsArticle`s citing their sources, each quote placed on a page as a
`Quotation` with its source, the glossary as a `DefinedTermSet`.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from build_tools.content.model import Content, Section, Source, Term
from build_tools.content.refs import absolute
from build_tools.errors import shorten
from build_tools.syntax import markers

if TYPE_CHECKING:
    from build_tools.publish.metadata import PageFacts

SCHEMA = "https://schema.org"
HEADLINE_LIMIT = 110  # longer headlines are ignored by search engines

# Pages that explain (as opposed to reference pages: glossary, sources, about).
ARTICLE_KINDS = frozenset({"home", "section", "timeline", "comparison"})
_REFERENCE_TYPES = {"about": "AboutPage", "sources": "CollectionPage"}


def placed_quotes(section: Section | None) -> list[str]:
    """Ids of the quotes a section places with `[[quote:id]]`, in order."""
    # Every block marker holds "[[": most sections have none, and need no line-by-line scan.
    if section is None or "[[" not in section.body:
        return []
    placed = (markers.block(match.group(1)) for line in section.body.splitlines() if (match := markers.BLOCK.match(line)))
    return [item for kind, item in filter(None, placed) if kind == "quote"]


def page_sources(kind: str, section: Section | None, cited: Iterable[str], content: Content) -> list[str]:
    """Source ids a page relies on: a section's declared sources first, then any other it cites.

    None for the sources page: it is the list itself, and repeating every source in its
    structured data would cost more than the rest of its metadata together.
    """
    ids: list[str] = []
    if kind == "sources":
        return []
    if section is not None:
        ids = list(section.cited)
    for source_id in cited:
        if source_id not in ids and source_id in content.sources:
            ids.append(source_id)
    return ids


def source_work(source: Source) -> dict[str, Any]:
    """A source as a schema.org CreativeWork (only what sources.yml says).

    Without its date: a page citing dozens of sources would pay for each in every
    reader's first load (BENCHMARKS.md, tests/test_weight.py); the sources page shows it.
    """
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.outlet},
    }
    if source.url:
        work["url"] = source.url
    if source.via:
        work["isBasedOn"] = {"@type": "CreativeWork", "publisher": {"@type": "Organization", "name": source.via}}
    return work


def defined_term(term: Term, glossary_url: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "DefinedTerm",
        "@id": f"{glossary_url}#{term.id}",
        "name": term.term,
        "description": term.definition,
    }
    if term.aliases:
        node["alternateName"] = list(term.aliases)
    return node


def quotation(content: Content, quote_id: str, page_url: str, works: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    quote = content.quotes[quote_id]
    node: dict[str, Any] = {
        "@type": "Quotation",
        "@id": f"{page_url}#{quote.id}",
        "text": quote.text,
        "isPartOf": {"@type": "CreativeWork", "name": quote.attribution.who},
        "dateCreated": quote.attribution.date.iso,
    }
    source_id = quote.attribution.source
    if works is not None and source_id in works:
        node["citation"] = works[source_id]
    elif (source := content.sources.get(source_id)) is not None:
        node["citation"] = source_work(source)
    return node


@dataclass(frozen=True)
class SiteParts:
    """What every page of one site shares, built once per build instead of once per page.

    The dicts are shared by the JSON-LD of every page: read them, never change them.
    """

    content: weakref.ref[Content]  # weak: a `mkdocs serve` rebuild frees the previous content
    site_name: str
    site_url: str | None
    language: str
    site_id: str
    publisher: dict[str, Any]
    website: dict[str, Any]
    modified: str
    published: str
    author: dict[str, Any]
    works: dict[str, dict[str, Any]]  # source id -> CreativeWork

    def serves(self, page: PageFacts) -> bool:
        return (self.content() is page.content and self.site_name == page.site_name
                and self.site_url == page.site_url and self.language == page.language)


_site_parts: SiteParts | None = None


def site_parts(page: PageFacts) -> SiteParts:
    """The site-wide parts for `page`: the last ones built if they fit, else new ones."""
    global _site_parts
    parts = _site_parts
    if parts is not None and parts.serves(page):
        return parts
    site_id = absolute(page.site_url, "") or "/"
    publisher: dict[str, Any] = {"@type": "Organization", "name": page.site_name}
    website: dict[str, Any] = {"@type": "WebSite", "name": page.site_name, "inLanguage": page.language,
                               "publisher": publisher}
    if page.site_url:
        publisher["url"] = website["url"] = site_id
    content = page.content
    parts = SiteParts(
        content=weakref.ref(content), site_name=page.site_name, site_url=page.site_url, language=page.language,
        site_id=site_id, publisher=publisher, website=website, modified=content.last_edited.isoformat(),
        published=content.published.isoformat(),
        author={"@type": "Organization", "name": content.explainer.author or page.site_name},
        works={source_id: source_work(source) for source_id, source in content.sources.items()},
    )
    _site_parts = parts
    return parts


def json_ld(page: PageFacts) -> dict[str, Any]:
    """The page's structured data as one JSON-LD document (`@graph`).

    Site-wide objects (publisher, website, cited sources) are shared between pages.
    """
    kind, title, content, page_url = page.kind, page.title, page.content, page.page_url
    section, image_url = page.section, page.image_url
    parts = site_parts(page)
    url = page_url or parts.site_id
    common: dict[str, Any] = {
        "@id": url,
        "name": title,
        "description": page.description,
        "inLanguage": page.language,
        "dateModified": parts.modified,
        "publisher": parts.publisher,
    }
    if page_url:
        common["url"] = page_url
    if image_url:
        common["image"] = image_url
    graph: list[dict[str, Any]] = [parts.website] if kind == "home" else []
    citations = [parts.works[i] for i in page_sources(kind, section, page.cited, content)]

    if kind == "glossary":
        node = {"@type": "DefinedTermSet", **common,
                "hasDefinedTerm": [defined_term(t, url) for t in sorted(content.terms, key=lambda t: t.term.lower())]}
        graph.append(node)
    elif kind in ARTICLE_KINDS:
        node = {"@type": "BackgroundNewsArticle", **common, "headline": _headline(title),
                "datePublished": parts.published, "author": parts.author}
        if page_url:
            node["mainEntityOfPage"] = page_url
        if citations:
            node["citation"] = citations
        quotes = [quotation(content, quote_id, url, parts.works) for quote_id in placed_quotes(section)]
        if quotes:
            node["hasPart"] = [{"@id": quote["@id"]} for quote in quotes]
        graph.append(node)
        graph.extend(quotes)
    else:
        page_type = _REFERENCE_TYPES.get(kind, "WebPage")
        node = {"@type": page_type, **common}
        if citations:
            node["citation"] = citations
        graph.append(node)
    return {"@context": SCHEMA, "@graph": graph}


def _headline(title: str) -> str:
    return shorten(title, HEADLINE_LIMIT)

