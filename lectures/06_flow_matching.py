# %% [markdown]
# # Flow matching: the fast simulation the field uses now
#
# Lecture 5 cited CMS's FlashSim as a fast simulation "that does exactly this". Its title ends
# "... with Flow Matching and generator Oversampling" ([Vaselli et al.
# 2024](https://arxiv.org/abs/2402.13684)): FlashSim is not a GAN, and neither are the best
# entries of the Fast Calorimeter Simulation Challenge (normalizing flows and diffusion
# models). This lecture teaches the method FlashSim uses, conditional flow matching, on the
# same ring and the same calorimeter as Lecture 5, judged by the same bar.
#
# In this lecture we will:
#
# - see a normalizing flow as a change of variables whose likelihood we can compute, first in
#   one dimension, where a CDF is a flow;
# - learn a velocity field that moves noise into data by a plain regression (flow matching),
#   and draw samples by integrating an ordinary differential equation (ODE);
# - generate Lecture 3's ring without hand-made features, scored beside the VAE and the GAN;
# - choose the ODE's sampler by quality against steps, and save a conditional flow as a fast
#   calorimeter simulation with the interface of Lecture 5's `simulator.keras`;
# - validate it beside Lecture 5's GAN with the same bar, and say what the scores can tell
#   apart; measure what each costs to simulate a million events.
#
# To run it yourself, install the course package (`pip install .` in the repository), then
# run `python lectures/06_flow_matching.py`: it prints what this page shows and writes the
# figures (PNG) and the trained simulator (`flow_simulator.keras`) into
# `outputs/06_flow_matching/` of the repository (`AEGAN_OUTPUT_DIR` names another folder).

# %%
import inspect
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from aegan import (  # first: TensorFlow's start-up lines stay quiet
    course_models,
    data,
    flow,
    gan,
    outputs,
    plotting,
    recipes,
    scores,
    simulation,
    stats,
    tables,
    training,
)

import keras

SEED = 0  # every seed of the lecture is an offset of this one
training.set_seed(SEED)
out = outputs.Outputs("06_flow_matching")

# %% [markdown]
# ## Map noise into data with a change of variables
#
# A normalizing flow is an invertible map x = f(z) from a simple law (a standard normal z)
# to the data's law ([Rezende and Mohamed 2015](https://arxiv.org/abs/1505.05770); the review
# of [Papamakarios et al. 2021](https://arxiv.org/abs/1912.02762)). Because f is invertible,
# the density of x follows from that of z, by the change of variables:
#
# p_X(x) = p_Z(z) |dz/dx|, with z = f⁻¹(x).
#
# In one dimension there is always such a map: if F is the CDF of the data and Φ the
# normal's, x = F⁻¹(Φ(z)) has the law F (inverse-transform sampling). A CDF is a flow. Here
# it is for the toy calorimeter's response R at E = 35 GeV, whose exact CDF we know
# (`data.calorimeter_quantile` inverts it):

# %%
energy = 35.0
normal_points = np.linspace(-3.5, 3.5, 141)
mapped = data.calorimeter_quantile(scipy_stats.norm.cdf(normal_points), energy)
# change of variables: p(R) = phi(z) / (dR/dz)
density = scipy_stats.norm.pdf(normal_points) / np.gradient(mapped, normal_points)
true_35 = data.calorimeter_response(np.full(50_000, energy), seed=SEED)
print(f"R = F^-1(Phi(z)) from {mapped[0]:.3f} (z = -3.5) to {mapped[-1]:.3f} (z = 3.5)")
print(f"the density by change of variables integrates to {np.trapezoid(density, mapped):.4f}")

figure, axes = plt.subplots(1, 2, figsize=(10, 4))
axes[0].plot(normal_points, mapped)
axes[0].set(xlabel="z (standard normal)", ylabel="R = F⁻¹(Φ(z))", title="The map")
axes[1].hist(true_35, bins=120, range=(0, 1.6), density=True, alpha=0.5, label="true responses")
axes[1].plot(mapped, density, label="Φ'(z) / (dR/dz)")
axes[1].set(xlabel="R at 35 GeV", ylabel="density", title="Its density")
axes[1].legend()
out.show(figure, "change_of_variables")

# %% [markdown]
# The map is flat where the responses crowd (the peak) and steep in the low tail,
# where leaking showers spread a few per cent of the events over a wide range: the density
# from the change of variables, drawn over 50,000 true responses, follows the histogram,
# tail included, and integrates to the printed number, 1 up to the range cut at |z| = 3.5.
#
# In many dimensions no CDF gives the map, and a normalizing flow builds one from invertible
# layers whose Jacobian determinant is cheap, trained by maximum likelihood. Continuous flows
# ([Chen et al. 2018](https://arxiv.org/abs/1806.07366)) take another road: the map is the
# solution of an ODE,
#
# dx/dt = v(x, t), from x(0) = z (noise) to x(1) (data),
#
# where v is a network, the *velocity field*. Any smooth v gives an invertible map (run the
# ODE backwards), and the density follows along the path from d log p / dt = -div v
# (Exercise 1).
#
# ## Learn the velocity by regression
#
# How to train v? Flow matching ([Lipman et al. 2023](https://arxiv.org/abs/2210.02747);
# [Liu et al. 2023](https://arxiv.org/abs/2209.03003), rectified flow; [Albergo and
# Vanden-Eijnden 2023](https://arxiv.org/abs/2209.15571)) picks a path from each noise point
# x0 to each data point x1, the straight line x_t = (1 - t) x0 + t x1, whose velocity is
# x1 - x0, and fits the network to it by least squares at random times t:
#
# loss = mean over x0, x1, t of |v(x_t, t) - (x1 - x0)|².
#
# The paths of different pairs cross, so no v can follow them all; the least-squares v at a
# point is the *average* velocity of the paths through it, and the ODE with that average
# field carries the noise's law exactly onto the data's (Lipman et al. 2023, Theorem 1). No
# adversary, no likelihood to evaluate: one regression step per batch, in `train_step` of
# `flow.FlowMatching`, run by `fit()`:

# %%
print(inspect.getsource(flow.FlowMatching.train_step))

# %% [markdown]
# A conditional flow (c, such as the energy) is the same regression with c as a third input
# of v. The training times are drawn as t = 1 - (1 - u)^k with u uniform: k = 1 is uniform,
# k > 1 puts more of them near the data, which helps thin structures (below, the ring).
#
# ## Watch noise flow into the response
#
# A small flow of the 1-D response at 35 GeV, trained on 20,000 true responses; `flow.Recipe`
# holds the network, the training and the sampler, and trains in one call:

# %%
path_recipe = flow.Recipe(
    hidden=(32, 32), iterations=1500, batch_size=256, learning_rate=3e-3, steps=8, method="rk4"
)
print(path_recipe)
responses_35 = data.calorimeter_response(np.full(20_000, energy), seed=SEED + 1)
path_model = path_recipe.build(dim=1, seed=SEED)
history = path_recipe.fit(path_model, responses_35[:, None], seed=SEED)
print("loss per block of 500 steps:", np.round(history.history["loss"], 4))

# %% [markdown]
# The loss falls a little and then stays far from 0: most of it is the spread of x1 - x0
# around its average, which no network can remove. It says little about the samples' quality; the
# scores below do. Now the paths: straight lines between random pairs (what the regression
# is fitted to) and the ODE's paths from 200 noise points (`flow.trajectory`, 16 RK4 steps):

# %%
rng = np.random.default_rng(SEED + 2)
noise = rng.standard_normal((200, 1)).astype(np.float32)
paths = flow.trajectory(path_model.velocity, noise, steps=16, method="rk4")
times = np.linspace(0.0, 1.0, len(paths))
ends = responses_35[:200]
figure, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
axes[0].plot([0, 1], np.stack([noise[:, 0], ends]), color="C0", alpha=0.2, lw=0.8)
axes[0].set(xlabel="t", ylabel="x", title="Training paths: (1 - t) x0 + t x1")
axes[1].plot(times, paths[:, :, 0], color="C1", alpha=0.3, lw=0.8)
axes[1].set(xlabel="t", title="Learned ODE paths")
out.show(figure, "paths")
sampled_35 = flow.sample(path_model.velocity, 5000, steps=8, method="rk4", seed=SEED + 3)[:, 0]
for label, values in (("flow", sampled_35), ("5,000 true responses", true_35[:5000])):
    ks = stats.ks_uniform(data.calorimeter_cdf(values, energy), 0.0, 1.0)
    print(f"PIT KS at 35 GeV, {label}: {ks:.4f}")

# %% [markdown]
# The training paths cross everywhere; the learned paths never cross (two solutions of one
# ODE cannot meet), bend where the average velocity turns, and fan the noise out onto the
# response's peak and its low tail. The PIT KS distance compares the flow's 5,000 responses
# with the exact law, beside that of 5,000 true responses for scale.
#
# ## Generate the ring without hand-made features
#
# Lecture 3's VAE made the ring too thin; Lecture 5's GAN came close to its thickness only
# once its discriminator was shown the radius among its inputs. A flow has no discriminator
# to instruct: the same regression, in 2-D, on Lecture 3's 5000 events. `recipes.RING_FLOW`
# samples with RK4 in 16 steps:

# %%
ring_events = data.ring(scores.RING_EVENTS, seed=SEED)
ring_recipe = recipes.RING_FLOW
print(ring_recipe)
ring_flow = ring_recipe.build(dim=2, seed=SEED)
ring_recipe.fit(ring_flow, ring_events, seed=SEED, verbose="auto")

# %% [markdown]
# Beside it, the VAE and the GAN. Training them again here would take longer than this
# page may, so the course keeps them: they are the models Lectures 3 and 5 train with
# SEED = 0 (`recipes.RING_VAE` and `recipes.RING_GAN`, on the same events as this page's at
# seed 0), saved with the package by `benchmarks/course_models.py`. Each model draws 5000 new
# events, and all are scored by Lectures 3 and 5's functions, `scores.ring_generation_scores`,
# in this run, against the same fresh real events; a fourth row scores 5000 real events,
# what a perfect generator gets:

# %%
vae_decoder = course_models.load("ring_vae_decoder")
ring_gan_generator = course_models.load("ring_gan_generator")
codes = np.random.default_rng(SEED + 1).standard_normal((scores.RING_EVENTS, 1))
generated_rings = {
    "VAE (L. 3)": keras.ops.convert_to_numpy(vae_decoder(codes.astype(np.float32))),
    "GAN (L. 5)": gan.generate(ring_gan_generator, scores.RING_EVENTS, seed=SEED + 1),
    "flow": flow.sample(
        ring_flow.velocity,
        scores.RING_EVENTS,
        steps=ring_recipe.steps,
        method=ring_recipe.method,
        seed=SEED + 1,
    ),
    "real events": data.ring(scores.RING_EVENTS, seed=SEED + 3),
}
ring_columns = {"in_ring": "in band", "angle_ks": "angle KS", "radius_ks": "radius KS"}
ring_columns["c2st_auc"] = "C2ST AUC"
ring_rows = {  # repeats=1: the energy distance's floor, which this page does not show
    label: scores.ring_generation_scores(events, seed=SEED + 2, repeats=1)
    for label, events in generated_rings.items()
}
ring_table = pd.DataFrame(ring_rows).T[list(ring_columns)].rename(columns=ring_columns)
tables.show(ring_table.rename_axis(f"{scores.RING_EVENTS} events of"), decimals=3)
print(
    f"band {scores.RING_BAND[0]} < R < {scores.RING_BAND[1]}; the course's targets: at least "
    f"{scores.MIN_IN_RING} in it, angle and radius KS <= {scores.MAX_RADIUS_KS}"
)
print(f"C2ST AUC standard error at this size: {ring_rows['flow']['c2st_error']:.3f}")
for label, row in ring_rows.items():
    print(f"{label:<12} misses: {'; '.join(scores.ring_failures(row)) or 'nothing'}")

# %%
figure, axes = plt.subplots(1, 2, figsize=(10, 4.5))
axes[0].scatter(*generated_rings["flow"].T, s=1, alpha=0.4)
axes[0].set(aspect="equal", title="5000 events of the flow", xlabel="x1", ylabel="x2")
plotting.radius_histogram(generated_rings, limits=(0.85, 1.15), ax=axes[1])
out.show(figure, "ring")

# %% [markdown]
# The lines under the table list which of the course's ring targets (Lecture 5) each model
# misses. Read the table a column at a time:
#
# - **in the band**: the GAN is ahead, the flow behind it, and the flow *fails* the course's
#   target: its radii spill over the edges of the real, flat radial law (the histogram's
#   rounded shoulders), and the events past the edges are the ones missing from the band. The
#   VAE, whose decoder returns a mean, makes the ring too thin and pulls it inwards: most of
#   its events fall outside;
# - **angle KS**: the GAN and the flow put their events at the right angles; the VAE's
#   angles are the furthest off, near the target (on some draws just past it);
# - **radius KS**: the flow and this GAN are close to each other and both above the target,
#   the VAE many times further off;
# - **C2ST AUC**: the classifier, which sees the whole plane, tells the VAE's events from real
#   ones almost every time and the GAN's far more easily than the flow's; the flow is the
#   nearest to the real events' AUC, still several standard errors above it.
#
# So no model passes, and none is best by every score: the GAN, told where to look, gets the
# band right; the flow, fed nothing but the events, gets the closest to the whole
# distribution. Over five seeds the flow's ranges are narrow and the GAN's radius KS is
# below the flow's in most seeds (see [the evidence page of this
# lecture](../../evidence/06_flow_matching/)). What the flow buys is the training: a
# regression, with no adversary to balance and no features to engineer.
#
# ## Train the conditional flow as a calorimeter simulation
#
# Now the calorimeter of Lecture 5, with the same training pairs (the same SEED gives the
# same 200,000 pairs) and the same two ingredients: the condition is log E mapped to [-1, 1]
# (`simulation.EnergyCondition`), and the response is standardised energy by energy,
# x = (R - m(E)) / s(E) (`simulation.ResponseScale`). One more, which the E^-2 spectrum
# calls for: batches are drawn flat in log E, each pair with a probability proportional to
# its E, so that the network sees as many pairs above 50 GeV as below 20.
# `flow.train_simulator` does it all; `recipes.SIMULATOR_FLOW`:

# %%
energies, responses = data.calorimeter(simulation.TRAINING_PAIRS, seed=SEED)
recipe = recipes.SIMULATOR_FLOW
print(recipe)
started = time.perf_counter()
trained = flow.train_simulator(energies, responses, recipe=recipe, seed=SEED, verbose="auto")
training_seconds = time.perf_counter() - started
print(f"training the flow: {training_seconds:.0f} s")

# %% [markdown]
# ## Choose the sampler: error against steps
#
# Sampling integrates the ODE in a fixed number of steps; each step costs one network pass
# (Euler, first order) or two (midpoint, second order; RK4, the fourth-order method the ring
# used, costs four). Fewer passes are faster; too few and the path is followed badly. How
# badly needs no statistics: integrate the same 10,000 noise points, at energies of the
# spectrum, with each sampler and once very finely (RK4 in 8 steps), and compare the end
# points event by event, by the root mean square (RMS) of their differences
# (`flow.sampler_study`). The field works on the standardised response x, so the difference
# is in units of the response's width:

# %%
study = flow.sampler_study(trained.model.velocity, SEED)
study_table = pd.DataFrame(
    study.values(),
    index=pd.MultiIndex.from_tuples(study, names=["method", "steps"]),
    columns=["network passes", "RMS error", "spread / finest"],
)
tables.show(study_table, decimals=4)

# %%
figure, axis = plt.subplots(figsize=(5.5, 4))
for name in ("euler", "midpoint"):
    passes, errors, _ = np.array([value for key, value in study.items() if key[0] == name]).T
    axis.plot(passes, errors, marker="o", label=name)
axis.set(xscale="log", yscale="log", xlabel="network passes per event")
axis.set(ylabel="RMS error (widths)")
axis.legend()
out.show(figure, "steps")
method, steps = flow.cheapest_sampler(study)
print(
    f"cheapest with an RMS error <= {flow.SAMPLER_TOLERANCE} widths: {method} with {steps} "
    f"steps ({study[method, steps][0]} passes)"
)

# %% [markdown]
# Doubling Euler's steps halves its error (first order); doubling midpoint's divides it by
# about four (second order): at equal cost, midpoint is far closer. Too few steps also
# shrink the spread of the responses, a core too narrow. The page takes the cheapest
# sampler whose RMS error is at most 1 % of the width (the printed choice): its events move
# by a quarter of the course's width bar of 4 % or less, and its spread stays within 1 % of
# the finest's (the column "spread / finest").
# More steps would not make the flow better: the error left is then the network's, which only
# the validation sees. The simulator is built with this sampler and saved. The file has
# the interface of Lecture 5's `simulator.keras`: true energies in GeV, shape (n, 1), in;
# reconstructed energies in GeV out. Its noise, its condition, the ODE's integration with
# the field inside and the response's scale are layers of the model, so
# `keras.saving.load_model("flow_simulator.keras")` after `import aegan` is the whole
# simulation, and `python -m aegan.check simulator flow_simulator.keras` grades it as it
# grades the GAN:

# %%
simulator = flow.build_simulator(
    trained.model.velocity, trained.scale, steps=steps, method=method, seed=SEED
)
simulator.summary()
if out.save_model(simulator, "flow_simulator.keras") is not None:
    print(f"saved flow_simulator.keras ({method}, {steps} steps)")

# %% [markdown]
# ## Validate it beside the GAN
#
# `scores.validate_simulator` applies the course's whole bar at 50,000 events per test
# energy: the PIT's KS distance (at most 0.03 at each energy, 0.02 on average), the median
# within 0.01 and the core width within 4 % of the exact law's, and the classifier
# two-sample test of 100,000 simulated (E, R) pairs against as many true ones over the
# spectrum. Beside the flow, Lecture 5's GAN simulator (the one Lecture 5 trains with
# SEED = 0, saved with the package as the ring's models were), and true responses for the
# scale, each with the same validation, the same sizes and the same seed (the bootstrap
# errors from 25 resamples each):

# %%
gan_simulator = course_models.load("gan_simulator")
simulation.reseed(gan_simulator, SEED)
judged = {
    "flow": simulator,
    "GAN (L. 5)": gan_simulator,
    "true responses": scores.truth_simulator(seed=SEED + 100),
}
RESAMPLES = 25
validations = {
    label: scores.validate_simulator(model, seed=SEED, resamples=RESAMPLES)
    for label, model in judged.items()
}
print(f"(bootstrap errors from {RESAMPLES} resamples)")
for label, validation in validations.items():
    print(f"--- {label}")
    print(validation.table())

# %% [markdown]
# Each table reads: the PIT distances, the median and width deviations (with their bootstrap
# errors), the low-tail quantile Q2% with the exact one in brackets, and the C2ST AUC with
# its standard error. Side by side, each score's worst energy:

# %%
summary = pd.DataFrame(
    {
        label: {
            "largest PIT KS": v.pit_ks.max(),
            "mean PIT KS": v.pit_ks.mean(),
            "width off": np.abs(v.width_ratio - 1.0).max(),
            "median off": np.abs(v.median_deviation).max(),
            "C2ST AUC": v.c2st.auc,
        }
        for label, v in validations.items()
    }
).T
tables.show(summary, decimals=4)
flow_auc, gan_auc = validations["flow"].c2st.auc, validations["GAN (L. 5)"].c2st.auc
error = validations["flow"].c2st.error
difference_error = np.sqrt(2) * error
print(f"C2ST standard error at 100,000 pairs: {error:.4f}; of a difference: {difference_error:.4f}")
print(
    f"flow minus GAN: {flow_auc - gan_auc:+.4f}, "
    f"{(flow_auc - gan_auc) / difference_error:+.1f} standard errors"
)

# %% [markdown]
# The PIT histograms show the shape behind each distance: flat when right, a hump when the
# simulated responses are too narrow, a U when too wide, a slope when the median is shifted;
# the grey band is a bin's spread for true samples of this size. Then response and
# resolution against E, with statistical errors and the ratio to the exact law (the course's
# bar shaded):

# %%
out.show(plotting.pit_histograms(validations), "pit")

# %%
out.show(plotting.validation_curves(validations), "validation")

# %% [markdown]
# Read the figures with the tables. Both simulators keep the core's median and width inside
# the bar at every energy, as the truth does, with PIT histograms nearly flat; what remains
# is mostly in the leakage tail (compare the Q2% columns with the exact values in brackets,
# in units of their bootstrap errors). Both start from unbounded normal noise and have no
# hard edge at R = 0: the count of responses <= 0 above each verdict says whether this run's
# cross it.
#
# What can these scores tell apart? The C2ST's standard error at 100,000 pairs a side is the
# printed one, and the difference of two AUCs scatters by √2 times it. A simulator with an
# ingredient missing sits many standard errors above the truth (on the evidence page); the
# flow and the GAN differ by the printed number of standard errors of a difference. A
# difference within about two of them is one the test cannot see at this size, and even a
# larger one in a single run is no ranking: over five seeds of each (evidence page) their
# AUC ranges overlap. That does not say the two are equal, only that 100,000 pairs cannot
# rank them. Ranking simulators this close takes more events: the error shrinks as one over
# the square root of the pairs.
#
# ## What it costs
#
# The GAN draws an event in one pass of its generator; the flow needs as many passes as its
# sampler's steps times its method's evaluations. Simulating 100,000 events over the
# spectrum with the saved flow and the GAN, each timed in this run:

# %%
spectrum = data.calorimeter_energies(100_000, seed=SEED)[:, None].astype(np.float32)
seconds = {}
for label, model in ((f"flow, {method} {steps} steps", simulator), ("GAN", gan_simulator)):
    model.predict(spectrum[:1000], verbose=0)  # traced once, not timed
    started = time.perf_counter()
    model.predict(spectrum, batch_size=100_000, verbose=0)
    seconds[label] = time.perf_counter() - started
    print(f"{label:<24} {seconds[label]:5.2f} s for 100,000 events")
print(f"flow / GAN: {seconds[next(iter(seconds))] / seconds['GAN']:.1f}")

# %% [markdown]
# The flow is slower to sample than the GAN by the printed factor: each of its events takes
# several network passes instead of one. Both are far faster than a full simulation of the
# showers with Geant4, which takes of the order of a second or more per event. The flow's
# training, one regression, took the time printed after it on this machine.
#
# Which ingredient matters? The evidence page removes each alone, as Lecture 5 did, over five
# seeds: without the condition the flow fails in every seed; without the per-energy
# standardisation it still learns the core, less closely.

# %% [markdown]
# ## Exercises
#
# 1. A flow's likelihood can be computed. Compute the log-density of the 35 GeV flow at true
#    responses with `flow.log_density` (it integrates the path back to the noise and
#    d log p / dt = -div v along it) and compare it with the exact density from the change
#    of variables at the start of the page. What does the mean difference over true
#    responses estimate?

# %% tags=["solution"]
flow_log_density = flow.log_density(path_model.velocity, mapped[:, None], steps=16)
gaps = np.abs(flow_log_density - np.log(density))
bulk = np.abs(normal_points) <= 2  # the central 95 % of the law
print(
    f"largest |log p_flow - log p_exact|, |z| <= 2: {gaps[bulk].max():.3f} (density x "
    f"{np.exp(gaps[bulk].max()):.2f}); beyond: {gaps[~bulk].max():.3f}"
)
test_responses = true_35[:2000]
exact_at_test = np.log(np.interp(test_responses, mapped, density))
flow_at_test = flow.log_density(path_model.velocity, test_responses[:, None], steps=16)
kl = np.mean(exact_at_test - flow_at_test)
print(f"mean of log p_exact - log p_flow over 2,000 true responses: {kl:.4f}")

# %% [markdown] tags=["solution"]
# The flow's density is computable, not exact: over the central 95 % of the law its
# log-density stays within the printed gap of the exact one (the density off by the printed
# factor at the worst point), and beyond it, in the tails where the flow saw few events, the
# gap is the larger printed one. It is the density of the trained field integrated in 16
# steps, as close to the data's as the training and the integration make it. The mean of
# log p_exact - log p_flow over events drawn from the true law estimates the Kullback-Leibler
# divergence KL(p_exact || p_flow) >= 0 (the printed number, up to its sampling error): what
# a likelihood-trained flow would minimise.

# %% [markdown]
# 2. The flow is invertible: integrate the ODE backwards (from t = 1 to t = 0) from 5,000 true
#    responses at 35 GeV. Is what comes out a standard normal sample?

# %% tags=["solution"]
backwards = flow.integrate(
    lambda inputs: -path_model.velocity([inputs[0], 1.0 - inputs[1]]),
    responses_35[:5000, None].astype(np.float32),
    steps=16,
    method="rk4",
)
recovered = np.asarray(backwards)[:, 0]
for label, values in (
    ("recovered noise", recovered),
    ("5,000 normal draws", rng.standard_normal(5000)),
):
    ks = stats.ks_uniform(scipy_stats.norm.cdf(values), 0.0, 1.0)
    print(f"{label:<20} mean {values.mean():+.3f}, std {values.std():.3f}, KS to N(0, 1) {ks:.4f}")

# %% [markdown] tags=["solution"]
# Running the field backwards with s = 1 - t (dx/ds = -v(x, 1 - s)) maps the responses back to
# noise: a mean near 0 and a width near 1, as a standard normal's, but a KS distance above
# that of genuine normal draws of the same size. That difference is the flow's own error,
# seen from the noise's end: a perfect flow would give back exactly N(0, 1).

# %% [markdown]
# ## Recap
#
# In this lecture we have:
#
# - seen a normalizing flow as an invertible map whose density the change of variables
#   gives, and in one dimension the CDF as that map;
# - trained a flow by flow matching: a regression of a velocity field on straight paths from
#   noise to data, sampled by integrating an ODE in a few steps;
# - generated the ring without features and scored it beside the VAE and the GAN: nearest
#   the real events by the classifier, behind the feature-fed GAN in the band, and, like
#   both, short of the course's ring targets;
# - chosen the sampler from this page's own study, saved the conditional flow simulator with
#   it, and validated it beside Lecture 5's GAN with the same bar: both meet the core bar,
#   and at 100,000 pairs the classifier cannot rank them (over five seeds their AUCs
#   overlap);
# - measured what a million events cost each, in the same run.
#
# When to pick which generator:
#
# - a **VAE** when a smooth, meaningful latent space matters more than sharp samples;
# - a **GAN** when sampling must be as cheap as possible (one pass) and you can afford to
#   tune an adversarial training and to tell the discriminator what to look at;
# - a **flow** (flow matching) when the training must be stable and the density computable:
#   the training is a regression, the density follows the field (as closely as the field
#   and the integration are right, Exercise 1), and the cost is a few network passes per
#   event, which the choice of integrator keeps small.
