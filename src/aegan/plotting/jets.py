"""Figures of a jet simulation against the toy's exact law (Lecture 7): the observables'
marginals per flavour with ratio panels, the correlation matrices' differences, the
Rosenblatt u histograms and the tagging efficiencies against pT.
"""

import matplotlib.pyplot as plt
import numpy as np

from aegan import jets

#: Axis labels of the observables.
_LABELS = {
    "response": r"response $p_T^{reco} / p_T^{gen}$",
    "btag": "b-tag score",
    "d_eta": r"$\eta^{reco} - \eta^{gen}$",
    "d_phi": r"$\phi^{reco} - \phi^{gen}$",
    "mass_ratio": r"$m / p_T^{reco}$",
    "tracks": "tracks",
}

#: The pT ticks of the efficiency panels (GeV).
_PT_TICKS = (20, 30, 50, 100, 200, 300)


def _validations(validations) -> dict:
    """Return validations as a dict of label -> JetValidation (one alone is "simulator")."""
    from aegan import scores

    if isinstance(validations, scores.JetValidation):
        return {"simulator": validations}
    if not isinstance(validations, dict) or not validations:
        raise TypeError(
            "validations must be a JetValidation or a non-empty dict of label -> "
            f"JetValidation, got {type(validations).__name__}"
        )
    for label, validation in validations.items():
        if not isinstance(validation, scores.JetValidation):
            raise TypeError(
                f"validations[{label!r}] must be a JetValidation, got {type(validation).__name__}"
            )
    return validations


def _flavours(flavours) -> list[int]:
    """Return the codes of the named flavours, or raise naming the argument."""
    if isinstance(flavours, str):
        flavours = (flavours,)
    codes = []
    for flavour in flavours:
        if flavour not in jets.FLAVOURS:
            raise ValueError(f"flavours must be among {jets.FLAVOURS}, got {flavour!r}")
        codes.append(jets.FLAVOURS.index(flavour))
    if not codes:
        raise ValueError(f"flavours must name at least one of {jets.FLAVOURS}, got none")
    return codes


def _edges(name: str, values: np.ndarray, bins: int) -> np.ndarray:
    """Return histogram edges for an observable: its central 99.6 % (integers for tracks)."""
    if name == "btag":
        return np.linspace(0.0, 1.0, bins + 1)
    low, high = np.quantile(values, [0.002, 0.998])
    if name == "tracks":
        return np.arange(np.floor(low), np.ceil(high) + 2) - 0.5
    return np.linspace(low, high, bins + 1)


def jet_marginals(conditions, samples, *, flavours=jets.FLAVOURS, bins=40, axes=None):
    """Draw each observable's histogram per flavour, true against simulated, with ratios.

    For each flavour a row of six panels (one per observable) and below it their ratio
    panels: simulated / true per bin with its statistical error (both samples' counts),
    the grey band the truth's own +-1 standard deviation.

    Args:
        conditions: (n, 3) conditions (pT, eta, flavour) of the jets.
        samples: a dict of label -> (n, 6) observables on those conditions; the first is
            the truth (filled), the others are drawn as steps and in the ratio panels.
        flavours: the flavours to draw, names from `aegan.jets.FLAVOURS`.
        bins: bins of each histogram (the track count has one bin per count), at least 2.
        axes: a (2 x flavours, 6) array of axes; a new figure when None.

    Returns:
        The figure.

    Raises:
        TypeError: if samples is not a non-empty dict.
        ValueError: if a flavour is unknown, or a sample is not (n, 6) and finite.
    """
    conditions = jets.conditions_array("conditions", conditions)
    if not isinstance(samples, dict) or not samples:
        raise TypeError(
            "samples must be a non-empty dict of label -> observables, got "
            f"{type(samples).__name__}"
        )
    samples = {
        label: jets.observables_array(f"samples[{label!r}]", sample, rows=len(conditions))
        for label, sample in samples.items()
    }
    codes = _flavours(flavours)
    columns = len(jets.OBSERVABLES)
    if axes is None:
        # Each flavour's histograms sit on their ratios; a blank row parts the flavours.
        figure, grid = plt.subplots(
            3 * len(codes) - 1,
            columns,
            figsize=(2.6 * columns, 3.6 * len(codes)),
            gridspec_kw={
                "height_ratios": (2.4, 1, 0.75) * (len(codes) - 1) + (2.4, 1),
                "hspace": 0.06,
                "wspace": 0.35,
            },
            squeeze=False,
        )
        for spacer in grid[2::3].ravel():
            spacer.remove()
        axes = np.delete(grid, np.s_[2::3], axis=0)
        figure.subplots_adjust(left=0.06, right=0.99, top=0.98, bottom=0.08)
    else:
        figure = axes[0, 0].figure
    (truth_label, truth), *others = samples.items()
    for row, code in enumerate(codes):
        chosen = conditions[:, 2] == code
        for column, name in enumerate(jets.OBSERVABLES):
            top, bottom = axes[2 * row, column], axes[2 * row + 1, column]
            edges = _edges(name, truth[chosen, column], bins)
            true_counts = np.histogram(truth[chosen, column], edges)[0].astype(float)
            widths = np.diff(edges)
            total = np.count_nonzero(chosen)
            top.stairs(
                true_counts / total / widths,
                edges,
                fill=True,
                alpha=0.35,
                color="0.4",
                label=truth_label,
            )
            band = np.divide(
                1.0, np.sqrt(true_counts), out=np.zeros_like(true_counts), where=true_counts > 0
            )
            bottom.stairs(1 + band, edges, baseline=1 - band, fill=True, color="0.85", lw=0)
            bottom.axhline(1.0, color="black", lw=0.8)
            centres = 0.5 * (edges[1:] + edges[:-1])
            for rank, (label, sample) in enumerate(others):
                counts = np.histogram(sample[chosen, column], edges)[0].astype(float)
                color = f"C{rank}"
                top.stairs(counts / total / widths, edges, color=color, lw=1.2, label=label)
                shown = (true_counts > 0) & (counts > 0)
                ratio = np.divide(
                    counts, true_counts, out=np.full_like(counts, np.nan), where=true_counts > 0
                )
                error = ratio * np.sqrt(
                    np.divide(1.0, counts, out=np.zeros_like(counts), where=counts > 0)
                    + np.divide(1.0, true_counts, out=np.zeros_like(counts), where=shown)
                )
                bottom.errorbar(
                    centres[shown], ratio[shown], error[shown], fmt=".", color=color, ms=3, lw=0.8
                )
            top.set(yscale="log", xlim=(edges[0], edges[-1]), xticklabels=[])
            bottom.set(xlim=(edges[0], edges[-1]), ylim=(0.8, 1.2), xlabel=_LABELS[name])
            if column == 0:
                top.set_ylabel(f"{jets.FLAVOURS[code]} jets\ndensity")
                bottom.set_ylabel("sim. / true")
    axes[0, 0].legend(fontsize="small", loc="lower center")
    figure.align_ylabels(axes[:, 0])
    return figure


def correlation_differences(validation, *, axes=None):
    """Draw each flavour's simulated - true correlation matrix as a heat map, with values.

    The entries are the Spearman correlations of the six observables
    (`scores.validate_jets`); the bar asks every entry within
    `scores.MAX_CORRELATION_DIFFERENCE`. The colour scale spans twice the bar (or the
    largest difference, if larger), so an entry at the bar is half-way to full colour.

    Args:
        validation: a `scores.JetValidation`.
        axes: three axes, one per flavour; a new figure when None.

    Returns:
        The figure.

    Raises:
        TypeError: if validation is not a JetValidation.
    """
    from aegan import scores

    if not isinstance(validation, scores.JetValidation):
        raise TypeError(f"validation must be a JetValidation, got {type(validation).__name__}")
    differences = validation.correlation_differences
    if axes is None:
        figure, axes = plt.subplots(
            1, len(jets.FLAVOURS), figsize=(16.0, 5.2), layout="constrained"
        )
    else:
        figure = axes[0].figure
    limit = max(2 * scores.MAX_CORRELATION_DIFFERENCE, float(np.abs(differences).max()))
    ticks = np.arange(len(jets.OBSERVABLES))
    for flavour, difference, ax in zip(jets.FLAVOURS, differences, axes, strict=True):
        image = ax.imshow(difference, cmap="RdBu_r", vmin=-limit, vmax=limit)
        for (i, j), value in np.ndenumerate(difference):
            if i != j:
                ax.text(j, i, f"{value:+.3f}", ha="center", va="center", fontsize=7)
        ax.set_xticks(ticks, jets.OBSERVABLES, rotation=45, ha="right", fontsize="small")
        ax.set_yticks(ticks, jets.OBSERVABLES, fontsize="small")
        largest = float(np.abs(difference).max())
        ax.set_title(
            f"{flavour} jets: max |sim - true| {largest:.3f}\n"
            f"(bar {scores.MAX_CORRELATION_DIFFERENCE:g})",
            fontsize="medium",
        )
    figure.colorbar(image, ax=list(axes), shrink=0.8, label="simulated - true correlation")
    return figure


def rosenblatt_histograms(validations, *, by_flavour=False, axes=None):
    """Draw the histogram of each Rosenblatt u, all jets or per flavour, for each validation.

    A right simulator's u are uniform: flat at density 1, within the grey band (+-1
    standard deviation of a bin for as many true jets) but for chance. A hump means a
    conditional law too narrow, a U too wide, a slope a shifted one.

    Args:
        validations: a `scores.JetValidation`, or a dict of label -> validation (of the same
            size), such as {"simulator": ..., "truth": ...}.
        by_flavour: a row per flavour instead of one row for all jets.
        axes: a (rows, 6) array of axes; a new figure when None.

    Returns:
        The figure.

    Raises:
        TypeError: if validations is not a validation or a non-empty dict of them.
    """
    validations = _validations(validations)
    groups = list(range(1, 1 + len(jets.FLAVOURS))) if by_flavour else [0]
    columns = len(jets.OBSERVABLES)
    if axes is None:
        figure, axes = plt.subplots(
            len(groups),
            columns,
            figsize=(2.5 * columns, 2.5 * len(groups)),
            sharey=True,
            squeeze=False,
        )
    else:
        figure = axes[0, 0].figure
    first = next(iter(validations.values()))
    bins = first.u_histograms.shape[2]
    edges = np.linspace(0.0, 1.0, bins + 1)
    densities = [
        validation.u_histograms[groups] * bins / np.array(validation.group_jets)[groups, None, None]
        for validation in validations.values()
    ]
    widest = np.sqrt((bins - 1) / min(first.group_jets[group] for group in groups))
    limit = max(4 * widest, 1.1 * max(float(np.abs(density - 1).max()) for density in densities))
    for row, group in enumerate(groups):
        spread = np.sqrt((bins - 1) / first.group_jets[group])  # binomial sd of a bin's density
        name = "all jets" if group == 0 else f"{jets.FLAVOURS[group - 1]} jets"
        for column, observable in enumerate(jets.OBSERVABLES):
            ax = axes[row, column]
            ax.axhspan(1 - spread, 1 + spread, color="0.85", lw=0)
            ax.axhline(1.0, color="black", lw=0.8)
            for label, validation in validations.items():
                counts = validation.u_histograms[group, column]
                ax.stairs(counts * bins / validation.group_jets[group], edges, lw=1.3, label=label)
            ax.set(xlim=(0.0, 1.0), ylim=(1 - limit, 1 + limit))
            if row == len(groups) - 1:
                ax.set_xlabel(f"u of {observable}")
            if column == 0:
                ax.set_ylabel(f"{name}\ndensity")
    axes[0, 0].legend(fontsize="small", loc="lower center")
    figure.tight_layout()
    return figure


def tagging_efficiencies(validations, *, axes=None):
    """Draw the b-tag efficiency and the light mistag rate against pT, true and simulated.

    Top, the rates per pT bin (`scores.JET_PT_BINS`) with their binomial errors: the truth
    (from the first validation's true jets) as a black line in its error band, each
    simulator as markers. Below, the pulls (simulated - true) / error, with the bar shaded
    (|pull| <= `scores.MAX_BTAG_PULL` and `scores.MAX_MISTAG_PULL`).

    Args:
        validations: a `scores.JetValidation`, or a dict of label -> validation.
        axes: a 2 x 2 array of axes; a new figure when None.

    Returns:
        The figure.

    Raises:
        TypeError: if validations is not a validation or a non-empty dict of them.
    """
    from aegan import scores

    validations = _validations(validations)
    if axes is None:
        figure, axes = plt.subplots(
            2, 2, figsize=(10.0, 5.5), sharex=True, gridspec_kw={"height_ratios": (2, 1)}
        )
    else:
        figure = axes[0, 0].figure
    first = next(iter(validations.values()))
    panels = (
        (
            "b-tag",
            scores.MAX_BTAG_PULL,
            f"b-tag efficiency (b-jets, s > {jets.BTAG_WORKING_POINT:g})",
        ),
        (
            "mistag",
            scores.MAX_MISTAG_PULL,
            f"mistag rate (light jets, s > {jets.MISTAG_WORKING_POINT:g})",
        ),
    )
    count = len(validations)
    for column, (tag, bar, title) in enumerate(panels):
        top, bottom = axes[0, column], axes[1, column]
        truth = first.efficiencies[first.efficiencies["tag"] == tag]
        low, high = truth["pt_low"].to_numpy(), truth["pt_high"].to_numpy()
        centres = np.sqrt(low * high)
        steps = np.append(low, high[-1])
        rate, error = truth["true"].to_numpy(), truth["true_error"].to_numpy()
        top.stairs(rate + error, steps, baseline=rate - error, fill=True, color="0.8", lw=0)
        top.stairs(rate, steps, baseline=None, color="black", lw=1.2, label="true")
        bottom.axhspan(-bar, bar, color="0.88", lw=0)
        bottom.axhline(0.0, color="black", lw=0.8)
        markers = iter("os^Dv<>")
        for rank, (label, validation) in enumerate(validations.items()):
            table = validation.efficiencies[validation.efficiencies["tag"] == tag]
            # Each simulator a little to the side, so that error bars do not hide each other.
            shifted = centres * 1.03 ** (rank - (count - 1) / 2)
            style = {"marker": next(markers), "ls": "", "capsize": 2, "ms": 4, "label": label}
            top.errorbar(shifted, table["simulated"], table["simulated_error"], **style)
            bottom.errorbar(shifted, table["pull"], np.ones(len(table)), **style)
        top.set(xscale="log", ylabel="rate", title=title)
        bottom.set(xscale="log", xlabel=r"$p_T^{gen}$ (GeV)", ylabel="pull")
        bottom.set_xticks(_PT_TICKS, [f"{tick:g}" for tick in _PT_TICKS])
        bottom.set_xticks([], minor=True)
        top.legend(fontsize="small")
    figure.tight_layout()
    return figure
