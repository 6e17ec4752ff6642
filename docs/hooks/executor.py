"""Execute lectures as notebooks, with a cache that is never stale.

Site tooling, not part of the `aegan` package: it needs jupytext, nbclient and jupyter_client,
which only the docs dependency group installs. The site hook (`lectures.py`, next to this file)
and the tests import it; neither imports `aegan` (the lectures do, in their kernels).

A lecture is a jupytext percent-format script. `execute` turns it into a notebook and runs it
in a Jupyter kernel, exactly as the site does; `execute_all` runs several at once. The result is
cached under a key made of what a lecture's outputs can depend on: its code cells, every file of
`src/aegan/`, the Python version and the versions of the `aegan` distribution's dependency tree.
So:

- editing only the prose of a lecture reuses the outputs (the prose is merged in afresh);
- editing a code cell re-executes that lecture only;
- a change to the package or to a version in its dependency tree re-executes every lecture;
- installing something else into the environment (JupyterLab, by `make lab`) changes nothing.

The models a lecture saves (`.keras` files, written where AEGAN_OUTPUT_DIR points) are kept in
the cache beside its notebook, from the same execution: the site checks them with
`python -m aegan.check` (hooks/checks.py).
"""

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
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

#: Bump when the cached notebook's layout changes.
CACHE_FORMAT = "aegan-lectures-2"
#: The repository this file belongs to (docs/hooks/executor.py).
ROOT = Path(__file__).resolve().parents[2]
#: The package whose source takes part in the cache key.
PACKAGE_DIR = ROOT / "src" / "aegan"
#: The distribution whose dependency tree's versions take part in the cache key.
DISTRIBUTION = "aegan"
#: Distributions whose versions each executed page reports.
REPORTED_VERSIONS = ("tensorflow", "keras", "numpy", "matplotlib")
#: The environment variable that makes a lecture write its figures and models (aegan.outputs).
OUTPUT_DIR_VARIABLE = "AEGAN_OUTPUT_DIR"


class LectureExecutionError(RuntimeError):
    """A lecture cell raised: the message names the lecture, the cell and the error."""


@dataclass
class ExecutedLecture:
    """A lecture's notebook with outputs, and how it came to be.

    `results` is the value of the `collect` expression, if one was given; `output_dir` is the
    folder the execution wrote its figures and models into (None when served from the cache or
    run without one); `models_dir` is the cache's copy of the models it saved (None without a
    cache).
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
    """Read a lecture script as a notebook (no outputs)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no lecture at {path}")
    notebook = jupytext.read(path)
    # jupytext draws random cell ids; numbered ones keep an unchanged lecture's notebook
    # byte-identical from one build to the next, so mkdocs-jupyter's render cache hits.
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index + 1}"
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def installed_distributions() -> dict[str, importlib.metadata.Distribution]:
    """Return the installed distributions by normalised name, as imports would find them.

    Where one name is installed twice on sys.path, the first one wins, as for an import.
    """
    found: dict[str, importlib.metadata.Distribution] = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            found.setdefault(canonicalize_name(name), distribution)
    return found


def dependency_versions(distribution: str = DISTRIBUTION) -> dict[str, str]:
    """Return the versions of a distribution and of everything it requires, recursively.

    Requirements are followed as pip installs them: those whose environment marker is false
    here are skipped, and an extra's requirements are followed only where a requirement asks
    for that extra (`keras[...]`), never for extras nobody requested.

    Args:
        distribution: the root of the tree.

    Returns:
        Normalised name -> installed version ("not installed" for a missing one), sorted.
    """
    installed = installed_distributions()
    versions: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    pending: list[tuple[str, str]] = [(canonicalize_name(distribution), "")]
    while pending:
        name, extra = pending.pop()
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        found = installed.get(name)
        versions[name] = found.version if found is not None else "not installed"
        if found is None:
            continue
        for text in found.requires or []:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": extra}):
                continue
            child = canonicalize_name(requirement.name)
            pending.append((child, ""))
            pending.extend((child, canonicalize_name(wanted)) for wanted in requirement.extras)
    return dict(sorted(versions.items()))


def package_digest(package_dir: Path | None = None) -> str:
    """Return a digest of the names and bytes of every file of the package (caches excluded)."""
    if package_dir is None:
        package_dir = PACKAGE_DIR
    hasher = hashlib.sha256()
    for path in sorted(package_dir.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        hasher.update(path.relative_to(package_dir).as_posix().encode())
        hasher.update(b"\0")
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    return hasher.hexdigest()


def cache_key(notebook: nbformat.NotebookNode, *, package_dir: Path | None = None) -> str:
    """Return the key of a lecture's outputs: its code cells, the package, the environment.

    Args:
        notebook: the lecture as read by `read`.
        package_dir: the package whose files take part in the key; None means `PACKAGE_DIR`,
            looked up when called (the tests point it at a throwaway copy).

    Returns:
        A hex digest that changes when a code cell, a package file, the Python version or the
        version of a distribution in `aegan`'s dependency tree changes, and only then.
    """
    if package_dir is None:
        package_dir = PACKAGE_DIR
    hasher = hashlib.sha256(CACHE_FORMAT.encode())
    for cell in notebook.cells:
        if cell.cell_type == "code":
            hasher.update(b"\0code\0" + cell.source.encode())
    hasher.update(b"\0package\0" + package_digest(package_dir).encode())
    hasher.update(b"\0python\0" + platform.python_version().encode())
    hasher.update(b"\0versions\0" + json.dumps(dependency_versions()).encode())
    return hasher.hexdigest()


def _merge_outputs(notebook, executed) -> nbformat.NotebookNode:
    """Return `notebook` (fresh prose) with the outputs of `executed` (same code cells)."""
    merged = nbformat.from_dict(json.loads(json.dumps(notebook)))
    ran = [cell for cell in executed.cells if cell.cell_type == "code"]
    fresh = [cell for cell in merged.cells if cell.cell_type == "code"]
    for target, source in zip(fresh, ran, strict=True):
        target.outputs = source.outputs
        target.execution_count = source.execution_count
    for key in ("aegan", "language_info"):
        if key in executed.metadata:
            merged.metadata[key] = executed.metadata[key]
    return merged


def _failure_message(path: Path, notebook, error: Exception) -> str:
    """Describe which cell of which lecture failed, where it is in the script, and how."""
    failing = next(
        (
            (index, cell)
            for index, cell in enumerate(notebook.cells)
            if cell.cell_type == "code"
            and (
                any(output.output_type == "error" for output in cell.outputs)
                or cell.execution_count is None  # the cell that timed out never finished
            )
        ),
        None,
    )
    if failing is None:
        return f"Lecture {path.name} failed: {error}"
    index, cell = failing
    errors = [output for output in cell.outputs if output.output_type == "error"]
    what = f"{errors[0].ename}: {errors[0].evalue}" if errors else f"timed out ({error})"
    text = path.read_text(encoding="utf-8")
    offset = text.find(cell.source) if cell.source else -1
    where = f"line {text.count(chr(10), 0, offset) + 1} of {path}" if offset >= 0 else str(path)
    return (
        f"Lecture {path.name} failed in cell {index + 1} ({where}): {what}\n"
        f"--- the failing cell ---\n{cell.source}"
    )


def _results_path(cached_path: Path) -> Path:
    """Return where the collected values of a cached lecture are kept, next to its notebook."""
    return cached_path.with_suffix(".collected.json")


def _models_path(cached_path: Path) -> Path:
    """Return where the models a cached lecture saved are kept, next to its notebook."""
    return cached_path.with_suffix(".models")


#: The file in a cached models folder that holds the key of the execution that saved them.
MODELS_KEY = "key.txt"


def cached_models(cache_dir: Path | str, stem: str) -> Path | None:
    """Return the folder of the models the cached execution of lecture `stem` saved, or None.

    None when the cache holds no execution of the lecture, or its models come from another one.
    """
    cached_path = Path(cache_dir) / f"{stem}.ipynb"
    models = _models_path(cached_path)
    try:
        key = json.loads(cached_path.read_text(encoding="utf-8"))["metadata"]["aegan"]["key"]
        saved_by = (models / MODELS_KEY).read_text(encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return models if saved_by == key else None


def _store_models(cached_path: Path, key: str, output_dir: Path) -> Path:
    """Copy the `.keras` files of an execution's output folder into the cache; return the copy."""
    models = _models_path(cached_path)
    temporary = models.with_suffix(".models.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    for path in sorted(output_dir.glob("*.keras")):
        shutil.copy2(path, temporary / path.name)
    (temporary / MODELS_KEY).write_text(key, encoding="utf-8")
    shutil.rmtree(models, ignore_errors=True)
    temporary.rename(models)
    return models


def _cached(path: Path, notebook, key: str, cached_path: Path | None, collect: str | None):
    """Return the cached execution of a lecture if it is fresh and holds `collect`, else None."""
    if cached_path is None or not cached_path.is_file():
        return None
    cached = nbformat.read(cached_path, as_version=4)
    if cached.metadata.get("aegan", {}).get("key") != key:
        return None
    models = cached_models(cached_path.parent, cached_path.stem)
    if models is None:  # cached before models were kept, or their copy was lost
        return None
    results: dict = {}
    if collect is not None:
        # The collected values were computed by the kernel that produced these outputs; they
        # are kept beside the notebook (the published notebook does not carry them).
        stored_path = _results_path(cached_path)
        if not stored_path.is_file():
            return None
        stored = json.loads(stored_path.read_text(encoding="utf-8"))
        if stored.get("key") != key or collect not in stored.get("collected", {}):
            return None
        results = stored["collected"][collect]
    merged = _merge_outputs(notebook, cached)
    return ExecutedLecture(
        path, merged, from_cache=True, seconds=0.0, results=results, models_dir=models
    )


def _store(cached_path: Path, notebook, key: str, collect: str | None, results) -> None:
    """Write the executed notebook, and the collected values keyed on their expression."""
    cached_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached_path.with_suffix(".ipynb.tmp")
    nbformat.write(notebook, temporary)
    temporary.replace(cached_path)
    stored_path = _results_path(cached_path)
    collected = {collect: results} if collect is not None else {}
    temporary = stored_path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps({"key": key, "collected": collected}), encoding="utf-8")
    temporary.replace(stored_path)


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
        cache_dir: folder of executed notebooks; None executes without a cache.
        collect: a Python expression evaluated in the kernel after the last cell; its value,
            which must be JSON-serialisable, is returned as `results` and cached with the
            notebook, keyed on the expression. It adds no cell.
        output_dir: a folder the lecture writes its figures and models into (the kernel gets
            it as AEGAN_OUTPUT_DIR); None writes nothing, or with a cache, into a temporary
            folder whose models the cache keeps. It does not take part in the key.
        timeout: seconds one cell may run.

    Returns:
        The executed lecture.

    Raises:
        LectureExecutionError: if a cell raises or times out; the message names the lecture,
            the cell, its line in the script and the error.
    """
    path = Path(path).resolve()
    notebook = read(path)
    pristine = nbformat.from_dict(json.loads(json.dumps(notebook)))
    key = cache_key(notebook)
    cached_path = Path(cache_dir) / f"{path.stem}.ipynb" if cache_dir is not None else None
    cached = _cached(path, notebook, key, cached_path, collect)
    if cached is not None:
        return cached

    started = time.perf_counter()
    environment = dict(os.environ)
    if output_dir is not None:
        output_dir = Path(output_dir)
        output_dir.mkdir(parents=True, exist_ok=True)
    # With a cache, the lecture always writes its files somewhere: its models are kept.
    written = tempfile.TemporaryDirectory(prefix="aegan-outputs-") if cached_path else None
    written_dir = output_dir or (Path(written.name) if written else None)
    if written_dir is not None:
        environment[OUTPUT_DIR_VARIABLE] = str(written_dir)
    sockets = tempfile.TemporaryDirectory(prefix="aegan-kernel-")
    # The kernel talks over Unix sockets in a private folder: no TCP port to expose, and no
    # "running over TCP without encryption" warning in the build log.
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets.name}/kernel")
    client = NotebookClient(
        notebook,
        km=kernel,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
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
                results = _collect(client, collect, len(notebook.cells))
    except (CellExecutionError, CellTimeoutError) as error:
        raise LectureExecutionError(_failure_message(path, notebook, error)) from None
    finally:
        if kernel.has_kernel:  # a client given its kernel manager leaves shutdown to us
            kernel.shutdown_kernel(now=False)
        sockets.cleanup()
    seconds = time.perf_counter() - started
    versions = dependency_versions()
    # Keep the outputs only (not nbclient's per-cell timings): a fresh execution then gives the
    # same notebook, byte for byte, as the cache gives later, and the render cache downstream
    # (keyed on those bytes) hits on the next build instead of re-rendering every page.
    notebook = _merge_outputs(pristine, notebook)
    notebook.metadata["aegan"] = {
        "key": key,
        "executed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "python": platform.python_version(),
        "versions": {name: versions.get(name, "not installed") for name in REPORTED_VERSIONS},
    }
    models_dir = None
    if cached_path is not None:
        _store(cached_path, notebook, key, collect, results)
        models_dir = _store_models(cached_path, key, written_dir)
        written.cleanup()
    return ExecutedLecture(
        path,
        notebook,
        from_cache=False,
        seconds=seconds,
        results=results,
        output_dir=output_dir,
        models_dir=models_dir,
    )


def _collect(client: NotebookClient, expression: str, index: int) -> dict:
    """Evaluate `expression` in the client's kernel and return its JSON-decoded value."""
    marker = "__aegan_collect__"
    cell = nbformat.v4.new_code_cell(
        f"import json as _json\nprint({marker!r} + _json.dumps({expression}))"
    )
    client.nb.cells.append(cell)  # nbclient stores the executed cell back at its index
    try:
        client.execute_cell(cell, index)
    finally:
        client.nb.cells.pop()
    for output in cell.outputs:
        if output.output_type == "stream":
            for line in output.text.splitlines():
                if line.startswith(marker):
                    return json.loads(line[len(marker) :])
    raise LectureExecutionError(f"collect expression printed nothing: {expression!r}")


def _expected_seconds(path: Path, cache_dir: Path | None) -> float:
    """Return how long a lecture is expected to run: its last recorded time, else its size.

    A stale cached notebook still records how long its lecture took; a lecture never executed
    is ranked by its size (1 s per kB), a rough guess that only a first build has to make.
    """
    if cache_dir is not None:
        cached_path = cache_dir / f"{path.stem}.ipynb"
        try:
            record = json.loads(cached_path.read_text(encoding="utf-8"))["metadata"]["aegan"]
            return float(record["seconds"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
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

    Lectures served from the cache cost no kernel. Each kernel runs in its own process, so
    the threads here only wait on them.

    Args:
        paths: the lecture scripts.
        cache_dir: as for `execute`.
        collect: lecture name (file stem) -> collect expression, for those that have one.
        output_dirs: lecture name -> folder for its files, for those that write them.
        workers: how many kernels run at once.
        timeout: seconds one cell may run.

    Returns:
        Lecture name -> its ExecutedLecture, or the LectureExecutionError it raised (so one
        failing lecture does not hide the others' results), in the order of `paths`.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    paths = [Path(path).resolve() for path in paths]
    cache_dir = Path(cache_dir) if cache_dir is not None else None
    collect = dict(collect or {})
    output_dirs = dict(output_dirs or {})

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
