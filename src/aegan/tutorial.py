"""The 1-D function GAN tutorial's own models and training loop, ported to Keras 3.

The tutorial ("How to Develop a Generative Adversarial Network for a 1-Dimensional Function
From Scratch in Keras", Assignment 6) is written for Keras 2. Its three model builders are kept
in its own style (Sequential models; only `input_dim=` becomes a `keras.Input`), and its loop as
written, which shows what goes wrong in Keras 3 (the frozen discriminator never trains), with
the two-line fix that makes it train. The loop is also the plain baseline that
`benchmarks/gan_1d.py` times the package's `gan.Recipe.fit` against.
"""

import time
import warnings
from dataclasses import dataclass

import keras
import numpy as np

from aegan import _validate, data


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


def define_discriminator(n_inputs=2):
    """Return the tutorial's discriminator, compiled: n_inputs -> 25 ReLU -> 1 sigmoid."""
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_inputs,)))
    model.add(keras.layers.Dense(25, activation="relu", kernel_initializer="he_uniform"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def define_generator(latent_dim, n_outputs=2):
    """Return the tutorial's generator: latent_dim -> 15 ReLU -> n_outputs linear."""
    model = keras.Sequential()
    model.add(keras.Input(shape=(latent_dim,)))
    model.add(keras.layers.Dense(15, activation="relu", kernel_initializer="he_uniform"))
    model.add(keras.layers.Dense(n_outputs, activation="linear"))
    return model


def define_gan(generator, discriminator):
    """Return the tutorial's combined model: the generator trained through the discriminator."""
    # make weights in the discriminator not trainable
    discriminator.trainable = False
    # connect them
    model = keras.Sequential()
    # add generator
    model.add(generator)
    # add the discriminator
    model.add(discriminator)
    # compile model
    model.compile(loss="binary_crossentropy", optimizer="adam")
    return model


def train_iteration(generator, discriminator, gan_model, latent_dim, n_batch, rng, *, fix, predict):
    """Run one iteration of the tutorial's loop; `fix` unfreezes the discriminator for its steps.

    In Keras 3 `trainable` is read when a model's training function is built, at its first
    `train_on_batch`, and the discriminator inside `gan_model` is the same object: frozen by
    `define_gan`, it is frozen for its own steps too. The fix sets `trainable` before each
    model's steps, so that each training function is built with the weights it must update.
    """
    half_batch = n_batch // 2
    x_real = data.function_samples(half_batch, seed=rng)
    x_fake = predict(rng.standard_normal((half_batch, latent_dim)).astype(np.float32))
    if fix:
        discriminator.trainable = True  # the discriminator's own steps update its weights
    discriminator.train_on_batch(x_real, np.ones((half_batch, 1)))
    discriminator.train_on_batch(x_fake, np.zeros((half_batch, 1)))
    if fix:
        discriminator.trainable = False  # the generator's step leaves them alone
    x_gan = rng.standard_normal((n_batch, latent_dim)).astype(np.float32)
    gan_model.train_on_batch(x_gan, np.ones((n_batch, 1)))


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
    fix: bool = False,
    seed: int,
) -> LiteralRun:
    """Run the tutorial's training loop as written (`trainable = False`, `train_on_batch`).

    The models come from `define_discriminator`, `define_generator` and `define_gan`, which
    compiles the combined model after freezing the discriminator, exactly as the tutorial does.

    Args:
        iterations: loop iterations, at least 1.
        latent_dim: size of a latent point.
        batch_size: latent points per generator step (halves for the discriminator), even.
        use_predict: generate the fake points with `generator.predict` as the tutorial does;
            False uses `predict_on_batch`, the same computation without `predict`'s set-up.
        fix: unfreeze the discriminator for its own steps (`train_iteration`), so that it trains.
        seed: seed of Keras' global random state, from which the tutorial's builders draw the
            weights, and of every sample, an integer >= 0.

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
    for name, flag in (("use_predict", use_predict), ("fix", fix)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    seed = _validate.seed("seed", seed)
    keras.utils.set_random_seed(seed)  # the tutorial's builders draw their weights from it
    discriminator = define_discriminator()
    generator = define_generator(latent_dim)
    combined = define_gan(generator, discriminator)
    rng = np.random.default_rng(seed)
    discriminator_before = discriminator.get_weights()
    generator_before = generator.get_weights()
    if use_predict:

        def predict(latent):
            return generator.predict(latent, verbose=0)

    else:
        predict = generator.predict_on_batch
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        for _ in range(iterations):
            train_iteration(
                generator,
                discriminator,
                combined,
                latent_dim,
                batch_size,
                rng,
                fix=fix,
                predict=predict,
            )
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
