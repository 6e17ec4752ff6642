"""Train Lecture 2's ring autoencoder from several seeds and count those that pass.

Each seed trains `aegan.autoencoder.RING_RECIPE`, the recipe lectures/02_ring_autoencoder.py
trains, on 1000 ring events, exactly as the lecture does with SEED = seed (seed 0 is the
lecture's own run), and measures the mean reconstruction distance on 10,000 fresh events.
A seed passes when that distance is at most 0.030 (Assignment 5's target in this course),
against the floor of a one-number code, about 0.025.

Usage: .venv/bin/python benchmarks/ring_seeds.py [number_of_seeds]   (default 5)
"""

import sys
import time

from aegan import autoencoder, data, scores, training

import keras

RECIPE = autoencoder.RING_RECIPE
THRESHOLD = 0.030


def distance_for(seed: int) -> tuple[float, float]:
    """Train the lecture's autoencoder with `seed`; return its mean distance and the floor."""
    training.set_seed(seed)
    events = data.ring(1000, seed=seed)
    model = autoencoder.build_autoencoder(seed=seed)
    autoencoder.train(
        model,
        events,
        optimizer=RECIPE.optimizer(len(events)),
        epochs=RECIPE.epochs,
        batch_size=RECIPE.batch_size,
        seed=seed,
        verbose=0,
    )
    fresh_events = data.ring(10_000, seed=seed + 1)
    reconstructions = keras.ops.convert_to_numpy(model(fresh_events))
    distance = scores.reconstruction_distance(fresh_events, reconstructions).mean()
    return float(distance), scores.ring_distance_floor(fresh_events)


def main(count: int = 5) -> None:
    """Print each seed's distance and how many seeds meet the threshold."""
    started = time.perf_counter()
    print(f"{'seed':>4}  {'distance':>8}  {'floor':>6}  pass")
    distances = []
    for seed in range(count):
        distance, floor = distance_for(seed)
        distances.append(distance)
        print(
            f"{seed:>4}  {distance:8.4f}  {floor:6.4f}  {'yes' if distance <= THRESHOLD else 'no'}"
        )
    passed = sum(distance <= THRESHOLD for distance in distances)
    print(f"{passed}/{count} seeds reach a mean distance <= {THRESHOLD}")
    seconds = time.perf_counter() - started
    print(f"largest distance {max(distances):.4f} (whole benchmark: {seconds:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
