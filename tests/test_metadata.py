"""Metadata for sharing and search: the pure functions, then every built page.

Every page carries lang, its own description, a canonical URL, OpenGraph and
Twitter tags with a social card, and JSON-LD that parses; plus sitemap.xml,
robots.txt and a useful 404 page.
"""

from __future__ import annotations

import dataclasses
import html.parser
import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

from build_tools.publish import cards, jsonld, metadata
from build_tools.publish.site import Site
from tests.conftest import ROOT

HOSTILE = 'Ends </script><script>alert("x")</script> & <!-- here'


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


class Head(html.parser.HTMLParser):
    """The bits of a page this file checks: <html lang>, <meta>, <link>, JSON-LD, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.meta: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.anchors: list[str] = []
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta":
            self.meta.append(a)
        elif tag == "link":
            self.links.append(a)
        elif tag == "a" and "href" in a:
            self.anchors.append(a["href"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):  # noqa: ANN001
        if self._in_ld:
            self.json_ld[-1] += data

    def values(self, attribute: str, key: str) -> list[str]:
        return [m.get("content", "") for m in self.meta if m.get(attribute) == key]

    def one(self, attribute: str, key: str) -> str:
        found = self.values(attribute, key)
        assert len(found) == 1, f"expected one <meta {attribute}={key!r}>, found {len(found)}"
        return found[0]


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def graph(head: Head) -> list[dict]:
    assert len(head.json_ld) == 1, "expected one JSON-LD script"
    data = json.loads(head.json_ld[0])
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def node(nodes: list[dict], kind: str) -> dict:
    found = [n for n in nodes if n["@type"] == kind]
    assert len(found) == 1, f"expected one {kind}, found {[n['@type'] for n in nodes]}"
    return found[0]


@pytest.fixture(scope="module")
def site_config():
    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def site(site_config) -> Site:  # noqa: ANN001
    return Site(ROOT / "content", site_name=site_config["site_name"], site_url=site_config["site_url"], root=ROOT)


@pytest.fixture(scope="module")
def site_url(site_config) -> str:  # noqa: ANN001
    url = site_config["site_url"]
    assert url and url.endswith("/"), "mkdocs.yml needs a site_url ending in /"
    return url


def page_path(src_uri: str) -> str:
    name = metadata.card_name(src_uri)
    return "" if name == "index" else f"{name}/"


# --------------------------------------------------------------------------
# Pure functions
# --------------------------------------------------------------------------


def test_script_json_cannot_break_out_of_its_script_element() -> None:
    data = {"text": HOSTILE, "nested": [HOSTILE, {"k": "a\u2028b"}]}
    text = metadata.script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "</script" not in text.lower()
    assert json.loads(text) == data


def _script_json_char_by_char(data: object) -> str:
    """The first `script_json`, escaping in a Python loop: the reference for the table."""
    escapes = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(escapes.get(char, char) for char in text)


@pytest.mark.parametrize("text", [
    HOSTILE,
    "</script>", "</SCRIPT >", "<!--", "-->", "<![CDATA[x]]>", "a & b &amp; c &#39;",
    "line\u2028separator\u2029paragraph", "\u2028\u2029\u2028",
    "\\u003c already escaped \\", 'quote " and \\ backslash', "tab\tnew\nline\rcr\x00nul\x1f",
    "\u00e9\u00e8 \u2013 \u201cquotes\u201d \U0001f1fa\U0001f1e6 \ufeff", "\ud800 lone surrogate", "",
])
def test_script_json_matches_the_char_by_char_escaping(text: str) -> None:
    for data in (text, {"k": text, text: [text, None, 1.5, True]}):
        assert metadata.script_json(data) == _script_json_char_by_char(data)


def test_site_wide_parts_follow_the_site_they_were_made_for(site: Site) -> None:
    """Cached per site: another name, address or content gives new parts, not stale ones."""
    spec = site.page("index.md")

    def facts(site_name: str, site_url: str | None) -> metadata.PageFacts:
        return metadata.PageFacts(kind=spec.kind, src_uri=spec.src_uri, title=spec.title, description=spec.description,
                                  content=site.content, site_name=site_name, site_url=site_url,
                                  page_url=metadata.absolute(site_url, ""))

    fresh = {}
    for name, url in [("A", "https://a.example/"), ("B", "https://a.example/"), ("A", "https://b.example/x/"), ("A", None)]:
        metadata._site_parts = None
        fresh[name, url] = metadata.head(facts(name, url))
    for _ in range(2):
        for (name, url), expected in fresh.items():
            assert metadata.head(facts(name, url)) == expected
    website = node(json.loads(fresh["B", "https://a.example/"].json_ld)["@graph"], "WebSite")
    assert website["name"] == "B" and website["publisher"] == {"@type": "Organization", "name": "B", "url": "https://a.example/"}
    other = Site(ROOT / "content", site_name="A", site_url="https://a.example/", root=ROOT)
    assert metadata.site_parts(facts("A", "https://a.example/")) is metadata.site_parts(facts("A", "https://a.example/"))
    parts = metadata.site_parts(facts("A", "https://a.example/"))
    assert metadata.site_parts(dataclasses.replace(facts("A", "https://a.example/"), content=other.content)) is not parts


def test_absolute_urls_come_from_site_url() -> None:
    assert metadata.absolute("https://example.org/guide/", "assets/cards/x.png") == "https://example.org/guide/assets/cards/x.png"
    assert metadata.absolute("https://example.org/guide", "sitemap.xml") == "https://example.org/guide/sitemap.xml"
    assert metadata.absolute(None, "sitemap.xml") is None
    assert metadata.card_path("index.md") == "assets/cards/index.png"
    assert metadata.card_path("core-agreement.md") == "assets/cards/core-agreement.png"


def test_hostile_text_is_escaped_in_json_ld(site: Site) -> None:
    spec = site.page("core-agreement.md")
    head = metadata.head(metadata.PageFacts(
        kind=spec.kind, src_uri=spec.src_uri, title=HOSTILE, description=HOSTILE, content=site.content,
        site_name=HOSTILE, site_url="https://example.org/", page_url="https://example.org/core-agreement/",
        section=spec.section,
    ))
    assert "<" not in head.json_ld and "&" not in head.json_ld
    nodes = json.loads(head.json_ld)["@graph"]
    article = node(nodes, "BackgroundNewsArticle")
    assert article["headline"] == HOSTILE and article["description"] == HOSTILE
    assert ("property", "og:title", HOSTILE) in head.tags  # escaped by the template, checked below


def test_each_kind_of_page_gets_its_schema_type(site: Site) -> None:
    expected = {"home": "BackgroundNewsArticle", "section": "BackgroundNewsArticle", "timeline": "BackgroundNewsArticle",
                "comparison": "BackgroundNewsArticle", "glossary": "DefinedTermSet", "sources": "CollectionPage",
                "about": "AboutPage"}
    for spec in site.pages:
        data = metadata.json_ld(metadata.PageFacts(
            kind=spec.kind, src_uri=spec.src_uri, title=spec.title, description=spec.description, content=site.content,
            site_name="S", site_url="https://example.org/", page_url="https://example.org/p/", section=spec.section))
        assert [n["@type"] for n in data["@graph"]].count(expected[spec.kind]) == 1, spec.src_uri


def test_a_quote_is_on_the_sections_that_place_it(site: Site) -> None:
    placed = {s.slug: jsonld.placed_quotes(s) for s in site.content.sections}
    assert placed["core-agreement"] == ["trigger-clause", "response-clause"]
    assert placed["new-texts"] == ["paris-activation"]
    assert placed["implications"] == []


def test_no_site_url_means_no_absolute_urls(site: Site) -> None:
    spec = site.page("index.md")
    head = metadata.head(metadata.PageFacts(kind=spec.kind, src_uri=spec.src_uri, title=spec.title,
                                            description=spec.description, content=site.content, site_name="S",
                                            site_url=None, page_url=None))
    keys = {key for _, key, _ in head.tags}
    assert "og:image" not in keys and "og:url" not in keys
    assert ("name", "twitter:card", "summary") in head.tags
    json.loads(head.json_ld)


def test_card_is_a_1200x630_png_with_a_bundled_font(tmp_path: Path) -> None:
    assert cards.font_file("Bold").is_file()
    assert "Open Font License" in cards.licence_file().read_text(encoding="utf-8")
    long_title = "A very long page title " * 8
    paths = cards.write_cards([cards.Card("long", long_title, "Description " * 40), cards.Card("short", "Hi")],
                              tmp_path, "Site name", "example.org/guide")
    for path in paths:
        assert png_size(path) == metadata.CARD_SIZE
    again = cards.write_cards([cards.Card("short", "Hi")], tmp_path / "again", "Site name", "example.org/guide")
    assert again[0].read_bytes() == paths[1].read_bytes(), "cards are not reproducible"


def test_a_warm_card_cache_does_not_import_pillow(tmp_path: Path) -> None:
    """Drawing needs Pillow; copying cards drawn by an earlier build does not."""
    wanted = [cards.Card("one", "First page", "About it"), cards.Card("two", "Second page")]
    cache = tmp_path / "cache"
    cards.write_cards_cached(wanted, tmp_path / "cold", "Site", "example.org", cache=cache)
    args = json.dumps([[[c.name, c.title, c.description] for c in wanted], str(tmp_path / "warm"), str(cache)])
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from build_tools.publish import cards\n"
        "wanted, out, cache = json.loads(sys.argv[1])\n"
        "cards.write_cards_cached([cards.Card(*c) for c in wanted], Path(out), 'Site', 'example.org', cache=Path(cache))\n"
        "loaded = sorted(m for m in sys.modules if m == 'PIL' or m.startswith('PIL.'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", script, args], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    for card in wanted:
        assert (tmp_path / "warm" / f"{card.name}.png").read_bytes() == (tmp_path / "cold" / f"{card.name}.png").read_bytes()


def test_cached_cards_are_linked_not_copied_and_never_written_through(tmp_path: Path) -> None:
    wanted = [cards.Card("one", "First page", "About it")]
    cache = tmp_path / "cache"
    cards.write_cards_cached(wanted, tmp_path / "site", "Site", "example.org", cache=cache, link=True)
    (cached,) = cache.glob("*.png")
    drawn = cached.read_bytes()
    target = tmp_path / "site" / "one.png"
    assert target.stat().st_ino == cached.stat().st_ino, "the drawn card is not shared with the cache"
    # The next build writes into the same folder: the card is placed again, the cache unchanged.
    cards.write_cards_cached(wanted, tmp_path / "site", "Site", "example.org", cache=cache, link=True)
    assert target.stat().st_ino == cached.stat().st_ino
    assert cached.read_bytes() == drawn


def test_a_card_drawn_again_into_the_same_folder_leaves_the_cached_one_alone(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cards.write_cards_cached([cards.Card("one", "First title")], tmp_path / "site", "Site", "example.org", cache=cache,
                             link=True)
    (first,) = cache.glob("*.png")
    drawn = first.read_bytes()
    # The page's title changed: its card is drawn again, under the same name, in the same folder.
    cards.write_cards_cached([cards.Card("one", "Second title")], tmp_path / "site", "Site", "example.org", cache=cache,
                             link=True)
    assert first.read_bytes() == drawn, "the new card was written through the old link into the cache"
    assert (tmp_path / "site" / "one.png").read_bytes() != drawn


def test_cached_cards_are_copied_where_links_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = [cards.Card("one", "First page")]
    cache = tmp_path / "cache"
    cards.write_cards_cached(wanted, tmp_path / "first", "Site", "example.org", cache=cache)

    def no_links(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(cards.os, "link", no_links)
    cards.write_cards_cached(wanted, tmp_path / "second", "Site", "example.org", cache=cache, link=True)
    (cached,) = cache.glob("*.png")
    copy = tmp_path / "second" / "one.png"
    assert copy.read_bytes() == cached.read_bytes()
    assert copy.stat().st_ino != cached.stat().st_ino


@pytest.mark.parametrize("command, links", [("build", 2), ("serve", 1)])
def test_the_plugin_links_cards_into_a_staged_build_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          command: str, links: int) -> None:
    """`mkdocs build` writes a staged folder of its own, so it may link; `mkdocs serve` builds
    into a folder it copies docs files over later, so it copies."""
    from mkdocs.commands.build import build

    from build_tools import new

    monkeypatch.setenv(cards.CACHE_ENV, str(tmp_path / "cache"))  # on the same file system as the site
    project, out = tmp_path / "mine", tmp_path / "out"
    new.create(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command=command, dirty=False)  # as the command line does before building
    build(config)
    built = sorted((out / metadata.CARD_DIR).glob("*.png"))
    assert built, "no cards in the built site"
    assert {card.stat().st_nlink for card in built} == {links}, f"mkdocs {command}"
    assert not list(tmp_path.glob(".out.building-*")), "the staged folder was left behind"


def test_wrap_keeps_lines_within_width() -> None:
    font = cards._font("Bold", 80)
    lines = cards.wrap("The draft and Article 5 compared, side by side, aspect by aspect", font, 1040)
    assert len(lines) > 1
    assert all(font.getlength(line) <= 1040 for line in lines)


# --------------------------------------------------------------------------
# The built site
# --------------------------------------------------------------------------


def test_every_page_has_lang_description_canonical_and_social_tags(built_site: Path, site: Site, site_url: str) -> None:
    descriptions: dict[str, str] = {}
    updated = site.content.last_edited.isoformat()
    for spec in site.pages:
        where = page_path(spec.src_uri)
        head = parse(built_site / where / "index.html")
        assert head.lang == "en", where
        description = head.one("name", "description")
        assert description == spec.description, where
        descriptions[where] = description
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [site_url + where], where
        assert head.one("property", "og:type") == "article"
        assert head.one("property", "og:url") == site_url + where
        assert head.one("property", "og:title") == spec.title
        assert head.one("property", "og:description") == spec.description
        assert head.one("property", "og:site_name")
        assert head.one("property", "article:modified_time") == updated
        image = head.one("property", "og:image")
        assert image == site_url + metadata.card_path(spec.src_uri), where
        assert png_size(built_site / metadata.card_path(spec.src_uri)) == (1200, 630)
        assert head.one("property", "og:image:width") == "1200"
        assert head.one("property", "og:image:height") == "630"
        assert head.one("property", "og:image:alt")
        assert head.one("name", "twitter:card") == "summary_large_image"
        assert head.one("name", "twitter:image") == image
        assert head.one("name", "twitter:title") == spec.title
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"


def test_json_ld_on_every_page(built_site: Path, site: Site, site_url: str) -> None:
    updated = site.content.last_edited.isoformat()
    for spec in site.pages:
        where = page_path(spec.src_uri)
        head = parse(built_site / where / "index.html")
        assert "<" not in head.json_ld[0]
        nodes = graph(head)
        main = [n for n in nodes if n["@type"] not in ("Quotation", "WebSite")][-1]
        assert main["description"] == spec.description
        assert main["dateModified"] == updated
        assert main["publisher"]["name"]
        assert main["url"] == site_url + where
        if spec.kind in jsonld.ARTICLE_KINDS:
            assert main["@type"] == "BackgroundNewsArticle"
            assert main["headline"] == spec.title


def test_section_articles_cite_their_sources(built_site: Path, site: Site) -> None:
    for section in site.content.sections:
        nodes = graph(parse(built_site / section.slug / "index.html"))
        article = node(nodes, "BackgroundNewsArticle")
        names = [c["name"] for c in article["citation"]]
        for source_id in section.cited:
            source = site.content.sources[source_id]
            assert source.title in names, (section.slug, source_id)
            cited = next(c for c in article["citation"] if c["name"] == source.title)
            assert cited["publisher"]["name"] == source.outlet
            assert cited.get("url") == source.url


def test_trigger_clause_is_a_quotation_with_its_source(built_site: Path, site: Site, site_url: str) -> None:
    quote = site.content.quotes["trigger-clause"]
    nodes = graph(parse(built_site / "core-agreement" / "index.html"))
    quotation = next(n for n in nodes if n["@type"] == "Quotation" and n["@id"].endswith("#trigger-clause"))
    assert quotation["text"] == quote.text
    source = site.content.sources[quote.attribution.source]
    assert quotation["citation"]["name"] == source.title
    assert quotation["citation"]["publisher"]["name"] == source.outlet
    assert quotation["@id"] == site_url + "core-agreement/#trigger-clause"
    parts = node(nodes, "BackgroundNewsArticle")["hasPart"]
    assert {"@id": quotation["@id"]} in parts
    assert len(parts) == len([n for n in nodes if n["@type"] == "Quotation"]) == 2
    for other in ("implications", "challenges"):
        assert "Quotation" not in [n["@type"] for n in graph(parse(built_site / other / "index.html"))]


def test_glossary_is_a_defined_term_set(built_site: Path, site: Site, site_url: str) -> None:
    term_set = node(graph(parse(built_site / "glossary" / "index.html")), "DefinedTermSet")
    terms = {t["name"]: t for t in term_set["hasDefinedTerm"]}
    assert set(terms) == {t.term for t in site.content.terms}
    for term in site.content.terms:
        entry = terms[term.term]
        assert entry["@type"] == "DefinedTerm"
        assert entry["description"] == term.definition
        assert entry["@id"] == f"{site_url}glossary/#{term.id}"


def test_sitemap_lists_every_page(built_site: Path, site: Site, site_url: str) -> None:
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)}
    assert locs == {site_url + page_path(spec.src_uri) for spec in site.pages}


def test_robots_txt_points_to_the_sitemap(built_site: Path, site_url: str) -> None:
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in robots.splitlines() if line.strip()]
    assert "User-agent: *" in lines
    assert f"Sitemap: {site_url}sitemap.xml" in lines
    assert not any(re.fullmatch(r"Disallow:\s*/\S*", line) for line in lines)


def test_404_page_is_useful_and_not_indexed(built_site: Path, site: Site, site_url: str) -> None:
    head = parse(built_site / "404.html")
    assert head.lang == "en"
    assert head.one("name", "robots") == "noindex"
    assert not head.json_ld
    prefix = urlsplit(site_url).path
    hrefs = set(head.anchors)
    for spec in site.pages:
        target = prefix + page_path(spec.src_uri)
        assert target in hrefs or (target == prefix and prefix + "." in hrefs), f"404 page has no link to {target}"
    text = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in text or site.content.strings.get("not_found_title", "") in text


def test_attribute_text_is_escaped_in_the_built_html(built_site: Path) -> None:
    for path in built_site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<meta [^>]*>", text):
            assert tag.count('"') % 2 == 0, f"{path}: unbalanced quotes in {tag}"
