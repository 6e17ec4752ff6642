"""Execute lectures as notebooks in a Jupyter kernel, cached on what their outputs depend on.

Site tooling, not part of the package: it never imports `aegan` (the lectures do, in their
kernels). README.md beside this file says what it does and why.
"""

import ast
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import tempfile
import time
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
PACKAGE_DIR = ROOT / "src" / "aegan"
#: The lock of the package's dependencies: its bytes stand for every version the kernel imports.
LOCK = ROOT / "requirements" / "runtime.txt"
#: Distributions whose versions each executed page reports, in the order it shows them.
REPORTED_VERSIONS = ("tensorflow", "keras", "numpy", "matplotlib")
#: Seconds one cell may run.
CELL_TIMEOUT = 900


class LectureExecutionError(RuntimeError):
    """A lecture cell raised: the message names the lecture, the cell and the error."""


@dataclass
class ExecutedLecture:
    """A lecture's notebook with outputs; `results` is the value of its `collect` expression,
    `output_dir` where this execution wrote its files, `models_dir` the cache's saved models."""

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
    for index, cell in enumerate(notebook.cells):  # not random: same lecture, same bytes
        cell.id = f"cell-{index + 1}"
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


def files_digest(path: Path) -> str:
    """Return a digest of the names and bytes of a file, or of every file under a folder."""
    hasher = hashlib.sha256()
    for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if file.is_file() and "__pycache__" not in file.parts:
            hasher.update(f"{file.relative_to(path).as_posix()}\0".encode())
            hasher.update(file.read_bytes() + b"\0")
    return hasher.hexdigest()


def cache_key(notebook: nbformat.NotebookNode) -> str:
    """Return the key of a lecture's outputs: its code cells, the package's files, the lock and
    the Python version."""
    hasher = hashlib.sha256(CACHE_FORMAT.encode())
    for cell in notebook.cells:
        if cell.cell_type == "code":
            hasher.update(b"\0code\0" + cell.source.encode())
    for part in (files_digest(PACKAGE_DIR), files_digest(LOCK), platform.python_version()):
        hasher.update(b"\0" + part.encode())
    return hasher.hexdigest()


def cached_models(cache_dir: Path | str, stem: str) -> Path | None:
    """Return the models saved by the cached execution of lecture `stem`, or None."""
    models = Path(cache_dir) / stem / "models"
    return models if models.is_dir() else None


def _failure_message(path: Path, notebook, error: Exception) -> str:
    """Describe which cell of which lecture failed, its line in the script, and how."""
    for index, cell in enumerate(notebook.cells):
        errors = [output for output in cell.get("outputs", []) if output.output_type == "error"]
        if cell.cell_type == "code" and (errors or cell.execution_count is None):  # or timed out
            what = f"{errors[0].ename}: {errors[0].evalue}" if errors else f"timed out ({error})"
            text = path.read_text(encoding="utf-8")
            offset = text.find(cell.source)
            where = f"line {text.count(chr(10), 0, offset) + 1} of {path}" if offset >= 0 else path
            return (
                f"Lecture {path.name} failed in cell {index + 1} ({where}): {what}\n"
                f"--- the failing cell ---\n{cell.source}"
            )
    return f"Lecture {path.name} failed: {error}"


def _cached(path: Path, notebook, entry: Path, collect: str | None) -> ExecutedLecture | None:
    """Return the cached execution if it has this notebook's key, its models and `collect`:
    the outputs merged into the fresh notebook (a prose edit keeps them)."""
    try:
        cached = nbformat.read(entry / "lecture.ipynb", as_version=4)
        collected = json.loads((entry / "collected.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    models = cached_models(entry.parent, entry.name)
    if cached.metadata["aegan"]["key"] != cache_key(notebook) or models is None:
        return None
    if collect is not None and collect not in collected:
        return None
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    ran = [cell for cell in cached.cells if cell.cell_type == "code"]
    for target, source in zip(code, ran, strict=True):
        target.outputs, target.execution_count = source.outputs, source.execution_count
    notebook.metadata.update({key: cached.metadata[key] for key in ("aegan", "language_info")})
    results = collected[collect] if collect is not None else {}
    return ExecutedLecture(path, notebook, True, 0.0, results, models_dir=models)


def _store(entry: Path, executed: ExecutedLecture, collect: str | None, written: Path) -> None:
    """Replace the cache entry, whole, with this execution: notebook, values, models."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=entry.parent))
    nbformat.write(executed.notebook, staging / "lecture.ipynb")
    collected = {collect: executed.results} if collect is not None else {}
    (staging / "collected.json").write_text(json.dumps(collected), encoding="utf-8")
    (staging / "models").mkdir()
    for model in written.glob("*.keras"):
        shutil.copy2(model, staging / "models" / model.name)
    shutil.rmtree(entry, ignore_errors=True)
    staging.rename(entry)
    executed.models_dir = entry / "models"


#: A line of TensorFlow's C++ log ("E0000 00:00:1796.5 10386 node_def_util.cc:682] ..."), and
#: the one absl writes before it. TensorFlow 2.21 logs through absl before absl::InitializeLog,
#: so TF_CPP_MIN_LOG_LEVEL does not hold back lines that stop nothing (a tf.data map's
#: "NodeDef mentions attribute use_unbounded_threadpool"); the pages leave them out.
TENSORFLOW_LOG = re.compile(
    r"^(?:[IWEF]\d{4} [\d:. ]+\d+ \S+:\d+\] .*|WARNING: All log messages before absl::.*)\n?",
    re.MULTILINE,
)


def _quiet(output):
    """Return a stderr output without TensorFlow's C++ log lines (None if nothing is left)."""
    if output.get("output_type") != "stream" or output.get("name") != "stderr":
        return output
    output["text"] = TENSORFLOW_LOG.sub("", output["text"])
    return output if output["text"].strip() else None


def _run(path: Path, notebook, collect: str | None, output_dir: Path | None):
    """Execute the notebook in a fresh kernel; return the ExecutedLecture."""
    started = time.perf_counter()
    environment = dict(os.environ)
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        environment["AEGAN_OUTPUT_DIR"] = str(output_dir)  # where aegan.outputs writes
    # Unix sockets in a private folder: no TCP port, no warning about one.
    sockets = tempfile.TemporaryDirectory(prefix="aegan-kernel-")
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets.name}/kernel")
    client = NotebookClient(
        notebook,
        km=kernel,
        timeout=CELL_TIMEOUT,
        record_timing=False,  # a rerun gives the cache's bytes
        resources={"metadata": {"path": str(path.parent)}},
    )
    results = {}
    try:
        with client.setup_kernel(env=environment):
            info = client.wait_for_reply(client.kc.kernel_info())
            notebook.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            if collect is not None:  # evaluated in the kernel, no cell added
                wrapped = {"value": f"__import__('json').dumps({collect})"}
                message = client.kc.execute("", silent=True, user_expressions=wrapped)
                value = client.wait_for_reply(message)["content"]["user_expressions"]["value"]
                if value["status"] != "ok":
                    raise LectureExecutionError(
                        f"collect {collect!r}: {value['ename']}: {value['evalue']}"
                    )
                results = json.loads(ast.literal_eval(value["data"]["text/plain"]))
    except (CellExecutionError, CellTimeoutError) as error:
        raise LectureExecutionError(_failure_message(path, notebook, error)) from None
    finally:
        if kernel.has_kernel:  # a client given its kernel manager leaves shutdown to us
            kernel.shutdown_kernel(now=False)
        sockets.cleanup()
    seconds = time.perf_counter() - started
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [quiet for output in cell.outputs if (quiet := _quiet(output))]
    notebook.metadata["aegan"] = {
        "key": cache_key(notebook),
        "executed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "python": platform.python_version(),
        "versions": {name: importlib.metadata.version(name) for name in REPORTED_VERSIONS},
    }
    return ExecutedLecture(path, notebook, False, seconds, results, output_dir)


def execute(
    path: Path | str,
    *,
    cache_dir: Path | str | None = None,
    collect: str | None = None,
    output_dir: Path | str | None = None,
) -> ExecutedLecture:
    """Run a lecture as a notebook in a Jupyter kernel, or reuse its cached outputs.

    Args:
        path: the lecture script (jupytext percent format).
        cache_dir: folder of cached executions; None executes without a cache. With one, the
            notebook as the page shows it is also written to `<cache_dir>/<lecture>.ipynb`.
        collect: a Python expression evaluated in the kernel after the last cell; its value
            (JSON-serialisable) is returned as `results` and cached, keyed on the expression.
        output_dir: where the lecture writes its figures and models (AEGAN_OUTPUT_DIR); not
            part of the key. None writes nothing, or with a cache, into a temporary folder.

    Raises:
        LectureExecutionError: if a cell raises or times out, naming the lecture, the cell, its
            line in the script and the error.
    """
    path = Path(path).resolve()
    notebook = read(path)
    output_dir = Path(output_dir) if output_dir is not None else None
    if cache_dir is None:
        return _run(path, notebook, collect, output_dir)
    entry = Path(cache_dir) / path.stem
    executed = _cached(path, notebook, entry, collect)
    if executed is None:
        with tempfile.TemporaryDirectory(prefix="aegan-outputs-") as scratch:
            written = output_dir or Path(scratch)
            executed = _run(path, notebook, collect, written)
            _store(entry, executed, collect, written)
        executed.output_dir = output_dir
    nbformat.write(executed.notebook, entry.with_suffix(".ipynb"))
    return executed


def _expected_seconds(path: Path, cache_dir: Path | None) -> float:
    """Return how long a lecture is expected to run: its last recorded time, else 1 s per kB."""
    try:
        notebook = json.loads((cache_dir / path.stem / "lecture.ipynb").read_text())
        return float(notebook["metadata"]["aegan"]["seconds"])
    except (TypeError, OSError, ValueError, KeyError):
        return path.stat().st_size / 1000


def execute_all(paths, *, cache_dir=None, collect=None, output_dirs=None, workers=2):
    """Execute several lectures, `workers` kernels at a time, the longest first.

    `collect` and `output_dirs` map a lecture's name (its file stem) to what `execute` takes.
    Returns name -> ExecutedLecture, or the LectureExecutionError it raised (so one failing
    lecture does not hide the others), in the order of `paths`.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    paths = [Path(path).resolve() for path in paths]
    cache_dir = Path(cache_dir) if cache_dir is not None else None
    collect, output_dirs = collect or {}, output_dirs or {}

    def run(path: Path) -> ExecutedLecture | LectureExecutionError:
        try:
            return execute(
                path,
                cache_dir=cache_dir,
                collect=collect.get(path.stem),
                output_dir=output_dirs.get(path.stem),
            )
        except LectureExecutionError as error:
            return error

    longest_first = sorted(paths, key=lambda path: -_expected_seconds(path, cache_dir))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lecture") as pool:
        futures = {path: pool.submit(run, path) for path in longest_first}
        return {path.stem: futures[path].result() for path in paths}
