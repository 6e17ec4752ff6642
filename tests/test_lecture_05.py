"""Lecture 5, conditional generation: executed once, as on the site.

The assertions hold for any run of the page's recipe, with margins where a run's luck enters
(a GAN trained on another processor lands elsewhere); `benchmarks/cgan_seeds.py` counts how
many seeds pass the course's bar exactly, and the evidence page
(docs/evidence/05_conditional_generation.md) shows its committed results. That the page's
runs are the rows of `ring_gan_seeds` and `cgan_seeds` at its seed is held by
tests/test_lecture_tables.py (the same functions, with the seed alone); recomputing them here
would train for 10 to 30 s more.
"""

import json
import subprocess
import sys

import numpy as np
import pytest
from conftest import stream_text

from aegan import data, results, scores, stats

LECTURE = "05_conditional_generation"
COLLECT = """{
    "seed": SEED,
    "ring": ring_table,
    "pairs": len(energies),
    "above_80": int(np.sum(energies > 80)),
    "smallest_response": float(responses.min()),
    "validations": {
        label: {
            "pit_ks": result.pit_ks.tolist(),
            "width_ratio": result.width_ratio.tolist(),
            "width_ratio_error": result.width_ratio_error.tolist(),
            "median_deviation": result.median_deviation.tolist(),
            "tail_pull": ((result.tail - result.exact_tail) / result.tail_error).tolist(),
            "c2st_auc": result.c2st.auc,
            "c2st_error": result.c2st.error,
            "middle": middle_half(result).tolist(),
            "passes": result.passes,
            "events": result.events,
            "nonpositive": result.nonpositive,
            "pairs": result.pairs,
        }
        for label, result in {
            "conditional GAN": validation,
            "true samples": truth,
            "Gaussian": gaussian_check,
        }.items()
    },
    "energies": validation.energies.tolist(),
    "as_loaded": {str(job): draws.tolist() for job, draws in as_loaded.items()},
    "reseeded": {str(job): draws.tolist() for job, draws in reseeded.items()},
    "law_std_95": float(true_95.std()),
    "core_95": scores.exact_core_width(95.0),
    "chi2": float(np.sum(pulls**2)),
    "bins": len(pulls),
    "largest_pull": float(np.abs(pulls).max()),
    "chi2_chance": [float(value) for value in chi2_chance],
    "largest_pull_chance": [float(np.abs(p).max()) for p in chance],
    "spectrum_fails": spectrum_fails,
    "tail_off": tail_off.tolist(),
    "tail_by_chance": float(by_chance),
    "levelled": levelled,
    "pit_by_n": {str(n): list(pair) for n, pair in pit_by_n.items()},
    "simulator_file": str(path),
}"""

pytestmark = pytest.mark.lecture


@pytest.fixture(scope="module")
def lecture(run_lecture):
    """Lecture 5 executed once, as the site executes it."""
    return run_lecture(LECTURE)


@pytest.fixture(scope="module")
def checks(lecture):
    """The page's validations, label -> scores."""
    return lecture.results["validations"]


def test_gan_comes_closer_to_the_ring_thickness(lecture):
    """Both at the right angles; the VAE's radii narrow and inside, the GAN's nearer 1 and
    wider, with a radius KS under half the VAE's; the C2ST ranks them alike and does not
    tell real from real (the page's GAN may or may not meet the course's targets)."""
    ring = lecture.results["ring"]
    gan_row, vae_row, real = ring["GAN"], ring["VAE (Lecture 3)"], ring["real events"]
    assert gan_row["angle_ks"] <= 0.07 and vae_row["angle_ks"] <= 0.07
    assert vae_row["radius_median"] < 0.98 and vae_row["radius_iqr"] < 0.6 * real["radius_iqr"]
    assert abs(gan_row["radius_median"] - 1.0) < 0.5 * abs(vae_row["radius_median"] - 1.0)
    assert gan_row["radius_iqr"] > 1.3 * vae_row["radius_iqr"]
    assert vae_row["radius_ks"] > 2 * gan_row["radius_ks"] and gan_row["radius_ks"] < 0.15
    assert gan_row["in_ring"] > vae_row["in_ring"] and real["in_ring"] == 1.0
    assert vae_row["c2st_auc"] > gan_row["c2st_auc"] + 5 * gan_row["c2st_error"]
    assert abs(real["c2st_auc"] - 0.5) < 4 * real["c2st_error"]


def test_training_set_is_physical(lecture):
    """200,000 pairs, about 2.8 % above 80 GeV under E^-2, and no negative response."""
    assert 0.025 < lecture.results["above_80"] / lecture.results["pairs"] < 0.031
    assert lecture.results["smallest_response"] >= 0


def test_true_samples_meet_the_bar_with_room(checks):
    """True samples of 50,000 pass, their widths within 2.5 % of the exact ones and their
    C2ST AUC within 3 errors of 0.5: the page's scale for the simulator's scores."""
    truth = checks["true samples"]
    assert truth["passes"] and truth["events"] >= 50_000
    assert np.max(np.abs(np.subtract(truth["width_ratio"], 1))) < 0.025
    assert abs(truth["c2st_auc"] - 0.5) < 3 * truth["c2st_error"]
    assert np.all(np.abs(np.subtract(truth["middle"], 0.5)) < 5 * 0.5 / np.sqrt(truth["events"]))


def test_conditional_gan_near_the_truth(checks):
    """With margins for another machine's run (the benchmark counts exact passes): PIT KS at
    most twice the bar, widths within 10 %, medians within 0.02, C2ST AUC under 0.53."""
    gan_check = checks["conditional GAN"]
    assert np.mean(gan_check["pit_ks"]) <= 0.03 and np.max(gan_check["pit_ks"]) <= 0.06
    assert np.max(np.abs(np.subtract(gan_check["width_ratio"], 1))) < 0.10
    assert np.max(np.abs(gan_check["median_deviation"])) < 0.02
    assert gan_check["c2st_auc"] < 0.53


def test_responses_at_or_below_zero_are_few_and_never_true(checks):
    """The page: true samples never give R <= 0; the GAN's few (under 0.2 % of the pairs)
    are too few to move the PIT or the C2ST, and so are left out of the bar."""
    assert checks["true samples"]["nonpositive"] == 0
    gan_check = checks["conditional GAN"]
    assert gan_check["nonpositive"] < 0.002 * gan_check["pairs"]


def test_the_pit_shows_a_core_too_wide_as_a_u(checks):
    """The Gaussian, whose core is far too wide at 95 GeV, has a U there: its PIT's middle half
    is over ten chance errors under one half, where true samples stay within five."""
    gaussian, truth = checks["Gaussian"], checks["true samples"]
    chance = 0.5 / np.sqrt(gaussian["events"])
    assert gaussian["width_ratio"][-1] > 1.15 and gaussian["middle"][-1] < 0.5 - 10 * chance
    assert np.all(np.abs(np.subtract(truth["middle"], 0.5)) < 5 * 0.5 / np.sqrt(truth["events"]))


def test_committed_ablations_read_as_the_page_reads_them():
    """In the committed five-seed table: without the condition every seed fails, its worst
    core width over 10 % off and its C2ST above every seed of the simulator's; without the
    per-energy scale every seed fails, its PIT under the bar but its worst core width beyond
    the 4 % bar, and its median C2ST above the simulator's; the Gaussian fails every seed with
    a core over 20 % too wide; the truth passes."""
    rows = results.load("cgan_seeds")["rows"]

    def of(configuration):
        found = [row for row in rows if row["configuration"] == configuration]
        assert len(found) == 5, configuration
        return found

    simulator, truth = of("conditional GAN"), of("true responses")
    no_condition, no_scale, gaussian = of("no condition"), of("no per-energy scale"), of("Gaussian")
    simulator_auc = [row["c2st_auc"] for row in simulator]
    assert all(row["passes"] for row in truth)
    assert not any(row["passes"] for row in no_condition + no_scale + gaussian)
    assert all(abs(row["width_deviation"]) > 0.10 for row in no_condition)
    assert min(row["c2st_auc"] for row in no_condition) > max(simulator_auc)
    assert all(row["max_ks"] <= 0.03 for row in no_scale)
    assert all(abs(row["width_deviation"]) > scores.MAX_WIDTH_DEVIATION for row in no_scale)
    assert np.median([row["c2st_auc"] for row in no_scale]) > np.median(simulator_auc)
    assert all(row["width_deviation"] > 0.20 for row in gaussian)


def test_gaussian_takes_the_whole_width(lecture, checks):
    """At 95 GeV the whole law's standard deviation is over 1.25 times the core width, and the
    maximum-likelihood Gaussian's core width over 1.15 times the exact one."""
    assert lecture.results["law_std_95"] > 1.25 * lecture.results["core_95"]
    assert checks["Gaussian"]["width_ratio"][-1] > 1.15


def test_jobs_draw_alike_until_reseeded(lecture):
    """Two loads of the saved file draw the same energies; reseeded per job, different ones."""
    as_loaded, reseeded = lecture.results["as_loaded"], lecture.results["reseeded"]
    assert as_loaded["1"] == as_loaded["2"]
    assert reseeded["1"] != reseeded["2"]


def test_exercise_1_scale_is_chance(lecture):
    """Exercise 1: true redraws on the same energies give a chi2 within half the number of
    bins of it, and the simulator's chi2 is within a factor five of chance's mean, its
    largest pull under 8."""
    chance = np.array(lecture.results["chi2_chance"])
    assert (
        len(chance) == 20
        and abs(chance.mean() - lecture.results["bins"]) < 0.5 * lecture.results["bins"]
    )
    assert lecture.results["chi2"] < 5 * chance.mean()
    assert lecture.results["largest_pull"] < 8


def test_exercise_1_verdict_follows_its_rule(lecture):
    """Exercise 1's printed verdict is a failure exactly when the chi2 lies over three of
    chance's standard deviations above chance's mean or the largest pull beyond chance's
    largest, and the page prints the verdict the rule gives."""
    chance = np.array(lecture.results["chi2_chance"])
    fails = bool(
        lecture.results["chi2"] > chance.mean() + 3 * chance.std()
        or lecture.results["largest_pull"] > max(lecture.results["largest_pull_chance"])
    )
    assert lecture.results["spectrum_fails"] == fails
    verdict = "verdict: FAIL" if fails else "verdict: no difference beyond chance"
    assert verdict in stream_text(lecture)


def test_tail_verdict_names_the_energies_off(lecture, checks):
    """The tail section names exactly the energies with a quantile over 3 errors off, beside
    the chance of that for a perfect simulator (a few per cent)."""
    pulls = np.abs(np.array(checks["conditional GAN"]["tail_pull"]))
    named = [e for e, row in zip(lecture.results["energies"], pulls, strict=True) if row.max() > 3]
    assert lecture.results["tail_off"] == named
    assert 0.01 < lecture.results["tail_by_chance"] < 0.1


def test_true_pit_distance_falls_with_n(lecture):
    """Exercise 2: the true responses' PIT KS at 100,000 events is under a third of theirs at
    1,000, and under the simulator's at 1,000."""
    by_n = {int(n): pair for n, pair in lecture.results["pit_by_n"].items()}
    assert by_n[100_000][1] < by_n[1000][1] / 3 and by_n[100_000][1] < by_n[1000][0]


def test_ring_benchmark_as_the_page_reads_it():
    """The page: over five seeds the ring GAN meets the course's three ring targets in four."""
    rows = results.load("ring_gan_seeds")["rows"]
    assert len(rows) == 5
    assert sum(row["passes"] for row in rows) == 4


def test_benchmark_is_the_full_bar():
    """The committed benchmark the page prints applies the full bar (the C2ST included) to at
    least five seeds, true samples pass it at every seed, and each row's verdict agrees with
    its list of missed criteria (which the evidence page counts), the ablations' rows
    included; the simulator meets the whole bar in at least 4 of 5 seeds, as the page says."""
    record = results.load("cgan_seeds")
    rows = record["rows"]
    gan_rows = [row for row in rows if row["configuration"] == "conditional GAN"]
    assert "C2ST" in record["thresholds"] and "50,000" in record["thresholds"]
    assert len(gan_rows) >= 5
    assert sum(row["passes"] for row in gan_rows) >= 4
    assert all(row["passes"] for row in rows if row["configuration"] == "true responses")
    assert all(row["passes"] == (not row["failures"]) for row in rows)


def test_saved_simulator_in_fresh_processes(lecture):
    """simulator.keras loads in new processes after `import aegan`: (n, 1) GeV in and out, two
    processes draw alike as loaded and differently when reseeded with their job numbers, and
    the responses at 35 GeV are near the exact law (PIT KS under 0.035 at 5,000)."""
    path = lecture.results["simulator_file"]
    code = (
        "import json, sys, aegan, keras, numpy as np\n"
        "from aegan import simulation\n"
        f"m = keras.saving.load_model({path!r})\n"
        "e = np.full((5000, 1), 35.0, np.float32)\n"
        "a = m.predict(e, verbose=0)\n"
        "b = simulation.reseed(m, int(sys.argv[1])).predict(e, verbose=0)\n"
        "json.dump({'shape': list(a.shape), 'loaded': a[:5, 0].tolist(),"
        " 'reseeded': b[:5, 0].tolist(), 'r': (b[:, 0] / 35.0).tolist()}, sys.stdout)\n"
    )
    runs = []
    for job in (1, 2):
        result = subprocess.run(
            [sys.executable, "-c", code, str(job)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    assert runs[0]["shape"] == [5000, 1]
    assert runs[0]["loaded"] == runs[1]["loaded"] and runs[0]["reseeded"] != runs[1]["reseeded"]
    pit = data.calorimeter_cdf(np.array(runs[0]["r"]), 35.0)
    assert stats.ks_uniform(pit, 0.0, 1.0) < 0.035
