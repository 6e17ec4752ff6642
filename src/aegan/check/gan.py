"""`python -m aegan.check gan`: Assignment 6's generator of points on a curve."""

import ast
import functools
import math
from collections.abc import Callable
from pathlib import Path

import keras
import numpy as np

from aegan import data, gan, scores, stats
from aegan.check import ring
from aegan.check.report import SEED, CheckError, Report, load, run, size

#: Generated points per sample (the course's, `scores.GAN_POINTS`), and samples per
#: generator: each score is the median over the samples, so that the verdict is about the
#: generator rather than one draw's luck. The thresholds are `scores.GAN_THRESHOLDS`.
GAN_POINTS = scores.GAN_POINTS
GAN_SAMPLES = 5

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


#: The deepest nesting of operations a function expression may have: each level is a call
#: when f is evaluated, and Python's recursion limit is about 1,000.
MAX_DEPTH = 100


def _depth(tree: ast.AST) -> int:
    """Return the depth of an expression's syntax tree, without recursion."""
    deepest, pending = 0, [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        pending += [(child, depth + 1) for child in ast.iter_child_nodes(node)]
    return deepest


def parse_function(expression: str) -> Callable[[np.ndarray], np.ndarray]:
    """Return f(x) for an expression such as "x**2" or "sin(3*x)", parsed without eval.

    Only numbers, x, pi, e, + - * / **, unary minus and the functions in FUNCTIONS are allowed:
    the expression is parsed with `ast` and rebuilt from NumPy functions, never evaluated.

    Raises:
        CheckError: if the expression is not such an expression.
    """
    shown = expression if len(expression) <= 60 else f"{expression[:57]}..."
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise CheckError(f"function: {shown!r} is not a valid expression") from None
    except (RecursionError, MemoryError):
        raise CheckError(
            f"function: {shown!r} is nested too deeply to parse; at most {MAX_DEPTH} levels"
        ) from None
    depth = _depth(tree)
    if depth > MAX_DEPTH:
        raise CheckError(
            f"function: {shown!r} is nested {depth} levels deep; at most {MAX_DEPTH} levels"
        )

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
            f"function: {shown!r} uses {ast.unparse(node)!r}; allowed are numbers, x, pi, "
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


def _refuse_an_autoencoder(model, latent_dim: int) -> None:
    """Raise CheckError if `model` is shaped as an autoencoder: 2 numbers through a narrower
    layer back to 2 (a generator's hidden layers are not narrower than its latent point)."""
    dense = [layer for layer in ring._leaves(model) if isinstance(layer, keras.layers.Dense)]
    if latent_dim != 2 or len(dense) < 2:
        return
    narrowest = min(dense[:-1], key=lambda layer: layer.units)
    if narrowest.units < latent_dim:
        raise CheckError(
            f"generator: the model maps 2 numbers through its {narrowest.units}-number layer "
            f"{narrowest.name!r} back to 2: an autoencoder, which `python -m aegan.check ring` "
            "checks; a generator maps latent points to (x1, x2)"
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
            generator (`gan.latent_law_of`), or takes the tutorial's normal law if it has none.
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
        carried = gan.latent_law_of(generator)
    except ValueError:
        carried = None
    if carried is None:
        _refuse_an_autoencoder(generator, latent_dim)
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
