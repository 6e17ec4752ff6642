"""The jet simulation's validation (Lecture 7, `aegan.check jets`): the bar and its null.

A jet simulator maps conditions (pT_gen, eta_gen, flavour), shape (n, 3), to the six
observables of `aegan.jets.OBSERVABLES`, shape (n, 6). `validate_jets` draws the conditions
and true jets from the toy's exact law, simulates on the same conditions and computes every
score of the bar below; `truth_jet_simulator` is the law itself as a simulator, whose
validation is the null: what a perfect simulator scores at the same size.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import keras
import numpy as np
import pandas as pd

from aegan import _validate, stats
from aegan import jets as law
from aegan.scores.simulator import MAX_C2ST_AUC
from aegan.simulation.simulator import run

#: Jets of a validation: the scale at which the bar below is set.
VALIDATION_JETS = 200_000
#: The fewest jets `validate_jets` takes: about 2,000 b-jets, 140 in the sparsest pT bin.
MIN_JETS = 10_000
#: True draws per condition behind the references (correlation matrices, efficiencies): four
#: halve the truth's share of the scatter of a difference (see MAX_CORRELATION_DIFFERENCE).
TRUE_DRAWS = 4
#: Largest KS distance of each Rosenblatt u to uniform over all jets. A perfect simulator's u
#: are iid U(0, 1); at 200,000 jets the 5 % critical value is 0.0030 (`stats.ks_critical`),
#: and 0.007 is sqrt(n) D = 3.1, a false alarm rate of 1e-8 per variable: no perfect
#: simulator fails it, and a response scaled by 1.03 (KS about 0.06) cannot pass.
MAX_U_KS = 0.007
#: Largest KS distance of each u to uniform within one flavour (40,000 c- or b-jets at
#: 200,000: 5 % critical value 0.0068; 0.012 is sqrt(n) D = 2.4, a false alarm rate of 2e-5).
MAX_FLAVOUR_U_KS = 0.012
#: Largest |Pearson correlation| between two u, and between a u and a condition (log pT,
#: eta, |eta|, the flavour indicators). True jets' are 0 with a standard error of
#: 1 / sqrt(n) = 0.0022 at 200,000: 0.012 is 5.4 of them, so the largest of the 51 exceeds
#: it with a probability of 3e-6; a lost d_eta-d_phi correlation gives about 0.35.
MAX_U_CORRELATION = 0.012
#: Largest |simulated - true| entry of each flavour's Spearman correlation matrix of the six
#: observables, the truth drawn TRUE_DRAWS times on the same conditions. An entry of 40,000
#: jets scatters by 1 / sqrt(40,000) = 0.005, the difference by 0.0056: 0.025 is 4.5 of its
#: standard errors (against one true draw it would be 3.5, and true against true reached
#: 0.025 once in 10 runs). A lost correlation of 0.4 (d_eta, d_phi) is seen at once.
MAX_CORRELATION_DIFFERENCE = 0.025
#: The C2ST bar is the calorimeter's (`scores.MAX_C2ST_AUC`, 0.505) at the same size,
#: 100,000 points a side and half held out: true against true scatters about 0.5 by 0.0018,
#: so 0.505 is 2.7 of its standard errors (a 0.4 % false alarm rate).
MAX_JET_C2ST_AUC = MAX_C2ST_AUC
#: The pT bins (GeV) of the tagging efficiencies: about 21, 14, 18, 11, 12, 9, 7 and 7 % of
#: the jets, so that the highest bin still holds 2,800 b-jets at 200,000.
JET_PT_BINS = (20.0, 25.0, 30.0, 40.0, 50.0, 70.0, 100.0, 150.0, 300.0)
#: Largest |pull| of the b-tag efficiency (b-jets with s > `aegan.jets.BTAG_WORKING_POINT`),
#: simulated against true in each pT bin, with binomial errors of both samples: at 200,000
#: jets 3 standard errors are 1-3 % of the efficiency, about what an experiment knows it to.
#: A perfect simulator exceeds 3 in one of the 8 bins in 2 % of runs.
MAX_BTAG_PULL = 3.0
#: Largest |pull| of the light mistag rate (light jets with s > `aegan.jets.MISTAG_WORKING_POINT`,
#: about 0.06): 4 standard errors are 10-20 % of the rate, bin by bin, as loosely as a mistag
#: rate is known; a perfect simulator exceeds 4 in one of the 8 bins in 0.05 % of runs.
MAX_MISTAG_PULL = 4.0
#: The conditions each u is correlated with.
JET_CONDITION_FEATURES = ("log pT", "eta", "|eta|", *law.FLAVOURS)
#: The groups of jets of the u tests: all of them, then each flavour.
JET_GROUPS = ("all", *law.FLAVOURS)
#: How close to 0 or 1 a u counts as extreme (`JetValidation.extreme`).
EXTREME_U = 1e-6
#: Salts the validation's seed. Unsalted, `validate_jets(..., seed=0)` would draw its conditions
#: from the very stream a simulator seeded with 0 in `aegan.jets`' way (SeedSequence(0)'s
#: first child) draws its uniforms from: a quantile map fitted with seed 0 then gave a response
#: whose u followed pT (correlation 0.95) and a b-tag whose u followed eta (0.998).
_SALT = 0x6A657473


class JetCriterion(NamedTuple):
    """One criterion of the jet bar: its name, the value found, the bar, and whether
    value <= bar."""

    name: str
    value: float
    bar: float
    passed: bool

    @classmethod
    def of(cls, name: str, value, bar: float) -> "JetCriterion":
        """Return the criterion `value <= bar` (a NaN value fails)."""
        value = float(value)
        return cls(name, value, float(bar), bool(value <= bar))


@dataclass(frozen=True)
class JetValidation:
    """What `validate_jets` measured; per-flavour arrays follow `aegan.jets.FLAVOURS`.

    Attributes:
        jets: the simulated jets (and the true jets per draw).
        conditions: their conditions (pT, eta, flavour), shape (jets, 3).
        simulated: the simulator's observables on them, shape (jets, 6).
        true: one true draw on the same conditions, shape (jets, 6).
        ks: KS distance of each Rosenblatt u to uniform (rows `aegan.jets.OBSERVABLES`), over all
            jets and in each flavour (columns `JET_GROUPS`).
        u_histograms: counts of each u in equal bins of [0, 1], shape (4, 6, bins), by group
            (`JET_GROUPS`) and observable: flat for a right simulator, a hump where it is too
            narrow, a U where too wide, a slope where shifted.
        group_jets: jets in each group of `JET_GROUPS`.
        u_correlations: Pearson correlations of the six u with each other (6 x 6).
        u_condition_correlations: Pearson correlations of each u (rows) with each of
            `JET_CONDITION_FEATURES` (columns).
        correlations: the simulated observables' Spearman correlation matrix per flavour,
            shape (3, 6, 6).
        true_correlations: the same of `TRUE_DRAWS` true draws on the same conditions.
        c2st: `stats.c2st` of simulated against true (log pT, eta, flavour, observables).
        null_c2st: the same test of another true draw against the same true points.
        efficiencies: the b-tag efficiency (tag "b-tag") and the light mistag rate (tag
            "mistag") in each pT bin (pt_low, pt_high): true and simulated, their binomial
            errors, the pull (simulated - true) / error and the simulated jets of the bin.
        extreme: simulated jets with a u within `EXTREME_U` of 0 or 1 (out of the law's
            reach, as far in a tail as one jet in a million per variable). Not a criterion of
            the bar: a count for the reader (true jets: about 12 per million).
    """

    jets: int
    conditions: np.ndarray
    simulated: np.ndarray
    true: np.ndarray
    ks: pd.DataFrame
    u_histograms: np.ndarray
    group_jets: tuple[int, ...]
    u_correlations: pd.DataFrame
    u_condition_correlations: pd.DataFrame
    correlations: np.ndarray
    true_correlations: np.ndarray
    c2st: stats.C2ST
    null_c2st: stats.C2ST
    efficiencies: pd.DataFrame
    extreme: int

    @property
    def max_u_correlation(self) -> float:
        """Return the largest |correlation| between two different u."""
        values = self.u_correlations.to_numpy()
        return float(np.abs(values[np.triu_indices(len(values), 1)]).max())

    @property
    def max_u_condition_correlation(self) -> float:
        """Return the largest |correlation| between a u and a condition."""
        return float(np.abs(self.u_condition_correlations.to_numpy()).max())

    @property
    def correlation_differences(self) -> np.ndarray:
        """Return simulated - true Spearman correlation matrices, shape (3, 6, 6)."""
        return self.correlations - self.true_correlations

    @property
    def max_correlation_differences(self) -> np.ndarray:
        """Return the largest |simulated - true| correlation entry of each flavour, (3,)."""
        return np.abs(self.correlation_differences).max(axis=(1, 2))

    def max_pull(self, tag: str) -> float:
        """Return the largest |pull| of a tag ("b-tag" or "mistag") over the pT bins."""
        tag = _validate.choice("tag", tag, ("b-tag", "mistag"))
        return float(self.efficiencies.loc[self.efficiencies["tag"] == tag, "pull"].abs().max())

    @property
    def criteria(self) -> list[JetCriterion]:
        """Return each criterion of the jet bar: name, value, bar and verdict."""
        criteria = [
            JetCriterion.of(f"KS of u: {name}", self.ks.loc[name, "all"], MAX_U_KS)
            for name in law.OBSERVABLES
        ]
        criteria += [
            JetCriterion.of(
                f"KS of u: {name}, worst flavour",
                self.ks.loc[name, list(law.FLAVOURS)].max(),
                MAX_FLAVOUR_U_KS,
            )
            for name in law.OBSERVABLES
        ]
        criteria += [
            JetCriterion.of("max |corr(u_i, u_j)|", self.max_u_correlation, MAX_U_CORRELATION),
            JetCriterion.of(
                "max |corr(u, condition)|", self.max_u_condition_correlation, MAX_U_CORRELATION
            ),
        ]
        criteria += [
            JetCriterion.of(
                f"corr. matrix {flavour}: max |sim - true|", value, MAX_CORRELATION_DIFFERENCE
            )
            for flavour, value in zip(law.FLAVOURS, self.max_correlation_differences, strict=True)
        ]
        bins = len(JET_PT_BINS) - 1
        criteria += [
            JetCriterion.of("C2ST AUC", self.c2st.auc, MAX_JET_C2ST_AUC),
            JetCriterion.of(
                f"b-tag eff.: max |pull|, {bins} pT bins", self.max_pull("b-tag"), MAX_BTAG_PULL
            ),
            JetCriterion.of(
                f"mistag: max |pull|, {bins} pT bins", self.max_pull("mistag"), MAX_MISTAG_PULL
            ),
        ]
        return criteria

    @property
    def failures(self) -> list[str]:
        """Return the criteria this validation misses, with the values found."""
        return [
            f"{c.name} <= {c.bar:g} (found {c.value:.4f})" for c in self.criteria if not c.passed
        ]

    @property
    def passes(self) -> bool:
        """Return whether every criterion of the jet bar is met."""
        return not self.failures

    def table(self, null: "JetValidation | None" = None) -> pd.DataFrame:
        """Return the criteria as a table: value, bar, pass (and the null's value beside).

        Args:
            null: the validation of true jets (`truth_jet_simulator`), whose values are
                shown in a column "truth"; None for none.

        Raises:
            TypeError: if null is neither None nor a JetValidation.
        """
        if null is not None and not isinstance(null, JetValidation):
            raise TypeError(f"null must be a JetValidation or None, got {type(null).__name__}")
        criteria = self.criteria
        table = pd.DataFrame(
            {
                "value": [round(c.value, 4) for c in criteria],
                "bar": [c.bar for c in criteria],
                "pass": ["yes" if c.passed else "NO" for c in criteria],
            },
            index=pd.Index([c.name for c in criteria], name="criterion"),
        )
        if null is not None:
            table.insert(1, "truth", [round(c.value, 4) for c in null.criteria])
        return table


def truth_jet_simulator(*, seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """Return a simulator that draws from the toy's exact law: conditions (n, 3) -> (n, 6).

    Each call draws new jets from one generator, seeded once here: a perfect simulator,
    whose validation is the null of `validate_jets`.

    Args:
        seed: seed of the draws, an integer >= 0.

    Raises:
        TypeError: if seed is not an integer.
        ValueError: if seed < 0.
    """
    rng = np.random.default_rng(_validate.seed("seed", seed))

    def simulate(conditions):
        return law.sample_observables(conditions, seed=rng)

    return simulate


def simulate_jets(simulator, conditions) -> np.ndarray:
    """Return a jet simulator's observables on conditions, checked: (n, 6), finite, float64.

    Args:
        simulator: a Keras model (called through `aegan.simulation.run`, on float32) or any
            callable mapping conditions (n, 3) to observables (n, 6).
        conditions: (n, 3) conditions (pT in GeV, eta, flavour 0/1/2).

    Raises:
        TypeError: if simulator is not callable.
        ValueError: if the conditions are not valid, or the simulator's output is not
            (n, 6) and finite.
    """
    _validate.callable_("simulator", simulator)
    conditions = law.conditions_array("conditions", conditions)
    if isinstance(simulator, keras.Model):
        output = run(simulator, conditions.astype(np.float32))
    else:
        output = simulator(conditions.copy())
    return law.observables_array("the simulator's output", output, rows=len(conditions))


def _efficiencies(conditions, simulated, true, draws: int) -> pd.DataFrame:
    """Return the b-tag efficiency and light mistag rate, true and simulated, per pT bin."""
    rows = []
    edges = np.asarray(JET_PT_BINS)
    pt_bin = np.clip(np.searchsorted(edges, conditions[:, 0], side="right") - 1, 0, len(edges) - 2)
    tags = (("b-tag", 2, law.BTAG_WORKING_POINT), ("mistag", 0, law.MISTAG_WORKING_POINT))
    for tag, flavour, cut in tags:
        for index in range(len(edges) - 1):
            chosen = (conditions[:, 2] == flavour) & (pt_bin == index)
            count = int(np.count_nonzero(chosen))
            simulated_rate = float(np.mean(simulated[chosen, 1] > cut)) if count else np.nan
            true_rate = float(np.mean(true[:, chosen, 1] > cut)) if count else np.nan
            simulated_error = np.sqrt(simulated_rate * (1.0 - simulated_rate) / max(count, 1))
            true_error = np.sqrt(true_rate * (1.0 - true_rate) / max(draws * count, 1))
            error = np.hypot(simulated_error, true_error)
            difference = simulated_rate - true_rate
            pull = difference / error if error > 0 else (0.0 if difference == 0 else np.inf)
            rows.append(
                {
                    "tag": tag,
                    "pt_low": edges[index],
                    "pt_high": edges[index + 1],
                    "true": true_rate,
                    "true_error": true_error,
                    "simulated": simulated_rate,
                    "simulated_error": simulated_error,
                    "pull": pull,
                    "jets": count,
                }
            )
    return pd.DataFrame(rows)


def _c2st_points(conditions: np.ndarray, observables: np.ndarray) -> np.ndarray:
    """Return the C2ST's points: (log pT, eta, flavour, the six observables)."""
    return np.column_stack([np.log(conditions[:, 0]), conditions[:, 1:], observables])


class _Truth(NamedTuple):
    """The truth's side of a validation, which depends on its seed and size alone."""

    conditions: np.ndarray
    true: np.ndarray
    groups: list[np.ndarray]
    correlations: list[np.ndarray]
    reference: np.ndarray
    null_c2st: stats.C2ST
    transform_seed: np.random.SeedSequence
    test_seed: int


@functools.lru_cache(maxsize=2)
def _truth(seed: int, count: int) -> _Truth:
    """Return the conditions, true draws, their correlations and the null C2ST of a validation.

    Kept for the last two (seed, jets): a page or a benchmark that validates several
    simulators with one seed draws and scores the truth once (the C2ST's null and the true
    Spearman matrices are most of a validation's time).
    """
    streams = np.random.SeedSequence([_SALT, seed]).spawn(4)
    condition_seed, truth_seed, transform_seed, test_seed = streams
    conditions = law.sample_conditions(count, seed=np.random.default_rng(condition_seed))
    true = law.sample_observables(
        np.tile(conditions, (TRUE_DRAWS, 1)), seed=np.random.default_rng(truth_seed)
    ).reshape(TRUE_DRAWS, count, len(law.OBSERVABLES))
    flavour = conditions[:, 2]
    groups = [np.ones(count, dtype=bool)] + [flavour == code for code in range(len(law.FLAVOURS))]
    correlations = [
        stats.spearman(true[:, group].reshape(-1, len(law.OBSERVABLES))) for group in groups[1:]
    ]
    half = count // 2
    reference = _c2st_points(conditions[half:], true[0, half:])
    test_seed = int(test_seed.generate_state(1)[0] % 2**31)
    null_c2st = stats.c2st(
        _c2st_points(conditions[:half], true[1, :half]), reference, seed=test_seed
    )
    for array in (conditions, true, reference, *groups, *correlations):
        array.flags.writeable = False  # shared between validations: nobody may change it
    return _Truth(
        conditions, true, groups, correlations, reference, null_c2st, transform_seed, test_seed
    )


def validate_jets(
    simulator, *, seed: int, jets: int = VALIDATION_JETS, bins: int = 20
) -> JetValidation:
    """Validate a jet simulator against the toy's exact law: the course's jet bar.

    The conditions of `jets` jets are drawn from the law, the simulator simulates them, and
    the law draws them `TRUE_DRAWS` times. The scores:

    - the Rosenblatt transform u of the simulated jets (`aegan.jets.rosenblatt`): each u's
      KS distance to uniform over all jets and in each flavour, and the largest
      |correlation| of two u, and of a u with a condition (log pT, eta, |eta|, flavour);
    - each flavour's Spearman correlation matrix of the six observables against the true
      draws'. Spearman, not Pearson: at 200,000 jets both scatter alike between true
      samples (the largest entry difference 0.005-0.017 in ten runs against four draws),
      but one jet at d_eta = d_phi = 0.5 among 40,000 b-jets moves a Pearson entry by 0.013,
      half the bar, and Spearman by nothing: ranks see the dependence alone, and the
      marginals are the KS's to judge;
    - a classifier two-sample test (`stats.c2st`) of the first half of the simulated jets
      against the second half of the first true draw, (log pT, eta, flavour, observables),
      and the same test of the first half of the second true draw (the null, in the same run);
    - the b-tag efficiency and light mistag rate per pT bin (`JET_PT_BINS`), simulated against
      all true draws on the same conditions, with binomial errors of both.

    `truth_jet_simulator` in place of the simulator gives the null of every score.

    Args:
        simulator: a Keras model (called through `aegan.simulation.run`) or any callable
            mapping conditions (pT_gen in GeV, eta_gen, flavour 0/1/2), shape (n, 3), to the
            six observables of `aegan.jets.OBSERVABLES`, shape (n, 6). A Keras simulator
            draws its own noise.
        seed: seed of the conditions, the true jets, the Rosenblatt transform's randomised
            track count and the C2ST, an integer >= 0.
        jets: jets to simulate, at least `MIN_JETS`; the bar is set at `VALIDATION_JETS`.
        bins: bins of the u histograms, at least 2.

    Returns:
        A `JetValidation`; its `criteria` and `passes` apply the bar.

    Raises:
        TypeError: if simulator is not callable or an integer argument is not an integer.
        ValueError: if an argument is out of range, or the simulator's output is not (n, 6)
            with a row per condition and finite.
    """
    _validate.callable_("simulator", simulator)
    seed = _validate.seed("seed", seed)
    count = _validate.positive_int("jets", jets, minimum=MIN_JETS)
    bins = _validate.positive_int("bins", bins, minimum=2)
    truth = _truth(seed, count)
    conditions, true, groups = truth.conditions, truth.true, truth.groups
    simulated = simulate_jets(simulator, conditions.copy())
    u = law.rosenblatt(conditions, simulated, seed=np.random.default_rng(truth.transform_seed))
    flavour = conditions[:, 2]
    ks = pd.DataFrame(
        [[stats.ks_uniform(u[group, i], 0.0, 1.0) for group in groups] for i in range(u.shape[1])],
        index=pd.Index(law.OBSERVABLES, name="u of"),
        columns=JET_GROUPS,
    )
    histograms = np.array(
        [
            [np.histogram(u[group, i], bins=bins, range=(0.0, 1.0))[0] for i in range(u.shape[1])]
            for group in groups
        ]
    )
    features = np.column_stack(
        [
            np.log(conditions[:, 0]),
            conditions[:, 1],
            np.abs(conditions[:, 1]),
            *[(flavour == code).astype(np.float64) for code in range(len(law.FLAVOURS))],
        ]
    )
    u_correlations = pd.DataFrame(
        stats.correlation(u, u), index=law.OBSERVABLES, columns=law.OBSERVABLES
    )
    u_condition_correlations = pd.DataFrame(
        stats.correlation(u, features), index=law.OBSERVABLES, columns=JET_CONDITION_FEATURES
    )
    correlations = [stats.spearman(simulated[group]) for group in groups[1:]]
    half = count // 2
    c2st = stats.c2st(
        _c2st_points(conditions[:half], simulated[:half]), truth.reference, seed=truth.test_seed
    )
    null_c2st, true_correlations = truth.null_c2st, truth.correlations
    return JetValidation(
        jets=count,
        conditions=conditions,
        simulated=simulated,
        true=true[0],
        ks=ks,
        u_histograms=histograms,
        group_jets=tuple(int(np.count_nonzero(group)) for group in groups),
        u_correlations=u_correlations,
        u_condition_correlations=u_condition_correlations,
        correlations=np.array(correlations),
        true_correlations=np.array(true_correlations),
        c2st=c2st,
        null_c2st=null_c2st,
        efficiencies=_efficiencies(conditions, simulated, true, TRUE_DRAWS),
        extreme=int(np.count_nonzero(np.any((u < EXTREME_U) | (u > 1.0 - EXTREME_U), axis=1))),
    )


def jet_summary(validation: JetValidation) -> dict[str, float]:
    """Return a validation's headline numbers: one row of a table comparing simulators.

    The worst KS of a u over all jets ("max_ks") and in any flavour ("max_flavour_ks"), the
    largest |correlation| of two u or of a u and a condition ("max_u_correlation"), the
    largest error of a per-flavour correlation ("correlation_difference"), the C2ST AUC and
    its null's, and the largest b-tag and mistag pulls.

    Raises:
        TypeError: if validation is not a JetValidation.
    """
    if not isinstance(validation, JetValidation):
        raise TypeError(f"validation must be a JetValidation, got {type(validation).__name__}")
    return {
        "max_ks": float(validation.ks["all"].max()),
        "max_flavour_ks": float(validation.ks[list(law.FLAVOURS)].to_numpy().max()),
        "max_u_correlation": max(
            validation.max_u_correlation, validation.max_u_condition_correlation
        ),
        "correlation_difference": float(validation.max_correlation_differences.max()),
        "c2st_auc": validation.c2st.auc,
        "null_c2st_auc": validation.null_c2st.auc,
        "btag_pull": validation.max_pull("b-tag"),
        "mistag_pull": validation.max_pull("mistag"),
    }
