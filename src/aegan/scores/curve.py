"""Scores and thresholds of a GAN of points on a curve (Lecture 4, `aegan.check gan`)."""

import numpy as np

from aegan import _validate, data, stats

#: Points per scored sample of a GAN of the curve.
GAN_POINTS = 2000
#: Largest mean vertical gap |x2 - f(x1)|: real points lie on the curve (gap 0); 0.005 is 2 %
#: of x2 = x1^2's range on [-0.5, 0.5], about the thickness the eye sees in the figures.
MAX_CURVE_RESIDUAL = 0.005
#: Largest KS distance of x1 to uniform: the 5 % critical value at 2,000 points
#: (`stats.ks_critical(2000)` = 0.0304), so 2,000 real points exceed it about one time in 20.
#: It sees a gap of 3 % in x1's CDF, not smaller ones.
MAX_GAN_KS = 0.03
#: Largest energy distance to 2,000 fresh real points, in units of its noise floor (the rms
#: distance between two real samples of 2,000, `stats.energy_distance_noise`).
MAX_ENERGY_RATIO = 3.0
#: The three, by the keys of `gan_scores`.
GAN_THRESHOLDS = {
    "residual": MAX_CURVE_RESIDUAL,
    "ks": MAX_GAN_KS,
    "energy_ratio": MAX_ENERGY_RATIO,
}


def curve_gaps(points, f=np.square, *, strict: bool = True) -> np.ndarray:
    """Return the vertical gaps |x2 - f(x1)| of points (x1, x2) to the curve x2 = f(x1).

    Args:
        points: an (n, 2) array of finite points.
        f: a vectorised function (NumPy or `keras.ops`), one value per input.
        strict: whether f must be finite at every x1; if False, a gap where f is not finite
            (the log of a negative x1) is infinite.

    Raises:
        ValueError: if points is not (n, 2), or f does not return one value per input (one
            finite value, if strict).
        TypeError: if f is not callable.
    """
    points = _validate.array("points", points, ndim=2, columns=2)
    f = _validate.callable_("f", f)
    with np.errstate(all="ignore"):
        on_curve = np.asarray(f(points[:, 0]), dtype=np.float64)
    if on_curve.shape != points[:, 0].shape:
        raise ValueError(
            f"f must return one value per input: for {len(points)} inputs it returned shape "
            f"{on_curve.shape}"
        )
    finite = np.isfinite(on_curve)
    if strict and not np.all(finite):
        raise ValueError("f must return finite values at the points' x1, got NaN or infinity")
    return np.where(finite, np.abs(points[:, 1] - np.where(finite, on_curve, 0.0)), np.inf)


def curve_residual(points, f=np.square) -> float:
    """Return the mean distance |x2 - f(x1)| of points (x1, x2) to the curve x2 = f(x1).

    Raises:
        ValueError, TypeError: as `curve_gaps`.
    """
    return float(np.mean(curve_gaps(points, f)))


def gan_scores(
    points,
    f=np.square,
    low: float = -0.5,
    high: float = 0.5,
    *,
    reference=None,
    floor: float | None = None,
    strict: bool = True,
    repeats: int = 10,
    seed: int,
) -> dict[str, float]:
    """Score generated points (x1, x2) against the real law: x1 uniform in [low, high], x2 = f(x1).

    Args:
        points: an (n, 2) array of generated points, n >= 2.
        f: the vectorised target function.
        low: lower end of x1.
        high: upper end of x1, > low.
        reference: real points to measure the energy distance to; None draws n fresh ones.
        floor: the energy distance's noise floor at n; None measures it.
        strict: as `curve_gaps` (False: an infinite residual where f is undefined).
        repeats: real-sample pairs behind the noise floor, at least 1.
        seed: seed of the fresh real points and of the noise floor's samples.

    Returns:
        A dict with "residual" (mean of `curve_gaps`), "ks" (`stats.ks_uniform` of x1),
        "energy" (energy distance to the reference), "energy_floor" and "energy_ratio"
        (energy / energy_floor).
    """
    points = _validate.array("points", points, ndim=2, columns=2)
    n = len(points)

    def sampler(size, seed):
        return data.function_samples(size, f, low, high, seed=seed)

    first, second = (int(value) for value in np.random.SeedSequence(seed).generate_state(2))
    reference = sampler(n, seed=first) if reference is None else reference
    energy = stats.energy_distance(points, reference)
    if floor is None:
        floor = stats.energy_distance_noise(sampler, n, repeats=repeats, seed=second)
    floor = _validate.positive_float("floor", floor)
    return {
        "residual": float(np.mean(curve_gaps(points, f, strict=strict))),
        "ks": stats.ks_uniform(points[:, 0], low, high),
        "energy": energy,
        "energy_floor": floor,
        "energy_ratio": energy / floor,
    }


def gan_failures(scores: dict[str, float]) -> list[str]:
    """Return the thresholds of `GAN_THRESHOLDS` that `gan_scores` results miss (empty: pass).

    Raises:
        ValueError: if scores lacks one of the thresholds' keys.
    """
    missing = [key for key in GAN_THRESHOLDS if key not in scores]
    if missing:
        raise ValueError(f"scores must hold {list(GAN_THRESHOLDS)}, missing {missing}")
    return [
        f"{key} {scores[key]:.4g} > {threshold:g}"
        for key, threshold in GAN_THRESHOLDS.items()
        if not scores[key] <= threshold
    ]


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
