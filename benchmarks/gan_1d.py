"""Time the tutorial's 1-D GAN loop against aegan.gan.train, in one process.

The plain approach is the tutorial's own loop (`train_on_batch` three times per iteration,
fake points from `generator.predict`), run for a few hundred iterations; it is also run with
`predict_on_batch`. The package runs the tutorial's full 10,000 iterations through `fit()`.
Each timing includes its own one-time costs (compiling, tracing the graph).

Usage: .venv/bin/python benchmarks/gan_1d.py [literal_iterations]   (default 200)
"""

import sys
import time

from aegan import data, gan, tutorial


def package_milliseconds() -> float:
    """Return ms per iteration of `gan.train` on Lecture 4's tutorial recipe, tracing included."""
    recipe = gan.TUTORIAL_RECIPE
    generator, discriminator = recipe.build(seed=1)
    started = time.perf_counter()
    gan.train(
        gan.GAN(generator, discriminator, seed=3),
        data.function_batches(recipe.batch_size // 2, seed=3),
        discriminator_optimizer=recipe.discriminator_optimizer(),
        generator_optimizer=recipe.generator_optimizer(),
        iterations=recipe.iterations,
        batch_size=recipe.batch_size,
        seed=3,
        verbose=0,
    )
    return 1000 * (time.perf_counter() - started) / recipe.iterations


def main(literal_iterations: int = 200) -> None:
    """Print ms per iteration of each approach and the ratios."""
    started = time.perf_counter()
    with_predict = tutorial.train_literal(literal_iterations, use_predict=True, seed=0)
    on_batch = tutorial.train_literal(literal_iterations, use_predict=False, seed=0)
    package_ms = package_milliseconds()
    rows = [
        (
            f"tutorial loop, predict ({literal_iterations} it.)",
            with_predict.milliseconds_per_iteration,
        ),
        (
            f"tutorial loop, predict_on_batch ({literal_iterations} it.)",
            on_batch.milliseconds_per_iteration,
        ),
        ("aegan.gan.train (10,000 it.)", package_ms),
    ]
    print(f"{'approach':<48}{'ms/iteration':>14}{'10,000 it. (s)':>16}{'ratio':>8}")
    for label, milliseconds in rows:
        print(
            f"{label:<48}{milliseconds:>14.2f}{10 * milliseconds:>16.1f}"
            f"{milliseconds / package_ms:>7.0f}x"
        )
    print(f"package: 10,000 tutorial iterations in {10 * package_ms:.1f} s")
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
