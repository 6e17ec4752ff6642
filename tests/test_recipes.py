"""Tests of aegan.recipes: each named configuration builds the model its lecture describes."""

import dataclasses
import inspect

import keras
import numpy as np
import pytest

from aegan import flow, gan, layers, recipes, training, vae

#: Every recipe object of `aegan.recipes`, by name.
RECIPES = {
    name: value for name, value in vars(recipes).items() if isinstance(value, training.Recipe)
}

#: The (dim, condition_dim) each recipe is used with in the course: the contract is checked
#: at these. A recipe added to `aegan.recipes` needs a line here (the test says so).
SHAPES = {
    "RING_AUTOENCODER": (2, 0),
    "RING_VAE": (2, 0),
    "TUTORIAL_GAN": (2, 0),
    "CURVE_GAN": (2, 2),
    "RING_GAN": (2, 0),
    "SIMULATOR_GAN": (1, 1),
    "RING_FLOW": (2, 0),
    "SIMULATOR_FLOW": (1, 1),
    "SIMULATOR_SPLINE": (1, 1),
    "JET_FLOW": (6, 6),
    "JET_GAN": (6, 6),
    "JET_GAUSSIAN": (6, 6),
}

#: Fields a small copy of a recipe changes, to train in a moment: the contract, not a result.
SMALL = {
    "hidden": (4,),
    "generator_hidden": (4,),
    "discriminator_hidden": (4,),
    "iterations": 2,
    "epochs": 1,
    "batch_size": 8,
}


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


def small(recipe: training.Recipe) -> training.Recipe:
    """Return `recipe` with small networks and two steps (`SMALL`'s fields that it has)."""
    names = {field.name for field in dataclasses.fields(recipe)}
    return recipe.replace(**{name: value for name, value in SMALL.items() if name in names})


def training_data(dim: int, condition_dim: int, rows: int = 64):
    """Return `rows` seeded points (n, dim), paired with (n, condition_dim) conditions if any."""
    rng = np.random.default_rng(0)
    points = rng.normal(size=(rows, dim)).astype(np.float32)
    if not condition_dim:
        return points
    return points, rng.uniform(-1.0, 1.0, size=(rows, condition_dim)).astype(np.float32)


@pytest.mark.parametrize("name", sorted(RECIPES))
class TestContract:
    """Every recipe of `aegan.recipes` is built, checked, optimised and trained one way."""

    def test_has_a_shape(self, name):
        """Every recipe names the (dim, condition_dim) the contract is checked at."""
        assert name in SHAPES, f"add {name} to SHAPES with the shape the course uses it at"

    def test_checked_at_construction_and_frozen(self, name):
        """A copy is equal; any positive integer field set to 0 or -5 is refused, naming the
        field; the recipe cannot be changed in place."""
        recipe = RECIPES[name]
        assert recipe.replace() == recipe
        counts = [
            field.name
            for field in dataclasses.fields(recipe)
            if isinstance(getattr(recipe, field.name), int)
            and not isinstance(getattr(recipe, field.name), bool)
        ]
        assert counts  # every recipe counts something: epochs, iterations, sizes
        for field in counts:
            for bad in (0, -5):
                with pytest.raises(ValueError, match=field):
                    recipe.replace(**{field: bad})
        with pytest.raises(dataclasses.FrozenInstanceError):
            recipe.learning_rate = 1.0

    def test_build_signature(self, name):
        """build(*, dim, condition_dim, seed): keyword-only, the seed required."""
        parameters = inspect.signature(RECIPES[name].build).parameters
        assert list(parameters) == ["dim", "condition_dim", "seed"]
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
        assert parameters["seed"].default is inspect.Parameter.empty
        assert parameters["condition_dim"].default in (0, 1, inspect.Parameter.empty)

    def test_one_optimizer_method(self, name):
        """optimizers(n_events) gives compile's optimizer keywords, fresh at each call."""
        recipe = RECIPES[name]
        first, second = recipe.optimizers(1000), recipe.optimizers(1000)
        assert first and set(first) <= {
            "optimizer",
            "generator_optimizer",
            "discriminator_optimizer",
        }
        for key, optimizer in first.items():
            assert isinstance(optimizer, keras.optimizers.Optimizer)
            assert optimizer is not second[key]

    def test_optimizers_need_n_events_only_for_epochs(self, name):
        """A recipe that trains in epochs needs the events' count, and names it; one that
        trains for a number of iterations needs none."""
        recipe = RECIPES[name]
        if hasattr(recipe, "epochs"):
            with pytest.raises(ValueError, match="n_events is needed"):
                recipe.optimizers()
        else:
            assert recipe.optimizers()

    @pytest.mark.training  # a compiled training per recipe: 2 to 12 s each on 2 busy cores
    def test_fit_builds_trains_with_its_optimizers(self, name, monkeypatch):
        """A small copy builds at its shape and fits (points, or (points, conditions)) with
        the optimizers of `optimizers`, returning a History of finite losses."""
        recipe = small(RECIPES[name])
        dim, condition_dim = SHAPES[name]
        model = recipe.build(dim=dim, condition_dim=condition_dim, seed=0)
        calls = []
        original = type(recipe).optimizers

        def recording(self, *args, **kwargs):
            calls.append(original(self, *args, **kwargs))
            return calls[-1]

        monkeypatch.setattr(type(recipe), "optimizers", recording)
        history = recipe.fit(model, training_data(dim, condition_dim), seed=0, verbose=0)
        assert len(calls) == 1
        assert isinstance(history, keras.callbacks.History) and history.history
        for values in history.history.values():
            assert np.all(np.isfinite(values))
        for optimizer in calls[0].values():
            assert int(optimizer.iterations) >= 1  # the optimizers given took the steps
