"""A rebuild that fails while `mkdocs serve` runs shows its error in the browser.

The serve loop's builder is wrapped (`build_tools/mkdocs_plugin/serve.py`): here it
wraps a real in-process MkDocs build of a new explainer, as `mkdocs serve` runs it.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mkdocs.commands.build import build
from mkdocs.config import load_config

from build_tools import new
from build_tools.mkdocs_plugin.serve import ShowErrors
from build_tools.publish import error_page


def _builder(project: Path, site: Path):
    def builder(config=None) -> None:  # as mkdocs serve's own: a fresh config per rebuild
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)), serve_url="http://127.0.0.1:8000/my-explainer/")
    return builder


def test_a_failed_rebuild_writes_its_error_over_every_page_until_the_next_good_one(tmp_path: Path) -> None:
    project, site = tmp_path / "mine", tmp_path / "served"
    new.create(project)
    builder = _builder(project, site)
    builder()  # the first build, as serve runs it before the loop
    show = ShowErrors(builder, site)
    assert {"index.html", "first-section/index.html", "404.html"} <= {p.as_posix() for p in show.pages}

    explainer = project / "content" / "explainer.yml"
    good = explainer.read_text(encoding="utf-8")
    explainer.write_text(good + "colour: blue\n", encoding="utf-8")
    show()  # returns, so the serve loop reloads the browser

    for relative in show.pages:
        text = (site / relative).read_text(encoding="utf-8")
        assert "The site was not rebuilt" in text, relative
        assert "Content error: content/explainer.yml" in text and "colour" in text, relative

    explainer.write_text(good, encoding="utf-8")
    show()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "The site was not rebuilt" not in home and "My explainer" in home


def test_the_error_page_escapes_what_it_shows() -> None:
    html = error_page.page(["Content error: <script>alert(1)</script> & more"])
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_the_plugin_wraps_the_serve_loops_builder(tmp_path: Path) -> None:
    project = tmp_path / "mine"
    new.create(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    plugin = config.plugins["explainer"]
    plugin.on_startup(command="serve", dirty=False)
    config = plugin.on_config(config)
    watched: list[str] = []
    server = SimpleNamespace(watch=watched.append, builder=lambda config=None: None)
    original = server.builder
    assert plugin.on_serve(server, config=config, builder=original) is server
    assert isinstance(server.builder, ShowErrors) and server.builder.builder is original
    assert str(project / "content") in watched


def test_a_rebuild_stopped_by_strict_mode_shows_the_warnings_that_stopped_it(tmp_path: Path) -> None:
    project, site = tmp_path / "mine", tmp_path / "served"
    new.create(project)
    builder = _builder(project, site)
    builder()
    show = ShowErrors(builder, site)
    sources = project / "content" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8") + (
        "  - id: never-cited\n    outlet: \"Another outlet\"\n    title: \"A report no page cites\"\n"
        "    date: 2026-01-02\n    standing: reported\n"), encoding="utf-8")
    show()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "The site was not rebuilt" in home and "never-cited" in home  # the warning itself
    assert "strict mode" in home  # and MkDocs's reason for stopping
