"""Tests for aegan.training: the fast fit and the seeding helper."""

import keras
import numpy as np
import pytest

from aegan import data, training


def small_model(seed: int = 0, compiled: bool = True) -> keras.Model:
    """Return a tiny seeded 2-8-2 model, compiled with SGD and MSE unless told otherwise."""
    inputs = keras.Input(shape=(2,))
    hidden = keras.layers.Dense(
        8, "relu", kernel_initializer=keras.initializers.GlorotUniform(seed=seed)
    )(inputs)
    outputs = keras.layers.Dense(
        2, kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 1)
    )(hidden)
    model = keras.Model(inputs, outputs)
    if compiled:
        model.compile(keras.optimizers.SGD(0.05), "mse")
    return model


class MeanOfBatch(keras.Model):
    """A model whose train_step receives the inputs alone and records the batch's mean."""

    def __init__(self):
        super().__init__()
        self.shift = keras.layers.Dense(2)
        self.batch_mean = keras.metrics.Mean(name="batch_mean")

    def call(self, inputs):
        return self.shift(inputs)

    def train_step(self, data):
        # With y=None, fit's pipeline gives `data = x_batch`, a plain tensor.
        self.batch_mean.update_state(keras.ops.mean(data))
        return {"batch_mean": self.batch_mean.result()}

    @property
    def metrics(self):
        return [self.batch_mean]


EVENTS = data.ring(100, seed=3)


class TestFit:
    def test_loss_goes_down(self):
        """Training on the ring with target = input lowers the epoch loss."""
        model = small_model()
        history = training.fit(model, EVENTS, EVENTS, epochs=20, batch_size=10, seed=0, verbose=0)
        losses = history.history["loss"]
        assert len(losses) == 20
        assert losses[-1] < 0.5 * losses[0]

    def test_same_steps_as_plain_fit_without_shuffle(self):
        """Without shuffling, fit takes exactly the gradient steps of model.fit on arrays."""
        fast, plain = small_model(), small_model()
        training.fit(
            fast, EVENTS, EVENTS, epochs=3, batch_size=16, seed=0, shuffle=False, verbose=0
        )
        plain.fit(EVENTS, EVENTS, epochs=3, batch_size=16, shuffle=False, verbose=0)
        for fast_weights, plain_weights in zip(
            fast.get_weights(), plain.get_weights(), strict=True
        ):
            np.testing.assert_allclose(fast_weights, plain_weights, rtol=1e-5, atol=1e-6)
        assert fast.optimizer.iterations.numpy() == plain.optimizer.iterations.numpy() == 3 * 7

    def test_reproducible(self):
        """Two runs with the same seed give the same weights; another seed gives others."""
        runs = []
        for seed in (5, 5, 6):
            model = small_model()
            training.fit(model, EVENTS, EVENTS, epochs=2, batch_size=8, seed=seed, verbose=0)
            runs.append(model.get_weights()[0])
        np.testing.assert_array_equal(runs[0], runs[1])
        assert not np.array_equal(runs[0], runs[2])

    def test_order_depends_on_seed_alone(self):
        """The shuffling order does not depend on TensorFlow's global seed."""
        runs = []
        for global_seed in (1, 2):
            keras.utils.set_random_seed(global_seed)
            model = small_model()
            training.fit(model, EVENTS, EVENTS, epochs=2, batch_size=8, seed=5, verbose=0)
            runs.append(model.get_weights()[0])
        np.testing.assert_array_equal(runs[0], runs[1])

    def test_keeps_the_callers_compile_settings(self):
        """The optimizer, the loss and steps_per_execution are the caller's after fit."""
        model = small_model()
        optimizer = model.optimizer
        training.fit(model, EVENTS, EVENTS, epochs=1, seed=0, verbose=0)
        assert model.optimizer is optimizer
        assert model.loss == "mse"
        assert model.steps_per_execution == 1
        model.fit(EVENTS, EVENTS, epochs=1, verbose=0)  # plain fit still works afterwards

    def test_reuses_its_traced_function_until_compiled_again(self):
        """A second call reuses the traced graph; after compile() it traces a new one."""
        model = small_model()
        training.fit(model, EVENTS, EVENTS, epochs=1, batch_size=10, seed=0, verbose=0)
        first = model._aegan_fast_train[2]
        training.fit(model, EVENTS, EVENTS, epochs=1, batch_size=10, seed=0, verbose=0)
        assert model._aegan_fast_train[2] is first
        model.compile(keras.optimizers.SGD(0.01), "mse")
        training.fit(model, EVENTS, EVENTS, epochs=1, batch_size=10, seed=0, verbose=0)
        assert model._aegan_fast_train[2] is not first
        assert model.train_function is None  # the caller's own fit traces its own function

    def test_inputs_alone_when_y_is_none(self):
        """With y=None each batch reaches train_step as the inputs alone."""
        model = MeanOfBatch()
        model.compile(optimizer="sgd")
        x = np.full((12, 2), 3.0, dtype=np.float32)
        history = training.fit(model, x, epochs=2, batch_size=5, seed=0, verbose=0)
        assert history.history["batch_mean"][-1] == pytest.approx(3.0)

    def test_compact_summary_when_not_a_terminal(self, capsys):
        """verbose="auto" off a terminal prints a few epochs' losses and the time per step."""
        training.fit(small_model(), EVENTS, EVENTS, epochs=12, batch_size=10, seed=0)
        lines = capsys.readouterr().out.strip().splitlines()
        assert [line.split()[1] for line in lines[:-1]] == [
            "1/12",
            "4/12",
            "6/12",
            "9/12",
            "12/12",
        ]
        assert all("loss" in line for line in lines[:-1])
        assert lines[-1].startswith("time: 120 steps in ") and "ms/step" in lines[-1]

    def test_silent_with_verbose_0(self, capsys):
        """verbose=0 prints nothing."""
        training.fit(small_model(), EVENTS, EVENTS, epochs=2, seed=0, verbose=0)
        assert capsys.readouterr().out == ""

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"epochs": 0}, "epochs must be >= 1"),
            ({"batch_size": 0}, "batch_size must be >= 1"),
            ({"seed": -1}, "seed must be >= 0"),
            ({"verbose": "loud"}, "verbose must be"),
            ({"y": EVENTS[:50]}, r"y must have as many rows as x \(100\), got 50"),
            ({"x": EVENTS[:, 0]}, r"x must have shape \(n, features...\)"),
            ({"x": np.zeros((0, 2))}, "x must hold at least one row"),
            ({"y": np.where(EVENTS > 0.9, np.nan, EVENTS)}, "y must be finite"),
        ],
    )
    def test_bad_arguments(self, arguments, message):
        """Bad sizes, shapes, values and modes raise ValueError naming the argument."""
        call = {"x": EVENTS, "y": EVENTS, "epochs": 1, "seed": 0, **arguments}
        with pytest.raises(ValueError, match=message):
            training.fit(small_model(), **call)

    def test_uncompiled_model(self):
        """An uncompiled model raises ValueError asking for compile."""
        with pytest.raises(ValueError, match="must be compiled"):
            training.fit(small_model(compiled=False), EVENTS, EVENTS, epochs=1, seed=0)

    def test_not_a_model(self):
        """Something other than a Keras model raises TypeError."""
        with pytest.raises(TypeError, match=r"model must be a keras\.Model"):
            training.fit("model", EVENTS, EVENTS, epochs=1, seed=0)

    def test_epochs_not_an_integer(self):
        """A float number of epochs raises TypeError naming epochs."""
        with pytest.raises(TypeError, match="epochs must be an integer"):
            training.fit(small_model(), EVENTS, EVENTS, epochs=2.0, seed=0)


class TestSetSeed:
    def test_same_seed_same_draws(self):
        """After set_seed with the same seed, Keras draws the same numbers."""
        training.set_seed(11)
        first = keras.random.normal((4,)).numpy()
        training.set_seed(11)
        np.testing.assert_array_equal(first, keras.random.normal((4,)).numpy())

    def test_negative_seed(self):
        """A negative seed raises ValueError naming seed."""
        with pytest.raises(ValueError, match="seed must be >= 0"):
            training.set_seed(-3)
