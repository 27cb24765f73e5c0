"""Bounded views: what a lesson shows of a table or a chart when the corpus is large.

A page must stay readable, and small (under 2 MB), whatever the size of the corpus.
On a corpus of up to :data:`helpers.corpus.LARGE_CORPUS` articles the lessons show
everything: one row or bar per article. Above it (:attr:`Corpus.is_large`):

* :func:`rows` shows :data:`ROWS` rows of a table (the first, the top by a column,
  or a seeded sample) and says so, naming the file that holds every row;
* :func:`note` says which chart is drawn instead of the one-row-per-article chart
  and why;
* :func:`grouped` folds the smallest of many outlets into one "other outlets" group, so a
  chart has at most :data:`GROUPS` rows.

On a small corpus these functions change nothing and display nothing, so the built-in
lessons read as before.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown, display

from helpers import plotting
from helpers.corpus import LARGE_CORPUS, Corpus
from helpers.notebook import escape

__all__ = ["GROUPS", "OTHER", "ROWS", "columns", "grouped", "note", "rows"]

#: Rows a bounded table shows.
ROWS = 20
#: Most rows (outlets) a chart of a large corpus draws; the rest become :data:`OTHER`.
GROUPS = 12
#: The name of the group that gathers the outlets past the first :data:`GROUPS` - 1.
OTHER = plotting.OTHER_GROUP
#: Seed of :func:`rows`'s samples: the same corpus gives the same sample every time.
SEED = 0

_HOW = {"first": "the first {n}", "top": "the {n} with the highest {by}",
        "sample": "a random sample of {n} (the same each run)"}


def _size(corpus: Corpus) -> str:
    return (f"This corpus has **{len(corpus.articles):,} articles**, more than "
            f"{LARGE_CORPUS}")


def rows(table: pd.DataFrame, corpus: Corpus, *, what: str = "rows", name: str | None = None,
         how: str = "first", by: str | None = None, n: int = ROWS) -> pd.DataFrame:
    """``table`` itself on a small corpus or a short table; on a large corpus, ``n`` rows.

    ``how`` is ``"first"`` (in the table's order), ``"top"`` (largest ``by`` first) or
    ``"sample"`` (a seeded random sample, kept in the table's order). A sentence is
    displayed before the rows: how many of how many ``what`` are shown, how they were
    chosen, and (with ``name``) that every row is in ``tables/<name>.csv`` of the report.

    >>> from helpers import open_corpus
    >>> corpus = open_corpus()
    >>> rows(corpus.articles, corpus).shape == corpus.articles.shape  # 5 articles: all shown
    True
    """
    if how not in _HOW:
        raise ValueError(f"how must be one of {sorted(_HOW)}, not {how!r}")
    if how == "top" and by not in table.columns:
        raise ValueError(f"how='top' needs by=<a column of the table>; got {by!r}")
    if not corpus.is_large or len(table) <= n:
        return table
    if how == "first":
        shown = table.head(n)
    elif how == "top":
        shown = table.sort_values(by, ascending=False, kind="stable").head(n)
    else:
        shown = table.sample(n, random_state=SEED).sort_index(kind="stable") \
            if table.index.is_unique else table.head(n)
    where = (f" Every row is in `tables/{plotting.file_name(name, 'table')}.csv` (and "
             "`.parquet`) of the report." if name else "")
    chosen = _HOW[how].format(n=n, by=escape(by or ""))
    total = ("them" if what == "articles" and len(table) == len(corpus.articles)
             else f"its **{len(table):,} {escape(what)}**")
    display(Markdown(f"{_size(corpus)}, so this table shows {chosen} of {total}.{where}"))
    return shown


def columns(table: pd.DataFrame, corpus: Corpus, *, what: str = "articles",
            n: int = ROWS) -> pd.DataFrame:
    """``table`` itself on a small corpus; on a large one, its first ``n`` columns (one per
    article, say) and a sentence saying so."""
    if not corpus.is_large or table.shape[1] <= n:
        return table
    display(Markdown(f"{_size(corpus)}, so this table shows the first {n} of its "
                     f"**{table.shape[1]:,} columns** ({escape(what)})."))
    return table.iloc[:, :n]


def note(corpus: Corpus, shows: str) -> None:
    """On a large corpus, say which chart follows and why; on a small one, nothing.

    ``shows`` completes "so this chart shows ...", for example
    ``"one row per outlet, each article a dot"``.
    """
    if corpus.is_large:
        display(Markdown(f"{_size(corpus)}: one row per article would not fit on a page, so "
                         f"this chart shows {escape(shows)}."))


def grouped(outlets: pd.Series, k: int = GROUPS) -> pd.Series:
    """``outlets`` with all but the ``k - 1`` outlets with most articles renamed :data:`OTHER`
    (unchanged when there are at most ``k``).

    >>> grouped(pd.Series(["A", "A", "B", "C"]), k=2).tolist()
    ['A', 'A', '(other outlets)', '(other outlets)']
    """
    counts = outlets.value_counts(sort=False)
    if len(counts) <= k:
        return outlets
    keep = set(counts.sort_values(ascending=False, kind="stable").index[:k - 1])
    return outlets.where(outlets.isin(keep), OTHER)
