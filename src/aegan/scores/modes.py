"""Scores of points drawn from separate modes (Lecture 4's eight Gaussians): quality and coverage.

A generator that drops modes (mode collapse) can still put each of its points where real
points lie: a per-point score (`mode_scores`' "quality") does not see it, a count of the modes
it fills ("modes_covered") does.
"""

import numpy as np

from aegan import _validate

#: A point is "on a mode" within this many widths of its nearest centre: a real point of a
#: 2-D Gaussian lies there with probability 1 - exp(-3^2 / 2) = 0.989.
MODE_RADIUS_WIDTHS = 3.0
#: A mode is "covered" when it holds at least this fraction of its fair share (1 / modes) of
#: the points: 2,000 real points of eight modes put 250 +- 15 on each, far above 62.
MODE_SHARE = 0.25


def nearest_mode(points, centres) -> tuple[np.ndarray, np.ndarray]:
    """Return the index of each point's nearest centre and the distance to it.

    Args:
        points: (n, d) array of points.
        centres: (k, d) array of the modes' centres.

    Returns:
        (indices, distances): an int array and a float64 array, both of shape (n,).

    Raises:
        ValueError: if an array is empty, not finite, or the widths differ.
    """
    points = _validate.array("points", points, ndim=2)
    centres = _validate.array("centres", centres, ndim=2, columns=points.shape[1])
    distances = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)
    indices = np.argmin(distances, axis=1)
    return indices, distances[np.arange(len(points)), indices]


def mode_scores(
    points,
    centres,
    width: float,
    *,
    radius_widths: float = MODE_RADIUS_WIDTHS,
    share: float = MODE_SHARE,
) -> dict:
    """Score points against modes of standard deviation `width`: quality, then coverage.

    Args:
        points: (n, d) array of points, generated or real.
        centres: (k, d) array of the modes' centres, k >= 2.
        width: standard deviation of each mode, > 0.
        radius_widths: a point is on a mode within `radius_widths * width` of its centre, > 0.
        share: a mode is covered when the points on it are at least `share / k` of all
            points, in (0, 1].

    Returns:
        A dict with "quality" (fraction of the points on a mode: a per-point score, 0.989
        for real 2-D Gaussian points with the defaults), "mean_distance" (mean distance to
        the nearest centre, in widths), "counts" (points on each mode, a list of k ints),
        "modes_covered" (modes holding at least `share / k` of the points) and "modes" (k).

    Raises:
        ValueError: if an array is empty, not finite or of mismatched widths, fewer than 2
            centres, width or radius_widths is not > 0, or share is not in (0, 1].
    """
    points = _validate.array("points", points, ndim=2)
    centres = _validate.array("centres", centres, ndim=2, columns=points.shape[1])
    if len(centres) < 2:
        raise ValueError(f"centres must hold at least 2 modes, got {len(centres)}")
    width = _validate.positive_float("width", width)
    radius_widths = _validate.positive_float("radius_widths", radius_widths)
    share = _validate.finite_float("share", share)
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share!r}")
    indices, distances = nearest_mode(points, centres)
    on_mode = distances <= radius_widths * width
    counts = np.bincount(indices[on_mode], minlength=len(centres))
    return {
        "quality": float(np.mean(on_mode)),
        "mean_distance": float(np.mean(distances) / width),
        "counts": [int(count) for count in counts],
        "modes_covered": int(np.sum(counts >= share * len(points) / len(centres))),
        "modes": len(centres),
    }
