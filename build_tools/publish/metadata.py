"""Metadata for sharing and search, computed from the content model.

Pure functions: content and URLs in, plain data out. `overrides/main.html` writes
what `head()` returns into each page's <head>:

- OpenGraph and Twitter card tags (`tags`), the page's description and its social
  card (an absolute URL from `site_url`);
- JSON-LD (`json_ld`), already escaped for a <script> element: the explainer pages
  as `BackgroundNewsArticle`s citing their sources, the glossary as a
  `DefinedTermSet`, the trigger clause as a `Quotation` with its source.

Material for MkDocs already writes `lang`, the meta description (from the front
matter) and the canonical link; this module adds only what it lacks.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urljoin

from build_tools.syntax import markers
from build_tools.content.model import Content, Section, Source, Term

CARD_DIR = "assets/cards"
CARD_SIZE = (1200, 630)
SCHEMA = "https://schema.org"
HEADLINE_LIMIT = 110  # longer headlines are ignored by search engines

# Pages that explain (as opposed to reference pages: glossary, sources, about).
ARTICLE_KINDS = frozenset({"home", "section", "timeline", "comparison"})

# A str.translate table: one pass in C over the whole document (about 1.9 M characters
# at 1,000 sections), not a Python loop over its characters.
_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)
_REFERENCE_TYPES = {"about": "AboutPage", "sources": "CollectionPage"}


@dataclass(frozen=True)
class Head:
    """What main.html adds to one page's <head>."""

    tags: tuple[tuple[str, str, str], ...]  # (attribute, key, content): ("property", "og:title", "...")
    json_ld: str  # JSON, safe inside <script type="application/ld+json">


def script_json(data: Any) -> str:
    """JSON for a <script> element: `</script>`, `<!--` and `&` in text cannot break out."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def card_name(src_uri: str) -> str:
    """'core-agreement.md' -> 'core-agreement'; 'index.md' -> 'index'."""
    name = src_uri.rsplit("/", 1)[-1]
    return name.removesuffix(".md")


def card_path(src_uri: str) -> str:
    """Where a page's social card goes, relative to the site root."""
    return f"{CARD_DIR}/{card_name(src_uri)}.png"


def absolute(site_url: str | None, path: str) -> str | None:
    """`path` (relative to the site root) as an absolute URL, or None without a site_url."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, path.lstrip("/"))


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
        ids = list(section.meta.sources)
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
class PageFacts:
    """What the metadata of one page is made from."""

    kind: str
    src_uri: str
    title: str
    description: str
    content: Content
    site_name: str
    site_url: str | None
    page_url: str | None
    section: Section | None = None
    cited: Sequence[str] = ()
    language: str = "en"

    @cached_property  # read by both the tags and the JSON-LD
    def image_url(self) -> str | None:
        return absolute(self.site_url, card_path(self.src_uri))


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
    return title if len(title) <= HEADLINE_LIMIT else title[: HEADLINE_LIMIT - 1].rstrip() + "…"


def social_tags(
    *,
    title: str,
    description: str,
    site_name: str,
    page_url: str | None,
    image_url: str | None,
    image_alt: str,
    modified: str,
) -> tuple[tuple[str, str, str], ...]:
    """OpenGraph and Twitter card tags, as (attribute, key, content)."""
    tags: list[tuple[str, str, str]] = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", site_name),
        ("property", "og:title", title),
        ("property", "og:description", description),
    ]
    if page_url:
        tags.append(("property", "og:url", page_url))
    if image_url:
        width, height = CARD_SIZE
        tags += [
            ("property", "og:image", image_url),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(width)),
            ("property", "og:image:height", str(height)),
            ("property", "og:image:alt", image_alt),
        ]
    tags += [
        ("property", "article:modified_time", modified),
        ("name", "twitter:card", "summary_large_image" if image_url else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if image_url:
        tags += [("name", "twitter:image", image_url), ("name", "twitter:image:alt", image_alt)]
    return tuple(tags)


def head(page: PageFacts) -> Head:
    """Everything main.html adds to one page's <head>."""
    tags = social_tags(
        title=page.title, description=page.description, site_name=page.site_name, page_url=page.page_url,
        image_url=page.image_url, image_alt=card_alt(page.title, page.site_name),
        modified=site_parts(page).modified,
    )
    return Head(tags=tags, json_ld=script_json(json_ld(page)))


def card_alt(title: str, site_name: str) -> str:
    return title if title == site_name else f"{title} – {site_name}"
