"""Tests of aegan.gan: the builders, the GAN's train_step through fit(), the literal port."""

import keras
import numpy as np
import pytest

from aegan import gan, metrics


def dense_widths(model: keras.Model) -> list[int]:
    """Return the number of units of each Dense layer of `model`, in order."""
    return [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def weights_equal(first: keras.Model, second: keras.Model) -> bool:
    """Return True when the two models hold exactly the same weights."""
    return all(
        np.array_equal(a, b) for a, b in zip(first.get_weights(), second.get_weights(), strict=True)
    )


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

    def test_seeded(self):
        """The same seed gives the same weights, another seed different ones."""
        first = gan.build_discriminator(seed=3)
        assert weights_equal(first, gan.build_discriminator(seed=3))
        assert not weights_equal(first, gan.build_discriminator(seed=4))

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"input_dim": 0}, "input_dim"),
            ({"hidden": 0}, "hidden"),
            ({"hidden": (25, 0)}, "hidden"),
            ({"hidden": ()}, "hidden"),
        ],
    )
    def test_bad_sizes(self, kwargs, match):
        """A size below 1 raises ValueError naming the argument."""
        with pytest.raises(ValueError, match=match):
            gan.build_discriminator(seed=0, **kwargs)


class TestBuildGenerator:
    def test_tutorial_shape(self):
        """The default generator maps (n, 5) latent points to (n, 2) points through 15 units."""
        generator = gan.build_generator(seed=0)
        assert dense_widths(generator) == [15, 2]
        assert generator.layers[-1].activation is keras.activations.linear
        assert np.asarray(generator(np.ones((4, 5), np.float32))).shape == (4, 2)

    def test_sizes(self):
        """latent_dim, hidden widths and output_dim set the layers."""
        generator = gan.build_generator(latent_dim=3, hidden=(32, 32), output_dim=4, seed=0)
        assert generator.inputs[0].shape[-1] == 3
        assert dense_widths(generator) == [32, 32, 4]

    def test_seeded(self):
        """The same seed gives the same weights, another seed different ones."""
        first = gan.build_generator(seed=3)
        assert weights_equal(first, gan.build_generator(seed=3))
        assert not weights_equal(first, gan.build_generator(seed=4))

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"latent_dim": 0}, "latent_dim"),
            ({"hidden": -1}, "hidden"),
            ({"output_dim": 0}, "output_dim"),
        ],
    )
    def test_bad_sizes(self, kwargs, match):
        """A size below 1 raises ValueError naming the argument."""
        with pytest.raises(ValueError, match=match):
            gan.build_generator(seed=0, **kwargs)


class TestGAN:
    def networks(self):
        """Return a small seeded (generator, discriminator) pair."""
        return gan.build_generator(seed=1), gan.build_discriminator(seed=2)

    @pytest.mark.parametrize("batch_size", [127, 1])
    def test_batch_size_must_split(self, batch_size):
        """An odd or too small batch raises ValueError naming batch_size."""
        with pytest.raises(ValueError, match="batch_size"):
            gan.GAN(*self.networks(), batch_size=batch_size)

    def test_rejects_non_models(self):
        """A generator that is not a Keras model raises TypeError naming it."""
        with pytest.raises(TypeError, match="generator"):
            gan.GAN(lambda x: x, gan.build_discriminator(seed=0))

    def test_bad_interval(self):
        """low >= high raises ValueError naming low."""
        with pytest.raises(ValueError, match="low"):
            gan.GAN(*self.networks(), low=1.0, high=1.0)

    def test_real_points_on_curve(self):
        """Real points drawn inside the model lie on the target within [low, high]."""
        model = gan.GAN(*self.networks(), function=keras.ops.sin, low=0.0, high=3.0, seed=0)
        points = np.asarray(model.real_points(500))
        assert points.shape == (500, 2)
        assert points[:, 0].min() >= 0.0 and points[:, 0].max() <= 3.0
        np.testing.assert_allclose(points[:, 1], np.sin(points[:, 0]), atol=1e-6)

    @pytest.mark.parametrize("latent", ["gaussian", None, "Uniform"])
    def test_bad_latent(self, latent):
        """A latent law other than "normal" or "uniform" raises ValueError naming latent."""
        with pytest.raises(ValueError, match="latent must be one of"):
            gan.GAN(*self.networks(), latent=latent)

    def test_latent_points_follow_the_law(self):
        """Uniform latent points fill [-1, 1]; normal ones, the default, go beyond it."""
        uniform = np.asarray(
            gan.GAN(*self.networks(), latent="uniform", seed=0).latent_points(4000)
        )
        normal = np.asarray(gan.GAN(*self.networks(), seed=0).latent_points(4000))
        assert uniform.shape == normal.shape == (4000, 5)
        assert uniform.min() >= -1.0 and uniform.max() <= 1.0
        assert uniform.min() < -0.99 and uniform.max() > 0.99
        assert np.abs(normal).max() > 3.0
        assert np.std(uniform) == pytest.approx(1 / np.sqrt(3), abs=0.01)

    def test_config_round_trip(self):
        """get_config/from_config rebuild a GAN with the same networks and settings."""
        model = gan.GAN(
            *self.networks(), low=-1.0, high=2.0, batch_size=64, latent="uniform", seed=5
        )
        rebuilt = gan.GAN.from_config(model.get_config())
        assert (rebuilt.low, rebuilt.high, rebuilt.batch_size, rebuilt.seed) == (-1.0, 2.0, 64, 5)
        assert rebuilt.latent == "uniform"
        assert rebuilt.function is gan.square
        latent = np.ones((3, 5), np.float32)
        np.testing.assert_array_equal(rebuilt(latent), model(latent))


class TestTrain:
    def test_records_and_logs(self):
        """train() logs the losses every log_every iterations and snapshots every record_every."""
        run = gan.train(
            *TestGAN().networks(), iterations=300, record_every=100, log_every=50, seed=0
        )
        np.testing.assert_array_equal(run.iterations, [50, 100, 150, 200, 250, 300])
        assert set(run.losses) == {
            "discriminator_loss_real",
            "discriminator_loss_fake",
            "generator_loss",
        }
        assert all(values.shape == (6,) and np.all(values > 0) for values in run.losses.values())
        assert [snapshot.iteration for snapshot in run.snapshots] == [100, 200, 300]
        assert run.snapshots[0].points.shape == (100, 2)
        assert all(0 <= s.real_accuracy <= 1 and 0 <= s.fake_accuracy <= 1 for s in run.snapshots)
        assert int(run.gan.discriminator_optimizer.iterations) == 600  # two steps per iteration

    def test_reproducible(self):
        """The same seeds give the same trained weights, another seed different ones."""
        runs = [
            gan.train(
                *TestGAN().networks(), iterations=200, log_every=100, record_every=100, seed=s
            )
            for s in (7, 7, 8)
        ]
        assert weights_equal(runs[0].generator, runs[1].generator)
        assert weights_equal(runs[0].discriminator, runs[1].discriminator)
        assert not weights_equal(runs[0].generator, runs[2].generator)

    def test_learns_the_curve(self):
        """Three thousand iterations bring the generated points much closer to x2 = x1**2."""
        generator, discriminator = TestGAN().networks()
        before = metrics.curve_residual(gan.generate(generator, 1000, seed=0))
        run = gan.train(
            generator, discriminator, iterations=3000, beta_1=0.5, record_every=3000, seed=0
        )
        after = metrics.curve_residual(gan.generate(run.generator, 1000, seed=0))
        assert after < 0.3 * before

    def test_other_target_function(self):
        """A keras.ops target on another interval trains and scores (the lecture's exercise)."""

        def target(x):
            return keras.ops.sin(3.0 * x)

        run = gan.train(
            *TestGAN().networks(),
            function=target,
            low=-1.0,
            high=1.0,
            iterations=200,
            log_every=100,
            record_every=100,
            seed=0,
        )
        points = gan.generate(run.generator, 500, seed=1)
        scores = metrics.gan_scores(points, target, -1.0, 1.0, seed=2)
        assert all(np.isfinite(value) for value in scores.values())
        assert scores["residual"] < metrics.curve_residual(points)  # nearer sin(3 x1) than x1**2
        real = np.asarray(run.gan.real_points(50))
        np.testing.assert_allclose(real[:, 1], np.sin(3.0 * real[:, 0]), atol=1e-5)

    def test_saved_networks_reload(self, tmp_path):
        """The trained generator and discriminator reload from .keras with the same predictions."""
        run = gan.train(
            *TestGAN().networks(), iterations=100, log_every=100, record_every=100, seed=0
        )
        points = np.random.default_rng(0).standard_normal((10, 5)).astype(np.float32)
        for model, inputs in ((run.generator, points), (run.discriminator, points[:, :2])):
            path = tmp_path / f"{model.name}.keras"
            model.save(path)
            np.testing.assert_array_equal(keras.saving.load_model(path)(inputs), model(inputs))

    def test_generator_average_replaces_the_weights(self):
        """With generator_average the generator ends on averaged weights; the rest is unchanged."""
        options = {"iterations": 300, "log_every": 100, "record_every": 100, "seed": 0}
        plain = gan.train(*TestGAN().networks(), **options)
        averaged = gan.train(*TestGAN().networks(), generator_average=0.9, **options)
        assert weights_equal(plain.discriminator, averaged.discriminator)
        assert not weights_equal(plain.generator, averaged.generator)
        last, average = plain.generator.get_weights(), averaged.generator.get_weights()
        gaps = [np.max(np.abs(a - b)) for a, b in zip(last, average, strict=True)]
        assert max(gaps) < 0.1  # an average of recent weights stays close to the last ones

    def test_uniform_latent(self):
        """With latent="uniform" the GAN and the snapshots draw latent points in [-1, 1]."""
        run = gan.train(
            *TestGAN().networks(),
            iterations=100,
            log_every=100,
            record_every=100,
            latent="uniform",
            seed=0,
        )
        assert run.gan.latent == "uniform"
        rng = np.random.default_rng(0)
        rng.uniform(size=(100, 1))  # the recorder draws its real x1 first, then the latent points
        latent = gan.latent_sample(100, 5, "uniform", seed=rng)
        np.testing.assert_array_equal(run.snapshots[0].points, run.generator(latent))

    def test_discriminator_learning_rate(self):
        """A separate discriminator learning rate reaches the discriminator's optimizer only."""
        run = gan.train(
            *TestGAN().networks(),
            iterations=100,
            log_every=100,
            record_every=100,
            learning_rate=0.002,
            discriminator_learning_rate=0.0005,
            seed=0,
        )
        assert float(run.gan.discriminator_optimizer.learning_rate) == pytest.approx(0.0005)
        assert float(run.gan.generator_optimizer.learning_rate) == pytest.approx(0.002)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"iterations": 0}, "iterations"),
            ({"discriminator_learning_rate": -1.0}, "discriminator_learning_rate"),
            ({"generator_average": 1.0}, "generator_average"),
            ({"iterations": 150}, "iterations"),
            ({"log_every": 0}, "log_every"),
            ({"record_every": 150}, "record_every"),
            ({"batch_size": 65}, "batch_size"),
            ({"beta_1": 1.0}, "beta_1"),
            ({"learning_rate": 0.0}, "learning_rate"),
            ({"n_points": 0}, "n_points"),
            ({"latent": "gaussian"}, "latent"),
        ],
    )
    def test_bad_arguments(self, kwargs, match):
        """Bad counts and rates raise ValueError naming the argument, before any training."""
        arguments = {"iterations": 200, "log_every": 100, "record_every": 100, **kwargs}
        with pytest.raises(ValueError, match=match):
            gan.train(*TestGAN().networks(), seed=0, **arguments)


class TestGenerate:
    def test_seeded_points(self):
        """generate() returns (n, 2) points, the same for the same seed."""
        generator = gan.build_generator(seed=0)
        points = gan.generate(generator, 50, seed=1)
        assert points.shape == (50, 2)
        np.testing.assert_array_equal(points, gan.generate(generator, 50, seed=1))
        assert not np.array_equal(points, gan.generate(generator, 50, seed=2))

    def test_latent_law(self):
        """generate() feeds the generator latent points of the law it is given."""
        generator = gan.build_generator(seed=0)
        for latent in ("normal", "uniform"):
            expected = generator(gan.latent_sample(50, 5, latent, seed=1))
            np.testing.assert_array_equal(gan.generate(generator, 50, latent, seed=1), expected)
        normal = gan.generate(generator, 50, seed=1)
        assert not np.array_equal(normal, gan.generate(generator, 50, "uniform", seed=1))

    def test_bad_n(self):
        """n < 1 raises ValueError naming n."""
        with pytest.raises(ValueError, match="n must be"):
            gan.generate(gan.build_generator(seed=0), 0, seed=0)

    def test_bad_latent(self):
        """An unknown latent law raises ValueError naming latent."""
        with pytest.raises(ValueError, match="latent"):
            gan.generate(gan.build_generator(seed=0), 10, "gaussian", seed=0)


class TestLatentSample:
    @pytest.mark.parametrize("latent", ["normal", "uniform"])
    def test_shape_and_seed(self, latent):
        """latent_sample returns (n, latent_dim) float32 points, the same for the same seed."""
        points = gan.latent_sample(20, 3, latent, seed=4)
        assert points.shape == (20, 3) and points.dtype == np.float32
        np.testing.assert_array_equal(points, gan.latent_sample(20, 3, latent, seed=4))

    def test_laws(self):
        """ "uniform" stays in [-1, 1] with variance 1/3; "normal" has variance 1."""
        uniform = gan.latent_sample(20_000, 2, "uniform", seed=0)
        normal = gan.latent_sample(20_000, 2, seed=0)
        assert uniform.min() >= -1.0 and uniform.max() <= 1.0
        assert np.var(uniform) == pytest.approx(1 / 3, abs=0.01)
        assert np.var(normal) == pytest.approx(1.0, abs=0.03)

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            ((0, 5, "normal"), "n must be"),
            ((5, 0, "normal"), "latent_dim"),
            ((5, 5, "x"), "latent"),
        ],
    )
    def test_bad_arguments(self, args, match):
        """A bad count or law raises ValueError naming the argument."""
        with pytest.raises(ValueError, match=match):
            gan.latent_sample(*args, seed=0)


class TestTrainTutorialLiteral:
    def test_discriminator_never_trains(self):
        """In Keras 3 the frozen discriminator warns and keeps its weights; the generator moves."""
        run = gan.train_tutorial_literal(3, seed=0)
        assert any("does not have any trainable weights" in message for message in run.warnings)
        assert run.discriminator_change == 0.0
        assert run.generator_change > 0.0
        assert run.milliseconds_per_iteration > 0

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [({"iterations": 0}, "iterations"), ({"batch_size": 3}, "batch_size")],
    )
    def test_bad_arguments(self, kwargs, match):
        """Bad sizes raise ValueError naming the argument."""
        with pytest.raises(ValueError, match=match):
            gan.train_tutorial_literal(seed=0, **kwargs)


class TestSnapshotRecorder:
    def test_bad_every(self):
        """every < 1 raises ValueError naming every."""
        with pytest.raises(ValueError, match="every"):
            gan.SnapshotRecorder(0, seed=0)


def test_square_is_registered():
    """The default target is registered, so a saved GAN's config names it."""
    assert keras.saving.get_registered_object("aegan>square") is gan.square
    np.testing.assert_allclose(gan.square(np.array([-2.0, 3.0])), [4.0, 9.0])
