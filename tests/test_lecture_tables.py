"""A page that quotes a committed table of seeds is the table's row at its own seed.

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
from pathlib import Path

import pytest

from aegan import callbacks, data, recipes, training, tutorial

ROOT = Path(__file__).resolve().parent.parent
LECTURE = ROOT / "lectures" / "04_gan_1d_function.py"
#: The shared functions, and the seed argument each page run and each row passes them.
SHARED = ("curve_gan", "train_on_curve", "score_on_curve", "train_on_modes", "score_on_modes")
BENCHMARKS = {"gan_seeds": SHARED[:3], "gan_modes": SHARED[3:]}


def calls(path: Path) -> dict[str, list[ast.Call]]:
    """Return the calls `tutorial.<name>(...)` in the script at `path`, by name."""
    found: dict[str, list[ast.Call]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "tutorial"
        ):
            found.setdefault(node.func.attr, []).append(node)
    return found


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
    found = calls(LECTURE)
    for name in SHARED:
        assert found.get(name), f"the lecture does not call tutorial.{name}"
        assert {seed_argument(call) for call in found[name]} == {"SEED"}, name
    text = LECTURE.read_text(encoding="utf-8")
    for by_hand in (".build(seed=", "gan.GAN(", "function_batches(", "recipe.fit("):
        assert by_hand not in text, by_hand


@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_rows_call_the_shared_functions_with_their_seed(name):
    """Each benchmark's row goes through the same functions, with its row's seed."""
    found = calls(ROOT / "benchmarks" / f"{name}.py")
    for function in BENCHMARKS[name]:
        assert found.get(function), f"{name} does not call tutorial.{function}"
        assert {seed_argument(call) for call in found[function]} == {"seed"}, function


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
