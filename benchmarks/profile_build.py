"""Profile the project's `mkdocs build` on synthetic content with cProfile.

    .venv/bin/python benchmarks/profile_build.py --sections 1000 --terms 300

Generates the content (benchmarks/synthetic.py), builds once untimed to fill the social
card cache (--cold skips this), then builds under cProfile and prints where the time
went: the whole build by cumulative time, then the project's own code (build_tools).
The raw profile is kept with --out for `python -m pstats` or snakeviz.
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_scale import base_config, write_config  # noqa: E402
from synthetic import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="cProfile of the project's build on synthetic content.")
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=300)
    parser.add_argument("--cold", action="store_true", help="profile with an empty social-card cache")
    parser.add_argument("--out", type=Path, help="keep the raw profile here")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="xp-profile-"))
    try:
        generate(work, args.sections, args.terms)
        config = write_config(work / "mkdocs.yml", base_config())
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE": str(work / "card-cache")}
        build = ["-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(work / "site")]
        if not args.cold:
            subprocess.run([sys.executable, *build], env=env, check=True)
        out = args.out or work / "build.prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), *build], env=env, check=True)
        stats = pstats.Stats(str(out))
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(r"build_tools", args.top)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
