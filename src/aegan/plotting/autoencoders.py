"""Figures of Lectures 1 and 2: PCA and the autoencoder on points and on the ring, the
decoded curve, the code against the angle, and the ROC curve of the anomaly exercise.
"""

import numpy as np

from aegan.plotting._axes import axes_or_new


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
    figure, ax = axes_or_new(ax)
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
    figure, ax = axes_or_new(ax)
    events, reconstructions = np.asarray(events), np.asarray(reconstructions)
    for start, end in zip(events[:max_lines], reconstructions[:max_lines], strict=True):
        ax.plot([start[0], end[0]], [start[1], end[1]], color="grey", lw=0.3, alpha=0.5)
    ax.scatter(*events.T, s=4, color="tab:blue", label="events")
    ax.scatter(*reconstructions.T, s=4, color="tab:red", label="reconstructions")
    ax.set(xlabel="$x$", ylabel="$y$", aspect="equal", title=title)
    ax.legend(loc="upper right", fontsize="small", markerscale=3)
    return figure


def ring_events(events, *, title=None, ax=None):
    """Draw ring events as small dots, on equal axes.

    Args:
        events: (n, 2) events.
        title: optional axes title.
        ax: axes to draw on; a new figure when None.

    Returns:
        The figure.
    """
    figure, ax = axes_or_new(ax)
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
    figure, ax = axes_or_new(ax, figsize=(5.8, 5.0))
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
    figure, ax = axes_or_new(ax, figsize=(6.0, 3.5))
    events = np.asarray(events)
    codes = np.asarray(codes).reshape(-1)
    angles = np.degrees(np.mod(np.arctan2(events[:, 1], events[:, 0]), 2.0 * np.pi))
    ax.scatter(angles, codes, s=3, color="tab:blue")
    ax.set(xlabel="polar angle of the event (degrees)", ylabel="code", xlim=(0, 360), title=title)
    ax.set_xticks(range(0, 361, 45))
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
    figure, ax = axes_or_new(ax)
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
