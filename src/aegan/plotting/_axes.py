"""The axes a plot helper draws on: the caller's, or a new figure's."""

import matplotlib.pyplot as plt


def axes_or_new(ax, figsize=(5.0, 5.0)):
    """Return (figure, axes): the given axes' figure, or a new square figure."""
    if ax is None:
        figure, ax = plt.subplots(figsize=figsize)
        return figure, ax
    return ax.figure, ax
