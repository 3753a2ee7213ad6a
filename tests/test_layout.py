"""The layout the README draws: stages whose imports point only down the pipeline, small modules."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

# README "Architecture": each stage may import only from stages before it (errors: from anywhere).
ORDER = ["errors", "syntax", "content", "render", "markup", "publish", "mkdocs_plugin", "new", "__main__"]
PACKAGE = ROOT / "build_tools"
IMPORT = re.compile(r"^\s*from build_tools(?:\.([a-z_]+))?(?:\.[a-z_.]+)? import ([a-z_, ]+)$", re.M)


def stage(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def test_every_import_points_down_the_pipeline() -> None:
    upward = []
    for path in PACKAGE.rglob("*.py"):
        here = stage(path)
        if here == "__init__":
            continue
        for match in IMPORT.finditer(path.read_text(encoding="utf-8")):
            targets = [match.group(1)] if match.group(1) else [n.strip() for n in match.group(2).split(",")]
            for target in targets:
                if target in ORDER and ORDER.index(target) > ORDER.index(here):
                    upward.append(f"{path.relative_to(ROOT)} imports {target}")
    assert not upward
    assert {stage(p) for p in PACKAGE.glob("*/__init__.py")} <= set(ORDER)


def test_no_module_is_over_300_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 300}
    assert not long


def test_the_mkdocs_adapter_is_the_only_code_that_imports_mkdocs() -> None:
    importers = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if re.search(r"^\s*(from|import) mkdocs\b", p.read_text(encoding="utf-8"), re.M)}
    assert importers and all(name.startswith("mkdocs_plugin/") for name in importers)
