"""The announcements being compared, and the dated events the articles mention.

Three tools, each DataFrame in, DataFrame out:

* :func:`timeline` finds every date expression in the article bodies and
  resolves it to a calendar date against the article's ``published`` date.
* :func:`announcement_evidence` and :func:`comparison_table` build the
  side-by-side table of the announcements from ``data/announcements.csv``:
  every cell is a pattern, and what the table shows is what the pattern found.
* :func:`callbacks` finds the sentences in coverage of a later event that refer
  back to an earlier announcement (``data/callbacks.csv`` patterns, plus dates
  that fall on an earlier announcement).

The events themselves (ids, labels, dates, who announced) come from
``data/events.csv``; nothing about any one story is written in this module.

How dates are resolved (the date grammar)
-----------------------------------------
The grammar knows month and weekday names; it does not know any story.
Each match gets a ``precision`` (``day``, ``month`` or ``year``) and a
``how``: ``explicit`` when the words name the calendar date (``30 September``,
``Dec. 29``, ``14 March, 2016``, ``March 2011``), ``relative`` when the date
can only be worked out from the publication date (``Tuesday``, ``last month``,
``in October``, ``March of last year``, ``later this month``).

* **Day and month without a year** ("30 September", "Dec. 29"): the year is the
  one that puts the date on or before publication (the most recent such date),
  unless the clause is in the future tense ("will", "scheduled", ...), when it is
  the first such date on or after publication.
* **A month alone** ("in October", "late September"; a bare month needs a
  preposition or early/mid/late before it, so the verb "march" and the modal
  "may" are never dates): the most recent such month that began on or before
  publication; in a future-tense clause, the first such month that has not
  ended before publication.
* **A weekday** ("on Tuesday", "Monday", "announced Friday", "from Tuesday"):
  the one date with that weekday within three days of publication, before or
  after. News reports name weekdays only for the days around publication, and
  exactly one day in any seven-day window has a given weekday, so the rule
  never has to choose.
* **Relative periods**: "last month" is the month before publication, "this
  month" (also "later/earlier this month") the month of publication, "next
  month" the month after; "last/this/next year" likewise, with year precision;
  "March of last year" is March of the year before publication.

``date`` is the first day of the period and ``date_end`` its last day, so a
month-precision date covers the whole month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.lines as mlines
import matplotlib.pyplot as plt
import pandas as pd

from helpers import plotting
from helpers.corpus import CorpusError, Problem, is_own_table, load_table, table_path
from helpers.framing import dictionary_hits
from helpers.text import load_sentences

# ---------------------------------------------------------------- date grammar

MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
                       "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name)}

# Full month names, or an abbreviation with its full stop ("Dec."): a bare "Mar" is not a date.
_MONTH = (r"(?P<month>" + "|".join(MONTHS) + "|(?:"
          + "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True)) + r")\.)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_PART = r"(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ])"
_REL = r"(?P<rel>last|this|next)"

#: Words that put a clause in the future tense (grammar, not story knowledge).
FUTURE_MARKERS = re.compile(r"\b(?:will|shall|scheduled|due to|expected to|set to|upcoming)\b"
                            r"|['’]ll\b", re.IGNORECASE)

#: Where a sentence divides into clauses, for ``event_text`` and the tense test.
CLAUSE_BREAK = re.compile(r"\s*[;:—–]\s*|,\s+(?=(?:but|and|though|although|while|whereas|saying|"
                          r"despite|leaving)\b)")

GRAMMAR: list[tuple[str, re.Pattern[str]]] = [
    ("day_month", re.compile(rf"\b{_DAY} {_MONTH}(?![\w])(?:,? {_YEAR}\b)?")),
    ("month_day", re.compile(rf"\b{_MONTH} {_DAY}\b(?:,? {_YEAR}\b)?")),
    ("month_of_year", re.compile(rf"\b{_PART}?{_MONTH} of {_REL} year\b")),
    ("month_year", re.compile(rf"\b{_PART}?{_MONTH},? {_YEAR}\b")),
    ("relative_period", re.compile(rf"\b(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate|[Ll]ater|[Ee]arlier)"
                                   rf" )?{_REL} (?P<unit>month|year)\b", re.IGNORECASE)),
    ("month", re.compile(r"(?P<prep>\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|"
                         rf"[Tt]hrough)\s+(?:the\s+)?)?\b{_PART}?{_MONTH}(?![\w])")),
    ("weekday", re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b")),
]

RELATIVE_RULES = {"month_of_year", "relative_period", "month", "weekday"}
TIMELINE_COLUMNS = ["article_id", "date", "precision", "start", "end", "sentence", "how",
                    "event_text", "sentence_id", "expression", "date_end", "rule"]


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a text and resolved to a period."""

    start: int
    end: int
    expression: str
    date: dt.date
    date_end: dt.date
    precision: str
    how: str
    rule: str


def _month_number(name: str) -> int:
    return MONTHS.get(name) or MONTH_ABBREVIATIONS[name.rstrip(".")]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _day_without_year(month: int, day: int, published: dt.date, future: bool) -> dt.date:
    """The date ``day month`` nearest publication: on or before it, or after it if ``future``."""
    years = [published.year - 1, published.year, published.year + 1]
    candidates = []
    for year in years:
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # 29 February in a non-leap year, or "31 June"
            continue
    if future:
        later = [d for d in candidates if d >= published]
        return min(later) if later else max(candidates)
    earlier = [d for d in candidates if d <= published]
    return max(earlier) if earlier else min(candidates)


def _month_without_year(month: int, published: dt.date, future: bool) -> int:
    """The year of the month ``month`` nearest publication (see the module docstring)."""
    if future:
        return published.year if _month_end(published.year, month) >= published \
            else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _weekday_near(weekday: int, published: dt.date) -> dt.date:
    """The one date with ``weekday`` within three days of ``published``."""
    return next(published + dt.timedelta(days=k) for k in range(-3, 4)
                if (published + dt.timedelta(days=k)).weekday() == weekday)


def clause_at(sentence: str, offset: int) -> tuple[int, int]:
    """``(start, end)`` of the clause of ``sentence`` that holds character ``offset``.

    Clauses split at semicolons, colons, dashes and at a comma before a
    conjunction ("..., but", "..., saying"). A clause of fewer than four words
    (an opening "In October,") is joined to the next one.

    >>> s = "Russia intervened in Syria's war on 30 September, saying it intended to stem it."
    >>> a, b = clause_at(s, s.index("30"))
    >>> s[a:b]
    "Russia intervened in Syria's war on 30 September"
    """
    bounds = [0]
    for m in CLAUSE_BREAK.finditer(sentence):
        bounds += [m.start(), m.end()]
    bounds.append(len(sentence))
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    merged: list[list[int]] = []
    for start, end in pieces:
        if merged and len(sentence[merged[-1][0]:merged[-1][1]].split()) < 4:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    for start, end in merged:
        if start <= offset < max(end, start + 1):
            return start, end
    return merged[-1][0], merged[-1][1]


def _resolve(rule: str, m: re.Match[str], published: dt.date, future: bool
             ) -> tuple[dt.date, dt.date, str]:
    """Resolve one grammar match to ``(date, date_end, precision)``."""
    g = m.groupdict()
    if rule in ("day_month", "month_day"):
        month, day = _month_number(g["month"]), int(g["day"])
        if g.get("year"):
            date = dt.date(int(g["year"]), month, day)
        else:
            date = _day_without_year(month, day, published, future)
        return date, date, "day"
    if rule == "weekday":
        date = _weekday_near(WEEKDAYS[g["weekday"]], published)
        return date, date, "day"
    if rule == "relative_period":
        delta = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        if g["unit"].lower() == "year":
            year = published.year + delta
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
        year, month = _shift_month(published.year, published.month, delta)
    else:
        month = _month_number(g["month"])
        if rule == "month_year":
            year = int(g["year"])
        elif rule == "month_of_year":
            year = published.year + {"last": -1, "this": 0, "next": 1}[g["rel"]]
        else:
            year = _month_without_year(month, published, future)
    return dt.date(year, month, 1), _month_end(year, month), "month"


def find_dates(text: str, published: dt.date | pd.Timestamp) -> list[DateMatch]:
    """Find and resolve every date expression in ``text`` (one sentence, or any text).

    Rules apply in :data:`GRAMMAR` order and a match that overlaps an earlier
    one is skipped, so "March of last year" is not also read as "in March".

    >>> [(d.expression, str(d.date), d.precision)
    ...  for d in find_dates("The cease-fire in Syria began on Dec. 29.", dt.date(2017, 1, 6))]
    [('Dec. 29', '2016-12-29', 'day')]
    """
    if isinstance(published, pd.Timestamp):
        published = published.date()
    found: list[DateMatch] = []
    for rule, regex in GRAMMAR:
        for m in regex.finditer(text):
            if rule == "month" and not (m.group("prep") or m.group("part")):
                continue  # a bare month needs "in", "since", "late", ...: "May" may be a verb
            # A bare month's span leaves out its preposition: "in October" gives "October".
            start = m.start() if rule != "month" else m.start("part") if m.group("part") \
                else m.start("month")
            end = m.end()
            if any(start < f.end and f.start < end for f in found):
                continue
            c_start, c_end = clause_at(text, start)
            future = bool(FUTURE_MARKERS.search(text, c_start, c_end))
            try:
                date, date_end, precision = _resolve(rule, m, published, future)
            except ValueError:  # not a real day ("31 June"): not a date
                continue
            how = "relative" if rule in RELATIVE_RULES else "explicit"
            found.append(DateMatch(start, end, text[start:end], date, date_end, precision, how,
                                   rule))
    return sorted(found, key=lambda d: d.start)


def timeline(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every dated event the article bodies mention, resolved against each ``published`` date.

    Columns: ``article_id``, ``date`` (first day of the period), ``precision``
    (day, month or year), ``start``, ``end`` (offsets of the date expression in
    the article's ``text``), ``sentence``, ``how`` (explicit or relative),
    ``event_text`` (the clause that holds the date: what happened then), then
    ``sentence_id``, ``expression`` (the date words), ``date_end`` (last day of
    the period) and ``rule`` (which grammar rule matched). The rules are in the
    module docstring.

    >>> from helpers import load_articles
    >>> t = timeline(load_articles())
    >>> row = t[t.expression == "30 September"].iloc[0]
    >>> row.article_id, str(row.date.date()), row.how
    ('newarab-2016', '2015-09-30', 'explicit')
    """
    if sentences is None:
        sentences = load_sentences(articles)
    published = dict(zip(articles["article_id"], articles["published"], strict=True))
    rows = []
    for s in sentences.itertuples():
        for d in find_dates(s.text, published[s.article_id]):
            c_start, c_end = clause_at(s.text, d.start)
            rows.append({
                "article_id": s.article_id, "date": pd.Timestamp(d.date),
                "precision": d.precision, "start": s.start + d.start, "end": s.start + d.end,
                "sentence": s.text, "how": d.how,
                "event_text": s.text[c_start:c_end].rstrip(".,;: "),
                "sentence_id": s.sentence_id, "expression": d.expression,
                "date_end": pd.Timestamp(d.date_end), "rule": d.rule,
            })
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    if frame.empty:  # keep the date columns' type, so ``.dt`` works on an empty timeline
        frame = frame.astype({"date": "datetime64[ns]", "date_end": "datetime64[ns]"})
    order = {aid: i for i, aid in enumerate(articles["article_id"])}
    frame = frame.sort_values(["article_id", "start"], key=lambda c: c.map(order)
                              if c.name == "article_id" else c)
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------- events and tables

def _corpus_dir(articles: pd.DataFrame) -> str | Path | None:
    return articles.attrs.get("corpus_dir")


def load_events(corpus_dir: str | Path | None = None,
                articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events being compared (``events.csv``), in date order, with ``date`` as a Timestamp.

    When ``articles`` is given, every article's ``event`` must be in the table.

    >>> load_events().event.tolist()
    ['mar2016', 'jan2017']
    """
    if corpus_dir is None and articles is not None:
        corpus_dir = _corpus_dir(articles)
    events = load_table("events", corpus_dir)
    path = table_path("events", corpus_dir)
    problems = []
    dates = []
    for row in events.itertuples():
        try:
            dates.append(pd.Timestamp(dt.date.fromisoformat(row.date.strip())))
        except ValueError:
            dates.append(pd.NaT)
            problems.append(Problem(f"{path}, line {row.line} (event {row.event!r})",
                                    f"date {row.date!r} is not a YYYY-MM-DD date.",
                                    "Write the announcement's date such as 2016-03-14."))
    if articles is not None:
        for event in sorted(set(articles["event"]) - set(events["event"])):
            problems.append(Problem(str(path), f"articles use event {event!r}, which the "
                                    "table does not list.",
                                    "Add a row for it, or correct articles.csv."))
    if problems:
        raise CorpusError(problems)
    events["date"] = dates
    return events.sort_values(["date", "event"]).reset_index(drop=True)


def _pattern_hits(sentences: pd.DataFrame, table: pd.DataFrame, labels: list[str],
                  name: str) -> pd.DataFrame:
    """Matches of a table's ``pattern`` column (see :func:`helpers.framing.dictionary_hits`).

    Adds the matched sentence: ``match_start``/``match_end``/``match`` are the
    hit, ``start``/``end``/``text`` the sentence that holds it.
    """
    hits = dictionary_hits(sentences, table, "pattern", labels, name=name)
    hits = hits.rename(columns={"start": "match_start", "end": "match_end", "term": "match"})
    return hits.merge(sentences[["article_id", "sentence_id", "start", "end", "text"]],
                      on=["article_id", "sentence_id"], how="left")


def load_announcements(corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """The comparison table's definitions, ``announcements.csv``: one row per aspect and event.

    Columns ``aspect``, ``event``, ``pattern`` (a regular expression), ``finds``
    (what the pattern is meant to find) and ``why``. A corpus without its own
    ``announcements.csv`` borrows the built-in rows of the events it shares with
    them (usually none), since the built-in patterns describe the built-in events.
    """
    table = load_table("announcements", corpus_dir)
    if corpus_dir is not None and not is_own_table("announcements", corpus_dir):
        known = set(load_table("events", corpus_dir)["event"])
        table = table[table["event"].isin(known)].reset_index(drop=True)
    return table


EVIDENCE_COLUMNS = ["aspect", "event", "article_id", "sentence_id", "start", "end", "text",
                    "match_start", "match_end", "match", "line"]


def announcement_evidence(sentences: pd.DataFrame, articles: pd.DataFrame,
                          table: pd.DataFrame | None = None,
                          events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Evidence sentences for each cell of the announcement comparison table.

    ``table`` is ``announcements.csv`` (columns ``aspect``, ``event``,
    ``pattern``, ``finds``, ``why``): each row's pattern is matched against the
    sentences of the articles about that row's event, as whole words with smart
    case (see :func:`helpers.framing.compile_pattern`).

    Returns one row per match: ``aspect``, ``event``, ``article_id``,
    ``sentence_id``, ``start``, ``end`` (the sentence's offsets in the article
    ``text``), ``text`` (the sentence), ``match_start``, ``match_end``, ``match``
    and ``line`` (the table row it came from). Cells with no evidence have no
    rows; :func:`comparison_table` shows them as missing.
    """
    corpus_dir = _corpus_dir(articles)
    table = load_announcements(corpus_dir) if table is None else table
    events = load_events(corpus_dir, articles) if events is None else events
    path = table_path("announcements", corpus_dir)
    unknown = [Problem(f"{path}, line {r.line}", f"event {r.event!r} is not in events.csv.",
                       f"Use one of {sorted(events['event'])}.")
               for r in table.itertuples() if r.event not in set(events["event"])]
    if unknown:
        raise CorpusError(unknown)
    event_of = sentences["article_id"].map(articles["event"])
    parts = [_pattern_hits(sentences[event_of == event], rows, ["aspect", "event"],
                           "announcements")
             for event, rows in table.groupby("event", sort=False)]
    found = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=EVIDENCE_COLUMNS)
    order = {aid: i for i, aid in enumerate(articles["article_id"])}
    aspect_order = {a: i for i, a in enumerate(dict.fromkeys(table["aspect"]))}
    event_order = {e: i for i, e in enumerate(events["event"])}
    found = found.assign(_a=found["aspect"].map(aspect_order),
                         _e=found["event"].map(event_order), _o=found["article_id"].map(order))
    found = found.sort_values(["_a", "_e", "_o", "match_start"], kind="stable")
    return found[EVIDENCE_COLUMNS].reset_index(drop=True)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[:width - 1].rsplit(" ", 1)[0] + "…"


def comparison_table(evidence: pd.DataFrame, articles: pd.DataFrame,
                     table: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                     width: int = 80) -> pd.DataFrame:
    """The side-by-side table: one row per aspect, one column per event (its label).

    Each cell is the longest match (the most informative; ties go to the first
    article) as a short extract, with the ids of every article that has evidence
    for the cell and how many sentences do, e.g. ``“Putin announced” (aj-long-2016,
    newarab-2016; 3 sentences)``. A cell without evidence reads ``NO EVIDENCE``: fix
    the pattern in ``announcements.csv``, never type the cell in.
    """
    corpus_dir = _corpus_dir(articles)
    table = load_announcements(corpus_dir) if table is None else table
    events = load_events(corpus_dir, articles) if events is None else events
    order = {aid: i for i, aid in enumerate(articles["article_id"])}
    aspects = list(dict.fromkeys(table["aspect"]))
    labels = dict(zip(events["event"], events["label"], strict=True))
    cells: dict[str, dict[str, str]] = {}
    for event in events["event"]:
        column = {}
        for aspect in aspects:
            hits = evidence[(evidence.aspect == aspect) & (evidence.event == event)]
            if hits.empty:
                column[aspect] = "NO EVIDENCE"
                continue
            hits = hits.assign(_order=hits.article_id.map(order), _len=-hits["match"].str.len())
            hits = hits.sort_values(["_len", "_order", "match_start"])
            ids = sorted(set(hits.article_id), key=order.get)
            n = len(hits[["article_id", "sentence_id"]].drop_duplicates())
            noun = "sentence" if n == 1 else "sentences"
            column[aspect] = (f"“{_shorten(hits.iloc[0]['match'], width)}” "
                              f"({', '.join(ids)}; {n} {noun})")
        cells[labels[event]] = column
    frame = pd.DataFrame(cells, index=aspects)
    frame.index.name = "aspect"
    return frame


def missing_evidence(evidence: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The ``(aspect, event)`` cells of ``table`` that no evidence sentence backs."""
    found = set(zip(evidence["aspect"], evidence["event"], strict=True))
    rows = table[[(a, e) not in found for a, e in zip(table["aspect"], table["event"],
                                                       strict=True)]]
    return rows[["line", "aspect", "event", "pattern"]].reset_index(drop=True)


def _join_unique(values: pd.Series) -> str:
    return "; ".join(dict.fromkeys(values))


CALLBACK_COLUMNS = ["article_id", "event", "sentence_id", "start", "end", "text", "kind", "via",
                    "match", "refers_to", "next_text"]


def callbacks(sentences: pd.DataFrame, articles: pd.DataFrame,
              table: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
              dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentences in coverage of a later event that refer back to an earlier announcement.

    Only articles whose event has an earlier event in ``events.csv`` are read.
    A sentence is a callback when

    * a ``callbacks.csv`` pattern matches it (``via`` is ``pattern:<callback_id>``;
      it refers to the latest earlier event), or
    * it holds a date of day or month precision (from :func:`timeline`) whose
      period contains an earlier event's date (``via`` is ``date``), such as "in
      March" in January 2017 for an announcement of 14 March 2016.

    One row per sentence and earlier event. Columns: ``article_id``, ``event``,
    ``sentence_id``, ``start``, ``end``, ``text``, ``kind`` (the table's kinds:
    repetition, reference, outcome; a date is a reference), ``via`` and
    ``match`` (every way it was found and what matched, each joined by "; "),
    ``refers_to`` (the earlier event) and ``next_text`` (the next sentence, to
    see how the callback is used).
    """
    corpus_dir = _corpus_dir(articles)
    if table is None:
        table = load_table("callbacks", corpus_dir)
    if events is None:
        events = load_events(corpus_dir, articles)
    if dates is None:
        dates = timeline(articles, sentences)
    event_date = dict(zip(events["event"], events["date"], strict=True))
    earlier = {aid: events[events["date"] < event_date[ev]]
               for aid, ev in zip(articles["article_id"], articles["event"], strict=True)}
    event_of = dict(zip(articles["article_id"], articles["event"], strict=True))
    later = sentences["article_id"].map(lambda aid: not earlier[aid].empty)
    hits = _pattern_hits(sentences[later], table, ["callback_id", "kind"], "callbacks")
    rows = [{"article_id": h.article_id, "sentence_id": h.sentence_id, "start": h.start,
             "end": h.end, "text": h.text, "kind": h.kind, "via": f"pattern:{h.callback_id}",
             "match": h.match,
             "refers_to": earlier[h.article_id]["event"].iloc[-1]} for h in hits.itertuples()]
    for d in dates[dates.precision.isin(["day", "month"])].itertuples():
        for e in earlier[d.article_id].itertuples():
            if d.date <= e.date <= d.date_end:
                s = sentences[(sentences.article_id == d.article_id)
                              & (sentences.sentence_id == d.sentence_id)].iloc[0]
                rows.append({"article_id": d.article_id, "sentence_id": d.sentence_id,
                             "start": s.start, "end": s.end, "text": s.text,
                             "kind": "reference", "via": "date",
                             "match": d.expression, "refers_to": e.event})
    frame = pd.DataFrame(rows, columns=[c for c in CALLBACK_COLUMNS if c != "event"])
    keys = ["article_id", "sentence_id", "start", "end", "text", "refers_to"]
    frame = frame.sort_values(["via", "match"]).groupby(keys, as_index=False, sort=False).agg(
        kind=("kind", _join_unique), via=("via", _join_unique), match=("match", _join_unique))
    frame.insert(1, "event", frame["article_id"].map(event_of))
    following = {(a, i - 1): t for a, i, t in zip(sentences.article_id, sentences.sentence_id,
                                                    sentences.text, strict=True)}
    frame["next_text"] = [following.get((a, i), "") for a, i in
                          zip(frame.article_id, frame.sentence_id, strict=True)]
    order = {aid: i for i, aid in enumerate(articles["article_id"])}
    frame = frame.sort_values(["article_id", "sentence_id"],
                              key=lambda c: c.map(order) if c.name == "article_id" else c)
    return frame[CALLBACK_COLUMNS].reset_index(drop=True)


def plot_timeline(dates: pd.DataFrame, articles: pd.DataFrame,
                  events: pd.DataFrame | None = None, months_before: int = 8,
                  months_after: int = 3) -> tuple[plt.Figure, plt.Axes, pd.DataFrame]:
    """Draw the dates of :func:`timeline`: one row per article, coloured by outlet.

    A day is a dot; a month is a bar across the month with a dot in its middle.
    Filled dots are explicit dates, hollow ones relative. A black tick marks each
    article's publication date, and a dashed line each event of ``events``.
    Dates more than ``months_before`` months before the first event (or
    ``months_after`` after the last) are left out of the window so the
    announcements stay readable; they are returned, to be reported.

    Returns ``(fig, ax, left_out)``. Finish the figure with
    :func:`helpers.plotting.finish`.
    """
    if events is None:
        events = load_events(articles=articles)
    colors = plotting.article_colors(articles)
    event_date = dict(zip(events["event"], events["date"], strict=True))
    rows = articles.assign(_event_date=articles["event"].map(event_date)).sort_values(
        ["_event_date", "published", "article_id"])
    ypos = {aid: i for i, aid in enumerate(reversed(list(rows["article_id"])))}
    lo = events["date"].min() - pd.DateOffset(months=months_before)
    hi = events["date"].max() + pd.DateOffset(months=months_after)
    inside = (dates["date_end"] >= lo) & (dates["date"] <= hi)
    fig, ax = plotting.new_figure(height=1.2 + 0.55 * len(ypos))
    for d in dates[inside].itertuples():
        y, color = ypos[d.article_id], colors[d.article_id]
        middle = d.date + (d.date_end - d.date) / 2
        if d.precision != "day":
            ax.plot([d.date, d.date_end + pd.Timedelta(days=1)], [y, y], color=color,
                    linewidth=7, alpha=0.35, solid_capstyle="butt")
        ax.plot([middle], [y], marker="o", markersize=7, color=color, linestyle="none",
                markerfacecolor=color if d.how == "explicit" else "white", markeredgewidth=1.5)
    for r in rows.itertuples():
        ax.plot([r.published], [ypos[r.article_id]], marker="|", markersize=14, color="black",
                linestyle="none")
    levels = _label_levels(list(events["date"]), hi - lo)
    for e, level in zip(events.itertuples(), levels, strict=True):
        ax.axvline(e.date, color=plotting.NEUTRAL, linestyle="--", linewidth=1)
        head, colon, tail = e.label.partition(": ")  # "March 2016: Putin orders ..."
        label = f"{head}:\n{textwrap.fill(tail, 34)}" if colon else textwrap.fill(head, 34)
        ax.annotate(label, (e.date, len(ypos) - 0.45 + 1.1 * level), xytext=(-4, 0),
                    textcoords="offset points", ha="right", va="bottom", fontsize=8,
                    color="#333333")
    ax.set_yticks(list(ypos.values()),
                  [f"{aid}\n{articles.loc[aid, 'outlet']}" for aid in ypos], fontsize=8)
    for label in ax.get_yticklabels():
        label.set_color(colors[articles.loc[label.get_text().split(chr(10))[0], "article_id"]])
    ax.set_ylim(-0.6, len(ypos) + 0.5 + 1.1 * max(levels, default=0))
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    handles = [
        mlines.Line2D([], [], marker="o", color="#555555", linestyle="none",
                      label="explicit date"),
        mlines.Line2D([], [], marker="o", color="#555555", markerfacecolor="white",
                      linestyle="none", label="relative date"),
        mlines.Line2D([], [], color="#555555", linewidth=7, alpha=0.35, label="month"),
        mlines.Line2D([], [], marker="|", markersize=12, color="black", linestyle="none",
                      label="published"),
    ]
    # Anchored a fixed distance (in font sizes) under the axes, below the axis label,
    # whatever the figure's height.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4,
              fontsize=8, borderaxespad=4.8)
    left_out = dates[~inside].reset_index(drop=True)
    return fig, ax, left_out


def _label_levels(dates: list[pd.Timestamp], span: pd.Timedelta) -> list[int]:
    """Height level (0 or 1) of each event label: a label close to the one before goes up.

    Labels sit to the left of their event's line, so two events less than a
    quarter of the axis apart would print their labels on top of each other.

    >>> ts = pd.to_datetime(["2016-03-14", "2017-01-06", "2017-02-01"])
    >>> _label_levels(list(ts), pd.Timedelta(days=600))
    [0, 0, 1]
    """
    levels: list[int] = []
    for i, date in enumerate(dates):
        close = i > 0 and date - dates[i - 1] < span / 4
        levels.append(1 - levels[-1] if close else 0)
    return levels


def summary_table(evidence: pd.DataFrame, table: pd.DataFrame, dates: pd.DataFrame,
                  backs: pd.DataFrame, outlet_event: pd.DataFrame) -> pd.DataFrame:
    """The key numbers of the announcement comparison, one ``finding`` and ``value`` per row.

    Takes the outputs of :func:`announcement_evidence` (with its ``table``),
    :func:`timeline`, :func:`callbacks` and an outlet-by-event count table
    (outlets as rows, events as columns).
    """
    cells = len(table[["aspect", "event"]].drop_duplicates())
    rows = [
        ("comparison cells", cells),
        ("cells backed by evidence", cells - len(missing_evidence(evidence, table))),
        ("evidence sentences", len(evidence[["article_id", "sentence_id"]].drop_duplicates())),
        ("dates found", len(dates)),
        ("explicit dates", int((dates["how"] == "explicit").sum())),
        ("relative dates", int((dates["how"] == "relative").sum())),
        ("sentences referring back to an earlier announcement", len(backs)),
        ("articles with such a sentence", backs["article_id"].nunique()),
        ("outlets covering more than one event", int(((outlet_event > 0).sum(axis=1) > 1).sum())),
    ]
    return pd.DataFrame(rows, columns=["finding", "value"])


def plot_by_event(per_article: pd.DataFrame, per_event: pd.DataFrame, articles: pd.DataFrame,
                  events: pd.DataFrame | None = None) -> tuple[plt.Figure, plt.Axes]:
    """Dot-and-interval chart of a measure per article, grouped under each event's own value.

    ``per_article`` has ``event``, ``article_id``, ``mean``, ``low``, ``high``
    and ``per_event`` has ``event``, ``mean``, ``low``, ``high`` (for example two
    :func:`helpers.sentiment.bootstrap_by` tables). Each event gets a grey
    diamond row ("all articles") followed by its articles in outlet colours, so
    the gap between events can be read against the spread inside each event.
    Finish with :func:`helpers.plotting.finish`.
    """
    if events is None:
        events = load_events(articles=articles)
    colors = plotting.article_colors(articles)
    labels = dict(zip(events["event"], events["label"], strict=True))
    order = {aid: i for i, aid in enumerate(articles["article_id"])}
    rows = []
    for event in events["event"]:
        for r in per_event[per_event["event"] == event].itertuples():
            rows.append((f"{labels[event]}\nall articles", r, plotting.NEUTRAL, "D"))
        part = per_article[per_article["event"] == event]
        for r in sorted(part.itertuples(), key=lambda r: order[r.article_id]):
            rows.append((f"{r.article_id} ({articles.loc[r.article_id, 'outlet']})", r,
                         colors[r.article_id], "o"))
    fig, ax = plotting.new_figure(height=1.0 + 0.45 * len(rows))
    for y, (_, r, color, marker) in enumerate(rows):
        ax.errorbar(r.mean, y, xerr=[[r.mean - r.low], [r.high - r.mean]], fmt=marker,
                    color=color, capsize=3, markersize=7)
    ax.set_yticks(range(len(rows)), [label for label, *_ in rows], fontsize=8)
    for tick, (_, _, color, marker) in zip(ax.get_yticklabels(), rows, strict=True):
        tick.set_color(color)
        tick.set_fontweight("bold" if marker == "D" else "normal")
    ax.axvline(0, color=plotting.NEUTRAL, linewidth=1)
    ax.invert_yaxis()
    return fig, ax
