"""Tests of the GAN plot helpers in aegan.plotting."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import animation

from aegan import callbacks, data, plotting


def snapshots(count: int) -> list[callbacks.Snapshot]:
    """Return `count` made-up snapshots whose points move towards the curve."""
    real = data.function_samples(50, seed=0)
    return [
        callbacks.Snapshot(
            iteration=100 * (index + 1),
            real_accuracy=0.5,
            fake_accuracy=0.25,
            points=real + 0.1 / (index + 1),
        )
        for index in range(count)
    ]


def test_gan_points_draws_both_sets():
    """gan_points draws the real and the generated points as two scatters."""
    figure = plotting.gan_points(np.zeros((5, 2)), np.ones((7, 2)), title="t")
    ax = figure.axes[0]
    assert [len(c.get_offsets()) for c in ax.collections] == [5, 7]
    assert ax.get_title() == "t"
    plt.close(figure)


def test_gan_snapshots_one_panel_each():
    """gan_snapshots draws one panel per snapshot, titled with its iteration and accuracies."""
    figure = plotting.gan_snapshots(snapshots(3), data.function_samples(20, seed=1))
    assert len(figure.axes) == 3
    assert figure.axes[2].get_title().startswith("iteration 300")
    assert "fake 0.25" in figure.axes[0].get_title()
    plt.close(figure)


def test_gan_losses_one_curve_per_loss():
    """gan_losses draws each loss of a Keras history (lists) plus the ln 2 reference line."""
    history = {
        "discriminator_loss_real": [0.7, 0.69],
        "discriminator_loss_fake": [0.65, 0.7],
        "generator_loss": [1.0, 0.8],
    }
    figure = plotting.gan_losses(np.array([100, 200]), history)
    lines = figure.axes[0].lines
    assert len(lines) == 4
    np.testing.assert_array_equal(lines[2].get_ydata(), [1.0, 0.8])
    assert lines[3].get_ydata()[0] == pytest.approx(np.log(2.0))
    plt.close(figure)


def test_gan_animation_frames():
    """gan_animation has one frame per snapshot and renders to HTML."""
    anim = plotting.gan_animation(snapshots(2), data.function_samples(20, seed=1), dpi=20)
    assert isinstance(anim, animation.FuncAnimation)
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") == 2  # one embedded image per snapshot


def test_gan_animation_needs_snapshots():
    """An empty list of snapshots raises ValueError naming snapshots."""
    with pytest.raises(ValueError, match="snapshots"):
        plotting.gan_animation([], np.zeros((3, 2)))


def test_gan_marginals_one_histogram_per_sample():
    """gan_marginals draws one step histogram per sample and the uniform density line."""
    samples = {"a": data.function_samples(200, seed=0), "b": data.function_samples(200, seed=1)}
    figure = plotting.gan_marginals(samples, -0.5, 0.5, bins=10)
    ax = figure.axes[0]
    assert len(ax.patches) == 2
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["a", "b", "uniform"]
    plt.close(figure)
