"""Figures of a fast simulation against the exact law (Lectures 5 and 6): the response and the
resolution against energy, response histograms, PIT histograms and the validation curves.
"""

import matplotlib.pyplot as plt
import numpy as np


def response_vs_energy(energies, medians, widths, *, axes=None):
    """Draw the response (median R) and the resolution (core width) against the true energy.

    Args:
        energies: the true energies (GeV) of the points.
        medians: a dict of label -> median response at each energy; the first is drawn as a
            line (the truth), the others as markers.
        widths: a dict of label -> core width at each energy, the same labels.
        axes: two axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    if axes is None:
        figure, axes = plt.subplots(1, 2, figsize=(10.0, 4.0))
    else:
        figure = axes[0].figure
    energies = np.asarray(energies, dtype=float)
    markers = iter("os^Dv")
    for index, label in enumerate(medians):
        style = {"color": "black", "lw": 1.5} if index == 0 else {"marker": next(markers), "ls": ""}
        axes[0].plot(energies, medians[label], label=label, **style)
        axes[1].plot(energies, widths[label], label=label, **style)
    axes[0].set(xscale="log", xlabel="true energy E (GeV)", ylabel="median response R")
    axes[1].set(xscale="log", xlabel="true energy E (GeV)", ylabel="core width of R")
    axes[0].legend(fontsize="small")
    figure.tight_layout()
    return figure


def response_histograms(energies, samples, *, bins=60, axes=None):
    """Draw the response's histogram at each true energy, one panel each, for each sample.

    Args:
        energies: the true energies (GeV), one panel each.
        samples: a dict of label -> a sequence of response arrays, one per energy; the
            first is filled (the truth), the others drawn as steps.
        bins: bins of each histogram, across the first sample's 0.1 % to 100 % quantiles.
        axes: as many axes as energies; a new figure when None.

    Returns:
        The figure.
    """
    if axes is None:
        figure, axes = plt.subplots(
            1, len(energies), figsize=(3.4 * len(energies), 3.2), squeeze=False
        )
        axes = axes[0]
    else:
        figure = axes[0].figure
    first = next(iter(samples.values()))
    for index, (energy, ax) in enumerate(zip(energies, axes, strict=True)):
        low, high = np.quantile(first[index], [0.001, 1.0])
        edges = np.linspace(low, high, bins + 1)
        for rank, (label, responses) in enumerate(samples.items()):
            kind = {"histtype": "stepfilled", "alpha": 0.35} if rank == 0 else {"histtype": "step"}
            ax.hist(responses[index], bins=edges, density=True, label=label, **kind)
        ax.set(yscale="log", xlabel="response R", title=f"E = {energy:g} GeV")
    axes[0].set(ylabel="density")
    axes[0].legend(fontsize="small", loc="upper left")
    figure.tight_layout()
    return figure


def _validations(validations) -> dict:
    """Return validations as a dict of label -> SimulatorValidation (one alone is "simulator")."""
    from aegan import scores

    if isinstance(validations, scores.SimulatorValidation):
        return {"simulator": validations}
    if not isinstance(validations, dict) or not validations:
        raise TypeError(
            "validations must be a SimulatorValidation or a non-empty dict of label -> "
            f"SimulatorValidation, got {type(validations).__name__}"
        )
    for label, validation in validations.items():
        if not isinstance(validation, scores.SimulatorValidation):
            raise TypeError(
                f"validations[{label!r}] must be a SimulatorValidation, got "
                f"{type(validation).__name__}"
            )
    energies = [tuple(v.energies) for v in validations.values()]
    if len(set(energies)) > 1:
        raise ValueError(f"validations must share their test energies, got {energies}")
    return validations


def pit_histograms(validations, *, axes=None):
    """Draw the PIT's histogram at each test energy, one panel each, for each validation.

    The density of PIT = F(R | E) is flat at 1 for a right simulation; the grey band is the
    +-1 standard deviation of a bin's density for true samples of the same size. A hump
    means simulated responses too narrow (they crowd the middle of the true law), a U too
    wide, a slope a shifted median.

    Args:
        validations: a `scores.SimulatorValidation`, or a dict of label -> validation (the
            same energies), such as {"simulator": ..., "true samples": ...}.
        axes: as many axes as test energies; a new figure when None.

    Returns:
        The figure.

    Raises:
        TypeError: if validations is not a validation or a non-empty dict of them.
        ValueError: if the validations' energies differ.
    """
    validations = _validations(validations)
    first = next(iter(validations.values()))
    energies = first.energies
    if axes is None:
        figure, axes = plt.subplots(
            1, len(energies), figsize=(2.6 * len(energies), 2.8), squeeze=False, sharey=True
        )
        axes = axes[0]
    else:
        figure = axes[0].figure
    for index, (energy, ax) in enumerate(zip(energies, axes, strict=True)):
        bins = first.pit_histograms.shape[1]
        edges = np.linspace(0.0, 1.0, bins + 1)
        spread = np.sqrt((bins - 1) / first.events)  # binomial sd of a bin's density
        ax.axhspan(1 - spread, 1 + spread, color="0.85", lw=0)
        ax.axhline(1.0, color="black", lw=0.8)
        for label, validation in validations.items():
            density = validation.pit_histograms[index] * bins / validation.events
            ax.stairs(density, edges, label=label, lw=1.5)
        ax.set(xlabel="PIT = F(R | E)", title=f"E = {energy:g} GeV", xlim=(0.0, 1.0))
    axes[0].set(ylabel="density")
    axes[0].legend(fontsize="small", loc="lower center")
    figure.tight_layout()
    return figure


def validation_curves(validations, *, axes=None):
    """Draw response and resolution against E, with error bars and a ratio panel to the truth.

    Top left the median response, top right the core width (`scores.core_width`), each
    validation with its statistical errors and the exact law as a line; below each, the
    ratio simulated / exact, with the course's bar shaded (median within 0.01, width within
    4 %).

    Args:
        validations: a `scores.SimulatorValidation`, or a dict of label -> validation.
        axes: a 2 x 2 array of axes; a new figure when None.

    Returns:
        The figure.

    Raises:
        TypeError: if validations is not a validation or a non-empty dict of them.
        ValueError: if the validations' energies differ.
    """
    from aegan import scores

    validations = _validations(validations)
    first = next(iter(validations.values()))
    if axes is None:
        figure, axes = plt.subplots(
            2, 2, figsize=(10.0, 5.5), sharex=True, gridspec_kw={"height_ratios": (2, 1)}
        )
    else:
        figure = axes[0, 0].figure
    energies = first.energies
    median_band = scores.MAX_MEDIAN_DEVIATION / first.exact_median
    axes[1, 0].fill_between(energies, 1 - median_band, 1 + median_band, color="0.88", lw=0)
    axes[1, 1].axhspan(
        1 - scores.MAX_WIDTH_DEVIATION, 1 + scores.MAX_WIDTH_DEVIATION, color="0.88", lw=0
    )
    axes[0, 0].plot(energies, first.exact_median, color="black", lw=1.2, label="exact")
    axes[0, 1].plot(energies, first.exact_width, color="black", lw=1.2, label="exact")
    for ax in axes[1]:
        ax.axhline(1.0, color="black", lw=0.8)
    markers = iter("os^Dv<>")
    count = len(validations)
    for rank, (label, validation) in enumerate(validations.items()):
        # Each validation a little to the side, so that error bars do not hide each other.
        shifted = energies * 1.02 ** (rank - (count - 1) / 2)
        style = {"marker": next(markers), "ls": "", "capsize": 2, "label": label}
        axes[0, 0].errorbar(shifted, validation.median, validation.median_error, **style)
        axes[0, 1].errorbar(shifted, validation.width, validation.width_error, **style)
        axes[1, 0].errorbar(
            shifted,
            validation.median / validation.exact_median,
            validation.median_error / validation.exact_median,
            **style,
        )
        axes[1, 1].errorbar(shifted, validation.width_ratio, validation.width_ratio_error, **style)
    axes[0, 0].set(ylabel="median response R")
    axes[0, 1].set(ylabel="core width of R")
    axes[1, 0].set(ylabel="simulated / exact", xlabel="true energy E (GeV)", xscale="log")
    axes[1, 1].set(ylabel="simulated / exact", xlabel="true energy E (GeV)", xscale="log")
    axes[0, 0].legend(fontsize="small")
    figure.tight_layout()
    return figure
