"""Plant a bug in the central line of each module and see whether the quick tests catch it.

Each mutant replaces one line of `src/aegan/` (the text must occur exactly once) in a copy of
the package and its tests, runs the quick tests that should catch it (`pytest -m "not (lecture
or ... or training)" -x -q`, as `make check` runs them) against the copy, and puts the line
back. A mutant is caught when the tests fail; each set of tests must first pass on the copy
without a mutant, or nothing is counted. The working tree is never written to, so an
interrupted run leaves no bug behind, and anyone may edit the package meanwhile.

Usage: .venv/bin/python benchmarks/mutation_check.py [NAME ...]   (default: every mutant)
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICK = "not (lecture or site or browser or install or training)"
#: What the quick tests need of the project: the package, the tests, pytest's settings, the
#: site's executor (on pytest's path), and what some tests read: the benchmarks, the lectures,
#: the autograding example and the README.
COPIED = (
    "src",
    "tests",
    "benchmarks",
    "lectures",
    "docs/hooks",
    "docs/examples",
    "pyproject.toml",
    "README.md",
)

#: name -> (file, original text, mutated text, test files that should catch it).
MUTANTS = {
    "pca forgets to centre": (
        "src/aegan/pca.py",
        "np.linalg.svd(X - self.mean_, full_matrices=False)",
        "np.linalg.svd(X, full_matrices=False)",
        ["tests/test_pca.py"],
    ),
    "halved KS statistic": (
        "src/aegan/stats.py",
        "return float(stats.kstest(values, stats.uniform(loc=low, scale=high - low).cdf)",
        "return 0.5 * float(stats.kstest(values, stats.uniform(loc=low, scale=high - low).cdf)",
        ["tests/test_stats.py"],
    ),
    "ring over half a turn": (
        "src/aegan/data.py",
        "angle = rng.uniform(0.0, 2.0 * np.pi, size=len(todo))",
        "angle = rng.uniform(0.0, np.pi, size=len(todo))",
        ["tests/test_data.py"],
    ),
    "shifted energy condition": (
        "src/aegan/simulation/response.py",
        "return (2.0 * (np.log(energies) - np.log(data.E_MIN)) / span - 1.0)[:, None]",
        "return (2.0 * (np.log(energies) - np.log(data.E_MIN)) / span - 0.9)[:, None]",
        ["tests/test_simulation.py"],
    ),
    "squared distance as the autoencoder's loss": (
        "src/aegan/autoencoder.py",
        "return keras.ops.sqrt(squared + 1e-12)",
        "return squared + 1e-12",
        ["tests/test_autoencoder.py"],
    ),
    "KL with the wrong sign of the mean": (
        "src/aegan/vae.py",
        "- ops.square(z_mean) - ops.exp(z_log_var)",
        "+ ops.square(z_mean) - ops.exp(z_log_var)",
        ["tests/test_vae.py"],
    ),
    "generator trained towards 'fake'": (
        "src/aegan/gan/model.py",
        "labels = keras.ops.ones((keras.ops.shape(latent_points)[0], 1))",
        "labels = keras.ops.zeros((keras.ops.shape(latent_points)[0], 1))",
        ["tests/test_gan.py"],
    ),
    "ring band of the scores too wide": (
        "src/aegan/scores/ring.py",
        "RING_BAND = (0.95, 1.05)",
        "RING_BAND = (0.9, 1.1)",
        ["tests/test_scores.py"],
    ),
    "cosine decay over half the training": (
        "src/aegan/gan/recipe.py",
        "steps = steps_per_iteration * self.iterations",
        "steps = steps_per_iteration * self.iterations // 2",
        ["tests/test_gan.py"],
    ),
    "generator's real samples labelled 0 (tutorial schedule)": (
        "src/aegan/gan/model.py",
        "loss_real = self.discriminator_step(real, conditions, 1.0)",
        "loss_real = self.discriminator_step(real, conditions, 0.0)",
        ["tests/test_gan.py"],
    ),
    "generator's real samples labelled 0 (joint schedule)": (
        "src/aegan/gan/model.py",
        "loss_real = self.loss_fn(keras.ops.ones((n, 1)), real_scores)",
        "loss_real = self.loss_fn(keras.ops.zeros((n, 1)), real_scores)",
        ["tests/test_gan.py"],
    ),
    "flow regresses on x0 - x1": (
        "src/aegan/flow/model.py",
        "keras.ops.square(velocities - (targets - noise))",
        "keras.ops.square(velocities - (noise - targets))",
        ["tests/test_flow.py"],
    ),
    "flow's path runs from the data to the noise": (
        "src/aegan/flow/model.py",
        "points = (1.0 - times) * noise + times * targets",
        "points = times * noise + (1.0 - times) * targets",
        ["tests/test_flow.py"],
    ),
    "RK4 without its weights": (
        "src/aegan/flow/ode.py",
        "(first + 2.0 * second + 2.0 * third + fourth)",
        "(first + second + third + fourth) * 6.0 / 4.0",
        ["tests/test_flow.py"],
    ),
    "standardize multiplies by the width": (
        "src/aegan/simulation/response.py",
        "x = (responses - self.location(energies)) / self.width(energies)",
        "x = (responses - self.location(energies)) * self.width(energies)",
        ["tests/test_simulation.py"],
    ),
    "simulator returns the response, not the energy": (
        "src/aegan/simulation/simulator.py",
        "return energies * (location + width * x)",
        "return location + width * x",
        ["tests/test_simulation.py"],
    ),
    "PIT computed as 1 - F": (
        "src/aegan/data.py",
        "cdf = (1.0 - probability) * core + probability * leaked",
        "cdf = 1.0 - ((1.0 - probability) * core + probability * leaked)",
        ["tests/test_data.py"],
    ),
    "simulator verdict's PIT criterion reversed": (
        "src/aegan/scores/simulator.py",
        "ks, ks <= MAX_PIT_KS),",
        "ks, ks > MAX_PIT_KS),",
        ["tests/test_simulation.py", "tests/test_scores.py"],
    ),
    "validation's PIT computed as 1 - F": (
        "src/aegan/scores/simulator.py",
        "pit = data.calorimeter_cdf(responses, energy)",
        "pit = 1.0 - data.calorimeter_cdf(responses, energy)",
        ["tests/test_simulation.py", "tests/test_scores.py"],
    ),
    "ring failures pass too few events in the ring": (
        "src/aegan/scores/ring.py",
        'if not scores["in_ring"] >= MIN_IN_RING:',
        'if scores["in_ring"] >= MIN_IN_RING:',
        ["tests/test_scores.py"],
    ),
    "training drops the last, partial batch from the schedule": (
        "src/aegan/training.py",
        "return self.epochs * math.ceil(n_events / self.batch_size)",
        "return self.epochs * (n_events // self.batch_size)",
        ["tests/test_autoencoder.py"],
    ),
    "every epoch in the same order": (
        "src/aegan/training.py",
        "pair = tf.stack([tf.constant(seed, tf.int64), epoch])",
        "pair = tf.stack([tf.constant(seed, tf.int64), epoch * 0])",
        ["tests/test_training.py"],
    ),
    "checker's ring distance bar reversed": (
        "src/aegan/check/ring.py",
        "distance < scores.MAX_RING_DISTANCE,",
        "distance > scores.MAX_RING_DISTANCE,",
        ["tests/test_check.py"],
    ),
    "checker's GAN scores bar reversed": (
        "src/aegan/check/gan.py",
        "value <= threshold, shown, value=value)",
        "value >= threshold, shown, value=value)",
        ["tests/test_check.py"],
    ),
}


def copy_project(folder: Path) -> Path:
    """Copy what the quick tests need into `folder`; return the copy's root."""
    root = folder / "project"
    for relative in COPIED:
        source = ROOT / relative
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, root / relative, ignore=ignore)
        else:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / relative)
    return root


def quick_tests(root: Path, tests: list[str]) -> subprocess.CompletedProcess:
    """Run the quick tests in `tests` on the copy at `root`, stopping at the first failure."""
    # The copy's package comes first: the development install points at the working tree.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root / "tests")])}
    command = [sys.executable, "-m", "pytest", "-m", QUICK, "-x", "-q", "-p", "no:cacheprovider"]
    return subprocess.run([*command, *tests], cwd=root, capture_output=True, text=True, env=env)


def run(name: str, root: Path) -> bool:
    """Plant mutant `name` in the copy at `root`, run its tests, restore the file; return True
    if the tests failed."""
    relative, original, mutated, tests = MUTANTS[name]
    path = root / relative
    text = path.read_text()
    if text.count(original) != 1:
        raise SystemExit(f"{name}: the original text occurs {text.count(original)} times")
    try:
        path.write_text(text.replace(original, mutated))
        result = quick_tests(root, tests)
    finally:
        path.write_text(text)
    return result.returncode != 0


def main(names: list[str]) -> None:
    unknown = [name for name in names if name not in MUTANTS]
    if unknown:
        raise SystemExit(f"no mutant named {unknown}; the mutants are {list(MUTANTS)}")
    caught = 0
    with tempfile.TemporaryDirectory() as folder:
        root = copy_project(Path(folder))
        # A mutant counts as caught only if its tests pass without it.
        for tests in sorted({tuple(MUTANTS[name][3]) for name in names}):
            baseline = quick_tests(root, list(tests))
            if baseline.returncode != 0:
                tail = baseline.stdout.strip().splitlines()[-1:]
                raise SystemExit(f"{' '.join(tests)} fail without a mutant: {tail}")
        for name in names:
            started = time.perf_counter()
            found = run(name, root)
            caught += found
            seconds = time.perf_counter() - started
            print(f"{'caught' if found else 'MISSED':<7} {name} ({seconds:.0f} s)", flush=True)
    print(f"{caught} of {len(names)} planted bugs caught by the quick tests")


if __name__ == "__main__":
    main(sys.argv[1:] or list(MUTANTS))
