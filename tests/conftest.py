"""Shared fixtures: each lecture is executed once per session, exactly as the site does."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aegan import lectures

ROOT = Path(__file__).resolve().parent.parent
LECTURES = ROOT / "lectures"


@pytest.fixture(scope="session")
def lecture_cache(tmp_path_factory) -> Path:
    """Return the session's cache of executed lectures, shared with the site build test."""
    return tmp_path_factory.mktemp("executed-lectures")


@pytest.fixture(scope="session")
def run_lecture(lecture_cache):
    """Return a function that executes a lecture once per session and collects its results.

    `run_lecture(name, collect)` runs `lectures/<name>.py` as a notebook in a Jupyter kernel
    (the site's path), stores it in the session cache and returns the ExecutedLecture with
    `results` holding the value of the `collect` expression. The first call for a lecture
    decides the collect expression; later calls get the same object.
    """
    executed: dict[str, lectures.ExecutedLecture] = {}

    def run(name: str, collect: str) -> lectures.ExecutedLecture:
        if name not in executed:
            executed[name] = lectures.execute(
                LECTURES / f"{name}.py", cache_dir=lecture_cache, collect=collect
            )
        return executed[name]

    return run


@pytest.fixture(scope="session")
def run_script(tmp_path_factory):
    """Return a function that runs a lecture as a script once per session.

    `run_script(name)` runs `python lectures/<name>.py` with no display and AEGAN_OUTPUT_DIR
    set to a fresh folder, and returns (completed process, output folder).
    """
    done: dict[str, tuple[subprocess.CompletedProcess, Path]] = {}

    def run(name: str) -> tuple[subprocess.CompletedProcess, Path]:
        if name not in done:
            output_dir = tmp_path_factory.mktemp(f"script-{name}")
            env = {**os.environ, "AEGAN_OUTPUT_DIR": str(output_dir), "MPLBACKEND": "Agg"}
            env.pop("DISPLAY", None)
            process = subprocess.run(
                [sys.executable, str(LECTURES / f"{name}.py")],
                capture_output=True,
                text=True,
                env=env,
                cwd=tmp_path_factory.mktemp(f"cwd-{name}"),
                timeout=900,
            )
            done[name] = (process, output_dir)
        return done[name]

    return run


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, lecture_cache) -> tuple[subprocess.CompletedProcess, Path]:
    """Build the site once per session with `mkdocs build --strict`, as `make docs` does.

    The build shares the session's lecture cache, so lectures that the lecture tests executed
    are not executed again. Returns (completed process, site folder).
    """
    site_dir = tmp_path_factory.mktemp("site")
    env = {**os.environ, "AEGAN_LECTURE_CACHE": str(lecture_cache), "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=1800,
    )
    return process, site_dir


def load_benchmark(name: str):
    """Import `benchmarks/<name>.py` as a module, without running its main."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stream_text(executed: lectures.ExecutedLecture) -> str:
    """Return everything the executed notebook printed, in order."""
    parts = []
    for cell in executed.notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stdout":
                parts.append(output.text)
    return "".join(parts)
