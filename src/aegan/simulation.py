"""A fast detector simulation: a conditional generator of the toy calorimeter's response.

The generator of a conditional GAN learns the response R = E_reco / E_true given the true
energy E (the toy of `aegan.data.calorimeter`). It does not see R and E as they are: the
condition is log E mapped to [-1, 1] over the training range (`energy_condition`), and the
response is standardised in each energy, x = (R - m(E)) / s(E), with a median m(E) and a width
s(E) fitted to the training sample (`ResponseScale`), so that the network only has to learn
the shape of the response, the same at every energy to first order.

`build_simulator` wraps the trained generator with all of this in one Keras model, which maps
true energies in GeV, shape (n, 1), to reconstructed energies in GeV, shape (n, 1), drawing
its latent noise inside: the saved file is the whole fast simulation. The noise's state is
saved with it, so each job that loads the file seeds its own draws (`reseed`).

Validating a simulation against the exact law (the course's bar) is `aegan.scores`'
`validate_simulator`; here are the model, its layers, its training and the resolution fit
sigma(E) = a / sqrt(E) (+) b (`fit_resolution`).
"""

from dataclasses import dataclass
from typing import NamedTuple

import keras
import numpy as np
from keras import layers
from scipy import optimize

from aegan import _layers, _validate, data, gan, training

#: Training pairs: under the E^-2 spectrum 200,000 pairs put about 5,600 above 80 GeV, where
#: the response is narrowest (20,000 would leave about 560, too few to pin it).
TRAINING_PAIRS = 200_000
#: Lecture 5's conditional GAN: two hidden layers of 64 leaky-ReLU units in each network,
#: Glorot weights, a 2-number normal latent point, one joint discriminator step per iteration
#: (512 real and 512 generated responses, the pairs drawn flat in log E by `train`), Adam 3e-4
#: with beta_1 = 0.5 for both, decayed to 0 along a half cosine over the 10,000 iterations,
#: and the generator's weights averaged (EMA 0.9995); as costly per iteration as 32 units.
#: On the physical toy (issue 16), 32-unit networks on the spectrum's pairs left the C2ST AUC
#: at 0.507-0.508 (2 seeds, a scratch prototype of the bar); with the flat batches, the wider
#: networks and the decay, `benchmarks/cgan_seeds.py` (2026-12-03, 5 seeds, busy 2 cores)
#: found PIT KS <= 0.018 and widths within 3.6 %, medians within 0.01 but in seed 4 (0.013 at
#: 11 GeV), and C2ST AUC 0.505-0.508: one seed of five passes, short of issue 16's 4 of 5.
RECIPE = gan.Recipe(
    generator_hidden=(64, 64),
    discriminator_hidden=(64, 64),
    latent_dim=2,
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
#: Quantiles of the standard normal's +-1 sigma, for the half 68 % width.
_ONE_SIGMA = (0.15865525393145707, 0.8413447460685429)


def _energies(name: str, value) -> np.ndarray:
    """Return true energies as `aegan.data` checks them, also accepting an (n, 1) column."""
    shape = np.shape(value)
    if len(shape) == 2 and shape[1] == 1:
        value = np.asarray(value)[:, 0]
    elif len(shape) > 1:
        raise ValueError(f"{name} must have shape (n,) or (n, 1), got shape {shape}")
    return data._energies(name, value)


def flat_in_log_energy(energies, responses, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Resample (E, R) pairs with weight proportional to E: flat in log E under an E^-2 spectrum.

    Under the toy's spectrum 55 % of the pairs lie below 20 GeV and 7 % above 35 GeV, where
    the response is narrowest: a GAN trained on the pairs as they are sees few high-energy
    batches and learns their width poorly. Drawn with weight E, the same number of pairs covers
    each decade of log E alike (a high-energy pair is drawn about 4 times, a 10 GeV pair about
    0.4 times, on average); the conditional law of R given E is unchanged.

    Args:
        energies: true energies in GeV, shape (n,), each finite and > 0.
        responses: their responses, shape (n,), each finite.
        seed: seed of the draw, an integer >= 0.

    Returns:
        (energies, responses), n pairs drawn with replacement, float64.

    Raises:
        ValueError: if an array is not finite, an energy is not > 0, or the lengths differ.
    """
    energies = _energies("energies", energies)
    responses = _validate.array("responses", responses, ndim=1)
    if len(responses) != len(energies):
        raise ValueError(
            f"responses must have as many values as energies ({len(energies)}), "
            f"got {len(responses)}"
        )
    rng = np.random.default_rng(_validate.seed("seed", seed))
    chosen = rng.choice(len(energies), size=len(energies), p=energies / energies.sum())
    return energies[chosen], responses[chosen].astype(np.float64)


def energy_condition(energies) -> np.ndarray:
    """Return the generator's condition for true energies: log E mapped linearly to [-1, 1].

    The map takes the training range [10, 100] GeV to [-1, 1]; energies outside it go beyond
    (150 GeV to 1.35), which is how the simulation is asked to extrapolate.

    Args:
        energies: true energies in GeV, shape (n,) or (n, 1), each finite and > 0.

    Returns:
        float32 array of shape (n, 1).

    Raises:
        ValueError: if an energy is not finite and > 0, or the shape is not (n,) or (n, 1).
    """
    energies = _energies("energies", energies)
    span = np.log(data.E_MAX) - np.log(data.E_MIN)
    return (2.0 * (np.log(energies) - np.log(data.E_MIN)) / span - 1.0)[:, None].astype(np.float32)


def half_width(responses) -> float:
    """Return half the central 68 % interval of `responses` (the sigma of a normal law).

    Raises:
        ValueError: if responses is not a finite one-dimensional array of 2 or more values.
    """
    responses = _validate.array("responses", responses, ndim=1)
    if len(responses) < 2:
        raise ValueError(f"responses must hold at least 2 values, got {len(responses)}")
    low, high = np.quantile(responses, _ONE_SIGMA)
    return float(0.5 * (high - low))


def resolution(energies, stochastic: float, constant: float) -> np.ndarray:
    """Return sigma(E) = stochastic / sqrt(E) (+) constant, the two added in quadrature."""
    energies = _energies("energies", energies)
    return np.sqrt(stochastic**2 / energies + constant**2)


def fit_resolution(energies, widths) -> tuple[float, float]:
    """Fit sigma(E) = a / sqrt(E) (+) b to widths measured at `energies`; return (a, b).

    Args:
        energies: true energies in GeV, at least 2, each finite and > 0.
        widths: the width measured at each energy, as many, each finite and > 0.

    Returns:
        The stochastic term a and the constant term b, both >= 0.

    Raises:
        ValueError: if the lengths differ, there are fewer than 2 points, or a value is not
            finite and > 0.
    """
    energies = _energies("energies", energies)
    widths = _validate.array("widths", widths, ndim=1)
    if len(widths) != len(energies):
        raise ValueError(
            f"widths must have as many values as energies ({len(energies)}), got {len(widths)}"
        )
    if len(widths) < 2:
        raise ValueError(f"two parameters need at least 2 widths, got {len(widths)}")
    if np.any(widths <= 0):
        raise ValueError(f"widths must be > 0, got {float(widths[widths <= 0][0])!r}")
    (a, b), _ = optimize.curve_fit(
        lambda e, a, b: np.sqrt(a**2 / e + b**2), energies, widths, p0=(1.0, 0.05)
    )
    return abs(float(a)), abs(float(b))


@dataclass(frozen=True)
class ResponseScale:
    """The response's median m(E) and width s(E), which standardise it energy by energy.

    m(E) is a quadratic in log E, s(E) = sqrt(stochastic^2 / E + constant^2): both fitted to
    a training sample by `fit`, and kept in the simulator so that it returns energies.

    Attributes:
        median: the quadratic's coefficients in log E, highest power first (`numpy.polyval`).
        stochastic: the width's stochastic term (times 1 / sqrt(E)).
        constant: the width's constant term.
    """

    median: tuple[float, float, float]
    stochastic: float
    constant: float

    @classmethod
    def fit(
        cls, energies, responses, *, bins: int = 20, per_energy: bool = True
    ) -> "ResponseScale":
        """Fit the scale to (true energy, response) pairs, in `bins` bins of equal width in log E.

        The median is fitted to each bin's median, the width to each bin's half 68 % width
        (which the leakage tail widens: this is a scale, not a measurement of the core). With
        `per_energy=False` the scale is one median and one half 68 % width for all pairs: it
        knows nothing of E.

        Raises:
            ValueError: if the arrays are not finite, differ in length, an energy is not > 0,
                or a bin holds fewer than 100 pairs.
        """
        energies = _energies("energies", energies)
        responses = _validate.array("responses", responses, ndim=1)
        if len(responses) != len(energies):
            raise ValueError(
                f"responses must have as many values as energies ({len(energies)}), "
                f"got {len(responses)}"
            )
        if not per_energy:
            return cls((0.0, 0.0, float(np.median(responses))), 0.0, half_width(responses))
        bins = _validate.positive_int("bins", bins, minimum=3)
        edges = np.geomspace(energies.min(), energies.max(), bins + 1)
        index = np.clip(np.searchsorted(edges, energies, side="right") - 1, 0, bins - 1)
        counts = np.bincount(index, minlength=bins)
        if counts.min() < 100:
            raise ValueError(
                f"every bin must hold at least 100 pairs to fit the scale, got {counts.min()} "
                f"in one of {bins} bins: give more pairs or fewer bins"
            )
        groups = [index == i for i in range(bins)]
        centres = np.array([np.median(energies[g]) for g in groups])
        medians = np.array([np.median(responses[g]) for g in groups])
        widths = np.array([half_width(responses[g]) for g in groups])
        median = np.polyfit(np.log(centres), medians, 2)
        stochastic, constant = fit_resolution(centres, widths)
        return cls(tuple(float(c) for c in median), stochastic, constant)

    def location(self, energies) -> np.ndarray:
        """Return m(E) at true energies (GeV)."""
        return np.polyval(self.median, np.log(_energies("energies", energies)))

    def width(self, energies) -> np.ndarray:
        """Return s(E) at true energies (GeV)."""
        return resolution(energies, self.stochastic, self.constant)

    def standardize(self, energies, responses) -> np.ndarray:
        """Return x = (R - m(E)) / s(E), as an (n, 1) float32 array: what the generator learns."""
        responses = _validate.array("responses", responses, ndim=1)
        energies = _energies("energies", energies)
        if len(responses) != len(energies):
            raise ValueError(
                f"responses must have as many values as energies ({len(energies)}), "
                f"got {len(responses)}"
            )
        x = (responses - self.location(energies)) / self.width(energies)
        return x[:, None].astype(np.float32)


@keras.saving.register_keras_serializable(package="aegan")
class EnergyCondition(layers.Layer):
    """Map true energies (n, 1) in GeV to the generator's condition (`energy_condition`)."""

    def __init__(self, low: float = data.E_MIN, high: float = data.E_MAX, **kwargs):
        super().__init__(**kwargs)
        self.low = _validate.positive_float("low", low)
        self.high = _validate.positive_float("high", high)
        if self.low >= self.high:
            raise ValueError(
                f"low must be < high (GeV), got low={self.low!r} and high={self.high!r}"
            )

    def call(self, energies):
        """Return 2 (log E - log low) / (log high - log low) - 1."""
        span = float(np.log(self.high) - np.log(self.low))
        return 2.0 * (keras.ops.log(energies) - float(np.log(self.low))) / span - 1.0

    def compute_output_shape(self, input_shape):
        """Return the input's shape."""
        return input_shape

    def get_config(self):
        """Return the layer's arguments."""
        return {**super().get_config(), "low": self.low, "high": self.high}


@keras.saving.register_keras_serializable(package="aegan")
class LatentNoise(layers.Layer):
    """Draw one latent point per input row, from a seeded generator kept in the layer.

    Each call draws new points (the seed generator's state advances, and is saved with the
    model), so two calls on the same energies give two different samples.

    Args:
        latent_dim: size of a latent point.
        law: "normal" or "uniform" (in [-1, 1]), as `aegan.gan.LATENT_LAWS`.
        seed: seed of the draws, an integer >= 0.
    """

    def __init__(self, latent_dim: int, law: str = "normal", *, seed: int, **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = _validate.positive_int("latent_dim", latent_dim)
        self.law = _validate.choice("law", law, gan.LATENT_LAWS)
        self.seed = _validate.seed("seed", seed)
        self.seed_generator = keras.random.SeedGenerator(self.seed)

    def call(self, inputs):
        """Return (n, latent_dim) latent points, n being the inputs' number of rows."""
        shape = (keras.ops.shape(inputs)[0], self.latent_dim)
        if self.law == "uniform":
            return keras.random.uniform(shape, -1.0, 1.0, seed=self.seed_generator)
        return keras.random.normal(shape, seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        """Return (n, latent_dim)."""
        return (input_shape[0], self.latent_dim)

    def get_config(self):
        """Return the layer's arguments."""
        config = {"latent_dim": self.latent_dim, "law": self.law, "seed": self.seed}
        return {**super().get_config(), **config}


def reseed(simulator: keras.Model, seed: int) -> keras.Model:
    """Seed the latent noise of a simulator anew, in place: its next draws follow `seed` alone.

    A saved simulator keeps its noise's state in the file, so every job that loads the file
    draws the same "random" sample. Give each job its own seed (a job number, say): after
    `reseed(simulator, seed)` the draws are those of a fresh simulator built with that seed,
    whatever was drawn before or saved.

    Args:
        simulator: a model holding `LatentNoise` layers, such as `build_simulator`'s or the
            loaded `simulator.keras`.
        seed: the new seed, an integer >= 0.

    Returns:
        The simulator itself.

    Raises:
        TypeError: if simulator is not a Keras model or seed not an integer.
        ValueError: if seed < 0 or the simulator holds no `LatentNoise` layer.
    """
    if not isinstance(simulator, keras.Model):
        raise TypeError(f"simulator must be a keras.Model, got {type(simulator).__name__}")
    seed = _validate.seed("seed", seed)
    noises = [layer for layer in simulator._flatten_layers() if isinstance(layer, LatentNoise)]
    if not noises:
        raise ValueError(
            f"simulator must hold a LatentNoise layer to reseed, {simulator.name!r} has none"
        )
    for noise in noises:
        state = noise.seed_generator.state
        state.assign(np.array([seed, 0], dtype=keras.backend.standardize_dtype(state.dtype)))
        noise.seed = seed
    return simulator


@keras.saving.register_keras_serializable(package="aegan")
class ReconstructedEnergy(layers.Layer):
    """Turn the generator's standardised response x back into E_reco = E (m(E) + s(E) x).

    Args:
        median: the median's coefficients, as `ResponseScale.median`.
        stochastic: the width's stochastic term, as `ResponseScale.stochastic`.
        constant: the width's constant term, as `ResponseScale.constant`.
    """

    def __init__(self, median, stochastic: float, constant: float, **kwargs):
        super().__init__(**kwargs)
        self.median = tuple(_validate.finite_float("median", c) for c in median)
        self.stochastic = _validate.finite_float("stochastic", stochastic)
        self.constant = _validate.finite_float("constant", constant)

    def call(self, inputs):
        """Return E (m(E) + s(E) x) for inputs [E, x], both (n, 1)."""
        energies, x = inputs
        log_energy = keras.ops.log(energies)
        location = 0.0
        for coefficient in self.median:
            location = location * log_energy + coefficient
        width = keras.ops.sqrt(self.stochastic**2 / energies + self.constant**2)
        return energies * (location + width * x)

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


def build_simulator(generator: keras.Model, scale: ResponseScale, *, seed: int) -> keras.Model:
    """Wrap a trained conditional generator into the fast simulation: E_true -> E_reco (GeV).

    Args:
        generator: a generator of one standardised response given one condition
            (`aegan.gan.build_generator(..., output_dim=1, condition_dim=1)`), trained on
            `scale.standardize(E, R)` with conditions `energy_condition(E)`; or given none
            (`condition_dim=0`), whose responses are then the same law at every energy.
        scale: the response scale the generator was trained with.
        seed: seed of the simulator's latent noise, an integer >= 0.

    Returns:
        A Keras model from true energies (n, 1) in GeV to reconstructed energies (n, 1) in
        GeV, drawing its latent points from the generator's latent law inside. Its
        `predict` is the simulation; `keras.saving.load_model` reads it back after
        `import aegan`.

    Raises:
        TypeError: if generator is not a Keras model or scale not a ResponseScale.
        ValueError: if the generator does not make one number from a condition of size 1 or 0.
    """
    if not isinstance(generator, keras.Model):
        raise TypeError(f"generator must be a keras.Model, got {type(generator).__name__}")
    if not isinstance(scale, ResponseScale):
        raise TypeError(f"scale must be a ResponseScale, got {type(scale).__name__}")
    conditions, outputs = gan.condition_dim(generator), int(generator.outputs[0].shape[-1])
    if conditions not in (0, 1) or outputs != 1:
        raise ValueError(
            "generator must take a condition of size 1 (or none) and make one number, got "
            f"conditions of size {conditions} and outputs of size {outputs}"
        )
    latent_dim = int(generator.inputs[0].shape[-1])
    energies = keras.Input(shape=(1,), name="true_energy")
    latent = LatentNoise(latent_dim, gan.latent_law_of(generator), seed=seed, name="noise")(
        energies
    )
    if conditions:
        x = generator([latent, EnergyCondition(name="condition")(energies)])
    else:
        x = generator(latent)
    outputs = ReconstructedEnergy(
        scale.median, scale.stochastic, scale.constant, name="reconstructed_energy"
    )([energies, x])
    return keras.Model(energies, outputs, name="simulator")


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
    recipe: gan.Recipe = RECIPE,
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
        recipe: the GAN's networks and training (`RECIPE`).
        conditional: whether the networks take the condition.
        per_energy_scale: whether the response is standardised energy by energy
            (`ResponseScale.fit(per_energy=...)`); None (the default) follows `conditional`.
        seed: seed of the networks, the latent points, the resampling and the shuffling, an
            integer >= 0.
        verbose: as in `aegan.training.fit`.

    Raises:
        ValueError: if the arrays differ in length, hold a value that is not finite, an
            energy <= 0, or too few pairs to fit the scale (100 per bin of 20).
        TypeError: if conditional or per_energy_scale is not a bool (None for the latter).
    """
    if not isinstance(conditional, bool):
        raise TypeError(f"conditional must be True or False, got {conditional!r}")
    if per_energy_scale is not None and not isinstance(per_energy_scale, bool):
        raise TypeError(f"per_energy_scale must be True, False or None, got {per_energy_scale!r}")
    seed = _validate.seed("seed", seed)
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


@keras.saving.register_keras_serializable(package="aegan")
class GaussianDraw(layers.Layer):
    """Draw x = mu + sigma z from (mu, log sigma) and a standard normal z: [params, z] -> x."""

    def call(self, inputs):
        """Return mu + exp(log sigma) z."""
        parameters, noise = inputs
        return parameters[:, :1] + keras.ops.exp(parameters[:, 1:]) * noise

    def compute_output_shape(self, input_shape):
        """Return (n, 1)."""
        return (input_shape[0][0], 1)


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


def simulate(simulator: keras.Model, energy: float, n: int) -> np.ndarray:
    """Return `n` simulated responses R = E_reco / E at one true energy (GeV).

    Raises:
        ValueError: if energy is not finite and > 0, n < 1, or the simulator's output is not
            (n, 1) and finite.
    """
    energy = float(_energies("energy", energy)[0])
    n = _validate.positive_int("n", n)
    reco = simulator.predict(np.full((n, 1), energy, np.float32), batch_size=n, verbose=0)
    reco = _validate.array("the simulator's output", reco, ndim=2, columns=1)
    if len(reco) != n:
        raise ValueError(f"the simulator's output must have {n} rows, got {len(reco)}")
    return reco[:, 0].astype(np.float64) / energy
