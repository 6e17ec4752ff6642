"""The package's Keras layers: the latent law a generator keeps, ring features, VAE sampling.

Each is registered with Keras under the package "aegan" (`aegan>LatentLaw`, ...), so a model
saved with them loads with `keras.saving.load_model` once `aegan` is imported. The dense
stacks the builders are made of are in `aegan._layers`; the simulator's layers in
`aegan.simulation`.
"""

import keras
from keras import layers, ops

from aegan import _validate

#: The laws a generator's latent points can be drawn from.
LATENT_LAWS = ("normal", "uniform")


@keras.saving.register_keras_serializable(package="aegan")
class LatentLaw(layers.Layer):
    """Pass latent points through unchanged, and keep in the model the law they come from.

    A generator saved to a file then says by itself how to sample it: `gan.generate` and
    `gan.latent_law_of` read the law from this layer.

    Args:
        law: "normal" (standard normal, the tutorial's) or "uniform" (uniform in [-1, 1] on each
            coordinate, as in DCGAN).
    """

    def __init__(self, law: str = "normal", **kwargs):
        super().__init__(**kwargs)
        self.law = _validate.choice("law", law, LATENT_LAWS)

    def call(self, inputs):
        """Return the latent points unchanged."""
        return inputs

    def compute_output_shape(self, input_shape):
        """Return the input's shape."""
        return input_shape

    def get_config(self):
        """Return the layer's arguments, the law included."""
        return {**super().get_config(), "law": self.law}


@keras.saving.register_keras_serializable(package="aegan")
class RadialFeatures(layers.Layer):
    """Map 2-D points to [x1, x2, gain * (x1^2 + x2^2 - 1), x1^2 - x2^2, 2 x1 x2].

    The discriminator's eye for a ring: the ring's thickness is a difference of r of a
    hundredth, which smooth features of (x1, x2) blur. The three added columns span the
    degree-2 polynomials in the basis of r^2 (centred on the unit circle and scaled by
    `gain`) and the two angle-2 harmonics r^2 cos 2phi and r^2 sin 2phi. Defined for points
    of the plane only: other points raise a ValueError when the layer is built.

    Args:
        gain: factor on r^2 - 1, a number > 0.
    """

    def __init__(self, gain: float = 5.0, **kwargs):
        super().__init__(**kwargs)
        self.gain = _validate.positive_float("gain", gain)

    def build(self, input_shape):
        """Check that the points are 2-D: (n, 2)."""
        if len(input_shape) != 2 or input_shape[-1] != 2:
            raise ValueError(
                f"RadialFeatures maps points of the plane, shape (n, 2), got shape "
                f"{tuple(input_shape)}"
            )
        super().build(input_shape)

    def call(self, inputs):
        """Return the (n, 5) features of (n, 2) points."""
        first, second = inputs[:, :1], inputs[:, 1:2]
        squares = [
            self.gain * (first * first + second * second - 1.0),
            first * first - second * second,
            2.0 * first * second,
        ]
        return ops.concatenate([inputs, *squares], axis=-1)

    def compute_output_shape(self, input_shape):
        """Return the input's shape with 5 columns."""
        return (*input_shape[:-1], 5)

    def get_config(self):
        """Return the layer's arguments, the gain included."""
        return {**super().get_config(), "gain": self.gain}


@keras.saving.register_keras_serializable(package="aegan")
class Sampling(layers.Layer):
    """Draw z = mean + exp(log_var / 2) * epsilon with epsilon ~ N(0, I): the reparameterisation.

    Args:
        seed: seed of the layer's random stream, an integer >= 0.
    """

    def __init__(self, *, seed: int, **kwargs):
        super().__init__(**kwargs)
        self.seed = _validate.seed("seed", seed)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs):
        """Return one draw of z for each (mean, log-variance) row."""
        z_mean, z_log_var = inputs
        epsilon = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon

    def get_config(self):
        """Return the layer's arguments, so that a saved model reloads it."""
        return {**super().get_config(), "seed": self.seed}


def copy(layer: layers.Layer, *, name: str, argument: str = "layer") -> layers.Layer:
    """Return a fresh layer of `layer`'s class and configuration, named `name`.

    A builder given a layer as a template inserts a copy, so that the template itself never
    joins a model and two builds share nothing.

    Args:
        layer: the template.
        name: the copy's name.
        argument: the template's name in the caller's arguments, for the error message.

    Raises:
        TypeError: if layer is not a Keras layer.
    """
    if not isinstance(layer, layers.Layer):
        raise TypeError(f"{argument} must be a Keras layer, got {type(layer).__name__}")
    return type(layer).from_config({**layer.get_config(), "name": name})
