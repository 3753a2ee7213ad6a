"""Metadata for sharing and search, computed from the content model.

Pure functions: content and URLs in, plain data out. `build_tools/theme/main.html` writes
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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from build_tools.content.model import Content, Section
from build_tools.content.refs import absolute
from build_tools.publish.jsonld import json_ld, site_parts

CARD_DIR = "assets/cards"
CARD_SIZE = (1200, 630)

# A str.translate table: one pass in C over the whole document, not a Python loop over
# its characters (BENCHMARKS.md).
_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


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
