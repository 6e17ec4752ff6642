"""`python -m aegan.check ring`: Assignment 5's ring autoencoder."""

import re
from pathlib import Path

import keras
import numpy as np

from aegan import data, pca, scores
from aegan.check.report import SEED, CheckError, Report, load, run, size

#: Fresh ring events for the reconstruction distance, as Lecture 2 measures it.
RING_EVENTS = 10_000
#: Hidden layer widths that count as "about 50 nodes".
ABOUT_50 = range(25, 101)
#: Codes scanned from 0 to 1, fine enough for `scores.angular_coverage`'s 360 sectors.
SCAN_CODES = 1001
SCAN_CHECK = f"code scan 0 -> 1 covers >= {scores.MIN_ANGULAR_COVERAGE:.0%} of the ring"


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
