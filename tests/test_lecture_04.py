"""Lecture 4, the GAN for a 1-D function: run as the site runs it, and as a script."""

import re

import keras
import numpy as np
import pytest
from conftest import load_benchmark, stream_text

LECTURE = "04_gan_1d_function"
PROBE = "np.random.default_rng(11).standard_normal((16, 5)).astype(np.float32)"
COLLECT = f"""{{
    "scores": scores,
    "final": final_scores,
    "checks": checks,
    "snapshot_iterations": [snapshot.iteration for snapshot in tutorial.snapshots],
    "frames": len(final.snapshots),
    "latent": final.gan.latent,
    "settings": settings,
    "final_points_match": bool(np.array_equal(
        final_points, gan.generate(final.generator, 2000, latent="uniform", seed=4)
    )),
    "edge_fraction": {{
        label: float(np.mean(np.abs(points[:, 0]) > 0.45)) for label, points in marginals.items()
    }},
    "literal_warnings": literal.warnings,
    "literal_discriminator_change": literal.discriminator_change,
    "literal_generator_change": literal.generator_change,
    "probe_points": np.asarray(final.generator({PROBE})).tolist(),
    "probe_scores": np.asarray(final.discriminator({PROBE}[:, :2])).tolist(),
}}"""

pytestmark = pytest.mark.lecture


@pytest.fixture(scope="module")
def lecture(run_lecture):
    """Return the lecture executed as the site executes it."""
    return run_lecture(LECTURE, COLLECT)


def test_final_generator_meets_thresholds(lecture):
    """The final generator's 2,000 points: residual <= 0.005, KS <= 0.03, energy <= 3x floor."""
    final = lecture.results["final"]
    assert final["residual"] <= 0.005
    assert final["ks"] <= 0.03
    assert final["energy_ratio"] <= 3.0
    assert all(lecture.results["checks"].values())


def test_improvements_beat_the_tutorial(lecture):
    """The final configuration scores better than the tutorial's on residual, KS and energy."""
    scores = lecture.results["scores"]
    tutorial, final = scores["tutorial"], lecture.results["final"]
    assert final["residual"] < tutorial["residual"]
    assert final["ks"] < tutorial["ks"]
    assert final["energy_ratio"] < tutorial["energy_ratio"]
    assert scores["2,000 real points"]["residual"] < 1e-7


def test_each_change_helps_as_the_prose_says(lecture):
    """beta_1 = 0.5 lowers the residual; the wider run lowers it again and the KS distance."""
    scores = lecture.results["scores"]
    tutorial, beta = scores["tutorial"], scores["beta_1 = 0.5"]
    wider = scores["+ 32/32 units, 20,000 it., slower D, averaged G"]
    assert beta["residual"] < tutorial["residual"]
    assert wider["residual"] < beta["residual"]
    assert wider["ks"] < beta["ks"]


def test_latent_law_as_the_prose_says(lecture):
    """At the lecture's seed both last rows pass, the normal law with the smaller KS distance."""
    scores, real = lecture.results["scores"], lecture.results["scores"]["2,000 real points"]
    wider = scores["+ 32/32 units, 20,000 it., slower D, averaged G"]
    final = scores["+ uniform latent law"]
    assert final == lecture.results["final"]
    assert lecture.results["latent"] == "uniform"
    assert lecture.results["final_points_match"]
    assert wider["ks"] < final["ks"]
    for row in (wider, final):
        assert row["residual"] <= 0.005 and row["ks"] <= 0.03
        assert row["energy_ratio"] <= real["energy_ratio"]  # "about as well as real points"


def test_tutorial_leaves_the_ends_empty(lecture):
    """The tutorial's generator leaves |x1| > 0.45 (10% of real x1) nearly empty, the final not."""
    edge_fraction = lecture.results["edge_fraction"]
    assert edge_fraction["tutorial"] < 0.07
    assert 0.08 < edge_fraction["final"] < 0.12


def test_tutorial_schedule_reproduced(lecture):
    """The tutorial's run records its five snapshots, every 2,000 of 10,000 iterations."""
    assert lecture.results["snapshot_iterations"] == [2000, 4000, 6000, 8000, 10000]
    assert lecture.results["frames"] == 25


def test_literal_port_freezes_the_discriminator(lecture):
    """The literal Keras 3 port warns, keeps the discriminator unchanged, moves the generator."""
    assert any("trainable weights" in message for message in lecture.results["literal_warnings"])
    assert lecture.results["literal_discriminator_change"] == 0.0
    assert lecture.results["literal_generator_change"] > 0.0


def test_page_is_clean(lecture):
    """No cell output holds an error, a traceback or stderr text, and the animation is embedded."""
    html = []
    for cell in lecture.notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error"
            if output.output_type == "stream":
                assert output.name == "stdout", output.text
            html.append(output.get("data", {}).get("text/html", ""))
    animation = [text for text in html if "Animation" in text and "<script" in text]
    assert len(animation) == 1
    assert len(animation[0]) < 3_000_000  # the page stays light
    assert "Traceback" not in stream_text(lecture)


@pytest.fixture(scope="module")
def script(run_script):
    """Return (completed process, output folder) of the lecture run as a script."""
    return run_script(LECTURE)


def test_script_runs_and_writes_files(script):
    """As a script the lecture exits 0 and writes its figures and both networks."""
    process, output_dir = script
    assert process.returncode == 0, process.stderr[-3000:]
    for name in ("tutorial_snapshots", "tutorial_losses", "final_generator"):
        assert (output_dir / f"{name}.png").stat().st_size > 0
    assert (output_dir / "generator.keras").is_file()
    assert (output_dir / "discriminator.keras").is_file()


def test_saved_networks_reload_with_identical_predictions(script, lecture):
    """The script's saved networks reload and predict exactly what the site's run computed."""
    _, output_dir = script
    probe = np.random.default_rng(11).standard_normal((16, 5)).astype(np.float32)
    generator = keras.saving.load_model(output_dir / "generator.keras")
    discriminator = keras.saving.load_model(output_dir / "discriminator.keras")
    np.testing.assert_array_equal(np.asarray(generator(probe)), lecture.results["probe_points"])
    np.testing.assert_array_equal(
        np.asarray(discriminator(probe[:, :2])), lecture.results["probe_scores"]
    )


def test_script_prints_what_the_site_prints(script, lecture):
    """Run twice (script, site), the lecture prints identical numbers, timings aside."""
    process, _ = script

    def numbers(text):
        lines = [line for line in text.splitlines() if not re.search(r"ms\b|\d s\b", line)]
        return "\n".join(lines)

    assert numbers(process.stdout) == numbers(stream_text(lecture))


def test_seed_benchmark_trains_the_lectures_configuration(lecture):
    """benchmarks/gan_seeds.py trains the final generator with the lecture's own settings."""
    benchmark = load_benchmark("gan_seeds")
    assert lecture.results["settings"] == benchmark.SETTINGS
    assert lecture.results["latent"] == "uniform"
