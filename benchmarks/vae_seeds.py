"""Train Lecture 3's recommended VAE from five seeds, count those that pass, and time the fit.

The recommended VAE is `aegan.vae.RING_RECIPE`, the recipe lectures/03_variational_autoencoder.py
trains, on 5000 ring events. A seed passes when 5000 events decoded from N(0, 1) have at
least 95% with 0.9 < R < 1.1 and an angle KS of at most 0.05. Seed 0 is the lecture's own run
(same events, weights, shuffling and draws); seed k uses k for every seed of the run.

Then the same VAE is trained for the recipe's epochs with the strongest plain path (compiled
with `steps_per_execution` set to one epoch, then `model.fit` on numpy arrays) and with the
package's `training.fit`, in this one process, and the ms per step are compared (each
including its own tracing, as a lecture pays it), in wall-clock time and in this process's
CPU time; the CPU time is the steadier of the two on a busy machine.

Usage: .venv/bin/python benchmarks/vae_seeds.py [number_of_seeds]   (default 5)
"""

import math
import sys
import time

from aegan import data, metrics, training, vae  # first: TensorFlow's start-up lines stay quiet

RECIPE = vae.RING_RECIPE


def scores_for(seed: int) -> dict[str, float]:
    """Train the recommended VAE with `seed` and score 5000 generated events."""
    training.set_seed(seed)
    events = data.ring(5000, seed=seed)
    model = RECIPE.build(seed=seed)
    vae.train(
        model,
        events,
        optimizer=RECIPE.optimizer(len(events)),
        epochs=RECIPE.epochs,
        batch_size=RECIPE.batch_size,
        seed=seed,
        verbose=0,
    )
    return metrics.ring_generation_scores(model.sample(5000, seed=seed + 1), seed=seed + 2)


def milliseconds_per_step(fast: bool) -> tuple[float, float]:
    """Return (wall-clock, CPU) ms per step of the VAE's training, plain or `training.fit`."""
    events = data.ring(5000, seed=0)
    model = RECIPE.build(seed=0)
    steps_per_epoch = math.ceil(len(events) / RECIPE.batch_size)
    started, cpu_started = time.perf_counter(), time.process_time()
    if fast:
        vae.train(
            model,
            events,
            optimizer=RECIPE.optimizer(len(events)),
            epochs=RECIPE.epochs,
            batch_size=RECIPE.batch_size,
            seed=0,
            verbose=0,
        )
    else:
        model.compile(optimizer=RECIPE.optimizer(len(events)), steps_per_execution=steps_per_epoch)
        model.fit(events, epochs=RECIPE.epochs, batch_size=RECIPE.batch_size, verbose=0)
    steps = RECIPE.epochs * steps_per_epoch
    wall = 1000 * (time.perf_counter() - started) / steps
    return wall, 1000 * (time.process_time() - cpu_started) / steps


def main(count: int = 5) -> None:
    """Print each seed's scores, how many seeds meet the thresholds, and the timing ratio."""
    started = time.perf_counter()
    passed = 0
    print(f"{'seed':>4}  {'in ring':>7}  {'angle KS':>8}  {'energy / floor':>14}  pass")
    for seed in range(count):
        scores = scores_for(seed)
        ok = scores["in_ring"] >= 0.95 and scores["angle_ks"] <= 0.05
        passed += ok
        print(
            f"{seed:>4}  {scores['in_ring']:7.4f}  {scores['angle_ks']:8.4f}  "
            f"{scores['energy_ratio']:14.2f}  {'yes' if ok else 'no'}"
        )
    print(f"{passed}/{count} seeds meet in ring >= 0.95 and angle KS <= 0.05")

    plain = milliseconds_per_step(fast=False)
    fast = milliseconds_per_step(fast=True)
    print(f"ms per step, {RECIPE.epochs} epochs each, tracing included:")
    for label, (wall, cpu) in [("compiled plain fit", plain), ("training.fit", fast)]:
        print(f"{label:>20}: wall {wall:5.2f}  CPU {cpu:5.2f}")
    print(f"{'ratio':>20}: wall {plain[0] / fast[0]:4.1f}x  CPU {plain[1] / fast[1]:4.1f}x")
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
