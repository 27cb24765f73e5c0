"""Figures for :mod:`helpers.reuse` (and any small matrix): a labelled heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers import plotting

#: Rows or columns above which a heatmap's cells carry no written value, and its rows and
#: columns no label (they could not be read, and drawing them takes minutes).
MAX_VALUES = 40
MAX_LABELS = 120


def plot_matrix(ax: Axes, matrix: pd.DataFrame, label_colors: dict[str, str] | None = None,
                value_format: str = "{:.2f}", cmap: str = "Blues",
                colorbar_label: str = "") -> Axes:
    """Draw a labelled heatmap of a matrix, with each value written in its cell.

    ``label_colors`` colours tick labels (e.g. article_id -> outlet colour from
    :func:`helpers.plotting.article_colors`), darkened where needed to be readable
    (:func:`helpers.plotting.text_color`). An empty matrix gives a panel marked
    "no data". A matrix too big to read cell by cell is drawn without the values (more
    than :data:`MAX_VALUES` rows or columns) and without a label per row and column (more
    than :data:`MAX_LABELS`), so a corpus of thousands of articles still draws.
    """
    if matrix.empty:
        plotting.no_data(ax)
        return ax
    values = matrix.to_numpy().astype(float)
    top = np.nanmax(values) if np.isfinite(values).any() and np.nanmax(values) > 0 else 1.0
    image = ax.imshow(values, cmap=cmap, vmin=0, vmax=top, aspect="auto")
    if max(matrix.shape) <= MAX_LABELS:
        ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=30,
                      ha="right")
        ax.set_yticks(range(matrix.shape[0]), [str(r) for r in matrix.index])
    ax.grid(False)
    if max(matrix.shape) <= MAX_VALUES:
        for (r, c), value in np.ndenumerate(values):
            ax.text(c, r, value_format.format(value), ha="center", va="center", fontsize=9,
                    color="white" if value > 0.6 * top else "black")
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        if label_colors and label.get_text() in label_colors:
            label.set_color(plotting.text_color(label_colors[label.get_text()]))
            label.set_fontweight("bold")
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(colorbar_label)
    if np.allclose(values, np.round(values)):  # counts: whole-number ticks
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    return ax
