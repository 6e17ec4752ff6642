"""Judge the neural spline flow of the calorimeter at 1,000,000 events, from five seeds.

For seed k, `aegan.recipes.SIMULATOR_SPLINE` is trained on 200,000 pairs of the toy
(`data.calorimeter(200_000, seed=k)`) through `aegan.flow.spline.train_simulator`; the wall
time of the training and of simulating 1,000,000 events (after one call that traces the
graph) are measured. The simulator is judged at the scale of use: the PIT chi-squared over
16 PIT bins in each of 6 energy bins (`scores.pit_chi2`, 1,000,000 events: about 1 within
0.15 for a perfect simulator) and the classifier two-sample test of (log E, R) pairs
(`scores.spectrum_c2st`, 1,000,000 pairs a side: about 0.5 within 0.0006).

Beside each seed, in the same run and with the same scoring seeds: the null (true responses,
`scores.truth_simulator`, judged the same way, so the C2ST is truth against truth), Lecture
5's conditional GAN (`simulation.train`, `recipes.SIMULATOR_GAN`) and Lecture 6's flow matching
(`flow.train_simulator`, `recipes.SIMULATOR_FLOW`), each trained on the same 200,000 pairs.

The spline flow's targets: chi2/ndf <= 2.5 in every seed and <= 2.0 in the median, the C2ST
AUC <= 0.5015 in every seed; a row "passes" when it meets both per-seed targets.

Usage: .venv/bin/python benchmarks/spline_seeds.py [number_of_seeds [part ...]]
(default 5 seeds, the parts spline, truth, gan and flow; parts run one after the other, or as
separate processes, merge their rows into src/aegan/benchmark_results/spline_seeds.json).
"""

import sys
import time

import numpy as np

# first: TensorFlow's start-up lines stay quiet
from aegan import data, flow, recipes, results, scores, simulation, training
from aegan.flow import spline
from aegan.simulation.simulator import run as simulate_events
import record  # benchmarks/record.py: writes the results

#: Training pairs, events of the PIT chi-squared, pairs per side of the C2ST, timed events.
PAIRS = 200_000
EVENTS = scores.JUDGED_EVENTS
#: The spline flow's targets (per seed; the median of chi2/ndf is held to MEDIAN_CHI2_NDF).
MAX_CHI2_NDF = 2.5
MEDIAN_CHI2_NDF = 2.0
MAX_AUC = 0.5015
THRESHOLDS = (
    f"PIT chi2/ndf <= {MAX_CHI2_NDF} ({scores.PIT_BINS} PIT x {scores.PIT_ENERGY_BINS} energy "
    f"bins, {EVENTS:,} events; median over seeds <= {MEDIAN_CHI2_NDF}) and C2ST AUC <= {MAX_AUC} "
    f"({EVENTS:,} (log E, R) pairs a side)"
)


def judged(simulator, seed: int) -> dict:
    """Return the PIT chi-squared and the C2ST of a simulator at 1,000,000, with their costs."""
    started = time.perf_counter()
    pit = scores.pit_chi2(simulator, events=EVENTS, seed=seed + 1000)
    pit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    test = scores.spectrum_c2st(simulator, pairs=EVENTS, seed=seed + 2000)
    c2st_seconds = time.perf_counter() - started
    return {
        "chi2_ndf": pit.per_ndf,
        "chi2": pit.chi2,
        "ndf": pit.ndf,
        "chi2_ndf_null_error": pit.null_error,
        "c2st_auc": test.auc,
        "c2st_error": test.error,
        "pit_seconds": pit_seconds,
        "c2st_seconds": c2st_seconds,
        "passes": pit.per_ndf <= MAX_CHI2_NDF and test.auc <= MAX_AUC,
    }


def sampling_seconds(simulator, seed: int) -> float:
    """Return the wall seconds a Keras simulator takes for EVENTS events over the spectrum."""
    energies = data.calorimeter_energies(EVENTS, seed=seed)[:, None].astype(np.float32)
    simulate_events(simulator, energies[:1000])  # traced once, not timed
    started = time.perf_counter()
    simulate_events(simulator, energies)
    return time.perf_counter() - started


def trained_run(train, seed: int) -> dict:
    """Train a simulator with `train(energies, responses, seed)`; return its judgement and costs."""
    training.set_seed(seed)
    energies, responses = data.calorimeter(PAIRS, seed=seed)
    started = time.perf_counter()
    simulator = train(energies, responses, seed).simulator
    seconds = time.perf_counter() - started
    row = {"seconds": seconds, "sampling_seconds": sampling_seconds(simulator, seed)}
    return {**judged(simulator, seed), **row}


def spline_run(seed: int) -> dict:
    """Train the spline flow with SEED = `seed` and judge it."""
    return trained_run(
        lambda e, r, s: spline.train_simulator(e, r, recipe=recipes.SIMULATOR_SPLINE, seed=s), seed
    )


def gan_run(seed: int) -> dict:
    """Train Lecture 5's conditional GAN with SEED = `seed` and judge it."""
    return trained_run(
        lambda e, r, s: simulation.train(e, r, recipe=recipes.SIMULATOR_GAN, seed=s), seed
    )


def flow_run(seed: int) -> dict:
    """Train Lecture 6's flow matching with SEED = `seed` and judge it."""
    return trained_run(
        lambda e, r, s: flow.train_simulator(e, r, recipe=recipes.SIMULATOR_FLOW, seed=s), seed
    )


def truth_run(seed: int) -> dict:
    """Return the judgement of true responses: the null of both scores."""
    return judged(scores.truth_simulator(seed=seed + 100), seed)


#: The parts of the benchmark, each (configuration, run); one part may run alone.
PARTS = {
    "spline": ("spline flow", spline_run),
    "truth": ("true responses", truth_run),
    "gan": ("conditional GAN (Lecture 5)", gan_run),
    "flow": ("flow matching (Lecture 6)", flow_run),
}

#: The columns printed.
COLUMNS = {
    "chi2_ndf": "chi2/ndf",
    "c2st_auc": "C2ST AUC",
    "seconds": "train s",
    "sampling_seconds": "1M events s",
}


def main(count: int = 5, parts: tuple[str, ...] = tuple(PARTS)) -> None:
    """Run the parts for seeds 0 .. count - 1, print each row, and write them."""
    started = time.perf_counter()
    rows = []
    for part in parts:
        label, run = PARTS[part]
        for seed in range(count):
            row = {"configuration": label, "seed": seed, **run(seed)}
            rows.append(row)
            cells = ", ".join(
                f"{key} {value:.4g}" for key, value in row.items() if isinstance(value, float)
            )
            print(f"{label:<28} seed {seed}: {cells}; passes: {row['passes']}", flush=True)
        if part == "spline":
            found = [row["chi2_ndf"] for row in rows if row["configuration"] == label]
            print(f"spline flow: median chi2/ndf {np.median(found):.3f} (target {MEDIAN_CHI2_NDF})")
    order = [label for label, _ in PARTS.values()]
    command = f"python benchmarks/spline_seeds.py {count} " + " ".join(parts)
    print("written to", record.write_parts("spline_seeds", command, rows, THRESHOLDS, order))
    print(results.summary("spline_seeds", COLUMNS))
    print(f"(this run: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, tuple(sys.argv[2:]) or tuple(PARTS))
