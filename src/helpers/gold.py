"""Score the extractors against a corpus's hand-annotated gold files (``gold/`` in its folder).

The gold files follow the annotation codebook (see the test corpora's README):

* ``furniture.csv`` (``article_id``, ``snippet``, ``label`` furniture|body, ``kind``):
  a furniture snippet must be absent from the cleaned ``text``, every body
  snippet present;
* ``dates.csv`` (``article_id``, ``snippet``, ``value``, ``precision``
  day|month|year|none, ``source`` body|furniture): a body date is found when a
  row of :func:`helpers.events.timeline` overlaps the snippet and its date
  equals ``value`` at the gold precision; an expression with precision ``none``
  is not a date and must not be extracted; no date of the furniture may reach
  the timeline;
* ``figures.csv`` (``article_id``, ``snippet``, ``counted`` yes|no): a counted
  snippet must be overlapped by a row of :func:`helpers.figures.extract_figures`,
  a not-counted one by none.

Each ``score_*`` function takes the corpus (and, optionally, a gold table of
the same columns instead of the corpus's file) and returns ``(scores, errors)``: a small table of
``metric``, ``value`` (a share from 0 to 1) and ``n`` (how many gold rows it is
computed on), and one row per gold row the extractor got wrong. Snippets are
found in the text whatever their spacing, apostrophes and quotation marks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from helpers.corpus import Corpus, CorpusError, Problem, read_csv_rows
from helpers.events import timeline
from helpers.figures import extract_figures
from helpers.text import fold

#: The gold files and the columns each must have.
GOLD_COLUMNS = {
    "furniture": ("article_id", "snippet", "label", "kind"),
    "dates": ("article_id", "snippet", "value", "precision", "source"),
    "figures": ("article_id", "snippet", "counted"),
}
SCORE_COLUMNS = ["metric", "value", "n"]
ERROR_COLUMNS = ["area", "article_id", "snippet", "problem", "expected", "found"]
#: How a date is written at each precision, to compare with the gold ``value``.
PRECISION_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def gold_dir(corpus: Corpus) -> Path | None:
    """The corpus's ``gold/`` folder, or ``None`` when it has none (the built-in corpus has none).
    """
    if corpus.dir is None or not (corpus.dir / "gold").is_dir():
        return None
    return corpus.dir / "gold"


def load_gold(corpus: Corpus, name: str) -> pd.DataFrame:
    """One gold file (``furniture``, ``dates`` or ``figures``) as strings, with its ``line``.

    Empty (with the required columns) when the corpus has no such file. Raises
    :class:`~helpers.problems.CorpusError` for a missing column or an
    ``article_id`` the corpus does not have.
    """
    columns = GOLD_COLUMNS[name]
    folder = gold_dir(corpus)
    path = None if folder is None else folder / f"{name}.csv"
    if path is None or not path.is_file():
        return pd.DataFrame(columns=["line", *columns])
    header, rows = read_csv_rows(path)
    missing = [c for c in columns if c not in header]
    if missing:
        raise CorpusError([Problem(f"gold/{name}.csv", f"missing column(s) {missing}.",
                                   f"The gold file needs {', '.join(columns)}.")])
    known = set(corpus.articles["article_id"])
    unknown = [Problem(f"gold/{name}.csv, line {n}", f"article_id {r['article_id']!r} is not "
                       "in articles.csv.", "Correct the article_id.")
               for n, r in rows if r["article_id"] not in known]
    if unknown:
        raise CorpusError(unknown)
    frame = pd.DataFrame([r for _, r in rows], columns=header, dtype="object").fillna("")
    frame.insert(0, "line", [n for n, _ in rows])
    return frame


def _snippet_regex(snippet: str) -> re.Pattern[str]:
    """A regex for ``snippet`` in folded text: any spacing, straight or curly quotes."""
    parts = []
    for token in fold(snippet).split():
        escaped = re.escape(token)
        escaped = escaped.replace('"', '["“”]').replace("'", "['‘’]")
        parts.append(escaped)
    return re.compile(r"\s+".join(parts))


def locate(text: str, snippet: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every occurrence of ``snippet`` in ``text`` (spacing, apostrophes
    and quotation marks may differ).

    >>> locate("He said “we won’t”  go.", 'said "we won\\'t" go')
    [(3, 22)]
    """
    if not snippet.strip():
        return []
    return [m.span() for m in _snippet_regex(snippet).finditer(fold(text))]


def _scores(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """``(metric, hits, n)`` as a scores table (value = hits / n; empty when n is 0)."""
    return pd.DataFrame([(metric, hits / n if n else float("nan"), n)
                         for metric, hits, n in rows], columns=SCORE_COLUMNS)


def _errors(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ERROR_COLUMNS)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in spans)


def _overlapping(rows: pd.DataFrame, spans: list[tuple[int, int]]) -> pd.DataFrame:
    """The rows (with ``start`` and ``end``) that overlap one of ``spans``."""
    mask = [_overlaps(spans, s, e) for s, e in zip(rows["start"], rows["end"], strict=True)]
    return rows.loc[pd.Series(mask, index=rows.index, dtype=bool)]


def score_furniture(corpus: Corpus, gold: pd.DataFrame | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Furniture snippets removed from ``text`` and body snippets kept, overall and by kind.

    Metrics: ``furniture removed`` (share of furniture snippets absent from the
    text), ``body kept`` (share of body snippets present), then ``furniture
    removed: <kind>`` for each kind of the gold file. Errors: ``furniture kept``
    and ``body lost`` (with the rule that removed it, in ``found``).
    """
    gold = load_gold(corpus, "furniture") if gold is None else gold
    texts = corpus.articles.set_index("article_id")
    rows, errors, by_kind = [], [], {}
    kept = removed = n_body = n_furniture = 0
    for g in gold.itertuples():
        present = bool(locate(texts.loc[g.article_id, "text"], g.snippet))
        if g.label == "body":
            n_body += 1
            kept += present
            if not present:
                errors.append({"area": "furniture", "article_id": g.article_id,
                               "snippet": g.snippet, "problem": "body lost",
                               "expected": "in the text",
                               "found": _removed_by(corpus, g.article_id, g.snippet)})
        else:
            n_furniture += 1
            removed += not present
            hits, n = by_kind.get(g.kind, (0, 0))
            by_kind[g.kind] = (hits + (not present), n + 1)
            if present:
                errors.append({"area": "furniture", "article_id": g.article_id,
                               "snippet": g.snippet, "problem": "furniture kept",
                               "expected": f"removed ({g.kind})", "found": "in the text"})
    rows = [("furniture removed", removed, n_furniture), ("body kept", kept, n_body)]
    rows += [(f"furniture removed: {kind}", hits, n) for kind, (hits, n) in sorted(by_kind.items())]
    return _scores(rows), _errors(errors)


def _removed_by(corpus: Corpus, article_id: str, snippet: str) -> str:
    """The furniture rules whose pieces overlap ``snippet`` in the raw text."""
    raw = corpus.articles.set_index("article_id").loc[article_id]
    spans = locate(raw["raw_text"], snippet)
    rules = [rule for start, end, rule, _ in raw["furniture"] if _overlaps(spans, start, end)]
    return ", ".join(dict.fromkeys(rules)) or "not found in the raw text either"


def _date_value(date: pd.Timestamp, precision: str) -> str:
    return date.strftime(PRECISION_FORMATS[precision]) if precision in PRECISION_FORMATS else ""


def score_dates(corpus: Corpus, gold: pd.DataFrame | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Body dates found with the right value, and nothing extracted that should not be.

    Metrics: ``body dates found`` (a timeline row overlaps the snippet and its
    date equals the gold value at the gold precision), ``body dates located``
    (a row overlaps, whatever its value), ``not-dates left out`` (precision
    ``none``: no row overlaps), ``furniture dates kept out`` (no furniture date
    reaches the timeline) and ``timeline rows in the gold`` (share of the
    timeline rows of the annotated articles that overlap a counted snippet).
    """
    gold = load_gold(corpus, "dates") if gold is None else gold
    dates = timeline(corpus)
    texts = corpus.articles.set_index("article_id")["text"]
    errors = []
    found = located = n_body = left_out = n_none = kept_out = n_furniture = 0
    counted_spans: dict[str, list[tuple[int, int]]] = {}
    gold_spans: dict[str, list[tuple[int, int]]] = {}
    body_snippets = {(g.article_id, g.snippet) for g in gold.itertuples() if g.source == "body"}
    for g in gold.itertuples():
        spans = locate(texts[g.article_id], g.snippet)
        gold_spans.setdefault(g.article_id, []).extend(spans)
        rows = dates[dates["article_id"] == g.article_id]
        hits = _overlapping(rows, spans)
        got = "; ".join(f"{x.expression} = {_date_value(x.date, x.precision)} ({x.precision})"
                        for x in hits.itertuples()) or "nothing"
        base = {"area": "dates", "article_id": g.article_id, "snippet": g.snippet}
        if g.source == "furniture":
            n_furniture += 1
            leaked = not hits.empty and (g.article_id, g.snippet) not in body_snippets
            kept_out += not leaked
            if leaked:
                errors.append({**base, "problem": "furniture date in the timeline",
                               "expected": "not in the timeline", "found": got})
        elif g.precision == "none":
            n_none += 1
            left_out += hits.empty
            if not hits.empty:
                errors.append({**base, "problem": "not a date, but extracted",
                               "expected": "not a date", "found": got})
        else:
            n_body += 1
            counted_spans.setdefault(g.article_id, []).extend(spans)
            right = any(_date_value(x.date, g.precision) == g.value for x in hits.itertuples())
            found += right
            located += not hits.empty
            if not right:
                problem = ("snippet not in the text" if not spans else "missed" if hits.empty
                           else "wrong value")
                errors.append({**base, "problem": problem,
                               "expected": f"{g.value} ({g.precision})", "found": got})
    annotated = dates[dates["article_id"].isin(set(gold["article_id"]))]
    in_gold = sum(_overlaps(counted_spans.get(a, []), s, e) for a, s, e in zip(
        annotated["article_id"], annotated["start"], annotated["end"], strict=True))
    for x in annotated.itertuples():
        if not _overlaps(gold_spans.get(x.article_id, []), x.start, x.end):
            errors.append({"area": "dates", "article_id": x.article_id,
                           "snippet": x.expression, "problem": "extracted, not in the gold",
                           "expected": "", "found": f"{_date_value(x.date, x.precision)} "
                                                    f"({x.precision})"})
    scores = _scores([("body dates found", found, n_body), ("body dates located", located, n_body),
                      ("not-dates left out", left_out, n_none),
                      ("furniture dates kept out", kept_out, n_furniture),
                      ("timeline rows in the gold", in_gold, len(annotated))])
    return scores, _errors(errors)


def score_figures(corpus: Corpus, gold: pd.DataFrame | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counted figures found and not-counted numbers (labels, times, years) left out.

    Metrics: ``figures found`` (share of counted snippets overlapped by a
    figure), ``non-figures left out`` (share of not-counted snippets that no
    figure overlaps) and ``figures in the gold`` (share of the figures of the
    annotated articles that overlap a counted snippet).
    """
    gold = load_gold(corpus, "figures") if gold is None else gold
    figures = extract_figures(corpus)
    texts = corpus.articles.set_index("article_id")["text"]
    errors, counted_spans = [], {}
    found = n_yes = left_out = n_no = 0
    for g in gold.itertuples():
        spans = locate(texts[g.article_id], g.snippet)
        rows = figures[figures["article_id"] == g.article_id]
        hits = _overlapping(rows, spans)
        got = "; ".join(hits["figure"]) or "nothing"
        base = {"area": "figures", "article_id": g.article_id, "snippet": g.snippet}
        if g.counted == "yes":
            n_yes += 1
            found += not hits.empty
            counted_spans.setdefault(g.article_id, []).extend(spans)
            if hits.empty:
                errors.append({**base, "problem": "snippet not in the text" if not spans
                               else "missed", "expected": "a figure", "found": got})
        else:
            n_no += 1
            left_out += hits.empty
            if not hits.empty:
                errors.append({**base, "problem": "not a figure, but extracted",
                               "expected": "not a figure", "found": got})
    annotated = figures[figures["article_id"].isin(set(gold["article_id"]))]
    in_gold = sum(_overlaps(counted_spans.get(a, []), s, e) for a, s, e in zip(
        annotated["article_id"], annotated["start"], annotated["end"], strict=True))
    scores = _scores([("figures found", found, n_yes), ("non-figures left out", left_out, n_no),
                      ("figures in the gold", in_gold, len(annotated))])
    return scores, _errors(errors)


def score_gold(corpus: Corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All three scores in one table (with an ``area`` column), and all errors.

    Empty tables when the corpus has no ``gold/`` folder.
    """
    parts = [(area, *scorer(corpus)) for area, scorer in
             (("furniture", score_furniture), ("dates", score_dates),
              ("figures", score_figures))]
    scores = pd.concat([s.assign(area=area) for area, s, _ in parts], ignore_index=True)
    errors = pd.concat([e for _, _, e in parts if not e.empty] or [_errors([])],
                       ignore_index=True)
    return scores[["area", *SCORE_COLUMNS]], errors


#: The hand-annotated test corpora, invented for the project: ``unseen`` is the development
#: corpus (its errors were read while the rules were improved); ``fresh`` is held out (scored,
#: never studied).
TEST_CORPORA_DIR = Path(__file__).resolve().parents[2] / "tests" / "corpora"
UNSEEN_DIR = TEST_CORPORA_DIR / "unseen"
FRESH_DIR = TEST_CORPORA_DIR / "fresh"
#: The measures shown side by side: (area, measure in its scores table, label).
HEADLINE_MEASURES = (
    ("quotes", "recall", "quotations found"),
    ("quotes", "precision", "extracted quotations that are quotations"),
    ("quotes", "speaker_accuracy", "right speaker, of those found"),
    ("furniture", "furniture removed", "furniture removed"),
    ("furniture", "body kept", "body snippets kept"),
    ("dates", "body dates found", "body dates found with the right value"),
    ("dates", "furniture dates kept out", "furniture dates kept off the timeline"),
    ("figures", "figures found", "quantities found"),
    ("figures", "non-figures left out", "labels, times and years left out"),
)


def gold_scores(folder: Path) -> dict[tuple[str, str], tuple[float, int]]:
    """Every score of a hand-annotated corpus: ``(area, measure) -> (value, n)``."""
    from helpers.corpus import open_corpus
    from helpers.quotes import score_gold_quotes

    corpus = open_corpus(folder)
    quotes = score_gold_quotes(corpus, folder / "gold" / "quotes.csv")[0]
    others = score_gold(corpus)[0]
    scores = {("quotes", m): (v, t) for m, v, t in zip(quotes["measure"], quotes["value"],
                                                         quotes["total"], strict=True)}
    scores.update({(a, m): (v, n) for a, m, v, n in zip(
        others["area"], others["metric"], others["value"], others["n"], strict=True)})
    return scores


def in_and_out_of_sample(builtin: Corpus, unseen_dir: Path = UNSEEN_DIR,
                         fresh_dir: Path = FRESH_DIR) -> pd.DataFrame:
    """The extractors' scores in sample (the built-in seeds, where the rules were written), on
    the development corpus, and on the held-out corpus, side by side.

    Columns: ``area``, ``measure``, ``in_sample`` (the seeds' hand annotation exists for
    quotations only; empty elsewhere), ``development`` and ``n_dev`` (its annotated cases),
    ``held_out`` and ``n_held``. Read from the report's cache folder when a build before
    this one computed it from the same corpora and code (:func:`helpers.cache.memo`).
    """
    from helpers.cache import files_chunks, memo
    from helpers.corpus import corpus_key

    records = [{"article_id": a, "raw_text": r} for a, r in
               zip(builtin.articles["article_id"], builtin.articles["raw_text"], strict=True)]
    depends = [corpus_key(builtin.dir, records, builtin.tables).encode(),
               *files_chunks([unseen_dir, fresh_dir])]
    return memo("gold.in-and-out-of-sample", depends,
                lambda: _in_and_out_of_sample(builtin, unseen_dir, fresh_dir))


def _in_and_out_of_sample(builtin: Corpus, unseen_dir: Path, fresh_dir: Path) -> pd.DataFrame:
    """:func:`in_and_out_of_sample`, computed."""
    from helpers.quotes import score_quotes

    inside = score_quotes(builtin)[0].set_index("measure")["value"]
    dev, held = gold_scores(unseen_dir), gold_scores(fresh_dir)
    rows = []
    for area, measure, label in HEADLINE_MEASURES:
        (d, n_dev), (h, n_held) = (part.get((area, measure), (float("nan"), 0))
                                   for part in (dev, held))
        rows.append({"area": area, "measure": label,
                     "in_sample": round(float(inside[measure]), 2) if area == "quotes"
                     and measure in inside else None,
                     "development": round(float(d), 2), "n_dev": int(n_dev),
                     "held_out": round(float(h), 2), "n_held": int(n_held)})
    return pd.DataFrame(rows)
