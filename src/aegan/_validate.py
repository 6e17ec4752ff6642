"""Argument checks shared by the public functions: each error names the argument and the value."""

from collections.abc import Callable
from numbers import Integral, Real

import numpy as np


def positive_int(name: str, value: object, *, minimum: int = 1) -> int:
    """Return `value` as an int, or raise if it is not an integer >= `minimum`."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def finite_float(name: str, value: object) -> float:
    """Return `value` as a float, or raise if it is not a finite real number."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def ring_bounds(r_min: object, r_max: object) -> tuple[float, float]:
    """Return the radii of a ring as floats, or raise unless 0 <= r_min < r_max, both finite."""
    r_min = finite_float("r_min", r_min)
    r_max = finite_float("r_max", r_max)
    if r_min < 0:
        raise ValueError(f"r_min must be >= 0, got {r_min!r}")
    if r_min >= r_max:
        raise ValueError(f"r_min must be < r_max, got r_min={r_min!r} and r_max={r_max!r}")
    return r_min, r_max


def array(name: str, value: object, *, ndim: int, columns: int | None = None) -> np.ndarray:
    """Return `value` as a finite float array of `ndim` dimensions (and `columns` columns)."""
    try:
        result = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        kind = type(value).__name__
        raise TypeError(f"{name} must be an array of numbers, got {kind}") from error
    if result.ndim != ndim:
        expected = "(n,)" if ndim == 1 else "(n, d)" if columns is None else f"(n, {columns})"
        raise ValueError(f"{name} must have shape {expected}, got shape {result.shape}")
    if columns is not None and result.shape[1] != columns:
        raise ValueError(f"{name} must have shape (n, {columns}), got shape {result.shape}")
    if result.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one row, got shape {result.shape}")
    if not np.all(np.isfinite(result)):
        bad = int(np.size(result) - np.count_nonzero(np.isfinite(result)))
        raise ValueError(f"{name} must be finite, got {bad} NaN or infinite value(s)")
    return result


def callable_(name: str, value: object) -> Callable:
    """Return `value`, or raise TypeError if it cannot be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {value!r}")
    return value
