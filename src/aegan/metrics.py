"""Numbers that say how good a reconstruction or a generated sample is."""

import numpy as np
from scipy import stats
from scipy.spatial.distance import cdist

from aegan import _validate


def ks_uniform(values, low: float, high: float) -> float:
    """Return the Kolmogorov-Smirnov distance of `values` to the uniform law on [low, high].

    Args:
        values: a 1-D array of at least one finite number.
        low: lower end of the law.
        high: upper end, > low.

    Returns:
        The largest gap between the empirical and the uniform CDF, in [0, 1].
    """
    values = _validate.array("values", values, ndim=1)
    low = _validate.finite_float("low", low)
    high = _validate.finite_float("high", high)
    if low >= high:
        raise ValueError(f"low must be < high, got low={low!r} and high={high!r}")
    return float(stats.kstest(values, stats.uniform(loc=low, scale=high - low).cdf).statistic)


def energy_distance(sample, reference) -> float:
    """Return the energy distance between two samples of points, of shape (n, d) and (m, d).

    It is 2 E|X - Y| - E|X - X'| - E|Y - Y'| (Szekely and Rizzo), zero only when the two
    laws are equal; the within-sample means leave out the zero self-distances.
    """
    sample = _validate.array("sample", sample, ndim=2)
    reference = _validate.array("reference", reference, ndim=2, columns=sample.shape[1])
    if len(sample) < 2 or len(reference) < 2:
        raise ValueError(
            f"sample and reference need at least 2 points each, got {len(sample)} and "
            f"{len(reference)}"
        )
    between = cdist(sample, reference).mean()
    within_sample = cdist(sample, sample).sum() / (len(sample) * (len(sample) - 1))
    within_reference = cdist(reference, reference).sum() / (len(reference) * (len(reference) - 1))
    return float(2.0 * between - within_sample - within_reference)


def energy_distance_floor(sampler, n: int, *, repeats: int = 5, seed: int) -> float:
    """Return the mean energy distance between two independent real samples of size `n`.

    This is the noise floor a generated sample of `n` points is compared with: a perfect
    generator measures about this much against `n` fresh real points.

    Args:
        sampler: a function `sampler(n, seed=...)` returning an (n, d) array of real points,
            such as `aegan.data.ring` or `aegan.data.function_samples`.
        n: sample size, at least 2.
        repeats: how many pairs of samples to average, at least 1.
        seed: seed from which each sample's seed is drawn.
    """
    n = _validate.positive_int("n", n, minimum=2)
    repeats = _validate.positive_int("repeats", repeats)
    _validate.callable_("sampler", sampler)
    seeds = np.random.SeedSequence(seed).generate_state(2 * repeats)
    distances = [
        energy_distance(sampler(n, seed=int(first)), sampler(n, seed=int(second)))
        for first, second in zip(seeds[::2], seeds[1::2], strict=True)
    ]
    return float(np.mean(distances))
