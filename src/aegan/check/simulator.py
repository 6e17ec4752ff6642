"""`python -m aegan.check simulator`: Lecture 5's fast calorimeter simulation."""

import functools
from pathlib import Path

import keras

from aegan import scores
from aegan.check.report import SEED, CheckError, Report, load, size


@functools.cache
def _null_validation() -> "scores.SimulatorValidation":
    """Return the validation of true samples (the exact toy), once per process: the null."""
    return scores.validate_simulator(scores.truth_simulator(seed=SEED + 1), seed=SEED)


def check_simulator(simulator_path: str | Path) -> Report:
    """Check a simulator of the toy calorimeter against Lecture 5's bar (`scores`' validation).

    The criteria are the lecture's, from `aegan.scores`: at each of `scores.TEST_ENERGIES`,
    50,000 events whose PIT = F(R | E) has a KS distance of at most `scores.MAX_PIT_KS`, a
    median within `scores.MAX_MEDIAN_DEVIATION` and a core width within
    `scores.MAX_WIDTH_DEVIATION` of the exact law's; a mean PIT KS of at most
    `scores.MEAN_PIT_KS`; a C2ST AUC over the spectrum of at most `scores.MAX_C2ST_AUC`.
    Beside each value stands the one of as many true events (the exact toy), what a perfect
    simulator gets; the low-tail quantiles and the count of responses <= 0 (energies the toy
    never gives) are given for information.

    Args:
        simulator_path: the simulator, mapping true energies in GeV, shape (n, 1), to
            reconstructed energies in GeV, shape (n, 1), drawing its own noise.

    Returns:
        The report, whose verdict is the validation's `passes`.

    Raises:
        CheckError: if the file cannot be loaded, or the simulator has the wrong shape or
            returns another shape or NaN.
    """
    simulator = load(simulator_path, "simulator")
    shapes = size(simulator, "input", "simulator"), size(simulator, "output", "simulator")
    if shapes != (1, 1):
        raise CheckError(
            f"simulator: maps (n, {shapes[0]}) to (n, {shapes[1]}); a simulator maps true "
            "energies (n, 1) to reconstructed energies (n, 1)"
        )
    keras.utils.set_random_seed(SEED)  # noise a simulator draws from Keras' global seed
    try:
        validation = scores.validate_simulator(simulator, seed=SEED)
    except ValueError as error:  # the output's shape or finiteness: unusable
        lines = str(error).strip().splitlines() or [type(error).__name__]
        raise CheckError(f"simulator: {lines[0][:200]}") from None
    null = _null_validation()
    report = Report("simulator", str(simulator_path))
    for criterion, perfect in zip(validation.criteria, null.criteria, strict=True):
        report.add(
            criterion.name,
            criterion.passed,
            f"{criterion.value:.4f} (true events: {perfect.value:.4f})",
            value=criterion.value,
        )
    for i, energy in enumerate(validation.energies):
        found = ", ".join(
            f"Q{p:g} {validation.tail[i, j]:.3f} +- {validation.tail_error[i, j]:.3f} "
            f"(exact {validation.exact_tail[i, j]:.3f})"
            for j, p in enumerate(validation.tail_probabilities)
        )
        report.add(f"E = {energy:g} GeV: low tail", True, found, required=False)
    report.add(
        "responses <= 0 over the spectrum",
        True,
        f"{validation.nonpositive:,} of {validation.pairs:,} (true events: {null.nonpositive:,})",
        value=validation.nonpositive,
        required=False,
    )
    report.notes.append(
        f"{validation.events:,} events at each energy; PIT = F(E_reco / E_true | E_true) of the "
        "toy calorimeter, uniform for a perfect simulator; core width = (Q0.9 - Q0.5) / 1.2816 "
        "against the exact law's (scores.core_width)"
    )
    report.notes.append(
        f"C2ST: a classifier told {validation.pairs:,} simulated (log E, R) pairs over the "
        f"spectrum from as many true ones; AUC 0.5 +- {validation.c2st.error:.4f} when it "
        "cannot"
    )
    return report
