"""Train Lecture 2's three ways of training the ring autoencoder from several seeds.

Each seed runs, as lectures/02_ring_autoencoder.py does with SEED = seed: the recipes train
through `autoencoder.train_on_ring` and every model is scored by
`scores.score_autoencoder_on_ring`, the page's own functions, and the plain model is the page's
code (held to it by tests/test_lecture_tables.py), so that row 0 is the page's run on the
machine that measured it:

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
    """Train the lecture's plain Keras autoencoder (model.fit, Adam, squared error).

    The slides' code is the page's lesson, so the page writes it out and this is its copy,
    statement for statement (tests/test_lecture_tables.py compares the two).
    """
    events = data.ring(1000, r_min=0.95, r_max=1.05, seed=seed)
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(2,))
    hidden = layers.Dense(50, activation="relu")(inputs)
    hidden = layers.Dense(50, activation="relu")(hidden)
    latent = layers.Dense(1, activation="sigmoid", name="latent")(hidden)
    hidden = layers.Dense(50, activation="relu")(latent)
    hidden = layers.Dense(50, activation="relu")(hidden)
    reconstruction = layers.Dense(2)(hidden)
    model = keras.Model(inputs, reconstruction, name="autoencoder")
    model.compile(optimizer="adam", loss="mse")
    model.fit(events, events, epochs=100, batch_size=32, verbose=0)
    return model


def recipe_model(seed: int, recipe: autoencoder.Recipe) -> keras.Model:
    """Train the lecture's autoencoder by `recipe` through the page's own function."""
    training.set_seed(seed)
    return autoencoder.train_on_ring(recipe, seed)


TRAINERS = {
    "plain Keras": plain_model,
    "distance loss, AdamW, cosine": lambda seed: recipe_model(seed, autoencoder.Recipe(epochs=100)),
    "RING_AUTOENCODER (1000 epochs)": lambda seed: recipe_model(seed, recipes.RING_AUTOENCODER),
}


def run(trainer, seed: int) -> dict:
    """Train by `trainer` with SEED = `seed`; return its row's scores (the page's function)."""
    row = scores.score_autoencoder_on_ring(trainer(seed), seed)
    return {"passes": row["distance"] <= THRESHOLD, **row}


def main(count: int = 5) -> None:
    """Train every configuration from `count` seeds, print and write the rows."""
    rows = []
    for configuration, trainer in TRAINERS.items():
        for seed in range(count):
            row = run(trainer, seed)
            distance, floor = row["distance"], row["floor"]
            rows.append({"configuration": configuration, "seed": seed, **row})
            print(f"{configuration:<30} {seed:>3}  {distance:.4f}  {floor:.4f}", flush=True)
    command = f"python benchmarks/ring_training_seeds.py {count}"
    print("written to", record.write("ring_training_seeds", command, rows, THRESHOLDS))
    print(results.summary("ring_training_seeds", COLUMNS))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
