"""The toy jet detector: its exact law, the Rosenblatt transform, a quantile-map baseline.

A jet of generated (pT, eta, flavour) leaves six observables in the toy detector: the
response, the b-tag score, d_eta, d_phi, the mass ratio and the track count (`law`, whose
docstring states the law). Its conditional CDFs are exact, so the Rosenblatt transform maps
true jets to six independent uniforms, whatever a simulator is judged on. `quantile_map`
holds the per-variable baseline: right marginals, no correlations. `fastsim` is the fast
simulation by a network: conditions (n, 3) -> observables (n, 6), saved as one Keras model.
"""

from aegan.jets import fastsim
from aegan.jets.law import (
    BTAG_WORKING_POINT,
    CONDITIONS,
    DPHI_CORRELATION,
    ETA_MAX,
    FLAVOUR_PROBABILITIES,
    FLAVOURS,
    MASS_RATIOS,
    MISTAG_WORKING_POINT,
    NEUTRINO_PROBABILITIES,
    OBSERVABLES,
    PT_MAX,
    PT_MIN,
    angular_width,
    btag_shapes,
    conditions_array,
    observables_array,
    response_cdf,
    response_mean,
    response_width,
    rosenblatt,
    sample,
    sample_conditions,
    sample_observables,
    track_mean,
)
from aegan.jets.quantile_map import MIN_JETS_PER_CELL, QuantileMap

__all__ = [
    "BTAG_WORKING_POINT",
    "CONDITIONS",
    "DPHI_CORRELATION",
    "ETA_MAX",
    "FLAVOURS",
    "FLAVOUR_PROBABILITIES",
    "MASS_RATIOS",
    "MIN_JETS_PER_CELL",
    "MISTAG_WORKING_POINT",
    "NEUTRINO_PROBABILITIES",
    "OBSERVABLES",
    "PT_MAX",
    "PT_MIN",
    "QuantileMap",
    "angular_width",
    "btag_shapes",
    "conditions_array",
    "fastsim",
    "observables_array",
    "response_cdf",
    "response_mean",
    "response_width",
    "rosenblatt",
    "sample",
    "sample_conditions",
    "sample_observables",
    "track_mean",
]
