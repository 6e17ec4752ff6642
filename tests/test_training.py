"""Tests for aegan.training: the fast fit, its pipeline, its reports and the seeding helper."""

import contextlib
import io
import math
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

from aegan import data, training

EVENTS = data.ring(100, seed=3)
#: The seeded runs' settings: 12 epochs of 10 batches of 10 events.
EPOCHS, BATCH_SIZE = 12, 10


def small_model(seed: int = 0) -> keras.Model:
    """Return a tiny seeded, uncompiled 2-8-2 model."""
    inputs = keras.Input(shape=(2,))
    hidden = keras.layers.Dense(
        8, "relu", kernel_initializer=keras.initializers.GlorotUniform(seed=seed)
    )(inputs)
    outputs = keras.layers.Dense(
        2, kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 1)
    )(hidden)
    return keras.Model(inputs, outputs)


def sgd() -> keras.optimizers.SGD:
    """Return a fresh plain SGD optimizer."""
    return keras.optimizers.SGD(0.05)


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


def seeded_fit(seed: int, *, global_seed: int = 0, verbose="auto"):
    """Train a fresh small model on the ring; return (model, history, what it printed)."""
    keras.utils.set_random_seed(global_seed)
    model = small_model()
    printed = io.StringIO()  # not a terminal, so "auto" prints the compact summary
    with contextlib.redirect_stdout(printed):
        history = training.fit(
            model,
            EVENTS,
            EVENTS,
            optimizer=sgd(),
            loss="mse",
            epochs=EPOCHS,
            batch_size=BATCH_SIZE,
            seed=seed,
            verbose=verbose,
        )
    return model, history, printed.getvalue()


@pytest.fixture(scope="module")
def seeded_runs():
    """Two runs with seed 5 under two TensorFlow global seeds; trained once for the tests."""
    return {
        "first": seeded_fit(5, global_seed=1, verbose="auto"),
        "again": seeded_fit(5, global_seed=2, verbose=0),
    }


class TestFit:
    def test_loss_goes_down(self, seeded_runs):
        """Training on the ring with target = input lowers the epoch loss."""
        _, history, _ = seeded_runs["first"]
        losses = history.history["loss"]
        assert len(losses) == EPOCHS
        assert losses[-1] < 0.5 * losses[0]

    def test_compiles_with_one_call_per_epoch(self, seeded_runs):
        """The model is compiled with the caller's optimizer, loss and one epoch per call."""
        model, _, _ = seeded_runs["first"]
        assert isinstance(model.optimizer, keras.optimizers.SGD)
        assert model.loss == "mse"
        assert model.steps_per_execution == math.ceil(len(EVENTS) / BATCH_SIZE)
        assert int(model.optimizer.iterations) == EPOCHS * 10

    def test_reproducible_whatever_the_global_seed(self, seeded_runs):
        """The same seed gives the same weights, even under another TensorFlow global seed."""
        first, again = seeded_runs["first"][0], seeded_runs["again"][0]
        for a, b in zip(first.get_weights(), again.get_weights(), strict=True):
            np.testing.assert_array_equal(a, b)

    def test_compact_summary_when_not_a_terminal(self, seeded_runs):
        """verbose="auto" off a terminal prints a few epochs' losses and the time per step."""
        lines = seeded_runs["first"][2].strip().splitlines()
        history = seeded_runs["first"][1].history["loss"]
        assert lines[0].split() == ["epoch", "loss"]
        rows = [line.split() for line in lines[1:-1]]
        assert [epoch for epoch, _ in rows] == ["1/12", "4/12", "6/12", "9/12", "12/12"]
        for epoch, loss in rows:  # each printed loss is that epoch's
            assert float(loss) == pytest.approx(history[int(epoch.split("/")[0]) - 1], rel=1e-3)
        assert lines[-1].startswith("time: 120 steps in ") and "ms/step" in lines[-1]

    def test_silent_with_verbose_0(self, seeded_runs):
        """verbose=0 prints nothing."""
        assert seeded_runs["again"][2] == ""

    def test_same_steps_as_plain_fit_without_shuffle(self):
        """Without shuffling, fit takes exactly the gradient steps of model.fit on arrays."""
        fast, plain = small_model(), small_model()
        optimizer = sgd()
        training.fit(
            fast,
            EVENTS,
            EVENTS,
            optimizer=optimizer,
            loss="mse",
            epochs=3,
            batch_size=16,
            seed=0,
            shuffle=False,
            verbose=0,
        )
        plain.compile(sgd(), "mse")
        plain.fit(EVENTS, EVENTS, epochs=3, batch_size=16, shuffle=False, verbose=0)
        for fast_weights, plain_weights in zip(
            fast.get_weights(), plain.get_weights(), strict=True
        ):
            np.testing.assert_allclose(fast_weights, plain_weights, rtol=1e-5, atol=1e-6)
        assert fast.optimizer is optimizer and fast.steps_per_execution == 7  # ceil(100 / 16)
        assert int(optimizer.iterations) == int(plain.optimizer.iterations) == 3 * 7

    def test_inputs_alone_when_y_is_none(self):
        """With y=None each batch reaches train_step as the inputs alone, the last one smaller."""
        model = MeanOfBatch()
        x = np.full((12, 2), 3.0, dtype=np.float32)
        history = training.fit(model, x, optimizer=sgd(), epochs=2, batch_size=5, seed=0, verbose=0)
        assert history.history["batch_mean"] == pytest.approx([3.0, 3.0])
        assert model.steps_per_execution == 3

    def test_progress_bar_on_a_terminal(self, capsys, monkeypatch):
        """verbose="auto" on a terminal shows one bar over the epochs, with no summary."""
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        x = np.ones((6, 2), dtype=np.float32)
        training.fit(MeanOfBatch(), x, optimizer=sgd(), epochs=3, batch_size=3, seed=0)
        out = capsys.readouterr().out
        assert "3/3" in out and "batch_mean" in out
        assert "time:" not in out and "Epoch 1/3" not in out

    def test_keras_verbose_2(self, capsys):
        """verbose=2 is Keras' own mode: a line per epoch."""
        x = np.ones((6, 2), dtype=np.float32)
        training.fit(MeanOfBatch(), x, optimizer=sgd(), epochs=2, batch_size=3, seed=0, verbose=2)
        out = capsys.readouterr().out
        assert "Epoch 1/2" in out and "Epoch 2/2" in out and "time:" not in out

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"epochs": 0}, "epochs must be >= 1"),
            ({"batch_size": 0}, "batch_size must be >= 1"),
            ({"seed": -1}, "seed must be >= 0"),
            ({"verbose": "loud"}, "verbose must be"),
            ({"verbose": True}, "verbose must be"),
            ({"y": EVENTS[:50]}, r"y must have as many rows as x \(100\), got 50"),
            ({"x": EVENTS[:, 0]}, r"x must have shape \(n, features...\)"),
            ({"x": np.zeros((0, 2))}, "x must hold at least one row"),
            ({"y": np.where(EVENTS > 0.9, np.nan, EVENTS)}, "y must be finite"),
        ],
    )
    def test_bad_values(self, arguments, message):
        """Bad sizes, shapes, values and modes raise ValueError naming the argument."""
        call = {"x": EVENTS, "y": EVENTS, "epochs": 1, "batch_size": 10, "seed": 0, **arguments}
        with pytest.raises(ValueError, match=message):
            training.fit(small_model(), optimizer=sgd(), loss="mse", **call)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"model": "model"}, r"model must be a keras\.Model"),
            ({"optimizer": "sgd"}, "optimizer must be a Keras optimizer"),
            ({"epochs": 2.0}, "epochs must be an integer"),
            ({"seed": None}, "seed must be an integer"),
            ({"shuffle": "yes"}, "shuffle must be True or False"),
            ({"x": [["a", "b"]]}, "x must be an array of numbers"),
        ],
    )
    def test_bad_types(self, arguments, message):
        """Arguments of the wrong type raise TypeError naming the argument."""
        call = {
            "model": small_model(),
            "x": EVENTS,
            "y": EVENTS,
            "optimizer": sgd(),
            "epochs": 1,
            "batch_size": 10,
            "seed": 0,
            **arguments,
        }
        with pytest.raises(TypeError, match=message):
            training.fit(call.pop("model"), call.pop("x"), call.pop("y"), loss="mse", **call)


class TestEpochsDataset:
    def test_each_epoch_is_a_seeded_permutation(self):
        """Each epoch's batches hold every row once, in an order set by the seed and the epoch."""
        rows = np.arange(10, dtype=np.float32)[:, None]

        def epochs(seed, count=2):
            batches = [
                b.numpy()[:, 0] for b in training.epochs_dataset(rows, 4, seed).take(3 * count)
            ]
            return [np.concatenate(batches[3 * k : 3 * k + 3]) for k in range(count)]

        first, second = epochs(7)
        assert [len(b) for b in training.epochs_dataset(rows, 4, 7).take(3)] == [4, 4, 2]
        for order in (first, second):
            assert sorted(order) == list(range(10))
        assert not np.array_equal(first, second)  # reshuffled every epoch
        np.testing.assert_array_equal(first, epochs(7)[0])
        assert not np.array_equal(first, epochs(8)[0])  # another seed, another order

    def test_batches_of_the_committed_results(self):
        """Epoch k is the rows in stateless_shuffle's order for (seed, k), cut into batches as
        from_tensor_slices(...).batch(...) cuts them: the batches every committed benchmark
        trained on (the slicing that replaced it changed the speed, not one batch)."""
        rows = np.arange(2 * 11, dtype=np.float32).reshape(11, 2)
        expected = []
        for epoch in range(3):
            order = tf.random.experimental.stateless_shuffle(
                tf.range(11), seed=tf.constant([5, epoch], tf.int64)
            )
            sliced = tf.data.Dataset.from_tensor_slices(tf.gather(rows, order)).batch(4)
            expected += [batch.numpy() for batch in sliced]
        found = [batch.numpy() for batch in training.epochs_dataset(rows, 4, 5).take(9)]
        assert [len(batch) for batch in found] == [4, 4, 3] * 3
        for batch, reference in zip(found, expected, strict=True):
            np.testing.assert_array_equal(batch, reference)

    def test_none_keeps_the_order(self):
        """With seed None every epoch keeps the rows' order."""
        rows = np.arange(6, dtype=np.float32)[:, None]
        batches = [b.numpy()[:, 0] for b in training.epochs_dataset(rows, 4, None).take(4)]
        np.testing.assert_array_equal(np.concatenate(batches), [0, 1, 2, 3, 4, 5] * 2)

    def test_pairs_stay_together(self):
        """Inputs and targets are shuffled by the same permutation."""
        x = np.arange(8, dtype=np.float32)[:, None]
        ((batch_x, batch_y),) = training.epochs_dataset((x, 10 * x), 8, 3).take(1)
        np.testing.assert_array_equal(batch_y.numpy(), 10 * batch_x.numpy())
        assert not np.array_equal(batch_x.numpy(), x)


class TestSetSeed:
    def test_same_seed_same_draws(self):
        """After set_seed with the same seed, Keras draws the same numbers."""
        training.set_seed(11)
        first = keras.random.normal((4,)).numpy()
        training.set_seed(11)
        np.testing.assert_array_equal(first, keras.random.normal((4,)).numpy())

    @pytest.mark.parametrize(
        ("seed", "error", "message"),
        [(-3, ValueError, "seed must be >= 0"), ("1", TypeError, "seed must be an integer")],
    )
    def test_bad_seed(self, seed, error, message):
        """A negative or non-integer seed raises an error naming seed."""
        with pytest.raises(error, match=message):
            training.set_seed(seed)
