"""The velocity field, its flow-matching model and recipe, and its sampler."""

from collections.abc import Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from aegan import _layers, _validate, training
from aegan.flow import ode


def build_velocity_field(
    dim: int = 1,
    hidden: int | Sequence[int] = (64, 64, 64),
    *,
    condition_dim: int = 0,
    activation: str = "silu",
    seed: int,
    name: str = "velocity_field",
) -> keras.Model:
    """Build a velocity field: [points, times(, conditions)] -> hidden layers -> a velocity.

    Args:
        dim: size of a point (and of its velocity), at least 1.
        hidden: width of the hidden layer, or a sequence of widths for several layers.
        condition_dim: size of the condition, a third input; 0 for none.
        activation: activation of the hidden layers, a Keras activation name.
        seed: seed of the weight initialisers, an integer >= 0.
        name: the model's name.

    Returns:
        An uncompiled Functional model mapping points (n, dim), times (n, 1) (and conditions
        (n, condition_dim)) to velocities (n, dim).

    Raises:
        ValueError: if a size is < 1 (condition_dim < 0) or activation names no activation.
        TypeError: if a size or the seed is not an integer.
    """
    dim = _validate.positive_int("dim", dim)
    condition_dim = _validate.positive_int("condition_dim", condition_dim, minimum=0)
    hidden = _validate.sizes("hidden", hidden)
    activation = _layers.activation_name("activation", activation)
    seeds = _layers.layer_seeds(_validate.seed("seed", seed), len(hidden) + 1)
    inputs = [keras.Input(shape=(dim,), name="points"), keras.Input(shape=(1,), name="times")]
    if condition_dim:
        inputs.append(keras.Input(shape=(condition_dim,), name="conditions"))
    tensor = layers.Concatenate(name="inputs")(inputs)
    tensor = _layers.dense_stack(
        tensor, hidden, activation=activation, name=f"{name}_hidden", seeds=seeds
    )
    outputs = _layers.dense(dim, None, f"{name}_output", seeds, "glorot_uniform")(tensor)
    return keras.Model(inputs, outputs, name=name)


def field_shape(model: keras.Model) -> tuple[int, int]:
    """Return (dim, condition_dim) of a velocity field built by `build_velocity_field`.

    Raises:
        TypeError: if model is not a Keras model, or declares no inputs (a subclassed model,
            such as a `FlowMatching`, whose field is its `.velocity`).
        ValueError: if it does not take [points, times] or [points, times, conditions].
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"velocity must be a keras.Model, got {type(model).__name__}")
    if getattr(model, "inputs", None) is None:
        hint = ": give its `.velocity`" if isinstance(model, FlowMatching) else ""
        raise TypeError(
            f"velocity must be a velocity field (a Functional model of [points, times"
            f"(, conditions)]), got a {type(model).__name__}{hint}"
        )
    if len(model.inputs) not in (2, 3) or int(model.inputs[1].shape[-1]) != 1:
        raise ValueError(
            "velocity must take [points, times] or [points, times, conditions], times of "
            f"shape (n, 1); got inputs of shapes {[tuple(i.shape) for i in model.inputs]}"
        )
    conditions = int(model.inputs[2].shape[-1]) if len(model.inputs) == 3 else 0
    return int(model.inputs[0].shape[-1]), conditions


def sample(
    velocity: keras.Model,
    n: int | None = None,
    *,
    conditions=None,
    steps: int,
    method: str,
    seed: int,
    batch_size: int = 100_000,
) -> np.ndarray:
    """Return points of a trained velocity field: normal noise from `seed`, integrated to t = 1.

    Args:
        velocity: a velocity field built by `build_velocity_field`.
        n: how many points, at least 1; for a conditional field, leave it out: one point per
            row of `conditions`.
        conditions: (n, condition_dim) conditions, for a field that takes them.
        steps: integration steps, an integer >= 1.
        method: "euler", "midpoint" or "rk4" (see `aegan.flow.integrate`).
        seed: seed of the noise, an integer >= 0.
        batch_size: points integrated at once, at least 1.

    Returns:
        An (n, dim) float32 array.

    Raises:
        ValueError: if n, steps or batch_size < 1, method names no method, or conditions are
            missing, unexpected, of the wrong shape or not finite.
        TypeError: if velocity is not a Keras model or a count is not an integer.
    """
    dim, condition_dim = field_shape(velocity)
    steps, method = ode.steps_and_method(steps, method)
    batch_size = _validate.positive_int("batch_size", batch_size)
    n, conditions = _validate.count_and_conditions(
        n, conditions, condition_columns=condition_dim, model="the velocity field"
    )
    noise = np.random.default_rng(_validate.seed("seed", seed)).standard_normal((n, dim))
    noise = noise.astype(np.float32)
    run = tf.function(
        lambda x, c: ode.integrate(velocity, x, c, steps=steps, method=method),
        reduce_retracing=True,
    )
    parts = []
    for start in range(0, n, batch_size):
        chunk = None if conditions is None else conditions[start : start + batch_size]
        parts.append(keras.ops.convert_to_numpy(run(noise[start : start + batch_size], chunk)))
    return np.concatenate(parts)


def _time_power(value) -> float:
    """Return the time law's power, or raise if it is not a finite number >= 1."""
    value = _validate.finite_float("time_power", value)
    if value < 1:
        raise ValueError(f"time_power must be >= 1, got {value!r}")
    return value


@keras.saving.register_keras_serializable(package="aegan")
class FlowMatching(keras.Model):
    """A velocity field trained by flow matching, one regression step per batch of `fit()`.

    `fit()` feeds each step a batch of data points x1, or of (points, conditions) pairs when
    the field takes a condition. The step draws noise x0 ~ N(0, 1) and times t from a seeded
    generator, and takes one optimizer step on the mean squared error between v(x_t, t(, c))
    and x1 - x0 at x_t = (1 - t) x0 + t x1.

    Args:
        velocity: the field, built by `build_velocity_field`.
        seed: seed of the noise and times drawn inside the steps, an integer >= 0.
        time_power: the times are t = 1 - (1 - u)^time_power with u ~ U(0, 1): 1 draws them
            uniformly, a power above 1 draws more of them near the data (t = 1), where a thin
            structure makes the field sharp. A number >= 1.
    """

    def __init__(self, velocity: keras.Model, *, seed: int, time_power: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.dim, self.condition_dim = field_shape(velocity)
        self.velocity = velocity
        self.seed = _validate.seed("seed", seed)
        self.time_power = _time_power(time_power)
        self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.loss_tracker = keras.metrics.Mean(name="loss")

    @property
    def metrics(self):
        """Return the loss tracker, reset at each epoch by `fit()`."""
        return [self.loss_tracker]

    def call(self, inputs, training=False):
        """Return the field's velocities for [points, times(, conditions)]."""
        return self.velocity(inputs, training=training)

    def training_times(self, n):
        """Draw `n` training times t = 1 - (1 - u)^time_power, u ~ U(0, 1), shape (n, 1)."""
        uniform = keras.random.uniform((n, 1), seed=self.seed_generator)
        return 1.0 - keras.ops.power(1.0 - uniform, self.time_power)

    def train_step(self, data):
        """Take one regression step of v(x_t, t) on the straight path's velocity x1 - x0."""
        targets, conditions = data if isinstance(data, tuple) else (data, None)
        noise = keras.random.normal(keras.ops.shape(targets), seed=self.seed_generator)
        times = self.training_times(keras.ops.shape(targets)[0])
        points = (1.0 - times) * noise + times * targets
        inputs = [points, times] if conditions is None else [points, times, conditions]
        with tf.GradientTape() as tape:
            velocities = self.velocity(inputs, training=True)
            loss = keras.ops.mean(keras.ops.square(velocities - (targets - noise)))
        weights = self.velocity.trainable_weights
        gradients = tape.gradient(loss, weights)
        self.optimizer.apply_gradients(zip(gradients, weights, strict=True))
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    def get_config(self):
        """Return the arguments that rebuild this model (its field serialised)."""
        velocity = keras.saving.serialize_keras_object(self.velocity)
        config = {"velocity": velocity, "seed": self.seed, "time_power": self.time_power}
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config):
        """Rebuild the model from `get_config()`'s output."""
        config = dict(config)
        config["velocity"] = keras.saving.deserialize_keras_object(config["velocity"])
        return cls(**config)


@dataclass(frozen=True)
class Recipe(training.Recipe):
    """A flow-matching model and how it is trained and sampled, checked at construction.

    `build` makes the model and `fit` trains it for exactly `iterations` steps, so the cosine
    decay of the learning rate always ends at 0 on the last one.

    Attributes:
        hidden: widths of the velocity field's hidden layers.
        activation: their activation.
        iterations: optimizer steps (one batch each).
        batch_size: data points per step.
        learning_rate: Adam's initial learning rate, decayed to 0 along a half cosine over
            the iterations.
        time_power: the law of the training times (see `FlowMatching`), 1 for uniform.
        steps: integration steps of the sampler.
        method: the sampler's method, "euler", "midpoint" or "rk4".
    """

    hidden: tuple[int, ...] = (64, 64, 64)
    activation: str = "silu"
    iterations: int = 4000
    batch_size: int = 256
    learning_rate: float = 1e-3
    time_power: float = 1.0
    steps: int = 8
    method: str = "midpoint"

    def check(self) -> None:
        """Check every field (a bad value raises here, naming the field)."""
        super().check()
        object.__setattr__(self, "hidden", _validate.sizes("hidden", self.hidden))
        _layers.activation_name("activation", self.activation)
        _validate.positive_int("iterations", self.iterations)
        _validate.positive_int("batch_size", self.batch_size)
        _validate.positive_float("learning_rate", self.learning_rate)
        _time_power(self.time_power)
        ode.steps_and_method(self.steps, self.method)

    def build(self, *, dim: int = 2, condition_dim: int = 0, seed: int) -> FlowMatching:
        """Return an untrained `FlowMatching` of this recipe's field, seeded from `seed`."""
        seed = _validate.seed("seed", seed)
        velocity = build_velocity_field(
            dim, self.hidden, condition_dim=condition_dim, activation=self.activation, seed=seed
        )
        return FlowMatching(velocity, seed=seed, time_power=self.time_power)

    def optimizer(self) -> keras.optimizers.Adam:
        """Return a fresh Adam whose learning rate falls to 0 over the iterations."""
        schedule = keras.optimizers.schedules.CosineDecay(
            self.learning_rate, self.iterations, alpha=0.0
        )
        return keras.optimizers.Adam(schedule)

    def optimizers(self, n_events: int | None = None) -> dict[str, keras.optimizers.Optimizer]:
        """Return {"optimizer": `optimizer()`} (n_events is not needed: it lasts the iterations)."""
        return {"optimizer": self.optimizer()}

    def fit(
        self,
        model: FlowMatching,
        data,
        *,
        weights=None,
        seed: int,
        verbose: int | str = 0,
        callbacks: Sequence[keras.callbacks.Callback] | None = None,
    ) -> keras.callbacks.History:
        """Train `model` on in-memory data for this recipe's iterations, with a fresh optimizer.

        Args:
            model: a `FlowMatching` (from `build`).
            data: points (n, dim), or a (points, conditions) pair with n rows each for a field
                that takes a condition.
            weights: None to go through the data in shuffled passes; or n weights >= 0, and
                each batch is drawn with replacement with probabilities proportional to them.
            seed: seed of the shuffling or the weighted draws, an integer >= 0 (the noise and
                times come from the model's own seed).
            verbose: as in `aegan.training.fit`.
            callbacks: more Keras callbacks, or None.

        Returns:
            The Keras History: the mean loss of each block of up to 500 iterations.

        Raises:
            ValueError: if the data do not match the model's field, are empty or not finite,
                or the weights are not n finite values >= 0 with a positive sum.
            TypeError: if model is not a FlowMatching.
        """
        if not isinstance(model, FlowMatching):
            raise TypeError(f"model must be a FlowMatching, got {type(model).__name__}")
        seed = _validate.seed("seed", seed)
        arrays = _validate.paired(
            data,
            name="points",
            columns=model.dim,
            condition_columns=model.condition_dim,
            model="the field",
        )
        rows = len(arrays[0]) if isinstance(arrays, tuple) else len(arrays)
        if weights is None:
            dataset = training.epochs_dataset(arrays, self.batch_size, seed)
        else:
            dataset = _weighted_batches(arrays, _weights(weights, rows), self.batch_size, seed)
        log_every = training.steps_per_call(self.iterations, most=500)
        model.compile(**self.optimizers(), steps_per_execution=log_every)
        return training.run(
            model,
            dataset,
            epochs=self.iterations // log_every,
            steps_per_epoch=log_every,
            verbose=verbose,
            callbacks=list(callbacks or ()),
        )


def _weights(weights, rows: int) -> np.ndarray:
    """Return sampling weights checked: `rows` finite values >= 0 with a positive sum."""
    weights = _validate.array("weights", weights, ndim=1)
    if len(weights) != rows:
        raise ValueError(f"weights must hold one value per data row ({rows}), got {len(weights)}")
    if np.any(weights < 0) or weights.sum() <= 0:
        raise ValueError("weights must be >= 0 with a positive sum")
    return weights


def _weighted_batches(arrays, weights: np.ndarray, batch_size: int, seed: int):
    """Return an endless dataset of batches drawn with replacement, probability ~ weights."""
    cumulative = tf.constant(np.cumsum(weights) / weights.sum(), tf.float64)
    tensors = tf.nest.map_structure(tf.constant, arrays)

    def batch(index):
        pair = tf.stack([tf.constant(seed, tf.int64), index])
        uniform = tf.random.stateless_uniform([batch_size], pair, dtype=tf.float64)
        rows = tf.searchsorted(cumulative, uniform, side="right")
        rows = tf.minimum(rows, tf.shape(cumulative, out_type=rows.dtype)[0] - 1)
        return tf.nest.map_structure(lambda tensor: tf.gather(tensor, rows), tensors)

    return tf.data.Dataset.counter().map(batch).prefetch(tf.data.AUTOTUNE)
