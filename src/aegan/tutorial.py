"""The 1-D function GAN tutorial's own training loop, ported word for word to Keras 3.

Kept as a demonstration of what goes wrong (in Keras 3 the frozen discriminator never trains)
and as the plain baseline that `benchmarks/gan_1d.py` times `aegan.gan.train` against.
"""

import time
import warnings
from dataclasses import dataclass

import keras
import numpy as np

from aegan import _layers, _validate, data, gan


@dataclass
class LiteralRun:
    """The outcome of the tutorial's loop ported word for word to Keras 3."""

    generator: keras.Model
    discriminator: keras.Model
    iterations: int
    warnings: list[str]
    discriminator_change: float
    generator_change: float
    milliseconds_per_iteration: float


def _weights_change(before: list[np.ndarray], model: keras.Model) -> float:
    """Return the largest absolute change of any weight of `model` since `before`."""
    after = model.get_weights()
    return float(max(np.max(np.abs(a - b)) for a, b in zip(after, before, strict=True)))


def train_literal(
    iterations: int = 200,
    *,
    latent_dim: int = 5,
    batch_size: int = 128,
    use_predict: bool = False,
    seed: int,
) -> LiteralRun:
    """Run the tutorial's training loop as written (`trainable = False`, `train_on_batch`).

    The discriminator is compiled, then frozen with `discriminator.trainable = False` before
    the combined generator+discriminator model is compiled, exactly as the tutorial does.

    Args:
        iterations: loop iterations, at least 1.
        latent_dim: size of a latent point.
        batch_size: latent points per generator step (halves for the discriminator), even.
        use_predict: generate the fake points with `generator.predict` as the tutorial does;
            False uses `predict_on_batch`, the same computation without `predict`'s set-up.
        seed: seed of the weights and of every sample, an integer >= 0.

    Returns:
        The LiteralRun: the networks, the distinct warnings raised while training, the largest
        change of any weight of each network, and the time per iteration.

    Raises:
        ValueError: if iterations < 1 or batch_size is odd.
    """
    iterations = _validate.positive_int("iterations", iterations)
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    batch_size = _validate.positive_int("batch_size", batch_size, minimum=2)
    if batch_size % 2:
        raise ValueError(f"batch_size must be even (it is split in halves), got {batch_size}")
    if not isinstance(use_predict, bool):
        raise TypeError(f"use_predict must be True or False, got {use_predict!r}")
    half = batch_size // 2
    seeds = _layers.layer_seeds(_validate.seed("seed", seed), 3)
    discriminator = gan.build_discriminator(seed=next(seeds))
    discriminator.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    generator = gan.build_generator(latent_dim, seed=next(seeds))
    rng = np.random.default_rng(next(seeds))
    discriminator.trainable = False
    combined = keras.Sequential([generator, discriminator])
    combined.compile(loss="binary_crossentropy", optimizer="adam")
    discriminator_before = discriminator.get_weights()
    generator_before = generator.get_weights()
    predict = generator.predict if use_predict else generator.predict_on_batch
    options = {"verbose": 0} if use_predict else {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        for _ in range(iterations):
            real = data.function_samples(half, seed=rng)
            fake = predict(rng.standard_normal((half, latent_dim)).astype(np.float32), **options)
            discriminator.train_on_batch(real, np.ones((half, 1)))
            discriminator.train_on_batch(fake, np.zeros((half, 1)))
            latent = rng.standard_normal((batch_size, latent_dim)).astype(np.float32)
            combined.train_on_batch(latent, np.ones((batch_size, 1)))
        seconds = time.perf_counter() - start
    messages = list(dict.fromkeys(str(warning.message) for warning in caught))
    return LiteralRun(
        generator=generator,
        discriminator=discriminator,
        iterations=iterations,
        warnings=messages,
        discriminator_change=_weights_change(discriminator_before, discriminator),
        generator_change=_weights_change(generator_before, generator),
        milliseconds_per_iteration=1000.0 * seconds / iterations,
    )
