"""What `import aegan` does first: check Keras's backend, then import TensorFlow quietly.

aegan runs on Keras 3 with the TensorFlow backend only: its training steps use
`tf.GradientTape`, its input pipelines `tf.data`. Under another backend (`KERAS_BACKEND=jax` or
`torch`) the builders would work and training would fail far from the cause, so the import
stops at once with an error that names KERAS_BACKEND.

A module of its own, so that the tests can run it in a fresh interpreter against a fake
TensorFlow without importing the rest of the package.
"""

import contextlib
import json
import os
import sys
import tempfile

#: The one Keras backend aegan runs on.
BACKEND = "tensorflow"


def configured_backend() -> str:
    """Return the backend Keras uses or will use, read as Keras reads it, without importing it.

    A Keras already imported says which backend it runs; otherwise KERAS_BACKEND decides, then
    the "backend" of keras.json in KERAS_HOME (by default ~/.keras), then Keras's default,
    TensorFlow.
    """
    keras = sys.modules.get("keras")
    if keras is not None and hasattr(keras, "config"):
        return keras.config.backend()
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    try:
        with open(os.path.join(home, "keras.json"), encoding="utf-8") as file:
            return json.load(file).get("backend", BACKEND)
    except (OSError, ValueError, AttributeError):
        return BACKEND


def require_tensorflow_backend() -> None:
    """Raise ImportError naming KERAS_BACKEND unless Keras runs (or will run) on TensorFlow."""
    backend = configured_backend()
    if backend != BACKEND:
        raise ImportError(
            f"aegan needs Keras's TensorFlow backend, but Keras is set to {backend!r} "
            "(KERAS_BACKEND, or the backend in ~/.keras/keras.json). Set "
            "KERAS_BACKEND=tensorflow before Python starts, or unset it, and start a fresh "
            "interpreter (in a notebook: restart the kernel); aegan's training loops use "
            "tf.GradientTape and tf.data, which run on TensorFlow only."
        )


def import_tensorflow_quietly() -> None:
    """Import TensorFlow with its C++ start-up log lines (oneDNN, CUDA, CPU flags) silenced.

    TF_CPP_MIN_LOG_LEVEL does not reach the lines TensorFlow writes before its logger is
    initialised, and in a notebook kernel they would land in the page as stderr output. So the
    import, and the device discovery that prints the rest, run with file descriptor 2 pointed
    at a temporary file. If the import fails, what TensorFlow wrote there is written back to
    stderr before the error propagates, so a broken installation still explains itself.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            import tensorflow as tf

            tf.config.list_physical_devices()
        except BaseException:
            os.dup2(saved, 2)
            captured.seek(0)
            sys.stderr.write(captured.read().decode(errors="replace"))
            sys.stderr.flush()
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def use_one_intra_op_thread() -> None:
    """Run each TensorFlow op on one thread, unless TF_NUM_INTRAOP_THREADS says otherwise.

    The course's networks are small (at most three layers of 128 units, batches of 1024), and
    splitting each op over the cores costs more than it gives: with one thread per op
    (TensorFlow still runs independent ops side by side) Lectures 5 and 7 ran about a fifth
    faster on 2 cores (docs/performance.md). It also makes training the same on any number of
    cores: with a thread per core, TensorFlow splits a matrix product's sum over the cores,
    and a flow trained on 2 cores differed in its last bits from one trained on 1.

    A no-op if TF_NUM_INTRAOP_THREADS is set (TensorFlow then uses it), or if TensorFlow has
    already run an op in this process (its threads are fixed by then).
    """
    if os.environ.get("TF_NUM_INTRAOP_THREADS"):
        return
    import tensorflow as tf

    with contextlib.suppress(RuntimeError):  # TensorFlow ran an op before aegan was imported
        tf.config.threading.set_intra_op_parallelism_threads(1)


require_tensorflow_backend()
import_tensorflow_quietly()
