"""Time the two TensorFlow settings of the package against TensorFlow's own, in the same run.

- The input pipeline: `training.epochs_dataset`, which slices each batch out of the shuffled
  epoch, against `from_tensor_slices(shuffled).batch(batch_size)`, which yields the same
  batches (a test holds them equal) assembled row by row; per batch of 1024 rows of two
  6-column arrays (Lecture 7's jets), iterated in Python.
- The threads: each lecture named as a script with TensorFlow's default threads
  (`TF_NUM_INTRAOP_THREADS=0`, one per core) against `import aegan`'s one thread per op,
  alternately, so that a machine's drift falls on both. A quiet machine is needed.

Usage: .venv/bin/python benchmarks/tensorflow_settings.py [lecture_stem ...]
(default: 05_conditional_generation 07_event_simulation)
"""

import statistics
import sys
import tempfile
import time

import numpy as np

# first: TensorFlow's start-up lines stay quiet, and its threads are aegan's
from aegan import training
from lecture_budget import ROOT, timed  # benchmarks/lecture_budget.py

BATCHES = 3000


def row_by_row(arrays, batch_size: int, seed: int):
    """Return `training.epochs_dataset`'s batches as it built them before: row by row."""
    import tensorflow as tf  # after aegan: quiet, and on aegan's threads

    tensors = tf.nest.map_structure(tf.constant, arrays)
    rows = len(tf.nest.flatten(arrays)[0])

    def one_epoch(epoch):
        pair = tf.stack([tf.constant(seed, tf.int64), epoch])
        order = tf.random.experimental.stateless_shuffle(tf.range(rows), seed=pair)
        shuffled = tf.nest.map_structure(lambda tensor: tf.gather(tensor, order), tensors)
        return tf.data.Dataset.from_tensor_slices(shuffled).batch(batch_size)

    return tf.data.Dataset.counter().flat_map(one_epoch).prefetch(tf.data.AUTOTUNE)


def ms_per_batch(dataset) -> float:
    """Return the milliseconds per batch of iterating `BATCHES` batches of `dataset`."""
    started = time.perf_counter()
    for _ in dataset.take(BATCHES):
        pass
    return 1e3 * (time.perf_counter() - started) / BATCHES


def main(stems: list[str]) -> None:
    """Print the pipeline's and the threads' times and ratios."""
    rng = np.random.default_rng(0)
    arrays = tuple(rng.normal(size=(200_000, 6)).astype(np.float32) for _ in range(2))
    plain = ms_per_batch(row_by_row(arrays, 1024, 0))
    sliced = ms_per_batch(training.epochs_dataset(arrays, 1024, 0))
    print(
        f"input pipeline, {BATCHES} batches of 1024: row by row {plain:.2f} ms/batch, "
        f"sliced {sliced:.2f} ms/batch: {plain / sliced:.1f}x"
    )
    with tempfile.TemporaryDirectory() as output_dir:
        for stem in stems or ["05_conditional_generation", "07_event_simulation"]:
            script = ROOT / "lectures" / f"{stem}.py"
            seconds = {"TensorFlow's threads": [], "one thread (aegan)": []}
            for _ in range(2):
                seconds["TensorFlow's threads"].append(
                    timed(script, output_dir, {"TF_NUM_INTRAOP_THREADS": "0"})
                )
                seconds["one thread (aegan)"].append(timed(script, output_dir, {}))
            default, one = (statistics.mean(times) for times in seconds.values())
            print(
                f"{stem}: TensorFlow's threads "
                f"{', '.join(f'{t:.1f}' for t in seconds[next(iter(seconds))])} s, one thread "
                f"{', '.join(f'{t:.1f}' for t in seconds['one thread (aegan)'])} s: "
                f"{default / one:.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
