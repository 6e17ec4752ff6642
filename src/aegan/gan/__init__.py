"""Generative adversarial networks: builders, a GAN trained through `fit()`, its recipe.

`GAN.train_step` runs the tutorial's schedule on each batch that `fit()` feeds it: a
discriminator step on the real batch labelled 1, one on as many generated points labelled 0,
then a generator step on twice as many latent points, scored through the discriminator with
labels 1. A batch is either samples alone, or (samples, conditions) pairs for a conditional
GAN, whose two networks then take the condition as an input beside their own (Mirza and
Osindero, 2014). The data come from any tf.data stream or in-memory arrays: the 1-D function of
Lecture 4 is one source (`aegan.data.function_batches`), the ring another. A `Recipe` builds a
GAN and trains it; the course's recipes are in `aegan.recipes`, the layers in `aegan.layers`
and the snapshot recorder in `aegan.callbacks`.

The package holds the two networks, their latent law and `generate` (`networks`), the `GAN`
model and its training step (`model`) and its `Recipe` (`recipe`); every name is importable
from `aegan.gan`.
"""

from aegan.gan.model import GAN, SCHEDULES
from aegan.gan.networks import (
    LATENT_LAWS,
    build_discriminator,
    build_generator,
    condition_dim,
    generate,
    latent_law_of,
    latent_sample,
)
from aegan.gan.recipe import Recipe, train_on_ring

__all__ = [
    "GAN",
    "LATENT_LAWS",
    "SCHEDULES",
    "Recipe",
    "build_discriminator",
    "build_generator",
    "condition_dim",
    "generate",
    "latent_law_of",
    "latent_sample",
    "train_on_ring",
]
