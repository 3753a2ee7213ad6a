"""Social cards: one 1200x630 PNG per page with its title, drawn at build time.

No network: Pillow draws with Source Sans Pro (SIL Open Font License 1.1), which the
`font-source-sans-pro` package ships together with its licence file. The same input
gives the same bytes, so rebuilding does not churn the cards.

Pillow is imported only when a card has to be drawn: a build whose cards are all in
the cache (the usual rebuild) neither imports it nor loads a font.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import font_source_sans_pro

from build_tools.publish.metadata import CARD_SIZE

if TYPE_CHECKING:
    from PIL import Image, ImageFont

# The site's primary colour and its text colour (build_tools/theme/assets/stylesheets/xp.css), 8.1:1.
BACKGROUND = "#1d4f91"
FOREGROUND = "#ffffff"
MUTED = "#d6e2f3"
ACCENT = "#8ab4f8"
MARGIN = 80


@dataclass(frozen=True)
class Card:
    name: str  # file name without .png
    title: str
    description: str = ""


def font_file(style: str = "Bold") -> Path:
    """A Source Sans Pro TTF from the package: 'Bold', 'Semibold', 'Regular'."""
    key = "SourceSansPro" if style == "Regular" else f"SourceSansPro{style}"
    return Path(font_source_sans_pro.font_files_ttf[key])


def licence_file() -> Path:
    return Path(font_source_sans_pro.font_directory) / "LICENSE.txt"


@lru_cache(maxsize=32)
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont  # lazy: see the module docstring

    return ImageFont.truetype(str(font_file(style)), size)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; a word longer than a line stays whole."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if not line or font.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _clip(lines: list[str], limit: int, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    kept = lines[:limit]
    last = kept[-1]
    while last and font.getlength(last + "…") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last + "…"
    return kept


def _fit_title(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size that fits in three lines."""
    for size in (80, 72, 64, 58):
        font = _font("Bold", size)
        lines = wrap(title, font, width)
        if len(lines) <= 3 and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = _font("Bold", 58)
    return font, _clip(wrap(title, font, width), 3, font, width)


def render(card: Card, site_name: str, site_address: str = "") -> Image.Image:
    """Draw one card."""
    from PIL import Image, ImageDraw  # lazy: see the module docstring

    width, height = CARD_SIZE
    inner = width - 2 * MARGIN
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)

    # Site name, top left, under a short accent bar.
    draw.rectangle((MARGIN, MARGIN, MARGIN + 96, MARGIN + 8), fill=ACCENT)
    site_font = _font("Semibold", 38)
    site_lines = _clip(wrap(site_name, site_font, inner), 1, site_font, inner)
    draw.text((MARGIN, MARGIN + 36), site_lines[0], font=site_font, fill=MUTED)

    # Title, then the description, from y=210 down.
    title_font, title_lines = _fit_title(card.title, inner)
    y = 200
    line_height = int(title_font.size * 1.12)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=FOREGROUND)
        y += line_height

    footer_y = height - 64 - 34
    if card.description:
        text_font = _font("Regular", 34)
        room = max(0, (footer_y - 24 - (y + 20)) // 44)
        if room:
            for line in _clip(wrap(card.description, text_font, inner), min(room, 3), text_font, inner):
                draw.text((MARGIN, y + 20), line, font=text_font, fill=MUTED)
                y += 44

    if site_address:
        address_font = _font("Semibold", 30)
        address = _clip([site_address], 1, address_font, inner)[0]
        draw.text((MARGIN, footer_y), address, font=address_font, fill=ACCENT)
    return image


def write_cards(cards: Iterable[Card], out_dir: Path, site_name: str, site_address: str = "") -> list[Path]:
    """Write `<name>.png` for each card into `out_dir`; returns the paths.

    Without `optimize=True`: it saves little of a card's size at several times the cost,
    which a cold build of a large site pays for every page (BENCHMARKS.md).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for card in cards:
        path = out_dir / f"{card.name}.png"
        render(card, site_name, site_address).save(path, format="PNG")
        written.append(path)
    return written


def site_address(site_url: str | None) -> str:
    """'https://example.org/guide/' -> 'example.org/guide'."""
    if not site_url:
        return ""
    address = site_url.split("://", 1)[-1]
    return address.rstrip("/")


# Drawn cards, by a hash of everything that goes into them, as Material's social plugin
# caches its cards: drawing and compressing a PNG costs more than building its page, so
# a card is drawn again only when its text or the drawing code changes. Outside the
# project (nothing to ignore in git); EXPLAINER_CACHE moves it, e.g. for a CI cache.
CACHE_ENV = "EXPLAINER_CACHE"


def default_cache() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]) / "cards"
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return user_cache / "explainer-generator" / "cards"


@lru_cache(maxsize=1)
def _code_version() -> str:
    fonts = [font_file(style) for style in ("Bold", "Semibold", "Regular")]
    # Pillow's version from its metadata: importing Pillow for it would cost every build.
    pillow = importlib.metadata.version("pillow")
    parts = [Path(__file__).read_bytes(), pillow.encode(), repr(CARD_SIZE).encode()]
    parts += [f"{font.name}:{font.stat().st_size}".encode() for font in fonts]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def write_cards_cached(wanted: list[Card], out_dir: Path, site_name: str, address: str, cache: Path | None = None,
                       link: bool = False) -> None:
    """`write_cards`, copying cards drawn by an earlier build from `cache`.

    `link`: hard-link them instead, where the file system allows (`_place`). Only for a
    folder made for this build and replaced whole by the next, such as a staged build:
    where a later step may copy a file over a card in place (`mkdocs serve --dirty`
    copying a newer file of the docs folder), it would write through the link into the cache.
    """
    cache = cache or default_cache()
    out_dir.mkdir(parents=True, exist_ok=True)
    for card in wanted:
        key = json.dumps([_code_version(), card.title, card.description, site_name, address])
        cached = cache / f"{hashlib.sha256(key.encode()).hexdigest()}.png"
        target = out_dir / f"{card.name}.png"
        if cached.is_file():
            _place(cached, target, link)
            continue
        target.unlink(missing_ok=True)  # an earlier build's link: drawing through it would change the cache
        write_cards([card], out_dir, site_name, address)
        try:  # a read-only project still builds, only without the cache
            cache.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.part")
            _place(target, partial, link)
            os.replace(partial, cached)
        except OSError:
            pass


def _place(source: Path, target: Path, link: bool) -> None:
    """`target` with the bytes of `source`: with `link`, a hard link where the file system allows one.

    A card never changes once drawn (its name in the cache is a hash of what it shows), so a
    site and the cache can share the file instead of copying it on every build (BENCHMARKS.md,
    "Cards linked from the cache"). A tool that rewrote a card of the built site in place
    would change the cached card too; one that writes a new file does not.
    """
    target.unlink(missing_ok=True)  # never write through an earlier link
    if link:
        try:
            os.link(source, target)
            return
        except OSError:  # another file system, or one without hard links
            pass
    shutil.copyfile(source, target)
