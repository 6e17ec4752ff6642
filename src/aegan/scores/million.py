"""The calorimeter simulation judged at the scale of use: 1,000,000 events over the spectrum.

At 100,000 pairs no classifier ranks the course's simulators (the null itself spans
0.5006-0.5026); at a million events the PIT chi-squared over (PIT x energy) bins
(`pit_chi2`) and the C2ST (`spectrum_c2st`) tell them apart. The validation of
`aegan.scores.simulator` says where a simulator is wrong; these say how far, at that scale.
"""

from typing import NamedTuple

import numpy as np

from aegan import _validate, data, stats
from aegan.scores.simulator import reconstruct

#: Events of `pit_chi2` and pairs per side of `spectrum_c2st`: the scale of a fast simulation.
JUDGED_EVENTS = 1_000_000
#: The PIT chi-squared's bins: equal bins of the PIT in each of equal-probability energy bins.
PIT_BINS = 16
PIT_ENERGY_BINS = 6
#: Fewest expected events in a (energy, PIT) bin for the chi-squared law to hold.
PIT_MIN_EXPECTED = 50


class PitChi2(NamedTuple):
    """The result of `pit_chi2`.

    Attributes:
        chi2: sum over the (energy, PIT) bins of (observed - expected)^2 / expected.
        ndf: its degrees of freedom, energy bins x (PIT bins - 1).
        counts: the observed counts, (energy bins, PIT bins).
        energy_edges: the energy bins' edges (GeV).
    """

    chi2: float
    ndf: int
    counts: np.ndarray
    energy_edges: np.ndarray

    @property
    def per_ndf(self) -> float:
        """Return chi2 / ndf: about 1 for a perfect simulator."""
        return self.chi2 / self.ndf

    @property
    def null_error(self) -> float:
        """Return sqrt(2 / ndf), the standard deviation of chi2 / ndf for a perfect simulator."""
        return float(np.sqrt(2.0 / self.ndf))


def spectrum_energy_edges(bins: int = PIT_ENERGY_BINS) -> np.ndarray:
    """Return the edges (GeV) of `bins` energy bins of equal probability under the E^-2 spectrum.

    Raises:
        ValueError: if bins < 1.
    """
    bins = _validate.positive_int("bins", bins)
    probabilities = np.linspace(0.0, 1.0, bins + 1)
    edges = 1.0 / (1.0 / data.E_MIN - probabilities * (1.0 / data.E_MIN - 1.0 / data.E_MAX))
    edges[0], edges[-1] = data.E_MIN, data.E_MAX
    return edges


def pit_chi2(
    simulator,
    *,
    events: int = JUDGED_EVENTS,
    seed,
    pit_bins: int = PIT_BINS,
    energy_bins: int = PIT_ENERGY_BINS,
) -> PitChi2:
    """Return the chi-squared of the PIT = F(R | E) against flat in (energy, PIT) bins.

    `events` true energies are drawn from the toy's spectrum, the simulator reconstructs each
    once, and the exact conditional CDF (`data.calorimeter_cdf`) of each response is binned
    in `pit_bins` equal bins of [0, 1] inside each of `energy_bins` energy bins of equal
    probability (`spectrum_energy_edges`). Each energy bin's count is shared flat among its
    PIT bins; for a perfect simulator chi2 / ndf is about 1 within sqrt(2 / ndf) (0.15 for
    90 degrees of freedom). At 1,000,000 events a core 1 % too wide or too narrow is far above.

    Args:
        simulator: a Keras model or callable mapping true energies (n, 1) in GeV to
            reconstructed energies (n, 1) in GeV.
        events: the events, enough for `PIT_MIN_EXPECTED` (50) expected in every bin.
        seed: seed or `numpy.random.Generator` of the energies.
        pit_bins: PIT bins in each energy bin, at least 2.
        energy_bins: energy bins, at least 1.

    Returns:
        A `PitChi2`.

    Raises:
        TypeError: if simulator is not callable or a count is not an integer.
        ValueError: if fewer than 50 events are expected in a bin, or the simulator's output
            is not (n, 1) and finite.
    """
    _validate.callable_("simulator", simulator)
    events = _validate.positive_int("events", events)
    pit_bins = _validate.positive_int("pit_bins", pit_bins, minimum=2)
    energy_bins = _validate.positive_int("energy_bins", energy_bins)
    cells = pit_bins * energy_bins
    if events / cells < PIT_MIN_EXPECTED:
        raise ValueError(
            f"events must give at least {PIT_MIN_EXPECTED} expected events in each of the {cells} "
            f"(energy, PIT) bins, that is >= {PIT_MIN_EXPECTED * cells}, got {events}"
        )
    energies = data.calorimeter_energies(events, seed=seed)
    pit = data.calorimeter_cdf(reconstruct(simulator, energies), energies)
    edges = spectrum_energy_edges(energy_bins)
    counts = np.histogram2d(energies, pit, bins=(edges, np.linspace(0.0, 1.0, pit_bins + 1)))[0]
    expected = counts.sum(axis=1, keepdims=True) / pit_bins
    if expected.min() < PIT_MIN_EXPECTED:
        raise ValueError(
            f"events must give at least {PIT_MIN_EXPECTED} expected events in each bin, got "
            f"{float(expected.min()):.1f} in an energy bin of {int(counts.sum(axis=1).min())}"
        )
    chi2 = float(np.sum((counts - expected) ** 2 / expected))
    return PitChi2(chi2, energy_bins * (pit_bins - 1), counts.astype(np.int64), edges)


def spectrum_c2st(simulator, *, pairs: int = JUDGED_EVENTS, seed: int) -> stats.C2ST:
    """Return the classifier two-sample test of simulated against true (log E, R) pairs.

    `pairs` true energies are drawn from the spectrum and reconstructed by the simulator;
    as many fresh true pairs (`data.calorimeter`) are the other sample; `stats.c2st` holds
    out half of each. At 1,000,000 pairs a side its AUC scatters about 0.5 by 0.0006 for a
    perfect simulator (`C2ST.error`).

    Args:
        simulator: a Keras model or callable mapping true energies (n, 1) in GeV to
            reconstructed energies (n, 1) in GeV.
        pairs: pairs per side, at least 20.
        seed: seed of the energies, the true pairs and the test, an integer >= 0.

    Returns:
        A `stats.C2ST`: the AUC and its standard error under the null.

    Raises:
        TypeError: if simulator is not callable or pairs or seed not an integer.
        ValueError: if pairs < 20, or the simulator's output is not (n, 1) and finite.
    """
    _validate.callable_("simulator", simulator)
    pairs = _validate.positive_int("pairs", pairs, minimum=20)
    energy_seed, truth_seed, test_seed = np.random.SeedSequence(_validate.seed("seed", seed)).spawn(
        3
    )
    energies = data.calorimeter_energies(pairs, seed=np.random.default_rng(energy_seed))
    simulated = np.stack([np.log(energies), reconstruct(simulator, energies)], axis=1)
    true_energies, true_responses = data.calorimeter(pairs, seed=np.random.default_rng(truth_seed))
    true_pairs = np.stack([np.log(true_energies), true_responses], axis=1)
    return stats.c2st(simulated, true_pairs, seed=int(test_seed.generate_state(1)[0] % 2**31))
