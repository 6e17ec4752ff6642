"""Tests of aegan.flow: the velocity field, the sampler's order, the training, the simulator.

Training here is a thousand iterations of small networks on 1-D laws, a few seconds: it checks
that the regression learns what it must (a shift, a condition, weighted batches) and the
mechanics of saving; how well the recipes learn the ring and the calorimeter is Lecture 6's
and `benchmarks/flow_seeds.py`'s job.
"""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

import aegan
from aegan import data, flow, recipes, scores, simulation, training

#: A small recipe: a 1-D law learnt in a few seconds.
SMALL = flow.Recipe(hidden=(32, 32), iterations=1000, batch_size=256, learning_rate=3e-3)


def shifted_gaussian(n: int, seed: int) -> np.ndarray:
    """Return n points of N(3, 0.5^2), shape (n, 1)."""
    return (3.0 + 0.5 * np.random.default_rng(seed).standard_normal((n, 1))).astype(np.float32)


@pytest.fixture(scope="module")
def shift_model():
    """A field trained briefly on N(3, 0.5^2), and the same field untrained."""
    untrained = SMALL.build(dim=1, seed=0)
    before = flow.sample(untrained.velocity, 4000, steps=8, method="midpoint", seed=1)
    model = SMALL.build(dim=1, seed=0)
    SMALL.fit(model, shifted_gaussian(20_000, seed=0), seed=0)
    return model, before


@pytest.fixture(scope="module")
def pairs():
    """20,000 (E, R) pairs of the toy: enough for the 20 bins of the response scale."""
    return data.calorimeter(20_000, seed=3)


class TestBuildVelocityField:
    @pytest.mark.parametrize(("dim", "condition_dim"), [(1, 0), (2, 0), (1, 1), (2, 3)])
    def test_shapes(self, dim, condition_dim):
        """The field maps points (n, dim), times (n, 1) (and conditions) to (n, dim)."""
        velocity = flow.build_velocity_field(dim, (8,), condition_dim=condition_dim, seed=0)
        inputs = [np.zeros((5, dim)), np.full((5, 1), 0.5)]
        if condition_dim:
            inputs.append(np.ones((5, condition_dim)))
        assert len(velocity.inputs) == (3 if condition_dim else 2)
        assert keras.ops.convert_to_numpy(velocity(inputs)).shape == (5, dim)

    def test_seed_fixes_the_weights(self):
        """Two fields built with one seed have the same weights, with another seed not."""
        first, second, other = (flow.build_velocity_field(1, (8,), seed=seed) for seed in (4, 4, 5))
        np.testing.assert_array_equal(first.get_weights()[0], second.get_weights()[0])
        assert not np.array_equal(first.get_weights()[0], other.get_weights()[0])

    @pytest.mark.parametrize(
        ("arguments", "error", "match"),
        [
            ({"dim": 0}, ValueError, "dim"),
            ({"hidden": ()}, ValueError, "hidden"),
            ({"condition_dim": -1}, ValueError, "condition_dim"),
            ({"activation": "nope"}, ValueError, "activation"),
            ({"seed": -1}, ValueError, "seed"),
            ({"seed": 1.5}, TypeError, "seed"),
        ],
    )
    def test_bad_arguments(self, arguments, error, match):
        """Bad sizes, activations and seeds raise errors naming the argument."""
        with pytest.raises(error, match=match):
            flow.build_velocity_field(**{"seed": 0, **arguments})


def integration_error(method: str, steps: int) -> float:
    """Return the largest error of `integrate` on dx/dt = x cos t, whose x(1) = x0 e^(sin 1)."""
    start = np.linspace(-1.0, 1.0, 5)[:, None]
    end = flow.integrate(
        lambda inputs: inputs[0] * keras.ops.cos(inputs[1]), start, steps=steps, method=method
    )
    return float(np.max(np.abs(keras.ops.convert_to_numpy(end) - start * np.exp(np.sin(1.0)))))


class TestIntegrate:
    @pytest.mark.parametrize(
        ("method", "steps", "order"), [("euler", 16, 1), ("midpoint", 16, 2), ("rk4", 4, 4)]
    )
    def test_order_of_accuracy(self, method, steps, order):
        """Doubling the steps divides the error by about 2^order: 2 for Euler, 4, 16."""
        ratio = integration_error(method, steps) / integration_error(method, 2 * steps)
        assert 0.8 * 2**order < ratio < 1.25 * 2**order

    def test_second_order_beats_euler_at_equal_cost(self):
        """Midpoint with 8 steps (16 evaluations) is more accurate than Euler with 16."""
        assert integration_error("midpoint", 8) < 0.1 * integration_error("euler", 16)

    def test_conditions_reach_the_field(self):
        """With dx/dt = c x, each row ends at x0 e^c: the condition is passed row by row."""
        conditions = np.array([[0.0], [1.0], [-1.0]])
        end = flow.integrate(
            lambda inputs: inputs[0] * inputs[2],
            np.ones((3, 1)),
            conditions,
            steps=4,
            method="rk4",
        )
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(end)[:, 0], np.exp([0, 1, -1]), rtol=1e-3
        )

    @pytest.mark.parametrize(
        ("steps", "method", "error", "match"),
        [
            (0, "euler", ValueError, "steps"),
            (-3, "rk4", ValueError, "steps"),
            (2.5, "euler", TypeError, "steps"),
            ("8", "euler", TypeError, "steps"),
            (True, "euler", TypeError, "steps"),
            (4, "heun", ValueError, "method"),
        ],
    )
    def test_bad_steps_or_method(self, steps, method, error, match):
        """A step count that is not an integer >= 1, or an unknown method, raises naming it."""
        with pytest.raises(error, match=match):
            flow.integrate(lambda inputs: inputs[0], np.zeros((2, 1)), steps=steps, method=method)


class TestStartingPoints:
    def test_float64_noise_is_cast(self):
        """numpy's default float64 noise runs through a Keras field as float32 noise does."""
        field = flow.build_velocity_field(dim=2, hidden=(4,), seed=0)
        noise = np.random.default_rng(0).standard_normal((5, 2))
        for run in (flow.integrate, flow.trajectory):
            found = keras.ops.convert_to_numpy(run(field, noise, steps=2, method="euler"))
            again = run(field, noise.astype(np.float32), steps=2, method="euler")
            np.testing.assert_array_equal(found, keras.ops.convert_to_numpy(again))

    @pytest.mark.parametrize("run", [flow.integrate, flow.trajectory])
    @pytest.mark.parametrize(
        ("noise", "conditions", "match"),
        [
            (np.array([[0.0], [np.nan]]), np.zeros((2, 1)), "noise must be finite"),
            (np.zeros((2, 3)), np.zeros((2, 1)), r"noise must have shape \(n, 1\), the field"),
            (np.zeros(2), np.zeros((2, 1)), r"noise must have shape \(n, d\)"),
            (np.zeros((2, 1)), None, "conditions must have 1 columns, as the field takes, got 0"),
            (np.zeros((2, 1)), np.zeros((3, 1)), "conditions must have as many rows as noise"),
            (np.zeros((2, 1)), np.full((2, 1), np.inf), "conditions must be finite"),
        ],
    )
    def test_bad_noise_or_conditions(self, run, noise, conditions, match):
        """NaN noise, or noise and conditions of widths the field does not take, raise."""
        field = flow.build_velocity_field(dim=1, hidden=(4,), condition_dim=1, seed=0)
        with pytest.raises(ValueError, match=match):
            run(field, noise, conditions, steps=2, method="euler")

    @pytest.mark.parametrize("run", [flow.integrate, flow.trajectory])
    @pytest.mark.parametrize(
        ("noise", "match"),
        [
            (np.array([[True], [False]]), "noise must be numbers, got an array of booleans"),
            ([["0.5"], ["1"]], "noise must be numbers, got str"),
            (np.array([[1 + 1j], [0j]]), "noise must be numbers, got an array of complex"),
        ],
    )
    def test_noise_that_is_not_real_numbers(self, run, noise, match):
        """Booleans, strings or complex noise raise TypeError naming noise (not read as 1.0)."""
        field = flow.build_velocity_field(dim=1, hidden=(4,), seed=0)
        with pytest.raises(TypeError, match=match):
            run(field, noise, steps=2, method="euler")

    @pytest.mark.parametrize(
        "run",
        [
            lambda velocity: flow.integrate(velocity, np.zeros((2, 1)), steps=2, method="euler"),
            lambda velocity: flow.trajectory(velocity, np.zeros((2, 1)), steps=2, method="rk4"),
            lambda velocity: flow.log_density(velocity, np.zeros((2, 1)), steps=2),
        ],
        ids=["integrate", "trajectory", "log_density"],
    )
    def test_velocity_that_cannot_be_called(self, run):
        """A velocity that is not callable (a file name) raises TypeError naming velocity."""
        with pytest.raises(TypeError, match="velocity must be callable"):
            run("velocity_field.keras")


class TestTrajectory:
    def test_starts_at_the_noise_and_ends_at_the_samples(self):
        """The path holds steps + 1 positions: the noise first, `integrate`'s result last."""
        field = lambda inputs: inputs[0] * keras.ops.cos(inputs[1])  # noqa: E731
        start = np.linspace(-1.0, 1.0, 4)[:, None].astype(np.float32)
        path = flow.trajectory(field, start, steps=5, method="midpoint")
        end = flow.integrate(field, start, steps=5, method="midpoint")
        assert path.shape == (6, 4, 1)
        np.testing.assert_array_equal(path[0], start)
        np.testing.assert_allclose(path[-1], keras.ops.convert_to_numpy(end), rtol=1e-6)

    def test_bad_steps(self):
        """A step count below 1 raises naming steps."""
        with pytest.raises(ValueError, match="steps"):
            flow.trajectory(lambda inputs: inputs[0], np.zeros((2, 1)), steps=0, method="rk4")


class TestLogDensity:
    def test_linear_field_gives_the_scaled_normal(self):
        """dx/dt = c x carries N(0, 1) to N(0, e^(2c)): the log-density is that law's."""
        points = np.linspace(-3.0, 3.0, 7)[:, None]
        for scale in (1.0, -0.5):
            conditions = np.full((7, 1), scale)
            found = flow.log_density(
                lambda inputs: inputs[0] * inputs[2], points, conditions, steps=8
            )
            width = np.exp(scale)
            exact = -0.5 * (points[:, 0] / width) ** 2 - np.log(width * np.sqrt(2 * np.pi))
            np.testing.assert_allclose(found, exact, atol=1e-3)

    def test_two_dimensions_add_both_divergences(self):
        """dx/dt = (x1, -x2) scales the axes by e and 1/e: the density's two terms add up."""
        field = lambda inputs: inputs[0] * keras.ops.convert_to_tensor([[1.0, -1.0]])  # noqa: E731
        points = np.array([[0.5, 0.2], [-1.0, 0.1]])
        found = flow.log_density(field, points, steps=8)
        noise = points * np.array([np.exp(-1.0), np.exp(1.0)])
        exact = -0.5 * np.sum(noise**2, axis=1) - np.log(2 * np.pi)  # the Jacobian is 1
        np.testing.assert_allclose(found, exact, atol=1e-3)

    @pytest.mark.parametrize(
        ("points", "error", "match"),
        [
            (np.zeros(3), ValueError, r"points must have shape \(n, d\)"),
            (np.array([[0.0], [np.nan]]), ValueError, "points must be finite"),
            (np.array([[True], [False]]), TypeError, "points must be numbers"),
        ],
    )
    def test_bad_points(self, points, error, match):
        """Points that are not a finite (n, dim) array of real numbers raise naming them."""
        with pytest.raises(error, match=match):
            flow.log_density(lambda inputs: inputs[0], points, steps=2)

    def test_float64_points_as_float32(self):
        """float64 points give the log-density of the same points in float32."""
        field = flow.build_velocity_field(dim=2, hidden=(4,), seed=0)
        points = np.random.default_rng(0).standard_normal((5, 2))
        found = flow.log_density(field, points, steps=2)
        again = flow.log_density(field, points.astype(np.float32), steps=2)
        assert found.dtype == np.float64 and found.shape == (5,)
        np.testing.assert_array_equal(found, again)

    def test_points_of_another_width(self):
        """Points or conditions of other widths than a Keras field takes raise naming them."""
        field = flow.build_velocity_field(dim=1, hidden=(4,), condition_dim=1, seed=0)
        with pytest.raises(ValueError, match=r"points must have shape \(n, 1\), the field's"):
            flow.log_density(field, np.zeros((3, 2)), np.zeros((3, 1)), steps=2)
        with pytest.raises(ValueError, match="conditions must have 1 columns"):
            flow.log_density(field, np.zeros((3, 1)), np.zeros((3, 2)), steps=2)


@pytest.mark.training
class TestSample:
    def test_learns_a_shifted_gaussian(self, shift_model):
        """After training on N(3, 0.5^2) the samples' mean and width are those of the data."""
        model, before = shift_model
        points = flow.sample(model.velocity, 4000, steps=8, method="midpoint", seed=1)
        assert points.shape == (4000, 1) and points.dtype == np.float32
        assert abs(points.mean() - 3.0) < 0.1 and abs(points.std() - 0.5) < 0.1
        assert abs(before.mean() - 3.0) > 1.0  # the untrained field was far from it

    def test_same_seed_same_points(self, shift_model):
        """The noise comes from `seed` alone: one seed, one sample; another seed, another."""
        model, _ = shift_model
        first, second, other = (
            flow.sample(model.velocity, 100, steps=2, method="euler", seed=seed)
            for seed in (7, 7, 8)
        )
        np.testing.assert_array_equal(first, second)
        assert not np.array_equal(first, other)

    def test_batches_do_not_change_the_points(self, shift_model):
        """Integrating in batches gives the points integrated at once."""
        model, _ = shift_model
        whole = flow.sample(model.velocity, 50, steps=2, method="rk4", seed=3)
        parts = flow.sample(model.velocity, 50, steps=2, method="rk4", seed=3, batch_size=7)
        np.testing.assert_allclose(parts, whole, rtol=1e-5, atol=1e-6)

    def test_bad_conditions(self):
        """Missing, unexpected or misshapen conditions raise errors naming them."""
        conditional = flow.build_velocity_field(1, (4,), condition_dim=1, seed=0)
        plain = flow.build_velocity_field(1, (4,), seed=0)
        options = {"steps": 1, "method": "euler", "seed": 0}
        with pytest.raises(ValueError, match="conditions are needed"):
            flow.sample(conditional, 5, **options)
        with pytest.raises(ValueError, match=r"conditions must have shape \(n, 1\)"):
            flow.sample(conditional, conditions=np.zeros((5, 2)), **options)
        with pytest.raises(ValueError, match="conditions were given"):
            flow.sample(plain, 5, conditions=np.zeros((5, 1)), **options)
        with pytest.raises(ValueError, match="n is needed"):
            flow.sample(plain, **options)
        with pytest.raises(ValueError, match="steps"):
            flow.sample(plain, 5, steps=0, method="euler", seed=0)


class TestFieldShape:
    def test_a_flow_matching_model_is_not_its_field(self):
        """sample given the FlowMatching model, not its velocity field, says which to give."""
        model = SMALL.build(dim=1, seed=0)
        with pytest.raises(TypeError, match=r"got a FlowMatching: give its `\.velocity`"):
            flow.sample(model, 5, steps=1, method="euler", seed=0)
        assert flow.field_shape(model.velocity) == (1, 0)


class TestFlowMatching:
    @pytest.mark.training
    def test_conditional_learns_the_condition(self):
        """Trained on x = 2c + 0.3 z with c = -1 or 1, the samples given c sit near 2c."""
        rng = np.random.default_rng(0)
        conditions = rng.choice([-1.0, 1.0], size=(20_000, 1)).astype(np.float32)
        points = (2 * conditions + 0.3 * rng.standard_normal((20_000, 1))).astype(np.float32)
        model = SMALL.build(dim=1, condition_dim=1, seed=0)
        SMALL.fit(model, (points, conditions), seed=0)
        asked = np.repeat([[-1.0], [1.0]], 2000, axis=0)
        sampled = flow.sample(model.velocity, conditions=asked, steps=8, method="midpoint", seed=2)
        assert abs(sampled[:2000].mean() + 2.0) < 0.15 and abs(sampled[2000:].mean() - 2.0) < 0.15

    @pytest.mark.training
    def test_weights_choose_the_batches(self):
        """With weight 0 on the points near -3, the field learns only the points near +3."""
        rng = np.random.default_rng(1)
        signs = rng.choice([-1.0, 1.0], size=(20_000, 1))
        points = (3 * signs + 0.3 * rng.standard_normal((20_000, 1))).astype(np.float32)
        model = SMALL.build(dim=1, seed=0)
        SMALL.fit(model, points, weights=(signs[:, 0] > 0).astype(float), seed=0)
        sampled = flow.sample(model.velocity, 4000, steps=8, method="midpoint", seed=2)
        assert np.mean(sampled > 0) > 0.97

    def test_loss_falls(self, shift_model):
        """The regression's loss at the end is below its first record."""
        model, _ = shift_model
        losses = model.history.history["loss"]
        assert losses[-1] < losses[0]

    def test_saved_model_loads(self, shift_model, tmp_path):
        """A FlowMatching saved to .keras loads back with the same field."""
        model, _ = shift_model
        path = tmp_path / "flow.keras"
        model.save(path)
        loaded = keras.saving.load_model(path)
        assert isinstance(loaded, flow.FlowMatching) and loaded.time_power == model.time_power
        inputs = [np.linspace(-2, 2, 9)[:, None], np.full((9, 1), 0.3)]
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(loaded.velocity(inputs)),
            keras.ops.convert_to_numpy(model.velocity(inputs)),
            rtol=1e-6,
        )

    @pytest.mark.parametrize(("power", "mean"), [(1.0, 1 / 2), (2.0, 2 / 3), (3.0, 3 / 4)])
    def test_time_power_moves_the_times_towards_the_data(self, power, mean):
        """t = 1 - (1 - u)^k has mean k / (k + 1): uniform for k = 1, nearer t = 1 above."""
        velocity = flow.build_velocity_field(1, (4,), seed=0)
        times = flow.FlowMatching(velocity, seed=0, time_power=power).training_times(20_000)
        times = keras.ops.convert_to_numpy(times)
        assert times.shape == (20_000, 1) and times.min() >= 0 and times.max() <= 1
        assert abs(times.mean() - mean) < 0.01

    def test_step_regresses_on_the_straight_path(self, monkeypatch):
        """One step's loss is mean (v(x_t, t) - (x1 - x0))^2 at x_t = (1 - t) x0 + t x1, for
        given noise x0 and times t, on the field's weights before the step."""
        noise = np.array([[0.5], [-1.0], [2.0], [0.1]], np.float32)
        times = np.array([[0.2], [0.5], [0.9], [0.7]], np.float32)
        targets = np.array([[1.0], [0.0], [-0.5], [3.0]], np.float32)
        monkeypatch.setattr(keras.random, "normal", lambda shape, **kwargs: noise)
        monkeypatch.setattr(keras.random, "uniform", lambda shape, **kwargs: times)
        velocity = flow.build_velocity_field(1, (8,), seed=3)
        points = (1.0 - times) * noise + times * targets
        predicted = keras.ops.convert_to_numpy(velocity([points, times]))
        expected = np.mean((predicted - (targets - noise)) ** 2)
        model = flow.FlowMatching(velocity, seed=0)
        model.compile(optimizer=keras.optimizers.SGD(0.1))
        loss = float(model.train_step(keras.ops.convert_to_tensor(targets))["loss"])
        assert loss == pytest.approx(float(expected), rel=1e-5)
        after = keras.ops.convert_to_numpy(velocity([points, times]))
        assert np.mean((after - (targets - noise)) ** 2) < expected  # a step down the loss

    def test_rejects_a_model_without_times(self):
        """A model that takes no time input is not a velocity field."""
        points = keras.Input(shape=(1,))
        with pytest.raises(ValueError, match="velocity must take"):
            flow.FlowMatching(keras.Model(points, points), seed=0)


class TestRecipe:
    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("iterations", -5, ValueError),
            ("iterations", 10.0, TypeError),
            ("batch_size", 0, ValueError),
            ("learning_rate", 0.0, ValueError),
            ("hidden", (), ValueError),
            ("activation", "nope", ValueError),
            ("steps", 0, ValueError),
            ("steps", 1.5, TypeError),
            ("method", "heun", ValueError),
            ("time_power", 0.5, ValueError),
            ("time_power", float("nan"), ValueError),
        ],
    )
    def test_bad_values_raise_at_construction(self, field, value, error):
        """A recipe with a bad value cannot exist: the constructor raises naming the field."""
        with pytest.raises(error, match=field):
            flow.Recipe(**{field: value})

    def test_is_frozen(self):
        """A recipe cannot be changed after it was checked."""
        with pytest.raises(dataclasses.FrozenInstanceError):
            SMALL.iterations = 5

    def test_one_shape_with_the_other_recipes(self):
        """A flow recipe is a training.Recipe, and a variant from `replace` is checked again."""
        assert isinstance(SMALL, training.Recipe)
        assert SMALL.replace(iterations=7).iterations == 7
        with pytest.raises(ValueError, match="batch_size"):
            SMALL.replace(batch_size=0)

    def test_fit_runs_the_recipe_iterations(self):
        """fit takes exactly the recipe's iterations, and the learning rate ends at 0."""
        recipe = dataclasses.replace(SMALL, iterations=30, batch_size=16)
        model = recipe.build(dim=2, seed=0)
        recipe.fit(model, np.zeros((100, 2)), seed=0)
        assert int(model.optimizer.iterations.numpy()) == 30
        assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.0, abs=1e-9)

    @pytest.mark.training
    def test_same_seed_same_training(self):
        """Two trainings from one seed end with the same weights."""
        recipe = dataclasses.replace(SMALL, iterations=20, batch_size=16)
        weights = []
        for _ in range(2):
            model = recipe.build(dim=1, seed=3)
            recipe.fit(model, shifted_gaussian(200, seed=0), seed=3)
            weights.append(model.velocity.get_weights()[0])
        np.testing.assert_array_equal(*weights)

    def test_bad_data(self):
        """Data of the wrong width, shape or kind raise errors naming them."""
        plain = SMALL.build(dim=1, seed=0)
        conditional = SMALL.build(dim=1, condition_dim=1, seed=0)
        with pytest.raises(ValueError, match=r"data must have shape \(n, 1\)"):
            SMALL.fit(plain, np.zeros((10, 2)), seed=0)
        with pytest.raises(ValueError, match="points alone"):
            SMALL.fit(plain, (np.zeros((10, 1)), np.zeros((10, 1))), seed=0)
        with pytest.raises(ValueError, match="pair"):
            SMALL.fit(conditional, np.zeros((10, 1)), seed=0)
        with pytest.raises(ValueError, match="as many rows"):
            SMALL.fit(conditional, (np.zeros((10, 1)), np.zeros((9, 1))), seed=0)
        with pytest.raises(ValueError, match="weights must hold one value"):
            SMALL.fit(plain, np.zeros((10, 1)), weights=np.ones(9), seed=0)
        with pytest.raises(ValueError, match="weights must be >= 0"):
            SMALL.fit(plain, np.zeros((10, 1)), weights=-np.ones(10), seed=0)
        with pytest.raises(TypeError, match="model must be a FlowMatching"):
            SMALL.fit(keras.Sequential(), np.zeros((10, 1)), seed=0)


@pytest.fixture(scope="module")
def trained(pairs):
    """A conditional flow simulator trained briefly on the toy's pairs."""
    recipe = dataclasses.replace(SMALL, iterations=200, steps=2, method="midpoint")
    return flow.train_simulator(*pairs, recipe=recipe, seed=0)


@pytest.mark.training
class TestSimulator:
    def test_maps_energies_to_energies(self, trained):
        """The simulator maps (n, 1) true energies in GeV to (n, 1) finite reconstructed ones."""
        energies = np.array([[11.0], [35.0], [95.0]], np.float32)
        reco = trained.simulator.predict(energies, verbose=0)
        assert reco.shape == (3, 1) and np.all(np.isfinite(reco))
        assert np.all(np.abs(reco / energies - 1.0) < 1.0)  # of the order of E, not of x

    def test_saved_file_loads_and_draws_the_same_samples(self, pairs, tmp_path):
        """Saved before use, the file loaded after `import aegan` draws what the original draws."""
        recipe = dataclasses.replace(SMALL, iterations=100, steps=2, method="rk4")
        trained = flow.train_simulator(*pairs, recipe=recipe, seed=1)
        path = tmp_path / "flow_simulator.keras"
        trained.simulator.save(path)
        loaded = keras.saving.load_model(path)
        assert aegan.flow is flow
        energies = np.full((1000, 1), 20.0, np.float32)
        original = trained.simulator.predict(energies, batch_size=1000, verbose=0)
        again = loaded.predict(energies, batch_size=1000, verbose=0)
        np.testing.assert_allclose(again, original, rtol=1e-5)
        assert np.std(original) > 0.1  # a sample, not one value repeated

    def test_graded_by_the_checker(self, trained, tmp_path):
        """A fresh `python -m aegan.check simulator FILE` loads the file and grades it."""
        path = tmp_path / "flow_simulator.keras"
        trained.simulator.save(path)
        command = [sys.executable, "-m", "aegan.check", "simulator", str(path), "--json"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert result.returncode in (0, 1), result.stderr  # passed or failed, not unusable
        names = [check["name"] for check in json.loads(result.stdout)["checks"]]
        assert all(any(f"E = {e:g} GeV" in name for name in names) for e in scores.TEST_ENERGIES)
        assert any("C2ST" in name for name in names)

    @pytest.mark.parametrize(
        ("conditional", "per_energy"), [(False, True), (True, False), (False, False)]
    )
    def test_ablations_remove_one_ingredient_each(self, pairs, conditional, per_energy):
        """conditional=False: a field without condition; per_energy=False: one scale for all E."""
        recipe = dataclasses.replace(SMALL, iterations=20, steps=1, method="euler")
        trained = flow.train_simulator(
            *pairs, recipe=recipe, conditional=conditional, per_energy=per_energy, seed=0
        )
        assert trained.model.condition_dim == (1 if conditional else 0)
        assert (trained.scale.stochastic > 0) == per_energy
        assert trained.simulator.predict(np.full((4, 1), 30.0), verbose=0).shape == (4, 1)

    def test_bad_arguments(self, pairs, trained):
        """A wrong recipe, flag, scale or field raises an error naming it."""
        with pytest.raises(TypeError, match="recipe"):
            flow.train_simulator(*pairs, recipe=recipes.SIMULATOR_GAN, seed=0)
        with pytest.raises(TypeError, match="per_energy"):
            flow.train_simulator(*pairs, recipe=SMALL, per_energy=1, seed=0)
        with pytest.raises(ValueError, match="energies"):
            flow.train_simulator(-pairs[0], pairs[1], recipe=SMALL, seed=0)
        velocity = trained.model.velocity
        with pytest.raises(TypeError, match="scale"):
            flow.build_simulator(velocity, None, steps=2, method="euler", seed=0)
        two_d = flow.build_velocity_field(2, (4,), condition_dim=1, seed=0)
        with pytest.raises(ValueError, match="one number"):
            flow.build_simulator(two_d, trained.scale, steps=2, method="euler", seed=0)
        with pytest.raises(ValueError, match="steps"):
            flow.build_simulator(velocity, trained.scale, steps=0, method="euler", seed=0)


@pytest.mark.training
class TestSamplerStudy:
    def test_errors_against_the_finest_and_the_cheapest_within(self, trained):
        """Each studied sampler's passes, RMS error against RK4 and spread; the choice is the
        cheapest within the tolerance, and the same seed gives the same study."""
        study = flow.sampler_study(trained.model.velocity, 0)
        expected = {(m, n) for m, counts in flow.STUDIED_SAMPLERS.items() for n in counts}
        assert set(study) == expected
        assert study["midpoint", 4][0] == 8 and study["euler", 4][0] == 4
        assert study["euler", 16][1] < study["euler", 4][1]
        assert study == flow.sampler_study(trained.model.velocity, 0)
        method, steps = flow.cheapest_sampler(study)
        assert study[method, steps][1] <= flow.SAMPLER_TOLERANCE
        cheaper = [v for v in study.values() if v[0] < study[method, steps][0]]
        assert all(v[1] > flow.SAMPLER_TOLERANCE for v in cheaper)

    def test_bad_arguments(self, trained):
        """A negative seed, a field of two numbers or no sampler within the tolerance is named."""
        with pytest.raises(ValueError, match="seed"):
            flow.sampler_study(trained.model.velocity, -1)
        two_d = flow.build_velocity_field(2, (4,), condition_dim=1, seed=0)
        with pytest.raises(ValueError, match="velocity must move one number"):
            flow.sampler_study(two_d, 0)
        with pytest.raises(ValueError, match="study must hold a sampler"):
            flow.cheapest_sampler({("euler", 4): (4, 0.5, 0.9)})


#: Models saved by the package before flow and simulation were split into subpackages.
SAVED = Path(__file__).parent / "saved_models"


class TestSavedBeforeTheSplit:
    def expected(self, name: str) -> np.ndarray:
        """Return the outputs recorded when `name` was saved (`saved_models/make.py`)."""
        return np.array(json.loads((SAVED / "expected.json").read_text())[name])

    def test_flow_simulator_loads_and_draws_as_before(self, readable_keras_file):
        """A flow simulator saved by flow.py of 0108d2e loads and, reseeded, draws as it did."""
        readable_keras_file(SAVED / "flow_simulator.keras")
        simulator = keras.saving.load_model(SAVED / "flow_simulator.keras")
        simulation.reseed(simulator, 7)
        energies = np.array([[10.0], [30.0], [90.0]], np.float32)
        reco = keras.ops.convert_to_numpy(simulator(energies))[:, 0]
        np.testing.assert_allclose(reco, self.expected("flow_simulator"), rtol=1e-5)

    def test_flow_matching_loads_with_its_field(self, readable_keras_file):
        """A FlowMatching saved by flow.py of 0108d2e loads with its field's weights."""
        readable_keras_file(SAVED / "flow_matching.keras")
        model = keras.saving.load_model(SAVED / "flow_matching.keras")
        assert isinstance(model, flow.FlowMatching) and model.time_power == 2.0
        energies = np.array([10.0, 30.0, 90.0])
        inputs = [
            (energies[:, None] / 100.0).astype(np.float32),
            np.full((3, 1), 0.5, np.float32),
            simulation.energy_condition(energies),
        ]
        velocities = keras.ops.convert_to_numpy(model(inputs))[:, 0]
        np.testing.assert_allclose(velocities, self.expected("flow_matching"), rtol=1e-5)
