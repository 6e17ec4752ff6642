"""Tests of the fast-simulation plot helpers in aegan.plotting (Lecture 5)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aegan import data, plotting, scores

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


@pytest.fixture(scope="module")
def validations():
    """Two small validations: true samples, and responses squeezed 20 % about 0.9."""
    truth = scores.truth_simulator(seed=0)

    def narrow(energies):
        return 0.8 * truth(energies) + 0.18 * np.asarray(energies)

    sizes = {"seed": 1, "events": 4000, "pairs": 200, "resamples": 10}
    return {
        "true samples": scores.validate_simulator(scores.truth_simulator(seed=2), **sizes),
        "narrow": scores.validate_simulator(narrow, **sizes),
    }


def test_pit_histograms_one_panel_per_energy(validations):
    """One panel per test energy with a step per validation, of mean density 1; the narrow
    simulator's PIT = F(R | E) has a hump: its responses crowd the middle of the true law,
    so its middle bins are above 1 and its end bins below."""
    figure = plotting.pit_histograms(validations)
    assert len(figure.axes) == len(scores.TEST_ENERGIES)
    for ax, energy in zip(figure.axes, scores.TEST_ENERGIES, strict=True):
        assert ax.get_title() == f"E = {energy:g} GeV"
        true_step, narrow_step = (p for p in ax.patches if p.get_label() in validations)
        assert np.mean(true_step.get_data()[0]) == pytest.approx(1.0)
        density = narrow_step.get_data()[0]
        assert np.mean(density[8:12]) > 1.1 and max(density[0], density[-1]) < 0.9
    legend = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert legend == ["true samples", "narrow"]


def test_validation_curves_draw_values_errors_and_ratios(validations):
    """Four panels: median and width with error bars above the exact lines, and below them
    the ratios to exact; the narrow simulator's width ratio is about 0.8."""
    figure = plotting.validation_curves(validations)
    (median_ax, width_ax), (median_ratio, width_ratio) = np.reshape(figure.axes, (2, 2))
    assert median_ratio.get_xscale() == width_ratio.get_xscale() == "log"
    np.testing.assert_allclose(width_ax.lines[0].get_ydata(), validations["narrow"].exact_width)
    narrow_ratio = width_ratio.containers[-1].lines[0].get_ydata()
    np.testing.assert_allclose(narrow_ratio, validations["narrow"].width_ratio)
    assert np.all(np.abs(narrow_ratio - 0.8) < 0.05)
    assert len(median_ax.containers) == 2


def test_one_validation_alone(validations):
    """A validation given alone is drawn under the label "simulator"."""
    figure = plotting.validation_curves(validations["narrow"])
    legend = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert legend == ["exact", "simulator"]


@pytest.mark.parametrize(
    ("argument", "error", "match"),
    [
        ({}, TypeError, "validations must be a SimulatorValidation or a non-empty dict"),
        ([1], TypeError, "validations must be"),
        ({"a": 3}, TypeError, r"validations\['a'\] must be a SimulatorValidation"),
    ],
)
def test_bad_validations(argument, error, match):
    """What is not a validation or a dict of them raises TypeError naming validations."""
    with pytest.raises(error, match=match):
        plotting.pit_histograms(argument)
    with pytest.raises(error, match=match):
        plotting.validation_curves(argument)


def test_validations_of_other_energies(validations):
    """Validations at different energies cannot share panels."""
    other = scores.validate_simulator(
        scores.truth_simulator(seed=0), seed=0, events=200, pairs=40, energies=[20.0], resamples=2
    )
    with pytest.raises(ValueError, match="validations must share their test energies"):
        plotting.pit_histograms({"a": validations["narrow"], "b": other})
