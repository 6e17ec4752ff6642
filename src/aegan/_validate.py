"""Argument checks shared by the public functions: each error names the argument and the value."""

from collections.abc import Callable, Sequence
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


def real_array(name: str, value: object, *, ndim: int, columns: int | None = None) -> np.ndarray:
    """Return `value` as `array` does, after refusing booleans, strings and complex numbers.

    `array` alone reads True as 1.0 and "0.5" as 0.5 and drops an imaginary part (numpy's
    float64 conversion); `real_numbers` refuses them first, naming the argument.
    """
    return array(name, real_numbers(name, value), ndim=ndim, columns=columns)


#: What an array of a dtype kind holds, for the errors of `real_numbers`.
_KINDS = {"b": "booleans", "c": "complex numbers", "U": "strings", "S": "bytes", "O": "objects"}


def real_numbers(name: str, value: object, *, unit: str = "") -> np.ndarray:
    """Return `value` as a float64 array, or raise TypeError unless it holds real numbers.

    Integers and floats only: strings ("10"), booleans (True read as 1) and complex numbers
    (whose imaginary part float64 would drop) are refused, naming the argument.
    """
    if not isinstance(value, np.ndarray):  # a list may hide a bool among integers
        scalar = isinstance(value, Real | str | bytes | complex) or value is None
        items = [value] if scalar else np.asarray(value, dtype=object).ravel()
        bad = [item for item in items if not _is_real(item)][:1]
        if bad:
            bad = bad[0]
            kind = "booleans" if isinstance(bad, bool | np.bool_) else type(bad).__name__
            raise TypeError(f"{name} must be numbers{unit}, got {kind}: {bad!r}")
    try:
        found = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numbers{unit}, got {type(value).__name__}") from error
    if found.dtype.kind not in "iufO":
        kind = _KINDS.get(found.dtype.kind, str(found.dtype))
        raise TypeError(f"{name} must be numbers{unit}, got an array of {kind}")
    try:
        return found.astype(np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numbers{unit}, got {type(value).__name__}") from error


def _is_real(item: object) -> bool:
    """Return whether `item` is a real number (a nested sequence counts): not a bool."""
    if isinstance(item, list | tuple | np.ndarray):
        return True  # ragged or nested: left to numpy's conversion and the shape checks
    return isinstance(item, Real) and not isinstance(item, bool | np.bool_)


def callable_(name: str, value: object) -> Callable:
    """Return `value`, or raise TypeError if it cannot be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {value!r}")
    return value


def seed(name: str, value: object) -> int:
    """Return `value` as the seed of a builder, a model or a trainer: an integer >= 0.

    One policy for everything that draws weights or shuffles: the seed is required and is a
    non-negative integer, so that a run is reproducible by construction. (The samplers of
    `aegan.data` follow numpy instead and also take a Generator or None.)
    """
    return positive_int(name, value, minimum=0)


def numpy_seed(name: str, value: object) -> object:
    """Return `value` if numpy's `default_rng` takes it as a seed, or raise naming `name`.

    The samplers of `aegan.data` follow numpy: None (fresh entropy), an integer >= 0, a
    sequence of them, a `numpy.random.Generator`, `BitGenerator` or `SeedSequence`. A bool,
    a float or a string is refused here, with the argument's name, rather than by numpy.
    """
    if value is None or isinstance(
        value, np.random.Generator | np.random.BitGenerator | np.random.SeedSequence
    ):
        return value
    entries = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
    for entry in entries:
        if isinstance(entry, bool) or not isinstance(entry, Integral):
            raise TypeError(
                f"{name} must be an integer >= 0, a sequence of them, a numpy Generator or None, "
                f"got {value!r} ({type(value).__name__})"
            )
        if entry < 0:
            raise ValueError(f"{name} must be >= 0, got {value!r}")
    return value


def sizes(name: str, value: object, *, allow_empty: bool = False) -> tuple[int, ...]:
    """Return layer widths as a tuple of integers >= 1; an integer means one layer.

    Args:
        name: the argument's name, for the error message.
        value: an integer, or a sequence of integers, each >= 1.
        allow_empty: whether an empty sequence (no hidden layer) is allowed.
    """
    if isinstance(value, Integral) and not isinstance(value, bool):
        value = (value,)
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a layer width or a sequence of widths, got {value!r}")
    if not value and not allow_empty:
        raise ValueError(f"{name} must name at least one layer width, got {tuple(value)!r}")
    for width in value:
        if isinstance(width, bool) or not isinstance(width, Integral) or width < 1:
            raise ValueError(f"{name} must hold integers >= 1, got {tuple(value)!r}")
    return tuple(int(width) for width in value)


def positive_float(name: str, value: object) -> float:
    """Return `value` as a float, or raise if it is not a finite number > 0."""
    value = finite_float(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return value


def fraction(name: str, value: object) -> float:
    """Return `value` as a float, or raise if it is not in [0, 1)."""
    value = finite_float(name, value)
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def choice(name: str, value: object, options: Sequence[str]) -> str:
    """Return `value`, or raise if it is not one of `options`."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}, got {value!r}")
    return value


def same_length(name: str, value, reference_name: str, reference, *, unit: str = "rows") -> None:
    """Raise ValueError unless `value` holds as many rows (or values) as `reference`."""
    if len(value) != len(reference):
        raise ValueError(
            f"{name} must have as many {unit} as {reference_name} ({len(reference)}), "
            f"got {len(value)}"
        )


def paired(
    data: object, *, name: str, columns: int, condition_columns: int, model: str
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Return training data as float32 arrays: `name`s alone, or (`name`s, conditions) pairs.

    One check for every model that trains on points with or without a condition (a GAN, a
    flow): a model that takes a condition needs a pair of arrays with as many rows each; a
    model that takes none needs the points alone.

    Args:
        data: an (n, columns) array, or a pair of (n, columns) and (n, condition_columns) arrays.
        name: what a row of the first array is called ("samples", "points").
        columns: the size of one point.
        condition_columns: the size of one condition; 0 for a model that takes none.
        model: the model, as the message names it ("the GAN", "the field").

    Raises:
        ValueError: if data is not a pair where a condition is taken (or a tuple where none
            is), an array is empty, not finite or of the wrong width, or the rows differ.
        TypeError: if an array is not made of numbers.
    """
    if condition_columns:
        if not isinstance(data, tuple | list) or len(data) != 2:
            raise ValueError(
                f"data must be a ({name}, conditions) pair, since {model} takes a condition; "
                f"got {type(data).__name__}"
            )
        points = array(name, data[0], ndim=2, columns=columns)
        conditions = array("conditions", data[1], ndim=2, columns=condition_columns)
        same_length("conditions", conditions, name, points)
        return points.astype(np.float32), conditions.astype(np.float32)
    if isinstance(data, tuple):
        raise ValueError(
            f"data must be the {name} alone, since {model} takes no condition; got a tuple "
            f"of {len(data)}"
        )
    return array("data", data, ndim=2, columns=columns).astype(np.float32)


def count_and_conditions(
    n: object, conditions: object, *, condition_columns: int, model: str
) -> tuple[int, np.ndarray | None]:
    """Return how many points to draw and their float32 conditions (None for a model without).

    A model that takes a condition draws one point per row of `conditions` (`n`, if given,
    must agree); a model that takes none needs `n` and no conditions.

    Args:
        n: how many points, an integer >= 1, or None to take one per condition.
        conditions: (n, condition_columns) conditions, or None.
        condition_columns: the size of one condition; 0 for a model that takes none.
        model: the model, as the message names it ("the generator", "the velocity field").

    Raises:
        ValueError: if conditions are missing or unexpected, of the wrong shape or not finite,
            n is missing, < 1 or differs from the number of conditions.
        TypeError: if n is not an integer.
    """
    if condition_columns:
        if conditions is None:
            raise ValueError(
                f"conditions are needed: {model} takes conditions of size {condition_columns}"
            )
        conditions = array("conditions", conditions, ndim=2, columns=condition_columns)
        if n is not None and positive_int("n", n) != len(conditions):
            raise ValueError(f"n must equal the number of conditions ({len(conditions)}), got {n}")
        return len(conditions), conditions.astype(np.float32)
    if conditions is not None:
        raise ValueError(f"conditions were given, but {model} takes none")
    if n is None:
        raise ValueError("n is needed: how many points to draw")
    return positive_int("n", n), None
