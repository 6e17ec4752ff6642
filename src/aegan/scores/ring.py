"""The ring's scores and thresholds (Lectures 2, 3 and 5, `aegan.check ring`)."""

from collections.abc import Callable
from numbers import Real

import keras
import numpy as np

from aegan import _validate, data, stats

#: "In the ring": 0.95 < R < 1.05, the band the real ring events fill (`data.ring`). Every
#: page, benchmark and check that says "in the ring" counts this band and no other.
RING_BAND = (0.95, 1.05)
#: Generated ring events scored per model (Lectures 3 and 5, their benchmarks).
RING_EVENTS = 5000
#: Required fraction of generated events in the ring. Real events are all in it; a model
#: that puts more than 5 % of its events outside draws a visibly thicker or shifted ring.
MIN_IN_RING = 0.95
#: Largest KS distance of the generated angles to uniform on [-pi, pi). 5,000 real events
#: exceed 0.019 (the 5 % critical value, `stats.ks_critical(5000)`) one time in twenty: 0.05
#: is a course target that tolerates a gap of up to 5 % in the angle's CDF, not a test.
MAX_ANGLE_KS = 0.05
#: Largest KS distance of the generated radii to uniform on the ring band (same meaning).
MAX_RADIUS_KS = 0.05

#: The ring autoencoder (Lecture 2, `aegan.check ring`): a mean reconstruction distance below
#: the ring's width (1.05 - 0.95) puts the reconstructions on the ring, not on a line across
#: it as PCA's (about 0.64); the floor of a one-number code is 0.025 (`ring_distance_floor`).
MAX_RING_DISTANCE = 0.1
#: The course's target for that distance: within 20 % of the floor (benchmarks/ring_seeds.py).
RING_DISTANCE_TARGET = 0.030
#: Required fraction of the ring's angle that the decoded scan of the code 0 -> 1 covers,
#: in 360 sectors of one degree (`angular_coverage`).
MIN_ANGULAR_COVERAGE = 0.9


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


def fraction_in_ring(events, r_min: float = RING_BAND[0], r_max: float = RING_BAND[1]) -> float:
    """Return the fraction of events whose radius R satisfies r_min < R < r_max.

    Args:
        events: (n, 2) array of events around the origin.
        r_min: inner radius, >= 0 (default: the ring band's).
        r_max: outer radius, > r_min (default: the ring band's).

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
    return stats.ks_uniform(np.arctan2(events[:, 1], events[:, 0]), -np.pi, np.pi)


def radius_ks(events, r_min: float = RING_BAND[0], r_max: float = RING_BAND[1]) -> float:
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
    return stats.ks_uniform(np.hypot(events[:, 0], events[:, 1]), r_min, r_max)


def ring_generation_scores(
    events, *, energy_n: int = 1000, repeats: int = 10, seed: int
) -> dict[str, float]:
    """Score generated events against the real ring, `data.ring` (0.95 < R < 1.05).

    Args:
        events: (n, 2) array of generated events, n >= 20.
        energy_n: how many of the events (the first ones) enter the energy distance, at
            least 2; fewer are used if there are fewer events.
        repeats: real-sample pairs behind the noise floor, at least 1.
        seed: seed of the fresh real events, the noise floor's samples and the C2ST.

    Returns:
        A dict with "in_ring" (`fraction_in_ring`, in `RING_BAND`), "angle_ks" (`angle_ks`),
        "radius_ks" (`radius_ks`), "radius_median" (median of R; 1.0 for real events),
        "radius_iqr" (interquartile range of R, the ring's thickness seen by the bulk of
        the events; 0.05 for real events), "energy" (energy distance of the first
        `energy_n` events to as many fresh real events), "energy_floor"
        (`stats.energy_distance_noise` at that size), "energy_ratio" (energy /
        energy_floor), "c2st_auc" and "c2st_error" (`stats.c2st` of all the events against
        as many fresh real events: 0.5 +- c2st_error when they cannot be told apart).

    Raises:
        ValueError: if events is not an (n, 2) array of at least 20 finite rows, or
            energy_n < 2.
    """
    events = _validate.array("events", events, ndim=2, columns=2)
    energy_n = _validate.positive_int("energy_n", energy_n, minimum=2)
    if len(events) < 20:
        raise ValueError(f"events must hold at least 20 rows, got {len(events)}")
    size = min(energy_n, len(events))
    first, second, third, fourth = (
        int(value) for value in np.random.SeedSequence(seed).generate_state(4)
    )
    energy = stats.energy_distance(events[:size], data.ring(size, seed=first))
    floor = stats.energy_distance_noise(data.ring, size, repeats=repeats, seed=second)
    test = stats.c2st(events, data.ring(len(events), seed=third), seed=fourth % 2**31)
    lower, median, upper = np.percentile(np.hypot(events[:, 0], events[:, 1]), [25, 50, 75])
    return {
        "in_ring": fraction_in_ring(events),
        "angle_ks": angle_ks(events),
        "radius_ks": radius_ks(events),
        "radius_median": float(median),
        "radius_iqr": float(upper - lower),
        "energy": energy,
        "energy_floor": floor,
        "energy_ratio": energy / floor,
        "c2st_auc": test.auc,
        "c2st_error": test.error,
    }


#: Fresh ring events an autoencoder reconstructs to be scored (Lecture 2).
RECONSTRUCTED_EVENTS = 10_000


def score_autoencoder_on_ring(model: keras.Model, seed: int) -> dict[str, float]:
    """Return Lecture 2's scores of a ring autoencoder, from the page's SEED = `seed`.

    Lecture 2 and `benchmarks/ring_training_seeds.py` score through it: `RECONSTRUCTED_EVENTS`
    fresh events of `data.ring` drawn from `seed + 1` are reconstructed by `model`.

    Returns:
        A dict with "distance" (the mean `reconstruction_distance`) and "floor"
        (`ring_distance_floor` of the same events).

    Raises:
        ValueError: if seed is negative.
    """
    events = data.ring(RECONSTRUCTED_EVENTS, seed=_validate.seed("seed", seed) + 1)
    reconstructions = keras.ops.convert_to_numpy(model(events))
    return {
        "distance": float(reconstruction_distance(events, reconstructions).mean()),
        "floor": float(ring_distance_floor(events)),
    }


def score_generator_on_ring(
    sample: Callable[..., np.ndarray], seed: int
) -> tuple[np.ndarray, dict[str, float]]:
    """Return `RING_EVENTS` events of `sample` and their scores, from a page's SEED = `seed`.

    Lectures 3 and 5 and their benchmarks (`vae_seeds.py`, `ring_gan_seeds.py`) score every
    generator of the ring through it: the events are `sample(RING_EVENTS, seed=seed + 1)` (a
    VAE's `sample`, `gan.generate` of a generator, `data.ring` itself) and their
    `ring_generation_scores` come from `seed + 2`.

    Raises:
        TypeError: if sample is not callable.
        ValueError: if seed is negative.
    """
    if not callable(sample):
        raise TypeError(f"sample must be callable as sample(count, seed=...), got {sample!r}")
    seed = _validate.seed("seed", seed)
    events = np.asarray(sample(RING_EVENTS, seed=seed + 1))
    return events, ring_generation_scores(events, seed=seed + 2)


def ring_failures(scores: dict[str, float]) -> list[str]:
    """Return the course's ring criteria that generated events miss (empty: they pass).

    The criteria: at least `MIN_IN_RING` in the ring, angle KS and radius KS at most
    `MAX_ANGLE_KS` and `MAX_RADIUS_KS`, on `RING_EVENTS` events. A dict without
    "radius_ks" is judged on the other two.

    Raises:
        ValueError: if scores lacks "in_ring" or "angle_ks".
        TypeError: if a score is not a real number (a NaN is, and fails).
    """
    missing = [key for key in ("in_ring", "angle_ks") if key not in scores]
    if missing:
        raise ValueError(f"scores must hold 'in_ring' and 'angle_ks', missing {missing}")
    for key in ("in_ring", "angle_ks", "radius_ks"):
        value = scores.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(
                f"scores[{key!r}] must be a real number, got {value!r} ({type(value).__name__})"
            )
    failures = []
    if not scores["in_ring"] >= MIN_IN_RING:
        failures.append(f"in ring {scores['in_ring']:.3f} < {MIN_IN_RING}")
    if not scores["angle_ks"] <= MAX_ANGLE_KS:
        failures.append(f"angle KS {scores['angle_ks']:.3f} > {MAX_ANGLE_KS}")
    if "radius_ks" in scores and not scores["radius_ks"] <= MAX_RADIUS_KS:
        failures.append(f"radius KS {scores['radius_ks']:.3f} > {MAX_RADIUS_KS}")
    return failures
