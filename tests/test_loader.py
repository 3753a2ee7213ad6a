"""Every kind of content mistake gives its own exact one-line message.

Each test copies content/ to a temporary folder, breaks one thing, and loads it.
Line numbers are found in the edited copy (content/ changes as the site grows),
then the whole message is compared:

    content/<file>:<line>: <field>: <what is wrong>. <how to fix>.
"""

from __future__ import annotations

import re
import shutil

from pathlib import Path

import pytest
import yaml

from build_tools.content.loader import Loader
from tests.support import Tree

ROOT = Path(__file__).resolve().parents[1]
MISSING = "is missing. Add it; see 'Editing content' in the generator's README."
HTML_FIX = ("Use Markdown instead, or put it in `backticks` if it is meant as text "
            "(raw HTML needs allow_html: true under the explainer plugin in mkdocs.yml).")


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path)


def unknown_source(tree: Tree, where: str, source_id: str) -> str:
    known = ", ".join(sorted(s["id"] for s in tree.data("sources.yml")["sources"])[:6])
    return (f"{where}: unknown source id '{source_id}'. Use an id from content/sources.yml "
            f"(e.g. {known}) or add the source there.")


def glossary_term(tree: Tree, index: int) -> tuple[int, int]:
    """(line of `- id:`, line of the next term's `- id:` or end) for terms[index]."""
    starts = [n for n, line in enumerate(tree.text("glossary.yml").splitlines(), start=1) if re.match(r"\s*- id:", line)]
    end = starts[index + 1] if index + 1 < len(starts) else len(tree.text("glossary.yml").splitlines()) + 1
    return starts[index], end


def test_the_real_content_loads(tree: Tree) -> None:
    tree.loads()


# ---------------------------------------------------------------- files


def test_unreadable_file_a_folder_in_its_place(tree: Tree) -> None:
    tree.path("glossary.yml").unlink()
    tree.path("glossary.yml").mkdir()
    assert tree.error() == ("content/glossary.yml: cannot be read (Is a directory). "
                            "Check that the file exists and is readable.")


def test_unreadable_file_missing(tree: Tree) -> None:
    tree.path("sources.yml").unlink()
    assert tree.error() == ("content/sources.yml: cannot be read (No such file or directory). "
                            "Check that the file exists and is readable.")


def test_unreadable_file_broken_link(tree: Tree) -> None:
    tree.path("timeline.yml").unlink()
    tree.path("timeline.yml").symlink_to(tree.root / "nowhere.yml")
    assert tree.error() == ("content/timeline.yml: cannot be read (No such file or directory). "
                            "Check that the file exists and is readable.")


def test_unreadable_file_without_permission(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 0 does not stop root (CI runs as root), so the OS answer is simulated.
    target = tree.path("glossary.yml").resolve()
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.resolve() == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert tree.error() == ("content/glossary.yml: cannot be read (Permission denied). "
                            "Check that the file exists and is readable.")


def test_non_utf8_file_names_the_line_and_byte(tree: Tree) -> None:
    raw = tree.path("glossary.yml").read_bytes()
    tree.path("glossary.yml").write_bytes(raw + b"# caf\xe9\n")
    line = raw.count(b"\n") + 1
    assert tree.error() == f"content/glossary.yml:{line}: is not valid UTF-8 (byte {len(raw) + 5}). Save the file as UTF-8."


def test_non_utf8_section(tree: Tree) -> None:
    section = tree.sections[0]
    raw = tree.path(section).read_bytes()
    tree.path(section).write_bytes(raw.replace(b"---\n", b"---\n\xff\xfe", 1))
    assert tree.error() == f"content/{section}:2: is not valid UTF-8 (byte 4). Save the file as UTF-8."


def test_utf8_with_byte_order_mark_is_fine(tree: Tree) -> None:
    tree.path("glossary.yml").write_bytes(b"\xef\xbb\xbf" + tree.path("glossary.yml").read_bytes())
    tree.loads()


@pytest.mark.parametrize("text", ["", "\n\n   \n"])
def test_empty_file(tree: Tree, text: str) -> None:
    tree.path("timeline.yml").write_text(text)
    assert tree.error() == "content/timeline.yml: is empty. Fill it in or delete it."


@pytest.mark.parametrize("name", ["sources.yml", "explainer.yml"])
def test_an_empty_file_the_explainer_needs_must_be_filled_in(tree: Tree, name: str) -> None:
    """Deleting it would only lead to another error."""
    tree.path(name).write_text("")
    assert tree.error() == f"content/{name}: is empty. Fill it in."
    tree.path(name).write_text("# nothing yet\n")
    assert tree.error() == f"content/{name}: has only comments or blank lines. Fill it in."


def test_file_of_only_comments(tree: Tree) -> None:
    tree.path("corrections.yml").write_text("# nothing yet\n")
    assert tree.error() == "content/corrections.yml: has only comments or blank lines. Fill it in or delete it."


def test_empty_section_file(tree: Tree) -> None:
    section = tree.sections[-1]
    tree.path(section).write_text("")
    assert tree.error() == f"content/{section}: is empty. Fill it in or delete it."


def test_yaml_file_that_is_a_list(tree: Tree) -> None:
    tree.path("timeline.yml").write_text("- date: 2025-11-20\n")
    assert tree.error() == ("content/timeline.yml:1: must be a YAML mapping (key: value lines). "
                            "See 'Editing content' in the generator's README.")


# ---------------------------------------------------------------- YAML syntax


def test_yaml_syntax_error_names_its_line(tree: Tree) -> None:
    start = tree.append("glossary.yml", '  - id: broken\n    term: "Broken\n    definition: "x"\n')
    # YAML notices the unclosed quote a line later; the message names the line where it opened.
    assert tree.error() == (f"content/glossary.yml:{start + 1}: YAML syntax error: expected the end of the block, "
                            "but found a value. A quotation mark on this line is not closed; close it, or quote the "
                            "value with ' instead.")


def test_yaml_syntax_error_unclosed_list(tree: Tree) -> None:
    line = tree.replace_line("timeline.yml", r"^\s+sources: \[", "    sources: [dw-bblv-2025-11-21")
    message = tree.error()
    assert re.fullmatch(r"content/timeline\.yml:\d+: YAML syntax error: .+\. Check indentation, colons and quotes "
                        r"on this line or the one above\.", message), message
    assert int(message.split(":")[1]) in (line, line + 1, line + 2)


def test_yaml_syntax_error_in_front_matter_counts_from_the_file_start(tree: Tree) -> None:
    section = tree.sections[1]
    line = tree.replace_line(section, r"^title:", 'title: "Unclosed')
    message = tree.error()
    assert message.startswith(f"content/{section}:{line}: YAML syntax error: ")
    assert message.endswith("A quotation mark on this line is not closed; close it, or quote the value with ' instead.")


def test_yaml_duplicate_key(tree: Tree) -> None:
    start, _ = glossary_term(tree, 0)
    line = tree.line("glossary.yml", r"^\s+definition:", after=start)
    lines = tree.text("glossary.yml").splitlines(keepends=True)
    lines.insert(line, '    definition: "A second definition."\n')
    tree.path("glossary.yml").write_text("".join(lines))
    assert tree.error() == (f"content/glossary.yml:{line + 1}: terms[0].definition: 'definition' is written twice "
                            "in the same block. Keep one of them.")


def test_yaml_alias_is_refused(tree: Tree) -> None:
    start = tree.append("corrections.yml", "  - &again\n    claim: x\n    outcome: dropped\n    why: y\n  - *again\n")
    assert tree.error() == (f"content/corrections.yml:{start + 4}: uses a YAML alias ('*name') to repeat "
                            "another value. Write the value out in full; content files do not use anchors (&) or aliases (*).")


def test_yaml_recursive_alias_is_refused_not_a_crash(tree: Tree) -> None:
    tree.path("provisions.yml").write_text("columns: &rows [*rows]\n")
    assert tree.error() == ("content/provisions.yml:1: uses a YAML alias ('*name') to repeat another value. "
                            "Write the value out in full; content files do not use anchors (&) or aliases (*).")


def test_yaml_nested_too_deeply(tree: Tree) -> None:
    tree.path("provisions.yml").write_text("columns: " + "[" * 3000 + "]" * 3000 + "\n")
    assert tree.error() == ("content/provisions.yml: is nested too deeply to read. "
                            "Content files need only a few levels of indentation.")


# ---------------------------------------------------------------- schema


def test_missing_required_field(tree: Tree) -> None:
    start, end = glossary_term(tree, 0)
    line = tree.line("glossary.yml", r"^\s+definition:", after=start)
    assert line < end
    tree.set_line("glossary.yml", line, "")
    assert tree.error() == f"content/glossary.yml:{start}: terms[0].definition: {MISSING}"


def test_missing_required_field_in_front_matter(tree: Tree) -> None:
    section = tree.sections[0]
    tree.replace_line(section, r"^summary:", "")
    assert tree.error() == f"content/{section}:2: summary: {MISSING}"



def test_unknown_field(tree: Tree) -> None:
    start, _ = glossary_term(tree, 0)
    lines = tree.text("glossary.yml").splitlines(keepends=True)
    lines.insert(start, "    colour: blue\n")
    tree.path("glossary.yml").write_text("".join(lines))
    assert tree.error() == (f"content/glossary.yml:{start + 1}: terms[0].colour: is not a known field. "
                            "Check its spelling or remove it; see 'Editing content' in the generator's README.")


def test_wrong_type_text_instead_of_list(tree: Tree) -> None:
    terms = tree.data("glossary.yml")["terms"]
    index = next(i for i, t in enumerate(terms) if t.get("aliases"))
    start, _ = glossary_term(tree, index)
    line = tree.replace_line("glossary.yml", r"^\s+aliases:", '    aliases: "just one"', after=start)
    assert tree.error() == (f"content/glossary.yml:{line}: terms[{index}].aliases: must be a list. "
                            "Write one '- item' per line under it.")


def test_wrong_type_number_instead_of_text(tree: Tree) -> None:
    start, _ = glossary_term(tree, 0)
    line = tree.replace_line("glossary.yml", r"^\s+term:", "    term: 5", after=start)
    assert tree.error() == (f"content/glossary.yml:{line}: terms[0].term: must be text. "
                            "Write it as text, in quotes if it contains a colon.")




def test_wrong_type_bool(tree: Tree) -> None:
    line = tree.insert_after("timeline.yml", r"^\s+- date:", "    approximate: sometimes")
    assert tree.error() == (f"content/timeline.yml:{line}: events[0].approximate: must be true or false. "
                            "Write true or false.")


def test_too_few_key_points(tree: Tree) -> None:
    section = tree.sections[0]
    first = tree.line(section, r"^key_points:")
    text = tree.text(section).splitlines(keepends=True)
    count = 0
    while text[first + count].startswith("  - "):
        count += 1
    del text[first + 2 : first + count]  # keep two
    tree.path(section).write_text("".join(text))
    assert tree.error() == f"content/{section}:{first}: key_points: has 2 items, fewer than 3. Give at least 3."


# ---------------------------------------------------------------- glossary


def test_duplicate_term(tree: Tree) -> None:
    first = tree.data("glossary.yml")["terms"][0]
    count = len(tree.data("glossary.yml")["terms"])
    start = tree.append("glossary.yml", f'  - id: again\n    term: "{first["term"].upper()}"\n    definition: "x"\n')
    assert tree.error() == (f"content/glossary.yml:{start + 1}: terms[{count}].term: '{first['term'].upper()}' is "
                            f"already a form of term '{first['id']}'. Keep one; a word can belong to only one term.")


def test_duplicate_term_id(tree: Tree) -> None:
    first = tree.data("glossary.yml")["terms"][0]
    count = len(tree.data("glossary.yml")["terms"])
    start = tree.append("glossary.yml", f'  - id: {first["id"]}\n    term: "Brand new"\n    definition: "x"\n')
    assert tree.error() == (f"content/glossary.yml:{start}: terms[{count}].id: term id '{first['id']}' is used twice. "
                            "Give each term its own id.")


def test_duplicate_alias_within_a_term(tree: Tree) -> None:
    count = len(tree.data("glossary.yml")["terms"])
    start = tree.append("glossary.yml", '  - id: widget\n    term: "widget"\n    aliases: ["gadget", "Gadget"]\n'
                                        '    definition: "x"\n')
    assert tree.error() == (f"content/glossary.yml:{start + 2}: terms[{count}].aliases[1]: 'Gadget' is listed twice "
                            "for this term. Keep one; a word can belong to only one term.")


def test_alias_repeating_its_own_term(tree: Tree) -> None:
    count = len(tree.data("glossary.yml")["terms"])
    start = tree.append("glossary.yml", '  - id: widget\n    term: "widget"\n    aliases: ["WIDGET"]\n    definition: "x"\n')
    assert tree.error() == (f"content/glossary.yml:{start + 2}: terms[{count}].aliases[0]: 'WIDGET' is listed twice "
                            "for this term. Keep one; a word can belong to only one term.")


def test_duplicate_alias_across_terms(tree: Tree) -> None:
    terms = tree.data("glossary.yml")["terms"]
    owner = next(t for t in terms if t.get("aliases"))
    alias = owner["aliases"][0]
    start = tree.append("glossary.yml", f'  - id: widget\n    term: "widget"\n    aliases: ["{alias}"]\n    definition: "x"\n')
    assert tree.error() == (f"content/glossary.yml:{start + 2}: terms[{len(terms)}].aliases[0]: '{alias}' is already "
                            f"a form of term '{owner['id']}'. Keep one; a word can belong to only one term.")


def test_alias_that_is_another_terms_name(tree: Tree) -> None:
    terms = tree.data("glossary.yml")["terms"]
    start = tree.append("glossary.yml", f'  - id: widget\n    term: "widget"\n    aliases: ["{terms[1]["term"]}"]\n'
                                        '    definition: "x"\n')
    assert tree.error() == (f"content/glossary.yml:{start + 2}: terms[{len(terms)}].aliases[0]: '{terms[1]['term']}' is "
                            f"already a form of term '{terms[1]['id']}'. Keep one; a word can belong to only one term.")


def test_colliding_aliases_of_two_new_terms(tree: Tree) -> None:
    count = len(tree.data("glossary.yml")["terms"])
    start = tree.append("glossary.yml", '  - id: widget\n    term: "widget"\n    aliases: ["Blue Gadget"]\n'
                                        '    definition: "x"\n'
                                        '  - id: gizmo\n    term: "gizmo"\n    aliases: ["blue   gadget"]\n'
                                        '    definition: "y"\n')
    assert tree.error() == (f"content/glossary.yml:{start + 6}: terms[{count + 1}].aliases[0]: 'blue   gadget' is "
                            "already a form of term 'widget'. Keep one; a word can belong to only one term.")


def test_definition_over_the_popup_limit(tree: Tree) -> None:
    start, _ = glossary_term(tree, 0)
    line = tree.replace_line("glossary.yml", r"^\s+definition:", f'    definition: "{"x" * 281}"', after=start)
    assert tree.error() == (f"content/glossary.yml:{line}: terms[0].definition: is 281 characters long, over the limit "
                            "of 280. Shorten it to 280 characters or fewer; put detail in 'note'.")


def test_definition_at_the_limit_is_fine(tree: Tree) -> None:
    start, _ = glossary_term(tree, 0)
    tree.replace_line("glossary.yml", r"^\s+definition:", f'    definition: "{"x" * 280}"', after=start)
    tree.loads()


# ---------------------------------------------------------------- sources and references


def test_unknown_source_id_in_front_matter(tree: Tree) -> None:
    section = tree.sections[1]
    line = tree.replace_line(section, r"^sources:", "sources: [caliber-2025-11-21, no-such-source]")
    assert tree.error() == f"content/{section}:{line}: " + unknown_source(tree, "sources", "no-such-source")


def test_unknown_source_id_in_a_body_citation_names_the_body_line(tree: Tree) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, "A claim with a bad citation [@no-such-source].")
    assert tree.error() == f"content/{section}:{line}: " + unknown_source(tree, "body", "no-such-source")


def test_unknown_source_id_in_a_yaml_text_citation(tree: Tree) -> None:
    line = tree.line("explainer.yml", r"^\s+- ", after=tree.line("explainer.yml", r"^key_points:"))
    original = tree.text("explainer.yml").splitlines()[line - 1]
    tree.set_line("explainer.yml", line, original.rstrip().rstrip('"').rstrip("'") + ' [@no-such-source]"'
                  if original.rstrip().endswith('"') else original + " [@no-such-source]")
    assert tree.error() == f"content/explainer.yml:{line}: " + unknown_source(tree, "key_points", "no-such-source")


def test_unknown_source_id_on_a_term(tree: Tree) -> None:
    terms = tree.data("glossary.yml")["terms"]
    start = tree.append("glossary.yml", '  - id: widget\n    term: "widget"\n    definition: "x"\n    source: no-such-source\n')
    assert tree.error() == (f"content/glossary.yml:{start + 3}: "
                            + unknown_source(tree, f"terms[{len(terms)}].source", "no-such-source"))


def test_duplicate_source_id(tree: Tree) -> None:
    sources = tree.data("sources.yml")["sources"]
    start = tree.append("sources.yml", f'  - id: {sources[0]["id"]}\n    outlet: "X"\n    title: "Y"\n'
                                       "    date: 2025-11-21\n    standing: reported\n")
    assert tree.error() == (f"content/sources.yml:{start}: sources[{len(sources)}].id: source id '{sources[0]['id']}' "
                            "is used twice. Give each source its own id.")


@pytest.mark.parametrize(("paragraph", "message"), [
    ("See [the term](glossary.md#no-such-term) for more.",
     "link to unknown glossary term '#no-such-term'. Use a term id from content/glossary.yml."),
    # Written as the built site writes it: the message names the file to link instead.
    ("See [the glossary](../glossary/#nato).",
     "link '../glossary/#nato' is written as the built site's address. Link to the page's file instead: "
     "(glossary.md#nato)."),
])
def test_a_bad_link_in_a_body_names_its_line(tree: Tree, paragraph: str, message: str) -> None:
    section = tree.sections[0]
    line = tree.body_append(section, paragraph)
    assert tree.error() == f"content/{section}:{line}: body: {message}"


def test_unknown_page_reference(tree: Tree) -> None:
    section = tree.sections[0]
    line = tree.body_append(section, "See [elsewhere](no-such-page.md).")
    slugs = [re.search(r"^slug: (\S+)", tree.text(s), re.M).group(1) for s in tree.sections]
    pages = sorted([*(f"{s}.md" for s in slugs), "about.md", "comparison.md", "glossary.md", "index.md", "sources.md",
                    "timeline.md"])
    assert tree.error() == (f"content/{section}:{line}: body: link to unknown page 'no-such-page.md'. "
                            f"Link to one of: {', '.join(pages)}.")


def test_link_to_a_generated_page_the_site_does_not_have(tree: Tree) -> None:
    """Without content/timeline.yml there is no timeline page: a link to it would fail in the build."""
    tree.path("timeline.yml").unlink()
    section = tree.sections[0]
    line = tree.body_append(section, "See [the timeline](timeline.md).")
    assert tree.error() == (f"content/{section}:{line}: body: link to 'timeline.md', a page this site does not have. "
                            "Add content/timeline.yml (the page is made from it), or remove the link.")
    tree.set_line(section, line, "See [elsewhere](no-such-page.md).")
    assert "timeline.md" not in tree.error() and "comparison.md" in tree.error()


def test_block_marker_inside_a_line_of_text(tree: Tree) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, "As the [[quote:trigger-clause]] says.")
    assert tree.error() == (f"content/{section}:{line}: body: '[[quote:trigger-clause]]' is inside a line of text, "
                            "where it shows as typed. Put the marker on a line of its own.")


def test_unknown_block(tree: Tree) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, "[[no-such-block]]")
    assert tree.error() == (f"content/{section}:{line}: body: unknown block '[[no-such-block]]'. "
                            "Write [[quote:id]] or [[provision:id]].")


# ---------------------------------------------------------------- the quote


def _quote_text_line(tree: Tree) -> int:
    """The line of the first quote's `text:` in quotes.yml (one line, as the file writes it)."""
    return tree.line("quotes.yml", r"^\s+text:")


def test_quote_text_missing(tree: Tree) -> None:
    line = _quote_text_line(tree)
    tree.set_line("quotes.yml", line, "")
    first = tree.line("quotes.yml", r"^\s+- id:")
    assert tree.error() == f"content/quotes.yml:{first}: quotes[0].text: {MISSING}"


def test_quote_text_empty(tree: Tree) -> None:
    line = _quote_text_line(tree)
    tree.set_line("quotes.yml", line, '    text: ""')
    assert tree.error() == f"content/quotes.yml:{line}: quotes[0].text: is empty. Fill it in."


def test_annotated_word_not_in_the_quote(tree: Tree) -> None:
    line = tree.insert_after("quotes.yml", r"^\s+annotations:", '      armadillo: "Not in the text."')
    assert tree.error() == (f"content/quotes.yml:{line}: quotes[0].annotations.armadillo: annotated word 'armadillo' "
                            "is not in the quote text. Annotate only words that appear in 'text'.")


# ---------------------------------------------------------------- dates and URLs


@pytest.mark.parametrize("url", ["ftp://example.org/report", "javascript:alert(1)"])
def test_a_url_that_is_not_http(tree: Tree, url: str) -> None:
    line = tree.line("sources.yml", r"^\s+url:")
    index = sum(1 for n, text in enumerate(tree.text("sources.yml").splitlines(), start=1)
                if n < line and re.match(r"\s+- id:", text)) - 1
    tree.set_line("sources.yml", line, f'    url: "{url}"')
    assert tree.error() == (f"content/sources.yml:{line}: sources[{index}].url: '{url}' is not an "
                            "http(s) URL. Write the full address starting with https://.")


# ---------------------------------------------------------------- sections


def test_section_title_used_twice(tree: Tree) -> None:
    first, second = tree.sections[0], tree.sections[1]
    title = re.search(r'^title: "(.*)"$', tree.text(first), re.M).group(1)
    line = tree.replace_line(second, r"^title:", f'title: "{title.upper()}"')
    assert tree.error() == (f"content/{second}:{line}: title: title '{title.upper()}' is already used by "
                            f"content/{first}. Give each section its own title.")


def test_section_slug_used_twice(tree: Tree) -> None:
    first, second = tree.sections[0], tree.sections[1]
    slug = re.search(r"^slug: (\S+)$", tree.text(first), re.M).group(1)
    line = tree.replace_line(second, r"^slug:", f"slug: {slug}")
    assert tree.error() == (f"content/{second}:{line}: slug: slug '{slug}' is already used by content/{first}. "
                            "Give each section its own slug.")


def test_section_slug_of_a_generated_page(tree: Tree) -> None:
    section = tree.sections[0]
    line = tree.replace_line(section, r"^slug:", "slug: glossary")
    assert tree.error() == (f"content/{section}:{line}: slug: slug 'glossary' is the address of a generated page. "
                            "Choose another slug.")


def test_section_file_without_its_place_in_the_order(tree: Tree) -> None:
    """Without a number the section would land wherever the name sorts, not where it was meant to go."""
    section = tree.sections[1]
    unnumbered = section.removeprefix("sections/").split("-", 1)[1]
    tree.path(section).rename(tree.path(f"sections/{unnumbered}"))
    last = max(int(name.removeprefix("sections/").split("-")[0]) for name in tree.sections if name != f"sections/{unnumbered}") + 1
    assert tree.error() == (f"content/sections/{unnumbered}: the file name does not start with the section's place "
                            f"in the order. Rename it to {last:02d}-{unnumbered} (the last section), or give it the "
                            "number of its place.")


@pytest.mark.parametrize("name, fix", [("03_challenges.md", "03-challenges.md"), ("03.md", "03-section.md"),
                                       ("\u0663-challenges.md", "06-\u0663-challenges.md (the last section), "
                                                                  "or give it the number of its place")])
def test_section_file_with_a_number_but_no_hyphen(tree: Tree, name: str, fix: str) -> None:
    """A number the maintainer gave is kept in the fix; only ASCII digits count as one."""
    tree.path(tree.sections[2]).rename(tree.path(f"sections/{name}"))
    assert tree.error() == (f"content/sections/{name}: the file name does not start with the section's place "
                            f"in the order. Rename it to {fix}.")


def test_a_rename_fix_never_names_a_file_that_exists(tree: Tree) -> None:
    """03_challenges.md beside 03-challenges.md: the fix must not overwrite the other section."""
    shutil.copy(tree.path("sections/03-challenges.md"), tree.path("sections/03_challenges.md"))
    assert tree.error() == ("content/sections/03_challenges.md: the file name does not start with the section's place "
                            "in the order. Rename it to 06-challenges.md (the last section), or give it the number "
                            "of its place.")


def test_section_files_with_one_number_follow_their_names(tree: Tree) -> None:
    """01-core-agreement, 02-implications, 03-challenges, ... with the second and third renumbered 1 and 01."""
    a, b, c, *rest = [re.search(r"^slug: (\S+)$", tree.text(name), re.M).group(1) for name in tree.sections]
    tree.path("sections/02-implications.md").rename(tree.path("sections/1-implications.md"))
    tree.path("sections/03-challenges.md").rename(tree.path("sections/01-challenges.md"))
    # Number 1 three times: 01-challenges, 01-core-agreement, 1-implications, by name.
    assert [section.slug for section in Loader(tree.content, tree.root).load().sections] == [c, a, b, *rest]


def test_hidden_files_in_the_sections_folder_are_skipped(tree: Tree) -> None:
    """An editor's lock or backup file is not a section (MkDocs skips hidden files too)."""
    tree.path("sections/.#03-challenges.md").write_text("not a section", encoding="utf-8")
    tree.path("sections/._01-core-agreement.md").write_bytes(b"\x00\x05\x16\x07")
    tree.loads()


def test_sections_follow_their_numbers_as_numbers(tree: Tree) -> None:
    """5 comes before 10: a maintainer need not pad the numbers with zeros."""
    slugs = [re.search(r"^slug: (\S+)$", tree.text(name), re.M).group(1) for name in tree.sections]
    for n, name in enumerate(tree.sections, start=1):
        tree.path(name).rename(tree.path(f"sections/{n * 5}-{name.split('-', 1)[1]}"))
    assert tree.sections[0].startswith("sections/10-")  # by name, 10 sorts before 5
    assert [section.slug for section in Loader(tree.content, tree.root).load().sections] == slugs


def test_section_without_front_matter(tree: Tree) -> None:
    section = tree.sections[0]
    tree.path(section).write_text("Just a body.\n")
    assert tree.error() == (f"content/{section}:1: has no front matter. Start the file with a line '---', "
                            "the YAML fields, and another '---'.")


# ---------------------------------------------------------------- raw HTML and script in bodies


@pytest.mark.parametrize(
    ("paragraph", "tag"),
    [
        ("Some <b>bold</b> text.", "<b>"),
        ('An image <img\nsrc=x onerror="window.__pwned=1"> split over two lines.', "<img>"),
        ("Escaped backticks do not make code: \\`<img src=x onerror=alert(1)>\\`.", "<img>"),
        ("A comment <!-- hidden --> in text.", "<!--"),
    ],
)
def test_raw_html_in_a_body_is_refused_with_its_line(tree: Tree, paragraph: str, tag: str) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, paragraph)
    assert tree.error() == f"content/{section}:{line}: body: raw HTML ('{tag}') is not allowed in content. {HTML_FIX}"


def test_raw_html_block_after_an_unclosed_fence_is_refused(tree: Tree) -> None:
    # A fence that is never closed is no fence: ``` does not hide what follows it.
    section = tree.sections[1]
    start = tree.body_append(section, "```\n\n<script>window.__pwned=1</script>\n")
    assert tree.error() == f"content/{section}:{start + 2}: body: raw HTML ('<script>') is not allowed in content. {HTML_FIX}"


@pytest.mark.parametrize(
    "paragraph",
    [
        "An autolink <https://www.nato.int/> is a link, not HTML.",
        "Mail <someone@example.org> is a link too.",
        "Code `<script>alert(1)</script>` is shown as text.",
        "Entities &amp; &nbsp; and comparisons a < b > c are text.",
        "    <script>indented code is text</script>",
    ],
)
def test_markdown_that_only_looks_like_html_is_allowed(tree: Tree, paragraph: str) -> None:
    tree.body_append(tree.sections[1], paragraph)
    tree.loads()


def test_raw_html_is_allowed_when_the_maintainer_enables_it(tree: Tree) -> None:
    tree.body_append(tree.sections[1], "Some <b>bold</b> text.")
    tree.loads(allow_html=True)


def test_event_handler_attribute_in_a_body(tree: Tree) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, "A paragraph.\n{: onclick=window.__pwned=1 }")
    assert tree.error() == (f"content/{section}:{line + 1}: body: the attribute 'onclick' would run script. "
                            "Remove it from the { } attribute list; content cannot carry event handlers.")


def test_event_handler_attribute_even_with_html_allowed(tree: Tree) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, "A [link](https://example.org/){: onmouseover=window.__pwned=1 }.")
    assert tree.error(allow_html=True) == (
        f"content/{section}:{line}: body: the attribute 'onmouseover' would run script. "
        "Remove it from the { } attribute list; content cannot carry event handlers.")


@pytest.mark.parametrize(
    ("paragraph", "address", "offset"),
    [
        ("A [link](javascript:window.__pwned=1).", "javascript:window.__pwned=1", 0),
        ("A [link][x].\n\n[x]: JavaScript:window.__pwned=1", "JavaScript:window.__pwned=1", 2),
        ("A [link](https://example.org/){: href=data:text/html,x }.", "data:text/html,x", 0),
    ],
)
def test_script_address_in_a_body(tree: Tree, paragraph: str, address: str, offset: int) -> None:
    section = tree.sections[1]
    line = tree.body_append(section, paragraph)
    assert tree.error() == (f"content/{section}:{line + offset}: body: the address '{address}' would run script or "
                            "load data, not open a page. Link to an http(s) address or to a page of this site.")


def test_script_address_in_a_text_field(tree: Tree) -> None:
    start, _ = glossary_term(tree, 0)
    line = tree.replace_line("glossary.yml", r"^\s+definition:", '    definition: "See [this](javascript:window.__pwned=1)."', after=start)
    assert tree.error() == (f"content/glossary.yml:{line}: terms[0].definition: the address "
                            "'javascript:window.__pwned=1' would run script or load data, not open a page. "
                            "Link to an http(s) address or to a page of this site.")


def test_event_handler_in_a_text_field(tree: Tree) -> None:
    section = tree.sections[0]
    line = tree.replace_line(section, r"^summary:", 'summary: "A summary {: onmouseover=window.__pwned=1 }"')
    assert tree.error() == (f"content/{section}:{line}: summary: the attribute 'onmouseover' would run script. "
                            "Remove it from the { } attribute list; content cannot carry event handlers.")


def test_html_in_a_text_field_is_text_not_an_error(tree: Tree) -> None:
    start, _ = glossary_term(tree, 0)
    tree.replace_line("glossary.yml", r"^\s+definition:", '    definition: "<script>window.__pwned=1</script> and <img src=x onerror=1>"', after=start)
    tree.loads()



def test_control_character_in_yaml(tree: Tree) -> None:
    line = tree.append("glossary.yml", "# pasted from a terminal \x1b[0m\n")
    assert tree.error() == (f"content/glossary.yml:{line}: contains the invisible control character U+001B. "
                            "Delete it (it often comes with pasted text).")


def test_number_too_long_to_read(tree: Tree) -> None:
    tree.replace_line("glossary.yml", r"^\s+definition:", "    definition: " + "9" * 5000)
    assert tree.error() == ("content/glossary.yml: has a value that cannot be read (Exceeds the limit (4300 digits) for "
                            "integer string conversion). Put long numbers and codes in quotes, as text.")


# ---------------------------------------------------------------- one line changed, one message

ONE_LINE_CASES = yaml.safe_load((Path(__file__).parent / "loader_cases.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", ONE_LINE_CASES, ids=[case["id"] for case in ONE_LINE_CASES])
def test_one_line_mistake(tree: Tree, case: dict[str, str]) -> None:
    line = tree.replace_line(case["file"], case["pattern"], case["new"])
    assert tree.error() == case["message"].format(line=line)


# ---------------------------------------------------------------- what a new maintainer tripped on


def test_a_link_to_a_heading_that_does_not_exist_names_the_line(tree: Tree) -> None:
    first, second = tree.sections[0], tree.sections[1]
    slug = re.search(r"^slug: (\S+)$", tree.text(first), re.M).group(1)
    heading = re.search(r"^## (.+)$", tree.text(first).split("---", 2)[2], re.M).group(1)
    from markdown.extensions.toc import slugify
    tree.body_append(second, f"See [that part]({slug}.md#{slugify(heading, '-')}).")
    tree.loads()
    line = tree.body_append(second, f"And [this]({slug}.md#no-such-heading).")
    message = tree.error()
    assert message.startswith(f"content/{second}:{line}: body: link to '#no-such-heading', which is not on page '{slug}'. "
                              "Use one of its anchors: ")


def test_a_citation_in_a_summary_is_refused(tree: Tree) -> None:
    section = tree.sections[0]
    summary = re.search(r'^summary: "(.*)"$', tree.text(section), re.M).group(1)
    line = tree.replace_line(section, r"^summary:", f'summary: "{summary} [@axios-2025-11-21]"')
    assert tree.error() == (f"content/{section}:{line}: summary: a citation cannot go here. The summary is also the "
                            "page's title or description in search results and sharing cards, where a citation cannot "
                            "be a link; cite in the key points or the body.")


def test_a_listed_source_the_section_does_not_cite_is_refused(tree: Tree) -> None:
    section = tree.sections[0]
    listed = re.search(r"^sources: \[(.*)\]$", tree.text(section), re.M).group(1).split(", ")
    line = tree.replace_line(section, r"^sources:", "sources: [" + ", ".join([*listed, "nato-article-4"]) + "]")
    assert "nato-article-4" not in tree.text(section).split("---", 2)[2]
    assert tree.error() == (f"content/{section}:{line}: sources[{len(listed)}]: source 'nato-article-4' is listed but "
                            "cited nowhere in this section. Cite it where the section relies on it, or remove it from "
                            "'sources'.")


def test_a_cited_source_missing_from_the_list_is_refused(tree: Tree) -> None:
    section = tree.sections[0]
    line = tree.line(section, r"^sources:")
    tree.body_append(section, "A new claim [@nato-article-4].")
    assert tree.error() == (f"content/{section}:{line}: sources: source 'nato-article-4' is cited in this section but "
                            "not listed. Add it to 'sources', or remove the list: it is then made from the citations.")


def test_without_a_list_the_sources_of_a_section_are_what_it_cites(tree: Tree) -> None:
    section = tree.sections[0]
    tree.replace_line(section, r"^sources:", "")
    tree.body_append(section, "A new claim [@nato-article-4].")
    content = Loader(tree.content, tree.root).load()
    assert content.sections[0].cited[-1] == "nato-article-4"
