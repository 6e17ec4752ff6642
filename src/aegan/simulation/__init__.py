"""A fast detector simulation: a conditional generator of the toy calorimeter's response.

The generator of a conditional GAN learns the response R = E_reco / E_true given the true
energy E (the toy of `aegan.data.calorimeter`). It does not see R and E as they are: the
condition is log E mapped to [-1, 1] over the training range (`energy_condition`), and the
response is standardised in each energy, x = (R - m(E)) / s(E), with a median m(E) and a width
s(E) fitted to the training sample (`ResponseScale`), so that the network only has to learn
the shape of the response, the same at every energy to first order.

`build_simulator` wraps the trained generator with all of this in one Keras model, which maps
true energies in GeV, shape (n, 1), to reconstructed energies in GeV, shape (n, 1), drawing
its latent noise inside: the saved file is the whole fast simulation. The noise's state is
saved with it, so each job that loads the file seeds its own draws (`reseed`).

The package holds the response's scale, condition and resolution fit sigma(E) = a / sqrt(E)
(+) b (`response`), the simulator's model and layers (`simulator`) and the training of the GAN
and of its Gaussian baseline (`trainers`). Validating a simulation against the exact law (the
course's bar) is `aegan.scores`' `validate_simulator`; the GAN's recipe is
`aegan.recipes.SIMULATOR_GAN`.
"""

from aegan.simulation.events import (
    DiagonalGaussianDraw,
    FeatureScale,
    GaussianRecipe,
    ScaledFeatures,
    diagonal_gaussian_loss,
)
from aegan.simulation.response import (
    ResponseScale,
    energy_condition,
    fit_resolution,
    flat_in_log_energy,
    half_width,
    resolution,
    true_energies,
)
from aegan.simulation.simulator import (
    EnergyCondition,
    GaussianDraw,
    LatentNoise,
    ReconstructedEnergy,
    build_simulator,
    reseed,
    simulate,
)
from aegan.simulation.trainers import (
    TRAINING_PAIRS,
    Trained,
    gaussian_loss,
    train,
    train_gaussian,
)

__all__ = [
    "TRAINING_PAIRS",
    "DiagonalGaussianDraw",
    "EnergyCondition",
    "FeatureScale",
    "GaussianDraw",
    "GaussianRecipe",
    "LatentNoise",
    "ReconstructedEnergy",
    "ResponseScale",
    "ScaledFeatures",
    "Trained",
    "build_simulator",
    "diagonal_gaussian_loss",
    "energy_condition",
    "fit_resolution",
    "flat_in_log_energy",
    "gaussian_loss",
    "half_width",
    "reseed",
    "resolution",
    "simulate",
    "train",
    "train_gaussian",
    "true_energies",
]
