"""A neural spline flow of one number: a monotone rational-quadratic spline trained by likelihood.

The spline (Durkan, Bekasov, Murray and Papamakarios 2019, "Neural Spline Flows") maps a
point x to z increasingly: K bins on [-B, B], each a ratio of two quadratics fixed by the
bin's width, its height and the derivatives at its two knots; outside [-B, B] it is the
identity, so the derivatives at -B and B are 1. The bins' widths and heights come from a
softmax (each at least a minimum), the interior derivatives from a softplus (plus a minimum):
a network of the condition makes these 3K - 1 numbers. The map has a closed-form inverse,
the stable root of a quadratic, and its derivative in closed form, so the density of a point
is exact: log p(x | c) = log N(f(x | c)) + log f'(x | c). `SplineFlow` is trained by
maximum likelihood; it samples by drawing z ~ N(0, 1) and inverting the spline.

The spline, its network, the flow and its recipe; `calorimeter` makes it a calorimeter
simulation.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import keras
import numpy as np
from keras import layers, ops

from aegan import _layers, _validate, training
from aegan.flow import model as flow_model

#: The smallest bin width and height, as fractions of the interval's 2B, and the smallest
#: derivative at a knot: they keep the spline strictly increasing and its inverse stable.
MIN_BIN_WIDTH = 1e-3
MIN_BIN_HEIGHT = 1e-3
MIN_DERIVATIVE = 1e-3

_LOG_SQRT_2PI = 0.5 * float(np.log(2.0 * np.pi))


def spline_bins(name: str, value) -> int:
    """Return the number of bins, or raise if it is not an integer >= 2."""
    return _validate.positive_int(name, value, minimum=2)


def spline_bound(name: str, value) -> float:
    """Return the half-width B of the spline's interval, or raise if it is not finite and > 0."""
    return _validate.positive_float(name, value)


def parameter_count(bins: int) -> int:
    """Return the 3K - 1 numbers that fix a spline of K bins: widths, heights, derivatives."""
    return 3 * spline_bins("bins", bins) - 1


def _knots(parameters, bins: int, bound: float):
    """Return the knots' x, y (n, K + 1) and derivatives (n, K + 1) from raw (n, 3K - 1)."""
    widths = ops.softmax(parameters[:, :bins], axis=-1)
    heights = ops.softmax(parameters[:, bins : 2 * bins], axis=-1)
    widths = MIN_BIN_WIDTH + (1.0 - MIN_BIN_WIDTH * bins) * widths
    heights = MIN_BIN_HEIGHT + (1.0 - MIN_BIN_HEIGHT * bins) * heights
    # softplus scaled so that a raw 0 gives a derivative of 1: zero parameters are the identity
    raw = parameters[:, 2 * bins :]
    interior = MIN_DERIVATIVE + (1.0 - MIN_DERIVATIVE) * ops.softplus(raw) / float(np.log(2.0))
    ones = ops.ones_like(parameters[:, :1])
    derivatives = ops.concatenate([ones, interior, ones], axis=-1)
    zeros = ops.zeros_like(parameters[:, :1])
    x_knots = ops.concatenate([zeros, ops.cumsum(widths, axis=-1)], axis=-1) * (2.0 * bound)
    y_knots = ops.concatenate([zeros, ops.cumsum(heights, axis=-1)], axis=-1) * (2.0 * bound)
    return x_knots - bound, y_knots - bound, derivatives


def _bin_of(values, knots, bins: int):
    """Return the index (n, 1) of the bin holding each value (n, 1), the knots (n, K + 1)."""
    inside = ops.cast(values >= knots[:, 1:bins], "int32")
    return ops.sum(inside, axis=-1, keepdims=True)


def _gather(tensor, index):
    """Return tensor[i, index[i]] as (n, 1)."""
    return ops.take_along_axis(tensor, index, axis=-1)


def _bin_terms(values, x_knots, y_knots, derivatives, bins: int, *, by: str):
    """Return each value's bin: (x_k, width, y_k, height, slope, d_k, d_k+1), each (n, 1)."""
    index = _bin_of(values, x_knots if by == "x" else y_knots, bins)
    x_low, x_high = _gather(x_knots, index), _gather(x_knots, index + 1)
    y_low, y_high = _gather(y_knots, index), _gather(y_knots, index + 1)
    width, height = x_high - x_low, y_high - y_low
    return (
        x_low,
        width,
        y_low,
        height,
        height / width,
        _gather(derivatives, index),
        _gather(derivatives, index + 1),
    )


def spline_forward(x, parameters, *, bins: int, bound: float):
    """Return z = f(x) and log f'(x) of the rational-quadratic spline, each (n, 1).

    Args:
        x: points, a (n, 1) tensor.
        parameters: the raw (n, 3K - 1) numbers of each point's spline (`parameter_count`).
        bins: the number of bins K.
        bound: B: the spline maps [-B, B] onto itself, and is the identity outside.
    """
    x_knots, y_knots, derivatives = _knots(parameters, bins, bound)
    inside = ops.logical_and(x >= -bound, x <= bound)
    clipped = ops.clip(x, -bound, bound)
    x_low, width, y_low, height, slope, d_low, d_high = _bin_terms(
        clipped, x_knots, y_knots, derivatives, bins, by="x"
    )
    xi = ops.clip((clipped - x_low) / width, 0.0, 1.0)
    between = xi * (1.0 - xi)
    denominator = slope + (d_high + d_low - 2.0 * slope) * between
    z = y_low + height * (slope * xi * xi + d_low * between) / denominator
    numerator = slope * slope * (d_high * xi * xi + 2.0 * slope * between + d_low * (1.0 - xi) ** 2)
    log_derivative = ops.log(numerator) - 2.0 * ops.log(denominator)
    return ops.where(inside, z, x), ops.where(inside, log_derivative, ops.zeros_like(x))


def spline_inverse(z, parameters, *, bins: int, bound: float):
    """Return x = f^-1(z) of the rational-quadratic spline, (n, 1): the quadratic's stable root.

    Args:
        z: points, a (n, 1) tensor.
        parameters: the raw (n, 3K - 1) numbers of each point's spline.
        bins: the number of bins K.
        bound: B, as in `spline_forward`.
    """
    x_knots, y_knots, derivatives = _knots(parameters, bins, bound)
    inside = ops.logical_and(z >= -bound, z <= bound)
    clipped = ops.clip(z, -bound, bound)
    x_low, width, y_low, height, slope, d_low, d_high = _bin_terms(
        clipped, x_knots, y_knots, derivatives, bins, by="y"
    )
    offset = clipped - y_low
    curvature = d_high + d_low - 2.0 * slope
    a = height * (slope - d_low) + offset * curvature
    b = height * d_low - offset * curvature
    c = -slope * offset
    discriminant = ops.maximum(b * b - 4.0 * a * c, 0.0)
    xi = ops.clip(2.0 * c / (-b - ops.sqrt(discriminant)), 0.0, 1.0)
    return ops.where(inside, x_low + xi * width, z)


def build_spline_network(
    bins: int = 16,
    hidden: int | Sequence[int] = (64, 64, 64),
    *,
    condition_dim: int = 1,
    activation: str = "silu",
    seed: int,
    name: str = "spline_network",
) -> keras.Model:
    """Build the network of a conditional spline: conditions -> hidden layers -> 3K - 1 numbers.

    The output layer starts at zero, so the untrained flow is the identity.

    Args:
        bins: the spline's number of bins K, at least 2.
        hidden: width of the hidden layer, or a sequence of widths.
        condition_dim: size of the condition, at least 1.
        activation: activation of the hidden layers, a Keras activation name.
        seed: seed of the weight initialisers, an integer >= 0.
        name: the model's name.

    Returns:
        An uncompiled Functional model mapping conditions (n, condition_dim) to (n, 3K - 1).

    Raises:
        ValueError: if bins < 2, a size is < 1 or activation names no activation.
        TypeError: if a size or the seed is not an integer.
    """
    outputs_dim = parameter_count(bins)
    condition_dim = _validate.positive_int("condition_dim", condition_dim)
    hidden = _validate.sizes("hidden", hidden)
    activation = _layers.activation_name("activation", activation)
    seeds = _layers.layer_seeds(_validate.seed("seed", seed), len(hidden))
    conditions = keras.Input(shape=(condition_dim,), name="conditions")
    tensor = _layers.dense_stack(
        conditions, hidden, activation=activation, name=f"{name}_hidden", seeds=seeds
    )
    outputs = layers.Dense(outputs_dim, kernel_initializer="zeros", name=f"{name}_output")(tensor)
    return keras.Model(conditions, outputs, name=name)


def _network_shape(network: keras.Model, bins: int) -> int:
    """Return the condition size of a spline network, or raise if it does not fit K bins."""
    if not isinstance(network, keras.Model):
        raise TypeError(f"network must be a keras.Model, got {type(network).__name__}")
    if len(network.inputs) != 1 or len(network.inputs[0].shape) != 2:
        raise ValueError("network must take one input, conditions of shape (n, condition_dim)")
    outputs = int(network.outputs[0].shape[-1])
    if outputs != parameter_count(bins):
        raise ValueError(
            f"network must make 3 * bins - 1 = {parameter_count(bins)} numbers for bins={bins}, "
            f"got {outputs}"
        )
    return int(network.inputs[0].shape[-1])


@keras.saving.register_keras_serializable(package="aegan")
class SplineFlow(keras.Model):
    """A conditional spline flow of one number, trained by maximum likelihood in `fit()`.

    Its call takes [points (n, 1), conditions (n, condition_dim)] and returns each point's
    log density log N(f(x | c)) + log f'(x | c), (n, 1); `compute_loss` is minus its mean,
    so `fit()` on batches of (points, conditions) maximises the likelihood.

    Args:
        network: conditions -> the spline's 3K - 1 numbers (`build_spline_network`).
        bins: the spline's number of bins K, at least 2.
        bound: B, the half-width of the spline's interval, finite and > 0.
    """

    def __init__(self, network: keras.Model, *, bins: int, bound: float, **kwargs):
        super().__init__(**kwargs)
        self.bins = spline_bins("bins", bins)
        self.bound = spline_bound("bound", bound)
        self.condition_dim = _network_shape(network, self.bins)
        self.network = network

    def call(self, inputs, training=False):
        """Return the log density (n, 1) of points given conditions: [points, conditions]."""
        points, conditions = inputs
        z, log_derivative = spline_forward(
            points, self.network(conditions, training=training), bins=self.bins, bound=self.bound
        )
        return -0.5 * z * z - _LOG_SQRT_2PI + log_derivative

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """Return the negative mean log likelihood of the batch (`y_pred` is the call's)."""
        return -ops.mean(y_pred)

    def transform(self, points, conditions):
        """Return z = f(x | c) and log f'(x | c) as (n, 1) float32 arrays.

        Raises:
            ValueError: if points is not (n, 1) or conditions not (n, condition_dim), or one
                is not finite.
        """
        points, conditions = self._checked(points, conditions)
        z, log_derivative = spline_forward(
            points, self.network(conditions), bins=self.bins, bound=self.bound
        )
        return ops.convert_to_numpy(z), ops.convert_to_numpy(log_derivative)

    def inverse(self, z, conditions) -> np.ndarray:
        """Return x = f^-1(z | c) as an (n, 1) float32 array.

        Raises:
            ValueError: if z is not (n, 1) or conditions not (n, condition_dim), or one is
                not finite.
        """
        z, conditions = self._checked(z, conditions, name="z")
        points = spline_inverse(z, self.network(conditions), bins=self.bins, bound=self.bound)
        return ops.convert_to_numpy(points)

    def log_prob(self, points, conditions) -> np.ndarray:
        """Return the log density of each point given its condition, an (n,) float64 array.

        Raises:
            ValueError: if points is not (n, 1) or conditions not (n, condition_dim), or one
                is not finite.
        """
        points, conditions = self._checked(points, conditions)
        return ops.convert_to_numpy(self([points, conditions]))[:, 0].astype(np.float64)

    def sample(self, conditions, *, seed: int) -> np.ndarray:
        """Return one point per condition, (n, 1) float32: z ~ N(0, 1) from `seed`, inverted.

        Raises:
            ValueError: if conditions is not (n, condition_dim) or not finite.
        """
        conditions = self._conditions(conditions)
        rng = np.random.default_rng(_validate.seed("seed", seed))
        z = rng.standard_normal((len(conditions), 1)).astype(np.float32)
        return self.inverse(z, conditions)

    def _conditions(self, conditions) -> np.ndarray:
        """Return conditions checked as (n, condition_dim) float32."""
        conditions = _validate.array("conditions", conditions, ndim=2, columns=self.condition_dim)
        return conditions.astype(np.float32)

    def _checked(self, points, conditions, *, name: str = "points"):
        """Return points (n, 1) and conditions (n, condition_dim), float32, as many rows."""
        points = _validate.array(name, points, ndim=2, columns=1).astype(np.float32)
        conditions = self._conditions(conditions)
        _validate.same_length("conditions", conditions, name, points)
        return points, conditions

    def get_config(self):
        """Return the arguments that rebuild this model (its network serialised)."""
        network = keras.saving.serialize_keras_object(self.network)
        config = {"network": network, "bins": self.bins, "bound": self.bound}
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config):
        """Rebuild the model from `get_config()`'s output."""
        config = dict(config)
        config["network"] = keras.saving.deserialize_keras_object(config["network"])
        return cls(**config)


@dataclass(frozen=True)
class SplineRecipe(training.Recipe):
    """A conditional spline flow and how it is trained, checked at construction.

    `fit` trains for exactly `iterations` steps, so the cosine decay of the learning rate
    ends at 0 on the last one.

    Attributes:
        bins: the spline's number of bins K, at least 2.
        bound: B, the half-width of the spline's interval [-B, B] (the identity outside).
        hidden: widths of the network's hidden layers.
        activation: their activation.
        iterations: optimizer steps (one batch each).
        batch_size: points per step.
        learning_rate: Adam's initial learning rate, decayed to 0 along a half cosine.
    """

    bins: int = 16
    bound: float = 10.0
    hidden: tuple[int, ...] = (64, 64, 64)
    activation: str = "silu"
    iterations: int = 4000
    batch_size: int = 1024
    learning_rate: float = 3e-3

    def check(self) -> None:
        """Check every field (a bad value raises here, naming the field)."""
        super().check()
        spline_bins("bins", self.bins)
        object.__setattr__(self, "bound", spline_bound("bound", self.bound))
        object.__setattr__(self, "hidden", _validate.sizes("hidden", self.hidden))
        _layers.activation_name("activation", self.activation)
        _validate.positive_int("iterations", self.iterations)
        _validate.positive_int("batch_size", self.batch_size)
        _validate.positive_float("learning_rate", self.learning_rate)

    def build(self, *, dim: int = 1, condition_dim: int = 1, seed: int) -> SplineFlow:
        """Return an untrained `SplineFlow` (the identity) of this recipe, seeded from `seed`.

        Raises:
            ValueError: if dim is not 1 or condition_dim < 1.
        """
        if dim != 1:
            raise ValueError(f"dim must be 1: the spline flow models one number, got {dim!r}")
        network = build_spline_network(
            self.bins,
            self.hidden,
            condition_dim=condition_dim,
            activation=self.activation,
            seed=_validate.seed("seed", seed),
        )
        return SplineFlow(network, bins=self.bins, bound=self.bound)

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
        model: SplineFlow,
        data,
        *,
        weights=None,
        seed: int,
        verbose: int | str = 0,
        callbacks: Sequence[keras.callbacks.Callback] | None = None,
    ) -> keras.callbacks.History:
        """Train `model` by maximum likelihood for this recipe's iterations, with a fresh Adam.

        Args:
            model: a `SplineFlow` (from `build`).
            data: a (points, conditions) pair, (n, 1) and (n, condition_dim).
            weights: None to go through the data in shuffled passes; or n weights >= 0, and
                each batch is drawn with replacement with probabilities proportional to them.
            seed: seed of the shuffling or the weighted draws, an integer >= 0.
            verbose: as in `aegan.training.fit`.
            callbacks: more Keras callbacks, or None.

        Returns:
            The Keras History: the mean negative log likelihood of each block of iterations.

        Raises:
            ValueError: if the data are not such a pair, empty or not finite, or the weights
                are not n finite values >= 0 with a positive sum.
            TypeError: if model is not a SplineFlow.
        """
        if not isinstance(model, SplineFlow):
            raise TypeError(f"model must be a SplineFlow, got {type(model).__name__}")
        seed = _validate.seed("seed", seed)
        arrays = _validate.paired(
            data,
            name="points",
            columns=1,
            condition_columns=model.condition_dim,
            model="the spline flow",
        )
        if weights is None:
            dataset = training.epochs_dataset(arrays, self.batch_size, seed)
        else:
            weights = flow_model._weights(weights, len(arrays[0]))
            dataset = flow_model._weighted_batches(arrays, weights, self.batch_size, seed)
        dataset = dataset.map(lambda points, conditions: ((points, conditions),))
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
