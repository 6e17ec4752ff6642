"""aegan: the tested code behind the lectures on autoencoders and generative networks.

Modules, one idea each: `data` (samples), `pca`, `autoencoder`, `vae`, `gan`, `simulation`
(a conditional GAN as a fast calorimeter simulation), `flow` (conditional flow matching, the
same simulation by an ODE), `jets` (Lecture 7's toy jet detector, its exact law and its
multivariate fast simulation), `tutorial` (the GAN tutorial's own models and loop, with its Keras 3
fix), `layers` (the Keras layers), `callbacks` (the GAN's snapshot recorder), `recipes` (the
course's named configurations), `training` (the one training loop, the recipes' base, seeding),
`check` (the assignments' checker), `stats` (statistics: KS, energy distance, the classifier
two-sample test, bootstrap), `scores` (the course's scores and every pass threshold),
`plotting`, `outputs` (where a lecture's files go) and `results` (the seed benchmarks' results).
"""

__version__ = "0.1.0"

# TensorFlow first, quietly (see _startup); then the modules that register Keras objects (the
# autoencoder's loss, the package's layers, the GAN's, the VAE's and the flow's models, the
# simulator's layers and the flow's integration layer), so that after `import aegan` every model
# a lecture saves loads with `keras.saving.load_model` alone.
from aegan import _startup

_startup.use_one_intra_op_thread()  # the course's small networks train faster on one thread

from aegan import autoencoder, flow, gan, jets, layers, simulation, vae  # noqa: E402, F401
