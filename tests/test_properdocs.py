"""The fallback publisher: ProperDocs builds the real site the same as MkDocs does.

ProperDocs (a fork of MkDocs 1.x that keeps its plugin API) is the plan if MkDocs 1.x
breaks (README, "Publishers"). It installs beside mkdocs 1.6.1 through pyproject's
`test` extra: its own package and command (`properdocs`), the same mkdocs.yml passed
with -f, our `explainer` plugin and Material found through their `mkdocs.*` entry points.

Here it builds the repository's mkdocs.yml and content/ in strict mode, and every page
must carry the same terms, citations, quote callouts and metadata as the MkDocs build
(the `built_site` fixture), with feed.xml and every other file the same too.

The one output that legitimately differs is the generator meta tag, which names the
publisher ("mkdocs-1.6.1" against "mkdocs-ProperDocs 1.6.7"); it is normalised, and
nothing else is. sitemap.xml's <lastmod> is the day of the build, so it is normalised
too, in case the two builds fall either side of midnight.
"""

from __future__ import annotations

import collections
import difflib
import gzip
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT, once_per_run

PINNED = "1.6.7"  # keep in step with pyproject's `test` extra and README's "Publishers"
PROPERDOCS = [sys.executable, "-m", "properdocs"]

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


# --------------------------------------------------------------------------
# The ProperDocs build
# --------------------------------------------------------------------------


def properdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`properdocs build --strict` of `project`'s mkdocs.yml, as conftest's mkdocs_build does it."""
    # -f names mkdocs.yml: without it ProperDocs looks for properdocs.yml first and logs
    # that mkdocs.yml should be renamed. The variable is the one mkdocs_build sets.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*PROPERDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=env, check=False, cwd=project,
    )


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Fail, never skip: a missing fallback publisher is what this file exists to catch.
    try:
        version = importlib.metadata.version("properdocs")
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"ProperDocs is not installed: run scripts/bootstrap test (pyproject's test extra pins properdocs=={PINNED})")
    assert version == PINNED, f"ProperDocs {version} is installed, the project pins {PINNED}: run scripts/bootstrap test"
    def build(folder: Path) -> None:
        result = properdocs_build(ROOT, folder / "site")
        assert result.returncode == 0, result.stdout + result.stderr

    return once_per_run(tmp_path_factory, "properdocs", build) / "site"


# --------------------------------------------------------------------------
# What a page carries
# --------------------------------------------------------------------------


@dataclass
class Page:
    title: str = ""
    triggers: collections.Counter = field(default_factory=collections.Counter)  # aria-describedby="xp-tip-..."
    tips: list[str] = field(default_factory=list)  # the popups those triggers point at, by id
    links: collections.Counter = field(default_factory=collections.Counter)  # (class, href) of terms and citations
    quotes: list[tuple[str, str]] = field(default_factory=list)  # figure.xp-quote: (id, aria-label)
    json_ld: list = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)  # og:, twitter:, description
    canonical: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in: str | None = None  # "title" or "ld"
        self._text = ""

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        for tip in a.get("aria-describedby", "").split():
            if tip.startswith("xp-tip-"):
                self.page.triggers[tip] += 1
        if a.get("id", "").startswith("xp-tip-"):
            self.page.tips.append(a["id"])
        for kind in ("xp-term", "xp-cite"):
            if tag == "a" and kind in classes:
                self.page.links[(kind, a.get("href", ""))] += 1
        if tag == "figure" and "xp-quote" in classes:
            self.page.quotes.append((a.get("id", ""), a.get("aria-label", "")))
        if tag == "meta":
            key = a.get("property") or a.get("name") or ""
            if key.startswith(("og:", "twitter:")) or key == "description":
                self.page.meta.append((key, a.get("content", "")))
        if tag == "link" and a.get("rel") == "canonical":
            self.page.canonical.append(a.get("href", ""))
        if tag == "title" or (tag == "script" and a.get("type") == "application/ld+json"):
            self._in, self._text = ("title" if tag == "title" else "ld"), ""

    def handle_endtag(self, tag):  # noqa: ANN001
        if self._in == "title" and tag == "title":
            self.page.title = self._text.strip()
        elif self._in == "ld" and tag == "script":
            self.page.json_ld.append(json.loads(self._text))
        else:
            return
        self._in = None

    def handle_data(self, data):  # noqa: ANN001
        if self._in:
            self._text += data


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


CONTENT = ("triggers", "tips", "links", "quotes")
METADATA = ("title", "json_ld", "meta", "canonical")


def page_differences(expected: Path, actual: Path, fields: tuple[str, ...]) -> list[str]:
    """Each page's `fields` that are not the same in the two sites, with the lines that differ."""
    found = []
    for name in sorted(set(pages(expected)) | set(pages(actual))):
        if not (expected / name).is_file() or not (actual / name).is_file():
            found.append(f"{name}: only in {'MkDocs' if (expected / name).is_file() else 'ProperDocs'}'s build")
            continue
        want, got = read_page(expected / name), read_page(actual / name)
        for f in fields:
            if getattr(want, f) != getattr(got, f):
                found.append(f"{name}: {f}\n" + _diff(getattr(want, f), getattr(got, f)))
    return found


def _diff(want: object, got: object) -> str:
    """The lines that differ, MkDocs's as -, ProperDocs's as +."""
    def lines(value: object) -> list[str]:
        if isinstance(value, collections.Counter):
            value = sorted(f"{k} x{n}" for k, n in value.items())
        return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, default=str).splitlines()
    changed = [line for line in difflib.unified_diff(lines(want), lines(got), "MkDocs", "ProperDocs", n=1, lineterm="")]
    return "\n".join("    " + line for line in changed[2:22])


def normalised(path: Path) -> bytes:
    """A file's bytes, less what depends on the publisher's name or the day of the build."""
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    if path.suffix == ".html":
        # The generator tag names the publisher and its version (Material writes
        # "mkdocs-{{ mkdocs_version }}"; ProperDocs sets that to "ProperDocs 1.6.7").
        text = data.decode("utf-8")
        assert len(GENERATOR.findall(text)) <= 1, f"{path}: more than one generator tag"
        data = GENERATOR.sub('<meta name="generator" content="(publisher)">', text).encode("utf-8")
    elif path.name in ("sitemap.xml", "sitemap.xml.gz"):
        # <lastmod> is the build's date: the two builds may run either side of midnight.
        data = LASTMOD.sub("<lastmod>(build date)</lastmod>", data.decode("utf-8")).encode("utf-8")
    return data


def file_differences(expected: Path, actual: Path) -> list[str]:
    listing = {p.relative_to(expected).as_posix() for p in expected.rglob("*") if p.is_file()}
    other = {p.relative_to(actual).as_posix() for p in actual.rglob("*") if p.is_file()}
    found = [f"{name}: only in MkDocs's build" for name in sorted(listing - other)]
    found += [f"{name}: only in ProperDocs's build" for name in sorted(other - listing)]
    found += [f"{name}: differs" for name in sorted(listing & other) if normalised(expected / name) != normalised(actual / name)]
    return found


def _report(found: list[str]) -> str:
    return f"{len(found)} difference(s) between the MkDocs and ProperDocs builds:\n" + "\n".join(found[:40])


# --------------------------------------------------------------------------
# The ProperDocs build against the MkDocs one
# --------------------------------------------------------------------------


def test_properdocs_builds_the_site_in_strict_mode(properdocs_site: Path) -> None:
    assert (properdocs_site / "index.html").is_file()
    assert pages(properdocs_site), "no pages built"


def test_every_page_has_the_same_terms_citations_and_quote_callouts(built_site: Path, properdocs_site: Path) -> None:
    assert read_page(built_site / "core-agreement" / "index.html").quotes, "the walk finds no quote callout"
    assert any(read_page(built_site / p).triggers for p in pages(built_site)), "the walk finds no popup trigger"
    found = page_differences(built_site, properdocs_site, CONTENT)
    assert not found, _report(found)


def test_every_page_has_the_same_title_and_metadata(built_site: Path, properdocs_site: Path) -> None:
    home = read_page(built_site / "index.html")
    assert home.json_ld and any(k.startswith("og:") for k, _ in home.meta), "the walk finds no metadata"
    found = page_differences(built_site, properdocs_site, METADATA)
    assert not found, _report(found)


def test_the_feed_is_the_same(built_site: Path, properdocs_site: Path) -> None:
    assert (built_site / "feed.xml").read_bytes() == (properdocs_site / "feed.xml").read_bytes()


def test_every_file_is_the_same_but_the_generator_tag(built_site: Path, properdocs_site: Path) -> None:
    """Whole pages, search index, cards, assets, sitemap: byte for byte once normalised.

    If this fails while the tests above pass, check first that two MkDocs builds agree.
    """
    found = file_differences(built_site, properdocs_site)
    assert not found, _report(found)


def test_the_comparison_catches_a_changed_page(built_site: Path, tmp_path: Path) -> None:
    """The checks above see a difference in each thing they compare."""
    changed = tmp_path / "site"
    shutil.copytree(built_site, changed)
    page = changed / "core-agreement" / "index.html"
    text = page.read_text(encoding="utf-8")
    for old, new in [
        ('aria-describedby="xp-tip-term-', 'aria-describedby="xp-tip-changed-'),  # a term's trigger
        ('class="xp-quote" id="', 'class="xp-quote" id="changed-'),  # a quote callout's id
        ('"inLanguage":"en"', '"inLanguage":"fr"'),  # JSON-LD
        ('property="og:title" content="', 'property="og:title" content="Changed '),  # OpenGraph
    ]:
        assert old in text, f"core-agreement has no {old!r} any more: update this test"
        text = text.replace(old, new, 1)
    page.write_text(text, encoding="utf-8")
    feed = changed / "feed.xml"
    feed.write_bytes(feed.read_bytes().replace(b"<entry>", b"<entry> ", 1))

    found = "\n".join(page_differences(built_site, changed, CONTENT + METADATA))
    for what in ("triggers", "quotes", "json_ld", "meta"):
        assert f"core-agreement/index.html: {what}\n" in found, f"{what} not caught:\n{found}"
    assert sorted(file_differences(built_site, changed)) == ["core-agreement/index.html: differs", "feed.xml: differs"]
    # The one tag normalised on purpose is not a difference.
    shutil.copy(built_site / "core-agreement" / "index.html", page)
    page.write_text(GENERATOR.sub('<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material">',
                                  page.read_text(encoding="utf-8")), encoding="utf-8")
    assert file_differences(built_site, changed) == ["feed.xml: differs"]
