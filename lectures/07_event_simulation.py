# %% [markdown]
# # From one number to an event: a jet simulation where the correlations are the test
#
# Lectures 5 and 6 simulated one number, the calorimeter's response, and Lecture 6 showed
# why that needs no network: in one dimension the perfect simulator is the quantile map
# R = F⁻¹(Φ(z) | E), a table a physicist fills from histograms. The slides' own example is
# harder: "generate realistic reconstructed LHC events from generated quarks and leptons".
# A reconstructed jet has many observables, and they are correlated; FlashSim ([Vaselli et
# al. 2024](https://arxiv.org/abs/2402.13684)) exists because smearing each observable alone
# loses the correlations an analysis cuts on. This lecture simulates six correlated
# observables of a jet from three generator-level ones, on a toy whose law we know exactly,
# so that every check has a true answer.
#
# In this lecture we will:
#
# - meet a toy jet detector: conditions (pT, η, flavour), six observables, and their law;
# - turn any jet into six numbers that are independent and uniform exactly when the jet
#   follows the law (the Rosenblatt transform, the PIT of many dimensions);
# - build the fast simulation physicists wrote before networks, one quantile map per
#   observable, and see what it loses;
# - train Lecture 5's conditional GAN and Lecture 6's flow matching on the same 200,000
#   jets, the integer track count made continuous by dequantisation;
# - validate them as the field does (ratios, correlations, a classifier two-sample test,
#   b-tagging efficiencies) and as only an exact law allows, and see what a classifier misses;
# - oversample: several reconstructed jets per generated one, and what that does to an
#   efficiency's error.
#
# To run it yourself, install the course package (`pip install .` in the repository), then
# run `python lectures/07_event_simulation.py`: it prints what this page shows and writes the
# figures (PNG) and the trained jet simulator (`jet_simulator.keras`) into
# `outputs/07_event_simulation/` of the repository (`AEGAN_OUTPUT_DIR` names another folder).

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from aegan import jets, outputs, plotting, recipes, results, scores, stats, tables
from aegan import training

SEED = 0  # every seed of the lecture is an offset of this one
training.set_seed(SEED)
out = outputs.Outputs("07_event_simulation")

# %% [markdown]
# ## Draw jets from the toy detector
#
# Each generated jet has three conditions: its transverse momentum pT between 20 and 300
# GeV (a falling spectrum, density ∝ pT⁻²), its pseudorapidity η, uniform in [-2.5, 2.5], and
# its flavour: light (60 %), charm (20 %) or bottom (20 %). The detector gives six
# observables, drawn in this order, each given the ones before:
#
# 1. the response R = pT_reco / pT_gen = G (1 - B T): a Gamma core G whose mean falls at low
#    pT and whose width grows at low pT and large |η|, and, with probability 3, 10 or 25 %
#    for light, c and b jets, a semileptonic decay B whose neutrino carries away a fraction
#    T ~ Beta(1, 3) of the jet;
# 2. the b-tag score s in [0, 1]: low for light jets, higher for c, near 1 for b, and for b
#    jets higher still when the response is low (the neutrino marks a b decay);
# 3. and 4. the angular residuals Δη and Δφ, Gaussian with a width 0.002 + 0.5 / pT, and
#    correlated with each other (0.4);
# 5. the mass ratio q = m / pT_reco, log-normal about 0.10, 0.12 or 0.15, larger when the
#    response is above its mean;
# 6. the track count n, Poisson with a mean growing with log pT, two more for c and b: an
#    integer.
#
# `jets.sample` draws conditions and observables; `jets.law`'s docstring states every formula.

# %%
conditions, observables = jets.sample(200_000, seed=SEED)
first = pd.DataFrame(
    np.column_stack([conditions, observables])[:5],
    columns=[*jets.CONDITIONS, *jets.OBSERVABLES],
)
first["flavour"] = [jets.FLAVOURS[int(code)] for code in first["flavour"]]
tables.show(first, decimals=3)
for code, name in enumerate(jets.FLAVOURS):
    chosen = conditions[:, 2] == code
    correlation = np.corrcoef(observables[chosen].T)
    print(
        f"{name:>5} jets: {chosen.mean():.1%}; corr(R, s) {correlation[0, 1]:+.2f}, "
        f"corr(d_eta, d_phi) {correlation[2, 3]:+.2f}, corr(R, q) {correlation[0, 4]:+.2f}"
    )

# %% [markdown]
# The printed correlations are what a simulation must keep: Δη with Δφ for every flavour,
# the response with the mass ratio, and, for b jets only, a low response with a high b-tag
# score. Each is a cut an analysis makes on one observable that changes the law of another.

# %% [markdown]
# ## Turn a jet into six uniforms
#
# Lecture 5 judged a simulated response by its PIT, u = F(R | E): uniform when R follows the
# law. With six observables, take each one's CDF *given the ones before it*:
#
# u₁ = F(R | c), u₂ = F(s | R, c), u₃ = F(Δη | c), u₄ = F(Δφ | Δη, c), u₅ = F(q | R, c),
# u₆ = F(n | c),
#
# the **Rosenblatt transform** (Rosenblatt 1952). For jets drawn from the law the six u are
# independent and uniform on [0, 1], whatever the condition; for a simulator they are so
# exactly when its jets follow the law. A wrong marginal shows as a u that is not flat, a
# lost correlation as two u that are correlated, a flavour done wrong as a u that depends
# on the flavour. (The track count is an integer: its CDF jumps, and u₆ is drawn uniformly
# inside the jump, F(n - 1) + v P(n), so that it is uniform too.) `jets.rosenblatt` computes
# it from the exact law:

# %%
u_true = jets.rosenblatt(conditions, observables, seed=SEED + 1)
ks_true = pd.DataFrame(
    {
        group: [stats.ks_uniform(u_true[chosen, i], 0.0, 1.0) for i in range(len(jets.OBSERVABLES))]
        for group, chosen in [("all", slice(None))]
        + [(name, conditions[:, 2] == code) for code, name in enumerate(jets.FLAVOURS)]
    },
    index=pd.Index(jets.OBSERVABLES, name="KS of u"),
)
tables.show(ks_true, decimals=4)
off_diagonal = np.abs(np.corrcoef(u_true.T)[np.triu_indices(6, 1)])
print(f"largest |corr(u_i, u_j)| of true jets: {off_diagonal.max():.4f}")
print(f"a KS distance's 5 % critical value at 200,000 jets: {stats.ks_critical(200_000):.4f}")
print(f"a correlation's standard error at 200,000 jets: {1 / np.sqrt(200_000):.4f}")

# %% [markdown]
# True jets give KS distances at the scale of chance (the printed critical value; the
# per-flavour samples are smaller, so their scale is larger) and correlations of a few
# thousandths, of the size of a correlation's standard error, 1/√200,000 (printed).
# That is the scale against which every simulator below is read.
#
# ## Smear each variable alone
#
# Before networks, a fast simulation was a table: for each cell of the conditions (here ten
# pT bins, five |η| bins and the flavour), each observable's distribution, filled from
# training jets and sampled by its quantiles. Parametric simulations such as Delphes work
# this way, variable by variable. `jets.QuantileMap` is that table, from the same 200,000
# jets:

# %%
quantile_map = jets.QuantileMap.fit(conditions, observables, seed=SEED + 2)
truth = scores.validate_truth_run(run=SEED)
validations = {"quantile map": scores.validate_jet_run(quantile_map, run=SEED)}
print(validations["quantile map"].table(null=truth).to_string())
alone = validations["quantile map"].ks.loc[["response", "d_eta", "tracks"], "all"]
print("largest KS of u, response, d_eta and tracks:", f"{alone.max():.4f}")

# %% [markdown]
# The table is the course's jet bar (each threshold in `scores`, with its statistical
# meaning), the quantile map's value beside the truth's. Each observable's marginal in each
# cell is right by construction, so the observables the law draws from the condition alone
# (the response, Δη, the track count) keep their u close to uniform (the last line). The map
# fails where the law makes one observable depend on another: Δφ is drawn without Δη and the
# mass without the response, so their u are not uniform, the u are correlated with each
# other, and the correlation matrices are off. (The b-tag's dependence on the response, for
# b jets only, is weaker: its u alone hardly shows it.) The correlation matrices:

# %%
figure = plotting.correlation_differences(validations["quantile map"])
out.show(figure, "quantile_map_correlations")

# %% [markdown]
# Each cell is simulated minus true rank correlation, per flavour: the table keeps every
# diagonal and loses the off-diagonal entries the law has, Δη-Δφ the largest. An analysis
# that cuts on Δφ after selecting on Δη, or on the mass after the response, gets the wrong
# answer from this simulation, though each histogram it checks looks right. This is the
# problem a generative network is for.
#
# ## Train two generators on the same jets
#
# A network sees neither the conditions nor the observables as they are. The conditions
# become six numbers (log pT scaled to [-1, 1], η and |η| over 2.5, the flavour one-hot), and
# the observables six unbounded numbers: log R, the logit of s, Δη, Δφ, log q and √(n + u).
# The last one is **dequantisation**: the track count is an integer, whose law has no density
# for a flow or a GAN to learn, so each count is spread uniformly over [n, n + 1) by adding
# u ~ U(0, 1), and the simulator floors it back. Its square root, not its logarithm: log(n + u)
# would stretch the jets with no track from 0 down to minus infinity, and the square root of a
# Poisson count has a spread near 1/2 whatever its mean, the same at every pT. Then each feature is
# standardised, flavour by flavour, as a smooth function of log pT, as Lecture 5 standardised
# the response energy by energy. Here is the dequantisation on the training jets:

# %%
features = jets.fastsim.encode(observables, seed=SEED + 5)
dequantised = features[:, 5] ** 2
figure, axis = plt.subplots(figsize=(7, 3.5))
axis.hist(observables[:, 5], bins=np.arange(0, 31), density=True, alpha=0.4, label="n")
axis.hist(dequantised, bins=np.arange(0, 31, 0.2), density=True, histtype="step", label="n + u")
axis.set(xlabel="track count", ylabel="density")
axis.legend()
out.show(figure, "dequantisation")
counts_back = np.array_equal(np.floor(dequantised), observables[:, 5])
print(f"floor(n + u) gives back every count: {counts_back}")
pt_bins = pd.cut(conditions[:, 0], [20, 30, 50, 100, 300], include_lowest=True)
spreads = pd.DataFrame({"√(n + u)": features[:, 5], "log(n + u)": np.log(dequantised)})
tables.show(spreads.groupby(pt_bins, observed=True).std().T, decimals=2)

# %% [markdown]
# The dequantised counts fill each unit interval flat; flooring them gives the counts back
# exactly, so nothing is lost. The table is each encoding's standard deviation in four pT
# bins (GeV): the square root's stays near 0.5 as the mean count grows, the logarithm's
# shrinks by more than half. The two generators, with the same encoding
# (`jets.fastsim.train_simulator` takes either recipe):
#
# - **the conditional GAN** of Lecture 5, its recipe for half its iterations, six numbers
#   given six instead of one given one;
# - **flow matching** of Lecture 6, a velocity field of six numbers given six, three hidden
#   layers of 96 units, sampled by the midpoint method in 4 steps.

# %%
trained, seconds = {}, {}
for label, recipe in (
    ("conditional GAN", recipes.JET_GAN),
    ("flow matching", recipes.JET_FLOW),
):
    started = time.perf_counter()
    trained[label] = jets.fastsim.train_simulator(conditions, observables, recipe=recipe, seed=SEED)
    seconds[label] = {"train (s)": time.perf_counter() - started}
print(recipes.JET_FLOW)

# %% [markdown]
# ## Validate as the field does
#
# FlashSim's first check is the one every analysis makes: each observable's histogram, per
# flavour, simulated against the reference, with a ratio panel. Here for light and b jets, true
# jets against the flow and the GAN, on the conditions of 200,000 validation jets. The cell
# also times each model on the 200,000 training conditions, once validated, and saves the
# flow as `jet_simulator.keras`:

# %%
for label, simulator in trained.items():
    validations[label] = scores.validate_jet_run(simulator.simulator, run=SEED)
    started = time.perf_counter()
    jets.fastsim.simulate(simulator.simulator, conditions)
    seconds[label]["simulate 200,000 jets (s)"] = time.perf_counter() - started
tables.show(pd.DataFrame(seconds).T, decimals=1)
saved = out.save_model(trained["flow matching"].simulator, "jet_simulator.keras")
print("saved", saved.name if saved else "nothing (no output folder)")
figure = plotting.jet_marginals(
    truth.conditions,
    {
        "true": truth.true,
        "flow matching": validations["flow matching"].simulated,
        "conditional GAN": validations["conditional GAN"].simulated,
    },
    flavours=("light", "b"),
)
out.show(figure, "marginals")

# %% [markdown]
# Read the ratio panels against the grey band, the truth's own ±1 standard deviation. Where
# a model's ratio leaves the band over several bins in a row, its marginal is off there; a
# ratio that scatters inside the band is as good as this many jets can tell. Histograms see
# one observable at a time; the correlation matrices, the Rosenblatt u and the tagging
# efficiencies see the rest. Every model on the same checks:

# %%
summary = pd.DataFrame(
    {label: scores.jet_summary(validation) for label, validation in validations.items()}
    | {"truth (null)": scores.jet_summary(truth)}
).T
tables.show(summary, decimals=4)

# %% [markdown]
# One row per simulator, the last the truth judged as a simulator: the scale of chance. The
# columns are the worst KS of a u over all jets and in any flavour, the largest correlation
# between two u (or a u and a condition), the largest error of a per-flavour correlation, the
# classifier's AUC beside its null (another true sample against the same true jets), and the
# largest pull of the b-tag efficiency and the light mistag rate in eight pT bins. The flow's
# correlation matrices, as the quantile map's above:

# %%
figure = plotting.correlation_differences(validations["flow matching"])
out.show(figure, "flow_correlations")
print(f"the C2ST AUC's standard error at this size: {truth.c2st.error:.4f}")

# %% [markdown]
# Where the quantile map was off by the whole correlation, the flow's differences are of the
# size the truth's own draws scatter by (the bar is 0.025). The Rosenblatt u of the two
# networks, beside the quantile map's:

# %%
figure = plotting.rosenblatt_histograms(
    {label: validations[label] for label in ("quantile map", *trained)}
)
out.show(figure, "rosenblatt")

# %% [markdown]
# A flat histogram within the grey band is a right conditional law; a hump means the
# simulator is too narrow there, a U too wide, a slope shifted. And the efficiencies an
# analysis measures, b-tag (s > 0.7) for b jets and mistag (s > 0.3) for light jets:

# %%
figure = plotting.tagging_efficiencies(
    {label: validations[label] for label in ("conditional GAN", "flow matching")}
)
out.show(figure, "tagging")
for label, validation in validations.items():
    failures = validation.failures
    print(f"{label:>22}: misses {len(failures)} of the bar's {len(validation.criteria)} criteria")
for failure in validations["flow matching"].failures:
    print(f"flow matching misses {failure}")

# %% [markdown]
# The printed counts apply the whole bar. The GAN learns the correlations in part, far more
# than the quantile map, but misses the marginals and the tagging rates. The flow comes
# closest; what it misses, if anything, is listed above with the values. One run is one draw
# of the training; over five seeds of the same recipes (`benchmarks/jet_seeds.py`), the
# count of seeds that pass the whole bar:

# %%
seed_rows = pd.DataFrame(results.load("jet_seeds")["rows"])
on_this_page = seed_rows["configuration"].isin(["true jets", "quantile map", *trained])
passing = seed_rows[on_this_page].groupby("configuration", sort=False)["passes"]
passing = passing.agg(["sum", "count"])
for label, (passed, seeds) in passing.iterrows():
    print(f"{label:>22}: passes the jet bar in {passed} of {seeds} seeds")

# %% [markdown]
# The five seeds' scores, criterion by criterion, and how long each model takes to train and
# to simulate a million jets, with one more baseline (independent Gaussians: a network that
# gives each feature a mean and a width, no correlation), are on [the evidence page of this
# lecture](../../evidence/07_event_simulation/).

# %% [markdown]
# ## See what a classifier misses
#
# The C2ST is the field's catch-all check: a classifier that cannot tell simulated jets from
# true ones is the strongest single statement. But a classifier learns what is easy to learn
# from a finite sample, and small, specific errors are not easy. Two laws that are slightly
# wrong, drawn by `jets.sample_observables` with one parameter changed: Δφ correlated with
# Δη by 0.35 instead of 0.40, and b jets with a semileptonic decay in 22 % of them instead of
# 25 %:

# %%
wrong_rng = np.random.default_rng(SEED + 6)
wrong_laws = {
    "corr(d_eta, d_phi) 0.35": {"dphi_correlation": 0.35},
    "b-jet neutrinos 22 %": {"neutrino_probabilities": (0.03, 0.10, 0.22)},
}
wrong = {
    label: scores.validate_jet_run(
        lambda c, change=change: jets.sample_observables(c, seed=wrong_rng, **change), run=SEED
    )
    for label, change in wrong_laws.items()
}
tables.show(pd.DataFrame({k: scores.jet_summary(v) for k, v in wrong.items()}).T, decimals=4)
correlation_error = 1 / np.sqrt(scores.VALIDATION_JETS)  # of a correlation of 200,000 pairs
pulls = {
    label: {
        "corr(u_d_eta, u_d_phi) / s.e.": v.u_correlations.loc["d_eta", "d_phi"] / correlation_error,
        "KS of b jets' response u": v.ks.loc["response", "b"],
        "C2ST AUC pull": v.c2st.pull,
    }
    for label, v in {**wrong, "truth": truth}.items()
}
tables.show(pd.DataFrame(pulls).T, decimals=4)

# %% [markdown]
# Compare each row with the truth's. A correlation of 0.35 instead of 0.40 puts the
# correlation of the two angular u many of its standard errors (1/√200,000) from 0
# and past its bar, while the classifier's AUC moves by a few of its own at most, under its
# bar or just over it. A neutrino in 22 % of b jets instead of 25 % moves the KS of their
# response's u to several times the truth's, while the AUC hardly moves. The exact law's
# checks see each error where it is, and far more strongly than a classifier of all six
# observables. With a real detector there is no exact law, and the field checks each
# correlation an analysis relies on by hand; with a toy, the Rosenblatt transform checks
# them all at once.
#
# ## Oversample the generated jets
#
# FlashSim's title ends "... and generator Oversampling": a generated event is expensive
# (the event generator, the parton shower), a simulated reconstruction is cheap, so each
# generated jet is reconstructed K times. Take a measurement: the fraction of b jets of
# generated pT in [30, 150] GeV that pass pT_reco > 50 GeV and s > 0.7, on 5,000 generated
# jets. Its error has two parts: the reconstruction's randomness, which shrinks as 1/√(N K),
# and the generated jets' own fluctuation (how many sit near the 50 GeV threshold), which no
# K removes.


# %%
def generated_b_jets(n, rng):
    """Return n generated b jets with pT in [30, 150] GeV (the law's spectrum and eta)."""
    drawn = jets.sample_conditions(12 * n, seed=rng)  # about 11 % are b jets in that range
    drawn = drawn[(drawn[:, 2] == 2) & (drawn[:, 0] > 30) & (drawn[:, 0] < 150)]
    return drawn[:n]


def passes(conditions, observables):
    """Return whether each jet passes pT_reco > 50 GeV and s > 0.7."""
    return (conditions[:, 0] * observables[:, 0] > 50) & (observables[:, 1] > 0.7)


oversampling_rng = np.random.default_rng(SEED + 9)
generated = generated_b_jets(5000, oversampling_rng)
flow_simulator = trained["flow matching"].simulator
rows = {}
for k in (1, 2, 4, 8, 16):
    repeated = np.repeat(generated, k, axis=0)
    tagged = passes(repeated, jets.fastsim.simulate(flow_simulator, repeated)).reshape(-1, k)
    per_jet = tagged.mean(axis=1)
    resampled = oversampling_rng.integers(len(per_jet), size=(200, len(per_jet)))
    replicas = []
    for _ in range(20):
        again = np.repeat(generated_b_jets(5000, oversampling_rng), k, axis=0)
        replicas.append(passes(again, jets.sample_observables(again, seed=oversampling_rng)).mean())
    rows[k] = {
        "efficiency": per_jet.mean(),
        "naive error": np.sqrt(per_jet.mean() * (1 - per_jet.mean()) / tagged.size),
        "bootstrap error": per_jet[resampled].mean(axis=1).std(ddof=1),
        "spread of 20 replicas": np.std(replicas, ddof=1),
    }
tables.show(pd.DataFrame(rows).T.rename_axis("K"), decimals=4)

# %% [markdown]
# The naive binomial error treats the N K reconstructed jets as independent and keeps
# shrinking with K. The true spread, over 20 replicas with new generated jets each time
# (drawn from the exact law, which stands here for any good simulator), stops shrinking
# after a few K: the generated sample's own fluctuation is the floor. The bootstrap over the
# *generated* jets, each resampled with its K reconstructions, follows the replicas: that is
# how to get the error of an oversampled measurement right (FlashSim does the same).
#
# ## Exercises
#
# 1. The quantile map fails the correlation checks, but does it get the b-tag efficiency and
#    the light mistag rate right? Read them from its validation and explain why.
# 2. Sample the flow with 8 midpoint steps, twice the recipe's, on the validation's conditions,
#    and compare the KS of each Rosenblatt u with the recipe's: is the error the field's or
#    the integration's?

# %% tags=["solution"]
quantile_pulls = {tag: validations["quantile map"].max_pull(tag) for tag in ("b-tag", "mistag")}
gan_pulls = {tag: validations["conditional GAN"].max_pull(tag) for tag in ("b-tag", "mistag")}
for label, pulls in (("quantile map", quantile_pulls), ("conditional GAN", gan_pulls)):
    print(
        f"{label}: largest |pull| b-tag {pulls['b-tag']:.1f}, mistag {pulls['mistag']:.1f} "
        f"(bars {scores.MAX_BTAG_PULL:g}, {scores.MAX_MISTAG_PULL:g})"
    )

# %% [markdown] tags=["solution"]
# An efficiency in a pT bin is a property of the b-tag's marginal law within that bin and
# flavour, and the quantile map reproduces each marginal in each of its cells: its pulls are
# a few standard errors at most, about the bar, where the GAN, whose b-tag scores have the
# wrong shape, misses the mistag rate by many. What the map misses is how the
# efficiency varies with pT inside its ten pT cells. A check of one observable at a time
# cannot see what a correlation does; it takes a cut on a second observable.

# %% tags=["solution"]
field = trained["flow matching"].model.velocity
scale = trained["flow matching"].scale
eight_steps = jets.fastsim.build_simulator(field, scale, seed=SEED + 10, steps=8, method="midpoint")
u_eight = jets.rosenblatt(
    truth.conditions, jets.fastsim.simulate(eight_steps, truth.conditions), seed=SEED + 11
)
steps_ks = pd.DataFrame(
    {
        "midpoint, 4 steps (recipe)": validations["flow matching"].ks["all"],
        "midpoint, 8 steps": [stats.ks_uniform(u, 0.0, 1.0) for u in u_eight.T],
        "truth (null)": truth.ks["all"],
    }
)
tables.show(steps_ks.rename_axis("KS of u"), decimals=4)

# %% [markdown] tags=["solution"]
# Doubling the steps, which makes the midpoint method's error about four times smaller,
# changes each KS distance by about the scale of chance (the truth's column): the flow's
# remaining error at 4 steps is the field's, learned from 200,000 jets, not the integrator's.

# %% [markdown]
# ## Recap
#
# In this lecture we have:
#
# - simulated six correlated observables of a jet from three conditions, the problem fast
#   simulation networks exist for;
# - turned every jet into six uniforms with the Rosenblatt transform, which tests each
#   conditional law and each correlation against the exact law at once;
# - seen the per-variable quantile map get every marginal and lose every correlation;
# - trained a conditional GAN and flow matching on the same jets, with the track count
#   dequantised, and judged them on one bar: the flow comes closest;
# - seen a classifier two-sample test barely notice a weakened correlation and fewer
#   neutrinos in b jets, which the exact law's checks catch at once;
# - oversampled generated jets and measured where the error stops shrinking, and got it
#   right with a bootstrap over generated jets.
#
# Which generator would a physicist pick? The one that passes the bar at the scale of use,
# here flow matching, at the training and sampling cost printed above; the GAN is faster to
# sample and harder to train well.
