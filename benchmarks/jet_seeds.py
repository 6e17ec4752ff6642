"""Train Lecture 7's jet simulators from five seeds and judge each with the jet bar.

Seed k draws `jets.fastsim.TRAINING_JETS` true jets from the toy's exact law (`aegan.jets`),
trains on them the per-variable quantile map (`jets.QuantileMap`), the independent Gaussians
(`recipes.JET_GAUSSIAN`), the conditional GAN (`recipes.JET_GAN`) and flow matching
(`recipes.JET_FLOW`), and validates each with `scores.validate_jet_run` at 200,000 jets: the
Rosenblatt u's KS overall and per flavour, their correlations, the per-flavour correlation
matrices, the C2ST with its truth-against-truth null in the same run, and the b-tag
efficiency and light mistag pulls. The truth itself, judged as a simulator
(`scores.validate_truth_run`), is the null row. Each network's training (wall seconds) is
timed, and each simulator's time to simulate 1,000,000 jets, once, at seed 0.

Lecture 7 at SEED = k makes the same calls with the same seeds: its run is row k. The rows
are written to `src/aegan/benchmark_results/jet_seeds.json`, which Lecture 7 prints.

Usage: .venv/bin/python benchmarks/jet_seeds.py [number_of_seeds [part ...]]
(default 5 seeds, the parts truth, quantile_map, gaussian, gan and flow; parts run as separate
processes merge their rows into the one file).
"""

import sys
import time

# first: TensorFlow's start-up lines stay quiet
from aegan import jets, recipes, results, scores, simulation, training
import record  # benchmarks/record.py: writes the results

#: Jets simulated to time the sampling.
TIMED_JETS = 1_000_000
THRESHOLDS = (
    f"the jet bar (scores.validate_jets at {scores.VALIDATION_JETS:,} jets): every Rosenblatt u "
    f"within KS {scores.MAX_U_KS} overall and {scores.MAX_FLAVOUR_U_KS} per flavour, "
    f"|corr(u, u)| and |corr(u, condition)| <= {scores.MAX_U_CORRELATION}, every per-flavour "
    f"correlation within {scores.MAX_CORRELATION_DIFFERENCE} of the truth's, C2ST AUC <= "
    f"{scores.MAX_JET_C2ST_AUC}, b-tag efficiency pulls <= {scores.MAX_BTAG_PULL} and light "
    f"mistag pulls <= {scores.MAX_MISTAG_PULL}"
)


def row_of(validation: "scores.JetValidation") -> dict:
    """Return a validation's headline numbers (`scores.jet_summary`) and its verdict."""
    return {**scores.jets.jet_summary(validation), "passes": bool(validation.passes)}


def sampling_seconds(simulate) -> float:
    """Return the seconds a simulator takes for TIMED_JETS jets (traced first, not timed)."""
    conditions = jets.sample_conditions(TIMED_JETS, seed=12345)
    simulate(conditions[:1000])
    started = time.perf_counter()
    simulate(conditions)
    return time.perf_counter() - started


def trained_run(recipe):
    """Return a run that trains `recipe` on seed k's jets, validates and times it."""

    def run(seed: int) -> dict:
        training.set_seed(seed)
        conditions, observables = jets.sample(jets.fastsim.TRAINING_JETS, seed=seed)
        started = time.perf_counter()
        trained = jets.fastsim.train_simulator(conditions, observables, recipe=recipe, seed=seed)
        seconds = time.perf_counter() - started
        row = row_of(scores.validate_jet_run(trained.simulator, run=seed))
        row["seconds"] = seconds
        if seed == 0:
            row["sampling_seconds"] = sampling_seconds(
                lambda c: simulation.simulator.run(trained.simulator, c)
            )
        return row

    return run


def quantile_map_run(seed: int) -> dict:
    """Fill the quantile map from seed k's jets; validate it."""
    conditions, observables = jets.sample(jets.fastsim.TRAINING_JETS, seed=seed)
    started = time.perf_counter()
    mapping = jets.QuantileMap.fit(conditions, observables, seed=seed + 2)
    seconds = time.perf_counter() - started
    row = row_of(scores.validate_jet_run(mapping, run=seed))
    row["seconds"] = seconds
    if seed == 0:
        row["sampling_seconds"] = sampling_seconds(mapping)
    return row


def truth_run(seed: int) -> dict:
    """Return the validation of the exact law's own draws: what a perfect simulator scores."""
    return row_of(scores.validate_truth_run(run=seed))


#: The parts of the benchmark, each a list of (configuration, run).
PARTS = {
    "truth": [("true jets", truth_run)],
    "quantile_map": [("quantile map", quantile_map_run)],
    "gaussian": [("independent Gaussians", trained_run(recipes.JET_GAUSSIAN))],
    "gan": [("conditional GAN", trained_run(recipes.JET_GAN))],
    "flow": [("flow matching", trained_run(recipes.JET_FLOW))],
}

#: The columns Lecture 7 prints.
COLUMNS = {
    "max_ks": "KS u",
    "max_flavour_ks": "KS u flav.",
    "max_u_correlation": "corr u",
    "correlation_difference": "corr. diff.",
    "c2st_auc": "C2ST AUC",
    "null_c2st_auc": "null AUC",
    "btag_pull": "b-tag pull",
    "mistag_pull": "mistag pull",
    "seconds": "train s",
    "sampling_seconds": "1M jets s",
}


def main(count: int = 5, parts: tuple[str, ...] = tuple(PARTS)) -> None:
    """Print each seed's scores and verdict, and write the rows of the parts run."""
    started = time.perf_counter()
    rows = []
    for part in parts:
        for label, run in PARTS[part]:
            for seed in range(count):
                row = {"configuration": label, "seed": seed, **run(seed)}
                rows.append(row)
                cells = ", ".join(
                    f"{key} {value:.4g}" for key, value in row.items() if isinstance(value, float)
                )
                print(f"{label:<22} seed {seed}: {cells}; passes: {row['passes']}", flush=True)
    order = [label for part in PARTS.values() for label, _ in part]
    command = f"python benchmarks/jet_seeds.py {count} " + " ".join(parts)
    print("written to", record.write_parts("jet_seeds", command, rows, THRESHOLDS, order))
    print(results.summary("jet_seeds", COLUMNS))
    print(f"(this part: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, tuple(sys.argv[2:]) or tuple(PARTS))
