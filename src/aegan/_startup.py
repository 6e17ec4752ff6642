"""Import TensorFlow with its start-up lines silenced: the first thing `import aegan` does.

A module of its own, so that the tests can run it in a fresh interpreter against a fake
TensorFlow without importing the rest of the package.
"""

import os
import sys
import tempfile


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


import_tensorflow_quietly()
