"""`python -m build_tools export DIR`: every page, as MkDocs receives it, in a temp dir."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools.publish.export import MANIFEST, Exported, write
from build_tools.publish.site import Site
from tests.conftest import mkdocs_build

# A MkDocs hook that records what every page looks like once the explainer plugin has
# given it to MkDocs: the list of pages (on_files) and each page's Markdown (on_page_markdown).
RECORDER = '''
import json, os
from mkdocs.plugins import event_priority

seen = {"files": [], "markdown": {}}

@event_priority(-100)
def on_files(files, config):
    seen["files"] = [f.src_uri for f in files.documentation_pages()]
    return files

@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    seen["markdown"][page.file.src_uri] = markdown
    return markdown

def on_post_build(config):
    with open(os.environ["XP_RECORD"], "w", encoding="utf-8") as out:
        json.dump(seen, out)
'''


def export(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "export", str(out)],
        cwd=project, capture_output=True, text=True, check=False,
    )


def front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n"), text[:80]
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head), body


@pytest.fixture
def exported(project: Path, tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "export"
    result = export(project, out)
    assert result.returncode == 0, result.stderr
    return project, out


def site_of(project: Path) -> Site:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    return Site(project / "content", site_name=config["site_name"], site_url=config["site_url"], root=project)


def test_export_writes_every_page_its_list_and_nothing_else(exported: tuple[Path, Path]) -> None:
    project, out = exported
    pages = site_of(project).pages
    written = sorted([*(p.src_uri for p in pages), "feed.xml"])
    assert sorted(p.name for p in out.iterdir()) == sorted([*written, MANIFEST])
    listed = dict(reversed(line.split("  ", 1)) for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines())
    assert sorted(listed) == written
    assert all(listed[name] == hashlib.sha256((out / name).read_bytes()).hexdigest() for name in written)
    assert len(pages) >= 10  # home, five sections, timeline, comparison, about, glossary, sources


def test_a_page_the_content_no_longer_makes_is_removed_from_an_earlier_export(
        exported: tuple[Path, Path]) -> None:
    """A section given a new slug must not stay online under its old one; files no export wrote stay."""
    project, out = exported
    new_slug(project / "content" / "sections" / "03-challenges.md", "challenges", "open-questions")
    assert (out / "challenges.md").exists()
    (out / "extra.css").write_text("/* the maintainer's own */", encoding="utf-8")

    result = export(project, out)

    assert result.returncode == 0, result.stderr
    assert "Removed pages an earlier export wrote that this content no longer makes: challenges.md" in result.stdout
    assert not (out / "challenges.md").exists() and (out / "open-questions.md").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(p.src_uri for p in site_of(project).pages), "feed.xml", MANIFEST, "extra.css"])
    assert "challenges.md" not in (out / MANIFEST).read_text(encoding="utf-8")


# ---- the list of an earlier export, in-process on the small example explainer

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ferry-pact"


def new_slug(section: Path, old: str, new: str) -> None:
    text = section.read_text(encoding="utf-8")
    assert f"slug: {old}\n" in text
    section.write_text(text.replace(f"slug: {old}\n", f"slug: {new}\n", 1), encoding="utf-8")


@pytest.fixture
def example(tmp_path: Path) -> tuple[Path, Path]:
    """(content folder of a copy of the example, a folder it was exported into once)."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE / "content", content)
    out = tmp_path / "out"
    out.mkdir()
    assert not exporting(content, out).removed
    return content, out


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def exporting(content: Path, out: Path) -> Exported:
    return write(Site(content, site_name="Example", site_url="https://example.org/"), out)


def test_a_stale_page_changed_by_hand_is_kept_and_named_each_time(example: tuple[Path, Path]) -> None:
    content, out = example
    new_slug(content / "sections" / "01-the-pact.md", "the-pact", "the-ferry-pact")
    (out / "the-pact.md").write_text("The maintainer's own page now.", encoding="utf-8")
    for _ in range(2):
        done = exporting(content, out)
        assert (done.removed, done.kept) == ([], ["the-pact.md"])
    assert (out / "the-pact.md").read_text(encoding="utf-8") == "The maintainer's own page now."


def test_a_link_in_place_of_a_stale_page_is_kept_and_what_it_points_to_untouched(
        example: tuple[Path, Path], tmp_path: Path) -> None:
    """The export wrote a file; a link there now is a change by hand, even with the same bytes behind it."""
    content, out = example
    new_slug(content / "sections" / "01-the-pact.md", "the-pact", "the-ferry-pact")
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_bytes((out / "the-pact.md").read_bytes())  # what the hash on the list matches
    (out / "the-pact.md").unlink()
    (out / "the-pact.md").symlink_to(elsewhere)
    done = exporting(content, out)
    assert (done.removed, done.kept) == ([], ["the-pact.md"])
    assert (out / "the-pact.md").is_symlink() and elsewhere.exists()


@pytest.mark.parametrize("entry", ["../outside.md", "./index.md", "sub/../index.md", "sub/notes.md", ".hidden.md",
                                   "notes.txt"])
def test_a_list_naming_what_no_export_writes_removes_nothing(example: tuple[Path, Path], entry: str) -> None:
    content, out = example
    digest = hashlib.sha256((out / "index.md").read_bytes()).hexdigest()
    (out / MANIFEST).write_text((out / MANIFEST).read_text(encoding="utf-8") + f"{digest}  {entry}\n", encoding="utf-8")
    new_slug(content / "sections" / "01-the-pact.md", "the-pact", "the-ferry-pact")
    done = exporting(content, out)
    assert done.removed == [] and done.unreadable.startswith("line ")
    assert (out / "the-pact.md").exists() and (out / "index.md").exists()
    assert "the-pact.md" not in (out / MANIFEST).read_text(encoding="utf-8")  # the list is written afresh


def test_an_unreadable_list_is_reported_and_written_afresh(example: tuple[Path, Path]) -> None:
    content, out = example
    (out / MANIFEST).write_bytes(b"\xff\xfe not UTF-8")
    done = exporting(content, out)
    assert (done.removed, done.unreadable) == ([], "not UTF-8")
    assert "index.md" in (out / MANIFEST).read_text(encoding="utf-8")


def test_an_export_stopped_halfway_still_lists_what_it_may_have_written(
        example: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    content, out = example
    section = content / "sections" / "01-the-pact.md"
    new_slug(section, "the-pact", "pact-two")
    real_write = Path.write_bytes

    def full_disk(path: Path, data: bytes) -> int:
        if path.name == "about.md":
            raise OSError(28, "No space left on device", str(path))
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(OSError):
        exporting(content, out)
    monkeypatch.undo()
    assert (out / "pact-two.md").exists()
    new_slug(section, "pact-two", "the-pact")
    assert exporting(content, out).removed == ["pact-two.md"]
    assert not (out / "pact-two.md").exists()


def test_the_notes_name_the_files(exported: tuple[Path, Path]) -> None:
    project, out = exported
    new_slug(project / "content" / "sections" / "03-challenges.md", "challenges", "open-questions")
    (out / "challenges.md").write_text("Changed by hand.", encoding="utf-8")
    result = export(project, out)
    assert result.returncode == 0, result.stderr
    assert lines(result.stderr) == [
        f"Note: kept {out / 'challenges.md'}: an earlier export wrote it and this content no longer makes it, but it "
        "was changed since. Delete it if it should not be published"]
    (out / MANIFEST).write_bytes(b"\xff not UTF-8")
    result = export(project, out)
    assert lines(result.stderr) == [
        f"Note: {out / MANIFEST} cannot be read (not UTF-8), so pages an earlier export wrote may remain. Check the "
        "folder for pages this content no longer makes; the list is written afresh"]


def test_without_a_config_the_folder_of_the_command_may_take_the_export(tmp_path: Path) -> None:
    """No mkdocs.yml was read, so no folder is refused for holding one."""
    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    (tmp_path / "out").mkdir()
    result = subprocess.run([sys.executable, "-m", "build_tools", "--content", "../content", "export", "."],
                            cwd=tmp_path / "out", capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "index.md").exists()


def test_a_failed_export_is_one_line(exported: tuple[Path, Path]) -> None:
    project, out = exported
    (out / MANIFEST).unlink()
    (out / MANIFEST).mkdir()
    result = export(project, out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: {out / MANIFEST} cannot be written (Is a directory); check the folder's permissions and free "
        "space, or choose another folder"]


def test_every_page_has_its_title_and_description_as_front_matter(exported: tuple[Path, Path]) -> None:
    project, out = exported
    for page in site_of(project).pages:
        meta, body = front_matter((out / page.src_uri).read_text(encoding="utf-8"))
        assert meta == {"title": page.title, "description": page.description}, page.src_uri
        assert body.strip(), page.src_uri


def test_late_pages_list_where_terms_and_sources_are_used(exported: tuple[Path, Path]) -> None:
    _, out = exported
    glossary = (out / "glossary.md").read_text(encoding="utf-8")
    sources = (out / "sources.md").read_text(encoding="utf-8")
    # The glossary and the sources are written after the other pages, so their
    # 'used on' and 'cited on' lists link the sections.
    assert "(core-agreement.md)" in glossary
    assert "(core-agreement.md)" in sources


def test_export_is_what_mkdocs_builds(exported: tuple[Path, Path], tmp_path: Path) -> None:
    project, out = exported
    (project / "xp_recorder.py").write_text(RECORDER, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - xp_recorder.py\n")
    record = tmp_path / "record.json"
    os.environ["XP_RECORD"] = str(record)
    try:
        result = mkdocs_build(project, tmp_path / "site")
    finally:
        del os.environ["XP_RECORD"]
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(record.read_text(encoding="utf-8"))

    exported_pages = sorted(p.name for p in out.iterdir() if p.suffix == ".md")
    assert (out / "feed.xml").read_bytes() == (tmp_path / "site" / "feed.xml").read_bytes()
    assert sorted(seen["files"]) == exported_pages
    assert sorted(seen["markdown"]) == exported_pages
    # MkDocs's theme places each page's footer after the body (out of the search index);
    # an export has nowhere else to put it, so its pages end with the same HTML.
    site = site_of(project)
    for name in exported_pages:
        _, body = front_matter((out / name).read_text(encoding="utf-8"))
        footer = site.footer_html(site.page(name))
        assert footer.count("<footer") == 1 and footer in body, name
        assert body.lstrip("\n").replace(footer, "", 1) == seen["markdown"][name], name


def test_export_of_synthetic_content_at_scale(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from synthetic import generate
    finally:
        sys.path.pop(0)
    content = generate(tmp_path / "project", sections=12, terms=40)
    out = tmp_path / "export"
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "--content", str(content), "export", str(out)],
        cwd=tmp_path / "project", capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert {f"part-{n:04d}.md" for n in range(1, 13)} <= names
    assert {"index.md", "glossary.md", "sources.md"} <= names
    for name in names - {"feed.xml", MANIFEST}:
        meta, _ = front_matter((out / name).read_text(encoding="utf-8"))
        assert set(meta) == {"title", "description"}, name
