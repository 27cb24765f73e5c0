"""One figure style and one outlet palette for every chart in the suite.

Usage in a notebook::

    from helpers import plotting
    plotting.use_style()
    fig, ax = plotting.new_figure()
    ...
    plotting.finish(fig, ax, title="...", source="Source: the articles of articles.csv")
    plotting.save_figure(fig, "01-quotes-by-actor-type")

``save_figure`` writes PNG and SVG to ``$REPORT_DIR/figures`` when the report
build sets ``REPORT_DIR``; in an interactive session or a test it writes nothing.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.patches import Patch

# Colour-blind-safe (Okabe & Ito 2008), assigned to outlets in order of first appearance.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
NEUTRAL = "#7f7f7f"
FIG_WIDTH = 8.0

STYLE = {
    "figure.figsize": (FIG_WIDTH, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "svg.hashsalt": "coverage-notebooks",  # deterministic SVG ids
    "svg.fonttype": "none",
}


# Fonts tried, in order, for characters DejaVu Sans lacks (Chinese, Japanese, Korean), when
# installed (Debian: fonts-noto-cjk or fonts-wqy-microhei). Without one such characters
# draw as boxes in figures; tables and text keep them.
FALLBACK_FONTS = ["Noto Sans CJK JP", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
                  "Droid Sans Fallback"]


def use_style() -> None:
    """Apply the suite's matplotlib style (call once, at the top of a notebook).

    Adds any installed :data:`FALLBACK_FONTS` after DejaVu Sans, and silences
    matplotlib's "Glyph missing" warnings, which would otherwise print the
    machine's paths into every report that shows a non-Latin outlet name.
    """
    mpl.rcParams.update(STYLE)
    installed = {f.name for f in font_manager.fontManager.ttflist}
    mpl.rcParams["font.sans-serif"] = ["DejaVu Sans"] + [
        f for f in FALLBACK_FONTS if f in installed]
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font",
                            category=UserWarning)


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """Map each outlet to a palette colour, in order of first appearance.

    >>> outlet_colors(["The Independent", "Al Jazeera", "The Independent"])
    {'The Independent': '#0072B2', 'Al Jazeera': '#E69F00'}
    """
    names = list(dict.fromkeys(outlets))
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def article_colors(articles: pd.DataFrame) -> dict[str, str]:
    """Map each article_id to its outlet's colour (articles of one outlet share a colour)."""
    colors = outlet_colors(articles["outlet"])
    return {aid: colors[o] for aid, o in zip(articles["article_id"], articles["outlet"],
                                             strict=True)}


def outlet_legend(ax: plt.Axes, outlets: Iterable[str],
                  extra: Iterable[tuple[str, str]] = (), title: str = "Outlet") -> None:
    """Add a legend of outlet colours (plus ``(label, colour)`` extras) to the right of the axes."""
    colors = outlet_colors(outlets)
    handles = [Patch(color=c, label=o) for o, c in colors.items()]
    handles += [Patch(color=c, label=label) for label, c in extra]
    ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize=9, title_fontsize=9, alignment="left")


def new_figure(height: float = 4.5, width: float = FIG_WIDTH,
               **kwargs: object) -> tuple[plt.Figure, plt.Axes]:
    """Create a figure in the suite's size (``plt.subplots`` arguments pass through)."""
    use_style()
    return plt.subplots(figsize=(width, height), **kwargs)


def label_bars(ax: plt.Axes, values: Iterable[float], labels: Iterable[str],
               room: float = 0.2) -> None:
    """Write a label after the end of each horizontal bar, widening the x axis by ``room``
    (a share of the longest bar) so the labels stay inside the axes, clear of the legend."""
    values = list(values)
    for y, (value, label) in enumerate(zip(values, labels, strict=True)):
        ax.text(value, y, f" {label}", va="center", fontsize=9)
    ax.set_xlim(0, max(values, default=1) * (1 + room))


def no_data(ax: plt.Axes, note: str = "no data") -> None:
    """Mark an empty panel: no ticks and ``note`` in the middle, so an empty figure still reads."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center", fontsize=10,
            color=NEUTRAL)


def finish(fig: plt.Figure, ax: plt.Axes, title: str, source: str, xlabel: str | None = None,
           ylabel: str | None = None) -> plt.Figure:
    """Title, axis labels and a source line under the plot; returns the figure."""
    ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    fig.text(0.0, -0.02, source, ha="left", va="top", fontsize=8, color=NEUTRAL,
             transform=fig.transFigure)
    fig.tight_layout()
    return fig


def report_dir() -> Path | None:
    """The report folder set by the build (``REPORT_DIR``), or None when not building a report."""
    value = os.environ.get("REPORT_DIR")
    return Path(value) if value else None


def save_figure(fig: plt.Figure, name: str) -> None:
    """Save ``fig`` as ``figures/<name>.png`` and ``.svg`` under the report folder, if any.

    Returns None, so a cell ending in this call prints nothing (in every kernel front end).
    """
    folder = report_dir()
    if folder is None:
        return
    out = folder / "figures"
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png", out / f"{name}.svg"]
    fig.savefig(paths[0])
    fig.savefig(paths[1], metadata={"Date": None})


def save_table(table: pd.DataFrame, name: str) -> None:
    """Save a derived table as ``tables/<name>.csv`` under the report folder, if any."""
    folder = report_dir()
    if folder is None:
        return
    out = folder / "tables"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.csv"
    table.to_csv(path, index=False, lineterminator="\n")
