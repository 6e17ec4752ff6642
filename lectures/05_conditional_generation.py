# %% [markdown]
# # Conditional generation: a fast calorimeter simulation
#
# The slides give the reason physicists care about generative models: *"in many cases we want
# to 'conditionally' generate new samples"*:
#
# - generate a full picture of a product from a hand-made sketch;
# - create a colour image from a black-and-white one;
# - generate a realistic "reconstructed LHC event" from generated quarks and leptons.
#
# The last one is a detector simulation: given what really happened (the true particles and
# their energies), draw what the detector would have measured. Full simulations follow every
# particle through the material with Geant4 and take most of an experiment's computing; a
# generative model conditioned on the truth can draw the same measured quantities orders of
# magnitude faster. CMS's FlashSim ([Vaselli et al. 2024](https://arxiv.org/abs/2402.13684))
# and LHCb's Lamarr ([Barbetti et al. 2023](https://arxiv.org/abs/2303.11428)) do exactly
# this, and validate it the way this lecture does.
#
# In this lecture we will:
#
# - see where GANs went after the small networks of Lecture 4 (the slides' "GAN progress");
# - train a GAN on Lecture 3's ring and compare it with Lecture 3's variational autoencoder:
#   the adversarial loss comes much closer to the ring's thickness, which the VAE's decoder
#   averages away;
# - give both networks of a GAN a condition (Mirza and Osindero 2014), and train a
#   conditional GAN as a fast simulation of a toy calorimeter whose exact response we know;
# - validate it as a physicist would: response and resolution against the true energy, the
#   probability integral transform in every energy bin, the low tail; and measure why each
#   ingredient matters and what happens outside the training range.
#
# To run it yourself, install the course package (`pip install .` in the repository, or
# `make docs`, which makes `.venv`), then run `python lectures/05_conditional_generation.py`:
# it prints what this page shows and writes the figures (PNG) and the trained simulator
# (`simulator.keras`) into `outputs/05_conditional_generation/` of the repository, whatever
# folder you run it from (its first line says where; `AEGAN_OUTPUT_DIR` names another folder).
# With a display, the figures open in windows that do not stop the script, which waits at its
# end until you close them. As a notebook, figures are shown inline and nothing is written.

# %% [markdown]
# ## GAN progress
#
# The slides mark four steps, from the first GAN to whole games:
#
# - **2014, "dogs with three heads".** The GAN was introduced by
#   [Goodfellow et al. (2014)](https://arxiv.org/abs/1406.2661). Its early image generators
#   got textures right and global structure wrong: Goodfellow's
#   [NIPS 2016 tutorial](https://arxiv.org/abs/1701.00160) shows generated animals with the
#   wrong number of heads or legs ("problems with counting") and wrong perspective. A
#   discriminator that judges local patches is satisfied by fur and eyes in the right places,
#   however many.
# - **2018, coherent faces.** Growing both networks progressively, layer by layer up to
#   megapixel images ([Karras et al. 2018](https://arxiv.org/abs/1710.10196)), and then a
#   style-based generator ([StyleGAN, Karras et al. 2019](https://arxiv.org/abs/1812.04948)) made
#   photographs of faces that people take for real.
#   [thispersondoesnotexist.com](https://thispersondoesnotexist.com/) shows a new one on each
#   visit.
# - **2019, a playable game learned from videos.** NVIDIA's GameGAN
#   ([Kim et al., CVPR 2020](https://arxiv.org/abs/2005.12126)) watched episodes of PacMan
#   being played, with the player's key presses, and learned to produce the next frame given the
#   previous ones and the key pressed: a game engine that is a conditional generator, playable
#   without the game's code.
# - **2021, GANTheftAuto.** Harrison Kinsley and Daniel Kukieła trained a fork of GameGAN on
#   driving in Grand Theft Auto V ([sentdex/GANTheftAuto](https://github.com/sentdex/GANTheftAuto)):
#   a blurry but drivable stretch of road, generated frame by frame from the steering input.
#
# The last two are conditional generators: the condition (the key pressed) decides what is
# drawn, the noise what else varies. That is what a detector simulation needs. First, though,
# the GAN of Lecture 4 on the data set of Lecture 3.

# %%
import numpy as np

from aegan import data, gan, outputs, plotting, scores, simulation, stats, training, vae

SEED = 0  # every seed of the lecture is an offset of this one
training.set_seed(SEED)
out = outputs.Outputs("05_conditional_generation")

# %% [markdown]
# ## The GAN on the ring
#
# Lecture 3 generated ring events (radius uniform in 0.95 < R < 1.05, angle uniform) by
# decoding noise, and its recommended VAE put nearly every event in the ring at the right
# angles, but made the ring too thin: the decoder returns a mean, the centre of the events
# that share a code, and the radial spread averages away. A GAN has no reconstruction to
# average: its generator is scored by a discriminator that sees real and generated events
# side by side, and a ring of the wrong thickness is something it can tell.
#
# We train both on the same 5000 events: Lecture 3's VAE with its recipe, and a GAN with
# `gan.RING_RECIPE`: Lecture 4's kind of GAN with a generator of three hidden layers of 64
# leaky-ReLU units and a discriminator of two, a 2-number uniform latent point, and learning
# rates (the discriminator's half the generator's) that fall to 0 along a half cosine over
# 6000 iterations. One change concerns what the discriminator sees. The ring's thickness is
# a difference of hundredths in the radius, a fine detail of (x1, x2); so the discriminator
# is given, beside x1 and x2, the degree-2 polynomials of the point arranged so that one of
# them is the radius: 4 (x1² + x2² - 1), x1² - x2² and 2 x1 x2 (`gan.RadialFeatures`). We
# score 5000 fresh events of each:
#
# - the fraction of events with 0.95 < R < 1.05 (1 for real events);
# - the KS distance of the angle to the uniform law around the circle: the largest gap
#   between the empirical CDF of the angles and the uniform CDF;
# - the KS distance of the radius to the ring's real radial law, uniform in (0.95, 1.05),
#   which sees the thickness;
# - and, to read it, the median radius and the range of the middle 80 % of radii (0.08 for
#   the real law).
#
# A third row scores 5000 fresh real events: what a perfect generator gets at this size.

# %%
ring_events = data.ring(5000, seed=SEED)
print(
    ring_events.shape,
    "ring events, R from",
    np.hypot(*ring_events.T).min().round(4),
    "to",
    np.hypot(*ring_events.T).max().round(4),
)

vae_recipe = vae.RING_RECIPE
ring_vae = vae_recipe.build(seed=SEED)
vae.train(
    ring_vae,
    ring_events,
    optimizer=vae_recipe.optimizer(len(ring_events)),
    epochs=vae_recipe.epochs,
    batch_size=vae_recipe.batch_size,
    seed=SEED,
)

ring_recipe = gan.RING_RECIPE
print(ring_recipe)
ring_gan = ring_recipe.gan(output_dim=2, seed=SEED)
gan.train(
    ring_gan,
    ring_events,
    discriminator_optimizer=ring_recipe.discriminator_optimizer(),
    generator_optimizer=ring_recipe.generator_optimizer(),
    iterations=ring_recipe.iterations,
    batch_size=ring_recipe.batch_size,
    log_every=1000,
    seed=SEED,
)


# %%
def ring_scores(events):
    """Fraction in the ring, angle KS, radius KS, and the radii's median and 10-90 % range."""
    radii = np.hypot(events[:, 0], events[:, 1])
    low, median, high = np.quantile(radii, [0.1, 0.5, 0.9])
    return {
        "in 0.95<R<1.05": scores.fraction_in_ring(events),
        "angle KS": scores.angle_ks(events),
        "radius KS": scores.radius_ks(events),
        "median R": median,
        "R 10-90 %": high - low,
    }


generated_rings = {
    "VAE (Lecture 3)": ring_vae.sample(5000, seed=SEED + 1),
    "GAN": gan.generate(ring_gan.generator, 5000, seed=SEED + 1),
    "real events": data.ring(5000, seed=SEED + 1),
}
ring_table = {label: ring_scores(events) for label, events in generated_rings.items()}
print(f"{'5000 events of':<16}" + "".join(f"{key:>15}" for key in ring_table["GAN"]))
for label, row in ring_table.items():
    print(f"{label:<16}" + "".join(f"{value:>15.3f}" for value in row.values()))

# %% [markdown]
# Both generators put their events at the right angles. The radius tells them apart. The
# VAE's radii bunch up in a narrow range, with a median well inside the real one of 1: its
# decoder returns the mean of the events that share a code, and the mean of points spread
# along an arc lies inside the arc, with the spread averaged away. The GAN's median radius
# is much nearer the real one and its range is much wider than the VAE's, so its radius KS
# distance is much smaller. How close it comes to the real events' distance changes from
# run to run: the benchmark below holds five runs to the targets. The radius histograms:

# %%
figure = plotting.radius_histogram(generated_rings, limits=(0.9, 1.1))
out.show(figure, "ring_radii")

# %% [markdown]
# How far does this go? `benchmarks/ring_gan_seeds.py` trains this GAN from five seeds (seed 0
# is this page's run) and holds each to radius and angle KS distances of at most 0.05 and
# 95 % of the events in the band; its results, as measured and committed:

# %%
from aegan import results

ring_columns = {"radius_ks": "radius KS", "angle_ks": "angle KS", "in_ring": "in band"}
print(results.summary("ring_gan_seeds", ring_columns))

# %% [markdown]
# Four of the five seeds meet all three targets (the "passing" column); whether this page's
# run is among them, its own table above shows. The settings were chosen on these same
# five seeds, so the count is if anything optimistic. Without the radial features, no seed
# brought the radius KS distance down to 0.05, nor did packing several events into one input
# of the discriminator (PacGAN), a minibatch-spread feature, wider networks or other
# schedules (the [Performance](../../performance/) page): the discriminator is the GAN's eye,
# and a GAN learns what its discriminator can see.
#
# ## A toy calorimeter
#
# A calorimeter measures a particle's energy by absorbing it. Its response R = E_reco / E_true
# fluctuates around a mean below 1, with a resolution that improves with energy, and sometimes
# part of the shower leaks out the back and the measured energy is much lower. Our toy:
#
# - true energies E (GeV) with density proportional to E⁻² on [10, 100], a falling spectrum;
# - R = mu(E) + sigma(E) Z - B T, with Z standard normal, B = 1 with probability 0.25 (leakage)
#   and T exponential with mean 0.3 (the fraction lost);
# - mu(E) = 0.95 - 0.10 exp(-E / 20), sigma(E) = √(1.0² / E + 0.05²): a stochastic term of
#   100 %/√E and a constant term of 5 %, added in quadrature, as calorimeter resolutions are
#   quoted.
#
# Because the toy is known exactly, so is its conditional CDF F(R | E) (a mixture of a normal
# CDF and an exponentially modified normal, `data.calorimeter_cdf`), and any simulation can
# be scored against the truth rather than against another finite sample.

# %%
energies, responses = data.calorimeter(simulation.TRAINING_PAIRS, seed=SEED)
print(f"{len(energies)} training pairs (E, R)")
print(
    f"E from {energies.min():.2f} to {energies.max():.2f} GeV; "
    f"{np.sum(energies > 80)} pairs above 80 GeV"
)
print(
    f"R from {responses.min():.3f} to {responses.max():.3f}; "
    f"{np.mean(responses < 0.7):.3f} of the pairs below R = 0.7"
)
above_80 = (1 / 80 - 1 / data.E_MAX) / (1 / data.E_MIN - 1 / data.E_MAX)
print(f"expected above 80 GeV: {above_80:.4f} of the pairs, {20_000 * above_80:.0f} of 20,000")
leak_11, leak_95 = data.leak_probability([11.0, 95.0])
print(f"leakage probability: {leak_11:.3f} at 11 GeV, {leak_95:.3f} at 95 GeV")
core_11, core_95 = data.response_resolution([11.0, 95.0])
print(f"core width sigma(E): {core_11:.3f} at 11 GeV, {core_95:.3f} at 95 GeV")

# %% [markdown]
# The spectrum falls steeply, so the high energies, where the response is narrowest and a
# simulation must be most precise, are rare: 20,000 pairs would leave the few hundred printed
# above 80 GeV, too few to pin a response whose core is about 11 % wide there. Drawing more
# events of a toy costs nothing, so we train on ten times as many: the count above 80 GeV is
# printed above.
#
# ## A conditional GAN
#
# A conditional GAN (Mirza and Osindero 2014,
# [arXiv:1411.1784](https://arxiv.org/abs/1411.1784)) gives the condition to both networks:
# the generator maps (latent point, E) to a response, the discriminator judges (response, E)
# pairs, so that a response that would be fine at 11 GeV but is impossible at 95 GeV is
# caught. In `aegan.gan` the condition is a second input of each network, concatenated to its
# first; the data are (samples, conditions) pairs.
#
# Two choices of representation decide whether it works:
#
# - the condition is log E mapped linearly onto [-1, 1] over the training range
#   (`simulation.energy_condition`), so the network sees a number of order one that varies
#   evenly over the decade;
# - the response is standardised energy by energy, x = (R - m(E)) / s(E), with a median m(E)
#   (a quadratic in log E) and a width s(E) = √(a²/E + b²) fitted to the training pairs
#   (`simulation.ResponseScale`): the network then only learns the shape of the response,
#   which changes slowly with E, instead of a width that changes by a factor three.
#
# The recipe: two hidden layers of 32 leaky-ReLU units in each network, a 2-number normal
# latent point, one discriminator step per iteration on a batch of half real and half
# generated responses together (1024 in all), then one generator step, Adam 3e-4 with
# beta_1 = 0.5 for both, and the generator's weights averaged (EMA 0.9995) as in Lecture 4,
# for 10,000 iterations.
# `simulation.train` does it all:

# %%
print(simulation.RECIPE)
trained = simulation.train(energies, responses, seed=SEED, verbose="auto")
print(trained.scale)
simulator = trained.simulator
simulator.summary()
out.save_model(simulator, "simulator.keras")

# %% [markdown]
# The saved simulator is the whole fast simulation: a Keras model from true energies in GeV,
# shape (n, 1), to reconstructed energies in GeV, drawing its latent noise inside (the
# `noise` layer, seeded), with the condition's scaling and the response's scale as layers.
# Someone who has only the file runs it with `keras.saving.load_model("simulator.keras")`
# after `import aegan`:

# %%
e_true = np.array([[11.0], [35.0], [95.0]], dtype=np.float32)
print("E_true (GeV):", e_true[:, 0])
for call in ("first", "second"):
    e_reco = simulator.predict(e_true, batch_size=len(e_true), verbose=0)
    print(f"E_reco, {call} call:", e_reco[:, 0].round(2))

# %% [markdown]
# Two calls give two different draws, as two runs of a detector simulation should.
#
# ## Validate it against the truth
#
# ### The probability integral transform
#
# If responses R follow the law F(· | E), the numbers F(R | E) are uniform on [0, 1]: this
# is the probability integral transform (PIT). It turns "is the whole distribution right?"
# into "is this sample uniform?", at any energy, with one exact reference. We simulate 5000
# events at each of six energies across the range and measure the KS distance of their PIT
# to uniform. For scale, the last column does the same with 5000 true responses: that is what
# a perfect simulator gets at this size.
#
# Two more models show what each ingredient is worth, trained on the same pairs:
#
# - the same GAN, but with no condition: its networks never see E
#   (`simulation.train(..., conditional=False)`);
# - a plain Gaussian regression: a network that predicts the mean and the width of the
#   standardised response from E, trained by maximum likelihood (`simulation.train_gaussian`),
#   and draws from that normal law.

# %%
no_energy = simulation.train(energies, responses, conditional=False, seed=SEED)
gaussian = simulation.train_gaussian(energies, responses, seed=SEED)
truth_rng = np.random.default_rng(SEED + 2)
samplers = {
    "conditional GAN": lambda energy, n: simulation.simulate(simulator, energy, n),
    "GAN without E": lambda energy, n: simulation.simulate(no_energy.simulator, energy, n),
    "Gaussian": lambda energy, n: simulation.simulate(gaussian.simulator, energy, n),
    "true responses": lambda energy, n: data.calorimeter_response(
        np.full(n, energy), seed=truth_rng
    ),
}
pit_table = {label: scores.pit_distances(sample) for label, sample in samplers.items()}


def table_row(name, cells):
    """Print one row of the PIT table: a name, then one right-aligned cell per model."""
    print(f"{name:>8}" + "".join(f"{cell:>17}" for cell in cells))


table_row("E (GeV)", pit_table)
for energy in scores.TEST_ENERGIES:
    table_row(f"{energy:g}", [f"{pit_table[label][energy]:.4f}" for label in pit_table])
for name, statistic in (("largest", np.max), ("mean", np.mean)):
    table_row(name, [f"{statistic(list(d.values())):.4f}" for d in pit_table.values()])
table_row("passes", ["yes" if scores.pit_passes(d) else "no" for d in pit_table.values()])

# %% [markdown]
# The course's bar (`scores.pit_passes`): a KS distance of at most 0.03 at every energy and
# at most 0.02 on average; the "passes" line applies it to each column. The conditional
# GAN's mean distance is close to the true responses' and far below the ablations'; whether
# this run meets the bar at every energy is the "passes" line, and the benchmark at the end
# of the page counts the seeds that do. The GAN without E cannot come near: it draws one
# law of R at every energy, in effect the spectrum's average, while the true response
# narrows from a core width of 0.306 at 11 GeV to 0.114 at 95 GeV (as printed with the
# toy). The Gaussian regression fits the core but has no tail; its distances grow with E as
# the tail stands further out of a narrower core. The histograms show it on a logarithmic
# scale:

# %%
show_energies = (11.0, 35.0, 95.0)
response_samples = {
    label: [sample(energy, 20_000) for energy in show_energies]
    for label, sample in samplers.items()
    if label != "GAN without E"
}
response_samples = {"true responses": response_samples.pop("true responses"), **response_samples}
figure = plotting.response_histograms(show_energies, response_samples)
out.show(figure, "response_histograms")

# %% [markdown]
# ### Response and resolution against energy
#
# FlashSim and Lamarr show the response (the median of R) and the resolution against the
# true energy, simulated against the full simulation. Here the reference is exact: the median
# from the exact CDF, and the core's width sigma(E). The simulated core width is measured by a
# Gaussian fit from the peak upwards, where the leakage does not reach
# (`scores.core_width`); the same fit to true responses shows what the estimator itself
# gives.

# %%
curve_energies = np.geomspace(11.0, 95.0, 9)
curve_rng = np.random.default_rng(SEED + 3)
simulated = {e: simulation.simulate(simulator, e, 20_000) for e in curve_energies}
true_samples = {
    e: data.calorimeter_response(np.full(20_000, e), seed=curve_rng) for e in curve_energies
}
medians = {
    "exact": [data.calorimeter_quantile(0.5, e) for e in curve_energies],
    "true responses": [np.median(true_samples[e]) for e in curve_energies],
    "conditional GAN": [np.median(simulated[e]) for e in curve_energies],
}
widths = {
    "exact": data.response_resolution(curve_energies),
    "true responses": [scores.core_width(true_samples[e]) for e in curve_energies],
    "conditional GAN": [scores.core_width(simulated[e]) for e in curve_energies],
}
figure = plotting.response_vs_energy(curve_energies, medians, widths)
out.show(figure, "response_vs_energy")

# %%
print("fit of sigma(E) = a / sqrt(E) (+) b to the core widths:")
print(f"{'':>16}{'a':>8}{'b':>8}")
print(f"{'toy (exact)':>16}{data.STOCHASTIC:>8.3f}{data.CONSTANT:>8.3f}")
for label in ("true responses", "conditional GAN"):
    a, b = simulation.fit_resolution(curve_energies, widths[label])
    print(f"{label:>16}{a:>8.3f}{b:>8.3f}")
gaps = np.abs(np.array(medians["conditional GAN"]) - np.array(medians["exact"]))
print(f"largest gap between simulated and exact median response: {gaps.max():.4f}")

# %% [markdown]
# The simulated medians follow the exact response curve (the largest gap is printed above).
# The fitted stochastic and constant terms can be read against the toy's 1.0 and 0.05, and
# against the same fit to true responses, which shows what the core-width estimator itself
# gives with 20,000 events per energy.
#
# ### The low tail
#
# Leakage makes a long low tail, and a simulation that misses it misestimates every
# efficiency that cuts on the measured energy. The 2 % quantile of R per energy, exact and
# simulated (5000 events each):

# %%
tail_table = {
    energy: {
        "exact": data.calorimeter_quantile(0.02, energy),
        "cGAN": np.quantile(samplers["conditional GAN"](energy, 5000), 0.02),
        "Gaussian": np.quantile(samplers["Gaussian"](energy, 5000), 0.02),
    }
    for energy in scores.TEST_ENERGIES
}
print(f"{'E (GeV)':>8}{'exact':>10}{'cGAN':>10}{'Gaussian':>10}")
for energy, quantiles in tail_table.items():
    print(f"{energy:>8g}" + "".join(f"{q:>10.3f}" for q in quantiles.values()))

# %% [markdown]
# From 22 GeV up, where the tail stands out of a narrower core, the Gaussian's quantile sits
# far above the exact one, at the edge of a core with no tail; the conditional GAN's is
# closer to it at each of these energies, and on average much closer.
#
# ## Outside the training range
#
# A simulation is only trained where there were data. Asked about 150 and 200 GeV, the
# generator receives a condition beyond [-1, 1] and the scale extrapolates its fitted m(E)
# and s(E). Nothing forces the answer to be right:

# %%
print(
    f"{'E (GeV)':>8}{'median exact':>14}{'median sim':>12}{'width exact':>13}"
    f"{'width sim':>11}{'PIT KS':>8}"
)
for energy in (150.0, 200.0):
    outside = simulation.simulate(simulator, energy, 5000)
    ks = stats.ks_uniform(data.calorimeter_cdf(outside, energy), 0.0, 1.0)
    print(
        f"{energy:>8g}{data.calorimeter_quantile(0.5, energy):>14.3f}"
        f"{np.median(outside):>12.3f}{data.response_resolution(energy)[0]:>13.3f}"
        f"{scores.core_width(outside):>11.3f}{ks:>8.3f}"
    )

# %% [markdown]
# Compare the PIT KS distances with those inside the range and with the bar of 0.03: outside
# the training range the simulation is a guess, not a measurement. A fast simulation is
# trained on the full simulation over the whole range it will be used in.
#
# ## How reliable is the recipe?
#
# One run passing could be luck. `benchmarks/cgan_seeds.py` trains the lecture's simulator
# from five seeds (seed 0 is this page's run) and scores each as above, beside true
# responses; its results, as measured and committed:

# %%
print(results.summary("cgan_seeds", {"max_ks": "largest KS", "mean_ks": "mean KS"}))

# %% [markdown]
# ## Exercises
#
# 1. Fast simulation is used by running it on events: simulate the 200,000 true energies of
#    the training set with the saved simulator and compare the histogram of reconstructed
#    energies with the histogram of the true reconstructed energies, E R. Where do they
#    differ most?

# %% tags=["solution"]
reco = simulator.predict(energies[:, None].astype(np.float32), batch_size=50_000, verbose=0)[:, 0]
edges = np.geomspace(5.0, 110.0, 41)
simulated_counts, _ = np.histogram(reco, edges)
true_counts, _ = np.histogram(energies * responses, edges)
pulls = (simulated_counts - true_counts) / np.sqrt(np.maximum(simulated_counts + true_counts, 1))
worst = np.argmax(np.abs(pulls))
print(
    f"largest pull {pulls[worst]:+.2f} in bin {edges[worst]:.1f}-{edges[worst + 1]:.1f} GeV; "
    f"chi2/bins = {np.sum(pulls**2):.1f}/{len(pulls)}"
)

# %% [markdown] tags=["solution"]
# Each bin's pull compares the two counts with their combined Poisson error. The printed
# chi² per bins says whether the simulated spectrum is statistically compatible with the true
# one over the whole range (a value near the number of bins is), and the largest pull where
# the two differ most.

# %% [markdown]
# 2. The PIT's KS distance of a perfect simulator falls as 1/√n with the number of events n.
#    Measure the conditional GAN's and the true responses' distance at 60 GeV for n from 1000
#    to 100,000. Where does the simulator's stop falling, and what does that say about using
#    it for a measurement with 100,000 events at one energy?

# %% tags=["solution"]
pit_by_n = {}
print(f"{'n':>8}{'cGAN':>10}{'true':>10}{'1/sqrt(n)':>11}")
for n in (1000, 5000, 20_000, 100_000):
    cgan_ks = stats.ks_uniform(
        data.calorimeter_cdf(simulation.simulate(simulator, 60.0, n), 60.0), 0.0, 1.0
    )
    true_responses = data.calorimeter_response(np.full(n, 60.0), seed=truth_rng)
    true_ks = stats.ks_uniform(data.calorimeter_cdf(true_responses, 60.0), 0.0, 1.0)
    pit_by_n[n] = (cgan_ks, true_ks)
    print(f"{n:>8}{cgan_ks:>10.4f}{true_ks:>10.4f}{1 / np.sqrt(n):>11.4f}")

# %% [markdown] tags=["solution"]
# The true responses' distance keeps falling with n, about as 1/√n. The simulator's follows
# it while the sample's own noise is larger than the simulator's error, then levels off: its
# floor is the KS distance between the learned law and the true one. With as many events as
# where it levels off, a measurement would see the simulator's error; such an analysis needs
# a better simulator, or a systematic uncertainty of that size.

# %% [markdown]
# ## Recap
#
# - A conditional generator takes the condition as an input beside its noise; in a
#   conditional GAN the discriminator gets it too, and judges (sample, condition) pairs.
# - A GAN came much closer to the ring's thickness than the VAE, whose averaging decoder
#   makes it thin and pulls it inwards; to reach the real thickness, its discriminator had to
#   be shown the radius among its inputs, and not every seed gets there.
# - A fast detector simulation is a conditional generator of the measured quantity given the
#   true one; standardising the response per energy and giving log E as the condition let a
#   small GAN learn it in one short training on two cores.
# - Validate against a reference at fixed energies: response and resolution curves, the PIT
#   per energy (uniform exactly when the simulation is right), the tails; and check
#   robustness over seeds, not one run.
# - Each ingredient is measured: without the condition the GAN fails per energy, a Gaussian
#   misses the leakage tail, and outside the training range the simulation is a guess.
