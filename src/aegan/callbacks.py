"""Keras callbacks of the course: the GAN's snapshot recorder (the tutorial's summaries)."""

from dataclasses import dataclass

import keras
import numpy as np

from aegan import _validate, gan


@dataclass
class Snapshot:
    """What the recorder saw at one iteration."""

    iteration: int
    real_accuracy: float
    fake_accuracy: float
    points: np.ndarray


class SnapshotRecorder(keras.callbacks.Callback):
    """Record, every `every` iterations, the discriminator's accuracies and generated points.

    As the tutorial's `summarize_performance`, the accuracies are on the given real points
    (label 1) and as many generated points (label 0). The latent points are drawn once, from
    `seed`, so that successive snapshots show the same latent points moving.

    Args:
        every: record when the number of iterations is a multiple of this, at least 1.
            Checked at the end of each `fit()` epoch, so the recipe's `log_every` must
            divide it.
        real: (n, d) real points, the same at every snapshot.
        seed: seed of the latent points.
    """

    def __init__(self, every: int, real, *, seed: int):
        super().__init__()
        self.every = _validate.positive_int("every", every)
        self.real = _validate.array("real", real, ndim=2).astype(np.float32)
        self.seed = _validate.seed("seed", seed)
        self.snapshots: list[Snapshot] = []

    def on_train_begin(self, logs=None):
        """Draw the fixed latent points for this GAN's generator."""
        model = self.model
        if model.condition_dim:
            raise ValueError("SnapshotRecorder records unconditional GANs only")
        self.latent = gan.latent_sample(
            len(self.real), model.latent_dim, model.latent_law, seed=self.seed
        )

    def on_epoch_end(self, epoch, logs=None):
        """Record a snapshot when the iteration count is a multiple of `every`."""
        iteration = int(self.model.generator_optimizer.iterations.numpy())
        if iteration % self.every == 0:
            self.snapshots.append(snapshot(self.model, self.real, self.latent, iteration))


def snapshot(model, real: np.ndarray, latent: np.ndarray, iteration: int) -> Snapshot:
    """Return the discriminator's accuracies on `real` and on the generator's image of `latent`."""
    points = keras.ops.convert_to_numpy(model.generator(latent, training=False))
    real_scores = keras.ops.convert_to_numpy(model.discriminator(real, training=False))[:, 0]
    fake_scores = keras.ops.convert_to_numpy(model.discriminator(points, training=False))[:, 0]
    return Snapshot(
        iteration=iteration,
        real_accuracy=float(np.mean(real_scores > 0.5)),
        fake_accuracy=float(np.mean(fake_scores <= 0.5)),
        points=points,
    )
