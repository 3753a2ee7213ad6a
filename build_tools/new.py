"""`python -m build_tools new DIR`: a minimal explainer that builds with `--strict` at once.

The skeleton (build_tools/skeleton/) is commented for the maintainer who fills it in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SKELETON = Path(__file__).parent / "skeleton"


def create(target: Path) -> list[Path]:
    """Copy the skeleton into `target` (absent or empty); return the files written."""
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is not a folder; choose a new folder")
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty; choose a new folder")
    shutil.copytree(SKELETON, target, dirs_exist_ok=True)
    (target / "content" / "static").mkdir(exist_ok=True)  # docs_dir: files copied as they are (none yet)
    return sorted(p for p in target.rglob("*") if p.is_file())
