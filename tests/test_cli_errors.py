"""`mkdocs build` on a broken copy of the project: one clear line, and nothing lost.

For each kind of content mistake the build exits non-zero, prints exactly one line
(`Content error: content/<file>:<line>: ...`, the loader's own message) and no
traceback, and an output folder that already held a built site is byte for byte
as it was, with no staging folder left beside it. Mistakes that only show late in
the build (a strict-mode warning, a label missing while rendering) leave the old
site in place too.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.errors import ContentError
from build_tools.content.loader import Loader
from tests.conftest import ROOT, copy_project, mkdocs_build


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, with a hash of each file's bytes."""
    state: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[key] = "link:" + os.readlink(path)
        elif path.is_dir():
            state[key] = "dir"
        else:
            state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


@pytest.fixture
def project(tmp_path: Path, built_site: Path) -> Path:
    """A copy of the project whose `site/` already holds a complete build."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(built_site, project / "site")
    return project


def sections(project: Path) -> list[Path]:
    return sorted((project / "content" / "sections").glob("*.md"))


def replace_line(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(pattern, text, re.M), (path, pattern)
    path.write_text(re.sub(pattern, lambda _: new, text, count=1, flags=re.M), encoding="utf-8")


def append(path: Path, text: str) -> None:
    current = path.read_text(encoding="utf-8")
    path.write_text(current.rstrip("\n") + "\n" + text, encoding="utf-8")


def _folder_in_place_of_file(c: Path) -> None:
    (c / "glossary.yml").unlink()
    (c / "glossary.yml").mkdir()


def _quote_without_text(c: Path) -> None:
    replace_line(c / "quotes.yml", r"^\s+text: .*$", "")


def _quotation_changed_by_one_word(c: Path) -> None:
    section = sorted((c / "sections").glob("*.md"))[0]
    text = section.read_text(encoding="utf-8")
    quoted = re.search(r'"((?:\w+ ){2,}\w+)"', text.split("---", 2)[2]).group(1)
    section.write_text(text.replace(f'"{quoted}"', '"' + quoted.rsplit(" ", 1)[0] + ' banana"', 1), encoding="utf-8")


def _second_section_title_of_first(c: Path) -> None:
    first, second = sorted((c / "sections").glob("*.md"))[:2]
    title = re.search(r"^title: .*$", first.read_text(), re.M).group(0)
    replace_line(second, r"^title: .*$", title)


# Each edit breaks one thing in content/ (the argument is the content folder).
MISTAKES: dict[str, Callable[[Path], None]] = {
    "unreadable file": _folder_in_place_of_file,
    "not UTF-8": lambda c: (c / "glossary.yml").write_bytes((c / "glossary.yml").read_bytes() + b"# caf\xe9\n"),
    "empty file": lambda c: (c / "timeline.yml").write_text(""),
    "YAML syntax": lambda c: append(c / "glossary.yml", '  - id: broken\n    term: "Broken\n    definition: "x"\n'),
    "missing field": lambda c: replace_line(c / "glossary.yml", r"^\s+definition: .*$", ""),
    "wrong type": lambda c: replace_line(c / "glossary.yml", r"^\s+term: .*$", "    term: 5"),
    "duplicate term": lambda c: append(c / "glossary.yml", '  - id: again\n    term: "NATO"\n    definition: "x"\n'),
    "colliding aliases": lambda c: append(
        c / "glossary.yml",
        '  - id: widget\n    term: "widget"\n    aliases: ["Blue Gadget"]\n    definition: "x"\n'
        '  - id: gizmo\n    term: "gizmo"\n    aliases: ["blue gadget"]\n    definition: "y"\n'),
    "unknown source in front matter": lambda c: replace_line(
        sorted((c / "sections").glob("*.md"))[0], r"^sources: .*$", "sources: [no-such-source]"),
    "unknown source in body": lambda c: append(sorted((c / "sections").glob("*.md"))[1], "\nA claim [@no-such-source].\n"),
    "unknown glossary reference": lambda c: append(
        sorted((c / "sections").glob("*.md"))[1], "\nSee [it](glossary.md#no-such-term).\n"),
    "unknown heading on a section": lambda c: append(sorted((c / "sections").glob("*.md"))[1],
                                                     "\nSee [it](core-agreement.md#no-such-heading).\n"),
    "unknown page reference": lambda c: append(sorted((c / "sections").glob("*.md"))[1], "\nSee [it](no-such-page.md).\n"),
    "quote text missing": _quote_without_text,
    "forgotten provision cell": lambda c: replace_line(c / "provisions.yml", r"^\s+nato-article-5: .*$", ""),
    "unknown document column": lambda c: replace_line(c / "provisions.yml", r"^columns: .*$", "columns: [no-such-document]"),
    "unknown quote in body": lambda c: append(sorted((c / "sections").glob("*.md"))[1], "\n[[quote:no-such-quote]]\n"),
    "quotation changed by one word": _quotation_changed_by_one_word,
    "unknown label": lambda c: append(c / "strings" / "en.yml", 'tips_labl: "Terms"\n'),
    "update without a date": lambda c: replace_line(c / "updates.yml", r"^\s+- date: .*$", "  - day: 2026-11-27"),
    "not a date": lambda c: replace_line(c / "sources.yml", r"^\s+date: .*$", "    date: 21 November 2025"),
    "not an http URL": lambda c: replace_line(c / "sources.yml", r"^\s+url: .*$", '    url: "ftp://example.org/x"'),
    "definition too long": lambda c: replace_line(c / "glossary.yml", r"^\s+definition: .*$", f'    definition: "{"x" * 281}"'),
    "section title twice": _second_section_title_of_first,
    "section file without a number": lambda c: sorted((c / "sections").glob("*.md"))[1].rename(
        c / "sections" / "implications.md"),
    "raw HTML in body": lambda c: append(sorted((c / "sections").glob("*.md"))[1], '\nAn <img src=x onerror="alert(1)">.\n'),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_content_mistake_prints_one_line_and_keeps_the_old_site(project: Path, mistake: str) -> None:
    MISTAKES[mistake](project / "content")
    with pytest.raises(ContentError) as caught:
        Loader(project / "content", project).load()
    expected = f"Content error: {caught.value.message}"
    assert expected.startswith("Content error: content/")

    site = project / "site"
    before = tree_hash(site)
    siblings = sorted(p.name for p in project.iterdir())
    result = mkdocs_build(project, site)

    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert lines(result) == [expected]
    assert tree_hash(site) == before
    assert sorted(p.name for p in project.iterdir()) == siblings  # no staging folder left behind


def test_the_default_output_folder_is_kept_too(project: Path) -> None:
    """Without -d, as a maintainer types it: `mkdocs build` in the project folder."""
    MISTAKES["not a date"](project / "content")
    before = tree_hash(project / "site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert result.returncode == 1
    assert len(lines(result)) == 1 and lines(result)[0].startswith("Content error: content/sources.yml:")
    assert tree_hash(project / "site") == before


def test_late_failure_a_broken_anchor_under_strict_keeps_the_old_site(project: Path) -> None:
    """The loader checks anchors on section pages, not on the generated ones; MkDocs warns about
    the anchor after rendering, and --strict stops."""
    append(sections(project)[1], "\nSee [the timeline](timeline.md#no-such-heading).\n")
    Loader(project / "content", project).load()  # valid content as far as the loader can tell

    site = project / "site"
    before = tree_hash(site)
    siblings = sorted(p.name for p in project.iterdir())
    result = mkdocs_build(project, site)

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "no-such-heading" in output
    assert "Aborted with 1 warnings in strict mode!" in output
    assert tree_hash(site) == before
    assert sorted(p.name for p in project.iterdir()) == siblings


def test_late_failure_a_label_missing_while_rendering_keeps_the_old_site(project: Path) -> None:
    """`tips_label` is read only when a page's popups are rendered, after the output folder is chosen.

    A language the generator has no labels for takes all of them from the explainer's own file.
    """
    labels = (ROOT / "build_tools" / "strings" / "en.yml").read_text(encoding="utf-8")
    (project / "content" / "strings" / "de.yml").write_text(re.sub(r"^tips_label: .*\n", "", labels, flags=re.M),
                                                            encoding="utf-8")
    replace_line(project / "mkdocs.yml", r"^  - explainer$", "  - explainer:\n      language: de")
    site = project / "site"
    before = tree_hash(site)
    result = mkdocs_build(project, site)

    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert ("Content error: content/strings/de.yml: tips_label: is missing. "
            "Add it: every label the pages use needs a line in this file.") in lines(result)
    assert tree_hash(site) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def test_debug_variable_shows_the_traceback(project: Path) -> None:
    MISTAKES["not a date"](project / "content")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_DEBUG": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(project / "site")], capture_output=True, text=True, env=env, check=False)
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "ContentError" in result.stderr


def test_check_command_prints_the_same_one_line(project: Path) -> None:
    MISTAKES["duplicate term"](project / "content")
    result = subprocess.run([sys.executable, "-m", "build_tools", "check"], cwd=project, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert len(lines(result)) == 1 and lines(result)[0].startswith("Content error: content/glossary.yml:")
    assert "Traceback" not in result.stderr


def test_a_good_build_replaces_the_site_and_leaves_no_staging_folder(project: Path) -> None:
    site = project / "site"
    (site / "stale.html").write_text("from an older build")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / "stale.html").exists()
    assert (site / "index.html").is_file()
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


# ---------------------------------------------------------------- `check` and `export` read what the build reads


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", *args], cwd=project, capture_output=True, text=True,
                          check=False)


def test_check_reads_the_plugin_options_in_mkdocs_yml(tmp_path: Path) -> None:
    """allow_html and content_dir under the explainer plugin decide for `check` as for the build."""
    project = copy_project(tmp_path / "project")
    append(sections(project)[0], "\nA <abbr>word</abbr> here [@axios-2025-11-21].\n")
    refused = run_cli(project, "check")
    assert refused.returncode == 1 and "raw HTML ('<abbr>')" in refused.stderr
    (project / "content").rename(project / "text")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - explainer\n", "  - explainer:\n      allow_html: true\n      content_dir: text\n"), encoding="utf-8")
    accepted = run_cli(project, "check")
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith("Content is valid:")


def test_a_missing_config_or_content_folder_is_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    missing_config = run_cli(project, "--config", "nope.yml", "check")
    assert missing_config.returncode == 1
    assert lines(missing_config) == ["Configuration error: nope.yml: cannot be read (No such file or directory). "
                                     "Check that the file exists and is readable"]
    missing_content = run_cli(project, "--content", "nope", "check")
    assert missing_content.returncode == 1 and len(lines(missing_content)) == 1
    assert lines(missing_content)[0].startswith("Content error: nope: is not a folder of content. Point content_dir")


def test_new_or_export_into_a_file_is_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "a-file").write_text("not a folder")
    for command in ("new", "export"):
        result = run_cli(project, command, "a-file")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert len(lines(result)) == 1 and lines(result)[0].startswith("Error: a-file is not a folder; choose a")


@pytest.mark.parametrize("folder, problem", [
    (".", "holds the site's mkdocs.yml"),
    ("content", "holds the site's content (content)"),
    ("content/pages", "is inside the site's content (content)"),
])
def test_export_among_the_sites_own_files_is_refused(tmp_path: Path, folder: str, problem: str) -> None:
    """Pages written there would mix with mkdocs.yml or the content, and a later export would clean up among them."""
    project = copy_project(tmp_path / "project")
    before = tree_hash(project)
    result = run_cli(project, "export", folder)
    assert result.returncode == 1
    assert lines(result) == [f"Error: {folder} {problem}. Export into a folder of its own, such as export/"]
    assert tree_hash(project) == before


def test_export_without_a_config_says_what_stands_in(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "mkdocs.yml").unlink()
    result = run_cli(project, "export", "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Note: no mkdocs.yml here, so the pages name the site 'Explainer' at '/'.")
    assert "Explainer. (" in (project / "out" / "about.md").read_text(encoding="utf-8")  # the APA line of the footer


PLUGIN_SPELLINGS = {
    "a name": "plugins:\n  - search\n  - explainer\n",
    "a name, as a mapping": "plugins:\n  search: {}\n  explainer:\n",
    "options": "plugins:\n  - explainer:\n      content_dir: text\n      language: en\n      allow_html: true\n",
    "options without values": "plugins:\n  - explainer:\n      content_dir:\n      allow_html:\n",
    "options from the environment": "plugins:\n  - explainer:\n      content_dir: !ENV [XP_TEST_CONTENT, content]\n"
                                    "      allow_html: !ENV XP_TEST_HTML\n",
}


@pytest.mark.parametrize("plugins", PLUGIN_SPELLINGS.values(), ids=PLUGIN_SPELLINGS.keys())
def test_check_reads_the_plugin_options_as_mkdocs_gives_them(tmp_path: Path, plugins: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config

    from build_tools.publish.settings import read_settings

    monkeypatch.setenv("XP_TEST_CONTENT", "text")
    monkeypatch.setenv("XP_TEST_HTML", "true")
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\ndocs_dir: docs\n" + plugins, encoding="utf-8")
    expected = load_config(str(config)).plugins["explainer"].config
    settings = read_settings(config)
    assert (settings.content_dir, settings.language, settings.allow_html) == (
        expected.content_dir, expected.language, expected.allow_html)


def test_a_plugin_item_with_two_names_is_refused_as_mkdocs_does(tmp_path: Path) -> None:
    from build_tools.publish.settings import SettingsError, read_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\nplugins:\n  - explainer:\n    content_dir: text\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="an item names 2 plugins"):
        read_settings(config)


def test_settings_under_inherit_are_read_as_mkdocs_reads_them(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from build_tools.publish.settings import read_settings

    (tmp_path / "docs").mkdir()
    (tmp_path / "base.yml").write_text("site_name: Base\nplugins:\n  - explainer:\n      content_dir: text\n",
                                      encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\ndocs_dir: docs\nsite_url: https://example.org/x/\n", encoding="utf-8")
    expected = load_config(str(config))
    settings = read_settings(config)
    assert (settings.site_name, settings.site_url, settings.content_dir) == (
        expected.site_name, expected.site_url, expected.plugins["explainer"].config.content_dir)
