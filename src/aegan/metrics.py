"""Numbers that say how good a reconstruction or a generated sample is."""

import numpy as np
from scipy import stats
from scipy.spatial.distance import cdist

from aegan import _validate, data


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


def curve_residual(points, f=np.square) -> float:
    """Return the mean distance |x2 - f(x1)| of points (x1, x2) to the curve x2 = f(x1).

    Args:
        points: an (n, 2) array of finite points.
        f: a vectorised function (NumPy or `keras.ops`), one value per input.

    Returns:
        The mean absolute vertical gap, >= 0; 0 when every point lies on the curve.

    Raises:
        ValueError: if points is not (n, 2), or f does not return one finite value per input.
        TypeError: if f is not callable.
    """
    points = _validate.array("points", points, ndim=2, columns=2)
    f = _validate.callable_("f", f)
    on_curve = np.asarray(f(points[:, 0]), dtype=np.float64)
    if on_curve.shape != points[:, 0].shape:
        raise ValueError(
            f"f must return one value per input: for {len(points)} inputs it returned shape "
            f"{on_curve.shape}"
        )
    if not np.all(np.isfinite(on_curve)):
        raise ValueError("f must return finite values at the points' x1, got NaN or infinity")
    return float(np.mean(np.abs(points[:, 1] - on_curve)))


def energy_distance_noise(sampler, n: int, *, repeats: int = 10, seed: int) -> float:
    """Return the root-mean-square energy distance between two independent real samples of size n.

    `energy_distance` is unbiased: between two samples of the same law it averages zero and is
    as often negative as positive, so its mean is no yardstick. Its spread is: a generated
    sample whose distance to real points is within a few times this value cannot be told from
    a real one at this sample size.

    Args:
        sampler: a function `sampler(n, seed=...)` returning an (n, d) array of real points.
        n: sample size, at least 2.
        repeats: how many pairs of samples to use, at least 1.
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
    return float(np.sqrt(np.mean(np.square(distances))))


def gan_scores(
    points, f=np.square, low: float = -0.5, high: float = 0.5, *, repeats: int = 10, seed: int
) -> dict[str, float]:
    """Score generated points (x1, x2) against the real law: x1 uniform in [low, high], x2 = f(x1).

    Args:
        points: an (n, 2) array of generated points, n >= 2.
        f: the vectorised target function.
        low: lower end of x1.
        high: upper end of x1, > low.
        repeats: real-sample pairs behind the noise floor, at least 1.
        seed: seed of the fresh real points and of the noise floor's samples.

    Returns:
        A dict with "residual" (`curve_residual`), "ks" (`ks_uniform` of x1), "energy" (energy
        distance to n fresh real points), "energy_floor" (`energy_distance_noise` at n) and
        "energy_ratio" (energy / energy_floor).
    """
    points = _validate.array("points", points, ndim=2, columns=2)
    n = len(points)

    def sampler(size, seed):
        return data.function_samples(size, f, low, high, seed=seed)

    first, second = (int(value) for value in np.random.SeedSequence(seed).generate_state(2))
    energy = energy_distance(points, sampler(n, seed=first))
    floor = energy_distance_noise(sampler, n, repeats=repeats, seed=second)
    return {
        "residual": curve_residual(points, f),
        "ks": ks_uniform(points[:, 0], low, high),
        "energy": energy,
        "energy_floor": floor,
        "energy_ratio": energy / floor,
    }


# --- Ring autoencoder (Lecture 2): reconstruction distance, its floor, angular coverage ---


def reconstruction_distance(events, reconstructions) -> np.ndarray:
    """Return the Euclidean distance between each event and its reconstruction.

    Args:
        events: (n, d) array of events.
        reconstructions: (n, d) array of the model's outputs for them.

    Returns:
        float64 array of shape (n,).

    Raises:
        ValueError: if the arrays are empty, not finite or of different shapes.
    """
    events = _validate.array("events", events, ndim=2)
    reconstructions = _validate.array(
        "reconstructions", reconstructions, ndim=2, columns=events.shape[1]
    )
    if len(reconstructions) != len(events):
        raise ValueError(
            f"reconstructions must have as many rows as events ({len(events)}), "
            f"got {len(reconstructions)}"
        )
    return np.linalg.norm(events - reconstructions, axis=1)


def ring_distance_floor(events) -> float:
    """Return the mean distance from ring events to the best circle about the origin.

    A code of one number can keep the angle of an event but not its radius R as well, so a
    decoder that goes round the ring once puts every event back at some radius r: the
    mean distance is then at least the mean |R - r|, smallest when r is the median of R.
    For R uniform in (0.95, 1.05) this is 0.025. (A decoded curve that zigzags across the
    ring's width could in principle do better; a small network trained briefly does not.)

    Args:
        events: (n, 2) array of events around the origin.

    Returns:
        The mean of |R - median(R)| over the events.

    Raises:
        ValueError: if events is not an (n, 2) array of finite numbers.
    """
    events = _validate.array("events", events, ndim=2, columns=2)
    radii = np.hypot(events[:, 0], events[:, 1])
    return float(np.mean(np.abs(radii - np.median(radii))))


def angular_coverage(points, bins: int = 360) -> float:
    """Return the fraction of the full turn [0, 2 pi) covered by the polar angles of `points`.

    The turn is cut into `bins` equal sectors and the result is the fraction of sectors
    holding at least one point. For a decoded curve, scan the code finely enough that
    consecutive points are less than 2 pi / bins apart in angle (1001 codes for 360 bins);
    otherwise gaps between scan points count as uncovered.

    Args:
        points: (n, 2) array, such as a decoder's outputs for a scan of the code.
        bins: number of sectors, at least 1.

    Returns:
        A number in (0, 1].

    Raises:
        ValueError: if points is not an (n, 2) array of finite numbers or bins < 1.
    """
    points = _validate.array("points", points, ndim=2, columns=2)
    bins = _validate.positive_int("bins", bins)
    angles = np.mod(np.arctan2(points[:, 1], points[:, 0]), 2.0 * np.pi)
    sectors = np.minimum((angles / (2.0 * np.pi) * bins).astype(int), bins - 1)
    return float(np.unique(sectors).size / bins)


# --- Generating ring events (Lecture 3): the fraction in the ring, the angles, the distance ---


def fraction_in_ring(events, r_min: float = 0.9, r_max: float = 1.1) -> float:
    """Return the fraction of events whose radius R satisfies r_min < R < r_max.

    Args:
        events: (n, 2) array of events around the origin.
        r_min: inner radius, >= 0.
        r_max: outer radius, > r_min.

    Returns:
        A number in [0, 1].

    Raises:
        ValueError: if events is not an (n, 2) array of finite numbers, r_min < 0 or
            r_min >= r_max.
    """
    events = _validate.array("events", events, ndim=2, columns=2)
    r_min, r_max = _validate.ring_bounds(r_min, r_max)
    radii = np.hypot(events[:, 0], events[:, 1])
    return float(np.mean((radii > r_min) & (radii < r_max)))


def angle_ks(events) -> float:
    """Return the Kolmogorov-Smirnov distance of the events' polar angles to uniform on [-pi, pi).

    Args:
        events: (n, 2) array of events around the origin.

    Returns:
        A number in [0, 1]: 0 for perfectly even angles, 1 when all events share one angle.

    Raises:
        ValueError: if events is not an (n, 2) array of finite numbers.
    """
    events = _validate.array("events", events, ndim=2, columns=2)
    return ks_uniform(np.arctan2(events[:, 1], events[:, 0]), -np.pi, np.pi)


def radius_ks(events, r_min: float = 0.95, r_max: float = 1.05) -> float:
    """Return the Kolmogorov-Smirnov distance of the events' radii to uniform on (r_min, r_max).

    With the defaults it compares the radii with the real ring's radial law (`data.ring`): a
    generated ring of the right radius but too thin or too thick is far from 0.

    Args:
        events: (n, 2) array of events around the origin.
        r_min: inner radius, >= 0.
        r_max: outer radius, > r_min.

    Returns:
        A number in [0, 1].

    Raises:
        ValueError: if events is not an (n, 2) array of finite numbers, r_min < 0 or
            r_min >= r_max.
    """
    events = _validate.array("events", events, ndim=2, columns=2)
    r_min, r_max = _validate.ring_bounds(r_min, r_max)
    return ks_uniform(np.hypot(events[:, 0], events[:, 1]), r_min, r_max)


def ring_generation_scores(
    events, *, energy_n: int = 1000, repeats: int = 10, seed: int
) -> dict[str, float]:
    """Score generated events against the real ring, `data.ring` (0.95 < R < 1.05).

    Args:
        events: (n, 2) array of generated events, n >= 2.
        energy_n: how many of the events (the first ones) enter the energy distance, at
            least 2; fewer are used if there are fewer events.
        repeats: real-sample pairs behind the noise floor, at least 1.
        seed: seed of the fresh real events and of the noise floor's samples.

    Returns:
        A dict with "in_ring" (`fraction_in_ring`, 0.9 < R < 1.1), "angle_ks" (`angle_ks`),
        "radius_median" (median of R; 1.0 for real events), "radius_iqr" (interquartile range
        of R, the ring's thickness seen by the bulk of the events; 0.05 for real events),
        "energy" (energy distance of the first `energy_n` events to as many fresh real
        events), "energy_floor" (`energy_distance_noise` at that size) and "energy_ratio"
        (energy / energy_floor).

    Raises:
        ValueError: if events is not an (n, 2) array of at least 2 finite rows, or energy_n < 2.
    """
    events = _validate.array("events", events, ndim=2, columns=2)
    energy_n = _validate.positive_int("energy_n", energy_n, minimum=2)
    if len(events) < 2:
        raise ValueError(f"events must hold at least 2 rows, got {len(events)}")
    size = min(energy_n, len(events))
    first, second = (int(value) for value in np.random.SeedSequence(seed).generate_state(2))
    energy = energy_distance(events[:size], data.ring(size, seed=first))
    floor = energy_distance_noise(data.ring, size, repeats=repeats, seed=second)
    lower, median, upper = np.percentile(np.hypot(events[:, 0], events[:, 1]), [25, 50, 75])
    return {
        "in_ring": fraction_in_ring(events),
        "angle_ks": angle_ks(events),
        "radius_median": float(median),
        "radius_iqr": float(upper - lower),
        "energy": energy,
        "energy_floor": floor,
        "energy_ratio": energy / floor,
    }


def gan_scores_table(rows: dict[str, dict[str, float]]) -> str:
    """Return `gan_scores` results as a text table, one line per label.

    Args:
        rows: a dict of label -> the dict returned by `gan_scores`.

    Returns:
        The table, with the residual, the KS distance and the energy distance as a multiple
        of its noise floor.
    """
    if not rows:
        raise ValueError("rows must hold at least one label, got none")
    width = max(len("sample"), *(len(label) for label in rows))
    lines = [f"{'sample':<{width}}  {'residual':>8}  {'KS':>6}  {'energy / floor':>14}"]
    for label, scores in rows.items():
        lines.append(
            f"{label:<{width}}  {scores['residual']:8.4f}  {scores['ks']:6.3f}  "
            f"{scores['energy_ratio']:14.1f}"
        )
    return "\n".join(lines)
