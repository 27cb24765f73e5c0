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
import struct
import warnings
from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.patches import Patch

# Colour-blind-safe (Okabe & Ito 2008), assigned to outlets in order of first appearance.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
NEUTRAL = "#7f7f7f"
#: The group that gathers the smallest outlets of a large corpus (:func:`helpers.views.grouped`).
OTHER_GROUP = "(other outlets)"
FIG_WIDTH = 8.0
#: Title size of one panel in a figure of several (the figure's own title is ``axes.titlesize``).
PANEL_TITLE_SIZE = 10
#: Least contrast (WCAG 2.1) of coloured text against the white background. Tick labels are
#: small text, for which WCAG asks 4.5:1 (3:1 is its floor for large text and graphics).
TEXT_CONTRAST = 4.5

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
    machine's paths into every report that shows a non-Latin outlet name. In a
    notebook, figures are then shown with a text description
    (:func:`describe_shown_figures`).
    """
    mpl.rcParams.update(STYLE)
    installed = {f.name for f in font_manager.fontManager.ttflist}
    mpl.rcParams["font.sans-serif"] = ["DejaVu Sans"] + [
        f for f in FALLBACK_FONTS if f in installed]
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font",
                            category=UserWarning)
    describe_shown_figures()


def _luminance(color: str) -> float:
    """Relative luminance of a colour (WCAG 2.1), from 0 (black) to 1 (white)."""
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                for c in mpl.colors.to_rgb(color)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(color: str, background: str = "white") -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 (none) to 21 (black on white).

    >>> round(contrast_ratio("#000000"), 1), round(contrast_ratio("#E69F00"), 2)
    (21.0, 2.25)
    """
    light, dark = sorted((_luminance(color), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_color(color: str, background: str = "white", minimum: float = TEXT_CONTRAST) -> str:
    """``color`` for text on ``background``: the palette colour itself when it has
    ``minimum`` contrast, else the same hue darkened just enough (one palette, readable labels).

    >>> text_color("#0072B2")  # the blue is dark enough already
    '#0072B2'
    >>> orange = text_color("#E69F00")
    >>> orange, contrast_ratio(orange) >= TEXT_CONTRAST
    ('#9E6D00', True)
    """
    if contrast_ratio(color, background) >= minimum:
        return color
    rgb = mpl.colors.to_rgb(color)
    low, high = 0.0, 1.0  # share of the colour kept: 0 is black, 1 the colour itself
    for _ in range(30):
        middle = (low + high) / 2
        if contrast_ratio(mpl.colors.to_hex([c * middle for c in rgb]), background) >= minimum:
            low = middle
        else:
            high = middle
    return mpl.colors.to_hex([c * low for c in rgb]).upper()


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


def group_colors(groups: Iterable[str]) -> dict[str, str]:
    """:func:`outlet_colors`, with the "(other outlets)" group of :func:`helpers.views.grouped`
    in :data:`NEUTRAL`."""
    names = list(dict.fromkeys(groups))
    colors = outlet_colors(n for n in names if n != OTHER_GROUP)
    return {n: colors.get(n, NEUTRAL) for n in names}


def strip(ax: plt.Axes, y: float, values: Iterable[float], colors: Iterable[str] | str,
          spread: float = 0.3, seed: int = 0) -> None:
    """One dot per value along row ``y``, jittered up and down by at most ``spread`` (a
    seeded jitter: the same dots each run), so a thousand values stay readable in one row."""
    values = list(values)
    ax.scatter(values, y + jitter(len(values), spread, seed), s=9, c=colors, alpha=0.55,
               linewidths=0, zorder=3)


def jitter(n: int, spread: float = 0.3, seed: int = 0) -> np.ndarray:
    """``n`` seeded offsets in ``[-spread, spread)``: dots spread across a row, the same each run.

    >>> offsets = jitter(1000, spread=0.3, seed=1)
    >>> bool((abs(offsets) <= 0.3).all()), bool((offsets == jitter(1000, 0.3, 1)).all())
    (True, True)
    """
    return np.random.default_rng(seed).uniform(-spread, spread, n)


def new_figure(height: float = 4.5, width: float = FIG_WIDTH,
               **kwargs: object) -> tuple[plt.Figure, plt.Axes]:
    """Create a figure in the suite's size (``plt.subplots`` arguments pass through)."""
    use_style()
    fig, axes = plt.subplots(figsize=(width, height), **kwargs)
    describe_shown_figures()  # the inline backend registers its formatter with the first figure
    return fig, axes


def _texts(artists: Iterable[object]) -> list[str]:
    """The non-empty texts of matplotlib Text artists, one line each."""
    return [" ".join(t.get_text().split()) for t in artists
            if t.get_visible() and t.get_text().strip()]


def describe_figure(fig: plt.Figure) -> str:
    """A text description of a figure, for the ``alt`` of its image: what it shows, read from
    the figure itself: its title, each panel's title and axis labels, and its source line.

    >>> fig, ax = new_figure()
    >>> _ = ax.bar(["a", "b"], [1, 2])
    >>> _ = finish(fig, ax, title="Article length", xlabel="words in the body",
    ...            source="Source: article bodies after removing page furniture.")
    >>> print(describe_figure(fig))  # doctest: +NORMALIZE_WHITESPACE
    Article length. Horizontal axis: words in the body. Source: article bodies after removing
    page furniture.
    >>> plt.close(fig)
    """
    parts: list[str] = []
    suptitle = getattr(fig, "_suptitle", None)  # matplotlib has no public getter
    title = _texts([suptitle]) if suptitle is not None else []
    panels, labels = [], []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        if ax.get_label() == "<colorbar>":
            labels += [f"Colour scale: {t}" for t in _texts([ax.yaxis.label, ax.xaxis.label])]
            continue
        own = [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
        own = [" ".join(t.split()) for t in own if t.strip()]
        if not title and own:
            title, own = own[:1], own[1:]
        panels += own
        for axis, name in ((ax.xaxis, "Horizontal axis"), (ax.yaxis, "Vertical axis")):
            text = " ".join(axis.label.get_text().split())
            if text and f"{name}: {text}" not in labels:
                labels.append(f"{name}: {text}")
    parts += title or ["Figure"]
    if panels:
        parts.append("Panels: " + "; ".join(dict.fromkeys(panels)))
    parts += labels
    parts += _texts(t for t in fig.texts if t is not suptitle)  # the source line
    return " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)


def describe_shown_figures() -> None:
    """In a notebook, show every figure with :func:`describe_figure` as its ``alt`` text.

    The description goes into the metadata of the figure's PNG output, where the
    report's HTML takes it for the image's ``alt`` attribute. Outside IPython, or
    before the inline backend has registered its PNG formatter, this does nothing;
    calling it again changes nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebooks' kernel
        return
    shell = get_ipython()
    formatter = getattr(shell, "display_formatter", None)
    png = formatter.formatters.get("image/png") if formatter is not None else None
    if png is None:
        return
    try:
        printer = png.lookup_by_type(plt.Figure)
    except KeyError:
        return
    if getattr(printer, "describes_figure", False):
        return

    def with_description(fig: plt.Figure) -> object:
        saved = getattr(fig, SAVED_PNG, None)
        described = describe_figure(fig)
        # Saved by save_figure and unchanged since: nothing drawn has changed (matplotlib
        # marks the figure stale) and no title or label has (matplotlib does not mark a
        # changed title; the description holds them all).
        if saved is not None and not fig.stale and saved[3] == described:
            data, width, height, _ = saved
            return data, {"alt": described, "width": width, "height": height}
        data = printer(fig)
        return None if data is None else (data, {"alt": described})

    with_description.describes_figure = True  # type: ignore[attr-defined]
    png.for_type(plt.Figure, with_description)


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
#: Most rows a spreadsheet opens (Excel's and LibreOffice's limit, less the header): a longer
#: table is saved as Parquet only.
SPREADSHEET_ROWS = 1_048_575
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def file_name(name: str, what: str) -> str:
    """``name`` if it is safe as a file name in the report folder; ValueError otherwise."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"{what} name {name!r} must be letters, digits, '.', '_' or '-', "
                         "starting with a letter or digit (it becomes a file name)")
    return name


#: The attribute under which :func:`save_figure` keeps the PNG it wrote, for the notebook.
SAVED_PNG = "_saved_png"


def save_figure(fig: plt.Figure, name: str) -> None:
    """Save ``fig`` as ``figures/<name>.png`` and ``.svg`` under the report folder, if any.

    Both files carry :func:`describe_figure` as their description (PNG text chunk
    ``Description``, SVG ``dc:description``), which the report's index uses as
    the thumbnail's ``alt`` text. The notebook then shows that PNG (sized as the figure
    is on screen) instead of drawing the figure again, unless the figure changes first.

    Returns None, so a cell ending in this call prints nothing (in every kernel front end).
    """
    file_name(name, "figure")
    folder = report_dir()
    if folder is None:
        return
    out = folder / "figures"
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png", out / f"{name}.svg"]
    described = {"Title": name, "Description": describe_figure(fig)}
    fig.savefig(paths[0], metadata=described)
    fig.savefig(paths[1], metadata={"Date": None, **described})
    # The notebook shows the PNG just written rather than drawing the figure a third time,
    # at the size the figure would have on screen (it has more pixels: sharper, not bigger).
    data = paths[0].read_bytes()
    width, height = struct.unpack(">II", data[16:24])  # the PNG header's IHDR chunk
    scale = fig.dpi / float(mpl.rcParams["savefig.dpi"] if mpl.rcParams["savefig.dpi"] !=
                            "figure" else fig.dpi)
    setattr(fig, SAVED_PNG, (data, round(width * scale), round(height * scale),
                             described["Description"]))
    fig.stale = False  # saving left it marked; any change from here marks it again


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
    run as a formula are prefixed with ``'`` (:func:`neutralise`). It is written only when
    the table fits a spreadsheet (at most :data:`SPREADSHEET_ROWS` rows).
    ``tables/<name>.parquet`` keeps every value as computed, for programs
    (written when pyarrow is installed).
    """
    file_name(name, "table")
    folder = report_dir()
    if folder is None:
        return
    out = folder / "tables"
    out.mkdir(parents=True, exist_ok=True)
    _save_parquet(table, out / f"{name}.parquet")
    if len(table) > SPREADSHEET_ROWS:
        return
    safe = spreadsheet_safe(table)
    # Lines end in \n; a table with a carriage return in a cell ends them in \r\n, so that
    # the csv writer quotes that cell and no reader takes the \r for the end of a row.
    cells = [v for i in range(safe.shape[1])
             if not pd.api.types.is_numeric_dtype(safe.iloc[:, i]) for v in safe.iloc[:, i]]
    has_cr = any(isinstance(v, str) and "\r" in v for v in [*safe.columns, *cells])
    safe.to_csv(out / f"{name}.csv", index=False, lineterminator="\r\n" if has_cr else "\n")


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
