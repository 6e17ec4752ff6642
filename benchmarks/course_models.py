"""Save the models of Lectures 3 and 5 that Lecture 6 compares its flows with.

Lecture 6 sets its flows beside Lecture 3's VAE and Lecture 5's two GANs, scored by the same
functions on the same fresh events in its own run. Training those three again on its page
would take longer than the lecture's budget allows, so they are trained here once, as their
lectures train them at SEED = 0, and saved with the package (`src/aegan/course_models/`):

- `ring_vae_decoder.keras`: the decoder of `recipes.RING_VAE` on `data.ring(5000, seed=0)`
  (Lecture 3's recommended VAE; it samples by decoding standard normal codes);
- `ring_gan_generator.keras`: the generator of `recipes.RING_GAN` on the same events
  (Lecture 5's ring GAN, its discriminator fed the radius);
- `gan_simulator.keras`: Lecture 5's calorimeter simulator, `simulation.train` with
  `recipes.SIMULATOR_GAN` on the `simulation.TRAINING_PAIRS` pairs of seed 0.

Each model's headline scores are printed, to compare with the seed-0 rows of
`benchmarks/vae_seeds.py`, `ring_gan_seeds.py` and `cgan_seeds.py`. Measured when the files
were saved (2026-12-07, x86_64, 2 cores, TensorFlow 2.21): the VAE's in-band fraction 0.331
and radius KS 0.710 (the committed seed 0: 0.331, 0.710), the ring GAN's radius KS 0.081
(0.083), the simulator's C2ST AUC 0.506 (0.504; the standard error is 0.0018): trained
again, the recipes land where their benchmarks' seed 0 did, within the scatter of a draw.

Usage: .venv/bin/python benchmarks/course_models.py
"""

from pathlib import Path

# first: TensorFlow's start-up lines stay quiet
from aegan import data, gan, recipes, scores, simulation, training

FOLDER = Path(__file__).resolve().parent.parent / "src" / "aegan" / "course_models"


def main() -> None:
    """Train the three models at seed 0, save them and print their headline scores."""
    FOLDER.mkdir(exist_ok=True)
    training.set_seed(0)
    events = data.ring(scores.RING_EVENTS, seed=0)
    ring_vae = recipes.RING_VAE.build(seed=0)
    recipes.RING_VAE.fit(ring_vae, events, seed=0)
    ring_vae.decoder.save(FOLDER / "ring_vae_decoder.keras")
    found = scores.ring_generation_scores(ring_vae.sample(5000, seed=1), seed=2)
    print(f"VAE: in band {found['in_ring']:.4f}, radius KS {found['radius_ks']:.4f}")

    training.set_seed(0)
    ring_gan = recipes.RING_GAN.build(seed=0)
    recipes.RING_GAN.fit(ring_gan, events, seed=0)
    ring_gan.generator.save(FOLDER / "ring_gan_generator.keras")
    generated = gan.generate(ring_gan.generator, 5000, seed=1)
    print(f"ring GAN: radius KS {scores.radius_ks(generated):.4f}")

    training.set_seed(0)
    energies, responses = data.calorimeter(simulation.TRAINING_PAIRS, seed=0)
    trained = simulation.train(energies, responses, seed=0)
    trained.simulator.save(FOLDER / "gan_simulator.keras")
    validation = scores.validate_simulator(trained.simulator, seed=0)
    print(f"GAN simulator: C2ST AUC {validation.c2st.auc:.4f}")


if __name__ == "__main__":
    main()
