"""Tests of aegan.stats: KS distances, the energy distance, the C2ST, the bootstrap."""

import numpy as np
import pytest
from scipy import stats as scipy_stats

from aegan import data, stats


class TestKsUniform:
    def test_uniform_sample_is_close(self):
        """A large uniform sample is within a few hundredths of the uniform law."""
        values = np.random.default_rng(0).uniform(-0.5, 0.5, size=5000)
        assert stats.ks_uniform(values, -0.5, 0.5) < 0.03

    def test_squeezed_sample_is_far(self):
        """A sample filling only the left half of the interval is half a unit away."""
        values = np.linspace(-0.5, 0.0, 1001)
        assert stats.ks_uniform(values, -0.5, 0.5) == pytest.approx(0.5, abs=1e-3)

    def test_distance_is_the_largest_gap_of_the_cdfs(self):
        """The distance is max |F_n - F| over the sorted sample, both sides of each step."""
        values = np.sort(np.random.default_rng(1).beta(1.3, 1.0, size=2000)) * 2.0 - 1.0
        cdf = (values + 1.0) / 2.0
        steps = np.arange(1, len(values) + 1) / len(values)
        expected = max(np.max(steps - cdf), np.max(cdf - (steps - 1.0 / len(values))))
        assert stats.ks_uniform(values, -1.0, 1.0) == pytest.approx(expected, rel=1e-12)

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
            stats.ks_uniform(values, low, high)


class TestEnergyDistance:
    def test_same_law_is_near_zero_and_shifted_law_is_not(self):
        """Two samples of one law score near zero; a shifted sample scores far above that."""
        rng = np.random.default_rng(1)
        first, second = rng.normal(size=(500, 2)), rng.normal(size=(500, 2))
        same = stats.energy_distance(first, second)
        shifted = stats.energy_distance(first, second + np.array([1.0, 0.0]))
        assert abs(same) < 0.02
        assert shifted > 0.5

    def test_symmetric(self):
        """The distance does not depend on the order of the two samples."""
        rng = np.random.default_rng(2)
        first, second = rng.normal(size=(50, 2)), rng.uniform(size=(70, 2))
        assert stats.energy_distance(first, second) == pytest.approx(
            stats.energy_distance(second, first)
        )

    def test_known_value_in_one_dimension(self):
        """For the points {0, 1} against {2, 3}: 2*2 - 1 - 1 = 2."""
        assert stats.energy_distance([[0.0], [1.0]], [[2.0], [3.0]]) == pytest.approx(2.0)

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
            stats.energy_distance(sample, reference)


class TestEnergyDistanceNoise:
    def test_spread_of_real_against_real(self):
        """The noise is positive and the size of real-against-real energy distances."""
        noise = stats.energy_distance_noise(data.function_samples, 500, repeats=8, seed=0)
        distances = [
            stats.energy_distance(
                data.function_samples(500, seed=2 * i), data.function_samples(500, seed=2 * i + 1)
            )
            for i in range(8)
        ]
        assert noise > 0
        assert 0.3 * np.std(distances) < noise < 3.0 * np.max(np.abs(distances))

    def test_shrinks_with_sample_size(self):
        """Larger samples have a smaller noise floor."""
        small = stats.energy_distance_noise(data.function_samples, 100, seed=1)
        large = stats.energy_distance_noise(data.function_samples, 1000, seed=1)
        assert large < 0.5 * small

    @pytest.mark.parametrize(
        ("kwargs", "match"), [({"n": 1}, "n must"), ({"repeats": 0}, "repeats")]
    )
    def test_bad_sizes(self, kwargs, match):
        """n < 2 or repeats < 1 raise ValueError naming the argument."""
        arguments = {"n": 10, **kwargs}
        with pytest.raises(ValueError, match=match):
            stats.energy_distance_noise(data.function_samples, seed=0, **arguments)

    @pytest.mark.parametrize(
        ("seed", "error"), [("0", TypeError), (1.5, TypeError), (True, TypeError), (-1, ValueError)]
    )
    def test_bad_seed(self, seed, error):
        """A seed that is not an integer >= 0 raises, naming seed (not numpy's SeedSequence)."""
        with pytest.raises(error, match="seed must be"):
            stats.energy_distance_noise(data.function_samples, 10, seed=seed)


class TestKsCritical:
    def test_kolmogorov_values(self):
        """1.358 / sqrt(n) at the 5 % level, 1.628 / sqrt(n) at 1 %."""
        assert stats.ks_critical(2000) == pytest.approx(1.3581 / np.sqrt(2000), rel=1e-3)
        assert stats.ks_critical(50_000, 0.01) == pytest.approx(1.6276 / np.sqrt(50_000), rel=1e-3)

    def test_real_samples_exceed_it_at_its_level(self):
        """Of 2,000 uniform samples of 1,000, about 5 % exceed the 5 % value (binomial 4 sd)."""
        rng = np.random.default_rng(0)
        values = np.sort(rng.uniform(size=(2000, 1000)), axis=1)
        steps = np.arange(1, 1001) / 1000
        distances = np.maximum(steps - values, values - (steps - 1 / 1000)).max(axis=1)
        share = np.mean(distances > stats.ks_critical(1000))
        assert abs(share - 0.05) < 4 * np.sqrt(0.05 * 0.95 / 2000)

    @pytest.mark.parametrize(
        ("arguments", "error", "match"),
        [
            ({"n": 0}, ValueError, "n must be >= 1"),
            ({"n": 2.5}, TypeError, "n must be an integer"),
            ({"n": 10, "level": 1.0}, ValueError, r"level must be in \(0, 1\)"),
            ({"n": 10, "level": np.nan}, ValueError, "level must be finite"),
        ],
    )
    def test_bad_arguments(self, arguments, error, match):
        """A size below 1 or a level outside (0, 1) raises, naming the argument."""
        with pytest.raises(error, match=match):
            stats.ks_critical(**arguments)


def calorimeter_pairs(n: int, seed: int) -> np.ndarray:
    """Return n (log E, R) pairs of the toy calorimeter."""
    energies, responses = data.calorimeter(n, seed=seed)
    return np.stack([np.log(energies), responses], axis=1)


class TestC2st:
    def test_true_against_true_is_one_half_at_100000(self):
        """Two samples of 100,000 true (E, R) pairs: the AUC is 0.5 within 4 standard errors,
        and the error is Mann-Whitney's for 50,000 held out a side (0.0018)."""
        test = stats.c2st(calorimeter_pairs(100_000, 1), calorimeter_pairs(100_000, 2), seed=0)
        assert test.held_out == (50_000, 50_000)
        assert test.error == pytest.approx(np.sqrt(100_001 / (12 * 50_000**2)))
        assert abs(test.auc - 0.5) < 4 * test.error
        assert test.pull == pytest.approx((test.auc - 0.5) / test.error)

    def test_a_narrow_core_is_seen(self):
        """Responses whose spread about the median is 5 % too small are told apart: an AUC
        many standard errors above 0.5."""
        true = calorimeter_pairs(100_000, 1)
        narrow = calorimeter_pairs(100_000, 2)
        median = np.median(narrow[:, 1])
        narrow[:, 1] = median + 0.95 * (narrow[:, 1] - median)
        test = stats.c2st(narrow, true, seed=0)
        assert test.auc > 0.5 + 5 * test.error

    def test_one_dimensional_samples(self):
        """1-D arrays are one column each; a shift of half a sigma gives AUC near Phi(0.5 /
        sqrt(2)) = 0.638."""
        rng = np.random.default_rng(0)
        test = stats.c2st(rng.normal(size=4000), rng.normal(0.5, 1.0, size=4000), seed=1)
        assert test.auc == pytest.approx(0.638, abs=0.03)

    def test_seeded(self):
        """The same seed gives the same AUC."""
        first, second = calorimeter_pairs(2000, 1), calorimeter_pairs(2000, 2)
        assert stats.c2st(first, second, seed=3) == stats.c2st(first, second, seed=3)

    @pytest.mark.parametrize(
        ("arguments", "error", "match"),
        [
            ({"first": np.ones((10, 2))}, ValueError, "first must hold at least 20 points"),
            ({"second": np.ones((30, 3))}, ValueError, "second must have as many columns"),
            ({"second": np.full((30, 2), np.nan)}, ValueError, "second must be finite"),
            ({"first": np.ones((3, 3, 3))}, ValueError, "first must have shape"),
            ({"first": "points"}, TypeError, "first must be an array of numbers"),
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            ({"seed": 1.5}, TypeError, "seed must be an integer"),
            ({"max_iter": 0}, ValueError, "max_iter must be >= 1"),
        ],
    )
    def test_bad_arguments(self, arguments, error, match):
        """Samples too small, of other widths or not finite, and bad seeds raise, by name."""
        arguments = {"first": np.ones((30, 2)), "second": np.ones((30, 2)), "seed": 0, **arguments}
        with pytest.raises(error, match=match):
            stats.c2st(**arguments)


class TestBootstrap:
    def test_error_of_a_mean(self):
        """The bootstrap error of a mean is the standard error sigma / sqrt(n), within 15 %."""
        values = np.random.default_rng(0).normal(0.0, 2.0, 10_000)
        error = stats.bootstrap_error(values, lambda x: x.mean(axis=1), resamples=300, seed=1)
        assert error == pytest.approx(2.0 / 100, rel=0.15)

    def test_error_of_a_quantile(self):
        """The 2 % quantile of a normal sample scatters by sqrt(p (1 - p) / n) / density,
        within 20 %; one row per statistic when it returns several numbers."""
        n, p = 20_000, 0.02
        values = np.random.default_rng(0).normal(size=n)
        errors = stats.bootstrap_error(
            values, lambda x: np.quantile(x, [p, 0.5], axis=1).T, resamples=300, seed=1
        )
        expected = np.sqrt(p * (1 - p) / n) / scipy_stats.norm.pdf(scipy_stats.norm.ppf(p))
        assert errors.shape == (2,)
        assert errors[0] == pytest.approx(expected, rel=0.2)

    def test_seeded(self):
        """The same seed draws the same resamples."""
        values = np.arange(100.0)
        first = stats.bootstrap(values, lambda x: x.mean(axis=1), resamples=5, seed=2)
        again = stats.bootstrap(values, lambda x: x.mean(axis=1), resamples=5, seed=2)
        np.testing.assert_array_equal(first, again)

    def test_rows_are_resamples_with_replacement(self):
        """Each resample draws n of the values with replacement: every value drawn about once
        per resample on average (400 +- 5 sigma over 400 resamples), repeats in most rows."""
        values = np.arange(50.0)
        rows = stats.bootstrap(values, lambda x: x, resamples=400, seed=3)
        assert rows.shape == (400, 50)
        assert np.isin(rows, values).all()
        counts = np.bincount(rows.astype(int).ravel(), minlength=50)
        sigma = np.sqrt(400 * (1 - 1 / 50))
        assert np.all(np.abs(counts - 400) < 5 * sigma)
        repeated = [len(np.unique(row)) < 50 for row in rows]
        assert np.mean(repeated) > 0.99

    def test_a_generator_continues_its_stream(self):
        """A Generator as seed gives new resamples at each call, the same from the same seed."""
        values = np.arange(100.0)
        rng = np.random.default_rng(4)
        first = stats.bootstrap(values, lambda x: x.mean(axis=1), resamples=5, seed=rng)
        second = stats.bootstrap(values, lambda x: x.mean(axis=1), resamples=5, seed=rng)
        assert not np.array_equal(first, second)
        again = stats.bootstrap(
            values, lambda x: x.mean(axis=1), resamples=5, seed=np.random.default_rng(4)
        )
        np.testing.assert_array_equal(first, again)

    @pytest.mark.parametrize(
        ("arguments", "error", "match"),
        [
            ({"values": [1.0]}, ValueError, "values must hold at least 2 numbers"),
            ({"values": [1.0, np.nan]}, ValueError, "values must be finite"),
            ({"values": [[1.0, 2.0]]}, ValueError, r"values must have shape \(n,\)"),
            ({"statistic": 3}, TypeError, "statistic must be callable"),
            ({"resamples": 1}, ValueError, "resamples must be >= 2"),
            ({"seed": 1.5}, TypeError, "seed must be an integer"),
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            (
                {"statistic": np.mean},
                ValueError,
                "statistic must give one number or one row per resample",
            ),
        ],
    )
    def test_bad_arguments(self, arguments, error, match):
        """Too few or non-finite values, a statistic that is not callable or that gives no
        number per resample, one resample, a seed of the wrong type or sign."""
        arguments = {"values": [1.0, 2.0, 3.0], "statistic": np.mean, "seed": 0, **arguments}
        with pytest.raises(error, match=match):
            stats.bootstrap(**arguments)


class TestRanksAndCorrelations:
    """ranks, spearman and correlation agree with scipy's definitions."""

    def test_ranks_match_scipy_with_ties(self):
        """Average ranks of tied values, column by column, as scipy.stats.rankdata gives."""
        from scipy import stats as scipy_stats

        rng = np.random.default_rng(0)
        values = np.column_stack([rng.normal(size=500), rng.poisson(2, size=500)])
        np.testing.assert_array_equal(stats.ranks(values), scipy_stats.rankdata(values, axis=0))

    def test_spearman_and_pearson_match_scipy(self):
        """The matrices equal scipy's spearmanr and numpy's corrcoef to 1e-12."""
        from scipy import stats as scipy_stats

        rng = np.random.default_rng(1)
        values = rng.normal(size=(400, 3)) @ np.array([[1, 0.5, 0], [0, 1, 0.3], [0, 0, 1]])
        expected = scipy_stats.spearmanr(values).statistic
        np.testing.assert_allclose(stats.spearman(values), expected, atol=1e-12)
        np.testing.assert_allclose(
            stats.correlation(values, values), np.corrcoef(values.T), atol=1e-12
        )

    def test_rows_must_match(self):
        """Two samples of different lengths are an error naming the second."""
        with pytest.raises(ValueError, match="second"):
            stats.correlation(np.ones((5, 2)), np.ones((4, 2)))
