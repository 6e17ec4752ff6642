"""Dense autoencoders: build one with a named latent layer, train it, split it in two."""

from collections.abc import Sequence
from dataclasses import dataclass

import keras
import numpy as np

from aegan import _layers, _validate, data, training


def build_autoencoder(
    *,
    input_dim: int = 2,
    hidden: Sequence[int] = (50, 50),
    latent_dim: int = 1,
    latent_activation: str = "sigmoid",
    latent_name: str = "latent",
    decoder_hidden: Sequence[int] | None = None,
    activation: str = "relu",
    seed: int,
) -> keras.Model:
    """Build a dense autoencoder: input, encoding layers, a named latent layer, decoding layers.

    The layers are named `encoder_hidden_1`, ..., `latent_name`, `decoder_hidden_1`, ...,
    `reconstruction` (linear, `input_dim` nodes). Every kernel has its own initializer seed
    drawn from `seed`, so two builds with the same arguments have the same weights.

    Args:
        input_dim: number of numbers per event, at least 1.
        hidden: widths of the encoding hidden layers (an int for one layer, () for none).
        latent_dim: number of numbers in the code, at least 1.
        latent_activation: activation of the latent layer, a Keras activation name such as
            "sigmoid" (codes in (0, 1)) or "linear".
        latent_name: name of the latent layer, to find it again with `split_autoencoder`.
        decoder_hidden: widths of the decoding hidden layers; None mirrors `hidden`.
        activation: activation of the hidden layers, a Keras activation name.
        seed: seed of the initial weights, a non-negative integer.

    Returns:
        An uncompiled keras.Model named "autoencoder" mapping (n, input_dim) to (n, input_dim).

    Raises:
        ValueError: if a size is < 1, an activation is unknown, or latent_name is empty or
            taken by another layer.
        TypeError: if a size or the seed is not an integer.
    """
    input_dim = _validate.positive_int("input_dim", input_dim)
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    hidden = _validate.sizes("hidden", hidden, allow_empty=True)
    decoder_hidden = (
        hidden[::-1]
        if decoder_hidden is None
        else _validate.sizes("decoder_hidden", decoder_hidden, allow_empty=True)
    )
    latent_activation = _layers.activation_name("latent_activation", latent_activation)
    activation = _layers.activation_name("activation", activation)
    seed = _validate.seed("seed", seed)
    if not isinstance(latent_name, str) or not latent_name:
        raise ValueError(f"latent_name must be a non-empty string, got {latent_name!r}")
    layer_names = {f"encoder_hidden_{i}" for i in range(1, len(hidden) + 1)}
    layer_names |= {f"decoder_hidden_{i}" for i in range(1, len(decoder_hidden) + 1)}
    if latent_name in layer_names | {"events", "reconstruction"}:
        raise ValueError(
            f"latent_name must differ from the other layers' names, got {latent_name!r}"
        )

    seeds = _layers.layer_seeds(seed, len(hidden) + len(decoder_hidden) + 2)
    events = keras.Input(shape=(input_dim,), name="events")
    tensor = _layers.dense_stack(
        events, hidden, activation=activation, name="encoder_hidden", seeds=seeds
    )
    tensor = _layers.dense(latent_dim, latent_activation, latent_name, seeds, "glorot_uniform")(
        tensor
    )
    tensor = _layers.dense_stack(
        tensor, decoder_hidden, activation=activation, name="decoder_hidden", seeds=seeds
    )
    reconstruction = _layers.dense(input_dim, "linear", "reconstruction", seeds, "glorot_uniform")(
        tensor
    )
    return keras.Model(events, reconstruction, name="autoencoder")


def split_autoencoder(
    model: keras.Model, latent_name: str = "latent"
) -> tuple[keras.Model, keras.Model]:
    """Return an encoder (input to latent) and a decoder (latent to output) reusing its layers.

    Both reuse the autoencoder's own layer objects, so the three models share their weights:
    training the autoencoder changes what the encoder and the decoder return.

    Args:
        model: a Functional autoencoder in which the layers after the latent one form a chain,
            such as `build_autoencoder`'s.
        latent_name: name of the latent layer.

    Returns:
        (encoder, decoder), Functional models named "encoder" and "decoder".

    Raises:
        ValueError: if no layer is called `latent_name` (the message lists the names there
            are), or the layers after it do not form a chain ending in the model's output.
        TypeError: if model is not a Keras model.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    names = [layer.name for layer in model.layers]
    if latent_name not in names:
        raise ValueError(
            f"latent_name {latent_name!r} is not a layer of the model; its layers are {names}"
        )
    latent = model.get_layer(latent_name)
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs  # a tensor calls it
    encoder = keras.Model(inputs, latent.output, name="encoder")

    codes = keras.Input(shape=latent.output.shape[1:], name="codes")
    tensor, previous = codes, latent
    for layer in model.layers[names.index(latent_name) + 1 :]:
        if layer.input is not previous.output:
            raise ValueError(
                f"the layers after {latent_name!r} must form a chain: layer {layer.name!r} "
                f"does not take the output of {previous.name!r}"
            )
        tensor, previous = layer(tensor), layer
    if previous.output is not model.outputs[0] or len(model.outputs) != 1:
        raise ValueError(f"the chain after {latent_name!r} must end in the model's single output")
    decoder = keras.Model(codes, tensor, name="decoder")
    return encoder, decoder


@keras.saving.register_keras_serializable(package="aegan")
def euclidean_distance(y_true, y_pred):
    """Return the Euclidean distance between each target and prediction, a Keras loss.

    Averaged over a batch by Keras, it is the mean reconstruction distance that the lectures
    report (`aegan.scores.reconstruction_distance`), so training minimises that number
    directly. Unlike the squared error it does not let a few far-off events dominate.

    Args:
        y_true: targets, shape (batch, d).
        y_pred: predictions, shape (batch, d).

    Returns:
        The distances, shape (batch,).
    """
    squared = keras.ops.sum(keras.ops.square(y_true - y_pred), axis=-1)
    return keras.ops.sqrt(squared + 1e-12)  # the small term keeps the gradient finite at 0


@dataclass(frozen=True)
class Recipe(training.EpochRecipe):
    """An autoencoder's shape and how it trains: AdamW on a cosine-decaying rate, in epochs.

    `fit` is `model.fit(events, events)` with `euclidean_distance` as the loss, run through
    `training.fit` (a whole epoch per TensorFlow call).

    Attributes:
        epochs: passes over the training events.
        batch_size: events per gradient step.
        learning_rate: the learning rate at the start.
        hidden: widths of the encoding hidden layers (the decoding ones mirror them).
        latent_dim: number of numbers in the code.
        latent_activation: activation of the latent layer.
        activation: activation of the hidden layers.
        final_fraction: the fraction of `learning_rate` the cosine decays to at the end.
        weight_decay: AdamW's decoupled weight decay.
    """

    epochs: int = 1000
    batch_size: int = 32
    learning_rate: float = 0.01
    hidden: tuple[int, ...] = (50, 50)
    latent_dim: int = 1
    latent_activation: str = "sigmoid"
    activation: str = "relu"
    final_fraction: float = 0.01
    weight_decay: float = 1e-4

    def check(self) -> None:
        """Check every field (a bad value raises here, naming the field)."""
        super().check()
        object.__setattr__(self, "hidden", _validate.sizes("hidden", self.hidden, allow_empty=True))
        _validate.positive_int("latent_dim", self.latent_dim)
        _layers.activation_name("latent_activation", self.latent_activation)
        _layers.activation_name("activation", self.activation)
        final_fraction = _validate.finite_float("final_fraction", self.final_fraction)
        if not 0 <= final_fraction <= 1:
            raise ValueError(f"final_fraction must be in [0, 1], got {final_fraction!r}")
        weight_decay = _validate.finite_float("weight_decay", self.weight_decay)
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")

    def build(self, *, dim: int = 2, condition_dim: int = 0, seed: int) -> keras.Model:
        """Return `build_autoencoder` of this recipe's shape, its latent layer named "latent".

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
        return build_autoencoder(
            input_dim=dim,
            hidden=self.hidden,
            latent_dim=self.latent_dim,
            latent_activation=self.latent_activation,
            activation=self.activation,
            seed=seed,
        )

    def optimizer(self, n_events: int) -> keras.optimizers.AdamW:
        """Return a fresh AdamW whose learning rate decays over `epochs` passes of `n_events`."""
        schedule = keras.optimizers.schedules.CosineDecay(
            self.learning_rate, decay_steps=self.steps(n_events), alpha=self.final_fraction
        )
        return keras.optimizers.AdamW(schedule, weight_decay=self.weight_decay)

    def loss(self):
        """Return the Euclidean distance, the loss the lectures report."""
        return euclidean_distance


#: Ring events an autoencoder trains on in Lectures 2 and 3 (`train_on_ring`).
RING_TRAINING_EVENTS = 1000


def train_on_ring(recipe: Recipe, seed: int, *, verbose=0) -> keras.Model:
    """Return the autoencoder of `recipe` trained on the ring as Lectures 2 and 3 train it.

    Both pages and their benchmarks (`ring_training_seeds.py`, `vae_seeds.py`) call it with the
    page's SEED: the weights come from `recipe.build(seed=seed)`, the events from
    `data.ring(RING_TRAINING_EVENTS, seed=seed)` and the batches' order from `seed`.

    Args:
        recipe: the autoencoder's recipe.
        seed: the page's SEED, an integer >= 0.
        verbose: as in `training.fit`.

    Raises:
        TypeError: if recipe is not an `autoencoder.Recipe`.
        ValueError: if seed is negative.
    """
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be an autoencoder.Recipe, got {type(recipe).__name__}")
    seed = _validate.seed("seed", seed)
    model = recipe.build(seed=seed)
    recipe.fit(model, data.ring(RING_TRAINING_EVENTS, seed=seed), seed=seed, verbose=verbose)
    return model


def decode_uniform(decoder: keras.Model, count: int, *, seed: int) -> np.ndarray:
    """Return `decoder`'s events for `count` codes drawn uniformly in [0, 1) from `seed`.

    Raises:
        ValueError: if count < 1 or seed is negative.
    """
    count = _validate.positive_int("count", count)
    latent_dim = int(decoder.inputs[0].shape[-1])
    rng = np.random.default_rng(_validate.seed("seed", seed))
    codes = rng.uniform(0.0, 1.0, size=(count, latent_dim)).astype(np.float32)
    return keras.ops.convert_to_numpy(decoder(codes))
