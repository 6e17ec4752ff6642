"""Figures of generated ring events (Lectures 3 and 5): real against generated, the radius and
the angle, the VAE's latent means.
"""

import numpy as np

from aegan.plotting._axes import axes_or_new


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
    figure, ax = axes_or_new(ax)
    real, generated = np.asarray(real), np.asarray(generated)
    ax.scatter(*real.T, s=3, color="lightgrey", label="real")
    ax.scatter(*generated.T, s=3, color="tab:red", alpha=0.5, label="generated")
    ax.set(xlabel="$x$", ylabel="$y$", aspect="equal", title=title)
    ax.legend(loc="upper right", fontsize="small", markerscale=3)
    return figure


def _polar_histogram(samples, values, bins, limits, xlabel, ax):
    """Draw the density of `values(events)` for each labelled sample as a step histogram."""
    figure, ax = axes_or_new(ax, figsize=(6.0, 3.5))
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
        figure, ax = axes_or_new(ax, figsize=(6.0, 3.5))
        points = ax.scatter(angles, z_mean[:, 0], c=angles, s=3, cmap="twilight")
        ax.set(xlabel="polar angle (radians)", ylabel="latent mean $z$", title=title)
    else:
        figure, ax = axes_or_new(ax, figsize=(5.8, 5.0))
        points = ax.scatter(z_mean[:, 0], z_mean[:, 1], c=angles, s=3, cmap="twilight")
        ax.set(xlabel="latent mean $z_1$", ylabel="latent mean $z_2$", aspect="equal", title=title)
    figure.colorbar(points, ax=ax, label="polar angle (radians)")
    return figure
