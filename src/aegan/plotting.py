"""Plot helpers for the lectures: each takes `ax=None` and returns the figure."""

import matplotlib.pyplot as plt
import numpy as np


def _axes(ax, figsize=(5.0, 5.0)):
    """Return (figure, axes): the given axes' figure, or a new square figure."""
    if ax is None:
        figure, ax = plt.subplots(figsize=figsize)
        return figure, ax
    return ax.figure, ax


def pca_projection(points, reconstructions, axis, mean, *, names=None, ax=None):
    """Draw points, the principal axis through their mean, and each point's projection on it.

    Args:
        points: (n, 2) original points.
        reconstructions: (n, 2) decoded points, on the axis.
        axis: (2,) direction of the first principal axis.
        mean: (2,) the points' mean, through which the axis passes.
        names: optional labels of the points.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax)
    points, reconstructions = np.asarray(points), np.asarray(reconstructions)
    reach = 1.2 * np.abs(points - mean).max()
    line = mean + np.outer([-reach, reach], axis)
    ax.plot(line[:, 0], line[:, 1], color="grey", lw=1, label="first principal axis")
    for start, end in zip(points, reconstructions, strict=True):
        ax.plot([start[0], end[0]], [start[1], end[1]], color="tab:red", lw=0.8, ls=":")
    ax.scatter(points[:, 0], points[:, 1], color="tab:blue", zorder=3, label="initial")
    ax.scatter(*reconstructions.T, color="tab:red", marker="x", zorder=3, label="decoded")
    for name, (x, y) in zip(names or [], points, strict=False):
        ax.annotate(name, (x, y), textcoords="offset points", xytext=(6, 4))
    ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax.legend(loc="upper left", fontsize="small")
    return figure


def reconstruction(events, reconstructions, *, title=None, ax=None, max_lines=300):
    """Draw events, their reconstructions, and a line from each event to its reconstruction.

    Args:
        events: (n, 2) original events.
        reconstructions: (n, 2) the model's outputs for them.
        title: optional axes title.
        ax: axes to draw on; a new figure when None.
        max_lines: how many event-to-reconstruction lines to draw at most.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax)
    events, reconstructions = np.asarray(events), np.asarray(reconstructions)
    for start, end in zip(events[:max_lines], reconstructions[:max_lines], strict=True):
        ax.plot([start[0], end[0]], [start[1], end[1]], color="grey", lw=0.3, alpha=0.5)
    ax.scatter(*events.T, s=4, color="tab:blue", label="events")
    ax.scatter(*reconstructions.T, s=4, color="tab:red", label="reconstructions")
    ax.set(xlabel="$x$", ylabel="$y$", aspect="equal", title=title)
    ax.legend(loc="upper right", fontsize="small", markerscale=3)
    return figure


def gan_points(real, generated, *, title=None, ax=None):
    """Draw real points in red and generated points in blue, as the GAN tutorial does.

    Args:
        real: (n, 2) real points.
        generated: (m, 2) generated points.
        title: optional axes title.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax)
    real, generated = np.asarray(real), np.asarray(generated)
    ax.scatter(*real.T, s=6, color="tab:red", label="real")
    ax.scatter(*generated.T, s=6, color="tab:blue", label="generated")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title)
    ax.legend(loc="upper center", fontsize="small", markerscale=2)
    return figure


def gan_snapshots(snapshots, real, *, axes=None):
    """Draw one panel per GAN snapshot: its generated points against `real`, with accuracies.

    Args:
        snapshots: `aegan.callbacks.Snapshot`s (iteration, real_accuracy, fake_accuracy, points).
        real: (n, 2) real points drawn in every panel.
        axes: a sequence of as many axes as snapshots; a new row of panels when None.

    Returns:
        The figure.
    """
    snapshots = list(snapshots)
    if axes is None:
        figure, axes = plt.subplots(
            1, len(snapshots), figsize=(3.0 * len(snapshots), 3.2), sharex=True, sharey=True
        )
        axes = np.atleast_1d(axes)
    figure = axes[0].figure
    for snapshot, ax in zip(snapshots, axes, strict=True):
        title = (
            f"iteration {snapshot.iteration}\n"
            f"accuracy real {snapshot.real_accuracy:.2f}, fake {snapshot.fake_accuracy:.2f}"
        )
        gan_points(real, snapshot.points, title=title, ax=ax)
        ax.title.set_fontsize("small")
        if ax is not axes[0]:
            ax.get_legend().remove()
            ax.set_ylabel("")
    figure.tight_layout()
    return figure


def gan_losses(iterations, losses, *, ax=None):
    """Draw the GAN's losses against the iteration count.

    Args:
        iterations: (k,) iteration count at the end of each logged block.
        losses: a dict of name -> (k,) mean loss over each block.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax, figsize=(7.0, 3.5))
    for name, values in losses.items():
        ax.plot(iterations, values, lw=1, label=name.replace("_", " "))
    ax.axhline(np.log(2.0), color="grey", lw=0.8, ls="--", label="ln 2 (undecided)")
    ax.set(xlabel="iteration", ylabel="binary cross-entropy")
    ax.legend(fontsize="small")
    return figure


def gan_animation(snapshots, real, *, interval=200, dpi=72):
    """Return an animation of the snapshots' generated points moving onto the real ones.

    Args:
        snapshots: `aegan.callbacks.Snapshot`s, one frame each.
        real: (n, 2) real points drawn in every frame.
        interval: milliseconds between frames.
        dpi: resolution of the frames (keep it modest: each frame is embedded in the page).

    Returns:
        A `matplotlib.animation.FuncAnimation`; `aegan.outputs.Outputs.animation` plays it
        in a notebook, or writes it as an HTML file, with no external encoder.
    """
    from matplotlib import animation

    snapshots = list(snapshots)
    if not snapshots:
        raise ValueError("snapshots must hold at least one snapshot, got none")
    figure, ax = plt.subplots(figsize=(4.5, 3.6), dpi=dpi)
    gan_points(real, snapshots[0].points, ax=ax)
    generated = ax.collections[1]
    every = np.concatenate([np.asarray(real)] + [s.points for s in snapshots])
    low, high = np.percentile(every, [0.5, 99.5], axis=0)
    margin = 0.1 * (high - low)
    ax.set(xlim=(low[0] - margin[0], high[0] + margin[0]))
    ax.set(ylim=(low[1] - margin[1], high[1] + margin[1]))
    figure.tight_layout()

    def draw(index):
        generated.set_offsets(snapshots[index].points)
        ax.set_title(f"iteration {snapshots[index].iteration}")
        return (generated,)

    result = animation.FuncAnimation(figure, draw, frames=len(snapshots), interval=interval)
    plt.close(figure)
    return result


# --- Ring autoencoder (Lecture 2): the events, the decoded curve, the code against the angle ---


def ring_events(events, *, title=None, ax=None):
    """Draw ring events as small dots, on equal axes.

    Args:
        events: (n, 2) events.
        title: optional axes title.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax)
    events = np.asarray(events)
    ax.scatter(events[:, 0], events[:, 1], s=3, color="tab:blue")
    ax.set(xlabel="$x$", ylabel="$y$", aspect="equal", title=title)
    return figure


def decoded_curve(events, codes, decoded, *, title=None, ax=None):
    """Draw the points a decoder gives for a scan of the code, coloured by code, over the events.

    Args:
        events: (n, 2) events, drawn in light grey.
        codes: (m,) or (m, 1) scanned codes.
        decoded: (m, 2) the decoder's outputs for them.
        title: optional axes title.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax, figsize=(5.8, 5.0))
    events, decoded = np.asarray(events), np.asarray(decoded)
    codes = np.asarray(codes).reshape(-1)
    ax.scatter(events[:, 0], events[:, 1], s=3, color="lightgrey", label="events")
    scan = ax.scatter(
        decoded[:, 0], decoded[:, 1], c=codes, s=6, cmap="viridis", label="decoded scan"
    )
    figure.colorbar(scan, ax=ax, label="code")
    ax.set(xlabel="$x$", ylabel="$y$", aspect="equal", title=title)
    ax.legend(loc="center", fontsize="small", markerscale=2)  # a ring leaves its centre empty
    return figure


def code_vs_angle(events, codes, *, title=None, ax=None):
    """Draw each event's code against its polar angle in degrees, in [0, 360).

    Args:
        events: (n, 2) events.
        codes: (n,) or (n, 1) their codes.
        title: optional axes title.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax, figsize=(6.0, 3.5))
    events = np.asarray(events)
    codes = np.asarray(codes).reshape(-1)
    angles = np.degrees(np.mod(np.arctan2(events[:, 1], events[:, 0]), 2.0 * np.pi))
    ax.scatter(angles, codes, s=3, color="tab:blue")
    ax.set(xlabel="polar angle of the event (degrees)", ylabel="code", xlim=(0, 360), title=title)
    ax.set_xticks(range(0, 361, 45))
    return figure


# --- Generating ring events (Lecture 3): real against generated, radius and angle, codes ---


def generated_events(real, generated, *, title=None, ax=None):
    """Draw real events in grey and generated events in red, on equal axes.

    Args:
        real: (n, 2) real events.
        generated: (m, 2) generated events.
        title: optional axes title.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax)
    real, generated = np.asarray(real), np.asarray(generated)
    ax.scatter(*real.T, s=3, color="lightgrey", label="real")
    ax.scatter(*generated.T, s=3, color="tab:red", alpha=0.5, label="generated")
    ax.set(xlabel="$x$", ylabel="$y$", aspect="equal", title=title)
    ax.legend(loc="upper right", fontsize="small", markerscale=3)
    return figure


def _polar_histogram(samples, values, bins, limits, xlabel, ax):
    """Draw the density of `values(events)` for each labelled sample as a step histogram."""
    figure, ax = _axes(ax, figsize=(6.0, 3.5))
    for label, events in samples.items():
        ax.hist(
            values(np.asarray(events)),
            bins=bins,
            range=limits,
            density=True,
            histtype="step",
            lw=1.5,
            label=label,
        )
    ax.set(xlabel=xlabel, ylabel="density", xlim=limits)
    ax.legend(loc="best", fontsize="small")
    return figure


def radius_histogram(samples, *, bins=60, limits=(0.6, 1.4), ax=None):
    """Draw the density of the radius R of each labelled sample of events.

    Args:
        samples: dict mapping a label to an (n, 2) array of events.
        bins: number of bins.
        limits: (low, high) range of R shown.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """

    def radius(events):
        return np.hypot(events[:, 0], events[:, 1])

    return _polar_histogram(samples, radius, bins, limits, "radius $R$", ax)


def angle_histogram(samples, *, bins=36, ax=None):
    """Draw the density of the polar angle, in [-pi, pi), of each labelled sample of events.

    Args:
        samples: dict mapping a label to an (n, 2) array of events.
        bins: number of bins.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure (a uniform angle is the flat line at 1 / (2 pi)).
    """

    def angle(events):
        return np.arctan2(events[:, 1], events[:, 0])

    figure = _polar_histogram(samples, angle, bins, (-np.pi, np.pi), "polar angle (radians)", ax)
    axes = figure.axes[0] if ax is None else ax
    axes.axhline(1.0 / (2.0 * np.pi), color="grey", ls=":", lw=1)
    return figure


def latent_means(events, z_mean, *, title=None, ax=None):
    """Draw the encoder's latent means coloured by each event's polar angle.

    With one latent number the mean is drawn against the angle; with two or more, the first
    two coordinates of the mean are drawn against each other.

    Args:
        events: (n, 2) events.
        z_mean: (n,) or (n, latent_dim) their latent means.
        title: optional axes title.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    events = np.asarray(events)
    z_mean = np.asarray(z_mean).reshape(len(events), -1)
    angles = np.arctan2(events[:, 1], events[:, 0])
    if z_mean.shape[1] == 1:
        figure, ax = _axes(ax, figsize=(6.0, 3.5))
        points = ax.scatter(angles, z_mean[:, 0], c=angles, s=3, cmap="twilight")
        ax.set(xlabel="polar angle (radians)", ylabel="latent mean $z$", title=title)
    else:
        figure, ax = _axes(ax, figsize=(5.8, 5.0))
        points = ax.scatter(z_mean[:, 0], z_mean[:, 1], c=angles, s=3, cmap="twilight")
        ax.set(xlabel="latent mean $z_1$", ylabel="latent mean $z_2$", aspect="equal", title=title)
    figure.colorbar(points, ax=ax, label="polar angle (radians)")
    return figure


def gan_marginals(samples, low: float, high: float, *, bins: int = 20, ax=None):
    """Draw the histogram of x1 of each sample of points against the uniform density.

    Args:
        samples: a dict of label -> (n, 2) points.
        low: lower end of the uniform law of x1.
        high: upper end, > low.
        bins: histogram bins across [low, high].
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax, figsize=(7.0, 3.5))
    edges = np.linspace(low, high, bins + 1)
    for label, points in samples.items():
        ax.hist(np.asarray(points)[:, 0], bins=edges, density=True, histtype="step", label=label)
    ax.hlines(1.0 / (high - low), low, high, color="black", lw=1, ls="--", label="uniform")
    ax.set(xlabel="$x_1$", ylabel="density")
    ax.legend(fontsize="small", loc="lower center")
    return figure


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


def roc_curve(false_positive_rate, true_positive_rate, *, label=None, ax=None):
    """Draw a receiver operating characteristic (ROC) curve, with the diagonal of chance.

    Args:
        false_positive_rate: the fraction of normal events flagged, at each threshold.
        true_positive_rate: the fraction of anomalies flagged, at the same thresholds.
        label: the curve's legend entry.
        ax: the axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = _axes(ax)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="chance")
    ax.plot(false_positive_rate, true_positive_rate, label=label)
    ax.set(
        xlabel="fraction of normal events flagged",
        ylabel="fraction of anomalies flagged",
        xlim=(0, 1),
        ylim=(0, 1.01),
        aspect="equal",
    )
    ax.legend(loc="lower right")
    return figure


# --- Mode collapse (Lecture 4): generated points over the modes of a ring of Gaussians ---


def mode_panels(real, panels, centres, radius, *, axes=None):
    """Draw one panel per sample of generated points over the real points and their modes.

    Each mode is circled at `radius` from its centre: the band of `aegan.scores.mode_scores`.
    The title of each panel counts its points on a mode and the modes it covers.

    Args:
        real: (n, 2) real points, drawn in every panel.
        panels: {title: (m, 2) generated points}, one panel each.
        centres: (k, 2) centres of the modes.
        radius: radius of the circle drawn about each centre, > 0.
        axes: a sequence of as many axes as panels; a new row of panels when None.

    Returns:
        The figure.
    """
    real, centres = np.asarray(real), np.asarray(centres)
    if axes is None:
        figure, axes = plt.subplots(
            1, len(panels), figsize=(3.0 * len(panels), 3.3), sharex=True, sharey=True
        )
        axes = np.atleast_1d(axes)
    figure = axes[0].figure
    for (title, generated), ax in zip(panels.items(), axes, strict=True):
        generated = np.asarray(generated)
        ax.scatter(*real.T, s=3, color="tab:red", alpha=0.3, label="real")
        ax.scatter(*generated.T, s=3, color="tab:blue", label="generated")
        for centre in centres:
            ax.add_patch(plt.Circle(centre, radius, fill=False, color="grey", linestyle=":"))
        ax.set(xlabel="$x_1$", title=title, aspect="equal")
        ax.title.set_fontsize("small")
    axes[0].set_ylabel("$x_2$")
    axes[-1].legend(loc="center", fontsize="small", markerscale=3)  # inside the ring
    figure.tight_layout()
    return figure
