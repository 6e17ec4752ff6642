"""The GAN's recipe: its networks and how they train, built and fitted in two calls."""

from collections.abc import Sequence
from dataclasses import dataclass

import keras
import tensorflow as tf
from keras import layers

from aegan import _layers, _validate, training
from aegan.data import ring
from aegan.gan.model import GAN, SCHEDULES
from aegan.gan.networks import LATENT_LAWS, build_discriminator, build_generator


@dataclass(frozen=True)
class Recipe(training.Recipe):
    """A GAN's networks and how they train: two Adam optimizers, in iterations.

    `build` makes the GAN and `fit` trains it for exactly `iterations` iterations, so the
    cosine decay, when asked for, always ends at 0 on the last one.

    Attributes:
        generator_hidden: widths of the generator's hidden layers.
        discriminator_hidden: widths of the discriminator's hidden layers.
        latent_dim: size of a latent point.
        latent_law: the latent law, "normal" or "uniform".
        iterations: tutorial iterations (one real batch each).
        batch_size: the tutorial's batch: half of it real points per discriminator step, all
            of it latent points per generator step.
        learning_rate: Adam's learning rate for the generator.
        discriminator_learning_rate: Adam's learning rate for the discriminator.
        beta_1: Adam's first-moment decay, for both networks.
        generator_average: the momentum of an exponential moving average of the generator's
            weights, which replaces them at the end of training; None for no average.
        activation: activation of both networks' hidden layers.
        initializer: initial law of both networks' hidden weights (see `build_generator`).
        discriminator_features: None, or a layer whose features of the points the
            discriminator sees instead of the points (see `build_discriminator`), such as
            `aegan.layers.RadialFeatures(4.0)`.
        schedule: the GAN's training schedule, "tutorial" or "joint" (see `GAN`).
        cosine_decay: if True, both learning rates fall from their value to 0 along a half
            cosine over the training's optimizer steps (`iterations` for the generator; for
            the discriminator twice as many under the tutorial schedule); False keeps them
            constant.
        log_every: iterations per loss record (and per graph call), a divisor of
            `iterations`; None takes the largest divisor up to 100.
    """

    generator_hidden: tuple[int, ...] = (15,)
    discriminator_hidden: tuple[int, ...] = (25,)
    latent_dim: int = 5
    latent_law: str = "normal"
    iterations: int = 10_000
    batch_size: int = 128
    learning_rate: float = 0.001
    discriminator_learning_rate: float = 0.001
    beta_1: float = 0.9
    generator_average: float | None = None
    activation: str = "relu"
    initializer: str = "he_uniform"
    discriminator_features: layers.Layer | None = None
    schedule: str = "tutorial"
    cosine_decay: bool = False
    log_every: int | None = None

    def check(self) -> None:
        """Check every field (a bad value raises here, naming the field)."""
        super().check()
        for name in ("generator_hidden", "discriminator_hidden"):
            object.__setattr__(self, name, _validate.sizes(name, getattr(self, name)))
        _validate.positive_int("latent_dim", self.latent_dim)
        _validate.choice("latent_law", self.latent_law, LATENT_LAWS)
        iterations = _validate.positive_int("iterations", self.iterations)
        log_every = _validate.positive_int("log_every", self.iterations_per_call)
        if iterations % log_every:
            raise ValueError(
                f"iterations must be a multiple of log_every={log_every}, got {iterations}"
            )
        batch_size = _validate.positive_int("batch_size", self.batch_size, minimum=2)
        if batch_size % 2:
            raise ValueError(f"batch_size must be even (it is split in halves), got {batch_size}")
        _validate.positive_float("learning_rate", self.learning_rate)
        _validate.positive_float("discriminator_learning_rate", self.discriminator_learning_rate)
        _validate.fraction("beta_1", self.beta_1)
        if self.generator_average is not None:
            _validate.fraction("generator_average", self.generator_average)
        _layers.activation_name("activation", self.activation)
        _validate.choice("initializer", self.initializer, tuple(_layers.INITIALIZERS))
        features = self.discriminator_features
        if features is not None and not isinstance(features, layers.Layer):
            kind = type(features).__name__
            raise TypeError(f"discriminator_features must be a Keras layer or None, got {kind}")
        _validate.choice("schedule", self.schedule, SCHEDULES)
        if not isinstance(self.cosine_decay, bool):
            raise TypeError(f"cosine_decay must be True or False, got {self.cosine_decay!r}")

    @property
    def iterations_per_call(self) -> int:
        """Return the iterations per loss record and graph call: `log_every`, or its default."""
        if self.log_every is None:
            return training.steps_per_call(self.iterations, most=100)
        return self.log_every

    def build(self, *, dim: int = 2, condition_dim: int = 0, seed: int) -> "GAN":
        """Return a GAN of this recipe's networks and schedule, seeded from `seed`.

        The generator's initial weights come from `seed + 1`, the discriminator's and the
        GAN's latent points from `seed`.

        Args:
            dim: size of a sample, at least 1.
            condition_dim: size of the condition both networks take; 0 for none.
            seed: an integer >= 0.
        """
        seed = _validate.seed("seed", seed)
        generator = build_generator(
            latent_dim=self.latent_dim,
            hidden=self.generator_hidden,
            output_dim=dim,
            latent_law=self.latent_law,
            condition_dim=condition_dim,
            activation=self.activation,
            initializer=self.initializer,
            seed=seed + 1,
        )
        discriminator = build_discriminator(
            input_dim=dim,
            hidden=self.discriminator_hidden,
            condition_dim=condition_dim,
            activation=self.activation,
            initializer=self.initializer,
            features=self.discriminator_features,
            seed=seed,
        )
        return GAN(generator, discriminator, seed=seed, schedule=self.schedule)

    def generator_optimizer(self) -> keras.optimizers.Adam:
        """Return a fresh Adam for the generator, averaging its weights if the recipe says so."""
        average = self.generator_average
        return keras.optimizers.Adam(
            self._decayed(self.learning_rate, steps_per_iteration=1),
            beta_1=self.beta_1,
            use_ema=average is not None,
            ema_momentum=0.99 if average is None else average,
        )

    def discriminator_optimizer(self) -> keras.optimizers.Adam:
        """Return a fresh Adam for the discriminator."""
        steps = 2 if self.schedule == "tutorial" else 1
        return keras.optimizers.Adam(
            self._decayed(self.discriminator_learning_rate, steps_per_iteration=steps),
            beta_1=self.beta_1,
        )

    def optimizers(self, n_events: int | None = None) -> dict[str, keras.optimizers.Optimizer]:
        """Return the generator's and the discriminator's fresh optimizers, as `compile` takes
        them (n_events is not needed: the schedules last the recipe's iterations)."""
        return {
            "generator_optimizer": self.generator_optimizer(),
            "discriminator_optimizer": self.discriminator_optimizer(),
        }

    def _decayed(self, rate: float, *, steps_per_iteration: int):
        """Return `rate`, or its cosine decay to 0 over the training if the recipe says so."""
        if not self.cosine_decay:
            return rate
        steps = steps_per_iteration * self.iterations
        return keras.optimizers.schedules.CosineDecay(rate, steps, alpha=0.0)

    def fit(
        self,
        model: "GAN",
        data,
        *,
        seed: int,
        verbose: int | str = 0,
        callbacks: Sequence[keras.callbacks.Callback] | None = None,
    ) -> keras.callbacks.History:
        """Train `model` for this recipe's iterations through `fit()`, with fresh optimizers.

        If the generator's optimizer averages its weights, the average replaces them at the end.

        Args:
            model: the GAN, from `build` or made of two networks by hand.
            data: the real samples: a tf.data.Dataset that yields batches of
                `batch_size // 2` samples (or (samples, conditions) pairs) without end, such
                as `aegan.data.function_batches(recipe.batch_size // 2, ...)`; or in-memory
                arrays, samples of shape (n, d) or a (samples, conditions) pair of arrays with
                n rows each, shuffled every pass.
            seed: seed of the shuffling of in-memory arrays, an integer >= 0.
            verbose: as in `aegan.training.fit`.
            callbacks: more Keras callbacks, such as an `aegan.callbacks.SnapshotRecorder`.

        Returns:
            The Keras History: each loss's mean over each block of `log_every` iterations.

        Raises:
            ValueError: if the dataset's batches are not `batch_size // 2` rows, or the arrays
                are empty, not finite, of the wrong width or of different lengths.
            TypeError: if model is not a GAN.
        """
        if not isinstance(model, GAN):
            raise TypeError(f"model must be a GAN, got {type(model).__name__}")
        seed = _validate.seed("seed", seed)
        half = self.batch_size // 2
        if isinstance(data, tf.data.Dataset):
            training.check_batches(data, half)
        else:
            arrays = _validate.paired(
                data,
                name="samples",
                columns=int(model.discriminator.inputs[0].shape[-1]),
                condition_columns=model.condition_dim,
                model="the GAN",
            )
            data = training.epochs_dataset(arrays, half, seed)
        optimizers = self.optimizers()
        generator_optimizer = optimizers["generator_optimizer"]
        model.compile(**optimizers, steps_per_execution=self.iterations_per_call)
        history = training.run(
            model,
            data,
            epochs=self.iterations // self.iterations_per_call,
            steps_per_epoch=self.iterations_per_call,
            verbose=verbose,
            callbacks=list(callbacks or ()),
        )
        if generator_optimizer.use_ema:
            generator_optimizer.finalize_variable_values(model.generator.trainable_weights)
        return history


#: Ring events a GAN trains on in Lecture 5 (`train_on_ring`), as many as Lecture 3's VAE.
RING_TRAINING_EVENTS = 5000


def train_on_ring(recipe: Recipe, seed: int, *, verbose=0) -> GAN:
    """Return the GAN of `recipe` trained on the ring as Lecture 5 trains it.

    The page and `benchmarks/ring_gan_seeds.py` call it with the page's SEED: the weights come
    from `recipe.build(seed=seed)`, the events from `data.ring(RING_TRAINING_EVENTS, seed=seed)`
    and the batches and latent points from `seed`.

    Args:
        recipe: the GAN's recipe, such as `recipes.RING_GAN`.
        seed: the page's SEED, an integer >= 0.
        verbose: as in `Recipe.fit`.

    Raises:
        TypeError: if recipe is not a `gan.Recipe`.
        ValueError: if seed is negative.
    """
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a gan.Recipe, got {type(recipe).__name__}")
    seed = _validate.seed("seed", seed)
    model = recipe.build(seed=seed)
    recipe.fit(model, ring(RING_TRAINING_EVENTS, seed=seed), seed=seed, verbose=verbose)
    return model
