"""The jet fast simulation: its encoding, its scale, its model, and training it briefly."""

import keras
import numpy as np
import pytest

import aegan  # noqa: F401  (registers the package's layers for loading)
from aegan import flow, gan, simulation
from aegan.jets import fastsim, law
from aegan.simulation.events import FeatureScale, GaussianRecipe


@pytest.fixture(scope="module")
def jets():
    """Return 20,000 true jets (conditions, observables)."""
    return law.sample(20_000, seed=3)


class TestEncoding:
    """encode and decode map observables to features on the real line and back."""

    def test_round_trip(self, jets):
        """decode(encode(x)) gives back every observable, the track count exactly."""
        _, observables = jets
        back = fastsim.decode(fastsim.encode(observables, seed=0))
        np.testing.assert_allclose(back[:, :5], observables[:, :5], rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(back[:, 5], observables[:, 5])

    def test_dequantised_count_fills_its_unit(self, jets):
        """sqrt(n + u) puts each count n anywhere in [n, n + 1): its fractional part is uniform."""
        _, observables = jets
        fraction = fastsim.encode(observables, seed=1)[:, 5] ** 2 - observables[:, 5]
        assert fraction.min() >= 0 and fraction.max() < 1
        assert abs(fraction.mean() - 0.5) < 0.01

    def test_layer_decodes_as_numpy(self, jets):
        """The Keras layer and `decode` agree (float32 precision)."""
        _, observables = jets
        features = fastsim.encode(observables[:500], seed=2)
        layer = keras.ops.convert_to_numpy(fastsim.JetObservables()(features.astype("float32")))
        np.testing.assert_allclose(
            layer[:, :5], fastsim.decode(features)[:, :5], rtol=2e-5, atol=1e-6
        )

    def test_counts_decode_alike_and_never_negative(self):
        """The layer and `decode` give the same counts; a negative feature is a count of 0."""
        root = np.array([-3.0, -0.2, 0.0, 0.7, 1.2, 2.3, 4.1])
        features = np.zeros((len(root), 6))
        features[:, 5] = root
        expected = [0, 0, 0, 0, 1, 5, 16]
        np.testing.assert_array_equal(fastsim.decode(features)[:, 5], expected)
        layer = keras.ops.convert_to_numpy(fastsim.JetObservables()(features.astype("float32")))
        np.testing.assert_array_equal(layer[:, 5], expected)

    @pytest.mark.parametrize(
        ("column", "value", "what"),
        [
            (0, -0.1, "responses"),
            (1, 1.5, "b-tag scores"),
            (4, 0.0, "mass ratios"),
            (5, 2.5, "track"),
        ],
    )
    def test_out_of_range_observables_are_refused(self, jets, column, value, what):
        """A training jet outside the law's range is an error naming the observable."""
        _, observables = jets
        bad = observables[:10].copy()
        bad[3, column] = value
        with pytest.raises(ValueError, match=what):
            fastsim.encode(bad, seed=0)

    def test_condition_layer_matches_numpy(self, jets):
        """JetConditions computes `network_conditions` inside the model."""
        conditions, _ = jets
        layer = keras.ops.convert_to_numpy(
            fastsim.JetConditions()(conditions[:300].astype("float32"))
        )
        np.testing.assert_allclose(layer, fastsim.network_conditions(conditions[:300]), atol=1e-6)


class TestFeatureScale:
    """FeatureScale standardises each feature as a function of one scalar."""

    def test_standardised_features_have_unit_width_everywhere(self, jets):
        """After the scale, d_eta's width no longer depends on pT (it falls 6-fold before)."""
        conditions, observables = jets
        features = fastsim.encode(observables, seed=0)
        scale = fastsim.fit_scale(conditions, features)
        x = fastsim.standardize(scale, conditions, features)
        low, high = conditions[:, 0] < 30, conditions[:, 0] > 100
        raw_ratio = features[low, 2].std() / features[high, 2].std()
        assert raw_ratio > 3
        assert 0.85 < x[low, 2].std() / x[high, 2].std() < 1.15

    def test_layer_inverts_standardize(self, jets):
        """The Keras layer's m_g(t) + s_g(t) x gives back the features (float32 precision)."""
        conditions, observables = jets
        features = fastsim.encode(observables, seed=0)
        by, flavour = np.log(conditions[:, 0]), conditions[:, 2]
        scale = fastsim.fit_scale(conditions, features)
        x = fastsim.standardize(scale, conditions, features)
        inputs = [by[:, None].astype("float32"), flavour[:, None].astype("float32"), x]
        back = keras.ops.convert_to_numpy(scale.layer()(inputs))
        np.testing.assert_allclose(back, features, rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(scale.unstandardize(x, by, flavour), features, atol=1e-5)

    def test_each_flavour_is_centred_on_its_own(self, jets):
        """Per flavour, the standardised b-tag's median is near 0 and its half width near 1,
        where one scale for all flavours leaves light and b jets about two widths apart."""
        conditions, observables = jets
        features = fastsim.encode(observables, seed=0)
        x = fastsim.standardize(fastsim.fit_scale(conditions, features), conditions, features)
        by = np.log(conditions[:, 0])
        pooled = FeatureScale.fit(features, by).standardize(features, by)
        for code in range(3):
            chosen = conditions[:, 2] == code
            assert abs(np.median(x[chosen, 1])) < 0.1
            low, high = np.quantile(x[chosen, 1], (0.1587, 0.8413))
            assert 0.85 < (high - low) / 2 < 1.15
        light, b = (np.median(pooled[conditions[:, 2] == code, 1]) for code in (0, 2))
        assert b - light > 1.5

    def test_without_groups_and_bad_groups(self):
        """One scale for all rows needs no groups; a scale of three refuses rows without, or
        with an index outside 0-2."""
        rng = np.random.default_rng(1)
        features, by = rng.normal(size=(3000, 2)), rng.uniform(size=3000)
        groups = rng.integers(3, size=3000)
        assert FeatureScale.fit(features, by).groups == 1
        scale = FeatureScale.fit(features, by, groups=groups, bins=5)
        assert scale.groups == 3
        with pytest.raises(ValueError, match="groups are needed"):
            scale.standardize(features, by)
        with pytest.raises(ValueError, match="groups must be whole numbers from 0 to 2"):
            scale.standardize(features, by, np.full(3000, 3))

    def test_constant_feature_is_refused(self):
        """A feature with no width cannot be standardised: the error names its column."""
        rng = np.random.default_rng(0)
        features = np.column_stack([rng.normal(size=4000), np.ones(4000)])
        with pytest.raises(ValueError, match="column 1 has no width"):
            FeatureScale.fit(features, rng.uniform(size=4000))

    def test_too_few_rows_per_bin(self):
        """Fewer than 100 rows in a bin of t is an error that says what to do."""
        rng = np.random.default_rng(0)
        with pytest.raises(ValueError, match="at least 100 rows"):
            FeatureScale.fit(rng.normal(size=(500, 2)), rng.uniform(size=500), bins=10)


def tiny_networks():
    """Return one untrained network of each kind, six features from six conditions."""
    dim, conditions = 6, fastsim.CONDITION_FEATURES
    field = flow.Recipe(hidden=(8,), steps=2).build(dim=dim, condition_dim=conditions, seed=0)
    generator = gan.Recipe(generator_hidden=(8,), discriminator_hidden=(8,)).build(
        dim=dim, condition_dim=conditions, seed=0
    )
    gaussian = GaussianRecipe(hidden=(8,)).build(dim=dim, condition_dim=conditions, seed=0)
    return {
        "flow": (field.velocity, {"steps": 2, "method": "midpoint"}),
        "gan": (generator.generator, {}),
        "gaussian": (gaussian, {}),
    }


class TestBuildSimulator:
    """build_simulator wraps any of the course's networks into conditions (n, 3) -> (n, 6)."""

    @pytest.mark.parametrize("kind", ["flow", "gan", "gaussian"])
    def test_saved_simulator_draws_valid_jets(self, jets, kind, tmp_path):
        """Saved and loaded, each kind returns six observables in the law's ranges."""
        conditions, observables = jets
        features = fastsim.encode(observables, seed=0)
        scale = fastsim.fit_scale(conditions, features)
        network, sampler = tiny_networks()[kind]
        simulator = fastsim.build_simulator(network, scale, seed=4, **sampler)
        path = tmp_path / "jets.keras"
        simulator.save(path)
        loaded = keras.saving.load_model(path)
        drawn = simulation.simulator.run(loaded, conditions[:1000])
        assert drawn.shape == (1000, 6) and np.isfinite(drawn).all()
        assert (drawn[:, 0] > 0).all() and (drawn[:, 4] > 0).all()
        assert ((drawn[:, 1] >= 0) & (drawn[:, 1] <= 1)).all()
        assert (drawn[:, 5] == np.floor(drawn[:, 5])).all() and (drawn[:, 5] >= 0).all()

    def test_wrong_network_is_refused(self, jets):
        """A network of the calorimeter's size (one number) is not a jet simulator's."""
        conditions, observables = jets
        scale = fastsim.fit_scale(conditions, fastsim.encode(observables, seed=0))
        field = flow.Recipe(hidden=(8,)).build(dim=1, condition_dim=1, seed=0).velocity
        with pytest.raises(ValueError, match="network must make 6 features"):
            fastsim.build_simulator(field, scale, seed=0, steps=2, method="euler")

    def test_wrong_types(self, jets):
        """The network must be a Keras model and the scale a FeatureScale."""
        network, _ = tiny_networks()["gan"]
        with pytest.raises(TypeError, match=r"network must be a keras\.Model"):
            fastsim.build_simulator("generator", None, seed=0)
        with pytest.raises(TypeError, match="scale must be a FeatureScale"):
            fastsim.build_simulator(network, {"location": ()}, seed=0)


class TestTrainSimulator:
    """train_simulator takes a flow, GAN or Gaussian recipe and checks what it is given."""

    def test_refuses_another_recipe(self, jets):
        """An autoencoder's recipe is not a simulator's."""
        from aegan import recipes

        conditions, observables = jets
        with pytest.raises(TypeError, match=r"recipe must be a flow\.Recipe, a gan\.Recipe"):
            fastsim.train_simulator(
                conditions, observables, recipe=recipes.RING_AUTOENCODER, seed=0
            )

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda c, o: (c[:, :2], o), "conditions"),
            (lambda c, o: (c, o[:, :5]), "observables"),
            (lambda c, o: (c, o[:-1]), "observables"),
        ],
    )
    def test_refuses_bad_jets(self, jets, change, message):
        """Conditions or observables of the wrong shape are errors naming them."""
        conditions, observables = change(*jets)
        with pytest.raises(ValueError, match=message):
            fastsim.train_simulator(conditions, observables, recipe=GaussianRecipe(), seed=0)

    @pytest.mark.training
    def test_flow_simulator_trains_saves_and_learns_the_response(self, jets, tmp_path):
        """A short flow training gives a saved simulator whose response follows the law's mean."""
        conditions, observables = jets
        recipe = flow.Recipe(hidden=(32, 32), iterations=600, batch_size=256, steps=2)
        trained = fastsim.train_simulator(conditions, observables, recipe=recipe, seed=0)
        trained.simulator.save(tmp_path / "jet_simulator.keras")
        loaded = keras.saving.load_model(tmp_path / "jet_simulator.keras")
        drawn = simulation.simulator.run(loaded, conditions)
        # the mean response within 0.02 of the truth's (its scatter is 0.002 here)
        assert abs(drawn[:, 0].mean() - observables[:, 0].mean()) < 0.02
        # b-jets carry higher b-tag scores than light jets, as in the law
        flavour = conditions[:, 2]
        assert drawn[flavour == 2, 1].mean() > drawn[flavour == 0, 1].mean() + 0.4


class TestSimulate:
    """simulate checks the conditions a saved jet simulator would take silently."""

    @pytest.fixture(scope="class")
    def simulator(self, jets):
        """Return an untrained GAN jet simulator."""
        conditions, observables = jets
        scale = fastsim.fit_scale(conditions, fastsim.encode(observables, seed=0))
        return fastsim.build_simulator(tiny_networks()["gan"][0], scale, seed=1)

    def test_draws_six_observables(self, simulator, jets):
        """Valid conditions give (n, 6) finite observables."""
        conditions, _ = jets
        drawn = fastsim.simulate(simulator, conditions[:100])
        assert drawn.shape == (100, 6) and np.isfinite(drawn).all()

    @pytest.mark.parametrize(
        ("row", "message"),
        [([50.0, 0.0, 5.0], "flavour"), ([0.0, 0.0, 1.0], "pT|pt"), ([np.nan, 0.0, 1.0], "finite")],
    )
    def test_bad_conditions(self, simulator, row, message):
        """A flavour outside 0-2, a pT of 0 or NaN is an error naming the conditions."""
        conditions = np.tile([[50.0, 0.5, 0.0]], (10, 1))
        conditions[4] = row
        with pytest.raises(ValueError, match=message):
            fastsim.simulate(simulator, conditions)

    def test_wrong_kind_of_model(self):
        """A calorimeter simulator (one column in) is not a jet simulator."""
        inputs = keras.Input(shape=(1,))
        model = keras.Model(inputs, keras.layers.Dense(6)(inputs))
        with pytest.raises(ValueError, match="conditions of 3 columns"):
            fastsim.simulate(model, np.tile([[50.0, 0.5, 0.0]], (4, 1)))
        with pytest.raises(TypeError, match="keras"):
            fastsim.simulate(lambda c: c, np.tile([[50.0, 0.5, 0.0]], (4, 1)))
