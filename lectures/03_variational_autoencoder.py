# %% [markdown]
# # Generate new events with autoencoders
#
# A decoder turns random numbers into new events, and a variational autoencoder trains its
# decoder for exactly that: here it learns to draw new events on the ring.
#
# In this lecture we will:
#
# - decode random codes with the plain ring autoencoder of the previous lecture, and measure
#   where along the ring the new events land;
# - build a variational autoencoder (VAE) whose encoder gives a mean and a variance, train it
#   with one and with two latent numbers, and compare its new events with real ones;
# - measure the trade-off that the weight beta of the KL term controls;
# - see why the decoder's output is a mean and not a sample, and what the ring's thickness
#   would require;
# - prepare the next lecture, where a discriminator replaces the reconstruction loss.

# %% [markdown]
# ## Draw the events to mimic
#
# A *generative* model learns a distribution in order to draw new samples from it: new images,
# or new simulated collision events. The slides give the recipe with autoencoders: train an
# autoencoder on the data to mimic, take its decoder, and decode a vector of random noise.
#
# Our data are events in the ring 0.95 < R < 1.05 of the previous lecture. A model that is to
# learn the *distribution* of the events, not only their shape, gets more of them: 5000 for
# training, and 5000 fresh ones to compare with. We import the course package first (it keeps
# TensorFlow's start-up messages quiet) and seed everything.

# %%
import numpy as np

from aegan import autoencoder, data, metrics, outputs, plotting, training, vae

SEED = 0
training.set_seed(SEED)  # Python, numpy and Keras seeds, and deterministic TensorFlow ops
out = outputs.Outputs("03_variational_autoencoder")

R_MIN, R_MAX = 0.95, 1.05  # the ring's radii, as in the previous lecture
events = data.ring(5000, R_MIN, R_MAX, seed=SEED)  # the training events
fresh_events = data.ring(5000, R_MIN, R_MAX, seed=SEED + 1)  # real events the models never see
print("training events:", events.shape, " fresh real events:", fresh_events.shape)

# %% [markdown]
# ## Decode noise with the plain autoencoder
#
# We train the ring autoencoder of the previous lecture again, with the same builder and
# recipe: 2 → 50 → 50 → 1 (sigmoid, named `latent`) → 50 → 50 → 2, on its 1000 events,
# trained on the Euclidean distance with AdamW and a cosine-decaying learning rate. We give it
# 200 epochs instead of 1000 (`dataclasses.replace` copies the recipe with one field changed):
# enough to lay the decoded curve along the ring, which is all we need here.

# %%
import dataclasses

import keras

ring_recipe = dataclasses.replace(autoencoder.RING_RECIPE, epochs=200)
ring_events = data.ring(1000, seed=SEED)
plain = autoencoder.build_autoencoder(hidden=(50, 50), latent_dim=1, seed=SEED)
autoencoder.train(
    plain,
    ring_events,
    optimizer=ring_recipe.optimizer(len(ring_events)),
    epochs=ring_recipe.epochs,
    batch_size=ring_recipe.batch_size,
    seed=SEED,
)
plain_encoder, plain_decoder = autoencoder.split_autoencoder(plain)

# %% [markdown]
# The code is a sigmoid output, a number between 0 and 1, so the natural noise to decode is
# a code drawn uniformly in [0, 1]. We decode 5000 such codes and score the new events: the
# fraction with 0.9 < R < 1.1, and the Kolmogorov-Smirnov (KS) distance of their polar angle
# to the uniform law on [-π, π): the largest gap between the two cumulative distributions,
# 0 when the angles are perfectly even.

# %%
noise = np.random.default_rng(SEED + 1).uniform(0.0, 1.0, size=(5000, 1)).astype(np.float32)
plain_generated = keras.ops.convert_to_numpy(plain_decoder(noise))
plain_scores = {
    "in_ring": metrics.fraction_in_ring(plain_generated),
    "angle_ks": metrics.angle_ks(plain_generated),
    "real_angle_ks": metrics.angle_ks(fresh_events),
}
for name, value in plain_scores.items():
    print(f"{name:>14}: {value:.3f}")

# %%
import matplotlib.pyplot as plt

figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
plotting.generated_events(fresh_events, plain_generated, title="decoded uniform codes", ax=left)
samples = {"real": fresh_events, "decoded uniform codes": plain_generated}
plotting.angle_histogram(samples, ax=right)
out.show(figure, "plain_autoencoder_noise")

# %% [markdown]
# The new events land on the learned curve, inside the ring (`in_ring` above), but not evenly
# along it: the angular histogram rises and falls around the flat line of a uniform angle, and
# the angle KS is more than twice that of the same number of real events (`real_angle_ks`).
# The decoder stretches some stretches of code over a wide arc and squeezes others, and
# nothing in the training asked the codes of the events to fill [0, 1] evenly: the
# autoencoder only needs *some* code per event. To decode noise we must know which noise.

# %% [markdown]
# ## Build a variational autoencoder
#
# A variational autoencoder fixes the law of the codes in advance: the standard normal
# N(0, I). Its encoder does not give one code per event but a Gaussian: a mean `z_mean` and a
# log-variance `z_log_var` per latent number. During training a code is *drawn* from that
# Gaussian, z = z_mean + exp(z_log_var / 2) · ε with ε ~ N(0, I) (the reparameterisation trick,
# which keeps the draw differentiable in the mean and variance), and decoded. The loss adds:
#
# - the reconstruction: the squared distance between the event and the decoding of its draw;
# - beta times the KL divergence of the event's Gaussian from N(0, I), which pulls every
#   event's Gaussian towards the prior, so that together they fill it.
#
# `vae.build_vae` mirrors the ring autoencoder's shape, 2 → 50 → 50 → (mean, log-variance),
# and a decoder latent → 50 → 50 → 2. The loss is computed in the model's `train_step`:

# %%
import inspect

print(inspect.getsource(vae.VAE._loss_terms))
print(inspect.getsource(vae.VAE.train_step))

# %% [markdown]
# The reconstruction and the KL are tracked as their own metrics, so training reports both.
# `vae.RING_RECIPE`, printed below, is the VAE we recommend: `vae.train` trains it with Adam
# and a learning rate that decays along a cosine to zero, through the package's fast path,
# `training.fit`; the small final steps settle the decoder, which keeps the new events in the
# ring from one seed to the next (`benchmarks/vae_seeds.py` trains five seeds). It has a
# latent space of one number, like the plain autoencoder, and the weight `beta` that the scan
# further down explains.

# %%
recipe = vae.RING_RECIPE
print(recipe)


def train(latent_dim, beta, verbose="auto"):
    """Build and train a VAE on the training events with the recipe's other settings."""
    model = recipe.build(latent_dim=latent_dim, beta=beta, seed=SEED)
    vae.train(
        model,
        events,
        optimizer=recipe.optimizer(len(events)),
        epochs=recipe.epochs,
        batch_size=recipe.batch_size,
        seed=SEED,
        verbose=verbose,
    )
    return model


one_number = train(recipe.latent_dim, recipe.beta)

# %% [markdown]
# The printout shows the two terms separately: the reconstruction falls while the KL term
# rises from its start and settles, the price paid for making the codes look like draws from
# N(0, 1).

# %% [markdown]
# ## Decode draws from the prior
#
# Generating is now defined: draw z ~ N(0, I) and decode it, which is `model.sample`. We score
# 5000 new events with `metrics.ring_generation_scores`: the fraction inside 0.9 < R < 1.1,
# the angle KS, the median and the interquartile range of R, and the two-sample energy
# distance between 1000 new events and 1000 fresh real ones, next to its noise floor (the
# typical energy distance between two real samples of that size; a ratio of a few means that
# the two samples are hard to tell apart).

# %%
one_number_generated = one_number.sample(5000, seed=SEED + 1)
one_number_scores = metrics.ring_generation_scores(one_number_generated, seed=SEED + 2)
for name, value in one_number_scores.items():
    print(f"{name:>13}: {value:.4f}")

# %% [markdown]
# The table above is the VAE's answer to the plain autoencoder: nearly every new event is in
# the ring and the angle KS is small. Now the same VAE with a latent space of two numbers:

# %%
two_numbers = train(latent_dim=2, beta=recipe.beta, verbose=0)
two_numbers_generated = two_numbers.sample(5000, seed=SEED + 1)
two_numbers_scores = metrics.ring_generation_scores(two_numbers_generated, seed=SEED + 2)
print(f"{'':>13}  one number  two numbers")
for name in one_number_scores:
    print(f"{name:>13}: {one_number_scores[name]:10.4f}  {two_numbers_scores[name]:11.4f}")

# %%
figure, axes = plt.subplots(2, 2, figsize=(11, 9))
plotting.generated_events(fresh_events, one_number_generated, title="one number", ax=axes[0, 0])
plotting.generated_events(fresh_events, two_numbers_generated, title="two numbers", ax=axes[0, 1])
samples = {
    "real": fresh_events,
    "one number": one_number_generated,
    "two numbers": two_numbers_generated,
}
plotting.radius_histogram(samples, limits=(0.0, 1.4), ax=axes[1, 0])
plotting.angle_histogram(samples, ax=axes[1, 1])
figure.tight_layout()
out.show(figure, "generated_events")

# %% [markdown]
# With one number (top left) the new events sit on a thin circle and the angular histogram
# (bottom right) follows the flat line, apart from a dip and a bump next to each other: we
# will see that this is where the ring is cut open. With two numbers the angles are even too,
# but a share of the events falls inside the ring (the tail to small R, bottom left). The
# encoders show why: we colour each fresh event's latent mean by its polar angle.

# %%
one_number_means = keras.ops.convert_to_numpy(one_number.encoder(fresh_events)[0])
two_numbers_means = keras.ops.convert_to_numpy(two_numbers.encoder(fresh_events)[0])
figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
plotting.latent_means(fresh_events, one_number_means, title="one number", ax=left)
plotting.latent_means(fresh_events, two_numbers_means, title="two numbers", ax=right)
out.show(figure, "latent_means")

# %% [markdown]
# With one number, going round the ring from one angle, the cut, the mean rises steadily from
# the bottom of the prior's range to its top: the ring is cut open and laid along the line,
# spread so that the codes fill N(0, 1). The few events right at the cut get codes in between
# (the vertical streak): a continuous encoder must jump somewhere, and the decoder puts these
# codes where it can, which is the dip and the bump of the angular histogram.
# With two numbers, the means form a ring around the origin, the angle of the code following
# the angle of the event. The prior, however, is densest at the origin, in the hole of that
# ring: draws near the origin belong to no angle in particular, and the decoder, trained on
# the *average* event for each code, puts them at the average of opposite events, inside the
# ring. That is the tail to small R above.

# %% [markdown]
# ## Measure the beta trade-off
#
# Beta sets how hard the codes are pulled towards N(0, I). We train the VAE again for a few
# values of beta, with both latent sizes, and measure on the fresh events the reconstruction
# and KL terms (`loss_terms`, one code drawn per event, as in training), and on 5000 new
# events the fraction in the ring and the angle KS.

# %%
SCAN = [(1, 0.01), (1, 0.03), (1, recipe.beta), (1, 0.5), (2, 0.01), (2, recipe.beta)]
trained = {(1, recipe.beta): one_number, (2, recipe.beta): two_numbers}
scan = []
for latent_dim, beta in SCAN:
    key = (latent_dim, beta)
    model = trained[key] if key in trained else train(latent_dim, beta, verbose=0)
    losses = model.loss_terms(fresh_events)
    scores = metrics.ring_generation_scores(model.sample(5000, seed=SEED + 1), seed=SEED + 2)
    scan.append({"latent_dim": latent_dim, "beta": beta, **losses, **scores})

print("latent  beta  reconstruction    KL  in ring  angle KS")
for row in scan:
    print(
        f"{row['latent_dim']:>6}  {row['beta']:4}  {row['reconstruction_loss']:14.4f}  "
        f"{row['kl_loss']:4.2f}  {row['in_ring']:7.3f}  {row['angle_ks']:8.3f}"
    )

# %% [markdown]
# Read the table from top to bottom. A small beta keeps the reconstruction good and the KL
# high: each event's Gaussian is narrow and the codes are free to sit where the encoder likes,
# so draws from N(0, 1) meet the decoder where it put few events, and the angle KS is large.
# Raising beta pulls the codes into the shape of the prior and the angle KS falls; too large
# a beta blurs the codes of distant events into each other, the decoder answers with their
# average, inside the ring, and the fraction in the ring collapses. With two latent numbers no
# beta in the scan keeps the events out of the hole in the middle.
#
# Our recommended VAE is the recipe's: one latent number and the beta printed with it.

# %% [markdown]
# ## Know that the decoder gives a mean, not a sample
#
# Real events have a radius spread uniformly in (0.95, 1.05): a median of 1 and an
# interquartile range (the width of the middle half of the events) of 0.05. Compare the
# generated events:

# %%
real_scores = metrics.ring_generation_scores(fresh_events, seed=SEED + 2)
print("                    median R  interquartile range of R")
for name, scores in [("real events", real_scores), ("one-number VAE", one_number_scores)]:
    print(f"{name:>16}: {scores['radius_median']:10.3f}  {scores['radius_iqr']:10.3f}")

# %% [markdown]
# The new events lie on a circle much thinner than the ring, and smaller (see also the radius
# histogram above): the decoder returns, for each code, the *mean* of the events whose codes
# are drawn near it. One number carries the angle but not the radius, so the radius is
# averaged away; and the codes of neighbouring angles overlap, so the mean of a short arc of
# the ring, which lies inside the arc, pulls the circle inwards. The energy distance at 1000
# events barely notices (its ratio to the floor is small): a thickness of 0.1 is a small
# detail at the scale of the ring, and the fraction in 0.9 < R < 1.1 is generous about it.
#
# Training with a squared error is the same as assuming that an event is its decoded mean
# plus Gaussian noise of variance beta / 2 per coordinate. Sampling that noise is the honest
# way to "sample the likelihood":

# %%
import math

rng = np.random.default_rng(SEED + 3)
noise_scale = math.sqrt(recipe.beta / 2)
likelihood_draws = one_number_generated + rng.normal(scale=noise_scale, size=(5000, 2))
likelihood_scores = metrics.ring_generation_scores(likelihood_draws, seed=SEED + 2)
print("noise scale:", round(noise_scale, 3), " in ring:", round(likelihood_scores["in_ring"], 3))
print("interquartile range of R:", round(likelihood_scores["radius_iqr"], 3))

# %% [markdown]
# Far too much: the noise that the loss implies is round and as wide as the reconstruction
# error, which is dominated by the blur along the ring, not across it. To reproduce the
# thickness, the decoder would have to output a variance as well as a mean, per event and per
# direction (small across the ring), trained with the Gaussian likelihood instead of a fixed
# squared error, and we would draw from it. Or a second latent number would have to carry the
# radius, and the scan shows what a second number costs on the ring: the hole in the middle.

# %% [markdown]
# ## Look ahead: a generator judged by a discriminator
#
# Everything the VAE knows about "looking real" comes from the reconstruction loss, a
# distance between one event and one decoding, and that is what makes it return means.
# A generative adversarial network (GAN) keeps the idea of a decoder, now called the
# *generator*, turning noise into events, but drops the encoder and the reconstruction:
# a second network, the *discriminator*, is trained to tell real events from generated ones,
# and the generator is trained to fool it. A blurred ring is easy to tell from a sharp one, so
# the generator is pushed to the right thickness. That is the next lecture.
#
# We keep the recommended VAE's encoder and decoder: run as a script, the lecture writes them
# as `.keras` files, which reload with the `aegan` package imported.

# %%
out.save_model(one_number.encoder, "vae_encoder.keras")
out.save_model(one_number.decoder, "vae_decoder.keras")

# %% [markdown]
# ## Exercises
#
# 1. Decode noise with the plain autoencoder again, but draw the codes from the codes of the
#    training events (pick 5000 of them at random) instead of uniformly in [0, 1]. What
#    happens to the angle KS, and what does it say about the VAE's prior?

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# codes = keras.ops.convert_to_numpy(plain_encoder(ring_events))
# picked = np.random.default_rng(1).choice(codes, size=5000)
# resampled = keras.ops.convert_to_numpy(plain_decoder(picked))
# print(metrics.angle_ks(resampled), metrics.fraction_in_ring(resampled))
# ```
#
# The angle KS falls far below that of the uniform codes: the decoder was right all along, the
# noise was wrong. (It stays above that of fresh real events: only 1000 distinct codes are
# resampled, and their angles carry the sampling noise of 1000 events.) But we had to keep the
# codes of the training events to know their law; the VAE makes that law N(0, 1) by
# construction, so no list of codes is needed.
#
# </details>

# %% [markdown]
# 2. Train the two-number VAE with a larger beta, say 0.5, and with more epochs. Can it reach
#    95 % of new events in the ring?

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# for beta, epochs in [(0.5, 30), (recipe.beta, 90)]:
#     model = recipe.build(latent_dim=2, beta=beta, seed=SEED)
#     vae.train(
#         model, events, optimizer=dataclasses.replace(recipe, epochs=epochs).optimizer(5000),
#         epochs=epochs, batch_size=recipe.batch_size, seed=SEED, verbose=0,
#     )
#     print(beta, epochs, metrics.ring_generation_scores(model.sample(5000, seed=1), seed=2))
# ```
#
# Neither does: a larger beta blurs the codes more and puts more events inside, and more
# epochs sharpen the decoder only a little. The draws near the origin of the latent plane
# have no angle, and no amount of training gives them one.
#
# </details>

# %% [markdown]
# 3. Decode a scan of the one-number VAE's code from -3 to 3 and colour it by the code
#    (`plotting.decoded_curve`). Where does the cut of the ring sit, and what happens beyond
#    |z| = 2?

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# scan_codes = np.linspace(-3, 3, 1001, dtype=np.float32)[:, None]
# decoded = keras.ops.convert_to_numpy(one_number.decoder(scan_codes))
# out.show(plotting.decoded_curve(fresh_events, scan_codes, decoded), "vae_scan")
# ```
#
# The code goes once around the ring; both ends, z → -3 and z → +3, approach the same angle,
# the cut. Beyond |z| = 2 the decoder moves slowly, closing the last stretch of the ring next
# to the cut, where only 5 % of the prior's draws land.
#
# </details>

# %% [markdown]
# ## Recap
#
# In this lecture we have:
#
# - decoded uniform noise with a plain autoencoder and measured that its new events, though on
#   the ring, are unevenly spread in angle: nothing fixed the law of its codes;
# - built a variational autoencoder whose encoder gives a mean and a log-variance, sampled with
#   the reparameterisation trick, and trained on reconstruction + beta * KL;
# - generated new events by decoding draws from N(0, I), and scored them: fraction in the
#   ring, angle KS, energy distance against its noise floor;
# - seen that a one-number latent space works on the ring while a two-number one leaves the
#   origin of the prior without an angle;
# - measured how beta trades reconstruction against the fit of the codes to the prior;
# - seen that the decoder returns means, too thin a ring, and that a discriminator, in the next
#   lecture, judges samples instead of means.
