"""The course's named configurations, together: each a checked recipe that builds and trains.

Every recipe here is used by a lecture and measured by a benchmark; where and when each was
measured is in the documentation's performance page, not here. Train one in two calls:

    model = recipes.RING_AUTOENCODER.build(seed=0)
    recipes.RING_AUTOENCODER.fit(model, events, seed=0)

A variant is `recipe.replace(epochs=200)`, checked like the original.
"""

from aegan import autoencoder, flow, gan, layers, simulation, vae

#: Lecture 2's ring autoencoder (Assignment 5): 2 -> 50 -> 50 -> 1 (sigmoid) -> 50 -> 50 -> 2,
#: 1,000 epochs of AdamW on the Euclidean distance.
RING_AUTOENCODER = autoencoder.Recipe()

#: Lecture 3's recommended VAE for the ring: one latent number, KL weight 0.15, 30 epochs.
RING_VAE = vae.Recipe()

#: The GAN tutorial's configuration (Assignment 6), as Lecture 4 first trains it.
TUTORIAL_GAN = gan.Recipe()

#: Lecture 4's final GAN for the 1-D function: wider networks, uniform latent points, a slower
#: discriminator, beta_1 = 0.5 and an average of the generator's weights.
CURVE_GAN = gan.Recipe(
    generator_hidden=(32, 32),
    discriminator_hidden=(32, 32),
    latent_law="uniform",
    iterations=20_000,
    discriminator_learning_rate=0.0005,
    beta_1=0.5,
    generator_average=0.999,
)

#: Lecture 5's GAN on the ring (`data.ring`): uniform 2-D latent points, leaky-ReLU networks
#: (generator 64-64-64, discriminator 64-64) whose discriminator sees `RadialFeatures(4)` of
#: each point, the discriminator's learning rate half the generator's, and both rates decayed
#: to 0 over the 6000 iterations.
RING_GAN = gan.Recipe(
    generator_hidden=(64, 64, 64),
    discriminator_hidden=(64, 64),
    latent_dim=2,
    latent_law="uniform",
    iterations=6000,
    batch_size=256,
    discriminator_learning_rate=0.0005,
    beta_1=0.5,
    activation="leaky_relu",
    discriminator_features=layers.RadialFeatures(4.0),
    cosine_decay=True,
)

#: Lecture 5's conditional GAN of the calorimeter's standardised response: the default of
#: `simulation.train`, defined beside it (`aegan.simulation.trainers`, where its fields are
#: told) so that the simulation does not import this module, which imports it.
SIMULATOR_GAN = simulation.trainers.SIMULATOR_GAN

#: Lecture 6's flow on the ring (`data.ring`, 5000 events, no hand-made features): three
#: hidden layers of 128 SiLU units, 5000 steps of 512 events, training times drawn nearer the
#: data (time_power 2), sampled with RK4 in 16 steps.
RING_FLOW = flow.Recipe(
    hidden=(128, 128, 128),
    iterations=5000,
    batch_size=512,
    learning_rate=2e-3,
    time_power=2.0,
    steps=16,
    method="rk4",
)

#: Lecture 6's conditional flow of the calorimeter's standardised response
#: (`flow.train_simulator`): three hidden layers of 64 SiLU units, 6000 steps of 1024 pairs
#: (drawn flat in log E), sampled with the midpoint method in 8 steps (16 network passes).
SIMULATOR_FLOW = flow.Recipe(
    hidden=(64, 64, 64),
    iterations=6000,
    batch_size=1024,
    learning_rate=6e-3,
    steps=8,
    method="midpoint",
)

#: The neural spline flow of the calorimeter's standardised log response
#: (`flow.spline.train_simulator`): one rational-quadratic spline of 24 bins on [-15, 15]
#: (the standardised log R of 200,000 pairs spans about -16 to 3), its parameters made from
#: the condition by three hidden layers of 64 SiLU units, 3000 steps of maximum likelihood on
#: 2048 pairs (drawn flat in log E), Adam 1e-2 decayed to 0.
SIMULATOR_SPLINE = flow.SplineRecipe(
    bins=24,
    bound=15.0,
    hidden=(64, 64, 64),
    iterations=3000,
    batch_size=2048,
    learning_rate=1e-2,
)

#: Lecture 7's jet simulators (`jets.fastsim.train_simulator`), each learning the six
#: standardised features of a jet given its six condition features. Flow matching: three
#: hidden layers of 96 SiLU units, 10,000 steps of 1024 jets, Adam 6e-3 decayed to 0, sampled
#: with the midpoint method in 4 steps (8 network passes). With 64 units it missed the bar in
#: 2 of 5 seeds (the track count's KS, a b-tag pull), with 128 it trained 2.8 times longer
#: than with 64 (83 s against 30 s on 2 cores): see `benchmarks/jet_seeds.py`.
JET_FLOW = flow.Recipe(
    hidden=(96, 96, 96),
    iterations=10_000,
    batch_size=1024,
    learning_rate=6e-3,
    steps=4,
    method="midpoint",
)

#: Lecture 7's conditional GAN of jets: Lecture 5's recipe (two hidden layers of 64
#: leaky-ReLU units in each network, joint steps of 512 real and 512 generated jets, Adam
#: 3e-4 with beta_1 = 0.5 decayed to 0, the generator's weights averaged, an 8-number latent
#: point) for 5000 iterations, half Lecture 5's: the page trains three models.
JET_GAN = SIMULATOR_GAN.replace(iterations=5000)

#: The jet benchmark's plain baseline (on Lecture 7's evidence page, not on the lecture):
#: independent Gaussians, a mean and a width per feature from two hidden layers of 64 units,
#: 5 epochs of maximum likelihood.
JET_GAUSSIAN = simulation.GaussianRecipe(hidden=(64, 64), epochs=5)
