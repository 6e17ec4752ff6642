"""Train Lecture 5's conditional GAN (the fast calorimeter simulation) from five seeds.

The configuration is the lecture's: `aegan.recipes.SIMULATOR_GAN` on `TRAINING_PAIRS` pairs of
the toy calorimeter (`aegan.data.calorimeter`), through `aegan.simulation.train`. Seed 0 is the
lecture's own run (SEED = 0: the same pairs, weights, batches and latent draws); seed k uses
k for all of them.

Each simulator is judged by `aegan.scores.validate_simulator`, the course's full bar: at each
of E = 11, 15, 22, 35, 60 and 95 GeV, 50,000 simulated events whose PIT = F(R | E) has a KS
distance to uniform of at most 0.03 (and at most 0.02 on average), whose core width is within
4 % of the exact law's and whose median within 0.01; over the spectrum, a classifier two-sample
test of 100,000 simulated (E, R) pairs against as many true ones with an AUC of at most 0.505.
Beside each trained simulator, the same validation of a sampler of the exact law (true
responses, same sizes) shows what a perfect simulator gets. The rows are written to
`src/aegan/benchmark_results/cgan_seeds.json`, which Lecture 5 prints.

Training time is the wall-clock time of `simulation.train` and the CPU time of the process
over it (all threads): on a busy machine the first grows, the second much less.

The ablations of Lecture 5 are measured the same way, five seeds each: the GAN without the
condition (the per-energy standardisation kept), without the per-energy standardisation (the
condition kept), and the Gaussian regression baseline (`simulation.train_gaussian`).

Usage: .venv/bin/python benchmarks/cgan_seeds.py [number_of_seeds [part ...]]
(default 5 seeds, the parts simulator, no_condition, no_scale and gaussian; parts run as
separate processes merge their rows into the one file).
"""

import sys
import time

import numpy as np

# first: TensorFlow's start-up lines stay quiet
from aegan import data, results, scores, simulation, training
import record  # benchmarks/record.py: writes the results

THRESHOLDS = (
    f"scores.validate_simulator: PIT KS <= {scores.MAX_PIT_KS} at each of E = 11, 15, 22, 35, "
    f"60, 95 GeV and <= {scores.MEAN_PIT_KS} on average; core width within "
    f"{scores.MAX_WIDTH_DEVIATION:.0%} of the exact law's and median within "
    f"{scores.MAX_MEDIAN_DEVIATION} at each, {scores.VALIDATION_EVENTS:,} events each; C2ST AUC "
    f"<= {scores.MAX_C2ST_AUC} with {scores.VALIDATION_PAIRS:,} (E, R) pairs a side"
)


def row_of(validation: scores.SimulatorValidation) -> dict:
    """Return a validation's scores: PIT KS largest and mean, worst deviations, C2ST AUC."""
    width = validation.width_ratio - 1.0
    median = validation.median_deviation
    return {
        "passes": validation.passes,
        "max_ks": float(validation.pit_ks.max()),
        "mean_ks": float(validation.pit_ks.mean()),
        "width_deviation": float(width[np.argmax(np.abs(width))]),
        "median_deviation": float(median[np.argmax(np.abs(median))]),
        "c2st_auc": float(validation.c2st.auc),
        "failures": validation.failures,
    }


def lecture_run(seed: int, **changes) -> dict:
    """Train the lecture's simulator with SEED = `seed`; return its scores and training time.

    `changes` go to `simulation.train` (the ablations: `conditional`, `per_energy_scale`).
    """
    training.set_seed(seed)
    energies, responses = data.calorimeter(simulation.TRAINING_PAIRS, seed=seed)
    started, cpu = time.perf_counter(), time.process_time()
    trained = simulation.train(energies, responses, seed=seed, **changes)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    validation = scores.validate_simulator(trained.simulator, seed=seed)
    return {**row_of(validation), "seconds": seconds, "cpu_seconds": cpu_seconds}


def gaussian_run(seed: int) -> dict:
    """Train Lecture 5's Gaussian baseline (`simulation.train_gaussian`); return its scores."""
    training.set_seed(seed)
    energies, responses = data.calorimeter(simulation.TRAINING_PAIRS, seed=seed)
    started, cpu = time.perf_counter(), time.process_time()
    trained = simulation.train_gaussian(energies, responses, seed=seed)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    validation = scores.validate_simulator(trained.simulator, seed=seed)
    return {**row_of(validation), "seconds": seconds, "cpu_seconds": cpu_seconds}


def truth_run(seed: int) -> dict:
    """Return the scores of true responses: what a perfect simulator gets at these sizes."""
    return row_of(scores.validate_simulator(scores.truth_simulator(seed=seed + 100), seed=seed))


#: The parts of the benchmark, each a list of (configuration, run); one part may run alone.
#: The ablations remove one ingredient each: the condition (the per-energy standardisation
#: kept), or the per-energy standardisation (the condition kept).
PARTS = {
    "simulator": [("conditional GAN", lecture_run), ("true responses", truth_run)],
    "no_condition": [
        (
            "no condition",
            lambda seed: lecture_run(seed, conditional=False, per_energy_scale=True),
        )
    ],
    "no_scale": [("no per-energy scale", lambda seed: lecture_run(seed, per_energy_scale=False))],
    "gaussian": [("Gaussian", gaussian_run)],
}


def main(count: int = 5, parts: tuple[str, ...] = tuple(PARTS)) -> None:
    """Print each seed's scores, how many pass, and write the rows of the parts run.

    Rows of the other parts already in the results are kept, so that the parts can run as
    separate processes (one after the other or at once) and still make one table.
    """
    started = time.perf_counter()
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise SystemExit(f"unknown parts {unknown}; the parts are {sorted(PARTS)}")
    rows = []
    print(
        f"{'configuration':<20}  {'seed':>4}  {'max KS':>7}  {'mean KS':>7}  {'width':>7}  "
        f"{'median':>7}  {'C2ST':>6}  {'train s':>7}  {'CPU s':>6}  pass"
    )
    for part in parts:
        for label, run in PARTS[part]:
            for seed in range(count):
                row = run(seed)
                rows.append({"configuration": label, "seed": seed, **row})
                seconds = (
                    f"{row['seconds']:7.1f}  {row['cpu_seconds']:6.1f}"
                    if "seconds" in row
                    else " " * 15
                )
                print(
                    f"{label:<20}  {seed:>4}  {row['max_ks']:7.4f}  {row['mean_ks']:7.4f}  "
                    f"{row['width_deviation']:+7.3f}  {row['median_deviation']:+7.4f}  "
                    f"{row['c2st_auc']:6.4f}  {seconds}  {'yes' if row['passes'] else 'no'}",
                    flush=True,
                )
                for failure in row["failures"]:
                    print(f"{'':<28}fails: {failure}")
    order = [label for part in PARTS.values() for label, _ in part]
    command = f"python benchmarks/cgan_seeds.py {count} " + " ".join(parts)
    print("written to", record.write_parts("cgan_seeds", command, rows, THRESHOLDS, order))
    print(results.summary("cgan_seeds", COLUMNS))
    print(f"(this part: {time.perf_counter() - started:.0f} s)")


#: The columns Lecture 5 prints.
COLUMNS = {
    "max_ks": "largest KS",
    "mean_ks": "mean KS",
    "width_deviation": "width",
    "median_deviation": "median",
    "c2st_auc": "C2ST AUC",
}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, tuple(sys.argv[2:]) or tuple(PARTS))
