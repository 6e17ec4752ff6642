"""Tests for aegan.vae: the sampling layer, the KL term, the builder, training and sampling."""

import dataclasses

import keras
import numpy as np
import pytest

from aegan import data, recipes, vae

EVENTS = data.ring(256, seed=4)


#: A small recipe: a 2-number latent space, 5 epochs of 8 batches.
SMALL = vae.Recipe(hidden=(16, 16), latent_dim=2, beta=0.1, epochs=5, batch_size=32)


def small_vae(seed: int = 1) -> vae.VAE:
    """Return a small VAE with a 2-number latent space."""
    return SMALL.build(seed=seed)


def train_small(model: vae.VAE):
    """Train `model` by the small recipe."""
    return SMALL.fit(model, EVENTS, seed=2)


@pytest.fixture(scope="module")
def trained():
    """A small VAE trained once for a few epochs, and its history, shared by the tests."""
    model = small_vae()
    return model, train_small(model)


def rate_at(optimizer: keras.optimizers.Optimizer, step: int) -> float:
    """Return the learning rate `optimizer` uses at `step` (it must not have trained yet)."""
    optimizer.iterations.assign(step)
    return float(optimizer.learning_rate)


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
        z_mean, z_log_var = model.encoder(EVENTS)
        assert z_mean.shape == z_log_var.shape == (len(EVENTS), latent_dim)
        assert model.decoder(z_mean).shape == (len(EVENTS), 2)
        assert model.latent_dim == latent_dim

    def test_mirrored_layers(self):
        """The encoder is 2-50-50-(mean, log-variance), the decoder 50-50-2 with a linear output."""
        model = vae.build_vae(latent_dim=2, seed=0)

        def units(part):
            return [layer.units for layer in part.layers if isinstance(layer, keras.layers.Dense)]

        assert units(model.encoder) == [50, 50, 2, 2]
        assert units(model.decoder) == [50, 50, 2]
        assert model.decoder.get_layer("reconstruction").activation is keras.activations.linear
        one_layer = vae.build_vae(hidden=8, latent_dim=2, seed=0)  # an int is one hidden layer
        assert units(one_layer.encoder) == [8, 2, 2] and units(one_layer.decoder) == [8, 2]

    def test_seeded_weights(self):
        """The same seed builds the same weights; another seed builds others."""

        def weights(seed):
            return vae.build_vae(seed=seed).encoder.get_weights()[0]

        np.testing.assert_array_equal(weights(5), weights(5))
        assert not np.allclose(weights(5), weights(6))

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"input_dim": 0}, "input_dim must be >= 1"),
            ({"latent_dim": 0}, "latent_dim must be >= 1"),
            ({"hidden": (50, 0)}, "hidden must hold integers >= 1"),
            ({"hidden": ()}, "hidden must name at least one"),
            ({"beta": -0.1}, "beta must be >= 0"),
            ({"beta": float("nan")}, "beta must be finite"),
            ({"activation": "relu6x"}, "activation must be the name"),
            ({"seed": -1}, "seed must be >= 0"),
        ],
    )
    def test_bad_values(self, arguments, message):
        """A size below 1, a bad beta, activation or seed raise ValueError naming it."""
        with pytest.raises(ValueError, match=message):
            vae.build_vae(**{"seed": 0, **arguments})

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"latent_dim": 1.5}, "latent_dim must be an integer"),
            ({"beta": "0.1"}, "beta must be a real number"),
            ({"hidden": None}, "hidden must be a layer width"),
            ({"seed": None}, "seed must be an integer"),
        ],
    )
    def test_bad_types(self, arguments, message):
        """A size or seed that is not an integer, or a beta that is no number, raise TypeError."""
        with pytest.raises(TypeError, match=message):
            vae.build_vae(**{"seed": 0, **arguments})


class TestVAE:
    def test_networks_must_be_models(self):
        """An encoder or a decoder that is not a Keras model raises TypeError naming it."""
        model = vae.build_vae(hidden=4, seed=0)
        with pytest.raises(TypeError, match=r"encoder must be a keras\.Model"):
            vae.VAE(None, model.decoder, seed=0)
        with pytest.raises(TypeError, match=r"decoder must be a keras\.Model"):
            vae.VAE(model.encoder, "decoder", seed=0)

    @pytest.mark.parametrize(
        ("arguments", "error", "message"),
        [
            ({"beta": -1.0}, ValueError, "beta must be >= 0"),
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            ({"seed": 1.5}, TypeError, "seed must be an integer"),
        ],
    )
    def test_bad_arguments(self, arguments, error, message):
        """A negative beta or a seed that is not an integer >= 0 raises an error naming it."""
        model = vae.build_vae(hidden=4, seed=0)
        with pytest.raises(error, match=message):
            vae.VAE(model.encoder, model.decoder, **{"seed": 0, **arguments})


@pytest.mark.training
class TestTrain:
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

    def test_takes_the_recipes_optimizer(self, trained):
        """The VAE trains with the recipe's Adam, one step per batch, an epoch per call."""
        model, _ = trained
        assert isinstance(model.optimizer, keras.optimizers.Adam)
        assert int(model.optimizer.iterations) == 5 * 8  # 256 events in batches of 32
        assert model.steps_per_execution == 8
        assert float(model.optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)

    def test_steps_reproducible(self):
        """VAEs built with one seed take the same steps (sampling included), unaided by set_seed."""

        def after_steps(seed):
            model = small_vae(seed)
            model.compile(optimizer=keras.optimizers.SGD(0.1))
            for batch in np.split(EVENTS[:96], 3):  # eagerly, without fit()'s tracing
                model.train_step(keras.ops.convert_to_tensor(batch))
            return model.get_weights()

        first, again = after_steps(1), after_steps(1)
        for a, b in zip(first, again, strict=True):
            np.testing.assert_array_equal(a, b)
        assert not np.array_equal(first[0], small_vae(1).get_weights()[0])  # they trained

    def test_test_step_measures_both_terms(self, trained):
        """test_step (what evaluate() runs) reports reconstruction and KL without training."""
        model, _ = trained
        before = [weights.copy() for weights in model.get_weights()]
        model.reset_metrics()
        scores = model.test_step(keras.ops.convert_to_tensor(EVENTS))
        scores = {name: float(value) for name, value in scores.items()}
        model.reset_metrics()
        assert scores["reconstruction_loss"] > 0 and scores["kl_loss"] > 0
        assert scores["loss"] == pytest.approx(
            scores["reconstruction_loss"] + model.beta * scores["kl_loss"], rel=1e-5
        )
        for weights, old in zip(model.get_weights(), before, strict=True):
            np.testing.assert_array_equal(weights, old)
        terms = model.loss_terms(EVENTS)  # the same measure, one draw per event each
        assert terms["kl_loss"] == pytest.approx(scores["kl_loss"], rel=1e-5)  # no draw in KL
        assert terms["reconstruction_loss"] == pytest.approx(scores["reconstruction_loss"], rel=0.3)

    @pytest.mark.parametrize(
        ("arguments", "name"),
        [
            ({"seed": -1}, "seed must be >= 0"),
            ({"verbose": 3}, "verbose must be"),
            ({"events": np.zeros((10, 3))}, r"events must have shape \(n, 2\)"),
            ({"events": np.full((10, 2), np.nan)}, "events must be finite"),
        ],
    )
    def test_bad_values(self, arguments, name):
        """A bad seed, mode or events raise ValueError naming them."""
        arguments = {"events": EVENTS, "seed": 0, **arguments}
        model = vae.build_vae(hidden=(4,), seed=0)
        with pytest.raises(ValueError, match=name):
            SMALL.fit(model, arguments.pop("events"), **arguments)

    def test_not_a_vae(self):
        """A plain Keras model raises TypeError naming model."""
        with pytest.raises(TypeError, match="model must be a VAE"):
            SMALL.fit(keras.Sequential([keras.layers.Dense(2)]), EVENTS, seed=0)


class TestRecipe:
    def test_ring_recipe_builds_its_vae(self):
        """The ring recipe builds a 50-50 VAE with a 1-number code and beta 0.15."""
        model = recipes.RING_VAE.build(seed=0)
        assert isinstance(model, vae.VAE)
        assert (model.latent_dim, model.beta) == (1, 0.15)
        assert [layer.units for layer in model.decoder.layers[1:]] == [50, 50, 2]

    def test_build_changes_and_seed(self):
        """A replaced recipe builds its shape, and the seed sets the weights."""
        model = recipes.RING_VAE.replace(hidden=(8,), latent_dim=2).build(seed=3)
        assert model.latent_dim == 2
        reference = vae.build_vae(hidden=(8,), latent_dim=2, beta=0.15, seed=3)
        for a, b in zip(model.get_weights(), reference.get_weights(), strict=True):
            np.testing.assert_array_equal(a, b)

    def test_optimizer_decays_to_zero(self):
        """The optimizer is a fresh Adam whose rate falls along a cosine to 0 at the last step."""
        recipe = recipes.RING_VAE
        optimizer = recipe.optimizer(1000)
        assert isinstance(optimizer, keras.optimizers.Adam)
        assert optimizer is not recipe.optimizer(1000)
        steps = recipe.epochs * 16  # ceil(1000 / 64) batches per epoch
        assert rate_at(optimizer, 0) == pytest.approx(recipe.learning_rate)
        assert rate_at(optimizer, steps // 2) == pytest.approx(recipe.learning_rate / 2, rel=1e-3)
        assert rate_at(optimizer, steps) == pytest.approx(0.0, abs=1e-9)

    @pytest.mark.parametrize(("n_events", "error"), [(0, ValueError), (10.5, TypeError)])
    def test_bad_n_events(self, n_events, error):
        """A count of events that is not an integer >= 1 raises an error naming n_events."""
        with pytest.raises(error, match="n_events must be"):
            recipes.RING_VAE.optimizer(n_events)


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

    def test_bad_events(self, trained):
        """Events of the wrong width raise ValueError naming events."""
        model, _ = trained
        with pytest.raises(ValueError, match="events"):
            model.loss_terms(np.zeros((4, 3)))


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
        expected = keras.ops.convert_to_numpy(model.decoder(codes))
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
        for original, reloaded in zip(model.encoder(EVENTS), encoder(EVENTS), strict=True):
            np.testing.assert_array_equal(original, reloaded)
        codes = np.random.default_rng(0).standard_normal((20, 2)).astype(np.float32)
        np.testing.assert_array_equal(model.decoder(codes), decoder(codes))

    @pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
    def test_whole_vae_reloads(self, trained, tmp_path):
        """The whole VAE, with its sampling layer, reloads with the same beta and weights."""
        model, _ = trained
        model.save(tmp_path / "vae.keras")
        reloaded = keras.saving.load_model(tmp_path / "vae.keras")
        assert isinstance(reloaded, vae.VAE)
        assert reloaded.beta == model.beta and reloaded.latent_dim == 2
        np.testing.assert_array_equal(reloaded.sample(30, seed=5), model.sample(30, seed=5))

    @pytest.mark.parametrize(
        ("changes", "match"),
        [
            ({"learning_rate": 0.0}, "learning_rate must be > 0"),
            ({"epochs": 0}, "epochs must be >= 1"),
            ({"batch_size": -1}, "batch_size must be >= 1"),
            ({"beta": -0.1}, "beta must be >= 0"),
            ({"latent_dim": 0}, "latent_dim must be >= 1"),
        ],
    )
    def test_bad_fields(self, changes, match):
        """A field out of range raises at construction, naming it."""
        with pytest.raises(ValueError, match=match):
            dataclasses.replace(recipes.RING_VAE, **changes)


class TestTrainOnRing:
    @pytest.mark.parametrize(
        ("recipe", "seed", "error", "match"),
        [
            (recipes.RING_AUTOENCODER, 0, TypeError, "recipe"),
            (recipes.RING_VAE, -1, ValueError, "seed"),
            (recipes.RING_VAE, "0", TypeError, "seed"),
        ],
    )
    def test_bad_arguments_are_named(self, recipe, seed, error, match):
        """A recipe of another kind and a bad seed are named before anything is built."""
        with pytest.raises(error, match=match):
            vae.train_on_ring(recipe, seed)
