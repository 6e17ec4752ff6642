"""Tests of the ring autoencoder's plot helpers in aegan.plotting."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aegan import data, plotting

EVENTS = data.ring(50, seed=0)
CODES = np.linspace(0, 1, 11)[:, None]
DECODED = np.stack([np.cos(2 * np.pi * CODES[:, 0]), np.sin(2 * np.pi * CODES[:, 0])], axis=1)


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test opened."""
    yield
    plt.close("all")


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
