"""Figures about quotations and speakers (the tables come from :mod:`helpers.quotes`)."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from helpers import plotting


def plot_speech_share(ax: Axes, summary: pd.DataFrame, colors: dict[str, str],
                      level: str = "speaker_group") -> Axes:
    """Grouped horizontal bars: share of each outlet's quoted words by ``level``, outlet colours.

    ``summary`` comes from :func:`helpers.quotes.speech_summary` (``by="outlet"``);
    ``colors`` from :func:`helpers.plotting.outlet_colors`. In each group the
    outlets' bars run from top to bottom in the order of the legend.
    """
    table = summary.pivot_table(index=level, columns="outlet", values="word_share",
                                aggfunc="sum", fill_value=0)
    table = table.reindex(columns=[o for o in colors if o in table.columns])
    table = table.loc[table.sum(axis=1) > 0]
    table = table.loc[table.sum(axis=1).sort_values().index]
    words = summary.groupby("outlet")["quoted_words"].sum()
    height = 0.8 / max(len(table.columns), 1)
    last = len(table.columns) - 1
    for k, outlet in enumerate(table.columns):  # y grows upwards: the first outlet goes on top
        ax.barh([i + (last - k) * height for i in range(len(table))], table[outlet] * 100,
                height=height, color=colors[outlet],
                label=f"{outlet} ({int(words.get(outlet, 0))} quoted words)")
    ax.set_yticks([i + height * (len(table.columns) - 1) / 2 for i in range(len(table))],
                  list(table.index))
    if table.empty:
        plotting.no_data(ax, "no quoted words")
    else:
        ax.legend(loc="lower right", fontsize=8)
    return ax
