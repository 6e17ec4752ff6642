"""Plant a bug in the central line of each module and see whether the quick tests catch it.

Each mutant replaces one line of `src/aegan/` (the text must occur exactly once), runs the
quick tests of that module (`pytest -m "not (lecture or ... or training)" -x -q`, as
`make check` runs them),
and puts the file back, whatever happens. A mutant is caught when the tests fail.

Usage: .venv/bin/python benchmarks/mutation_check.py [NAME ...]   (default: every mutant)
"""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICK = "not (lecture or site or browser or install or training)"

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
        "src/aegan/gan.py",
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
        "src/aegan/gan.py",
        "steps = steps_per_iteration * self.iterations",
        "steps = steps_per_iteration * self.iterations // 2",
        ["tests/test_gan.py"],
    ),
}


def run(name: str) -> bool:
    """Plant mutant `name`, run its tests, restore the file; return True if the tests failed."""
    relative, original, mutated, tests = MUTANTS[name]
    path = ROOT / relative
    text = path.read_text()
    if text.count(original) != 1:
        raise SystemExit(f"{name}: the original text occurs {text.count(original)} times")
    try:
        path.write_text(text.replace(original, mutated))
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            QUICK,
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
        ]
        result = subprocess.run([*command, *tests], cwd=ROOT, capture_output=True, text=True)
    finally:
        path.write_text(text)
    return result.returncode != 0


def main(names: list[str]) -> None:
    caught = 0
    for name in names:
        started = time.perf_counter()
        found = run(name)
        caught += found
        seconds = time.perf_counter() - started
        print(f"{'caught' if found else 'MISSED':<7} {name} ({seconds:.0f} s)", flush=True)
    print(f"{caught} of {len(names)} planted bugs caught by the quick tests")


if __name__ == "__main__":
    main(sys.argv[1:] or list(MUTANTS))
