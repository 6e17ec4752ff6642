"""Installs that reproduce: the lock, a student's fresh environment, the lower bounds, Python 3.13.

Every environment installs the versions of one lock (`uv.lock`, exported by `make lock` to
requirements/runtime.txt for the package alone and requirements/dev.txt for .venv), so a fresh
environment made today and the development one made last week hold the same versions, and a
release of a dependency in between changes neither. The quick tests check that the lock and
its exports agree with pyproject.toml and that a lecture imports nothing outside the runtime
lock. The `install` tests make fresh virtual environments:

- from requirements/runtime.txt, then the package without resolving: it holds the lock's
  versions and nothing else, imports quietly, runs Lecture 2 as a script printing what the
  session's notebook execution printed (same versions, so the same numbers), and loads the
  models the lectures save;
- with uv's `--resolution lowest-direct`: every direct dependency at the lower bound that
  pyproject.toml states, where the quick tests must pass (the bounds are then tested, not
  guessed);
- under Python 3.13 from the same lock: the package imports and Lecture 2 runs as a script.
"""

import ast
import functools
import glob
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import lecture_path, stream_text

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
LECTURE_PATHS = sorted((ROOT / "lectures").glob("*.py"))
#: The package's public modules and subpackages (`aegan.plotting`, `aegan.scores`, ...).
PUBLIC_MODULES = sorted(
    name
    for name in [
        *(path.stem for path in (ROOT / "src" / "aegan").glob("*.py")),
        *(path.parent.name for path in (ROOT / "src" / "aegan").glob("*/__init__.py")),
    ]
    if not name.startswith("_")
)
SCRIPT = "02_ring_autoencoder"
#: Lecture 2's figures and models, as a script writes them.
FIGURES = {"ring.png", "reconstructions.png", "decoded_scan.png", "code_vs_angle.png"}
MODELS = {"autoencoder.keras", "encoder.keras", "decoder.keras"}
#: uv's own command line, from the test tools (uv is one of them).
UV = [sys.executable, "-m", "uv"]
#: What `make lock` exports, and how: file -> the export's options.
EXPORTS = {
    "runtime.txt": [],
    "dev.txt": ["--group", "dev"],
    "notebook.txt": ["--only-group", "notebook"],
}
#: Test files that need the docs toolchain (mkdocs, jupytext, nbclient): left out where only
#: the package and its test tools are installed.
DOCS = ["--ignore-glob=tests/test_site_*.py", "--ignore=tests/test_lectures.py"]
FAST = "not (lecture or site or browser or install)"


def canonical(name: str) -> str:
    """Return a distribution name normalised as PEP 503 does (`PyYAML` -> `pyyaml`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """Return name -> version of the `name==version` lines of an exported requirements file."""
    found = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, flags=re.MULTILINE)
    return {canonical(name): version for name, version in found}


def unconditional_pins(text: str) -> dict[str, str]:
    """Return the pins that carry no environment marker (installed on every platform)."""
    lines = re.findall(r"^([A-Za-z0-9][^\s;\\]*==[^\s;\\]+)(\s*;[^\\\n]*)?", text, re.MULTILINE)
    return pins("\n".join(line for line, marker in lines if not marker))


def test_pins_reads_exported_lines():
    """Names are normalised; markers and hashes are not part of the version."""
    text = (
        "PyYAML==6.0.1 \\\n    --hash=sha256:abc\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n    --hash=sha256:def\n"
        "    # via tensorflow\n"
    )
    assert pins(text) == {"pyyaml": "6.0.1", "colorama": "0.4.6"}
    assert unconditional_pins(text) == {"pyyaml": "6.0.1"}


@functools.cache
def runtime_pins() -> dict[str, str]:
    """Return name -> version of what the runtime lock installs (aegan's dependency tree)."""
    return pins(RUNTIME_LOCK.read_text(encoding="utf-8"))


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


def test_imported_modules_reads_every_import_form(tmp_path):
    """Plain, dotted, from- and nested imports count; relative imports do not."""
    script = tmp_path / "script.py"
    script.write_text(
        "import numpy as np\nimport matplotlib.pyplot\nfrom scipy import stats\n"
        "from . import sibling\ndef f():\n    from IPython.display import HTML\n",
        encoding="utf-8",
    )
    assert imported_modules(script) == {"numpy", "matplotlib", "scipy", "IPython"}


@functools.cache
def module_providers() -> dict[str, list[str]]:
    """Return importable top-level module -> the distributions that provide it (slow: cached)."""
    return importlib.metadata.packages_distributions()


@pytest.mark.parametrize("lecture", LECTURE_PATHS, ids=lambda path: path.stem)
def test_lecture_imports_only_the_runtime_lock(lecture):
    """Every module a lecture imports is the standard library's, aegan's, or installed by the
    runtime lock (what a student's `pip install` brings)."""
    providers = module_providers()
    outside = {}
    for module in sorted(imported_modules(lecture)):
        if module in sys.stdlib_module_names or module == "aegan":
            continue
        distributions = {canonical(name) for name in providers.get(module, [])}
        if not distributions & set(runtime_pins()):
            outside[module] = sorted(distributions) or "not installed"
    assert outside == {}, f"{lecture.name} imports modules outside the runtime lock"


def test_lock_agrees_with_pyproject():
    """uv.lock is the resolution of pyproject.toml as it stands (`make lock` after an edit)."""
    process = subprocess.run(
        [*UV, "lock", "--check", "--offline"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert process.returncode == 0, f"run `make lock`: {process.stderr}"


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_the_lock(name, tmp_path):
    """Each requirements file is uv.lock's export as `make lock` writes it, pin for pin."""
    exported = tmp_path / name
    process = subprocess.run(
        [
            *UV,
            "export",
            "--quiet",
            "--frozen",
            "--no-emit-project",
            "--no-default-groups",
            *EXPORTS[name],
            "--output-file",
            str(exported),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert process.returncode == 0, process.stderr
    committed = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    assert pins(committed) == pins(exported.read_text(encoding="utf-8")), "run `make lock`"
    assert len(pins(committed)) >= 3


def test_lower_bounds_are_stated():
    """Every runtime dependency has a lower and an upper bound (the lowest-direct test below
    proves the lower ones)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        assert re.fullmatch(r"[\w-]+>=[\d.]+,<[\d.]+", requirement), requirement


def clean_environment(**extra: str) -> dict[str, str]:
    """Return os.environ without what would let a fresh environment see the work tree."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "DISPLAY", "AEGAN_OUTPUT_DIR", "KERAS_BACKEND"}
    }
    # uv may not fetch an interpreter of its own: the environments use the machine's Pythons.
    return {**env, "UV_PYTHON_DOWNLOADS": "never", **extra}


def copy_source(folder: Path) -> Path:
    """Copy the files a distribution is built from into `folder`, so a build leaves nothing in
    the work tree; return the copy."""
    source = folder / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    return source


def uv(*arguments: str, cwd: Path, timeout: int = 1200) -> None:
    """Run uv; fail the test with its stderr if it fails."""
    process = subprocess.run(
        [*UV, *arguments],
        capture_output=True,
        text=True,
        env=clean_environment(),
        cwd=cwd,
        timeout=timeout,
    )
    assert process.returncode == 0, process.stderr[-3000:]


def install_locked(folder: Path, interpreter: str) -> Path:
    """Make a virtual environment of `interpreter` in `folder` with the runtime lock, then the
    package without its dependencies (nothing is resolved); return its python."""
    source = copy_source(folder)
    uv("venv", "--quiet", "--python", interpreter, str(folder / "venv"), cwd=folder)
    python = folder / "venv" / "bin" / "python"
    # Byte-compiled here, not by the first imports of the tests.
    install = ["pip", "install", "--quiet", "--compile-bytecode", "--python", str(python)]
    uv(*install, "--require-hashes", "--requirement", str(RUNTIME_LOCK), cwd=folder)
    uv(*install, "--no-deps", str(source), cwd=folder)
    return python


def installed_versions(python: Path) -> dict[str, str]:
    """Return name -> version of the distributions installed for `python`."""
    script = (
        "import importlib.metadata as m\n"
        "for d in m.distributions(): print(d.metadata['Name'], d.version)"
    )
    process = subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return {
        canonical(name): version for name, version in map(str.split, process.stdout.splitlines())
    }


@pytest.fixture(scope="module")
def fresh_python(request, tmp_path_factory) -> Path:
    """Make a virtual environment from the runtime lock, the package in it; return its python.

    The package is installed from a copy of its source, not in editable mode: the environment
    holds the installed package and the lock's versions, nothing else. While it installs, the
    session's lectures execute (`executed_lectures`), so that the install's waiting on the disk
    overlaps the kernels' computing.
    """
    folder = tmp_path_factory.mktemp("fresh-install")
    with ThreadPoolExecutor(max_workers=1) as pool:
        installing = pool.submit(install_locked, folder, sys.executable)
        request.getfixturevalue("executed_lectures")
        return installing.result(timeout=1200)


@pytest.mark.install
@pytest.mark.timeout(1500)
def test_fresh_environment_is_the_lock(fresh_python):
    """The fresh environment holds exactly the runtime lock's versions (those for this
    platform), aegan, and no docs or test tool; and pip finds every requirement met."""
    installed = installed_versions(fresh_python)
    locked = runtime_pins()
    assert installed.pop("aegan") == "0.1.0"
    installed.pop("pip", None)  # uv's environments have none; a `python -m venv` one has
    assert unconditional_pins(RUNTIME_LOCK.read_text(encoding="utf-8")).items() <= installed.items()
    assert installed.items() <= locked.items()
    tools = {"jupytext", "nbclient", "ipykernel", "mkdocs", "pytest", "pyyaml"}
    assert installed.keys() & tools == set()
    process = subprocess.run(
        [*UV, "pip", "check", "--python", str(fresh_python)],
        capture_output=True,
        text=True,
        env=clean_environment(),
        timeout=120,
    )
    assert process.returncode == 0, process.stdout + process.stderr


@pytest.mark.install
def test_session_runs_the_locked_versions():
    """The development environment (made by `make` from requirements/dev.txt) has the runtime
    lock's versions too: otherwise the comparison of printed numbers below would compare two
    sets of versions (a stale .venv fails here: `make setup` reinstalls)."""
    installed = installed_versions(Path(sys.executable))
    locked = runtime_pins()
    differing = {
        name: (installed[name], version)
        for name, version in locked.items()
        if name in installed and installed[name] != version
    }
    assert differing == {}
    assert {"tensorflow", "keras", "numpy"} <= installed.keys()


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


def run_script(
    python: Path, tmp_path: Path, tmp_path_factory
) -> tuple[subprocess.CompletedProcess, Path]:
    """Run Lecture 2 as a script with `python`; return the process and its output folder.

    The script is the lecture the session's notebook executes: at AEGAN_LECTURE_SEED when set.
    """
    output_dir = tmp_path / "outputs"
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    process = subprocess.run(
        [str(python), str(lecture_path(SCRIPT, tmp_path_factory))],
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
    return process, output_dir


@pytest.mark.install
@pytest.mark.timeout(1500)
def test_lecture_runs_as_a_script(fresh_python, run_lecture, tmp_path, tmp_path_factory):
    """Lecture 2 as a script in the fresh environment: exit 0, silent stderr, its files, and
    the same printed numbers as the session's notebook execution (the same locked versions).

    `tables.show` prints a table in a script and displays it as HTML in a notebook, so the
    notebook's printed lines are the script's, in the same order, with the tables between them.
    """
    process, _ = run_script(fresh_python, tmp_path, tmp_path_factory)
    script_lines = without_timings_and_summaries(process.stdout)
    notebook_lines = without_timings_and_summaries(stream_text(run_lecture(SCRIPT)))
    assert len(notebook_lines) >= 15
    remaining = iter(script_lines)
    missing = [line for line in notebook_lines if line not in remaining]
    assert not missing, f"printed in the notebook, not in this order by the script: {missing}"


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


def lower_bounds() -> dict[str, str]:
    """Return name -> lower bound of each runtime dependency in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = (re.match(r"([\w-]+)>=([\d.]+)", text) for text in project["dependencies"])
    return {canonical(match[1]): match[2] for match in found}


#: A script that seeds as a lecture does and predicts from arrays, as Lecture 6 times its
#: simulators.
SEEDED_PREDICT = """
import numpy as np
import aegan
import keras
from aegan import training

training.set_seed(0)
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.predict(np.ones((1000, 1), np.float32), verbose=0)  # 32 a batch, the last one partial
print("predicted")
"""


def test_seeded_predict_writes_nothing_on_stderr(tmp_path):
    """After `training.set_seed`, Keras's predict on arrays logs nothing: on the CPU, no
    "E0000 ... NodeDef mentions attribute use_unbounded_threadpool" line (op determinism's
    rewrite of Keras's tf.data map wrote one, whatever the log level)."""
    import tensorflow as tf

    if tf.config.list_physical_devices("GPU"):
        pytest.skip("on a GPU set_seed enables op determinism, and TensorFlow logs its rewrite")
    process = subprocess.run(
        [sys.executable, "-c", SEEDED_PREDICT],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    assert process.stdout == "predicted\n"
    assert process.stderr == ""


def test_readme_states_the_lower_bounds():
    """The README's list of lower bounds (for Colab) is pyproject.toml's, every one of them."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    listed = re.search(r"the oldest versions its tests pass on \(([^)]*)\)", readme)
    assert listed, "the README no longer lists the lower bounds"
    stated = dict(item.rsplit(" ", 1) for item in listed[1].split(", "))
    assert {canonical(name): version for name, version in stated.items()} == lower_bounds()


@pytest.mark.install
@pytest.mark.timeout(1500)
def test_lowest_direct_versions_pass_the_quick_tests(tmp_path):
    """With every direct dependency at its stated lower bound (uv's lowest-direct resolution),
    the package installs and its quick tests pass: the bounds are the oldest versions tested.

    The test tools are resolved lowest-direct too; the docs toolchain is not installed, so the
    tests of the site tooling are left out.
    """
    source = copy_source(tmp_path)
    uv("venv", "--quiet", "--python", sys.executable, str(tmp_path / "venv"), cwd=tmp_path)
    python = tmp_path / "venv" / "bin" / "python"
    uv(
        "pip",
        "install",
        "--quiet",
        "--python",
        str(python),
        "--resolution",
        "lowest-direct",
        str(source),
        "--group",
        f"{source / 'pyproject.toml'}:test",
        cwd=tmp_path,
    )
    installed = installed_versions(python)
    for name, bound in lower_bounds().items():
        same = re.sub(r"(\.0)+$", "", installed[name]) == re.sub(r"(\.0)+$", "", bound)
        assert same, f"{name}: {installed[name]} installed, lower bound {bound}"
    process = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "-m", FAST, *DOCS],
        capture_output=True,
        text=True,
        env=clean_environment(MPLBACKEND="Agg", TF_CPP_MIN_LOG_LEVEL="2"),
        cwd=ROOT,
        timeout=1200,
    )
    assert process.returncode == 0, process.stdout[-5000:]
    assert re.search(r"\b\d{2,} passed\b", process.stdout)


def python_313() -> str | None:
    """Return a Python 3.13 interpreter of this machine that runs, or None."""
    candidates = [shutil.which("python3.13")]
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/3.13*/bin/python3.13"))
    for candidate in filter(None, candidates):
        process = subprocess.run(
            [candidate, "-c", "import sys; print(sys.executable)"],
            capture_output=True,
            text=True,
            cwd="/",  # away from the work tree's .python-version, which pyenv's shims read
        )
        if process.returncode == 0:
            return process.stdout.strip()
    return None


@pytest.mark.install
@pytest.mark.timeout(1500)
def test_python_313_installs_the_lock_and_runs_a_lecture(tmp_path, tmp_path_factory):
    """Under Python 3.13 the runtime lock installs, every public module imports, and Lecture 2
    runs as a script (exit 0, silent stderr, its figures and models)."""
    interpreter = python_313()
    if interpreter is None:
        pytest.skip("no Python 3.13 on this machine")
    python = install_locked(tmp_path, interpreter)
    version = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == "(3, 13)"
    process, _ = run_script(python, tmp_path, tmp_path_factory)
    assert "distance" in process.stdout
