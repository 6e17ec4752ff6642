"""Shared fixtures: each lecture is executed once per session, as the site does, and shared.

A lecture test module declares which lecture it tests and what to ask its kernel:

    LECTURE = "02_ring_autoencoder"
    COLLECT = "{'distance': float(distance)}"  # evaluated after the last cell, JSON-serialisable

A module that uses the files several lectures save (tests/test_check.py) declares them as
`LECTURES = ("02_ring_autoencoder", ...)`, without a COLLECT.

The first test that asks for `run_lecture` (or for the built site) starts every lecture the
session needs at once, `WORKERS` kernels at a time, each with AEGAN_OUTPUT_DIR pointing at its
own folder so that the notebook run also writes the figures and models a script run writes.
The site build then reads the same executions from the session's cache: no lecture runs twice.

The site's executor (docs/hooks/executor.py) is imported only by the fixtures that execute
lectures, so that the quick tests of the package run without the docs toolchain installed.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import executor

ROOT = Path(__file__).resolve().parent.parent
LECTURES = ROOT / "lectures"
#: Kernels at once: one per core, two at most, as the site build runs them.
WORKERS = max(1, min(2, os.cpu_count() or 1))
#: Fixtures whose setup may execute every lecture; tests using them get SESSION_TIMEOUT.
SESSION_FIXTURES = {"run_lecture", "executed_lectures", "built_site"}
#: Seconds for a test that may pay for the session's lecture executions or the site build.
SESSION_TIMEOUT = 2400


def pytest_collection_modifyitems(config, items):
    """Give the tests that may set up the session's executions a longer default timeout."""
    for item in items:
        if SESSION_FIXTURES & set(item.fixturenames) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(SESSION_TIMEOUT))


def lecture_modules(items) -> dict[str, object]:
    """Return, by lecture name, the collected test modules that declare a LECTURE."""
    found = {}
    for item in items:
        module = getattr(item, "module", None)
        name = getattr(module, "LECTURE", None)
        if isinstance(name, str):
            found.setdefault(name, module)
    return found


def lectures_used(items) -> set[str]:
    """Return the names of the lectures that the collected test modules declare."""
    names = set(lecture_modules(items))
    for module in {getattr(item, "module", None) for item in items}:
        names.update(getattr(module, "LECTURES", ()))
    return names


#: Run the lecture tests at another seed: `AEGAN_LECTURE_SEED=3 pytest -m lecture`. Each lecture
#: is then executed from a copy whose `SEED = 0` line says `SEED = 3`, so that a test pinned to
#: one run's luck shows up (the site tests need the lectures as written: run them without it).
SEED_VARIABLE = "AEGAN_LECTURE_SEED"


def lecture_path(name: str, tmp_path_factory) -> Path:
    """Return the lecture to execute: `lectures/<name>.py`, or its copy at the seed asked for."""
    path = LECTURES / f"{name}.py"
    seed = os.environ.get(SEED_VARIABLE)
    if not seed:
        return path
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^SEED = 0\b", text, flags=re.MULTILINE)
    if line is None:
        raise pytest.UsageError(f"{SEED_VARIABLE}: {path.name} has no `SEED = 0` line")
    copy = tmp_path_factory.mktemp(f"seed-{int(seed)}") / path.name
    copy.write_text(text[: line.start()] + f"SEED = {int(seed)}" + text[line.end() :])
    return copy


@pytest.fixture(scope="session")
def lecture_cache(tmp_path_factory) -> Path:
    """Return the session's cache of executed lectures, shared with the site build test: a
    fresh folder, or the one AEGAN_LECTURE_CACHE names (`.cache/lectures` reuses `make docs`)."""
    named = os.environ.get("AEGAN_LECTURE_CACHE")
    return Path(named).resolve() if named else tmp_path_factory.mktemp("executed-lectures")


@pytest.fixture(scope="session")
def executed_lectures(request, lecture_cache, tmp_path_factory) -> dict:
    """Execute at once every lecture the session's tests need; return name -> outcome.

    The session needs the lectures named by its collected test modules, and all of them when
    one of its tests builds the site. An outcome is an ExecutedLecture or the
    LectureExecutionError the lecture raised.
    """
    items = request.session.items
    modules = lecture_modules(items)
    everything = sorted(path.stem for path in LECTURES.glob("*.py"))
    if any("built_site" in item.fixturenames for item in items):
        names = everything
    else:
        names = [name for name in everything if name in lectures_used(items)]
    import executor  # docs/hooks/executor.py, on sys.path through pytest's `pythonpath` option

    collect = {
        name: module.COLLECT for name, module in modules.items() if hasattr(module, "COLLECT")
    }
    return executor.execute_all(
        [lecture_path(name, tmp_path_factory) for name in names],
        cache_dir=lecture_cache,
        collect=collect,
        output_dirs={name: tmp_path_factory.mktemp(f"outputs-{name}") for name in names},
        workers=WORKERS,
    )


@pytest.fixture(scope="session")
def run_lecture(request, executed_lectures, lecture_cache, tmp_path_factory):
    """Return `run_lecture(name)`: the ExecutedLecture of `lectures/<name>.py` in this session.

    It has `.notebook` (with outputs), `.results` (the value of the module's COLLECT, {} without
    one) and `.output_dir` (the figures and models the notebook run wrote). A lecture the
    session did not plan for (a test outside the lecture modules asked for it) is executed on
    first use. A lecture that failed fails every test that asks for it, with the failing cell.
    """
    import executor

    modules = lecture_modules(request.session.items)

    def run(name: str) -> executor.ExecutedLecture:
        if name not in executed_lectures:
            executed_lectures.update(
                executor.execute_all(
                    [lecture_path(name, tmp_path_factory)],
                    cache_dir=lecture_cache,
                    collect={name: modules[name].COLLECT} if name in modules else None,
                    output_dirs={name: tmp_path_factory.mktemp(f"outputs-{name}")},
                )
            )
        outcome = executed_lectures[name]
        if isinstance(outcome, executor.LectureExecutionError):
            pytest.fail(str(outcome), pytrace=False)
        return outcome

    return run


@pytest.fixture(scope="session")
def built_site(
    executed_lectures, tmp_path_factory, lecture_cache
) -> tuple[subprocess.CompletedProcess, Path]:
    """Build the site once per session with `mkdocs build --strict`, as `make docs` does.

    The build reads the session's lecture cache, after `executed_lectures` has filled it, so
    no lecture is executed again. Returns (completed process, site folder).
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


def qualified_calls(path: Path) -> dict[str, list[ast.Call]]:
    """Return the calls `module.function(...)` in the script at `path`, by "module.function"."""
    found: dict[str, list[ast.Call]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
        ):
            found.setdefault(f"{node.func.value.id}.{node.func.attr}", []).append(node)
    return found


def load_benchmark(name: str):
    """Import `benchmarks/<name>.py` as a module, without running its main."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stream_text(executed: executor.ExecutedLecture) -> str:
    """Return everything the executed notebook printed, in order."""
    parts = []
    for cell in executed.notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stdout":
                parts.append(output.text)
    return "".join(parts)


@pytest.fixture(scope="session")
def readable_keras_file():
    """Return a check that skips the test if a .keras file is newer than the installed Keras.

    Keras reads files saved by its own and older versions, not newer ones: the lowest versions
    the package supports (tests/test_install.py) cannot read a file saved by today's Keras.
    """
    import json
    import zipfile

    import keras

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())

    def check(path) -> None:
        with zipfile.ZipFile(path) as archive:
            saved_by = json.loads(archive.read("metadata.json"))["keras_version"]
        if version(keras.__version__) < version(saved_by):
            pytest.skip(f"{path} was saved by Keras {saved_by}, newer than {keras.__version__}")

    return check
