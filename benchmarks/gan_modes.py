"""Train Lecture 4's two GANs of the eight Gaussians from several seeds: collapse and remedy.

"collapse" is `tutorial.MODES_COLLAPSE_GAN`, whose generator learns 50 times faster than its
discriminator; "remedy" is `tutorial.MODES_GAN`, the same GAN with a discriminator as fast as
its generator. Row k is the lecture's run (lectures/04_gan_1d_function.py) with SEED = 10 k:
both train and score through `aegan.tutorial`'s `train_on_modes` and `score_on_modes`, so row
0 is the page's own run. Each row holds the final 2,000 points' scores (modes covered, the
share on a mode, the share nearest to the most crowded mode, the C2ST against real points)
and the hops: how often the most crowded mode changed between the snapshots taken every 500
iterations, counting only snapshots where it holds more than a quarter of the points (a
crowd: twice its fair share). A run passes when its final points form no crowd. The rows are
written to `src/aegan/benchmark_results/gan_modes.json`, which Lecture 4's evidence page
shows.

Usage: .venv/bin/python benchmarks/gan_modes.py [number_of_seeds]   (default: 5)
"""

import itertools
import sys
import time

from aegan import callbacks, data, results, tutorial
import record  # benchmarks/record.py: writes the results

RECIPES = {"collapse": tutorial.MODES_COLLAPSE_GAN, "remedy": tutorial.MODES_GAN}
THRESHOLDS = "no crowd: no mode is nearest to more than a quarter of the 2,000 points"
COLUMNS = {
    "modes_covered": "modes covered",
    "largest_share": "most crowded",
    "hops": "hops",
    "c2st_auc": "C2ST AUC",
}
#: Iterations between snapshots, and the share above which the most crowded mode is a crowd.
EVERY, CROWD = 500, 0.25


def hops(snapshots) -> int:
    """Return how often the crowd's mode changes from one crowded snapshot to the next."""
    crowds = [tutorial.most_crowded(snapshot.points) for snapshot in snapshots]
    modes = [mode for mode, share in crowds if share > CROWD]
    return sum(a != b for a, b in itertools.pairwise(modes))


def run(recipe, seed: int) -> dict:
    """Train `recipe` as Lecture 4 does with SEED = `seed`; return its scores and hops."""
    real = data.gaussian_modes(2000, width=tutorial.MODES_WIDTH, seed=seed + 38)
    recorder = callbacks.SnapshotRecorder(EVERY, real, seed=seed + 35)
    model = tutorial.train_on_modes(recipe, seed, callbacks=[recorder])
    found = tutorial.score_on_modes(model.generator, seed)[1]
    return found | {"hops": hops(recorder.snapshots)}


def main(count: int = 5) -> None:
    """Train both recipes from `count` seeds, print and write the rows."""
    rows = []
    for name, recipe in RECIPES.items():
        for index in range(count):
            started = time.perf_counter()
            found = run(recipe, 10 * index)
            passes = found["largest_share"] <= CROWD
            row = {"configuration": name, "seed": index, "passes": passes}
            rows.append(row | found)
            print(
                f"{name:<9} seed {index}  modes {found['modes_covered']}  on a mode "
                f"{found['quality']:.2f}  most crowded {found['largest_share']:.2f}  "
                f"hops {found['hops']}  C2ST {found['c2st_auc']:.3f}  "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    command = f"python benchmarks/gan_modes.py {count}"
    print("written to", record.write("gan_modes", command, rows, THRESHOLDS))
    print(results.summary("gan_modes", COLUMNS))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
