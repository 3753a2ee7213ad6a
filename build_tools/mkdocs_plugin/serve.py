"""`mkdocs serve`: a rebuild that fails shows its error in the browser too.

MkDocs's serve loop prints a failed rebuild's error in the terminal and leaves the
browser on the old page. `ShowErrors` wraps the loop's builder: when a rebuild fails it
writes the error page (`build_tools.publish.error_page`) over every page the last good
build wrote, logs the error as before, and returns normally, so the loop reloads the
browser onto it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from build_tools.publish import error_page
from build_tools.publish.output import WarningLog

log = logging.getLogger("mkdocs.plugins.explainer")


class ShowErrors:
    def __init__(self, builder: Callable[..., None], site_dir: Path) -> None:
        self.builder = builder
        self.site_dir = site_dir
        self.pages = error_page.pages_in(site_dir)  # what the first (good) build wrote

    def __call__(self, config: Any = None) -> None:
        warnings = WarningLog()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        try:
            self.builder(config)
        except Exception as error:  # noqa: BLE001 - every failure is shown, then the loop goes on
            messages = [*warnings.messages, str(error)]
            error_page.show(self.site_dir, self.pages, messages)
            log.error(f"{error} The browser shows this error until the site builds again.")
            return
        finally:
            logger.removeHandler(warnings)
        self.pages = error_page.pages_in(self.site_dir)
