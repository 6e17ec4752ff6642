"""Tests for aegan.metrics.radius_ks, the ring's radial law seen by a KS distance."""

import numpy as np
import pytest

from aegan import data, metrics


def ring_of_radii(radii, seed: int = 0) -> np.ndarray:
    """Return points at the given radii and at uniform random angles."""
    angles = np.random.default_rng(seed).uniform(-np.pi, np.pi, len(radii))
    return np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])


class TestRadiusKs:
    def test_real_ring_is_close(self):
        """5000 real ring events are within the KS noise (about 1.36 / sqrt(n)) of the law."""
        assert metrics.radius_ks(data.ring(5000, seed=0)) < 1.36 / np.sqrt(5000)

    def test_thin_ring_is_far(self):
        """A ring of the right radius but half the thickness is a quarter away from the law."""
        radii = np.random.default_rng(1).uniform(0.975, 1.025, 5000)
        assert metrics.radius_ks(ring_of_radii(radii)) == pytest.approx(0.25, abs=0.02)

    def test_bounds_are_arguments(self):
        """Radii uniform in (2, 3) match r_min=2, r_max=3 and lie wholly outside the default."""
        events = ring_of_radii(np.random.default_rng(2).uniform(2.0, 3.0, 2000))
        assert metrics.radius_ks(events, 2.0, 3.0) < 0.05
        assert metrics.radius_ks(events) == pytest.approx(1.0)

    @pytest.mark.parametrize(
        ("events", "bounds", "message"),
        [
            (np.zeros((3, 3)), (), r"events must have shape \(n, 2\)"),
            (np.array([[np.nan, 1.0]]), (), "events must be finite"),
            (np.ones((3, 2)), (-0.1, 1.0), "r_min must be >= 0"),
            (np.ones((3, 2)), (1.0, 1.0), "r_min must be < r_max"),
        ],
    )
    def test_bad_arguments(self, events, bounds, message):
        """Bad events or bounds raise ValueError naming the argument."""
        with pytest.raises(ValueError, match=message):
            metrics.radius_ks(events, *bounds)
