"""What a warm build spends placing its social cards: linked from the cache, or copied.

Fills a cache with --pages cards (one drawn card's bytes under each card's cache name,
so that filling it takes seconds, not a minute of drawing), then places all of them into
a fresh folder with `cards.write_cards_cached`, alternating the two ways (linked, as a
staged build does, and copied, as `mkdocs serve` does and every build did before), and
prints the median seconds of each and their ratio. Run it with --dir on the file system
a site is built on (the default is a temporary folder on the disk, not /dev/shm).

    .venv/bin/python benchmarks/cards_place.py --pages 1000 --repeat 7
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.publish import cards  # noqa: E402


def place(wanted: list[cards.Card], cache: Path, out: Path, copy: bool) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    cards.write_cards_cached(wanted, out, "Site", "example.org", cache=cache, link=not copy)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="where to work (default: a temporary folder)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xp-cards-", dir=args.dir))
    try:
        # A title and a two-line description, as on the synthetic pages of build_scale.py
        # (the size of a card, about 45 KiB, is what copying costs).
        description = "A summary of the page in one or two sentences, of the length a maintainer writes for search results."
        wanted = [cards.Card(f"page-{n:04d}", f"Part {n}: the points of a title of a usual length", description)
                  for n in range(args.pages)]
        cache = work / "cache"
        (drawn,) = cards.write_cards(wanted[:1], work / "drawn", "Site", "example.org")

        def as_drawn(batch: list[cards.Card], out_dir: Path, *_: object) -> list[Path]:
            for card in batch:
                shutil.copyfile(drawn, out_dir / f"{card.name}.png")
            return [out_dir / f"{card.name}.png" for card in batch]

        with mock.patch.object(cards, "write_cards", side_effect=as_drawn):
            cards.write_cards_cached(wanted, work / "cold", "Site", "example.org", cache=cache)
        times: dict[bool, list[float]] = {False: [], True: []}
        for round_ in range(args.repeat):
            for copy in (round_ % 2 == 0, round_ % 2 == 1):
                times[copy].append(place(wanted, cache, work / "out", copy))
        linked, copied = statistics.median(times[False]), statistics.median(times[True])
        size = sum(p.stat().st_size for p in cache.glob("*.png")) / 2**20
        print(f"{args.pages} cards ({size:.1f} MiB) in {work.parent}: linked {linked:.3f} s, copied {copied:.3f} s "
              f"(medians of {args.repeat}); linked/copied={linked / copied:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
