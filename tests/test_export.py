"""`python -m build_tools export DIR`: every page, as MkDocs receives it, in a temp dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools.publish.export import MANIFEST
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


def test_export_writes_every_page_and_nothing_else(exported: tuple[Path, Path]) -> None:
    project, out = exported
    pages = site_of(project).pages
    written = sorted([*(p.src_uri for p in pages), "feed.xml"])
    assert sorted(p.name for p in out.iterdir()) == sorted([*written, MANIFEST])
    assert sorted((out / MANIFEST).read_text(encoding="utf-8").split()) == written
    assert len(pages) >= 10  # home, five sections, timeline, comparison, about, glossary, sources


def test_a_page_the_content_no_longer_makes_is_removed_from_an_earlier_export(
        exported: tuple[Path, Path]) -> None:
    """A section given a new slug must not stay online under its old one; files no export wrote stay."""
    project, out = exported
    section = project / "content" / "sections" / "03-challenges.md"
    old_page = "challenges.md"  # named by the section's slug
    assert (out / old_page).exists()
    section.write_text(section.read_text(encoding="utf-8").replace("slug: challenges\n", "slug: open-questions\n", 1),
                       encoding="utf-8")
    (out / "extra.css").write_text("/* the maintainer's own */", encoding="utf-8")
    (out / MANIFEST).write_text((out / MANIFEST).read_text(encoding="utf-8") + "../outside.md\n", encoding="utf-8")
    (out.parent / "outside.md").write_text("not the export's", encoding="utf-8")

    result = export(project, out)

    assert result.returncode == 0, result.stderr
    assert not (out / old_page).exists()
    assert f"Removed 1 files an earlier export wrote that this content no longer makes: {old_page}" in result.stdout
    assert (out / "extra.css").exists() and (out.parent / "outside.md").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(p.src_uri for p in site_of(project).pages), "feed.xml", MANIFEST, "extra.css"])


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
