"""Shared fixtures: the project root, a writable copy of the project, a built site.

`scripts/test` runs the suite in parallel (pytest-xdist, whole files to each worker).
Each worker is a pytest session of its own, so what should exist once per run (the built
site, the installed wheel, the example site) is made by `once_per_run`: the first worker
to need it makes it under a lock, the others wait for it and share it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def copy_project(target: Path) -> Path:
    """content/ and mkdocs.yml copied to `target` (the theme comes with the package)."""
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=env, check=False,
    )


# The files that take longest, started first when the suite runs in parallel: a long
# file that starts last keeps one worker busy after the others have finished.
LONGEST_FIRST = ("test_axe.py", "test_fuzz.py", "test_privacy.py", "test_injection.py", "test_print.py",
                 "test_popup.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name`, filled by `make(folder)` once per test run, whatever the workers."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def build(folder: Path) -> None:
        result = mkdocs_build(ROOT, folder / "site")
        assert result.returncode == 0, result.stdout + result.stderr

    return once_per_run(tmp_path_factory, "built", build) / "site"


@pytest.fixture(scope="session")
def installed_package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The generator as `pip install` gives it to a new user: a wheel installed into a folder of
    its own, first on PYTHONPATH (so nothing is read from this checkout). Returns the environment."""
    def install(folder: Path) -> None:
        wheels, target = folder / "wheel", folder / "installed"
        wheels.mkdir()
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
        subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
                       check=True, capture_output=True, cwd=wheels)
        [wheel] = wheels.glob("*.whl")
        subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True, capture_output=True)

    target = once_per_run(tmp_path_factory, "package", install) / "installed"
    return {**os.environ, "PYTHONPATH": str(target), "NO_MKDOCS_2_WARNING": "1"}


def run_installed(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in `cwd` with the installed package (not this checkout) importable."""
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def example_site(installed_package: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example explainer (examples/ferry-pact, invented), built with the installed package."""
    def build(folder: Path) -> None:
        project = folder / "ferry-pact"
        shutil.copytree(ROOT / "examples" / "ferry-pact", project)
        built = run_installed(installed_package, project, "-m", "mkdocs", "build", "--strict")
        assert built.returncode == 0, built.stdout + built.stderr

    return once_per_run(tmp_path_factory, "example", build) / "ferry-pact" / "site"
