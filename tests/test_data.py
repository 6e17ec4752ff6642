"""Tests for aegan.data: the five points, the ring, points on a function, batches of them."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from scipy import integrate, stats

from aegan import data


class TestFivePoints:
    def test_names_and_coordinates(self):
        """The five points are A-E with the slide's coordinates, in order."""
        names, points = data.five_points()
        assert names == ["A", "B", "C", "D", "E"]
        assert points.shape == (5, 2)
        np.testing.assert_allclose(points[0], [-0.50, -0.40])
        np.testing.assert_allclose(points[4], [0.50, 0.20])

    def test_returns_a_copy(self):
        """Changing the returned array does not change the next call's points."""
        _, points = data.five_points()
        points[:] = 0
        _, again = data.five_points()
        assert again[0, 0] == -0.50


class TestRing:
    def test_shape_dtype_and_radii(self):
        """Events are float32 (n, 2) with every radius strictly inside (r_min, r_max)."""
        events = data.ring(5000, r_min=0.95, r_max=1.05, seed=0)
        assert events.shape == (5000, 2)
        assert events.dtype == np.float32
        radii = np.hypot(*events.astype(np.float64).T)
        assert radii.min() > 0.95
        assert radii.max() < 1.05

    def test_radius_and_angle_are_uniform(self):
        """The radius fills (r_min, r_max) evenly and the angle covers the circle evenly."""
        events = data.ring(20000, r_min=0.5, r_max=1.5, seed=1)
        radii = np.hypot(*events.T)
        angles = np.arctan2(events[:, 1], events[:, 0])
        radius_counts, _ = np.histogram(radii, bins=10, range=(0.5, 1.5))
        angle_counts, _ = np.histogram(angles, bins=12, range=(-np.pi, np.pi))
        assert radius_counts.min() > 0.85 * radius_counts.mean()
        assert angle_counts.min() > 0.85 * angle_counts.mean()

    def test_thin_ring_keeps_bounds_open(self):
        """Even a ring thinner than float32 resolution keeps radii strictly inside."""
        events = data.ring(1000, r_min=1.0, r_max=1.0 + 1e-6, seed=2)
        radii = np.hypot(*events.astype(np.float64).T)
        assert np.all((radii > 1.0) & (radii < 1.0 + 1e-6))

    def test_seeded_reproducibility(self):
        """The same seed gives the same events, another seed other events."""
        np.testing.assert_array_equal(data.ring(10, seed=3), data.ring(10, seed=3))
        assert not np.array_equal(data.ring(10, seed=3), data.ring(10, seed=4))

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"n": 0}, ValueError, "n must be >= 1, got 0"),
            ({"n": -5}, ValueError, "n must be >= 1"),
            ({"n": 2.5}, TypeError, "n must be an integer"),
            ({"r_min": 1.0, "r_max": 1.0}, ValueError, "r_min must be < r_max"),
            ({"r_min": 1.1, "r_max": 1.0}, ValueError, "r_min must be < r_max"),
            ({"r_min": -0.1}, ValueError, "r_min must be >= 0, got -0.1"),
            ({"r_max": float("nan")}, ValueError, "r_max must be finite"),
            ({"r_min": float("inf")}, ValueError, "r_min must be finite"),
            ({"r_min": "0.9"}, TypeError, "r_min must be a real number"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """Each bad argument raises an error naming it and its value."""
        with pytest.raises(error, match=match):
            data.ring(**{"seed": 0, **kwargs})


class TestFunctionSamples:
    def test_default_is_the_parabola(self):
        """By default x1 is uniform in [-0.5, 0.5] and x2 = x1 squared."""
        points = data.function_samples(2000, seed=0)
        assert points.shape == (2000, 2)
        assert points.dtype == np.float32
        assert points[:, 0].min() >= -0.5
        assert points[:, 0].max() <= 0.5
        np.testing.assert_allclose(points[:, 1], points[:, 0] ** 2, rtol=1e-6)

    def test_any_vectorised_function_and_range(self):
        """Any vectorised f and interval can be used."""
        points = data.function_samples(100, np.sin, low=0.0, high=3.0, seed=1)
        assert points[:, 0].min() >= 0.0
        assert points[:, 0].max() <= 3.0
        np.testing.assert_allclose(points[:, 1], np.sin(points[:, 0]), rtol=1e-5, atol=1e-6)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"n": 0}, ValueError, "n must be >= 1"),
            ({"low": 1.0, "high": 1.0}, ValueError, "low must be < high"),
            ({"f": "square"}, TypeError, "f must be callable"),
            ({"f": lambda x: x.sum()}, ValueError, "one value per input"),
            ({"f": lambda x: np.stack([x, x])}, ValueError, "returned shape"),
            ({"f": np.log, "low": -1.0, "high": 1.0}, ValueError, "finite values"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """Bad sizes, ranges and functions raise errors naming the argument."""
        with (
            np.errstate(invalid="ignore", divide="ignore"),
            pytest.raises(error, match=match),
        ):
            data.function_samples(**{"n": 10, "seed": 0, **kwargs})


class TestGaussianModes:
    def test_centres_on_the_circle(self):
        """The centres lie on the circle, evenly spaced, the first on the x axis."""
        centres = data.mode_centres(8, 2.0)
        np.testing.assert_allclose(np.hypot(*centres.T), 2.0)
        np.testing.assert_allclose(centres[0], [2.0, 0.0], atol=1e-12)
        np.testing.assert_allclose(np.linalg.norm(centres[1] - centres[0]), 4 * np.sin(np.pi / 8))

    def test_equal_modes_of_the_given_width(self):
        """Points fall on each mode in equal shares, with the given standard deviation."""
        points = data.gaussian_modes(40_000, modes=4, radius=3.0, width=0.2, seed=0)
        assert points.shape == (40_000, 2) and points.dtype == np.float32
        centres = data.mode_centres(4, 3.0)
        nearest = np.argmin(np.linalg.norm(points[:, None] - centres[None], axis=2), axis=1)
        np.testing.assert_allclose(np.bincount(nearest) / 40_000, 0.25, atol=0.01)
        offsets = points - centres[nearest]
        np.testing.assert_allclose(offsets.std(axis=0), 0.2, rtol=0.03)

    def test_seeded_reproducibility(self):
        """The same seed gives the same points, another seed others."""
        first = data.gaussian_modes(10, seed=3)
        np.testing.assert_array_equal(first, data.gaussian_modes(10, seed=3))
        assert not np.array_equal(first, data.gaussian_modes(10, seed=4))

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"n": 0}, ValueError, "n must be >= 1"),
            ({"modes": 1}, ValueError, "modes must be >= 2"),
            ({"modes": 2.5}, TypeError, "modes must be an integer"),
            ({"radius": 0.0}, ValueError, "radius must be > 0"),
            ({"width": -0.1}, ValueError, "width must be > 0"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """Each bad argument raises an error that names it."""
        with pytest.raises(error, match=match):
            data.gaussian_modes(**{"n": 10, "seed": 0, **kwargs})


def first_batches(dataset, count: int = 3) -> list[np.ndarray]:
    """Return the first `count` batches of a dataset as numpy arrays."""
    return [batch.numpy() for batch in dataset.take(count)]


class TestFunctionBatches:
    def test_shape_and_values_on_the_parabola(self):
        """By default each batch is (batch_size, 2) float32 points on x2 = x1**2, |x1| <= 0.5."""
        for batch in first_batches(data.function_batches(64, seed=0)):
            assert batch.shape == (64, 2) and batch.dtype == np.float32
            assert batch[:, 0].min() >= -0.5 and batch[:, 0].max() <= 0.5
            np.testing.assert_allclose(batch[:, 1], batch[:, 0] ** 2, rtol=1e-6)

    def test_any_traceable_function_and_range(self):
        """A keras.ops function and another interval give points on that curve in [low, high]."""
        dataset = data.function_batches(500, keras.ops.sin, low=0.0, high=3.0, seed=1)
        (batch,) = first_batches(dataset, 1)
        assert batch[:, 0].min() >= 0.0 and batch[:, 0].max() <= 3.0
        assert batch[:, 0].max() - batch[:, 0].min() > 2.9  # x1 fills the interval
        np.testing.assert_allclose(batch[:, 1], np.sin(batch[:, 0]), rtol=1e-5, atol=1e-6)

    def test_reproducible_from_the_seed(self):
        """The same seed gives the same stream, another seed another; batches differ."""
        first = first_batches(data.function_batches(16, seed=3))
        again = first_batches(data.function_batches(16, seed=3))
        other = first_batches(data.function_batches(16, seed=4))
        for a, b, c in zip(first, again, other, strict=True):
            np.testing.assert_array_equal(a, b)
            assert not np.array_equal(a, c)
        assert not np.array_equal(first[0], first[1])

    def test_endless(self):
        """The stream does not end: it has no known size."""
        dataset = data.function_batches(4, seed=0)
        assert dataset.cardinality().numpy() == tf.data.INFINITE_CARDINALITY

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
            ({"batch_size": 2.0}, TypeError, "batch_size must be an integer"),
            ({"low": 1.0, "high": 1.0}, ValueError, "low must be < high"),
            ({"high": float("nan")}, ValueError, "high must be finite"),
            ({"f": "square"}, TypeError, "f must be callable"),
            ({"f": keras.ops.sum}, ValueError, "f must return one value per input"),
            ({"f": lambda x: x[:, 0]}, ValueError, r"returned shape \(8,\)"),
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            ({"seed": None}, TypeError, "seed must be an integer"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """Bad sizes, ranges, functions and seeds raise an error naming the argument."""
        with pytest.raises(error, match=match):
            data.function_batches(**{"batch_size": 8, "seed": 0, **kwargs})

    def test_numpy_function_names_f(self):
        """A NumPy function, which cannot trace, raises TypeError naming f."""
        with pytest.raises(TypeError, match="f must"):
            data.function_batches(8, np.square, seed=0)


#: Sample size of the checks against the exact law, and the KS distance a sample of that size
#: exceeds with probability about 0.001 (1.95 / sqrt(n)).
TOY_N = 100_000
TOY_KS = 1.95 / np.sqrt(TOY_N)


class TestCalorimeter:
    def test_energies_follow_the_inverse_square_spectrum(self):
        """True energies lie in [10, 100] GeV with the E^-2 law's CDF."""
        energies = data.calorimeter_energies(TOY_N, seed=3)
        assert energies.shape == (TOY_N,)
        assert energies.min() >= 10.0 and energies.max() <= 100.0
        cdf = lambda e: (1 / 10 - 1 / e) / (1 / 10 - 1 / 100)  # noqa: E731
        assert stats.kstest(energies, cdf).statistic < TOY_KS

    @pytest.mark.parametrize("energy", [11.0, 15.0, 22.0, 35.0, 60.0, 95.0, 150.0])
    def test_exact_cdf_matches_the_sampler_at_each_energy(self, energy):
        """The PIT of 20,000 sampled responses through the exact CDF is uniform at each energy,
        to the KS distance such a sample exceeds with probability about 0.001."""
        n = 20_000
        responses = data.calorimeter_response(np.full(n, energy), seed=int(energy))
        pit = data.calorimeter_cdf(responses, energy)
        assert stats.kstest(pit, "uniform").statistic < 1.95 / np.sqrt(n)

    def test_exact_cdf_matches_the_sampler_over_the_spectrum(self):
        """Over the whole spectrum, F(R | E) of the sampled pairs is uniform."""
        energies, responses = data.calorimeter(TOY_N, seed=7)
        pit = data.calorimeter_cdf(responses, energies)
        assert stats.kstest(pit, "uniform").statistic < TOY_KS

    @pytest.mark.parametrize("energy", [2.0, 3.5, 11.0, 95.0])
    @pytest.mark.parametrize("response", [0.05, 0.4, 0.8, 0.95, 1.3])
    def test_exact_cdf_is_the_integral_over_the_lost_fraction(self, energy, response):
        """F(r | E) = (1 - p) F_G(r) + p times the integral over T ~ Beta(1, 3) of
        F_G(r / (1 - T)), done here by adaptive quadrature: in the closed form's range
        (Gamma shape > 3) and below it (2 and 3.5 GeV), where the package uses Gauss-Legendre."""
        shape = (data.response_mean(energy)[0] / data.response_resolution(energy)[0]) ** 2
        scale = data.response_resolution(energy)[0] ** 2 / data.response_mean(energy)[0]
        core = stats.gamma(shape, scale=scale).cdf
        leaked, _ = integrate.quad(
            lambda t: core(response / (1 - t)) * stats.beta(1, 3).pdf(t), 0, 1, limit=200
        )
        probability = data.leak_probability(energy)[0]
        expected = (1 - probability) * core(response) + probability * leaked
        assert data.calorimeter_cdf(response, energy)[0] == pytest.approx(expected, abs=1e-7)

    def test_cdf_is_zero_at_and_below_zero(self):
        """No response is negative: F(r) = 0 for r <= 0, and it rises to 1."""
        np.testing.assert_array_equal(data.calorimeter_cdf([-1.0, 0.0], 30.0), [0.0, 0.0])
        assert data.calorimeter_cdf(5.0, 30.0)[0] == pytest.approx(1.0, abs=1e-12)

    def test_responses_are_never_negative(self):
        """R = G (1 - B T) with G > 0 and T in [0, 1]: no response below 0, at any energy."""
        energies = np.geomspace(1.0, 1000.0, TOY_N)
        assert data.calorimeter_response(energies, seed=0).min() >= 0.0

    def test_core_and_leakage_follow_the_issue(self):
        """p(E) = 0.15 + 0.05 ln(E / 10), and a sample at one energy has the mean of G (1 - B T),
        (1 - p E[T]) mu = (1 - p / 4) mu, within five standard errors."""
        energy = 40.0
        responses = data.calorimeter_response(np.full(TOY_N, energy), seed=4)
        probability = 0.15 + 0.05 * np.log(4.0)
        assert data.leak_probability(energy)[0] == pytest.approx(probability)
        mean = (1 - probability * 0.25) * data.response_mean(energy)[0]
        error = responses.std() / np.sqrt(TOY_N)
        assert responses.mean() == pytest.approx(mean, abs=5 * error)

    def test_leakage_makes_the_low_tail(self):
        """About a fifth of the events leak: the 2 % quantile lies far below the core's."""
        energy = 60.0
        mean, sigma = data.response_mean(energy)[0], data.response_resolution(energy)[0]
        core_quantile = stats.gamma((mean / sigma) ** 2, scale=sigma**2 / mean).ppf(0.02)
        assert data.calorimeter_quantile(0.02, energy) < core_quantile - 0.1

    def test_mean_and_resolution(self):
        """mu and sigma are the issue's formulas."""
        np.testing.assert_allclose(data.response_mean([20.0]), 0.95 - 0.10 * np.exp(-1.0))
        np.testing.assert_allclose(data.response_resolution(100.0), np.sqrt(0.01 + 0.05**2))

    def test_quantile_inverts_the_cdf(self):
        """calorimeter_quantile returns the response whose CDF is the probability."""
        quantile = data.calorimeter_quantile(0.02, 30.0)
        assert data.calorimeter_cdf(quantile, 30.0)[0] == pytest.approx(0.02, abs=1e-9)

    def test_reproducible(self):
        """The same seed gives the same pairs; another seed, others."""
        first, again, other = (data.calorimeter(50, seed=seed) for seed in (1, 1, 2))
        np.testing.assert_array_equal(first[1], again[1])
        assert not np.array_equal(first[1], other[1])

    @pytest.mark.parametrize(
        ("energies", "error", "match"),
        [
            ([10.0, -1.0], ValueError, r"energies must be > 0 \(GeV\), got -1.0"),
            ([10.0, 0.0], ValueError, "energies must be > 0"),
            ([10.0, np.nan], ValueError, "energies must be finite"),
            ([[10.0], [20.0]], ValueError, r"energies must have shape \(n,\)"),
            ("ten", TypeError, "energies must be numbers"),
            (["10", "20"], TypeError, r"energies must be numbers \(GeV\), got str: '10'"),
            ([True, True], TypeError, "energies must be numbers .*, got booleans: True"),
            ([10, True], TypeError, "energies must be numbers .*, got booleans: True"),
            ([10 + 1j], TypeError, r"energies must be numbers .*, got complex: \(10\+1j\)"),
            (np.array([10 + 1j]), TypeError, "energies must be .*, got an array of complex"),
            (np.array([True]), TypeError, "energies must be numbers .*, got an array of booleans"),
            (None, TypeError, "energies must be numbers .*, got NoneType"),
        ],
    )
    def test_bad_energies(self, energies, error, match):
        """Energies that are not finite positive numbers in one dimension raise, naming them."""
        with pytest.raises(error, match=match):
            data.calorimeter_response(energies, seed=0)
        with pytest.raises(error, match=match):
            data.calorimeter_cdf(np.ones(2), energies)

    def test_integers_of_any_kind_are_energies(self):
        """Python and numpy integers and floats are energies alike."""
        mixed = [10, 20.0, np.int64(30), np.float32(40.0)]
        np.testing.assert_array_equal(
            data.calorimeter_response(mixed, seed=0),
            data.calorimeter_response(np.array([10.0, 20.0, 30.0, 40.0]), seed=0),
        )

    def test_mismatched_lengths(self):
        """Responses and energies of different lengths raise ValueError naming energies."""
        with pytest.raises(ValueError, match=r"energies must be one number or as many"):
            data.calorimeter_cdf([0.9, 1.0], [10.0, 20.0, 30.0])

    def test_bad_leak_probability_energies(self):
        """leak_probability checks its energies as the sampler does."""
        with pytest.raises(ValueError, match="energies must be > 0"):
            data.leak_probability([-1.0])

    def test_bad_responses(self):
        """Responses that are not finite or not one-dimensional raise, naming responses."""
        with pytest.raises(ValueError, match="responses must be finite"):
            data.calorimeter_cdf([0.9, np.nan], 30.0)
        with pytest.raises(ValueError, match=r"responses must have shape \(n,\)"):
            data.calorimeter_cdf([[0.9]], 30.0)

    def test_quantile_of_arrays(self):
        """Arrays give one quantile per pair, one probability may go with many energies (and
        the reverse), and each is the scalar call's value."""
        probabilities = np.array([1e-9, 0.02, 0.5, 0.98, 1 - 1e-12])
        energies = np.array([10.0, 11.0, 30.0, 60.0, 100.0])
        quantiles = data.calorimeter_quantile(probabilities, energies)
        assert quantiles.shape == (5,)
        np.testing.assert_allclose(
            data.calorimeter_cdf(quantiles, energies), probabilities, rtol=1e-6, atol=1e-12
        )
        medians = data.calorimeter_quantile(0.5, energies)
        assert medians[2] == pytest.approx(data.calorimeter_quantile(0.5, 30.0), abs=1e-12)
        spread = data.calorimeter_quantile(probabilities, 30.0)
        assert np.all(np.diff(spread) > 0)

    @pytest.mark.parametrize(
        ("probabilities", "energies", "error", "match"),
        [
            (0.0, 30.0, ValueError, r"probabilities must be in \(0, 1\), got 0.0"),
            (1.2, 30.0, ValueError, r"probabilities must be in \(0, 1\), got 1.2"),
            ([0.5, np.nan], 30.0, ValueError, "probabilities must be finite"),
            ("half", 30.0, TypeError, "probabilities must be numbers"),
            (0.5, -3, ValueError, "energies must be > 0"),
            ([0.1, 0.2], [10.0, 20.0, 30.0], ValueError, "energies must be one number or as many"),
        ],
    )
    def test_bad_quantile_arguments(self, probabilities, energies, error, match):
        """A probability outside (0, 1), a bad energy or lengths that differ raise, naming them."""
        with pytest.raises(error, match=match):
            data.calorimeter_quantile(probabilities, energies)


class TestSeeds:
    SAMPLERS = (
        lambda seed: data.ring(10, seed=seed),
        lambda seed: data.function_samples(10, seed=seed),
        lambda seed: data.gaussian_modes(10, seed=seed),
        lambda seed: data.calorimeter_energies(10, seed=seed),
        lambda seed: data.calorimeter_response([10.0, 20.0], seed=seed),
        lambda seed: data.calorimeter(10, seed=seed),
    )

    @pytest.mark.parametrize("sampler", SAMPLERS)
    @pytest.mark.parametrize(
        ("seed", "error", "match"),
        [
            ("a", TypeError, r"seed must be an integer >= 0, .* got 'a' \(str\)"),
            (0.5, TypeError, r"seed must be an integer >= 0, .* got 0.5 \(float\)"),
            (True, TypeError, r"seed must be an integer >= 0, .* got True \(bool\)"),
            (-1, ValueError, "seed must be >= 0, got -1"),
        ],
    )
    def test_bad_seed(self, sampler, seed, error, match):
        """A seed numpy would refuse in its own words is refused naming seed."""
        with pytest.raises(error, match=match):
            sampler(seed)

    @pytest.mark.parametrize("sampler", SAMPLERS)
    def test_numpy_seeds(self, sampler):
        """numpy's integers and sequences of integers seed the draw as Python's do."""

        def flat(drawn):
            parts = drawn if isinstance(drawn, tuple) else (drawn,)
            return np.concatenate([np.ravel(part) for part in parts])

        np.testing.assert_array_equal(flat(sampler(3)), flat(sampler(np.int64(3))))
        np.testing.assert_array_equal(flat(sampler([3, 4])), flat(sampler((3, np.int64(4)))))
        assert not np.array_equal(flat(sampler([3, 4])), flat(sampler([3, 5])))
