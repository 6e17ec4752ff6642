"""Plot helpers for the lectures: each takes `ax=None` (or `axes=None`) and returns the figure.

One module per subject: `autoencoders` (Lectures 1 and 2), `rings` (generated ring events,
Lectures 3 and 5), `gans` (Lecture 4), `simulation` (Lectures 5 and 6) and `jets` (Lecture 7).
A lecture calls them as `plotting.reconstruction(...)`.
"""

from aegan.plotting.autoencoders import (
    code_vs_angle,
    decoded_curve,
    pca_projection,
    reconstruction,
    ring_events,
    roc_curve,
)
from aegan.plotting.gans import (
    gan_animation,
    gan_losses,
    gan_marginals,
    gan_points,
    gan_snapshots,
    mode_panels,
)
from aegan.plotting.jets import (
    correlation_differences,
    jet_marginals,
    rosenblatt_histograms,
    tagging_efficiencies,
)
from aegan.plotting.rings import (
    angle_histogram,
    generated_events,
    latent_means,
    radius_histogram,
)
from aegan.plotting.simulation import (
    pit_histograms,
    response_histograms,
    response_vs_energy,
    validation_curves,
)

__all__ = [
    "angle_histogram",
    "code_vs_angle",
    "correlation_differences",
    "decoded_curve",
    "gan_animation",
    "gan_losses",
    "gan_marginals",
    "gan_points",
    "gan_snapshots",
    "generated_events",
    "jet_marginals",
    "latent_means",
    "mode_panels",
    "pca_projection",
    "pit_histograms",
    "radius_histogram",
    "reconstruction",
    "response_histograms",
    "response_vs_energy",
    "ring_events",
    "roc_curve",
    "rosenblatt_histograms",
    "tagging_efficiencies",
    "validation_curves",
]
