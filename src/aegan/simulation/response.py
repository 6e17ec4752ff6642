"""The response's scale: the condition, the flat-in-log-E draw, the median and the resolution.

The generator does not see R and E as they are: the condition is log E mapped to [-1, 1] over
the training range (`energy_condition`), and the response is standardised in each energy,
x = (R - m(E)) / s(E), with a median m(E) and a width s(E) fitted to the training sample
(`ResponseScale`), with the resolution sigma(E) = a / sqrt(E) (+) b (`fit_resolution`).
"""

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from aegan import _validate, data

#: Quantiles of the standard normal's +-1 sigma, for the half 68 % width.
_ONE_SIGMA = (0.15865525393145707, 0.8413447460685429)


def true_energies(name: str, value) -> np.ndarray:
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
    energies = true_energies("energies", energies)
    responses = _validate.real_array("responses", responses, ndim=1)
    _validate.same_length("responses", responses, "energies", energies, unit="values")
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
    energies = true_energies("energies", energies)
    span = np.log(data.E_MAX) - np.log(data.E_MIN)
    return (2.0 * (np.log(energies) - np.log(data.E_MIN)) / span - 1.0)[:, None].astype(np.float32)


def half_width(responses) -> float:
    """Return half the central 68 % interval of `responses` (the sigma of a normal law).

    Raises:
        ValueError: if responses is not a finite one-dimensional array of 2 or more values.
    """
    responses = _validate.real_array("responses", responses, ndim=1)
    if len(responses) < 2:
        raise ValueError(f"responses must hold at least 2 values, got {len(responses)}")
    low, high = np.quantile(responses, _ONE_SIGMA)
    return float(0.5 * (high - low))


def resolution(energies, stochastic: float, constant: float) -> np.ndarray:
    """Return sigma(E) = stochastic / sqrt(E) (+) constant, the two added in quadrature.

    Raises:
        ValueError: if an energy is not finite and > 0, or a term is not finite.
        TypeError: if an energy or a term is not a real number.
    """
    energies = true_energies("energies", energies)
    stochastic = _validate.finite_float("stochastic", stochastic)
    constant = _validate.finite_float("constant", constant)
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
    energies = true_energies("energies", energies)
    widths = _validate.real_array("widths", widths, ndim=1)
    _validate.same_length("widths", widths, "energies", energies, unit="values")
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
        energies = true_energies("energies", energies)
        responses = _validate.real_array("responses", responses, ndim=1)
        _validate.same_length("responses", responses, "energies", energies, unit="values")
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

    def __str__(self) -> str:
        """Return the fitted terms to four significant digits (`repr` gives every digit)."""
        median = ", ".join(f"{value:.4g}" for value in self.median)
        return (
            f"ResponseScale(median=({median}), stochastic={self.stochastic:.4g}, "
            f"constant={self.constant:.4g})"
        )

    def location(self, energies) -> np.ndarray:
        """Return m(E) at true energies (GeV)."""
        return np.polyval(self.median, np.log(true_energies("energies", energies)))

    def width(self, energies) -> np.ndarray:
        """Return s(E) at true energies (GeV)."""
        return resolution(energies, self.stochastic, self.constant)

    def standardize(self, energies, responses) -> np.ndarray:
        """Return x = (R - m(E)) / s(E), as an (n, 1) float32 array: what the generator learns."""
        responses = _validate.real_array("responses", responses, ndim=1)
        energies = true_energies("energies", energies)
        _validate.same_length("responses", responses, "energies", energies, unit="values")
        x = (responses - self.location(energies)) / self.width(energies)
        return x[:, None].astype(np.float32)
