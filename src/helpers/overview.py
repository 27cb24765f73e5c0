"""Corpus overview tables: metadata, structure, furniture and the accounting of every character.

Every function takes the :class:`~helpers.corpus.Corpus`. Figures are in
:mod:`helpers.plots.overview`.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.corpus import Corpus, load_boilerplate
from helpers.text import paragraphs


def _non_space(text: str) -> int:
    return len(re.sub(r"\s+", "", text))


def structure(corpus: Corpus) -> pd.DataFrame:
    """Per article: outlet, event, paragraphs, sentences, words, mean words per sentence.

    Words are :func:`helpers.text.word_count` of the body (the articles' ``n_words``).

    >>> from helpers import open_corpus
    >>> int(structure(open_corpus()).loc["vice-2017", "sentences"])
    13
    """
    articles = corpus.articles
    per_article = corpus.sentences.groupby("article_id").size()
    table = pd.DataFrame({
        "outlet": articles["outlet"],
        "event": articles["event"],
        "paragraphs": articles["text"].map(lambda t: len(paragraphs(t))),
        "sentences": per_article.reindex(articles.index, fill_value=0),
        "words": articles["n_words"],
    })
    table["words_per_sentence"] = (table["words"] / table["sentences"].where(
        table["sentences"] > 0)).round(1)
    return table


def furniture_summary(corpus: Corpus) -> pd.DataFrame:
    """Removed pieces per article and rule: how many, how many characters, and the reason."""
    pieces = load_boilerplate(corpus.articles)
    pieces["chars"] = pieces["text"].map(_non_space)
    return (pieces.groupby(["article_id", "rule_id"], sort=False)
            .agg(pieces=("text", "size"), chars=("chars", "sum"), example=("text", "first"),
                 reason=("reason", "first"))
            .reset_index())


def accounting(corpus: Corpus) -> pd.DataFrame:
    """Non-space characters of each raw file, split into body and furniture.

    ``unaccounted`` is raw minus body minus furniture: it must be 0 for every
    article, which proves the loader lost nothing.
    """
    articles = corpus.articles
    pieces = load_boilerplate(articles)
    furniture = pieces.assign(chars=pieces["text"].map(_non_space)).groupby(
        "article_id")["chars"].sum()
    table = pd.DataFrame({
        "raw_chars": articles["raw_text"].map(_non_space),
        "body_chars": articles["text"].map(_non_space),
        "furniture_chars": furniture.reindex(articles.index, fill_value=0),
    })
    table["unaccounted"] = table["raw_chars"] - table["body_chars"] - table["furniture_chars"]
    table["furniture_share"] = (table["furniture_chars"] / table["raw_chars"]).round(3)
    return table


def outlet_event_table(corpus: Corpus) -> pd.DataFrame:
    """How many articles each outlet contributes to each event (rows: outlets, columns: events)."""
    articles = corpus.articles
    return pd.crosstab(articles["outlet"], articles["event"]).rename_axis(
        index="outlet", columns="event")


def corpus_summary(corpus: Corpus) -> pd.DataFrame:
    """Key facts of the corpus as sentences (column ``finding``) with the number behind each."""
    articles, sentences = corpus.articles, corpus.sentences
    acct = accounting(corpus)
    pieces = load_boilerplate(articles)
    inferred = int((articles.get("published_basis", pd.Series(dtype=str)) == "inferred").sum())
    rows = [
        (f"{len(articles)} articles from {articles.outlet.nunique()} outlets, covering "
         f"{articles.event.nunique()} announcement(s).", len(articles)),
        (f"{len(sentences)} sentences and {int(articles.n_words.sum())} words of article body.",
         len(sentences)),
        (f"{len(pieces)} pieces of page furniture removed ({int(acct.furniture_chars.sum())} "
         f"non-space characters); {int(acct.unaccounted.abs().sum())} characters unaccounted.",
         len(pieces)),
        (f"{inferred} of {len(articles)} publication dates are inferred rather than printed.",
         inferred),
    ]
    return pd.DataFrame(rows, columns=["finding", "value"])


#: How :func:`table_sources` words each table status.
SOURCE_LABELS = {"own": "corpus folder", "generic": "generic",
                 "generic+own": "generic + corpus folder", "missing": "none"}


def table_sources(corpus: Corpus) -> pd.DataFrame:
    """Where each curated table comes from for the corpus, and how many rows it has.

    ``source`` is ``corpus folder`` (the corpus's own file), ``generic`` (the
    rules shipped for any English news), ``generic + corpus folder`` or ``none``
    (the corpus lacks it: story tables are never borrowed from another corpus).

    >>> from helpers import open_corpus
    >>> sources = table_sources(open_corpus()).set_index("table")
    >>> sources.loc[["frames.csv", "quote_cues.csv"], "source"].tolist()
    ['generic + corpus folder', 'generic']
    """
    rows = [{"table": f"{name}.csv", "source": SOURCE_LABELS[table.status],
             "rows": len(table.frame)} for name, table in corpus.tables.items()]
    return pd.DataFrame(rows)
