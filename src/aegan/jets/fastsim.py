"""The jet fast simulation: (pT_gen, eta_gen, flavour) (n, 3) -> six observables (n, 6).

The networks do not see jets as they are. The conditions become six numbers
(`network_conditions`): log pT mapped to [-1, 1] over [20, 300] GeV, eta / 2.5, |eta| / 2.5
and the flavour one-hot. The observables become six features on the whole real line
(`encode`): log R, logit s, d_eta, d_phi, log q and sqrt(n + u), the track count n made
continuous by adding u ~ U(0, 1) (dequantisation: `decode` floors it back). The square root,
not the logarithm, for the count: it keeps n = 0 in [0, 1) where log(n + u) would stretch it
to minus infinity, and a Poisson count's square root has a standard deviation near 1/2 at
every mean, so the feature is about as wide at every pT. Each feature is
then standardised as a smooth function of log pT (`aegan.simulation.FeatureScale`), as
Lecture 5 standardises the response energy by energy. `build_simulator` puts all of this, the
noise and the network in one Keras model, so that the saved file is the whole simulation.
"""

from typing import NamedTuple

import keras
import numpy as np
from keras import layers

from aegan import _validate, gan
from aegan.flow import model as flow_model
from aegan.flow.simulator import FlowIntegration
from aegan.jets import law
from aegan.simulation.events import (
    ConditionColumn,
    DiagonalGaussianDraw,
    FeatureScale,
    GaussianRecipe,
)
from aegan.simulation.simulator import LatentNoise, run

#: Training jets: under the pT^-2 spectrum 200,000 jets put about 9,000 above 150 GeV.
TRAINING_JETS = 200_000
#: The network's features of a jet's conditions (`network_conditions`).
CONDITION_FEATURES = 6
#: How close to 0 and 1 a b-tag score is taken before its logit (float32's resolution at 1).
_SCORE_EDGE = 1e-6


def network_conditions(conditions) -> np.ndarray:
    """Return the networks' (n, 6) float32 features of jet conditions (pT GeV, eta, flavour).

    Raises:
        ValueError, TypeError: if conditions are not valid jet conditions (`law.conditions_array`).
    """
    conditions = law.conditions_array("conditions", conditions)
    span = np.log(law.PT_MAX) - np.log(law.PT_MIN)
    log_pt = 2.0 * (np.log(conditions[:, 0]) - np.log(law.PT_MIN)) / span - 1.0
    eta = conditions[:, 1] / law.ETA_MAX
    flavours = np.eye(3)[conditions[:, 2].astype(int)]
    return np.column_stack([log_pt, eta, np.abs(eta), flavours]).astype(np.float32)


@keras.saving.register_keras_serializable(package="aegan")
class JetConditions(layers.Layer):
    """Map jet conditions (n, 3) to the networks' features (n, 6), as `network_conditions`."""

    def call(self, conditions):
        """Return [scaled log pT, eta / 2.5, |eta| / 2.5, one-hot flavour]."""
        span = float(np.log(law.PT_MAX) - np.log(law.PT_MIN))
        log_pt = 2.0 * (keras.ops.log(conditions[:, :1]) - float(np.log(law.PT_MIN))) / span - 1
        eta = conditions[:, 1:2] / law.ETA_MAX
        flavour = keras.ops.cast(keras.ops.round(conditions[:, 2]), "int32")
        return keras.ops.concatenate(
            [log_pt, eta, keras.ops.abs(eta), keras.ops.one_hot(flavour, 3)], axis=-1
        )

    def compute_output_shape(self, input_shape):
        """Return (n, 6)."""
        return (input_shape[0], CONDITION_FEATURES)


def encode(observables, *, seed) -> np.ndarray:
    """Return the observables' (n, 6) features: log R, logit s, d_eta, d_phi, log q, sqrt(n + u).

    The track count n is dequantised by u ~ U(0, 1) from `seed`: n + u has a density, which a
    flow or a GAN can learn, and `decode` gives n back as floor(n + u).

    Raises:
        ValueError: if observables are not (n, 6) and finite, or R, q are not > 0, s not in
            [0, 1] or the count not an integer >= 0 (true jets always are).
    """
    observables = law.observables_array("observables", observables)
    response, score, d_eta, d_phi, mass, tracks = observables.T
    checks = (
        ("responses", response > 0),
        ("b-tag scores", (score >= 0) & (score <= 1)),
        ("mass ratios", mass > 0),
        ("track counts", (tracks >= 0) & (tracks == np.round(tracks))),
    )
    for name, good in checks:
        if not good.all():
            raise ValueError(
                f"observables' {name} are out of the law's range in {(~good).sum()} rows"
            )
    score = np.clip(score, _SCORE_EDGE, 1 - _SCORE_EDGE)
    dequantised = tracks + np.random.default_rng(seed).uniform(size=len(tracks))
    return np.column_stack(
        [
            np.log(response),
            np.log(score / (1 - score)),
            d_eta,
            d_phi,
            np.log(mass),
            np.sqrt(dequantised),
        ]
    )


def decode(features) -> np.ndarray:
    """Return observables from `encode`'s features (numpy): the inverse of `encode`."""
    features = _validate.array("features", features, ndim=2, columns=len(law.OBSERVABLES))
    log_r, logit, d_eta, d_phi, log_q, root_n = features.T
    return np.column_stack(
        [
            np.exp(log_r),
            1 / (1 + np.exp(-logit)),
            d_eta,
            d_phi,
            np.exp(log_q),
            np.floor(np.maximum(root_n, 0.0) ** 2),
        ]
    )


@keras.saving.register_keras_serializable(package="aegan")
class JetObservables(layers.Layer):
    """Turn features back into observables inside a model, as `decode`: (n, 6) -> (n, 6)."""

    def call(self, features):
        """Return [exp, sigmoid, identity, identity, exp, floor square] of the six features.

        A negative last feature (the generator's, outside the training range) is a count of 0.
        """
        ops = keras.ops
        return ops.concatenate(
            [
                ops.exp(features[:, 0:1]),
                ops.sigmoid(features[:, 1:2]),
                features[:, 2:4],
                ops.exp(features[:, 4:5]),
                ops.floor(ops.square(ops.relu(features[:, 5:6]))),
            ],
            axis=-1,
        )

    def compute_output_shape(self, input_shape):
        """Return the input's shape."""
        return input_shape


def fit_scale(conditions, features) -> FeatureScale:
    """Fit the features' scale as smooth functions of log pT, flavour by flavour.

    Each flavour's features are centred and scaled on their own (`FeatureScale.fit` with the
    flavour as the group): a b jet's b-tag score and a light jet's, far apart, both reach
    the network near 0 with unit width, and it learns shapes, not the flavours' offsets.
    """
    conditions = law.conditions_array("conditions", conditions)
    return FeatureScale.fit(features, np.log(conditions[:, 0]), groups=conditions[:, 2])


def standardize(scale: FeatureScale, conditions, features) -> np.ndarray:
    """Return the features standardised by `scale` (float32), as the networks learn them."""
    conditions = law.conditions_array("conditions", conditions)
    return scale.standardize(features, np.log(conditions[:, 0]), conditions[:, 2])


def build_simulator(
    network: keras.Model, scale: FeatureScale, *, seed: int, **sampler
) -> keras.Model:
    """Wrap a trained network into the jet simulator: conditions (n, 3) -> observables (n, 6).

    Args:
        network: a conditional generator (`aegan.gan`), a velocity field (`aegan.flow`) or a
            Gaussian regression (`aegan.simulation.GaussianRecipe`), of six standardised
            features given the six `network_conditions`.
        scale: the features' scale the network was trained with.
        seed: seed of the simulator's noise, an integer >= 0.
        **sampler: for a velocity field, its `steps` and `method`.

    Returns:
        A Keras model from conditions (n, 3) (pT_gen in GeV, eta_gen, flavour 0/1/2) to the
        six observables (n, 6), drawing its noise inside; `keras.saving.load_model` reads it
        back after `import aegan`.

    Raises:
        TypeError: if network is not a Keras model or scale not a FeatureScale.
        ValueError: if the network does not make six features from six condition features.
    """
    if not isinstance(network, keras.Model):
        raise TypeError(f"network must be a keras.Model, got {type(network).__name__}")
    if not isinstance(scale, FeatureScale):
        raise TypeError(f"scale must be a FeatureScale, got {type(scale).__name__}")
    dim = len(law.OBSERVABLES)
    kind, (points, condition_dim) = _kind(network)
    if points != dim or condition_dim != CONDITION_FEATURES or scale.dim != dim:
        raise ValueError(
            f"network must make {dim} features from {CONDITION_FEATURES} condition features, got "
            f"{points} from {condition_dim} (and a scale of {scale.dim})"
        )
    conditions = keras.Input(shape=(len(law.CONDITIONS),), name="conditions")
    features = JetConditions(name="condition_features")(conditions)
    if kind == "flow":
        noise = LatentNoise(dim, "normal", seed=seed, name="noise")(conditions)
        integration = FlowIntegration(network, **sampler, name="integration")
        x = integration([noise, features])
    elif kind == "gan":
        latent_dim = int(network.inputs[0].shape[-1])
        law_name = gan.latent_law_of(network)
        noise = LatentNoise(latent_dim, law_name, seed=seed, name="noise")(conditions)
        x = network([noise, features])
    else:
        noise = LatentNoise(dim, "normal", seed=seed, name="noise")(conditions)
        x = DiagonalGaussianDraw(name="draw")([network(features), noise])
    log_pt = ConditionColumn(0, log=True, name="log_pt")(conditions)
    flavour = ConditionColumn(2, name="flavour")(conditions)
    unscaled = scale.layer()([log_pt, flavour, x])
    observables = JetObservables(name="observables")(unscaled)
    return keras.Model(conditions, observables, name=f"jet_simulator_{kind}")


def _kind(network: keras.Model) -> tuple[str, tuple[int, int]]:
    """Return the network's kind ("flow", "gan" or "gaussian") and (points, condition) sizes."""
    names = [tensor.name for tensor in network.inputs]
    if len(network.inputs) == 3:
        return "flow", flow_model.field_shape(network)
    if len(network.inputs) == 2:
        return "gan", (int(network.outputs[0].shape[-1]), gan.condition_dim(network))
    if len(network.inputs) == 1:
        return "gaussian", (
            int(network.outputs[0].shape[-1]) // 2,
            int(network.inputs[0].shape[-1]),
        )
    raise ValueError(f"network's inputs {names} are those of no simulator network")


def simulate(simulator, conditions) -> np.ndarray:
    """Return a jet simulator's observables (n, 6) for valid jet conditions (n, 3).

    The saved model takes any numbers; this checks them first (a flavour of 5 or a pT of 0
    would give silently wrong jets) and checks what the model returns.

    Args:
        simulator: a jet simulator (`build_simulator`, or a loaded `jet_simulator.keras`).
        conditions: (n, 3) jet conditions: pT_gen in GeV (> 0), eta_gen, flavour 0, 1 or 2.

    Raises:
        TypeError: if simulator is not a Keras model.
        ValueError: if the conditions are not valid, or the model does not return (n, 6)
            finite observables.
    """
    if not isinstance(simulator, keras.Model):
        raise TypeError(f"simulator must be a keras.Model, got {type(simulator).__name__}")
    conditions = law.conditions_array("conditions", conditions)
    if int(simulator.inputs[0].shape[-1]) != len(law.CONDITIONS):
        raise ValueError(
            f"simulator must take conditions of {len(law.CONDITIONS)} columns, it takes "
            f"{simulator.inputs[0].shape[-1]}"
        )
    drawn = run(simulator, conditions).astype(np.float64)
    return law.observables_array("the simulator's output", drawn, rows=len(conditions))


class Trained(NamedTuple):
    """What `train_simulator` returns: the simulator and the parts it is made of."""

    simulator: keras.Model
    model: keras.Model
    scale: FeatureScale
    history: keras.callbacks.History


def train_simulator(
    conditions, observables, *, recipe, seed: int, verbose: int | str = 0
) -> Trained:
    """Train a generative network on jets and wrap it into a jet simulator.

    The jets are encoded (`encode`), standardised in log pT (`fit_scale`), and the network
    learns the six features given `network_conditions`. The jets are taken as the spectrum
    gives them (not drawn flat in log pT, as Lecture 5 draws energies): a jet simulation is
    judged on the spectrum, where most jets are soft.

    Args:
        conditions: (n, 3) jet conditions (pT_gen GeV, eta_gen, flavour 0/1/2).
        observables: (n, 6) their observables, as `aegan.jets.sample_observables` orders them.
        recipe: an `aegan.flow.Recipe`, an `aegan.gan.Recipe` or an
            `aegan.simulation.GaussianRecipe`.
        seed: seed of the network, its training, the resampling and the noise, an integer >= 0.
        verbose: as in `aegan.training.fit`.

    Raises:
        TypeError: if recipe is none of the three kinds.
        ValueError: if the arrays are not valid jets or differ in length.
    """
    if not isinstance(recipe, flow_model.Recipe | gan.Recipe | GaussianRecipe):
        raise TypeError(
            "recipe must be a flow.Recipe, a gan.Recipe or a simulation.GaussianRecipe, got "
            f"{type(recipe).__name__}"
        )
    seed = _validate.seed("seed", seed)
    conditions = law.conditions_array("conditions", conditions)
    observables = law.observables_array("observables", observables, rows=len(conditions))
    rng = np.random.default_rng(seed)
    features = encode(observables, seed=rng)
    scale = fit_scale(conditions, features)
    x = standardize(scale, conditions, features)
    pairs = (x, network_conditions(conditions))
    dim = len(law.OBSERVABLES)
    if isinstance(recipe, flow_model.Recipe):
        model = recipe.build(dim=dim, condition_dim=CONDITION_FEATURES, seed=seed)
        history = recipe.fit(model, pairs, seed=seed, verbose=verbose)
        network, sampler = model.velocity, {"steps": recipe.steps, "method": recipe.method}
    elif isinstance(recipe, gan.Recipe):
        model = recipe.build(dim=dim, condition_dim=CONDITION_FEATURES, seed=seed)
        history = recipe.fit(model, pairs, seed=seed, verbose=verbose)
        network, sampler = model.generator, {}
    else:
        model = network = recipe.build(dim=dim, condition_dim=CONDITION_FEATURES, seed=seed)
        history, sampler = recipe.fit(model, pairs, seed=seed, verbose=verbose), {}
    simulator = build_simulator(network, scale, seed=seed, **sampler)
    return Trained(simulator, model, scale, history)
