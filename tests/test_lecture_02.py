"""Lecture 2 (Assignment 5): the ring autoencoder reaches the issue's numbers on site and script."""

import math

import numpy as np
import pytest
from conftest import stream_text

from aegan import autoencoder, data, metrics, training

LECTURE = "02_ring_autoencoder"
COLLECT = """{
    "autoencoder_distance": float(autoencoder_distance),
    "pca_distance": float(pca_distance),
    "floor": float(floor),
    "coverage": float(coverage),
    "code_of_0_1": float(code_of[(0.0, 1.0)]),
    "code_of_1_0": float(code_of[(1.0, 0.0)]),
    "largest_composition_error": float(np.abs(composed - reconstructions).max()),
    "settings": {
        "seed": SEED,
        "epochs": EPOCHS,
        "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
        "final_fraction": FINAL_FRACTION,
        "weight_decay": WEIGHT_DECAY,
    },
}"""
#: Lines of the printout that hold the lecture's numbers (timings excluded).
NUMBER_LINES = ("epoch ", "mean reconstruction distance", "floor", "code of", "code 0.", "code 1.")

pytestmark = pytest.mark.lecture


@pytest.fixture(scope="module")
def results(run_lecture) -> dict:
    """Return the numbers the lecture computed on the site's path."""
    return run_lecture(LECTURE, COLLECT).results


def test_reconstruction_close_to_the_floor(results):
    """The mean distance on 10,000 fresh events is at most 0.030, near the floor, far below PCA."""
    assert results["autoencoder_distance"] <= 0.030
    assert results["floor"] == pytest.approx(0.025, abs=0.001)
    assert results["autoencoder_distance"] > results["floor"]
    assert results["pca_distance"] == pytest.approx(0.63, abs=0.03)


def test_scan_covers_the_ring(results):
    """Decoding codes from 0 to 1 covers at least 90% of the ring's angle."""
    assert results["coverage"] >= 0.90


def test_encoder_and_decoder_compose(results):
    """decoder(encoder(x)) reproduces autoencoder(x) in the lecture."""
    assert results["largest_composition_error"] < 1e-5


def test_codes_of_the_two_points_differ(results):
    """(0, 1) and (1, 0), a quarter turn apart, get codes in (0, 1) that are well apart."""
    first, second = results["code_of_0_1"], results["code_of_1_0"]
    assert 0 < first < 1 and 0 < second < 1
    assert abs(first - second) > 0.1


def test_site_output_is_clean(run_lecture):
    """The executed notebook shows no error and nothing on stderr (no TensorFlow noise)."""
    notebook = run_lecture(LECTURE, COLLECT).notebook
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            if output.output_type == "stream":
                assert output.name == "stdout", output.text


def test_script_writes_figures_and_models(run_script):
    """As a script the lecture exits 0 and writes its figures and three .keras models."""
    process, output_dir = run_script(LECTURE)
    assert process.returncode == 0, process.stderr[-3000:]
    names = {path.name for path in output_dir.iterdir()}
    assert {"ring.png", "reconstructions.png", "decoded_scan.png", "code_vs_angle.png"} <= names
    assert {"autoencoder.keras", "encoder.keras", "decoder.keras"} <= names


def test_script_prints_the_same_numbers_as_the_site(run_lecture, run_script):
    """Two separate runs (script and notebook) print identical losses, distances and codes."""
    process, _ = run_script(LECTURE)

    def numbers(text):
        return [line for line in text.splitlines() if line.lstrip().startswith(NUMBER_LINES)]

    site = numbers(stream_text(run_lecture(LECTURE, COLLECT)))
    assert len(site) >= 15
    assert numbers(process.stdout) == site


def test_reloaded_models_predict_the_same(results, run_script):
    """The saved models reload, give the lecture's codes, and compose to the autoencoder."""
    import keras

    _, output_dir = run_script(LECTURE)
    loaded = {
        name: keras.saving.load_model(output_dir / f"{name}.keras")
        for name in ("autoencoder", "encoder", "decoder")
    }
    points = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    codes = keras.ops.convert_to_numpy(loaded["encoder"](points))[:, 0]
    np.testing.assert_allclose(
        codes, [results["code_of_0_1"], results["code_of_1_0"]], rtol=0, atol=1e-5
    )
    events = data.ring(500, seed=7)
    composed = loaded["decoder"](loaded["encoder"](events))
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(composed),
        keras.ops.convert_to_numpy(loaded["autoencoder"](events)),
        atol=1e-5,
    )


def test_other_seeds_reach_the_threshold(results):
    """Trained at the lecture's settings, at least 4 of 5 other seeds reach 0.030 or less."""
    import keras

    settings = results["settings"]
    distances = []
    for seed in range(settings["seed"] + 1, settings["seed"] + 6):
        events = data.ring(1000, seed=seed)
        model = autoencoder.build_autoencoder(seed=seed)
        steps = settings["epochs"] * math.ceil(len(events) / settings["batch_size"])
        schedule = keras.optimizers.schedules.CosineDecay(
            settings["learning_rate"], decay_steps=steps, alpha=settings["final_fraction"]
        )
        optimizer = keras.optimizers.AdamW(schedule, weight_decay=settings["weight_decay"])
        model.compile(optimizer=optimizer, loss=autoencoder.euclidean_distance)
        training.fit(
            model,
            events,
            events,
            epochs=settings["epochs"],
            batch_size=settings["batch_size"],
            seed=seed,
            verbose=0,
        )
        fresh_events = data.ring(10_000, seed=seed + 1)
        reconstructions = keras.ops.convert_to_numpy(model(fresh_events))
        distances.append(metrics.reconstruction_distance(fresh_events, reconstructions).mean())
    print("mean reconstruction distances of the other seeds:", np.round(distances, 4))
    assert sum(distance <= 0.030 for distance in distances) >= 4, distances
