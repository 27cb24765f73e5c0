"""Figures of :mod:`helpers.figures`: which key facts each article mentions.

Finish each figure with :func:`helpers.plotting.finish`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from helpers import plotting
from helpers.corpus import Corpus
from helpers.figures import coverage_matrix

#: Height of one fact's row, in inches.
ROW_HEIGHT = 0.4


def plot_fact_coverage(corpus: Corpus) -> tuple[plt.Figure, plt.Axes]:
    """A facts-by-articles grid of :func:`helpers.figures.coverage_matrix`: darker cells have
    more matches, each cell shows its count, and article labels take their outlet's colour.

    Without ``facts.csv`` the panel says so instead (see :func:`helpers.plotting.no_data`).
    """
    matrix = coverage_matrix(corpus)
    fig, ax = plotting.new_figure(height=1.6 + ROW_HEIGHT * max(len(matrix), 3))
    if matrix.empty:
        plotting.no_data(ax, "no facts to track: add facts.csv to the corpus folder")
        return fig, ax
    image = ax.imshow(matrix.to_numpy(), cmap="Greens", aspect="auto", vmin=0)
    top = max(int(matrix.to_numpy().max()), 1)
    for (i, j), value in np.ndenumerate(matrix.to_numpy()):
        ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=8,
                color="white" if value > top / 2 else "black")
    ax.set_xticks(range(matrix.shape[1]), list(matrix.columns), rotation=30, ha="right",
                  fontsize=8)
    ax.set_yticks(range(matrix.shape[0]), list(matrix.index), fontsize=8)
    colors = plotting.article_colors(corpus.articles)
    for label in ax.get_xticklabels():
        label.set_color(plotting.text_color(colors[label.get_text()]))
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="Matches in the article (count)")
    return fig, ax
