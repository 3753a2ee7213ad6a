"""Lists that span pages ('used on', 'cited on') do not depend on the order in which
the publisher converts pages: the site built with its files reversed is the same."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import mkdocs_build

REVERSE_HOOK = '''
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(-100)  # after the explainer plugin has added its pages
def on_files(files, config):
    return Files(list(reversed(list(files))))
'''


def article(site: Path, page: str) -> str:
    text = (site / page / "index.html").read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


def test_reversed_file_order_gives_the_same_used_on_and_cited_on_lists(project: Path, tmp_path: Path,
                                                                       built_site: Path) -> None:
    (project / "reverse_hook.py").write_text(REVERSE_HOOK, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - reverse_hook.py\n")
    reversed_site = tmp_path / "site"
    result = mkdocs_build(project, reversed_site)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("glossary", "sources"):
        assert article(reversed_site, page) == article(built_site, page), page
    used_on = re.findall(r"<em>Used on:</em>(.*?)</p>", article(reversed_site, "glossary"), re.S)
    assert len(used_on) >= 30 and all("href=" in u for u in used_on)
    assert article(reversed_site, "sources").count("Cited on:") >= 60
