"""How build time and memory grow with the number of sections S and glossary terms T.

For every (S, T) it generates synthetic content (benchmarks/synthetic.py), exports
the generated Markdown once (`python -m build_tools export`), and times three builds,
each `mkdocs build` in a fresh process:

  (a) the project: mkdocs.yml as it is (Material + search + the explainer plugin);
  (b) bare Material: the same mkdocs.yml without the explainer plugin and without the
      theme overrides, which need values the plugin provides (same theme settings and
      features, Markdown extensions, search plugin, CSS and JS files, same nav), building
      the exported Markdown, citations `[@id]` removed (terms are marked at render time,
      so the export holds no term markup);
  (c) Material's glossary recipe: (b) plus `abbr` and `pymdownx.snippets`
      auto_append of one `*[form]: definition` line per term form (name and aliases).

Runs alternate between cells and configurations (the order rotates each round) and
the table shows the median of --repeat runs (at least 3), the peak resident memory
of the build process (wait4 rusage of that process), and ratios to (b). The last line is

  overhead_ratio=<a/b at S=max,T=300> term_scaling=<a at T=max / a at T=min, S=max> recipe_ratio=<c/b at S=max,T=300>

The recipe costs about S*T*T (every page re-parses the whole abbreviation list, and
Python-Markdown's block parser rescans what is left of it for each line), so (c) runs
only where S*T <= --recipe-limit, plus at (S=max, T=300) for recipe_ratio.

    .venv/bin/python benchmarks/build_scale.py            # S 10,100,1000 x T 10,300,1000 (about 50 minutes)
    .venv/bin/python benchmarks/build_scale.py --quick    # S 10,100, (c) where S*T <= 3000 (a few minutes at most)
    .venv/bin/python benchmarks/build_scale.py --repeat 5 --recipe-repeat 3   # steadier medians for (a), (b)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import TERMS_PER_SECTION, generate, make_terms  # noqa: E402

from build_tools.publish import assets  # noqa: E402 (the package's theme files, for the bare build too)
from build_tools.syntax import dialect  # noqa: E402 (the one Markdown dialect, for the bare build too)

CITATION = re.compile(r" ?\[@[a-z0-9]+(?:-[a-z0-9]+)*\]")
# Pages the project generates besides the sections, in the plugin's nav order.
TAIL_PAGES = ("timeline.md", "comparison.md", "about.md", "glossary.md", "sources.md")
CONFIGS = ("a", "b", "c")
LABELS = {"a": "project", "b": "bare", "c": "recipe"}


# --- mkdocs.yml round trip, keeping tags such as !!python/name: or !ENV --------------------------

class _Tagged:
    def __init__(self, tag: str, node: yaml.Node, value: Any) -> None:
        self.tag, self.kind, self.value = tag, type(node), value


class _Loader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, node, value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: _Dumper, data: _Tagged) -> yaml.Node:
    if data.kind is yaml.ScalarNode:
        return dumper.represent_scalar(data.tag, data.value)
    if data.kind is yaml.SequenceNode:
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_mapping(data.tag, data.value)


_Dumper.add_representer(_Tagged, _represent_tagged)


def project_config() -> dict[str, Any]:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def write_config(path: Path, config: dict[str, Any]) -> Path:
    path.write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _extension_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


# --- one (S, T) cell ------------------------------------------------------------------------------

@dataclass
class Cell:
    sections: int
    terms: int
    dir: Path
    configs: dict[str, Path] = field(default_factory=dict)
    times: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in CONFIGS})
    memory: dict[str, list[int]] = field(default_factory=lambda: {c: [] for c in CONFIGS})  # KiB
    cpu: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in CONFIGS})  # user + system s
    cold: float | None = None  # (a)'s first build, social cards not yet in the cache

    @property
    def name(self) -> str:
        return f"S={self.sections},T={self.terms}"


def base_config(root: Path = ROOT) -> dict[str, Any]:
    """The project's mkdocs.yml, usable from another folder (theme overrides by absolute path)."""
    base = project_config()
    base.pop("site_dir", None)
    theme = dict(base.get("theme") or {})
    if "custom_dir" in theme:
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    base["theme"] = theme
    return base


def snapshot(work: Path) -> Path:
    """A copy of the project's code and theme overrides, so edits made to the tree
    while a long run goes on do not change what is measured. Builds import
    build_tools from it (PYTHONPATH comes before the editable install)."""
    target = work / "snapshot"
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "build_tools", target / "build_tools", ignore=ignore)  # its theme included
    return target


def tree_state() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "build_tools",
                                "mkdocs.yml"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return head + (" (with uncommitted changes to build_tools/mkdocs.yml)" if dirty else "")


def prepare(cell: Cell, python: str, env: dict[str, str], root: Path = ROOT, per_section: int = TERMS_PER_SECTION) -> None:
    """Content, the export, and the three configurations of one cell."""
    base = base_config(root)
    generate(cell.dir, cell.sections, cell.terms, per_section=per_section)
    # (a) the project as it is, reading the synthetic content/.
    cell.configs["a"] = write_config(cell.dir / "mkdocs.yml", base)

    export = cell.dir / "export"
    shutil.rmtree(export, ignore_errors=True)
    subprocess.run(
        [python, "-m", "build_tools", "--content", "content", "--config", "mkdocs.yml", "export", str(export)],
        cwd=cell.dir, env=env, check=True, capture_output=True, text=True,
    )
    docs = cell.dir / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir()
    for page in export.glob("*.md"):
        (docs / page.name).write_text(CITATION.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    sections = sorted(p.name for p in docs.glob("part-*.md"))
    rest = [p for p in TAIL_PAGES if (docs / p).exists()]
    extra = sorted(p.name for p in docs.glob("*.md") if p.name not in {"index.md", "404.md", *sections, *rest})
    nav = ["index.md", *sections, *rest, *extra]

    # Bare Material: the project's theme settings and features, but not the package's
    # templates (they read values the explainer plugin provides); its CSS and JS are
    # copied in as plain files and linked, as the plugin links them.
    theme = dict(base.get("theme") or {})
    shutil.copytree(assets.THEME / "assets", docs / "assets")
    bare = dict(base)
    bare["theme"] = theme
    bare["extra_css"] = [*base.get("extra_css", []), *assets.STYLESHEETS]
    bare["extra_javascript"] = [*base.get("extra_javascript", []), *assets.SCRIPTS]
    bare["docs_dir"] = "docs"
    bare["nav"] = nav
    bare["plugins"] = [p for p in base.get("plugins", []) if _plugin_name(p) != "explainer"]
    extensions = list(base.get("markdown_extensions") or [])
    extensions += dialect.missing(_extension_name(e) for e in extensions)
    bare["markdown_extensions"] = extensions
    cell.configs["b"] = write_config(cell.dir / "bare.yml", bare)

    includes = cell.dir / "includes"
    includes.mkdir(exist_ok=True)
    lines = []
    for term in make_terms(cell.terms):  # one line a term, as the recipe has it (aliases would add lines)
        lines.append(f"*[{term['term']}]: {term['definition']}")
    (includes / "abbreviations.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    recipe = dict(bare)
    recipe["markdown_extensions"] = [
        *extensions, "abbr",
        {"pymdownx.snippets": {"auto_append": ["abbreviations.md"], "base_path": [str(includes)]}},
    ]
    cell.configs["c"] = write_config(cell.dir / "recipe.yml", recipe)


def run_build(config: Path, out: Path, python: str, env: dict[str, str]) -> tuple[float, int, float]:
    """Seconds, peak RSS (KiB) and CPU seconds (user + system) of one `mkdocs build` in a fresh process."""
    shutil.rmtree(out, ignore_errors=True)
    command = [python, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"build failed: {' '.join(command)}\n{output.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


# --- report ---------------------------------------------------------------------------------------

def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def table(cells: list[Cell]) -> str:
    head = ("| S | T | (a) project s | (b) bare s | (c) recipe s | a/b | c/b "
            "| (a) MiB | (b) MiB | (c) MiB | mem a/b |")
    rows = [head, "|" + "---:|" * 11]
    for cell in cells:
        t = {c: median(cell.times[c]) for c in CONFIGS}
        m = {c: median(cell.memory[c]) for c in CONFIGS}
        mib = {c: (m[c] / 1024 if m[c] else None) for c in CONFIGS}
        rows.append(
            f"| {cell.sections} | {cell.terms} | {fmt(t['a'], '.2f')} | {fmt(t['b'], '.2f')} | {fmt(t['c'], '.2f')} "
            f"| {fmt(ratio(t['a'], t['b']), '.3f')} | {fmt(ratio(t['c'], t['b']), '.2f')} "
            f"| {fmt(mib['a'], '.0f')} | {fmt(mib['b'], '.0f')} | {fmt(mib['c'], '.0f')} "
            f"| {fmt(ratio(m['a'], m['b']), '.3f')} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description="Build time and memory at scale: project vs bare Material vs the abbr recipe.")
    parser.add_argument("--quick", action="store_true", help="S in 10,100: about a minute")
    parser.add_argument("--sections", type=int, nargs="+", help="S values (default 10 100 1000; quick: 10 100)")
    parser.add_argument("--terms", type=int, nargs="+", help="T values (default 10 300 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per build, median shown (default 3, at least 3)")
    parser.add_argument("--recipe-repeat", type=int,
                        help="runs of (c), at most --repeat (default: --repeat, at least 3). (c) takes minutes a "
                             "run at S=1000, so more runs of (a) and (b) need not cost as many of it")
    parser.add_argument("--recipe-limit", type=int,
                        help="run (c) only where S*T is at most this, and at (S=max, T=300) unless --quick "
                             "(default 30000; quick: 3000). The recipe's cost grows with S*T*T: at S=100, "
                             "T=1000 one run takes minutes. 0: run (c) everywhere")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary folder, removed after)")
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    parser.add_argument("--terms-per-section", type=int, default=TERMS_PER_SECTION,
                        help=f"distinct terms each synthetic section uses (default {TERMS_PER_SECTION}, as the real "
                             "sections; with T below it, pages at small T carry fewer term links)")
    parser.add_argument("--no-recipe", action="store_true", help="do not run (c)")
    parser.add_argument("--bare-at-key", action="store_true",
                        help="run (b) only in the one cell overhead_ratio reads (S=max, T=300): about a third "
                             "less time a round when every T is at S=max")
    parser.add_argument("--live", action="store_true",
                        help="build with the working tree as it changes, not a snapshot taken at the start")
    args = parser.parse_args()
    if args.repeat < 3:
        parser.error("--repeat must be at least 3 (medians of 3 or more)")
    recipe_repeat = min(args.recipe_repeat or args.repeat, args.repeat)
    if recipe_repeat < 3:
        parser.error("--recipe-repeat must be at least 3 (medians of 3 or more)")
    sections = args.sections or ([10, 100] if args.quick else [10, 100, 1000])
    terms = args.terms or [10, 300, 1000]
    s_max, t_min, t_max = max(sections), min(terms), max(terms)
    t_key = 300 if 300 in terms else sorted(terms)[len(terms) // 2]
    limit = args.recipe_limit if args.recipe_limit is not None else (3000 if args.quick else 30000)
    recipe_key = None if args.quick else (s_max, t_key)
    if args.no_recipe:
        limit, recipe_key = -1, None
    bare_cell = (s_max, t_key) if args.bare_at_key else None

    python = sys.executable
    # In memory when the machine has /dev/shm: disk write-back of the 300 MB sites would
    # otherwise add seconds of noise to whichever build it lands on.
    shm = Path("/dev/shm")
    temp_parent = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    work = args.work or Path(tempfile.mkdtemp(prefix="xp-build-scale-", dir=temp_parent))
    work.mkdir(parents=True, exist_ok=True)
    state = tree_state()
    root = ROOT if args.live else snapshot(work)
    # The project's social-card cache (build_tools/cards.py), empty at the start of a run.
    shutil.rmtree(work / "card-cache", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "EXPLAINER_CACHE": str(work / "card-cache")}
    if not args.live:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    env.pop("EXPLAINER_DEBUG", None)
    started = time.perf_counter()
    cells = [Cell(s, t, work / f"s{s}-t{t}") for s in sections for t in terms]
    try:
        for cell in cells:
            print(f"preparing {cell.name}", file=sys.stderr, flush=True)
            prepare(cell, python, env, root, args.terms_per_section)
            # One untimed build of each, to catch errors early and fill the card cache
            # (at S=max only (a): the others have no cache and cost minutes). Not with
            # --quick: there the median of three drops (a)'s first, cold, build.
            for config in CONFIGS:
                if args.quick:
                    break
                if (config == "a" or cell.sections < s_max) and wanted(cell, config, limit, recipe_key, bare_cell):
                    seconds, _, _ = run_build(cell.configs[config], work / "out" / config, python, env)
                    if config == "a":
                        cell.cold = seconds
        for round_ in range(args.repeat):
            order = CONFIGS[round_ % 3:] + CONFIGS[: round_ % 3]
            for cell in cells:
                for config in order:
                    if not wanted(cell, config, limit, recipe_key, bare_cell) or (config == "c" and round_ >= recipe_repeat):
                        continue
                    seconds, peak, cpu = run_build(cell.configs[config], work / "out" / config, python, env)
                    cell.times[config].append(seconds)
                    cell.cpu[config].append(cpu)
                    cell.memory[config].append(peak)
                    print(f"round {round_ + 1}/{args.repeat} {cell.name} ({config}) {LABELS[config]}: "
                          f"{seconds:.2f} s, {peak / 1024:.0f} MiB", file=sys.stderr, flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    if args.json:
        args.json.write_text(json.dumps([
            {"sections": c.sections, "terms": c.terms, "seconds": c.times, "cpu_seconds": c.cpu, "peak_kib": c.memory, "cold_a": c.cold}
            for c in cells
        ], indent=1), encoding="utf-8")
    by = {(c.sections, c.terms): c for c in cells}
    key = by[(s_max, t_key)]
    overhead = ratio(median(key.times["a"]), median(key.times["b"]))
    scaling = ratio(median(by[(s_max, t_max)].times["a"]), median(by[(s_max, t_min)].times["a"]))
    # (c) at the key cell, or (quick) at the largest S where it ran with T=t_key.
    recipe_cell = next((c for c in sorted(cells, key=lambda c: -c.sections)
                        if c.terms == t_key and c.times["c"]), key)
    recipe = ratio(median(recipe_cell.times["c"]), median(recipe_cell.times["b"]))
    runs = f"{args.repeat} runs" + (f" ({recipe_repeat} of (c))" if recipe_repeat < args.repeat else "")
    print(f"Medians of {runs}, alternating; peak RSS of the build process; "
          f"{time.perf_counter() - started:.0f} s in all.")
    print(f"(a) project mkdocs build, (b) bare Material on the exported Markdown, (c) abbr + snippets recipe. "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs. Code: {state}"
          f"{'' if args.live else ', snapshot at start'}; work folder {'in /dev/shm' if str(work).startswith('/dev/shm') else work}.")
    print()
    print(table(cells))
    print()
    if any(c.cold is not None for c in cells):
        print("(a) timed with its social cards cached by an untimed first build; that first build, cards drawn: "
              + ", ".join(f"{c.name} {c.cold:.1f} s" for c in cells if c.cold is not None) + ".")
    else:
        print("(a)'s first build in each cell draws the social cards; the median of the runs leaves it out.")
    where_c = f"S*T <= {limit}" + (f" and at {key.name}" if recipe_key else "") if limit else "every cell"
    where_c = "no cell (--no-recipe)" if args.no_recipe else where_c
    print(f"overhead_ratio at {key.name}; term_scaling: (a) at S={s_max},T={t_max} over (a) at S={s_max},T={t_min}; "
          f"recipe_ratio at {recipe_cell.name}. (c) runs where {where_c}; '-' where not run.")
    # The same ratios on CPU time (user + system of the build process): steadier than wall
    # time on a shared machine, since time spent waiting for the CPU is left out.
    cpu = {name: ratio(median(x.cpu[cx]), median(y.cpu[cy])) for name, x, cx, y, cy in (
        ("overhead", key, "a", key, "b"), ("term_scaling", by[(s_max, t_max)], "a", by[(s_max, t_min)], "a"),
        ("recipe", recipe_cell, "c", recipe_cell, "b"))}
    print(f"On CPU time: overhead {fmt(cpu['overhead'], '.3f')}, term scaling {fmt(cpu['term_scaling'], '.3f')}, "
          f"recipe {fmt(cpu['recipe'], '.2f')}.")
    # Round by round (the two builds of a pair ran one after the other): noise that hits a
    # whole stretch of a run cancels out in each pair, so the median of these is steadier.
    paired = {
        "overhead": per_round(key.times["a"], key.times["b"]),
        "term scaling": per_round(by[(s_max, t_max)].times["a"], by[(s_max, t_min)].times["a"]),
    }
    print("Median of the per-round ratios: " + ", ".join(
        f"{name} {fmt(median(values), '.3f')} (rounds {', '.join(f'{v:.3f}' for v in values)})"
        for name, values in paired.items()) + ".")
    print(f"overhead_ratio={fmt(overhead, '.3f')} term_scaling={fmt(scaling, '.3f')} recipe_ratio={fmt(recipe, '.2f')}")


def per_round(a: list[float], b: list[float]) -> list[float]:
    return [x / y for x, y in zip(a, b) if y]


def wanted(cell: Cell, config: str, limit: int, key: tuple[int, int] | None,
           bare_cell: tuple[int, int] | None = None) -> bool:
    """Whether `config` runs in `cell`: (c) where the recipe limit allows, (b) everywhere
    or only in `bare_cell` (--bare-at-key), (a) everywhere."""
    if config == "b":
        return bare_cell is None or (cell.sections, cell.terms) == bare_cell
    if config != "c" or limit == 0:
        return True
    return cell.sections * cell.terms <= limit or (cell.sections, cell.terms) == key


if __name__ == "__main__":
    main()
