"""A neural spline flow of one number: a monotone rational-quadratic spline trained by likelihood.

`model` holds the spline (its forward map, its inverse and their derivative), the network of
the condition that makes its parameters, `SplineFlow` and `SplineRecipe`; `calorimeter` makes the
flow a simulation of the toy calorimeter that models log R (`train_simulator`).
"""

from aegan.flow.spline.calorimeter import (
    EnergyFromLogResponse,
    SplineSampling,
    Trained,
    build_simulator,
    log_density,
    train_simulator,
)
from aegan.flow.spline.model import (
    MIN_BIN_HEIGHT,
    MIN_BIN_WIDTH,
    MIN_DERIVATIVE,
    SplineFlow,
    SplineRecipe,
    build_spline_network,
    parameter_count,
    spline_bins,
    spline_bound,
    spline_forward,
    spline_inverse,
)

__all__ = [
    "MIN_BIN_HEIGHT",
    "MIN_BIN_WIDTH",
    "MIN_DERIVATIVE",
    "EnergyFromLogResponse",
    "SplineFlow",
    "SplineRecipe",
    "SplineSampling",
    "Trained",
    "build_simulator",
    "build_spline_network",
    "log_density",
    "parameter_count",
    "spline_bins",
    "spline_bound",
    "spline_forward",
    "spline_inverse",
    "train_simulator",
]
