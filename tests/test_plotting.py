"""Tests of aegan.plotting: each helper draws what its lecture's figure needs, on any axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import animation

from aegan import callbacks, data, plotting, scores


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test opened."""
    yield
    plt.close("all")


# Lectures 1 and 2: the ring's events, codes and reconstructions.


EVENTS = data.ring(50, seed=0)
CODES = np.linspace(0, 1, 11)[:, None]
DECODED = np.stack([np.cos(2 * np.pi * CODES[:, 0]), np.sin(2 * np.pi * CODES[:, 0])], axis=1)


def test_ring_events_draws_every_event():
    """ring_events draws one dot per event on equal axes."""
    figure = plotting.ring_events(EVENTS, title="ring")
    ax = figure.axes[0]
    np.testing.assert_allclose(ax.collections[0].get_offsets(), EVENTS)
    assert ax.get_aspect() == 1.0 and ax.get_title() == "ring"


def test_decoded_curve_colours_the_scan_by_code():
    """decoded_curve draws the events, then the scan coloured by its codes, with a colour bar."""
    figure = plotting.decoded_curve(EVENTS, CODES, DECODED)
    ax = figure.axes[0]
    events, scan = ax.collections[:2]
    np.testing.assert_allclose(events.get_offsets(), EVENTS)
    np.testing.assert_allclose(scan.get_offsets(), DECODED)
    np.testing.assert_allclose(scan.get_array(), CODES[:, 0])
    assert figure.axes[1].get_ylabel() == "code"


def test_code_vs_angle_uses_degrees_in_a_full_turn():
    """code_vs_angle puts each event at its polar angle in [0, 360) and its code."""
    events = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    figure = plotting.code_vs_angle(events, [0.1, 0.2, 0.3])
    offsets = figure.axes[0].collections[0].get_offsets()
    np.testing.assert_allclose(offsets, [[0.0, 0.1], [90.0, 0.2], [270.0, 0.3]])


def test_draws_on_given_axes():
    """Each helper draws on the axes it is given and returns that axes' figure."""
    figure, axes = plt.subplots(1, 3)
    assert plotting.ring_events(EVENTS, ax=axes[0]) is figure
    assert plotting.decoded_curve(EVENTS, CODES, DECODED, ax=axes[1]) is figure
    assert plotting.code_vs_angle(EVENTS, np.zeros(50), ax=axes[2]) is figure
    assert all(len(ax.collections) >= 1 for ax in axes)


def test_roc_curve_draws_the_curve_beside_chance():
    """roc_curve draws the chance diagonal, then the curve through the rates it is given."""
    figure, ax = plt.subplots()
    assert plotting.roc_curve([0, 0.1, 1], [0, 0.8, 1], label="autoencoder", ax=ax) is figure
    chance, curve = ax.lines
    np.testing.assert_allclose(chance.get_xydata(), [[0, 0], [1, 1]])
    np.testing.assert_allclose(curve.get_xydata(), [[0, 0], [0.1, 0.8], [1, 1]])
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["chance", "autoencoder"]


# Lecture 3: generated events against the ring.


REAL = data.ring(60, seed=0)
GENERATED = 0.5 * data.ring(40, seed=1)


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


# Lecture 4: the GAN's points, snapshots and losses.


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


# Lectures 5 and 6: the simulation's response and validation.


ENERGIES = np.array([11.0, 30.0, 95.0])


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


# Lecture 4: mode collapse on the ring of eight Gaussians


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


def test_mode_panels_draws_on_given_axes():
    """Given axes, mode_panels draws on them and returns their figure."""
    figure, axes = plt.subplots(1, 2)
    result = plotting.mode_panels(
        np.zeros((3, 2)), {"a": np.ones((2, 2)), "b": np.ones((2, 2))}, np.eye(2), 0.1, axes=axes
    )
    assert result is figure
    assert all(len(ax.patches) == 2 for ax in axes)
