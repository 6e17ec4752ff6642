"""Tests of aegan.recipes: each named configuration builds the model its lecture describes."""

import keras
import numpy as np
import pytest

from aegan import flow, gan, layers, recipes, training, vae


def dense_widths(model: keras.Model) -> list[int]:
    """Return the number of units of each Dense layer of `model`, in order."""
    return [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)]


@pytest.mark.parametrize("name", [name for name in dir(recipes) if name.isupper()])
def test_printed_recipe_fits_the_page_and_says_what_repr_says(name):
    """print(recipe) wraps between fields within PRINT_WIDTH; joined, it is the repr."""
    recipe = getattr(recipes, name)
    lines = str(recipe).splitlines()
    assert max(map(len, lines)) <= training.PRINT_WIDTH
    module = type(recipe).__module__.split(".")[1]  # flow.Recipe, not flow.model.Recipe
    assert " ".join(line.strip() for line in lines) == f"{module}.{recipe!r}"
    assert len(lines) > 1 or len(repr(recipe)) < training.PRINT_WIDTH


class TestAutoencoderAndVae:
    def test_ring_autoencoder(self):
        """The ring autoencoder is Assignment 5's: 2-50-50-1(sigmoid)-50-50-2."""
        model = recipes.RING_AUTOENCODER.build(seed=0)
        assert dense_widths(model) == [50, 50, 1, 50, 50, 2]
        assert model.get_layer("latent").activation is keras.activations.sigmoid

    def test_ring_vae(self):
        """The ring VAE is build_vae's default, weights and all."""
        model = recipes.RING_VAE.build(seed=0)
        assert isinstance(model, vae.VAE)
        reference = vae.build_vae(seed=0)
        for first, second in zip(model.get_weights(), reference.get_weights(), strict=True):
            np.testing.assert_array_equal(first, second)


class TestGans:
    def test_tutorial(self):
        """The tutorial recipe builds the 5-15-2 generator and the 2-25-1 discriminator."""
        model = recipes.TUTORIAL_GAN.build(seed=0)
        assert dense_widths(model.generator) == [15, 2]
        assert dense_widths(model.discriminator) == [25, 1]
        assert model.latent_dim == 5 and model.latent_law == "normal"
        for optimizer in (
            recipes.TUTORIAL_GAN.generator_optimizer(),
            recipes.TUTORIAL_GAN.discriminator_optimizer(),
        ):
            assert isinstance(optimizer, keras.optimizers.Adam) and not optimizer.use_ema

    def test_curve(self):
        """The curve recipe: two 32-32 networks, uniform latent, averaged generator."""
        model = recipes.CURVE_GAN.build(condition_dim=2, seed=0)
        assert dense_widths(model.generator) == [32, 32, 2]
        assert dense_widths(model.discriminator) == [32, 32, 1]
        assert gan.latent_law_of(model.generator) == "uniform"
        assert gan.condition_dim(model.generator) == gan.condition_dim(model.discriminator) == 2
        assert recipes.CURVE_GAN.generator_optimizer().use_ema
        assert not recipes.CURVE_GAN.discriminator_optimizer().use_ema

    def test_ring_discriminator_sees_radial_features(self):
        """The ring GAN's discriminator sees RadialFeatures(4) of the points; its rates decay."""
        model = recipes.RING_GAN.build(seed=0)
        layer = model.discriminator.get_layer("discriminator_features")
        assert isinstance(layer, layers.RadialFeatures) and layer.gain == 4.0
        assert dense_widths(model.generator) == [64, 64, 64, 2]
        optimizer = recipes.RING_GAN.generator_optimizer()
        optimizer.iterations.assign(recipes.RING_GAN.iterations)
        assert float(optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)

    def test_simulator_gan_is_conditional_and_joint(self):
        """Lecture 5's GAN takes a condition, trains jointly and averages its generator."""
        model = recipes.SIMULATOR_GAN.build(dim=1, condition_dim=1, seed=0)
        assert dense_widths(model.generator) == [64, 64, 1]
        assert gan.condition_dim(model.generator) == 1 and model.schedule == "joint"
        assert recipes.SIMULATOR_GAN.generator_optimizer().use_ema


class TestFlows:
    @pytest.mark.parametrize(
        ("recipe", "condition_dim", "widths"),
        [
            (recipes.RING_FLOW, 0, [128, 128, 128, 2]),
            (recipes.SIMULATOR_FLOW, 1, [64, 64, 64, 1]),
        ],
    )
    def test_field(self, recipe, condition_dim, widths):
        """Lecture 6's flows: the field's widths and the condition it takes."""
        model = recipe.build(dim=widths[-1], condition_dim=condition_dim, seed=0)
        assert model.condition_dim == condition_dim
        assert isinstance(recipe, flow.Recipe) and isinstance(model, flow.FlowMatching)
        assert dense_widths(model.velocity) == widths
