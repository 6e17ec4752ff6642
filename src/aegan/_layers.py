"""The dense stacks every builder is made of, with one seed per layer drawn from one seed."""

from collections.abc import Iterator, Sequence

import keras
import numpy as np
from keras import layers

#: Initialisers by the name the builders use.
INITIALIZERS = {
    "glorot_uniform": keras.initializers.GlorotUniform,
    "he_uniform": keras.initializers.HeUniform,
}


def layer_seeds(seed: int, count: int) -> Iterator[int]:
    """Return `count` seeds for `count` layers' initialisers, all drawn from `seed`."""
    return iter(int(value) for value in np.random.SeedSequence(seed).generate_state(count))


def dense(units: int, activation: str | None, name: str, seeds: Iterator[int], initializer: str):
    """Return a Dense layer whose initial kernel is drawn from the next of `seeds`."""
    kernel_initializer = INITIALIZERS[initializer](seed=next(seeds))
    return layers.Dense(units, activation, kernel_initializer=kernel_initializer, name=name)


def dense_stack(
    tensor,
    widths: Sequence[int],
    *,
    activation: str,
    name: str,
    seeds: Iterator[int],
    initializer: str = "glorot_uniform",
):
    """Return `tensor` through one Dense layer per width, named `{name}_1`, `{name}_2`, ..."""
    for index, units in enumerate(widths, start=1):
        tensor = dense(units, activation, f"{name}_{index}", seeds, initializer)(tensor)
    return tensor


def activation_name(name: str, value: object) -> str:
    """Return `value` if Keras knows it as an activation name, or raise naming the argument."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be the name of a Keras activation, got {value!r}")
    try:
        keras.activations.get(value)
    except ValueError as error:
        raise ValueError(f"{name} must be the name of a Keras activation, got {value!r}") from error
    return value
