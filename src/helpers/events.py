"""The announcements being compared, and the dated events the articles mention.

Every function takes the :class:`~helpers.corpus.Corpus` and returns a DataFrame:

* :func:`timeline` finds every date expression in the article bodies (the
  ``text``, never the removed furniture) and resolves it to a calendar date
  against the article's ``published`` date.
* :func:`announcement_evidence`, :func:`comparison_table` and
  :func:`missing_evidence` build the side-by-side table of the announcements
  from the corpus's ``announcements.csv``: every cell is a pattern, and what the
  table shows is what the pattern found.
* :func:`pattern_callbacks`, :func:`date_callbacks` and :func:`callbacks` find
  the sentences in coverage of a later event that refer back to an earlier
  announcement (``callbacks.csv`` patterns, and dates that fall on an earlier
  announcement).

The events themselves (ids, labels, dates, who announced) come from the
corpus's ``events.csv``; nothing about any one story is written in this
module. A corpus without one of these story tables gets an empty table with the
right columns (say "add announcements.csv to compute this"), never an error.

How dates are resolved (the date grammar)
-----------------------------------------
The grammar knows month and weekday names and English tense; it does not know
any story. Each match gets a ``precision`` (``day``, ``month`` or ``year``) and
a ``how``: ``explicit`` when the words name the calendar date (``30 September``,
``Dec. 29``, ``14 March, 2016``, ``March 2011``, ``in 2015``), ``relative`` when
the date can only be worked out from the publication date (``Tuesday``, ``last
month``, ``in October``, ``March of last year``, ``yesterday``).

* **Tense.** A date is read in the tense of its clause. The clause is *future*
  when a future marker (:data:`FUTURE_MARKERS`: "will", "would", "scheduled",
  "due to", "next" ...) comes before the date ("will vote on June 23", "would
  begin on Tuesday"), or after a date that opens the clause ("On Tuesday, the
  council will vote"). A date that is itself the subject of a future verb
  ("June 23 will go down in history", "saying Monday will be remembered") is
  about a day being remembered: it is the past one if that fell within
  :data:`SUBJECT_PAST_DAYS` before publication. Otherwise the clause is *past*.
* **Day and month without a year** ("30 September", "Dec. 29"): the nearest
  such date consistent with the tense: on or before publication when past, on
  or after it when future. A weekday written with it ("Tuesday, March 15")
  picks the year in which the day has that weekday.
* **A month alone** ("in October", "late September", "by the end of October";
  a bare month needs a preposition or early/mid/late before it, so the verb
  "march" and the modal "may" are never dates): the most recent such month
  that began on or before publication; when future, the first such month that
  has not ended before publication. "last September" is the most recent
  September before the month of publication, "next September" the first after.
* **A weekday** ("on Tuesday", "Monday", "announced Friday"): the one on or
  before publication, unless the clause is future ("will meet on Tuesday": the
  coming one, on or after publication) or the text says "next" (after
  publication) or "last" (before it).
* **Days around publication**: "today", "this morning/afternoon/evening",
  "earlier today", "tonight" are the publication date; "yesterday" and "last
  night" the day before; "tomorrow" the day after.
* **Relative periods**: "last month" is the month before publication, "this
  month" (also "later/earlier this month") the month of publication, "next
  month" the month after; "last/this/next year" likewise, with year precision;
  "March of last year" is March of the year before publication.
* **Years** used as dates ("in 2015", "since 2011", "by 2020") have year
  precision. A year used as a name ("the 1992 general election", "its 2015
  budget") is not a date: a year counts only after a preposition and when no
  noun follows it.
* **Not dates**: vague spans ("two weeks ago", "a day after"), quarters and
  times of day; and the date of a wire dateline that opens a sentence ("MOSCOW,
  March 14 (Reuters) - Russia said ..."): it says when the story was filed, which
  is page furniture (:data:`DATELINE`), so it never reaches the timeline.

``date`` is the first day of the period and ``date_end`` its last day, so a
month-precision date covers the whole month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from helpers import literals, patterns
from helpers.checks import event_problems
from helpers.corpus import Corpus, CorpusError

# ---------------------------------------------------------------- date grammar

MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
                       "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name)}

#: Days before publication within which a date that is the subject of a future verb
#: ("June 23 will go down in history") is the past one (about six months).
SUBJECT_PAST_DAYS = 183
#: Words or fewer before a date for it to open its clause ("On Tuesday, ...").
FRONTED_WORDS = 2
#: A clause of fewer words than this is joined to the next one ("In October, ...").
MIN_CLAUSE_WORDS = 4

_FULL = "|".join(MONTHS)
_ABBR = "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))
# A month alone: full name, or an abbreviation with its full stop ("Dec."): "Mar" is no date.
_MONTH = rf"(?P<month>{_FULL}|(?:{_ABBR})\.)"
# Next to a day number an abbreviation needs no full stop ("Jan 6").
_MONTH_D = rf"(?P<month>{_FULL}|(?:{_ABBR})\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_PART = r"(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ])"
_REL = r"(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)"
_WEEKDAY = "|".join(WEEKDAYS)
_WITH_WEEKDAY = rf"(?:(?P<weekday>{_WEEKDAY}),?\s+(?:the\s+)?)?"
_NOT_A_COUNT = r"(?!\s*(?:%|percent|per cent))"
_PART_OF = (r"(?P<part_of>start|end|middle|beginning|close|turn|first half|second half|"
            r"first week|last week|final week|first days|last days|spring|summer|autumn|fall|"
            r"winter)")
_YEAR_PREP = (r"(?P<prep>\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Dd]uring|[Tt]hrough|"
              r"[Tt]hroughout|[Bb]efore|[Aa]fter|of|[Aa]round|to|and|[Bb]etween|[Cc]irca)\s+"
              r"(?:(?P<part>early|late|mid)[- ])?|\b[Mm]id-)")

#: Words that put a clause in the future tense (grammar, not story knowledge). "would" counts
#: (reported future: "said it would begin on Tuesday") except "would have" and "would not say".
FUTURE_MARKERS = re.compile(
    r"(?<!\bthe )(?<!political )(?<!good )(?<!free )(?<!own )\bwill\b|\bshall\b|\bwon['’]t\b"
    r"|\bwould(?:n['’]t)?\b(?! have\b)(?! not (?:say|comment|confirm|disclose|reveal|give|"
    r"elaborate|specify|discuss)\b)|['’]ll\b|\b(?:scheduled|due to|is due|are due|expected to|"
    r"set to|planned|plans to|upcoming|coming|begins?|starts|opens|resumes?|takes? place|"
    r"expires?)\b"
    r"|\bnext\b(?! (?:day|morning|afternoon|evening|night)\b)", re.IGNORECASE)
#: A future verb right after a date that is its subject ("June 23 will go down in history").
SUBJECT_FUTURE = re.compile(r"(?:['’]s)?\s+(?:will|shall|would|is (?:set|expected|due) to)\b",
                            re.IGNORECASE)
#: Words that open a reported or subordinate clause: a future verb after them is not the
#: tense of the date before them ("In October, Moscow announced that it would ...").
COMPLEMENTIZERS = re.compile(r"\b(?:that|which|who|whom|whose|saying|said|says|say|told|tells|"
                             r"announced|announces|added|stated|declared|warned|claimed|insisted|"
                             r"when|after|before|because|while|if|since|where)\b", re.IGNORECASE)

#: Where a sentence divides into clauses, for ``event_text`` and the tense test (the colon
#: of a time of day, "13:29", divides nothing).
CLAUSE_BREAK = re.compile(r"\s*(?:[;—–]|(?<!\d):(?!\d))\s*|,\s+(?=(?:but|and|though|although|"
                          r"while|whereas|saying|"
                          r"despite|leaving)\b)")

#: What may follow a year used as a date: the end of a phrase, a function word or a
#: capitalised word; a noun after it makes it a name ("the 2015 budget", "2000 homes").
_YEAR_FOLLOW = re.compile(
    r"\s*(?:$|[.,;:!?)\]\"”’'—–]|-\s|(?:and|or|but|when|as|after|before|the|a|an|to|that|which|"
    r"while|with|for|at|on|in|is|was|were|had|has|have|it|he|she|they|we|there|following|until|"
    r"amid|despite|alone|onwards?|through|from|by|against|than|of|its|his|her|their|about|"
    r"under|over|if|because|so|already|just|only|also|both|most|many|some|all|more|no|not)\b|"
    r"(?!(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|ET|hrs|HRS)\b)[A-Z])")
#: A quarter before a year ("the third quarter of 2015", "Q3 2015"): not a date.
_QUARTER = re.compile(r"(?:\bquarter\s+of|\bQ[1-4])\s+$", re.IGNORECASE)
#: Names with a weekday in them are not dates ("Black Friday", "Super Tuesday").
_WEEKDAY_NAMES = re.compile(r"\b(?:Black|Good|Bloody|Super|Ash|Holy|Easter|Palm|Cyber|Maundy|"
                            r"Shrove|Giving)\s+$")

#: A wire dateline opening a text: place in capitals, optional date and agency, then a dash.
DATELINE = re.compile(rf"\s*[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){{0,3}}(?:,\s*[A-Z][\w.'’-]*"
                      rf"(?:\s+[A-Z][\w.'’-]*){{0,2}})?(?:,\s*{_MONTH_D}\s+\d{{1,2}})?\s*"
                      r"(?:\([^()\n]{1,40}\)\s*)?(?:[-–—]|--)\s")

GRAMMAR: list[tuple[str, re.Pattern[str]]] = [
    ("iso_date", re.compile(rf"\b{_YEAR}-(?P<mon>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b")),
    ("day_month", re.compile(rf"\b{_WITH_WEEKDAY}{_DAY}(?: of)? {_MONTH_D}(?![\w])"
                             rf"(?:,? {_YEAR}\b)?")),
    ("month_day", re.compile(rf"\b{_WITH_WEEKDAY}{_MONTH_D} {_DAY}\b{_NOT_A_COUNT}"
                             rf"(?:,? {_YEAR}\b)?")),
    ("part_of", re.compile(rf"\bthe {_PART_OF} of (?:{_MONTH}(?:,? {_YEAR}\b)?|"
                           r"(?P<year_only>(?:1[89]|20)\d\d)\b|"
                           rf"{_REL} (?P<unit>month|year)\b)")),
    ("month_of_year", re.compile(rf"\b{_PART}?{_MONTH} of (?:{_REL} year\b|{_YEAR}\b)")),
    ("month_year", re.compile(rf"\b{_PART}?{_MONTH},? {_YEAR}\b")),
    ("relative_month", re.compile(rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his(?: coming| past)?)\s+"
                                  rf"(?P<month>{_FULL})\b")),
    ("relative_period", re.compile(r"\b(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate|[Ll]ater|[Ee]arlier)"
                                   r" )?(?P<rel>last|this|next) (?P<unit>month|year)\b",
                                   re.IGNORECASE)),
    ("relative_day", re.compile(r"\b(?P<rday>(?:[Ee]arlier|[Ll]ater) today|(?:[Tt]his|[Yy]esterday|"
                                r"[Tt]omorrow)\s+(?:morning|afternoon|evening)|[Ll]ast night|"
                                r"[Tt]onight|[Tt]oday|[Yy]esterday|[Tt]omorrow)\b")),
    ("year", re.compile(rf"{_YEAR_PREP}{_YEAR}(?![\d,.]\d|[-–/]\d|\w)")),
    ("month", re.compile(r"(?P<prep>\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Dd]uring|"
                         r"[Tt]hrough|[Tt]hroughout|[Bb]efore|[Aa]fter|[Aa]round)\s+(?:the\s+)?)?"
                         rf"\b{_PART}?{_MONTH}(?![\w])")),
    ("weekday", re.compile(r"\b(?:(?P<rel>[Nn]ext|[Ll]ast|[Tt]his(?: coming| past)?|[Cc]oming)\s+)?"
                           rf"(?P<weekday>{_WEEKDAY})\b(?!s\b)")),
]

#: What every match of each :data:`GRAMMAR` rule contains (:func:`helpers.literals.needs`,
#: read from the pattern itself): a sentence without it holds no date of that rule, so the
#: rule is not run over it. Most sentences name no month, weekday or year.
_GRAMMAR_NEEDS = [literals.compile_needs(literals.needs(regex.pattern, regex.flags, 16))
                  for _, regex in GRAMMAR]

RELATIVE_RULES = {"relative_month", "relative_period", "relative_day", "month", "weekday"}
TIMELINE_COLUMNS = ["article_id", "date", "precision", "start", "end", "sentence", "how",
                    "event_text", "sentence_id", "expression", "date_end", "rule"]
_DAY_OFFSETS = {"today": 0, "tonight": 0, "this": 0, "earlier": 0, "later": 0,
                "yesterday": -1, "last": -1, "tomorrow": 1}


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


def _day_without_year(month: int, day: int, published: dt.date, tense: str,
                      weekday: int | None = None) -> dt.date:
    """The date ``day month`` nearest publication that is consistent with ``tense``."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # 29 February in a non-leap year, or "31 June"
            continue
    if not candidates:
        raise ValueError(f"no year has {day} {calendar.month_name[month]}")
    if weekday is not None and any(d.weekday() == weekday for d in candidates):
        candidates = [d for d in candidates if d.weekday() == weekday]
    earlier = [d for d in candidates if d <= published]
    later = [d for d in candidates if d >= published]
    if tense == "subject" and earlier and (published - max(earlier)).days <= SUBJECT_PAST_DAYS:
        return max(earlier)
    if tense in ("future", "subject"):
        return min(later) if later else max(candidates)
    return max(earlier) if earlier else min(candidates)


def _month_without_year(month: int, published: dt.date, tense: str) -> int:
    """The year of the month ``month`` nearest publication that is consistent with ``tense``."""
    past = published.year if month <= published.month else published.year - 1
    if tense == "subject" and (published - dt.date(past, month, 1)).days <= SUBJECT_PAST_DAYS:
        return past
    if tense in ("future", "subject"):
        return published.year if _month_end(published.year, month) >= published \
            else published.year + 1
    return past


def _weekday_date(weekday: int, published: dt.date, rel: str, tense: str) -> dt.date:
    """The date of a weekday: on or before publication, unless ``rel`` or the tense says later."""
    back = (published.weekday() - weekday) % 7  # days back to the one on or before publication
    ahead = (weekday - published.weekday()) % 7  # days on to the one on or after publication
    rel = " ".join(rel.lower().split())
    if rel in ("next", "coming", "this coming"):
        return published + dt.timedelta(days=ahead or 7)
    if rel in ("last", "this past"):
        return published - dt.timedelta(days=back or 7)
    if rel == "this":  # the same Monday-to-Sunday week as publication
        return published + dt.timedelta(days=weekday - published.weekday())
    if tense == "future":
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def clause_at(sentence: str, offset: int) -> tuple[int, int]:
    """``(start, end)`` of the clause of ``sentence`` that holds character ``offset``.

    Clauses split at semicolons, colons, dashes and at a comma before a
    conjunction ("..., but", "..., saying"). A clause of fewer than
    :data:`MIN_CLAUSE_WORDS` words (an opening "In October,") is joined to the next one.

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
        if merged and len(sentence[merged[-1][0]:merged[-1][1]].split()) < MIN_CLAUSE_WORDS:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    for start, end in merged:
        if start <= offset < max(end, start + 1):
            return start, end
    return merged[-1][0], merged[-1][1]


def tense_at(text: str, start: int, end: int) -> str:
    """The tense in which the date at ``text[start:end]`` is read: ``future``, ``subject``
    (the date is the subject of a future verb) or ``past`` (see the module docstring).

    >>> s = "The council will vote on June 23."
    >>> tense_at(s, s.index("June"), s.index("June") + 7)
    'future'
    >>> s = "He said June 23 will go down in history."
    >>> tense_at(s, s.index("June"), s.index("June") + 7)
    'subject'
    >>> s = "Putin announced on Monday that troops will leave."
    >>> tense_at(s, s.index("Monday"), s.index("Monday") + 6)
    'past'
    """
    c_start, c_end = clause_at(text, start)
    if FUTURE_MARKERS.search(text, c_start, start):
        return "future"
    if SUBJECT_FUTURE.match(text, end, c_end):
        return "subject"
    marker = FUTURE_MARKERS.search(text, end, c_end)
    fronted = len(text[c_start:start].split()) <= FRONTED_WORDS
    if marker and fronted and not COMPLEMENTIZERS.search(text, end, marker.start()):
        return "future"
    return "past"


def _relative_day(words: str, published: dt.date) -> dt.date:
    """"today", "yesterday", "last night", "this morning", ... as a date."""
    return published + dt.timedelta(days=_DAY_OFFSETS[words.split()[0].lower()])


def _resolve(rule: str, m: re.Match[str], published: dt.date, tense: str
             ) -> tuple[dt.date, dt.date, str]:
    """Resolve one grammar match to ``(date, date_end, precision)``."""
    g = m.groupdict()
    if rule == "iso_date":
        date = dt.date(int(g["year"]), int(g["mon"]), int(g["day"]))
        return date, date, "day"
    if rule in ("day_month", "month_day"):
        month, day = _month_number(g["month"]), int(g["day"])
        if g.get("year"):
            date = dt.date(int(g["year"]), month, day)
        else:
            weekday = WEEKDAYS[g["weekday"]] if g.get("weekday") else None
            date = _day_without_year(month, day, published, tense, weekday)
        return date, date, "day"
    if rule == "weekday":
        date = _weekday_date(WEEKDAYS[g["weekday"]], published, g.get("rel") or "", tense)
        return date, date, "day"
    if rule == "relative_day":
        date = _relative_day(g["rday"], published)
        return date, date, "day"
    if rule == "year":
        year = int(g["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if g.get("unit"):  # "last month", "this year", "the end of next month"
        delta = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        if g["unit"].lower() == "year":
            year = published.year + delta
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
        year, month = _shift_month(published.year, published.month, delta)
        return dt.date(year, month, 1), _month_end(year, month), "month"
    if rule == "part_of" and g.get("year_only"):  # "the end of 2015"
        year = int(g["year_only"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    month = _month_number(g["month"])
    if g.get("year"):
        year = int(g["year"])
    elif rule == "month_of_year":
        year = published.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
    elif rule == "relative_month":
        rel = g["rel"].lower().split()[0]
        if rel == "last" or g["rel"].lower() == "this past":
            year = published.year if month < published.month else published.year - 1
        elif rel == "next" or g["rel"].lower() == "this coming":
            year = published.year if month > published.month else published.year + 1
        else:  # "this September": the one of the year of publication
            year = published.year
    else:
        year = _month_without_year(month, published, tense)
    return dt.date(year, month, 1), _month_end(year, month), "month"


def _span(rule: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The span of a match's date words, or ``None`` when the match is not a date."""
    if rule == "month" and not (m.group("prep") or m.group("part")):
        return None  # a bare month needs "in", "since", "late", ...: "May" may be a verb
    if rule == "month":  # the span leaves out the preposition: "in October" gives "October"
        return (m.start("part") if m.group("part") else m.start("month")), m.end()
    if rule == "year":
        return (m.start("part") if m.group("part") else m.start("year")), m.end()
    return m.span()


def _is_date(rule: str, m: re.Match[str], text: str, start: int) -> bool:
    """Checks a regex cannot make: names and nouns around the words."""
    if rule == "relative_day" and patterns.is_name_hit(text, start, True):
        return False  # "Russia Today", "USA Today": a name, not a day
    if rule == "weekday" and _WEEKDAY_NAMES.search(text, 0, m.start("weekday")):
        return False  # "Black Friday"
    if rule == "year":  # a quarter is not a date: "the third quarter of 2015", "Q3 2015"
        return bool(_YEAR_FOLLOW.match(text, m.end())) and not _QUARTER.search(text, 0, start)
    return True


def find_dates(text: str, published: dt.date | pd.Timestamp) -> list[DateMatch]:
    """Find and resolve every date expression in ``text`` (one sentence, or any text).

    Rules apply in :data:`GRAMMAR` order and a match that overlaps an earlier
    one is skipped, so "March of last year" is not also read as "in March".

    >>> [(d.expression, str(d.date), d.precision)
    ...  for d in find_dates("The cease-fire in Syria began on Dec. 29.", dt.date(2017, 1, 6))]
    [('Dec. 29', '2016-12-29', 'day')]
    >>> [(d.expression, str(d.date)) for d in find_dates(
    ...     "Putin said on Monday that the withdrawal of troops would begin on Tuesday.",
    ...     dt.date(2016, 3, 15))]
    [('Monday', '2016-03-14'), ('Tuesday', '2016-03-15')]
    >>> [d.expression for d in find_dates(
    ...     "MOSCOW, March 14 (Reuters) - Russia began withdrawing on Tuesday.",
    ...     dt.date(2016, 3, 16))]
    ['Tuesday']
    """
    if isinstance(published, pd.Timestamp):
        published = published.date()
    dateline = DATELINE.match(text)
    skip_to = dateline.end() if dateline else 0
    found: list[DateMatch] = []
    for (rule, regex), need in zip(GRAMMAR, _GRAMMAR_NEEDS, strict=True):
        if not need(text):
            continue  # exact: every match of the rule contains what ``need`` asks for
        for m in regex.finditer(text):
            span = _span(rule, m)
            if span is None or span[0] < skip_to:
                continue
            start, end = span
            if any(start < f.end and f.start < end for f in found):
                continue
            if not _is_date(rule, m, text, start):
                continue
            try:
                date, date_end, precision = _resolve(rule, m, published,
                                                     tense_at(text, start, end))
            except (ValueError, OverflowError):  # not a real day ("31 June"), or one the
                continue  # calendar cannot hold (a week before 1 January of year 1): no date
            explicit = rule not in RELATIVE_RULES and not (
                rule in ("part_of", "month_of_year") and not (g := m.groupdict()).get("year")
                and not g.get("year_only"))
            found.append(DateMatch(start, end, text[start:end], date, date_end, precision,
                                   "explicit" if explicit else "relative", rule))
    return sorted(found, key=lambda d: d.start)


def _empty_timeline() -> pd.DataFrame:
    frame = pd.DataFrame(columns=TIMELINE_COLUMNS)
    return frame.astype({"date": "datetime64[us]", "date_end": "datetime64[us]"})


def _article_order(corpus: Corpus) -> dict[str, int]:
    return {aid: i for i, aid in enumerate(corpus.articles["article_id"])}


def _compute_timeline(corpus: Corpus) -> pd.DataFrame:
    articles, sentences = corpus.articles, corpus.sentences
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
    if not rows:  # keep the date columns' type, so ``.dt`` works on an empty timeline
        return _empty_timeline()
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    order = _article_order(corpus)
    frame = frame.sort_values(["article_id", "start"], key=lambda c: c.map(order)
                              if c.name == "article_id" else c)
    return frame.reset_index(drop=True)


def timeline(corpus: Corpus) -> pd.DataFrame:
    """Every dated event the article bodies mention, resolved against each ``published`` date.

    Reads the sentences of the body (``text``): dates in removed furniture
    (captions, datelines, bylines) never reach the timeline.

    Columns: ``article_id``, ``date`` (first day of the period), ``precision``
    (day, month or year), ``start``, ``end`` (offsets of the date expression in
    the article's ``text``), ``sentence``, ``how`` (explicit or relative),
    ``event_text`` (the clause that holds the date: what happened then), then
    ``sentence_id``, ``expression`` (the date words), ``date_end`` (last day of
    the period) and ``rule`` (which grammar rule matched). The rules are in the
    module docstring.

    >>> from helpers import open_corpus
    >>> t = timeline(open_corpus())
    >>> row = t[t.expression == "30 September"].iloc[0]
    >>> row.article_id, str(row.date.date()), row.how
    ('newarab-2016', '2015-09-30', 'explicit')
    """
    return corpus.stage("events.timeline", lambda: _compute_timeline(corpus)).copy()


# ---------------------------------------------------------------- events and tables

EVENT_COLUMNS = ["line", "table_file", "event", "label", "date", "announced_by", "why"]


def load_events(corpus: Corpus) -> pd.DataFrame:
    """The events being compared (``events.csv``), in date order, with ``date`` as a Timestamp.

    Every article's and announcement's ``event`` must be in the table, once; a date must be
    a real YYYY-MM-DD date (any year from 0001 to 9999). Raises
    :class:`~helpers.problems.CorpusError` naming each bad row (see
    :func:`helpers.checks.event_problems`; validation reports the same). A corpus without
    ``events.csv`` gets an empty table with these columns.

    >>> from helpers import open_corpus
    >>> load_events(open_corpus()).event.tolist()
    ['mar2016', 'jan2017']
    """
    table = corpus.tables["events"]
    frame = table.frame.copy()
    if table.missing or frame.empty:
        empty = pd.DataFrame(columns=list(dict.fromkeys([*EVENT_COLUMNS, *frame.columns])))
        return empty.astype({"date": "datetime64[us]"})
    problems = event_problems(corpus.tables, corpus.articles["event"])
    if problems:
        raise CorpusError(problems)
    dates = [dt.date.fromisoformat(date.strip()) for date in frame["date"]]
    frame["date"] = pd.Series([pd.Timestamp(d) for d in dates], index=frame.index,
                              dtype="datetime64[us]")
    return frame.sort_values(["date", "event"]).reset_index(drop=True)


def load_announcements(corpus: Corpus) -> pd.DataFrame:
    """The comparison table's definitions, ``announcements.csv``: one row per aspect and event.

    Columns ``aspect``, ``event``, ``pattern`` (matched with :mod:`helpers.patterns`),
    ``finds`` (what the pattern is meant to find) and ``why``, after ``line`` and
    ``table_file``. Empty (with these columns) when the corpus has no ``announcements.csv``:
    the built-in rows describe the built-in events and are never borrowed.
    """
    return corpus.table("announcements").copy()


EVIDENCE_COLUMNS = ["aspect", "event", "article_id", "sentence_id", "start", "end", "text",
                    "match_start", "match_end", "match", "line"]


def _table_hits(corpus: Corpus, name: str, sentences: pd.DataFrame,
                rows: list[int]) -> list[dict]:
    """Matches of rows ``rows`` of table ``name`` in ``sentences``, with the sentence.

    Each row's compiled pattern is matched with :func:`helpers.patterns.finditer`.
    Overlapping matches of rows that share ``labels`` are reduced by the caller.
    """
    table = corpus.tables[name]
    hits = []
    for i in rows:
        regex = table.regexes[i]
        for s in sentences.itertuples():
            try:
                found = list(patterns.finditer(regex, s.text))
            except patterns.PatternTimeout as err:
                raise err.at(table.where(i), s.article_id) from None
            for m in found:
                hits.append({"row": i, "article_id": s.article_id,
                             "sentence_id": s.sentence_id, "start": s.start, "end": s.end,
                             "text": s.text, "match_start": s.start + m.start(),
                             "match_end": s.start + m.end(),
                             "match": s.text[m.start():m.end()]})
    return hits


def _longest(hits: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Within one article and ``key``, keep the longest of overlapping hits (ties: first row)."""
    if hits.empty:
        return hits
    keys = ["article_id", *key]
    hits = hits.assign(_len=hits["match_end"] - hits["match_start"]).sort_values(
        [*keys, "match_start", "_len", "line"],
        ascending=[True] * (len(keys) + 1) + [False, True], kind="stable")
    kept, reach = [], {}
    for i, row in zip(hits.index, hits[[*keys, "match_start", "match_end"]].itertuples(
            index=False), strict=True):
        group, start, end = tuple(row[:len(keys)]), row[-2], row[-1]
        if start >= reach.get(group, -1):
            kept.append(i)
            reach[group] = end
    return hits.loc[kept].drop(columns="_len")


def _compute_evidence(corpus: Corpus) -> pd.DataFrame:
    if not corpus.has("announcements") or not corpus.has("events"):
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    events = load_events(corpus)  # checks the announcements' events too
    table = corpus.table("announcements")
    sentences = corpus.sentences
    event_of = sentences["article_id"].map(dict(zip(corpus.articles["article_id"],
                                                    corpus.articles["event"], strict=True)))
    hits = []
    for event in dict.fromkeys(table["event"]):
        rows = [i for i, e in enumerate(table["event"]) if e == event]
        hits += _table_hits(corpus, "announcements", sentences[event_of == event], rows)
    if not hits:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    found = pd.DataFrame(hits)
    found["aspect"] = [table["aspect"].iloc[i] for i in found["row"]]
    found["event"] = [table["event"].iloc[i] for i in found["row"]]
    found["line"] = [table["line"].iloc[i] for i in found["row"]]
    found = _longest(found, ["aspect", "event"])
    order = _article_order(corpus)
    aspect_order = {a: i for i, a in enumerate(dict.fromkeys(table["aspect"]))}
    event_order = {e: i for i, e in enumerate(events["event"])}
    found = found.assign(_a=found["aspect"].map(aspect_order),
                         _e=found["event"].map(event_order), _o=found["article_id"].map(order))
    found = found.sort_values(["_a", "_e", "_o", "match_start"], kind="stable")
    return found[EVIDENCE_COLUMNS].reset_index(drop=True)


def announcement_evidence(corpus: Corpus) -> pd.DataFrame:
    """Evidence sentences for each cell of the announcement comparison table.

    Each row of ``announcements.csv`` (``aspect``, ``event``, ``pattern``,
    ``finds``, ``why``) is matched against the sentences of the articles about
    that row's event with :mod:`helpers.patterns` (whole words, smart case).
    Overlapping matches for one cell are reduced to the longest.

    Returns one row per match: ``aspect``, ``event``, ``article_id``,
    ``sentence_id``, ``start``, ``end`` (the sentence's offsets in the article
    ``text``), ``text`` (the sentence), ``match_start``, ``match_end``, ``match``
    and ``line`` (the table row it came from). Cells with no evidence have no
    rows; :func:`comparison_table` shows them as missing. Empty when the corpus
    has no ``announcements.csv`` or no ``events.csv``. Raises :class:`~helpers.problems.CorpusError`
    for a row whose event is not in ``events.csv``.
    """
    return corpus.stage("events.announcement_evidence",
                        lambda: _compute_evidence(corpus)).copy()


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[:width - 1].rsplit(" ", 1)[0] + "…"


#: Characters of the extract shown in a cell of :func:`comparison_table`.
CELL_WIDTH = 80


def comparison_table(corpus: Corpus, width: int = CELL_WIDTH) -> pd.DataFrame:
    """The side-by-side table: one row per aspect, one column per event (its label).

    Each cell is the longest match (the most informative; ties go to the first
    article) as a short extract, with the ids of every article that has evidence
    for the cell and how many sentences do, e.g. ``“Putin announced” (aj-long-2016,
    newarab-2016; 3 sentences)``. A cell without evidence reads ``NO EVIDENCE``: fix
    the pattern in ``announcements.csv``, never type the cell in. Without
    ``announcements.csv`` the table has the events' columns and no rows.
    """
    events = load_events(corpus)
    labels = dict(zip(events["event"], events["label"], strict=True))
    table = corpus.table("announcements")
    if not corpus.has("announcements"):
        return pd.DataFrame(columns=list(events["label"]), index=pd.Index([], name="aspect"))
    evidence = announcement_evidence(corpus)
    order = _article_order(corpus)
    aspects = list(dict.fromkeys(table["aspect"]))
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
    frame = pd.DataFrame(cells, index=aspects, columns=list(cells))
    frame.index.name = "aspect"
    return frame


MISSING_COLUMNS = ["line", "aspect", "event", "pattern"]


def missing_evidence(corpus: Corpus) -> pd.DataFrame:
    """The ``(aspect, event)`` rows of ``announcements.csv`` that no evidence sentence backs.

    Columns ``line``, ``aspect``, ``event``, ``pattern``; empty when every cell has
    evidence, and when the corpus has no ``announcements.csv``.
    """
    table = corpus.table("announcements")
    if not corpus.has("announcements"):
        return pd.DataFrame(columns=MISSING_COLUMNS)
    evidence = announcement_evidence(corpus)
    found = set(zip(evidence["aspect"], evidence["event"], strict=True))
    rows = table[[(a, e) not in found for a, e in zip(table["aspect"], table["event"],
                                                       strict=True)]]
    return rows[MISSING_COLUMNS].reset_index(drop=True)


def _join_unique(values: pd.Series) -> str:
    return "; ".join(dict.fromkeys(values))


CALLBACK_COLUMNS = ["article_id", "event", "sentence_id", "start", "end", "text", "kind", "via",
                    "match", "refers_to", "next_text"]
_HIT_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "kind", "via", "match",
                "match_start", "match_end", "refers_to"]


def _earlier_events(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """For each article, the events of ``events.csv`` dated before the article's own event."""
    events = load_events(corpus)
    event_date = dict(zip(events["event"], events["date"], strict=True))
    return {aid: events[events["date"] < event_date[ev]] if ev in event_date else events.iloc[:0]
            for aid, ev in zip(corpus.articles["article_id"], corpus.articles["event"],
                               strict=True)}


def pattern_callbacks(corpus: Corpus) -> pd.DataFrame:
    """Matches of ``callbacks.csv`` patterns in articles about a later event.

    One row per match: ``article_id``, ``sentence_id``, ``start``, ``end`` and
    ``text`` (the sentence), ``kind`` (the table's kind), ``via``
    (``pattern:<callback_id>``), ``match``, ``match_start``, ``match_end`` (offsets
    of the match in ``text``) and ``refers_to`` (the latest earlier event). Empty
    without ``callbacks.csv`` or ``events.csv``.
    """
    if not corpus.has("callbacks") or not corpus.has("events"):
        return pd.DataFrame(columns=_HIT_COLUMNS)
    earlier = _earlier_events(corpus)
    sentences = corpus.sentences
    later = sentences[sentences["article_id"].map(lambda aid: not earlier[aid].empty)]
    table = corpus.table("callbacks")
    hits = _table_hits(corpus, "callbacks", later, list(range(len(table))))
    rows = [{**{k: h[k] for k in ("article_id", "sentence_id", "start", "end", "text", "match",
                                  "match_start", "match_end")},
             "kind": table["kind"].iloc[h["row"]],
             "via": f"pattern:{table['callback_id'].iloc[h['row']]}",
             "refers_to": earlier[h["article_id"]]["event"].iloc[-1]} for h in hits]
    return pd.DataFrame(rows, columns=_HIT_COLUMNS)


def date_callbacks(corpus: Corpus) -> pd.DataFrame:
    """Dates in articles about a later event that fall on an earlier event.

    A date of day or month precision (from :func:`timeline`) whose period
    contains an earlier event's date, such as "in March" in January 2017 for an
    announcement of 14 March 2016. One row per date and earlier event, with the
    columns of :func:`pattern_callbacks` (``kind`` is ``reference``, ``via`` is
    ``date``, ``match`` the date words). Empty without ``events.csv``.
    """
    if not corpus.has("events"):
        return pd.DataFrame(columns=_HIT_COLUMNS)
    earlier = _earlier_events(corpus)
    dates = timeline(corpus)
    text = {(a, i): (s, e, t) for a, i, s, e, t in zip(
        corpus.sentences["article_id"], corpus.sentences["sentence_id"],
        corpus.sentences["start"], corpus.sentences["end"], corpus.sentences["text"],
        strict=True)}
    before = {aid: list(zip(frame["date"], frame["event"], strict=True))
              for aid, frame in earlier.items()}
    rows = []
    for d in dates[dates.precision.isin(["day", "month"])].itertuples():
        for date, event in before[d.article_id]:
            if d.date <= date <= d.date_end:
                start, end, sentence = text[(d.article_id, d.sentence_id)]
                rows.append({"article_id": d.article_id, "sentence_id": d.sentence_id,
                             "start": start, "end": end, "text": sentence,
                             "kind": "reference", "via": "date", "match": d.expression,
                             "match_start": d.start, "match_end": d.end,
                             "refers_to": event})
    return pd.DataFrame(rows, columns=_HIT_COLUMNS)


def callbacks(corpus: Corpus) -> pd.DataFrame:
    """Sentences in coverage of a later event that refer back to an earlier announcement.

    Only articles whose event has an earlier event in ``events.csv`` are read.
    A sentence is a callback when :func:`pattern_callbacks` or
    :func:`date_callbacks` finds something in it.

    One row per sentence and earlier event. Columns: ``article_id``, ``event``,
    ``sentence_id``, ``start``, ``end``, ``text``, ``kind`` (the table's kinds:
    repetition, reference, outcome; a date is a reference), ``via`` and
    ``match`` (every way it was found and what matched, each joined by "; "),
    ``refers_to`` (the earlier event) and ``next_text`` (the next sentence, to
    see how the callback is used). Empty without ``events.csv``.
    """
    found = pd.concat([pattern_callbacks(corpus), date_callbacks(corpus)], ignore_index=True)
    if found.empty:
        return pd.DataFrame(columns=CALLBACK_COLUMNS)
    keys = ["article_id", "sentence_id", "start", "end", "text", "refers_to"]
    frame = found.sort_values(["via", "match"]).groupby(keys, as_index=False, sort=False).agg(
        kind=("kind", _join_unique), via=("via", _join_unique), match=("match", _join_unique))
    event_of = dict(zip(corpus.articles["article_id"], corpus.articles["event"], strict=True))
    frame.insert(1, "event", frame["article_id"].map(event_of))
    s = corpus.sentences
    following = {(a, i - 1): t for a, i, t in zip(s.article_id, s.sentence_id, s.text,
                                                    strict=True)}
    frame["next_text"] = [following.get((a, i), "") for a, i in
                          zip(frame.article_id, frame.sentence_id, strict=True)]
    order = _article_order(corpus)
    frame = frame.sort_values(["article_id", "sentence_id"],
                              key=lambda c: c.map(order) if c.name == "article_id" else c)
    return frame[CALLBACK_COLUMNS].reset_index(drop=True)


def summary_table(corpus: Corpus, outlet_event: pd.DataFrame | None = None) -> pd.DataFrame:
    """The key numbers of the announcement comparison, one ``finding`` and ``value`` per row.

    ``outlet_event`` is an outlet-by-event count table (outlets as rows, events
    as columns); by default the crosstab of the articles' outlets and events.
    """
    if outlet_event is None:
        outlet_event = pd.crosstab(corpus.articles["outlet"], corpus.articles["event"])
    table = corpus.table("announcements")
    evidence = announcement_evidence(corpus)
    dates = timeline(corpus)
    backs = callbacks(corpus)
    cells = len(table[["aspect", "event"]].drop_duplicates())
    rows = [
        ("comparison cells", cells),
        ("cells backed by evidence", cells - len(missing_evidence(corpus))),
        ("evidence sentences", len(evidence[["article_id", "sentence_id"]].drop_duplicates())),
        ("dates found", len(dates)),
        ("explicit dates", int((dates["how"] == "explicit").sum())),
        ("relative dates", int((dates["how"] == "relative").sum())),
        ("sentences referring back to an earlier announcement", len(backs)),
        ("articles with such a sentence", backs["article_id"].nunique()),
        ("outlets covering more than one event", int(((outlet_event > 0).sum(axis=1) > 1).sum())),
    ]
    return pd.DataFrame(rows, columns=["finding", "value"])
