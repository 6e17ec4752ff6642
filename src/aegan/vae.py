"""A variational autoencoder: an encoder giving a mean and a log-variance, sampling, a decoder."""

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from aegan import _layers, _validate, data, layers, training


def kl_divergence(z_mean, z_log_var):
    """Return, per event, the KL divergence of N(z_mean, exp(z_log_var)) from N(0, I)."""
    return ops.sum(-0.5 * (1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var)), axis=-1)


@keras.saving.register_keras_serializable(package="aegan")
class VAE(keras.Model):
    """A variational autoencoder trained on reconstruction + beta * KL.

    The reconstruction loss is the squared distance between an event and the decoding of one
    draw of its code, summed over the coordinates; the KL term is summed over the latent
    coordinates; both are averaged over the batch and reported as their own metrics.

    Args:
        encoder: a model mapping events to [z_mean, z_log_var].
        decoder: a model mapping codes z to events.
        beta: weight of the KL term, >= 0.
        seed: seed of the sampling layer, an integer >= 0.
    """

    def __init__(self, encoder, decoder, beta: float = 1.0, *, seed: int, **kwargs):
        super().__init__(**kwargs)
        for name, network in (("encoder", encoder), ("decoder", decoder)):
            if not isinstance(network, keras.Model):
                raise TypeError(f"{name} must be a keras.Model, got {type(network).__name__}")
        beta = _validate.finite_float("beta", beta)
        if beta < 0:
            raise ValueError(f"beta must be >= 0, got {beta!r}")
        self.encoder = encoder
        self.decoder = decoder
        self.beta = beta
        self.seed = _validate.seed("seed", seed)
        self.latent_dim = int(decoder.inputs[0].shape[-1])
        self.sampling = layers.Sampling(seed=seed, name="sampling")
        self.total_loss_tracker = keras.metrics.Mean(name="loss")
        self.reconstruction_loss_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.kl_loss_tracker = keras.metrics.Mean(name="kl_loss")
        self.built = True  # the encoder and decoder come built, and sampling has no weights

    @property
    def metrics(self):
        """Return the trackers that fit() resets at each epoch."""
        return [self.total_loss_tracker, self.reconstruction_loss_tracker, self.kl_loss_tracker]

    def call(self, inputs, training=False):
        """Return the decoding of one draw of each event's code."""
        z_mean, z_log_var = self.encoder(inputs, training=training)
        return self.decoder(self.sampling([z_mean, z_log_var]), training=training)

    def _loss_terms(self, events, training):
        """Return (total, reconstruction, KL) averaged over the batch."""
        z_mean, z_log_var = self.encoder(events, training=training)
        reconstruction = self.decoder(self.sampling([z_mean, z_log_var]), training=training)
        reconstruction_loss = ops.mean(ops.sum(ops.square(events - reconstruction), axis=-1))
        kl_loss = ops.mean(kl_divergence(z_mean, z_log_var))
        return reconstruction_loss + self.beta * kl_loss, reconstruction_loss, kl_loss

    def _report(self, total, reconstruction_loss, kl_loss):
        """Update the trackers and return their values."""
        self.total_loss_tracker.update_state(total)
        self.reconstruction_loss_tracker.update_state(reconstruction_loss)
        self.kl_loss_tracker.update_state(kl_loss)
        return {metric.name: metric.result() for metric in self.metrics}

    def train_step(self, data):
        """Take one gradient step on reconstruction + beta * KL for a batch of events."""
        events = data[0] if isinstance(data, tuple) else data
        with tf.GradientTape() as tape:
            total, reconstruction_loss, kl_loss = self._loss_terms(events, training=True)
        gradients = tape.gradient(total, self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights, strict=True))
        return self._report(total, reconstruction_loss, kl_loss)

    def test_step(self, data):
        """Measure reconstruction, KL and their weighted sum on a batch, without training."""
        events = data[0] if isinstance(data, tuple) else data
        return self._report(*self._loss_terms(events, training=False))

    def sample(self, n, *, seed):
        """Draw `n` codes z ~ N(0, I) and return their decodings, a float32 (n, input_dim) array.

        Args:
            n: number of events, at least 1.
            seed: seed of the codes' random generator.

        Raises:
            ValueError: if n < 1.
        """
        n = _validate.positive_int("n", n)
        codes = np.random.default_rng(seed).standard_normal((n, self.latent_dim))
        return keras.ops.convert_to_numpy(self.decoder(codes.astype(np.float32), training=False))

    def loss_terms(self, events):
        """Return the mean loss, reconstruction and KL on `events`, one code drawn per event.

        Like `evaluate`, without building a Keras evaluation function for a one-off measure.

        Args:
            events: (n, input_dim) events.

        Returns:
            A dict with "loss", "reconstruction_loss" and "kl_loss" as floats.

        Raises:
            ValueError: if events is not an (n, input_dim) array of finite numbers.
        """
        input_dim = int(self.encoder.inputs[0].shape[-1])
        events = _validate.array("events", events, ndim=2, columns=input_dim)
        values = self._loss_terms(ops.convert_to_tensor(events, dtype="float32"), training=False)
        names = ("loss", "reconstruction_loss", "kl_loss")
        return {name: float(value) for name, value in zip(names, values, strict=True)}

    def get_config(self):
        """Return the encoder, decoder, beta and seed, so that a saved VAE reloads."""
        return {
            **super().get_config(),
            "encoder": keras.saving.serialize_keras_object(self.encoder),
            "decoder": keras.saving.serialize_keras_object(self.decoder),
            "beta": self.beta,
            "seed": self.seed,
        }

    @classmethod
    def from_config(cls, config):
        """Rebuild the VAE from get_config()'s output."""
        config = dict(config)
        config["encoder"] = keras.saving.deserialize_keras_object(config["encoder"])
        config["decoder"] = keras.saving.deserialize_keras_object(config["decoder"])
        return cls(**config)


def build_vae(
    *,
    input_dim: int = 2,
    hidden: int | tuple[int, ...] = (50, 50),
    latent_dim: int = 1,
    beta: float = 0.15,
    activation: str = "relu",
    seed: int,
) -> "VAE":
    """Build a variational autoencoder whose encoder and decoder mirror each other.

    With the defaults it is Lecture 3's recommended VAE (`aegan.recipes.RING_VAE`'s shape).
    The encoder is input_dim -> hidden... -> (z_mean, z_log_var), each of size latent_dim; the
    decoder is latent_dim -> reversed(hidden)... -> input_dim, linear output. The VAE is not
    compiled: call `compile(optimizer=...)` before training.

    Args:
        input_dim: size of an event, at least 1.
        hidden: widths of the encoder's hidden layers, an int for one (the decoder reverses them).
        latent_dim: size of the code, at least 1.
        beta: weight of the KL term in the loss, >= 0.
        activation: activation of the hidden layers.
        seed: seed of the weights' initialisers and of the sampling layer.

    Returns:
        A VAE with `.encoder` (events -> [z_mean, z_log_var]) and `.decoder` (codes -> events).

    Raises:
        ValueError: if a size is < 1, beta is negative or not finite, or the activation unknown.
        TypeError: if a size or the seed is not an integer, or beta not a number.
    """
    input_dim = _validate.positive_int("input_dim", input_dim)
    hidden = _validate.sizes("hidden", hidden)
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    beta = _validate.finite_float("beta", beta)
    if beta < 0:
        raise ValueError(f"beta must be >= 0, got {beta!r}")
    activation = _layers.activation_name("activation", activation)
    seed = _validate.seed("seed", seed)
    seeds = _layers.layer_seeds(seed, 2 * len(hidden) + 4)

    events = keras.Input(shape=(input_dim,), name="events")
    x = _layers.dense_stack(
        events, hidden, activation=activation, name="encoder_hidden", seeds=seeds
    )
    z_mean = _layers.dense(latent_dim, None, "z_mean", seeds, "glorot_uniform")(x)
    z_log_var = _layers.dense(latent_dim, None, "z_log_var", seeds, "glorot_uniform")(x)
    encoder = keras.Model(events, [z_mean, z_log_var], name="encoder")

    codes = keras.Input(shape=(latent_dim,), name="codes")
    x = _layers.dense_stack(
        codes, hidden[::-1], activation=activation, name="decoder_hidden", seeds=seeds
    )
    reconstruction = _layers.dense(input_dim, None, "reconstruction", seeds, "glorot_uniform")(x)
    decoder = keras.Model(codes, reconstruction, name="decoder")

    sampling_seed = next(seeds)
    return VAE(encoder, decoder, beta=beta, seed=sampling_seed, name="vae")


@dataclass(frozen=True)
class Recipe(training.EpochRecipe):
    """A VAE's shape and how it trains: Adam on a rate decaying to zero along a cosine.

    The small final steps settle the decoder instead of shaking it.

    Attributes:
        epochs: passes over the training events.
        batch_size: events per gradient step.
        learning_rate: the learning rate at the start.
        hidden: widths of the encoder's hidden layers (the decoder reverses them).
        latent_dim: size of the code.
        beta: weight of the KL term.
        activation: activation of the hidden layers.
    """

    epochs: int = 30
    batch_size: int = 64
    learning_rate: float = 3e-3
    hidden: tuple[int, ...] = (50, 50)
    latent_dim: int = 1
    beta: float = 0.15
    activation: str = "relu"

    #: The VAE computes its own loss from the events alone.
    targets_are_inputs = False
    model_type = VAE

    def check(self) -> None:
        """Check every field (a bad value raises here, naming the field)."""
        super().check()
        object.__setattr__(self, "hidden", _validate.sizes("hidden", self.hidden))
        _validate.positive_int("latent_dim", self.latent_dim)
        beta = _validate.finite_float("beta", self.beta)
        if beta < 0:
            raise ValueError(f"beta must be >= 0, got {beta!r}")
        _layers.activation_name("activation", self.activation)

    def build(self, *, dim: int = 2, condition_dim: int = 0, seed: int) -> "VAE":
        """Return `build_vae` of this recipe's shape, seeded from `seed`.

        Args:
            dim: size of an event, at least 1.
            condition_dim: 0: the model takes no condition (the argument is every recipe's).
            seed: an integer >= 0.

        Raises:
            ValueError: if condition_dim is not 0.
        """
        if condition_dim != 0:
            raise ValueError(
                f"condition_dim must be 0: the model takes no condition, got {condition_dim!r}"
            )
        return build_vae(
            input_dim=dim,
            hidden=self.hidden,
            latent_dim=self.latent_dim,
            beta=self.beta,
            activation=self.activation,
            seed=seed,
        )

    def optimizer(self, n_events: int) -> keras.optimizers.Adam:
        """Return a fresh Adam whose rate decays to 0 over `epochs` passes of `n_events`."""
        schedule = keras.optimizers.schedules.CosineDecay(
            self.learning_rate, decay_steps=self.steps(n_events)
        )
        return keras.optimizers.Adam(learning_rate=schedule)

    def input_dim(self, model: "VAE") -> int:
        """Return the size of the events the VAE's encoder takes."""
        return int(model.encoder.inputs[0].shape[-1])


#: Ring events a VAE trains on in Lectures 3 and 5 (`train_on_ring`).
RING_TRAINING_EVENTS = 5000


def train_on_ring(recipe: Recipe, seed: int, *, verbose=0) -> VAE:
    """Return the VAE of `recipe` trained on the ring as Lectures 3 and 5 train it.

    The pages and `benchmarks/vae_seeds.py` call it with the page's SEED: the weights come from
    `recipe.build(seed=seed)`, the events from `data.ring(RING_TRAINING_EVENTS, seed=seed)` and
    the batches' order from `seed`.

    Args:
        recipe: the VAE's recipe.
        seed: the page's SEED, an integer >= 0.
        verbose: as in `training.fit`.

    Raises:
        TypeError: if recipe is not a `vae.Recipe`.
        ValueError: if seed is negative.
    """
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a vae.Recipe, got {type(recipe).__name__}")
    seed = _validate.seed("seed", seed)
    model = recipe.build(seed=seed)
    recipe.fit(model, data.ring(RING_TRAINING_EVENTS, seed=seed), seed=seed, verbose=verbose)
    return model
