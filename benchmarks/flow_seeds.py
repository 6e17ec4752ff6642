"""Train Lecture 6's flow-matching models (the ring and the calorimeter) from five seeds.

The ring: `aegan.recipes.RING_FLOW` on 5000 events of `aegan.data.ring` (no hand-made
features), sampled with the recipe's steps and method, scored on 5000 fresh events by
`aegan.scores.ring_generation_scores`. A seed passes the flow's ring target: radius KS <= 0.10.

The calorimeter: `aegan.recipes.SIMULATOR_FLOW` on `simulation.TRAINING_PAIRS` pairs of the
toy (`aegan.data.calorimeter`) through `aegan.flow.train_simulator`, sampled with the
cheapest sampler within `flow.SAMPLER_TOLERANCE` of the finest integration as Lecture 6
chooses it (`flow.sampler_study`, `flow.cheapest_sampler`; the row names it), validated by
`aegan.scores.validate_simulator` (Lecture 5's bar: PIT, core width within 4 %, median within
0.01, at 50,000 events per energy), with the C2ST stricter than the course's bar: AUC <= 0.503
with 100,000 pairs on each side. Beside each seed, the same validation of true responses
(`scores.truth_simulator`) gives the scale, and the time to simulate 1,000,000 events is
measured against the conditional GAN's single pass (`recipes.SIMULATOR_GAN`'s generator, untrained:
its cost does not depend on its weights).

The floor: a flow of one number maps its noise by an increasing function, and the one that
is exact is the toy's quantile of Phi(z) (`scores.perfect_flow_simulator`). Validated with
the noise the seed's flow simulator draws, it scores what a perfectly trained flow would at
that seed: how much of a flow's C2ST is the test's own scatter, and how much the flow's.

Two ablations, each removing one ingredient of the simulator as Lecture 6 does: the field
without the condition, and the response standardised by one scale for all energies.

Seed k draws the data, the weights, the batches and the noise from k, as Lecture 6 does with
SEED = k. The rows are written to `src/aegan/benchmark_results/flow_seeds.json`, which
Lecture 6 prints.

Usage: .venv/bin/python benchmarks/flow_seeds.py [number_of_seeds [part ...]]
(default 5 seeds, the parts ring, simulator, perfect, no_condition and no_scale; parts run as
separate processes merge their rows into the one file).
"""

import sys
import time

import numpy as np

# first: TensorFlow's start-up lines stay quiet
from aegan import data, flow, recipes, results, scores, simulation, training
import record  # benchmarks/record.py: writes the results

#: The flow's targets: the ring without hand-made features, and its C2ST bar (0.503).
RING_RADIUS_KS = scores.FLOW_RING_RADIUS_KS
FLOW_C2ST_AUC = scores.FLOW_C2ST_AUC
#: Events simulated to time the sampling.
TIMED_EVENTS = 1_000_000
#: Bootstrap resamples behind the validation's errors, as on Lecture 6's page (the rows hold
#: no error: the scores themselves do not depend on it).
RESAMPLES = 25
THRESHOLDS = (
    f"ring: radius KS <= {RING_RADIUS_KS} on 5000 events; calorimeter: the course's simulator "
    f"bar (scores.validate_simulator: PIT KS <= {scores.MAX_PIT_KS} at each test energy and "
    f"<= {scores.MEAN_PIT_KS} on average, core width within {scores.MAX_WIDTH_DEVIATION:.0%}, "
    f"median within {scores.MAX_MEDIAN_DEVIATION}) with the C2ST AUC <= {FLOW_C2ST_AUC} "
    "(100,000 pairs a side)"
)


def ring_run(seed: int) -> dict:
    """Train the ring flow with SEED = `seed`; return its scores and training time."""
    training.set_seed(seed)
    events = data.ring(scores.RING_EVENTS, seed=seed)
    recipe = recipes.RING_FLOW
    model = recipe.build(dim=2, seed=seed)
    started = time.perf_counter()
    recipe.fit(model, events, seed=seed)
    seconds = time.perf_counter() - started
    generated = flow.sample(
        model.velocity, len(events), steps=recipe.steps, method=recipe.method, seed=seed + 1
    )
    found = scores.ring_generation_scores(generated, seed=seed + 2)
    keys = ("in_ring", "angle_ks", "radius_ks", "c2st_auc")
    row = {key: found[key] for key in keys}
    return {**row, "seconds": seconds, "passes": row["radius_ks"] <= RING_RADIUS_KS}


def summary(validation: scores.SimulatorValidation) -> dict:
    """Return a validation's headline numbers."""
    return {
        "max_ks": float(validation.pit_ks.max()),
        "mean_ks": float(validation.pit_ks.mean()),
        "worst_width": float(np.max(np.abs(validation.width_ratio - 1.0))),
        "worst_median": float(np.max(np.abs(validation.median_deviation))),
        "c2st_auc": validation.c2st.auc,
    }


def sampling_seconds(simulator, seed: int) -> float:
    """Return the seconds a simulator takes for TIMED_EVENTS events over the spectrum."""
    energies = data.calorimeter_energies(TIMED_EVENTS, seed=seed)[:, None].astype(np.float32)
    simulator.predict(energies[:1000], verbose=0)  # traced once, not timed
    started = time.perf_counter()
    simulator.predict(energies, batch_size=100_000, verbose=0)
    return time.perf_counter() - started


def simulator_run(seed: int, **ablation) -> dict:
    """Train the flow simulator with SEED = `seed`; return its validation and its costs.

    As Lecture 6 does: the sampler is the cheapest within `flow.SAMPLER_TOLERANCE` of the
    finest integration (`flow.sampler_study`, `flow.cheapest_sampler`), the simulator built
    with it validated, then timed (a simulator's noise advances with every call). `ablation`
    goes to `flow.train_simulator` (conditional=False or per_energy=False): those simulators
    sample with the recipe's own sampler, and are not timed.
    """
    training.set_seed(seed)
    energies, responses = data.calorimeter(simulation.TRAINING_PAIRS, seed=seed)
    started = time.perf_counter()
    trained = flow.train_simulator(
        energies, responses, recipe=recipes.SIMULATOR_FLOW, seed=seed, **ablation
    )
    seconds = time.perf_counter() - started
    if ablation:
        return judged(trained.simulator, seed)
    study = flow.sampler_study(trained.model.velocity, seed)
    method, steps = flow.cheapest_sampler(study)
    simulator = flow.build_simulator(
        trained.model.velocity, trained.scale, steps=steps, method=method, seed=seed
    )
    row = {**judged(simulator, seed), "sampler": f"{method} {steps}", "seconds": seconds}
    if seed == 0:  # the sampling time is the machine's, not the seed's: measured once
        row["sampling_seconds"] = sampling_seconds(simulator, seed)
        row["gan_sampling_seconds"] = gan_sampling_seconds(seed)
    return row


def judged(simulator, seed: int) -> dict:
    """Return a simulator's validation with `seed`, passing by the bar with the stricter C2ST."""
    validation = scores.validate_simulator(simulator, seed=seed, resamples=RESAMPLES)
    row = summary(validation)
    return {**row, "passes": validation.passes and row["c2st_auc"] <= FLOW_C2ST_AUC}


def truth_run(seed: int) -> dict:
    """Return the validation of true responses: what a perfect simulator gets."""
    return judged(scores.truth_simulator(seed=seed + 100), seed)


def perfect_run(seed: int) -> dict:
    """Return the validation of the perfect flow on the noise of the seed's flow simulator."""
    return judged(scores.perfect_flow_simulator(seed=seed), seed)


def gan_sampling_seconds(seed: int) -> float:
    """Return the seconds of the conditional GAN's single pass for as many events.

    Its generator is `recipes.SIMULATOR_GAN`'s, untrained: the cost does not depend on the weights.
    """
    generator = recipes.SIMULATOR_GAN.build(dim=1, condition_dim=1, seed=seed).generator
    scale = simulation.ResponseScale((0.0, 0.0, 1.0), 0.0, 0.1)
    return sampling_seconds(simulation.build_simulator(generator, scale, seed=seed), seed)


#: The parts of the benchmark, each a list of (configuration, run); one part may run alone.
PARTS = {
    "ring": [("flow on the ring", ring_run)],
    "simulator": [("flow simulator", simulator_run), ("true responses", truth_run)],
    "perfect": [("perfect flow, same noise", perfect_run)],
    "no_condition": [
        ("without the condition", lambda seed: simulator_run(seed, conditional=False))
    ],
    "no_scale": [("without per-energy scale", lambda seed: simulator_run(seed, per_energy=False))],
}


def main(count: int = 5, parts: tuple[str, ...] = tuple(PARTS)) -> None:
    """Print each seed's scores, how many pass, and write the rows of the parts run.

    Rows of the other parts already in the results are kept, so that the parts can run as
    separate processes (one after the other or at once) and still make one table.
    """
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
                print(f"{label:<26} seed {seed}: {cells}; passes: {row['passes']}", flush=True)
    order = [label for part in PARTS.values() for label, _ in part]
    command = f"python benchmarks/flow_seeds.py {count} " + " ".join(parts)
    print("written to", record.write_parts("flow_seeds", command, rows, THRESHOLDS, order))
    print(results.summary("flow_seeds", COLUMNS))
    print(f"(this part: {time.perf_counter() - started:.0f} s)")


#: The columns Lecture 6 prints.
COLUMNS = {
    "radius_ks": "radius KS",
    "in_ring": "in ring",
    "max_ks": "largest PIT KS",
    "worst_width": "width off",
    "c2st_auc": "C2ST AUC",
    "seconds": "train s",
    "sampling_seconds": "1M events s",
    "gan_sampling_seconds": "GAN 1M s",
}

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, tuple(sys.argv[2:]) or tuple(PARTS))
