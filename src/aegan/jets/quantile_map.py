"""The per-variable quantile map: the fast simulation a physicist writes one variable at a time.

The conditions are binned into cells, pT (edges at the training pT's quantiles) x |eta|
(equal bins over [0, 2.5]) x flavour, and each observable keeps its empirical quantiles in
each cell. A simulated jet draws each observable alone from its cell's quantile function, at
a uniform of its own: the marginals are right (up to the pT and |eta| variation inside a
cell), and every correlation between observables is lost.
"""

import dataclasses

import numpy as np

from aegan import _validate
from aegan.jets import law

#: The fewest training jets a cell may hold.
MIN_JETS_PER_CELL = 20


@dataclasses.dataclass(frozen=True, eq=False)
class QuantileMap:
    """Per-cell empirical quantiles of each observable; build it with `QuantileMap.fit`.

    Attributes:
        pt_edges: (pt_bins + 1,) pT edges in GeV; jets beyond the ends join the end cells.
        eta_edges: (eta_bins + 1,) |eta| edges over [0, 2.5]; beyond, the last cell.
        levels: (quantiles,) probability levels from 0 to 1.
        table: (pt_bins, eta_bins, 3, 6, quantiles) quantiles of each observable per cell.
        stream: the generator that `__call__` draws from.
    """

    pt_edges: np.ndarray
    eta_edges: np.ndarray
    levels: np.ndarray
    table: np.ndarray
    stream: np.random.Generator = dataclasses.field(repr=False)

    def __post_init__(self):
        expected = (
            len(self.pt_edges) - 1,
            len(self.eta_edges) - 1,
            len(law.FLAVOURS),
            len(law.OBSERVABLES),
            len(self.levels),
        )
        if self.table.shape != expected:
            raise ValueError(f"table must have shape {expected}, got shape {self.table.shape}")

    @classmethod
    def fit(
        cls,
        conditions,
        observables,
        *,
        pt_bins: int = 10,
        eta_bins: int = 5,
        quantiles: int = 201,
        seed=0,
    ) -> "QuantileMap":
        """Fit the per-cell quantiles of each observable to training jets.

        Args:
            conditions: (n, 3) training conditions (pT, eta, flavour).
            observables: (n, 6) training observables, one row per condition.
            pt_bins: number of pT bins, at least 1.
            eta_bins: number of |eta| bins, at least 1.
            quantiles: number of probability levels, from 0 to 1, at least 2.
            seed: seed of the stream that `__call__` draws from (an integer >= 0 or a
                `numpy.random.Generator`).

        Returns:
            The fitted QuantileMap.

        Raises:
            ValueError: if the arrays are not valid, their rows differ, a bin count is < 1,
                quantiles < 2, or a cell holds fewer than `MIN_JETS_PER_CELL` jets.
            TypeError: if a bin count is not an integer or the seed not a valid seed.
        """
        conditions = law.conditions_array("conditions", conditions)
        observables = law.observables_array("observables", observables, rows=len(conditions))
        pt_bins = _validate.positive_int("pt_bins", pt_bins)
        eta_bins = _validate.positive_int("eta_bins", eta_bins)
        quantiles = _validate.positive_int("quantiles", quantiles, minimum=2)
        (stream,) = law._streams(seed, 1)

        pt_edges = np.quantile(conditions[:, 0], np.linspace(0.0, 1.0, pt_bins + 1))
        eta_edges = np.linspace(0.0, law.ETA_MAX, eta_bins + 1)
        levels = np.linspace(0.0, 1.0, quantiles)
        cells = _cells(conditions, pt_edges, eta_edges)
        counts = np.bincount(cells, minlength=pt_bins * eta_bins * len(law.FLAVOURS))
        if counts.min() < MIN_JETS_PER_CELL:
            empty = int(np.argmin(counts))
            pt_index, eta_index, flavour = np.unravel_index(
                empty, (pt_bins, eta_bins, len(law.FLAVOURS))
            )
            raise ValueError(
                f"conditions must put at least {MIN_JETS_PER_CELL} jets in each cell, got "
                f"{counts.min()} in pT [{pt_edges[pt_index]:.4g}, {pt_edges[pt_index + 1]:.4g}] "
                f"GeV, |eta| [{eta_edges[eta_index]:.3g}, {eta_edges[eta_index + 1]:.3g}], "
                f"flavour {law.FLAVOURS[flavour]}: use fewer pt_bins or eta_bins, or more jets"
            )

        order = np.argsort(cells, kind="stable")
        groups = np.split(observables[order], np.cumsum(counts)[:-1])
        table = np.empty((len(groups), len(law.OBSERVABLES), quantiles))
        for index, group in enumerate(groups):
            table[index, :-1] = np.quantile(group[:, :-1], levels, axis=0).T
            table[index, -1] = np.quantile(group[:, -1], levels, method="inverted_cdf")
        table = table.reshape(pt_bins, eta_bins, len(law.FLAVOURS), *table.shape[1:])
        for array in (pt_edges, eta_edges, levels, table):
            array.setflags(write=False)
        return cls(pt_edges, eta_edges, levels, table, stream)

    def sample(self, conditions, *, seed) -> np.ndarray:
        """Draw each observable of each jet alone, from its cell's quantile function.

        A continuous observable interpolates its quantiles linearly; the track count takes
        the nearest level's inverted-CDF quantile, so it stays an integer.

        Args:
            conditions: (n, 3) conditions.
            seed: an integer >= 0 or a `numpy.random.Generator`; each observable draws its
                uniforms from a stream of its own.

        Returns:
            float64 array of shape (n, 6), columns as `law.OBSERVABLES`.

        Raises:
            ValueError: if the conditions are not valid.
            TypeError: if seed is not an integer or a Generator.
        """
        conditions = law.conditions_array("conditions", conditions)
        streams = law._streams(seed, len(law.OBSERVABLES))
        n, steps = len(conditions), len(self.levels) - 1
        table = self.table.reshape(-1, len(law.OBSERVABLES), len(self.levels))
        cells = _cells(conditions, self.pt_edges, self.eta_edges)
        result = np.empty((n, len(law.OBSERVABLES)))
        for column, stream in enumerate(streams):
            position = stream.uniform(size=n) * steps
            if column == len(law.OBSERVABLES) - 1:
                result[:, column] = table[cells, column, np.rint(position).astype(np.intp)]
                continue
            lower = np.minimum(np.floor(position).astype(np.intp), steps - 1)
            fraction = position - lower
            below, above = table[cells, column, lower], table[cells, column, lower + 1]
            result[:, column] = below + fraction * (above - below)
        return result

    def __call__(self, conditions) -> np.ndarray:
        """Draw observables for `conditions` from the map's own stream (see `sample`)."""
        return self.sample(conditions, seed=self.stream)


def _cells(conditions: np.ndarray, pt_edges: np.ndarray, eta_edges: np.ndarray) -> np.ndarray:
    """Return each jet's flat cell index (pT bin, |eta| bin, flavour), end cells open."""
    pt_index = np.searchsorted(pt_edges[1:-1], conditions[:, 0], side="right")
    eta_bins = len(eta_edges) - 1
    scaled = np.floor(np.abs(conditions[:, 1]) / eta_edges[-1] * eta_bins)
    eta_index = np.minimum(scaled, eta_bins - 1).astype(np.intp)
    flavour = conditions[:, 2].astype(np.intp)
    return (pt_index * eta_bins + eta_index) * len(law.FLAVOURS) + flavour
