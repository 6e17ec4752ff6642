"""Tests of the mode-collapse plot helper in aegan.plotting."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from aegan import data, plotting


def test_mode_panels_draws_one_panel_per_sample():
    """mode_panels draws a panel per sample, each with the real and generated points and a
    circle about every centre."""
    real = data.gaussian_modes(200, seed=0)
    panels = {"untrained": np.zeros((50, 2)), "15 epochs": real[:50] * 1.01}
    centres = data.mode_centres(8, 2.0)
    figure = plotting.mode_panels(real, panels, centres, 0.3)
    assert [ax.get_title() for ax in figure.axes] == list(panels)
    for ax, points in zip(figure.axes, panels.values(), strict=True):
        scatters = ax.collections
        assert len(scatters) == 2
        np.testing.assert_allclose(scatters[1].get_offsets(), points)
        circles = [patch for patch in ax.patches if isinstance(patch, plt.Circle)]
        assert len(circles) == 8
        assert {circle.get_radius() for circle in circles} == {0.3}
    plt.close(figure)


def test_mode_panels_draws_on_given_axes():
    """Given axes, mode_panels draws on them and returns their figure."""
    figure, axes = plt.subplots(1, 2)
    result = plotting.mode_panels(
        np.zeros((3, 2)), {"a": np.ones((2, 2)), "b": np.ones((2, 2))}, np.eye(2), 0.1, axes=axes
    )
    assert result is figure
    assert all(len(ax.patches) == 2 for ax in axes)
    plt.close(figure)
