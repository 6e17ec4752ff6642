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
"""

from collections.abc import Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from aegan import _layers, _validate, training
from aegan import layers as aegan_layers

#: The laws the generator's latent points can be drawn from.
LATENT_LAWS = aegan_layers.LATENT_LAWS
#: The training schedules of `GAN` (see its docstring).
SCHEDULES = ("tutorial", "joint")


def latent_sample(n: int, latent_dim: int, latent_law: str = "normal", *, seed) -> np.ndarray:
    """Return `n` float32 latent points of size `latent_dim` from the law `latent_law`.

    Args:
        n: how many points, at least 1.
        latent_dim: size of a point, at least 1.
        latent_law: "normal" (the standard normal law) or "uniform" (uniform in [-1, 1] on
            each coordinate).
        seed: seed or `numpy.random.Generator` of the draw.

    Returns:
        An (n, latent_dim) float32 array.

    Raises:
        ValueError: if n or latent_dim is < 1, or latent_law names no law.
    """
    n = _validate.positive_int("n", n)
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    rng = np.random.default_rng(seed)
    if _validate.choice("latent_law", latent_law, LATENT_LAWS) == "uniform":
        return rng.uniform(-1.0, 1.0, size=(n, latent_dim)).astype(np.float32)
    return rng.standard_normal((n, latent_dim)).astype(np.float32)


def build_generator(
    *,
    latent_dim: int = 5,
    hidden: int | Sequence[int] = 15,
    output_dim: int = 2,
    latent_law: str = "normal",
    condition_dim: int = 0,
    activation: str = "relu",
    initializer: str = "he_uniform",
    seed: int,
    name: str = "generator",
) -> keras.Model:
    """Build a generator: latent points (and conditions) -> hidden layers -> a linear output.

    With the defaults it is the tutorial's: 5 latent numbers, 15 ReLU units (He-uniform),
    2 linear outputs.

    Args:
        latent_dim: size of a latent point, at least 1.
        hidden: width of the hidden layer, or a sequence of widths for several layers.
        output_dim: size of a generated point, at least 1.
        latent_law: the law its latent points are drawn from, kept in the model
            (`aegan.layers.LatentLaw`).
        condition_dim: size of the condition, concatenated to the latent point; 0 for none.
        activation: activation of the hidden layers, a Keras activation name.
        initializer: initial law of the hidden layers' weights, "he_uniform" (the
            tutorial's) or "glorot_uniform" (Keras's default).
        seed: seed of the weight initialisers, an integer >= 0.
        name: the model's name.

    Returns:
        An uncompiled Functional model mapping latent points of shape (n, latent_dim) (and
        conditions of shape (n, condition_dim), as a second input) to (n, output_dim) points.

    Raises:
        ValueError: if a size is < 1 (condition_dim < 0), or latent_law or initializer names
            no law.
        TypeError: if a size or the seed is not an integer.
    """
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    output_dim = _validate.positive_int("output_dim", output_dim)
    condition_dim = _validate.positive_int("condition_dim", condition_dim, minimum=0)
    hidden = _validate.sizes("hidden", hidden)
    latent_law = _validate.choice("latent_law", latent_law, LATENT_LAWS)
    activation = _layers.activation_name("activation", activation)
    initializer = _validate.choice("initializer", initializer, tuple(_layers.INITIALIZERS))
    seeds = _layers.layer_seeds(_validate.seed("seed", seed), len(hidden) + 1)
    latent_points = keras.Input(shape=(latent_dim,), name="latent_points")
    inputs = [latent_points]
    tensor = aegan_layers.LatentLaw(latent_law, name="latent_law")(latent_points)
    if condition_dim:
        conditions = keras.Input(shape=(condition_dim,), name="conditions")
        inputs.append(conditions)
        tensor = layers.Concatenate(name="with_conditions")([tensor, conditions])
    tensor = _layers.dense_stack(
        tensor,
        hidden,
        activation=activation,
        name=f"{name}_hidden",
        seeds=seeds,
        initializer=initializer,
    )
    outputs = _layers.dense(output_dim, None, f"{name}_output", seeds, "glorot_uniform")(tensor)
    return keras.Model(inputs if condition_dim else latent_points, outputs, name=name)


def build_discriminator(
    *,
    input_dim: int = 2,
    hidden: int | Sequence[int] = 25,
    condition_dim: int = 0,
    activation: str = "relu",
    initializer: str = "he_uniform",
    features: layers.Layer | None = None,
    seed: int,
    name: str = "discriminator",
) -> keras.Model:
    """Build a discriminator: points (and conditions) -> hidden layers -> a sigmoid probability.

    With the defaults it is the tutorial's: 2 inputs, 25 ReLU units (He-uniform), a sigmoid.

    Args:
        input_dim: size of a point, at least 1.
        hidden: width of the hidden layer, or a sequence of widths for several layers.
        condition_dim: size of the condition, concatenated to the point; 0 for none.
        activation: activation of the hidden layers, a Keras activation name.
        initializer: initial law of the hidden layers' weights, "he_uniform" (the
            tutorial's) or "glorot_uniform" (Keras's default).
        features: None (the default) feeds the points as they are; a Keras layer, such as
            `aegan.layers.RadialFeatures(4.0)`, feeds its features of them instead. The layer
            is a template: the discriminator holds a copy named "{name}_features".
        seed: seed of the weight initialisers, an integer >= 0.
        name: the model's name.

    Returns:
        An uncompiled Functional model mapping (n, input_dim) points (and (n, condition_dim)
        conditions, as a second input) to (n, 1) probabilities of being real.

    Raises:
        ValueError: if a size is < 1 (condition_dim < 0), initializer names no law, or the
            features layer cannot take points of size input_dim (RadialFeatures takes 2).
        TypeError: if a size or the seed is not an integer, or features is not a layer.
    """
    input_dim = _validate.positive_int("input_dim", input_dim)
    condition_dim = _validate.positive_int("condition_dim", condition_dim, minimum=0)
    if features is not None:
        features = aegan_layers.copy(features, name=f"{name}_features", argument="features")
    hidden = _validate.sizes("hidden", hidden)
    activation = _layers.activation_name("activation", activation)
    initializer = _validate.choice("initializer", initializer, tuple(_layers.INITIALIZERS))
    seeds = _layers.layer_seeds(_validate.seed("seed", seed), len(hidden) + 1)
    points = keras.Input(shape=(input_dim,), name="points")
    tensor = points
    if features is not None:
        tensor = features(tensor)
    if condition_dim:
        conditions = keras.Input(shape=(condition_dim,), name="conditions")
        tensor = layers.Concatenate(name="with_conditions")([tensor, conditions])
    tensor = _layers.dense_stack(
        tensor,
        hidden,
        activation=activation,
        name=f"{name}_hidden",
        seeds=seeds,
        initializer=initializer,
    )
    outputs = _layers.dense(1, "sigmoid", f"{name}_output", seeds, "glorot_uniform")(tensor)
    return keras.Model([points, conditions] if condition_dim else points, outputs, name=name)


def latent_law_of(generator: keras.Model) -> str:
    """Return the latent law that `generator` was built for (its `LatentLaw` layer's).

    Raises:
        ValueError: if the generator has no layer named "latent_law".
        TypeError: if generator is not a Keras model.
    """
    if not isinstance(generator, keras.Model):
        raise TypeError(f"generator must be a keras.Model, got {type(generator).__name__}")
    for layer in generator.layers:
        if isinstance(layer, aegan_layers.LatentLaw):
            return layer.law
    raise ValueError(
        f"generator {generator.name!r} has no LatentLaw layer: pass its latent law as `latent_law`"
    )


def condition_dim(model: keras.Model) -> int:
    """Return the size of the condition a generator or a discriminator takes (0 for none)."""
    return int(model.inputs[1].shape[-1]) if len(model.inputs) > 1 else 0


@keras.saving.register_keras_serializable(package="aegan")
class GAN(keras.Model):
    """A generator and a discriminator trained against each other, one iteration a step.

    `fit()` feeds each step a batch of real samples, or of (samples, conditions) pairs when the
    two networks take a condition. The latent points are drawn inside the step from a seeded
    generator, from the law the generator was built for, so a run is reproducible.

    Args:
        generator: maps latent points (and conditions) to samples; built by `build_generator`.
        discriminator: maps samples (and conditions) to (n, 1) probabilities of being real.
        seed: seed of the latent points drawn inside the steps, an integer >= 0.
        schedule: "tutorial": a discriminator step on the n real samples, another on n
            generated ones, then a generator step on 2n latent points (the tutorial's loop);
            "joint": one discriminator step on the real and generated samples together, then
            a generator step on n latent points (the usual loop of GAN papers and keras-io).
    """

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        *,
        seed: int,
        schedule: str = "tutorial",
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not isinstance(generator, keras.Model):
            raise TypeError(f"generator must be a keras.Model, got {type(generator).__name__}")
        if not isinstance(discriminator, keras.Model):
            kind = type(discriminator).__name__
            raise TypeError(f"discriminator must be a keras.Model, got {kind}")
        if condition_dim(generator) != condition_dim(discriminator):
            raise ValueError(
                f"the generator takes conditions of size {condition_dim(generator)} and the "
                f"discriminator of size {condition_dim(discriminator)}: they must agree"
            )
        output_dim = int(generator.outputs[0].shape[-1])
        input_dim = int(discriminator.inputs[0].shape[-1])
        if output_dim != input_dim:
            raise ValueError(
                f"the generator makes points of size {output_dim} and the discriminator takes "
                f"points of size {input_dim}: they must agree"
            )
        self.generator = generator
        self.discriminator = discriminator
        self.seed = _validate.seed("seed", seed)
        self.schedule = _validate.choice("schedule", schedule, SCHEDULES)
        self.latent_law = latent_law_of(generator)
        self.latent_dim = int(generator.inputs[0].shape[-1])
        self.condition_dim = condition_dim(generator)
        self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.loss_fn = keras.losses.BinaryCrossentropy()
        self.discriminator_loss_real = keras.metrics.Mean(name="discriminator_loss_real")
        self.discriminator_loss_fake = keras.metrics.Mean(name="discriminator_loss_fake")
        self.generator_loss = keras.metrics.Mean(name="generator_loss")

    def compile(
        self,
        discriminator_optimizer: keras.optimizers.Optimizer,
        generator_optimizer: keras.optimizers.Optimizer,
        **kwargs,
    ):
        """Configure the two optimizers (one per network, as the tutorial's two compiled models)."""
        for name, optimizer in (
            ("discriminator_optimizer", discriminator_optimizer),
            ("generator_optimizer", generator_optimizer),
        ):
            if not isinstance(optimizer, keras.optimizers.Optimizer):
                kind = type(optimizer).__name__
                raise TypeError(f"{name} must be a Keras optimizer, got {kind}")
        if discriminator_optimizer is generator_optimizer:
            raise ValueError("the two networks need two optimizers, got the same one twice")
        super().compile(**kwargs)
        self.discriminator_optimizer = discriminator_optimizer
        self.generator_optimizer = generator_optimizer

    @property
    def metrics(self):
        """Return the loss trackers, reset at each epoch by `fit()`."""
        return [self.discriminator_loss_real, self.discriminator_loss_fake, self.generator_loss]

    def call(self, inputs, training=False):
        """Return the generator's samples for latent points (and conditions)."""
        return self.generator(inputs, training=training)

    def latent_points(self, n):
        """Draw `n` latent points from the generator's latent law."""
        shape = (n, self.latent_dim)
        if self.latent_law == "uniform":
            return keras.random.uniform(shape, -1.0, 1.0, seed=self.seed_generator)
        return keras.random.normal(shape, seed=self.seed_generator)

    def _inputs(self, tensor, conditions):
        """Return a network's input: the tensor alone, or [tensor, conditions]."""
        return tensor if conditions is None else [tensor, conditions]

    def discriminator_step(self, points, conditions, label: float):
        """Take one optimizer step of the discriminator on `points`, all labelled `label`."""
        labels = keras.ops.full((keras.ops.shape(points)[0], 1), label)
        with tf.GradientTape() as tape:
            scores = self.discriminator(self._inputs(points, conditions), training=True)
            loss = self.loss_fn(labels, scores)
        weights = self.discriminator.trainable_weights
        gradients = tape.gradient(loss, weights)
        self.discriminator_optimizer.apply_gradients(zip(gradients, weights, strict=True))
        return loss

    def generator_step(self, latent_points, conditions):
        """Take one optimizer step of the generator, scored by the discriminator with labels 1."""
        labels = keras.ops.ones((keras.ops.shape(latent_points)[0], 1))
        with tf.GradientTape() as tape:
            fake = self.generator(self._inputs(latent_points, conditions), training=True)
            scores = self.discriminator(self._inputs(fake, conditions), training=False)
            loss = self.loss_fn(labels, scores)
        weights = self.generator.trainable_weights
        gradients = tape.gradient(loss, weights)
        self.generator_optimizer.apply_gradients(zip(gradients, weights, strict=True))
        return loss

    def joint_discriminator_step(self, real, fake, conditions):
        """Take one discriminator step on real (labelled 1) and fake (0) points together.

        Returns the losses on the real and on the fake points; the step minimises their mean.
        """
        n = keras.ops.shape(real)[0]
        with tf.GradientTape() as tape:
            real_scores = self.discriminator(self._inputs(real, conditions), training=True)
            fake_scores = self.discriminator(self._inputs(fake, conditions), training=True)
            loss_real = self.loss_fn(keras.ops.ones((n, 1)), real_scores)
            loss_fake = self.loss_fn(keras.ops.zeros((n, 1)), fake_scores)
            loss = 0.5 * (loss_real + loss_fake)
        weights = self.discriminator.trainable_weights
        gradients = tape.gradient(loss, weights)
        self.discriminator_optimizer.apply_gradients(zip(gradients, weights, strict=True))
        return loss_real, loss_fake

    def train_step(self, data):
        """Run one iteration of the schedule: discriminator step(s), then a generator step."""
        real, conditions = data if isinstance(data, tuple) else (data, None)
        n = keras.ops.shape(real)[0]
        latent = self._inputs(self.latent_points(n), conditions)
        fake = self.generator(latent, training=False)
        if self.schedule == "joint":
            loss_real, loss_fake = self.joint_discriminator_step(real, fake, conditions)
            loss_generator = self.generator_step(self.latent_points(n), conditions)
        else:
            loss_real = self.discriminator_step(real, conditions, 1.0)
            loss_fake = self.discriminator_step(fake, conditions, 0.0)
            twice = None if conditions is None else keras.ops.concatenate([conditions, conditions])
            loss_generator = self.generator_step(self.latent_points(2 * n), twice)
        self.discriminator_loss_real.update_state(loss_real)
        self.discriminator_loss_fake.update_state(loss_fake)
        self.generator_loss.update_state(loss_generator)
        return {metric.name: metric.result() for metric in self.metrics}

    def get_config(self):
        """Return the arguments that rebuild this GAN (its two networks serialised)."""
        return {
            **super().get_config(),
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "seed": self.seed,
            "schedule": self.schedule,
        }

    @classmethod
    def from_config(cls, config):
        """Rebuild a GAN from `get_config()`'s output."""
        config = dict(config)
        for key in ("generator", "discriminator"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)


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
        generator_optimizer = self.generator_optimizer()
        model.compile(
            discriminator_optimizer=self.discriminator_optimizer(),
            generator_optimizer=generator_optimizer,
            steps_per_execution=self.iterations_per_call,
        )
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


def generate(
    generator: keras.Model,
    n: int | None = None,
    *,
    conditions=None,
    latent_law: str | None = None,
    seed,
) -> np.ndarray:
    """Return points of `generator` from latent points drawn from `seed`.

    Args:
        generator: maps latent points (and conditions) to points.
        n: how many points, at least 1; for a conditional generator, leave it out: one point
            per row of `conditions`.
        conditions: (n, condition_dim) conditions, for a generator that takes them.
        latent_law: the latent law; None reads it from the generator (`latent_law_of`).
        seed: seed or `numpy.random.Generator` of the latent points.

    Returns:
        An (n, output_dim) float32 array.

    Raises:
        ValueError: if n < 1, latent_law names no law, or conditions are missing, of the wrong
            shape or not finite.
    """
    if not isinstance(generator, keras.Model):
        raise TypeError(f"generator must be a keras.Model, got {type(generator).__name__}")
    latent_law = latent_law_of(generator) if latent_law is None else latent_law
    size = condition_dim(generator)
    n, conditions = _validate.count_and_conditions(
        n, conditions, condition_columns=size, model="the generator"
    )
    latent_dim = int(generator.inputs[0].shape[-1])
    points = latent_sample(n, latent_dim, latent_law, seed=seed)
    inputs = points if not size else [points, conditions]
    return keras.ops.convert_to_numpy(generator(inputs, training=False))
