"""Samples for the lectures: the five points, the ring, points on a function, eight Gaussians,
a calorimeter."""

from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf
from scipy import special
from scipy.optimize import elementwise

from aegan import _validate

#: The five points A-E of the lecture's PCA table, by name.
FIVE_POINTS: dict[str, tuple[float, float]] = {
    "A": (-0.50, -0.40),
    "B": (-0.40, -0.10),
    "C": (0.10, 0.00),
    "D": (0.30, 0.30),
    "E": (0.50, 0.20),
}


def five_points() -> tuple[list[str], np.ndarray]:
    """Return the names and the (5, 2) float64 coordinates of the lecture's five points."""
    names = list(FIVE_POINTS)
    return names, np.array([FIVE_POINTS[name] for name in names], dtype=np.float64)


def ring(
    n: int = 1000, r_min: float = 0.95, r_max: float = 1.05, *, seed: int | None
) -> np.ndarray:
    """Draw `n` events uniformly in angle inside the ring r_min < R < r_max.

    The radius is drawn uniformly in (r_min, r_max) (not uniformly in area), as the
    assignment's "ring with 0.95 < R < 1.05" reads; the angle is uniform in [0, 2*pi).

    Args:
        n: number of events, at least 1.
        r_min: inner radius, >= 0.
        r_max: outer radius, > r_min.
        seed: seed of the random generator (None draws fresh entropy).

    Returns:
        float32 array of shape (n, 2): the events' (x, y).

    Raises:
        ValueError: if n < 1, a radius is negative or not finite, or r_min >= r_max.
    """
    n = _validate.positive_int("n", n)
    r_min, r_max = _validate.ring_bounds(r_min, r_max)
    rng = np.random.default_rng(_validate.numpy_seed("seed", seed))
    events = np.empty((n, 2), dtype=np.float32)
    todo = np.arange(n)
    # float32 rounding can put a radius drawn next to a bound onto it or past it: such events
    # are drawn again, so that every radius is strictly inside the open ring.
    for _ in range(100):
        radius = rng.uniform(r_min, r_max, size=len(todo))
        angle = rng.uniform(0.0, 2.0 * np.pi, size=len(todo))
        events[todo] = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
        radii = np.hypot(*events[todo].astype(np.float64).T)
        todo = todo[(radii <= r_min) | (radii >= r_max)]
        if len(todo) == 0:
            return events
    raise ValueError(
        f"the ring r_min={r_min!r} < R < r_max={r_max!r} is too thin for float32 coordinates"
    )


def function_samples(
    n: int,
    f: Callable[[np.ndarray], np.ndarray] = np.square,
    low: float = -0.5,
    high: float = 0.5,
    *,
    seed: int | None,
) -> np.ndarray:
    """Draw `n` points (x1, f(x1)) with x1 uniform in [low, high].

    Args:
        n: number of points, at least 1.
        f: a vectorised function: one finite value per input.
        low: lower end of x1.
        high: upper end of x1, > low.
        seed: seed of the random generator (None draws fresh entropy).

    Returns:
        float32 array of shape (n, 2).

    Raises:
        ValueError: if n < 1, low >= high, or f does not return one finite value per input.
        TypeError: if f is not callable.
    """
    n = _validate.positive_int("n", n)
    f = _validate.callable_("f", f)
    low = _validate.finite_float("low", low)
    high = _validate.finite_float("high", high)
    if low >= high:
        raise ValueError(f"low must be < high, got low={low!r} and high={high!r}")
    rng = np.random.default_rng(_validate.numpy_seed("seed", seed))
    x1 = rng.uniform(low, high, size=n)
    x2 = np.asarray(f(x1), dtype=np.float64)
    if x2.shape != x1.shape:
        raise ValueError(
            f"f must return one value per input: for {n} inputs it returned shape {x2.shape}"
        )
    if not np.all(np.isfinite(x2)):
        raise ValueError("f must return finite values on [low, high], got NaN or infinity")
    return np.stack([x1, x2], axis=1).astype(np.float32)


def function_batches(
    batch_size: int,
    f: Callable = keras.ops.square,
    low: float = -0.5,
    high: float = 0.5,
    *,
    seed: int,
) -> tf.data.Dataset:
    """Return an endless stream of batches of points (x1, f(x1)), x1 uniform in [low, high].

    The stream for training a GAN on a function: batch k is drawn inside TensorFlow from
    (seed, k) alone, so the stream is reproducible and costs no Python per batch.

    Args:
        batch_size: points per batch, at least 1.
        f: the function, written with `keras.ops` (or TensorFlow) so that it traces.
        low: lower end of x1.
        high: upper end of x1, > low.
        seed: seed of the stream, an integer >= 0.

    Returns:
        A tf.data.Dataset of float32 batches of shape (batch_size, 2).

    Raises:
        ValueError: if batch_size < 1, low >= high, or f does not map a (batch_size, 1)
            tensor to one value per input.
        TypeError: if f is not callable or seed not an integer.
    """
    batch_size = _validate.positive_int("batch_size", batch_size)
    f = _validate.callable_("f", f)
    low = _validate.finite_float("low", low)
    high = _validate.finite_float("high", high)
    if low >= high:
        raise ValueError(f"low must be < high, got low={low!r} and high={high!r}")
    # A key of its own, so that the stream never repeats the draws of a Keras SeedGenerator
    # seeded with the same small integer.
    key = int(np.random.SeedSequence(_validate.seed("seed", seed)).generate_state(1)[0])
    # Trace f as the stream will, so that a numpy-only function fails here, naming f.
    spec = tf.TensorSpec((batch_size, 1), tf.float32)
    try:
        probe = tf.function(f).get_concrete_function(spec).structured_outputs
        shape = tuple(probe.shape)
    except (NotImplementedError, TypeError, AttributeError, ValueError) as error:
        raise TypeError(
            f"f must be written with keras.ops or TensorFlow so that it traces, got {f!r} "
            f"({type(error).__name__})"
        ) from None
    if shape != (batch_size, 1):
        raise ValueError(
            f"f must return one value per input: for shape ({batch_size}, 1) it returned "
            f"shape {shape}"
        )

    def draw(index):
        pair = tf.stack([tf.constant(key, tf.int64), index])
        x1 = tf.random.stateless_uniform((batch_size, 1), pair, minval=low, maxval=high)
        return tf.concat([x1, tf.cast(f(x1), tf.float32)], axis=1)

    return tf.data.Dataset.counter().map(draw).prefetch(tf.data.AUTOTUNE)


def mode_centres(modes: int = 8, radius: float = 2.0) -> np.ndarray:
    """Return the centres of `modes` Gaussians evenly spaced on a circle, the first on the x axis.

    Args:
        modes: number of centres, at least 2.
        radius: radius of the circle, > 0.

    Returns:
        float64 array of shape (modes, 2).

    Raises:
        ValueError: if modes < 2 or radius is not > 0.
        TypeError: if modes is not an integer or radius not a number.
    """
    modes = _validate.positive_int("modes", modes, minimum=2)
    radius = _validate.positive_float("radius", radius)
    angles = 2.0 * np.pi * np.arange(modes) / modes
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def gaussian_modes(
    n: int, modes: int = 8, radius: float = 2.0, width: float = 0.1, *, seed
) -> np.ndarray:
    """Draw `n` points from `modes` equal Gaussians on a circle (the GAN papers' eight Gaussians).

    Each point picks one of the centres `mode_centres(modes, radius)` with equal probability
    and adds a normal offset of standard deviation `width` on each coordinate.

    Args:
        n: number of points, at least 1.
        modes: number of Gaussians, at least 2.
        radius: radius of the circle of centres, > 0.
        width: standard deviation of each Gaussian, > 0.
        seed: seed or `numpy.random.Generator` of the draw (None draws fresh entropy).

    Returns:
        float32 array of shape (n, 2).

    Raises:
        ValueError: if n < 1, modes < 2, or radius or width is not > 0.
    """
    n = _validate.positive_int("n", n)
    centres = mode_centres(modes, radius)
    width = _validate.positive_float("width", width)
    rng = np.random.default_rng(_validate.numpy_seed("seed", seed))
    chosen = rng.integers(len(centres), size=n)
    return (centres[chosen] + width * rng.standard_normal((n, 2))).astype(np.float32)


# --- A toy calorimeter (Lecture 5): true energies, responses, and the exact response law ---

#: The toy's true-energy spectrum, density proportional to E^-2 on [E_MIN, E_MAX] GeV.
E_MIN, E_MAX = 10.0, 100.0
#: The core's resolution sigma(E) = STOCHASTIC / sqrt(E) (+) CONSTANT, added in quadrature.
STOCHASTIC, CONSTANT = 1.0, 0.05
#: The fraction T lost by a shower that leaks out of the back follows Beta(1, LEAK_BETA):
#: density 3 (1 - t)^2 on [0, 1], mean 1 / (1 + LEAK_BETA) = 0.25.
LEAK_BETA = 3.0
#: Gauss-Legendre nodes of the leakage integral where the core's Gamma shape is <= 3
#: (true energies below about 4 GeV); above, the integral has a closed form.
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(200)


def _numbers(name: str, value, unit: str = "") -> np.ndarray:
    """Return a number or numbers as a float64 array of one dimension, all finite.

    Only real numbers: strings are not parsed, True is not 1 and complex numbers are refused
    rather than losing their imaginary part.
    """
    numbers = _validate.real_numbers(name, value, unit=unit)
    return _validate.array(name, np.atleast_1d(numbers), ndim=1)


def _energies(name: str, value) -> np.ndarray:
    """Return true energies as a float64 array of one dimension, all finite and > 0 (GeV)."""
    energies = _numbers(name, value, " (GeV)")
    if np.any(energies <= 0):
        raise ValueError(f"{name} must be > 0 (GeV), got {float(energies[energies <= 0][0])!r}")
    return energies


def response_mean(energies) -> np.ndarray:
    """Return mu(E) = 0.95 - 0.10 exp(-E / 20), the core's mean response at each true energy.

    Raises:
        ValueError: if an energy is not finite and > 0, or energies is not one-dimensional.
    """
    energies = _energies("energies", energies)
    return 0.95 - 0.10 * np.exp(-energies / 20.0)


def response_resolution(energies) -> np.ndarray:
    """Return sigma(E) = sqrt(1.0^2 / E + 0.05^2), the core's standard deviation at each energy.

    Raises:
        ValueError: if an energy is not finite and > 0, or energies is not one-dimensional.
    """
    energies = _energies("energies", energies)
    return np.sqrt(STOCHASTIC**2 / energies + CONSTANT**2)


def leak_probability(energies) -> np.ndarray:
    """Return p(E) = 0.15 + 0.05 ln(E / 10 GeV), the probability that a shower leaks.

    Longitudinal leakage grows with ln E: p is 0.15 at 10 GeV and 0.265 at 100 GeV. It is
    clipped to [0, 1] far outside the spectrum (below 0.5 GeV, above 10^10 GeV).

    Raises:
        ValueError: if an energy is not finite and > 0, or energies is not one-dimensional.
    """
    energies = _energies("energies", energies)
    return np.clip(0.15 + 0.05 * np.log(energies / 10.0), 0.0, 1.0)


def _gamma_parameters(energies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the core's Gamma shape k = (mu / sigma)^2 and scale theta = sigma^2 / mu."""
    mean, resolution = response_mean(energies), response_resolution(energies)
    return (mean / resolution) ** 2, resolution**2 / mean


def calorimeter_energies(n: int, *, seed) -> np.ndarray:
    """Draw `n` true energies (GeV) with density proportional to E^-2 on [10, 100].

    Args:
        n: number of energies, at least 1.
        seed: seed or `numpy.random.Generator` of the draw.

    Returns:
        float64 array of shape (n,).

    Raises:
        ValueError: if n < 1.
    """
    n = _validate.positive_int("n", n)
    uniform = np.random.default_rng(_validate.numpy_seed("seed", seed)).uniform(size=n)
    return 1.0 / (1.0 / E_MIN - uniform * (1.0 / E_MIN - 1.0 / E_MAX))


def calorimeter_response(energies, *, seed) -> np.ndarray:
    """Draw one response R = E_reco / E_true for each true energy.

    R = G (1 - B T): the core G follows a Gamma law of mean `response_mean(E)` and standard
    deviation `response_resolution(E)`; with probability `leak_probability(E)` (B = 1) the
    shower leaks and loses a fraction T ~ Beta(1, 3) of its energy. So R >= 0 always.

    Args:
        energies: true energies in GeV, a number or a one-dimensional array, each finite, > 0.
        seed: seed or `numpy.random.Generator` of the draw.

    Returns:
        float64 array of the energies' shape (n,).

    Raises:
        ValueError: if an energy is not finite and > 0, or energies is not one-dimensional.
    """
    energies = _energies("energies", energies)
    rng = np.random.default_rng(_validate.numpy_seed("seed", seed))
    shape, scale = _gamma_parameters(energies)
    core = rng.gamma(shape, scale)
    leaks = rng.uniform(size=energies.shape) < leak_probability(energies)
    lost = rng.beta(1.0, LEAK_BETA, size=energies.shape)
    return core * (1.0 - leaks * lost)


def calorimeter(n: int, *, seed) -> tuple[np.ndarray, np.ndarray]:
    """Draw `n` pairs (true energy, response) of the toy calorimeter.

    Returns:
        (energies, responses), two float64 arrays of shape (n,).

    Raises:
        ValueError: if n < 1.
    """
    energy_seed, response_seed = np.random.SeedSequence(_seed_entropy(seed)).spawn(2)
    energies = calorimeter_energies(n, seed=np.random.default_rng(energy_seed))
    return energies, calorimeter_response(energies, seed=np.random.default_rng(response_seed))


def _seed_entropy(seed):
    """Return entropy for a SeedSequence from an int, a Generator or None."""
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**63))
    return _validate.numpy_seed("seed", seed)


def _leaked_cdf(responses: np.ndarray, shape: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Return P(G U <= r) for G ~ Gamma(shape, scale) and U = 1 - T ~ Beta(3, 1), r > 0.

    P(U <= u) = u^3 on [0, 1], so P(G U <= r) = F_G(r) + r^3 E[G^-3; G > r]. For shape > 3,
    G^-3 times the Gamma density is a Gamma density of shape - 3, which gives the closed form;
    otherwise the integral over t of F_G(r / (1 - t)) 3 (1 - t)^2 is done by Gauss-Legendre.
    """
    result = np.empty_like(responses)
    closed = shape > 3.0
    k, theta, r = shape[closed], scale[closed], responses[closed]
    moment = special.gammaincc(k - 3.0, r / theta) / ((k - 1.0) * (k - 2.0) * (k - 3.0) * theta**3)
    result[closed] = special.gammainc(k, r / theta) + r**3 * moment
    if np.any(~closed):
        k, theta, r = shape[~closed, None], scale[~closed, None], responses[~closed, None]
        kept = 0.5 * (_NODES + 1.0)  # the fraction kept, 1 - t, on (0, 1)
        density = LEAK_BETA * kept ** (LEAK_BETA - 1.0)
        values = special.gammainc(k, r / (kept * theta)) * density
        result[~closed] = 0.5 * values @ _WEIGHTS
    return result


def calorimeter_cdf(responses, energies) -> np.ndarray:
    """Return the exact conditional CDF F(R | E) of the toy at each (response, energy) pair.

    F = (1 - p) F_G(r) + p P(G (1 - T) <= r), with F_G the core's Gamma CDF and the second
    term integrated over T ~ Beta(1, 3) in closed form (by quadrature below about 4 GeV).
    Its values at generated responses (the probability integral transform) are uniform on
    [0, 1] exactly when the responses follow the toy's law.

    Args:
        responses: responses, a one-dimensional array (or a number).
        energies: their true energies in GeV: as many, or one number for all.

    Returns:
        float64 array of the responses' shape, values in [0, 1] (0 for responses <= 0).

    Raises:
        ValueError: if a value is not finite, an energy not > 0, or the lengths differ.
    """
    responses = _numbers("responses", responses)
    energies = _energies("energies", energies)
    if len(energies) == 1:
        energies = np.full(responses.shape, energies[0])
    if energies.shape != responses.shape:
        raise ValueError(
            f"energies must be one number or as many as responses ({len(responses)}), "
            f"got {len(energies)}"
        )
    shape, scale = _gamma_parameters(energies)
    positive = np.maximum(responses, 1e-300)
    core = special.gammainc(shape, positive / scale)
    leaked = _leaked_cdf(positive, shape, scale)
    probability = leak_probability(energies)
    cdf = (1.0 - probability) * core + probability * leaked
    return np.where(responses > 0, np.clip(cdf, 0.0, 1.0), 0.0)


def calorimeter_quantile(probabilities, energies):
    """Return the exact quantile F^-1(u | E) of the response, the inverse of `calorimeter_cdf`.

    Each pair is solved by SciPy's bracketing root finder (`scipy.optimize.elementwise.
    find_root`, Chandrupatla's method) between 0 and 40 resolutions above the mean, to 1e-12.
    Applied to u = Phi(z) of normal noise z, it is the monotone map from the normal law to
    the response's: in one dimension, what a perfectly trained flow computes.

    Args:
        probabilities: a probability in (0, 1), or a one-dimensional array of them.
        energies: their true energies in GeV, each finite and > 0: one number, or as many as
            the probabilities (one probability may also go with many energies).

    Returns:
        A float for one probability at one energy; otherwise a float64 array of shape (n,).

    Raises:
        ValueError: if a probability is not in (0, 1), an energy is not finite and > 0, or
            the lengths differ (neither being one).
        TypeError: if either argument is not numbers.
    """
    scalar = np.ndim(probabilities) == 0 and np.ndim(energies) == 0
    values = _numbers("probabilities", probabilities)
    if np.any((values <= 0) | (values >= 1)):
        bad = values[(values <= 0) | (values >= 1)][0]
        raise ValueError(f"probabilities must be in (0, 1), got {float(bad)!r}")
    energies = _energies("energies", energies)
    if len(values) != len(energies) and 1 not in (len(values), len(energies)):
        raise ValueError(
            f"energies must be one number or as many as probabilities ({len(values)}), "
            f"got {len(energies)}"
        )
    values, energies = np.broadcast_arrays(values, energies)
    high = response_mean(energies) + 40 * response_resolution(energies)
    found = elementwise.find_root(
        lambda r, u, e: calorimeter_cdf(r, e) - u,
        (np.zeros_like(high), high),
        args=(values, energies),
        tolerances={"xatol": 1e-12},
    )
    return float(found.x[0]) if scalar else found.x
