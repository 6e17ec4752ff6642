"""Tests of aegan's start-up: the backend checked, TensorFlow imported quietly, a broken
TensorFlow explained.

Each test runs in a fresh interpreter whose PYTHONPATH puts a fake `tensorflow` package first,
so that no real TensorFlow is loaded and the subprocess takes a fraction of a second. A broken
TensorFlow fails `import aegan` itself; a working fake cannot carry the rest of the package
(Keras needs the real one), so those tests run `aegan/_startup.py`, what `import aegan` runs
first, on its own.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import aegan

#: What `import aegan` runs first; run on its own by the tests with a working fake TensorFlow.
STARTUP = f"import runpy; runpy.run_path({str(Path(aegan.__file__).with_name('_startup.py'))!r})"

BROKEN = """
import os
os.write(2, b"fake tensorflow: libcudart.so.12 not found\\n")
raise ImportError("fake tensorflow failed to load its shared library")
"""

CHATTY = """
import os
import sys
os.write(2, b"fake tensorflow: oneDNN custom operations are on\\n")
print("TF_CPP_MIN_LOG_LEVEL=" + os.environ.get("TF_CPP_MIN_LOG_LEVEL", "unset"))


class config:
    @staticmethod
    def list_physical_devices():
        os.write(2, b"fake tensorflow: could not find cuda drivers\\n")
        sys.stderr.write("fake tensorflow: a Python warning\\n")
        return []
"""


def import_aegan(tmp_path, fake: str, *, code: str = STARTUP, env=None):
    """Run `code` in a fresh interpreter that finds `fake` as the tensorflow package."""
    package = tmp_path / "fake" / "tensorflow"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(fake))
    unset = {"TF_CPP_MIN_LOG_LEVEL", "KERAS_BACKEND"}
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    # A Keras home of the test's own: the user's ~/.keras/keras.json must not decide the backend.
    environment["KERAS_HOME"] = str(tmp_path / "keras-home")
    environment.update(env or {})
    environment["PYTHONPATH"] = str(tmp_path / "fake")
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def test_failing_tensorflow_explains_itself(tmp_path):
    """A TensorFlow that fails to import shows what it printed and the error, and exits non-zero."""
    process = import_aegan(tmp_path, BROKEN, code="import aegan")
    assert process.returncode != 0
    assert "fake tensorflow: libcudart.so.12 not found" in process.stderr
    assert "ImportError: fake tensorflow failed to load its shared library" in process.stderr
    printed = process.stderr.index("libcudart")
    assert printed < process.stderr.index("ImportError: fake tensorflow")  # printed first


def test_start_up_lines_are_silenced(tmp_path):
    """What TensorFlow writes to stderr on import and on device discovery is not shown."""
    process = import_aegan(tmp_path, CHATTY)
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""


def test_stderr_works_after_the_import(tmp_path):
    """After the import, file descriptor 2 and sys.stderr write to the real stderr again."""
    code = f"{STARTUP}; import os, sys; os.write(2, b'fd two\\n'); sys.stderr.write('python\\n')"
    process = import_aegan(tmp_path, CHATTY, code=code)
    assert process.returncode == 0
    assert process.stderr == "fd two\npython\n"


@pytest.mark.parametrize(("env", "level"), [({}, "2"), ({"TF_CPP_MIN_LOG_LEVEL": "0"}, "0")])
def test_log_level_default(tmp_path, env, level):
    """TF_CPP_MIN_LOG_LEVEL defaults to 2 before TensorFlow loads; a value already set is kept."""
    process = import_aegan(tmp_path, CHATTY, env=env)
    assert process.stdout.strip() == f"TF_CPP_MIN_LOG_LEVEL={level}"


def test_tensorflow_already_imported(tmp_path):
    """If TensorFlow is already imported, aegan neither imports it again nor hides stderr."""
    code = f"import tensorflow, os; {STARTUP}; os.write(2, b'still shown\\n')"
    process = import_aegan(tmp_path, CHATTY, code=code)
    assert process.returncode == 0
    assert process.stderr == "fake tensorflow: oneDNN custom operations are on\nstill shown\n"
    assert process.stdout.count("TF_CPP_MIN_LOG_LEVEL") == 1


def assert_backend_refused(process, backend: str) -> None:
    """The import failed with one ImportError that names KERAS_BACKEND and the backend."""
    assert process.returncode != 0
    assert process.stderr.count("Traceback") == 1
    last = process.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: aegan needs Keras's TensorFlow backend")
    assert "KERAS_BACKEND" in last
    assert repr(backend) in last


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_other_backend_is_refused_before_tensorflow_loads(tmp_path, backend):
    """`import aegan` under KERAS_BACKEND=jax or torch stops with the one clear error, before
    TensorFlow is imported (the fake says so if it is)."""
    process = import_aegan(tmp_path, CHATTY, code="import aegan", env={"KERAS_BACKEND": backend})
    assert_backend_refused(process, backend)
    assert "fake tensorflow" not in process.stderr
    assert "TF_CPP_MIN_LOG_LEVEL" not in process.stdout


def test_backend_from_keras_json_is_refused(tmp_path):
    """With KERAS_BACKEND unset, the backend written in KERAS_HOME's keras.json is checked."""
    home = tmp_path / "home-with-jax"
    home.mkdir()
    (home / "keras.json").write_text('{"backend": "jax", "floatx": "float32"}')
    process = import_aegan(tmp_path, CHATTY, code="import aegan", env={"KERAS_HOME": str(home)})
    assert_backend_refused(process, "jax")


def test_keras_already_imported_on_another_backend_is_refused(tmp_path):
    """A Keras imported before aegan on another backend is refused too (a notebook that ran
    `import keras` under jax first)."""
    fake_keras = tmp_path / "fake" / "keras"
    fake_keras.mkdir(parents=True)
    (fake_keras / "__init__.py").write_text(
        "class config:\n    @staticmethod\n    def backend():\n        return 'jax'\n"
    )
    process = import_aegan(tmp_path, CHATTY, code=f"import keras; {STARTUP}")
    assert_backend_refused(process, "jax")


@pytest.mark.parametrize("env", [{"KERAS_BACKEND": "tensorflow"}, {}], ids=["tensorflow", "unset"])
def test_tensorflow_backend_passes(tmp_path, env):
    """KERAS_BACKEND=tensorflow, or nothing set at all, lets the start-up import TensorFlow."""
    process = import_aegan(tmp_path, CHATTY, env=env)
    assert process.returncode == 0, process.stderr
    assert process.stdout.count("TF_CPP_MIN_LOG_LEVEL") == 1


def test_the_real_package_refuses_jax(tmp_path):
    """The installed package, not a fake: `KERAS_BACKEND=jax python -c "import aegan"` fails
    with the error before TensorFlow is imported (so this test is quick)."""
    environment = {**os.environ, "KERAS_BACKEND": "jax", "KERAS_HOME": str(tmp_path)}
    code = "import sys\ntry:\n    import aegan\nfinally:\n    print('tensorflow' in sys.modules)"
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, timeout=60
    )
    assert_backend_refused(process, "jax")
    assert process.stdout.strip() == "False"


THREADS = "import tensorflow as tf\nprint(tf.config.threading.get_intra_op_parallelism_threads())"


@pytest.mark.parametrize(
    ("code", "env", "threads"),
    [
        (f"import aegan\n{THREADS}", {}, "1"),
        (f"import aegan\n{THREADS}", {"TF_NUM_INTRAOP_THREADS": "2"}, "0"),
        (f"{THREADS}\ntf.constant(1.0) + 1.0\nimport aegan", {}, "0"),
    ],
    ids=["one thread", "the user's setting", "tensorflow ran first"],
)
def test_one_intra_op_thread_unless_told(code, env, threads):
    """`import aegan` asks TensorFlow for one thread per op (0 is TensorFlow's own default, a
    thread per core); TF_NUM_INTRAOP_THREADS, if set, is left to TensorFlow, and a TensorFlow
    that already ran an op keeps its threads, without an error."""
    environment = {
        **{k: v for k, v in os.environ.items() if k != "TF_NUM_INTRAOP_THREADS"},
        "TF_CPP_MIN_LOG_LEVEL": "3",
        **env,
    }
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, timeout=120
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.split()[0] == threads
