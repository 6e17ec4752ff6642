"""Train Keras models fast on small in-memory data sets, reproducibly.

`fit` runs `model.fit` on a tf.data pipeline of in-memory tensors and executes a whole pass over
the data (an epoch) in one TensorFlow graph call, instead of one call per batch as
`model.fit` on numpy arrays does. On the lectures' tiny models the per-call overhead is most
of the cost, so this makes each gradient step several times cheaper (see
`benchmarks/ring_autoencoder.py`) while taking the same steps: same batch size, same number of
batches per epoch, same optimizer and loss.
"""

import math
import sys
import time

import keras
import numpy as np
import tensorflow as tf

from aegan import _validate

#: How many training steps of the in-graph loop are unrolled into one loop iteration.
UNROLLED_STEPS = 4
#: How many epochs the compact summary reports (first and last included).
SUMMARY_EPOCHS = 5


def set_seed(seed: int) -> None:
    """Seed Python, numpy and Keras/TensorFlow and make TensorFlow's ops deterministic.

    Call it once at the top of a lecture or script: together with seeded builders and `fit`'s
    seed, two runs then give the same numbers.

    Args:
        seed: a non-negative integer.

    Raises:
        ValueError: if seed is negative.
        TypeError: if seed is not an integer.
    """
    seed = _validate.positive_int("seed", seed, minimum=0)
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def fit(
    model: keras.Model,
    x,
    y=None,
    *,
    epochs: int,
    batch_size: int = 32,
    seed: int,
    verbose: int | str = "auto",
    shuffle: bool = True,
) -> keras.callbacks.History:
    """Train a compiled model on in-memory arrays, one epoch per TensorFlow graph call.

    The model comes compiled by the caller (optimizer, loss, metrics). For the duration of
    the call `fit` sets the model's `steps_per_execution` to the number of batches in one
    epoch (and unrolls that loop by `UNROLLED_STEPS`), so that Keras runs a whole epoch
    in a single graph call; afterwards it restores the model's own setting (and train
    function). The traced graph is kept on the model and reused by the next call with the
    same batches per epoch, unless the model was compiled again. The optimizer, its state, the
    loss and the metrics are left as the caller chose them.

    The data go through a tf.data pipeline that reshuffles every epoch, in an order that
    depends on `seed` and the epoch alone, and makes `ceil(len(x) / batch_size)` batches per
    epoch, the last one possibly smaller: the same batches as
    `model.fit(x, y, batch_size=batch_size)`.

    Args:
        model: a compiled Keras model.
        x: inputs, an array of shape (n, ...) of finite numbers.
        y: targets with n rows, or None: then each batch is the inputs alone (for models whose
            `train_step` takes `data = x_batch`, such as a VAE). An autoencoder is trained
            with `y = x`: the target is the input.
        epochs: number of passes over the data, at least 1.
        batch_size: number of events per gradient step, at least 1.
        seed: seed of the shuffling order. The model's own randomness (initial weights,
            sampling layers) comes from its builder's seed or from `set_seed`.
        verbose: "auto" shows one Keras progress bar over the epochs when standard output is
            a terminal, and otherwise prints a compact summary (the loss at a few epochs, the
            time and the time per step); 0 prints nothing; 1 and 2 are Keras' own modes.
        shuffle: whether to reshuffle the data every epoch.

    Returns:
        The Keras History: `history.history["loss"]` holds the mean loss of each epoch.

    Raises:
        ValueError: if epochs or batch_size is < 1, x or y is empty, not finite or of
            different lengths, verbose is not one of "auto", 0, 1, 2, or the model is not
            compiled.
        TypeError: if an argument has the wrong type.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if not model.compiled:
        raise ValueError("model must be compiled (model.compile(optimizer, loss)) before fit")
    epochs = _validate.positive_int("epochs", epochs)
    batch_size = _validate.positive_int("batch_size", batch_size)
    seed = _validate.positive_int("seed", seed, minimum=0)
    if verbose not in ("auto", 0, 1, 2) or isinstance(verbose, bool):
        raise ValueError(f'verbose must be "auto", 0, 1 or 2, got {verbose!r}')
    if not isinstance(shuffle, bool):
        raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
    x = _rows("x", x)
    if y is not None:
        y = _rows("y", y)
        if len(y) != len(x):
            raise ValueError(f"y must have as many rows as x ({len(x)}), got {len(y)}")

    steps_per_epoch = math.ceil(len(x) / batch_size)
    dataset = _epochs(x if y is None else (x, y), batch_size, seed if shuffle else None)

    if verbose == "auto":
        # A terminal gets one Keras progress bar over the epochs (not a bar per epoch: the
        # lectures run hundreds of short epochs); the site and pipes a compact summary.
        report = _EpochBar(epochs) if sys.stdout.isatty() else _Summary(epochs, steps_per_epoch)
        summary = report if isinstance(report, _Summary) else None
        callbacks, keras_verbose = [report], 0
    else:
        summary, callbacks, keras_verbose = None, [], verbose

    saved = model.steps_per_execution, model.unrolled_steps_per_execution, model.train_function
    model.steps_per_execution = steps_per_epoch
    model.unrolled_steps_per_execution = min(UNROLLED_STEPS, steps_per_epoch)
    # Keras traces its train function with the settings above; reuse the one traced by an
    # earlier call with the same settings and the same compile, else let Keras trace anew.
    key = (steps_per_epoch, model.unrolled_steps_per_execution)
    compiled_with = (model.optimizer, getattr(model, "_compile_loss", None))
    cached = getattr(model, "_aegan_fast_train", None)
    reusable = cached is not None and cached[0] == key and _same(cached[1], compiled_with)
    model.train_function = cached[2] if reusable else None
    try:
        history = model.fit(
            dataset,
            epochs=epochs,
            steps_per_epoch=steps_per_epoch,
            shuffle=False,  # the pipeline shuffles
            verbose=keras_verbose,
            callbacks=callbacks,
        )
        model._aegan_fast_train = (key, compiled_with, model.train_function)
    finally:
        model.steps_per_execution, model.unrolled_steps_per_execution = saved[:2]
        model.train_function = saved[2]  # the caller's own model.fit is left as it was
    if summary is not None:
        summary.print()
    return history


def _epochs(arrays, batch_size: int, seed: int | None) -> tf.data.Dataset:
    """Return an endless dataset of batches, epoch after epoch, each epoch in a seeded order.

    The order of epoch k is a stateless shuffle seeded by (seed, k), so it depends on `seed`
    alone, not on TensorFlow's global seed or on what ran before; None keeps the order.
    """
    tensors = tf.nest.map_structure(tf.constant, arrays)
    rows = len(tf.nest.flatten(arrays)[0])

    def one_epoch(epoch):
        order = tf.range(rows)
        if seed is not None:
            pair = tf.stack([tf.constant(seed, tf.int64), epoch])
            order = tf.random.experimental.stateless_shuffle(order, seed=pair)
        shuffled = tf.nest.map_structure(lambda tensor: tf.gather(tensor, order), tensors)
        return tf.data.Dataset.from_tensor_slices(shuffled).batch(batch_size)

    return tf.data.Dataset.counter().flat_map(one_epoch).prefetch(tf.data.AUTOTUNE)


def _same(first: tuple, second: tuple) -> bool:
    """Return True if the two tuples hold the very same objects."""
    return all(a is b for a, b in zip(first, second, strict=True))


def _rows(name: str, value) -> np.ndarray:
    """Return `value` as a float32 array of at least one row and two dimensions, all finite."""
    try:
        array = np.asarray(value, dtype=np.float32)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{name} must be an array of numbers, got {type(value).__name__}"
        ) from error
    if array.ndim < 2:
        raise ValueError(f"{name} must have shape (n, features...), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one row, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} must be finite, got {bad} NaN or infinite value(s)")
    return array


class _EpochBar(keras.callbacks.Callback):
    """Show Keras' progress bar with one tick per epoch and the latest logs."""

    def __init__(self, epochs: int):
        super().__init__()
        self.bar = keras.utils.Progbar(epochs, unit_name="epoch")

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.bar.stateful_metrics.update(logs)  # show each epoch's value, not a running mean
        self.bar.update(epoch + 1, values=list(logs.items()))


class _Summary(keras.callbacks.Callback):
    """Keep the logs of a few epochs and the time taken; print them as a short table."""

    def __init__(self, epochs: int, steps_per_epoch: int):
        super().__init__()
        self.epochs = epochs
        self.steps_per_epoch = steps_per_epoch
        count = min(SUMMARY_EPOCHS, epochs)
        self.reported = {round(float(e)) for e in np.linspace(1, epochs, count)}
        self.lines: list[str] = []
        self.started = 0.0
        self.seconds = 0.0

    def on_train_begin(self, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 in self.reported:
            values = "  ".join(f"{key} {float(value):.4g}" for key, value in (logs or {}).items())
            width = len(str(self.epochs))
            self.lines.append(f"epoch {epoch + 1:>{width}}/{self.epochs}  {values}")

    def on_train_end(self, logs=None):
        self.seconds = time.perf_counter() - self.started

    def print(self) -> None:
        steps = self.epochs * self.steps_per_epoch
        for line in self.lines:
            print(line)
        print(
            f"time: {steps} steps in {self.seconds:.1f} s, "
            f"{1000 * self.seconds / steps:.2f} ms/step (tracing included)"
        )
