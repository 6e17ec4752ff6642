"""aegan: the tested code behind the lectures on autoencoders and generative networks.

Modules, one idea each: `data` (samples), `pca`, `autoencoder`, `vae`, `gan`, `simulation`
(a conditional GAN as a fast calorimeter simulation), `tutorial` (the GAN tutorial's own models
and loop, with its Keras 3 fix), `training` (fast input pipelines, seeding), `stats`
(statistics: KS, energy distance, the classifier two-sample test, bootstrap), `scores` (the
course's scores and every pass threshold), `plotting`, `outputs` (where a lecture's files go)
and `results` (the seed benchmarks' results).
"""

__version__ = "0.1.0"

# TensorFlow first, quietly (see _startup); then the modules that register Keras objects (the
# autoencoder's loss, the GAN's latent-law and radial-features layers, the VAE's model and
# sampling layer, the simulator's layers), so that after `import aegan` every model a lecture
# saves loads with `keras.saving.load_model` alone.
from aegan import _startup  # noqa: F401, I001
from aegan import autoencoder, gan, simulation, vae  # noqa: F401
