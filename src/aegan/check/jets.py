"""`python -m aegan.check jets`: Lecture 7's fast simulation of jets."""

import functools
import math
import time
from pathlib import Path

import keras

from aegan import jets, scores
from aegan.check.report import SEED, CheckError, Report, load, size

#: What the checked model is, in the report's messages.
ROLE = "jet simulator"


@functools.cache
def _null_validation() -> tuple["scores.JetValidation", float]:
    """Return the validation of true jets (the exact law) and its seconds, once per process."""
    start = time.perf_counter()
    validation = scores.validate_jets(scores.truth_jet_simulator(seed=SEED + 1), seed=SEED)
    return validation, time.perf_counter() - start


def check_jets(simulator_path: str | Path) -> Report:
    """Check a jet simulator against Lecture 7's bar (`scores.validate_jets`).

    The criteria are the lecture's, from `aegan.scores`, on `scores.VALIDATION_JETS` jets:
    each Rosenblatt u within `scores.MAX_U_KS` (KS) of uniform over all jets and
    `scores.MAX_FLAVOUR_U_KS` in each flavour; no |correlation| of two u, or of a u and a
    condition, above `scores.MAX_U_CORRELATION`; each flavour's correlation matrix within
    `scores.MAX_CORRELATION_DIFFERENCE` of the truth's; a C2ST AUC of at most
    `scores.MAX_JET_C2ST_AUC`; the b-tag efficiency and light mistag within
    `scores.MAX_BTAG_PULL` and `scores.MAX_MISTAG_PULL` standard errors in each pT bin.
    Beside each value stands that of as many true jets (the exact law judged alike, what a
    perfect simulator gets); the null C2ST of the same run and the count of extreme u are
    given for information, and the notes say how long the validation took.

    Args:
        simulator_path: the simulator, a Keras model mapping conditions (pT_gen in GeV,
            eta_gen, flavour 0/1/2), shape (n, 3), to the six observables of
            `aegan.jets.OBSERVABLES`, shape (n, 6), drawing its own noise.

    Returns:
        The report, whose verdict is the validation's `passes`.

    Raises:
        CheckError: if the file cannot be loaded, or the model does not map (n, 3) to
            (n, 6), or returns another shape or NaN.
    """
    simulator = load(simulator_path, ROLE)
    shapes = size(simulator, "input", ROLE), size(simulator, "output", ROLE)
    if shapes != (len(jets.CONDITIONS), len(jets.OBSERVABLES)):
        raise CheckError(
            f"{ROLE}: maps (n, {shapes[0]}) to (n, {shapes[1]}); a jet simulator maps "
            "conditions (pT_gen, eta_gen, flavour), shape (n, 3), to the six observables "
            f"({', '.join(jets.OBSERVABLES)}), shape (n, 6)"
        )
    keras.utils.set_random_seed(SEED)  # noise a simulator draws from Keras' global seed
    start = time.perf_counter()
    try:
        validation = scores.validate_jets(simulator, seed=SEED)
    except ValueError as error:  # the output's shape or finiteness: unusable
        lines = str(error).strip().splitlines() or [type(error).__name__]
        raise CheckError(f"{ROLE}: {lines[0][:200]}") from None
    seconds = time.perf_counter() - start
    null, null_seconds = _null_validation()
    report = Report("jets", str(simulator_path))
    for criterion, perfect in zip(validation.criteria, null.criteria, strict=True):
        report.add(
            f"{criterion.name} <= {criterion.bar:g}",
            criterion.passed,
            f"{criterion.value:.4f} (true jets: {perfect.value:.4f})",
            # NaN (a correlation of a constant u, which fails) is no JSON number: null.
            value=criterion.value if math.isfinite(criterion.value) else None,
        )
    report.add(
        "null C2ST AUC (true against true)",
        True,
        f"{validation.null_c2st.auc:.4f}, the same test of true jets in this run",
        value=validation.null_c2st.auc,
        required=False,
    )
    report.add(
        f"jets with a u within {scores.EXTREME_U:g} of 0 or 1",
        True,
        f"{validation.extreme:,} of {validation.jets:,} (true jets: {null.extreme:,})",
        value=validation.extreme,
        required=False,
    )
    report.notes.append(
        f"{validation.jets:,} jets drawn from the toy's law (pT^-2 on [20, 300] GeV, flat eta, "
        "light:c:b = 0.6:0.2:0.2); u = the Rosenblatt transform of the simulated observables "
        "under the exact law, six independent U(0, 1) for a perfect simulator; correlation "
        "matrices are Spearman's, per flavour, against the truth drawn "
        f"{scores.TRUE_DRAWS} times on the same conditions"
    )
    report.notes.append(
        f"C2ST: a classifier told {validation.c2st.held_out[0] * 2:,} simulated jets (log pT, "
        "eta, flavour, observables) from as many true ones; AUC 0.5 +- "
        f"{validation.c2st.error:.4f} when it cannot"
    )
    report.notes.append(
        f"the validation took {seconds:.1f} s on this machine (the truth's, once per process, "
        f"{null_seconds:.1f} s)"
    )
    return report
