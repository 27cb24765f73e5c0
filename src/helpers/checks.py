"""What validation checks in a corpus's tables beyond their columns and patterns.

Everything an analysis relies on is checked here, once, when the corpus is validated or
opened, so a corpus that ``make validate`` accepts never fails later in the report:

* identifiers (``article_id``, ``event``, a frame's name ...) are one line of visible
  characters (:func:`id_problems`);
* ``events.csv``: real dates, each event once, every event of ``articles.csv`` and of
  ``announcements.csv`` listed (:func:`event_problems`);
* ``actors.csv``: a name, a known pronoun, each alias given to one actor
  (:func:`actor_problems`);
* ``quote_cues.csv``: known kinds and speaker sides, no empty cue (:func:`cue_problems`);
* hand annotations: ``annotations/quotes.csv`` offsets are whole numbers inside the
  article's text that hold the quoted words; ``annotations/tone.csv`` has known tones and
  whole-number sentence ids (:func:`annotation_problems`).

Each problem names the file, the line, what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from helpers.problems import Problem
from helpers.tables import Table
from helpers.text import fold

#: Pronouns an actor may have (actors.csv).
PRONOUNS = ("he", "she", "it", "they")
#: Kinds of ``quote_cues.csv`` rows and the sides a speech cue may take its speaker from
#: (``company`` words are institution words that also say the institution is a company).
CUE_KINDS = ("speech", "slogan", "title", "role", "institution", "company", "media", "document")
SIDES = ("before", "after", "either", "object")
#: Hand labels of sentence tone (annotations/tone.csv).
TONES = ("negative", "neutral", "positive")

#: Identifier columns of each table: one line of visible characters.
ID_COLUMNS = {
    "boilerplate": ("rule_id", "applies_to"), "quote_cues": ("kind", "speaker_side"),
    "frames": ("frame", "kind"), "sentiment_probes": ("failure",), "health_signs": ("sign",),
    "corpus": ("field",), "events": ("event",), "actors": ("actor",), "facts": ("fact",),
    "naming": ("concept", "variant"), "targets": ("group",),
    "announcements": ("aspect", "event"), "callbacks": ("callback_id", "kind"),
    "annotations/quotes": ("article_id", "kind"), "annotations/tone": ("article_id", "tone"),
}


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The form under which names are compared: folded, lower case, single spaces, no
    leading "the".

    >>> name_key("  The Kremlin"), name_key("Assad’s office")
    ('kremlin', "assad's office")
    """
    key = re.sub(r"\s+", " ", fold(name).strip().lower())
    return key[4:] if key.startswith("the ") else key


def invisible(value: str) -> str:
    """The first line break, control or other invisible formatting character in ``value``,
    as Python writes it (``""`` when there is none).

    >>> invisible("radio\\nclosure"), invisible("zero\\u200bwidth"), invisible("café-2016")
    ("'\\\\n'", "'\\\\u200b'", '')
    """
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            return repr(ch)
    return ""


def id_problem(where: str, column: str, value: str) -> Problem | None:
    """The problem with an identifier holding a line break or invisible character, or None."""
    found = invisible(value)
    if not found:
        return None
    return Problem(where, f"{column} {value!r} holds the invisible character {found}; an "
                   "identifier must be one line of visible characters.",
                   f"Retype the {column} without it.")


def id_problems(table: Table) -> list[Problem]:
    """Identifiers of a loaded table with line breaks or invisible characters."""
    found = []
    for column in ID_COLUMNS.get(table.name, ()):
        for i, value in enumerate(table.frame[column]):
            problem = id_problem(table.where(i), column, str(value))
            if problem:
                found.append(problem)
    return found


def _where(table: Table, i: int, what: str = "") -> str:
    return f"{table.where(i)}{f' ({what})' if what else ''}"


def event_problems(tables: dict[str, Table],
                   article_events: Iterable[str] | None) -> list[Problem]:
    """``events.csv``: real YYYY-MM-DD dates, each event once; every event that
    ``articles.csv`` and ``announcements.csv`` use is listed (when the corpus has the table).
    An event no article covers is allowed (a placeholder, or pages still in needs-review.csv).

    A corpus without ``events.csv`` groups its articles by the ``event`` column as written;
    ``announcements.csv`` then has nothing to compare and is a problem. ``article_events`` is
    ``None`` when ``articles.csv`` cannot be read: what articles cover is then not checked.
    """
    events, problems = tables["events"], []
    frame = events.frame
    seen: dict[str, str] = {}
    for i, (event, date) in enumerate(zip(frame["event"], frame["date"], strict=True)):
        where = _where(events, i, f"event {event!r}")
        if not event.strip():
            problems.append(Problem(where, "the event id is empty.", "Fill in the column."))
        elif event in seen:
            problems.append(Problem(where, f"event {event!r} is already listed on {seen[event]}.",
                                    "List each event once."))
        seen.setdefault(event, events.where(i))
        try:
            dt.date.fromisoformat(date.strip())
        except ValueError:
            problems.append(Problem(where, f"date {date!r} is not a YYYY-MM-DD date.",
                                    "Write the event's date such as 2016-03-14."))
    listed = set(frame["event"])
    if events.missing or frame.empty:
        announcements = tables["announcements"]
        if not announcements.missing and len(announcements.frame):
            problems.append(Problem(_where(announcements, 0), "announcements.csv compares "
                                    "events, but the corpus has no events.csv.",
                                    "Add events.csv (see data/README.md), or remove "
                                    "announcements.csv."))
        return problems
    where = str(frame["table_file"].iloc[0])
    if article_events is None:
        article_events = listed = set(frame["event"])  # nothing to compare with
    for event in sorted({e for e in article_events if not invisible(e)} - listed):
        problems.append(Problem(where, f"articles.csv uses event {event!r}, which events.csv "
                                "does not list.",
                                "Add a row for it to events.csv, or correct articles.csv."))
    announcements = tables["announcements"]
    for i, event in enumerate(announcements.frame["event"]):
        if event not in listed:
            problems.append(Problem(_where(announcements, i), f"event {event!r} is not in "
                                    "events.csv.",
                                    f"Use one of {sorted(listed)}, or add the event to "
                                    "events.csv."))
    return problems


def actor_problems(table: Table) -> list[Problem]:
    """``actors.csv``: every actor has a name and a known pronoun, and each alias (compared by
    :func:`name_key`) belongs to one actor only."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    frame = table.frame
    for i, (actor, aliases, pronoun) in enumerate(zip(frame["actor"], frame["aliases"],
                                                      frame["pronoun"], strict=True)):
        where = _where(table, i, f"actor {actor!r}")
        if not actor.strip():
            problems.append(Problem(where, "the actor name is empty.", "Fill in the column."))
        if pronoun.strip() not in PRONOUNS:
            problems.append(Problem(where, f"pronoun {pronoun!r} is not one of {PRONOUNS}.",
                                    "Write he, she, it or they."))
        for alias in [actor, *split_list(aliases)]:
            key = name_key(alias)
            if key in owner and owner[key] != actor:
                problems.append(Problem(where, f"alias {alias!r} is also an alias of "
                                        f"{owner[key]!r}.",
                                        "Give each alias to one actor only."))
            owner.setdefault(key, actor)
    return problems


def split_list(cell: object) -> list[str]:
    """The items of a ``;``-separated cell, stripped, empty ones left out.

    >>> split_list("Putin; Vladimir Putin;;")
    ['Putin', 'Vladimir Putin']
    """
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def cue_problems(table: Table) -> list[Problem]:
    """``quote_cues.csv``: known kinds, known speaker sides for speech cues, one role word for
    titles, no side for the other kinds, no empty cue."""
    problems = []
    frame = table.frame
    for i, (cue, kind, side) in enumerate(zip(frame["cue"], frame["kind"],
                                              frame["speaker_side"], strict=True)):
        where = table.where(i)
        if kind not in CUE_KINDS:
            problems.append(Problem(where, f"kind {kind!r} is not one of {CUE_KINDS}.",
                                    "See data/README.md, quote_cues.csv."))
        elif kind == "speech" and side not in SIDES:
            problems.append(Problem(where, f"speaker_side {side!r} of the speech cue "
                                    f"{cue!r} is not one of {SIDES}.",
                                    "See data/README.md, quote_cues.csv."))
        elif kind == "title" and len(side.split()) > 1:
            problems.append(Problem(where, f"speaker_side {side!r} of the title {cue!r} "
                                    "is not one word.",
                                    "Write the role noun the title stands for (Justice: "
                                    "judge), or leave it empty."))
        elif kind not in ("speech", "title") and side.strip():
            problems.append(Problem(where, f"speaker_side {side!r} is given for a {kind} "
                                    "row, which does not use it.",
                                    "Leave speaker_side empty (it is read for speech "
                                    "cues and titles only)."))
        if not cue.strip():
            problems.append(Problem(where, "the cue is empty.", "Fill it in or delete the row."))
    return problems


def whole_number(value: object) -> int | None:
    """``value`` as a whole number (``"12"``, ``" 12 "``), or ``None``.

    >>> whole_number(" 12 "), whole_number("12.5"), whole_number("x"), whole_number("-1")
    (12, None, None, -1)
    """
    text = str(value).strip()
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else None


def quote_annotation_problems(table: Table, texts: dict[str, str]) -> list[Problem]:
    """``annotations/quotes.csv``: a known article; ``start`` and ``end`` whole numbers with
    ``0 <= start < end <=`` the length of the article's text (the body, furniture removed);
    the ``quote`` cell holds exactly ``text[start:end]`` (spacing aside)."""
    problems = []
    frame = table.frame
    for i, (aid, start, end, quote) in enumerate(zip(frame["article_id"], frame["start"],
                                                     frame["end"], frame["quote"],
                                                     strict=True)):
        where = _where(table, i, f"article_id {aid!r}")
        if aid not in texts:
            problems.append(Problem(where, f"article_id {aid!r} is not in articles.csv.",
                                    "Use the id of an article of the corpus, or delete the row."))
            continue
        s, e = whole_number(start), whole_number(end)
        bad = [f"{name} {value!r}" for name, value, n in (("start", start, s), ("end", end, e))
               if n is None]
        if bad:
            problems.append(Problem(where, f"{' and '.join(bad)} is not a whole number.",
                                    "Write the character offsets into the article's text as "
                                    "whole numbers, e.g. 178 and 247."))
            continue
        size = len(texts[aid])
        if not 0 <= s < e <= size:
            problems.append(Problem(where, f"offsets {s}-{e} do not fit the article's text "
                                    f"({size} characters): start must be at least 0 and "
                                    "below end, end at most the length.",
                                    "Recount the offsets in the text with page furniture "
                                    "removed (the article's `text` column)."))
            continue
        found = texts[aid][s:e]
        if " ".join(found.split()) != " ".join(str(quote).split()):
            problems.append(Problem(where, f"the text at {s}-{e} is {_short(found)!r}, not the "
                                    f"quote {_short(str(quote))!r}.",
                                    "Correct the offsets or the quote; offsets count "
                                    "characters of the text with page furniture removed."))
    return problems


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def tone_annotation_problems(table: Table) -> list[Problem]:
    """``annotations/tone.csv``: a tone of :data:`TONES` and a whole-number ``sentence_id``."""
    problems = []
    frame = table.frame
    for i, (tone, sid) in enumerate(zip(frame["tone"], frame["sentence_id"], strict=True)):
        where = table.where(i)
        if tone not in TONES:
            problems.append(Problem(where, f"tone {tone!r} is not one of {', '.join(TONES)}.",
                                    "Use one of the three tone labels."))
        if whole_number(sid) is None:
            problems.append(Problem(where, f"sentence_id {sid!r} is not a whole number.",
                                    "Write the sentence's number in its article (1, 2, ...)."))
    return problems


def corpus_problems(tables: dict[str, Table], article_events: Iterable[str] | None,
                    articles: pd.DataFrame | None) -> list[Problem]:
    """Every problem in what a corpus's tables say about its articles (see the module doc).

    ``article_events`` are the ``event`` cells of ``articles.csv`` (``None`` when it cannot be
    read); ``articles`` (with
    ``article_id`` and ``text``, the body with furniture removed) is ``None`` when the articles
    could not be read, and the hand annotation of quotations is then not checked.
    """
    problems = []
    for table in tables.values():
        problems += id_problems(table)
    problems += event_problems(tables, article_events)
    problems += actor_problems(tables["actors"])
    problems += cue_problems(tables["quote_cues"])
    if articles is not None:
        texts = dict(zip(articles["article_id"], articles["text"], strict=True))
        problems += quote_annotation_problems(tables["annotations/quotes"], texts)
    problems += tone_annotation_problems(tables["annotations/tone"])
    return problems
