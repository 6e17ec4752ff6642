"""Execute lectures as notebooks in a Jupyter kernel, cached on what their outputs depend on.

Site tooling, not part of the package: the site hooks and the tests import it; it never imports
`aegan` (the lectures do, in their kernels). README.md beside this file says what it does and why.
"""

import ast
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jupytext
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

#: Bump when the layout of a cache entry changes.
CACHE_FORMAT = "aegan-lectures-3"
ROOT = Path(__file__).resolve().parents[2]
#: The package whose files take part in the cache key.
PACKAGE_DIR = ROOT / "src" / "aegan"
#: The lock of the package's dependencies: its bytes stand for every version the kernel imports.
LOCK = ROOT / "requirements" / "runtime.txt"
#: Distributions whose versions each executed page reports.
REPORTED_VERSIONS = ("tensorflow", "keras", "numpy", "matplotlib")
#: The environment variable that makes a lecture write its figures and models (aegan.outputs).
OUTPUT_DIR_VARIABLE = "AEGAN_OUTPUT_DIR"


class LectureExecutionError(RuntimeError):
    """A lecture cell raised: the message names the lecture, the cell and the error."""


@dataclass
class ExecutedLecture:
    """A lecture's notebook with outputs, and how it came to be.

    `results` is the value of the `collect` expression, if one was given; `output_dir` is where
    the execution wrote its figures and models (None when served from the cache or run without
    one); `models_dir` is the cache's copy of the models it saved (None without a cache).
    """

    path: Path
    notebook: nbformat.NotebookNode
    from_cache: bool
    seconds: float
    results: dict = field(default_factory=dict)
    output_dir: Path | None = None
    models_dir: Path | None = None

    @property
    def metadata(self) -> dict:
        """Return the execution record kept in the notebook: key, date, duration, versions."""
        return self.notebook.metadata["aegan"]


def read(path: Path | str) -> nbformat.NotebookNode:
    """Read a lecture script as a notebook (no outputs), with numbered cell ids."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no lecture at {path}")
    notebook = jupytext.read(path)
    # jupytext draws random ids; numbered ones keep an unchanged lecture's notebook the same
    # bytes from one build to the next, so mkdocs-jupyter's render cache hits.
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index + 1}"
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def files_digest(path: Path) -> str:
    """Return a digest of the names and bytes of a file, or of every file under a folder."""
    hasher = hashlib.sha256()
    for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if file.is_file() and "__pycache__" not in file.parts:
            hasher.update(f"{file.relative_to(path).as_posix()}\0".encode())
            hasher.update(file.read_bytes() + b"\0")
    return hasher.hexdigest()


def cache_key(notebook: nbformat.NotebookNode, *, package_dir: Path | None = None) -> str:
    """Return the key of a lecture's outputs: its code cells, the package's files, the lock and
    the Python version (`package_dir` None means PACKAGE_DIR, looked up when called)."""
    hasher = hashlib.sha256(CACHE_FORMAT.encode())
    for cell in notebook.cells:
        if cell.cell_type == "code":
            hasher.update(b"\0code\0" + cell.source.encode())
    hasher.update(b"\0package\0" + files_digest(package_dir or PACKAGE_DIR).encode())
    hasher.update(b"\0lock\0" + files_digest(LOCK).encode())
    hasher.update(b"\0python\0" + platform.python_version().encode())
    return hasher.hexdigest()


def _with_outputs(notebook, executed) -> nbformat.NotebookNode:
    """Return a copy of `notebook` (fresh prose) with the outputs of `executed` (same code)."""
    merged = nbformat.from_dict(json.loads(json.dumps(notebook)))
    ran = [cell for cell in executed.cells if cell.cell_type == "code"]
    fresh = [cell for cell in merged.cells if cell.cell_type == "code"]
    for target, source in zip(fresh, ran, strict=True):
        target.outputs, target.execution_count = source.outputs, source.execution_count
    for key in ("aegan", "language_info"):
        if key in executed.metadata:
            merged.metadata[key] = executed.metadata[key]
    return merged


def _failure_message(path: Path, notebook, error: Exception) -> str:
    """Describe which cell of which lecture failed, its line in the script, and how."""
    for index, cell in enumerate(notebook.cells):
        errors = [output for output in cell.get("outputs", []) if output.output_type == "error"]
        # A cell that timed out never got an execution count.
        if cell.cell_type == "code" and (errors or cell.execution_count is None):
            what = f"{errors[0].ename}: {errors[0].evalue}" if errors else f"timed out ({error})"
            text = path.read_text(encoding="utf-8")
            offset = text.find(cell.source) if cell.source else -1
            where = f"line {text.count(chr(10), 0, offset) + 1} of {path}" if offset >= 0 else path
            return (
                f"Lecture {path.name} failed in cell {index + 1} ({where}): {what}\n"
                f"--- the failing cell ---\n{cell.source}"
            )
    return f"Lecture {path.name} failed: {error}"


def cached_models(cache_dir: Path | str, stem: str) -> Path | None:
    """Return the models saved by the cached execution of lecture `stem`, or None without one.

    A cache entry is a folder, `<cache_dir>/<stem>/`, written whole by one execution: its
    notebook (`lecture.ipynb`), the collected values (`collected.json`) and the `.keras` files
    it saved (`models/`). A newer execution replaces the folder, so its parts always agree.
    """
    models = Path(cache_dir) / stem / "models"
    return models if models.is_dir() else None


def _cached(path: Path, notebook, key: str, entry: Path, collect: str | None):
    """Return the cached execution of a lecture if it has this key and `collect`, else None."""
    try:
        cached = nbformat.read(entry / "lecture.ipynb", as_version=4)
        collected = json.loads((entry / "collected.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    models = cached_models(entry.parent, entry.name)
    if cached.metadata["aegan"]["key"] != key or models is None:
        return None
    if collect is not None and collect not in collected:
        return None
    results = collected[collect] if collect is not None else {}
    merged = _with_outputs(notebook, cached)
    return ExecutedLecture(path, merged, True, 0.0, results, models_dir=models)


def _store(entry: Path, notebook, collect: str | None, results, written: Path) -> Path:
    """Replace the cache entry with this execution (see cached_models); return its models."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=entry.parent))
    nbformat.write(notebook, staging / "lecture.ipynb")
    collected = {collect: results} if collect is not None else {}
    (staging / "collected.json").write_text(json.dumps(collected), encoding="utf-8")
    (staging / "models").mkdir()
    for model in sorted(written.glob("*.keras")):
        shutil.copy2(model, staging / "models" / model.name)
    shutil.rmtree(entry, ignore_errors=True)
    staging.rename(entry)
    return entry / "models"


def _collect(client: NotebookClient, expression: str):
    """Evaluate `expression` in the client's kernel (no cell added); return its JSON value."""
    wrapped = f"__import__('json').dumps({expression})"
    message = client.kc.execute("", silent=True, user_expressions={"value": wrapped})
    value = client.wait_for_reply(message)["content"]["user_expressions"]["value"]
    if value["status"] != "ok":
        raise LectureExecutionError(f"collect {expression!r}: {value['ename']}: {value['evalue']}")
    return json.loads(ast.literal_eval(value["data"]["text/plain"]))


def _version(name: str) -> str:
    """Return the installed version of a distribution, or "not installed"."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def execute(
    path: Path | str,
    *,
    cache_dir: Path | str | None = None,
    collect: str | None = None,
    output_dir: Path | str | None = None,
    timeout: int = 900,
) -> ExecutedLecture:
    """Run a lecture as a notebook in a Jupyter kernel, or reuse its cached outputs.

    Args:
        path: the lecture script (jupytext percent format).
        cache_dir: folder of cached executions; None executes without a cache.
        collect: a Python expression evaluated in the kernel after the last cell; its value,
            which must be JSON-serialisable, is returned as `results` and cached with the
            notebook, keyed on the expression.
        output_dir: a folder the lecture writes its figures and models into (the kernel gets
            it as AEGAN_OUTPUT_DIR); None writes nothing, or with a cache, into a temporary
            folder whose models the cache keeps. It does not take part in the key.
        timeout: seconds one cell may run.

    Raises:
        LectureExecutionError: if a cell raises or times out; the message names the lecture,
            the cell, its line in the script and the error.
    """
    path = Path(path).resolve()
    notebook = read(path)
    key = cache_key(notebook)
    entry = Path(cache_dir) / path.stem if cache_dir is not None else None
    if entry is not None and (cached := _cached(path, notebook, key, entry, collect)):
        return cached

    started = time.perf_counter()
    environment = dict(os.environ)
    # With a cache, the lecture always writes its files somewhere: its models are kept.
    written = tempfile.TemporaryDirectory(prefix="aegan-outputs-") if entry else None
    written_dir = Path(output_dir) if output_dir is not None else written and Path(written.name)
    if written_dir is not None:
        written_dir.mkdir(parents=True, exist_ok=True)
        environment[OUTPUT_DIR_VARIABLE] = str(written_dir)
    # The kernel talks over Unix sockets in a private folder: no TCP port, no warning about one.
    sockets = tempfile.TemporaryDirectory(prefix="aegan-kernel-")
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets.name}/kernel")
    client = NotebookClient(
        notebook,
        km=kernel,
        timeout=timeout,
        record_timing=False,  # no per-cell timings: a rerun gives the same bytes as the cache
        resources={"metadata": {"path": str(path.parent)}},
    )
    results: dict = {}
    try:
        with client.setup_kernel(env=environment):
            info = client.wait_for_reply(client.kc.kernel_info())
            notebook.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            if collect is not None:
                results = _collect(client, collect)
    except (CellExecutionError, CellTimeoutError) as error:
        raise LectureExecutionError(_failure_message(path, notebook, error)) from None
    finally:
        if kernel.has_kernel:  # a client given its kernel manager leaves shutdown to us
            kernel.shutdown_kernel(now=False)
        sockets.cleanup()
    seconds = time.perf_counter() - started
    notebook.metadata["aegan"] = {
        "key": key,
        "executed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "python": platform.python_version(),
        "versions": {name: _version(name) for name in REPORTED_VERSIONS},
    }
    models_dir = None
    if entry is not None:
        models_dir = _store(entry, notebook, collect, results, written_dir)
        written.cleanup()
    output_dir = Path(output_dir) if output_dir is not None else None
    return ExecutedLecture(path, notebook, False, seconds, results, output_dir, models_dir)


def _expected_seconds(path: Path, cache_dir: Path | None) -> float:
    """Return how long a lecture is expected to run: its last recorded time, else 1 s per kB."""
    try:
        notebook = json.loads((cache_dir / path.stem / "lecture.ipynb").read_text())
        return float(notebook["metadata"]["aegan"]["seconds"])
    except (TypeError, OSError, ValueError, KeyError):
        return path.stat().st_size / 1000


def execute_all(
    paths: Iterable[Path | str],
    *,
    cache_dir: Path | str | None = None,
    collect: Mapping[str, str] | None = None,
    output_dirs: Mapping[str, Path | str] | None = None,
    workers: int = 2,
    timeout: int = 900,
) -> dict[str, ExecutedLecture | LectureExecutionError]:
    """Execute several lectures, `workers` kernels at a time, the longest first.

    `collect` and `output_dirs` map a lecture's name (its file stem) to what `execute` takes.
    Returns name -> ExecutedLecture, or the LectureExecutionError it raised (so one failing
    lecture does not hide the others), in the order of `paths`.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    paths = [Path(path).resolve() for path in paths]
    cache_dir = Path(cache_dir) if cache_dir is not None else None
    collect, output_dirs = dict(collect or {}), dict(output_dirs or {})

    def run(path: Path) -> ExecutedLecture | LectureExecutionError:
        try:
            return execute(
                path,
                cache_dir=cache_dir,
                collect=collect.get(path.stem),
                output_dir=output_dirs.get(path.stem),
                timeout=timeout,
            )
        except LectureExecutionError as error:
            return error

    longest_first = sorted(paths, key=lambda path: -_expected_seconds(path, cache_dir))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lecture") as pool:
        futures = {path: pool.submit(run, path) for path in longest_first}
        return {path.stem: futures[path].result() for path in paths}
