"""Tests of aegan.flow.spline: the rational-quadratic spline, its flow, recipe and simulator.

The spline's algebra is checked in float64 over random parameters (its inverse, its
derivative, its order, its tails); a few hundred iterations of training check that the
likelihood rises and the saved simulator is usable. How well the recipe learns the
calorimeter is `benchmarks/spline_seeds.py`'s job.
"""

import json
import subprocess
import sys

import keras
import numpy as np
import pytest

from aegan import data, flow, recipes, simulation, training
from aegan.flow import spline

BINS, BOUND = 8, 3.0
#: A small recipe: a few hundred iterations of a small network.
SMALL = flow.SplineRecipe(
    bins=8, bound=8.0, hidden=(16, 16), iterations=300, batch_size=256, learning_rate=5e-3
)


def random_spline(n: int, seed: int, scale: float = 1.0):
    """Return n random parameter rows (float64) and n points inside and outside [-B, B]."""
    rng = np.random.default_rng(seed)
    parameters = scale * rng.standard_normal((n, spline.parameter_count(BINS)))
    points = rng.uniform(-2.0 * BOUND, 2.0 * BOUND, size=(n, 1))
    return parameters, points


def forward(points, parameters):
    """Return the spline's (z, log|dz/dx|) as float64 numpy arrays."""
    z, log_derivative = spline.spline_forward(points, parameters, bins=BINS, bound=BOUND)
    return keras.ops.convert_to_numpy(z), keras.ops.convert_to_numpy(log_derivative)


class TestSpline:
    def test_inverse_inverts_the_forward_map(self):
        """f^-1(f(x)) = x to 1e-5, for points inside and outside [-B, B]."""
        parameters, points = random_spline(20_000, seed=0)
        z, _ = forward(points, parameters)
        back = spline.spline_inverse(z, parameters, bins=BINS, bound=BOUND)
        np.testing.assert_allclose(keras.ops.convert_to_numpy(back), points, atol=1e-5)
        assert np.mean(np.abs(points) > BOUND) > 0.4  # both regions were tried

    def test_log_derivative_is_the_numerical_one(self):
        """log|det| equals the log of the central difference (away from the knots at +-B)."""
        parameters, points = random_spline(5000, seed=1)
        points = points[np.abs(np.abs(points[:, 0]) - BOUND) > 1e-3]
        parameters = parameters[: len(points)]
        step = 1e-6
        above, _ = forward(points + step, parameters)
        below, _ = forward(points - step, parameters)
        _, log_derivative = forward(points, parameters)
        numerical = np.log((above - below) / (2 * step))
        np.testing.assert_allclose(log_derivative, numerical, atol=1e-4)

    def test_monotone(self):
        """For one spline, sorted points map to strictly increasing values."""
        parameters, _ = random_spline(1, seed=2, scale=2.0)
        points = np.linspace(-2 * BOUND, 2 * BOUND, 10_001)[:, None]
        z, _ = forward(points, np.repeat(parameters, len(points), axis=0))
        assert np.all(np.diff(z[:, 0]) > 0)

    def test_identity_in_the_tails(self):
        """Outside [-B, B] the spline is the identity, log|det| = 0; +-B maps to itself."""
        parameters, points = random_spline(2000, seed=3)
        outside = np.abs(points[:, 0]) > BOUND
        z, log_derivative = forward(points, parameters)
        np.testing.assert_array_equal(z[outside], points[outside])
        np.testing.assert_array_equal(log_derivative[outside], 0.0)
        ends, _ = forward(np.array([[-BOUND], [BOUND]]), parameters[:2])
        np.testing.assert_allclose(ends[:, 0], [-BOUND, BOUND], atol=1e-12)

    def test_zero_parameters_are_the_identity(self):
        """Equal bins and unit derivatives make the spline the identity: the untrained flow."""
        points = np.linspace(-BOUND, BOUND, 101)[:, None]
        z, log_derivative = forward(points, np.zeros((101, spline.parameter_count(BINS))))
        np.testing.assert_allclose(z, points, atol=1e-12)
        np.testing.assert_allclose(log_derivative, 0.0, atol=1e-12)

    def test_density_integrates_to_one(self):
        """The flow's density of x, N(f(x)) f'(x), integrates to 1 for one random spline."""
        parameters, _ = random_spline(1, seed=4, scale=2.0)
        points = np.linspace(-12.0, 12.0, 200_001)[:, None]
        z, log_derivative = forward(points, np.repeat(parameters, len(points), axis=0))
        density = np.exp(-0.5 * z[:, 0] ** 2 + log_derivative[:, 0]) / np.sqrt(2 * np.pi)
        assert np.trapezoid(density, points[:, 0]) == pytest.approx(1.0, abs=1e-6)


class TestArguments:
    @pytest.mark.parametrize("bins", [1, 0, -3])
    def test_bins_below_two(self, bins):
        """A spline needs at least two bins, in the recipe and in the model."""
        with pytest.raises(ValueError, match="bins must be >= 2"):
            flow.SplineRecipe(bins=bins)
        with pytest.raises(ValueError, match="bins must be >= 2"):
            spline.build_spline_network(bins, seed=0)

    @pytest.mark.parametrize("bound", [np.inf, np.nan, 0.0, -1.0])
    def test_bound_not_finite_and_positive(self, bound):
        """The bound B is a finite number > 0."""
        with pytest.raises(ValueError, match="bound must be"):
            flow.SplineRecipe(bound=bound)

    @pytest.mark.parametrize(
        ("field", "value", "match"),
        [
            ("hidden", (), "hidden must name at least one layer width"),
            ("iterations", 0, "iterations must be >= 1"),
            ("batch_size", 0, "batch_size must be >= 1"),
            ("learning_rate", 0.0, "learning_rate must be > 0"),
        ],
    )
    def test_recipe_fields(self, field, value, match):
        """Each field of the recipe is checked at construction, naming the field."""
        with pytest.raises(ValueError, match=match):
            flow.SplineRecipe(**{field: value})

    def test_recipe_is_a_training_recipe(self):
        """The recipe follows the course's recipe contract and prints under its import name."""
        assert isinstance(recipes.SIMULATOR_SPLINE, training.Recipe)
        assert str(SMALL).startswith("flow.SplineRecipe(bins=8")

    def test_conditions_of_the_wrong_shape(self):
        """Conditions must be (n, condition_dim) with as many rows as the points."""
        model = SMALL.build(seed=0)
        with pytest.raises(ValueError, match=r"conditions must have shape \(n, 1\)"):
            model.log_prob(np.zeros((5, 1)), np.zeros((5, 2)))
        with pytest.raises(ValueError, match="conditions must have as many rows as points"):
            model.log_prob(np.zeros((5, 1)), np.zeros((4, 1)))
        with pytest.raises(ValueError, match="conditions must have shape"):
            model.sample(np.zeros(5), seed=0)

    def test_data_without_conditions(self):
        """The flow is trained on (points, conditions) pairs."""
        model = SMALL.build(seed=0)
        with pytest.raises(ValueError, match="data must be a"):
            SMALL.fit(model, np.zeros((10, 1)), seed=0)

    def test_dim_other_than_one(self):
        """The spline flow models one number."""
        with pytest.raises(ValueError, match="dim must be 1"):
            SMALL.build(dim=2, seed=0)

    @pytest.mark.parametrize(
        ("energies", "responses", "match"),
        [
            ([10.0, -1.0], [1.0, 1.0], "energies must be > 0"),
            ([10.0, np.nan], [1.0, 1.0], "energies must be finite"),
            ([10.0, 20.0], [1.0, 0.0], "responses must be > 0"),
            ([10.0, 20.0], [1.0, np.inf], "responses must be finite"),
        ],
    )
    def test_bad_pairs(self, energies, responses, match):
        """Energies and responses must be finite and > 0 (R > 0: log R is modelled)."""
        with pytest.raises(ValueError, match=match):
            spline.train_simulator(energies, responses, recipe=SMALL, seed=0)
        model = SMALL.build(seed=0)
        scale = simulation.ResponseScale((0.0, 0.0, 0.0), 0.0, 0.1)
        with pytest.raises(ValueError, match=match):
            spline.log_density(model, scale, energies, responses)

    def test_recipe_type(self):
        """train_simulator takes a spline recipe."""
        with pytest.raises(TypeError, match=r"recipe must be a flow\.SplineRecipe"):
            spline.train_simulator([10.0], [1.0], recipe=recipes.SIMULATOR_FLOW, seed=0)


@pytest.fixture(scope="module")
def trained():
    """A small spline simulator trained on 20,000 pairs, and its loss before training."""
    energies, responses = data.calorimeter(20_000, seed=5)
    untrained = SMALL.build(seed=0)
    scale = simulation.ResponseScale.fit(energies, np.log(responses))
    before = -np.mean(spline.log_density(untrained, scale, energies, responses))
    result = spline.train_simulator(energies, responses, recipe=SMALL, seed=0)
    return result, before, (energies, responses)


@pytest.mark.training
class TestTraining:
    def test_likelihood_rises(self, trained):
        """Training lowers the negative log likelihood of the responses by a clear margin."""
        result, before, (energies, responses) = trained
        after = -np.mean(spline.log_density(result.model, result.scale, energies, responses))
        assert after < before - 0.1

    def test_log_density_of_responses(self, trained):
        """The density of R given E integrates to 1 over R at one energy."""
        result, _, _ = trained
        responses = np.linspace(1e-3, 3.0, 30_001)
        energies = np.full_like(responses, 30.0)
        density = np.exp(spline.log_density(result.model, result.scale, energies, responses))
        assert np.trapezoid(density, responses) == pytest.approx(1.0, abs=0.01)

    def test_saved_simulator_loads_after_import_aegan(self, trained, tmp_path):
        """The saved simulator loads in a fresh `import aegan` and gives (n, 1) energies > 0."""
        result, _, _ = trained
        path = tmp_path / "spline_simulator.keras"
        result.simulator.save(path)
        script = (
            "import sys, keras, numpy as np, aegan\n"
            f"model = keras.saving.load_model({str(path)!r})\n"
            "energies = np.geomspace(10, 100, 5000)[:, None].astype('float32')\n"
            "reco = model.predict(energies, verbose=0)\n"
            "assert reco.shape == (5000, 1), reco.shape\n"
            "assert np.all(np.isfinite(reco)) and np.all(reco > 0)\n"
            "assert 0.6 < np.median(reco / energies) < 1.1\n"
            "print('ok')\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
        )
        assert done.stdout.strip().endswith("ok"), done.stderr[-2000:]

    def test_graded_by_the_checker(self, trained, tmp_path):
        """A fresh `python -m aegan.check simulator FILE` loads the file and grades it."""
        result, _, _ = trained
        path = tmp_path / "spline_simulator.keras"
        result.simulator.save(path)
        command = [sys.executable, "-m", "aegan.check", "simulator", str(path), "--json"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        assert done.returncode in (0, 1), done.stderr[-2000:]  # passed or failed, not unusable
        names = [check["name"] for check in json.loads(done.stdout)["checks"]]
        assert any("C2ST" in name for name in names)

    def test_simulator_draws_the_flows_inverse(self, trained):
        """The simulator's energies are E exp(m + s f^-1(z)): positive, near the toy's median."""
        result, _, _ = trained
        energies = np.full((20_000, 1), 30.0, np.float32)
        responses = result.simulator.predict(energies, batch_size=20_000, verbose=0)[:, 0] / 30.0
        assert np.all(responses > 0)
        exact = data.calorimeter_quantile(0.5, 30.0)
        assert abs(np.median(responses) - exact) < 0.03
