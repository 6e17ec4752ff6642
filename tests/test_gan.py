"""Tests of aegan.gan: the builders, the latent law, the GAN, its recipe's fit(), generate.

Training is the slow part, so it happens in two module fixtures that several tests read: an
unconditional GAN on the parabola stream (`curve_run`) and a conditional one on in-memory
arrays (`conditional_run`). They check the mechanics of training; how well a GAN learns is
the lectures' and the benchmarks' job.
"""

import dataclasses
from types import SimpleNamespace

import keras
import numpy as np
import pytest

from aegan import callbacks, data, gan, layers, recipes, scores

#: The curve run's iterations and log block, and the real points its recorder scores.
ITERATIONS = 600
LOG_EVERY = 200
REAL = data.function_samples(64, seed=5)
#: A recipe of ten iterations, for the tests of arguments refused before training.
SHORT = gan.Recipe(iterations=10, log_every=10, batch_size=64)


def dense_widths(model: keras.Model) -> list[int]:
    """Return the number of units of each Dense layer of `model`, in order."""
    return [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def weights_equal(first, second) -> bool:
    """Return True when two models (or two lists of arrays) hold exactly the same weights."""
    first = first.get_weights() if isinstance(first, keras.Model) else first
    second = second.get_weights() if isinstance(second, keras.Model) else second
    return all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))


def networks(*, condition_dim: int = 0, latent_law: str = "normal", seed: int = 0):
    """Return a small seeded (generator, discriminator) pair: 3 latent numbers, 16 units each."""
    generator = gan.build_generator(
        latent_dim=3, hidden=16, latent_law=latent_law, condition_dim=condition_dim, seed=seed + 1
    )
    discriminator = gan.build_discriminator(hidden=16, condition_dim=condition_dim, seed=seed)
    return generator, discriminator


def optimizers(*, generator_average: float | None = None) -> dict:
    """Return fresh optimizers for the two networks, the generator's averaged if asked.

    SGD with momentum: the tests check the mechanics of training, and SGD traces several
    times faster than Adam.
    """
    average = {} if generator_average is None else {"ema_momentum": generator_average}
    return {
        "discriminator_optimizer": keras.optimizers.SGD(0.05, momentum=0.5),
        "generator_optimizer": keras.optimizers.SGD(
            0.05, momentum=0.5, use_ema=generator_average is not None, **average
        ),
    }


def curve_family(n: int, seed: int):
    """Return (samples, conditions): points (x1, c * x1**2) with the factor c as the condition."""
    rng = np.random.default_rng(seed)
    factor = rng.uniform(0.5, 1.5, size=(n, 1))
    x1 = rng.uniform(-0.5, 0.5, size=(n, 1))
    return np.hstack([x1, factor * x1**2]).astype(np.float32), factor.astype(np.float32)


class LastWeights(keras.callbacks.Callback):
    """Keep both networks' weights as training ends, before any average replaces them."""

    def on_train_end(self, logs=None):
        self.generator = self.model.generator.get_weights()
        self.discriminator = self.model.discriminator.get_weights()


@pytest.fixture(scope="module")
def curve_run():
    """The small GAN trained once on the parabola stream: uniform latent law, averaged generator."""
    generator, discriminator = networks(latent_law="uniform")
    residual_before = scores.curve_residual(gan.generate(generator, 1000, seed=0))
    model = gan.GAN(generator, discriminator, seed=0)
    recorder = callbacks.SnapshotRecorder(LOG_EVERY, REAL, seed=3)
    last = LastWeights()
    recipe = gan.Recipe(
        iterations=ITERATIONS,
        batch_size=64,
        log_every=LOG_EVERY,
        learning_rate=0.005,
        discriminator_learning_rate=0.005,
        generator_average=0.9,
    )
    history = recipe.fit(
        model, data.function_batches(32, seed=0), seed=0, callbacks=[recorder, last]
    )
    return SimpleNamespace(
        model=model,
        history=history,
        recorder=recorder,
        last=last,
        residual_before=residual_before,
    )


@pytest.fixture(scope="module")
def conditional_run():
    """A small conditional GAN trained once on in-memory (samples, conditions) arrays."""
    samples, conditions = curve_family(256, seed=1)
    generator, discriminator = networks(condition_dim=1)
    before = (generator.get_weights(), discriminator.get_weights())
    model = gan.GAN(generator, discriminator, seed=0)
    recipe = gan.Recipe(iterations=100, batch_size=32, log_every=50)
    history = recipe.fit(model, (samples, conditions), seed=0)
    return SimpleNamespace(model=model, history=history, before=before)


@pytest.fixture(scope="module")
def untrained():
    """An unconditional and a conditional GAN for the tests of arguments refused before training."""
    return {
        "plain": gan.GAN(*networks(), seed=0),
        "conditional": gan.GAN(*networks(condition_dim=1), seed=0),
    }


class TestLatentSample:
    @pytest.mark.parametrize("latent", ["normal", "uniform"])
    def test_shape_and_seed(self, latent):
        """latent_sample returns (n, latent_dim) float32 points, the same for the same seed."""
        points = gan.latent_sample(20, 3, latent, seed=4)
        assert points.shape == (20, 3) and points.dtype == np.float32
        np.testing.assert_array_equal(points, gan.latent_sample(20, 3, latent, seed=4))
        assert not np.array_equal(points, gan.latent_sample(20, 3, latent, seed=5))

    @pytest.mark.parametrize(
        ("seed", "error"), [("4", TypeError), (4.0, TypeError), (True, TypeError), (-4, ValueError)]
    )
    def test_bad_seed(self, seed, error):
        """A seed numpy would refuse in its own words is refused naming seed, by generate too."""
        with pytest.raises(error, match="seed must be"):
            gan.latent_sample(20, 3, seed=seed)
        with pytest.raises(error, match="seed must be"):
            gan.generate(gan.build_generator(seed=0), 5, seed=seed)

    def test_laws(self):
        """ "uniform" stays in [-1, 1] with variance 1/3; "normal" has variance 1."""
        uniform = gan.latent_sample(20_000, 2, "uniform", seed=0)
        normal = gan.latent_sample(20_000, 2, seed=0)
        assert uniform.min() >= -1.0 and uniform.max() <= 1.0
        assert np.var(uniform) == pytest.approx(1 / 3, abs=0.01)
        assert np.var(normal) == pytest.approx(1.0, abs=0.03)

    @pytest.mark.parametrize(
        ("args", "error", "match"),
        [
            ((0, 5, "normal"), ValueError, "n must be >= 1"),
            ((5, 0, "normal"), ValueError, "latent_dim must be >= 1"),
            ((5, 5, "gaussian"), ValueError, "latent_law must be one of"),
            ((5, 5, None), ValueError, "latent_law must be one of"),
            ((2.5, 5, "normal"), TypeError, "n must be an integer"),
        ],
    )
    def test_bad_arguments(self, args, error, match):
        """A bad count or law raises an error naming the argument."""
        with pytest.raises(error, match=match):
            gan.latent_sample(*args, seed=0)


class TestBuildGenerator:
    def test_tutorial_shape(self):
        """The default generator maps (n, 5) normal latent points to (n, 2) through 15 units."""
        generator = gan.build_generator(seed=0)
        assert dense_widths(generator) == [15, 2]
        assert generator.get_layer("generator_output").activation is keras.activations.linear
        assert np.asarray(generator(np.ones((4, 5), np.float32))).shape == (4, 2)
        assert gan.latent_law_of(generator) == "normal"
        assert gan.condition_dim(generator) == 0

    def test_sizes_and_law(self):
        """latent_dim, hidden widths, output_dim and latent_law set the layers and the law."""
        generator = gan.build_generator(
            latent_dim=3, hidden=(32, 16), output_dim=4, latent_law="uniform", seed=0
        )
        assert generator.inputs[0].shape[-1] == 3
        assert dense_widths(generator) == [32, 16, 4]
        assert gan.latent_law_of(generator) == "uniform"

    def test_conditional(self):
        """With condition_dim the generator takes [latent, conditions], concatenated."""
        generator = gan.build_generator(latent_dim=5, condition_dim=2, seed=0)
        assert [tuple(tensor.shape) for tensor in generator.inputs] == [(None, 5), (None, 2)]
        assert generator.get_layer("generator_hidden_1").kernel.shape == (7, 15)
        points = generator([np.zeros((4, 5), np.float32), np.ones((4, 2), np.float32)])
        assert np.asarray(points).shape == (4, 2)
        assert gan.condition_dim(generator) == 2

    def test_seeded(self):
        """The same seed gives the same weights, another seed different ones."""
        first = gan.build_generator(seed=3)
        assert weights_equal(first, gan.build_generator(seed=3))
        assert not weights_equal(first, gan.build_generator(seed=4))

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"latent_dim": 0}, ValueError, "latent_dim must be >= 1"),
            ({"hidden": -1}, ValueError, "hidden must hold integers >= 1"),
            ({"hidden": ()}, ValueError, "hidden must name at least one"),
            ({"hidden": "15"}, TypeError, "hidden must be a layer width"),
            ({"output_dim": 0}, ValueError, "output_dim must be >= 1"),
            ({"condition_dim": -1}, ValueError, "condition_dim must be >= 0"),
            ({"condition_dim": 1.5}, TypeError, "condition_dim must be an integer"),
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            ({"seed": None}, TypeError, "seed must be an integer"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """A bad size or seed raises an error naming the argument."""
        with pytest.raises(error, match=match):
            gan.build_generator(**{"seed": 0, **kwargs})

    def test_bad_latent_names_latent(self):
        """An unknown latent law raises ValueError naming the builder's argument, latent."""
        with pytest.raises(ValueError, match="latent_law must be one of"):
            gan.build_generator(latent_law="gaussian", seed=0)

    @pytest.mark.parametrize("builder", [gan.build_generator, gan.build_discriminator])
    def test_initializer(self, builder):
        """The hidden weights' initial law is an argument; an unknown one is refused by name."""
        he = builder(hidden=64, seed=0).layers[-2].get_weights()[0]
        glorot = builder(hidden=64, initializer="glorot_uniform", seed=0)
        glorot = glorot.layers[-2].get_weights()[0]
        fan_in, fan_out = glorot.shape
        assert np.abs(he).max() > np.sqrt(6 / (fan_in + fan_out))  # He's bound is wider
        assert np.abs(glorot).max() <= np.sqrt(6 / (fan_in + fan_out))
        with pytest.raises(ValueError, match="initializer must be one of"):
            builder(initializer="zeros", seed=0)


class TestBuildDiscriminator:
    def test_tutorial_shape(self):
        """The default discriminator maps (n, 2) points to (n, 1) probabilities through 25 units."""
        discriminator = gan.build_discriminator(seed=0)
        assert dense_widths(discriminator) == [25, 1]
        scores = np.asarray(discriminator(np.zeros((7, 2), np.float32)))
        assert scores.shape == (7, 1)
        assert np.all((scores > 0) & (scores < 1))

    @pytest.mark.parametrize(("hidden", "widths"), [(8, [8, 1]), ((32, 16), [32, 16, 1])])
    def test_hidden_int_or_tuple(self, hidden, widths):
        """An int gives one hidden layer, a tuple one layer per width."""
        assert dense_widths(gan.build_discriminator(hidden=hidden, seed=0)) == widths

    def test_conditional(self):
        """With condition_dim the discriminator takes [points, conditions], concatenated."""
        discriminator = gan.build_discriminator(input_dim=2, condition_dim=3, seed=0)
        assert [tuple(tensor.shape) for tensor in discriminator.inputs] == [(None, 2), (None, 3)]
        assert discriminator.get_layer("discriminator_hidden_1").kernel.shape == (5, 25)
        scores = discriminator([np.zeros((4, 2), np.float32), np.ones((4, 3), np.float32)])
        assert np.asarray(scores).shape == (4, 1)
        assert gan.condition_dim(discriminator) == 3

    def test_seeded(self):
        """The same seed gives the same weights, another seed different ones."""
        first = gan.build_discriminator(seed=3)
        assert weights_equal(first, gan.build_discriminator(seed=3))
        assert not weights_equal(first, gan.build_discriminator(seed=4))

    def test_features_layer(self):
        """features puts a copy of the given layer before the hidden layers, 5 inputs wide."""
        template = layers.RadialFeatures(4.0)
        discriminator = gan.build_discriminator(hidden=(8,), features=template, seed=0)
        layer = discriminator.get_layer("discriminator_features")
        assert isinstance(layer, layers.RadialFeatures) and layer is not template
        assert layer.gain == 4.0
        assert discriminator.get_layer("discriminator_hidden_1").kernel.shape == (5, 8)
        assert np.asarray(discriminator(data.ring(6, seed=0))).shape == (6, 1)
        again = gan.build_discriminator(hidden=(8,), features=template, seed=0)
        assert again.get_layer("discriminator_features") is not layer  # builds share nothing

    def test_features_with_conditions(self):
        """With conditions too, the conditions join the five radial features."""
        discriminator = gan.build_discriminator(
            condition_dim=3, features=layers.RadialFeatures(5.0), seed=0
        )
        assert discriminator.get_layer("discriminator_hidden_1").kernel.shape == (8, 25)

    def test_features_save_and_load(self, tmp_path):
        """A discriminator with radial features loads from its file with the same scores."""
        discriminator = gan.build_discriminator(
            hidden=(8, 8), features=layers.RadialFeatures(5.0), seed=1
        )
        path = tmp_path / "discriminator.keras"
        discriminator.save(path)
        loaded = keras.saving.load_model(path)
        assert loaded.get_layer("discriminator_features").gain == 5.0
        points = data.ring(10, seed=2)
        np.testing.assert_allclose(loaded(points), discriminator(points), rtol=1e-6)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"features": 4.0}, TypeError, "features must be a Keras layer, got float"),
            (
                {"input_dim": 1, "features": layers.RadialFeatures(5.0)},
                ValueError,
                r"RadialFeatures maps points of the plane, shape \(n, 2\), got shape \(None, 1\)",
            ),
            (
                {"input_dim": 3, "features": layers.RadialFeatures(5.0)},
                ValueError,
                r"RadialFeatures maps points of the plane, shape \(n, 2\), got shape \(None, 3\)",
            ),
        ],
    )
    def test_bad_features(self, kwargs, error, match):
        """A features that is not a layer, or radial features of points not 2-D, raise."""
        with pytest.raises(error, match=match):
            gan.build_discriminator(**{"seed": 0, **kwargs})

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"input_dim": 0}, ValueError, "input_dim must be >= 1"),
            ({"hidden": 0}, ValueError, "hidden must hold integers >= 1"),
            ({"hidden": (25, 0)}, ValueError, "hidden must hold integers >= 1"),
            ({"hidden": ()}, ValueError, "hidden must name at least one"),
            ({"hidden": None}, TypeError, "hidden must be a layer width"),
            ({"condition_dim": -2}, ValueError, "condition_dim must be >= 0"),
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            ({"seed": 0.5}, TypeError, "seed must be an integer"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """A bad size or seed raises an error naming the argument."""
        with pytest.raises(error, match=match):
            gan.build_discriminator(**{"seed": 0, **kwargs})


class TestLatentLawOf:
    def test_reads_the_layer(self):
        """latent_law returns the law a generator was built for."""
        for law in gan.LATENT_LAWS:
            assert gan.latent_law_of(gan.build_generator(latent_law=law, seed=0)) == law

    def test_generator_without_the_layer(self):
        """A generator with no LatentLaw layer raises ValueError telling to pass latent."""
        plain = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)], name="plain")
        with pytest.raises(ValueError, match="'plain' has no LatentLaw layer"):
            gan.latent_law_of(plain)

    def test_not_a_model(self):
        """Something other than a Keras model raises TypeError naming generator."""
        with pytest.raises(TypeError, match=r"generator must be a keras\.Model"):
            gan.latent_law_of("generator")


class TestGAN:
    def test_reads_its_networks(self):
        """The GAN takes its latent law, latent size and condition size from its networks."""
        model = gan.GAN(*networks(condition_dim=2, latent_law="uniform"), seed=0)
        assert (model.latent_law, model.latent_dim, model.condition_dim) == ("uniform", 3, 2)
        latent = [np.zeros((4, 3), np.float32), np.ones((4, 2), np.float32)]
        np.testing.assert_array_equal(model(latent), model.generator(latent))

    def test_generator_step_moves_towards_real(self):
        """One generator step (eagerly, no fit) raises the discriminator's score of the same
        latent points' samples: the generator is trained towards the label 'real'."""
        model = gan.GAN(*networks(), seed=0)
        model.compile(**optimizers())
        latent = model.latent_points(256)

        def mean_score():
            return float(keras.ops.mean(model.discriminator(model.generator(latent))))

        before = mean_score()
        for _ in range(3):
            model.generator_step(latent, None)
        assert mean_score() > before + 1e-4

    def test_latent_points_follow_the_law(self):
        """Uniform latent points fill [-1, 1]; normal ones go beyond it."""
        uniform = np.asarray(gan.GAN(*networks(latent_law="uniform"), seed=0).latent_points(4000))
        normal = np.asarray(gan.GAN(*networks(), seed=0).latent_points(4000))
        assert uniform.shape == normal.shape == (4000, 3)
        assert uniform.min() >= -1.0 and uniform.max() <= 1.0
        assert uniform.min() < -0.99 and uniform.max() > 0.99
        assert np.std(uniform) == pytest.approx(1 / np.sqrt(3), abs=0.02)
        assert np.abs(normal).max() > 3.0

    def test_latent_points_come_from_the_seed(self):
        """Two GANs with one seed draw the same latent points; another seed draws others."""

        def first_draw(seed):
            return np.asarray(gan.GAN(*networks(), seed=seed).latent_points(10))

        np.testing.assert_array_equal(first_draw(4), first_draw(4))
        assert not np.array_equal(first_draw(4), first_draw(5))

    @pytest.mark.parametrize("condition_dim", [0, 1])
    def test_config_round_trip(self, condition_dim):
        """get_config/from_config rebuild a GAN with the same networks and seed."""
        model = gan.GAN(*networks(condition_dim=condition_dim, latent_law="uniform"), seed=5)
        rebuilt = gan.GAN.from_config(model.get_config())
        assert (rebuilt.seed, rebuilt.latent_law, rebuilt.condition_dim) == (
            5,
            "uniform",
            condition_dim,
        )
        latent = np.ones((3, 3), np.float32)
        inputs = [latent, np.ones((3, 1), np.float32)] if condition_dim else latent
        np.testing.assert_array_equal(rebuilt(inputs), model(inputs))

    def test_schedule(self):
        """The schedule is kept, travels in the config, and an unknown one is refused by name."""
        model = gan.GAN(*networks(), seed=0, schedule="joint")
        assert gan.GAN.from_config(model.get_config()).schedule == "joint"
        assert gan.GAN(*networks(), seed=0).schedule == "tutorial"
        with pytest.raises(ValueError, match="schedule must be one of"):
            gan.GAN(*networks(), seed=0, schedule="wgan")

    def test_joint_schedule_steps(self):
        """The joint schedule takes one step of each network an iteration, and trains both."""
        model = gan.GAN(*networks(), seed=0, schedule="joint")
        before = (model.generator.get_weights(), model.discriminator.get_weights())
        model.compile(**optimizers())
        for batch in data.function_batches(16, seed=0).take(3):
            logs = model.train_step(batch)
        assert int(model.discriminator_optimizer.iterations) == 3
        assert int(model.generator_optimizer.iterations) == 3
        assert not weights_equal(model.generator.get_weights(), before[0])
        assert not weights_equal(model.discriminator.get_weights(), before[1])
        assert float(logs["discriminator_loss_real"]) != float(logs["discriminator_loss_fake"])

    def test_recipe_build(self):
        """Recipe.build makes the recipe's networks into a GAN with the recipe's schedule."""
        recipe = gan.Recipe(
            generator_hidden=(8,), discriminator_hidden=(4,), latent_dim=2, schedule="joint"
        )
        model = recipe.build(dim=1, condition_dim=1, seed=3)
        assert (model.schedule, model.seed, model.latent_dim, model.condition_dim) == (
            "joint",
            3,
            2,
            1,
        )
        assert dense_widths(model.generator) == [8, 1]
        assert dense_widths(model.discriminator) == [4, 1]

    def test_rejects_non_models(self):
        """A generator or a discriminator that is not a Keras model raises TypeError naming it."""
        generator, discriminator = networks()
        with pytest.raises(TypeError, match=r"generator must be a keras\.Model"):
            gan.GAN(lambda x: x, discriminator, seed=0)
        with pytest.raises(TypeError, match=r"discriminator must be a keras\.Model"):
            gan.GAN(generator, "discriminator", seed=0)

    def test_condition_sizes_must_agree(self):
        """Networks that take conditions of different sizes raise ValueError saying so."""
        generator, _ = networks(condition_dim=1)
        _, discriminator = networks()
        with pytest.raises(ValueError, match="generator takes conditions of size 1 and the disc"):
            gan.GAN(generator, discriminator, seed=0)

    def test_point_sizes_must_agree(self):
        """A generator whose points the discriminator cannot take raises ValueError."""
        generator = gan.build_generator(output_dim=3, seed=0)
        with pytest.raises(ValueError, match="points of size 3 and the discriminator takes"):
            gan.GAN(generator, gan.build_discriminator(seed=0), seed=0)

    def test_generator_needs_its_law(self):
        """A generator without a LatentLaw layer raises ValueError: the GAN cannot sample it."""
        plain = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)], name="plain")
        with pytest.raises(ValueError, match="no LatentLaw layer"):
            gan.GAN(plain, gan.build_discriminator(seed=0), seed=0)

    @pytest.mark.parametrize(
        ("seed", "error", "match"),
        [(-1, ValueError, "seed must be >= 0"), (None, TypeError, "seed must be an integer")],
    )
    def test_bad_seed(self, seed, error, match):
        """A negative or missing seed raises an error naming seed."""
        with pytest.raises(error, match=match):
            gan.GAN(*networks(), seed=seed)

    def test_compile_needs_two_optimizers(self):
        """compile() takes two distinct Keras optimizers, and names the one that is not."""
        model = gan.GAN(*networks(), seed=0)
        adam = keras.optimizers.Adam()
        with pytest.raises(TypeError, match="generator_optimizer must be a Keras optimizer"):
            model.compile(discriminator_optimizer=adam, generator_optimizer="adam")
        with pytest.raises(ValueError, match="two optimizers, got the same one twice"):
            model.compile(discriminator_optimizer=adam, generator_optimizer=adam)


@pytest.mark.training
class TestTrain:
    def test_history_has_one_record_per_block(self, curve_run):
        """The history holds each loss's mean over each block of log_every iterations."""
        logs = curve_run.history.history
        assert set(logs) == {
            "discriminator_loss_real",
            "discriminator_loss_fake",
            "generator_loss",
        }
        for values in logs.values():
            assert len(values) == ITERATIONS // LOG_EVERY
            assert all(np.isfinite(value) and value > 0 for value in values)

    def test_steps_of_each_network(self, curve_run):
        """Each iteration takes two discriminator steps and one generator step, log_every a call."""
        model = curve_run.model
        assert int(model.discriminator_optimizer.iterations) == 2 * ITERATIONS
        assert int(model.generator_optimizer.iterations) == ITERATIONS
        assert model.steps_per_execution == LOG_EVERY

    def test_generated_points_move_to_the_curve(self, curve_run):
        """Training brings the generated points much nearer x2 = x1**2 than the initial ones."""
        after = scores.curve_residual(gan.generate(curve_run.model.generator, 1000, seed=0))
        assert after < 0.5 * curve_run.residual_before

    def test_average_replaces_the_generator_weights(self, curve_run):
        """With an averaging optimizer the generator ends on averaged weights near the last ones."""
        generator = curve_run.model.generator.get_weights()
        assert not weights_equal(generator, curve_run.last.generator)
        gaps = [
            np.max(np.abs(a - b)) for a, b in zip(generator, curve_run.last.generator, strict=True)
        ]
        assert max(gaps) < 0.1  # an average of recent weights stays close to the last ones
        assert weights_equal(curve_run.model.discriminator, curve_run.last.discriminator)

    def test_conditional_on_arrays(self, conditional_run):
        """A conditional GAN trains on (samples, conditions) arrays: both networks change."""
        model, (generator_before, discriminator_before) = (
            conditional_run.model,
            conditional_run.before,
        )
        assert len(conditional_run.history.history["generator_loss"]) == 2
        assert int(model.discriminator_optimizer.iterations) == 200
        assert not weights_equal(model.generator, generator_before)
        assert not weights_equal(model.discriminator, discriminator_before)


@pytest.mark.training
class TestSnapshotRecorder:
    def test_records_every_block(self, curve_run):
        """The recorder keeps a snapshot at each multiple of every, with accuracies in [0, 1]."""
        snapshots = curve_run.recorder.snapshots
        assert [snapshot.iteration for snapshot in snapshots] == [200, 400, 600]
        for snapshot in snapshots:
            assert snapshot.points.shape == REAL.shape
            assert 0 <= snapshot.real_accuracy <= 1 and 0 <= snapshot.fake_accuracy <= 1
        assert not np.array_equal(snapshots[0].points, snapshots[-1].points)

    def test_points_come_from_fixed_latent_points(self, curve_run):
        """A snapshot is the generator at that iteration applied to latent points from seed."""
        raw = keras.models.clone_model(curve_run.model.generator)
        raw.set_weights(curve_run.last.generator)  # the weights at the last snapshot
        latent = gan.latent_sample(len(REAL), 3, "uniform", seed=3)
        np.testing.assert_allclose(
            curve_run.recorder.snapshots[-1].points, raw(latent), rtol=1e-5, atol=1e-6
        )

    def test_conditional_gan_refused(self, conditional_run):
        """Recording a conditional GAN raises ValueError when training begins."""
        recorder = callbacks.SnapshotRecorder(10, REAL, seed=0)
        recorder.set_model(conditional_run.model)
        with pytest.raises(ValueError, match="unconditional GANs only"):
            recorder.on_train_begin()


class TestFitArguments:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            ({"seed": None}, TypeError, "seed must be an integer"),
            ({"verbose": "loud"}, ValueError, "verbose must be"),
        ],
    )
    def test_bad_arguments(self, untrained, kwargs, error, match):
        """Bad seeds and modes raise an error naming the argument."""
        with pytest.raises(error, match=match):
            SHORT.fit(untrained["plain"], REAL, **{"seed": 0, **kwargs})

    def test_not_a_gan(self):
        """A model that is not a GAN raises TypeError naming model."""
        with pytest.raises(TypeError, match="model must be a GAN"):
            SHORT.fit(gan.build_generator(seed=0), REAL, seed=0)

    @pytest.mark.parametrize("rows", [16, 64])
    def test_dataset_of_another_batch_size(self, untrained, rows):
        """A dataset whose batches are not half the recipe's batch size raises ValueError."""
        with pytest.raises(ValueError, match=f"data yields batches of {rows} rows, the recipe"):
            SHORT.fit(untrained["plain"], data.function_batches(rows, seed=0), seed=0)

    @pytest.mark.parametrize(
        ("data_of", "match"),
        [
            (lambda s, c: s, r"data must be a \(samples, conditions\) pair"),
            (lambda s, c: (s, c[:-1]), r"conditions must have as many rows as samples \(40\)"),
            (lambda s, c: (s, np.hstack([c, c])), r"conditions must have shape \(n, 1\)"),
            (lambda s, c: (s[:, :1], c), r"samples must have shape \(n, 2\)"),
            (lambda s, c: (np.where(s > 0.2, np.nan, s), c), "samples must be finite"),
            (lambda s, c: (s, c[:0]), "conditions must hold at least one row"),
        ],
    )
    def test_bad_conditional_arrays(self, untrained, data_of, match):
        """Missing, mismatched or malformed arrays of a conditional GAN raise ValueError."""
        samples, conditions = curve_family(40, seed=0)
        model = untrained["conditional"]
        with pytest.raises(ValueError, match=match):
            SHORT.fit(model, data_of(samples, conditions), seed=0)

    @pytest.mark.parametrize(
        ("samples", "match"),
        [
            (np.zeros((10, 3)), r"data must have shape \(n, 2\)"),
            (np.zeros((0, 2)), "data must hold at least one row"),
            (np.full((10, 2), np.inf), "data must be finite"),
            ((np.zeros((10, 2)), np.zeros((10, 1))), "the GAN takes no condition"),
        ],
    )
    def test_bad_arrays(self, untrained, samples, match):
        """Malformed in-memory samples of an unconditional GAN raise ValueError naming data."""
        model = untrained["plain"]
        with pytest.raises(ValueError, match=match):
            SHORT.fit(model, samples, seed=0)


class TestTrainStep:
    def test_steps_reproducible(self):
        """GANs with the same seeds take the same steps on the same batches; another seed not."""
        batches = [batch for batch in data.function_batches(16, seed=0).take(3)]

        def after_steps(seed):
            model = gan.GAN(*networks(), seed=seed)
            model.compile(**optimizers())
            for batch in batches:  # eagerly: the step itself, without fit()'s tracing
                model.train_step(batch)
            return model

        first, again, other = after_steps(4), after_steps(4), after_steps(5)
        assert weights_equal(first.generator, again.generator)
        assert weights_equal(first.discriminator, again.discriminator)
        assert not weights_equal(first.generator, other.generator)  # other latent points

    @pytest.mark.parametrize("schedule", ["tutorial", "joint"])
    def test_real_samples_are_labelled_1(self, schedule):
        """A step's real loss is the cross-entropy of the label 1 against the discriminator's
        scores of the real samples, on its weights before the step: -mean(log D(x))."""
        real = data.function_samples(32, seed=2)
        model = gan.GAN(*networks(), seed=0, schedule=schedule)
        model.compile(**optimizers())
        scores_before = keras.ops.convert_to_numpy(model.discriminator(real))
        expected = -np.mean(np.log(np.clip(scores_before, 1e-7, 1 - 1e-7)))
        losses = model.train_step(keras.ops.convert_to_tensor(real))
        assert float(losses["discriminator_loss_real"]) == pytest.approx(expected, rel=1e-5)


class TestSnapshotRecorderArguments:
    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "match"),
        [
            ((0, REAL), {"seed": 0}, ValueError, "every must be >= 1"),
            ((10, REAL[:, 0]), {"seed": 0}, ValueError, r"real must have shape \(n, d\)"),
            ((10, REAL), {"seed": -1}, ValueError, "seed must be >= 0"),
            ((10, REAL), {"seed": None}, TypeError, "seed must be an integer"),
        ],
    )
    def test_bad_arguments(self, args, kwargs, error, match):
        """A bad period, real points or seed raise an error naming the argument."""
        with pytest.raises(error, match=match):
            callbacks.SnapshotRecorder(*args, **kwargs)


class TestGenerate:
    def test_seeded_points(self):
        """generate() returns (n, 2) float32 points, the same for the same seed."""
        generator = gan.build_generator(seed=0)
        points = gan.generate(generator, 50, seed=1)
        assert points.shape == (50, 2) and points.dtype == np.float32
        np.testing.assert_array_equal(points, gan.generate(generator, 50, seed=1))
        assert not np.array_equal(points, gan.generate(generator, 50, seed=2))

    @pytest.mark.parametrize("law", ["normal", "uniform"])
    def test_reads_the_law_from_the_generator(self, law):
        """Without latent, generate() draws from the law the generator was built for."""
        generator = gan.build_generator(latent_law=law, seed=0)
        expected = generator(gan.latent_sample(50, 5, law, seed=1))
        np.testing.assert_array_equal(gan.generate(generator, 50, seed=1), expected)

    def test_latent_overrides_the_law(self):
        """An explicit latent law is used instead of the generator's."""
        generator = gan.build_generator(latent_law="normal", seed=0)
        expected = generator(gan.latent_sample(50, 5, "uniform", seed=1))
        np.testing.assert_array_equal(
            gan.generate(generator, 50, latent_law="uniform", seed=1), expected
        )

    def test_conditional(self):
        """A conditional generator makes one point per condition, from [latent, conditions]."""
        generator = gan.build_generator(condition_dim=1, seed=0)
        conditions = np.linspace(0.5, 1.5, 30, dtype=np.float32)[:, None]
        points = gan.generate(generator, conditions=conditions, seed=1)
        expected = generator([gan.latent_sample(30, 5, seed=1), conditions])
        np.testing.assert_array_equal(points, expected)
        np.testing.assert_array_equal(
            gan.generate(generator, 30, conditions=conditions, seed=1), points
        )

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"n": 5}, "conditions are needed: the generator takes conditions of size 1"),
            (
                {"n": 4, "conditions": np.ones((5, 1))},
                r"n must equal the number of conditions \(5\)",
            ),
            ({"conditions": np.ones((5, 2))}, r"conditions must have shape \(n, 1\)"),
            ({"conditions": np.ones(5)}, r"conditions must have shape \(n, 1\)"),
            ({"conditions": np.full((5, 1), np.nan)}, "conditions must be finite"),
            ({"n": 0, "conditions": np.ones((5, 1))}, "n must be >= 1"),
        ],
    )
    def test_bad_conditions(self, kwargs, match):
        """Missing or malformed conditions, or an n that disagrees, raise ValueError."""
        generator = gan.build_generator(condition_dim=1, seed=0)
        with pytest.raises(ValueError, match=match):
            gan.generate(generator, seed=0, **kwargs)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"n": 5, "conditions": np.ones((5, 1))}, "conditions were given, but the generator"),
            ({}, "n is needed"),
            ({"n": 0}, "n must be >= 1"),
            ({"n": 5, "latent_law": "gaussian"}, "latent_law must be one of"),
        ],
    )
    def test_bad_arguments(self, kwargs, match):
        """Conditions for an unconditional generator, a missing or bad n or law raise ValueError."""
        with pytest.raises(ValueError, match=match):
            gan.generate(gan.build_generator(seed=0), seed=0, **kwargs)

    def test_generator_without_law(self):
        """A generator without LatentLaw needs latent_law; with it, generate() works."""
        plain = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)], name="plain")
        with pytest.raises(ValueError, match="no LatentLaw layer"):
            gan.generate(plain, 5, seed=0)
        assert gan.generate(plain, 5, latent_law="uniform", seed=0).shape == (5, 2)

    def test_not_a_model(self):
        """Something other than a Keras model raises TypeError naming generator."""
        with pytest.raises(TypeError, match=r"generator must be a keras\.Model"):
            gan.generate(np.zeros((5, 2)), 5, seed=0)


class TestSaving:
    def test_trained_generator_keeps_its_law(self, curve_run, tmp_path):
        """A saved generator reloads with its latent law, so generate() draws as before."""
        generator = curve_run.model.generator
        generator.save(tmp_path / "generator.keras")
        reloaded = keras.saving.load_model(tmp_path / "generator.keras")
        assert gan.latent_law_of(reloaded) == "uniform"
        points = gan.generate(reloaded, 200, seed=4)
        np.testing.assert_array_equal(points, gan.generate(generator, 200, seed=4))
        expected = reloaded(gan.latent_sample(200, 3, "uniform", seed=4))
        np.testing.assert_array_equal(points, expected)

    def test_conditional_networks_reload(self, conditional_run, tmp_path):
        """Saved conditional networks reload and give the same outputs for the same conditions."""
        model = conditional_run.model
        conditions = np.linspace(0.5, 1.5, 20, dtype=np.float32)[:, None]
        model.generator.save(tmp_path / "generator.keras")
        model.discriminator.save(tmp_path / "discriminator.keras")
        generator = keras.saving.load_model(tmp_path / "generator.keras")
        discriminator = keras.saving.load_model(tmp_path / "discriminator.keras")
        points = gan.generate(generator, conditions=conditions, seed=2)
        np.testing.assert_array_equal(
            points, gan.generate(model.generator, conditions=conditions, seed=2)
        )
        np.testing.assert_array_equal(
            discriminator([points, conditions]), model.discriminator([points, conditions])
        )


class TestRecipe:
    def test_build_seeds(self):
        """The generator's weights come from seed + 1, the discriminator's and GAN's from seed."""
        model = gan.Recipe().build(seed=4)
        assert weights_equal(model.generator, gan.build_generator(seed=5))
        assert weights_equal(model.discriminator, gan.build_discriminator(seed=4))
        assert model.seed == 4

    def test_features_reach_the_discriminator_only(self):
        """discriminator_features goes to the discriminator, as a copy, and not to the generator."""
        template = layers.RadialFeatures(4.0)
        model = gan.Recipe(discriminator_features=template).build(seed=0)
        layer = model.discriminator.get_layer("discriminator_features")
        assert layer.gain == 4.0 and layer is not template
        assert not any(isinstance(layer, layers.RadialFeatures) for layer in model.generator.layers)

    def test_without_features_the_plain_discriminator(self):
        """Without discriminator_features the discriminator is the plain one, weights and all."""
        recipe = gan.Recipe(discriminator_hidden=(8, 8))
        plain = gan.build_discriminator(hidden=(8, 8), seed=2)
        assert weights_equal(recipe.build(seed=2).discriminator, plain)

    def test_frozen(self):
        """A recipe cannot be changed in place; replace makes a new, checked one."""
        recipe = gan.Recipe()
        with pytest.raises(dataclasses.FrozenInstanceError):
            recipe.iterations = 5
        assert recipe.replace(iterations=500).iterations == 500
        with pytest.raises(ValueError, match="iterations must be >= 1"):
            recipe.replace(iterations=-5)

    @pytest.mark.parametrize(
        ("changes", "error", "match"),
        [
            ({"iterations": -5}, ValueError, "iterations must be >= 1"),
            (
                {"iterations": 150, "log_every": 100},
                ValueError,
                "iterations must be a multiple of log_every=100",
            ),
            ({"iterations": 2.5}, TypeError, "iterations must be an integer"),
            ({"log_every": 0}, ValueError, "log_every must be >= 1"),
            ({"batch_size": 65}, ValueError, "batch_size must be even"),
            ({"batch_size": 0}, ValueError, "batch_size must be >= 2"),
            ({"learning_rate": 0.0}, ValueError, "learning_rate must be > 0"),
            ({"beta_1": 1.0}, ValueError, r"beta_1 must be in \[0, 1\)"),
            ({"generator_average": 1.0}, ValueError, r"generator_average must be in \[0, 1\)"),
            (
                {"discriminator_learning_rate": -1.0},
                ValueError,
                "discriminator_learning_rate must be > 0",
            ),
            ({"beta_1": "0.5"}, TypeError, "beta_1 must be a real"),
            ({"generator_hidden": ()}, ValueError, "generator_hidden must name at least one"),
            ({"latent_law": "gaussian"}, ValueError, "latent_law must be one of"),
            ({"schedule": "fast"}, ValueError, "schedule must be one of"),
            ({"initializer": "zeros"}, ValueError, "initializer must be one of"),
            ({"activation": "wobbly"}, ValueError, "activation must be the name"),
            ({"discriminator_features": 4.0}, TypeError, "discriminator_features must be a Keras"),
            ({"cosine_decay": "yes"}, TypeError, "cosine_decay must be True or False, got 'yes'"),
        ],
    )
    def test_bad_fields(self, changes, error, match):
        """A recipe with a bad field raises at construction, naming the field."""
        with pytest.raises(error, match=match):
            gan.Recipe(**changes)

    @pytest.mark.parametrize(
        ("schedule", "discriminator_steps"), [("tutorial", 200), ("joint", 100)]
    )
    def test_cosine_decay(self, schedule, discriminator_steps):
        """With cosine_decay each rate halves midway and reaches 0 at its network's last step."""
        recipe = gan.Recipe(iterations=100, cosine_decay=True, schedule=schedule)
        for optimizer, steps in (
            (recipe.generator_optimizer(), 100),
            (recipe.discriminator_optimizer(), discriminator_steps),
        ):
            rates = []
            for step in (0, steps // 2, steps):
                optimizer.iterations.assign(step)
                rates.append(float(optimizer.learning_rate))
            assert rates == pytest.approx([0.001, 0.0005, 0.0], abs=1e-9)

    @pytest.mark.training
    def test_cosine_decay_ends_with_the_training(self, untrained):
        """fit trains exactly the iterations the decay lasts: the last rate is 0."""
        recipe = SHORT.replace(cosine_decay=True)
        model = untrained["plain"]
        recipe.fit(model, REAL, seed=0)
        assert int(model.generator_optimizer.iterations) == recipe.iterations
        assert float(model.generator_optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)
        assert float(model.discriminator_optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)

    def test_constant_rates_by_default(self):
        """Without cosine_decay (the default) the rates stay at their value throughout."""
        recipe = gan.Recipe(discriminator_learning_rate=0.0005)
        for optimizer, rate in (
            (recipe.generator_optimizer(), 0.001),
            (recipe.discriminator_optimizer(), 0.0005),
        ):
            optimizer.iterations.assign(2 * recipe.iterations)
            assert float(optimizer.learning_rate) == pytest.approx(rate)

    @pytest.mark.parametrize(("seed", "error"), [(-1, ValueError), (None, TypeError)])
    def test_bad_seed(self, seed, error):
        """build() without a seed >= 0 raises an error naming seed."""
        with pytest.raises(error, match="seed must be"):
            gan.Recipe().build(seed=seed)

    @pytest.mark.parametrize(
        ("iterations", "log_every"),
        [(10_000, 100), (6000, 100), (150, 75), (10, 10), (97, 97), (197, 1)],
    )
    def test_default_log_every(self, iterations, log_every):
        """Without log_every a recipe records the largest divisor of its iterations up to 100."""
        recipe = gan.Recipe(iterations=iterations)
        assert recipe.log_every is None and recipe.iterations_per_call == log_every
        assert recipe.replace(iterations=10).iterations_per_call == 10  # follows the iterations


class TestActivation:
    @pytest.mark.parametrize("build", [gan.build_generator, gan.build_discriminator])
    def test_hidden_layers_take_the_activation(self, build):
        """Hidden layers are ReLU by default (the tutorial's) and take any Keras activation."""

        def hidden_activations(model):
            return {
                layer.activation.__name__
                for layer in model.layers
                if isinstance(layer, keras.layers.Dense) and "_hidden_" in layer.name
            }

        assert hidden_activations(build(hidden=(8, 8), seed=0)) == {"relu"}
        leaky = build(hidden=(8, 8), activation="leaky_relu", seed=0)
        assert hidden_activations(leaky) == {"leaky_relu"}

    @pytest.mark.parametrize("build", [gan.build_generator, gan.build_discriminator])
    def test_unknown_activation(self, build):
        """An unknown activation raises ValueError naming the argument."""
        with pytest.raises(ValueError, match="activation must be the name of a Keras activation"):
            build(activation="wobbly", seed=0)

    def test_recipe_builds_with_its_activation(self):
        """A recipe's activation reaches the hidden layers of both networks it builds."""
        model = gan.Recipe(activation="leaky_relu").build(seed=0)
        for network in (model.generator, model.discriminator):
            hidden = [layer for layer in network.layers if "_hidden_" in layer.name]
            assert {layer.activation.__name__ for layer in hidden} == {"leaky_relu"}


class TestTrainOnRing:
    @pytest.mark.parametrize(
        ("recipe", "seed", "error", "match"),
        [
            (recipes.RING_VAE, 0, TypeError, "recipe"),
            (recipes.RING_GAN, -1, ValueError, "seed"),
            (recipes.RING_GAN, None, TypeError, "seed"),
        ],
    )
    def test_bad_arguments_are_named(self, recipe, seed, error, match):
        """A recipe of another kind and a bad seed are named before anything is built."""
        with pytest.raises(error, match=match):
            gan.train_on_ring(recipe, seed)
