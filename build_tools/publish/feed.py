"""The updates log as an Atom feed (RFC 4287), so readers following the story can subscribe."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping

import markdown

from build_tools.content import dates
from build_tools.syntax import markers
from build_tools.content import refs
from build_tools.content.model import Content, Source, Update

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "feed.xml"
UPDATES_ANCHOR = "about/#updates"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _absolute(site_url: str, path: str) -> str:
    """An absolute address where the site has one; relative to the site's root otherwise."""
    return refs.absolute(site_url, path) if site_url.startswith(("http://", "https://")) else path


def entry_anchor(update: Update, index: int) -> str:
    return f"update-{update.date.isoformat()}-{index}"


def _html(text: str, sources: Mapping[str, Source], site_url: str) -> str:
    """The entry's Markdown as HTML; a citation becomes the source's name, linked to the sources page."""
    def cite(match: re.Match[str]) -> str:
        source = sources[match.group(1)]
        return f"([{source.outlet}]({_absolute(site_url, 'sources/')}#src-{source.id}))"

    return markdown.markdown(markers.CITATION.sub(cite, text))


def atom(content: Content, site_name: str, site_url: str, language: str = "en") -> str:
    """The feed document. Entry ids are stable: the updates page's address and the entry's date and order."""
    etree.register_namespace("", ATOM)
    feed = etree.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})
    updates_url = _absolute(site_url, UPDATES_ANCHOR)

    def sub(parent: etree.Element, tag: str, text: str | None = None, **attrib: str) -> etree.Element:
        element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", attrib)
        element.text = text
        return element

    sub(feed, "title", f"{site_name}: {content.strings['updates_title']}")
    sub(feed, "subtitle", content.explainer.description)
    sub(feed, "id", _absolute(site_url, FEED_NAME) if site_url.startswith("http") else f"urn:explainer:{site_name}")
    sub(feed, "updated", _timestamp(content.last_edited))
    sub(feed, "link", rel="self", href=_absolute(site_url, FEED_NAME))
    sub(feed, "link", rel="alternate", href=updates_url)
    author = sub(feed, "author")
    sub(author, "name", content.explainer.author or site_name)
    count = len(content.updates)
    for position, update in enumerate(content.updates):
        anchor = entry_anchor(update, count - position)
        entry = sub(feed, "entry")
        sub(entry, "title", f"{dates.human(update.date, language)}: {update.title}")
        sub(entry, "id", f"{updates_url.split('#')[0]}#{anchor}")
        sub(entry, "updated", _timestamp(update.date))
        sub(entry, "published", _timestamp(update.date))
        sub(entry, "link", rel="alternate", href=updates_url)
        sub(entry, "content", _html(update.text, content.sources, site_url), type="html")
    etree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(feed, encoding="unicode") + "\n"
