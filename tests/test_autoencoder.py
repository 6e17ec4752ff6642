"""Tests for aegan.autoencoder: the builder and the split into encoder and decoder."""

import warnings

import keras
import numpy as np
import pytest

from aegan import autoencoder, data

EVENTS = data.ring(64, seed=2)


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
        ],
    )
    def test_bad_arguments(self, arguments, message):
        """Bad sizes, activations and names raise ValueError naming the argument."""
        with pytest.raises(ValueError, match=message):
            autoencoder.build_autoencoder(**{"seed": 0, **arguments})

    def test_hidden_not_a_sequence(self):
        """A single number for hidden raises TypeError naming hidden."""
        with pytest.raises(TypeError, match="hidden must be a sequence"):
            autoencoder.build_autoencoder(hidden=50, seed=0)


class TestSplitAutoencoder:
    def test_encoder_and_decoder_compose_to_the_autoencoder(self):
        """decoder(encoder(x)) equals autoencoder(x), and codes are in (0, 1)."""
        model = autoencoder.build_autoencoder(seed=1)
        encoder, decoder = autoencoder.split_autoencoder(model)
        codes = encoder.predict(EVENTS, verbose=0)
        assert codes.shape == (64, 1) and np.all((codes > 0) & (codes < 1))
        np.testing.assert_allclose(
            decoder.predict(codes, verbose=0), model.predict(EVENTS, verbose=0), atol=1e-6
        )
        assert (encoder.name, decoder.name) == ("encoder", "decoder")
        assert decoder.input_shape == (None, 1) and decoder.output_shape == (None, 2)

    def test_called_on_an_array_without_warning(self):
        """The encoder takes a plain array, with no Keras warning about the input structure."""
        encoder, _ = autoencoder.split_autoencoder(autoencoder.build_autoencoder(seed=1))
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)
            encoder(EVENTS)

    def test_weights_are_shared(self):
        """Training the autoencoder changes what the encoder and the decoder return."""
        model = autoencoder.build_autoencoder(seed=1)
        encoder, decoder = autoencoder.split_autoencoder(model)
        scan = np.linspace(0, 1, 5, dtype=np.float32)[:, None]
        codes_before = encoder.predict(EVENTS, verbose=0)
        decoded_before = decoder.predict(scan, verbose=0)
        model.compile(keras.optimizers.Adam(0.01), "mse")
        model.fit(EVENTS, EVENTS, epochs=3, verbose=0)
        assert np.abs(encoder.predict(EVENTS, verbose=0) - codes_before).max() > 1e-3
        assert np.abs(decoder.predict(scan, verbose=0) - decoded_before).max() > 1e-3
        assert encoder.get_layer("latent") is model.get_layer("latent")

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

    def test_compiled_model_reloads(self, tmp_path):
        """A model compiled with the loss saves and reloads with the same loss."""
        model = autoencoder.build_autoencoder(hidden=(4,), seed=0)
        model.compile("adam", autoencoder.euclidean_distance)
        model.fit(EVENTS, EVENTS, epochs=1, verbose=0)  # builds the optimizer's variables
        model.save(tmp_path / "model.keras")
        reloaded = keras.saving.load_model(tmp_path / "model.keras")
        assert reloaded.loss is autoencoder.euclidean_distance
        np.testing.assert_allclose(
            reloaded.predict(EVENTS, verbose=0), model.predict(EVENTS, verbose=0), atol=1e-6
        )
