"""The GAN: a generator and a discriminator trained against each other through `fit()`."""

import keras
import tensorflow as tf

from aegan import _validate
from aegan.gan.networks import condition_dim, latent_law_of

#: The training schedules of `GAN` (see its docstring).
SCHEDULES = ("tutorial", "joint")


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
