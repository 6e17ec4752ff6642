"""Tests of the GAN scores in aegan.metrics: the curve residual and gan_scores."""

import numpy as np
import pytest

from aegan import data, metrics


class TestCurveResidual:
    def test_zero_on_the_curve(self):
        """Points drawn on the curve have a residual of (float32) zero."""
        points = data.function_samples(200, seed=0)
        assert metrics.curve_residual(points) < 1e-7

    def test_mean_vertical_gap(self):
        """Points shifted up by 0.1 and down by 0.3 have a residual of 0.2."""
        points = np.array([[0.0, 0.1], [0.5, 0.25 - 0.3]])
        assert metrics.curve_residual(points) == pytest.approx(0.2)

    def test_other_function(self):
        """The residual is measured against the function given."""
        points = data.function_samples(100, np.sin, 0.0, 3.0, seed=1)
        assert metrics.curve_residual(points, np.sin) < 1e-6
        assert metrics.curve_residual(points) > 0.1

    @pytest.mark.parametrize("points", [np.zeros((4, 3)), np.zeros(4), np.zeros((0, 2))])
    def test_bad_shape(self, points):
        """Points that are not (n, 2) with n >= 1 raise ValueError naming points."""
        with pytest.raises(ValueError, match="points"):
            metrics.curve_residual(points)

    def test_bad_function(self):
        """A function that does not return one value per input raises ValueError naming f."""
        with pytest.raises(ValueError, match="f must return"):
            metrics.curve_residual(np.zeros((4, 2)), lambda x: x[:2])
        with pytest.raises(TypeError, match="f must be callable"):
            metrics.curve_residual(np.zeros((4, 2)), 3.0)


class TestGanScores:
    def test_real_points_score_as_real(self):
        """Fresh real points sit on the curve, near uniform, at about the energy noise floor."""
        scores = metrics.gan_scores(data.function_samples(1000, seed=10), seed=0)
        assert set(scores) == {"residual", "ks", "energy", "energy_floor", "energy_ratio"}
        assert scores["residual"] < 1e-7
        assert scores["ks"] < 0.05
        assert scores["energy_ratio"] < 3.0
        assert scores["energy_ratio"] == pytest.approx(scores["energy"] / scores["energy_floor"])

    def test_wrong_law_is_seen(self):
        """Points on the curve but only on its right half fail the KS and energy scores."""
        points = data.function_samples(1000, low=0.0, high=0.5, seed=10)
        scores = metrics.gan_scores(points, seed=0)
        assert scores["residual"] < 1e-7
        assert scores["ks"] > 0.4
        assert scores["energy_ratio"] > 10.0

    def test_seeded(self):
        """The same seed gives the same scores."""
        points = data.function_samples(300, seed=3) + 0.01
        assert metrics.gan_scores(points, seed=4) == metrics.gan_scores(points, seed=4)

    def test_bad_points(self):
        """Points that are not (n, 2) raise ValueError naming points."""
        with pytest.raises(ValueError, match="points"):
            metrics.gan_scores(np.zeros((5, 3)), seed=0)


class TestEnergyDistanceNoise:
    def test_spread_of_real_against_real(self):
        """The noise is positive and the size of real-against-real energy distances."""
        noise = metrics.energy_distance_noise(data.function_samples, 500, repeats=8, seed=0)
        distances = [
            metrics.energy_distance(
                data.function_samples(500, seed=2 * i), data.function_samples(500, seed=2 * i + 1)
            )
            for i in range(8)
        ]
        assert noise > 0
        assert 0.3 * np.std(distances) < noise < 3.0 * np.max(np.abs(distances))

    def test_shrinks_with_sample_size(self):
        """Larger samples have a smaller noise floor."""
        small = metrics.energy_distance_noise(data.function_samples, 100, seed=1)
        large = metrics.energy_distance_noise(data.function_samples, 1000, seed=1)
        assert large < 0.5 * small

    @pytest.mark.parametrize(
        ("kwargs", "match"), [({"n": 1}, "n must"), ({"repeats": 0}, "repeats")]
    )
    def test_bad_sizes(self, kwargs, match):
        """n < 2 or repeats < 1 raise ValueError naming the argument."""
        arguments = {"n": 10, **kwargs}
        with pytest.raises(ValueError, match=match):
            metrics.energy_distance_noise(data.function_samples, seed=0, **arguments)


class TestGanScoresTable:
    def test_one_line_per_label(self):
        """The table has a header and one line per label with its three scores."""
        scores = {
            "residual": 0.00123,
            "ks": 0.0456,
            "energy": 1.0,
            "energy_floor": 0.5,
            "energy_ratio": 2.0,
        }
        table = metrics.gan_scores_table({"first": scores, "a longer label": scores})
        lines = table.splitlines()
        assert len(lines) == 3
        assert lines[1].split() == ["first", "0.0012", "0.046", "2.0"]
        assert lines[2].startswith("a longer label")

    def test_empty(self):
        """An empty dict raises ValueError naming rows."""
        with pytest.raises(ValueError, match="rows"):
            metrics.gan_scores_table({})
