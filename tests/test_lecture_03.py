"""Lecture 3, generating new events with autoencoders: executed once, as on the site.

The assertions hold for any run of the lecture, with margins: `benchmarks/vae_seeds.py` counts
how many seeds of the recommended VAE meet the thresholds exactly.
"""

import keras
import numpy as np
import pytest

from aegan import data

LECTURE = "03_variational_autoencoder"
COLLECT = """{
    "seed": SEED,
    "plain": plain_scores,
    "recommended": one_number_scores,
    "two_numbers": two_numbers_scores,
    "scan": scan,
    "likelihood": likelihood_scores,
    "real": real_scores,
    "encoder_means_head": one_number_means[:5, 0].tolist(),
    "generated_head": one_number_generated[:5].tolist(),
}"""

pytestmark = pytest.mark.lecture


@pytest.fixture(scope="module")
def lecture(run_lecture):
    """Lecture 3 executed once, as the site executes it."""
    return run_lecture(LECTURE)


@pytest.fixture(scope="module")
def scan(lecture):
    """The beta scan, by (latent size, beta)."""
    return {(row["latent_dim"], row["beta"]): row for row in lecture.results["scan"]}


def test_recommended_vae_meets_the_targets(lecture):
    """The recommended VAE puts nearly all of 5000 new events in the ring, evenly in angle."""
    recommended = lecture.results["recommended"]
    assert recommended["in_ring"] >= 0.93
    assert recommended["angle_ks"] <= 0.07
    assert recommended["energy_floor"] > 0 and recommended["energy_ratio"] < 5.0


def test_plain_autoencoder_noise_is_uneven(lecture):
    """Decoded uniform codes are in the ring but their angle KS is over twice the real one."""
    plain = lecture.results["plain"]
    assert plain["in_ring"] >= 0.95
    assert plain["angle_ks"] > 2 * plain["real_angle_ks"]
    assert plain["angle_ks"] > lecture.results["recommended"]["angle_ks"]


def test_two_numbers_leak_into_the_hole(lecture, scan):
    """With two latent numbers the angles are even but no scanned beta keeps 95% in the ring."""
    assert lecture.results["two_numbers"]["angle_ks"] <= 0.05
    assert lecture.results["two_numbers"]["in_ring"] < 0.9
    assert all(row["in_ring"] < 0.95 for (latent_dim, _), row in scan.items() if latent_dim == 2)


def test_beta_trade_off(scan):
    """With one number: reconstruction rises and KL falls with beta; small beta skews the angles,
    large beta empties the ring."""
    betas = sorted(beta for latent_dim, beta in scan if latent_dim == 1)
    rows = [scan[(1, beta)] for beta in betas]
    assert np.all(np.diff([row["reconstruction_loss"] for row in rows]) > 0)
    assert np.all(np.diff([row["kl_loss"] for row in rows]) < 0)
    assert rows[0]["angle_ks"] > 0.1
    assert rows[-1]["in_ring"] < 0.5


def test_decoder_mean_is_thinner_than_the_ring(lecture):
    """The generated ring is thinner and smaller than the real one; the implied noise is far
    too wide."""
    real, recommended = lecture.results["real"], lecture.results["recommended"]
    assert recommended["radius_iqr"] < 0.5 * real["radius_iqr"]
    assert recommended["radius_median"] < real["radius_median"]
    assert lecture.results["likelihood"]["in_ring"] < 0.5


def test_page_has_every_figure_and_no_noise(lecture):
    """Three figures are shown inline, and no cell printed an error or anything on stderr."""
    outputs = [output for cell in lecture.notebook.cells for output in cell.get("outputs", [])]
    assert sum("image/png" in output.get("data", {}) for output in outputs) == 3
    assert not [output for output in outputs if output.output_type == "error"]
    assert not [output for output in outputs if output.get("name") == "stderr"]


def test_writes_figures_and_models(lecture):
    """The run writes its figures and the VAE's encoder and decoder where a script run does."""
    assert sorted(path.name for path in lecture.output_dir.iterdir()) == [
        "generated_events.png",
        "latent_means.png",
        "plain_autoencoder_noise.png",
        "vae_decoder.keras",
        "vae_encoder.keras",
    ]


def test_saved_models_reload_with_the_same_predictions(lecture):
    """The saved encoder and decoder reload and predict what the lecture's models predicted."""
    seed = lecture.results["seed"]
    encoder = keras.saving.load_model(lecture.output_dir / "vae_encoder.keras")
    decoder = keras.saving.load_model(lecture.output_dir / "vae_decoder.keras")
    fresh_events = data.ring(5000, seed=seed + 1)[:5]
    z_mean, z_log_var = (keras.ops.convert_to_numpy(part) for part in encoder(fresh_events))
    assert z_mean.shape == z_log_var.shape == (5, 1)
    np.testing.assert_allclose(z_mean[:, 0], lecture.results["encoder_means_head"], atol=1e-5)
    codes = np.random.default_rng(seed + 1).standard_normal((5000, 1)).astype(np.float32)[:5]
    decoded = keras.ops.convert_to_numpy(decoder(codes))
    np.testing.assert_allclose(decoded, lecture.results["generated_head"], atol=1e-5)
