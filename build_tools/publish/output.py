"""Where a build writes, and when it may replace the site readers get.

The build goes to a sibling staging folder and is swapped in only when it is complete
and, in strict mode, free of warnings: a failed build leaves the previous site exactly
as it was. Any publisher uses the same policy: it counts the warnings its logger emits.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path


class WarningLog(logging.Handler):
    """The warnings (and errors) a logger emits while it is attached: counted by the
    staged output's policy, shown by a development server's error page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class StagedOutput:
    """A build written beside `final`, counted for warnings on `logger` until it ends."""

    def __init__(self, final: Path, logger: logging.Logger | None = None) -> None:
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        # A sibling, so the swap is a rename on one file system.
        self.stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
        self._logger = logger
        self._warnings = WarningLog()
        if logger is not None:
            logger.addHandler(self._warnings)

    @property
    def warnings(self) -> int:
        return len(self._warnings.messages)

    def finish(self, strict: bool) -> bool:
        """Swap the build in, unless strict mode meets a warning; True if it was swapped in."""
        publish = not (strict and self.warnings)
        self.commit() if publish else self.discard()
        return publish

    def commit(self) -> None:
        """Swap the finished build in; the old site is removed only after."""
        self._stop_counting()
        old: Path | None = None
        if self.final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.old-", dir=self.final.parent))
            os.replace(self.final, old / "site")
        os.replace(self.stage, self.final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        self._stop_counting()
        shutil.rmtree(self.stage, ignore_errors=True)

    def _stop_counting(self) -> None:
        if self._logger is not None:
            self._logger.removeHandler(self._warnings)
            self._logger = None
