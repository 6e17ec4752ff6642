"""Tests for the ring autoencoder's metrics in aegan.metrics."""

import numpy as np
import pytest

from aegan import data, metrics


class TestReconstructionDistance:
    def test_euclidean_distance_per_event(self):
        """Each entry is the Euclidean distance between an event and its reconstruction."""
        events = np.array([[0.0, 0.0], [1.0, 1.0]])
        reconstructions = np.array([[3.0, 4.0], [1.0, 1.0]])
        np.testing.assert_allclose(
            metrics.reconstruction_distance(events, reconstructions), [5.0, 0.0]
        )

    @pytest.mark.parametrize(
        ("reconstructions", "message"),
        [
            (np.zeros((3, 2)), r"reconstructions must have as many rows as events \(2\), got 3"),
            (np.zeros((2, 3)), r"reconstructions must have shape \(n, 2\)"),
            (np.array([[0.0, np.nan], [0.0, 0.0]]), "reconstructions must be finite"),
        ],
    )
    def test_bad_reconstructions(self, reconstructions, message):
        """Mismatched or non-finite reconstructions raise ValueError naming them."""
        with pytest.raises(ValueError, match=message):
            metrics.reconstruction_distance(np.zeros((2, 2)), reconstructions)


class TestRingDistanceFloor:
    def test_uniform_radius_gives_a_quarter_of_the_width(self):
        """For R uniform in (0.95, 1.05) the floor is close to 0.1 / 4 = 0.025."""
        floor = metrics.ring_distance_floor(data.ring(100_000, seed=0))
        assert floor == pytest.approx(0.025, abs=2e-4)

    def test_mean_absolute_deviation_from_the_median(self):
        """On three radii 1, 2, 4 the floor is (1 + 0 + 2) / 3, at any angles."""
        angles = np.array([0.3, 2.0, 4.0])
        radii = np.array([1.0, 2.0, 4.0])
        events = np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)
        assert metrics.ring_distance_floor(events) == pytest.approx(1.0)

    def test_bad_events(self):
        """Events that are not (n, 2) raise ValueError naming events."""
        with pytest.raises(ValueError, match=r"events must have shape \(n, 2\)"):
            metrics.ring_distance_floor(np.zeros((4, 3)))


class TestAngularCoverage:
    def test_full_circle(self):
        """A finely sampled circle covers the whole turn."""
        angles = np.linspace(0, 2 * np.pi, 1001)
        circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
        assert metrics.angular_coverage(circle) == 1.0

    def test_half_circle(self):
        """An upper half circle covers half of the turn, at any radius."""
        angles = np.linspace(0.001, np.pi - 0.001, 1001)
        half = 3.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
        assert metrics.angular_coverage(half) == pytest.approx(0.5)

    def test_one_point_covers_one_sector(self):
        """A single point covers one sector of the given number."""
        assert metrics.angular_coverage([[0.0, -1.0]], bins=4) == 0.25

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"points": np.zeros((3, 1))}, r"points must have shape \(n, 2\)"),
            ({"points": np.zeros((3, 2)), "bins": 0}, "bins must be >= 1"),
        ],
    )
    def test_bad_arguments(self, arguments, message):
        """Bad points or bins raise ValueError naming the argument."""
        with pytest.raises(ValueError, match=message):
            metrics.angular_coverage(**arguments)
