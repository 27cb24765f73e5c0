"""Figures for :mod:`helpers.sentiment`: means with bootstrap intervals, and tool scatter."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import plotting
from helpers.plots.framing import finish_panels
from helpers.sentiment import TOOLS

__all__ = ["finish_panels", "plot_intervals", "plot_tool_panels", "plot_tool_scatter"]


def plot_intervals(ax: plt.Axes, table: pd.DataFrame, y: str, hue: str | None = None,
                   colors: dict[str, str] | None = None, show_n: bool = True) -> None:
    """Dots at ``mean`` with whiskers from ``low`` to ``high`` (a
    :func:`helpers.sentiment.bootstrap_by` table).

    One row per value of ``y`` (in order of appearance); with ``hue``, one dot
    per hue value present in the row, stacked in the order of ``colors`` and
    centred on the row's tick, coloured by ``colors[hue value]``. ``n`` is
    written next to each dot when ``show_n``.
    An empty table gives an empty panel marked "no data".
    """
    if table.empty:
        plotting.no_data(ax)
        return
    rows = list(dict.fromkeys(table[y]))
    present = set(table[hue]) if hue else set()
    hues = ([h for h in (colors or {}) if h in present]
            + [h for h in dict.fromkeys(table[hue]) if h not in (colors or {})]) if hue else [None]
    step = 0.8 / len(hues)
    # The slot of each (row, hue) among the hues that row has, centred on the row.
    offset: dict[tuple[object, object], float] = {}
    for row in rows:
        here = [h for h in hues if hue is None or ((table[y] == row) & (table[hue] == h)).any()]
        for j, h in enumerate(here):
            offset[(row, h)] = step * (j - (len(here) - 1) / 2)
    for h in hues:
        part = table if hue is None else table[table[hue] == h]
        pos = np.array([rows.index(v) + offset[(v, h)] for v in part[y]], dtype=float)
        keys = [h] * len(part) if hue else list(part[y])
        color = [(colors or {}).get(k, plotting.PALETTE[0]) for k in keys]
        ax.hlines(pos, part["low"], part["high"], color=color, linewidth=2)
        ax.scatter(part["mean"], pos, color=color, zorder=3, s=28, label=h)
        if show_n:
            for x, p, n in zip(part["high"], pos, part["n"], strict=True):
                ax.text(x, p, f"  n={n}", va="center", fontsize=7, color=plotting.NEUTRAL)
    ax.axvline(0, color=plotting.NEUTRAL, linewidth=0.8)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)


def plot_tool_panels(axes: Sequence[plt.Axes], table: pd.DataFrame, y: str, xlabel: str,
                     hue: str | None = None, colors: dict[str, str] | None = None) -> None:
    """One :func:`plot_intervals` panel per tool (a :func:`helpers.sentiment.bootstrap_tools`
    table), titled. A tool with no rows gets a panel marked "no data"."""
    for ax, tool in zip(axes, TOOLS, strict=False):
        plot_intervals(ax, table[table["tool"] == tool], y=y, hue=hue, colors=colors)
        ax.set_title(tool, fontsize=plotting.PANEL_TITLE_SIZE)
        ax.set_xlabel(xlabel)


def plot_tool_scatter(ax: plt.Axes, scores: pd.DataFrame, colors: dict[str, str],
                      by: str = "outlet") -> None:
    """Scatter of TextBlob polarity (x) against VADER compound (y), one dot per sentence."""
    for group, part in scores.groupby(by, sort=False):
        ax.scatter(part["polarity"], part["vader_compound"], s=22, alpha=0.8,
                   color=colors.get(group, plotting.NEUTRAL), label=group, edgecolors="white",
                   linewidths=0.5)
    for line in (ax.axhline, ax.axvline):
        line(0, color=plotting.NEUTRAL, linewidth=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.grid(True, axis="both")
