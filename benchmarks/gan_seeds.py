"""Train Lecture 4's GAN configurations from several seeds and count those that pass.

A seed passes when its generator's 2,000 points have a curve residual <= 0.005, a KS distance
of x1 to the uniform law <= 0.03 and an energy distance within 3x its noise floor (the
lecture's thresholds). Row k is the lecture's run (lectures/04_gan_1d_function.py) with
SEED = 10 k: both build, train and score through `aegan.tutorial`'s `curve_gan`,
`train_on_curve` and `score_on_curve`, so row 0 is the page's own run. The configurations are
the package's named recipes, so the benchmark trains exactly what the lecture trains:
"tutorial" (`recipes.TUTORIAL_GAN`), "curve" (`recipes.CURVE_GAN`, the lecture's final
generator) and "curve-normal" (the same with the tutorial's normal latent law). The rows are
written to `src/aegan/benchmark_results/gan_seeds.json`, which Lecture 4 prints.

Usage: .venv/bin/python benchmarks/gan_seeds.py [number_of_seeds] [recipe ...]
       (default: 5 seeds, all three recipes)
"""

import dataclasses
import sys
import time

from aegan import gan, recipes, scores, tutorial
import record  # benchmarks/record.py: writes the results

RECIPES = {
    "tutorial": recipes.TUTORIAL_GAN,
    "curve": recipes.CURVE_GAN,
    "curve-normal": dataclasses.replace(recipes.CURVE_GAN, latent_law="normal"),
}


def run(recipe: gan.Recipe, seed: int) -> dict[str, float]:
    """Train `recipe` as Lecture 4 does with SEED = `seed`; return the scores of its points."""
    model = tutorial.curve_gan(recipe, seed)
    tutorial.train_on_curve(recipe, model, seed)
    return tutorial.score_on_curve(model.generator, seed)[1]


def passes(result: dict[str, float]) -> bool:
    """Return True when the scores meet the course's three thresholds (`scores.GAN_THRESHOLDS`)."""
    return not scores.gan_failures(result)


THRESHOLDS = (
    f"residual <= {scores.MAX_CURVE_RESIDUAL:g}, KS <= {scores.MAX_GAN_KS:g} and energy <= "
    f"{scores.MAX_ENERGY_RATIO:g}x floor, on {scores.GAN_POINTS:,} points"
)


def main(count: int = 5, names: tuple[str, ...] = tuple(RECIPES)) -> None:
    """Print each seed's scores and, per recipe, how many seeds meet the thresholds; write them."""
    summary, rows = [], []
    for name in names:
        table, passed = {}, 0
        for index in range(count):
            seed = 10 * index
            started, cpu = time.perf_counter(), time.process_time()
            result = run(RECIPES[name], seed)
            passed += passes(result)
            label = (
                f"{name} seed {index} ({'pass' if passes(result) else 'fail'}, "
                f"{time.perf_counter() - started:.0f} s, {time.process_time() - cpu:.0f} s CPU)"
            )
            table[label] = result
            rows.append({"configuration": name, "seed": index, "passes": passes(result), **result})
            print(scores.gan_scores_table({label: result}).splitlines()[-1], flush=True)
        print()
        print(scores.gan_scores_table(table))
        summary.append(f"{name}: {passed} of {count} seeds meet {THRESHOLDS}")
        print(summary[-1], flush=True)
        print()
    print("\n".join(summary))
    command = f"python benchmarks/gan_seeds.py {count} {' '.join(names)}"
    print("written to", record.write("gan_seeds", command, rows, THRESHOLDS))


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 5,
        tuple(sys.argv[2:]) or tuple(RECIPES),
    )
