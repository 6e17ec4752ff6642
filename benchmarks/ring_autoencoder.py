"""Time aegan.training.fit against plain model.fit on numpy arrays, on Lecture 2's autoencoder.

Both train the assignment's 2-50-50-1-50-50-2 autoencoder on 1000 ring events with the same
batch size (32, so 32 gradient steps per epoch), the same optimizer (Adam) and loss, in this
one process. The first epoch of each, where TensorFlow traces its graph, is not timed. The
two are timed in turns, several rounds, and the median of each is reported, so that a burst
of load from other processes hits both alike.

Run: .venv/bin/python benchmarks/ring_autoencoder.py [--rounds 3]
"""

import argparse
import statistics
import time

from aegan import autoencoder, data, training  # imports TensorFlow with its start-up lines quiet

BATCH_SIZE = 32
PLAIN_EPOCHS = 20
FAST_EPOCHS = 100


def compiled_model():
    """Return the lecture's autoencoder, compiled with Adam and the Euclidean distance."""
    model = autoencoder.build_autoencoder(seed=0)
    model.compile(optimizer="adam", loss=autoencoder.euclidean_distance)
    return model


def ms_per_step(train, epochs: int, steps_per_epoch: int) -> float:
    """Return the milliseconds per step of `train(model, epochs)` after a traced first epoch."""
    model = compiled_model()
    train(model, 1)
    start = time.perf_counter()
    train(model, epochs)
    seconds = time.perf_counter() - start
    if int(model.optimizer.iterations.numpy()) != (1 + epochs) * steps_per_epoch:
        raise RuntimeError("the two ways of training did not take the same number of steps")
    return 1000 * seconds / (epochs * steps_per_epoch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of each (median)")
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
            f"round {round_number}: model.fit on numpy {plain_times[-1]:.3f} ms/step, "
            f"training.fit {fast_times[-1]:.3f} ms/step"
        )
    plain_ms, fast_ms = statistics.median(plain_times), statistics.median(fast_times)
    print(f"batch size {BATCH_SIZE}, {steps_per_epoch} steps per epoch, median of {rounds} rounds")
    print(f"model.fit(X, X) on numpy arrays: {plain_ms:.3f} ms/step")
    print(f"aegan.training.fit:              {fast_ms:.3f} ms/step")
    print(f"speed-up per step:               {plain_ms / fast_ms:.1f}x")


if __name__ == "__main__":
    main()
