"""Tests of the generation plot helpers in aegan.plotting (Lecture 3)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aegan import data, plotting

REAL = data.ring(60, seed=0)
GENERATED = 0.5 * data.ring(40, seed=1)


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test opened."""
    yield
    plt.close("all")


def test_generated_events_draws_both_samples():
    """generated_events draws the real events, then the generated ones, on equal axes."""
    figure = plotting.generated_events(REAL, GENERATED, title="VAE")
    ax = figure.axes[0]
    np.testing.assert_allclose(ax.collections[0].get_offsets(), REAL)
    np.testing.assert_allclose(ax.collections[1].get_offsets(), GENERATED)
    assert ax.get_aspect() == 1.0 and ax.get_title() == "VAE"


def test_radius_histogram_one_density_per_sample():
    """radius_histogram draws one normalised step histogram per labelled sample."""
    figure = plotting.radius_histogram({"real": REAL, "generated": GENERATED}, limits=(0.0, 2.0))
    ax = figure.axes[0]
    assert [patch.get_label() for patch in ax.patches] == ["real", "generated"]
    assert ax.get_xlim() == (0.0, 2.0)


def test_angle_histogram_marks_the_uniform_density():
    """angle_histogram draws each sample and the flat uniform density 1 / (2 pi)."""
    figure, ax = plt.subplots()
    returned = plotting.angle_histogram({"real": REAL}, ax=ax)
    assert returned is figure
    assert len(ax.patches) == 1
    np.testing.assert_allclose(ax.lines[0].get_ydata(), 1 / (2 * np.pi))


@pytest.mark.parametrize(("latent_dim", "xlabel"), [(1, "polar angle"), (2, "latent mean $z_1$")])
def test_latent_means_by_latent_size(latent_dim, xlabel):
    """latent_means draws mean against angle for one number, z1 against z2 for two."""
    z_mean = np.random.default_rng(0).normal(size=(len(REAL), latent_dim))
    figure = plotting.latent_means(REAL, z_mean)
    ax = figure.axes[0]
    assert ax.get_xlabel().startswith(xlabel)
    assert len(ax.collections[0].get_offsets()) == len(REAL)
    assert len(figure.axes) == 2  # the colour bar
