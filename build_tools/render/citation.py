"""'Cite this page' in APA, MLA and BibTeX, from page data and the site's URL."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
_BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass(frozen=True)
class PageCitation:
    title: str
    site_name: str
    updated: dt.date
    url: str

    @property
    def apa(self) -> str:
        # APA 7, web page with a group author that is also the site: the site is not repeated.
        date = f"{self.updated.year}, {self.updated.strftime('%B')} {self.updated.day}"
        return f"{self.site_name}. ({date}). {self.title}. {self.url}"

    @property
    def mla(self) -> str:
        date = f"{self.updated.day} {_MLA_MONTHS[self.updated.month - 1]} {self.updated.year}"
        address = re.sub(r"^https?://", "", self.url)
        return f"\u201c{self.title}.\u201d {self.site_name}, {date}, {address}."

    @property
    def bibtex(self) -> str:
        key = re.sub(r"[^a-z0-9]+", "-", f"{self.site_name} {self.title}".lower()).strip("-")[:60]
        def braces(text: str) -> str:
            return re.sub(r"([{}\\%&$#_^~])", r"\\\1", text)
        return (
            f"@misc{{{key},\n"
            f"  title = {{{braces(self.title)}}},\n"
            f"  author = {{{{{braces(self.site_name)}}}}},\n"
            f"  year = {{{self.updated.year}}},\n"
            f"  month = {_BIBTEX_MONTHS[self.updated.month - 1]},\n"  # a macro: styles print it in their own way
            f"  howpublished = {{\\url{{{self.url}}}}},\n"
            f"  note = {{Last updated {self.updated.isoformat()}}}\n"
            f"}}"
        )
