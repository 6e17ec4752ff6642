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
