"""Figures for :mod:`helpers.framing`: frame prevalence, naming choices, keyness, and panels."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import plotting
from helpers.framing import Z_NOTABLE, top_terms
from helpers.text import readable

#: How much lighter a quoted use is drawn than the outlet's own (narration) use.
QUOTED_ALPHA = 0.4


def finish_panels(fig: plt.Figure, axes: Sequence[plt.Axes], title: str, source: str) -> None:
    """Like :func:`helpers.plotting.finish` for a figure of several panels.

    The title goes above all panels (so each panel keeps its own title, all in
    :data:`helpers.plotting.PANEL_TITLE_SIZE`) and the source line under them;
    unused panels are hidden.
    """
    plotting.finish(fig, axes[0], title=axes[0].get_title(loc="left"), source=source)
    for ax in axes:  # finish gave the first panel the size of a figure title
        for loc in ("left", "center", "right"):
            if ax.get_title(loc=loc):
                ax.set_title(ax.get_title(loc=loc), loc=loc, fontsize=plotting.PANEL_TITLE_SIZE)
    for ax in axes:
        if not ax.has_data() and not ax.texts:
            ax.set_visible(False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.tight_layout()


def plot_prevalence(ax: plt.Axes, prevalence: pd.DataFrame, by: str = "outlet") -> None:
    """Heat map of hits per 1,000 words: frames down, groups across, the value in each cell.

    A :func:`helpers.framing.frame_prevalence` table without rows gives a panel marked
    "no data".
    """
    if prevalence.empty:
        plotting.no_data(ax, "no frame in the dictionary")
        return
    grid = prevalence.pivot(index="frame", columns=by, values="per_1000_words")
    grid = grid.loc[list(dict.fromkeys(prevalence["frame"])),
                    list(dict.fromkeys(prevalence[by]))]
    values = grid.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 0.0
    top = top or 1.0
    for (i, j), value in np.ndenumerate(values):
        ax.text(j, i, f"{value:.0f}" if value else "·", ha="center", va="center", fontsize=9,
                color="white" if value > top * 0.6 else "black")
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(grid.shape[0]), [readable(f) for f in grid.index])
    ax.grid(False)
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    ax.figure.colorbar(image, ax=ax, label="hits per 1,000 words", shrink=0.8)


def plot_naming(axes: Sequence[plt.Axes], counts: pd.DataFrame, colors: dict[str, str],
                by: str = "outlet") -> None:
    """One panel per concept: bars of uses of each variant, one bar per group, side by side.

    Each bar is the outlet's own uses (narration, solid) followed by uses inside
    quotations (lighter), from a :func:`helpers.framing.naming_counts` table. An
    empty table gives a first panel marked "no data".
    """
    if counts.empty:
        plotting.no_data(axes[0], "no naming table for this corpus")
        return
    for ax, (concept, part) in zip(axes, counts.groupby("concept", sort=False), strict=False):
        variants = list(dict.fromkeys(part["variant"]))
        groups = list(dict.fromkeys(part[by]))
        step = 0.8 / len(groups)
        for j, g in enumerate(groups):
            rows = part[part[by] == g]
            pos = np.array([variants.index(v) for v in rows["variant"]]) - 0.4 + step * (j + 0.5)
            color = colors.get(g, plotting.NEUTRAL)
            ax.barh(pos, rows["narration"], height=step, color=color, label=g)
            ax.barh(pos, rows["quoted"], left=rows["narration"], height=step, color=color,
                    alpha=QUOTED_ALPHA)
        ax.set_yticks(range(len(variants)), variants)
        ax.set_ylim(len(variants) - 0.5, -0.5)
        ax.set_title(concept, fontsize=plotting.PANEL_TITLE_SIZE)
        ax.xaxis.get_major_locator().set_params(integer=True)


def plot_keyness(axes: Sequence[plt.Axes], table: pd.DataFrame, colors: dict[str, str],
                 n: int = 8) -> None:
    """One panel per group: the ``n`` words with the highest z, as bars; a dashed line at
    :data:`helpers.framing.Z_NOTABLE`."""
    if table.empty:
        plotting.no_data(axes[0], "no word is frequent enough to compare")
    for ax, (group, part) in zip(axes, top_terms(table, n).groupby("group", sort=False),
                                 strict=False):
        ax.barh(range(len(part)), part["z"], color=colors.get(group, plotting.NEUTRAL))
        ax.set_yticks(range(len(part)), [f"{t} ({c})" for t, c in zip(
            part["term"], part["count"], strict=True)], fontsize=8)
        ax.set_ylim(len(part) - 0.5, -0.5)
        ax.axvline(Z_NOTABLE, color=plotting.NEUTRAL, linestyle="--", linewidth=0.8)
        ax.set_title(str(group), fontsize=plotting.PANEL_TITLE_SIZE)
