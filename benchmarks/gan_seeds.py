"""Train the lecture's final GAN configuration from five seeds and count those that pass.

A seed passes when its generator's 2,000 points have a curve residual <= 0.005, a KS distance
of x1 to the uniform law <= 0.03 and an energy distance within 3x its noise floor. Seed 0 is
the lecture's own run (lectures/04_gan_1d_function.py); seed k shifts every seed by 10 k.
The configuration is trained with each latent law named on the command line: "uniform" is
the lecture's final generator, "normal" the same configuration with the tutorial's latent law.

Usage: .venv/bin/python benchmarks/gan_seeds.py [number_of_seeds] [latent ...]
       (default: 5 seeds, latent laws uniform and normal)
"""

import sys
import time

from aegan import gan, metrics


#: Lecture 4's `settings` for its final generator (tests/test_lecture_04.py checks they agree).
SETTINGS = {
    "iterations": 20_000,
    "beta_1": 0.5,
    "discriminator_learning_rate": 0.0005,
    "generator_average": 0.999,
    "record_every": 800,
}
HIDDEN = (32, 32)


def train_final(offset: int, latent: str) -> gan.TrainingRun:
    """Train the lecture's final configuration with every seed shifted by `offset`."""
    return gan.train(
        gan.build_generator(hidden=HIDDEN, seed=2 + offset),
        gan.build_discriminator(hidden=HIDDEN, seed=1 + offset),
        **SETTINGS,
        latent=latent,
        seed=3 + offset,
    )


def main(count: int = 5, latents: tuple[str, ...] = ("uniform", "normal")) -> None:
    """Print each seed's scores and, per latent law, how many seeds meet the thresholds."""
    summary = []
    for latent in latents:
        scores, passed = {}, 0
        for seed in range(count):
            started, cpu = time.perf_counter(), time.process_time()
            run = train_final(10 * seed, latent)
            points = gan.generate(run.generator, 2000, latent=latent, seed=4 + 10 * seed)
            result = metrics.gan_scores(points, seed=5 + 10 * seed)
            ok = (
                result["residual"] <= 0.005 and result["ks"] <= 0.03 and result["energy_ratio"] <= 3
            )
            passed += ok
            seconds = time.perf_counter() - started
            label = (
                f"{latent} seed {seed} ({'pass' if ok else 'fail'}, {seconds:.0f} s, "
                f"{time.process_time() - cpu:.0f} s CPU)"
            )
            scores[label] = result
            print(metrics.gan_scores_table({label: result}).splitlines()[-1], flush=True)
        print()
        print(metrics.gan_scores_table(scores))
        summary.append(
            f"latent {latent}: {passed} of {count} seeds meet residual <= 0.005, KS <= 0.03, "
            "energy <= 3x floor"
        )
        print(summary[-1], flush=True)
        print()
    print("\n".join(summary))


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 5,
        tuple(sys.argv[2:]) or ("uniform", "normal"),
    )
