"""One Markdown dialect (build_tools/syntax/dialect.py) for the build, the content checks,
`export` and the tests; HTML shown inside fenced code stays code."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.publish.site import Site
from build_tools.syntax import dialect, safety
from tests.conftest import mkdocs_build
from tests.support import Tree

FENCE = '```html\n<div onclick="steal()">Hello</div>\n<script>alert(1)</script>\n```'


def test_html_in_a_fenced_code_block_is_accepted_and_shown_as_code(tmp_path: Path) -> None:
    tree = Tree(tmp_path)
    section = tree.sections[0]
    tree.body_append(section, "An example of markup, shown as code:\n\n" + FENCE)
    site = Site(tree.content, site_name="T", site_url="https://example.org/", root=tree.root)
    slug = site.content.sections[0].slug
    html = next(h for page, _, h in site.render_all() if page.src_uri == f"{slug}.md")
    assert '<pre><code class="language-html">&lt;div onclick=&quot;steal()&quot;&gt;Hello&lt;/div&gt;' in html
    assert "<script>" not in html and "<div onclick" not in html


def test_the_same_html_outside_a_fence_is_refused() -> None:
    assert [p.kind for p in safety.find_problems(FENCE.strip("`html\n"))] == ["html", "html"]
    assert safety.find_problems(FENCE) == []
    assert safety.needs_parse(FENCE)  # '<' is there: the quick check leaves it to the parser


@pytest.mark.parametrize("configured", [
    ["attr_list", "md_in_html", "admonition", "tables", "fenced_code", {"toc": {"permalink": True}}],
    ["markdown.extensions.attr_list", "markdown.extensions.md_in_html:MdInHtmlExtension", "admonition",
     "markdown.extensions.tables", "markdown.extensions.fenced_code", "toc"],
])
def test_any_spelling_of_an_extension_counts(configured: list) -> None:
    names = [next(iter(c)) if isinstance(c, dict) else c for c in configured]
    assert dialect.missing(names) == []


def test_a_publisher_config_without_the_dialect_stops_the_build(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - md_in_html\n", ""))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    last = (result.stdout + result.stderr).strip().splitlines()[-1]
    assert last.startswith("Configuration error: ") and last.endswith(
        "mkdocs.yml: markdown_extensions lacks md_in_html. Add them: the explainer's pages are written in that "
        "dialect (build_tools/syntax/dialect.py).")
