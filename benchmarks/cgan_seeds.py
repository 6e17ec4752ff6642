"""Train Lecture 5's conditional GAN (the fast calorimeter simulation) from five seeds.

The configuration is the lecture's: `aegan.simulation.RECIPE` on `TRAINING_PAIRS` pairs of
the toy calorimeter (`aegan.data.calorimeter`), through `aegan.simulation.train`. Seed 0 is the
lecture's own run (SEED = 0: the same pairs, weights, batches and latent draws); seed k uses
k for all of them.

A seed passes when the probability integral transform PIT = F(R | E) of 5,000 simulated
responses at each of E = 11, 15, 22, 35, 60 and 95 GeV has a KS distance to uniform of at most
0.03 at every energy and at most 0.02 on average. Beside each trained simulator, the same
scores of 5,000 true responses per energy show what a perfect simulator gets. The rows are
written to `src/aegan/benchmark_results/cgan_seeds.json`, which Lecture 5 prints.

Usage: .venv/bin/python benchmarks/cgan_seeds.py [number_of_seeds]   (default 5)
"""

import sys
import time

import numpy as np

# first: TensorFlow's start-up lines stay quiet
from aegan import data, results, scores, simulation, training

THRESHOLDS = (
    "PIT KS distance <= 0.03 at each of E = 11, 15, 22, 35, 60, 95 GeV and <= 0.02 on "
    "average, 5,000 simulated events each"
)


def pit_summary(distances: dict[float, float]) -> dict[str, float]:
    """Return the largest and the mean PIT KS distance over the test energies."""
    values = np.array(list(distances.values()))
    return {"max_ks": float(values.max()), "mean_ks": float(values.mean())}


def lecture_run(seed: int) -> dict[str, float]:
    """Train the lecture's simulator with SEED = `seed`; return its scores and training time."""
    training.set_seed(seed)
    energies, responses = data.calorimeter(simulation.TRAINING_PAIRS, seed=seed)
    started = time.perf_counter()
    trained = simulation.train(energies, responses, seed=seed)
    seconds = time.perf_counter() - started
    distances = scores.pit_distances(
        lambda energy, n: simulation.simulate(trained.simulator, energy, n)
    )
    return {**pit_summary(distances), "seconds": seconds}


def truth_run(seed: int) -> dict[str, float]:
    """Return the scores of true responses: what a perfect simulator gets with these draws."""
    rng = np.random.default_rng(seed + 100)
    distances = scores.pit_distances(
        lambda energy, n: data.calorimeter_response(np.full(n, energy), seed=rng)
    )
    return pit_summary(distances)


def main(count: int = 5) -> None:
    """Print each seed's scores, how many pass, and write the rows."""
    started = time.perf_counter()
    rows = []
    print(f"{'configuration':<20}  {'seed':>4}  {'max KS':>7}  {'mean KS':>7}  train s  pass")
    for seed in range(count):
        for label, run in (("conditional GAN", lecture_run), ("true responses", truth_run)):
            row = run(seed)
            passed = row["max_ks"] <= scores.MAX_PIT_KS and row["mean_ks"] <= scores.MEAN_PIT_KS
            rows.append({"configuration": label, "seed": seed, "passes": passed, **row})
            seconds = f"{row['seconds']:7.1f}" if "seconds" in row else " " * 7
            print(
                f"{label:<20}  {seed:>4}  {row['max_ks']:7.4f}  {row['mean_ks']:7.4f}  "
                f"{seconds}  {'yes' if passed else 'no'}",
                flush=True,
            )
    command = f"python benchmarks/cgan_seeds.py {count}"
    print("written to", results.write("cgan_seeds", command, rows, THRESHOLDS))
    print(results.summary("cgan_seeds", {"max_ks": "largest KS", "mean_ks": "mean KS"}))
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
