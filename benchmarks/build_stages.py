"""Where the project's build spends the time bare Material does not: stage by stage.

Same content and configurations as build_scale.py, at one (S, T): (a) the project and
(b) bare Material building the exported Markdown. Each build runs in a fresh process
with stages of MkDocs, Python-Markdown, Material's search and every plugin event wrapped
in timers (wall clock, no profiler, so the figures are real seconds), (a) and (b)
alternating. Prints the median of each stage and what (a) adds to (b), then the garbage
collector's counts (collections by generation, objects tracked once every page is built).

    .venv/bin/python benchmarks/build_stages.py --sections 1000 --terms 300 --repeat 3

The timers wrap MkDocs's private `_build_page`: fine for a measurement, which is all
this is.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# (label, how to compute it from the raw timers). Page templates are what is left of
# building a page once the page_context and post_page events are taken out.
ROWS: list[tuple[str, Callable[[dict[str, float]], float]]] = [
    ("Whole process", lambda t: t["total"]),
    ("Imports and configuration (plugins' on_config included)", lambda t: t["config"]),
    ("  of which plugins' on_config", lambda t: t["event:config"]),
    ("on_files (the project renders its pages here)", lambda t: t["event:files"]),
    ("on_page_markdown", lambda t: t["event:page_markdown"]),
    ("Markdown conversion (Python-Markdown and its extensions)", lambda t: t["markdown"]),
    ("Material's search indexing the pages", lambda t: t["search"]),
    ("Other on_page_context handlers", lambda t: t["event:page_context"] - t["search"]),
    ("Page templates", lambda t: t["build_page"] - t["event:page_context"] - t["event:post_page"]),
    ("on_post_build", lambda t: t["event:post_build"]),
    ("Garbage collection (spread over the rows above)", lambda t: t["gc"]),
]
# The collector's side of the last row: how often each generation was collected, and
# how many objects it tracks once every page is built (what each full collection scans).
GC_ROWS: list[tuple[str, Callable[[dict[str, float]], float], str]] = [
    ("Collections of generation 0 (count)", lambda t: t["gc_count_0"], ".0f"),
    ("Collections of generation 1 (count)", lambda t: t["gc_count_1"], ".0f"),
    ("Full collections (count)", lambda t: t["gc_count_2"], ".0f"),
    ("Seconds in full collections", lambda t: t["gc_2"], ".2f"),
    ("Objects tracked after the last page (thousands)", lambda t: t["tracked"] / 1000, ".1f"),
]


def measure(config: Path, site: Path, out: Path) -> None:
    """Run one build in this process with timers, and write them to `out` as JSON."""
    started = time.perf_counter()
    timers: dict[str, float] = defaultdict(float)

    def wrap(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                timers[label] += time.perf_counter() - start
        setattr(owner, name, timed)

    collecting = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            took = time.perf_counter() - collecting[0]
            timers["gc"] += took
            timers[f"gc_{info['generation']}"] += took
            timers[f"gc_count_{info['generation']}"] += 1
    gc.callbacks.append(on_gc)

    import material.plugins.search.plugin as search
    import mkdocs.commands.build as build
    import mkdocs.plugins
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    wrap(build, "_build_page", "build_page")
    wrap(Page, "render", "markdown")
    wrap(search.SearchPlugin, "on_page_context", "search")
    run_event = mkdocs.plugins.PluginCollection.run_event

    def timed_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        if name == "post_build":  # counted outside the timers: a census takes a moment
            timers["tracked"] = len(gc.get_objects())
        start = time.perf_counter()
        try:
            return run_event(self, name, item, **kwargs)
        finally:
            timers[f"event:{name}"] += time.perf_counter() - start
    mkdocs.plugins.PluginCollection.run_event = timed_event  # type: ignore[method-assign]

    # Warnings stay quiet and do not stop the build, as with `mkdocs build -q`.
    loaded = load_config(str(config), site_dir=str(site), strict=False)
    loaded.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    timers["config"] = time.perf_counter() - started
    build.build(loaded)  # runs on_config first
    timers["config"] += timers["event:config"]
    timers["total"] = time.perf_counter() - started
    out.write_text(json.dumps(timers), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Stage-by-stage build times: project against bare Material.")
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="builds of each, median shown (default 3)")
    parser.add_argument("--measure", nargs=3, type=Path, metavar=("CONFIG", "SITE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return

    from build_scale import Cell, prepare

    work = Path(tempfile.mkdtemp(prefix="xp-build-stages-"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE": str(work / "card-cache")}
    runs: dict[str, list[dict[str, float]]] = {"a": [], "b": []}
    try:
        cell = Cell(args.sections, args.terms, work / "cell")
        print(f"preparing {cell.name}", file=sys.stderr, flush=True)
        prepare(cell, sys.executable, env)
        for round_ in range(args.repeat + 1):  # round 0 fills the card cache and is not counted
            for config in ("a", "b") if round_ % 2 else ("b", "a"):
                out = work / f"{config}.json"
                shutil.rmtree(work / "site", ignore_errors=True)  # as build_scale.py: no old site to replace
                subprocess.run([sys.executable, __file__, "--measure", str(cell.configs[config]), str(work / "site"),
                                str(out)], cwd=cell.dir, env=env, check=True)
                if round_:
                    runs[config].append(json.loads(out.read_text(encoding="utf-8")))
                    print(f"round {round_}/{args.repeat} ({config}): {runs[config][-1]['total']:.2f} s",
                          file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def row(config: str, compute: Callable[[dict[str, float]], float]) -> float:
        return statistics.median(compute(defaultdict(float, timers)) for timers in runs[config])

    print(f"S={args.sections}, T={args.terms}: medians of {args.repeat} builds of each, alternating (seconds).")
    print()
    print("| Stage | (a) project | (b) bare | (a) adds |")
    print("|---|---:|---:|---:|")
    for label, compute in ROWS:
        a, b = row("a", compute), row("b", compute)
        print(f"| {label} | {a:.2f} | {b:.2f} | {a - b:+.2f} |")
    print()
    print("| Garbage collector | (a) project | (b) bare | (a) adds |")
    print("|---|---:|---:|---:|")
    for label, compute, spec in GC_ROWS:
        a, b = row("a", compute), row("b", compute)
        print(f"| {label} | {a:{spec}} | {b:{spec}} | {a - b:+{spec}} |")


if __name__ == "__main__":
    main()
