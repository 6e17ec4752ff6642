"""The 1-D function GAN tutorial's own models and training loop, ported to Keras 3.

The tutorial ("How to Develop a Generative Adversarial Network for a 1-Dimensional Function
From Scratch in Keras", Assignment 6) is written for Keras 2. Its three model builders are kept
in its own style (Sequential models; only `input_dim=` becomes a `keras.Input`), and its loop as
written, which shows what goes wrong in Keras 3 (the frozen discriminator never trains), with
the two-line fix that makes it train. The loop is also the plain baseline that
`benchmarks/gan_1d.py` times the package's `gan.Recipe.fit` against.

Lecture 4 trains the package's recipes on the curve as `curve_gan`, `train_on_curve` and
`score_on_curve` do, from its SEED; `benchmarks/gan_seeds.py` calls the same three functions
with seed 10 k for its row k, so that the page's run at SEED = 0 is the row of seed 0. On the
eight Gaussians, the page and `benchmarks/gan_modes.py` likewise share `train_on_modes` and
`score_on_modes`, and the two recipes `MODES_COLLAPSE_GAN` and `MODES_GAN`.
"""

import time
import warnings
from dataclasses import dataclass

import keras
import numpy as np

from aegan import _validate, data, gan, scores, stats


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
        # Not the loop's: sockets and files the process left, closed by the garbage collector
        warnings.simplefilter("ignore", ResourceWarning)
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


def curve_gan(recipe: gan.Recipe, seed: int) -> gan.GAN:
    """Return Lecture 4's GAN of `recipe` before training, built from its SEED = `seed`.

    The discriminator's weights come from `seed + 1`, the generator's from `seed + 2` and the
    latent points drawn while training from `seed + 1` (`gan.Recipe.build` with `seed + 1`).

    Raises:
        TypeError: if recipe is not a `gan.Recipe`.
        ValueError: if seed is negative.
    """
    if not isinstance(recipe, gan.Recipe):
        raise TypeError(f"recipe must be a gan.Recipe, got {type(recipe).__name__}")
    return recipe.build(seed=_validate.seed("seed", seed) + 1)


def train_on_curve(
    recipe: gan.Recipe, model: gan.GAN, seed: int, *, verbose=0, callbacks=None
) -> keras.callbacks.History:
    """Train `model` by `recipe` on real batches of the curve drawn from `seed + 3`, as Lecture 4.

    Args:
        recipe: the recipe that trains (`recipe.fit`).
        model: the GAN, from `curve_gan(recipe, seed)`.
        seed: Lecture 4's SEED, an integer >= 0.
        verbose: as in `gan.Recipe.fit`.
        callbacks: more Keras callbacks, such as an `aegan.callbacks.SnapshotRecorder`.

    Returns:
        The History of `recipe.fit`.
    """
    if not isinstance(recipe, gan.Recipe):
        raise TypeError(f"recipe must be a gan.Recipe, got {type(recipe).__name__}")
    seed = _validate.seed("seed", seed)
    batches = data.function_batches(recipe.batch_size // 2, seed=seed + 3)
    return recipe.fit(model, batches, seed=seed + 3, verbose=verbose, callbacks=callbacks)


def score_on_curve(generator: keras.Model, seed: int) -> tuple[np.ndarray, dict[str, float]]:
    """Return Lecture 4's 2,000 points of `generator` (from `seed + 4`) and their `gan_scores`.

    The scores' fresh real points and noise floor come from `seed + 5`.
    """
    seed = _validate.seed("seed", seed)
    points = gan.generate(generator, scores.GAN_POINTS, seed=seed + 4)
    return points, scores.gan_scores(points, seed=seed + 5)


#: Lecture 4's GAN of the eight Gaussians (`data.gaussian_modes`) whose generator learns 50
#: times faster than its discriminator: two hidden layers of 32 units each, 2 latent numbers,
#: 2,000 iterations. It collapses.
MODES_COLLAPSE_GAN = gan.Recipe(
    generator_hidden=(32, 32),
    discriminator_hidden=(32, 32),
    latent_dim=2,
    iterations=2000,
    learning_rate=0.005,
    discriminator_learning_rate=0.0001,
    beta_1=0.5,
)

#: The remedy Lecture 4 measures: the same GAN with a discriminator as fast as its generator.
MODES_GAN = MODES_COLLAPSE_GAN.replace(discriminator_learning_rate=0.005)

#: The eight Gaussians of Lecture 4: centres on a circle of radius 2, standard deviation 0.1.
MODES_CENTRES = data.mode_centres(8, radius=2.0)
MODES_WIDTH = 0.1
#: Points of the eight Gaussians a GAN trains on.
MODES_TRAINING_POINTS = 8192


def train_on_modes(recipe: gan.Recipe, seed: int, *, verbose=0, callbacks=None) -> gan.GAN:
    """Return Lecture 4's GAN of `recipe` trained on the eight Gaussians, from its SEED.

    The GAN is built from `seed + 30` and trained on `MODES_TRAINING_POINTS` points of
    `data.gaussian_modes` drawn from `seed + 31`, shuffled from `seed + 32`.

    Args:
        recipe: the recipe, such as `MODES_COLLAPSE_GAN` or `MODES_GAN`.
        seed: Lecture 4's SEED, an integer >= 0.
        verbose: as in `gan.Recipe.fit`.
        callbacks: more Keras callbacks, such as an `aegan.callbacks.SnapshotRecorder`.
    """
    if not isinstance(recipe, gan.Recipe):
        raise TypeError(f"recipe must be a gan.Recipe, got {type(recipe).__name__}")
    seed = _validate.seed("seed", seed)
    model = recipe.build(seed=seed + 30)
    points = data.gaussian_modes(MODES_TRAINING_POINTS, width=MODES_WIDTH, seed=seed + 31)
    recipe.fit(model, points, seed=seed + 32, verbose=verbose, callbacks=callbacks)
    return model


def most_crowded(points) -> tuple[int, float]:
    """Return the mode of the eight Gaussians nearest to most of `points`, and their share.

    The share is 1/8 for a generator that spreads its points evenly over the modes, 1 for one
    that puts them all nearest to one mode (on it or beside it).
    """
    indices, _ = scores.nearest_mode(points, MODES_CENTRES)
    counts = np.bincount(indices, minlength=len(MODES_CENTRES))
    return int(counts.argmax()), float(counts.max() / len(indices))


def score_on_modes(generator: keras.Model, seed: int) -> tuple[np.ndarray, dict]:
    """Return Lecture 4's 2,000 points of `generator` (from `seed + 36`) and their scores.

    The scores are `scores.mode_scores` ("quality": the share of points on a mode, and
    "modes_covered"), "largest_share" (the share of `most_crowded`) and the C2ST against
    2,000 real points drawn from `seed + 39` ("c2st_auc", "c2st_error", `stats.c2st` seeded
    from `seed + 40`).
    """
    seed = _validate.seed("seed", seed)
    points = gan.generate(generator, 2000, seed=seed + 36)
    reference = data.gaussian_modes(2000, width=MODES_WIDTH, seed=seed + 39)
    test = stats.c2st(points, reference, seed=seed + 40)
    found = scores.mode_scores(points, MODES_CENTRES, MODES_WIDTH)
    return points, {
        "quality": found["quality"],
        "modes_covered": found["modes_covered"],
        "largest_share": most_crowded(points)[1],
        "c2st_auc": test.auc,
        "c2st_error": test.error,
    }
