"""Tests for aegan.scores.jets: the truth passes the jet bar at its size, simulators with known
defects fail the criterion made to see them, and bad input is refused naming the argument."""

import keras
import matplotlib
import numpy as np
import pandas as pd
import pytest

from aegan import jets, plotting, scores

matplotlib.use("Agg")

#: Jets of the defect tests: enough for each criterion under test to see its defect many
#: times over the truth's own value at the same size, and four times quicker than the bar's.
DEFECT_JETS = 50_000


def truth_with(change, *, seed: int):
    """Return the exact law as a simulator, each draw changed by change(conditions, x, rng)."""
    rng = np.random.default_rng(seed)

    def simulate(conditions):
        observables = jets.sample_observables(conditions, seed=rng)
        change(conditions, observables, rng)
        return observables

    return simulate


def uncorrelated_d_phi(conditions, observables, rng):
    """Draw d_phi anew with its right width and no correlation to d_eta."""
    observables[:, 3] = jets.angular_width(conditions[:, 0]) * rng.standard_normal(len(conditions))


def scaled_response(conditions, observables, rng):
    """Scale the response by 1.03."""
    observables[:, 0] *= 1.03


def light_btag_for_b_jets(conditions, observables, rng):
    """Draw the b-jets' b-tag scores from the light jets' Beta(1, 8)."""
    b_jets = conditions[:, 2] == 2
    observables[b_jets, 1] = rng.beta(1.0, 8.0, size=np.count_nonzero(b_jets))


def shuffled_rows(conditions, observables, rng):
    """Shuffle the jets: each row's observables belong to another jet's conditions."""
    observables[:] = observables[rng.permutation(len(observables))]


def by_name(validation) -> dict[str, float]:
    """Return the validation's criteria values by name."""
    return {criterion.name: criterion.value for criterion in validation.criteria}


@pytest.fixture(scope="module")
def nulls() -> list[scores.JetValidation]:
    """Return the truth judged as a simulator at the bar's size, at two seeds."""
    return [
        scores.validate_jets(scores.truth_jet_simulator(seed=seed + 100), seed=seed)
        for seed in (0, 1)
    ]


@pytest.fixture(scope="module")
def small_null() -> scores.JetValidation:
    """Return the truth judged as a simulator at the defect tests' size."""
    return scores.validate_jets(scores.truth_jet_simulator(seed=7), seed=3, jets=DEFECT_JETS)


class TestTruth:
    def test_truth_passes_the_whole_bar(self, nulls):
        """The exact law judged as a simulator at 200,000 jets meets every criterion, at two
        seeds, and its null C2ST in the same run stays under the C2ST bar."""
        for validation in nulls:
            assert validation.jets == scores.VALIDATION_JETS
            assert validation.passes, validation.failures
            assert validation.null_c2st.auc <= scores.MAX_JET_C2ST_AUC

    def test_u_histograms_count_every_jet(self, nulls):
        """Each u histogram of a group holds that group's jets, and the flavours add up."""
        validation = nulls[0]
        counts = validation.u_histograms.sum(axis=2)
        assert (counts == np.array(validation.group_jets)[:, None]).all()
        assert sum(validation.group_jets[1:]) == validation.group_jets[0] == validation.jets

    def test_efficiencies_cover_each_flavours_jets(self, nulls):
        """The pT bins hold every b-jet (b-tag rows) and every light jet (mistag rows); the
        efficiencies are near the law's (about 0.85 and 0.06)."""
        validation = nulls[0]
        table = validation.efficiencies
        flavour = validation.conditions[:, 2]
        assert table.loc[table["tag"] == "b-tag", "jets"].sum() == np.count_nonzero(flavour == 2)
        assert table.loc[table["tag"] == "mistag", "jets"].sum() == np.count_nonzero(flavour == 0)
        assert len(table) == 2 * (len(scores.JET_PT_BINS) - 1)
        assert table.loc[table["tag"] == "b-tag", "true"].between(0.6, 0.97).all()
        assert table.loc[table["tag"] == "mistag", "true"].between(0.03, 0.1).all()

    def test_table_prints_within_the_page(self, nulls):
        """The table has a row per criterion, the truth's values beside with a null, and
        prints within 90 characters."""
        validation, null = nulls
        table = validation.table(null=null)
        assert list(table.columns) == ["value", "truth", "bar", "pass"]
        assert len(table) == len(validation.criteria)
        assert (table["pass"] == "yes").all()
        assert max(map(len, table.to_string().splitlines())) <= 90
        assert table["truth"].tolist() == pytest.approx([c.value for c in null.criteria], abs=1e-4)

    def test_same_seed_same_validation(self):
        """The seed fixes the conditions, the truth, the transform and the C2ST: two runs of
        the same deterministic simulator agree exactly."""
        first, second = (
            scores.validate_jets(scores.truth_jet_simulator(seed=5), seed=9, jets=scores.MIN_JETS)
            for _ in range(2)
        )
        assert first.criteria == second.criteria

    def test_summary_is_the_criteria_worst_values(self, small_null):
        """jet_summary's row holds the worst value of each kind of criterion, and the nulls."""
        values = by_name(small_null)
        row = scores.jet_summary(small_null)
        assert row["max_ks"] == max(values[f"KS of u: {name}"] for name in jets.OBSERVABLES)
        assert row["max_u_correlation"] == max(
            values["max |corr(u_i, u_j)|"], values["max |corr(u, condition)|"]
        )
        assert row["c2st_auc"] == values["C2ST AUC"]
        assert row["null_c2st_auc"] == small_null.null_c2st.auc
        with pytest.raises(TypeError, match="validation must be a JetValidation, got dict"):
            scores.jet_summary(row)

    def test_truth_simulator_draws_anew_each_call(self):
        """Two calls of the truth simulator draw different jets; the same seed repeats them."""
        conditions = jets.sample_conditions(100, seed=0)
        simulator = scores.truth_jet_simulator(seed=1)
        first, second = simulator(conditions), simulator(conditions)
        assert not np.allclose(first, second)
        np.testing.assert_array_equal(scores.truth_jet_simulator(seed=1)(conditions), first)


class TestDefects:
    def test_lost_d_phi_correlation_fails_the_correlations(self, small_null):
        """d_phi drawn without its correlation to d_eta fails the u correlations and every
        flavour's correlation matrix, by ten times the truth's value at the same size."""
        simulator = truth_with(uncorrelated_d_phi, seed=1)
        validation = scores.validate_jets(simulator, seed=3, jets=DEFECT_JETS)
        assert validation.max_u_correlation > 0.25 > 10 * small_null.max_u_correlation
        assert min(validation.max_correlation_differences) > 0.25
        assert max(small_null.max_correlation_differences) < 0.05
        failed = {c.name for c in validation.criteria if not c.passed}
        assert {"max |corr(u_i, u_j)|"} | {
            f"corr. matrix {flavour}: max |sim - true|" for flavour in jets.FLAVOURS
        } <= failed

    def test_scaled_response_fails_the_response_ks(self, small_null):
        """Responses 3 % too high fail the response's u KS overall and in each flavour, by
        five times its bar."""
        simulator = truth_with(scaled_response, seed=1)
        validation = scores.validate_jets(simulator, seed=3, jets=DEFECT_JETS)
        assert validation.ks.loc["response"].min() > 5 * scores.MAX_U_KS
        assert small_null.ks.loc["response", "all"] < scores.MAX_U_KS
        assert not validation.passes

    def test_light_b_tag_fails_the_efficiency_pulls(self, small_null):
        """b-jets scored by the light jets' law fail the b-tag efficiency in every pT bin, by
        five times the bar, while the light mistag, untouched, stays within its bar."""
        simulator = truth_with(light_btag_for_b_jets, seed=1)
        validation = scores.validate_jets(simulator, seed=3, jets=DEFECT_JETS)
        pulls = validation.efficiencies.set_index("tag").loc["b-tag", "pull"]
        assert (pulls < -scores.MAX_BTAG_PULL * 5).all()
        assert validation.max_pull("mistag") <= scores.MAX_MISTAG_PULL
        assert small_null.max_pull("b-tag") < 5

    def test_shuffled_rows_fail_against_the_conditions(self, small_null):
        """Right jets in shuffled rows have the right marginals over all jets but not given
        their conditions: the u's correlation with the conditions and the C2ST see it."""
        simulator = truth_with(shuffled_rows, seed=1)
        validation = scores.validate_jets(simulator, seed=3, jets=DEFECT_JETS)
        assert validation.max_u_condition_correlation > 0.2
        assert small_null.max_u_condition_correlation < 0.03
        assert validation.c2st.auc > 0.6 > small_null.c2st.auc
        assert validation.ks.loc["tracks", "all"] > 10 * small_null.ks.loc["tracks", "all"]

    def test_simulator_seeded_alike_draws_its_own_uniforms(self):
        """A quantile map seeded with the validation's seed draws none of the validation's
        uniforms: its u stay independent of the conditions (unsalted, the response's u
        followed pT with a correlation of 0.95)."""
        conditions, observables = jets.sample(100_000, seed=0)
        simulator = jets.QuantileMap.fit(conditions, observables, seed=3)
        validation = scores.validate_jets(simulator, seed=3, jets=20_000)
        assert validation.max_u_condition_correlation < 0.1

    def test_keras_simulator_runs_on_float32(self):
        """A Keras model is called through `simulation.run`: the simulated jets are its
        outputs on the float32 conditions, and a model that cannot simulate fails the bar."""
        conditions = keras.Input(shape=(3,))
        model = keras.Model(conditions, keras.layers.Dense(6, name="observables")(conditions))
        model.get_layer("observables").set_weights(
            [np.eye(3, 6, dtype="float32") * 0.01, np.full(6, 0.5, dtype="float32")]
        )
        validation = scores.validate_jets(model, seed=0, jets=scores.MIN_JETS)
        expected = model(validation.conditions.astype("float32")).numpy()
        np.testing.assert_allclose(validation.simulated, expected, rtol=1e-6, atol=1e-6)
        assert not validation.passes


class TestBadInput:
    @pytest.mark.parametrize(
        ("output", "message"),
        [
            (lambda c: np.zeros((len(c), 5)), r"the simulator's output must have shape \(n, 6\)"),
            (lambda c: np.zeros(len(c)), r"the simulator's output must have shape \(n, 6\)"),
            (lambda c: np.full((len(c), 6), np.nan), r"the simulator's output must be finite"),
            (lambda c: np.zeros((len(c) - 1, 6)), r"the simulator's output must have 10000 rows"),
        ],
    )
    def test_bad_output(self, output, message):
        """A simulator's output of the wrong width or rows, or with NaN, is refused, named."""
        with pytest.raises(ValueError, match=message):
            scores.validate_jets(output, seed=0, jets=scores.MIN_JETS)

    @pytest.mark.parametrize(
        ("arguments", "error", "message"),
        [
            ({"simulator": "truth"}, TypeError, "simulator must be callable"),
            ({"jets": scores.MIN_JETS - 1}, ValueError, r"jets must be >= 10000, got 9999"),
            ({"jets": 2e5}, TypeError, "jets must be an integer"),
            ({"seed": -1}, ValueError, "seed must be >= 0, got -1"),
            ({"seed": 1.5}, TypeError, "seed must be an integer"),
            ({"seed": None}, TypeError, "seed must be an integer"),
            ({"bins": 1}, ValueError, "bins must be >= 2"),
        ],
    )
    def test_bad_arguments(self, arguments, error, message):
        """Each bad argument of validate_jets is named in its error."""
        arguments = {"simulator": scores.truth_jet_simulator(seed=0), "seed": 0, **arguments}
        with pytest.raises(error, match=message):
            scores.validate_jets(arguments.pop("simulator"), **arguments)

    @pytest.mark.parametrize(
        ("seed", "error"),
        [(-3, ValueError), (2.0, TypeError), (np.random.default_rng(0), TypeError)],
    )
    def test_truth_simulator_seed(self, seed, error):
        """truth_jet_simulator takes an integer seed >= 0 and names it otherwise."""
        with pytest.raises(error, match="seed must be"):
            scores.truth_jet_simulator(seed=seed)

    @pytest.mark.parametrize(
        ("conditions", "message"),
        [
            (np.zeros((4, 2)), r"conditions must have shape \(n, 3\)"),
            ([[50.0, 0.0, 3.0]], "conditions must have a flavour of 0, 1 or 2"),
            ([[-5.0, 0.0, 0.0]], "conditions must have pT > 0"),
        ],
    )
    def test_simulate_jets_conditions(self, conditions, message):
        """simulate_jets names bad conditions before calling the simulator."""
        with pytest.raises(ValueError, match=message):
            scores.simulate_jets(scores.truth_jet_simulator(seed=0), conditions)

    def test_table_null_and_pull_tag(self, small_null):
        """table's null must be a JetValidation, max_pull's tag one of the two tags."""
        with pytest.raises(TypeError, match="null must be a JetValidation or None, got str"):
            small_null.table(null="truth")
        with pytest.raises(ValueError, match=r"tag must be one of \('b-tag', 'mistag'\)"):
            small_null.max_pull("c-tag")
        assert isinstance(small_null.table(), pd.DataFrame)


class TestRuns:
    """A run's validation: Lecture 7 at SEED = k and the benchmark's row k call the same."""

    def test_run_validates_with_its_own_seed(self, monkeypatch):
        """validate_jet_run validates at 1000 + run, validate_truth_run the law's own draws
        seeded 100 + run, through validate_jets (recorded, not run)."""
        calls = []
        monkeypatch.setattr(
            scores.jet_runs,
            "validate_jets",
            lambda simulator, *, seed: calls.append((simulator, seed)),
        )
        conditions = jets.sample_conditions(5, seed=0)
        scores.validate_jet_run(len, run=3)
        scores.validate_truth_run(run=4)
        assert calls[0] == (len, 1003)
        truth, seed = calls[1]
        assert seed == 1004
        expected = scores.truth_jet_simulator(seed=104)(conditions)
        np.testing.assert_array_equal(truth(conditions), expected)

    @pytest.mark.parametrize(
        ("run", "error"), [(-1, ValueError), (1.5, TypeError), ("0", TypeError)]
    )
    def test_bad_run(self, run, error):
        """A run is an integer >= 0, named otherwise."""
        with pytest.raises(error, match="run must be"):
            scores.validate_jet_run(scores.truth_jet_simulator(seed=0), run=run)
        with pytest.raises(error, match="run must be"):
            scores.validate_truth_run(run=run)


class TestFigures:
    """The figures of `aegan.plotting.jets`, drawn from validations (their module's tests
    live here, beside the validation they draw)."""

    def test_marginals_have_a_ratio_row_under_each_flavour(self, small_null):
        """Two flavours give four rows of six panels: histograms, then their ratios (within
        a few per cent of 1 for two true samples)."""
        figure = plotting.jet_marginals(
            small_null.conditions,
            {"true": small_null.true, "truth again": small_null.simulated},
            flavours=("light", "b"),
        )
        panels = [ax for ax in figure.axes if ax.get_visible()]
        assert len(panels) == 4 * len(jets.OBSERVABLES)
        ratio_panel = panels[len(jets.OBSERVABLES)]
        ratios = ratio_panel.containers[0].lines[0].get_ydata()
        assert abs(np.median(ratios) - 1) < 0.05
        assert ratio_panel.get_ylabel() == "sim. / true"

    def test_correlation_differences_are_annotated(self, small_null):
        """Each flavour's panel writes its 30 off-diagonal differences, as the validation has
        them."""
        figure = plotting.correlation_differences(small_null)
        texts = [float(text.get_text()) for text in figure.axes[0].texts]
        off_diagonal = ~np.eye(len(jets.OBSERVABLES), dtype=bool)
        assert texts == pytest.approx(
            small_null.correlation_differences[0][off_diagonal].tolist(), abs=5e-4
        )

    def test_rosenblatt_and_efficiency_figures(self, small_null):
        """The u histograms have a panel per flavour and observable; the efficiencies two
        rates and two pull panels, the pulls as the validation's."""
        figure = plotting.rosenblatt_histograms({"truth": small_null}, by_flavour=True)
        assert len(figure.axes) == len(jets.FLAVOURS) * len(jets.OBSERVABLES)
        figure = plotting.tagging_efficiencies(small_null)
        assert len(figure.axes) == 4
        pulls = figure.axes[2].containers[0].lines[0].get_ydata()
        expected = small_null.efficiencies.set_index("tag").loc["b-tag", "pull"]
        assert pulls == pytest.approx(expected.tolist())

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            (lambda: plotting.rosenblatt_histograms({}), TypeError, "non-empty dict"),
            (
                lambda: plotting.tagging_efficiencies({"x": 1}),
                TypeError,
                r"validations\['x'\] must be a JetValidation, got int",
            ),
            (lambda: plotting.correlation_differences("x"), TypeError, "validation must be"),
            (
                lambda: plotting.jet_marginals([[50.0, 0.0, 0.0]], {}),
                TypeError,
                "samples must be a non-empty dict",
            ),
            (
                lambda: plotting.jet_marginals(
                    [[50.0, 0.0, 0.0]], {"true": np.zeros((1, 6))}, flavours=("top",)
                ),
                ValueError,
                "flavours must be among",
            ),
            (
                lambda: plotting.jet_marginals([[50.0, 0.0, 0.0]], {"sim": np.zeros((2, 6))}),
                ValueError,
                r"samples\['sim'\] must have 1 rows",
            ),
        ],
    )
    def test_bad_input(self, call, error, message):
        """Each figure names what it was given wrong."""
        with pytest.raises(error, match=message):
            call()
