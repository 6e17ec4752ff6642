"""Tests for aegan.vae: the sampling layer, the KL term, the builder, training and sampling."""

import keras
import numpy as np
import pytest

from aegan import data, training, vae

EVENTS = data.ring(256, seed=4)


@pytest.fixture(scope="module")
def trained():
    """A small VAE with a 2-number latent space trained for a few epochs, and its history."""
    training.set_seed(0)
    model = vae.build_vae(hidden=(16, 16), latent_dim=2, beta=0.1, seed=1)
    history = vae.train_vae(model, EVENTS, epochs=5, batch_size=32, seed=2, verbose=0)
    return model, history


class TestSampling:
    def test_draws_have_the_requested_mean_and_spread(self):
        """Draws for mean 1 and log-variance log 4 have mean about 1 and std about 2."""
        layer = vae.Sampling(seed=0)
        z_mean = np.ones((20000, 1), dtype=np.float32)
        z_log_var = np.full((20000, 1), np.log(4.0), dtype=np.float32)
        draws = keras.ops.convert_to_numpy(layer([z_mean, z_log_var]))
        assert draws.mean() == pytest.approx(1.0, abs=0.05)
        assert draws.std() == pytest.approx(2.0, abs=0.05)

    def test_tiny_variance_returns_the_mean(self):
        """With a log-variance of -30 the draw is the mean."""
        layer = vae.Sampling(seed=0)
        z_mean = np.array([[0.3, -1.2]], dtype=np.float32)
        draws = keras.ops.convert_to_numpy(layer([z_mean, np.full_like(z_mean, -30.0)]))
        np.testing.assert_allclose(draws, z_mean, atol=1e-5)

    def test_seeded(self):
        """Two layers with the same seed draw the same numbers; another seed draws others."""
        inputs = [np.zeros((5, 2), dtype=np.float32), np.zeros((5, 2), dtype=np.float32)]

        def draw(seed):
            return keras.ops.convert_to_numpy(vae.Sampling(seed=seed)(inputs))

        np.testing.assert_array_equal(draw(3), draw(3))
        assert not np.allclose(draw(3), draw(4))

    def test_config_round_trip(self):
        """get_config keeps the seed, so from_config rebuilds the same layer."""
        layer = vae.Sampling(seed=7, name="sampling")
        assert vae.Sampling.from_config(layer.get_config()).seed == 7


class TestKlDivergence:
    def test_zero_for_the_prior(self):
        """N(0, I) has no divergence from N(0, I)."""
        value = vae.kl_divergence(np.zeros((1, 3)), np.zeros((1, 3)))
        assert keras.ops.convert_to_numpy(value) == pytest.approx([0.0])

    def test_known_values(self):
        """A shifted mean costs mean**2 / 2; a variance of e costs (e - 2) / 2; sums add up."""
        z_mean = np.array([[1.0, 0.0], [0.0, 0.0]])
        z_log_var = np.array([[0.0, 0.0], [1.0, 1.0]])
        value = keras.ops.convert_to_numpy(vae.kl_divergence(z_mean, z_log_var))
        np.testing.assert_allclose(value, [0.5, np.e - 2.0], rtol=1e-6)


class TestBuildVae:
    @pytest.mark.parametrize("latent_dim", [1, 2, 3])
    def test_shapes(self, latent_dim):
        """The encoder gives a mean and a log-variance of latent_dim; the decoder gives events."""
        model = vae.build_vae(latent_dim=latent_dim, seed=0)
        z_mean, z_log_var = model.encoder.predict(EVENTS, verbose=0)
        assert z_mean.shape == z_log_var.shape == (len(EVENTS), latent_dim)
        assert model.decoder.predict(z_mean, verbose=0).shape == (len(EVENTS), 2)
        assert model.latent_dim == latent_dim

    def test_mirrored_layers(self):
        """The encoder is 2-50-50-(mean, log-variance), the decoder 50-50-2 with a linear output."""
        model = vae.build_vae(latent_dim=2, seed=0)

        def units(part):
            return [layer.units for layer in part.layers if isinstance(layer, keras.layers.Dense)]

        assert units(model.encoder) == [50, 50, 2, 2]
        assert units(model.decoder) == [50, 50, 2]
        assert model.decoder.get_layer("reconstruction").activation is keras.activations.linear

    def test_seeded_weights(self):
        """The same seed builds the same weights; another seed builds others."""

        def weights(seed):
            return vae.build_vae(seed=seed).encoder.get_weights()[0]

        np.testing.assert_array_equal(weights(5), weights(5))
        assert not np.allclose(weights(5), weights(6))

    @pytest.mark.parametrize(
        ("arguments", "name"),
        [
            ({"input_dim": 0}, "input_dim"),
            ({"latent_dim": 0}, "latent_dim"),
            ({"hidden": (50, 0)}, "hidden"),
            ({"hidden": ()}, "hidden"),
            ({"beta": -0.1}, "beta"),
            ({"beta": float("nan")}, "beta"),
            ({"seed": -1}, "seed"),
        ],
    )
    def test_bad_values(self, arguments, name):
        """A size below 1, a negative or NaN beta and a negative seed raise ValueError naming it."""
        with pytest.raises(ValueError, match=name):
            vae.build_vae(**{"seed": 0, **arguments})

    @pytest.mark.parametrize(
        ("arguments", "name"),
        [
            ({"latent_dim": 1.5}, "latent_dim"),
            ({"beta": "0.1"}, "beta"),
            ({"hidden": None}, "hidden"),
        ],
    )
    def test_bad_types(self, arguments, name):
        """A size that is not an integer, or a beta that is not a number, raise TypeError."""
        with pytest.raises(TypeError, match=name):
            vae.build_vae(**{"seed": 0, **arguments})


class TestTrainVae:
    def test_reports_each_term(self, trained):
        """The history holds total, reconstruction and KL, with total = reconstruction + beta KL."""
        model, history = trained
        logs = history.history
        assert set(logs) == {"loss", "reconstruction_loss", "kl_loss"}
        assert len(logs["loss"]) == 5
        expected = np.array(logs["reconstruction_loss"]) + model.beta * np.array(logs["kl_loss"])
        np.testing.assert_allclose(logs["loss"], expected, rtol=1e-5)

    def test_loss_decreases(self, trained):
        """Training lowers the loss."""
        _, history = trained
        assert history.history["loss"][-1] < history.history["loss"][0]

    def test_reproducible(self, trained):
        """The same seeds train to the same weights."""
        model, _ = trained
        training.set_seed(0)
        again = vae.build_vae(hidden=(16, 16), latent_dim=2, beta=0.1, seed=1)
        vae.train_vae(again, EVENTS, epochs=5, batch_size=32, seed=2, verbose=0)
        for first, second in zip(model.get_weights(), again.get_weights(), strict=True):
            np.testing.assert_array_equal(first, second)

    def test_evaluate_measures_both_terms(self, trained):
        """evaluate() reports the reconstruction and the KL without training."""
        model, _ = trained
        before = model.get_weights()[0].copy()
        scores = model.evaluate(EVENTS, verbose=0, return_dict=True)
        assert scores["reconstruction_loss"] > 0 and scores["kl_loss"] > 0
        np.testing.assert_array_equal(model.get_weights()[0], before)


class TestLossTerms:
    def test_matches_the_terms(self, trained):
        """loss_terms gives the exact KL of the encoder's Gaussians and loss = rec + beta KL."""
        model, _ = trained
        terms = model.loss_terms(EVENTS)
        z_mean, z_log_var = model.encoder.predict_on_batch(EVENTS)
        kl = keras.ops.convert_to_numpy(vae.kl_divergence(z_mean, z_log_var)).mean()
        assert terms["kl_loss"] == pytest.approx(float(kl), rel=1e-5)
        assert terms["loss"] == pytest.approx(
            terms["reconstruction_loss"] + model.beta * terms["kl_loss"], rel=1e-5
        )

    def test_reconstruction_near_evaluate(self, trained):
        """The reconstruction term is close to evaluate()'s, both drawing one code per event."""
        model, _ = trained
        terms = model.loss_terms(EVENTS)
        scores = model.evaluate(EVENTS, batch_size=len(EVENTS), verbose=0, return_dict=True)
        assert terms["reconstruction_loss"] == pytest.approx(scores["reconstruction_loss"], rel=0.3)

    def test_bad_events(self, trained):
        """Events of the wrong width raise ValueError naming events."""
        model, _ = trained
        with pytest.raises(ValueError, match="events"):
            model.loss_terms(np.zeros((4, 3)))

    @pytest.mark.parametrize(
        ("arguments", "name"),
        [
            ({"epochs": 0}, "epochs"),
            ({"batch_size": 0}, "batch_size"),
            ({"learning_rate": 0.0}, "learning_rate"),
            ({"events": np.zeros((10, 3))}, "events"),
            ({"events": np.full((10, 2), np.nan)}, "events"),
        ],
    )
    def test_bad_values(self, arguments, name):
        """Bad epochs, batch size, learning rate or events raise ValueError naming them."""
        model = vae.build_vae(hidden=(4,), seed=0)
        arguments = {"events": EVENTS, "seed": 0, **arguments}
        with pytest.raises(ValueError, match=name):
            vae.train_vae(model, **arguments)

    def test_not_a_vae(self):
        """A plain Keras model raises TypeError naming model."""
        with pytest.raises(TypeError, match="model"):
            vae.train_vae(keras.Sequential([keras.layers.Dense(2)]), EVENTS, seed=0)


class TestSample:
    def test_shape_and_seed(self, trained):
        """sample gives (n, 2) events, the same for the same seed and others for another seed."""
        model, _ = trained
        first = model.sample(100, seed=1)
        assert first.shape == (100, 2)
        np.testing.assert_array_equal(first, model.sample(100, seed=1))
        assert not np.allclose(first, model.sample(100, seed=2))

    def test_decodes_standard_normal_codes(self, trained):
        """sample decodes codes drawn from N(0, I) with numpy's generator for that seed."""
        model, _ = trained
        codes = np.random.default_rng(9).standard_normal((50, 2)).astype(np.float32)
        expected = model.decoder.predict(codes, verbose=0)
        np.testing.assert_allclose(model.sample(50, seed=9), expected, rtol=1e-5, atol=1e-6)

    def test_bad_n(self, trained):
        """n below 1 raises ValueError naming n."""
        model, _ = trained
        with pytest.raises(ValueError, match="n must be"):
            model.sample(0, seed=0)


class TestSaving:
    def test_encoder_and_decoder_reload(self, trained, tmp_path):
        """The saved encoder and decoder reload and predict the same numbers."""
        model, _ = trained
        model.encoder.save(tmp_path / "encoder.keras")
        model.decoder.save(tmp_path / "decoder.keras")
        encoder = keras.saving.load_model(tmp_path / "encoder.keras")
        decoder = keras.saving.load_model(tmp_path / "decoder.keras")
        for original, reloaded in zip(
            model.encoder.predict(EVENTS, verbose=0),
            encoder.predict(EVENTS, verbose=0),
            strict=True,
        ):
            np.testing.assert_array_equal(original, reloaded)
        codes = np.random.default_rng(0).standard_normal((20, 2)).astype(np.float32)
        np.testing.assert_array_equal(
            model.decoder.predict(codes, verbose=0), decoder.predict(codes, verbose=0)
        )

    @pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
    def test_whole_vae_reloads(self, trained, tmp_path):
        """The whole VAE, with its sampling layer, reloads with the same beta and weights."""
        model, _ = trained
        model.save(tmp_path / "vae.keras")
        reloaded = keras.saving.load_model(tmp_path / "vae.keras")
        assert isinstance(reloaded, vae.VAE)
        assert reloaded.beta == model.beta and reloaded.latent_dim == 2
        np.testing.assert_array_equal(reloaded.sample(30, seed=5), model.sample(30, seed=5))
