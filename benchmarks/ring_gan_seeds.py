"""Train Lecture 5's GAN on the ring from five seeds, count those that pass, and time it.

Each seed trains `aegan.recipes.RING_GAN` on 5000 ring events and scores 5000 generated points
against the course's three ring targets (`scores.ring_failures`): a KS distance of the radius
to uniform(0.95, 1.05) of at most 0.05, a KS distance of the angle to uniform(-pi, pi) of at
most 0.05, and at least 95 % of the points with 0.95 < R < 1.05. Row k is Lecture 5's run with
SEED = k: both train through `gan.train_on_ring` and score through
`scores.score_generator_on_ring`, so that row 0 is the page's own run. The rows are written to
`src/aegan/benchmark_results/ring_gan_seeds.json`, which Lecture 5 prints.

Then Lecture 3's recommended VAE (`aegan.recipes.RING_VAE`) is trained once on the same
events in this process, and each GAN's training time is given as a multiple of the VAE's,
in wall-clock and in CPU time (the steadier of the two on a busy machine).

Usage: .venv/bin/python benchmarks/ring_gan_seeds.py [number_of_seeds]   (default 5)
"""

import functools
import sys
import time

# first: TensorFlow's start-up lines stay quiet
from aegan import data, gan, recipes, scores, training
import record  # benchmarks/record.py: writes the results

RECIPE = recipes.RING_GAN
THRESHOLDS = (
    f"radius KS <= {scores.MAX_RADIUS_KS}, angle KS <= {scores.MAX_ANGLE_KS} and >= "
    f"{scores.MIN_IN_RING:.0%} of {scores.RING_EVENTS} points in the ring "
    f"{scores.RING_BAND[0]} < R < {scores.RING_BAND[1]}"
)


def passes(result: dict[str, float]) -> bool:
    """Return True when the scores meet the course's three thresholds (`scores.ring_failures`)."""
    return not scores.ring_failures(result)


def train_gan(seed: int) -> tuple[dict[str, float], float, float]:
    """Train the ring GAN with `seed`; return its scores and (wall, CPU) training seconds."""
    training.set_seed(seed)  # as the lecture
    started, cpu = time.perf_counter(), time.process_time()
    model = gan.train_on_ring(RECIPE, seed)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    sample = functools.partial(gan.generate, model.generator)
    return scores.score_generator_on_ring(sample, seed)[1], wall, cpu


def train_vae(seed: int) -> tuple[float, float]:
    """Train Lecture 3's VAE on the same events; return its (wall, CPU) training seconds."""
    events = data.ring(5000, seed=seed)
    model = recipes.RING_VAE.build(seed=seed)
    started, cpu = time.perf_counter(), time.process_time()
    recipes.RING_VAE.fit(model, events, seed=seed)
    return time.perf_counter() - started, time.process_time() - cpu


def main(count: int = 5) -> None:
    """Print each seed's scores and time, the number of seeds that pass, and the time ratio."""
    started = time.perf_counter()
    print(
        f"{'seed':>4}  {'radius KS':>9}  {'angle KS':>8}  {'in ring':>7}  {'wall s':>6}  "
        f"{'CPU s':>6}  pass"
    )
    passed, walls, cpus, rows = 0, [], [], []
    for seed in range(count):
        result, wall, cpu = train_gan(seed)
        passed += passes(result)
        rows.append(
            {"configuration": "ring GAN", "seed": seed, "passes": passes(result), **result}
            | {"seconds": wall, "cpu_seconds": cpu}
        )
        verdict = "yes" if passes(result) else "no"
        walls.append(wall)
        cpus.append(cpu)
        print(
            f"{seed:>4}  {result['radius_ks']:9.3f}  {result['angle_ks']:8.3f}  "
            f"{result['in_ring']:7.3f}  {wall:6.1f}  {cpu:6.1f}  {verdict}",
            flush=True,
        )
    print(f"{passed}/{count} seeds meet {THRESHOLDS}")
    command = f"python benchmarks/ring_gan_seeds.py {count}"
    print("written to", record.write("ring_gan_seeds", command, rows, THRESHOLDS))
    vae_wall, vae_cpu = train_vae(0)
    wall, cpu = sum(walls) / count, sum(cpus) / count
    print(f"GAN training per seed: wall {wall:.1f} s, CPU {cpu:.1f} s")
    print(f"Lecture 3's VAE, same events: wall {vae_wall:.1f} s, CPU {vae_cpu:.1f} s")
    print(f"ratio GAN / VAE: wall {wall / vae_wall:.1f}x, CPU {cpu / vae_cpu:.1f}x")
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
