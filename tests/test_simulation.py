"""Tests of aegan.simulation: the scalings, the simulator's layers, its training.

Training here is a few hundred iterations of small networks: it checks the mechanics (shapes,
what is given E, what is saved); how well the recipe learns is Lecture 5's and
`benchmarks/cgan_seeds.py`'s job.
"""

import dataclasses
import json
from pathlib import Path

import keras
import numpy as np
import pytest

from aegan import data, flow, gan, recipes, scores, simulation

#: A small recipe of the lecture's kind: the mechanics, in a second or two.
SMALL = dataclasses.replace(
    recipes.SIMULATOR_GAN, generator_hidden=(8,), discriminator_hidden=(8,), iterations=100
)
#: Fewer iterations still, for tests of what `train` is given, not of what it learns.
TINY = SMALL.replace(iterations=10)


@pytest.fixture(scope="module")
def pairs():
    """20,000 (E, R) pairs of the toy: enough for the 20 bins of the scale."""
    return data.calorimeter(20_000, seed=3)


@pytest.fixture(scope="module")
def small_run(pairs):
    """The lecture's kind of simulator, trained briefly (SMALL) on the pairs."""
    return simulation.train(*pairs, recipe=SMALL, seed=0)


class TestEnergyCondition:
    def test_training_range_maps_to_minus_one_one(self):
        """log E maps 10 GeV to -1, 100 GeV to 1, and sqrt(1000) GeV to 0, as an (n, 1) array."""
        condition = simulation.energy_condition([10.0, np.sqrt(1000.0), 100.0])
        assert condition.shape == (3, 1) and condition.dtype == np.float32
        np.testing.assert_allclose(condition[:, 0], [-1.0, 0.0, 1.0], atol=1e-6)

    @pytest.mark.parametrize("energies", [50.0, [50.0], [[50.0]]])
    def test_number_vector_or_column(self, energies):
        """A number, an (n,) or an (n, 1) array of energies all give an (n, 1) condition."""
        assert simulation.energy_condition(energies).shape == (1, 1)

    def test_layer_matches_the_function(self):
        """The simulator's EnergyCondition layer computes the same map."""
        energies = np.array([[10.0], [33.0], [150.0]], np.float32)
        layer = simulation.EnergyCondition()
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(layer(energies)),
            simulation.energy_condition(energies),
            rtol=1e-5,
        )

    @pytest.mark.parametrize(
        "energies, match",
        [
            ([10.0, -1.0], "energies must be > 0"),
            ([10.0, 0.0], "energies must be > 0"),
            ([10.0, np.nan], "energies must be finite"),
            (np.ones((3, 2)), r"energies must have shape \(n,\) or \(n, 1\)"),
            ("ten", "energies must be numbers"),
        ],
    )
    def test_bad_energies(self, energies, match):
        """Energies that are not positive, finite, or of shape (n,) / (n, 1) are refused."""
        with pytest.raises((ValueError, TypeError), match=match):
            simulation.energy_condition(energies)

    @pytest.mark.parametrize(
        "bounds, match",
        [
            ({"low": 50.0, "high": 50.0}, r"low must be < high \(GeV\), got low=50.0"),
            ({"low": 100.0, "high": 10.0}, "low must be < high"),
            ({"low": 0.0}, "low must be > 0"),
            ({"high": np.nan}, "high must be finite"),
        ],
    )
    def test_layer_bad_bounds(self, bounds, match):
        """An EnergyCondition layer with low >= high (no range to map) or a bound that is not
        a positive number is refused by name, before it can divide by log(high / low) = 0."""
        with pytest.raises(ValueError, match=match):
            simulation.EnergyCondition(**bounds)


class TestWidths:
    def test_half_width_of_a_normal(self):
        """Half the central 68 % of a normal sample is its sigma."""
        sample = np.random.default_rng(0).normal(1.0, 0.2, 200_000)
        assert simulation.half_width(sample) == pytest.approx(0.2, rel=0.01)

    def test_fit_resolution_recovers_the_terms(self):
        """Exact widths sqrt(a^2/E + b^2) give back a and b."""
        energies = np.geomspace(10, 100, 8)
        widths = simulation.resolution(energies, 0.8, 0.04)
        assert simulation.fit_resolution(energies, widths) == pytest.approx((0.8, 0.04), rel=1e-4)

    @pytest.mark.parametrize(
        "call, match",
        [
            (lambda: simulation.half_width([1.0]), "at least 2 values"),
            (lambda: simulation.fit_resolution([10.0, 20.0], [0.1]), "as many values"),
            (lambda: simulation.fit_resolution([10.0], [0.1]), "at least 2 widths"),
            (lambda: simulation.fit_resolution([10.0, 20.0], [0.1, -0.1]), "widths must be > 0"),
        ],
    )
    def test_bad_arguments(self, call, match):
        """Too few values or mismatched lengths get an error naming the problem."""
        with pytest.raises(ValueError, match=match):
            call()

    @pytest.mark.parametrize(
        "call, match",
        [
            (lambda: simulation.half_width([True, False, True]), "responses must be numbers"),
            (lambda: simulation.fit_resolution([10.0, 20.0], ["0.1", "0.2"]), "widths must be"),
            (lambda: simulation.resolution([10.0], "0.8", 0.04), "stochastic must be a real"),
            (lambda: simulation.resolution([10.0], 0.8, 0.04j), "constant must be a real"),
        ],
    )
    def test_values_that_are_not_real_numbers(self, call, match):
        """Booleans, strings or complex numbers raise TypeError naming the argument (numpy
        would read True as 1 and "0.1" as 0.1)."""
        with pytest.raises(TypeError, match=match):
            call()


class TestResponseScale:
    def test_printed_to_four_digits(self):
        """print(scale) shows each fitted term to four significant digits, on one short line."""
        scale = simulation.ResponseScale(
            median=(-0.012272858, 0.12436370, 0.59931378), stochastic=0.95843172, constant=0.1117
        )
        assert str(scale) == (
            "ResponseScale(median=(-0.01227, 0.1244, 0.5993), stochastic=0.9584, constant=0.1117)"
        )

    def test_fits_the_toy(self, pairs):
        """The fitted median is the toy's median within 0.01 across the range, the width is the
        law's half 68 % width within 5 % (at high energy, where more showers leak, 15 % wider
        than the core's sigma), and standardised responses centre on 0."""
        scale = simulation.ResponseScale.fit(*pairs)
        for energy in (12.0, 30.0, 80.0):
            exact = data.calorimeter_quantile(0.5, energy)
            assert scale.location(energy)[0] == pytest.approx(exact, abs=0.01)
            half_width = 0.5 * (
                data.calorimeter_quantile(0.8413, energy)
                - data.calorimeter_quantile(0.1587, energy)
            )
            assert scale.width(energy)[0] == pytest.approx(half_width, rel=0.05)
        assert scale.width(80.0)[0] > 1.15 * data.response_resolution(80.0)[0]
        x = scale.standardize(*pairs)
        assert x.shape == (len(pairs[0]), 1) and x.dtype == np.float32
        assert abs(np.median(x)) < 0.05

    def test_one_scale_for_all_energies(self, pairs):
        """per_energy=False: the same location and width at every energy."""
        scale = simulation.ResponseScale.fit(*pairs, per_energy=False)
        assert scale.location([10.0, 100.0])[0] == scale.location([10.0, 100.0])[1]
        assert scale.width([10.0, 100.0])[0] == scale.width([10.0, 100.0])[1]

    def test_bad_pairs(self, pairs):
        """Lengths that differ, or too few pairs per bin, are refused with what to change."""
        energies, responses = pairs
        with pytest.raises(ValueError, match="responses must have as many values as energies"):
            simulation.ResponseScale.fit(energies, responses[:-1])
        with pytest.raises(ValueError, match="every bin must hold at least 100 pairs"):
            simulation.ResponseScale.fit(energies[:500], responses[:500])
        with_nan = responses.copy()
        with_nan[7] = np.nan
        with pytest.raises(ValueError, match="responses must be finite"):
            simulation.ResponseScale.fit(energies, with_nan)

    @pytest.mark.parametrize(
        "responses", [["1.0"] * 3, [True] * 3, np.full(3, 1 + 0j)], ids=["str", "bool", "complex"]
    )
    def test_responses_that_are_not_real_numbers(self, responses):
        """fit, standardize and flat_in_log_energy refuse responses that are not real numbers,
        naming them, as the energies are refused."""
        energies = [10.0, 20.0, 30.0]
        scale = simulation.ResponseScale((0.0, 0.0, 1.0), 0.8, 0.04)
        for call in (
            lambda: simulation.ResponseScale.fit(energies, responses, per_energy=False),
            lambda: scale.standardize(energies, responses),
            lambda: simulation.flat_in_log_energy(energies, responses, seed=0),
        ):
            with pytest.raises(TypeError, match="responses must be numbers"):
                call()

    def test_standardize_divides_by_the_width(self):
        """x = (R - m(E)) / s(E): with m = 1 and s(E) = sqrt(4 / E + 0.01), exact values."""
        scale = simulation.ResponseScale(median=(0.0, 0.0, 1.0), stochastic=2.0, constant=0.1)
        energies = np.array([4.0, 400.0])
        x = scale.standardize(energies, np.array([1.5, 0.9]))
        width = np.sqrt(4.0 / energies + 0.01)
        np.testing.assert_allclose(x[:, 0], np.array([0.5, -0.1]) / width, rtol=1e-6)

    def test_reconstructed_energy_inverts_standardize(self):
        """The simulator's output layer computes E (m(E) + s(E) x): standardize's inverse."""
        scale = simulation.ResponseScale(median=(-0.01, 0.12, 0.6), stochastic=0.9, constant=0.1)
        energies = np.array([12.0, 40.0, 90.0])
        responses = np.array([0.8, 0.95, 1.02])
        x = scale.standardize(energies, responses)
        layer = simulation.ReconstructedEnergy(scale.median, scale.stochastic, scale.constant)
        reco = keras.ops.convert_to_numpy(layer([energies[:, None].astype(np.float32), x]))
        np.testing.assert_allclose(reco[:, 0], energies * responses, rtol=1e-5)


class TestLatentNoise:
    def test_draws_one_point_per_row_and_new_ones_each_call(self):
        """(n, 1) energies give (n, latent_dim) points; two calls differ; the seed fixes them."""
        energies = np.ones((500, 1), np.float32)
        layer = simulation.LatentNoise(3, seed=4)
        first, second = (keras.ops.convert_to_numpy(layer(energies)) for _ in range(2))
        assert first.shape == (500, 3)
        assert not np.array_equal(first, second)
        assert abs(first.mean()) < 0.1 and abs(first.std() - 1) < 0.1
        again = keras.ops.convert_to_numpy(simulation.LatentNoise(3, seed=4)(energies))
        np.testing.assert_array_equal(first, again)

    def test_uniform_law(self):
        """The uniform law draws in [-1, 1]."""
        points = simulation.LatentNoise(2, "uniform", seed=0)(np.ones((1000, 1), np.float32))
        points = keras.ops.convert_to_numpy(points)
        assert points.min() >= -1 and points.max() <= 1 and points.min() < -0.9

    def test_bad_arguments(self):
        """A bad size, law or seed is refused by name."""
        with pytest.raises(ValueError, match="latent_dim must be >= 1"):
            simulation.LatentNoise(0, seed=0)
        with pytest.raises(ValueError, match="law must be one of"):
            simulation.LatentNoise(2, "cauchy", seed=0)
        with pytest.raises(TypeError, match="seed must be an integer"):
            simulation.LatentNoise(2, seed=None)


@pytest.mark.training
class TestBuildSimulator:
    def test_maps_energies_to_energies(self, small_run):
        """The simulator maps (n, 1) GeV to (n, 1) GeV, near E times the response scale."""
        energies = np.full((2000, 1), 50.0, np.float32)
        reco = small_run.simulator.predict(energies, verbose=0)
        assert reco.shape == (2000, 1) and np.all(np.isfinite(reco))
        assert 0.5 < np.median(reco) / 50.0 < 1.3

    def test_reconstructed_energy_is_the_scale_inverted(self, small_run):
        """The output layer computes E (m(E) + s(E) x), the inverse of `standardize`."""
        scale = small_run.scale
        energies = np.array([12.0, 40.0, 90.0])
        responses = np.array([0.8, 0.95, 1.02])
        x = scale.standardize(energies, responses)
        layer = simulation.ReconstructedEnergy(scale.median, scale.stochastic, scale.constant)
        reco = keras.ops.convert_to_numpy(layer([energies[:, None].astype(np.float32), x]))
        np.testing.assert_allclose(reco[:, 0], energies * responses, rtol=1e-4)

    def test_saved_and_loaded(self, small_run, tmp_path):
        """A saved simulator loads with load_model alone and carries on drawing its own noise."""
        path = tmp_path / "simulator.keras"
        small_run.simulator.save(path)
        loaded = keras.saving.load_model(path)
        energies = np.full((100, 1), 30.0, np.float32)
        first, second = loaded.predict(energies, verbose=0), loaded.predict(energies, verbose=0)
        assert first.shape == (100, 1) and not np.array_equal(first, second)

    def test_two_loads_draw_alike_until_reseeded(self, small_run, tmp_path):
        """Two loads of one file draw the same sample (the noise's state is saved); reseeded
        with two seeds they draw two samples, and with one seed the same one again."""
        path = tmp_path / "simulator.keras"
        small_run.simulator.save(path)
        energies = np.full((200, 1), 30.0, np.float32)
        first, second = (keras.saving.load_model(path) for _ in range(2))
        np.testing.assert_array_equal(
            first.predict(energies, verbose=0), second.predict(energies, verbose=0)
        )
        draws = [
            simulation.reseed(keras.saving.load_model(path), seed).predict(energies, verbose=0)
            for seed in (1, 2, 1)
        ]
        assert not np.array_equal(draws[0], draws[1])
        np.testing.assert_array_equal(draws[0], draws[2])

    def test_reseed_after_drawing_restarts_the_noise(self, small_run):
        """Reseeding a simulator that has drawn already restarts its draws at the seed."""
        energies = np.full((50, 1), 20.0, np.float32)
        simulator = small_run.simulator
        first = simulation.reseed(simulator, 7).predict(energies, verbose=0)
        simulator.predict(energies, verbose=0)
        again = simulation.reseed(simulator, 7).predict(energies, verbose=0)
        np.testing.assert_array_equal(first, again)

    def test_run_draws_anew_each_call_and_follows_reseed(self, small_run):
        """`run`'s graph reads the noise's state: new draws each call, a reseed restarts
        them, and the draws are those of the model called eagerly."""
        energies = np.full((50, 1), 20.0, np.float32)
        simulator = small_run.simulator
        first = simulation.simulator.run(simulation.reseed(simulator, 7), energies)
        second = simulation.simulator.run(simulator, energies)
        assert not np.allclose(first, second)
        eager = keras.ops.convert_to_numpy(simulation.reseed(simulator, 7)(energies))
        np.testing.assert_allclose(first, eager, rtol=1e-6)

    @pytest.mark.parametrize("rows", [250, 300, 100, 1])
    def test_run_two_chunks_a_graph_draws_as_one_at_a_time(self, small_run, monkeypatch, rows):
        """With chunks of 50 rows, `run` draws what the model draws called on one chunk after
        another, for an even and an odd number of chunks, one chunk and one row: two chunks
        in one graph take their noise in the order of two calls."""
        monkeypatch.setattr(simulation.simulator, "CHUNK", 50)
        energies = np.linspace(11.0, 95.0, rows, dtype=np.float32)[:, None]
        simulator = simulation.reseed(small_run.simulator, 3)
        found = simulation.simulator.run(simulator, energies)
        simulation.reseed(simulator, 3)
        one_at_a_time = [
            keras.ops.convert_to_numpy(simulator(energies[start : start + 50]))
            for start in range(0, rows, 50)
        ]
        np.testing.assert_allclose(found, np.concatenate(one_at_a_time), rtol=1e-6)
        assert found.shape == (rows, 1)

    def test_run_does_not_keep_its_model_alive(self):
        """The graph `run` keeps for a model goes with the model."""
        import gc
        import weakref

        inputs = keras.Input(shape=(1,))
        model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
        simulation.simulator.run(model, np.ones((3, 1), np.float32))
        alive = weakref.ref(model)
        del model
        gc.collect()
        assert alive() is None

    def test_reseed_bad_arguments(self, small_run):
        """A model without latent noise, a non-model or a bad seed is refused by name."""
        with pytest.raises(ValueError, match="must hold a LatentNoise layer"):
            simulation.reseed(small_run.gan.generator, 1)
        with pytest.raises(TypeError, match=r"simulator must be a keras\.Model"):
            simulation.reseed("simulator.keras", 1)
        with pytest.raises(ValueError, match="seed must be >= 0"):
            simulation.reseed(small_run.simulator, -1)
        with pytest.raises(TypeError, match="seed must be an integer"):
            simulation.reseed(small_run.simulator, 1.5)

    def test_bad_generator(self, small_run):
        """A generator of the wrong shape, or a scale that is not a ResponseScale, is refused."""
        two_conditions = gan.build_generator(
            latent_dim=2, hidden=4, output_dim=1, condition_dim=2, seed=0
        )
        with pytest.raises(ValueError, match="condition of size 1"):
            simulation.build_simulator(two_conditions, small_run.scale, seed=0)
        two_outputs = gan.build_generator(
            latent_dim=2, hidden=4, output_dim=2, condition_dim=1, seed=0
        )
        with pytest.raises(ValueError, match="make one number"):
            simulation.build_simulator(two_outputs, small_run.scale, seed=0)
        with pytest.raises(TypeError, match="scale must be a ResponseScale"):
            simulation.build_simulator(small_run.gan.generator, (1, 2, 3), seed=0)
        with pytest.raises(TypeError, match=r"generator must be a keras\.Model"):
            simulation.build_simulator("generator", small_run.scale, seed=0)


@pytest.mark.training
class TestTrain:
    def test_conditional_networks_take_the_energy(self, small_run):
        """The trained GAN's networks take a condition; the recipe's steps were taken."""
        model = small_run.gan
        assert model.condition_dim == 1 and model.schedule == "joint"
        assert int(model.generator_optimizer.iterations) == SMALL.iterations

    def test_without_energy_nothing_depends_on_it(self, pairs):
        """conditional=False: no condition, one scale, the same responses at every energy."""
        blind = simulation.train(
            *pairs, recipe=dataclasses.replace(SMALL, iterations=10), conditional=False, seed=0
        )
        assert blind.gan.condition_dim == 0
        assert blind.scale.stochastic == 0.0
        low, high = (simulation.simulate(blind.simulator, e, 4000) for e in (11.0, 95.0))
        assert np.median(low) == pytest.approx(np.median(high), abs=0.03)

    def test_gaussian_regression(self, pairs):
        """The Gaussian simulator's responses are normal: no low tail beyond 4 sigma."""
        gaussian = simulation.train_gaussian(*pairs, epochs=1, seed=0)
        responses = simulation.simulate(gaussian.simulator, 30.0, 20_000)
        spread = simulation.half_width(responses)
        assert np.min(responses) > np.median(responses) - 5 * spread

    @pytest.mark.parametrize("trainer", [simulation.train, simulation.train_gaussian])
    def test_bad_pairs(self, pairs, trainer):
        """Pairs of different lengths or a negative energy are refused before any training."""
        energies, responses = pairs
        with pytest.raises(ValueError, match="responses must have as many values"):
            trainer(energies, responses[:-1], seed=0)
        with pytest.raises(ValueError, match="energies must be > 0"):
            trainer(-energies, responses, seed=0)


class TestSimulate:
    def test_simulate_checks_its_simulator(self):
        """A simulator whose output is not (n, 1) or not finite is refused by name."""
        inputs = keras.Input(shape=(1,))
        two = keras.Model(inputs, keras.layers.Concatenate()([inputs, inputs]))
        with pytest.raises(ValueError, match=r"simulator must make one output of shape \(n, 1\)"):
            simulation.simulate(two, 30.0, 10)
        nan = keras.Model(inputs, keras.layers.Lambda(lambda e: e * np.nan)(inputs))
        with pytest.raises(ValueError, match="the simulator's output must be finite"):
            simulation.simulate(nan, 30.0, 10)
        with pytest.raises(ValueError, match="energy must be > 0"):
            simulation.simulate(two, -5.0, 10)

    @pytest.mark.parametrize(
        ("energy", "error", "match"),
        [
            ([10.0, 20.0], ValueError, r"energy must be one number \(GeV\), got 2 values"),
            (np.array([[10.0], [20.0]]), ValueError, "energy must be one number"),
            (0.0, ValueError, "energy must be > 0"),
            (-10.0, ValueError, "energy must be > 0"),
            (True, TypeError, "energy must be numbers"),
            ("10", TypeError, "energy must be numbers"),
            (10 + 1j, TypeError, "energy must be numbers"),
        ],
    )
    def test_bad_energy(self, energy, error, match):
        """Several energies, an energy <= 0 or not a real number raise, naming energy."""
        inputs = keras.Input(shape=(1,))
        model = keras.Model(inputs, keras.layers.Rescaling(0.9)(inputs))
        with pytest.raises(error, match=match):
            simulation.simulate(model, energy, 10)

    def test_simulator_of_another_shape(self):
        """A model that does not take (n, 1) energies, or no model at all, is refused by name."""
        inputs = keras.Input(shape=(2,))
        two = keras.Model(inputs, keras.layers.Dense(1)(inputs))
        with pytest.raises(ValueError, match=r"simulator must take one input of shape \(n, 1\)"):
            simulation.simulate(two, 30.0, 10)
        with pytest.raises(TypeError, match="simulator must be callable"):
            simulation.simulate("simulator.keras", 30.0, 10)

    def test_responses_of_a_known_simulator(self):
        """A simulator E -> 0.9 E gives responses of 0.9, as many as asked."""
        inputs = keras.Input(shape=(1,))
        model = keras.Model(inputs, keras.layers.Rescaling(0.9)(inputs))
        responses = simulation.simulate(model, [30.0], 7)
        np.testing.assert_allclose(responses, np.full(7, 0.9), rtol=1e-6)

    def test_run_calls_the_model_chunk_by_chunk_as_predict_would(self, monkeypatch):
        """`run` gives `predict`'s outputs, in order, whatever the chunk size."""
        inputs = keras.Input(shape=(1,))
        dense = keras.layers.Dense(1, kernel_initializer="glorot_uniform", bias_initializer="ones")
        model = keras.Model(inputs, dense(inputs))
        energies = np.linspace(10.0, 100.0, 20, dtype=np.float32)[:, None]
        monkeypatch.setattr("aegan.simulation.simulator.CHUNK", 7)  # three chunks: 7, 7 and 6
        found = simulation.simulator.run(model, energies)
        assert found.shape == (20, 1)
        np.testing.assert_allclose(found, model.predict(energies, verbose=0), rtol=1e-6)


class TestFlatInLogEnergy:
    def test_half_the_pairs_lie_in_each_half_decade(self, pairs):
        """Under E^-2, 76 % of the pairs lie below 31.6 GeV; resampled with weight E, half."""
        energies, _ = pairs
        middle = np.sqrt(data.E_MIN * data.E_MAX)
        assert np.mean(energies < middle) == pytest.approx(0.76, abs=0.01)
        resampled, _ = simulation.flat_in_log_energy(*pairs, seed=0)
        assert np.mean(resampled < middle) == pytest.approx(0.5, abs=0.02)

    def test_pairs_stay_together(self, pairs):
        """Every resampled pair is one of the given pairs, its response with its energy."""
        energies, responses = pairs
        drawn_energies, drawn_responses = simulation.flat_in_log_energy(*pairs, seed=1)
        assert len(drawn_energies) == len(energies)
        where = np.searchsorted(np.sort(energies), drawn_energies)
        order = np.argsort(energies)
        np.testing.assert_array_equal(energies[order][where], drawn_energies)
        np.testing.assert_array_equal(responses[order][where], drawn_responses)

    def test_seeded(self, pairs):
        """The same seed draws the same pairs, another seed others."""
        first, _ = simulation.flat_in_log_energy(*pairs, seed=2)
        again, _ = simulation.flat_in_log_energy(*pairs, seed=2)
        other, _ = simulation.flat_in_log_energy(*pairs, seed=3)
        np.testing.assert_array_equal(first, again)
        assert not np.array_equal(first, other)

    def test_bad_input(self, pairs):
        """Pairs of different lengths, a negative energy or a bad seed are refused."""
        energies, responses = pairs
        with pytest.raises(ValueError, match="responses must have as many values"):
            simulation.flat_in_log_energy(energies, responses[:-1], seed=0)
        with pytest.raises(ValueError, match="energies must be > 0"):
            simulation.flat_in_log_energy(-energies, responses, seed=0)
        with pytest.raises(ValueError, match="seed"):
            simulation.flat_in_log_energy(energies, responses, seed=-1)


@pytest.mark.training
class TestAblations:
    def test_condition_without_per_energy_scale(self, pairs):
        """per_energy_scale=False keeps the condition and drops the per-energy scale alone."""
        trained = simulation.train(*pairs, recipe=TINY, per_energy_scale=False, seed=0)
        assert trained.gan.condition_dim == 1
        assert trained.scale.stochastic == 0.0 and trained.scale.median[:2] == (0.0, 0.0)

    def test_per_energy_scale_without_condition(self, pairs):
        """conditional=False with per_energy_scale=True keeps the scale and drops the condition."""
        trained = simulation.train(
            *pairs, recipe=TINY, conditional=False, per_energy_scale=True, seed=0
        )
        assert trained.gan.condition_dim == 0
        assert trained.scale.stochastic > 0.0

    def test_bad_switches(self, pairs):
        """The two switches are booleans, named when they are not."""
        with pytest.raises(TypeError, match="conditional"):
            simulation.train(*pairs, recipe=TINY, conditional="yes", seed=0)
        with pytest.raises(TypeError, match="per_energy_scale"):
            simulation.train(*pairs, recipe=TINY, per_energy_scale=1, seed=0)

    def test_recipe_of_another_model(self, pairs):
        """A recipe that is not a GAN's (a flow's) is refused, naming the argument."""
        with pytest.raises(TypeError, match=r"recipe must be a gan\.Recipe"):
            simulation.train(*pairs, recipe=flow.Recipe(), seed=0)


def test_simulator_saved_before_the_split_loads_and_draws_as_before(readable_keras_file):
    """A GAN simulator saved by simulation.py of 0108d2e loads and, reseeded, draws as it did."""
    saved = Path(__file__).parent / "saved_models"
    readable_keras_file(saved / "gan_simulator.keras")
    simulator = keras.saving.load_model(saved / "gan_simulator.keras")
    simulation.reseed(simulator, 7)
    reco = keras.ops.convert_to_numpy(simulator(np.array([[10.0], [30.0], [90.0]], np.float32)))
    expected = json.loads((saved / "expected.json").read_text())["gan_simulator"]
    np.testing.assert_allclose(reco[:, 0], expected, rtol=1e-5)


@pytest.fixture(scope="module")
def validation():
    """`scores.validate_simulator` of a simulator E -> 0.8 E at 30 GeV, at its smallest sizes."""
    return scores.validate_simulator(
        lambda energies: 0.8 * energies,
        seed=0,
        events=100,
        pairs=20,
        resamples=2,
        energies=[30.0],
    )


class TestValidationOfAKnownSimulator:
    """The validation of E -> 0.8 E: a point mass below the median at 30 GeV."""

    def test_pit_is_the_cdf_below_the_median(self, validation):
        """Every PIT F(0.8 | 30 GeV) falls in one bin, in the lower half: R below the median
        gives a PIT below 1/2 (1 - F would mirror the histogram)."""
        assert data.calorimeter_quantile(0.5, 30.0) > 0.8
        histogram = validation.pit_histograms[0]
        assert histogram.sum() == 100 and np.count_nonzero(histogram) == 1
        assert histogram[: len(histogram) // 2].sum() == 100
        assert np.argmax(histogram) == int(len(histogram) * data.calorimeter_cdf(0.8, 30.0)[0])

    def test_a_point_mass_fails_the_pit_criterion(self, validation):
        """A point mass is far from uniform: the PIT criterion at 30 GeV fails, so does the
        verdict."""
        pit = [c for c in validation.criteria if "GeV: PIT KS" in c.name]
        assert len(pit) == 1 and pit[0].value > 0.5 and not pit[0].passed
        assert not validation.passes


@pytest.fixture(scope="module")
def saved_simulators(readable_keras_file):
    """A loader of the simulators saved in tests/saved_models, each loaded once; a test is
    skipped where the installed Keras is older than the one that saved the file (the
    lowest-versions environment)."""
    saved = Path(__file__).parent / "saved_models"
    loaded = {}

    def load(name: str):
        if name not in loaded:
            readable_keras_file(saved / f"{name}.keras")
            loaded[name] = keras.saving.load_model(saved / f"{name}.keras")
        return loaded[name]

    return load


class TestBadInputToASavedSimulator:
    """The package's paths to a saved simulator check what the raw Keras call does not."""

    @pytest.mark.parametrize("name", ["gan_simulator", "flow_simulator"])
    @pytest.mark.parametrize("energy", [0.0, -10.0])
    def test_energies_not_above_zero(self, saved_simulators, name, energy):
        """At E = 0 or E < 0 (where the raw model gives NaN) simulate, reconstruct and
        validate_simulator raise ValueError naming the energy."""
        simulator = saved_simulators(name)
        with pytest.raises(ValueError, match=r"energy must be > 0 \(GeV\)"):
            simulation.simulate(simulator, energy, 10)
        with pytest.raises(ValueError, match=r"energies must be > 0 \(GeV\)"):
            scores.reconstruct(simulator, [30.0, energy])
        with pytest.raises(ValueError, match=r"energies must be > 0 \(GeV\)"):
            scores.validate_simulator(simulator, seed=0, events=100, pairs=20, energies=[energy])

    @pytest.mark.parametrize(
        ("inputs", "units", "match"),
        [
            (2, 1, r"simulator must take one input of shape \(n, 1\), the true energies"),
            (1, 3, r"simulator must make one output of shape \(n, 1\), the reconstructed"),
        ],
    )
    def test_model_of_another_shape_is_named_before_it_runs(self, inputs, units, match):
        """A model taking or making other than (n, 1) is refused by validate_simulator,
        reconstruct and simulate from its declared shapes, before it is called."""
        energies = keras.Input(shape=(inputs,))
        model = keras.Model(energies, keras.layers.Dense(units)(energies))
        for check in (
            lambda: scores.validate_simulator(model, seed=0, events=100, pairs=20),
            lambda: scores.reconstruct(model, [30.0]),
            lambda: simulation.simulate(model, 30.0, 10),
        ):
            with pytest.raises(ValueError, match=match):
                check()


class TestReferenceSimulators:
    """The exact law's simulators check their energies and seed as the package's others do."""

    @pytest.mark.parametrize(
        "make", [scores.truth_simulator, scores.perfect_flow_simulator], ids=["truth", "flow"]
    )
    def test_energies(self, make):
        """A column or a vector of energies gives a column; an energy <= 0 raises by name."""
        simulate = make(seed=0)
        assert np.asarray(simulate(np.array([[30.0], [60.0]]))).shape == (2, 1)
        assert np.asarray(simulate(np.array([30.0, 60.0]))).shape == (2, 1)
        for energy in (0.0, -10.0):
            with pytest.raises(ValueError, match="energies must be > 0"):
                simulate(np.array([[30.0], [energy]]))

    @pytest.mark.parametrize("seed", [1.5, "0", True])
    def test_truth_seed_of_another_type(self, seed):
        """A seed that is not an integer (or a numpy generator) raises TypeError naming seed."""
        with pytest.raises(TypeError, match="seed must be an integer"):
            scores.truth_simulator(seed=seed)
