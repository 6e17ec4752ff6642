"""Tests for `python -m aegan.check jets`: a perfect jet simulator passes, a wrong one fails on
the bar's criteria with the truth's values beside, and a file of the wrong kind is refused
with one line naming the expected shapes, exit status 2.

The models are small Keras models built here: a Dense layer, and a layer drawing the toy's
exact law with Keras' random ops (a perfect simulator in a file).
"""

import json

import keras
import numpy as np
import pytest
from keras import layers

from aegan import check, jets, scores


@keras.saving.register_keras_serializable(package="test_check_jets")
class ToyJets(layers.Layer):
    """Draw the six observables of the toy jet detector's exact law: a perfect simulator.

    The law of `aegan.jets.sample_observables`, in Keras' random ops (float32).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(11)

    def call(self, conditions):
        import tensorflow as tf

        ops = keras.ops
        pt, eta, flavour = conditions[:, 0:1], conditions[:, 1:2], conditions[:, 2:3]
        shape = ops.shape(pt)
        light, charm, bottom = (ops.cast(ops.equal(flavour, code), "float32") for code in range(3))
        mean = 0.97 - 0.15 * ops.exp(-pt / 40.0) - 0.02 * bottom
        width = ops.sqrt(1.0 / pt + 0.05**2) * (1.0 + 0.2 * ops.abs(eta) / jets.ETA_MAX)
        core = keras.random.gamma(shape, (mean / width) ** 2, seed=self.seed_generator)
        core = core * width**2 / mean
        probability = sum(
            p * f for p, f in zip(jets.NEUTRINO_PROBABILITIES, (light, charm, bottom), strict=True)
        )
        neutrino = ops.cast(
            keras.random.uniform(shape, seed=self.seed_generator) < probability, "float32"
        )
        carried = keras.random.beta(shape, 1.0, 3.0, seed=self.seed_generator)
        response = core * (1.0 - neutrino * carried)
        alpha = light + 2.0 * charm + bottom * (6.0 + 4.0 * (1.0 - ops.clip(response, 0.0, 1.0)))
        beta = 8.0 * light + 4.0 * charm + 1.5 * bottom
        btag = keras.random.beta(shape, alpha, beta, seed=self.seed_generator)
        angular = 0.002 + 0.5 / pt
        d_eta = angular * keras.random.normal(shape, seed=self.seed_generator)
        d_phi = jets.DPHI_CORRELATION * d_eta + angular * np.sqrt(
            1.0 - jets.DPHI_CORRELATION**2
        ) * keras.random.normal(shape, seed=self.seed_generator)
        mass = sum(m * f for m, f in zip(jets.MASS_RATIOS, (light, charm, bottom), strict=True))
        log_mass = ops.log(mass) + 0.8 * (response - mean)
        log_mass = log_mass + 0.25 * keras.random.normal(shape, seed=self.seed_generator)
        rate = 3.0 + 4.0 * ops.log(pt / jets.PT_MIN) + 2.0 * (charm + bottom)
        tracks = tf.random.stateless_poisson(
            shape, seed=self.seed_generator.next(), lam=rate, dtype="float32"
        )
        return ops.concatenate([response, btag, d_eta, d_phi, ops.exp(log_mass), tracks], axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], len(jets.OBSERVABLES))


def model_of(layer, *, inputs: int = 3) -> keras.Model:
    """Return a Functional model applying `layer` to (n, inputs) inputs."""
    conditions = keras.Input(shape=(inputs,))
    return keras.Model(conditions, layer(conditions))


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict:
    """Save the small models of these tests once; return their paths by name."""
    folder = tmp_path_factory.mktemp("jet_models")
    nan_model = model_of(layers.Dense(6, name="observables"))
    nan_model.get_layer("observables").bias.assign([0.0, 0.0, np.nan, 0.0, 0.0, 0.0])
    built = {
        "perfect": model_of(ToyJets()),
        "dense": model_of(
            layers.Dense(6, kernel_initializer=keras.initializers.GlorotUniform(seed=0))
        ),
        "calorimeter": model_of(layers.Dense(1), inputs=1),
        "five_outputs": model_of(layers.Dense(5)),
        "nan": nan_model,
    }
    paths = {}
    for name, model in built.items():
        paths[name] = folder / f"{name}.keras"
        model.save(paths[name])
    return paths


def run(capsys, *arguments) -> tuple[int, str, str]:
    """Run the checker's command line in this process; return (status, stdout, stderr)."""
    status = check.main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def required(report: dict) -> list[dict]:
    """Return the required checks of a JSON report."""
    return [item for item in report["checks"] if item["required"]]


def test_perfect_simulator_passes_and_scores_as_the_lecture(models, capsys):
    """A Keras model drawing the toy's own law passes every criterion of the bar (exit 0),
    each with the truth's value beside; its values are those of `scores.validate_jets` on
    the same file and seed, and the report keeps to the terminal's width."""
    status, out, err = run(capsys, "jets", models["perfect"])
    assert status == 0, out + err
    lines = out.rstrip().splitlines()
    assert lines[0] == f"aegan check jets: {models['perfect']}"
    assert lines[-1] == "verdict: PASS (every required check passed)"
    assert max(map(len, lines)) <= check.report.WIDTH
    assert "note: the validation took " in out
    simulator = check.load(models["perfect"])
    keras.utils.set_random_seed(check.SEED)
    validation = scores.validate_jets(simulator, seed=check.SEED)
    status, out, _ = run(capsys, "jets", models["perfect"], "--json")
    checks = required(json.loads(out))
    assert [item["name"] for item in checks] == [
        f"{c.name} <= {c.bar:g}" for c in validation.criteria
    ]
    assert [item["value"] for item in checks] == pytest.approx(
        [c.value for c in validation.criteria], abs=1e-6
    )
    assert all("(true jets: " in item["found"] for item in checks)


def test_dense_model_fails_and_json_is_the_report(models, capsys):
    """An untrained Dense model of the right shape fails (exit 1) on the Rosenblatt KS and
    the C2ST, and --json gives the same checks as `check_jets`; a correlation undefined for a
    constant u fails, its value null in the JSON."""
    status, out, _ = run(capsys, "jets", models["dense"], "--json")
    assert status == 1
    report = json.loads(out)
    assert report["passed"] is False
    failed = {item["name"] for item in required(report) if not item["passed"]}
    assert {"KS of u: response <= 0.007", "C2ST AUC <= 0.505"} <= failed
    assert report["checks"] == check.check_jets(models["dense"]).to_dict()["checks"]
    constant = [item for item in required(report) if item["found"].startswith("nan ")]
    assert constant and all(item["value"] is None and not item["passed"] for item in constant)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "calorimeter",
            "jet simulator: maps (n, 1) to (n, 1); a jet simulator maps conditions (pT_gen, "
            "eta_gen, flavour), shape (n, 3), to the six observables (response, btag, d_eta, "
            "d_phi, mass_ratio, tracks), shape (n, 6)",
        ),
        ("five_outputs", "jet simulator: maps (n, 3) to (n, 5); a jet simulator maps"),
        ("nan", "jet simulator: the simulator's output must be finite"),
        ("missing", "jet simulator: no such file: "),
    ],
)
def test_unusable_model_exits_2(models, capsys, tmp_path, name, message):
    """A model of the wrong kind or shape, one that outputs NaN, or no file, is refused in
    one line on stderr naming what was expected, exit status 2."""
    path = models.get(name, tmp_path / "missing.keras")
    status, out, err = run(capsys, "jets", path)
    assert status == 2
    assert out == ""
    assert err.startswith(f"aegan check: {message}")
    assert len(err.strip().splitlines()) == 1


def test_help_names_the_jets_command(capsys):
    """The checker's help lists the jets command and its own help the file it takes."""
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "Lecture 7: the fast simulation of jets" in out
    status, out, _ = run(capsys, "jets", "--help")
    assert status == 0
    assert "(n, 3) -> (n, 6)" in out
