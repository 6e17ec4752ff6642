"""aegan: the tested code behind the lectures on autoencoders and generative networks.

Modules, one idea each: `data` (samples), `pca`, `autoencoder`, `vae`, `gan`, `training`
(fast input pipelines, seeding), `metrics`, `plotting`, `outputs` (where a lecture's files go)
and `lectures` (executing lectures as notebooks, with a cache).
"""

import os
import sys

__version__ = "0.1.0"


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow with its C++ start-up log lines (oneDNN, CUDA, CPU flags) silenced.

    TF_CPP_MIN_LOG_LEVEL does not reach the lines TensorFlow writes before its logger is
    initialised, and in a notebook kernel they would land in the page as stderr output. So the
    import, and the device discovery that prints the rest, run with file descriptor 2 pointed
    at /dev/null. Python exceptions still propagate and print once stderr is restored.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        import tensorflow as tf

        tf.config.list_physical_devices()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


_import_tensorflow_quietly()
