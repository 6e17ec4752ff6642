"""The simulator's Keras model: E_true -> E_reco with the noise and the scale inside, reseedable.

`build_simulator` wraps a trained generator with its latent noise (`LatentNoise`), its
condition (`EnergyCondition`) and its scale (`ReconstructedEnergy`) into one Keras model;
`reseed` gives a loaded simulator fresh draws and `simulate` draws responses at one energy.
"""

import weakref
from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from aegan import _validate, data, gan
from aegan.simulation.response import ResponseScale, true_energies


@keras.saving.register_keras_serializable(package="aegan")
class EnergyCondition(layers.Layer):
    """Map true energies (n, 1) in GeV to the generator's condition (`energy_condition`)."""

    def __init__(self, low: float = data.E_MIN, high: float = data.E_MAX, **kwargs):
        super().__init__(**kwargs)
        self.low = _validate.positive_float("low", low)
        self.high = _validate.positive_float("high", high)
        if self.low >= self.high:
            raise ValueError(
                f"low must be < high (GeV), got low={self.low!r} and high={self.high!r}"
            )

    def call(self, energies):
        """Return 2 (log E - log low) / (log high - log low) - 1."""
        span = float(np.log(self.high) - np.log(self.low))
        return 2.0 * (keras.ops.log(energies) - float(np.log(self.low))) / span - 1.0

    def compute_output_shape(self, input_shape):
        """Return the input's shape."""
        return input_shape

    def get_config(self):
        """Return the layer's arguments."""
        return {**super().get_config(), "low": self.low, "high": self.high}


@keras.saving.register_keras_serializable(package="aegan")
class LatentNoise(layers.Layer):
    """Draw one latent point per input row, from a seeded generator kept in the layer.

    Each call draws new points (the seed generator's state advances, and is saved with the
    model), so two calls on the same energies give two different samples.

    Args:
        latent_dim: size of a latent point.
        law: "normal" or "uniform" (in [-1, 1]), as `aegan.gan.LATENT_LAWS`.
        seed: seed of the draws, an integer >= 0.
    """

    def __init__(self, latent_dim: int, law: str = "normal", *, seed: int, **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = _validate.positive_int("latent_dim", latent_dim)
        self.law = _validate.choice("law", law, gan.LATENT_LAWS)
        self.seed = _validate.seed("seed", seed)
        self.seed_generator = keras.random.SeedGenerator(self.seed)

    def call(self, inputs):
        """Return (n, latent_dim) latent points, n being the inputs' number of rows."""
        shape = (keras.ops.shape(inputs)[0], self.latent_dim)
        if self.law == "uniform":
            return keras.random.uniform(shape, -1.0, 1.0, seed=self.seed_generator)
        return keras.random.normal(shape, seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        """Return (n, latent_dim)."""
        return (input_shape[0], self.latent_dim)

    def get_config(self):
        """Return the layer's arguments."""
        config = {"latent_dim": self.latent_dim, "law": self.law, "seed": self.seed}
        return {**super().get_config(), **config}


def reseed(simulator: keras.Model, seed: int) -> keras.Model:
    """Seed the latent noise of a simulator anew, in place: its next draws follow `seed` alone.

    A saved simulator keeps its noise's state in the file, so every job that loads the file
    draws the same "random" sample. Give each job its own seed (a job number, say): after
    `reseed(simulator, seed)` the draws are those of a fresh simulator built with that seed,
    whatever was drawn before or saved.

    Args:
        simulator: a model holding `LatentNoise` layers, such as `build_simulator`'s or the
            loaded `simulator.keras`.
        seed: the new seed, an integer >= 0.

    Returns:
        The simulator itself.

    Raises:
        TypeError: if simulator is not a Keras model or seed not an integer.
        ValueError: if seed < 0 or the simulator holds no `LatentNoise` layer.
    """
    if not isinstance(simulator, keras.Model):
        raise TypeError(f"simulator must be a keras.Model, got {type(simulator).__name__}")
    seed = _validate.seed("seed", seed)
    noises = [layer for layer in simulator._flatten_layers() if isinstance(layer, LatentNoise)]
    if not noises:
        raise ValueError(
            f"simulator must hold a LatentNoise layer to reseed, {simulator.name!r} has none"
        )
    for noise in noises:
        state = noise.seed_generator.state
        state.assign(np.array([seed, 0], dtype=keras.backend.standardize_dtype(state.dtype)))
        noise.seed = seed
    return simulator


@keras.saving.register_keras_serializable(package="aegan")
class ReconstructedEnergy(layers.Layer):
    """Turn the generator's standardised response x back into E_reco = E (m(E) + s(E) x).

    Args:
        median: the median's coefficients, as `ResponseScale.median`.
        stochastic: the width's stochastic term, as `ResponseScale.stochastic`.
        constant: the width's constant term, as `ResponseScale.constant`.
    """

    def __init__(self, median, stochastic: float, constant: float, **kwargs):
        super().__init__(**kwargs)
        self.median = tuple(_validate.finite_float("median", c) for c in median)
        self.stochastic = _validate.finite_float("stochastic", stochastic)
        self.constant = _validate.finite_float("constant", constant)

    def call(self, inputs):
        """Return E (m(E) + s(E) x) for inputs [E, x], both (n, 1)."""
        energies, x = inputs
        log_energy = keras.ops.log(energies)
        location = 0.0
        for coefficient in self.median:
            location = location * log_energy + coefficient
        width = keras.ops.sqrt(self.stochastic**2 / energies + self.constant**2)
        return energies * (location + width * x)

    def compute_output_shape(self, input_shape):
        """Return the energies' shape."""
        return input_shape[0]

    def get_config(self):
        """Return the layer's arguments."""
        config = {
            "median": list(self.median),
            "stochastic": self.stochastic,
            "constant": self.constant,
        }
        return {**super().get_config(), **config}


def build_simulator(generator: keras.Model, scale: ResponseScale, *, seed: int) -> keras.Model:
    """Wrap a trained conditional generator into the fast simulation: E_true -> E_reco (GeV).

    Args:
        generator: a generator of one standardised response given one condition
            (`aegan.gan.build_generator(..., output_dim=1, condition_dim=1)`), trained on
            `scale.standardize(E, R)` with conditions `energy_condition(E)`; or given none
            (`condition_dim=0`), whose responses are then the same law at every energy.
        scale: the response scale the generator was trained with.
        seed: seed of the simulator's latent noise, an integer >= 0.

    Returns:
        A Keras model from true energies (n, 1) in GeV to reconstructed energies (n, 1) in
        GeV, drawing its latent points from the generator's latent law inside. Its
        `predict` is the simulation; `keras.saving.load_model` reads it back after
        `import aegan`.

    Raises:
        TypeError: if generator is not a Keras model or scale not a ResponseScale.
        ValueError: if the generator does not make one number from a condition of size 1 or 0.
    """
    if not isinstance(generator, keras.Model):
        raise TypeError(f"generator must be a keras.Model, got {type(generator).__name__}")
    if not isinstance(scale, ResponseScale):
        raise TypeError(f"scale must be a ResponseScale, got {type(scale).__name__}")
    conditions, outputs = gan.condition_dim(generator), int(generator.outputs[0].shape[-1])
    if conditions not in (0, 1) or outputs != 1:
        raise ValueError(
            "generator must take a condition of size 1 (or none) and make one number, got "
            f"conditions of size {conditions} and outputs of size {outputs}"
        )
    latent_dim = int(generator.inputs[0].shape[-1])
    energies = keras.Input(shape=(1,), name="true_energy")
    latent = LatentNoise(latent_dim, gan.latent_law_of(generator), seed=seed, name="noise")(
        energies
    )
    if conditions:
        x = generator([latent, EnergyCondition(name="condition")(energies)])
    else:
        x = generator(latent)
    outputs = ReconstructedEnergy(
        scale.median, scale.stochastic, scale.constant, name="reconstructed_energy"
    )([energies, x])
    return keras.Model(energies, outputs, name="simulator")


@keras.saving.register_keras_serializable(package="aegan")
class GaussianDraw(layers.Layer):
    """Draw x = mu + sigma z from (mu, log sigma) and a standard normal z: [params, z] -> x."""

    def call(self, inputs):
        """Return mu + exp(log sigma) z."""
        parameters, noise = inputs
        return parameters[:, :1] + keras.ops.exp(parameters[:, 1:]) * noise

    def compute_output_shape(self, input_shape):
        """Return (n, 1)."""
        return (input_shape[0][0], 1)


#: Rows of one call of a simulator in `run`.
CHUNK = 65_536

#: Each model's call as TensorFlow graphs, by the number of input columns: on one chunk, and on
#: two chunks side by side; the entry goes with the model.
_GRAPHS: "weakref.WeakKeyDictionary[keras.Model, dict[int, tuple[Callable, Callable]]]" = (
    weakref.WeakKeyDictionary()
)


def _graphs(simulator: keras.Model, columns: int) -> tuple[Callable, Callable]:
    """Return `simulator`'s call on (n, columns) float32 inputs as graphs, each traced once:
    on one chunk, and on two chunks, one call after the other in a single graph."""
    graphs = _GRAPHS.setdefault(simulator, {})
    if columns not in graphs:
        model = weakref.ref(simulator)  # the graphs must not keep their model alive

        def one(inputs):
            return model()(inputs, training=False)

        def two(first, second):
            return model()(first, training=False), model()(second, training=False)

        spec = tf.TensorSpec((None, columns), tf.float32)
        graphs[columns] = (
            tf.function(one, input_signature=[spec], autograph=False),
            tf.function(two, input_signature=[spec, spec], autograph=False),
        )
    return graphs[columns]


def run(simulator: keras.Model, inputs: np.ndarray) -> np.ndarray:
    """Return a simulator's outputs for `inputs` as a numpy array, `CHUNK` rows per call.

    The model's call is traced once into a graph for any number of rows (not through
    `predict`, which traces anew for each new model and input size, and warns when many
    models are traced in a row, as in a study of samplers). A flow's simulator integrates
    its ODE in tens of network passes; as a graph they run three times faster than called
    eagerly, layer by layer. The chunks go two to a graph: TensorFlow orders their noise
    draws as two calls would, and runs the rest of the two side by side, one core each
    (`import aegan` gives each op one thread). The noise's state lives in the model's
    variables, so each call draws new noise and `reseed` holds as before.
    """
    inputs = np.asarray(inputs, dtype=np.float32)
    one, two = _graphs(simulator, inputs.shape[1])
    chunks = [inputs[start : start + CHUNK] for start in range(0, len(inputs), CHUNK)]
    outputs = []
    for index in range(0, len(chunks) - 1, 2):
        outputs += [output.numpy() for output in two(chunks[index], chunks[index + 1])]
    if len(chunks) % 2:
        outputs.append(one(chunks[-1]).numpy())
    return np.concatenate(outputs) if outputs else np.zeros((0, 1), np.float32)


def takes_energies(simulator) -> None:
    """Raise unless `simulator` is callable and, if a Keras model, maps (n, 1) to (n, 1).

    A Functional or Sequential model is checked by its declared inputs and outputs before it
    is run, so that a model of another shape is named here, not in a TensorFlow traceback; a
    plain callable, or a subclassed model without declared inputs, is checked by its output.

    Raises:
        TypeError: if simulator is not callable.
        ValueError: if a Keras model takes anything but one (n, 1) input, the true energies,
            or makes anything but one (n, 1) output, the reconstructed energies.
    """
    _validate.callable_("simulator", simulator)
    if not isinstance(simulator, keras.Model):
        return
    inputs = getattr(simulator, "inputs", None)
    shapes = [tuple(tensor.shape) for tensor in inputs or []]
    if inputs is not None and shapes != [(None, 1)]:
        raise ValueError(
            f"simulator must take one input of shape (n, 1), the true energies; it takes {shapes}"
        )
    outputs = getattr(simulator, "outputs", None)
    shapes = [tuple(tensor.shape) for tensor in outputs or []]
    if outputs is not None and shapes != [(None, 1)]:
        raise ValueError(
            "simulator must make one output of shape (n, 1), the reconstructed energies; it "
            f"makes {shapes}"
        )


def simulate(simulator: keras.Model, energy: float, n: int) -> np.ndarray:
    """Return `n` simulated responses R = E_reco / E at one true energy (GeV).

    Raises:
        ValueError: if energy is not one finite number > 0, n < 1, the simulator does not map
            (n, 1) energies to (n, 1) energies, or its output is not (n, 1) and finite.
        TypeError: if energy is not a real number, n not an integer or simulator not callable.
    """
    energies = true_energies("energy", energy)
    if len(energies) != 1:
        raise ValueError(
            f"energy must be one number (GeV), got {len(energies)} values: call simulate once "
            "per energy, or the simulator on an (n, 1) array of energies"
        )
    energy = float(energies[0])
    n = _validate.positive_int("n", n)
    takes_energies(simulator)
    reco = run(simulator, np.full((n, 1), energy, np.float32))
    reco = _validate.array("the simulator's output", reco, ndim=2, columns=1)
    if len(reco) != n:
        raise ValueError(f"the simulator's output must have {n} rows, got {len(reco)}")
    return reco[:, 0].astype(np.float64) / energy
