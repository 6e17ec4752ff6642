"""The GAN's two networks and its latent points: builders, the latent law, `generate`."""

from collections.abc import Sequence

import keras
import numpy as np
from keras import layers

from aegan import _layers, _validate
from aegan import layers as aegan_layers

#: The laws the generator's latent points can be drawn from.
LATENT_LAWS = aegan_layers.LATENT_LAWS


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
        ValueError: if n or latent_dim is < 1, latent_law names no law, or seed is < 0.
        TypeError: if seed is neither an integer, a sequence of them, a Generator nor None.
    """
    n = _validate.positive_int("n", n)
    latent_dim = _validate.positive_int("latent_dim", latent_dim)
    rng = np.random.default_rng(_validate.numpy_seed("seed", seed))
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
