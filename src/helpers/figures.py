"""Facts and figures: the numbers each article reports, what they count, which key facts it has.

Every function takes the :class:`~helpers.corpus.Corpus`:

* :func:`extract_figures` finds counts ("27 medical facilities"), ranges
  ("from 3,000 to 6,000"), qualified numbers ("more than", "well over"),
  scaled numbers ("23 million"), durations ("five-and-a-half-month"), shares
  ("almost half", "40 percent"), money ("$250,000"), measures ("60 km") and
  spelled-out numbers, each with its value, unit and the thing counted.
* :func:`compare_figures` lines the figures up across articles and flags the
  same number given for different things and different numbers for one thing.
* :func:`fact_mentions` and :func:`coverage_matrix` check the corpus's fact list
  (``facts.csv``: a pattern and a ``why`` per fact).

Names and labels are not quantities and are skipped: dates ("14 March"), years
("in 2011", "the 1992 election"), times of day ("13:29", "10:02 AM", "5 pm"),
numbered labels ("Article 50", "Clause 4", "Route 66", "Fig. 2", "No. 10",
"Report 3") and model names ("S-400").
"""

from __future__ import annotations

import re

import pandas as pd

from helpers import patterns
from helpers.corpus import Corpus
from helpers.views import grouped

FIGURE_COLUMNS = ["article_id", "sentence_id", "start", "end", "figure", "value", "value_high",
                  "qualifier", "unit", "kind", "referent", "sentence"]
FACT_COLUMNS = ["article_id", "fact", "sentence_id", "start", "end", "match", "sentence"]

#: Characters after a figure searched for what it counts.
REFERENT_WINDOW = 80
#: Words of a referent at most ("rebel fighters", "Russian air campaign").
REFERENT_WORDS = 3
#: Characters before and after a number searched for a month name (a date, not a count).
DATE_WINDOW = 12

# The English number vocabulary: a language mechanism, not a judgement about the story.
UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
SCALE_ABBREVIATIONS = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, "tn": 1_000_000_000_000}
VAGUE = {"dozens": 24, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}
QUALIFIERS = ["more than", "well over", "over", "at least", "almost", "nearly", "around",
              "about", "some", "roughly", "approximately", "up to", "fewer than", "less than",
              "just over", "just under", "under", "as many as", "an estimated", "estimated"]
DURATION_UNITS = ["year", "month", "week", "day", "hour", "minute"]
#: Units of measure written after a number ("60 km", "3 tonnes"), as written.
MEASURE_UNITS = ["square kilometres", "square kilometers", "square miles", "sq km", "km/h",
                 "kilometres", "kilometers", "km", "miles", "mile", "metres", "meters",
                 "kilograms", "kg", "tonnes", "tons", "hectares", "acres", "feet", "ft", "litres",
                 "liters", "barrels", "mph", "degrees"]
CURRENCIES = {"$": "$", "US$": "$", "£": "£", "€": "€", "¥": "¥", "USD": "$", "EUR": "€",
              "GBP": "£"}
MONTHS = ("January February March April May June July August September October November "
          "December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
#: Words after which a number is a label, not a quantity ("Article 50", "No. 10", "Route 66").
LABEL_WORDS = ("article articles clause clauses section chapter route highway interstate fig "
               "figs figure table no nos number resolution amendment paragraph rule phase stage "
               "level category grade room flight platform gate page pages vol volume part item "
               "act bill proposition prop question exhibit appendix annex annexe version episode "
               "season series channel division brigade regiment battalion corps squadron unit "
               "district ward block building apartment suite lot pier terminal runway line bus "
               "train match game week day round protocol sector zone camp tier class type model "
               "mark mk step point").split()
#: Words that may stand before a number that counts ("In 60 days", "The 60 aircraft", "Some 60").
FUNCTION_WORDS = frozenset(
    "a an the this that these those its his her their our my your in on at by for from to of "
    "with without into onto over under about around after before since during between among "
    "across through per than and or but nor so yet as if when while where who which what some "
    "all only just nearly almost roughly approximately about another every each more less "
    "fewer most least many few up down another other last first next top around at least "
    "still also even is are was were be been being has have had do does did will would can "
    "could should may might must said says say according".split())
#: Nouns that a four-digit number before them counts, although they do not end in s.
COUNT_NOUNS = frozenset("people children men women police personnel staff cattle "
                        "livestock".split())

_NUMWORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SPELLED = (rf"(?:{_NUMWORD})(?:[- ](?:{_NUMWORD}))?"
            r"(?:[- ]and[- ]a[- ]half)?")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = "|".join(SCALES)
_NUMBER = rf"(?:{_DIGITS}|{_SPELLED}|half)(?:\s+(?:{_SCALE}))?"
_QUAL = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_UNIT = "|".join(DURATION_UNITS)
_MEASURE = "|".join(re.escape(u) for u in MEASURE_UNITS)
_CURRENCY = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
FIGURE_RE = re.compile(
    rf"(?<![\w\-/.,:$£€¥#])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<from>from|between)\s+)?"
    rf"(?:(?P<cur>{_CURRENCY})\s?)?"
    rf"(?P<low>{_NUMBER}|dozens|hundreds|thousands|millions)"
    rf"(?P<abbr>bn|tn|m|k)?"
    rf"(?:\s*(?:-|–|to|and)\s*(?:{_CURRENCY})?(?P<high>{_DIGITS}(?:\s+(?:million|billion))?))?"
    rf"(?:(?P<of_th>\s+of\s+thousands))?"
    rf"(?:(?P<pct>\s?%|\s+percent|\s+per cent)|(?:\s+(?P<measure>{_MEASURE})\b)|"
    rf"(?:[- ](?P<unit>{_UNIT})s?\b))?"
    rf"(?![\w\-/]*\d)(?!\w)",
    re.IGNORECASE)
_STOP = re.compile(r"^(?:in|on|at|since|from|to|for|by|with|after|before|during|and|or|but|"
                   r"has|have|had|is|are|was|were|will|would|who|which|that|than|of|the|its|"
                   r"across|into|including|been|per|a|an|towards?|each|this|these|"
                   r"those|their|his|her|our)$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"(?:[:.]\d{2}\b|\s*(?:[ap]\.m\.|[ap]m\b|GMT\b|UTC\b|BST\b|CET\b|EST\b|"
                         r"EDT\b|PST\b|PDT\b|ET\b|local time\b|hrs\b|o['’]clock\b))",
                         re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{'|'.join(MONTHS)})\.?,?\s*$")
_MONTH_AFTER = re.compile(rf"\s*(?:of\s+)?(?:{'|'.join(MONTHS)})\b")
_WEEKDAY_BEFORE = re.compile(rf"\b(?:{'|'.join(WEEKDAYS)}),?\s*(?:the\s+)?$")
_LABEL_BEFORE = re.compile(rf"\b(?:{'|'.join(LABEL_WORDS)})\.?\s*#?$", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)\s+$")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def parse_number(words: str) -> float | None:
    """The value of a number as written: digits, words or both.

    >>> parse_number("3,000"), parse_number("23 million"), parse_number("five-and-a-half")
    (3000.0, 23000000.0, 5.5)
    >>> parse_number("twenty-seven"), parse_number("half")
    (27.0, 0.5)
    """
    text = words.lower().replace(",", "").strip()
    half = 0.0
    if re.search(r"[- ]and[- ]a[- ]half$", text):
        text, half = re.sub(r"[- ]and[- ]a[- ]half$", "", text), 0.5
    if text == "half":
        return 0.5
    total, current = 0.0, 0.0
    for part in re.split(r"[\s-]+", text):
        if re.fullmatch(r"\d+(?:\.\d+)?", part):
            current += float(part)
        elif part in UNITS:
            current += UNITS[part]
        elif part in TENS:
            current += TENS[part]
        elif part in SCALES:
            current = max(current, 1.0) * SCALES[part]
            if SCALES[part] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current + half


def not_a_quantity(text: str, m: re.Match[str]) -> str:
    """Why the number matched by ``m`` in ``text`` is a name or label, not a quantity
    (empty when it is a quantity).

    >>> def why(t):
    ...     return not_a_quantity(t, FIGURE_RE.search(t))
    >>> why("Britain triggered Article 50."), why("at 13:29 on Tuesday"), why("No. 10 said")
    ('label', 'time of day', 'label')
    >>> why("the 1992 general election"), why("on 14 March"), why("60 aircraft left")
    ('year', 'date', '')
    """
    low = m.group("low")
    start, end = m.start(), m.end()
    before, after = text[:start], text[end:]
    has_unit = any(m.group(g) for g in ("unit", "measure", "pct", "cur"))
    bare = bool(re.fullmatch(r"\d+", low)) and not m.group("qual") and not m.group("high")
    if _TIME_AFTER.match(after) and not has_unit:
        return "time of day"
    if (_MONTH_BEFORE.search(before[-DATE_WINDOW:]) or _MONTH_AFTER.match(after[:DATE_WINDOW])) \
            and not has_unit:
        return "date"
    if _WEEKDAY_BEFORE.search(before[-DATE_WINDOW:]) and bare:
        return "date"
    if bare and _YEAR.fullmatch(low) and not has_unit and not _counts_year_like(before, after):
        return "year"
    if bare and not has_unit and _LABEL_BEFORE.search(before):
        return "label"
    word = _WORD_BEFORE.search(before)
    if bare and not has_unit and word and not _is_function_word(word.group(1)):
        return "label"  # "Report 3", "Boeing 737", "Route 66"
    return ""


def _is_function_word(word: str) -> bool:
    word = word.lower().replace("’", "'")
    return (word in FUNCTION_WORDS or word.endswith("'s") or word.rstrip(".") in
            {w.lower() for w in MONTHS} | {w.lower() for w in WEEKDAYS})


def _counts_year_like(before: str, after: str) -> bool:
    """Whether a four-digit number that looks like a year counts something ("counted 2073
    boats") rather than naming a year ("the 1992 election", "in 2015", "2015 was")."""
    prev = re.search(r"([\w'’]+)\s*$", before)
    if prev and prev.group(1).lower() in FUNCTION_WORDS:
        return False
    noun = re.match(r"\s+([a-z][a-z'’-]*)", after)
    if not noun or _STOP.match(noun.group(1)):
        return False
    return noun.group(1).endswith("s") or noun.group(1) in COUNT_NOUNS


def _referent(text: str, start: int, end: int) -> str:
    """What a figure counts: the words after it up to a stop word, or the noun before 'of'."""
    tail = text[end:end + REFERENT_WINDOW]
    tail = re.sub(r"^\s*(?:(?:more|fewer|other|additional|of|the)\s+)+", " ", tail)
    words = []
    for m in re.finditer(r"[\s]*([A-Za-z][\w'’-]*)|[\s]*([^\w\s])", tail):
        word = m.group(1)
        if word is None or _STOP.match(word) or len(words) == REFERENT_WORDS:
            break
        words.append(word)
    if words:
        return " ".join(words)
    head = re.search(r"(\w[\w'’-]*)\s+of\s*$", text[:start])
    return head.group(1) if head else ""


def _figure_row(m: re.Match[str]) -> dict | None:
    """Value, range, unit and kind of one match, or ``None`` when it has no value."""
    low = m.group("low").lower()
    unit = (m.group("unit") or "").lower()
    high = None
    if low in VAGUE:
        value = VAGUE[low] * (1000 if m.group("of_th") else 1)
        kind = "vague"
    else:
        value = parse_number(low)
        high = parse_number(m.group("high")) if m.group("high") else None
        if value is None:
            return None
        scale = SCALE_ABBREVIATIONS.get((m.group("abbr") or "").lower())
        if scale:
            value, high = value * scale, high * scale if high is not None else None
        kind = ("duration" if unit else "range" if high is not None
                else "share" if low == "half" else "count")
    if m.group("pct"):
        unit, kind = "percent", "percent"
    elif m.group("measure"):
        unit, kind = m.group("measure").lower(), "measure"
    elif m.group("cur"):
        unit, kind = CURRENCIES[m.group("cur").upper()], "money"
    return {"value": float(value), "value_high": float(high) if high is not None else float("nan"),
            "unit": unit, "kind": kind}


def _compute_figures(corpus: Corpus) -> pd.DataFrame:
    rows = []
    for s in corpus.sentences.itertuples():
        text = s.text
        for m in FIGURE_RE.finditer(text):
            if m.group("abbr") and not m.group("cur"):
                continue  # "5m" without a currency: not a number we can read
            low = m.group("low").lower()
            if low == "one" and not m.group("unit"):
                continue  # "a symbolic one": a pronoun, not a count
            if not_a_quantity(text, m):
                continue
            row = _figure_row(m)
            if row is None:
                continue
            rows.append({
                "article_id": s.article_id, "sentence_id": s.sentence_id,
                "start": s.start + m.start(), "end": s.start + m.end(),
                "figure": m.group().strip(), **row,
                "qualifier": (m.group("qual") or "").lower(),
                "referent": _referent(text, m.start(), m.end()), "sentence": text})
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def extract_figures(corpus: Corpus) -> pd.DataFrame:
    """Every number in the article bodies that counts or measures something.

    Columns: ``article_id``, ``sentence_id``, ``start``, ``end`` (offsets into
    ``text``), ``figure`` (as written), ``value`` (the number, or the low end of
    a range), ``value_high`` (the high end of a range, else empty),
    ``qualifier`` ("more than", "well over", ...), ``unit`` (month, year ... for
    durations; percent; $, £, €; km, tonnes ...), ``kind`` (count, range,
    duration, share, percent, money, measure, vague), ``referent`` (what is
    counted, as written) and ``sentence``. Names, labels, dates, years and
    times of day are skipped (see :func:`not_a_quantity`).

    >>> from helpers import open_corpus
    >>> f = extract_figures(open_corpus())
    >>> r = f[f.figure == "from 3,000 to 6,000"].iloc[0]
    >>> float(r.value), float(r.value_high), r.referent
    (3000.0, 6000.0, 'military personnel')
    """
    return corpus.stage("figures.extract", lambda: _compute_figures(corpus)).copy()


def referent_key(referent: str) -> str:
    """A crude key for grouping referents: the last word, lower case, without a plural s.

    >>> referent_key("rebel fighters"), referent_key("military personnel")
    ('fighter', 'personnel')
    """
    words = re.findall(r"[a-z][\w'-]*", referent.lower())
    if not words:
        return ""
    word = words[-1].replace("’", "'")
    word = re.sub(r"'s?$", "", word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


#: Most article ids ``other_articles`` names; more are written as "and others".
OTHERS_SHOWN = 10
COMPARE_COLUMNS = ["article_id", "outlet", "sentence_id", "start", "end", "figure", "value",
                   "value_high", "qualifier", "unit", "kind", "referent", "referent_key", "flag",
                   "other_articles", "sentence"]


def compare_figures(corpus: Corpus) -> pd.DataFrame:
    """Line the figures of :func:`extract_figures` up across articles and flag discrepancies.

    Adds ``outlet`` and ``referent_key`` to each figure, and a ``flag``:

    * ``same number, different referent``: the same value (and range) appears in
      another article counting something else (2,000 "Syrians" against 2,000
      "rebel fighters");
    * ``different number, same referent``: another article gives a different
      value for the same referent key and unit;
    * empty when neither holds. ``other_articles`` names the articles involved (the first
      :data:`OTHERS_SHOWN` in sorted order, then "and others").

    Flags are prompts to read both sentences, not verdicts: a key built from
    one word cannot tell "people killed" from "people displaced".
    """
    figures = extract_figures(corpus)
    meta = corpus.articles[["article_id", "outlet"]].reset_index(drop=True)
    table = figures.merge(meta, on="article_id", how="left")
    table["referent_key"] = table["referent"].map(referent_key)
    high = table["value_high"].fillna(-1)
    value_keys = [None if pd.isna(v) or pd.isna(u) else (v, h, u)
                  for v, h, u in zip(table["value"], high, table["unit"], strict=True)]
    referent_keys = [(k, u) if k and not pd.isna(u) else None
                     for k, u in zip(table["referent_key"], table["unit"], strict=True)]
    diff_ref = _others(value_keys, table["article_id"], table["referent_key"])
    diff_value = _others(referent_keys, table["article_id"], table["value"])
    flags, others = [], []
    for key, (n_ref, ref_others), (n_value, value_others) in zip(
            table["referent_key"], diff_ref, diff_value, strict=True):
        row_flags, row_others, more = [], set(), False
        if n_ref and key:
            row_flags.append("same number, different referent")
            row_others.update(ref_others)
            more |= n_ref > len(ref_others)
        if n_value:
            row_flags.append("different number, same referent")
            row_others.update(value_others)
            more |= n_value > len(value_others)
        shown = sorted(row_others)
        more |= len(shown) > OTHERS_SHOWN
        flags.append("; ".join(row_flags))
        others.append(", ".join(shown[:OTHERS_SHOWN]) + (" and others" if more else ""))
    table["flag"] = flags
    table["other_articles"] = others
    return table[COMPARE_COLUMNS].sort_values(["referent_key", "value", "article_id"],
                                              ignore_index=True)


def _others(keys: list, articles: pd.Series, attrs: pd.Series,
            keep: int = OTHERS_SHOWN) -> list[tuple[int, list[str]]]:
    """For each row, the other articles with a row of the same key and a different attribute:
    how many, and the first ``keep`` of them in sorted order.

    A key of ``None`` matches nothing. Rows are grouped by key once, and only the first
    ``keep`` names are kept per row, so time and memory grow with the rows and the distinct
    (key, attribute) pairs, not with all pairs of rows: where one figure recurs in thousands
    of articles, each row names ten of them, not thousands.

    >>> _others([1, 1, 1, None], ["a", "b", "c", "d"], ["x", "x", "y", "y"])
    [(1, ['c']), (1, ['c']), (2, ['a', 'b']), (0, [])]
    """
    groups: dict[object, dict[object, set[str]]] = {}
    attrs_of: dict[object, dict[str, list[object]]] = {}
    for key, article, attr in zip(keys, articles, attrs, strict=True):
        if key is not None:
            groups.setdefault(key, {}).setdefault(attr, set()).add(article)
            attrs_of.setdefault(key, {}).setdefault(article, []).append(attr)
    found, done = [], {}
    for key, article, attr in zip(keys, articles, attrs, strict=True):
        if key is None:
            found.append((0, []))
            continue
        if (key, attr) not in done:  # attributes compare with != (NaN differs)
            union = set().union(*(arts for other, arts in groups[key].items() if other != attr))
            done[key, attr] = (len(union), sorted(union)[:keep + 1])
        size, head = done[key, attr]
        mine = any(other != attr for other in attrs_of[key][article])  # article is in union
        found.append((size - mine, [a for a in head if a != article][:keep]))
    return found


def load_facts(corpus: Corpus) -> pd.DataFrame:
    """The corpus's ``facts.csv``: ``fact``, ``pattern``, ``why`` (after ``line``, ``table_file``).

    Its patterns were checked when the corpus was opened. Empty, with these
    columns, when the corpus has no ``facts.csv``: add one to track facts.
    """
    return corpus.table("facts").copy()


def _compute_mentions(corpus: Corpus) -> pd.DataFrame:
    table = corpus.tables["facts"]
    if not corpus.has("facts"):
        return pd.DataFrame(columns=FACT_COLUMNS)
    rows = []
    for aid, part in corpus.sentences.groupby("article_id", sort=False):
        for row, (fact, regex) in enumerate(zip(table.frame["fact"], table.regexes,
                                                strict=True)):
            for s in part.itertuples():
                try:
                    found = list(patterns.finditer(regex, s.text))
                except patterns.PatternTimeout as err:
                    raise err.at(table.where(row), aid) from None
                for m in found:
                    rows.append({"article_id": aid, "fact": fact, "sentence_id": s.sentence_id,
                                 "start": s.start + m.start(), "end": s.start + m.end(),
                                 "match": s.text[m.start():m.end()], "sentence": s.text})
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def fact_mentions(corpus: Corpus) -> pd.DataFrame:
    """Every match of every ``facts.csv`` pattern in the article bodies.

    Patterns are matched with :mod:`helpers.patterns` (whole words, smart
    case). Columns: ``article_id``, ``fact``, ``sentence_id``, ``start``,
    ``end`` (offsets into ``text``), ``match`` and ``sentence`` (evidence for
    each cell of :func:`coverage_matrix`). Empty without ``facts.csv``.
    """
    return corpus.stage("figures.fact_mentions", lambda: _compute_mentions(corpus)).copy()


def coverage_matrix(corpus: Corpus) -> pd.DataFrame:
    """Facts (rows, in table order) by article (columns, in articles order): number of mentions.

    Column labels are ``article_id``; ``articles.outlet`` tells which outlet
    each belongs to. A 0 means the pattern did not match, which is not proof
    that the article lacks the fact (it may say it in other words). No rows
    without ``facts.csv``.
    """
    mentions = fact_mentions(corpus)
    facts = list(corpus.table("facts")["fact"])
    counts = mentions.groupby(["fact", "article_id"]).size()
    matrix = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    matrix = matrix.reindex(index=facts, columns=list(corpus.articles["article_id"]),
                            fill_value=0).fillna(0).astype(int)
    matrix.index.name, matrix.columns.name = "fact", "article_id"
    return matrix


def coverage_by_outlet(corpus: Corpus) -> pd.DataFrame:
    """Facts (rows) by outlet (columns): the share of the outlet's articles that mention each
    fact, the view of :func:`coverage_matrix` for a large corpus (outlets past
    :data:`helpers.views.GROUPS` are pooled as one column).
    """
    covered = (coverage_matrix(corpus) > 0).T
    outlet = grouped(corpus.articles["outlet"])
    table = covered.groupby(outlet.reindex(covered.index), sort=False).mean().T
    table.columns.name = "outlet"
    return table.round(3)
