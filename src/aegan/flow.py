"""Conditional flow matching: a velocity field learnt by regression, sampled by an ODE.

A velocity field v(x, t) (and a condition c) moves noise x0 ~ N(0, 1) at t = 0 into data x1
at t = 1 along dx/dt = v(x, t, c). Flow matching (Lipman et al. 2023; Liu et al. 2023,
rectified flow) learns it by regression: for a data point x1, a noise point x0 and a time t
uniform in [0, 1], the network at x_t = (1 - t) x0 + t x1 is fitted to the straight path's
velocity x1 - x0 (`FlowMatching.train_step`). A sample is the ODE integrated from noise in a
few steps (`integrate`: Euler, midpoint or fourth-order Runge-Kutta).

`build_simulator` wraps a velocity field conditioned on the true energy into the same fast
simulation as `aegan.simulation.build_simulator`: true energies (n, 1) in GeV to reconstructed
energies (n, 1) in GeV, with the noise, the integration and the per-energy standardisation
(`aegan.simulation.ResponseScale`) inside the saved model.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from aegan import _layers, _validate, simulation, training

#: The integration methods of `integrate`, with the velocity evaluations each step costs.
METHODS = {"euler": 1, "midpoint": 2, "rk4": 4}


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


def _shape(model: keras.Model) -> tuple[int, int]:
    """Return (dim, condition_dim) of a velocity field built by `build_velocity_field`."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"velocity must be a keras.Model, got {type(model).__name__}")
    if len(model.inputs) not in (2, 3) or int(model.inputs[1].shape[-1]) != 1:
        raise ValueError(
            "velocity must take [points, times] or [points, times, conditions], times of "
            f"shape (n, 1); got inputs of shapes {[tuple(i.shape) for i in model.inputs]}"
        )
    conditions = int(model.inputs[2].shape[-1]) if len(model.inputs) == 3 else 0
    return int(model.inputs[0].shape[-1]), conditions


def steps_and_method(steps, method) -> tuple[int, str]:
    """Return (steps, method) checked: an integer >= 1 and a name in `METHODS`.

    Raises:
        TypeError: if steps is not an integer.
        ValueError: if steps < 1 or method is not one of "euler", "midpoint", "rk4".
    """
    return _validate.positive_int("steps", steps), _validate.choice("method", method, METHODS)


def integrate(velocity: Callable, noise, conditions=None, *, steps: int, method: str):
    """Integrate dx/dt = v(x, t(, c)) from t = 0 (x = noise) to t = 1 in `steps` equal steps.

    Written with Keras operations, so that it runs inside a model (`FlowIntegration`) as well
    as on arrays.

    Args:
        velocity: called as velocity([x, t]) or velocity([x, t, c]) with t of shape (n, 1);
            a model built by `build_velocity_field`, or any such callable.
        noise: the starting points, (n, dim).
        conditions: (n, condition_dim) conditions, or None.
        steps: number of steps, an integer >= 1.
        method: "euler" (first order, one evaluation a step), "midpoint" (second order, two)
            or "rk4" (the classical fourth-order Runge-Kutta, four).

    Returns:
        The points at t = 1, a tensor of the noise's shape.

    Raises:
        TypeError: if steps is not an integer.
        ValueError: if steps < 1 or method names no method.
    """
    steps, method = steps_and_method(steps, method)
    points = keras.ops.convert_to_tensor(noise)
    for index in range(steps):
        points = _step(velocity, points, conditions, index / steps, 1.0 / steps, method)
    return points


def _step(velocity: Callable, points, conditions, time: float, step: float, method: str):
    """Return the points moved by one step of `method` from `time` to `time + step`."""
    ones = keras.ops.ones_like(points[:, :1])

    def field(x, at):
        inputs = [x, ones * at]
        return velocity(inputs if conditions is None else [*inputs, conditions])

    if method == "euler":
        return points + step * field(points, time)
    if method == "midpoint":
        half = points + 0.5 * step * field(points, time)
        return points + step * field(half, time + 0.5 * step)
    first = field(points, time)
    second = field(points + 0.5 * step * first, time + 0.5 * step)
    third = field(points + 0.5 * step * second, time + 0.5 * step)
    fourth = field(points + step * third, time + step)
    return points + step / 6.0 * (first + 2.0 * second + 2.0 * third + fourth)


def trajectory(velocity: Callable, noise, conditions=None, *, steps: int, method: str):
    """Return the points at t = 0, 1/steps, ..., 1 along the integration of `integrate`.

    Args:
        velocity: the velocity field, as for `integrate`.
        noise: the starting points, (n, dim).
        conditions: (n, condition_dim) conditions, or None.
        steps: number of steps, an integer >= 1.
        method: "euler", "midpoint" or "rk4", as for `integrate`.

    Returns:
        A numpy array of shape (steps + 1, n, dim): the noise first, the samples last.

    Raises:
        TypeError: if steps is not an integer.
        ValueError: if steps < 1 or method names no method.
    """
    steps, method = steps_and_method(steps, method)
    points = keras.ops.convert_to_tensor(noise)
    path = [keras.ops.convert_to_numpy(points)]
    for index in range(steps):
        points = _step(velocity, points, conditions, index / steps, 1.0 / steps, method)
        path.append(keras.ops.convert_to_numpy(points))
    return np.stack(path)


def log_density(velocity: Callable, points, conditions=None, *, steps: int) -> np.ndarray:
    """Return the flow's exact log-density at `points`, by the instantaneous change of variables.

    Along dx/dt = v(x, t), d log p(x(t)) / dt = -div v (Chen et al. 2018), so
    log p1(x1) = log N(x0; 0, 1) - integral from 0 to 1 of div v(x(t), t) dt, where x0 is x1
    carried back to t = 0. The path and the integral are integrated backwards together with
    `steps` fourth-order Runge-Kutta steps; the divergence is the exact trace of the Jacobian,
    one gradient per dimension.

    Args:
        velocity: called as velocity([x, t]) or velocity([x, t, c]), as in `integrate`.
        points: (n, dim) points at t = 1.
        conditions: (n, condition_dim) conditions, or None.
        steps: integration steps, an integer >= 1.

    Returns:
        float64 array of shape (n,): the log-density of each point.

    Raises:
        TypeError: if steps is not an integer.
        ValueError: if steps < 1, or points are not a finite (n, dim) array.
    """
    steps = _validate.positive_int("steps", steps)
    points = tf.constant(_validate.array("points", points, ndim=2), tf.float32)
    if conditions is not None:
        conditions = tf.constant(_validate.array("conditions", conditions, ndim=2), tf.float32)
    ones = tf.ones_like(points[:, :1])

    def field(x, time):
        """Return v and div v at (x, time), time running from 1 down to 0."""
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            inputs = [x, ones * time]
            velocities = velocity(inputs if conditions is None else [*inputs, conditions])
            columns = [velocities[:, i] for i in range(x.shape[1])]
        divergence = tf.add_n([tape.gradient(c, x)[:, i] for i, c in enumerate(columns)])
        return velocities, divergence

    step = 1.0 / steps
    x, integral = points, tf.zeros_like(points[:, 0])
    for index in range(steps):  # backwards: from t = 1 to t = 0
        time = 1.0 - index * step
        v1, d1 = field(x, time)
        v2, d2 = field(x - 0.5 * step * v1, time - 0.5 * step)
        v3, d3 = field(x - 0.5 * step * v2, time - 0.5 * step)
        v4, d4 = field(x - step * v3, time - step)
        x = x - step / 6.0 * (v1 + 2.0 * v2 + 2.0 * v3 + v4)
        integral = integral + step / 6.0 * (d1 + 2.0 * d2 + 2.0 * d3 + d4)
    noise = x.numpy().astype(np.float64)
    log_normal = -0.5 * np.sum(noise**2, axis=1) - 0.5 * noise.shape[1] * np.log(2.0 * np.pi)
    return log_normal - integral.numpy().astype(np.float64)


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
        method: "euler", "midpoint" or "rk4" (see `integrate`).
        seed: seed of the noise, an integer >= 0.
        batch_size: points integrated at once, at least 1.

    Returns:
        An (n, dim) float32 array.

    Raises:
        ValueError: if n, steps or batch_size < 1, method names no method, or conditions are
            missing, unexpected, of the wrong shape or not finite.
        TypeError: if velocity is not a Keras model or a count is not an integer.
    """
    dim, condition_dim = _shape(velocity)
    steps, method = steps_and_method(steps, method)
    batch_size = _validate.positive_int("batch_size", batch_size)
    if condition_dim:
        if conditions is None:
            raise ValueError(
                f"conditions are needed: the field takes conditions of size {condition_dim}"
            )
        conditions = _validate.array("conditions", conditions, ndim=2, columns=condition_dim)
        conditions = conditions.astype(np.float32)
        if n is not None and _validate.positive_int("n", n) != len(conditions):
            raise ValueError(f"n must equal the number of conditions ({len(conditions)}), got {n}")
        n = len(conditions)
    elif conditions is not None:
        raise ValueError("conditions were given, but the velocity field takes none")
    elif n is None:
        raise ValueError("n is needed: how many points to sample")
    n = _validate.positive_int("n", n)
    noise = np.random.default_rng(_validate.seed("seed", seed)).standard_normal((n, dim))
    noise = noise.astype(np.float32)
    run = tf.function(
        lambda x, c: integrate(velocity, x, c, steps=steps, method=method), reduce_retracing=True
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
        self.dim, self.condition_dim = _shape(velocity)
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
class Recipe:
    """A flow-matching model and how it is trained and sampled, checked at construction.

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

    def __post_init__(self):
        """Check every field (a bad value raises here, naming the field)."""
        object.__setattr__(self, "hidden", _validate.sizes("hidden", self.hidden))
        _layers.activation_name("activation", self.activation)
        _validate.positive_int("iterations", self.iterations)
        _validate.positive_int("batch_size", self.batch_size)
        _validate.positive_float("learning_rate", self.learning_rate)
        _time_power(self.time_power)
        steps_and_method(self.steps, self.method)

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
        arrays = _arrays(model, data)
        rows = len(arrays[0]) if isinstance(arrays, tuple) else len(arrays)
        if weights is None:
            dataset = training.epochs_dataset(arrays, self.batch_size, seed)
        else:
            dataset = _weighted_batches(arrays, _weights(weights, rows), self.batch_size, seed)
        log_every = _log_every(self.iterations)
        model.compile(optimizer=self.optimizer(), steps_per_execution=log_every)
        return training.run(
            model,
            dataset,
            epochs=self.iterations // log_every,
            steps_per_epoch=log_every,
            verbose=verbose,
            callbacks=list(callbacks or ()),
        )


def _log_every(iterations: int) -> int:
    """Return the iterations per graph call: the largest divisor of `iterations` up to 500."""
    return next(k for k in range(min(500, iterations), 0, -1) if not iterations % k)


#: Lecture 6's flow on the ring (`data.ring`, 5000 events, no hand-made features): three
#: hidden layers of 128 SiLU units, 5000 steps of 512 events, training times drawn nearer the
#: data (time_power 2), sampled with RK4 in 16 steps. Screened on 2 seeds (2026-12-03, 2
#: shared cores): times drawn uniformly gave radius KS 0.13-0.14 at 4000 steps, time_power 2
#: 0.095-0.096 (RK4, 8 steps) and 0.088-0.093 (32 steps), time_power 3 0.099-0.104; 8000
#: steps 0.091-0.094 (8 steps). `benchmarks/flow_seeds.py`: radius KS 0.079-0.093 in 5 of 5
#: seeds, 82-84 % in the band, C2ST AUC 0.533-0.543.
RING_RECIPE = Recipe(
    hidden=(128, 128, 128),
    iterations=5000,
    batch_size=512,
    learning_rate=2e-3,
    time_power=2.0,
    steps=16,
    method="rk4",
)
#: Lecture 6's conditional flow of the calorimeter's standardised response: three hidden
#: layers of 64 SiLU units, 6000 steps of 1024 pairs (drawn flat in log E by
#: `train_simulator`), sampled with the midpoint method in 8 steps (16 network passes).
#: `benchmarks/flow_seeds.py` (2026-12-03): PIT, core width and median within the course's
#: bar in 5 of 5 seeds (largest PIT KS 0.016-0.021, widths within 1.7-3.4 %), C2ST AUC
#: 0.5025-0.5069 (issue 17's 0.503 in 1 of 5 seeds, the course's 0.505 in 2). Screened on
#: seed 0: 128 units gave PIT KS at most 0.013 but C2ST 0.5052; time_power 2 made the
#: widths 2-3 % narrow and the C2ST 0.5082.
SIMULATOR_RECIPE = Recipe(
    hidden=(64, 64, 64),
    iterations=6000,
    batch_size=1024,
    learning_rate=2e-3,
    steps=8,
    method="midpoint",
)


def _arrays(model: FlowMatching, data):
    """Return training data as float32 arrays checked against the model's field."""
    if model.condition_dim:
        if not isinstance(data, tuple | list) or len(data) != 2:
            raise ValueError(
                "data must be a (points, conditions) pair for a field that takes a condition, "
                f"got {type(data).__name__}"
            )
        points = _validate.array("points", data[0], ndim=2, columns=model.dim)
        conditions = _validate.array("conditions", data[1], ndim=2, columns=model.condition_dim)
        if len(conditions) != len(points):
            raise ValueError(
                f"conditions must have as many rows as points ({len(points)}), "
                f"got {len(conditions)}"
            )
        return points.astype(np.float32), conditions.astype(np.float32)
    if isinstance(data, tuple):
        raise ValueError(
            f"data must be the points alone for a field that takes no condition, got a tuple "
            f"of {len(data)}"
        )
    return _validate.array("data", data, ndim=2, columns=model.dim).astype(np.float32)


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


@keras.saving.register_keras_serializable(package="aegan")
class FlowIntegration(layers.Layer):
    """Integrate a velocity field from noise to data inside a model: [noise(, c)] -> points.

    Args:
        velocity: the trained field (`build_velocity_field`), kept in the layer and saved with it.
        steps: integration steps, an integer >= 1.
        method: "euler", "midpoint" or "rk4" (see `integrate`).
    """

    def __init__(self, velocity: keras.Model, *, steps: int, method: str, **kwargs):
        super().__init__(**kwargs)
        self.dim, self.condition_dim = _shape(velocity)
        self.velocity = velocity
        self.steps, self.method = steps_and_method(steps, method)

    def call(self, inputs):
        """Return the points at t = 1 from noise (and conditions)."""
        noise, conditions = inputs if isinstance(inputs, list | tuple) else (inputs, None)
        return integrate(self.velocity, noise, conditions, steps=self.steps, method=self.method)

    def compute_output_shape(self, input_shape):
        """Return the noise's shape."""
        return input_shape[0] if self.condition_dim else input_shape

    def get_config(self):
        """Return the layer's arguments, the field serialised."""
        velocity = keras.saving.serialize_keras_object(self.velocity)
        config = {"velocity": velocity, "steps": self.steps, "method": self.method}
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config):
        """Rebuild the layer from `get_config()`'s output."""
        config = dict(config)
        config["velocity"] = keras.saving.deserialize_keras_object(config["velocity"])
        return cls(**config)


def build_simulator(
    velocity: keras.Model,
    scale: simulation.ResponseScale,
    *,
    steps: int,
    method: str,
    seed: int,
) -> keras.Model:
    """Wrap a trained velocity field into the fast simulation: E_true -> E_reco (GeV).

    The same interface as `aegan.simulation.build_simulator`'s GAN simulator: the noise is
    drawn inside (`simulation.LatentNoise`), the condition is `simulation.EnergyCondition`, the
    ODE is integrated inside (`FlowIntegration`), and the standardised response is turned back
    into energies by `simulation.ReconstructedEnergy`.

    Args:
        velocity: a field of one standardised response, given one condition (or none),
            trained on `scale.standardize(E, R)` with conditions `energy_condition(E)`.
        scale: the response scale the field was trained with.
        steps: integration steps, an integer >= 1.
        method: "euler", "midpoint" or "rk4".
        seed: seed of the simulator's noise, an integer >= 0.

    Returns:
        A Keras model from true energies (n, 1) in GeV to reconstructed energies (n, 1) in GeV.

    Raises:
        TypeError: if velocity is not a Keras model or scale not a ResponseScale.
        ValueError: if the field's points are not of size 1 or its condition not of size 1
            or 0, or steps or method is invalid.
    """
    dim, condition_dim = _shape(velocity)
    if not isinstance(scale, simulation.ResponseScale):
        raise TypeError(f"scale must be a ResponseScale, got {type(scale).__name__}")
    if dim != 1 or condition_dim not in (0, 1):
        raise ValueError(
            "velocity must move one number given a condition of size 1 (or none), got points "
            f"of size {dim} and conditions of size {condition_dim}"
        )
    integration = FlowIntegration(velocity, steps=steps, method=method, name="integration")
    energies = keras.Input(shape=(1,), name="true_energy")
    noise = simulation.LatentNoise(1, "normal", seed=seed, name="noise")(energies)
    if condition_dim:
        x = integration([noise, simulation.EnergyCondition(name="condition")(energies)])
    else:
        x = integration(noise)
    outputs = simulation.ReconstructedEnergy(
        scale.median, scale.stochastic, scale.constant, name="reconstructed_energy"
    )([energies, x])
    return keras.Model(energies, outputs, name="flow_simulator")


class Trained(NamedTuple):
    """What `train_simulator` returns: the simulator and the parts it is made of."""

    simulator: keras.Model
    model: FlowMatching
    scale: simulation.ResponseScale
    history: keras.callbacks.History


def train_simulator(
    energies,
    responses,
    *,
    recipe: Recipe,
    conditional: bool = True,
    per_energy: bool = True,
    flat_in_log_energy: bool = True,
    seed: int,
    verbose: int | str = 0,
) -> Trained:
    """Train a flow-matching model on (true energy, response) pairs and wrap it as a simulator.

    Args:
        energies: true energies in GeV, shape (n,), each finite and > 0.
        responses: their responses R = E_reco / E_true, shape (n,).
        recipe: the field, its training and its sampler.
        conditional: whether the field takes the condition `energy_condition(E)`.
        per_energy: whether the response is standardised energy by energy
            (`ResponseScale.fit(..., per_energy=True)`) or by one median and width for all.
        flat_in_log_energy: whether batches draw pairs with probability proportional to E,
            which makes them flat in log E under the E^-2 spectrum; otherwise shuffled passes.
        seed: seed of the field, the noise, the batches and the simulator, an integer >= 0.
        verbose: as in `aegan.training.fit`.

    Raises:
        ValueError: if the arrays differ in length, hold a value that is not finite, an
            energy <= 0, or too few pairs to fit the scale.
        TypeError: if recipe is not a Recipe or a flag is not a bool.
    """
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a flow.Recipe, got {type(recipe).__name__}")
    for name, flag in (
        ("conditional", conditional),
        ("per_energy", per_energy),
        ("flat_in_log_energy", flat_in_log_energy),
    ):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    seed = _validate.seed("seed", seed)
    scale = simulation.ResponseScale.fit(energies, responses, per_energy=per_energy)
    x = scale.standardize(energies, responses)
    energies = simulation._energies("energies", energies)
    model = recipe.build(dim=1, condition_dim=1 if conditional else 0, seed=seed)
    data = (x, simulation.energy_condition(energies)) if conditional else x
    weights = energies if flat_in_log_energy else None
    history = recipe.fit(model, data, weights=weights, seed=seed, verbose=verbose)
    simulator = build_simulator(
        model.velocity, scale, steps=recipe.steps, method=recipe.method, seed=seed
    )
    return Trained(simulator, model, scale, history)
