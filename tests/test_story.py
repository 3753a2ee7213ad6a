"""Following a negotiation through its texts, by editing content only.

On a copy of content/, a maintainer adds a document column, a provision row and a
quote callout, and the pages show them; a forgotten cell, an unknown document or
quote id and a quotation changed by one word each stop the build with file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from build_tools.publish.site import Site
from tests.support import Tree

NEW_DOCUMENT = """
  - id: example-memo
    title: "An example memorandum"
    short: "Example memo"
    kind: agreement
    date: 2026-03
    parties: ["Party A", "Party B"]
    status:
      text: "Unsigned [@{source}]."
      as_of: 2026-03
    sources: [{source}]
"""


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path)


def pages(tree: Tree) -> dict[str, str]:
    site = Site(tree.content, site_name="Test", site_url="https://example.org/", root=tree.root)
    return {page.src_uri: html for page, _, html in site.render_all()}


def a_source(tree: Tree) -> str:
    return tree.data("sources.yml")["sources"][0]["id"]


def test_a_document_column_is_added_by_editing_content_only(tree: Tree) -> None:
    source = a_source(tree)
    tree.append("documents.yml", NEW_DOCUMENT.format(source=source))
    provisions = tree.data("provisions.yml")
    provisions["columns"].append("example-memo")
    for row in provisions["provisions"]:
        row["cells"]["example-memo"] = f"Example wording for {row['label'].lower()} [@{source}]."
    tree.path("provisions.yml").write_text(yaml.safe_dump(provisions, allow_unicode=True, sort_keys=False), encoding="utf-8")
    comparison = pages(tree)["comparison.md"]
    assert '<th scope="col">Example memo</th>' in comparison
    assert comparison.count('data-label="Example memo"') == len(provisions["provisions"])
    assert 'id="doc-example-memo"' in comparison


def test_a_provision_row_is_added_by_editing_content_only(tree: Tree) -> None:
    source = a_source(tree)
    columns = tree.data("provisions.yml")["columns"]
    cells = "".join(f"\n      {c}: not reported" for c in columns[1:])
    tree.append("provisions.yml", f"""
  - id: withdrawal
    label: "Withdrawal"
    cells:
      {columns[0]}: "Either party may leave with a year's notice [@{source}]."{cells}
""")
    comparison = pages(tree)["comparison.md"]
    row = re.search(r'<tr id="prov-withdrawal">(.*?)</tr>', comparison, re.S)
    assert row and "Withdrawal" in row.group(1)
    assert row.group(1).count("Not reported") == len(columns) - 1
    assert 'class="xp-cite"' in row.group(1)


def test_a_quote_callout_is_added_by_editing_content_only(tree: Tree) -> None:
    sources = tree.data("sources.yml")["sources"]
    source = sources[0]["id"]
    excerpts = tree.line("sources.yml", r"^\s+excerpts:", after=tree.line("sources.yml", rf"^\s+- id: {source}\s*$"))
    tree.set_line("sources.yml", excerpts,
                  "    excerpts:\n      - 'We will meet again next week to finish the text, the envoy said.'")
    tree.append("quotes.yml", f"""
  - id: envoy-next-week
    text: "We will meet again next week to finish the text"
    attribution:
      who: "An envoy"
      where: "a press conference"
      outlet: "Example outlet"
      date: 2026-03-01
      source: {source}
""")
    section = tree.sections[0]
    tree.body_append(section, "[[quote:envoy-next-week]]")
    slug = yaml.safe_load(tree.text(section).split("---")[1])["slug"]
    html = pages(tree)[f"{slug}.md"]
    figure = re.search(r'<figure aria-label="An envoy" class="xp-quote" id="envoy-next-week">(.*?)</figure>', html, re.S)
    assert figure, "the callout is on the page"
    quote, attribution = re.search(r"<blockquote.*?</blockquote>\s*(<p class=\"xp-quote__attribution\">.*?</p>)",
                                   figure.group(1), re.S).group(0, 1)
    assert "We will meet again next week to finish the text" in quote
    assert "An envoy, a press conference" in attribution and f"#src-{source}" in attribution


def test_a_forgotten_cell_stops_the_build_with_file_and_line(tree: Tree) -> None:
    column = tree.data("provisions.yml")["columns"][-1]
    cells = tree.line("provisions.yml", r"^\s+cells:")
    number = tree.line("provisions.yml", rf"^\s+{column}:", after=cells)
    tree.set_line("provisions.yml", number, "")
    row = tree.data("provisions.yml")["provisions"][0]["id"]
    assert tree.error() == (
        f"content/provisions.yml:{cells}: provisions[0].cells: has no cell for '{column}'. Add '{column}: ...' under "
        f"cells, with a citation, or '{column}: not reported' if no source reports it."
    ), row


def test_a_cell_without_a_citation_stops_the_build(tree: Tree) -> None:
    column = tree.data("provisions.yml")["columns"][0]
    number = tree.line("provisions.yml", rf"^\s+{column}:")
    tree.set_line("provisions.yml", number, f"      {column}: Something stated without a source.")
    assert tree.error() == (
        f"content/provisions.yml:{number}: provisions[0].cells.{column}: states something without a citation. "
        "Cite a source with [@source-id], or write 'not reported' if no source reports it."
    )


def test_an_unknown_document_id_stops_the_build_with_file_and_line(tree: Tree) -> None:
    number = tree.line("provisions.yml", r"^columns:")
    columns = tree.data("provisions.yml")["columns"]
    tree.set_line("provisions.yml", number, "columns: [" + ", ".join([*columns[:-1], "no-such-document"]) + "]")
    known = ", ".join(d["id"] for d in tree.data("documents.yml")["documents"])
    assert tree.error() == (
        f"content/provisions.yml:{number}: columns[{len(columns) - 1}]: unknown document id 'no-such-document'. "
        f"Use an id from content/documents.yml ({known}) or add the document there."
    )


def test_an_unknown_quote_id_stops_the_build_with_file_and_line(tree: Tree) -> None:
    section = tree.sections[-1]
    line = tree.body_append(section, "[[quote:no-such-quote]]")
    known = ", ".join(q["id"] for q in tree.data("quotes.yml")["quotes"])
    assert tree.error() == (
        f"content/{section}:{line}: body: unknown quote id 'no-such-quote' in '[[quote:no-such-quote]]'. "
        f"Use an id from content/quotes.yml ({known}) or add it there."
    )


def test_an_unknown_timeline_document_stops_the_build(tree: Tree) -> None:
    number = tree.line("timeline.yml", r"^\s+sources:")
    old = tree.text("timeline.yml").splitlines()[number - 1]
    tree.set_line("timeline.yml", number, old + "\n    documents: [no-such-document]")
    known = ", ".join(d["id"] for d in tree.data("documents.yml")["documents"])
    assert tree.error() == (
        f"content/timeline.yml:{number + 1}: events[0].documents[0]: unknown document id 'no-such-document'. "
        f"Use an id from content/documents.yml ({known}) or add the document there."
    )


def _quoting_line(tree: Tree, name: str, key: str = "") -> tuple[int, str]:
    """The first line of `name` (starting with `key`) with a quotation of three or more words."""
    for number, line in enumerate(tree.text(name).splitlines(), start=1):
        match = re.search(r'"([^"\[\]]+? [^"\[\]]+? [^"\[\]]+?)"', line)
        if match and line.lstrip().startswith(key) and not line.lstrip().startswith(("title:", "summary:", "- id", "id:")):
            return number, match.group(1)
    raise AssertionError(f"no quotation in {name}")


def _one_word_changed(quotation: str) -> str:
    words = quotation.split(" ")
    index = max(range(len(words)), key=lambda i: len(words[i]))  # the longest word: a real word
    words[index] = "banana"
    return " ".join(words)


def test_a_quotation_changed_by_one_word_in_a_section_stops_the_build(tree: Tree) -> None:
    section = next(s for s in tree.sections if '"' in tree.text(s).split("---", 2)[2])
    body_start = tree.text(section).split("---", 2)[1].count("\n") + 2
    number, quotation = _quoting_line(tree, section)
    assert number > body_start
    line = tree.text(section).splitlines()[number - 1]
    tree.set_line(section, number, line.replace(quotation, _one_word_changed(quotation), 1))
    message = tree.error()
    assert message.startswith(f"content/{section}:{number}: body: quotation \"")
    assert "is not found in an excerpt of a source cited with it" in message


def test_a_quotation_changed_by_one_word_in_a_field_stops_the_build(tree: Tree) -> None:
    number, quotation = _quoting_line(tree, "timeline.yml")
    line = tree.text("timeline.yml").splitlines()[number - 1]
    tree.set_line("timeline.yml", number, line.replace(quotation, _one_word_changed(quotation), 1))
    message = tree.error()
    assert re.match(rf"content/timeline\.yml:{number}: events\[\d+\]\.text: quotation \"", message), message
    assert "is not found in an excerpt of a source cited with it" in message


def test_a_quote_callout_changed_by_one_word_stops_the_build(tree: Tree) -> None:
    number = tree.line("quotes.yml", r"^\s+text:")
    line = tree.text("quotes.yml").splitlines()[number - 1]
    words = re.findall(r"[a-z]{6,}", line)
    tree.set_line("quotes.yml", number, line.replace(words[0], "banana", 1))
    source = tree.data("quotes.yml")["quotes"][0]["attribution"]["source"]
    message = tree.error()
    assert message.startswith(f"content/quotes.yml:{number}: quotes[0].text: text \"")
    assert message.endswith(f"is not found in an excerpt of '{source}'. Copy the wording exactly as that source "
                            f"prints it, and record it under 'excerpts' of '{source}' in content/sources.yml.")


def test_collections_beyond_sources_and_sections_are_optional(tree: Tree) -> None:
    for name in ("documents.yml", "provisions.yml", "quotes.yml", "timeline.yml", "corrections.yml"):
        tree.path(name).unlink()
    for section in tree.sections:
        body = re.sub(r"^\[\[[a-z]+:[a-z0-9-]+\]\]$", "", tree.text(section), flags=re.M)
        tree.path(section).write_text(body, encoding="utf-8")
    uris = set(pages(tree))
    assert "comparison.md" not in uris and "timeline.md" not in uris
    assert {"index.md", "about.md", "glossary.md", "sources.md"} <= uris
