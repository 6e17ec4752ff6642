"""Figures of Lecture 4's GANs: real and generated points, snapshots and an animation of the
training, the losses, the marginals, and the panels of mode collapse.
"""

import matplotlib.pyplot as plt
import numpy as np

from aegan.plotting._axes import axes_or_new


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
    figure, ax = axes_or_new(ax)
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
    figure, ax = axes_or_new(ax, figsize=(7.0, 3.5))
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
    figure, ax = axes_or_new(ax, figsize=(7.0, 3.5))
    edges = np.linspace(low, high, bins + 1)
    for label, points in samples.items():
        ax.hist(np.asarray(points)[:, 0], bins=edges, density=True, histtype="step", label=label)
    ax.hlines(1.0 / (high - low), low, high, color="black", lw=1, ls="--", label="uniform")
    ax.set(xlabel="$x_1$", ylabel="density")
    ax.legend(fontsize="small", loc="lower center")
    return figure


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
