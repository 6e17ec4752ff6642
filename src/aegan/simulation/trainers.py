"""Train the fast simulations: the conditional GAN (`train`) and its Gaussian baseline."""

from typing import NamedTuple

import keras

from aegan import _layers, _validate, gan, training
from aegan.simulation.response import (
    ResponseScale,
    energy_condition,
    flat_in_log_energy,
)
from aegan.simulation.simulator import (
    EnergyCondition,
    GaussianDraw,
    LatentNoise,
    ReconstructedEnergy,
    build_simulator,
)

#: Lecture 5's conditional GAN of the calorimeter's standardised response, the default recipe
#: of `train` (named `aegan.recipes.SIMULATOR_GAN` among the course's recipes): two hidden
#: layers of 64 leaky-ReLU units in each network, Glorot weights, an 8-number normal latent
#: point, one joint discriminator step per iteration (512 real and 512 generated responses,
#: the pairs drawn flat in log E), Adam 3e-4 with beta_1 = 0.5 for both, decayed to 0 along a
#: half cosine over the 10,000 iterations, and the generator's weights averaged (EMA 0.9995).
#: It lives here, not in `aegan.recipes`, so that this module need not import the module that
#: imports every model package, this one included.
SIMULATOR_GAN = gan.Recipe(
    generator_hidden=(64, 64),
    discriminator_hidden=(64, 64),
    latent_dim=8,
    latent_law="normal",
    iterations=10_000,
    batch_size=1024,
    learning_rate=3e-4,
    discriminator_learning_rate=3e-4,
    beta_1=0.5,
    generator_average=0.9995,
    activation="leaky_relu",
    initializer="glorot_uniform",
    schedule="joint",
    cosine_decay=True,
)

#: Training pairs: under the E^-2 spectrum 200,000 pairs put about 5,600 above 80 GeV, where
#: the response is narrowest (20,000 would leave about 560, too few to pin it).
TRAINING_PAIRS = 200_000


class Trained(NamedTuple):
    """What `train` returns: the simulator and the parts it is made of."""

    simulator: keras.Model
    gan: gan.GAN
    scale: ResponseScale
    history: keras.callbacks.History


def train(
    energies,
    responses,
    *,
    recipe: gan.Recipe | None = None,
    conditional: bool = True,
    per_energy_scale: bool | None = None,
    seed: int,
    verbose: int | str = 0,
) -> Trained:
    """Train a GAN on (true energy, response) pairs and wrap its generator into a simulator.

    The response is standardised by a `ResponseScale` fitted to the pairs, the condition is
    `energy_condition(E)`, and the pairs the conditional GAN sees are drawn flat in log E
    (`flat_in_log_energy`), so that it learns the narrow high-energy responses as well as the
    abundant low-energy ones. With `conditional=False` nothing is given E (the ablation of
    Lecture 5): the networks take no condition, the pairs are the spectrum's, and by default
    the scale is one for all energies, so the simulator draws the same response R at every
    energy. `per_energy_scale` removes or keeps the per-energy standardisation on its own.

    Args:
        energies: true energies in GeV, shape (n,), each finite and > 0.
        responses: their responses R = E_reco / E_true, shape (n,).
        recipe: the GAN's networks and training; None for `SIMULATOR_GAN`.
        conditional: whether the networks take the condition.
        per_energy_scale: whether the response is standardised energy by energy
            (`ResponseScale.fit(per_energy=...)`); None (the default) follows `conditional`.
        seed: seed of the networks, the latent points, the resampling and the shuffling, an
            integer >= 0.
        verbose: as in `aegan.training.fit`.

    Raises:
        ValueError: if the arrays differ in length, hold a value that is not finite, an
            energy <= 0, or too few pairs to fit the scale (100 per bin of 20).
        TypeError: if recipe is not a gan.Recipe, or conditional or per_energy_scale is not a
            bool (None for the latter).
    """
    if not isinstance(conditional, bool):
        raise TypeError(f"conditional must be True or False, got {conditional!r}")
    if per_energy_scale is not None and not isinstance(per_energy_scale, bool):
        raise TypeError(f"per_energy_scale must be True, False or None, got {per_energy_scale!r}")
    seed = _validate.seed("seed", seed)
    if recipe is None:
        recipe = SIMULATOR_GAN
    if not isinstance(recipe, gan.Recipe):
        raise TypeError(f"recipe must be a gan.Recipe or None, got {type(recipe).__name__}")
    if per_energy_scale is None:
        per_energy_scale = conditional
    scale = ResponseScale.fit(energies, responses, per_energy=per_energy_scale)
    if conditional:
        energies, responses = flat_in_log_energy(energies, responses, seed=seed)
    x = scale.standardize(energies, responses)
    model = recipe.build(dim=1, condition_dim=1 if conditional else 0, seed=seed)
    pairs = (x, energy_condition(energies)) if conditional else x
    history = recipe.fit(model, pairs, seed=seed, verbose=verbose)
    return Trained(build_simulator(model.generator, scale, seed=seed), model, scale, history)


def gaussian_loss(targets, outputs):
    """Return the mean negative log-likelihood of targets under N(mu, sigma^2).

    The outputs are (mu, log sigma), one row per target (the constant log sqrt(2 pi) is left out).
    """
    mean, log_width = outputs[:, :1], outputs[:, 1:]
    return keras.ops.mean(
        log_width + 0.5 * keras.ops.square((targets - mean) / keras.ops.exp(log_width))
    )


def train_gaussian(
    energies, responses, *, hidden=(32, 32), epochs: int = 5, seed: int, verbose=0
) -> Trained:
    """Train a plain Gaussian regression of the response and wrap it as a simulator.

    A network maps the condition `energy_condition(E)` to the mean and log-width of the
    standardised response (as `train` standardises it), trained by maximum likelihood; its
    simulator draws x = mu(E) + sigma(E) z. Maximum likelihood makes sigma(E) the standard
    deviation of the whole law at E, leakage tail included: wider than the core, and with no
    tail (the baseline of Lecture 5).

    Args:
        energies: true energies in GeV, shape (n,), each finite and > 0.
        responses: their responses R = E_reco / E_true, shape (n,).
        hidden: widths of the network's hidden layers (leaky ReLU).
        epochs: passes over the pairs, in batches of 1024, with Adam 3e-3.
        seed: seed of the weights, the shuffling and the simulator's noise, an integer >= 0.
        verbose: as in `aegan.training.fit`.

    Returns:
        A `Trained` whose `gan` field is the regression network.
    """
    scale = ResponseScale.fit(energies, responses)
    x = scale.standardize(energies, responses)
    seed = _validate.seed("seed", seed)
    hidden = _validate.sizes("hidden", hidden)
    seeds = _layers.layer_seeds(seed, len(hidden) + 1)
    condition = keras.Input(shape=(1,), name="conditions")
    tensor = _layers.dense_stack(
        condition, hidden, activation="leaky_relu", name="gaussian_hidden", seeds=seeds
    )
    parameters = _layers.dense(2, None, "mean_and_log_width", seeds, "glorot_uniform")(tensor)
    network = keras.Model(condition, parameters, name="gaussian_regression")
    history = training.fit(
        network,
        energy_condition(energies),
        x,
        optimizer=keras.optimizers.Adam(3e-3),
        loss=gaussian_loss,
        epochs=_validate.positive_int("epochs", epochs),
        batch_size=1024,
        seed=seed,
        verbose=verbose,
    )
    true_energy = keras.Input(shape=(1,), name="true_energy")
    noise = LatentNoise(1, "normal", seed=seed, name="noise")(true_energy)
    draws = GaussianDraw(name="draw")(
        [network(EnergyCondition(name="condition")(true_energy)), noise]
    )
    outputs = ReconstructedEnergy(
        scale.median, scale.stochastic, scale.constant, name="reconstructed_energy"
    )([true_energy, draws])
    simulator = keras.Model(true_energy, outputs, name="gaussian_simulator")
    return Trained(simulator, network, scale, history)
