"""Tests of the ring generation scores in aegan.metrics: ring fraction, angle KS, the summary."""

import numpy as np
import pytest

from aegan import data, metrics


def polar(radii, angles):
    """Return events at the given radii and polar angles."""
    radii, angles = np.asarray(radii, dtype=float), np.asarray(angles, dtype=float)
    return np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)


class TestFractionInRing:
    def test_counts_open_interval(self):
        """Radii 0.5, 0.95, 1.05 and 1.2 give 2 of 4 inside 0.9 < R < 1.1."""
        events = polar([0.5, 0.95, 1.05, 1.2], [0.0, 1.0, 2.0, 3.0])
        assert metrics.fraction_in_ring(events) == pytest.approx(0.5)

    def test_other_bounds(self):
        """The bounds given are used."""
        events = polar([0.5, 0.95, 1.05, 1.2], [0.0, 1.0, 2.0, 3.0])
        assert metrics.fraction_in_ring(events, 0.4, 1.3) == pytest.approx(1.0)

    def test_real_ring_is_inside(self):
        """All real ring events lie inside 0.9 < R < 1.1."""
        assert metrics.fraction_in_ring(data.ring(500, seed=0)) == 1.0

    @pytest.mark.parametrize(
        ("arguments", "name"),
        [
            ({"events": np.zeros((3, 3))}, "events"),
            ({"events": np.zeros((0, 2))}, "events"),
            ({"r_min": -0.1}, "r_min"),
            ({"r_min": 1.2}, "r_min must be < r_max"),
        ],
    )
    def test_bad_values(self, arguments, name):
        """Bad events or bounds raise ValueError naming them."""
        arguments = {"events": np.ones((3, 2)), **arguments}
        with pytest.raises(ValueError, match=name):
            metrics.fraction_in_ring(**arguments)


class TestAngleKs:
    def test_even_angles(self):
        """Evenly spread angles are at KS distance 1/n from uniform."""
        angles = -np.pi + 2 * np.pi * (np.arange(1000) + 0.5) / 1000
        assert metrics.angle_ks(polar(np.ones(1000), angles)) == pytest.approx(0.0005, abs=1e-6)

    def test_half_ring(self):
        """Events on the upper half only are at KS distance 1/2."""
        angles = np.linspace(0.001, np.pi - 0.001, 1000)
        assert metrics.angle_ks(polar(np.ones(1000), angles)) == pytest.approx(0.5, abs=0.01)

    def test_radius_does_not_matter(self):
        """Only the angle counts, not the radius."""
        angles = np.linspace(-3.0, 3.0, 50)
        assert metrics.angle_ks(polar(np.ones(50), angles)) == pytest.approx(
            metrics.angle_ks(polar(np.linspace(0.1, 5.0, 50), angles))
        )

    def test_bad_shape(self):
        """Events that are not (n, 2) raise ValueError naming events."""
        with pytest.raises(ValueError, match="events"):
            metrics.angle_ks(np.zeros(5))


class TestRingGenerationScores:
    def test_real_events_score_as_real(self):
        """Fresh real events: all in the ring, even angles, real spread, energy at the floor."""
        scores = metrics.ring_generation_scores(data.ring(1000, seed=10), seed=0)
        assert set(scores) == {
            "in_ring",
            "angle_ks",
            "radius_median",
            "radius_iqr",
            "energy",
            "energy_floor",
            "energy_ratio",
        }
        assert scores["in_ring"] == 1.0
        assert scores["angle_ks"] < 0.05
        assert scores["radius_median"] == pytest.approx(1.0, abs=0.01)
        assert scores["radius_iqr"] == pytest.approx(0.05, abs=0.005)
        assert scores["energy_ratio"] < 3.0
        assert scores["energy_ratio"] == pytest.approx(scores["energy"] / scores["energy_floor"])

    def test_half_ring_is_seen(self):
        """Events on half of the ring are in the ring but fail the angle and energy scores."""
        events = data.ring(1000, seed=10)
        events[:, 1] = np.abs(events[:, 1])
        scores = metrics.ring_generation_scores(events, seed=0)
        assert scores["in_ring"] == 1.0
        assert scores["angle_ks"] > 0.4
        assert scores["energy_ratio"] > 10.0

    def test_thin_circle_has_no_thickness(self):
        """Events on a circle of radius 0.95 have median radius 0.95 and no thickness."""
        events = polar(np.full(200, 0.95), np.linspace(-3.0, 3.0, 200))
        scores = metrics.ring_generation_scores(events, seed=0)
        assert scores["radius_median"] == pytest.approx(0.95)
        assert scores["radius_iqr"] < 1e-9

    def test_energy_uses_first_events(self):
        """energy_n limits the energy distance to the first events: the rest do not count."""
        events = np.concatenate([data.ring(300, seed=1), np.full((300, 2), 5.0)])
        few = metrics.ring_generation_scores(events, energy_n=300, seed=0)
        every = metrics.ring_generation_scores(events, energy_n=600, seed=0)
        assert few["energy_ratio"] < 3.0 < every["energy_ratio"]

    def test_seeded(self):
        """The same seed gives the same scores."""
        events = data.ring(300, seed=3) * 1.02
        first = metrics.ring_generation_scores(events, seed=5)
        assert first == metrics.ring_generation_scores(events, seed=5)

    @pytest.mark.parametrize(
        ("arguments", "name"),
        [
            ({"events": np.ones((1, 2))}, "events"),
            ({"events": np.ones((5, 3))}, "events"),
            ({"energy_n": 1}, "energy_n"),
        ],
    )
    def test_bad_values(self, arguments, name):
        """Fewer than 2 events, the wrong shape, or energy_n < 2 raise ValueError naming them."""
        arguments = {"events": np.ones((5, 2)), **arguments}
        with pytest.raises(ValueError, match=name):
            metrics.ring_generation_scores(**arguments, seed=0)
