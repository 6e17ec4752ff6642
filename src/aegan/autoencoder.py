"""Dense autoencoders: build one with a named latent layer, split it into encoder and decoder."""

from collections.abc import Sequence

import keras
import numpy as np
from keras import layers

from aegan import _validate


def build_autoencoder(
    input_dim: int = 2,
    hidden: Sequence[int] = (50, 50),
    latent_dim: int = 1,
    latent_activation: str = "sigmoid",
    latent_name: str = "latent",
    *,
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
        hidden: sizes of the encoding hidden layers (possibly none).
        latent_dim: number of numbers in the code, at least 1.
        latent_activation: activation of the latent layer, a Keras activation name such as
            "sigmoid" (codes in (0, 1)) or "linear".
        latent_name: name of the latent layer, to find it again with `split_autoencoder`.
        decoder_hidden: sizes of the decoding hidden layers; None mirrors `hidden`.
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
    hidden = _sizes("hidden", hidden)
    decoder_hidden = (
        hidden[::-1] if decoder_hidden is None else _sizes("decoder_hidden", decoder_hidden)
    )
    latent_activation = _activation("latent_activation", latent_activation)
    activation = _activation("activation", activation)
    seed = _validate.positive_int("seed", seed, minimum=0)
    if not isinstance(latent_name, str) or not latent_name:
        raise ValueError(f"latent_name must be a non-empty string, got {latent_name!r}")
    layer_names = {f"encoder_hidden_{i}" for i in range(1, len(hidden) + 1)}
    layer_names |= {f"decoder_hidden_{i}" for i in range(1, len(decoder_hidden) + 1)}
    if latent_name in layer_names | {"events", "reconstruction"}:
        raise ValueError(
            f"latent_name must differ from the other layers' names, got {latent_name!r}"
        )

    seeds = iter(np.random.SeedSequence(seed).generate_state(len(hidden) + len(decoder_hidden) + 2))

    def dense(units, layer_activation, name):
        initializer = keras.initializers.GlorotUniform(seed=int(next(seeds)))
        return layers.Dense(units, layer_activation, kernel_initializer=initializer, name=name)

    events = keras.Input(shape=(input_dim,), name="events")
    tensor = events
    for index, units in enumerate(hidden, start=1):
        tensor = dense(units, activation, f"encoder_hidden_{index}")(tensor)
    tensor = dense(latent_dim, latent_activation, latent_name)(tensor)
    for index, units in enumerate(decoder_hidden, start=1):
        tensor = dense(units, activation, f"decoder_hidden_{index}")(tensor)
    reconstruction = dense(input_dim, "linear", "reconstruction")(tensor)
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
    report (`aegan.metrics.reconstruction_distance`), so training minimises that number
    directly. Unlike the squared error it does not let a few far-off events dominate.

    Args:
        y_true: targets, shape (batch, d).
        y_pred: predictions, shape (batch, d).

    Returns:
        The distances, shape (batch,).
    """
    squared = keras.ops.sum(keras.ops.square(y_true - y_pred), axis=-1)
    return keras.ops.sqrt(squared + 1e-12)  # the small term keeps the gradient finite at 0


def _sizes(name: str, value) -> tuple[int, ...]:
    """Return `value` as a tuple of layer sizes, each an integer >= 1."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a sequence of layer sizes, got {value!r}")
    for size in value:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise ValueError(f"{name} must hold integers >= 1, got {tuple(value)!r}")
    return tuple(int(size) for size in value)


def _activation(name: str, value) -> str:
    """Return `value` if Keras knows it as an activation name."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be the name of a Keras activation, got {value!r}")
    try:
        keras.activations.get(value)
    except ValueError as error:
        raise ValueError(f"{name} must be the name of a Keras activation, got {value!r}") from error
    return value
