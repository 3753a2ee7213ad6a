"""Write a build beside the output folder and swap it in only when it is complete,
so a failed build leaves the previous site exactly as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class StagedOutput:
    def __init__(self, final: Path) -> None:
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        # A sibling, so the swap is a rename on one file system.
        self.stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))

    def commit(self) -> None:
        """Swap the finished build in; the old site is removed only after."""
        old: Path | None = None
        if self.final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.old-", dir=self.final.parent))
            os.replace(self.final, old / "site")
        os.replace(self.stage, self.final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
