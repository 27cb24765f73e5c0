"""Figures for :mod:`helpers.overview`: body against furniture, and article length."""

from __future__ import annotations

import matplotlib.pyplot as plt

from helpers import plotting
from helpers.corpus import Corpus
from helpers.overview import accounting, structure


def plot_body_and_furniture(ax: plt.Axes, corpus: Corpus) -> None:
    """One bar per article: non-space characters of the body (outlet colour) then of the page
    furniture removed (grey), with a legend of outlets."""
    acct = accounting(corpus)
    colors = plotting.article_colors(corpus.articles)
    ax.barh(acct.index, acct.body_chars, color=[colors[a] for a in acct.index])
    ax.barh(acct.index, acct.furniture_chars, left=acct.body_chars, color=plotting.NEUTRAL)
    ax.invert_yaxis()
    plotting.outlet_legend(ax, corpus.articles.outlet,
                           extra=[("page furniture", plotting.NEUTRAL)],
                           title="Article body, by outlet")


def plot_article_length(ax: plt.Axes, corpus: Corpus) -> None:
    """One bar per article: words in the body, labelled with its number of sentences."""
    shape = structure(corpus)
    colors = plotting.article_colors(corpus.articles)
    ax.barh(shape.index, shape.words, color=[colors[a] for a in shape.index])
    ax.invert_yaxis()
    plotting.outlet_legend(ax, corpus.articles.outlet)
    plotting.label_bars(ax, shape.words, [f"{s} sentences" for s in shape.sentences])
