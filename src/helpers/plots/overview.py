"""Figures for :mod:`helpers.overview`: body against furniture, and article length.

On a large corpus (:attr:`helpers.corpus.Corpus.is_large`) each draws one row per outlet
instead of one per article (:mod:`helpers.views`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from helpers import plotting
from helpers.corpus import Corpus
from helpers.overview import accounting, structure
from helpers.views import grouped


def plot_body_and_furniture(ax: plt.Axes, corpus: Corpus) -> None:
    """One bar per article: non-space characters of the body (outlet colour) then of the page
    furniture removed (grey), with a legend of outlets. On a large corpus, one bar per
    outlet: the characters of all its articles."""
    acct = accounting(corpus)
    if corpus.is_large:
        acct = acct.groupby(grouped(corpus.articles["outlet"]), sort=False)[
            ["body_chars", "furniture_chars"]].sum()
        colors = plotting.group_colors(acct.index)
    else:
        colors = plotting.article_colors(corpus.articles)
    ax.barh(acct.index, acct.body_chars, color=[colors[a] for a in acct.index])
    ax.barh(acct.index, acct.furniture_chars, left=acct.body_chars, color=plotting.NEUTRAL)
    ax.invert_yaxis()
    if corpus.is_large:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
        ax.legend(handles=[Patch(color=plotting.NEUTRAL, label="page furniture")],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
        return
    plotting.outlet_legend(ax, corpus.articles.outlet,
                           extra=[("page furniture", plotting.NEUTRAL)],
                           title="Article body, by outlet")


def plot_article_length(ax: plt.Axes, corpus: Corpus) -> None:
    """One bar per article: words in the body, labelled with its number of sentences. On a
    large corpus, one row per outlet with a dot per article and a bar at the median."""
    shape = structure(corpus)
    if corpus.is_large:
        outlet = grouped(shape["outlet"])
        colors = plotting.group_colors(outlet)
        names = list(colors)
        for y, name in enumerate(names):
            words = shape.loc[outlet == name, "words"]
            plotting.strip(ax, y, words, colors[name], seed=y)
            ax.plot([words.median()] * 2, [y - 0.4, y + 0.4], color="black", linewidth=2,
                    zorder=4)
        ax.set_yticks(range(len(names)), names)
        ax.set_ylim(len(names) - 0.5, -0.5)
        return
    colors = plotting.article_colors(corpus.articles)
    ax.barh(shape.index, shape.words, color=[colors[a] for a in shape.index])
    ax.invert_yaxis()
    plotting.outlet_legend(ax, corpus.articles.outlet)
    plotting.label_bars(ax, shape.words, [f"{s} sentences" for s in shape.sentences])
