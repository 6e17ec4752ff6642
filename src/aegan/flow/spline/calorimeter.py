"""The spline flow as the calorimeter simulation: E_true -> E_reco, with log R inside.

The flow learns y = (log R - m(E)) / s(E): the logarithm of the response, standardised
energy by energy (`simulation.ResponseScale` fitted to log R), so that R = exp(m(E) + s(E) y)
is positive whatever the flow draws.
"""

from typing import NamedTuple

import keras
import numpy as np
from keras import layers, ops

from aegan import _validate, simulation
from aegan.flow.spline.model import (
    SplineFlow,
    SplineRecipe,
    _network_shape,
    spline_bins,
    spline_bound,
    spline_inverse,
)


@keras.saving.register_keras_serializable(package="aegan")
class SplineSampling(layers.Layer):
    """Invert a conditional spline inside a model: [noise (n, 1), conditions] -> points (n, 1).

    Args:
        network: the trained network of the spline (`build_spline_network`), saved with it.
        bins: the spline's number of bins K.
        bound: B, the half-width of the spline's interval.
    """

    def __init__(self, network: keras.Model, *, bins: int, bound: float, **kwargs):
        super().__init__(**kwargs)
        self.bins = spline_bins("bins", bins)
        self.bound = spline_bound("bound", bound)
        _network_shape(network, self.bins)
        self.network = network

    def call(self, inputs):
        """Return f^-1(z | c)."""
        noise, conditions = inputs
        return spline_inverse(noise, self.network(conditions), bins=self.bins, bound=self.bound)

    def compute_output_shape(self, input_shape):
        """Return the noise's shape."""
        return input_shape[0]

    def get_config(self):
        """Return the layer's arguments, the network serialised."""
        network = keras.saving.serialize_keras_object(self.network)
        return {**super().get_config(), "network": network, "bins": self.bins, "bound": self.bound}

    @classmethod
    def from_config(cls, config):
        """Rebuild the layer from `get_config()`'s output."""
        config = dict(config)
        config["network"] = keras.saving.deserialize_keras_object(config["network"])
        return cls(**config)


@keras.saving.register_keras_serializable(package="aegan")
class EnergyFromLogResponse(layers.Layer):
    """Turn a standardised log response back into energies: [E, y] -> E exp(m(E) + s(E) y).

    m(E) and s(E) are a `simulation.ResponseScale` fitted to log R, so the reconstructed
    energy is positive for any y.

    Args:
        median: the quadratic in log E of log R's median, highest power first.
        stochastic: the stochastic term of log R's width.
        constant: its constant term.
    """

    def __init__(self, median, stochastic: float, constant: float, **kwargs):
        super().__init__(**kwargs)
        median = _validate.array("median", median, ndim=1)
        if len(median) != 3:
            raise ValueError(f"median must hold 3 coefficients, got {len(median)}")
        self.median = tuple(float(c) for c in median)
        self.stochastic = _validate.finite_float("stochastic", stochastic)
        self.constant = _validate.finite_float("constant", constant)

    def call(self, inputs):
        """Return E exp(m(E) + s(E) y)."""
        energies, y = inputs
        log_energy = ops.log(energies)
        a, b, c = self.median
        location = (a * log_energy + b) * log_energy + c
        width = ops.sqrt(self.stochastic**2 / energies + self.constant**2)
        return energies * ops.exp(location + width * y)

    def compute_output_shape(self, input_shape):
        """Return the energies' shape."""
        return input_shape[0]

    def get_config(self):
        """Return the layer's arguments."""
        config = {
            "median": list(self.median),
            "stochastic": self.stochastic,
            "constant": self.constant,
        }
        return {**super().get_config(), **config}


def build_simulator(
    model: SplineFlow, scale: simulation.ResponseScale, *, seed: int
) -> keras.Model:
    """Wrap a trained spline flow into the fast simulation: E_true (n, 1) -> E_reco (n, 1), GeV.

    The noise is drawn inside (`simulation.LatentNoise`), the condition is
    `simulation.EnergyCondition`, the spline is inverted inside (`SplineSampling`) and the
    standardised log response is turned back into energies (`EnergyFromLogResponse`).

    Args:
        model: a `SplineFlow` of y = (log R - m(E)) / s(E) given `energy_condition(E)`.
        scale: the scale of log R it was trained with.
        seed: seed of the simulator's noise, an integer >= 0.

    Returns:
        A Keras model that `keras.saving.load_model` reads back after `import aegan`.

    Raises:
        TypeError: if model is not a SplineFlow or scale not a ResponseScale.
        ValueError: if the flow does not take a condition of size 1.
    """
    if not isinstance(model, SplineFlow):
        raise TypeError(f"model must be a SplineFlow, got {type(model).__name__}")
    if not isinstance(scale, simulation.ResponseScale):
        raise TypeError(f"scale must be a ResponseScale, got {type(scale).__name__}")
    if model.condition_dim != 1:
        raise ValueError(f"model must take a condition of size 1, got {model.condition_dim}")
    energies = keras.Input(shape=(1,), name="true_energy")
    noise = simulation.LatentNoise(1, "normal", seed=seed, name="noise")(energies)
    conditions = simulation.EnergyCondition(name="condition")(energies)
    sampling = SplineSampling(model.network, bins=model.bins, bound=model.bound, name="spline")
    y = sampling([noise, conditions])
    outputs = EnergyFromLogResponse(
        scale.median, scale.stochastic, scale.constant, name="reconstructed_energy"
    )([energies, y])
    return keras.Model(energies, outputs, name="spline_simulator")


def _positive_responses(energies, responses) -> tuple[np.ndarray, np.ndarray]:
    """Return energies and responses as float64 (n,), each finite and > 0, as many."""
    energies = simulation.true_energies("energies", energies)
    responses = _validate.array("responses", responses, ndim=1)
    _validate.same_length("responses", responses, "energies", energies, unit="values")
    if np.any(responses <= 0):
        raise ValueError(f"responses must be > 0, got {float(responses[responses <= 0][0])!r}")
    return energies, responses


class Trained(NamedTuple):
    """What `train_simulator` returns: the simulator and the parts it is made of."""

    simulator: keras.Model
    model: SplineFlow
    scale: simulation.ResponseScale
    history: keras.callbacks.History


def train_simulator(
    energies,
    responses,
    *,
    recipe: SplineRecipe,
    flat_in_log_energy: bool = True,
    seed: int,
    verbose: int | str = 0,
) -> Trained:
    """Train a spline flow on (true energy, response) pairs and wrap it as a simulator.

    The flow learns y = (log R - m(E)) / s(E), with m and s a `simulation.ResponseScale`
    fitted to log R, given the condition `simulation.energy_condition(E)`.

    Args:
        energies: true energies in GeV, shape (n,), each finite and > 0.
        responses: their responses R = E_reco / E_true, shape (n,), each finite and > 0.
        recipe: the flow and its training.
        flat_in_log_energy: whether batches draw pairs with probability proportional to E,
            flat in log E under the E^-2 spectrum; otherwise shuffled passes.
        seed: seed of the network, the batches and the simulator's noise, an integer >= 0.
        verbose: as in `aegan.training.fit`.

    Raises:
        ValueError: if the arrays differ in length, hold a value that is not finite, an
            energy or a response <= 0, or too few pairs to fit the scale.
        TypeError: if recipe is not a spline Recipe or flat_in_log_energy not a bool.
    """
    if not isinstance(recipe, SplineRecipe):
        raise TypeError(f"recipe must be a flow.SplineRecipe, got {type(recipe).__name__}")
    if not isinstance(flat_in_log_energy, bool):
        raise TypeError(f"flat_in_log_energy must be True or False, got {flat_in_log_energy!r}")
    seed = _validate.seed("seed", seed)
    energies, responses = _positive_responses(energies, responses)
    scale = simulation.ResponseScale.fit(energies, np.log(responses))
    y = scale.standardize(energies, np.log(responses))
    model = recipe.build(dim=1, condition_dim=1, seed=seed)
    data = (y, simulation.energy_condition(energies))
    weights = energies if flat_in_log_energy else None
    history = recipe.fit(model, data, weights=weights, seed=seed, verbose=verbose)
    return Trained(build_simulator(model, scale, seed=seed), model, scale, history)


def log_density(
    model: SplineFlow, scale: simulation.ResponseScale, energies, responses
) -> np.ndarray:
    """Return the exact log density log p(R | E) of responses at true energies, (n,) float64.

    With y = (log R - m(E)) / s(E), p(R | E) = p(y | E) / (R s(E)).

    Args:
        model: the trained `SplineFlow` (`train_simulator`'s `model`).
        scale: its scale of log R (`train_simulator`'s `scale`).
        energies: true energies in GeV, shape (n,), each finite and > 0.
        responses: responses, shape (n,), each finite and > 0.

    Raises:
        ValueError: if an energy or a response is not finite and > 0, or the lengths differ.
        TypeError: if model is not a SplineFlow or scale not a ResponseScale.
    """
    if not isinstance(model, SplineFlow):
        raise TypeError(f"model must be a SplineFlow, got {type(model).__name__}")
    if not isinstance(scale, simulation.ResponseScale):
        raise TypeError(f"scale must be a ResponseScale, got {type(scale).__name__}")
    energies, responses = _positive_responses(energies, responses)
    y = scale.standardize(energies, np.log(responses))
    density = model.log_prob(y, simulation.energy_condition(energies))
    return density - np.log(responses) - np.log(scale.width(energies))
