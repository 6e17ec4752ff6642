"""A page that quotes a committed table of seeds is the table's row at its own seed.

Lectures 2, 3 and 5 (tables `ring_training_seeds`, `vae_seeds`, `ring_gan_seeds`, `cgan_seeds`,
row k at SEED = k) are held the same way, by the last tests of this module: the page and the
benchmark call the same functions with the seed alone. Lecture 2's plain Keras model, whose
code is the lesson, and Lecture 3's cheap rows are recomputed by their lecture tests.

Lecture 4's evidence page shows two tables (`gan_seeds`, `gan_modes`) whose row k is the page
run with SEED = 10 k. The page and the benchmarks build, train and score through the same
functions of `aegan.tutorial`, so that they cannot drift: these tests check that both call
them with the seed and nothing else (by reading the two scripts), and that what the page adds
around them (a recorder, a progress bar, the global seed, an earlier training in the same
process) changes no number. `tests/test_lecture_04.py` then holds the page's run to the
benchmarks' computation at AEGAN_LECTURE_SEED, number for number, in one test process; no
test compares with the committed numbers, which another processor would not reproduce.
"""

import ast
import dataclasses
import functools
from pathlib import Path

import pytest
from conftest import qualified_calls

from aegan import autoencoder, callbacks, data, recipes, scores, training, tutorial, vae

ROOT = Path(__file__).resolve().parent.parent
LECTURE = ROOT / "lectures" / "04_gan_1d_function.py"
#: The shared functions, and the seed argument each page run and each row passes them.
SHARED = ("curve_gan", "train_on_curve", "score_on_curve", "train_on_modes", "score_on_modes")
BENCHMARKS = {"gan_seeds": SHARED[:3], "gan_modes": SHARED[3:]}


def seed_argument(call: ast.Call) -> str:
    """Return the source of the call's seed: its `seed=` keyword, or its positional seed."""
    for keyword in call.keywords:
        if keyword.arg == "seed":
            return ast.unparse(keyword.value)
    position = {"train_on_curve": 2}.get(call.func.attr, 1)
    return ast.unparse(call.args[position])


def test_page_runs_call_the_shared_functions_with_its_seed():
    """Every run of the page on the curve and the eight Gaussians goes through the shared
    functions with SEED itself, not an offset of it, and builds or fits no GAN by hand."""
    found = qualified_calls(LECTURE)
    for name in SHARED:
        assert found.get(f"tutorial.{name}"), f"the lecture does not call tutorial.{name}"
        assert {seed_argument(call) for call in found[f"tutorial.{name}"]} == {"SEED"}, name
    text = LECTURE.read_text(encoding="utf-8")
    for by_hand in (".build(seed=", "gan.GAN(", "function_batches(", "recipe.fit("):
        assert by_hand not in text, by_hand


@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_rows_call_the_shared_functions_with_their_seed(name):
    """Each benchmark's row goes through the same functions, with its row's seed."""
    found = qualified_calls(ROOT / "benchmarks" / f"{name}.py")
    for function in BENCHMARKS[name]:
        calls = found.get(f"tutorial.{function}")
        assert calls, f"{name} does not call tutorial.{function}"
        assert {seed_argument(call) for call in calls} == {"seed"}, function


def curve_run(recipe, seed, **fit):
    """Return the scores of `recipe` trained and scored on the curve as the page does."""
    model = tutorial.curve_gan(recipe, seed)
    tutorial.train_on_curve(recipe, model, seed, **fit)
    return tutorial.score_on_curve(model.generator, seed)[1]


@pytest.mark.training
@pytest.mark.parametrize("seed", [0, 3])
def test_what_the_page_adds_changes_no_number(seed):
    """A recorder, a progress bar, `training.set_seed` and an earlier training in the same
    process leave a short run's scores unchanged, on the curve and on the eight Gaussians."""
    curve = dataclasses.replace(recipes.CURVE_GAN, iterations=300)
    modes = dataclasses.replace(tutorial.MODES_COLLAPSE_GAN, iterations=300)
    alone = curve_run(curve, seed)
    alone_modes = tutorial.score_on_modes(tutorial.train_on_modes(modes, seed).generator, seed)

    training.set_seed(seed)
    curve_run(curve, seed + 1)  # an earlier training in the same process
    real = data.function_samples(100, seed=seed)
    recorder = callbacks.SnapshotRecorder(100, real, seed=seed + 3)
    assert curve_run(curve, seed, verbose="auto", callbacks=[recorder]) == alone
    assert len(recorder.snapshots) == 3
    points = data.gaussian_modes(200, seed=seed)
    recorder = callbacks.SnapshotRecorder(100, points, seed=seed + 35)
    model = tutorial.train_on_modes(modes, seed, verbose="auto", callbacks=[recorder])
    page_points, page_scores = tutorial.score_on_modes(model.generator, seed)
    assert page_scores == alone_modes[1]
    assert (page_points == alone_modes[0]).all()


# Lectures 2, 3 and 5 quote the tables `ring_training_seeds`, `vae_seeds`, `ring_gan_seeds` and
# `cgan_seeds`, whose row at seed k is the page run with SEED = k. Each page and its benchmark
# train and score through the same functions of the package, which take the page's SEED and
# derive every other seed from it; `ON_THE_PAGE` names them, by lecture and table.
ON_THE_PAGE = {
    ("02_ring_autoencoder", "ring_training_seeds"): (
        "autoencoder.train_on_ring",
        "scores.score_autoencoder_on_ring",
    ),
    ("03_variational_autoencoder", "vae_seeds"): (
        "autoencoder.train_on_ring",
        "vae.train_on_ring",
        "scores.score_generator_on_ring",
    ),
    ("05_conditional_generation", "ring_gan_seeds"): (
        "gan.train_on_ring",
        "scores.score_generator_on_ring",
    ),
    ("05_conditional_generation", "cgan_seeds"): (
        "simulation.train",
        "simulation.train_gaussian",
        "scores.validate_simulator",
    ),
}
#: Samplers the pages and benchmarks hand to `scores.score_generator_on_ring` uncalled.
PASSED_ON = {("03_variational_autoencoder", "vae_seeds"): ("autoencoder.decode_uniform",)}
#: Code that would train a table's model by hand, beside the shared functions.
BY_HAND = {
    "02_ring_autoencoder": ("train_with(recipe, ring", "mean_distance(ring_autoencoder"),
    "03_variational_autoencoder": (
        "variant.build(",
        "ring_recipe.fit(",
        ".sample(5000",
        "(0.0, 1.0",
    ),
    "05_conditional_generation": ("ring_recipe.build(", "ring_recipe.fit(", "vae_recipe.fit("),
}


def qualified_names(path: Path) -> set[str]:
    """Return every `module.name` the script at `path` mentions, called or not."""
    return {
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }


def seed_of(call: ast.Call) -> str:
    """Return the source of a shared call's seed: its `seed=` keyword, or its second argument."""
    for keyword in call.keywords:
        if keyword.arg == "seed":
            return ast.unparse(keyword.value)
    return ast.unparse(call.args[1])


@pytest.mark.parametrize(("lecture", "table"), ON_THE_PAGE)
def test_page_and_benchmark_share_the_row(lecture, table):
    """The page's run and the benchmark's row go through the same functions of the package,
    the page with its SEED alone and the benchmark with its row's seed alone, and hand the
    same samplers on."""
    page = qualified_calls(ROOT / "lectures" / f"{lecture}.py")
    benchmark = qualified_calls(ROOT / "benchmarks" / f"{table}.py")
    for name in ON_THE_PAGE[lecture, table]:
        assert page.get(name), f"{lecture} does not call {name}"
        assert benchmark.get(name), f"{table} does not call {name}"
        assert {seed_of(call) for call in page[name]} == {"SEED"}, (lecture, name)
        assert {seed_of(call) for call in benchmark[name]} == {"seed"}, (table, name)
    for name in PASSED_ON.get((lecture, table), ()):
        assert name in qualified_names(ROOT / "lectures" / f"{lecture}.py"), name
        assert name in qualified_names(ROOT / "benchmarks" / f"{table}.py"), name
    text = (ROOT / "lectures" / f"{lecture}.py").read_text(encoding="utf-8")
    for by_hand in BY_HAND[lecture]:
        assert by_hand not in text, by_hand


def test_simulator_pairs_and_truth_are_the_benchmarks():
    """Lecture 5's simulator trains on the benchmark's pairs (`simulation.TRAINING_PAIRS` drawn
    from the seed alone) and its perfect simulator is seeded as the benchmark's."""
    lecture = ROOT / "lectures" / "05_conditional_generation.py"
    seeds = {}
    for path, seed in ((lecture, "SEED"), (ROOT / "benchmarks" / "cgan_seeds.py", "seed")):
        found = qualified_calls(path)
        pairs = [
            call
            for call in found["data.calorimeter"]
            if ast.unparse(call.args[0]) == "simulation.TRAINING_PAIRS"
        ]
        assert {seed_of(call) for call in pairs} == {seed}, path.name
        seeds[seed] = {seed_of(call) for call in found["scores.truth_simulator"]}
    assert seeds["SEED"] == {"SEED + 100"}
    assert seeds["seed"] == {"seed + 100"}


@pytest.mark.training
def test_ring_runs_ignore_what_ran_before():
    """The shared ring functions give the same numbers after another training in the same
    process and after `training.set_seed`, as a page that trains several models does."""
    short = recipes.RING_AUTOENCODER.replace(epochs=3)
    short_vae = recipes.RING_VAE.replace(epochs=2)

    def runs():
        model = autoencoder.train_on_ring(short, 2)
        decoder = autoencoder.split_autoencoder(model)[1]
        sample = functools.partial(autoencoder.decode_uniform, decoder)
        generated = scores.score_generator_on_ring(sample, 2)
        ring_vae = vae.train_on_ring(short_vae, 2)
        return (
            scores.score_autoencoder_on_ring(model, 2),
            generated[1],
            scores.score_generator_on_ring(ring_vae.sample, 2)[1],
            ring_vae.loss_terms(data.ring(500, seed=3)),
        )

    alone = runs()
    training.set_seed(7)
    vae.train_on_ring(short_vae, 5)  # an earlier training in the same process
    assert runs() == alone


def plain_keras_statements(path: Path, seed: str) -> list[str]:
    """Return Lecture 2's plain Keras model as the script at `path` writes it: the statements
    from its events (`data.ring(1000, ...)`) to `model.fit`, less what changes no number (the
    summary, the fit's History kept in a name), with the seed written `seed`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = tree.body
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "plain_model":
            body = node.body
    kept, inside = [], False
    for statement in body:
        text = ast.unparse(statement)
        if text.startswith("events = data.ring(1000,"):
            kept.append(text)
        if text.startswith("keras.utils.set_random_seed("):
            inside = True
        if not inside or text == "model.summary()":
            continue
        kept.append(text.removeprefix("history = "))
        if "model.fit(" in text:
            break
    return [text.replace(seed, "seed") for text in kept]


def test_plain_keras_row_is_the_page_code():
    """Lecture 2's plain Keras model, whose code is the page's lesson, is built and trained by
    `benchmarks/ring_training_seeds.py` with the page's statements, in the page's order."""
    page = plain_keras_statements(ROOT / "lectures" / "02_ring_autoencoder.py", "SEED")
    benchmark = plain_keras_statements(ROOT / "benchmarks" / "ring_training_seeds.py", "seed")
    assert len(page) == 12
    assert page[-1] == "model.fit(events, events, epochs=100, batch_size=32, verbose=0)"
    assert benchmark == page
