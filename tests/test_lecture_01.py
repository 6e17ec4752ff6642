"""Lecture 1, PCA versus the autoencoder: executed once, as on the site."""

import numpy as np
import pytest
from conftest import stream_text
from test_pca import SLIDE_CODES, SLIDE_DECODED

LECTURE = "01_pca_vs_autoencoder"
COLLECT = """{
    "codes": codes[:, 0].tolist(),
    "decoded": decoded.tolist(),
    "ring_distance": float(ring_distance.mean()),
    "ring_variance": float(ring_variance),
    "pca_decoded": decoded.tolist(),
    "autoencoder_decoded": autoencoder_decoded.tolist(),
}"""

pytestmark = pytest.mark.lecture


@pytest.fixture(scope="module")
def lecture(run_lecture):
    """Lecture 1 executed once, as the site executes it."""
    return run_lecture(LECTURE)


def test_table_matches_the_slide(lecture):
    """The printed table is the slide's: codes and decoded points to two decimals."""
    np.testing.assert_allclose(lecture.results["codes"], SLIDE_CODES, atol=0.005)
    np.testing.assert_allclose(lecture.results["decoded"], SLIDE_DECODED, atol=0.005)
    printed = stream_text(lecture)
    assert "A      (-0.50, -0.40)    -0.63   (-0.54, -0.33)" in printed
    assert "E      ( 0.50,  0.20)     0.53   ( 0.46,  0.27)" in printed


def test_pca_fails_on_the_ring(lecture):
    """On the ring one PCA code explains about half the variance and reconstructs badly."""
    assert 0.4 < lecture.results["ring_variance"] < 0.6
    assert lecture.results["ring_distance"] > 0.5


def test_linear_autoencoder_agrees_with_pca(lecture):
    """The linear autoencoder's reconstructions agree with PCA's within 0.01."""
    difference = np.abs(
        np.array(lecture.results["pca_decoded"]) - np.array(lecture.results["autoencoder_decoded"])
    )
    assert difference.max() <= 0.01


def test_page_has_every_figure_and_no_noise(lecture):
    """Three figures are shown inline, and no cell printed an error or anything on stderr."""
    outputs = [output for cell in lecture.notebook.cells for output in cell.get("outputs", [])]
    assert sum("image/png" in output.get("data", {}) for output in outputs) == 3
    assert not [output for output in outputs if output.output_type == "error"]
    assert not [output for output in outputs if output.get("name") == "stderr"]


def test_writes_its_figures(lecture):
    """The run writes its three figures as PNG files where a script run writes them."""
    figures = sorted(path.name for path in lecture.output_dir.iterdir())
    assert figures == [
        "five_points_pca.png",
        "pca_vs_linear_autoencoder.png",
        "ring_pca.png",
    ]
    assert all((lecture.output_dir / name).stat().st_size > 0 for name in figures)
