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
``save_table`` writes a spreadsheet-safe CSV and a Parquet copy with the raw values
to ``$REPORT_DIR/tables`` in the same way.
"""

from __future__ import annotations

import math
import os
import re
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
    # Text is drawn as written: a "$" in an outlet, a label or a title never starts
    # matplotlib's mathtext ("Cost $5 and $10 Radio" stays as it is, "$\frac{" draws).
    "text.parse_math": False,
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
    ax.set_xlim(0, (max(values, default=0) or 1) * (1 + room))  # all zero: still a width


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


#: A figure or table name: it becomes a file name, so no folders, no leading dot.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _file_name(name: str, what: str) -> str:
    """``name`` if it is safe as a file name in the report folder; ValueError otherwise."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"{what} name {name!r} must be letters, digits, '.', '_' or '-', "
                         "starting with a letter or digit (it becomes a file name)")
    return name


def save_figure(fig: plt.Figure, name: str) -> None:
    """Save ``fig`` as ``figures/<name>.png`` and ``.svg`` under the report folder, if any.

    Returns None, so a cell ending in this call prints nothing (in every kernel front end).
    """
    _file_name(name, "figure")
    folder = report_dir()
    if folder is None:
        return
    out = folder / "figures"
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png", out / f"{name}.svg"]
    fig.savefig(paths[0])
    fig.savefig(paths[1], metadata={"Date": None})


def neutralise(value: object) -> object:
    """A cell a spreadsheet will show rather than run: a string that starts like a formula
    (``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading ``'``.

    Numbers are left alone, and so is a string that is a plain number.

    >>> print(neutralise('=HYPERLINK("http://x","click")'))
    '=HYPERLINK("http://x","click")
    >>> neutralise(-0.25), neutralise("-0.25"), neutralise("-1+cmd")
    (-0.25, '-0.25', "'-1+cmd")
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) \
            and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with every text cell and column name put through :func:`neutralise`."""
    out = table.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
                or pd.api.types.is_datetime64_any_dtype(column)):
            out.isetitem(i, column.astype(object).map(neutralise))
    if not isinstance(out.columns, pd.MultiIndex):
        out.columns = [neutralise(c) for c in out.columns]
    return out


def save_table(table: pd.DataFrame, name: str) -> None:
    """Save a derived table under the report folder, if any, in two forms.

    ``tables/<name>.csv`` is for spreadsheets: text cells that a spreadsheet would
    run as a formula are prefixed with ``'`` (:func:`neutralise`).
    ``tables/<name>.parquet`` keeps every value as computed, for programs
    (written when pyarrow is installed).
    """
    _file_name(name, "table")
    folder = report_dir()
    if folder is None:
        return
    out = folder / "tables"
    out.mkdir(parents=True, exist_ok=True)
    safe = spreadsheet_safe(table)
    # Lines end in \n; a table with a carriage return in a cell ends them in \r\n, so that
    # the csv writer quotes that cell and no reader takes the \r for the end of a row.
    cells = [v for i in range(safe.shape[1])
             if not pd.api.types.is_numeric_dtype(safe.iloc[:, i]) for v in safe.iloc[:, i]]
    has_cr = any(isinstance(v, str) and "\r" in v for v in [*safe.columns, *cells])
    safe.to_csv(out / f"{name}.csv", index=False, lineterminator="\r\n" if has_cr else "\n")
    _save_parquet(table, out / f"{name}.parquet")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and math.isnan(value))


def _save_parquet(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` as Parquet with its raw values; a column of mixed types becomes text."""
    try:
        import pyarrow as pa
    except ImportError:  # the CSV is still written
        return
    raw = table.copy()
    raw.columns = [str(c) for c in raw.columns]
    for i in range(raw.shape[1]):
        column = raw.iloc[:, i]
        if column.dtype == object:
            try:
                pa.array(column, from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                raw.isetitem(i, column.map(lambda v: None if _missing(v) else str(v)))
    raw.to_parquet(path, index=False, engine="pyarrow")
