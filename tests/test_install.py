"""The package alone: what `pip install aegan` brings is enough to import it and run a lecture.

A student installs the package with its runtime dependencies only (no docs or test tools) and
runs a lecture as a script. The cheap test reads every lecture's imports; the `install` tests
make that fresh virtual environment and run Lecture 2 in it, comparing what it prints with the
session's notebook execution of the same lecture (the site's path).
"""

import ast
import functools
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import executor
import pytest
from conftest import stream_text
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LECTURE_PATHS = sorted((ROOT / "lectures").glob("*.py"))
PUBLIC_MODULES = sorted(
    path.stem for path in (ROOT / "src" / "aegan").glob("*.py") if not path.stem.startswith("_")
)
SCRIPT = "02_ring_autoencoder"
#: Lecture 2's figures and models, as a script writes them.
FIGURES = {"ring.png", "reconstructions.png", "decoded_scan.png", "code_vs_angle.png"}
MODELS = {"autoencoder.keras", "encoder.keras", "decoder.keras"}


def imported_modules(path: Path) -> set[str]:
    """Return the top-level names of the modules a script imports (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@functools.cache
def module_providers() -> dict[str, list[str]]:
    """Return importable top-level module -> the distributions that provide it (slow: cached)."""
    return importlib.metadata.packages_distributions()


@functools.cache
def runtime_distributions() -> set[str]:
    """Return the normalised names of aegan's runtime dependency tree, aegan included."""
    return {
        name
        for name, version in executor.dependency_versions("aegan").items()
        if version != "not installed"
    }


@pytest.mark.parametrize("lecture", LECTURE_PATHS, ids=lambda path: path.stem)
def test_lecture_imports_only_the_runtime_tree(lecture):
    """Every module a lecture imports is the standard library's, aegan's, or in its tree."""
    runtime = runtime_distributions()
    providers = module_providers()
    outside = {}
    for module in sorted(imported_modules(lecture)):
        if module in sys.stdlib_module_names or module == "aegan":
            continue
        distributions = {canonicalize_name(name) for name in providers.get(module, [])}
        if not distributions & runtime:
            outside[module] = sorted(distributions) or "not installed"
    assert outside == {}, f"{lecture.name} imports modules outside aegan's dependencies"


def test_imported_modules_reads_every_import_form(tmp_path):
    """Plain, dotted, from- and nested imports count; relative imports do not."""
    script = tmp_path / "script.py"
    script.write_text(
        "import numpy as np\nimport matplotlib.pyplot\nfrom scipy import stats\n"
        "from . import sibling\ndef f():\n    from IPython.display import HTML\n",
        encoding="utf-8",
    )
    assert imported_modules(script) == {"numpy", "matplotlib", "scipy", "IPython"}


def clean_environment(**extra: str) -> dict[str, str]:
    """Return os.environ without what would let the fresh environment see the work tree."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "DISPLAY", "AEGAN_OUTPUT_DIR"}
    }
    return {**env, **extra}


@pytest.fixture(scope="module")
def fresh_python(request, tmp_path_factory) -> Path:
    """Make a virtual environment, install the package into it; return its python.

    The package is installed from a copy of the files a distribution is built from, so the
    build leaves nothing in the work tree, and not in editable mode: the environment holds the
    installed package and its runtime dependencies, nothing else (uv's cache may be used).
    While it installs, the session's lectures execute (`executed_lectures`), so that the
    install's waiting on the disk overlaps the kernels' computing.
    """
    folder = tmp_path_factory.mktemp("fresh-install")
    source = folder / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    # uv makes the environment and installs into it: the same resolution as `pip install`, in
    # seconds from its cache, where pip took a minute to unpack and byte-compile TensorFlow
    # (58 s against 2 s here) while the lectures needed the cores.
    uv = [sys.executable, "-m", "uv"]
    subprocess.run(
        [*uv, "venv", "--quiet", "--python", sys.executable, str(folder / "venv")],
        check=True,
        capture_output=True,
        env=clean_environment(),
    )
    python = folder / "venv" / "bin" / "python"
    with subprocess.Popen(
        # Byte-compiled here, while the lectures execute, not by the first imports below.
        [
            *uv,
            "pip",
            "install",
            "--quiet",
            "--compile-bytecode",
            "--python",
            str(python),
            str(source),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_environment(),
        cwd=folder,
    ) as process:
        try:
            request.getfixturevalue("executed_lectures")
            _, stderr = process.communicate(timeout=1200)
        finally:
            process.kill()  # nothing to do if the install has finished
    assert process.returncode == 0, stderr[-3000:]
    return python


def installed_names(python: Path) -> set[str]:
    """Return the normalised names of the distributions installed for `python`."""
    script = "import importlib.metadata as m\nfor d in m.distributions(): print(d.metadata['Name'])"
    process = subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return {canonicalize_name(name) for name in process.stdout.split()}


@pytest.mark.install
@pytest.mark.timeout(1500)
def test_fresh_environment_holds_the_runtime_tree_only(fresh_python):
    """The fresh environment has aegan's runtime tree and none of the docs or test tools."""
    names = installed_names(fresh_python)
    assert runtime_distributions() - {"aegan"} <= names
    assert "aegan" in names
    tools = {"jupytext", "nbclient", "jupyter-client", "ipykernel", "ipython", "mkdocs", "pytest"}
    assert names & tools == set()


@pytest.mark.install
@pytest.mark.timeout(1500)
def test_every_public_module_imports(fresh_python, tmp_path):
    """`import aegan` and each public module import quietly in the fresh environment."""
    modules = ", ".join(f"aegan.{name}" for name in PUBLIC_MODULES)
    script = f"import aegan\nimport {modules}\nprint(aegan.__file__)"
    process = subprocess.run(
        [str(fresh_python), "-c", script],
        capture_output=True,
        text=True,
        env=clean_environment(MPLBACKEND="Agg"),
        cwd=tmp_path,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    assert process.stderr == ""
    # The installed copy, not the work tree's src/.
    assert Path(process.stdout.strip()).is_relative_to(fresh_python.parent.parent)


def without_timings_and_summaries(text: str) -> list[str]:
    """Return the printed lines that must match between runs: no timings, no model summaries.

    Timings are the `time:` lines and any line with "ms" or a number of seconds. The
    `outputs:` lines say where a script writes its files, which a notebook does not print. A
    model summary is a table that a script prints and a notebook shows as a rich display
    instead (not printed text), so it is dropped from `Model: "..."` to its
    `Non-trainable params:` line.
    """
    lines = []
    in_summary = False
    for line in text.splitlines():
        if re.match(r'\s*Model: "', line):
            in_summary = True
        if in_summary:
            in_summary = not line.lstrip().startswith("Non-trainable params:")
            continue
        timing = "ms" in line or re.search(r"\d s\b", line)
        if line.lstrip().startswith(("time:", "outputs:")) or timing:
            continue
        lines.append(line)
    return lines


def test_filter_drops_timings_and_summaries():
    """Timing lines and summary tables go; numbers stay."""
    text = (
        "epoch 1/10 loss 0.5\n"
        "time: 32000 steps in 29.4 s, 0.92 ms/step\n"
        'Model: "autoencoder"\n'
        "┃ Layer (type) ┃\n"
        " Total params: 2,301 (8.99 KB)\n"
        " Non-trainable params: 0 (0.00 B)\n"
        "code of (0, 1): 0.1445\n"
        "trained in 3.1 s here\n"
        "training took 42.7 s\n"
        "outputs: figures and models are written into /tmp/outputs\n"
    )
    assert without_timings_and_summaries(text) == ["epoch 1/10 loss 0.5", "code of (0, 1): 0.1445"]


@pytest.mark.install
@pytest.mark.timeout(1500)
def test_lecture_runs_as_a_script(fresh_python, run_lecture, tmp_path):
    """Lecture 2 as a script in the fresh environment: exit 0, silent stderr, its files, and
    the same printed numbers as the session's notebook execution."""
    output_dir = tmp_path / "outputs"
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    process = subprocess.run(
        [str(fresh_python), str(ROOT / "lectures" / f"{SCRIPT}.py")],
        capture_output=True,
        text=True,
        env=clean_environment(AEGAN_OUTPUT_DIR=str(output_dir), MPLBACKEND="Agg"),
        cwd=workdir,
        timeout=900,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    assert process.stderr == ""
    written = {path.name for path in output_dir.iterdir()}
    assert written >= FIGURES
    assert written >= MODELS
    script_lines = without_timings_and_summaries(process.stdout)
    notebook_lines = without_timings_and_summaries(stream_text(run_lecture(SCRIPT)))
    assert len(notebook_lines) >= 15
    assert script_lines == notebook_lines


@pytest.mark.install
@pytest.mark.timeout(1500)
def test_saved_models_load_after_import_aegan_alone(fresh_python, run_lecture, tmp_path):
    """In the fresh environment, `import aegan` is all it takes to load the lectures' models:
    Lecture 2's autoencoder (its custom loss) and Lecture 4's generator (its latent law)."""
    paths = [
        run_lecture(SCRIPT).output_dir / "autoencoder.keras",
        run_lecture("04_gan_1d_function").output_dir / "generator.keras",
    ]
    script = (
        "import sys, aegan, keras\nfor path in sys.argv[1:]:\n    keras.saving.load_model(path)\n"
    )
    process = subprocess.run(
        [str(fresh_python), "-c", script, *map(str, paths)],
        capture_output=True,
        text=True,
        env=clean_environment(MPLBACKEND="Agg"),
        cwd=tmp_path,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr[-3000:]
