"""Lecture 2 (Assignment 5): the ring autoencoder, executed once as on the site.

The assertions hold for any run of the lecture's recipe, with margins: `benchmarks/ring_seeds.py`
counts how many seeds reach the assignment's 0.030 exactly.
"""

import numpy as np
import pytest

from aegan import data

LECTURE = "02_ring_autoencoder"
COLLECT = """{
    "autoencoder_distance": float(autoencoder_distance),
    "pca_distance": float(pca_distance),
    "floor": float(floor),
    "coverage": float(coverage),
    "code_of_0_1": float(code_of[(0.0, 1.0)]),
    "code_of_1_0": float(code_of[(1.0, 0.0)]),
    "largest_composition_error": float(np.abs(composed - reconstructions).max()),
}"""

pytestmark = pytest.mark.lecture


@pytest.fixture(scope="module")
def results(run_lecture) -> dict:
    """Return the numbers the lecture computed on the site's path."""
    return run_lecture(LECTURE).results


def test_reconstruction_close_to_the_floor(results):
    """The mean distance on 10,000 fresh events is near the floor (within 0.007), far below PCA."""
    assert results["autoencoder_distance"] <= results["floor"] + 0.007
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
    notebook = run_lecture(LECTURE).notebook
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            if output.output_type == "stream":
                assert output.name == "stdout", output.text


def test_writes_figures_and_models(run_lecture):
    """The run writes its figures and the three .keras models where a script run writes them."""
    names = {path.name for path in run_lecture(LECTURE).output_dir.iterdir()}
    assert {"ring.png", "reconstructions.png", "decoded_scan.png", "code_vs_angle.png"} <= names
    assert {"autoencoder.keras", "encoder.keras", "decoder.keras"} <= names


def test_reloaded_models_predict_the_same(results, run_lecture):
    """The saved models reload, give the lecture's codes, and compose to the autoencoder."""
    import keras

    output_dir = run_lecture(LECTURE).output_dir
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
