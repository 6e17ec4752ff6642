"""Lecture 5, conditional generation: executed once, as on the site.

The assertions hold for any run that passes the page's bar, with margins where a run's luck
enters; `benchmarks/cgan_seeds.py` counts how many seeds of the recipe pass exactly, and the
page's claim about it is checked against the committed results.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

from aegan import data, results, scores, simulation, stats

LECTURE = "05_conditional_generation"
COLLECT = """{
    "seed": SEED,
    "ring": ring_table,
    "pairs": len(energies),
    "above_80": int(np.sum(energies > 80)),
    "pit": {
        label: {str(e): d for e, d in distances.items()} for label, distances in pit_table.items()
    },
    "medians": {label: [float(v) for v in values] for label, values in medians.items()},
    "widths": {label: [float(v) for v in values] for label, values in widths.items()},
    "curve_energies": curve_energies.tolist(),
    "tail": {str(e): q for e, q in tail_table.items()},
    "pit_by_n": {str(n): list(pair) for n, pair in pit_by_n.items()},
    "simulator_file": str(out.path("simulator.keras")),
}"""

pytestmark = pytest.mark.lecture


@pytest.fixture(scope="module")
def lecture(run_lecture):
    """Lecture 5 executed once, as the site executes it."""
    return run_lecture(LECTURE)


def largest_and_mean(distances):
    values = np.array(list(distances.values()))
    return values.max(), values.mean()


def test_gan_comes_closer_to_the_ring_thickness(lecture):
    """Both at the right angles; the VAE's radii narrow and inside, the GAN's nearer 1 and wider,
    with a radius KS under half the VAE's (the page's run may or may not meet the target of
    0.05: benchmarks/ring_gan_seeds.py counts 4 of 5 seeds, and 4 of seeds 5 to 9)."""
    ring = lecture.results["ring"]
    gan_row, vae_row, real = ring["GAN"], ring["VAE (Lecture 3)"], ring["real events"]
    assert gan_row["angle KS"] <= 0.07 and vae_row["angle KS"] <= 0.07
    assert vae_row["median R"] < 0.98 and vae_row["R 10-90 %"] < 0.6 * real["R 10-90 %"]
    assert abs(gan_row["median R"] - 1.0) < 0.5 * abs(vae_row["median R"] - 1.0)
    assert gan_row["R 10-90 %"] > 1.3 * vae_row["R 10-90 %"]
    assert vae_row["radius KS"] > 2 * gan_row["radius KS"]
    assert gan_row["radius KS"] < 0.15
    assert gan_row["in 0.95<R<1.05"] > vae_row["in 0.95<R<1.05"]


def test_training_set(lecture):
    """200,000 pairs, thousands of them above 80 GeV (about 2.8 % under E^-2)."""
    assert lecture.results["pairs"] == simulation.TRAINING_PAIRS
    assert 0.025 < lecture.results["above_80"] / lecture.results["pairs"] < 0.031


def test_conditional_gan_near_the_truth_and_the_ablations_fail(lecture):
    """With margins for another machine's run (the benchmark counts exact passes; a run that
    misses the bar, such as seeds 3 and 4 of the lecture, misses it by up to 0.05 at one energy
    and 0.023 on average): the conditional GAN's PIT KS <= 0.03 on average and <= 0.06 at every
    energy; without E or as a Gaussian, the largest distance is over three times the bar and the
    mean over twice the GAN's; true responses pass."""
    pit = lecture.results["pit"]
    largest, mean = largest_and_mean(pit["conditional GAN"])
    assert mean <= 0.03 and largest <= 0.06
    for ablation in ("GAN without E", "Gaussian"):
        assert largest_and_mean(pit[ablation])[0] > 3 * scores.MAX_PIT_KS
        assert largest_and_mean(pit[ablation])[1] > 2 * mean
    assert scores.pit_passes({float(e): d for e, d in pit["true responses"].items()})


def test_low_tail(lecture):
    """From 22 GeV up the GAN's 2 % quantile is closer to the exact one than the Gaussian's at
    every energy, and over twice closer on average (at seed 3 one energy is only 1.8x closer)."""
    gaps = {"cGAN": [], "Gaussian": []}
    for energy, quantiles in lecture.results["tail"].items():
        if float(energy) >= 22:
            for model, model_gaps in gaps.items():
                model_gaps.append(abs(quantiles[model] - quantiles["exact"]))
    assert all(np.less(gaps["cGAN"], gaps["Gaussian"]))
    assert 2 * np.mean(gaps["cGAN"]) < np.mean(gaps["Gaussian"])


def test_gaussian_distances_grow_with_energy(lecture):
    """The Gaussian's PIT KS is larger at the highest test energies than at the lowest."""
    gaussian = list(lecture.results["pit"]["Gaussian"].values())
    assert np.mean(gaussian[-2:]) > 2 * np.mean(gaussian[:2])


def test_response_curve_follows_the_truth(lecture):
    """Simulated medians within 0.02 of the exact ones; core widths within 25 % of sigma(E)."""
    medians, widths = lecture.results["medians"], lecture.results["widths"]
    gaps = np.abs(np.subtract(medians["conditional GAN"], medians["exact"]))
    assert gaps.max() < 0.02
    ratio = np.divide(widths["conditional GAN"], widths["exact"])
    assert np.all((ratio > 0.75) & (ratio < 1.25))


def test_simulator_error_levels_off(lecture):
    """Exercise 2: at 100,000 events the true responses' distance has fallen well below the
    simulator's: what is left is the simulator's own error."""
    by_n = {int(n): pair for n, pair in lecture.results["pit_by_n"].items()}
    simulated, true = by_n[100_000]
    assert simulated > 2 * true


def test_benchmark_supports_the_page():
    """The committed benchmark: at least 4 of 5 seeds pass; true responses always pass."""
    rows = results.load("cgan_seeds")["rows"]
    gan_rows = [row for row in rows if row["configuration"] == "conditional GAN"]
    assert len(gan_rows) >= 5 and sum(row["passes"] for row in gan_rows) >= 4
    assert all(row["passes"] for row in rows if row["configuration"] == "true responses")


def test_saved_simulator_in_a_fresh_process(lecture):
    """simulator.keras loads in a new process after `import aegan` and simulates: (n, 1) GeV
    in, (n, 1) GeV out, two calls differ, and the responses pass the PIT bar's mean at 35 GeV."""
    path = lecture.results["simulator_file"]
    code = (
        "import json, sys, aegan, keras, numpy as np\n"
        f"m = keras.saving.load_model({path!r})\n"
        "e = np.full((5000, 1), 35.0, np.float32)\n"
        "a, b = m.predict(e, verbose=0), m.predict(e, verbose=0)\n"
        "json.dump({'shape': list(a.shape), 'same': bool(np.array_equal(a, b)),"
        " 'r': (a[:, 0] / 35.0).tolist()}, sys.stdout)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout.strip().splitlines()[-1])
    assert output["shape"] == [5000, 1] and not output["same"]
    pit = data.calorimeter_cdf(np.array(output["r"]), 35.0)
    assert stats.ks_uniform(pit, 0.0, 1.0) < 0.035
