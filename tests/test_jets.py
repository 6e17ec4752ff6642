"""Tests for aegan.jets: the toy jet detector's law, its Rosenblatt transform, the quantile map."""

import warnings

import numpy as np
import pytest
from scipy import integrate, special, stats

from aegan import jets, scores

#: The course's bars on the Rosenblatt uniforms of 200,000 jets, which true jets must pass
#: with room: the KS distance of n true uniforms is about 0.87 / sqrt(n), 0.0019 here and
#: 0.0043 for the 40,000 jets of a flavour; two independent u correlate by 1 / sqrt(n).
JETS = 200_000
KS_OVERALL, KS_FLAVOUR = scores.MAX_U_KS, scores.MAX_FLAVOUR_U_KS
CORRELATION = scores.MAX_U_CORRELATION


def ks(values, cdf="uniform") -> float:
    """Return the KS distance of values to a law (the uniform one by default)."""
    return float(stats.kstest(values, cdf).statistic)


@pytest.fixture(scope="module")
def true_jets():
    """200,000 true jets and their Rosenblatt uniforms."""
    conditions, observables = jets.sample(JETS, seed=3)
    return conditions, observables, jets.rosenblatt(conditions, observables, seed=4)


@pytest.fixture(scope="module")
def quantile_map_jets():
    """A quantile map fitted to 200,000 jets, its draws for 200,000 others and their uniforms."""
    model = jets.QuantileMap.fit(*jets.sample(JETS, seed=10))
    conditions = jets.sample_conditions(JETS, seed=11)
    observables = model.sample(conditions, seed=12)
    return model, conditions, observables, jets.rosenblatt(conditions, observables, seed=13)


def one_condition(pt: float, eta: float, flavour: int, rows: int = 1) -> np.ndarray:
    """Return `rows` copies of one jet's conditions."""
    return np.tile([pt, eta, float(flavour)], (rows, 1))


class TestSampleConditions:
    def test_ranges_and_flavours(self):
        """pT stays in [20, 300], eta in [-2.5, 2.5], flavours 0/1/2 at 0.6, 0.2, 0.2."""
        conditions = jets.sample_conditions(JETS, seed=0)
        assert conditions.shape == (JETS, 3)
        assert conditions.dtype == np.float64
        assert conditions[:, 0].min() >= jets.PT_MIN
        assert conditions[:, 0].max() <= jets.PT_MAX
        assert np.abs(conditions[:, 1]).max() <= jets.ETA_MAX
        fractions = np.bincount(conditions[:, 2].astype(int), minlength=3) / JETS
        np.testing.assert_allclose(fractions, jets.FLAVOUR_PROBABILITIES, atol=0.006)

    def test_pt_density_falls_as_pt_to_the_minus_two(self):
        """The pT sample follows the pT^-2 CDF, and neither pT^-1 nor pT^-3 (the test sees)."""
        pt = jets.sample_conditions(JETS, seed=1)[:, 0]
        low, high = jets.PT_MIN, jets.PT_MAX

        def power_cdf(power):
            if power == 1:
                return lambda x: np.log(x / low) / np.log(high / low)
            return lambda x: (
                (x ** (1 - power) - low ** (1 - power)) / (high ** (1 - power) - low ** (1 - power))
            )

        assert ks(pt, power_cdf(2)) < KS_OVERALL
        assert ks(pt, power_cdf(1)) > 0.05
        assert ks(pt, power_cdf(3)) > 0.05
        assert ks(jets.sample_conditions(JETS, seed=1)[:, 1], stats.uniform(-2.5, 5).cdf) < 0.007

    def test_seeds(self):
        """The same seed (or an equally seeded Generator) repeats the draw; another does not."""
        first = jets.sample_conditions(100, seed=5)
        np.testing.assert_array_equal(first, jets.sample_conditions(100, seed=5))
        assert not np.array_equal(first, jets.sample_conditions(100, seed=6))
        from_generator = jets.sample_conditions(100, seed=np.random.default_rng(5))
        np.testing.assert_array_equal(
            from_generator, jets.sample_conditions(100, seed=np.random.default_rng(5))
        )


class TestSampleObservables:
    def test_support(self, true_jets):
        """R >= 0, the b-tag in [0, 1], q > 0 and an integer track count >= 0."""
        _, observables, _ = true_jets
        response, btag, _, _, mass_ratio, tracks = observables.T
        assert response.min() >= 0
        assert btag.min() >= 0
        assert btag.max() <= 1
        assert mass_ratio.min() > 0
        assert tracks.min() >= 0
        np.testing.assert_array_equal(tracks, np.floor(tracks))
        assert len(np.unique(tracks)) > 10

    def test_angular_correlation(self, true_jets):
        """corr(d_eta, d_phi) is 0.4 in each flavour (its scatter at 40,000 jets is 0.004)."""
        conditions, observables, _ = true_jets
        for flavour in range(3):
            chosen = conditions[:, 2] == flavour
            correlation = np.corrcoef(observables[chosen, 2], observables[chosen, 3])[0, 1]
            assert abs(correlation - jets.DPHI_CORRELATION) < 0.02

    def test_btag_depends_on_the_response_for_b_jets_only(self, true_jets):
        """Low- and high-response halves share a b-tag law for light and c jets, not for b."""
        conditions, observables, _ = true_jets
        for flavour in range(3):
            chosen = conditions[:, 2] == flavour
            response, btag = observables[chosen, 0], observables[chosen, 1]
            low = response < np.median(response)
            distance = stats.ks_2samp(btag[low], btag[~low]).statistic
            if flavour == 2:
                assert distance > 0.04
            else:
                assert distance < 0.025
        responses = np.array([0.2, 0.9, 1.3])
        for flavour in range(3):
            alpha, beta = jets.btag_shapes(responses, one_condition(50.0, 0.0, flavour, 3))
            assert np.ptp(beta) == 0
            assert (np.ptp(alpha) > 0) == (flavour == 2)

    @pytest.mark.parametrize("flavour", [0, 1, 2])
    def test_moments_follow_the_documented_law(self, flavour):
        """At pT = 50 GeV, eta = 1.25, each observable has the law's mean, width and slope."""
        observables = jets.sample_observables(one_condition(50.0, 1.25, flavour, JETS), seed=8)
        response, btag, d_eta, d_phi, mass_ratio, tracks = observables.T
        mu = 0.97 - 0.15 * np.exp(-50.0 / 40.0) - 0.02 * (flavour == 2)
        neutrino = (0.03, 0.10, 0.25)[flavour]
        # E[R] = mu (1 - p_nu E[T]), E[T] = 1 / 4; R scatters by about 0.2 / sqrt(n) = 0.0005.
        assert response.mean() == pytest.approx(mu * (1 - neutrino / 4), abs=0.003)
        if flavour == 2:
            alpha = 6 + 4 * (1 - np.minimum(response, 1))
            assert btag.mean() == pytest.approx(np.mean(alpha / (alpha + 1.5)), abs=0.002)
        else:
            assert btag.mean() == pytest.approx((1 / 9, 1 / 3)[flavour], abs=0.002)
        width = 0.002 + 0.5 / 50.0
        assert d_eta.std() == pytest.approx(width, rel=0.01)
        slope, intercept = np.polyfit(d_eta, d_phi, 1)
        assert slope == pytest.approx(0.4, abs=0.01)
        assert (d_phi - slope * d_eta).std() == pytest.approx(width * np.sqrt(0.84), rel=0.01)
        slope, intercept = np.polyfit(response - mu, np.log(mass_ratio), 1)
        assert slope == pytest.approx(0.8, abs=0.02)
        assert intercept == pytest.approx(np.log((0.10, 0.12, 0.15)[flavour]), abs=0.005)
        rate = 3 + 4 * np.log(50.0 / 20.0) + 2 * (flavour > 0)
        assert tracks.mean() == pytest.approx(rate, abs=0.04)
        assert tracks.var() == pytest.approx(rate, rel=0.03)

    def test_observables_draw_from_their_own_streams(self):
        """The seeds of two draws give the same d_eta only when they are the same seed."""
        conditions = jets.sample_conditions(1000, seed=0)
        first = jets.sample_observables(conditions, seed=1)
        np.testing.assert_array_equal(first, jets.sample_observables(conditions, seed=1))
        assert not np.any(first[:, 2] == jets.sample_observables(conditions, seed=2)[:, 2])


class TestResponseCdf:
    @pytest.mark.parametrize(
        ("pt", "eta", "flavour"),
        [
            (20.0, 2.5, 1),
            (45.0, -0.3, 2),
            (300.0, 1.0, 0),
            (5.0, 0.0, 0),  # Gamma shape 3.5, just above the closed form's limit
            (4.0, 0.0, 2),  # shape 2.6: the quadrature
            (0.4, 0.0, 2),
        ],
    )
    def test_matches_quadrature_over_the_neutrino_fraction(self, pt, eta, flavour):
        """The closed form (and the small-pT quadrature) equals an adaptive integral over T."""
        condition = one_condition(pt, eta, flavour)
        mean = jets.response_mean(condition)[0]
        width = jets.response_width(condition)[0]
        shape, scale = (mean / width) ** 2, width**2 / mean
        probability = jets.NEUTRINO_PROBABILITIES[flavour]
        for response in mean + width * np.array([-2.5, -1.0, 0.0, 1.5]):
            if response <= 0:
                continue

            def integrand(t, r=response):
                return special.gammainc(shape, r / ((1 - t) * scale)) * 3 * (1 - t) ** 2

            carried, _ = integrate.quad(integrand, 0, 1, epsabs=1e-13, epsrel=1e-13)
            core = special.gammainc(shape, response / scale)
            expected = (1 - probability) * core + probability * carried
            assert jets.response_cdf(response, condition)[0] == pytest.approx(expected, abs=1e-8)

    @pytest.mark.parametrize(("pt", "eta", "flavour"), [(25.0, 2.0, 2), (120.0, 0.5, 1)])
    def test_matches_the_empirical_cdf(self, pt, eta, flavour):
        """Responses drawn at one condition follow response_cdf, and not one 2 % wider."""
        conditions = one_condition(pt, eta, flavour, JETS)
        responses = jets.sample_observables(conditions, seed=7)[:, 0]
        condition = conditions[:1]
        assert ks(responses, lambda r: jets.response_cdf(r, condition)) < KS_OVERALL
        mean = jets.response_mean(condition)[0]
        wider = mean + (responses - mean) / 1.02
        assert ks(wider, lambda r: jets.response_cdf(r, condition)) > KS_OVERALL

    def test_limits(self):
        """The CDF is 0 at and below 0, rises with r, and reaches 1 far above the mean."""
        condition = one_condition(60.0, 0.0, 2)
        values = jets.response_cdf([-1.0, 0.0, 0.5, 0.9, 1.0, 5.0], condition)
        assert values[0] == 0 and values[1] == 0
        assert np.all(np.diff(values[1:]) > 0)
        assert values[-1] == pytest.approx(1.0, abs=1e-12)


class TestRosenblatt:
    def test_uniform_overall_and_per_flavour(self, true_jets):
        """Each u of true jets is uniform within the course's KS bars, overall and per flavour."""
        conditions, _, uniforms = true_jets
        assert uniforms.shape == (JETS, 6)
        for column in range(6):
            assert ks(uniforms[:, column]) < KS_OVERALL, jets.OBSERVABLES[column]
            for flavour in range(3):
                chosen = conditions[:, 2] == flavour
                assert ks(uniforms[chosen, column]) < KS_FLAVOUR, (column, flavour)

    def test_independent_of_each_other_and_of_the_condition(self, true_jets):
        """No two u's, nor a u and log pT, eta, |eta| or the flavour, correlate beyond the bar."""
        conditions, _, uniforms = true_jets
        features = np.column_stack(
            [uniforms, np.log(conditions[:, 0]), conditions[:, 1], np.abs(conditions[:, 1])]
        )
        indicators = conditions[:, 2:] == np.arange(3)
        features = np.column_stack([features, conditions[:, 2], indicators])
        correlation = np.corrcoef(features.T)[:6]
        correlation[:, :6] -= np.eye(6)
        assert np.abs(correlation).max() < CORRELATION

    @pytest.mark.parametrize(
        ("column", "change"),
        [(0, lambda x: x * 1.02), (3, lambda x: x * 1.3), (4, lambda x: x * 1.05)],
    )
    def test_sees_a_distorted_observable(self, true_jets, column, change):
        """A 2 % response scale, a 30 % wider d_phi or a 5 % heavier mass breaks the KS bar."""
        conditions, observables, _ = true_jets
        distorted = observables.copy()
        distorted[:, column] = change(distorted[:, column])
        uniforms = jets.rosenblatt(conditions, distorted, seed=4)
        assert ks(uniforms[:, column]) > 2 * KS_OVERALL

    def test_out_of_support_values_map_to_the_limits(self):
        """R <= 0, s <= 0, q <= 0 and tracks < 0 give 0; s >= 1 gives 1."""
        conditions = one_condition(50.0, 0.0, 2, 2)
        observables = np.array([[-0.5, -0.1, 0.0, 0.0, -1.0, -3.0], [1.0, 1.5, 0.0, 0.0, 0.1, 4.0]])
        uniforms = jets.rosenblatt(conditions, observables, seed=0)
        np.testing.assert_array_equal(uniforms[0, [0, 1, 4, 5]], 0.0)
        assert uniforms[1, 1] == 1.0
        assert np.all((uniforms >= 0) & (uniforms <= 1))

    def test_extreme_values_give_the_limits_quietly(self):
        """Huge, tiny or wrong-signed values of a bad simulator give u in [0, 1], no warning."""
        conditions = np.array([[50.0, 0.0, 2.0], [0.3, 0.0, 1.0], [1e6, 10.0, 0.0]])
        huge = np.finfo(np.float64).max
        observables = np.array(
            [
                [huge, -huge, huge, -huge, huge, huge],
                [huge, 0.5, 0.0, 0.0, 1e-300, 1e300],
                [1e-300, 2.0, -huge, huge, 5e-324, 0.5],
            ]
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            uniforms = jets.rosenblatt(conditions, observables, seed=0)
        np.testing.assert_array_equal(uniforms[0, [0, 2, 5]], 1.0)
        np.testing.assert_array_equal(uniforms[0, [1, 3]], 0.0)
        np.testing.assert_array_equal(uniforms[2, [0, 2, 4]], 0.0)
        np.testing.assert_array_equal(uniforms[2, [1, 3]], 1.0)
        assert np.all((uniforms >= 0) & (uniforms <= 1))

    def test_track_count_is_randomised_within_its_step(self):
        """For k tracks, u spreads over [F(k - 1), F(k)] by the seeded randomisation."""
        conditions = one_condition(40.0, 0.0, 0, 2000)
        mean = jets.track_mean(conditions)[0]
        observables = np.tile([1.0, 0.1, 0.0, 0.0, 0.1, 5.0], (2000, 1))
        uniforms = jets.rosenblatt(conditions, observables, seed=1)[:, 5]
        low, high = stats.poisson.cdf([4, 5], mean)
        assert low <= uniforms.min() and uniforms.max() <= high
        assert ks((uniforms - low) / (high - low)) < 0.05
        again = jets.rosenblatt(conditions, observables, seed=1)[:, 5]
        np.testing.assert_array_equal(uniforms, again)


class TestQuantileMap:
    def test_marginals_right_per_flavour(self, quantile_map_jets):
        """Each flavour's response and track count follow the truth (u_1, u_6 KS < 0.02)."""
        _, conditions, observables, uniforms = quantile_map_jets
        assert observables.shape == (JETS, 6)
        np.testing.assert_array_equal(observables[:, 5], np.floor(observables[:, 5]))
        for flavour in range(3):
            chosen = conditions[:, 2] == flavour
            assert ks(uniforms[chosen, 0]) < 0.02
            assert ks(uniforms[chosen, 5]) < 0.02

    def test_correlations_lost(self, quantile_map_jets):
        """corr(d_eta, d_phi) drops from 0.4 to 0, so d_phi's and q's u are not uniform."""
        _, conditions, observables, uniforms = quantile_map_jets
        for flavour in range(3):
            chosen = conditions[:, 2] == flavour
            assert abs(np.corrcoef(observables[chosen, 2], observables[chosen, 3])[0, 1]) < 0.03
        # An independent d_phi is sqrt(1.16 / 0.84) = 1.18 times too wide given d_eta: KS 0.039.
        assert ks(uniforms[:, 3]) > 0.03
        assert ks(uniforms[:, 4]) > 0.04

    def test_call_draws_a_new_seeded_stream(self):
        """Calls draw afresh each time, and the same fit seed repeats the sequence."""
        training = jets.sample(5000, seed=0)
        conditions = training[0][:10]
        first = jets.QuantileMap.fit(*training, pt_bins=2, eta_bins=2, seed=1)
        second = jets.QuantileMap.fit(*training, pt_bins=2, eta_bins=2, seed=1)
        draws = first(conditions)
        assert not np.array_equal(draws, first(conditions))
        np.testing.assert_array_equal(draws, second(conditions))
        assert first.table.shape == (2, 2, 3, 6, 201)


BAD_CONDITIONS = [
    (np.ones((4, 2)), ValueError, r"conditions must have shape \(n, 3\)"),
    (np.ones(3), ValueError, r"conditions must have shape \(n, 3\)"),
    (np.ones((2, 3, 1)), ValueError, r"conditions must have shape \(n, 3\)"),
    (np.empty((0, 3)), ValueError, "conditions must hold at least one row"),
    ([[50.0, 0.0, 3.0]], ValueError, "conditions must have a flavour of 0, 1 or 2"),
    ([[50.0, 0.0, 0.5]], ValueError, "a flavour of 0, 1 or 2 in column 2, got 0.5"),
    ([[50.0, 0.0, -1.0]], ValueError, "conditions must have a flavour of 0, 1 or 2"),
    ([[0.0, 0.0, 1.0]], ValueError, "conditions must have pT > 0"),
    ([[-5.0, 0.0, 1.0]], ValueError, "conditions must have pT > 0"),
    ([[np.nan, 0.0, 1.0]], ValueError, "conditions must be finite"),
    ([[50.0, np.inf, 1.0]], ValueError, "conditions must be finite"),
    ([["a", 0.0, 1.0]], TypeError, "conditions must be an array of numbers"),
]


class TestBadInput:
    @pytest.mark.parametrize(("conditions", "error", "match"), BAD_CONDITIONS)
    def test_conditions(self, conditions, error, match):
        """Every function that takes conditions rejects bad ones, naming them."""
        observables = np.ones((len(np.atleast_1d(conditions)), 6))
        with pytest.raises(error, match=match):
            jets.sample_observables(conditions, seed=0)
        with pytest.raises(error, match=match):
            jets.rosenblatt(conditions, observables, seed=0)
        with pytest.raises(error, match=match):
            jets.response_cdf(1.0, conditions)
        with pytest.raises(error, match=match):
            jets.QuantileMap.fit(conditions, observables)
        with pytest.raises(error, match="training"):
            jets.conditions_array("training", conditions)

    @pytest.mark.parametrize(
        ("observables", "match"),
        [
            (np.ones((3, 5)), r"observables must have shape \(n, 6\)"),
            (np.ones(6), r"observables must have shape \(n, 6\)"),
            (np.ones((2, 6)), "observables must have 3 rows, one per condition, got 2"),
            (np.full((3, 6), np.nan), "observables must be finite"),
            (np.full((3, 6), -np.inf), "observables must be finite"),
        ],
    )
    def test_observables(self, observables, match):
        """Observables of the wrong width, rows or values are rejected, naming them."""
        conditions = jets.sample_conditions(3, seed=0)
        with pytest.raises(ValueError, match=match):
            jets.rosenblatt(conditions, observables, seed=0)
        with pytest.raises(ValueError, match=match):
            jets.QuantileMap.fit(conditions, observables)

    @pytest.mark.parametrize(
        ("n", "error", "match"),
        [(0, ValueError, "n must be >= 1"), (1.5, TypeError, "n must be an integer")],
    )
    def test_n(self, n, error, match):
        """A number of jets below 1 or not an integer is rejected."""
        with pytest.raises(error, match=match):
            jets.sample(n, seed=0)
        with pytest.raises(error, match=match):
            jets.sample_conditions(n, seed=0)

    @pytest.mark.parametrize(
        ("seed", "error"),
        [
            (-1, ValueError),
            (1.5, TypeError),
            ("0", TypeError),
            (None, TypeError),
            (True, TypeError),
        ],
    )
    def test_seed(self, seed, error):
        """Every sampler and the transform take an integer >= 0 or a Generator, nothing else."""
        conditions, observables = jets.sample(4, seed=0)
        model = jets.QuantileMap.fit(*jets.sample(2000, seed=0), pt_bins=1, eta_bins=1)
        calls = [
            lambda: jets.sample(4, seed=seed),
            lambda: jets.sample_conditions(4, seed=seed),
            lambda: jets.sample_observables(conditions, seed=seed),
            lambda: jets.rosenblatt(conditions, observables, seed=seed),
            lambda: model.sample(conditions, seed=seed),
        ]
        for call in calls:
            with pytest.raises(error, match="seed must be an integer >= 0"):
                call()

    def test_pt_and_responses(self):
        """angular_width needs pT > 0; response_cdf needs one condition or one per response."""
        with pytest.raises(ValueError, match="pt must be > 0"):
            jets.angular_width([10.0, 0.0])
        with pytest.raises(TypeError, match="pt must be numbers"):
            jets.angular_width(["a"])
        with pytest.raises(ValueError, match=r"as many rows as responses \(3\), got 2"):
            jets.response_cdf([0.5, 1.0, 1.5], jets.sample_conditions(2, seed=0))
        with pytest.raises(ValueError, match="responses must be finite"):
            jets.response_cdf([np.nan], one_condition(50.0, 0.0, 0))

    @pytest.mark.parametrize(
        ("options", "error", "match"),
        [
            ({"pt_bins": 0}, ValueError, "pt_bins must be >= 1"),
            ({"eta_bins": 0}, ValueError, "eta_bins must be >= 1"),
            ({"pt_bins": 2.0}, TypeError, "pt_bins must be an integer"),
            ({"quantiles": 1}, ValueError, "quantiles must be >= 2"),
            ({"pt_bins": 50}, ValueError, "at least 20 jets in each cell, got"),
        ],
    )
    def test_quantile_map_options(self, options, error, match):
        """Bin counts below 1, fewer than 2 levels or too few jets per cell are rejected."""
        with pytest.raises(error, match=match):
            jets.QuantileMap.fit(*jets.sample(3000, seed=0), **options)


class TestWrongLaws:
    """sample_observables' keywords draw from a law slightly off the toy's, on request."""

    @pytest.fixture(scope="class")
    def conditions(self):
        """Return 200,000 jet conditions."""
        return jets.sample_conditions(200_000, seed=21)

    def test_default_is_the_law(self, conditions):
        """With the keywords at their defaults, the draws are the law's, number for number."""
        np.testing.assert_array_equal(
            jets.sample_observables(conditions, seed=5),
            jets.sample_observables(
                conditions,
                seed=5,
                width_scale=1.0,
                neutrino_probabilities=jets.NEUTRINO_PROBABILITIES,
                dphi_correlation=jets.DPHI_CORRELATION,
            ),
        )

    def test_each_keyword_changes_its_parameter(self, conditions):
        """The d_eta-d_phi correlation, the b jets' low-response fraction and the response
        core's width move as asked (the correlation's scatter here is 0.002)."""
        light = conditions[:, 2] == 0
        base = jets.sample_observables(conditions, seed=6)
        angular = jets.sample_observables(conditions, seed=6, dphi_correlation=0.2)
        assert abs(np.corrcoef(angular[light, 2], angular[light, 3])[0, 1] - 0.2) < 0.01
        b_jets = conditions[:, 2] == 2
        fewer = jets.sample_observables(conditions, seed=6, neutrino_probabilities=(0, 0, 0))
        mean = jets.response_mean(conditions)
        assert np.mean(fewer[b_jets, 0] < 0.7 * mean[b_jets]) < 0.5 * np.mean(
            base[b_jets, 0] < 0.7 * mean[b_jets]
        )
        wider = jets.sample_observables(conditions, seed=6, width_scale=1.5)
        ratio = np.std(wider[light, 0] - mean[light]) / np.std(base[light, 0] - mean[light])
        assert 1.3 < ratio < 1.6

    @pytest.mark.parametrize(
        ("keyword", "value", "message"),
        [
            ("width_scale", 0.0, "width_scale"),
            ("neutrino_probabilities", (0.1, 0.2), "neutrino_probabilities"),
            ("neutrino_probabilities", (0.1, 0.2, 1.5), "neutrino_probabilities"),
            ("dphi_correlation", 1.0, "dphi_correlation"),
        ],
    )
    def test_bad_keywords(self, conditions, keyword, value, message):
        """Out-of-range parameters are errors naming the keyword."""
        with pytest.raises(ValueError, match=message):
            jets.sample_observables(conditions[:10], seed=0, **{keyword: value})
