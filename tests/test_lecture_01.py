"""Lecture 1, PCA versus the autoencoder: executed once, as on the site."""

import numpy as np
import pytest
from conftest import stream_text
from test_pca import SLIDE_CODES, SLIDE_DECODED

LECTURE = "01_pca_vs_autoencoder"
COLLECT = """{
    "codes": codes[:, 0].tolist(),
    "decoded": decoded.tolist(),
    "table": table.round(2).to_numpy().tolist(),
    "ring_distance": float(ring_distance.mean()),
    "ring_variance": float(ring_variance),
    "pca_decoded": decoded.tolist(),
    "autoencoder_decoded": autoencoder_decoded.tolist(),
    "slope": float(slope),
    "off_line": float(off_line),
    "two_components_error": float(np.abs(two_decoded - points).max()),
    "two_components_variance": float(two_components.explained_variance_ratio_.sum()),
    "tanh_squared": float(tanh_squared),
    "pca_squared": float(pca_squared),
    "tanh_distance": float(tanh_distances.mean()),
    "tanh_spread": float(spread[1] / spread[0]),
}"""

pytestmark = pytest.mark.lecture


@pytest.fixture(scope="module")
def lecture(run_lecture):
    """Lecture 1 executed once, as the site executes it."""
    return run_lecture(LECTURE)


def test_table_matches_the_slide(lecture):
    """The table shown is the slide's: codes and decoded points to two decimals."""
    np.testing.assert_allclose(lecture.results["codes"], SLIDE_CODES, atol=0.005)
    np.testing.assert_allclose(lecture.results["decoded"], SLIDE_DECODED, atol=0.005)
    table = np.array(lecture.results["table"])
    np.testing.assert_allclose(table[:, 2], SLIDE_CODES, atol=1e-9)
    np.testing.assert_allclose(table[:, 3:], SLIDE_DECODED, atol=1e-9)


def test_tables_are_html_tables(lecture):
    """The two tables of the page are displayed as HTML tables, the first with the slide's
    rows A to E."""
    html = [
        output["data"]["text/html"]
        for cell in lecture.notebook.cells
        for output in cell.get("outputs", [])
        if "<table" in output.get("data", {}).get("text/html", "")
    ]
    assert len(html) == 2
    assert all(f"<th>{name}</th>" in html[0] for name in "ABCDE")


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


def test_linear_code_is_an_affine_map_of_pcas(lecture):
    """The linear autoencoder's code is a non-zero multiple of PCA's code plus a constant."""
    assert abs(lecture.results["slope"]) > 0.05
    assert lecture.results["off_line"] < 1e-3


def test_two_components_reconstruct_exactly(lecture):
    """Exercise 1: PCA with two components gives back the five points, all the variance."""
    assert lecture.results["two_components_error"] < 1e-12
    assert lecture.results["two_components_variance"] == pytest.approx(1.0, abs=1e-12)


def test_tanh_code_stays_on_a_line(lecture):
    """Exercise 2: a tanh code with a linear decoder reconstructs on a line, no better than PCA."""
    results = lecture.results
    assert results["tanh_spread"] < 1e-5
    assert results["tanh_squared"] >= results["pca_squared"] * (1 - 1e-6)
    assert results["tanh_distance"] > 0.5


def test_solutions_are_tagged_cells(lecture):
    """Both exercises have their solution in cells tagged `solution`, code and prose."""
    tagged = [
        cell for cell in lecture.notebook.cells if "solution" in cell.metadata.get("tags", [])
    ]
    assert [cell.cell_type for cell in tagged] == ["code", "markdown"] * 2


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


def test_printed_difference_is_the_tables(lecture):
    """The printed largest coordinate difference is the one the table shows, in a format that
    keeps its size (1e-5 is not printed as 0.0), and the intercept is printed with its sign."""
    difference = np.abs(
        np.subtract(lecture.results["pca_decoded"], lecture.results["autoencoder_decoded"])
    ).max()
    printed = stream_text(lecture)
    assert f"largest coordinate difference: {difference:.1e}" in printed
    assert "+ -" not in printed
