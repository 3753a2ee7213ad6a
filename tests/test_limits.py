"""Big content builds in bounded time and memory, or stops at once with a clear message.

Each build runs `mkdocs build --strict` in a child process; its wall time, CPU time
and peak memory (max RSS, from wait4) are measured and bounded.

Figures measured on the development machine (2 cores, load average 6 to 8 from
other work running at the same time), whole `mkdocs build --strict` including
Python start-up:

- a 5 MB section (one Markdown file of 5,000,000 bytes: 453 headings, 10,807
  paragraphs, 24,751 citations, terms marked once per page): 3.6-3.9 s CPU,
  5-10 s wall under that load, peak memory 190-193 MB; its page is 9.0 MB of HTML.
- a 5,000-term glossary (750 kB of YAML, 711 of the terms used in a section):
  3.2-4.0 s CPU, 4.6-9.3 s wall, peak memory 116-119 MB; the glossary page is
  4.2 MB of HTML. Loading that YAML took 3.3 s before the loader used libyaml,
  1.0 s after.
- a content file over 20 MB (`yamlsrc.MAX_FILE_BYTES`) stops before it is read,
  with one line naming the file and its size.

The bounds asserted below are loose on purpose (CI machines vary): 90 s and
768 MB per build. The whole module runs in about 15-30 s.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from build_tools.errors import ContentError
from build_tools.content.loader import Loader
from build_tools.content.yamlsrc import MAX_FILE_BYTES
from tests.conftest import copy_project

TIME_LIMIT_S = 90
MEMORY_LIMIT_MB = 768


@dataclass
class Run:
    returncode: int
    output: str
    wall_s: float
    cpu_s: float
    max_rss_mb: float


def measured_build(project: Path, site: Path) -> Run:
    """`mkdocs build --strict` as a child process, with its own time and peak memory."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                                 "-d", str(site)], stdout=out, stderr=subprocess.STDOUT, env=env, text=True)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
        wall = time.perf_counter() - start
        out.seek(0)
        output = out.read()
    return Run(os.waitstatus_to_exitcode(status), output, wall, usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss / 1024)


def report(name: str, run: Run) -> None:
    print(f"{name}: exit {run.returncode}, {run.wall_s:.1f} s wall, {run.cpu_s:.1f} s CPU, {run.max_rss_mb:.0f} MB peak")


def assert_bounded(run: Run) -> None:
    assert run.wall_s < TIME_LIMIT_S, f"took {run.wall_s:.1f} s"
    assert run.max_rss_mb < MEMORY_LIMIT_MB, f"peaked at {run.max_rss_mb:.0f} MB"
    assert "Traceback" not in run.output


def split_section(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    end = text.index("---\n", 4) + 4
    return text[:end], text[end:]


def test_a_5_mb_section_builds_in_bounded_time_and_memory(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    sections = sorted((project / "content" / "sections").glob("*.md"))
    section = sections[1]
    head, body = split_section(section)
    # The real prose of every section, repeated under numbered headings, to 5,000,000 bytes.
    prose = [p for s in sections for p in split_section(s)[1].split("\n\n")
             if p.strip() and not p.lstrip().startswith(("#", "[["))]
    parts = [head, body]
    size = len((head + body).encode())
    number = 0
    while size < 5_000_000:
        number += 1
        chunk = f"\n\n## Part {number}\n\n" + "\n\n".join(prose)
        parts.append(chunk)
        size += len(chunk.encode())
    text = "".join(parts)
    text = text[: len(text) - (size - 5_000_000)]  # exactly 5,000,000 bytes (ASCII tail)
    text = re.sub(r"(?m)^sources: .*\n", "", text, count=1)  # it now cites every section's sources: made from them
    section.write_text(text.rstrip() + "\n", encoding="utf-8")
    assert 4_999_000 < section.stat().st_size <= 5_000_001

    run = measured_build(project, tmp_path / "site")
    report("5 MB section", run)
    assert run.returncode == 0, run.output[-3000:]
    assert_bounded(run)
    slug = re.search(r"^slug: (\S+)", head, re.M).group(1)
    page = (tmp_path / "site" / slug / "index.html").read_text(encoding="utf-8")
    assert len(page) > 5_000_000
    assert f'id="part-{number}"' in page
    assert page.count('class="xp-term"') >= 5  # terms still marked, once each
    assert len(re.findall(r'aria-describedby="([^"]+)" class="xp-term"', page)) == len(
        set(re.findall(r'aria-describedby="([^"]+)" class="xp-term"', page)))


def _synthetic_name(number: int) -> str:
    """Distinct lowercase words ('zqaaaa', 'zqbaaa', ...) that match nothing in the prose."""
    letters = ""
    for _ in range(4):
        letters += "abcdefghijklmnopqrstuvwxyz"[number % 26]
        number //= 26
    return "zq" + letters


def test_a_5000_term_glossary_builds_in_bounded_time_and_memory(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    glossary = project / "content" / "glossary.yml"
    existing = len(yaml.safe_load(glossary.read_text(encoding="utf-8"))["terms"])
    names = [_synthetic_name(n) for n in range(5000 - existing)]
    glossary.write_text(glossary.read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join(
        f'  - id: {name}\n    term: "{name}"\n    aliases: ["{name}s"]\n'
        f'    definition: "A synthetic term, number {n}, to measure a build with a large glossary."\n'
        for n, name in enumerate(names)), encoding="utf-8")
    section = sorted((project / "content" / "sections").glob("*.md"))[1]
    used = names[::7]
    section.write_text(section.read_text(encoding="utf-8").rstrip("\n") + "\n\n## Many terms\n\n"
                       + " ".join(f"{name}." for name in used) + "\n", encoding="utf-8")

    run = measured_build(project, tmp_path / "site")
    report("5,000-term glossary", run)
    assert run.returncode == 0, run.output[-3000:]
    assert_bounded(run)
    page = (tmp_path / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<h2 id="[^"]+"', page)) >= 5000
    slug = re.search(r"^slug: (\S+)", section.read_text(encoding="utf-8"), re.M).group(1)
    marked = set(re.findall(r'aria-describedby="xp-tip-term-(zq[a-z]+)" class="xp-term"',
                            (tmp_path / "site" / slug / "index.html").read_text(encoding="utf-8")))
    assert marked == set(used)


def test_a_content_file_over_the_size_limit_stops_at_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    section = sorted((project / "content" / "sections").glob("*.md"))[0]
    head, _ = split_section(section)
    with section.open("w", encoding="utf-8") as file:
        file.write(head)
        file.truncate(MAX_FILE_BYTES + 1024 * 1024)  # sparse: no time spent writing 21 MB
    start = time.perf_counter()
    with pytest.raises(ContentError) as caught:
        Loader(project / "content", project).load()
    assert time.perf_counter() - start < 5
    assert caught.value.message == (
        f"content/sections/{section.name}: is 21.0 MB, over the limit of 20 MB for one content file. "
        "Split it into several files, or remove what was pasted by mistake.")
