"""Tests for the shared scores in aegan.metrics: KS distance to a uniform law, energy distance."""

import numpy as np
import pytest

from aegan import metrics


class TestKsUniform:
    def test_uniform_sample_is_close(self):
        """A large uniform sample is within a few hundredths of the uniform law."""
        values = np.random.default_rng(0).uniform(-0.5, 0.5, size=5000)
        assert metrics.ks_uniform(values, -0.5, 0.5) < 0.03

    def test_squeezed_sample_is_far(self):
        """A sample filling only the left half of the interval is half a unit away."""
        values = np.linspace(-0.5, 0.0, 1001)
        assert metrics.ks_uniform(values, -0.5, 0.5) == pytest.approx(0.5, abs=1e-3)

    @pytest.mark.parametrize(
        ("values", "low", "high", "error", "match"),
        [
            ([0.1], 1.0, 1.0, ValueError, "low must be < high"),
            ([[0.1, 0.2]], 0.0, 1.0, ValueError, r"values must have shape \(n,\)"),
            ([np.nan], 0.0, 1.0, ValueError, "values must be finite"),
            ([0.1], 0.0, np.inf, ValueError, "high must be finite"),
        ],
    )
    def test_bad_arguments(self, values, low, high, error, match):
        """Bad values or bounds raise errors naming the argument."""
        with pytest.raises(error, match=match):
            metrics.ks_uniform(values, low, high)


class TestEnergyDistance:
    def test_same_law_is_near_zero_and_shifted_law_is_not(self):
        """Two samples of one law score near zero; a shifted sample scores far above that."""
        rng = np.random.default_rng(1)
        first, second = rng.normal(size=(500, 2)), rng.normal(size=(500, 2))
        same = metrics.energy_distance(first, second)
        shifted = metrics.energy_distance(first, second + np.array([1.0, 0.0]))
        assert abs(same) < 0.02
        assert shifted > 0.5

    def test_symmetric(self):
        """The distance does not depend on the order of the two samples."""
        rng = np.random.default_rng(2)
        first, second = rng.normal(size=(50, 2)), rng.uniform(size=(70, 2))
        assert metrics.energy_distance(first, second) == pytest.approx(
            metrics.energy_distance(second, first)
        )

    def test_known_value_in_one_dimension(self):
        """For the points {0, 1} against {2, 3}: 2*2 - 1 - 1 = 2."""
        assert metrics.energy_distance([[0.0], [1.0]], [[2.0], [3.0]]) == pytest.approx(2.0)

    @pytest.mark.parametrize(
        ("sample", "reference", "match"),
        [
            (np.zeros((1, 2)), np.zeros((5, 2)), "at least 2 points each"),
            (np.zeros((5, 2)), np.zeros((5, 3)), r"reference must have shape \(n, 2\)"),
            (np.zeros(5), np.zeros((5, 2)), r"sample must have shape \(n, d\)"),
        ],
    )
    def test_bad_samples(self, sample, reference, match):
        """Samples too small or of different widths are refused."""
        with pytest.raises(ValueError, match=match):
            metrics.energy_distance(sample, reference)
