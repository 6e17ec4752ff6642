"""Check a student's saved models against the assignments: `python -m aegan.check`.

    python -m aegan.check ring AUTOENCODER.keras [--encoder E.keras --decoder D.keras] [--json]
    python -m aegan.check gan GENERATOR.keras [--latent normal|uniform]
                              [--function "x**2" --low -0.5 --high 0.5] [--json]
    python -m aegan.check simulator SIMULATOR.keras [--json]

`ring` checks Assignment 5's autoencoder, `gan` Assignment 6's generator and `simulator`
Lecture 5's fast calorimeter simulation. Each prints one line per check, required or for
information, and a verdict (or the same as JSON with `--json`). The exit status is 0 when
every required check passes, 1 when one fails and 2 when the input cannot be checked: a
missing file, a file that is not a Keras model, a model of the wrong shape or one that outputs
NaN, an unknown latent law or function. Models are loaded without compiling them, so a custom
loss or optimizer never stops the check, and every event the checker draws comes from its own
fixed seed, so two runs on the same file print the same report.
"""

import argparse
import ast
import functools
import json
import math
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import keras
import numpy as np

from aegan import data, gan, pca, scores, stats

#: The checker's own seed: every event, latent point and noise it draws comes from it.
SEED = 20_240_605

#: Fresh ring events for the reconstruction distance, as Lecture 2 measures it.
RING_EVENTS = 10_000
#: Hidden layer widths that count as "about 50 nodes".
ABOUT_50 = range(25, 101)
#: Codes scanned from 0 to 1, fine enough for `scores.angular_coverage`'s 360 sectors.
SCAN_CODES = 1001
SCAN_CHECK = f"code scan 0 -> 1 covers >= {scores.MIN_ANGULAR_COVERAGE:.0%} of the ring"

#: Generated points per sample (the course's, `scores.GAN_POINTS`), and samples per
#: generator: each score is the median over the samples, so that the verdict is about the
#: generator rather than one draw's luck. The thresholds are `scores.GAN_THRESHOLDS`.
GAN_POINTS = scores.GAN_POINTS
GAN_SAMPLES = 5


class CheckError(Exception):
    """The input cannot be checked: the message says why, in one line."""


@dataclass
class Check:
    """One line of the report: a check, whether it passed and what was found.

    `required` checks decide the verdict; the others are for information. `value` is the
    number behind the check, when there is one, for machines reading the JSON.
    """

    name: str
    passed: bool
    found: str
    required: bool = True
    value: float | None = None


@dataclass
class Report:
    """What the checker found in one model, and its verdict."""

    kind: str
    path: str
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, passed, found: str, *, required: bool = True, value=None) -> None:
        """Add a check to the report."""
        value = None if value is None else round(float(value), 6)
        self.checks.append(Check(name, bool(passed), found, required, value))

    @property
    def passed(self) -> bool:
        """Return True when every required check passed."""
        return all(check.passed for check in self.checks if check.required)

    @property
    def failed(self) -> list[str]:
        """Return the names of the required checks that failed."""
        return [check.name for check in self.checks if check.required and not check.passed]

    def text(self) -> str:
        """Return the report as a table for the terminal, ending with the verdict."""
        width = max(len(check.name) for check in self.checks)
        lines = [f"aegan check {self.kind}: {self.path}", ""]
        for check in self.checks:
            mark = ("ok" if check.passed else "FAIL") if check.required else "info"
            lines.append(f"{mark:<4}  {check.name:<{width}}  {check.found}")
        lines.append("")
        lines += [f"note: {note}" for note in self.notes]
        if self.failed:
            count = len(self.failed)
            lines.append(f"verdict: FAIL ({count} of the required checks failed)")
        else:
            lines.append("verdict: PASS (every required check passed)")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Return the report as plain data: kind, path, passed, checks and notes."""
        return {
            "kind": self.kind,
            "path": self.path,
            "passed": self.passed,
            "checks": [asdict(check) for check in self.checks],
            "notes": self.notes,
        }


# --- Loading and running a model ----------------------------------------------------------


def load(path: str | Path, role: str = "model") -> keras.Model:
    """Load a saved Keras model without compiling it.

    Args:
        path: a `.keras` file, as `model.save("name.keras")` writes.
        role: what the model is, for the messages ("autoencoder", "generator", ...).

    Returns:
        The model.

    Raises:
        CheckError: if the file is missing, is not a Keras model or cannot be loaded.
    """
    path = Path(path)
    if not path.is_file():
        raise CheckError(f"{role}: no such file: {path}")
    if path.suffix != ".keras" or not zipfile.is_zipfile(path):
        raise CheckError(
            f"{role}: {path} is not a Keras model file (a .keras file, as "
            'model.save("name.keras") writes)'
        )
    try:
        model = keras.saving.load_model(path, compile=False)
    except Exception as error:
        lines = str(error).strip().splitlines()
        reason = f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__
        raise CheckError(
            f"{role}: {path} could not be loaded as a Keras model ({reason})"
        ) from None
    if not isinstance(model, keras.Model):
        raise CheckError(f"{role}: {path} holds a {type(model).__name__}, not a Keras model")
    return model


def size(model: keras.Model, which: str, role: str) -> int:
    """Return the width d of the model's single input or output, of shape (n, d).

    Raises:
        CheckError: if the model has several inputs (outputs) or one of another shape.
    """
    tensors = model.inputs if which == "input" else model.outputs
    shapes = [tuple(tensor.shape) for tensor in tensors or []]
    if len(shapes) != 1 or len(shapes[0]) != 2 or shapes[0][1] is None:
        raise CheckError(f"{role}: expected one {which} of shape (n, d), got {shapes}")
    return int(shapes[0][1])


def run(model: keras.Model, inputs: np.ndarray, role: str, *, columns: int) -> np.ndarray:
    """Return the model's outputs for `inputs` as float64, checked to be (n, columns) and finite.

    Raises:
        CheckError: if the model cannot run on the inputs, returns another shape, or returns
            NaN or infinite values.
    """
    try:
        outputs = keras.ops.convert_to_numpy(model(inputs, training=False))
    except Exception as error:
        raise CheckError(
            f"{role}: the model cannot run on inputs of shape {inputs.shape} "
            f"({type(error).__name__})"
        ) from None
    outputs = np.asarray(outputs, dtype=np.float64)
    if outputs.shape != (len(inputs), columns):
        raise CheckError(
            f"{role}: the model returns shape {outputs.shape} for {len(inputs)} inputs, "
            f"expected ({len(inputs)}, {columns})"
        )
    if not np.all(np.isfinite(outputs)):
        raise CheckError(f"{role}: the model outputs NaN or infinite values")
    return outputs


# --- Assignment 5: the ring autoencoder ----------------------------------------------------


def _leaves(model: keras.Model) -> list:
    """Return the model's layers in order, those of nested models inlined, without inputs."""
    found = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            found += _leaves(layer)
        elif not isinstance(layer, keras.layers.InputLayer):
            found.append(layer)
    return found


def _activation_name(activation) -> str:
    """Return the name of a layer's activation function."""
    return getattr(activation, "__name__", str(activation))


def _latent(leaves: list) -> tuple[int, str] | None:
    """Return (index of the latent Dense layer among `leaves`, its activation), or None.

    The latent layer is the narrowest Dense layer before the output's; a linear one directly
    followed by an Activation layer has that layer's activation.
    """
    dense = [index for index, layer in enumerate(leaves) if isinstance(layer, keras.layers.Dense)]
    if len(dense) < 2:
        return None
    index = min(dense[:-1], key=lambda index: leaves[index].units)
    activation = _activation_name(leaves[index].activation)
    following = leaves[index + 1] if index + 1 < len(leaves) else None
    if activation == "linear" and isinstance(following, keras.layers.Activation):
        activation = _activation_name(following.activation)
    return index, activation


def _cut(leaves: list, end: int, events, reconstructions):
    """Return (encoder, decoder) built from the layers up to and after `leaves[end]`, or None.

    They reuse the autoencoder's own layers. None when the layers do not form a chain, which
    shows as decode(encode(x)) differing from the autoencoder's output.
    """
    try:
        inputs = keras.Input(shape=(events.shape[1],))
        tensor = inputs
        for layer in leaves[: end + 1]:
            tensor = layer(tensor)
        encoder = keras.Model(inputs, tensor)
        codes = keras.Input(shape=tuple(tensor.shape[1:]))
        tensor = codes
        for layer in leaves[end + 1 :]:
            tensor = layer(tensor)
        decoder = keras.Model(codes, tensor)
        chained = keras.ops.convert_to_numpy(decoder(encoder(events)))
    except Exception:
        return None
    if chained.shape != reconstructions.shape or not np.allclose(
        chained, reconstructions, atol=1e-4
    ):
        return None
    return encoder, decoder


def _kernels(model: keras.Model) -> list[np.ndarray]:
    """Return the kernels of the model's Dense layers, nested models included."""
    return [
        layer.get_weights()[0] for layer in _leaves(model) if isinstance(layer, keras.layers.Dense)
    ]


def _check_structure(report: Report, leaves: list, latent) -> None:
    """Add Assignment 5's structure checks: the latent layer and the hidden layers around it."""
    if latent is None:
        report.add(
            "latent layer of 1 node",
            False,
            "no Dense layer before the output: no latent layer to check",
        )
        return
    index, activation = latent
    layer = leaves[index]
    dense = [other for other in leaves if isinstance(other, keras.layers.Dense)]
    position = dense.index(layer)
    _check_hidden(report, "encoding", dense[:position])
    report.add(
        "latent layer of 1 node",
        layer.units == 1,
        f"latent layer {layer.name!r} has {layer.units} node{'s' if layer.units > 1 else ''}",
        value=layer.units,
    )
    report.add(
        "latent activation sigmoid",
        activation == "sigmoid",
        f"latent activation is {activation}"
        + ("" if activation == "sigmoid" else ", the assignment asks for sigmoid"),
    )
    named = not re.fullmatch(r"dense(_\d+)?", layer.name)
    report.add(
        "latent layer named",
        named,
        f"named {layer.name!r}" if named else f"{layer.name!r} is Keras' default name: name it",
    )
    _check_hidden(report, "decoding", dense[position + 1 : -1])


def _check_hidden(report: Report, label: str, hidden: list) -> None:
    """Add the check of two encoding (or decoding) hidden layers of about 50 nodes."""
    widths = [layer.units for layer in hidden]
    report.add(
        f"2 {label} hidden layers of about 50",
        len(widths) == 2 and all(width in ABOUT_50 for width in widths),
        f"{len(widths)} {label} hidden layer{'s' if len(widths) != 1 else ''} of widths "
        f"{widths} (about 50: {ABOUT_50.start} to {ABOUT_50.stop - 1})",
    )


def _check_halves(report, model, events, reconstructions, encoder_path, decoder_path):
    """Add the checks that the encoder and decoder files reuse the autoencoder's layers.

    Returns:
        (encoder, decoder), the loaded models.
    """
    encoder = load(encoder_path, "encoder")
    decoder = load(decoder_path, "decoder")
    if size(encoder, "input", "encoder") != 2:
        raise CheckError(f"encoder: takes {size(encoder, 'input', 'encoder')} numbers, not 2")
    code_size = size(encoder, "output", "encoder")
    if size(decoder, "input", "decoder") != code_size:
        raise CheckError(
            f"decoder: takes codes of {size(decoder, 'input', 'decoder')} numbers, the encoder "
            f"makes {code_size}"
        )
    codes = run(encoder, events, "encoder", columns=code_size)
    composed = run(decoder, codes.astype(np.float32), "decoder", columns=2)
    gap = float(np.abs(composed - reconstructions).max())
    report.add(
        "decode(encode(x)) = autoencoder(x)",
        gap < 1e-4,
        f"largest difference {gap:.1e} on {len(events):,} fresh events",
        value=gap,
    )
    kernels = _kernels(model)
    halves = _kernels(encoder) + _kernels(decoder)
    held = sum(any(np.array_equal(half, kernel) for kernel in kernels) for half in halves)
    report.add(
        "encoder and decoder hold its weights",
        held == len(halves) == len(kernels),
        f"{held} of their {len(halves)} Dense layers hold a kernel of the autoencoder's "
        f"{len(kernels)}",
    )
    return encoder, decoder


def _band(distance: float, pca_distance: float) -> str:
    """Return the verdict band of a mean reconstruction distance."""
    if distance <= scores.RING_DISTANCE_TARGET:
        return "near the limit"
    if distance <= scores.MAX_RING_DISTANCE:
        return "learned the ring"
    if distance >= 0.8 * pca_distance:
        return "PCA-like"
    return "partly learned"


def check_ring(
    autoencoder_path: str | Path,
    *,
    encoder_path: str | Path | None = None,
    decoder_path: str | Path | None = None,
) -> Report:
    """Check an autoencoder, and its encoder and decoder if given, against Assignment 5.

    Args:
        autoencoder_path: the autoencoder, mapping (n, 2) events to (n, 2).
        encoder_path: the encoder (input to latent), given with the decoder or not at all.
        decoder_path: the decoder (latent to output).

    Returns:
        The report: structure, reuse of the layers, distance on fresh events against PCA's
        and the floor, the codes of (0, 1) and (1, 0), and the coverage of the code scan.

    Raises:
        CheckError: if a file cannot be checked at all.
    """
    if (encoder_path is None) != (decoder_path is None):
        raise CheckError("give both --encoder and --decoder, or neither")
    model = load(autoencoder_path, "autoencoder")
    sizes = size(model, "input", "autoencoder"), size(model, "output", "autoencoder")
    if sizes != (2, 2):
        raise CheckError(
            f"autoencoder: maps (n, {sizes[0]}) to (n, {sizes[1]}); Assignment 5's maps (n, 2) "
            "events to (n, 2)"
        )
    report = Report("ring", str(autoencoder_path))
    report.add("input of 2 numbers", True, "input has 2")
    leaves = _leaves(model)
    latent = _latent(leaves)
    _check_structure(report, leaves, latent)
    report.add("output of 2 nodes", True, "output has 2")

    rng = np.random.default_rng(SEED)
    events = data.ring(RING_EVENTS, seed=rng)
    reconstructions = run(model, events, "autoencoder", columns=2)
    halves = None
    if encoder_path is not None:
        halves = _check_halves(report, model, events, reconstructions, encoder_path, decoder_path)
    elif latent is not None:
        end = latent[0] + isinstance(leaves[latent[0] + 1], keras.layers.Activation)
        halves = _cut(leaves, end, events, reconstructions)

    distance = float(scores.reconstruction_distance(events, reconstructions).mean())
    one_code = pca.PCA(1).fit(data.ring(1000, seed=rng))
    pca_distance = float(
        scores.reconstruction_distance(events, one_code.decode(one_code.encode(events))).mean()
    )
    floor = scores.ring_distance_floor(events)
    report.add(
        f"mean distance < {scores.MAX_RING_DISTANCE:g} (ring's width)",
        distance < scores.MAX_RING_DISTANCE,
        f"{distance:.4f} on {RING_EVENTS:,} fresh events, {_band(distance, pca_distance)} "
        f"(PCA {pca_distance:.4f}, floor {floor:.4f}, "
        f"course target {scores.RING_DISTANCE_TARGET:.3f})",
        value=distance,
    )
    if halves is None:
        report.add(
            SCAN_CHECK,
            False,
            "cannot scan: no latent layer the model can be cut at into a chain of layers; "
            "give --encoder and --decoder",
        )
        return report
    encoder, decoder = halves
    code_size = size(encoder, "output", "encoder")
    points = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    codes = run(encoder, points, "encoder", columns=code_size)
    report.add(
        "codes of (0, 1) and (1, 0)",
        True,
        f"(0, 1) -> {_numbers(codes[0])}, (1, 0) -> {_numbers(codes[1])}",
        required=False,
    )
    if code_size != 1:
        report.add(
            SCAN_CHECK,
            False,
            f"not scanned: the code has {code_size} numbers, not one",
            required=False,
        )
        return report
    scan = np.linspace(0.0, 1.0, SCAN_CODES, dtype=np.float32)[:, None]
    coverage = scores.angular_coverage(run(decoder, scan, "decoder", columns=2))
    report.add(
        SCAN_CHECK,
        coverage >= scores.MIN_ANGULAR_COVERAGE,
        f"{SCAN_CODES} codes decode to {coverage:.1%} of the ring's angle",
        value=coverage,
    )
    return report


def _numbers(values) -> str:
    """Return a code (one number or several) as text."""
    values = np.ravel(values)
    return (
        f"{values[0]:.4f}"
        if len(values) == 1
        else "(" + ", ".join(f"{v:.4f}" for v in values) + ")"
    )


# --- Assignment 6: the GAN of a 1-D function -----------------------------------------------

#: What a function expression may call: NumPy functions of one argument.
FUNCTIONS: dict[str, Callable] = {
    name: getattr(np, name)
    for name in ("sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh")
}
CONSTANTS = {"pi": math.pi, "e": math.e}
OPERATORS = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}


def parse_function(expression: str) -> Callable[[np.ndarray], np.ndarray]:
    """Return f(x) for an expression such as "x**2" or "sin(3*x)", parsed without eval.

    Only numbers, x, pi, e, + - * / **, unary minus and the functions in FUNCTIONS are allowed:
    the expression is parsed with `ast` and rebuilt from NumPy functions, never evaluated.

    Raises:
        CheckError: if the expression is not such an expression.
    """
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise CheckError(f"function: {expression!r} is not a valid expression") from None

    def build(node) -> Callable:
        if isinstance(node, ast.Expression):
            return build(node.body)
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            value = float(node.value)
            return lambda x: np.full_like(x, value)
        if isinstance(node, ast.Name) and node.id == "x":
            return lambda x: x
        if isinstance(node, ast.Name) and node.id in CONSTANTS:
            value = CONSTANTS[node.id]
            return lambda x: np.full_like(x, value)
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            operator, left, right = OPERATORS[type(node.op)], build(node.left), build(node.right)
            return lambda x: operator(left(x), right(x))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand, sign = build(node.operand), -1.0 if isinstance(node.op, ast.USub) else 1.0
            return lambda x: sign * operand(x)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS
            and len(node.args) == 1
            and not node.keywords
        ):
            function, argument = FUNCTIONS[node.func.id], build(node.args[0])
            return lambda x: function(argument(x))
        allowed = ", ".join(sorted(FUNCTIONS))
        raise CheckError(
            f"function: {expression!r} uses {ast.unparse(node)!r}; allowed are numbers, x, pi, "
            f"e, + - * / ** and {allowed}"
        )

    return build(tree)


@functools.cache
def _real_law(function: str, low: float, high: float):
    """Return what depends on the real law alone, once per law and process.

    Returns:
        (references, real_scores, floor): GAN_SAMPLES samples of GAN_POINTS real points that
        generated samples are compared with, the median scores of as many other real samples
        against them, and the energy distance's noise floor at GAN_POINTS.
    """
    f = parse_function(function)
    rng = np.random.default_rng([SEED, 1])
    references = []
    for _ in range(GAN_SAMPLES):
        reference = data.function_samples(GAN_POINTS, f, low, high, seed=rng)
        reference.flags.writeable = False
        references.append(reference)

    def sampler(n, seed):
        return data.function_samples(n, f, low, high, seed=seed)

    floor = stats.energy_distance_noise(sampler, GAN_POINTS, seed=SEED)
    real = [
        _gan_scores(
            data.function_samples(GAN_POINTS, f, low, high, seed=rng),
            reference,
            f,
            low,
            high,
            floor,
        )
        for reference in references
    ]
    return tuple(references), _medians(real), floor


def _medians(samples: list[dict[str, float]]) -> dict[str, float]:
    """Return the median of each score over the samples."""
    return {key: float(np.median([scores[key] for scores in samples])) for key in samples[0]}


def _gan_scores(points, reference, f, low: float, high: float, floor: float) -> dict[str, float]:
    """Return `scores.gan_scores` of one sample against one reference sample of real points.

    f may be undefined where a generator puts x1 (the log of a negative): the gap is then
    infinite, and so is the residual.
    """
    return scores.gan_scores(
        points, f, low, high, reference=reference, floor=floor, strict=False, seed=SEED
    )


def check_gan(
    generator_path: str | Path,
    *,
    latent: str | None = None,
    function: str = "x**2",
    low: float = -0.5,
    high: float = 0.5,
) -> Report:
    """Check a generator against Assignment 6 with Lecture 4's thresholds.

    Each score is the median over GAN_SAMPLES samples of GAN_POINTS points, beside the same
    scores of as many samples of real points.

    Args:
        generator_path: the generator, mapping (n, latent_dim) latent points to (n, 2) points.
        latent: the law of the latent points, "normal" or "uniform"; None reads it from the
            generator (`gan.latent_law`), or takes the tutorial's normal law if it has none.
        function: the real law's x2 = f(x1), an expression in x such as "x**2".
        low: lower end of x1.
        high: upper end of x1.

    Returns:
        The report: the curve residual, the KS distance of x1 to uniform and the energy
        distance to real points as a multiple of its noise floor.

    Raises:
        CheckError: if the file, the latent law, the function or the interval cannot be used.
    """
    if latent is not None and latent not in gan.LATENT_LAWS:
        laws = " or ".join(gan.LATENT_LAWS)
        raise CheckError(f"latent: unknown latent law {latent!r}; give {laws}")
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise CheckError(f"interval: need finite low < high, got low={low} and high={high}")
    f = parse_function(function)
    with np.errstate(all="ignore"):
        probe = np.asarray(f(np.linspace(low, high, 1001)), dtype=np.float64)
    if not np.all(np.isfinite(probe)):
        raise CheckError(f"function: {function!r} is not finite everywhere on [{low}, {high}]")
    generator = load(generator_path, "generator")
    latent_dim = size(generator, "input", "generator")
    if size(generator, "output", "generator") != 2:
        points_size = size(generator, "output", "generator")
        raise CheckError(f"generator: makes points of {points_size} numbers; (x1, x2) has 2")
    try:
        carried = gan.latent_law(generator)
    except ValueError:
        carried = None
    report = Report("gan", str(generator_path))
    if latent is None:
        latent = carried or "normal"
        origin = "carried by the model" if carried else "the tutorial's: the model carries none"
    else:
        origin = "given with --latent"
        if carried and carried != latent:
            report.notes.append(f"the model carries the latent law {carried!r}, not {latent!r}")

    references, real, floor = _real_law(function, low, high)
    rng = np.random.default_rng(SEED)
    generated = []
    for reference in references:
        latent_points = gan.latent_sample(GAN_POINTS, latent_dim, latent, seed=rng)
        points = run(generator, latent_points, "generator", columns=2)
        generated.append(_gan_scores(points, reference, f, low, high, floor))
    found = _medians(generated)

    for key, label in (
        ("residual", "curve residual mean |x2 - f(x1)|"),
        ("ks", "KS distance of x1 to uniform"),
        ("energy_ratio", "energy distance / noise floor"),
    ):
        value, beside, threshold = found[key], real[key], scores.GAN_THRESHOLDS[key]
        if key == "energy_ratio":
            shown = f"{value:.2f} x (real points: {beside:.2f} x; floor {floor:.2e})"
        else:
            shown = f"{value:.4f} (real points: {beside:.4f})"
        report.add(f"{label} <= {threshold:g}", value <= threshold, shown, value=value)
    report.notes.append(
        f"{latent_dim} latent numbers per point from the {latent} law ({origin}); "
        f"real law x2 = {function}, x1 uniform on [{low:g}, {high:g}]"
    )
    report.notes.append(
        f"each score is the median over {GAN_SAMPLES} samples of {GAN_POINTS:,} points; "
        "'real points' are as many samples of the real law, scored the same way"
    )
    return report


# --- Lecture 5: the fast calorimeter simulation --------------------------------------------


@functools.cache
def _null_validation() -> "scores.SimulatorValidation":
    """Return the validation of true samples (the exact toy), once per process: the null."""
    return scores.validate_simulator(scores.truth_simulator(seed=SEED + 1), seed=SEED)


def check_simulator(simulator_path: str | Path) -> Report:
    """Check a simulator of the toy calorimeter against Lecture 5's bar (`scores`' validation).

    The criteria are the lecture's, from `aegan.scores`: at each of `scores.TEST_ENERGIES`,
    50,000 events whose PIT = F(R | E) has a KS distance of at most `scores.MAX_PIT_KS`, a
    median within `scores.MAX_MEDIAN_DEVIATION` and a core width within
    `scores.MAX_WIDTH_DEVIATION` of the exact law's; a mean PIT KS of at most
    `scores.MEAN_PIT_KS`; a C2ST AUC over the spectrum of at most `scores.MAX_C2ST_AUC`.
    Beside each value stands the one of as many true events (the exact toy), what a perfect
    simulator gets; the low-tail quantiles are given for information.

    Args:
        simulator_path: the simulator, mapping true energies in GeV, shape (n, 1), to
            reconstructed energies in GeV, shape (n, 1), drawing its own noise.

    Returns:
        The report, whose verdict is the validation's `passes`.

    Raises:
        CheckError: if the file cannot be loaded, or the simulator has the wrong shape or
            returns another shape or NaN.
    """
    simulator = load(simulator_path, "simulator")
    shapes = size(simulator, "input", "simulator"), size(simulator, "output", "simulator")
    if shapes != (1, 1):
        raise CheckError(
            f"simulator: maps (n, {shapes[0]}) to (n, {shapes[1]}); a simulator maps true "
            "energies (n, 1) to reconstructed energies (n, 1)"
        )
    keras.utils.set_random_seed(SEED)  # noise a simulator draws from Keras' global seed
    try:
        validation = scores.validate_simulator(simulator, seed=SEED)
    except ValueError as error:  # the output's shape or finiteness: unusable
        lines = str(error).strip().splitlines() or [type(error).__name__]
        raise CheckError(f"simulator: {lines[0][:200]}") from None
    null = _null_validation()
    report = Report("simulator", str(simulator_path))
    for criterion, perfect in zip(validation.criteria, null.criteria, strict=True):
        report.add(
            criterion.name,
            criterion.passed,
            f"{criterion.value:.4f} (true events: {perfect.value:.4f})",
            value=criterion.value,
        )
    for i, energy in enumerate(validation.energies):
        found = ", ".join(
            f"Q{p:g} {validation.tail[i, j]:.3f} +- {validation.tail_error[i, j]:.3f} "
            f"(exact {validation.exact_tail[i, j]:.3f})"
            for j, p in enumerate(validation.tail_probabilities)
        )
        report.add(f"E = {energy:g} GeV: low tail", True, found, required=False)
    report.notes.append(
        f"{validation.events:,} events at each energy; PIT = F(E_reco / E_true | E_true) of the "
        "toy calorimeter, uniform for a perfect simulator; core width = (Q0.9 - Q0.5) / 1.2816 "
        "against the exact law's (scores.core_width)"
    )
    report.notes.append(
        f"C2ST: a classifier told {validation.pairs:,} simulated (log E, R) pairs over the "
        f"spectrum from as many true ones; AUC 0.5 +- {validation.c2st.error:.4f} when it "
        "cannot"
    )
    return report


# --- Command line --------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are CheckErrors: one line, exit status 2."""

    def error(self, message):
        """Raise the usage error as a CheckError."""
        raise CheckError(f"{message} (see {self.prog} --help)")


def parser() -> argparse.ArgumentParser:
    """Return the command line's parser: the subcommands ring, gan and simulator."""
    main_parser = _Parser(
        prog="python -m aegan.check",
        description="Check saved models against the course's assignments.",
        epilog="Exit status: 0 every required check passed, 1 one failed, 2 unusable input.",
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    ring = commands.add_parser("ring", help="Assignment 5: the ring autoencoder")
    ring.add_argument("autoencoder", help="the autoencoder, a .keras file")
    ring.add_argument("--encoder", help="the encoder (input -> latent), a .keras file")
    ring.add_argument("--decoder", help="the decoder (latent -> output), a .keras file")
    generator = commands.add_parser("gan", help="Assignment 6: the GAN of a 1-D function")
    generator.add_argument("generator", help="the generator, a .keras file")
    generator.add_argument(
        "--latent", help="the latent law, normal or uniform (default: the model's own)"
    )
    generator.add_argument("--function", default="x**2", help='x2 = f(x1), such as "sin(3*x)"')
    generator.add_argument("--low", type=float, default=-0.5, help="lower end of x1")
    generator.add_argument("--high", type=float, default=0.5, help="upper end of x1")
    simulator = commands.add_parser("simulator", help="Lecture 5: the calorimeter simulation")
    simulator.add_argument("simulator", help="the simulator, a .keras file")
    for command in (ring, generator, simulator):
        command.add_argument("--json", action="store_true", help="print the report as JSON")
    return main_parser


def report_for(arguments: argparse.Namespace) -> Report:
    """Run the check the parsed command line asks for."""
    if arguments.command == "ring":
        return check_ring(
            arguments.autoencoder, encoder_path=arguments.encoder, decoder_path=arguments.decoder
        )
    if arguments.command == "gan":
        return check_gan(
            arguments.generator,
            latent=arguments.latent,
            function=arguments.function,
            low=arguments.low,
            high=arguments.high,
        )
    return check_simulator(arguments.simulator)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the checker's command line.

    Args:
        argv: the arguments; None reads them from `sys.argv`.

    Returns:
        The exit status: 0 when every required check passed, 1 when one failed, 2 when the
        input cannot be checked (the reason is printed on stderr, in one line).
    """
    try:
        arguments = parser().parse_args(argv)
        report = report_for(arguments)
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    except CheckError as error:
        print(f"aegan check: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # a model no check foresaw: still one line, never a traceback
        lines = str(error).strip().splitlines()
        reason = f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__
        print(f"aegan check: cannot check this model ({reason})", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dict(), indent=2) if arguments.json else report.text())
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
