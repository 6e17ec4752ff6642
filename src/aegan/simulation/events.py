"""A simulator of many observables: conditions (n, c) -> observables (n, d), the scale inside.

Lecture 5's response is standardised energy by energy before a network learns it
(`ResponseScale`); an event of d observables is standardised the same way, column by column:
each feature's median and width are smooth functions of one scalar of the condition (log pT
for a jet, log E for a shower), fitted to the training sample (`FeatureScale`). The networks
then learn shapes and correlations, not scales. `ScaledFeatures` is the inverse inside a saved
model, and `build_simulator` wraps any generative network of the course (a GAN's generator, a
flow-matching field, a Gaussian regression) with its noise, its condition and its decoding into
one Keras model.
"""

from dataclasses import dataclass

import keras
import numpy as np
from keras import layers

from aegan import _layers, _validate, training

#: The quantiles of the standard normal's +-1 sigma, for the half 68 % width.
_ONE_SIGMA = (0.15865525393145707, 0.8413447460685429)


def _group_index(groups, rows: int, count: int) -> np.ndarray:
    """Return group indices (n,) as integers in [0, count), checked; zeros for None."""
    if groups is None:
        if count != 1:
            raise ValueError(f"groups are needed: the scale was fitted to {count} groups")
        return np.zeros(rows, dtype=np.intp)
    groups = _validate.array("groups", groups, ndim=1)
    if len(groups) != rows:
        raise ValueError(f"groups must have {rows} values, one per row, got {len(groups)}")
    if np.any((groups != np.round(groups)) | (groups < 0) | (groups >= count)):
        raise ValueError(f"groups must be whole numbers from 0 to {count - 1}")
    return groups.astype(np.intp)


@dataclass(frozen=True)
class FeatureScale:
    """Each feature's median and width as polynomials in one scalar t, per group of rows.

    x_j = (y_j - m_gj(t)) / exp(w_gj(t)) for a row of group g (a jet's flavour, say; one group
    when there are none), m_gj and w_gj polynomials in t (highest power first, as
    `numpy.polyval`), fitted by `fit` to the medians and log half 68 % widths of the training
    sample in bins of t, group by group. A width of zero (a constant feature) is not allowed.

    Attributes:
        location: per group, per feature, the coefficients of its median m_gj(t).
        log_width: per group, per feature, those of the log of its width.
    """

    location: tuple[tuple[tuple[float, ...], ...], ...]
    log_width: tuple[tuple[tuple[float, ...], ...], ...]

    @classmethod
    def fit(cls, features, by, *, groups=None, bins: int = 20, degree: int = 2) -> "FeatureScale":
        """Fit the scale to features (n, d) and their scalar t (n,), in bins of t's quantiles.

        Args:
            features: (n, d) finite features.
            by: (n,) the scalar the scale depends on.
            groups: None, or (n,) group indices 0, 1, ..., each group present: each group
                gets its own polynomials.
            bins: bins of t per group, at least 3.
            degree: the polynomials' degree, at least 0.

        Raises:
            ValueError: if the arrays are not finite, differ in length, bins < 3, degree < 0,
                a group is empty, a bin holds fewer than 100 rows, or a feature has no width
                in some bin.
        """
        features = _validate.array("features", features, ndim=2)
        by = _validate.array("by", by, ndim=1)
        _validate.same_length("by", by, "features", features, unit="values")
        bins = _validate.positive_int("bins", bins, minimum=3)
        degree = _validate.positive_int("degree", degree, minimum=0)
        if groups is None:
            index = np.zeros(len(by), dtype=np.intp)
        else:
            count = int(np.max(_validate.array("groups", groups, ndim=1))) + 1
            index = _group_index(groups, len(by), count)
        location, log_width = [], []
        for group in range(int(index.max()) + 1):
            chosen = index == group
            if not chosen.any():
                raise ValueError(f"groups must hold every index from 0 up, none is {group}")
            fitted = _fit_group(features[chosen], by[chosen], bins, degree)
            location.append(fitted[0])
            log_width.append(fitted[1])
        return cls(tuple(location), tuple(log_width))

    @property
    def dim(self) -> int:
        """Return the number of features."""
        return len(self.location[0])

    @property
    def groups(self) -> int:
        """Return the number of groups (1 when fitted without)."""
        return len(self.location)

    def _columns(self, by, groups) -> tuple[np.ndarray, np.ndarray]:
        """Return (medians, widths), each (n, d), at scalars t (n,) of rows of groups g."""
        by = _validate.array("by", by, ndim=1)
        index = _group_index(groups, len(by), self.groups)
        medians = np.stack(
            [np.stack([np.polyval(c, by) for c in group], axis=1) for group in self.location]
        )
        widths = np.stack(
            [np.stack([np.polyval(c, by) for c in group], axis=1) for group in self.log_width]
        )
        rows = np.arange(len(by))
        return medians[index, rows], np.exp(widths[index, rows])

    def standardize(self, features, by, groups=None) -> np.ndarray:
        """Return x = (y - m(t)) / s(t) as an (n, d) float32 array: what a network learns."""
        features = _validate.array("features", features, ndim=2, columns=self.dim)
        medians, widths = self._columns(by, groups)
        _validate.same_length("by", medians, "features", features, unit="values")
        return ((features - medians) / widths).astype(np.float32)

    def unstandardize(self, x, by, groups=None) -> np.ndarray:
        """Return y = m(t) + s(t) x, the inverse of `standardize`, float64."""
        x = _validate.array("x", x, ndim=2, columns=self.dim)
        medians, widths = self._columns(by, groups)
        _validate.same_length("by", medians, "x", x, unit="values")
        return medians + widths * x

    def layer(self, name: str = "unstandardize") -> "ScaledFeatures":
        """Return the Keras layer that undoes `standardize` inside a model: [t, (g,) x] -> y."""
        return ScaledFeatures(self.location, self.log_width, name=name)


def _fit_group(features, by, bins: int, degree: int):
    """Return (location, log_width) coefficients of one group's features, per feature."""
    edges = np.quantile(by, np.linspace(0.0, 1.0, bins + 1))
    index = np.clip(np.searchsorted(edges, by, side="right") - 1, 0, bins - 1)
    counts = np.bincount(index, minlength=bins)
    if counts.min() < 100:
        raise ValueError(
            f"every bin must hold at least 100 rows to fit the scale, got {counts.min()} "
            f"in one of {bins} bins: give more rows or fewer bins"
        )
    centres, medians, widths = [], [], []
    for i in range(bins):
        rows = features[index == i]
        low, median, high = np.quantile(rows, (_ONE_SIGMA[0], 0.5, _ONE_SIGMA[1]), axis=0)
        centres.append(np.median(by[index == i]))
        medians.append(median)
        widths.append(0.5 * (high - low))
    widths = np.asarray(widths)
    if np.any(widths <= 0):
        column = int(np.nonzero((widths <= 0).any(axis=0))[0][0])
        raise ValueError(f"features' column {column} has no width in some bin of by")
    centres, medians = np.asarray(centres), np.asarray(medians)
    location = np.polyfit(centres, medians, degree).T
    log_width = np.polyfit(centres, np.log(widths), degree).T
    return (
        tuple(tuple(float(c) for c in row) for row in location),
        tuple(tuple(float(c) for c in row) for row in log_width),
    )


@keras.saving.register_keras_serializable(package="aegan")
class ScaledFeatures(layers.Layer):
    """Undo a `FeatureScale` inside a model: [t (n, 1), (g (n, 1),) x (n, d)] -> y (n, d).

    y = m_g(t) + exp(w_g(t)) x, with the group index g given when the scale has several.

    Args:
        location: per group, per feature, the coefficients of its median in t
            (`FeatureScale.location`).
        log_width: per group, per feature, those of its log width (`FeatureScale.log_width`).
    """

    def __init__(self, location, log_width, **kwargs):
        super().__init__(**kwargs)

        def coefficients(name, value):
            return tuple(
                tuple(tuple(_validate.finite_float(name, c) for c in row) for row in group)
                for group in value
            )

        self.location = coefficients("location", location)
        self.log_width = coefficients("log_width", log_width)
        shapes = {len(group) for group in (*self.location, *self.log_width)}
        if not self.location or len(self.location) != len(self.log_width) or len(shapes) != 1:
            raise ValueError(
                "location and log_width must give, per group, one polynomial per feature"
            )

    @staticmethod
    def _polynomials(group, by):
        """Return one group's polynomials of each feature at t, as (n, d)."""
        columns = []
        for row in group:
            value = 0.0 * by
            for coefficient in row:
                value = value * by + coefficient
            columns.append(value)
        return keras.ops.concatenate(columns, axis=-1)

    def _select(self, coefficients, by, groups):
        """Return the polynomials of each row's group, (n, d)."""
        values = [self._polynomials(group, by) for group in coefficients]
        if groups is None:
            return values[0]
        index = keras.ops.cast(keras.ops.round(groups[:, 0]), "int32")
        weights = keras.ops.one_hot(index, len(values))
        return sum(weights[:, g : g + 1] * value for g, value in enumerate(values))

    def call(self, inputs):
        """Return m_g(t) + exp(w_g(t)) x for inputs [t, x] or [t, g, x]."""
        by, groups, x = inputs if len(inputs) == 3 else (inputs[0], None, inputs[1])
        medians = self._select(self.location, by, groups)
        widths = keras.ops.exp(self._select(self.log_width, by, groups))
        return medians + widths * x

    def compute_output_shape(self, input_shape):
        """Return x's shape."""
        return input_shape[-1]

    def get_config(self):
        """Return the layer's arguments."""
        config = {
            "location": [[list(row) for row in group] for group in self.location],
            "log_width": [[list(row) for row in group] for group in self.log_width],
        }
        return {**super().get_config(), **config}


@keras.saving.register_keras_serializable(package="aegan")
class ConditionColumn(layers.Layer):
    """Return one column of the conditions, (n, 1), or its logarithm.

    Args:
        column: the column's index, an integer >= 0.
        log: whether to return its natural logarithm.
    """

    def __init__(self, column: int, log: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.column = _validate.positive_int("column", column, minimum=0)
        if not isinstance(log, bool):
            raise TypeError(f"log must be True or False, got {log!r}")
        self.log = log

    def call(self, conditions):
        """Return the column (n, 1), or its log."""
        value = conditions[:, self.column : self.column + 1]
        return keras.ops.log(value) if self.log else value

    def compute_output_shape(self, input_shape):
        """Return (n, 1)."""
        return (input_shape[0], 1)

    def get_config(self):
        """Return the layer's arguments."""
        return {**super().get_config(), "column": self.column, "log": self.log}


@keras.saving.register_keras_serializable(package="aegan")
class DiagonalGaussianDraw(layers.Layer):
    """Draw x = mu + sigma z feature by feature: [(mu, log sigma) (n, 2d), z (n, d)] -> x (n, d)."""

    def call(self, inputs):
        """Return mu + exp(log sigma) z."""
        parameters, noise = inputs
        dim = keras.ops.shape(noise)[-1]
        return parameters[:, :dim] + keras.ops.exp(parameters[:, dim:]) * noise

    def compute_output_shape(self, input_shape):
        """Return the noise's shape."""
        return input_shape[1]


def diagonal_gaussian_loss(targets, outputs):
    """Return the mean negative log-likelihood of targets (n, d) under independent normals.

    The outputs are (mu, log sigma), (n, 2d); the constant log sqrt(2 pi) is left out.
    """
    dim = keras.ops.shape(targets)[-1]
    mean, log_width = outputs[:, :dim], outputs[:, dim:]
    return keras.ops.mean(
        keras.ops.sum(
            log_width + 0.5 * keras.ops.square((targets - mean) / keras.ops.exp(log_width)),
            axis=-1,
        )
    )


@dataclass(frozen=True)
class GaussianRecipe(training.Recipe):
    """Independent Gaussians: a network maps the condition to each feature's mean and width.

    The plain baseline of a multivariate simulation: each standardised feature is drawn as
    mu_j(c) + sigma_j(c) z_j with independent z_j, fitted by maximum likelihood. Right means
    and widths, no correlations and no tails.

    Attributes:
        hidden: widths of the network's hidden layers (leaky ReLU).
        epochs: passes over the training pairs.
        batch_size: pairs per step.
        learning_rate: Adam's learning rate, decayed to 0 along a half cosine.
    """

    hidden: tuple[int, ...] = (64, 64)
    epochs: int = 5
    batch_size: int = 1024
    learning_rate: float = 3e-3

    def check(self) -> None:
        """Check every field (a bad value raises here, naming the field)."""
        super().check()
        object.__setattr__(self, "hidden", _validate.sizes("hidden", self.hidden))
        _validate.positive_int("epochs", self.epochs)
        _validate.positive_int("batch_size", self.batch_size)
        _validate.positive_float("learning_rate", self.learning_rate)

    def build(self, *, dim: int, condition_dim: int, seed: int) -> keras.Model:
        """Return the untrained network: conditions -> (mu, log sigma), (n, 2 dim)."""
        dim = _validate.positive_int("dim", dim)
        condition_dim = _validate.positive_int("condition_dim", condition_dim)
        seeds = _layers.layer_seeds(_validate.seed("seed", seed), len(self.hidden) + 1)
        conditions = keras.Input(shape=(condition_dim,), name="conditions")
        tensor = _layers.dense_stack(
            conditions, self.hidden, activation="leaky_relu", name="gaussian_hidden", seeds=seeds
        )
        outputs = _layers.dense(2 * dim, None, "mean_and_log_width", seeds, "glorot_uniform")(
            tensor
        )
        return keras.Model(conditions, outputs, name="gaussian_regression")

    def optimizers(self, n_events: int | None = None) -> dict[str, keras.optimizers.Optimizer]:
        """Return {"optimizer": Adam}, its rate decaying to 0 over `epochs` passes of n_events.

        Raises:
            ValueError: if n_events is None or < 1.
        """
        if n_events is None:
            raise ValueError("n_events is needed: the schedule lasts epochs passes over them")
        steps = self.epochs * -(-_validate.positive_int("n_events", n_events) // self.batch_size)
        schedule = keras.optimizers.schedules.CosineDecay(self.learning_rate, steps, alpha=0.0)
        return {"optimizer": keras.optimizers.Adam(schedule)}

    def fit(self, model: keras.Model, data, *, seed: int, verbose: int | str = 0):
        """Train the network on (features, conditions) by maximum likelihood."""
        if not isinstance(model, keras.Model):
            raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
        dim = int(model.outputs[0].shape[-1]) // 2
        condition_dim = int(model.inputs[0].shape[-1])
        features, conditions = _validate.paired(
            data, name="features", columns=dim, condition_columns=condition_dim, model="the network"
        )
        return training.fit(
            model,
            conditions,
            features,
            **self.optimizers(len(features)),
            loss=diagonal_gaussian_loss,
            epochs=self.epochs,
            batch_size=self.batch_size,
            seed=seed,
            verbose=verbose,
        )
