"""Tests of the fast-simulation plot helpers in aegan.plotting (Lecture 5)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aegan import data, plotting

ENERGIES = np.array([11.0, 30.0, 95.0])


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test opened."""
    yield
    plt.close("all")


def test_response_vs_energy_draws_each_curve_in_both_panels():
    """Two log-E panels; the first label is a line, the others markers, with their values."""
    medians = {"exact": [0.9, 0.93, 0.95], "model": [0.91, 0.92, 0.95]}
    widths = {"exact": data.response_resolution(ENERGIES), "model": [0.3, 0.2, 0.1]}
    figure = plotting.response_vs_energy(ENERGIES, medians, widths)
    left, right = figure.axes
    assert left.get_xscale() == right.get_xscale() == "log"
    exact, model = left.lines
    assert exact.get_linestyle() == "-" and model.get_linestyle() == "None"
    np.testing.assert_allclose(model.get_ydata(), medians["model"])
    np.testing.assert_allclose(right.lines[0].get_ydata(), widths["exact"])
    assert [text.get_text() for text in left.get_legend().get_texts()] == ["exact", "model"]


def test_response_histograms_one_panel_per_energy():
    """One log-scale panel per energy, titled with it, each with one histogram per sample."""
    rng = np.random.default_rng(0)
    samples = {
        "truth": [data.calorimeter_response(np.full(500, e), seed=rng) for e in ENERGIES],
        "model": [rng.normal(0.9, 0.1, 500) for _ in ENERGIES],
    }
    figure = plotting.response_histograms(ENERGIES, samples, bins=20)
    assert len(figure.axes) == len(ENERGIES)
    for ax, energy in zip(figure.axes, ENERGIES, strict=True):
        assert ax.get_yscale() == "log" and ax.get_title() == f"E = {energy:g} GeV"
        assert len(ax.patches) == 2  # a filled and a step histogram, each one patch
