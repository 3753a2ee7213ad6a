"""`mkdocs build --strict` of the real project, and what the HTML holds."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT, mkdocs_build

PAGES = ["", "core-agreement/", "implications/", "challenges/", "new-texts/", "where-it-stands/", "glossary/", "sources/", "timeline/",
         "comparison/", "about/"]


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def article(page_html: str) -> str:
    return page_html[page_html.index("<article") : page_html.index("</article>")]


def test_every_page_exists_at_its_address(built_site: Path) -> None:
    for page in PAGES:
        assert (built_site / page / "index.html").is_file(), page
    assert (built_site / "404.html").is_file()
    assert (built_site / "sitemap.xml").is_file()


def _source_tree() -> dict[str, bytes]:
    return {p.relative_to(ROOT).as_posix(): p.read_bytes()
            for folder in ("content", "build_tools", "tests")
            for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_a_build_writes_nothing_into_the_source_tree(tmp_path: Path) -> None:
    before = _source_tree()
    result = mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert _source_tree() == before
    assert (tmp_path / "site" / "index.html").is_file()


def _quotes() -> dict[str, dict]:
    return {q["id"]: q for q in yaml.safe_load((ROOT / "content" / "quotes.yml").read_text())["quotes"]}


def test_callout_on_core_agreement_page(built_site: Path) -> None:
    page = html.unescape(read(built_site, "core-agreement/"))
    start = page.index('<figure aria-label="The trigger clause" class="xp-quote" id="trigger-clause"')
    figure = page[start : page.index("</figure>", start)]
    clause = re.sub(r"</?mark>", "", figure)
    quote = _quotes()["trigger-clause"]
    assert quote["text"] in clause
    assert "including through military force" not in figure.split("xp-quote__paraphrase")[0]
    for word in ("significant", "deliberate", "sustained"):
        assert f"<dt>{word}</dt>" in figure
    assert "The Parties agree that an armed attack against one or more of them" in figure


def test_each_attribution_sits_right_below_the_words_it_attributes(built_site: Path) -> None:
    """On screen and in print, the draft's attribution comes before Article 5's text, not after it."""
    page = html.unescape(read(built_site, "core-agreement/"))
    start = page.index('id="trigger-clause"')
    figure = page[start : page.index("</figure>", start)]
    columns = re.findall(r'<div class="xp-compare__col[^"]*">(.*?)</div>', figure, re.S)
    assert len(columns) == 2
    draft, treaty = columns
    assert re.search(r"</blockquote>\s*<p class=\"xp-quote__attribution\">Draft US security guarantee, "
                     r'<time datetime="2025-11-21">21 November 2025</time>; as reported by '
                     r'<a href="\.\./sources/#src-axios-2025-11-21">Axios</a>\.</p>\s*$', draft)
    assert "Axios" not in treaty
    assert re.search(r'</blockquote>\s*<p class="xp-quote__attribution">Article 5 of the North Atlantic Treaty[^<]*'
                     r'<time datetime="1949">', treaty)


def test_every_placed_quote_is_on_its_page_with_its_source(built_site: Path) -> None:
    placed = {}
    for path in sorted((ROOT / "content" / "sections").glob("*.md")):
        slug = yaml.safe_load(path.read_text().split("---")[1])["slug"]
        for quote_id in re.findall(r"^\[\[quote:([a-z0-9-]+)\]\]$", path.read_text(), flags=re.M):
            placed[quote_id] = slug
    assert {"trigger-clause", "response-clause", "paris-activation"} <= set(placed)
    quotes = _quotes()
    for quote_id, slug in placed.items():
        page = html.unescape(read(built_site, f"{slug}/"))
        start = page.index(f'id="{quote_id}"')
        figure = page[start : page.index("</figure>", start)]
        source = quotes[quote_id]["attribution"]["source"]
        assert re.search(rf'</blockquote>\s*<p class="xp-quote__attribution">[^<]*<time[^>]*>[^<]*</time>; [^<]*'
                         rf'<a href="\.\./sources/#src-{source}">', figure), quote_id


def test_terms_are_links_to_their_glossary_entries(built_site: Path) -> None:
    glossary = read(built_site, "glossary/")
    anchors = set(re.findall(r'<h2 id="([^"]+)"', glossary))
    for page in ("core-agreement/", "implications/", "challenges/"):
        body = article(read(built_site, page))
        links = re.findall(r'<a aria-describedby="xp-tip-term-([^"]+)" class="xp-term" href="\.\./glossary/#([^"]+)">', body)
        assert links, page
        ids = [a for a, _ in links]
        assert len(ids) == len(set(ids)), f"a term is marked twice on {page}"
        for tip, anchor in links:
            assert tip == anchor and anchor in anchors
            assert f'id="xp-tip-term-{tip}"' in body
        heading_text = "".join(re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", body, flags=re.S))
        assert "xp-term" not in heading_text


def test_every_term_is_used_in_the_sections_and_listed_with_its_pages(built_site: Path) -> None:
    glossary = article(read(built_site, "glossary/"))
    terms = yaml.safe_load((ROOT / "content" / "glossary.yml").read_text())["terms"]
    assert len(terms) >= 15
    entries = re.split(r"<h2 id=", glossary)[1:]
    assert len(entries) == len(terms)
    for entry in entries:
        assert "Used on:" in entry, entry[:80]


def test_sources_page_lists_every_source_with_its_citing_pages(built_site: Path) -> None:
    page = article(read(built_site, "sources/"))
    for source in yaml.safe_load((ROOT / "content" / "sources.yml").read_text())["sources"]:
        assert f'id="src-{source["id"]}"' in page
    assert page.count("Cited on:") == page.count('id="src-')
    assert "Not cited on any page." not in page
    assert 'id="unverified"' in page


def test_pages_request_nothing_from_other_hosts(built_site: Path) -> None:
    for file in built_site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        for tag, url in re.findall(r"<(script|link|img|iframe|source)\b[^>]*?(?:src|href)=\"([^\"]+)\"", text):
            if tag == "link" and re.search(rf'<link[^>]*rel="(canonical|alternate)"[^>]*href="{re.escape(url)}"', text):
                continue
            assert not re.match(r"^(https?:)?//", url), f"{file}: {tag} {url}"
    for file in built_site.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", file.read_text(encoding="utf-8")), file


def test_uncited_source_is_a_warning_that_fails_strict_and_check_reports_it(project: Path, tmp_path: Path) -> None:
    sources = project / "content" / "sources.yml"
    line = sources.read_text().count("\n") + 2
    sources.write_text(sources.read_text() + """
  - id: never-cited
    outlet: "Example outlet"
    title: "A source nobody cites"
    date: 2025-11-21
    standing: reported
""")
    message = (f"content/sources.yml:{line}: source 'never-cited' is cited by no page. "
               "Cite it with [@never-cited] or remove it.")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    for command in (["check"], ["export", str(tmp_path / "export")]):
        checked = subprocess.run([sys.executable, "-m", "build_tools", *command], cwd=project,
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 1, command
        assert checked.stderr.strip().splitlines() == [f"Warning: {message}"], command
        assert "Content is valid" not in checked.stdout


def test_content_error_stops_the_build_with_one_line(project: Path, tmp_path: Path) -> None:
    glossary = project / "content" / "glossary.yml"
    text = glossary.read_text()
    assert 'aliases: ["North Atlantic Treaty Organization"]' in text
    glossary.write_text(text.replace('aliases: ["North Atlantic Treaty Organization"]', 'aliases: ["North Atlantic Treaty Organization", "article 5"]'))
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("previous site")
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    out = (result.stdout + result.stderr).strip().splitlines()
    assert out[-1].startswith("Content error: content/glossary.yml:")
    assert out[-1] == ("Content error: content/glossary.yml:14: terms[2].term: 'Article 5' is already a form of term "
                       "'nato'. Keep one; a word can belong to only one term.")
    assert "Traceback" not in result.stderr
    assert (site / "keep.html").read_text() == "previous site"
