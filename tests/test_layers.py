"""Tests of aegan.layers: what each layer computes, its checks, and that saved models reload."""

import keras
import numpy as np
import pytest

from aegan import data, gan, layers


class TestRegisteredNames:
    @pytest.mark.parametrize("layer", [layers.LatentLaw, layers.RadialFeatures, layers.Sampling])
    def test_names_of_saved_files(self, layer):
        """Each layer keeps the name saved .keras files know it by: aegan>ClassName."""
        assert keras.saving.get_registered_name(layer) == f"aegan>{layer.__name__}"

    def test_discriminator_with_features_reloads(self, tmp_path):
        """A discriminator with radial features and a generator with its law save and reload."""
        generator = gan.build_generator(latent_law="uniform", seed=0)
        discriminator = gan.build_discriminator(
            hidden=(8,), features=layers.RadialFeatures(4.0), seed=1
        )
        points = data.ring(16, seed=0)
        latent = gan.latent_sample(16, 5, "uniform", seed=0)
        for model, inputs in ((generator, latent), (discriminator, points)):
            model.save(tmp_path / "model.keras")
            loaded = keras.saving.load_model(tmp_path / "model.keras")
            np.testing.assert_array_equal(loaded(inputs), model(inputs))
        assert isinstance(loaded.get_layer("discriminator_features"), layers.RadialFeatures)
        assert loaded.get_layer("discriminator_features").gain == 4.0


class TestLatentLaw:
    def test_passes_points_through(self):
        """The layer returns its input unchanged and keeps its law, "normal" by default."""
        points = np.arange(6, dtype=np.float32).reshape(3, 2)
        layer = layers.LatentLaw()
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(points)), points)
        assert layer.law == "normal"

    def test_config_round_trip(self):
        """get_config keeps the law, so from_config rebuilds the same layer."""
        layer = layers.LatentLaw("uniform", name="latent_law")
        rebuilt = layers.LatentLaw.from_config(layer.get_config())
        assert (rebuilt.law, rebuilt.name) == ("uniform", "latent_law")

    @pytest.mark.parametrize("law", ["gaussian", "Uniform", None])
    def test_bad_law(self, law):
        """A law other than "normal" or "uniform" raises ValueError naming law."""
        with pytest.raises(ValueError, match="law must be one of"):
            layers.LatentLaw(law)


class TestRadialFeatures:
    def test_known_points(self):
        """Points map to [x1, x2, gain (r^2 - 1), x1^2 - x2^2, 2 x1 x2]."""
        points = np.array([[1.0, 0.0], [0.0, 2.0], [0.6, -0.8], [0.0, 0.0]], np.float32)
        expected = [
            [1.0, 0.0, 0.0, 1.0, 0.0],
            [0.0, 2.0, 15.0, -4.0, 0.0],
            [0.6, -0.8, 0.0, -0.28, -0.96],
            [0.0, 0.0, -5.0, 0.0, 0.0],
        ]
        features = keras.ops.convert_to_numpy(layers.RadialFeatures(5.0)(points))
        np.testing.assert_allclose(features, expected, atol=1e-6)

    def test_gain_scales_the_radial_column_only(self):
        """The gain multiplies r^2 - 1 and leaves the other four columns as they are."""
        points = data.ring(16, seed=0)
        one = keras.ops.convert_to_numpy(layers.RadialFeatures(1.0)(points))
        four = keras.ops.convert_to_numpy(layers.RadialFeatures(4.0)(points))
        np.testing.assert_allclose(four[:, 2], 4 * one[:, 2], rtol=1e-5, atol=1e-7)
        np.testing.assert_array_equal(np.delete(four, 2, axis=1), np.delete(one, 2, axis=1))

    def test_config_round_trip(self):
        """get_config keeps the gain, so from_config rebuilds the same layer."""
        layer = layers.RadialFeatures(3.0, name="radial")
        rebuilt = layers.RadialFeatures.from_config(layer.get_config())
        assert (rebuilt.gain, rebuilt.name) == (3.0, "radial")

    @pytest.mark.parametrize(
        ("gain", "error", "match"),
        [
            (0.0, ValueError, "gain must be > 0"),
            (-5.0, ValueError, "gain must be > 0"),
            (float("nan"), ValueError, "gain must be finite"),
            ("5", TypeError, "gain must be a real number"),
        ],
    )
    def test_bad_gain(self, gain, error, match):
        """A gain that is not a finite number > 0 raises an error naming gain."""
        with pytest.raises(error, match=match):
            layers.RadialFeatures(gain)

    @pytest.mark.parametrize("shape", [(4, 3), (4, 1)])
    def test_points_of_the_plane_only(self, shape):
        """Points that are not (n, 2) raise ValueError saying the layer maps the plane."""
        with pytest.raises(ValueError, match=r"RadialFeatures maps points of the plane"):
            layers.RadialFeatures(4.0)(np.zeros(shape, np.float32))


class TestCopy:
    def test_fresh_copy_with_the_config(self):
        """copy returns another layer of the same class and config, under the given name."""
        template = layers.RadialFeatures(3.0)
        copied = layers.copy(template, name="features")
        assert copied is not template and isinstance(copied, layers.RadialFeatures)
        assert (copied.gain, copied.name) == (3.0, "features")

    def test_not_a_layer(self):
        """Something that is not a Keras layer raises TypeError naming the argument."""
        with pytest.raises(TypeError, match="features must be a Keras layer, got float"):
            layers.copy(4.0, name="x", argument="features")


class TestSampling:
    def test_draws_have_the_requested_mean_and_spread(self):
        """Draws for mean 1 and log-variance log 4 have mean about 1 and std about 2."""
        layer = layers.Sampling(seed=0)
        z_mean = np.ones((20000, 1), dtype=np.float32)
        z_log_var = np.full((20000, 1), np.log(4.0), dtype=np.float32)
        draws = keras.ops.convert_to_numpy(layer([z_mean, z_log_var]))
        assert draws.mean() == pytest.approx(1.0, abs=0.05)
        assert draws.std() == pytest.approx(2.0, abs=0.05)

    def test_tiny_variance_returns_the_mean(self):
        """With a log-variance of -30 the draw is the mean."""
        layer = layers.Sampling(seed=0)
        z_mean = np.array([[0.3, -1.2]], dtype=np.float32)
        draws = keras.ops.convert_to_numpy(layer([z_mean, np.full_like(z_mean, -30.0)]))
        np.testing.assert_allclose(draws, z_mean, atol=1e-5)

    def test_seeded(self):
        """Two layers with the same seed draw the same numbers; another seed draws others."""
        inputs = [np.zeros((5, 2), dtype=np.float32), np.zeros((5, 2), dtype=np.float32)]

        def draw(seed):
            return keras.ops.convert_to_numpy(layers.Sampling(seed=seed)(inputs))

        np.testing.assert_array_equal(draw(3), draw(3))
        assert not np.allclose(draw(3), draw(4))

    def test_config_round_trip(self):
        """get_config keeps the seed, so from_config rebuilds the same layer."""
        layer = layers.Sampling(seed=7, name="sampling")
        assert layers.Sampling.from_config(layer.get_config()).seed == 7
