"""`mkdocs serve`: how long after editing one section the rebuilt page is served, and
that one edit causes exactly one rebuild (no loop).

It generates synthetic content (benchmarks/synthetic.py), starts `mkdocs serve` on a free
local port, waits for the first build, then edits one section --edits times (appending a
sentence with a marker word), and for each edit measures:

- seconds from the edit until the page served over HTTP shows the marker;
- MkDocs's own "Documentation built in X seconds" for that rebuild;
- the number of rebuilds the edit set off, counted until --settle seconds of quiet.

    .venv/bin/python benchmarks/serve_rebuild.py --sections 100 --terms 300
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_scale import base_config, write_config  # noqa: E402
from synthetic import generate  # noqa: E402

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Log:
    """Lines of the server's output, with the time each arrived."""

    def __init__(self, stream) -> None:  # noqa: ANN001
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:  # noqa: ANN001
        for raw in stream:
            with self.lock:
                self.lines.append((time.perf_counter(), raw.decode(errors="replace").rstrip()))

    def since(self, t: float) -> list[tuple[float, str]]:
        with self.lock:
            return [(at, line) for at, line in self.lines if at >= t]

    def wait_for(self, pattern: str, after: float, timeout: float) -> tuple[float, str]:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for at, line in self.since(after):
                if pattern in line:
                    return at, line
            time.sleep(0.02)
        raise TimeoutError(f"no '{pattern}' within {timeout} s; last lines:\n" + "\n".join(l for _, l in self.lines[-15:]))


def fetch(url: str) -> str:
    """The page, or '' while the server is busy rebuilding and does not answer in time."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local server)
            return response.read().decode("utf-8", errors="replace")
    except (TimeoutError, OSError):
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description="mkdocs serve: time to rebuild after editing one section.")
    parser.add_argument("--sections", type=int, default=100)
    parser.add_argument("--terms", type=int, default=300)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--settle", type=float, default=8.0, help="seconds of quiet that end an edit's count")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary folder, removed after)")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="xp-serve-"))
    work.mkdir(parents=True, exist_ok=True)
    generate(work, args.sections, args.terms)
    write_config(work / "mkdocs.yml", base_config())

    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(work / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    log = Log(server.stdout)
    results: list[tuple[float, float, int]] = []
    try:
        started = time.perf_counter()
        at, line = log.wait_for("Documentation built in", started, timeout=1800)
        first = float(BUILT.search(line).group(1))
        _, serving = log.wait_for("Serving on", started, timeout=60)
        base = re.search(r"Serving on (\S+)", serving).group(1).rstrip("/") + "/"
        print(f"first build: {first:.2f} s (MkDocs), {at - started:.2f} s from start", file=sys.stderr)
        section = sorted((work / "content" / "sections").glob("*.md"))[len(list((work / "content" / "sections").glob("*.md"))) // 2]
        slug = re.search(r"^slug: (\S+)$", section.read_text(encoding="utf-8"), re.M).group(1)
        url = f"{base}{slug}/"
        time.sleep(args.settle)  # let the watcher settle after the first build
        for edit in range(1, args.edits + 1):
            marker = f"zqxedit{edit}x{int(time.time())}"
            edited_at = time.perf_counter()
            with section.open("a", encoding="utf-8") as out:
                out.write(f"\nA sentence added while serving, marked {marker}.\n")
            # Served page shows the edit.
            deadline = edited_at + 1800
            while marker not in fetch(url):
                if time.perf_counter() > deadline:
                    raise TimeoutError("the edit never reached the served page")
                time.sleep(0.05)
            visible = time.perf_counter() - edited_at
            _, line = log.wait_for("Documentation built in", edited_at, timeout=60)
            built = float(BUILT.search(line).group(1))
            # Count rebuilds until the log has been quiet for --settle seconds.
            while True:
                lines = log.since(edited_at)
                last = lines[-1][0] if lines else edited_at
                if time.perf_counter() - last >= args.settle:
                    break
                time.sleep(0.2)
            rebuilds = sum(1 for _, l in log.since(edited_at) if "Building documentation" in l)
            results.append((visible, built, rebuilds))
            print(f"edit {edit}: served after {visible:.2f} s, MkDocs rebuild {built:.2f} s, rebuilds {rebuilds}",
                  file=sys.stderr)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    visible = statistics.median(r[0] for r in results)
    built = statistics.median(r[1] for r in results)
    counts = [r[2] for r in results]
    print(f"S={args.sections} T={args.terms}: first build {first:.2f} s; after editing one section, "
          f"median of {len(results)} edits: page served after {visible:.2f} s, MkDocs rebuild {built:.2f} s; "
          f"rebuilds per edit: {counts}")
    if any(c != 1 for c in counts):
        sys.exit("an edit did not cause exactly one rebuild")


if __name__ == "__main__":
    main()
