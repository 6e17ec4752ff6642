"""Tests of aegan.scores: the course's scores of rings, curves and simulators, and its bars."""

from typing import ClassVar

import keras
import numpy as np
import pytest
from scipy import special

from aegan import data, flow, scores, simulation, stats


class TestReconstructionDistance:
    def test_euclidean_distance_per_event(self):
        """Each entry is the Euclidean distance between an event and its reconstruction."""
        events = np.array([[0.0, 0.0], [1.0, 1.0]])
        reconstructions = np.array([[3.0, 4.0], [1.0, 1.0]])
        np.testing.assert_allclose(
            scores.reconstruction_distance(events, reconstructions), [5.0, 0.0]
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
            scores.reconstruction_distance(np.zeros((2, 2)), reconstructions)


class TestRingDistanceFloor:
    def test_uniform_radius_gives_a_quarter_of_the_width(self):
        """For R uniform in (0.95, 1.05) the floor is close to 0.1 / 4 = 0.025."""
        floor = scores.ring_distance_floor(data.ring(100_000, seed=0))
        assert floor == pytest.approx(0.025, abs=2e-4)

    def test_mean_absolute_deviation_from_the_median(self):
        """On three radii 1, 2, 4 the floor is (1 + 0 + 2) / 3, at any angles."""
        angles = np.array([0.3, 2.0, 4.0])
        radii = np.array([1.0, 2.0, 4.0])
        events = np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)
        assert scores.ring_distance_floor(events) == pytest.approx(1.0)

    def test_bad_events(self):
        """Events that are not (n, 2) raise ValueError naming events."""
        with pytest.raises(ValueError, match=r"events must have shape \(n, 2\)"):
            scores.ring_distance_floor(np.zeros((4, 3)))


class TestAngularCoverage:
    def test_full_circle(self):
        """A finely sampled circle covers the whole turn."""
        angles = np.linspace(0, 2 * np.pi, 1001)
        circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
        assert scores.angular_coverage(circle) == 1.0

    def test_half_circle(self):
        """An upper half circle covers half of the turn, at any radius."""
        angles = np.linspace(0.001, np.pi - 0.001, 1001)
        half = 3.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
        assert scores.angular_coverage(half) == pytest.approx(0.5)

    def test_one_point_covers_one_sector(self):
        """A single point covers one sector of the given number."""
        assert scores.angular_coverage([[0.0, -1.0]], bins=4) == 0.25

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
            scores.angular_coverage(**arguments)


def polar(radii, angles):
    """Return events at the given radii and polar angles."""
    radii, angles = np.asarray(radii, dtype=float), np.asarray(angles, dtype=float)
    return np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)


class TestFractionInRing:
    def test_counts_the_open_ring_band(self):
        """By default the band is the real ring's, 0.95 < R < 1.05, open at both ends: radii
        0.5, 0.95, 0.96, 1.04, 1.05 and 1.2 give 2 of 6."""
        assert scores.RING_BAND == (0.95, 1.05)
        events = polar([0.5, 0.95, 0.96, 1.04, 1.05, 1.2], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
        assert scores.fraction_in_ring(events) == pytest.approx(2 / 6)

    def test_other_bounds(self):
        """The bounds given are used."""
        events = polar([0.5, 0.95, 1.05, 1.2], [0.0, 1.0, 2.0, 3.0])
        assert scores.fraction_in_ring(events, 0.4, 1.3) == pytest.approx(1.0)

    def test_real_ring_is_inside(self):
        """All real ring events lie inside the band."""
        assert scores.fraction_in_ring(data.ring(500, seed=0)) == 1.0

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
            scores.fraction_in_ring(**arguments)


class TestAngleKs:
    def test_even_angles(self):
        """Evenly spread angles are at KS distance 1/n from uniform."""
        angles = -np.pi + 2 * np.pi * (np.arange(1000) + 0.5) / 1000
        assert scores.angle_ks(polar(np.ones(1000), angles)) == pytest.approx(0.0005, abs=1e-6)

    def test_half_ring(self):
        """Events on the upper half only are at KS distance 1/2."""
        angles = np.linspace(0.001, np.pi - 0.001, 1000)
        assert scores.angle_ks(polar(np.ones(1000), angles)) == pytest.approx(0.5, abs=0.01)

    def test_radius_does_not_matter(self):
        """Only the angle counts, not the radius."""
        angles = np.linspace(-3.0, 3.0, 50)
        assert scores.angle_ks(polar(np.ones(50), angles)) == pytest.approx(
            scores.angle_ks(polar(np.linspace(0.1, 5.0, 50), angles))
        )

    def test_bad_shape(self):
        """Events that are not (n, 2) raise ValueError naming events."""
        with pytest.raises(ValueError, match="events"):
            scores.angle_ks(np.zeros(5))


class TestRingGenerationScores:
    def test_real_events_score_as_real(self):
        """Fresh real events: all in the ring, even angles, real spread, energy at the floor."""
        result = scores.ring_generation_scores(data.ring(1000, seed=10), seed=0)
        assert set(result) == {
            "in_ring",
            "angle_ks",
            "radius_ks",
            "c2st_auc",
            "c2st_error",
            "radius_median",
            "radius_iqr",
            "energy",
            "energy_floor",
            "energy_ratio",
        }
        assert result["in_ring"] == 1.0
        assert result["angle_ks"] < 0.05
        assert result["radius_median"] == pytest.approx(1.0, abs=0.01)
        assert result["radius_iqr"] == pytest.approx(0.05, abs=0.005)
        assert result["energy_ratio"] < 3.0
        assert result["energy_ratio"] == pytest.approx(result["energy"] / result["energy_floor"])
        assert abs(result["c2st_auc"] - 0.5) < 4 * result["c2st_error"]

    def test_thin_ring_is_caught_by_the_c2st(self):
        """A ring 60 % as thick as the real one (radii uniform in 0.97-1.03), all of it in the
        band and at even angles, is told from real events by the classifier."""
        events = ring_of_radii(np.random.default_rng(1).uniform(0.97, 1.03, 5000))
        result = scores.ring_generation_scores(events, seed=0)
        assert result["in_ring"] == 1.0
        assert result["angle_ks"] < scores.MAX_ANGLE_KS
        assert result["c2st_auc"] > 0.5 + 10 * result["c2st_error"]

    def test_half_ring_is_seen(self):
        """Events on half of the ring are in the ring but fail the angle and energy scores."""
        events = data.ring(1000, seed=10)
        events[:, 1] = np.abs(events[:, 1])
        result = scores.ring_generation_scores(events, seed=0)
        assert result["in_ring"] == 1.0
        assert result["angle_ks"] > 0.4
        assert result["energy_ratio"] > 10.0

    def test_thin_circle_has_no_thickness(self):
        """Events on a circle of radius 0.95 have median radius 0.95 and no thickness."""
        events = polar(np.full(200, 0.95), np.linspace(-3.0, 3.0, 200))
        result = scores.ring_generation_scores(events, seed=0)
        assert result["radius_median"] == pytest.approx(0.95)
        assert result["radius_iqr"] < 1e-9

    def test_energy_uses_first_events(self):
        """energy_n limits the energy distance to the first events: the rest do not count."""
        events = np.concatenate([data.ring(300, seed=1), np.full((300, 2), 5.0)])
        few = scores.ring_generation_scores(events, energy_n=300, seed=0)
        every = scores.ring_generation_scores(events, energy_n=600, seed=0)
        assert few["energy_ratio"] < 3.0 < every["energy_ratio"]

    def test_seeded(self):
        """The same seed gives the same scores."""
        events = data.ring(300, seed=3) * 1.02
        first = scores.ring_generation_scores(events, seed=5)
        assert first == scores.ring_generation_scores(events, seed=5)

    @pytest.mark.parametrize(
        ("arguments", "name"),
        [
            ({"events": np.ones((19, 2))}, "events must hold at least 20"),
            ({"events": np.ones((5, 3))}, "events"),
            ({"events": np.full((25, 2), np.nan)}, "events must be finite"),
            ({"energy_n": 1}, "energy_n"),
        ],
    )
    def test_bad_values(self, arguments, name):
        """Fewer than 20 events, the wrong shape, or energy_n < 2 raise ValueError naming them."""
        arguments = {"events": np.ones((25, 2)), **arguments}
        with pytest.raises(ValueError, match=name):
            scores.ring_generation_scores(**arguments, seed=0)


def ring_of_radii(radii, seed: int = 0) -> np.ndarray:
    """Return points at the given radii and at uniform random angles."""
    angles = np.random.default_rng(seed).uniform(-np.pi, np.pi, len(radii))
    return np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])


class TestRadiusKs:
    def test_real_ring_is_close(self):
        """5000 real ring events are within the KS noise (about 1.36 / sqrt(n)) of the law."""
        assert scores.radius_ks(data.ring(5000, seed=0)) < 1.36 / np.sqrt(5000)

    def test_thin_ring_is_far(self):
        """A ring of the right radius but half the thickness is a quarter away from the law."""
        radii = np.random.default_rng(1).uniform(0.975, 1.025, 5000)
        assert scores.radius_ks(ring_of_radii(radii)) == pytest.approx(0.25, abs=0.02)

    def test_bounds_are_arguments(self):
        """Radii uniform in (2, 3) match r_min=2, r_max=3 and lie wholly outside the default."""
        events = ring_of_radii(np.random.default_rng(2).uniform(2.0, 3.0, 2000))
        assert scores.radius_ks(events, 2.0, 3.0) < 0.05
        assert scores.radius_ks(events) == pytest.approx(1.0)

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
            scores.radius_ks(events, *bounds)


class TestCurveResidual:
    def test_zero_on_the_curve(self):
        """Points drawn on the curve have a residual of (float32) zero."""
        points = data.function_samples(200, seed=0)
        assert scores.curve_residual(points) < 1e-7

    def test_mean_vertical_gap(self):
        """Points shifted up by 0.1 and down by 0.3 have a residual of 0.2."""
        points = np.array([[0.0, 0.1], [0.5, 0.25 - 0.3]])
        assert scores.curve_residual(points) == pytest.approx(0.2)

    def test_other_function(self):
        """The residual is measured against the function given."""
        points = data.function_samples(100, np.sin, 0.0, 3.0, seed=1)
        assert scores.curve_residual(points, np.sin) < 1e-6
        assert scores.curve_residual(points) > 0.1

    @pytest.mark.parametrize("points", [np.zeros((4, 3)), np.zeros(4), np.zeros((0, 2))])
    def test_bad_shape(self, points):
        """Points that are not (n, 2) with n >= 1 raise ValueError naming points."""
        with pytest.raises(ValueError, match="points"):
            scores.curve_residual(points)

    def test_bad_function(self):
        """A function that does not return one value per input raises ValueError naming f."""
        with pytest.raises(ValueError, match="f must return"):
            scores.curve_residual(np.zeros((4, 2)), lambda x: x[:2])
        with pytest.raises(TypeError, match="f must be callable"):
            scores.curve_residual(np.zeros((4, 2)), 3.0)


class TestGanScores:
    def test_real_points_score_as_real(self):
        """Fresh real points sit on the curve, near uniform, at about the energy noise floor."""
        result = scores.gan_scores(data.function_samples(1000, seed=10), seed=0)
        assert set(result) == {"residual", "ks", "energy", "energy_floor", "energy_ratio"}
        assert result["residual"] < 1e-7
        assert result["ks"] < 0.05
        assert result["energy_ratio"] < 3.0
        assert result["energy_ratio"] == pytest.approx(result["energy"] / result["energy_floor"])

    def test_wrong_law_is_seen(self):
        """Points on the curve but only on its right half fail the KS and energy scores."""
        points = data.function_samples(1000, low=0.0, high=0.5, seed=10)
        result = scores.gan_scores(points, seed=0)
        assert result["residual"] < 1e-7
        assert result["ks"] > 0.4
        assert result["energy_ratio"] > 10.0

    def test_seeded(self):
        """The same seed gives the same scores."""
        points = data.function_samples(300, seed=3) + 0.01
        assert scores.gan_scores(points, seed=4) == scores.gan_scores(points, seed=4)

    def test_bad_points(self):
        """Points that are not (n, 2) raise ValueError naming points."""
        with pytest.raises(ValueError, match="points"):
            scores.gan_scores(np.zeros((5, 3)), seed=0)


class TestGanScoresTable:
    def test_one_line_per_label(self):
        """The table has a header and one line per label with its three scores."""
        row = {
            "residual": 0.00123,
            "ks": 0.0456,
            "energy": 1.0,
            "energy_floor": 0.5,
            "energy_ratio": 2.0,
        }
        table = scores.gan_scores_table({"first": row, "a longer label": row})
        lines = table.splitlines()
        assert len(lines) == 3
        assert lines[1].split() == ["first", "0.0012", "0.046", "2.0"]
        assert lines[2].startswith("a longer label")

    def test_empty(self):
        """An empty dict raises ValueError naming rows."""
        with pytest.raises(ValueError, match="rows"):
            scores.gan_scores_table({})


class TestThresholds:
    def test_ks_bars_are_what_their_comments_say(self):
        """The GAN's KS bar is the 5 % critical value at its 2,000 points; the ring's angle and
        radius bars lie well above the critical value at 5,000 events (course targets)."""
        assert pytest.approx(stats.ks_critical(scores.GAN_POINTS), abs=5e-4) == scores.MAX_GAN_KS
        assert 2 * stats.ks_critical(scores.RING_EVENTS) < scores.MAX_ANGLE_KS
        assert 4 * stats.ks_critical(scores.VALIDATION_EVENTS) < scores.MAX_PIT_KS

    def test_c2st_bar_is_in_null_standard_errors(self):
        """0.505 is between 2.5 and 3 null standard errors above 0.5 at 100,000 pairs a side."""
        held_out = scores.VALIDATION_PAIRS // 2
        error = np.sqrt((2 * held_out + 1) / (12 * held_out**2))
        assert 2.5 < (scores.MAX_C2ST_AUC - 0.5) / error < 3.0

    def test_ring_distance_bar_is_the_band_width(self):
        """The ring autoencoder's bar is the width of the ring band."""
        assert pytest.approx(scores.RING_BAND[1] - scores.RING_BAND[0]) == scores.MAX_RING_DISTANCE


class TestFailures:
    def test_ring_failures(self):
        """Each ring criterion is named when missed; none when all are met."""
        good = {"in_ring": 0.96, "angle_ks": 0.02, "radius_ks": 0.03}
        assert scores.ring_failures(good) == []
        failures = scores.ring_failures({"in_ring": 0.437, "angle_ks": 0.06, "radius_ks": 0.2})
        assert [failure.split()[0] for failure in failures] == ["in", "angle", "radius"]
        assert scores.ring_failures({"in_ring": 0.95, "angle_ks": 0.05}) == []

    def test_ring_failures_needs_its_keys(self):
        """A dict without in_ring or angle_ks raises ValueError naming scores."""
        with pytest.raises(ValueError, match="scores must hold"):
            scores.ring_failures({"in_ring": 1.0})

    @pytest.mark.parametrize("value", ["0.99", None, True])
    def test_ring_failures_needs_numbers(self, value):
        """A score that is not a real number raises TypeError naming it (NaN is one: it fails)."""
        with pytest.raises(TypeError, match=r"scores\['in_ring'\] must be a real number"):
            scores.ring_failures({"in_ring": value, "angle_ks": 0.02})
        assert scores.ring_failures({"in_ring": float("nan"), "angle_ks": 0.02}) != []

    def test_gan_failures(self):
        """Each GAN threshold is named when missed, NaN included."""
        good = {"residual": 0.004, "ks": 0.03, "energy_ratio": 2.0}
        assert scores.gan_failures(good) == []
        bad = scores.gan_failures({"residual": 0.006, "ks": np.nan, "energy_ratio": 3.1})
        assert [failure.split()[0] for failure in bad] == ["residual", "ks", "energy_ratio"]
        with pytest.raises(ValueError, match="missing"):
            scores.gan_failures({"residual": 0.0})


class TestGanScoresForTheChecker:
    def test_given_reference_and_floor(self):
        """A given reference and floor are used as they are."""
        points = data.function_samples(500, seed=1)
        reference = data.function_samples(500, seed=2)
        result = scores.gan_scores(points, reference=reference, floor=0.01, seed=0)
        assert result["energy"] == pytest.approx(stats.energy_distance(points, reference))
        assert result["energy_ratio"] == pytest.approx(result["energy"] / 0.01)

    def test_undefined_function_gives_an_infinite_residual_if_not_strict(self):
        """Where f is undefined (log of a negative) the gap is infinite when strict=False, and
        an error naming f otherwise."""
        points = np.array([[-1.0, 0.0], [1.0, 0.0]])
        assert scores.curve_gaps(points, np.log, strict=False).tolist() == [np.inf, 0.0]
        with pytest.raises(ValueError, match="f must return finite values"):
            scores.curve_gaps(points, np.log)

    def test_bad_floor(self):
        """A floor that is not > 0 raises ValueError naming floor."""
        with pytest.raises(ValueError, match="floor must be > 0"):
            scores.gan_scores(data.function_samples(50, seed=1), floor=0.0, seed=0)


def true_sampler(seed):
    """Return sample(energy, n): true responses of the toy, from one generator."""
    rng = np.random.default_rng(seed)
    return lambda energy, n: data.calorimeter_response(np.full(n, energy), seed=rng)


class TestPitDistances:
    def test_true_responses_pass(self):
        """The toy's own responses meet the PIT bar, as a perfect simulator should."""
        distances = scores.pit_distances(true_sampler(0))
        assert list(distances) == list(scores.TEST_ENERGIES)
        assert scores.pit_passes(distances)

    def test_a_wrong_law_fails(self):
        """Responses without leakage (the Gamma core alone) fail, at every energy."""
        rng = np.random.default_rng(0)

        def core_only(energy, n):
            mean, sigma = data.response_mean(energy)[0], data.response_resolution(energy)[0]
            return rng.gamma((mean / sigma) ** 2, sigma**2 / mean, size=n)

        distances = scores.pit_distances(core_only)
        assert min(distances.values()) > 0.05
        assert not scores.pit_passes(distances)

    def test_pit_passes_needs_both_the_largest_and_the_mean(self):
        """One distance over 0.03, or a mean over 0.02, fails."""
        assert scores.pit_passes({11.0: 0.03, 15.0: 0.01})
        assert not scores.pit_passes({11.0: 0.031, 15.0: 0.001})
        assert not scores.pit_passes({11.0: 0.025, 15.0: 0.025})

    @pytest.mark.parametrize(
        ("distances", "error", "match"),
        [
            ({}, ValueError, "distances must hold at least one"),
            ([0.01], TypeError, "distances must be a dict"),
            ({11.0: np.nan}, ValueError, "distances must be finite"),
            ({11.0: 1.5}, ValueError, r"distances must be KS distances in \[0, 1\]"),
        ],
    )
    def test_pit_passes_bad_input(self, distances, error, match):
        """No distances, a list, NaN or a distance outside [0, 1] raise, naming distances."""
        with pytest.raises(error, match=match):
            scores.pit_passes(distances)

    def test_sample_of_the_wrong_size(self):
        """A sample function that returns another number of responses is refused."""
        with pytest.raises(ValueError, match="sample must return 100 responses"):
            scores.pit_distances(lambda energy, n: np.ones(n - 1), n=100)


class TestCoreWidth:
    def test_normal_core_gives_sigma(self):
        """For a normal sample the width is its sigma (the 1.2816 divides out)."""
        sample = np.random.default_rng(0).normal(1.0, 0.2, 400_000)
        assert scores.core_width(sample) == pytest.approx(0.2, rel=0.01)

    @pytest.mark.parametrize("energy", [11.0, 35.0, 95.0])
    def test_true_samples_scatter_about_the_exact_width(self, energy):
        """On 40 true samples of 50,000 the ratio to the exact width averages 1 (within 4
        standard errors of the mean) and scatters by less than 1.5 %: the bar of 4 % is far
        outside what chance gives."""
        rng = np.random.default_rng(int(energy))
        exact = scores.exact_core_width(energy)
        ratios = np.array(
            [
                scores.core_width(data.calorimeter_response(np.full(50_000, energy), seed=rng))
                / exact
                for _ in range(40)
            ]
        )
        assert ratios.std(ddof=1) < 0.015
        assert abs(ratios.mean() - 1) < 4 * ratios.std(ddof=1) / np.sqrt(40)

    def test_narrower_core_is_seen(self):
        """Responses squeezed 5 % towards their median give a width 5 % smaller."""
        responses = data.calorimeter_response(np.full(50_000, 60.0), seed=1)
        median = np.median(responses)
        squeezed = median + 0.95 * (responses - median)
        assert scores.core_width(squeezed) / scores.core_width(responses) == pytest.approx(0.95)

    def test_bad_input(self):
        """Fewer than 100 responses, NaN, or a bad energy raise ValueError by name."""
        with pytest.raises(ValueError, match="responses must hold at least 100"):
            scores.core_width(np.ones(99))
        with pytest.raises(ValueError, match="responses must be finite"):
            scores.core_width(np.full(200, np.nan))
        with pytest.raises(ValueError, match="energy must be > 0"):
            scores.exact_core_width(-1.0)


def squeezed_simulator(factor: float, shift: float = 0.0, *, seed: int):
    """Return a simulator that draws true responses and squeezes them towards the exact
    median by `factor`, then shifts them by `shift`: a core too narrow (or too wide)."""
    truth = scores.truth_simulator(seed=seed)
    grid = np.geomspace(5.0, 200.0, 60)
    medians = [data.calorimeter_quantile(0.5, energy) for energy in grid]

    def simulate(energies):
        energies = np.asarray(energies, dtype=np.float64)
        responses = truth(energies)[:, 0] / energies[:, 0]
        median = np.interp(np.log(energies[:, 0]), np.log(grid), medians)
        return (energies[:, 0] * (median + factor * (responses - median) + shift))[:, None]

    return simulate


class TestPerfectFlowSimulator:
    def test_maps_the_flow_simulators_own_noise(self):
        """Call for call, it maps the very noise a flow simulator of the same seed draws: a
        field that never moves (v = 0) and a unit scale make that simulator return E z, and
        the perfect flow's responses have PIT Phi(z). Another seed draws other noise."""
        velocity = flow.build_velocity_field(1, (8,), condition_dim=1, seed=0)
        for weight in velocity.weights:
            weight.assign(np.zeros(weight.shape))
        unit = simulation.ResponseScale((0.0, 0.0, 0.0), 0.0, 1.0)
        still = flow.build_simulator(velocity, unit, steps=2, method="euler", seed=3)
        perfect = scores.perfect_flow_simulator(seed=3)
        other = scores.perfect_flow_simulator(seed=4)
        energies = data.calorimeter_energies(2000, seed=1)
        for _ in range(2):  # the second call draws the next noise, for both
            noise = scores.reconstruct(still, energies)
            pit = data.calorimeter_cdf(scores.reconstruct(perfect, energies), energies)
            np.testing.assert_allclose(pit, special.ndtr(noise), atol=1e-6)
            elsewhere = data.calorimeter_cdf(scores.reconstruct(other, energies), energies)
            assert np.abs(elsewhere - special.ndtr(noise)).max() > 0.5

    def test_draws_the_exact_law(self):
        """Its responses follow the toy's law: uniform PIT at a test energy."""
        simulate = scores.perfect_flow_simulator(seed=0)
        responses = scores.reconstruct(simulate, np.full(20_000, 15.0))
        pit = data.calorimeter_cdf(responses, 15.0)
        assert stats.ks_uniform(pit, 0.0, 1.0) < stats.ks_critical(20_000, level=0.001)

    def test_bad_seed(self):
        """A seed that is not an integer >= 0 raises, naming it."""
        with pytest.raises(ValueError, match="seed must be"):
            scores.perfect_flow_simulator(seed=-1)
        with pytest.raises(TypeError, match="seed must be"):
            scores.perfect_flow_simulator(seed=0.5)


@pytest.fixture(scope="module")
def null_validation():
    """The validation of true samples at the bar's sizes: the null."""
    return scores.validate_simulator(scores.truth_simulator(seed=1), seed=2)


class TestMeetsCoreBar:
    GOOD: ClassVar = {"max_ks": 0.02, "mean_ks": 0.012, "worst_width": 0.03, "worst_median": 0.005}

    def test_each_criterion_can_fail_alone(self):
        """Passing numbers pass; pushing any one past its threshold fails; the C2ST is ignored."""
        assert scores.meets_core_bar(self.GOOD)
        assert scores.meets_core_bar({**self.GOOD, "c2st_auc": 0.9})
        beyond = {
            "max_ks": scores.MAX_PIT_KS,
            "mean_ks": scores.MEAN_PIT_KS,
            "worst_width": scores.MAX_WIDTH_DEVIATION,
            "worst_median": scores.MAX_MEDIAN_DEVIATION,
        }
        for key, threshold in beyond.items():
            assert scores.meets_core_bar({**self.GOOD, key: threshold})  # at the bar: passes
            assert not scores.meets_core_bar({**self.GOOD, key: threshold * 1.01})

    def test_bad_summaries_are_named(self):
        """A missing key, a negative or NaN value, or not a mapping: clear errors."""
        with pytest.raises(ValueError, match="missing worst_median"):
            scores.meets_core_bar({key: 0.0 for key in list(self.GOOD)[:3]})
        with pytest.raises(ValueError, match=">= 0"):
            scores.meets_core_bar({**self.GOOD, "worst_width": -0.1})
        with pytest.raises(ValueError, match="summary must be finite"):
            scores.meets_core_bar({**self.GOOD, "max_ks": float("nan")})
        with pytest.raises(TypeError, match="summary must be a mapping"):
            scores.meets_core_bar([0.02, 0.01, 0.03, 0.005])


@pytest.mark.training
class TestValidateSimulator:
    def test_true_samples_pass_with_the_null_numbers(self, null_validation):
        """True samples of 50,000 per energy and 100,000 pairs meet the bar: PIT KS below the
        1 % critical value, medians within 4 errors, widths within 3 %, C2ST within 4 errors."""
        validation = null_validation
        assert validation.passes and validation.failures == []
        assert validation.energies.tolist() == list(scores.TEST_ENERGIES)
        assert validation.events == scores.VALIDATION_EVENTS
        assert np.all(validation.pit_ks < stats.ks_critical(validation.events, 0.01))
        assert np.all(np.abs(validation.median_deviation) < 4 * validation.median_error)
        assert np.all(np.abs(validation.width_ratio - 1) < 0.03)
        assert abs(validation.c2st.auc - 0.5) < 4 * validation.c2st.error
        assert validation.pairs == scores.VALIDATION_PAIRS

    def test_errors_are_the_scatter_of_true_samples(self, null_validation):
        """The bootstrap errors match what 50,000 true events give: the median's is
        sqrt(1/4 / n) / density (within 30 %), the width ratio's is below 1.5 %."""
        validation = null_validation
        for i, energy in enumerate(validation.energies):
            median = validation.exact_median[i]
            step = 1e-4
            density = (
                data.calorimeter_cdf(median + step, energy)[0]
                - data.calorimeter_cdf(median - step, energy)[0]
            ) / (2 * step)
            expected = np.sqrt(0.25 / validation.events) / density
            assert validation.median_error[i] == pytest.approx(expected, rel=0.3)
        assert np.all(validation.width_ratio_error < 0.015)

    def test_pit_histograms_and_tails(self, null_validation):
        """A row of PIT counts per energy summing to the events; tail quantiles near exact."""
        validation = null_validation
        assert validation.pit_histograms.shape == (6, 20)
        np.testing.assert_array_equal(validation.pit_histograms.sum(axis=1), validation.events)
        assert validation.tail.shape == validation.tail_error.shape == (6, 3)
        assert np.all(np.abs(validation.tail - validation.exact_tail) < 5 * validation.tail_error)
        assert np.all(validation.exact_tail[:, 0] < validation.exact_tail[:, 2])

    def test_a_core_six_percent_too_narrow_fails_on_the_width(self):
        """Squeezing the responses 6 % towards the median fails the width bar at every
        energy (and the criteria list says so), though the median is right."""
        validation = scores.validate_simulator(
            squeezed_simulator(0.94, seed=3), seed=4, events=20_000, pairs=20_000
        )
        assert not validation.passes
        failed = [c.name for c in validation.criteria if not c.passed]
        assert all(f"E = {e:g} GeV: core width" in " ".join(failed) for e in scores.TEST_ENERGIES)
        assert not any("median" in name for name in failed)
        assert np.all(validation.width_ratio < 0.96)
        assert "core width" in validation.table()

    def test_a_shifted_median_fails(self):
        """Responses shifted up by 0.02 fail the median bar at every energy."""
        validation = scores.validate_simulator(
            squeezed_simulator(1.0, 0.02, seed=3), seed=4, events=20_000, pairs=20_000
        )
        medians = [c for c in validation.criteria if "median" in c.name]
        assert len(medians) == 6 and not any(c.passed for c in medians)
        assert validation.c2st.auc > scores.MAX_C2ST_AUC

    def test_criteria_decide_the_verdict(self, null_validation):
        """Three criteria per energy, the mean PIT and the C2ST: 20, all passed for truth."""
        criteria = null_validation.criteria
        assert len(criteria) == 3 * 6 + 2
        assert all(isinstance(c.passed, bool) and isinstance(c.value, float) for c in criteria)
        assert null_validation.passes == all(c.passed for c in criteria)

    def test_counts_the_responses_at_or_below_zero(self, null_validation):
        """The toy never gives R <= 0; a simulator with a normal response of mean 1 and
        width 0.5 gives it with probability 2.28 %: the count follows, within 5 sigma."""
        assert null_validation.nonpositive == 0
        rng = np.random.default_rng(8)
        pairs = 20_000
        validation = scores.validate_simulator(
            lambda energies: energies * rng.normal(1.0, 0.5, size=energies.shape),
            seed=4,
            events=1000,
            pairs=pairs,
        )
        probability = 0.022750
        spread = np.sqrt(pairs * probability * (1 - probability))
        assert abs(validation.nonpositive - pairs * probability) < 5 * spread
        assert f"{validation.nonpositive:,} of 20,000" in validation.table()


class TestValidateSimulatorArguments:
    def test_a_keras_model_is_a_simulator(self):
        """A Keras model E -> 0.9 E gives responses of exactly 0.9."""
        inputs = keras.Input(shape=(1,))
        model = keras.Model(inputs, keras.layers.Rescaling(0.9)(inputs))
        responses = scores.reconstruct(model, np.array([11.0, 50.0]))
        np.testing.assert_allclose(responses, 0.9, rtol=1e-6)

    @pytest.mark.parametrize(
        ("simulator", "error", "match"),
        [
            (3.0, TypeError, "simulator must be callable"),
            (lambda e: np.ones((len(e), 2)), ValueError, r"output must have shape \(n, 1\)"),
            (lambda e: e[:-1], ValueError, "output must have 5 rows"),
            (lambda e: e * np.nan, ValueError, "output must be finite"),
        ],
    )
    def test_bad_simulators(self, simulator, error, match):
        """What is not a simulator of (n, 1) finite energies is refused by name."""
        with pytest.raises(error, match=match):
            scores.reconstruct(simulator, np.full(5, 30.0))

    @pytest.mark.parametrize(
        ("arguments", "error", "match"),
        [
            ({"events": 99}, ValueError, "events must be >= 100"),
            ({"pairs": 10}, ValueError, "pairs must be >= 20"),
            ({"bins": 1}, ValueError, "bins must be >= 2"),
            ({"resamples": 1}, ValueError, "resamples must be >= 2"),
            ({"energies": [30.0, -1.0]}, ValueError, "energies must be > 0"),
            ({"energies": [30.0, np.nan]}, ValueError, "energies must be finite"),
            ({"seed": -2}, ValueError, "seed must be >= 0"),
            ({"simulator": None}, TypeError, "simulator must be callable"),
        ],
    )
    def test_bad_arguments(self, arguments, error, match):
        """Sizes too small, bad energies or seed, no simulator: errors naming the argument."""
        arguments = {"simulator": scores.truth_simulator(seed=0), "seed": 0, **arguments}
        with pytest.raises(error, match=match):
            scores.validate_simulator(**arguments)


# scores.modes: quality and coverage of points drawn from separate modes (Lecture 4)


def centres():
    """Return the eight centres of the default ring of Gaussians."""
    return data.mode_centres(8, 2.0)


class TestNearestMode:
    def test_index_and_distance_of_the_nearest_centre(self):
        """Each point gets the index of its nearest centre and the distance to it."""
        points = np.array([[2.1, 0.0], [0.0, -1.5], [0.0, 0.0]])
        indices, distances = scores.nearest_mode(points, centres())
        assert indices[:2].tolist() == [0, 6]
        np.testing.assert_allclose(distances, [0.1, 0.5, 2.0])

    def test_mismatched_widths(self):
        """Centres of another width than the points raise ValueError naming centres."""
        with pytest.raises(ValueError, match=r"centres must have shape \(n, 2\)"):
            scores.nearest_mode(np.zeros((3, 2)), np.zeros((8, 3)))


class TestModeScores:
    def test_real_points_cover_every_mode(self):
        """2,000 real points: about 98.9 % on a mode, all eight modes covered."""
        points = data.gaussian_modes(2000, seed=0)
        result = scores.mode_scores(points, centres(), 0.1)
        assert result["quality"] == pytest.approx(1 - np.exp(-4.5), abs=0.01)
        assert result["modes_covered"] == result["modes"] == 8
        assert sum(result["counts"]) == round(result["quality"] * 2000)
        assert result["mean_distance"] == pytest.approx(np.sqrt(np.pi / 2), rel=0.05)

    def test_collapsed_points_are_good_but_cover_one_mode(self):
        """Points all on one mode keep the real points' quality and cover one mode of eight."""
        points = data.gaussian_modes(2000, seed=1)
        nearest = scores.nearest_mode(points, centres())[0]
        collapsed = points - centres()[nearest] + centres()[3]
        result = scores.mode_scores(collapsed, centres(), 0.1)
        assert result["quality"] > 0.98
        assert result["modes_covered"] == 1
        assert result["counts"][3] == max(result["counts"])

    def test_share_sets_the_coverage_bar(self):
        """A mode with a tenth of its fair share is covered at share 0.05, not at 0.25."""
        points = np.concatenate([np.repeat(centres()[:1], 90, 0), np.repeat(centres()[1:2], 10, 0)])
        pair = np.stack([centres()[0], centres()[1]])
        assert scores.mode_scores(points, pair, 0.1)["modes_covered"] == 1
        assert scores.mode_scores(points, pair, 0.1, share=0.1)["modes_covered"] == 2

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"width": 0.0}, ValueError, "width must be > 0"),
            ({"width": "wide"}, TypeError, "width must be a real number"),
            ({"share": 0.0}, ValueError, r"share must be in \(0, 1\]"),
            ({"share": 1.5}, ValueError, r"share must be in \(0, 1\]"),
            ({"radius_widths": -1.0}, ValueError, "radius_widths must be > 0"),
            ({"centres": np.zeros((1, 2))}, ValueError, "centres must hold at least 2 modes"),
            ({"points": np.full((2, 2), np.nan)}, ValueError, "points must be finite"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """Each bad argument raises an error that names it."""
        arguments = {"points": np.zeros((4, 2)), "centres": centres(), "width": 0.1, **kwargs}
        with pytest.raises(error, match=match):
            scores.mode_scores(**arguments)


def scaled_truth(factor: float, seed: int):
    """Return a simulator drawing the toy's responses multiplied by `factor`."""
    truth = scores.truth_simulator(seed=seed)
    return lambda energies: factor * truth(energies)


class TestPitChi2:
    def test_truth_is_near_one(self):
        """True responses give chi2/ndf about 1: within 4 of the null's standard deviations."""
        result = scores.pit_chi2(scores.truth_simulator(seed=1), events=200_000, seed=2)
        assert result.ndf == scores.PIT_ENERGY_BINS * (scores.PIT_BINS - 1) == 90
        assert result.null_error == pytest.approx(np.sqrt(2 / 90))
        assert abs(result.per_ndf - 1.0) < 4 * result.null_error
        assert result.counts.sum() == 200_000 and result.counts.shape == (6, 16)

    def test_energy_bins_hold_equal_shares(self):
        """The energy bins are the spectrum's equal-probability bins, from 10 to 100 GeV."""
        edges = scores.spectrum_energy_edges(6)
        assert edges[0] == data.E_MIN and edges[-1] == data.E_MAX
        share = np.histogram(data.calorimeter_energies(600_000, seed=3), bins=edges)[0] / 600_000
        np.testing.assert_allclose(share, 1 / 6, atol=0.003)

    def test_responses_two_percent_high_are_seen(self):
        """Responses scaled by 1.02 are far above the null at 200,000 events."""
        result = scores.pit_chi2(scaled_truth(1.02, seed=4), events=200_000, seed=5)
        assert result.per_ndf > 1.0 + 10 * result.null_error

    def test_too_few_events(self):
        """Fewer than 50 expected events in a bin is an error that says how many are needed."""
        with pytest.raises(ValueError, match="events must give at least 50 expected events"):
            scores.pit_chi2(scores.truth_simulator(seed=0), events=4000, seed=0)


class TestSpectrumC2st:
    def test_truth_against_truth(self):
        """True against true pairs: the AUC is 0.5 within 4 standard errors."""
        test = scores.spectrum_c2st(scores.truth_simulator(seed=6), pairs=40_000, seed=7)
        assert test.held_out == (20_000, 20_000)
        assert abs(test.auc - 0.5) < 4 * test.error

    def test_responses_five_percent_high_are_seen(self):
        """Responses scaled by 1.05 give an AUC far above 0.5 at 40,000 pairs."""
        test = scores.spectrum_c2st(scaled_truth(1.05, seed=8), pairs=40_000, seed=9)
        assert test.auc > 0.5 + 10 * test.error

    def test_too_few_pairs(self):
        """The test needs at least 20 pairs a side."""
        with pytest.raises(ValueError, match="pairs must be >= 20"):
            scores.spectrum_c2st(scores.truth_simulator(seed=0), pairs=10, seed=0)


def identity_model() -> keras.Model:
    """Return a model that reconstructs every event exactly."""
    events = keras.Input(shape=(2,))
    return keras.Model(events, keras.layers.Identity()(events))


class TestScoreAutoencoderOnRing:
    def test_perfect_reconstruction(self):
        """A model that gives back its events has distance 0, against the one-code floor."""
        result = scores.score_autoencoder_on_ring(identity_model(), 0)
        assert result["distance"] == 0.0
        assert result["floor"] == pytest.approx(0.025, abs=0.001)

    def test_negative_seed_is_named(self):
        """A negative seed is named."""
        with pytest.raises(ValueError, match="seed"):
            scores.score_autoencoder_on_ring(identity_model(), -1)


class TestScoreGeneratorOnRing:
    def test_real_events_score_as_real(self):
        """`data.ring` as the sampler gives RING_EVENTS events in the ring, with a C2ST AUC
        within 4 standard errors of 0.5; a seed gives its events again."""
        events, result = scores.score_generator_on_ring(data.ring, 4)
        assert events.shape == (scores.RING_EVENTS, 2)
        assert result["in_ring"] == 1.0
        assert abs(result["c2st_auc"] - 0.5) < 4 * result["c2st_error"]
        np.testing.assert_array_equal(events, scores.score_generator_on_ring(data.ring, 4)[0])

    @pytest.mark.parametrize(
        ("sample", "seed", "error", "match"),
        [("data.ring", 0, TypeError, "sample"), (data.ring, -2, ValueError, "seed")],
    )
    def test_bad_arguments_are_named(self, sample, seed, error, match):
        """A sampler that is not callable and a negative seed are named."""
        with pytest.raises(error, match=match):
            scores.score_generator_on_ring(sample, seed)
