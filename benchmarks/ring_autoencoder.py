"""Time aegan.training.fit against plain model.fit on numpy arrays, on Lecture 2's autoencoder.

Three ways train the assignment's 2-50-50-1-50-50-2 autoencoder on 1000 ring events with the
same batch size (32, so 32 gradient steps per epoch), the same optimizer (Adam) and loss, in
this one process: `model.fit(X, X)` as the slides write it; the strongest plain path, the
model compiled with `steps_per_execution` set to one epoch and then `model.fit(X, X)`; and
`aegan.training.fit`, which adds a tf.data pipeline of in-memory tensors. The first epoch of
each, where TensorFlow traces its graph, is not timed. They are timed in turns, several
rounds, so that load from other processes hits all alike; the fastest round of each is the
estimate of its cost on a quiet machine (the median is printed too). Both wall-clock and CPU
time (all threads of this process) are reported, and the ratios are against the strongest
plain path.

Run: .venv/bin/python benchmarks/ring_autoencoder.py [--rounds 7]
"""

import argparse
import statistics
import time

from aegan import autoencoder, data, training  # imports TensorFlow with its start-up lines quiet

BATCH_SIZE = 32
PLAIN_EPOCHS = 5
FAST_EPOCHS = 30


def compiled_model(steps_per_execution: int = 1):
    """Return the lecture's autoencoder, compiled with Adam and the Euclidean distance."""
    model = autoencoder.build_autoencoder(seed=0)
    model.compile(
        optimizer="adam",
        loss=autoencoder.euclidean_distance,
        steps_per_execution=steps_per_execution,
    )
    return model


def ms_per_step(train, epochs: int, steps_per_epoch: int, **compile_options):
    """Return the wall and CPU milliseconds per step of `train(model, epochs)`, traced first."""
    model = compiled_model(**compile_options)
    train(model, 1)
    wall, cpu = time.perf_counter(), time.process_time()
    train(model, epochs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if int(model.optimizer.iterations.numpy()) != (1 + epochs) * steps_per_epoch:
        raise RuntimeError("the ways of training did not take the same number of steps")
    steps = epochs * steps_per_epoch
    return 1000 * wall / steps, 1000 * cpu / steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds of each")
    rounds = parser.parse_args().rounds

    events = data.ring(1000, seed=0)
    steps_per_epoch = -(-len(events) // BATCH_SIZE)

    def plain(model, epochs):
        model.fit(events, events, batch_size=BATCH_SIZE, epochs=epochs, verbose=0)

    def fast(model, epochs):
        training.fit(
            model,
            events,
            events,
            optimizer=model.optimizer,
            loss=autoencoder.euclidean_distance,
            batch_size=BATCH_SIZE,
            epochs=epochs,
            seed=0,
            verbose=0,
        )

    ways = {
        "model.fit(X, X) on numpy arrays": (plain, PLAIN_EPOCHS, {}),
        "compile(steps_per_execution) + fit": (
            plain,
            FAST_EPOCHS,
            {"steps_per_execution": steps_per_epoch},
        ),
        "aegan.training.fit": (fast, FAST_EPOCHS, {}),
    }
    times = {name: [] for name in ways}
    for round_number in range(1, rounds + 1):
        for name, (train, epochs, options) in ways.items():
            times[name].append(ms_per_step(train, epochs, steps_per_epoch, **options))
        line = ", ".join(f"{name} {times[name][-1][0]:.3f}" for name in ways)
        print(f"round {round_number} (ms/step, wall): {line}", flush=True)
    print(f"batch size {BATCH_SIZE}, {steps_per_epoch} steps per epoch, {rounds} rounds")
    print(f"{'ms/step':<36}{'fastest':>9}{'median':>9}{'CPU fastest':>13}")
    for name in ways:
        walls, cpus = [wall for wall, _ in times[name]], [cpu for _, cpu in times[name]]
        print(f"{name:<36}{min(walls):9.3f}{statistics.median(walls):9.3f}{min(cpus):13.3f}")
    baseline, package = times["compile(steps_per_execution) + fit"], times["aegan.training.fit"]
    for label, index, pick in [
        ("fastest rounds", 0, min),
        ("medians", 0, statistics.median),
        ("CPU time", 1, min),
    ]:
        ratio = pick(t[index] for t in baseline) / pick(t[index] for t in package)
        print(f"training.fit against the strongest plain path ({label}): {ratio:.1f}x")


if __name__ == "__main__":
    main()
