"""Conditional flow matching: a velocity field learnt by regression, sampled by an ODE.

A velocity field v(x, t) (and a condition c) moves noise x0 ~ N(0, 1) at t = 0 into data x1
at t = 1 along dx/dt = v(x, t, c). Flow matching (Lipman et al. 2023; Liu et al. 2023,
rectified flow) learns it by regression: for a data point x1, a noise point x0 and a time t
uniform in [0, 1], the network at x_t = (1 - t) x0 + t x1 is fitted to the straight path's
velocity x1 - x0 (`FlowMatching.train_step`). A sample is the ODE integrated from noise in a
few steps (`integrate`: Euler, midpoint or fourth-order Runge-Kutta).

The package holds the integrator (`ode`), the field with its model, recipe and sampler
(`model`) and the simulation built on them (`simulator`); `spline` holds a second flow of one
number, a neural spline flow trained by maximum likelihood (`SplineFlow`, `SplineRecipe`, and
its own `spline.train_simulator`, which models log R). The course's recipes are in
`aegan.recipes` (`RING_FLOW`, `SIMULATOR_FLOW`).

`build_simulator` wraps a velocity field conditioned on the true energy into the same fast
simulation as `aegan.simulation.build_simulator`: true energies (n, 1) in GeV to reconstructed
energies (n, 1) in GeV, with the noise, the integration and the per-energy standardisation
(`aegan.simulation.ResponseScale`) inside the saved model.
"""

from aegan.flow import spline
from aegan.flow.model import (
    FlowMatching,
    Recipe,
    build_velocity_field,
    field_shape,
    sample,
)
from aegan.flow.ode import METHODS, integrate, log_density, steps_and_method, trajectory
from aegan.flow.simulator import (
    FINEST_SAMPLER,
    SAMPLER_TOLERANCE,
    STUDIED_EVENTS,
    STUDIED_SAMPLERS,
    FlowIntegration,
    Trained,
    build_simulator,
    cheapest_sampler,
    sampler_study,
    train_simulator,
)
from aegan.flow.spline import SplineFlow, SplineRecipe

__all__ = [
    "FINEST_SAMPLER",
    "METHODS",
    "SAMPLER_TOLERANCE",
    "STUDIED_EVENTS",
    "STUDIED_SAMPLERS",
    "FlowIntegration",
    "FlowMatching",
    "Recipe",
    "SplineFlow",
    "SplineRecipe",
    "Trained",
    "build_simulator",
    "build_velocity_field",
    "cheapest_sampler",
    "field_shape",
    "integrate",
    "log_density",
    "sample",
    "sampler_study",
    "spline",
    "steps_and_method",
    "train_simulator",
    "trajectory",
]
