"""Figures of :mod:`helpers.events`: the timeline of dates, and a measure per event.

Each function takes the :class:`~helpers.corpus.Corpus` (and, for
:func:`plot_by_event`, the tables to draw), draws with the suite's style
(:mod:`helpers.plotting`) and returns the figure; finish it with
:func:`helpers.plotting.finish`.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.lines as mlines
import matplotlib.pyplot as plt
import pandas as pd

from helpers import plotting
from helpers.corpus import Corpus
from helpers.events import load_events, timeline
from helpers.views import grouped

#: Events further than this many years from every publication date are not drawn (an
#: events.csv may hold placeholder dates such as 0001-01-01 or 9999-12-31).
EVENT_YEARS_AROUND = 50
#: Width of the wrapped event labels, in characters.
LABEL_WIDTH = 34


#: Above this span of years, the timeline ticks years instead of quarters.
MONTH_TICKS_MAX_YEARS = 3


def _drawable_events(events: pd.DataFrame, published: pd.Series) -> pd.DataFrame:
    """The events close enough to the articles to share an axis with them."""
    if events.empty:
        return events
    lo, hi = published.min().year - EVENT_YEARS_AROUND, published.max().year + EVENT_YEARS_AROUND
    years = events["date"].map(lambda d: d.year)
    return events[(years >= lo) & (years <= hi)]


def plot_timeline(corpus: Corpus, months_before: int = 8, months_after: int = 3
                  ) -> tuple[plt.Figure, plt.Axes, pd.DataFrame]:
    """Draw the dates of :func:`helpers.events.timeline`: one row per article, by outlet colour
    (on a large corpus, one row per outlet, each date a small jittered dot).

    A day is a dot; a month or year is a bar across the period with a dot in its
    middle. Filled dots are explicit dates, hollow ones relative. A black tick
    marks each article's publication date, and a dashed line each event of
    ``events.csv`` (events more than :data:`EVENT_YEARS_AROUND` years from every
    publication date are not drawn). Dates more than ``months_before`` months
    before the first event (or ``months_after`` after the last; the publication
    dates when there are no events) are left out of the window so the
    announcements stay readable; they are returned, to be reported.

    Returns ``(fig, ax, left_out)``.
    """
    articles = corpus.articles
    dates = timeline(corpus)
    events = _drawable_events(load_events(corpus), articles["published"])
    event_date = dict(zip(events["event"], events["date"], strict=True))
    rows = articles.assign(_event_date=articles["event"].map(event_date)).sort_values(
        ["_event_date", "published", "article_id"], na_position="last")
    anchors = events["date"] if len(events) else articles["published"]
    lo = anchors.min() - pd.DateOffset(months=months_before)
    hi = anchors.max() + pd.DateOffset(months=months_after)
    inside = (dates["date_end"] >= lo) & (dates["date"] <= hi)
    if corpus.is_large:  # one row per outlet (helpers.views), each date a jittered dot
        row_of = grouped(articles["outlet"])
        colors = plotting.group_colors(row_of)
        keys = list(dict.fromkeys(row_of[rows["article_id"]]))
        labels = keys
    else:
        row_of = articles["article_id"]
        colors = plotting.article_colors(articles)
        keys = list(rows["article_id"])
        labels = [f"{aid}\n{articles.loc[aid, 'outlet']}" for aid in keys]
    ypos = {key: i for i, key in enumerate(reversed(keys))}
    fig, ax = plotting.new_figure(height=1.2 + 0.55 * len(ypos))
    if corpus.is_large:
        _draw_dates_in_bulk(ax, dates[inside], rows, row_of, ypos, colors)
    else:
        _draw_dates(ax, dates[inside], rows, ypos, colors)
    levels = label_levels(list(events["date"]), hi - lo)
    for e, level in zip(events.itertuples(), levels, strict=True):
        ax.axvline(e.date, color=plotting.NEUTRAL, linestyle="--", linewidth=1, zorder=1)
        head, colon, tail = e.label.partition(": ")  # "March 2016: Putin orders ..."
        label = (f"{head}:\n{textwrap.fill(tail, LABEL_WIDTH)}" if colon
                 else textwrap.fill(head, LABEL_WIDTH))
        ax.annotate(label, (e.date, len(ypos) - 0.45 + 1.1 * level), xytext=(-4, 0),
                    textcoords="offset points", ha="right", va="bottom", fontsize=8,
                    color="#333333")
    ax.set_yticks([ypos[k] for k in keys], labels, fontsize=8)
    for key, label in zip(keys, ax.get_yticklabels(), strict=True):
        label.set_color(plotting.text_color(colors[key]))
    ax.set_ylim(-0.6, len(ypos) + 0.5 + 1.1 * max(levels, default=0))
    ax.set_xlim(lo, hi)
    span_years = (hi - lo).days / 365.25 if hasattr(hi - lo, "days") else 0
    if span_years > MONTH_TICKS_MAX_YEARS:  # quarterly ticks would pile up: one per year
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    handles = [
        mlines.Line2D([], [], marker="o", color="#555555", linestyle="none",
                      label="explicit date"),
        mlines.Line2D([], [], marker="o", color="#555555", markerfacecolor="white",
                      linestyle="none", label="relative date"),
        mlines.Line2D([], [], color="#555555", linewidth=7, alpha=0.35, label="month or year"),
        mlines.Line2D([], [], marker="|", markersize=12, color="black", linestyle="none",
                      label="published"),
    ]
    # Anchored a fixed distance (in font sizes) under the axes, below the axis label,
    # whatever the figure's height.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4,
              fontsize=8, borderaxespad=4.8)
    left_out = dates[~inside].reset_index(drop=True)
    return fig, ax, left_out


def _draw_dates(ax: plt.Axes, dates: pd.DataFrame, rows: pd.DataFrame, ypos: dict[str, int],
                colors: dict[str, str]) -> None:
    """One row per article: a dot per date (a bar across a month or year) and a publication
    tick."""
    for d in dates.itertuples():
        y, color = ypos[d.article_id], colors[d.article_id]
        middle = d.date + (d.date_end - d.date) / 2
        if d.precision != "day":
            ax.plot([d.date, d.date_end + pd.Timedelta(days=1)], [y, y], color=color,
                    linewidth=7, alpha=0.35, solid_capstyle="butt")
        ax.plot([middle], [y], marker="o", markersize=7, color=color, linestyle="none",
                markerfacecolor=color if d.how == "explicit" else "white", markeredgewidth=1.5,
                zorder=3)
    for r in rows.itertuples():  # above the dots and the event lines, so it is never hidden
        ax.plot([r.published], [ypos[r.article_id]], marker="|", markersize=14, color="black",
                markeredgewidth=2, linestyle="none", zorder=4)


def _draw_dates_in_bulk(ax: plt.Axes, dates: pd.DataFrame, rows: pd.DataFrame,
                        row_of: pd.Series, ypos: dict[str, int], colors: dict[str, str]) -> None:
    """One row per outlet: every date a small dot, jittered within the row (seeded), in a few
    draw calls whatever the number of dates."""
    y = dates["article_id"].map(row_of).map(ypos).to_numpy() + plotting.jitter(len(dates))
    color = dates["article_id"].map(row_of).map(colors).to_numpy()
    middle = dates["date"] + (dates["date_end"] - dates["date"]) / 2
    period = (dates["precision"] != "day").to_numpy()
    ax.hlines(y[period], dates["date"][period],
              dates["date_end"][period] + pd.Timedelta(days=1), colors=color[period],
              linewidth=1, alpha=0.05)
    explicit = (dates["how"] == "explicit").to_numpy()
    ax.scatter(middle[explicit], y[explicit], s=10, c=color[explicit], alpha=0.6,
               linewidths=0, zorder=3)
    ax.scatter(middle[~explicit], y[~explicit], s=10, facecolors="white",
               edgecolors=color[~explicit], alpha=0.6, linewidths=0.8, zorder=3)
    published = rows["article_id"].map(row_of).map(ypos).to_numpy()
    ax.scatter(rows["published"], published, marker="|", s=120, c="black", linewidths=1,
               alpha=0.3, zorder=4)


def label_levels(dates: list[pd.Timestamp], span: pd.Timedelta) -> list[int]:
    """Height level (0 or 1) of each event label: a label close to the one before goes up.

    Labels sit to the left of their event's line, so two events less than a
    quarter of the axis apart would print their labels on top of each other.

    >>> ts = pd.to_datetime(["2016-03-14", "2017-01-06", "2017-02-01"])
    >>> label_levels(list(ts), pd.Timedelta(days=600))
    [0, 0, 1]
    """
    levels: list[int] = []
    for i, date in enumerate(dates):
        close = i > 0 and date - dates[i - 1] < span / 4
        levels.append(1 - levels[-1] if close else 0)
    return levels


def plot_by_event(per_article: pd.DataFrame, per_event: pd.DataFrame,
                  corpus: Corpus) -> tuple[plt.Figure, plt.Axes]:
    """Dot-and-interval chart of a measure per article, grouped under each event's own value.

    ``per_article`` has ``event``, ``article_id``, ``mean``, ``low``, ``high``
    and ``per_event`` has ``event``, ``mean``, ``low``, ``high`` (for example two
    :func:`helpers.sentiment.bootstrap_by` tables). Each event gets a grey
    diamond row ("all articles") followed by its articles in outlet colours, so
    the gap between events can be read against the spread inside each event.
    Events are those of ``events.csv``, then any other event of the articles. On a large
    corpus each event's articles share one row, a dot each, without names.
    """
    articles = corpus.articles
    events = load_events(corpus)
    colors = plotting.article_colors(articles)
    labels = dict(zip(events["event"], events["label"], strict=True))
    order = {aid: i for i, aid in enumerate(articles["article_id"])}
    rows, strips = [], []
    for event in dict.fromkeys([*events["event"], *articles["event"]]):
        for r in per_event[per_event["event"] == event].itertuples():
            rows.append((f"{labels.get(event, event)}\nall articles", r, plotting.NEUTRAL, "D"))
        part = per_article[per_article["event"] == event]
        if corpus.is_large:  # one row of dots for all the event's articles (helpers.views)
            if len(part):
                strips.append((len(rows), part))
                rows.append((f"{len(part):,} articles, one dot each", None, "black", "."))
            continue
        for r in sorted(part.itertuples(), key=lambda r: order[r.article_id]):
            rows.append((f"{r.article_id} ({articles.loc[r.article_id, 'outlet']})", r,
                         colors[r.article_id], "o"))
    fig, ax = plotting.new_figure(height=1.0 + 0.45 * len(rows))
    for y, (_, r, color, marker) in enumerate(rows):
        if r is not None:
            ax.errorbar(r.mean, y, xerr=[[r.mean - r.low], [r.high - r.mean]], fmt=marker,
                        color=color, capsize=3, markersize=7)
    for y, part in strips:
        plotting.strip(ax, y, part["mean"], [colors[a] for a in part["article_id"]], seed=y)
    ax.set_yticks(range(len(rows)), [label for label, *_ in rows], fontsize=8)
    for tick, (_, _, color, marker) in zip(ax.get_yticklabels(), rows, strict=True):
        tick.set_color(plotting.text_color(color))
        tick.set_fontweight("bold" if marker == "D" else "normal")
    ax.axvline(0, color=plotting.NEUTRAL, linewidth=1)
    ax.invert_yaxis()
    return fig, ax
