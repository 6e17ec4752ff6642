"""Tests of aegan.tutorial: the GAN tutorial's models and loop, ported to Keras 3."""

import keras
import numpy as np
import pytest

from aegan import tutorial


@pytest.fixture(scope="module")
def literal_run():
    """Three iterations of the literal loop with generator.predict, and predict's calls."""
    calls = []
    predict = keras.Model.predict

    def spy(model, *args, **kwargs):
        calls.append(kwargs)
        return predict(model, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keras.Model, "predict", spy)
        run = tutorial.train_literal(3, latent_dim=3, batch_size=16, use_predict=True, seed=0)
    return run, calls


@pytest.mark.training
class TestTrainLiteral:
    def test_discriminator_never_trains(self, literal_run):
        """In Keras 3 the frozen discriminator keeps its weights while the generator moves."""
        run, _ = literal_run
        assert run.discriminator_change == 0.0
        assert run.generator_change > 0.0

    def test_warnings_are_captured(self, literal_run):
        """The warning Keras raises about the frozen discriminator is kept, each message once."""
        run, _ = literal_run
        assert any("does not have any trainable weights" in message for message in run.warnings)
        assert len(set(run.warnings)) == len(run.warnings)

    def test_run_record(self, literal_run):
        """The run keeps the tutorial's networks, its iteration count and a time per iteration."""
        run, _ = literal_run
        assert run.iterations == 3
        assert run.milliseconds_per_iteration > 0
        assert run.generator.inputs[0].shape[-1] == 3
        assert run.discriminator.inputs[0].shape[-1] == 2
        assert not run.discriminator.trainable  # frozen, as the tutorial leaves it
        widths = [layer.units for layer in run.generator.layers + run.discriminator.layers]
        assert widths == [15, 2, 25, 1]

    def test_fakes_from_predict(self, literal_run):
        """With use_predict the fakes come from generator.predict, once per iteration, silently."""
        _, calls = literal_run
        assert calls == [{"verbose": 0}] * 3

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"iterations": 0}, ValueError, "iterations must be >= 1"),
            ({"iterations": 1.5}, TypeError, "iterations must be an integer"),
            ({"latent_dim": 0}, ValueError, "latent_dim must be >= 1"),
            ({"batch_size": 3}, ValueError, "batch_size must be even"),
            ({"batch_size": 1}, ValueError, "batch_size must be >= 2"),
            ({"use_predict": "yes"}, TypeError, "use_predict must be True or False"),
            ({"fix": 1}, TypeError, "fix must be True or False"),
            ({"seed": -1}, ValueError, "seed must be >= 0"),
            ({"seed": None}, TypeError, "seed must be an integer"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """Bad sizes, flags and seeds raise an error naming the argument, before training."""
        with pytest.raises(error, match=match):
            tutorial.train_literal(**{"seed": 0, **kwargs})


@pytest.mark.training
class TestFix:
    def test_fixed_loop_trains_the_discriminator(self):
        """With the fix the discriminator's weights move, silently, as the generator's do."""
        run = tutorial.train_literal(3, latent_dim=3, batch_size=16, fix=True, seed=0)
        assert run.discriminator_change > 0.0
        assert run.generator_change > 0.0
        assert run.warnings == []

    def test_generator_step_leaves_the_discriminator(self):
        """In the fixed loop only the discriminator's own steps change its weights."""
        keras.utils.set_random_seed(0)
        discriminator = tutorial.define_discriminator()
        generator = tutorial.define_generator(3)
        gan_model = tutorial.define_gan(generator, discriminator)
        rng = np.random.default_rng(0)
        for _ in range(2):
            tutorial.train_iteration(
                generator,
                discriminator,
                gan_model,
                3,
                16,
                rng,
                fix=True,
                predict=generator.predict_on_batch,
            )
        before = discriminator.get_weights()
        gan_model.train_on_batch(rng.standard_normal((16, 3)), np.ones((16, 1)))
        for after, earlier in zip(discriminator.get_weights(), before, strict=True):
            np.testing.assert_array_equal(after, earlier)


class TestLectureRuns:
    @pytest.mark.parametrize(
        ("call", "error", "match"),
        [
            (lambda: tutorial.curve_gan("TUTORIAL_GAN", 0), TypeError, "recipe must be"),
            (lambda: tutorial.curve_gan(tutorial.MODES_GAN, -1), ValueError, "seed must be"),
            (lambda: tutorial.curve_gan(tutorial.MODES_GAN, 0.5), TypeError, "seed must be"),
            (lambda: tutorial.train_on_curve(None, None, 0), TypeError, "recipe must be"),
            (lambda: tutorial.train_on_modes({}, 0), TypeError, "recipe must be"),
            (lambda: tutorial.train_on_modes(tutorial.MODES_GAN, -3), ValueError, "seed must"),
        ],
    )
    def test_bad_arguments(self, call, error, match):
        """A recipe that is not a gan.Recipe, or a bad seed, is named before anything trains."""
        with pytest.raises(error, match=match):
            call()

    def test_train_on_curve_refuses_a_model_that_is_not_a_gan(self):
        """The model must be a GAN: the recipe's fit names it."""
        with pytest.raises(TypeError, match="model must be a GAN"):
            tutorial.train_on_curve(tutorial.MODES_GAN, "model", 0)

    def test_most_crowded(self):
        """One crowd: its mode and a share of 1; the eight centres once each: a share of 1/8."""
        crowd = np.tile(tutorial.MODES_CENTRES[5] + 0.3, (40, 1))
        assert tutorial.most_crowded(crowd) == (5, 1.0)
        assert tutorial.most_crowded(tutorial.MODES_CENTRES)[1] == 1 / 8

    def test_modes_recipes_differ_by_the_discriminator_rate_alone(self):
        """The remedy is the collapsing GAN with its discriminator as fast as its generator."""
        collapse, remedy = tutorial.MODES_COLLAPSE_GAN, tutorial.MODES_GAN
        assert collapse.learning_rate == 50 * collapse.discriminator_learning_rate
        assert remedy == collapse.replace(discriminator_learning_rate=collapse.learning_rate)
