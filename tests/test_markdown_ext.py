"""The extension on real Python-Markdown: which text becomes a term link, and which not."""

from __future__ import annotations

import re

import pytest

from build_tools.content.refs import Links, PageRef
from build_tools.markup.extension import ExplainerExtension
from build_tools.content.model import Source, Term
from build_tools.syntax import dialect

TERMS = {
    t.id: t
    for t in [
        Term(id="nato", term="NATO", definition="An alliance <b>defined</b> here."),
        Term(id="article-5", term="Article 5", aliases=["Article Five"], definition="The clause."),
        Term(id="security-guarantee", term="security guarantee", aliases=["security guarantees"], definition="A promise."),
        Term(id="security", term="security", definition="Safety."),
    ]
}
SOURCES = {"axios": Source(id="axios", outlet="Axios", title="Report", date="2025-11-21", standing="reported")}
STRINGS = {"tips_label": "Tips", "tips_terms_title": "Terms", "tips_sources_title": "Sources"}


def render(text: str, page: PageRef | None = None) -> tuple[str, ExplainerExtension]:
    ext = ExplainerExtension(TERMS, SOURCES, STRINGS)
    ext.page = page
    html = dialect.converter(ext).convert(text)
    return html, ext


def terms_marked(html: str) -> list[str]:
    return re.findall(r'<a[^>]*class="xp-term"[^>]*>([^<]*)</a>', html)


def test_only_first_occurrence_is_marked() -> None:
    html, _ = render("NATO met. NATO met again.\n\nAnd NATO once more.")
    assert terms_marked(html) == ["NATO"]


def test_longest_match_and_plural_alias() -> None:
    html, _ = render("Two security guarantees and security.")
    assert terms_marked(html) == ["security guarantees", "security"]


def test_term_link_has_glossary_href_and_description() -> None:
    html, _ = render("About Article Five.")
    link = re.search(r'<a[^>]*class="xp-term"[^>]*>', html).group(0)
    assert 'href="glossary.md#article-5"' in link
    assert 'aria-describedby="xp-tip-term-article-5"' in link
    assert 'id="xp-tip-term-article-5">The clause.</dd>' in html


@pytest.mark.parametrize(
    "text",
    [
        "## NATO heading\n\nplain",
        "[NATO link](https://example.org)\n\nplain",
        "`NATO code`\n\nplain",
        "```\nNATO fenced\n```\n\nplain",
        '<figure class="xp-quote" markdown="1">\n\nNATO in the quote\n\n</figure>\n\nplain',
    ],
)
def test_headings_links_code_and_quote_are_skipped(text: str) -> None:
    html, _ = render(text)
    assert terms_marked(html) == []


def test_term_after_a_skipped_occurrence_is_still_marked() -> None:
    html, _ = render("## NATO\n\nThen NATO in text.")
    assert terms_marked(html) == ["NATO"]
    assert "<h2" in html and re.search(r"<h2[^>]*>NATO", html)


def test_text_around_and_inside_inline_markup() -> None:
    html, _ = render("Before *NATO* after and Article 5 end.")
    assert terms_marked(html) == ["NATO", "Article 5"]
    assert "Before <em>" in html and "end.</p>" in html


def test_definitions_are_escaped() -> None:
    html, _ = render("NATO.")
    assert "An alliance &lt;b&gt;defined&lt;/b&gt; here." in html


def test_citation_numbers_and_tip() -> None:
    html, _ = render("Claim [@axios]. Again [@axios].")
    assert html.count('class="xp-cite"') == 2
    assert html.count(">[1]</a>") == 2
    assert 'id="xp-tip-src-axios">Axios, Report, 21 November 2025.</li>' in html


def test_unknown_citation_is_left_as_text_and_reported() -> None:
    ext = ExplainerExtension(TERMS, SOURCES, STRINGS)
    unknown: list[str] = []
    ext.on_unknown_source = unknown.append
    html = dialect.converter(ext).convert("Claim [@nope].")
    assert "[@nope]" in html and unknown == ["nope"]


def test_usage_is_recorded_per_page_and_marking_can_be_off() -> None:
    page = PageRef("Core", "core.md")
    _, ext = render("NATO and security [@axios].", page)
    assert ext.usage == {"nato": [page], "security": [page]}
    assert ext.cited == {"axios": [page]}
    html, ext = render("NATO.", PageRef("Glossary", "glossary.md", mark_terms=False))
    assert terms_marked(html) == [] and ext.usage == {}


def test_no_tips_block_without_terms_or_citations() -> None:
    html, _ = render("Nothing to see.")
    assert "xp-tips" not in html


def test_state_does_not_leak_between_pages() -> None:
    ext = ExplainerExtension(TERMS, SOURCES, STRINGS)
    for _ in range(2):
        html = dialect.converter(ext).convert("NATO.")
        assert terms_marked(html) == ["NATO"]


def test_one_markdown_reused_with_reset_renders_each_page_afresh() -> None:
    ext = ExplainerExtension(TERMS, SOURCES, STRINGS)
    md = dialect.converter(ext)
    pages = ["NATO [@axios].", "Security and NATO [@axios]."]
    fresh = [dialect.converter(ext).convert(text) for text in pages]
    reused = [md.reset().convert(text) for text in pages]
    assert reused == fresh
    assert terms_marked(reused[1]) == ["Security", "NATO"] and ">[1]</a>" in reused[1]


def cited(html: str) -> list[str]:
    """(source href, number) of every citation, in page order."""
    return re.findall(r'<a [^>]*class="xp-cite" href="sources\.md#src-([^"]+)">\[(\d+)\]</a>', html)


SOURCES_2 = {**SOURCES, "tass": Source(id="tass", outlet="TASS", title="Report", date="2025-11-21", standing="reported")}


def test_citations_are_numbered_in_reading_order_inside_blocks_and_inline_markup() -> None:
    ext = ExplainerExtension(TERMS, SOURCES_2, STRINGS)
    text = ('<figure class="xp-quote" markdown="1">\n\n- In the quote [@tass].\n\n</figure>\n\n'
            "After *it [@axios]* and **again [@tass]**.")
    html = dialect.converter(ext).convert(text)
    assert cited(html) == [("tass", "1"), ("axios", "2"), ("tass", "1")]


@pytest.mark.parametrize(
    "text",
    ["`[@axios]`", "```\n[@axios]\n```", r"\[@axios]", "[see [@axios]](https://example.org)"],
)
def test_citation_syntax_in_code_links_or_escaped_stays_text(text: str) -> None:
    html, _ = render(text)
    assert cited(html) == [] and "@axios" in html


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("[see [@axios]](https://example.org)", '<a href="https://example.org">see [@axios]</a>'),
        ("[@axios](https://example.org)", '<a href="https://example.org">@axios</a>'),
        ("[@axios][r]\n\n[r]: https://example.org", '<a href="https://example.org">@axios</a>'),
    ],
)
def test_citation_syntax_that_makes_a_link_stays_a_link(text: str, link: str) -> None:
    html, _ = render(text)
    assert link in html and cited(html) == []


def test_citation_and_term_in_one_text_keep_every_word_in_order() -> None:
    html, _ = render("NATO said [@axios] that Article 5 [@axios] holds.")
    page_text = re.sub(r"<[^>]+>", "", html.split("<aside", 1)[0]).strip()
    assert page_text == "NATO said [1] that Article 5 [1] holds."
    assert terms_marked(html) == ["NATO", "Article 5"]


def test_tips_can_stay_out_of_the_page_for_the_publisher_to_place() -> None:
    ext = ExplainerExtension(TERMS, SOURCES, STRINGS, tips_in_page=False)
    ext.page = PageRef("Core", "core.md")
    html = dialect.converter(ext).convert("NATO [@axios].")
    assert "xp-tips" not in html and terms_marked(html) == ["NATO"]
    tips = ext.tips_html("core.md")
    assert tips.startswith('<aside aria-label="Tips" class="xp-tips"')
    assert 'id="xp-tip-term-nato">' in tips and 'id="xp-tip-src-axios">' in tips
    assert ext.tips_html("elsewhere.md") == ""


def test_resolved_links_are_kept_from_the_publishers_link_pass() -> None:
    """A publisher rewriting every <a> at priority 0 (as MkDocs does) never sees resolved links."""
    from markdown.treeprocessors import Treeprocessor

    seen: list[str] = []

    class LinkPass(Treeprocessor):
        def run(self, root):  # noqa: ANN001, ANN202
            seen.extend(a.get("href") for a in root.iter("a"))

    ext = ExplainerExtension(TERMS, SOURCES, STRINGS, links=Links("../glossary/", "../sources/", resolved=True))
    md = dialect.converter(ext)
    md.treeprocessors.register(LinkPass(md), "relpath", 0)
    html = md.convert("NATO [@axios] and [a page](other.md).")
    assert seen == ["other.md"]
    assert '<a aria-describedby="xp-tip-term-nato" class="xp-term" href="../glossary/#nato">NATO</a>' in html
    assert '<a aria-describedby="xp-tip-src-axios" class="xp-cite" href="../sources/#src-axios">[1]</a>' in html and "xp-a" not in html


def test_tips_block_in_the_page_is_a_block_not_inside_a_paragraph() -> None:
    html, _ = render("NATO & more [@axios].")
    assert "\n<aside " in html and "<p><aside" not in html and html.endswith("</aside>")


# ---------------------------------------------------------------- canonical cases, exact output


def test_exact_output_of_a_term_and_a_citation() -> None:
    html, ext = render("NATO met [@axios].", PageRef("Page", "page.md"))
    assert html == ('<p><a aria-describedby="xp-tip-term-nato" class="xp-term" href="glossary.md#nato">NATO</a> met '
                    '<a aria-describedby="xp-tip-src-axios" class="xp-cite" href="sources.md#src-axios">[1]</a>.</p>\n'
                    '<aside aria-label="Tips" class="xp-tips" data-search-exclude="" hidden>'
                    '<p class="xp-tips__title">Terms</p><dl><dt>NATO</dt><dd id="xp-tip-term-nato">An alliance '
                    '&lt;b&gt;defined&lt;/b&gt; here.</dd></dl><p class="xp-tips__title">Sources</p>'
                    '<ol class="xp-sources-list"><li id="xp-tip-src-axios">Axios, Report, 21 November 2025.</li></ol>'
                    '</aside>')
    assert [p.href for p in ext.usage["nato"]] == ["page.md"] and [p.href for p in ext.cited["axios"]] == ["page.md"]


def test_exact_output_where_nothing_is_marked() -> None:
    html, _ = render("`NATO [@axios]` and \\[@axios] in [NATO](https://example.org).")
    assert html == ('<p><code>NATO [@axios]</code> and [@axios] in <a href="https://example.org">NATO</a>.</p>')


def test_exact_output_of_a_citation_number_reused_on_a_page() -> None:
    html, _ = render("One [@axios]. Two [@axios].")
    assert html.count(">[1]</a>") == 2 and ">[2]</a>" not in html
