"""Train Keras models fast on small in-memory data sets, reproducibly.

`fit` compiles a model with the caller's optimizer and loss and trains it with `model.fit` on
a tf.data pipeline of in-memory tensors, executing a whole pass over the data (an epoch) in
one TensorFlow graph call (`steps_per_execution`). On the lectures' tiny models the per-call
overhead is most of the cost, so each gradient step is several times cheaper than with
`model.fit` on numpy arrays, even compiled with `steps_per_execution` (see
`benchmarks/ring_autoencoder.py`), while taking the same steps: same batch size, same number
of batches per epoch, same optimizer and loss.
"""

import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from aegan import _validate

#: How many epochs the compact summary reports (first and last included).
SUMMARY_EPOCHS = 5
#: The widest line a printed recipe takes (the site's code column holds about 100 characters).
PRINT_WIDTH = 88


def set_seed(seed: int) -> None:
    """Seed Python, numpy and Keras/TensorFlow, and make TensorFlow's ops deterministic on a GPU.

    Call it once at the top of a lecture or script: together with seeded builders and `fit`'s
    seed, two runs then give the same numbers. On the CPU the course's trainings are
    reproducible bit for bit without TensorFlow's op determinism, which there only rewrites
    Keras's parallel `tf.data` map of arrays into a sequential one and logs
    "E0000 ... NodeDef mentions attribute use_unbounded_threadpool" lines doing so (TensorFlow
    2.21 writes them whatever TF_CPP_MIN_LOG_LEVEL says); on a GPU it is needed, and enabled.

    Args:
        seed: a non-negative integer.

    Raises:
        ValueError: if seed is negative.
        TypeError: if seed is not an integer.
    """
    seed = _validate.seed("seed", seed)
    keras.utils.set_random_seed(seed)
    if tf.config.list_physical_devices("GPU"):
        tf.config.experimental.enable_op_determinism()


def fit(
    model: keras.Model,
    x,
    y=None,
    *,
    optimizer: keras.optimizers.Optimizer,
    loss=None,
    epochs: int,
    batch_size: int,
    seed: int,
    verbose: int | str = "auto",
    shuffle: bool = True,
    callbacks: Sequence[keras.callbacks.Callback] | None = None,
) -> keras.callbacks.History:
    """Compile `model` with `optimizer` and `loss` and train it on in-memory arrays, fast.

    The model is compiled with `steps_per_execution` set to the number of batches in one
    epoch, so that Keras runs a whole epoch in a single graph call. A second call with the
    same optimizer, loss and batches per epoch continues training without compiling again,
    so it reuses the traced graph. The data go through a tf.data pipeline that reshuffles every
    epoch, in an order that depends on `seed` and the epoch alone, and makes
    `ceil(len(x) / batch_size)` batches per epoch, the last one possibly smaller: the same
    batches as `model.fit(x, y, batch_size=batch_size)`.

    Args:
        model: a Keras model (compiled or not: it is compiled here).
        x: inputs, an array of shape (n, ...) of finite numbers.
        y: targets with n rows, or None: then each batch is the inputs alone (for models whose
            `train_step` takes `data = x_batch`, such as a VAE). An autoencoder is trained
            with `y = x`: the target is the input.
        optimizer: a Keras optimizer (a fresh one, or one whose state is to carry on).
        loss: the loss, or None for a model whose `train_step` computes its own.
        epochs: number of passes over the data, at least 1.
        batch_size: number of events per gradient step, at least 1.
        seed: seed of the shuffling order. The model's own randomness (initial weights,
            sampling layers) comes from its builder's seed or from `set_seed`.
        verbose: "auto" shows one Keras progress bar over the epochs when standard output is
            a terminal, and otherwise prints a compact summary (the loss at a few epochs, the
            time and the time per step); 0 prints nothing; 1 and 2 are Keras' own modes.
        shuffle: whether to reshuffle the data every epoch.
        callbacks: more Keras callbacks, or None.

    Returns:
        The Keras History: `history.history["loss"]` holds the mean loss of each epoch.

    Raises:
        ValueError: if epochs or batch_size is < 1, x or y is empty, not finite or of
            different lengths, or verbose is not one of "auto", 0, 1, 2.
        TypeError: if an argument has the wrong type.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise TypeError(f"optimizer must be a Keras optimizer, got {type(optimizer).__name__}")
    epochs = _validate.positive_int("epochs", epochs)
    batch_size = _validate.positive_int("batch_size", batch_size)
    seed = _validate.seed("seed", seed)
    verbose = _verbosity(verbose)
    if not isinstance(shuffle, bool):
        raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
    x = _rows("x", x)
    if y is not None:
        y = _rows("y", y)
        if len(y) != len(x):
            raise ValueError(f"y must have as many rows as x ({len(x)}), got {len(y)}")

    steps_per_epoch = math.ceil(len(x) / batch_size)
    dataset = epochs_dataset(x if y is None else (x, y), batch_size, seed if shuffle else None)
    same_compile = (
        model.compiled
        and model.optimizer is optimizer
        and getattr(model, "loss", None) is loss
        and model.steps_per_execution == steps_per_epoch
    )
    if not same_compile:  # compiling again would throw away the traced graph
        model.compile(optimizer=optimizer, loss=loss, steps_per_execution=steps_per_epoch)
    return run(
        model,
        dataset,
        epochs=epochs,
        steps_per_epoch=steps_per_epoch,
        verbose=verbose,
        callbacks=callbacks or (),
    )


def run(
    model: keras.Model,
    dataset: tf.data.Dataset,
    *,
    epochs: int,
    steps_per_epoch: int,
    verbose: int | str = "auto",
    callbacks=(),
) -> keras.callbacks.History:
    """Run `model.fit` on an endless dataset of batches, reporting as `fit` describes.

    The trainers of the package (`fit`, the recipes' `fit`) compile their model, then call
    this: it adds the progress bar or the compact summary that `verbose` asks for.

    Args:
        model: a compiled Keras model.
        dataset: an endless tf.data.Dataset of batches.
        epochs: epochs to run, at least 1.
        steps_per_epoch: batches per epoch, at least 1.
        verbose: as in `fit`.
        callbacks: more Keras callbacks.

    Returns:
        The Keras History.
    """
    verbose = _verbosity(verbose)
    callbacks = list(callbacks)
    summary = None
    if verbose == "auto":
        # A terminal gets one Keras progress bar over the epochs (not a bar per epoch: the
        # lectures run hundreds of short epochs); the site and pipes a compact summary.
        if sys.stdout.isatty():
            callbacks.append(_EpochBar(epochs))
        else:
            summary = _Summary(epochs, steps_per_epoch)
            callbacks.append(summary)
        verbose = 0
    history = model.fit(
        dataset,
        epochs=epochs,
        steps_per_epoch=steps_per_epoch,
        shuffle=False,  # the pipeline shuffles
        verbose=verbose,
        callbacks=callbacks,
    )
    if summary is not None:
        summary.print()
    return history


@dataclass(frozen=True)
class Recipe:
    """What every recipe of the course is: a frozen dataclass checked at construction.

    A recipe names a model's shape and how it trains. `build(seed=...)` returns a fresh
    model of its shape; `fit(model, data, *, seed, verbose=0, callbacks=None)` trains it with
    fresh optimizers whose schedules last exactly the training the recipe names. A subclass
    checks its fields in `check`, which runs at construction: a recipe with a bad field
    never exists, and the error names the field.
    """

    def __post_init__(self):
        """Check every field (a bad value raises here, naming the field)."""
        self.check()

    def check(self) -> None:
        """Raise ValueError or TypeError naming the first bad field; subclasses extend it."""

    def optimizers(self, n_events: int | None = None) -> dict[str, keras.optimizers.Optimizer]:
        """Return fresh optimizers for one training, as the keywords `compile` takes them.

        One name for every recipe: {"optimizer": ...} for a model of one optimizer,
        {"generator_optimizer": ..., "discriminator_optimizer": ...} for a GAN. `fit` trains
        with them.

        Args:
            n_events: the training events, for a recipe whose schedule lasts `epochs` passes
                over them; a recipe that trains for `iterations` needs none.
        """
        raise NotImplementedError

    def replace(self, **changes) -> "Recipe":
        """Return a copy of this recipe with `changes` to its fields, checked again."""
        return replace(self, **changes)

    def __str__(self) -> str:
        """Return the recipe as `module.Class(field=value, ...)` in lines of `PRINT_WIDTH`.

        `repr` gives the same fields on one line, too wide for a page; `str` (what `print`
        shows) wraps between fields, never inside one, and names the class by the module a
        student imports it from (`flow.Recipe`, not `flow.model.Recipe`).
        """
        parts = type(self).__module__.split(".")
        module = parts[1] if parts[0] == "aegan" and len(parts) > 1 else ".".join(parts)
        head = f"{module}.{type(self).__qualname__}("
        items = [f"{field.name}={getattr(self, field.name)!r}" for field in fields(self)]
        lines, line = [], head
        for index, item in enumerate(items):
            item += "," if index < len(items) - 1 else ")"
            if line != head and len(line) + 1 + len(item) > PRINT_WIDTH:
                lines.append(line)  # the next field starts a line, under the first field
                line = " " * len(head) + item
            else:
                line += item if line == head else " " + item
        return "\n".join([*lines, line if items else head + ")"])


@dataclass(frozen=True)
class EpochRecipe(Recipe):
    """A recipe trained in passes over in-memory events (`fit` below), through `training.fit`.

    Attributes:
        epochs: passes over the training events.
        batch_size: events per gradient step.
        learning_rate: the learning rate at the start.
    """

    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 1e-3

    #: Whether the model learns to give back its input (`y = x`); False for a model whose
    #: `train_step` computes its own loss from the inputs alone.
    targets_are_inputs = True
    #: The class of model `fit` trains.
    model_type = keras.Model

    def check(self) -> None:
        """Check the epochs, the batch size and the learning rate."""
        super().check()
        _validate.positive_int("epochs", self.epochs)
        _validate.positive_int("batch_size", self.batch_size)
        _validate.positive_float("learning_rate", self.learning_rate)

    def steps(self, n_events: int) -> int:
        """Return the gradient steps of the whole training on `n_events` events."""
        n_events = _validate.positive_int("n_events", n_events)
        return self.epochs * math.ceil(n_events / self.batch_size)

    def optimizer(self, n_events: int) -> keras.optimizers.Optimizer:
        """Return a fresh optimizer for a training on `n_events` events."""
        raise NotImplementedError

    def optimizers(self, n_events: int | None = None) -> dict[str, keras.optimizers.Optimizer]:
        """Return {"optimizer": `optimizer(n_events)`}: the schedule needs the events' count.

        Raises:
            ValueError: if n_events is None or < 1.
        """
        if n_events is None:
            raise ValueError("n_events is needed: the schedule lasts epochs passes over them")
        return {"optimizer": self.optimizer(n_events)}

    def loss(self):
        """Return the loss `compile` takes, or None for a model that computes its own."""
        return None

    def input_dim(self, model: keras.Model) -> int:
        """Return the size of the events `model` takes."""
        return int(model.inputs[0].shape[-1])

    def fit(
        self,
        model: keras.Model,
        events,
        *,
        seed: int,
        verbose: int | str = 0,
        callbacks: Sequence[keras.callbacks.Callback] | None = None,
    ) -> keras.callbacks.History:
        """Train `model` on `events` for this recipe's epochs, with a fresh optimizer.

        Args:
            model: a model from this recipe's `build`.
            events: (n, d) training events, d the model's input size.
            seed: seed of the shuffling order, an integer >= 0.
            verbose: as in `fit`.
            callbacks: more Keras callbacks, or None.

        Returns:
            The Keras History, with the mean loss (losses) of each epoch.

        Raises:
            ValueError: if events is not an (n, d) array of finite numbers matching the model.
            TypeError: if model is not of the recipe's `model_type`.
        """
        if not isinstance(model, self.model_type):
            kind = "keras.Model" if self.model_type is keras.Model else self.model_type.__name__
            raise TypeError(f"model must be a {kind}, got {type(model).__name__}")
        events = _validate.array("events", events, ndim=2, columns=self.input_dim(model))
        return fit(
            model,
            events,
            events if self.targets_are_inputs else None,
            **self.optimizers(len(events)),
            loss=self.loss(),
            epochs=self.epochs,
            batch_size=self.batch_size,
            seed=seed,
            verbose=verbose,
            callbacks=callbacks,
        )


def steps_per_call(iterations: int, *, most: int) -> int:
    """Return the largest divisor of `iterations` up to `most`: the steps of one graph call."""
    return next(k for k in range(min(most, iterations), 0, -1) if not iterations % k)


def check_batches(dataset: tf.data.Dataset, batch_size: int) -> None:
    """Raise ValueError unless every batch of `dataset` holds `batch_size` rows.

    The batch size is read from the dataset's element spec when it is known; otherwise from
    its first batch (a tf.data pipeline restarts at each iteration, so nothing is lost).
    """
    first = tf.nest.flatten(dataset.element_spec)[0].shape
    rows = first[0] if first.rank else None
    if rows is None:
        batch = tf.nest.flatten(next(iter(dataset.take(1))))[0]
        rows = int(batch.shape[0])
    if rows != batch_size:
        raise ValueError(
            f"data yields batches of {rows} rows, the recipe takes batches of {batch_size}: "
            "build the dataset with the recipe's batch size"
        )


def _verbosity(verbose):
    """Return `verbose`, or raise if it is not "auto", 0, 1 or 2."""
    if isinstance(verbose, bool) or verbose not in ("auto", 0, 1, 2):
        raise ValueError(f'verbose must be "auto", 0, 1 or 2, got {verbose!r}')
    return verbose


def epochs_dataset(arrays, batch_size: int, seed: int | None) -> tf.data.Dataset:
    """Return an endless dataset of batches, epoch after epoch, each epoch in a seeded order.

    The order of epoch k is a stateless shuffle seeded by (seed, k), so it depends on `seed`
    alone, not on TensorFlow's global seed or on what ran before; None keeps the order.
    """
    tensors = tf.nest.map_structure(tf.constant, arrays)
    rows = len(tf.nest.flatten(arrays)[0])

    def batch_at(shuffled, start):
        return tf.nest.map_structure(lambda tensor: tensor[start : start + batch_size], shuffled)

    def one_epoch(epoch):
        order = tf.range(rows)
        if seed is not None:
            pair = tf.stack([tf.constant(seed, tf.int64), epoch])
            order = tf.random.experimental.stateless_shuffle(order, seed=pair)
        shuffled = tf.nest.map_structure(lambda tensor: tf.gather(tensor, order), tensors)
        # A batch is a slice of the shuffled epoch (the last one shorter): the batches of
        # from_tensor_slices(shuffled).batch(batch_size), which builds each batch row by row:
        # 1.7 ms a batch of 1024 jets (two arrays of 6 columns) against 0.3-0.4 ms sliced
        # (benchmarks/tensorflow_settings.py), on the cores that also train.
        starts = tf.data.Dataset.range(0, rows, batch_size)
        return starts.map(lambda start: batch_at(shuffled, start))

    return tf.data.Dataset.counter().flat_map(one_epoch).prefetch(tf.data.AUTOTUNE)


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
        self.rows: list[tuple[str, dict[str, float]]] = []
        self.started = 0.0
        self.seconds = 0.0

    def on_train_begin(self, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 in self.reported:
            values = {key: float(value) for key, value in (logs or {}).items()}
            self.rows.append((f"{epoch + 1}/{self.epochs}", values))

    def on_train_end(self, logs=None):
        self.seconds = time.perf_counter() - self.started

    def print(self) -> None:
        """Print the kept epochs as a table (a column per log, named once), then the time."""
        steps = self.epochs * self.steps_per_epoch
        if self.rows:
            frame = pd.DataFrame([{"epoch": epoch, **values} for epoch, values in self.rows])
            print(frame.to_string(index=False, float_format="{:.4g}".format, na_rep="-"))
        print(
            f"time: {steps} steps in {self.seconds:.1f} s, "
            f"{1000 * self.seconds / steps:.2f} ms/step"
        )
