"""The explorer: pick an outlet, actor, frame or term and see its contexts, tone and quotes.

:func:`explore` does the work and returns plain DataFrames (in a :class:`View`), so
it serves people who prefer typing as well as the widget (:func:`explorer`), which
only wires drop-downs to it. Nothing here is specific to one corpus: the choices
come from the articles, the corpus's actor registry and its frame dictionary.

Every match goes through the one matcher: a term is compiled by
:func:`helpers.patterns.compile_pattern`, an actor's mentions are those of
:func:`helpers.actors.find_mentions` (so the explorer counts exactly what the
rest of the suite counts), a frame's are those of :func:`helpers.framing.frame_hits`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import patterns
from helpers.actors import find_mentions, load_actors
from helpers.corpus import Corpus
from helpers.framing import KWIC_COLUMNS, KWIC_WIDTH, frame_hits, kwic_in
from helpers.framing import with_context as _with_context_table
from helpers.problems import CorpusError
from helpers.quotes import extract_quotes
from helpers.sentiment import sentence_sentiment

ALL = "(all)"
SENTENCE_COLUMNS = ["article_id", "sentence_id", "outlet", "text", "polarity", "vader_compound",
                    "drivers"]
QUOTE_COLUMNS = ["article_id", "start", "end", "speaker", "speaker_type", "kind", "cue", "quote"]
MENTION_COLUMNS = ["article_id", "sentence_id", "start", "end", "alias", "actor"]


def actor_mentions(corpus: Corpus, actors: pd.DataFrame) -> pd.DataFrame:
    """Every mention of a registered actor in the article bodies, by
    :func:`helpers.actors.find_mentions`, with the sentence that holds it.

    Columns: ``article_id``, ``sentence_id``, ``start``, ``end`` (offsets into the
    article's ``text``), ``alias`` (as written) and ``actor`` (canonical name).
    Empty when the corpus has no actor registry.
    """
    if actors.empty:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    parts = []
    for aid, text in zip(corpus.articles["article_id"], corpus.articles["text"], strict=True):
        found = find_mentions(text, actors)
        if found.empty:
            continue
        own = corpus.sentences[corpus.sentences["article_id"] == aid]
        at = np.searchsorted(own["start"].to_numpy(), found["start"].to_numpy(), side="right")
        found.insert(0, "sentence_id", own["sentence_id"].to_numpy()[np.maximum(at - 1, 0)])
        found.insert(0, "article_id", aid)
        parts.append(found)
    if not parts:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    return pd.concat(parts, ignore_index=True)[MENTION_COLUMNS]


@dataclass
class Explorer:
    """Everything the explorer needs, computed once: sentences with scores, quotes, frame hits
    and actor mentions, for one corpus."""

    corpus: Corpus
    scores: pd.DataFrame
    quotes: pd.DataFrame
    frames: pd.DataFrame
    hits: pd.DataFrame
    actors: pd.DataFrame
    mentions: pd.DataFrame

    @classmethod
    def of(cls, corpus: Corpus) -> Explorer:
        """Score, extract and match once for a corpus (with the corpus's own tables only)."""
        actors = load_actors(corpus.dir)
        return cls(corpus, sentence_sentiment(corpus), extract_quotes(corpus),
                   corpus.table("frames"), frame_hits(corpus), actors,
                   actor_mentions(corpus, actors))

    @property
    def articles(self) -> pd.DataFrame:
        """The corpus's articles."""
        return self.corpus.articles

    def choices(self) -> dict[str, list[str]]:
        """The options of each drop-down, in a stable order."""
        return {
            "outlet": [ALL, *sorted(self.articles["outlet"].unique())],
            "actor": [ALL, *sorted(self.actors["actor"])],
            "frame": [ALL, *sorted(self.frames["frame"].unique())],
        }


@dataclass
class View:
    """What :func:`explore` shows: three tables and a message (empty unless something is wrong).

    ``view["kwic"]``, ``view["sentences"]`` and ``view["quotes"]`` give the tables.
    """

    kwic: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    message: str = ""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The three tables by name, in display order."""
        return {"kwic": self.kwic, "sentences": self.sentences, "quotes": self.quotes}

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables()[name]


def term_problem(term: str) -> str:
    """Why ``term`` is not a valid pattern, as a sentence for the reader ("" when it is valid).

    >>> term_problem("regime(")
    "'regime(' is not a valid pattern (missing ), unterminated subpattern at position 6), so \
nothing matches it. To search for a bracket or another special character, put a backslash \
before it: regime\\\\("
    >>> term_problem("regime")
    ''
    """
    problem = patterns.check_pattern(term, "term")
    if problem is None:
        return ""
    try:
        re.compile(term)
        reason = problem.what
    except re.error as err:
        reason = str(err)
    return (f"{term!r} is not a valid pattern ({reason}), so nothing matches it. To search "
            "for a bracket or another special character, put a backslash before it: "
            f"{re.escape(term)}")


def _keys(table: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(table[["article_id", "sentence_id"]].astype(
        {"sentence_id": int}))


def _in(table: pd.DataFrame, keys: pd.MultiIndex) -> pd.DataFrame:
    """Rows of ``table`` whose (article_id, sentence_id) is in ``keys``."""
    if table.empty:
        return table
    return table[_keys(table).isin(keys)]


def _contexts(hits: pd.DataFrame, scores: pd.DataFrame, column: str, width: int) -> pd.DataFrame:
    """Hits (with offsets) in context, as a keyword-in-context table (``column`` is the match)."""
    hits = _in(hits, _keys(scores))
    if hits.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    table = _with_context_table(hits, scores, width).rename(columns={column: "match"})
    return table[KWIC_COLUMNS]


def explore(ex: Explorer, outlet: str = ALL, actor: str = ALL, frame: str = ALL,
            term: str = "", width: int = KWIC_WIDTH) -> View:
    """Filter the corpus and return a :class:`View` of ``kwic``, ``sentences`` and ``quotes``.

    The filters combine (outlet AND actor AND frame AND term) in every table:

    * ``outlet`` keeps that outlet's articles;
    * ``actor`` keeps the sentences that mention the actor (any alias, as
      :func:`helpers.actors.find_mentions` finds them) and the actor's quotes;
    * ``frame`` keeps the sentences with a hit of that frame, and the quotes
      that contain one;
    * ``term`` (a word, phrase or regular expression, matched as the data tables
      are) keeps the sentences and the quotes where it occurs.

    ``kwic`` shows, in the sentences kept, the matches of the term, or else the
    actor's mentions, or else the frame's hits. ``sentences`` have TextBlob and
    VADER scores and the words that drove TextBlob's score. A term that is not a
    valid pattern matches nothing and ``message`` says why.

    >>> from helpers import open_corpus
    >>> ex = Explorer.of(open_corpus())
    >>> view = explore(ex, actor="Lina Khatib")
    >>> len(view["quotes"]) > 0 and set(view["quotes"].speaker) == {"Lina Khatib"}
    True
    >>> explore(ex, term="regime(").message.startswith("'regime(' is not a valid pattern")
    True
    """
    scores = ex.scores if outlet == ALL else ex.scores[ex.scores["outlet"] == outlet]
    quotes = ex.quotes[ex.quotes["article_id"].isin(set(scores["article_id"]))]
    term = term.strip()
    message = term_problem(term) if term else ""
    views: list[pd.DataFrame] = []
    if message:
        views.append(pd.DataFrame(columns=KWIC_COLUMNS))
        quotes = quotes.iloc[0:0]
    elif term:
        regex = patterns.compile_pattern(term, "term")
        texts = dict(zip(ex.articles["article_id"], ex.articles["text"], strict=True))
        try:
            views.append(kwic_in(scores, regex, width))
            quotes = quotes[[patterns.search(regex, texts[aid][s:e]) is not None for aid, s, e
                             in zip(quotes["article_id"], quotes["start"], quotes["end"],
                                    strict=True)]]
        except CorpusError as err:  # the term ran past its time limit
            message = f"{err.problems[0].what} {err.problems[0].fix}"
            views = [pd.DataFrame(columns=KWIC_COLUMNS)]
            quotes = quotes.iloc[0:0]
    if actor != ALL:
        views.append(_contexts(ex.mentions[ex.mentions["actor"] == actor], scores, "alias",
                               width))
        quotes = quotes[quotes["speaker"] == actor] if "speaker" in quotes else quotes.iloc[0:0]
    if frame != ALL:
        hits = ex.hits[ex.hits["frame"] == frame]
        views.append(_contexts(hits, scores, "term", width))
        inside = [((hits["article_id"] == aid) & (hits["start"] >= s) & (hits["start"] < e)).any()
                  for aid, s, e in zip(quotes["article_id"], quotes["start"], quotes["end"],
                                       strict=True)]
        quotes = quotes[np.array(inside, dtype=bool)]
    if views:
        keys = _keys(views[0])
        for other in views[1:]:
            keys = keys.intersection(_keys(other))
        chosen = _in(scores, keys)
        contexts = _in(views[0], keys)
    else:
        chosen, contexts = scores, pd.DataFrame(columns=KWIC_COLUMNS)
    columns = [c for c in QUOTE_COLUMNS if c in quotes]
    return View(
        contexts[KWIC_COLUMNS].drop_duplicates(["article_id", "start", "end"])
        .sort_values(["article_id", "start"]).reset_index(drop=True),
        chosen[SENTENCE_COLUMNS].reset_index(drop=True),
        quotes[columns].reset_index(drop=True),
        message)


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
            if view.message:
                display(widgets.Label(view.message))
            for name, table in view.tables().items():
                display(widgets.Label(f"{name} ({len(table)} rows)"))
                display(table)

    for control in (outlet, actor, frame, term):
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([outlet, actor]), widgets.HBox([frame, term]), out])


#: What a front end that cannot show the live widget shows instead: a notebook opened before
#: its cells run, a page rendered from the saved notebook.
FALLBACK_HTML = ("<p><strong>Run this cell to use the explorer.</strong> It needs a running "
                 "kernel: open the notebook in JupyterLab (<code>make lab</code>) and run the "
                 "cells from the top. The complete tables further down show everything it can "
                 "find.</p>")
FALLBACK_TEXT = ("The explorer: run this cell in JupyterLab (make lab) to use it. The complete "
                 "tables further down show everything it can find.")


@dataclass
class WithFallback:
    """A widget displayed with a static fallback.

    Its display bundle is the widget's own plus :data:`FALLBACK_HTML` and
    :data:`FALLBACK_TEXT`: a live front end shows the widget; one without the
    widget (a saved notebook before it runs, a rendered page) shows the HTML
    instead of the widget's ``VBox(children=...)`` repr.
    """

    widget: object

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        bundle = dict(self.widget._repr_mimebundle_() or {})  # type: ignore[attr-defined]
        bundle["text/html"] = FALLBACK_HTML
        bundle["text/plain"] = FALLBACK_TEXT
        return bundle


def show_explorer(ex: Explorer) -> None:
    """Display the widget in a live session; in the report build, say where to find it instead.

    Static HTML cannot run widgets, so the report shows the complete tables that
    follow this cell in the notebook. In a session, the widget carries a static
    fallback (:class:`WithFallback`) for front ends that cannot show it.
    """
    from IPython.display import Markdown, display

    from helpers.plotting import report_dir

    if report_dir() is not None:
        display(Markdown("*The interactive explorer runs in JupyterLab (`make lab`). This "
                         "report shows the complete tables instead, below.*"))
        return
    display(WithFallback(explorer(ex)))
