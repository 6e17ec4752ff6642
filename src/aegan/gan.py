"""The GAN of the 1-D function tutorial: builders, a GAN trained through `fit()`, its recorder.

`GAN.train_step` runs the tutorial's schedule (a discriminator step on real points labelled 1,
one on generated points labelled 0, then a generator step through the discriminator with
labels 1) inside one compiled graph, many iterations per graph call. `train_tutorial_literal`
is the tutorial's own loop ported word for word, kept to show what goes wrong in Keras 3.
"""

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from aegan import _validate, data


@keras.saving.register_keras_serializable(package="aegan")
def square(x):
    """Return x**2 elementwise: the tutorial's target function, for tensors and arrays alike."""
    return keras.ops.square(x)


def _hidden_units(hidden) -> tuple[int, ...]:
    """Return `hidden` (an int or a sequence of ints) as a non-empty tuple of layer widths."""
    if isinstance(hidden, Sequence) and not isinstance(hidden, str):
        if len(hidden) == 0:
            raise ValueError("hidden must name at least one layer width, got ()")
        return tuple(_validate.positive_int("hidden", units) for units in hidden)
    return (_validate.positive_int("hidden", hidden),)


def _layer_seeds(seed: int | None, count: int) -> list[int | None]:
    """Return one seed per layer, drawn from `seed` (all None when `seed` is None)."""
    if seed is None:
        return [None] * count
    return [int(value) for value in np.random.SeedSequence(seed).generate_state(count)]


def _dense_stack(inputs, hidden, outputs: int, activation: str | None, seed, name: str):
    """Return the tensor of relu/he_uniform hidden layers then one Dense of `outputs` units."""
    seeds = _layer_seeds(seed, len(hidden) + 1)
    x = inputs
    for index, units in enumerate(hidden):
        x = layers.Dense(
            units,
            activation="relu",
            kernel_initializer=keras.initializers.HeUniform(seed=seeds[index]),
            name=f"{name}_hidden_{index + 1}",
        )(x)
    return layers.Dense(
        outputs,
        activation=activation,
        kernel_initializer=keras.initializers.GlorotUniform(seed=seeds[-1]),
        name=f"{name}_output",
    )(x)


def build_discriminator(
    input_dim: int = 2, hidden=25, *, seed: int | None, name: str = "discriminator"
) -> keras.Model:
    """Build the tutorial's discriminator: Dense(hidden, relu, he_uniform) -> Dense(1, sigmoid).

    Args:
        input_dim: size of a point, at least 1.
        hidden: width of the hidden layer, or a tuple of widths for several layers.
        seed: seed of the weight initialisers (None draws fresh entropy).
        name: the model's name.

    Returns:
        An uncompiled Functional model mapping (n, input_dim) points to (n, 1) probabilities.

    Raises:
        ValueError: if input_dim or a hidden width is < 1.
    """
    input_dim = _validate.positive_int("input_dim", input_dim)
    hidden = _hidden_units(hidden)
    inputs = keras.Input(shape=(input_dim,), name="points")
    outputs = _dense_stack(inputs, hidden, 1, "sigmoid", seed, name)
    return keras.Model(inputs, outputs, name=name)


def build_generator(
    latent_dim: int = 5,
    hidden=15,
    output_dim: int = 2,
    *,
    seed: int | None,
    name: str = "generator",
) -> keras.Model:
    """Build the tutorial's generator: Dense(hidden, relu, he_uniform) -> Dense(output_dim).

    Args:
        latent_dim: size of a latent point, at least 1.
        hidden: width of the hidden layer, or a tuple of widths for several layers.
        output_dim: size of a generated point, at least 1.
        seed: seed of the weight initialisers (None draws fresh entropy).
        name: the model's name.

    Returns:
        An uncompiled Functional model mapping (n, latent_dim) latent points to (n, output_dim).

    Raises:
        ValueError: if latent_dim, output_dim or a hidden width is < 1.
    """
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    output_dim = _validate.positive_int("output_dim", output_dim)
    hidden = _hidden_units(hidden)
    inputs = keras.Input(shape=(latent_dim,), name="latent_points")
    outputs = _dense_stack(inputs, hidden, output_dim, None, seed, name)
    return keras.Model(inputs, outputs, name=name)


def _interval(low, high) -> tuple[float, float]:
    """Return (low, high) as floats, or raise if they do not make an interval."""
    low = _validate.finite_float("low", low)
    high = _validate.finite_float("high", high)
    if low >= high:
        raise ValueError(f"low must be < high, got low={low!r} and high={high!r}")
    return low, high


def _positive_rate(name: str, value) -> float:
    """Return `value` as a float, or raise if it is not a finite number > 0."""
    value = _validate.finite_float(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return value


def _fraction(name: str, value) -> float:
    """Return `value` as a float, or raise if it is not in [0, 1)."""
    value = _validate.finite_float(name, value)
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


LATENT_LAWS = ("normal", "uniform")


def _latent_law(latent) -> str:
    """Return `latent`, or raise if it does not name a latent law."""
    if latent not in LATENT_LAWS:
        raise ValueError(f"latent must be one of {LATENT_LAWS}, got {latent!r}")
    return latent


def latent_sample(n: int, latent_dim: int, latent: str = "normal", *, seed) -> np.ndarray:
    """Return `n` float32 latent points of size `latent_dim` from the law named by `latent`.

    Args:
        n: how many points, at least 1.
        latent_dim: size of a point, at least 1.
        latent: "normal" (the standard normal law, the tutorial's) or "uniform" (uniform in
            [-1, 1] on each coordinate, as in DCGAN).
        seed: seed or `numpy.random.Generator` of the draw.

    Returns:
        An (n, latent_dim) float32 array.

    Raises:
        ValueError: if n or latent_dim is < 1, or latent names no law.
    """
    n = _validate.positive_int("n", n)
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    rng = np.random.default_rng(seed)
    if _latent_law(latent) == "uniform":
        return rng.uniform(-1.0, 1.0, size=(n, latent_dim)).astype(np.float32)
    return rng.standard_normal((n, latent_dim)).astype(np.float32)


def _even_batch_size(batch_size) -> int:
    """Return `batch_size`, or raise if it cannot be split into two halves."""
    batch_size = _validate.positive_int("batch_size", batch_size, minimum=2)
    if batch_size % 2:
        raise ValueError(f"batch_size must be even (it is split in halves), got {batch_size}")
    return batch_size


@keras.saving.register_keras_serializable(package="aegan")
class GAN(keras.Model):
    """A generator and a discriminator trained against each other, one tutorial iteration a step.

    Each step draws fresh real points (x1 uniform in [low, high], x2 = function(x1)) and fresh
    latent points inside the graph, from a seeded generator, so a run is reproducible.

    Args:
        generator: maps (n, latent_dim) latent points to (n, 2) points.
        discriminator: maps (n, 2) points to (n, 1) probabilities of being real.
        function: the target x2 = function(x1), written with `keras.ops` so it traces.
        low: lower end of x1.
        high: upper end of x1, > low.
        batch_size: latent points per generator step; each discriminator step takes half as
            many real or generated points. Even, at least 2.
        latent: the law of the latent points, "normal" (standard normal, the tutorial's) or
            "uniform" (uniform in [-1, 1] on each coordinate).
        seed: seed of the sampling inside the steps (None draws fresh entropy).
    """

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        *,
        function: Callable = square,
        low: float = -0.5,
        high: float = 0.5,
        batch_size: int = 128,
        latent: str = "normal",
        seed: int | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not isinstance(generator, keras.Model):
            raise TypeError(f"generator must be a keras.Model, got {type(generator).__name__}")
        if not isinstance(discriminator, keras.Model):
            kind = type(discriminator).__name__
            raise TypeError(f"discriminator must be a keras.Model, got {kind}")
        self.function = _validate.callable_("function", function)
        self.low, self.high = _interval(low, high)
        self.batch_size = _even_batch_size(batch_size)
        self.latent = _latent_law(latent)
        self.seed = seed
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(generator.inputs[0].shape[-1])
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.loss_fn = keras.losses.BinaryCrossentropy()
        self.discriminator_loss_real = keras.metrics.Mean(name="discriminator_loss_real")
        self.discriminator_loss_fake = keras.metrics.Mean(name="discriminator_loss_fake")
        self.generator_loss = keras.metrics.Mean(name="generator_loss")

    def compile(
        self,
        discriminator_optimizer: keras.optimizers.Optimizer,
        generator_optimizer: keras.optimizers.Optimizer,
        **kwargs,
    ):
        """Configure the two optimizers (one per network, as the tutorial's two compiled models)."""
        super().compile(**kwargs)
        self.discriminator_optimizer = discriminator_optimizer
        self.generator_optimizer = generator_optimizer

    @property
    def metrics(self):
        """Return the loss trackers, reset at each epoch by `fit()`."""
        return [self.discriminator_loss_real, self.discriminator_loss_fake, self.generator_loss]

    def call(self, latent_points, training=False):
        """Return the generator's points for `latent_points`."""
        return self.generator(latent_points, training=training)

    def real_points(self, n: int):
        """Draw `n` real points (x1, function(x1)) with x1 uniform in [low, high]."""
        x1 = keras.random.uniform(
            (n, 1), minval=self.low, maxval=self.high, seed=self.seed_generator
        )
        return keras.ops.concatenate([x1, self.function(x1)], axis=1)

    def latent_points(self, n: int):
        """Draw `n` latent points from the GAN's latent law."""
        shape = (n, self.latent_dim)
        if self.latent == "uniform":
            return keras.random.uniform(shape, -1.0, 1.0, seed=self.seed_generator)
        return keras.random.normal(shape, seed=self.seed_generator)

    def discriminator_step(self, points, label: float):
        """Take one optimizer step of the discriminator on `points`, all labelled `label`."""
        labels = keras.ops.full((keras.ops.shape(points)[0], 1), label)
        with tf.GradientTape() as tape:
            loss = self.loss_fn(labels, self.discriminator(points, training=True))
        weights = self.discriminator.trainable_weights
        gradients = tape.gradient(loss, weights)
        self.discriminator_optimizer.apply_gradients(zip(gradients, weights, strict=True))
        return loss

    def generator_step(self, latent_points):
        """Take one optimizer step of the generator, scored by the discriminator with labels 1."""
        labels = keras.ops.ones((keras.ops.shape(latent_points)[0], 1))
        with tf.GradientTape() as tape:
            fake = self.generator(latent_points, training=True)
            loss = self.loss_fn(labels, self.discriminator(fake, training=False))
        weights = self.generator.trainable_weights
        gradients = tape.gradient(loss, weights)
        self.generator_optimizer.apply_gradients(zip(gradients, weights, strict=True))
        return loss

    def train_step(self, data):
        """Run one tutorial iteration: real half-batch, generated half-batch, generator batch."""
        half = self.batch_size // 2
        real = self.real_points(half)
        fake = self.generator(self.latent_points(half), training=False)
        loss_real = self.discriminator_step(real, 1.0)
        loss_fake = self.discriminator_step(fake, 0.0)
        loss_generator = self.generator_step(self.latent_points(self.batch_size))
        self.discriminator_loss_real.update_state(loss_real)
        self.discriminator_loss_fake.update_state(loss_fake)
        self.generator_loss.update_state(loss_generator)
        return {metric.name: metric.result() for metric in self.metrics}

    def get_config(self):
        """Return the arguments that rebuild this GAN (networks and function serialized)."""
        return {
            **super().get_config(),
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "function": keras.saving.serialize_keras_object(self.function),
            "low": self.low,
            "high": self.high,
            "batch_size": self.batch_size,
            "latent": self.latent,
            "seed": self.seed,
        }

    @classmethod
    def from_config(cls, config):
        """Rebuild a GAN from `get_config()`'s output."""
        config = dict(config)
        for key in ("generator", "discriminator", "function"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)


@dataclass
class Snapshot:
    """What the recorder saw at one iteration."""

    iteration: int
    real_accuracy: float
    fake_accuracy: float
    points: np.ndarray


class SnapshotRecorder(keras.callbacks.Callback):
    """Record, every `every` iterations, the discriminator's accuracies and generated points.

    As the tutorial's `summarize_performance`, the accuracies are on `n_points` real points
    (label 1) and `n_points` generated points (label 0). Both sets are drawn once, from
    `seed`, so that successive snapshots show the same latent points moving.

    Args:
        every: record when the number of iterations is a multiple of this, at least 1.
            Checked at the end of each `fit()` epoch, so epochs must divide it.
        n_points: real and generated points per snapshot, at least 1.
        seed: seed of the real and latent points.
    """

    def __init__(self, every: int, *, n_points: int = 100, seed: int | None):
        super().__init__()
        self.every = _validate.positive_int("every", every)
        self.n_points = _validate.positive_int("n_points", n_points)
        self.seed = seed
        self.snapshots: list[Snapshot] = []

    def on_train_begin(self, logs=None):
        """Draw the fixed real and latent points for this GAN."""
        model = self.model
        rng = np.random.default_rng(self.seed)
        low, high = model.low, model.high
        x1 = rng.uniform(low, high, size=(self.n_points, 1)).astype(np.float32)
        x2 = np.asarray(model.function(x1), dtype=np.float32)
        self.real = np.concatenate([x1, x2], axis=1)
        self.latent = latent_sample(self.n_points, model.latent_dim, model.latent, seed=rng)

    def on_epoch_end(self, epoch, logs=None):
        """Record a snapshot when the iteration count is a multiple of `every`."""
        iteration = int(self.model.generator_optimizer.iterations.numpy())
        if iteration % self.every == 0:
            self.snapshots.append(snapshot(self.model, self.real, self.latent, iteration))


def snapshot(model: GAN, real: np.ndarray, latent: np.ndarray, iteration: int) -> Snapshot:
    """Return the discriminator's accuracies on `real` and on the generator's image of `latent`."""
    points = np.asarray(model.generator(latent, training=False))
    real_scores = np.asarray(model.discriminator(real, training=False))[:, 0]
    fake_scores = np.asarray(model.discriminator(points, training=False))[:, 0]
    return Snapshot(
        iteration=iteration,
        real_accuracy=float(np.mean(real_scores > 0.5)),
        fake_accuracy=float(np.mean(fake_scores <= 0.5)),
        points=points,
    )


@dataclass
class TrainingRun:
    """A trained GAN with its loss history and snapshots.

    `losses` maps each tracked loss to its mean over each block of `log_every` iterations;
    `iterations` holds the iteration count at the end of each block.
    """

    gan: GAN
    iterations: np.ndarray
    losses: dict[str, np.ndarray]
    snapshots: list[Snapshot] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def generator(self) -> keras.Model:
        """Return the trained generator."""
        return self.gan.generator

    @property
    def discriminator(self) -> keras.Model:
        """Return the trained discriminator."""
        return self.gan.discriminator


def train(
    generator: keras.Model,
    discriminator: keras.Model,
    *,
    iterations: int = 10_000,
    batch_size: int = 128,
    latent: str = "normal",
    function: Callable = square,
    low: float = -0.5,
    high: float = 0.5,
    learning_rate: float = 0.001,
    discriminator_learning_rate: float | None = None,
    beta_1: float = 0.9,
    generator_average: float | None = None,
    record_every: int = 2000,
    log_every: int = 100,
    n_points: int = 100,
    jit_compile: bool = False,
    seed: int | None,
) -> TrainingRun:
    """Train `generator` against `discriminator` with the tutorial's schedule, through `fit()`.

    Each network gets its own Adam optimizer (the tutorial's defaults: learning rate 0.001,
    beta_1 0.9). `fit()` runs `log_every` iterations per graph call and per epoch.

    Args:
        generator: maps (n, latent_dim) latent points to (n, 2) points; trained in place.
        discriminator: maps (n, 2) points to (n, 1) probabilities; trained in place.
        iterations: tutorial iterations, a multiple of `log_every`.
        batch_size: latent points per generator step (halves for the discriminator), even.
        latent: the law of the latent points, "normal" (the tutorial's) or "uniform" (in
            [-1, 1] on each coordinate).
        function: the target x2 = function(x1), written with `keras.ops`.
        low: lower end of x1.
        high: upper end of x1, > low.
        learning_rate: Adam's learning rate for the generator, and for the discriminator
            unless `discriminator_learning_rate` is given; > 0.
        discriminator_learning_rate: Adam's learning rate for the discriminator, > 0.
        beta_1: Adam's first-moment decay for both networks, in [0, 1).
        generator_average: if given, the momentum in [0, 1) of an exponential moving
            average of the generator's weights, which replaces them at the end of training.
        record_every: iterations between snapshots, a multiple of `log_every`.
        log_every: iterations per loss record (and per graph call), at least 1.
        n_points: real and generated points per snapshot.
        seed: seed of the sampling inside the steps and of the snapshots' points.

    Returns:
        The TrainingRun: the GAN, its losses every `log_every` iterations, its snapshots.

    Raises:
        ValueError: if a count is < 1, batch_size is odd, `iterations` or `record_every` is
            not a multiple of `log_every`, a rate is out of range, or latent names no law.
    """
    iterations = _validate.positive_int("iterations", iterations)
    log_every = _validate.positive_int("log_every", log_every)
    record_every = _validate.positive_int("record_every", record_every)
    if iterations % log_every:
        raise ValueError(
            f"iterations must be a multiple of log_every={log_every}, got {iterations}"
        )
    if record_every % log_every:
        raise ValueError(
            f"record_every must be a multiple of log_every={log_every}, got {record_every}"
        )
    learning_rate = _positive_rate("learning_rate", learning_rate)
    if discriminator_learning_rate is None:
        discriminator_learning_rate = learning_rate
    discriminator_learning_rate = _positive_rate(
        "discriminator_learning_rate", discriminator_learning_rate
    )
    beta_1 = _fraction("beta_1", beta_1)
    if generator_average is not None:
        generator_average = _fraction("generator_average", generator_average)
    gan = GAN(
        generator,
        discriminator,
        function=function,
        low=low,
        high=high,
        batch_size=batch_size,
        latent=latent,
        seed=seed,
    )
    gan.compile(
        discriminator_optimizer=keras.optimizers.Adam(discriminator_learning_rate, beta_1=beta_1),
        generator_optimizer=keras.optimizers.Adam(
            learning_rate,
            beta_1=beta_1,
            use_ema=generator_average is not None,
            ema_momentum=0.99 if generator_average is None else generator_average,
        ),
        steps_per_execution=log_every,
        jit_compile=jit_compile,
    )
    recorder = SnapshotRecorder(record_every, n_points=n_points, seed=seed)
    # The data are drawn inside train_step: fit() only needs something to count steps with.
    steps = tf.data.Dataset.from_tensors(0.0).repeat()
    start = time.perf_counter()
    history = gan.fit(
        steps,
        epochs=iterations // log_every,
        steps_per_epoch=log_every,
        callbacks=[recorder],
        shuffle=False,
        verbose=0,
    )
    seconds = time.perf_counter() - start
    if generator_average is not None:
        gan.generator_optimizer.finalize_variable_values(generator.trainable_weights)
    return TrainingRun(
        gan=gan,
        iterations=np.arange(1, iterations // log_every + 1) * log_every,
        losses={name: np.asarray(values) for name, values in history.history.items()},
        snapshots=recorder.snapshots,
        seconds=seconds,
    )


def generate(
    generator: keras.Model, n: int, latent: str = "normal", *, seed: int | None
) -> np.ndarray:
    """Return `n` points of `generator` from latent points drawn from `seed`.

    Args:
        generator: maps (n, latent_dim) latent points to points.
        n: how many points, at least 1.
        latent: the latent law the generator was trained on, "normal" or "uniform".
        seed: seed of the latent points.

    Raises:
        ValueError: if n < 1 or latent names no law.
    """
    latent_dim = int(generator.inputs[0].shape[-1])
    points = latent_sample(n, latent_dim, latent, seed=seed)
    return np.asarray(generator(points, training=False))


@dataclass
class LiteralRun:
    """The outcome of the tutorial's loop ported word for word to Keras 3."""

    generator: keras.Model
    discriminator: keras.Model
    iterations: int
    warnings: list[str]
    discriminator_change: float
    generator_change: float
    milliseconds_per_iteration: float


def _weights_change(before: list[np.ndarray], model: keras.Model) -> float:
    """Return the largest absolute change of any weight of `model` since `before`."""
    after = model.get_weights()
    return float(max(np.max(np.abs(a - b)) for a, b in zip(after, before, strict=True)))


def train_tutorial_literal(
    iterations: int = 200,
    *,
    latent_dim: int = 5,
    batch_size: int = 128,
    use_predict: bool = False,
    seed: int | None,
) -> LiteralRun:
    """Run the tutorial's training loop as written (`trainable = False`, `train_on_batch`).

    The discriminator is compiled, then frozen with `discriminator.trainable = False` before
    the combined generator+discriminator model is compiled, exactly as the tutorial does.

    Args:
        iterations: loop iterations, at least 1.
        latent_dim: size of a latent point.
        batch_size: latent points per generator step (halves for the discriminator), even.
        use_predict: generate the fake points with `generator.predict` as the tutorial does;
            False uses `predict_on_batch`, the same computation without `predict`'s set-up.
        seed: seed of the weights and of every sample.

    Returns:
        The LiteralRun: the networks, the distinct warnings raised while training, the largest
        change of any weight of each network, and the time per iteration.

    Raises:
        ValueError: if iterations < 1 or batch_size is odd.
    """
    iterations = _validate.positive_int("iterations", iterations)
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    batch_size = _even_batch_size(batch_size)
    half = batch_size // 2
    seeds = _layer_seeds(seed, 3)
    rng = np.random.default_rng(seeds[2])
    discriminator = build_discriminator(seed=seeds[0])
    discriminator.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    generator = build_generator(latent_dim, seed=seeds[1])
    discriminator.trainable = False
    combined = keras.Sequential([generator, discriminator])
    combined.compile(loss="binary_crossentropy", optimizer="adam")
    discriminator_before = discriminator.get_weights()
    generator_before = generator.get_weights()
    predict = generator.predict if use_predict else generator.predict_on_batch
    options = {"verbose": 0} if use_predict else {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        for _ in range(iterations):
            real = data.function_samples(half, seed=rng)
            fake = predict(rng.standard_normal((half, latent_dim)).astype(np.float32), **options)
            discriminator.train_on_batch(real, np.ones((half, 1)))
            discriminator.train_on_batch(fake, np.zeros((half, 1)))
            latent = rng.standard_normal((batch_size, latent_dim)).astype(np.float32)
            combined.train_on_batch(latent, np.ones((batch_size, 1)))
        seconds = time.perf_counter() - start
    messages = list(dict.fromkeys(str(warning.message) for warning in caught))
    return LiteralRun(
        generator=generator,
        discriminator=discriminator,
        iterations=iterations,
        warnings=messages,
        discriminator_change=_weights_change(discriminator_before, discriminator),
        generator_change=_weights_change(generator_before, generator),
        milliseconds_per_iteration=1000.0 * seconds / iterations,
    )
