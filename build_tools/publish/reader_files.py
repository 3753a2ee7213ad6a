"""The files that go with the pages: robots.txt, the social cards, the feed, and our own
CSS and JavaScript minified. Written by the core, whatever the publisher."""

from __future__ import annotations

from pathlib import Path

from build_tools.content import refs
from build_tools.publish import assets, cards, feed, metadata
from build_tools.publish.site import Site


def robots_txt(site_url: str | None) -> str:
    sitemap = refs.absolute(site_url, "sitemap.xml")
    return "User-agent: *\nAllow: /\n" + (f"\nSitemap: {sitemap}\n" if sitemap else "")


def write(site: Site, site_dir: Path, own_assets: Path | None = None, with_feed: bool = False,
          fresh_folder: bool = False) -> None:
    """Write them into a built site. `own_assets`: the theme folder whose CSS and JS to minify
    (already copied into the site by the publisher); `with_feed`: also write feed.xml (a
    publisher that copies it as a file of the site itself leaves this off); `fresh_folder`:
    `site_dir` was made for this build and the next replaces it whole (a staged build), so
    cached cards may be hard-linked into it instead of copied."""
    if own_assets is not None:
        assets.minify_own_assets(own_assets, site_dir / "assets")
    (site_dir / "robots.txt").write_text(robots_txt(site.site_url), encoding="utf-8")
    if with_feed:
        (site_dir / feed.FEED_NAME).write_text(site.feed(), encoding="utf-8")
    cards.write_cards_cached(
        [cards.Card(metadata.card_name(p.src_uri), p.title, p.description) for p in site.pages],
        site_dir / metadata.CARD_DIR, site.site_name, cards.site_address(site.site_url), link=fresh_folder,
    )
