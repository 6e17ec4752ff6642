"""Tests for aegan.autoencoder: the builder, the split, the loss, the recipe and training."""

import warnings
from types import SimpleNamespace

import keras
import numpy as np
import pytest

from aegan import autoencoder, data, recipes

#: A small recipe for the tests: one hidden layer of 16, 20 epochs of 16 events.
SMALL = autoencoder.Recipe(hidden=(16,), epochs=20, batch_size=16, learning_rate=0.01)

EVENTS = data.ring(64, seed=2)
SCAN = np.linspace(0, 1, 5, dtype=np.float32)[:, None]


def rate_at(optimizer: keras.optimizers.Optimizer, step: int) -> float:
    """Return the learning rate `optimizer` uses at `step` (it must not have trained yet)."""
    optimizer.iterations.assign(step)
    return float(optimizer.learning_rate)


@pytest.fixture(scope="module")
def trained():
    """A small autoencoder, its encoder and decoder before training, trained once by fit()."""
    model = SMALL.build(seed=1)
    encoder, decoder = autoencoder.split_autoencoder(model)
    before = {
        "codes": keras.ops.convert_to_numpy(encoder(EVENTS)),
        "decoded": keras.ops.convert_to_numpy(decoder(SCAN)),
    }
    history = SMALL.fit(model, EVENTS, seed=0)
    return SimpleNamespace(
        model=model, encoder=encoder, decoder=decoder, before=before, history=history
    )


class TestBuildAutoencoder:
    def test_assignment_architecture(self):
        """The default build is 2-50-50-1(sigmoid)-50-50-2 with a layer named latent."""
        model = autoencoder.build_autoencoder(seed=0)
        dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
        assert [layer.units for layer in dense] == [50, 50, 1, 50, 50, 2]
        assert model.get_layer("latent").activation is keras.activations.sigmoid
        assert model.get_layer("reconstruction").activation is keras.activations.linear
        assert model.input_shape == (None, 2) and model.output_shape == (None, 2)

    def test_decoder_hidden_mirrors_unless_given(self):
        """The decoding layers mirror hidden, or follow decoder_hidden when given."""
        mirrored = autoencoder.build_autoencoder(hidden=(30, 10), seed=0)
        custom = autoencoder.build_autoencoder(hidden=(30, 10), decoder_hidden=(7,), seed=0)

        def units(model):
            return [layer.units for layer in model.layers[1:]]

        assert units(mirrored) == [30, 10, 1, 10, 30, 2]
        assert units(custom) == [30, 10, 1, 7, 2]

    def test_latent_options(self):
        """latent_dim, latent_activation and latent_name shape the latent layer."""
        model = autoencoder.build_autoencoder(
            input_dim=3, latent_dim=2, latent_activation="linear", latent_name="code", seed=0
        )
        latent = model.get_layer("code")
        assert latent.units == 2 and latent.activation is keras.activations.linear
        assert model.output_shape == (None, 3)

    def test_seeded_builds_are_reproducible(self):
        """Two builds with one seed have equal weights; another seed gives other weights."""
        first, second, other = (
            autoencoder.build_autoencoder(seed=seed).get_weights() for seed in (4, 4, 5)
        )
        for a, b in zip(first, second, strict=True):
            np.testing.assert_array_equal(a, b)
        assert not np.array_equal(first[0], other[0])
        assert not np.array_equal(first[0][:, :2], first[2][:2, :2])  # layers differ too

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"input_dim": 0}, "input_dim must be >= 1"),
            ({"latent_dim": 0}, "latent_dim must be >= 1"),
            ({"hidden": (50, 0)}, "hidden must hold integers >= 1"),
            ({"decoder_hidden": (-1,)}, "decoder_hidden must hold integers >= 1"),
            ({"latent_activation": "sigmod"}, "latent_activation must be the name"),
            ({"activation": "nope"}, "activation must be the name"),
            ({"latent_name": ""}, "latent_name must be a non-empty string"),
            ({"latent_name": "encoder_hidden_1"}, "latent_name must differ"),
            ({"latent_name": "reconstruction"}, "latent_name must differ"),
            ({"seed": -1}, "seed must be >= 0"),
        ],
    )
    def test_bad_arguments(self, arguments, message):
        """Bad sizes, activations and names raise ValueError naming the argument."""
        with pytest.raises(ValueError, match=message):
            autoencoder.build_autoencoder(**{"seed": 0, **arguments})

    def test_hidden_int_or_empty(self):
        """An int for hidden is one layer each side; () gives no hidden layer at all."""
        one = autoencoder.build_autoencoder(hidden=8, seed=0)
        none = autoencoder.build_autoencoder(hidden=(), seed=0)
        assert [layer.units for layer in one.layers[1:]] == [8, 1, 8, 2]
        assert [layer.units for layer in none.layers[1:]] == [1, 2]

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"hidden": "50"}, "hidden must be a layer width or a sequence"),
            ({"decoder_hidden": 5.0}, "decoder_hidden must be a layer width or a sequence"),
            ({"input_dim": 2.0}, "input_dim must be an integer"),
            ({"seed": None}, "seed must be an integer"),
        ],
    )
    def test_bad_types(self, arguments, message):
        """Widths, sizes or a seed of the wrong type raise TypeError naming the argument."""
        with pytest.raises(TypeError, match=message):
            autoencoder.build_autoencoder(**{"seed": 0, **arguments})


@pytest.mark.training
class TestSplitAutoencoder:
    def test_encoder_and_decoder_compose_to_the_autoencoder(self):
        """decoder(encoder(x)) equals autoencoder(x), and codes are in (0, 1)."""
        model = autoencoder.build_autoencoder(seed=1)
        encoder, decoder = autoencoder.split_autoencoder(model)
        codes = keras.ops.convert_to_numpy(encoder(EVENTS))
        assert codes.shape == (64, 1) and np.all((codes > 0) & (codes < 1))
        np.testing.assert_allclose(decoder(codes), model(EVENTS), atol=1e-6)
        assert (encoder.name, decoder.name) == ("encoder", "decoder")
        assert decoder.input_shape == (None, 1) and decoder.output_shape == (None, 2)

    def test_called_on_an_array_without_warning(self):
        """The encoder takes a plain array, with no Keras warning about the input structure."""
        encoder, _ = autoencoder.split_autoencoder(autoencoder.build_autoencoder(seed=1))
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)
            encoder(EVENTS)

    def test_weights_are_shared(self, trained):
        """Training the autoencoder changes what the encoder and the decoder return."""
        codes = keras.ops.convert_to_numpy(trained.encoder(EVENTS))
        decoded = keras.ops.convert_to_numpy(trained.decoder(SCAN))
        assert np.abs(codes - trained.before["codes"]).max() > 1e-3
        assert np.abs(decoded - trained.before["decoded"]).max() > 1e-3
        assert trained.encoder.get_layer("latent") is trained.model.get_layer("latent")

    def test_custom_latent_name(self):
        """A latent layer with another name is found when that name is given."""
        model = autoencoder.build_autoencoder(latent_dim=2, latent_name="code", seed=0)
        encoder, decoder = autoencoder.split_autoencoder(model, latent_name="code")
        assert encoder.output_shape == (None, 2) and decoder.input_shape == (None, 2)

    def test_missing_latent_name_lists_the_layers(self):
        """A name that is not a layer raises ValueError listing the model's layer names."""
        model = autoencoder.build_autoencoder(seed=0)
        with pytest.raises(ValueError, match=r"'bottleneck' is not a layer.*'latent'"):
            autoencoder.split_autoencoder(model, latent_name="bottleneck")

    def test_layers_after_latent_must_chain(self):
        """A branch after the latent layer raises ValueError instead of a wrong decoder."""
        inputs = keras.Input(shape=(2,))
        latent = keras.layers.Dense(1, name="latent")(inputs)
        first = keras.layers.Dense(4, name="first")(latent)
        second = keras.layers.Dense(4, name="second")(latent)
        outputs = keras.layers.Dense(2)(keras.layers.Concatenate()([first, second]))
        with pytest.raises(ValueError, match="must form a chain"):
            autoencoder.split_autoencoder(keras.Model(inputs, outputs))

    def test_not_a_model(self):
        """Something other than a Keras model raises TypeError."""
        with pytest.raises(TypeError, match=r"model must be a keras\.Model"):
            autoencoder.split_autoencoder(object())


class TestEuclideanDistance:
    def test_distance_per_event(self):
        """The loss is the Euclidean distance of each row."""
        y_true = np.array([[0.0, 0.0], [1.0, 1.0]], dtype=np.float32)
        y_pred = np.array([[3.0, 4.0], [1.0, 1.0]], dtype=np.float32)
        distances = np.asarray(autoencoder.euclidean_distance(y_true, y_pred))
        np.testing.assert_allclose(distances, [5.0, 0.0], atol=1e-5)

    def test_gradient_is_finite_at_zero(self):
        """A perfect reconstruction gives a finite (zero) gradient, not NaN."""
        import tensorflow as tf

        y_pred = tf.Variable([[1.0, 2.0]])
        with tf.GradientTape() as tape:
            loss = autoencoder.euclidean_distance(tf.constant([[1.0, 2.0]]), y_pred)
        gradient = tape.gradient(loss, y_pred).numpy()
        np.testing.assert_array_equal(gradient, [[0.0, 0.0]])

    def test_compiled_model_reloads(self, trained, tmp_path):
        """A model trained on the loss saves and reloads with the same loss and predictions."""
        trained.model.save(tmp_path / "model.keras")
        reloaded = keras.saving.load_model(tmp_path / "model.keras")
        assert reloaded.loss is autoencoder.euclidean_distance
        np.testing.assert_allclose(reloaded(EVENTS), trained.model(EVENTS), atol=1e-6)


class TestTrain:
    def test_loss_goes_down(self, trained):
        """train() lowers the mean reconstruction distance, one value per epoch."""
        losses = trained.history.history["loss"]
        assert len(losses) == 20
        assert losses[-1] < 0.8 * losses[0]

    def test_fits_input_to_itself_on_the_distance(self, trained):
        """The epoch loss is the mean Euclidean distance of the reconstructions to the events."""
        model = trained.model
        assert model.loss is autoencoder.euclidean_distance
        assert isinstance(model.optimizer, keras.optimizers.AdamW)
        distance = np.mean(np.hypot(*(keras.ops.convert_to_numpy(model(EVENTS)) - EVENTS).T))
        last = trained.history.history["loss"][-1]
        assert distance == pytest.approx(last, rel=0.1)  # the last epoch's mean, while moving

    @pytest.mark.parametrize(
        ("arguments", "error", "message"),
        [
            ({"events": np.zeros((10, 3))}, ValueError, r"events must have shape \(n, 2\)"),
            ({"events": np.full((10, 2), np.nan)}, ValueError, "events must be finite"),
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            ({"verbose": "loud"}, ValueError, "verbose must be"),
            ({"model": object()}, TypeError, r"model must be a keras\.Model"),
        ],
    )
    def test_bad_arguments(self, arguments, error, message):
        """Bad events, seed, mode or model raise an error naming the argument."""
        call = {
            "model": autoencoder.build_autoencoder(hidden=(4,), seed=0),
            "events": EVENTS,
            "seed": 0,
            **arguments,
        }
        with pytest.raises(error, match=message):
            SMALL.fit(call.pop("model"), call.pop("events"), **call)


class TestRecipe:
    def test_ring_recipe(self):
        """The ring recipe trains 1000 epochs of batches of 32 with AdamW."""
        recipe = recipes.RING_AUTOENCODER
        assert (recipe.epochs, recipe.batch_size) == (1000, 32)
        optimizer = recipe.optimizer(100)
        assert isinstance(optimizer, keras.optimizers.AdamW)
        assert optimizer.weight_decay == pytest.approx(recipe.weight_decay)
        assert optimizer is not recipe.optimizer(100)  # a fresh one each call

    def test_builds_the_assignment_autoencoder(self):
        """The ring recipe builds build_autoencoder's default network, weights and all."""
        model = recipes.RING_AUTOENCODER.build(seed=3)
        reference = autoencoder.build_autoencoder(seed=3)
        assert [layer.name for layer in model.layers] == [layer.name for layer in reference.layers]
        for first, second in zip(model.get_weights(), reference.get_weights(), strict=True):
            np.testing.assert_array_equal(first, second)

    def test_schedule_decays_to_the_final_fraction(self):
        """The learning rate falls along a cosine to learning_rate * final_fraction at the end."""
        recipe = recipes.RING_AUTOENCODER
        optimizer = recipe.optimizer(100)
        steps = recipe.epochs * 4  # ceil(100 / 32) batches per epoch
        final = recipe.learning_rate * recipe.final_fraction
        assert rate_at(optimizer, 0) == pytest.approx(recipe.learning_rate)
        middle = (recipe.learning_rate + final) / 2  # half-way down the cosine
        assert rate_at(optimizer, steps // 2) == pytest.approx(middle, rel=1e-3)
        assert rate_at(optimizer, steps) == pytest.approx(final, rel=1e-4)
        assert rate_at(optimizer, 2 * steps) == pytest.approx(final, rel=1e-4)  # and stays

    def test_schedule_lasts_the_training(self, trained):
        """fit's optimizer took exactly the steps its schedule decays over."""
        optimizer = trained.model.optimizer
        assert int(optimizer.iterations) == SMALL.steps(len(EVENTS)) == 20 * 4
        assert float(optimizer.learning_rate) == pytest.approx(
            SMALL.learning_rate * SMALL.final_fraction, rel=1e-4
        )

    @pytest.mark.parametrize(("n_events", "error"), [(0, ValueError), ("100", TypeError)])
    def test_bad_n_events(self, n_events, error):
        """A count of events that is not an integer >= 1 raises an error naming n_events."""
        with pytest.raises(error, match="n_events must be"):
            recipes.RING_AUTOENCODER.optimizer(n_events)

    @pytest.mark.parametrize(
        ("changes", "error", "match"),
        [
            ({"learning_rate": -0.01}, ValueError, "learning_rate must be > 0"),
            ({"final_fraction": 1.5}, ValueError, "final_fraction must be in"),
            ({"weight_decay": -1e-4}, ValueError, "weight_decay must be >= 0"),
            ({"epochs": -5}, ValueError, "epochs must be >= 1"),
            ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
            ({"hidden": (0,)}, ValueError, "hidden"),
            ({"latent_dim": 0}, ValueError, "latent_dim must be >= 1"),
            ({"activation": "wobbly"}, ValueError, "activation must be the name"),
            ({"epochs": 2.5}, TypeError, "epochs must be an integer"),
        ],
    )
    def test_bad_fields(self, changes, error, match):
        """A field out of range raises at construction, naming the field."""
        with pytest.raises(error, match=match):
            autoencoder.Recipe(**changes)


class TestTrainOnRing:
    @pytest.mark.parametrize(
        ("recipe", "seed", "error", "match"),
        [
            (recipes.RING_VAE, 0, TypeError, "recipe"),
            ("RING_AUTOENCODER", 0, TypeError, "recipe"),
            (recipes.RING_AUTOENCODER, -1, ValueError, "seed"),
            (recipes.RING_AUTOENCODER, 1.5, TypeError, "seed"),
        ],
    )
    def test_bad_arguments_are_named(self, recipe, seed, error, match):
        """A recipe of another kind and a bad seed are named before anything is built."""
        with pytest.raises(error, match=match):
            autoencoder.train_on_ring(recipe, seed)


def identity_decoder() -> keras.Model:
    """Return a model that gives back its one-number codes."""
    codes = keras.Input(shape=(1,))
    return keras.Model(codes, keras.layers.Identity()(codes))


class TestDecodeUniform:
    def test_codes_are_uniform_and_seeded(self):
        """The decoded codes are uniform in [0, 1), the same for a seed, others for another."""
        codes = autoencoder.decode_uniform(identity_decoder(), 4000, seed=3)
        assert codes.shape == (4000, 1)
        assert codes.min() >= 0 and codes.max() < 1
        assert abs(codes.mean() - 0.5) < 4 * (1 / 12 / 4000) ** 0.5
        np.testing.assert_array_equal(
            codes, autoencoder.decode_uniform(identity_decoder(), 4000, seed=3)
        )
        assert not np.array_equal(
            codes, autoencoder.decode_uniform(identity_decoder(), 4000, seed=4)
        )

    @pytest.mark.parametrize(
        ("count", "seed", "match"), [(0, 0, "count"), (10, -1, "seed"), (2.5, 0, "count")]
    )
    def test_bad_arguments_are_named(self, count, seed, match):
        """A count below 1 or not an integer, and a negative seed, are named."""
        with pytest.raises((ValueError, TypeError), match=match):
            autoencoder.decode_uniform(identity_decoder(), count, seed=seed)
