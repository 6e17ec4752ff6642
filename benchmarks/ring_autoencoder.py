"""Time aegan.training.fit against plain model.fit on numpy arrays, on Lecture 2's autoencoder.

Both train the assignment's 2-50-50-1-50-50-2 autoencoder on 1000 ring events with the same
batch size (32, so 32 gradient steps per epoch), the same optimizer (Adam) and loss, in this
one process. The first epoch of each, where TensorFlow traces its graph, is not timed. The
two are timed in turns, several rounds, so that load from other processes hits both alike;
the fastest round of each is the estimate of its cost on a quiet machine (the median is
printed too). Both wall-clock and CPU time (all threads of this process) are reported.

Run: .venv/bin/python benchmarks/ring_autoencoder.py [--rounds 7]
"""

import argparse
import statistics
import time

from aegan import autoencoder, data, training  # imports TensorFlow with its start-up lines quiet

BATCH_SIZE = 32
PLAIN_EPOCHS = 5
FAST_EPOCHS = 30


def compiled_model():
    """Return the lecture's autoencoder, compiled with Adam and the Euclidean distance."""
    model = autoencoder.build_autoencoder(seed=0)
    model.compile(optimizer="adam", loss=autoencoder.euclidean_distance)
    return model


def ms_per_step(train, epochs: int, steps_per_epoch: int) -> tuple[float, float]:
    """Return the wall and CPU milliseconds per step of `train(model, epochs)`, traced first."""
    model = compiled_model()
    train(model, 1)
    wall, cpu = time.perf_counter(), time.process_time()
    train(model, epochs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if int(model.optimizer.iterations.numpy()) != (1 + epochs) * steps_per_epoch:
        raise RuntimeError("the two ways of training did not take the same number of steps")
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
        training.fit(model, events, events, batch_size=BATCH_SIZE, epochs=epochs, seed=0, verbose=0)

    plain_times, fast_times = [], []
    for round_number in range(1, rounds + 1):
        plain_times.append(ms_per_step(plain, PLAIN_EPOCHS, steps_per_epoch))
        fast_times.append(ms_per_step(fast, FAST_EPOCHS, steps_per_epoch))
        print(
            f"round {round_number}: model.fit on numpy {plain_times[-1][0]:.3f} ms/step, "
            f"training.fit {fast_times[-1][0]:.3f} ms/step (wall)"
        )
    print(f"batch size {BATCH_SIZE}, {steps_per_epoch} steps per epoch, {rounds} rounds")
    print(f"{'ms/step':<34}{'fastest':>9}{'median':>9}{'CPU fastest':>13}")
    for name, times in [
        ("model.fit(X, X) on numpy arrays", plain_times),
        ("aegan.training.fit", fast_times),
    ]:
        walls, cpus = [wall for wall, _ in times], [cpu for _, cpu in times]
        print(f"{name:<34}{min(walls):9.3f}{statistics.median(walls):9.3f}{min(cpus):13.3f}")
    fastest = min(wall for wall, _ in plain_times) / min(wall for wall, _ in fast_times)
    median = statistics.median(w for w, _ in plain_times) / statistics.median(
        w for w, _ in fast_times
    )
    cpu = min(c for _, c in plain_times) / min(c for _, c in fast_times)
    print(
        f"speed-up per step: {fastest:.1f}x (fastest rounds), {median:.1f}x (medians), "
        f"{cpu:.1f}x (CPU time)"
    )


if __name__ == "__main__":
    main()
