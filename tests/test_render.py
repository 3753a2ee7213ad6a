"""Templates: what each generated page holds, from the real content."""

from __future__ import annotations

import dataclasses
import re
import html

import pytest

from build_tools.content.loader import Loader
from build_tools.render.pages import Renderer, cell, mark_words, plain, yaml_str
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(Loader(ROOT / "content").load(), site_name="Site", site_url="https://example.org/x")


def test_pages_order_and_addresses(renderer: Renderer) -> None:
    uris = [p.src_uri for p in renderer.pages()]
    assert uris[:4] == ["index.md", "core-agreement.md", "implications.md", "challenges.md"]
    assert {"glossary.md", "sources.md", "timeline.md", "comparison.md", "about.md"} <= set(uris)
    # Late pages list where things are used, so they come after every page that uses them.
    late = [i for i, p in enumerate(renderer.pages()) if p.late]
    assert late == list(range(len(uris) - len(late), len(uris)))


def test_front_matter_is_yaml_with_title_and_description(renderer: Renderer) -> None:
    page = renderer.pages()[1]
    doc = renderer.document(page)
    assert doc.startswith('---\ntitle: "What the draft says"\ndescription: "')


def test_section_page_has_summary_key_points_body_callout_and_sources(renderer: Renderer) -> None:
    page = next(p for p in renderer.pages() if p.src_uri == "core-agreement.md")
    body = renderer.body(page)
    assert body.startswith("# What the draft says\n")
    assert '!!! abstract "Key points"' in body
    assert "[[quote:trigger-clause]]" not in body
    assert '<figure class="xp-quote" id="trigger-clause"' in body
    assert '<figure class="xp-provision" id="provision-duration"' in body
    assert "(sources.md#src-axios-2025-11-21)" in body
    assert "Cite this page" in body and "https://example.org/x/core-agreement/" in body


def test_callout_quotes_the_clause_verbatim_and_keeps_the_paraphrase_outside(renderer: Renderer) -> None:
    page = next(p for p in renderer.pages() if p.src_uri == "core-agreement.md")
    body = renderer.body(page)
    start = body.index('<blockquote class="xp-quote__text">')
    quote = body[start : body.index("</blockquote>", start)]
    assert "including through military force" not in quote
    text = quote.replace("<mark>", "").replace("</mark>", "").replace("&#34;", '"')
    assert 'Any future "significant, deliberate, and sustained armed attack" by Russia on Ukraine' in text
    attribution = body[body.index("</blockquote>", start):]
    assert attribution.startswith("</blockquote>\n<p class=\"xp-quote__attribution\" markdown=\"span\">Draft US security guarantee, "
                                  "<time datetime=\"2025-11-21\">21 November 2025</time>; as reported by "
                                  "[Axios](sources.md#src-axios-2025-11-21).</p>")


def test_glossary_lists_every_term_with_anchor_and_usage(renderer: Renderer) -> None:
    from build_tools.content.refs import PageRef

    page = next(p for p in renderer.pages() if p.src_uri == "glossary.md")
    ref = PageRef("What the draft says", "core-agreement.md")
    body = renderer.body(page, usage={"nato": [ref]})
    for term in renderer.content.terms:
        assert f"{{: #{term.id} }}" in body
    assert "*Used on:* [What the draft says](core-agreement.md)" in body
    assert "Not used on any page yet." in body  # terms with no usage passed in


def test_sources_page_shows_standing_links_and_unverified_claims(renderer: Renderer) -> None:
    page = next(p for p in renderer.pages() if p.src_uri == "sources.md")
    body = html.unescape(renderer.body(page))
    assert "Secondary: a report of another outlet's report" in body
    assert "<https://tass.com/world/2046711>" in body
    assert "No link: we give the outlet and date only." in body  # Axios has no URL in the fact sheet
    assert "## Claims we could not verify" in body and "(about.md#corrections)" in body


def test_timeline_is_in_date_order_and_cited(renderer: Renderer) -> None:
    events = renderer.content.timeline
    assert [e.date.key for e in events] == sorted(e.date.key for e in events)
    body = renderer.body(next(p for p in renderer.pages() if p.src_uri == "timeline.md"))
    assert body.count("<li ") == len(events)
    for line in body.splitlines():
        if line.startswith("<li "):
            assert "[@" in line


def test_comparison_cells_are_cited_or_not_reported(renderer: Renderer) -> None:
    body = renderer.body(next(p for p in renderer.pages() if p.src_uri == "comparison.md"))
    table = renderer.content.provisions
    rows = re.findall(r'<tr id="prov-([a-z0-9-]+)" markdown="1">(.*?)</tr>', body, re.S)
    assert [row_id for row_id, _ in rows] == [row.id for row in table.rows] and len(rows) >= 7
    for _, row in rows:
        cells = re.findall(r"<td [^>]*>(.*?)</td>", row, re.S)
        assert len(cells) == len(table.columns) >= 4
        for text in cells:
            assert "[@" in text or text == "Not reported", text


def test_home_has_status_key_points_and_know_box(renderer: Renderer) -> None:
    body = renderer.body(renderer.pages()[0])
    assert '!!! warning "Status"' in body
    assert f"The explainer in {len(renderer.content.sections)} parts" in body
    assert 'id="what-we-know"' in body and 'id="what-we-dont-know"' in body
    for section in renderer.content.sections:
        assert f"]({section.slug}.md)" in body


def test_filters_escape_html_and_markdown() -> None:
    assert plain("<b>*x*</b>") == "\\&lt;b\\&gt;\\*x\\*\\&lt;/b\\&gt;".replace("\\&", "&")
    assert cell("a | b\nc") == "a \\| b c"
    assert yaml_str('say "hi"\n') == '"say \\"hi\\"\\n"'
    assert mark_words("A <b> significant word", ["significant"]) == "A &lt;b&gt; <mark>significant</mark> word"


@pytest.mark.parametrize("body", [
    "One line", "Two\nlines\n", "Windows\r\nline ends\r\n", "\n\nblank lines first\n\n\n", "",
    "Not a block: [[quote:trigger-clause]] inside a line", "Other block:\n[[not-a-block]]\nend",
])
def test_section_body_without_block_markers_is_the_body_line_by_line(renderer: Renderer, body: str) -> None:
    """The quick path for sections with no `[[...]]` line gives what the line-by-line one gives."""
    section = dataclasses.replace(renderer.content.sections[0], body=body)
    assert renderer._section_body(section) == "\n".join(body.splitlines())


def test_a_source_is_described_with_its_date_in_the_pages_language() -> None:
    """Popups and printed lists give a source's date as a reader of the page's language writes it."""
    from build_tools.content.refs import describe_source

    content = Loader(ROOT / "content", ROOT).load()
    source = next(s for s in content.sources.values() if s.date.day and s.date.month == 6)
    english, ukrainian = describe_source(source, "en"), describe_source(source, "uk")
    assert f"{source.date.day} June {source.date.year}." in english
    assert f"{source.date.day} червня {source.date.year}" in ukrainian and "June" not in ukrainian


def test_a_changed_template_is_compiled_again_in_the_same_process(tmp_path) -> None:
    """Compiled templates are shared by every Renderer of a process (a `mkdocs serve` session),
    checked against their source: an edited template is never served stale."""
    import jinja2

    from build_tools.render.pages import _COMPILED

    template = tmp_path / "page.md.j2"

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), auto_reload=False,
                                 bytecode_cache=_COMPILED)
        return env.get_template("page.md.j2").render(name="Ferry")

    template.write_text("Before: {{ name }}", encoding="utf-8")
    assert render() == "Before: Ferry" and render() == "Before: Ferry"
    template.write_text("After: {{ name }}!", encoding="utf-8")
    assert render() == "After: Ferry!"
