"""The loader's safety check answers for plain links without parsing, and misses nothing.

`safety.text_problems` must return exactly what `safety.find_problems` (a full
Python-Markdown parse) returns, for every text; it may skip the parse only when a
text cannot hold a problem. The cases below are the ways an address can be made
to run script; the property tests compare the two on generated texts (fixed
examples, derandomized, like tests/test_fuzz.py):

- link-shaped texts without '<', '{' and '&' (the quick path decides):  N = 1500
- any Markdown-ish text, several in a row through the shared parser:     N = 300
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from build_tools.syntax import safety
from build_tools.content.loader import Loader
from tests.test_loader import Tree, glossary_term

ROOT = Path(__file__).resolve().parents[1]
URL_FIX = "Link to an http(s) address or to a page of this site."


def fuzz(n: int):
    return settings(max_examples=n, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def fresh_problems(text: str, allow_html: bool = False) -> list[safety.Problem]:
    """The full parse with a Markdown built for this text alone, as before the parser was shared."""
    return safety._parse(text, allow_html, *safety._new_parser())


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Texts handed to the full parse while the test runs."""
    calls: list[str] = []
    full = safety.find_problems

    def counted(text: str, allow_html: bool = False) -> list[safety.Problem]:
        calls.append(text)
        return full(text, allow_html)

    monkeypatch.setattr(safety, "find_problems", counted)
    return calls


# ---------------------------------------------------------------- every form of a script address is caught

INTRO = ("Intro with [a safe link](part-0003.md) and [a term](glossary.md#term-1).\n\n"
         "More text [out](https://example.org/a?b=1) and [mail](mailto:desk@example.org).\n\n")
INTRO_LINES = INTRO.count("\n")

# (the unsafe part, the address as the message shows it, its line within the part)
UNSAFE_FORMS = [
    ("A [link](javascript:x).", "javascript:x", 0),
    ("A [link](JAVASCRIPT:x).", "JAVASCRIPT:x", 0),
    ("A [link](JavaScript:x).", "JavaScript:x", 0),
    ("A [link](javascript&#58;x).", "javascript:x", 0),
    ("A [link](javascript&#x3A;x).", "javascript:x", 0),
    ("A [link](&#106;avascript&colon;x).", "javascript:x", 0),
    ("A [link](java\tscript:x).", "java script:x", 0),
    ("A [link](java script:x).", "java script:x", 0),
    ("A [link](java\x01script:x).", "java\x01script:x", 0),
    ("A [link](java\x7fscript:x).", "java\x7fscript:x", 0),
    ("A [link](\u00a0javascript:x).", "javascript:x", 0),
    ("A [link](\n   javascript:x).", "javascript:x", 1),
    ("A [link](<javascript:x>).", "javascript:x", 0),
    ('A [link](javascript:x "A title").', "javascript:x", 0),
    ("A [link](javascript:x 'A title').", "javascript:x", 0),
    ("An image ![alt](javascript:x).", "javascript:x", 0),
    ('An image ![alt](data:text/html,x "A title").', "data:text/html,x", 0),
    ("A [link](vbscript:x).", "vbscript:x", 0),
    ("A [link][r].\n\n[r]: javascript:x", "javascript:x", 2),
    ('A [link][r].\n\n[r]: JavaScript&#58;x "A title"', "JavaScript:x", 2),
    ("A [link][r].\n\n[r]:\n    javascript:x", "javascript:x", 3),
    ("A [link][r].\n\n[r]: <javascript:x>", "javascript:x", 2),
    ("An image ![alt][r].\n\n[r]: data:text/html,x", "data:text/html,x", 2),
    ("A [link].\n\n[link]: javascript:x", "javascript:x", 2),
    ("> A quoted [link](\n> javascript:x).", "javascript:x", 1),
    ("- An item [link](\n  javascript:x).", "javascript:x", 1),
    ("| a |\n| --- |\n| [link](javascript:x) |", "javascript:x", 2),
    ("!!! note\n    A [link](javascript:x).", "javascript:x", 1),
    # Python-Markdown puts code, escapes and reference links back into an address as text.
    ("A [link](java`script`:x).", "javascript:x", 0),
    ("A [link](java[script][r]:x).\n\n[r]: https://example.org/", "javascript:x", 0),
    ("A [link](java\\-script:x).", "java\x0245\x03script:x", 0),
    # STX and ETX are deleted before parsing.
    ("A [link]\x02(javascript:x).", "javascript:x", 0),
]


@pytest.mark.parametrize(("form", "address", "offset"), UNSAFE_FORMS, ids=[repr(f[0])[1:40] for f in UNSAFE_FORMS])
def test_every_form_of_a_script_address_is_found_on_its_line(form: str, address: str, offset: int) -> None:
    text = INTRO + form
    assert safety.needs_parse(text)
    problems = safety.text_problems(text)
    assert problems == fresh_problems(text)
    assert [p.kind for p in problems] == ["url"]
    assert problems[0].problem == f"the address '{address}' would run script or load data, not open a page"
    assert safety.locate(text, problems[0].needle) == INTRO_LINES + offset


# Forms that get past the loader's own link check (which refuses 'JAVASCRIPT:x' as an unknown page).
BODY_FORMS = [
    ('A [link](javascript:x "A title").', "javascript:x", 0),
    ("An image ![alt](data:text/html,x).", "data:text/html,x", 0),
    ("A [link](\n   javascript:x).", "javascript:x", 1),
    ("A [link](\u00a0javascript:x).", "javascript:x", 0),
    ("> A quoted [link](\n> javascript:x).", "javascript:x", 1),
    ('A [link][r].\n\n[r]: vbscript:x "A title"', "vbscript:x", 2),
    ("A [link][r].\n\n[r]: JavaScript&#58;x", "JavaScript:x", 2),
    ("A [link][r].\n\n[r]:\n    javascript:x", "javascript:x", 3),
]


@pytest.mark.parametrize(("form", "address", "offset"), BODY_FORMS, ids=[repr(f[0])[1:40] for f in BODY_FORMS])
def test_script_address_in_a_body_is_refused_with_its_line(tree: Tree, form: str, address: str, offset: int) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, form)
    assert tree.error() == (f"content/{section}:{line + offset}: body: the address '{address}' would run script or "
                            f"load data, not open a page. {URL_FIX}")


@pytest.mark.parametrize("form", ["A [link](JAVASCRIPT:x).", "A [link](javascript&#58;x).", "A [link](<javascript:x>)."])
def test_script_address_the_link_check_sees_first_is_still_refused(tree: Tree, form: str) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, form)
    assert tree.error().startswith(f"content/{section}:{line}: body: link to unknown page ")


FIELD_FORMS = [
    ("See [this](JAVASCRIPT:x).", "JAVASCRIPT:x"),
    ("See [this](javascript&#58;x).", "javascript:x"),
    ("See [this](java\tscript:x).", "java script:x"),
    ("See [this](<javascript:x>).", "javascript:x"),
    ('See [this](javascript:x "A title").', "javascript:x"),
    ("See ![this](data:text/html,x).", "data:text/html,x"),
    ("See [this][r].\n\n[r]: javascript:x", "javascript:x"),
]


@pytest.mark.parametrize(("text", "address"), FIELD_FORMS, ids=[repr(f[0])[1:40] for f in FIELD_FORMS])
def test_script_address_in_a_text_field_in_every_form(tree: Tree, text: str, address: str) -> None:
    start, _ = glossary_term(tree, 0)
    line = tree.replace_line("glossary.yml", r"^\s+definition:", f"    definition: {json.dumps(text)}", after=start)
    assert tree.error() == (f"content/glossary.yml:{line}: terms[0].definition: the address '{address}' would run "
                            f"script or load data, not open a page. {URL_FIX}")


# ---------------------------------------------------------------- plain links are not parsed

SAFE_TEXTS = [
    "See also [the next part](part-0003.md) and [for this term](glossary.md#term-0021-pifin-migul-nunode).",
    "The text [@tass-2046689] [@protothema-2025-11-21] and `code` and **bold** and *em*.",
    "[Official text](https://www.nato.int/cps/en/natohq/official_texts_17120.htm) and [HTTP](HTTP://EXAMPLE.ORG/).",
    "[Write](mailto:press@example.org), [up](../index.md), [here](#anchor), [q](?x=1), [p](part_2.md).",
    '![A chart](assets/chart.png "Title") and [x]( part.md \'title\' ).',
    "A [ref][r] and a [short] one.\n\n[r]: https://example.org/ \"Title\"\n[short]: part-0002.md",
    "- [item](part.md)\n- [other](https://example.org/)\n\n> [quoted](glossary.md#x)",
    "Note [1]: the plan, as agreed; [2]: another.\n\n## A heading\n\n| a | b |\n| --- | --- |\n| [x](x.md) | y |",
]


def test_plain_links_are_not_parsed(parses: list[str]) -> None:
    for text in SAFE_TEXTS:
        assert not safety.needs_parse(text), text
        assert safety.text_problems(text) == [] == fresh_problems(text)
        assert safety.text_problems(text, allow_html=True) == []
    assert parses == []


def test_the_real_content_loads_without_a_second_parse(parses: list[str]) -> None:
    Loader(ROOT / "content", ROOT).load()
    assert parses == []


@pytest.mark.parametrize("text", ["A <b>tag</b>.", "A {: .cls } list.", "R&amp;D.", "A [link](x.md)\x02."])
def test_what_could_be_html_attributes_or_entities_is_parsed(parses: list[str], text: str) -> None:
    safety.text_problems(text)
    assert parses == [text]


def test_an_extension_the_quick_check_does_not_know_means_every_text_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety.dialect, "EXTENSIONS", (*safety.dialect.EXTENSIONS, "footnotes"))
    assert safety.needs_parse("[a](part.md)")


# ---------------------------------------------------------------- the shared parser forgets the previous text


def test_the_shared_parser_starts_afresh_for_each_text() -> None:
    assert [p.detail for p in safety.find_problems("[a][r]\n\n[r]: javascript:x")] == ["javascript:x"]
    assert safety.find_problems("[a][r]") == []  # the reference above is gone
    assert [p.detail for p in safety.find_problems("<b>x</b> <i>y</i>")] == ["<b>", "</b>", "<i>", "</i>"]
    assert safety.find_problems("Plain.") == []
    assert safety.find_problems("<b>x</b>", allow_html=True) == []
    assert [p.detail for p in safety.find_problems("A paragraph.\n{: onclick=x }", allow_html=True)] == ["onclick"]
    assert safety.find_problems("A paragraph.") == []


def test_a_conversion_that_fails_leaves_no_half_used_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    safety.find_problems("Plain.")
    used = safety._parsers.parser

    def fails(*args: object) -> list[safety.Problem]:
        raise RecursionError

    with monkeypatch.context() as patch:
        patch.setattr(safety, "_parse", fails)
        with pytest.raises(RecursionError):
            safety.find_problems("Plain.")
    assert safety.find_problems("[a](javascript:x)")[0].detail == "javascript:x"
    assert safety._parsers.parser is not used


# ---------------------------------------------------------------- the same answer as the full parse

SCHEME_PARTS = ["java", "script", "javascript", "JavaScript", "JAVASCRIPT", "data", "vbscript", "http", "https",
                "HTTPS", "mailto", "ftp", "x-y+z.1", "a", "1"]
BLANKS = [" ", "  ", "\t", "\n", "\n\n", "\n    ", "\n> ", "\n- ", "\n* ", "\n1. ", "\r", "\u00a0", "\u2028", "\x0b",
          "\x00", "\x01", "\x1f", "\x7f", "\x85"]
ODD = ["`", "``", "\\", "\\-", "\\:", "[", "]", "[r]", "[x][r]", "![x][r]", ">", "\u212a", "\u0130", "\u017f", "*", "_",
       "(", ")", "'", '"', "/", "//", "#", "?", "!", "|", ";", ",", "=", "%3A", "~", "$", "^", "@", "+", "-", "."]
PLAIN = ["x", "part.md", "glossary.md#x", "//example.org/", "alert(1)", "text/html,x", "part-0003.md", ":"]
piece = st.sampled_from(SCHEME_PARTS + BLANKS + ODD + PLAIN)
# Mostly "<blanks><scheme, with odd things inside><colon><rest>", where a script address hides; sometimes anything.
address = st.one_of(
    st.tuples(st.lists(st.sampled_from(BLANKS), max_size=2).map("".join),
              st.lists(st.one_of(st.sampled_from(SCHEME_PARTS), st.sampled_from(SCHEME_PARTS), piece),
                       min_size=1, max_size=3).map("".join),
              st.sampled_from([":", ":", ":", "\\:", " :", ""]),
              st.lists(piece, max_size=3).map("".join)).map("".join),
    st.lists(st.sampled_from(SCHEME_PARTS + [":"] * 4 + BLANKS + ODD + PLAIN), max_size=8).map("".join),
)
LINK_FORMS = ["[a]({})", "![a]({})", "[a]( {} 't')", '[a]({} "t")', "[a][r]\n\n[r]: {}", "[r]:\n  {}\n\n[a][r]",
              "[a][]\n\n[a]: {} 't'", "> [a]({})", "- [a]({})", "| a |\n| --- |\n| [a]({}) |", "!!! note\n    [a]({})",
              "[a] ({})", "[a]\n({})", "[a] [r]\n\n[r] : {}", "[[a]]({})", "[a](b)({})", "[a](\n{})", "[r]: {}"]
link = st.tuples(st.sampled_from(LINK_FORMS), address).map(lambda pair: pair[0].format(pair[1]))
PROSE = ["Text ", "more text. ", "\n", "\n\n", "# ", "## ", "- ", "> ", "    ", "`", "*", "**", "_", "[", "]", "(", ")",
         "](", "]: ", "[@axios-2025-11-21]", "[[quote:trigger-clause]]", "| a | b |\n| --- | --- |\n", "!!! note\n    ", "[TOC]",
         "\\", ":", "\t", "\u00a0", "https://example.org", "javascript:alert(1)"]
link_text = st.lists(st.one_of(link, st.sampled_from(PROSE)), min_size=1, max_size=8).map("".join)
HTMLISH = ["<", ">", "<b>", "</b>", "<script>", "<img src=x onerror=1>", "<!--", "<https://example.org/>", "<a@b.c>",
           "{: ", "}", "{: .cls }", "{: onclick=x }", "{: href=javascript:x }", "&amp;", "&", "&#x3c;", "&1a;", "&#58;",
           '<div markdown="1">', "</div>", "\x02", "\x03"]
any_text = st.one_of(
    link_text,
    st.lists(st.one_of(link, st.sampled_from(PROSE + HTMLISH), st.text(max_size=10)), max_size=20).map("".join),
    st.text(max_size=120),
)


@fuzz(1500)
@given(text=link_text.filter(lambda text: not safety._PARSE_ALWAYS.search(text)))
def test_the_quick_check_agrees_with_the_full_parse_on_links(text: str) -> None:
    expected = fresh_problems(text)
    event("parsed" if safety.needs_parse(text) else "not parsed")
    event("has a problem" if expected else "clean")
    assert safety.text_problems(text) == expected
    assert safety.text_problems(text, allow_html=True) == fresh_problems(text, allow_html=True)


@fuzz(300)
@given(texts=st.lists(any_text, min_size=1, max_size=3), allow_html=st.booleans())
def test_the_shared_parser_agrees_with_a_fresh_one(texts: list[str], allow_html: bool) -> None:
    for text in texts:
        event("parsed" if safety.needs_parse(text) else "not parsed")
        assert safety.text_problems(text, allow_html) == fresh_problems(text, allow_html)
        assert safety.find_problems(text, allow_html) == fresh_problems(text, allow_html)

