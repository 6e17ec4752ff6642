"""Execute lectures as notebooks, with a cache that is never stale.

A lecture is a jupytext percent-format script. `execute` turns it into a notebook and runs it
in a Jupyter kernel, exactly as the site does. The result is cached under a key made of the
lecture's code cells, every file of the `aegan` package, and the installed distributions'
versions, so that:

- editing only the prose of a lecture reuses the outputs (the prose is merged in afresh);
- editing a code cell re-executes that lecture only;
- any change to the package or to an installed version re-executes every lecture.
"""

import hashlib
import importlib.metadata
import json
import platform
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jupytext
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

#: Bump when the cached notebook's layout changes.
CACHE_FORMAT = "aegan-lectures-1"
#: The package whose source takes part in the cache key.
PACKAGE_DIR = Path(__file__).resolve().parent
#: Distributions whose versions each executed page reports.
REPORTED_VERSIONS = ("tensorflow", "keras", "numpy", "matplotlib")


class LectureExecutionError(RuntimeError):
    """A lecture cell raised: the message names the lecture, the cell and the error."""


@dataclass
class ExecutedLecture:
    """A lecture's notebook with outputs, and how it came to be."""

    path: Path
    notebook: nbformat.NotebookNode
    from_cache: bool
    seconds: float
    results: dict = field(default_factory=dict)

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


def installed_versions() -> dict[str, str]:
    """Return every installed distribution's version, by normalised name."""
    versions = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            versions[name.lower().replace("_", "-")] = distribution.version
    return dict(sorted(versions.items()))


def package_digest(package_dir: Path | None = None) -> str:
    """Return a digest of the names and bytes of every Python file of the package."""
    if package_dir is None:
        package_dir = PACKAGE_DIR
    hasher = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
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
        A hex digest that changes when a code cell, a package file, the Python version or any
        installed distribution's version changes, and only then.
    """
    if package_dir is None:
        package_dir = PACKAGE_DIR
    hasher = hashlib.sha256(CACHE_FORMAT.encode())
    for cell in notebook.cells:
        if cell.cell_type == "code":
            hasher.update(b"\0code\0" + cell.source.encode())
    hasher.update(b"\0package\0" + package_digest(package_dir).encode())
    hasher.update(b"\0python\0" + platform.python_version().encode())
    hasher.update(b"\0versions\0" + json.dumps(installed_versions()).encode())
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


def execute(
    path: Path | str,
    *,
    cache_dir: Path | str | None = None,
    collect: str | None = None,
    timeout: int = 900,
) -> ExecutedLecture:
    """Run a lecture as a notebook in a Jupyter kernel, or reuse its cached outputs.

    Args:
        path: the lecture script (jupytext percent format).
        cache_dir: folder of executed notebooks; None executes without a cache.
        collect: a Python expression evaluated in the kernel after the last cell; its value,
            which must be JSON-serialisable, is returned as `results`. Collecting forces an
            execution (a cached notebook has no kernel left to ask) and adds no cell.
        timeout: seconds one cell may run.

    Returns:
        The executed lecture.

    Raises:
        LectureExecutionError: if a cell raises or times out; the message names the lecture,
            the cell, its line in the script and the error.
    """
    path = Path(path).resolve()
    notebook = read(path)
    key = cache_key(notebook)
    cached_path = Path(cache_dir) / f"{path.stem}.ipynb" if cache_dir is not None else None
    if collect is None and cached_path is not None and cached_path.is_file():
        cached = nbformat.read(cached_path, as_version=4)
        if cached.metadata.get("aegan", {}).get("key") == key:
            merged = _merge_outputs(notebook, cached)
            return ExecutedLecture(path, merged, from_cache=True, seconds=0.0)

    started = time.perf_counter()
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
        with client.setup_kernel():
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
    versions = installed_versions()
    notebook.metadata["aegan"] = {
        "key": key,
        "executed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "python": platform.python_version(),
        "versions": {name: versions.get(name, "not installed") for name in REPORTED_VERSIONS},
    }
    if cached_path is not None:
        cached_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached_path.with_suffix(".ipynb.tmp")
        nbformat.write(notebook, temporary)
        temporary.replace(cached_path)
    return ExecutedLecture(path, notebook, from_cache=False, seconds=seconds, results=results)


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
