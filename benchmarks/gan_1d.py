"""Time the tutorial's 1-D GAN loop against the package's recipe.fit, in one process.

The plain approach is the tutorial's own loop (`train_on_batch` three times per iteration,
fake points from `generator.predict`), run for a few hundred iterations; it is also run with
`predict_on_batch`. The package runs the tutorial's full 10,000 iterations through `fit()`.
Each timing includes its own one-time costs (compiling, tracing the graph).

Usage: .venv/bin/python benchmarks/gan_1d.py [literal_iterations]   (default 200)
"""

import sys
import time

from aegan import data, recipes, tutorial


def package_milliseconds() -> float:
    """Return ms per iteration of `recipe.fit` on Lecture 4's tutorial recipe, tracing included."""
    recipe = recipes.TUTORIAL_GAN
    model = recipe.build(seed=1)
    started = time.perf_counter()
    recipe.fit(model, data.function_batches(recipe.batch_size // 2, seed=3), seed=3)
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
        ("aegan recipe.fit (10,000 it.)", package_ms),
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
