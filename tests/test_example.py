"""The generator as a new user gets it: installed from a wheel, used in a folder of its own.

`python -m build_tools new` writes an explainer that builds with --strict at once, and the
example explainer (examples/ferry-pact, invented) builds with popups, callouts and feed.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_installed

SUBJECT = re.compile(r"ukrain|nato|article 5|russia|zelensky|axios|guarantee", re.IGNORECASE)


def test_the_installed_package_is_used_not_this_checkout(installed_package: dict[str, str], tmp_path: Path) -> None:
    result = run_installed(installed_package, tmp_path, "-c", "import build_tools; print(build_tools.__file__)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(installed_package["PYTHONPATH"])


def test_new_writes_an_explainer_that_builds_strictly_at_once(installed_package: dict[str, str], tmp_path: Path) -> None:
    made = run_installed(installed_package, tmp_path, "-m", "build_tools", "new", "mine")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "mine"
    assert {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()} >= {
        "mkdocs.yml", "README.md", "content/explainer.yml", "content/sources.yml", "content/sections/01-first-section.md"}
    built = run_installed(installed_package, project, "-m", "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (project / "site" / "first-section" / "index.html").read_text(encoding="utf-8")
    # The package wired its own theme: popup script, styles, and the popup texts the citations point at.
    assert re.search(r'<script src="[^"]*assets/javascripts/xp\.js', page)
    assert 'aria-describedby="xp-tip-src-example-source"' in page and 'id="xp-tip-src-example-source"' in page
    assert (project / "site" / "feed.xml").is_file()
    checked = run_installed(installed_package, project, "-m", "build_tools", "check")
    assert checked.returncode == 0, checked.stderr
    again = run_installed(installed_package, tmp_path, "-m", "build_tools", "new", "mine")
    assert again.returncode == 1 and "is not empty" in again.stderr


def test_the_package_names_no_subject(installed_package: dict[str, str]) -> None:
    package = Path(installed_package["PYTHONPATH"]) / "build_tools"
    texts = [p for p in package.rglob("*") if p.suffix in {".py", ".j2", ".yml", ".html", ".js", ".css", ".md"}]
    assert len(texts) > 30
    named = [(p.relative_to(package).as_posix(), m.group(0)) for p in texts
             for m in [SUBJECT.search(p.read_text(encoding="utf-8"))] if m]
    assert not named


def test_the_example_explainer_builds_with_every_kind_of_content(example_site: Path) -> None:
    page = (example_site / "the-pact" / "index.html").read_text(encoding="utf-8")
    assert 'class="xp-term"' in page and 'class="xp-cite"' in page
    assert 'id="signed-text"' in page and 'id="provision-hours"' in page
    assert "invented" in page.lower()
    for path in ("comparison", "timeline", "glossary", "sources", "about"):
        assert (example_site / path / "index.html").is_file(), path
    assert (example_site / "feed.xml").is_file()
