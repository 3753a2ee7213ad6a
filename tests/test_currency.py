"""How current the story is, said apart from when the site was last edited; the updates
feed; and the page-level HTML details readers' tools trip on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest

from build_tools.content.dates import human
from build_tools.content.loader import Loader
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def content():
    return Loader(ROOT / "content", ROOT).load()


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


def search_docs(site: Path) -> list[dict]:
    """The entries of the site's search index: what a reader's search looks through."""
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_the_home_page_says_how_current_the_story_is_and_when_the_site_was_edited(built_site: Path, content) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    as_of, edited = content.story_as_of, content.last_edited
    latest = max(content.timeline, key=lambda e: e.last.key)
    assert as_of == latest.last and (as_of.year, as_of.month) >= (2026, 6)
    assert f'Events covered up to <time datetime="{as_of.iso}">{human(as_of)}</time>' in home
    assert f'Last edited: <time datetime="{edited.isoformat()}">{human(edited)}</time>' in home
    assert as_of.iso != edited.isoformat()


def test_every_page_footer_gives_both_dates(built_site: Path, content) -> None:
    for page in pages(built_site):
        footer = re.search(r'<footer class="xp-page-footer">(.*?)</footer>', page.read_text(encoding="utf-8"), re.S)
        assert footer, page
        assert f'datetime="{content.story_as_of.iso}"' in footer.group(1), page
        assert f'datetime="{content.last_edited.isoformat()}"' in footer.group(1), page


def test_the_timeline_runs_through_june_2026(built_site: Path) -> None:
    timeline = (built_site / "timeline" / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r'<time datetime="(\d{4}-\d{2}(?:-\d{2})?)">', timeline)
    assert max(dates) >= "2026-06" and min(dates) <= "2025-11-21"
    assert len([d for d in dates if d >= "2026"]) >= 15
    assert "another source gives" in timeline  # a date the sources disagree on


def test_the_comparison_shows_at_least_four_documents(built_site: Path) -> None:
    comparison = (built_site / "comparison" / "index.html").read_text(encoding="utf-8")
    header = re.search(r"<thead>(.*?)</thead>", comparison, re.S).group(1)
    assert len(re.findall(r'<th scope="col">', header)) - 1 >= 4
    assert "Not reported" in comparison


def test_the_updates_feed_is_atom_and_linked_from_every_page(built_site: Path, content) -> None:
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == [f"{human(u.date)}: {u.title}" for u in content.updates]
    assert len({e.id for e in feed.entries}) == len(feed.entries) >= 2
    for page in pages(built_site):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        link = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', head)
        assert link, page
        assert (page.parent / link.group(1)).resolve() == (built_site / "feed.xml").resolve()


def test_articles_carry_published_modified_and_author(built_site: Path, content) -> None:
    for slug in [s.slug for s in content.sections] + ["timeline", "comparison"]:
        page = (built_site / slug / "index.html").read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
        article = next(n for n in data["@graph"] if n["@type"] == "BackgroundNewsArticle")
        assert article["datePublished"] == content.published.isoformat()
        assert article["dateModified"] == content.last_edited.isoformat()
        assert article["author"]["name"]


def test_the_favicon_address_is_a_valid_url(built_site: Path) -> None:
    for page in pages(built_site):
        icon = re.search(r'<link rel="icon"[^>]*href="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
        assert not re.search(r"\s", icon), page


def test_every_checkbox_has_a_label(built_site: Path) -> None:
    for page in pages(built_site):
        text = page.read_text(encoding="utf-8")
        for box in re.findall(r'<input[^>]*type="checkbox"[^>]*>', text):
            box_id = re.search(r'id="([^"]+)"', box).group(1)
            assert f'for="{box_id}"' in text, f"{page}: checkbox #{box_id} has no label"


def test_search_indexes_each_page_s_own_text_not_its_footer(built_site: Path, content) -> None:
    # The theme places the footer after page.content: on every page it would otherwise
    # make "Cite this page", the site's name and both dates match every page in search.
    docs = search_docs(built_site)
    texts = " ".join(doc["text"] for doc in docs)
    assert content.strings["cite_title"] not in texts
    # Only the home page says how current the story is in its own text, at the top.
    assert {doc["location"].partition("#")[0] for doc in docs if content.strings["story_as_of"] in doc["text"]} == {""}
    assert all(section.meta.summary[:40] in texts for section in content.sections)  # the pages' own text stays


def test_search_leaves_out_the_lists_of_where_terms_and_sources_are_used(built_site: Path, content) -> None:
    # "Used on" and "Cited on" list page titles: indexed, a search for a page's title
    # would find every glossary entry and source that page uses, above the page itself.
    docs = search_docs(built_site)
    texts = {doc["location"]: doc["text"] for doc in docs}
    strings = content.strings
    for label in (strings["glossary_used_on"], strings["source_cited_on"]):
        assert not [where for where, text in texts.items() if label in text], label
    for page, label in (("glossary", strings["glossary_used_on"]), ("sources", strings["source_cited_on"])):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert html.count(f"{label}:") >= 3, page  # the lists are still on the page
    glossary = " ".join(text for where, text in texts.items() if where.startswith("glossary/"))
    assert all(term.definition[:40] in glossary for term in content.terms)  # the entries themselves stay
