"""Every quotation on the built site is found in a recorded excerpt of a source cited next to it.

The loader checks the content; this walks what readers get: every page's main text,
block by block (paragraph, list item, table cell, caption), with the sources cited in
that block, or failing that in its neighbours under the same heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.content import quotations
from build_tools.content.loader import Loader
from tests.conftest import ROOT
from tests.support import BLOCKS, Node, parse_html, skipped

def _neighbours(block: Node) -> list[str]:
    """Sources cited by the blocks beside `block` under the same heading, then by its ancestors."""
    parent = block.parent
    siblings = [c for c in parent.children if isinstance(c, Node)] if parent else []
    index = siblings.index(block) if block in siblings else 0
    found: list[str] = []
    for step in (-1, 1):
        position = index + step
        while 0 <= position < len(siblings) and siblings[position].tag not in {"h1", "h2", "h3", "h4"}:
            found += siblings[position].cited(stop_at_blocks=False)
            position += step
    node = parent
    while not found and node is not None and node.tag not in {"article", "#root"}:
        found += node.cited(stop_at_blocks=False)
        node = node.parent
    return found


@dataclass(frozen=True)
class Checked:
    page: str
    quotation: str
    cited: tuple[str, ...]


def check_page(path: Path, site: Path, sources) -> tuple[list[Checked], list[Checked]]:
    article = next((n for n in parse_html(path.read_text(encoding="utf-8")).walk() if n.tag == "article"), None)
    if article is None:
        return [], []
    page = path.relative_to(site).as_posix()
    checked, failed = [], []
    for block in article.walk():
        if block.tag not in BLOCKS or skipped(block):
            continue
        if block.tag == "blockquote":
            # A callout's words: attributed (and linked) right after the quotation.
            texts = [quotations.normalize(block.text(stop_at_blocks=False))]
            after = block.parent.children[block.parent.children.index(block) + 1:]
            cited = [s for n in after if isinstance(n, Node) and "xp-quote__attribution" in n.classes for s in n.cited()][:1]
        else:
            texts = [q.text for q in quotations.find(block.text())]
            cited = block.cited() or _neighbours(block)
        for text in texts:
            item = Checked(page, text, tuple(cited))
            checked.append(item)
            if not quotations.holders(text, [sources[s] for s in cited if s in sources]):
                failed.append(item)
    return checked, failed


@pytest.fixture(scope="module")
def sources():
    return Loader(ROOT / "content", ROOT).load().sources


def test_every_quotation_on_the_site_is_in_an_excerpt_of_a_source_cited_next_to_it(built_site: Path, sources) -> None:
    checked, failed = [], []
    for path in sorted(built_site.rglob("*.html")):
        page_checked, page_failed = check_page(path, built_site, sources)
        checked += page_checked
        failed += page_failed
    assert len(checked) >= 30, f"only {len(checked)} quotations found: is the walk reading the pages?"
    assert {c.page for c in checked} >= {"index.html", "comparison/index.html", "timeline/index.html"}
    assert not failed, "\n".join(f"{f.page}: \"{f.quotation[:80]}\" cited {f.cited}" for f in failed)


def test_the_walk_catches_a_changed_quotation(tmp_path: Path, sources) -> None:
    """The same walk over a page whose quotation lost one word, and over one with no citation near it."""
    source, excerpt = next((s, e.text) for s in sources.values() for e in s.excerpts
                           if '"' not in e.text and len(e.text.split()) >= 6)
    words = quotations.pieces(excerpt)[0].split()[:6]
    good = " ".join(words)
    bad = " ".join(words[:-1] + ["banana"])
    page = tmp_path / "p" / "index.html"
    page.parent.mkdir()
    page.write_text(
        f'<article><h2>A</h2><p>It said "{good}" <a class="xp-cite" href="../sources/#src-{source.id}">[1]</a>.</p>'
        f'<p>It said "{bad}" <a class="xp-cite" href="../sources/#src-{source.id}">[1]</a>.</p>'
        f'<h2>B</h2><p>It said "{good}".</p></article>', encoding="utf-8")
    checked, failed = check_page(page, tmp_path, sources)
    assert len(checked) == 3
    assert [f.quotation for f in failed] == [bad, good]
