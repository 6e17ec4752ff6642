"""Train Lecture 2's three ways of training the ring autoencoder from several seeds.

Each seed runs, as lectures/02_ring_autoencoder.py does with SEED = seed (seed 0 is the
lecture's own settings, not necessarily its numbers on another machine):

- "plain Keras": the assignment as the slides write it, `model.fit(events, events)` with Adam
  and the squared error, 100 epochs in batches of 32;
- "distance loss, AdamW, cosine": `autoencoder.Recipe(epochs=100)` and its `fit`;
- "RING_AUTOENCODER (1000 epochs)": the same recipe trained ten times longer, the lecture's model.

A run passes when the mean reconstruction distance on 10,000 fresh events is at most 0.030
(the course's target for Assignment 5), against the floor of a one-number code, about 0.025.
The rows go to src/aegan/benchmark_results/ring_training_seeds.json, which the lecture shows.

Usage: .venv/bin/python benchmarks/ring_training_seeds.py [number_of_seeds]   (default 5)
"""

import sys

from aegan import autoencoder, data, recipes, results, scores, training
import record  # benchmarks/record.py: writes the results

import keras
from keras import layers

THRESHOLD = scores.RING_DISTANCE_TARGET
THRESHOLDS = f"mean reconstruction distance on 10,000 fresh events <= {THRESHOLD}"
COLUMNS = {"distance": "distance", "floor": "floor"}


def plain_model(seed: int) -> keras.Model:
    """Train the lecture's plain Keras autoencoder (model.fit, Adam, squared error)."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(2,))
    hidden = layers.Dense(50, activation="relu")(inputs)
    hidden = layers.Dense(50, activation="relu")(hidden)
    latent = layers.Dense(1, activation="sigmoid", name="latent")(hidden)
    hidden = layers.Dense(50, activation="relu")(latent)
    hidden = layers.Dense(50, activation="relu")(hidden)
    model = keras.Model(inputs, layers.Dense(2)(hidden))
    model.compile(optimizer="adam", loss="mse")
    model.fit(data.ring(1000, seed=seed), data.ring(1000, seed=seed), epochs=100, verbose=0)
    return model


def recipe_model(seed: int, recipe: autoencoder.Recipe) -> keras.Model:
    """Train the lecture's autoencoder by `recipe`, seeded as the lecture seeds it."""
    training.set_seed(seed)
    events = data.ring(1000, seed=seed)
    model = autoencoder.build_autoencoder(seed=seed)
    recipe.fit(model, events, seed=seed)
    return model


TRAINERS = {
    "plain Keras": plain_model,
    "distance loss, AdamW, cosine": lambda seed: recipe_model(seed, autoencoder.Recipe(epochs=100)),
    "RING_AUTOENCODER (1000 epochs)": lambda seed: recipe_model(seed, recipes.RING_AUTOENCODER),
}


def main(count: int = 5) -> None:
    """Train every configuration from `count` seeds, print and write the rows."""
    rows = []
    for configuration, trainer in TRAINERS.items():
        for seed in range(count):
            model = trainer(seed)
            fresh_events = data.ring(10_000, seed=seed + 1)
            reconstructions = keras.ops.convert_to_numpy(model(fresh_events))
            distance = float(scores.reconstruction_distance(fresh_events, reconstructions).mean())
            floor = float(scores.ring_distance_floor(fresh_events))
            row = {"configuration": configuration, "seed": seed, "passes": distance <= THRESHOLD}
            rows.append(row | {"distance": distance, "floor": floor})
            print(f"{configuration:<30} {seed:>3}  {distance:.4f}  {floor:.4f}", flush=True)
    command = f"python benchmarks/ring_training_seeds.py {count}"
    print("written to", record.write("ring_training_seeds", command, rows, THRESHOLDS))
    print(results.summary("ring_training_seeds", COLUMNS))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
