"""The explorer: pick an outlet, actor, frame or term and see its contexts, tone and quotes.

:func:`explore` does the work and returns plain DataFrames, so it serves people who
prefer typing as well as the widget (:func:`explorer`), which only wires
drop-downs to it. Nothing here is specific to one corpus: the choices come from
the articles, the actor registry and the frame dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers.actors import load_actors
from helpers.framing import compile_pattern, frame_hits, kwic, load_frames, with_context
from helpers.quotes import extract_quotes
from helpers.sentiment import sentence_sentiment

ALL = "(all)"


@dataclass
class Explorer:
    """Everything the explorer needs, computed once: sentences with scores, quotes, frames."""

    articles: pd.DataFrame
    scores: pd.DataFrame
    quotes: pd.DataFrame
    frames: pd.DataFrame
    hits: pd.DataFrame
    actors: pd.DataFrame

    @classmethod
    def of(cls, articles: pd.DataFrame, sentences: pd.DataFrame) -> Explorer:
        """Score, extract and match once for a corpus (the corpus folder's own tables if any)."""
        corpus = articles.attrs.get("corpus_dir")
        frames, actors = load_frames(corpus), load_actors(corpus)
        scores = sentence_sentiment(sentences).merge(
            articles[["article_id", "outlet"]], on="article_id", how="left")
        return cls(articles, scores, extract_quotes(articles, actors), frames,
                   frame_hits(sentences, frames), actors)

    def choices(self) -> dict[str, list[str]]:
        """The options of each drop-down, in a stable order."""
        return {
            "outlet": [ALL, *sorted(self.articles["outlet"].unique())],
            "actor": [ALL, *sorted(self.actors["actor"])],
            "frame": [ALL, *sorted(self.frames["frame"].unique())],
        }

    def actor_pattern(self, actor: str) -> re.Pattern[str]:
        """A regex matching any alias of a registered actor (longest alias first)."""
        aliases = self.actors.set_index("actor").loc[actor, "alias_list"]
        alternatives = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def explore(ex: Explorer, outlet: str = ALL, actor: str = ALL, frame: str = ALL,
            term: str = "", width: int = 50) -> dict[str, pd.DataFrame]:
    """Filter the corpus and return ``{"kwic", "sentences", "quotes"}`` tables.

    * ``outlet`` keeps that outlet's articles;
    * ``term`` (a word, phrase or regex) or else ``actor`` (any of its aliases) or
      else ``frame`` (its dictionary hits) sets what the keyword-in-context shows;
    * ``sentences`` are the matching sentences with TextBlob and VADER scores and
      the words that drove TextBlob's score;
    * ``quotes`` are the quotes in those articles, by ``actor`` if one is chosen.

    >>> from helpers import load_articles, load_sentences
    >>> a = load_articles()
    >>> view = explore(Explorer.of(a, load_sentences(a)), actor="Lina Khatib")
    >>> len(view["quotes"]) > 0 and set(view["quotes"].speaker) == {"Lina Khatib"}
    True
    """
    ids = ex.articles["article_id"] if outlet == ALL else \
        ex.articles.loc[ex.articles["outlet"] == outlet, "article_id"]
    scores = ex.scores[ex.scores["article_id"].isin(ids)]
    if term.strip():
        contexts = kwic(compile_pattern(term.strip(), "term"), scores, width=width)
    elif actor != ALL:
        contexts = kwic(ex.actor_pattern(actor), scores, width=width)
    elif frame != ALL:
        hits = ex.hits[(ex.hits["frame"] == frame) & ex.hits["article_id"].isin(ids)]
        contexts = with_context(hits, scores, width).rename(columns={"term": "match"})
    else:
        contexts = None
    if contexts is None:
        chosen, contexts = scores, kwic(r"(?!)", scores)
    else:
        chosen = scores.merge(contexts[["article_id", "sentence_id"]].drop_duplicates(),
                              on=["article_id", "sentence_id"])
    quotes = ex.quotes[ex.quotes["article_id"].isin(ids)]
    if actor != ALL:
        quotes = quotes[quotes["speaker"] == actor]
    return {
        "kwic": contexts[["article_id", "sentence_id", "start", "end", "left", "match",
                          "right"]].drop_duplicates(["article_id", "start", "end"])
        .sort_values(["article_id", "start"]).reset_index(drop=True),
        "sentences": chosen[["article_id", "sentence_id", "outlet", "text", "polarity",
                             "vader_compound", "drivers"]].reset_index(drop=True),
        "quotes": quotes[["article_id", "speaker", "speaker_type", "kind", "cue",
                          "quote"]].reset_index(drop=True),
    }


def explorer(ex: Explorer):  # noqa: ANN201 - returns an ipywidgets box
    """An ipywidgets UI over :func:`explore`: drop-downs for outlet, actor, frame, a term box."""
    import ipywidgets as widgets
    from IPython.display import display

    options = ex.choices()
    outlet = widgets.Dropdown(options=options["outlet"], description="Outlet")
    actor = widgets.Dropdown(options=options["actor"], description="Actor")
    frame = widgets.Dropdown(options=options["frame"], description="Frame")
    term = widgets.Text(description="Term", placeholder="a word or regular expression")
    out = widgets.Output()

    def refresh(_: object = None) -> None:
        view = explore(ex, outlet.value, actor.value, frame.value, term.value)
        out.clear_output()
        with out:
            for name, table in view.items():
                display(widgets.HTML(f"<h4>{name} ({len(table)} rows)</h4>"))
                display(table)

    for control in (outlet, actor, frame, term):
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([outlet, actor]), widgets.HBox([frame, term]), out])


def show_explorer(ex: Explorer) -> None:
    """Display the widget in a live session; in the report build, say where to find it instead.

    Static HTML cannot run widgets, so the report shows the complete tables that
    follow this cell in the notebook.
    """
    from IPython.display import Markdown, display

    from helpers.plotting import report_dir

    if report_dir() is not None:
        display(Markdown("*The interactive explorer runs in JupyterLab (`make lab`). This "
                         "report shows the complete tables instead, below.*"))
        return
    display(explorer(ex))
