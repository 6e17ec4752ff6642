"""The flow as the fast calorimeter simulation: E_true -> E_reco, with the ODE inside the model."""

from typing import NamedTuple

import keras
import numpy as np
from keras import layers

from aegan import _validate, data, simulation
from aegan.flow import model as flow_model
from aegan.flow import ode


@keras.saving.register_keras_serializable(package="aegan")
class FlowIntegration(layers.Layer):
    """Integrate a velocity field from noise to data inside a model: [noise(, c)] -> points.

    Args:
        velocity: the trained field (`build_velocity_field`), kept in the layer and saved with it.
        steps: integration steps, an integer >= 1.
        method: "euler", "midpoint" or "rk4" (see `aegan.flow.integrate`).
    """

    def __init__(self, velocity: keras.Model, *, steps: int, method: str, **kwargs):
        super().__init__(**kwargs)
        self.dim, self.condition_dim = flow_model.field_shape(velocity)
        self.velocity = velocity
        self.steps, self.method = ode.steps_and_method(steps, method)

    def call(self, inputs):
        """Return the points at t = 1 from noise (and conditions)."""
        noise, conditions = inputs if isinstance(inputs, list | tuple) else (inputs, None)
        return ode.integrate(self.velocity, noise, conditions, steps=self.steps, method=self.method)

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
    dim, condition_dim = flow_model.field_shape(velocity)
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
    model: flow_model.FlowMatching
    scale: simulation.ResponseScale
    history: keras.callbacks.History


def train_simulator(
    energies,
    responses,
    *,
    recipe: flow_model.Recipe,
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
    if not isinstance(recipe, flow_model.Recipe):
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
    energies = simulation.true_energies("energies", energies)
    model = recipe.build(dim=1, condition_dim=1 if conditional else 0, seed=seed)
    data = (x, simulation.energy_condition(energies)) if conditional else x
    weights = energies if flat_in_log_energy else None
    history = recipe.fit(model, data, weights=weights, seed=seed, verbose=verbose)
    simulator = build_simulator(
        model.velocity, scale, steps=recipe.steps, method=recipe.method, seed=seed
    )
    return Trained(simulator, model, scale, history)


#: The samplers Lecture 6 compares (`sampler_study`), by method: the step counts tried.
STUDIED_SAMPLERS = {"euler": (4, 8, 16), "midpoint": (2, 4, 8)}
#: The integration the studied samplers are compared with: (method, steps).
FINEST_SAMPLER = ("rk4", 8)
#: Noise points, at energies of the spectrum, that each sampler integrates.
STUDIED_EVENTS = 10_000
#: The largest RMS error, in widths of the standardised response, of a sampler chosen.
SAMPLER_TOLERANCE = 0.01


def sampler_study(velocity: keras.Model, seed: int) -> dict[tuple[str, int], tuple]:
    """Integrate the same noise with each studied sampler and compare with the finest.

    Lecture 6 and `benchmarks/flow_seeds.py` choose their simulator's sampler through it with
    the page's SEED: `STUDIED_EVENTS` energies of `data.calorimeter_energies` and as many noise
    points, both from `seed + 4`, are integrated by each sampler of `STUDIED_SAMPLERS` and by
    `FINEST_SAMPLER`, and the end points compared event by event.

    Args:
        velocity: a field of one standardised response given `simulation.energy_condition`.
        seed: the page's SEED, an integer >= 0.

    Returns:
        A dict from (method, steps) to (network passes per event, RMS error of the end points
        in widths, spread of the end points / the finest's).

    Raises:
        ValueError: if seed is negative or the field does not take one number and one
            condition.
    """
    seed = _validate.seed("seed", seed)
    if flow_model.field_shape(velocity) != (1, 1):
        raise ValueError(
            "velocity must move one number given one condition, got (points, conditions) of "
            f"sizes {flow_model.field_shape(velocity)}"
        )
    energies = data.calorimeter_energies(STUDIED_EVENTS, seed=seed + 4)
    noise = np.random.default_rng(seed + 4).standard_normal((STUDIED_EVENTS, 1))
    conditions = simulation.energy_condition(energies)

    def end_points(method, steps):
        points = ode.integrate(
            velocity, noise.astype(np.float32), conditions, steps=steps, method=method
        )
        return np.asarray(points)[:, 0]

    finest = end_points(*FINEST_SAMPLER)
    study = {}
    for method, step_counts in STUDIED_SAMPLERS.items():
        for steps in step_counts:
            found = end_points(method, steps)
            error = float(np.sqrt(np.mean((found - finest) ** 2)))
            spread = float(found.std() / finest.std())
            study[method, steps] = (ode.METHODS[method] * steps, error, spread)
    return study


def cheapest_sampler(study: dict[tuple[str, int], tuple]) -> tuple[str, int]:
    """Return the (method, steps) of `sampler_study` with the fewest network passes per event
    among those whose RMS error is at most `SAMPLER_TOLERANCE`.

    Raises:
        ValueError: if no sampler of the study is within the tolerance.
    """
    within = [key for key, value in study.items() if value[1] <= SAMPLER_TOLERANCE]
    if not within:
        raise ValueError(
            f"study must hold a sampler with an RMS error <= {SAMPLER_TOLERANCE}, got errors "
            f"{sorted(value[1] for value in study.values())}"
        )
    return min(within, key=lambda key: study[key][0])
