"""Train Lecture 3's generators from five seeds, count those that pass, and time the fit.

The configurations are those Lecture 3 (lectures/03_variational_autoencoder.py) trains or
asks for in its exercises, on ring events:

- "plain autoencoder": Lecture 2's ring autoencoder and recipe for 200 epochs on 1000 events,
  whose decoder decodes codes drawn uniformly in [0, 1];
- "VAE, 1 number": the recommended VAE, `aegan.recipes.RING_VAE`, on 5000 events, decoding
  draws of N(0, 1); then the same with two latent numbers, and with the KL weight (`beta`) at
  0.01 and at 0.5 ("KL weight" in the labels).

A seed passes when 5000 generated events meet the course's ring bar (`aegan.scores`): at least
95% in the ring 0.95 < R < 1.05 (`scores.RING_BAND`) and an angle KS of at most 0.05. Each row
also records the radius KS and the C2ST AUC against as many real events. Row k is the
lecture's run with SEED = k: both train through `autoencoder.train_on_ring` and
`vae.train_on_ring` and score through `scores.score_generator_on_ring`, so that row 0 is the
page's own run. The rows are written to
`src/aegan/benchmark_results/vae_seeds.json`, which Lecture 3 prints.

Then the recommended VAE is trained for the recipe's epochs with the strongest plain path
(compiled with `steps_per_execution` set to one epoch, then `model.fit` on numpy arrays) and
with the package's `training.fit`, in this one process, and the ms per step are compared (each
including its own tracing, as a lecture pays it), in wall-clock time and in this process's
CPU time; the CPU time is the steadier of the two on a busy machine.

Usage: .venv/bin/python benchmarks/vae_seeds.py [number_of_seeds] [--no-timing]   (default 5)
"""

import dataclasses
import functools
import math
import sys
import time

# first: TensorFlow's start-up lines stay quiet
from aegan import autoencoder, data, recipes, results, scores, training, vae
import record  # benchmarks/record.py: writes the results

RECIPE = recipes.RING_VAE
#: Lecture 3's plain autoencoder: Lecture 2's recipe, for fewer epochs.
PLAIN_RECIPE = dataclasses.replace(recipes.RING_AUTOENCODER, epochs=200)
#: The VAE configurations: label -> changes to the recipe's shape.
VAES = {
    "VAE, 1 number": {},
    "VAE, 2 numbers": {"latent_dim": 2},
    "VAE, 1 number, KL weight 0.01": {"beta": 0.01},
    "VAE, 1 number, KL weight 0.5": {"beta": 0.5},
}
THRESHOLDS = (
    f"at least {scores.MIN_IN_RING:.0%} of {scores.RING_EVENTS} new events in the ring "
    f"{scores.RING_BAND[0]} < R < {scores.RING_BAND[1]}, and angle KS <= {scores.MAX_ANGLE_KS}"
)


def passes(result: dict[str, float]) -> bool:
    """Return True when generated events meet the course's two thresholds (`scores`)."""
    return not scores.ring_failures({key: result[key] for key in ("in_ring", "angle_ks")})


def plain_scores(seed: int) -> dict[str, float]:
    """Train the plain ring autoencoder as Lecture 3 does; score 5000 decoded uniform codes."""
    training.set_seed(seed)
    model = autoencoder.train_on_ring(PLAIN_RECIPE, seed)
    _, decoder = autoencoder.split_autoencoder(model)
    sample = functools.partial(autoencoder.decode_uniform, decoder)
    return scores.score_generator_on_ring(sample, seed)[1]


def vae_scores(seed: int, **changes) -> dict[str, float]:
    """Train a VAE as Lecture 3 does with SEED = `seed`; score 5000 generated events."""
    training.set_seed(seed)
    model = vae.train_on_ring(dataclasses.replace(RECIPE, **changes), seed)
    losses = model.loss_terms(data.ring(5000, seed=seed + 1))  # the page's fresh events
    return {**scores.score_generator_on_ring(model.sample, seed)[1], **losses}


def milliseconds_per_step(fast: bool) -> tuple[float, float]:
    """Return (wall-clock, CPU) ms per step of the VAE's training, plain or `training.fit`."""
    events = data.ring(5000, seed=0)
    model = RECIPE.build(seed=0)
    steps_per_epoch = math.ceil(len(events) / RECIPE.batch_size)
    started, cpu_started = time.perf_counter(), time.process_time()
    if fast:
        RECIPE.fit(model, events, seed=0)
    else:
        model.compile(optimizer=RECIPE.optimizer(len(events)), steps_per_execution=steps_per_epoch)
        model.fit(events, epochs=RECIPE.epochs, batch_size=RECIPE.batch_size, verbose=0)
    steps = RECIPE.epochs * steps_per_epoch
    wall = 1000 * (time.perf_counter() - started) / steps
    return wall, 1000 * (time.process_time() - cpu_started) / steps


def main(count: int = 5, timing: bool = True) -> None:
    """Print each seed's scores, how many seeds pass, write the rows, and time the fit."""
    started = time.perf_counter()
    rows = []
    print(f"{'configuration':<30}  {'seed':>4}  {'in ring':>7}  {'angle KS':>8}  R IQR  pass")
    trainers = {"plain autoencoder": plain_scores} | {
        label: (lambda seed, changes=changes: vae_scores(seed, **changes))
        for label, changes in VAES.items()
    }
    for label, trainer in trainers.items():
        for seed in range(count):
            result = trainer(seed)
            rows.append({"configuration": label, "seed": seed, "passes": passes(result), **result})
            print(
                f"{label:<30}  {seed:>4}  {result['in_ring']:7.4f}  {result['angle_ks']:8.4f}  "
                f"{result['radius_iqr']:6.3f}  {'yes' if passes(result) else 'no'}",
                flush=True,
            )
    command = f"python benchmarks/vae_seeds.py {count}"
    print("written to", record.write("vae_seeds", command, rows, THRESHOLDS))
    print(results.summary("vae_seeds", {"in_ring": "in ring", "angle_ks": "angle KS"}))
    if not timing:
        return
    plain = milliseconds_per_step(fast=False)
    fast = milliseconds_per_step(fast=True)
    print(f"ms per step, {RECIPE.epochs} epochs each, tracing included:")
    for label, (wall, cpu) in [("compiled plain fit", plain), ("training.fit", fast)]:
        print(f"{label:>20}: wall {wall:5.2f}  CPU {cpu:5.2f}")
    print(f"{'ratio':>20}: wall {plain[0] / fast[0]:4.1f}x  CPU {plain[1] / fast[1]:4.1f}x")
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--no-timing"]
    main(int(arguments[0]) if arguments else 5, timing="--no-timing" not in sys.argv)
