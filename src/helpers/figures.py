"""Facts and figures: the numbers each article reports, what they count, which key facts it has.

* :func:`extract_figures` finds counts ("27 medical facilities"), ranges
  ("from 3,000 to 6,000"), qualified numbers ("more than", "well over"),
  scaled numbers ("23 million"), durations ("five-and-a-half-month"), shares
  ("almost half") and spelled-out numbers, with the thing counted.
* :func:`compare_figures` lines the figures up across articles and flags the
  same number given for different things and different numbers for one thing.
* :func:`fact_mentions` and :func:`coverage_matrix` check a documented fact list
  (``data/facts.csv``: a regular expression and a ``why`` per fact).

Dates, years and model names (S-400) are not figures and are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from helpers.corpus import CorpusError, Problem, load_table, table_path
from helpers.text import paragraphs

FIGURE_COLUMNS = ["article_id", "start", "end", "figure", "value", "value_high", "qualifier",
                  "unit", "kind", "referent", "sentence"]

# The English number vocabulary: a language mechanism, not a judgement about the story.
UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE = {"dozens": (24, None), "hundreds": (200, None), "thousands": (2_000, None),
         "millions": (2_000_000, None)}
QUALIFIERS = ["more than", "well over", "over", "at least", "almost", "nearly", "around",
              "about", "some", "roughly", "approximately", "up to", "fewer than", "less than",
              "just over", "just under", "under", "as many as", "an estimated", "estimated"]
DURATION_UNITS = ["year", "month", "week", "day", "hour", "minute"]
MONTHS = ("January February March April May June July August September October November "
          "December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
_NUMWORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SPELLED = (rf"(?:{_NUMWORD})(?:[- ](?:{_NUMWORD}))?"
            r"(?:[- ]and[- ]a[- ]half)?")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = rf"(?:{_DIGITS}|{_SPELLED}|half)(?:\s+(?:hundred|thousand|million|billion))?"
_QUAL = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_UNIT = "|".join(DURATION_UNITS)
FIGURE_RE = re.compile(
    rf"(?<![\w\-/.,])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<from>from|between)\s+)?"
    rf"(?P<low>{_NUMBER}|dozens|hundreds|thousands|millions)"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<high>{_DIGITS}(?:\s+(?:million|billion))?))?"
    rf"(?:(?P<of_th>\s+of\s+thousands))?"
    rf"(?:[- ](?P<unit>{_UNIT})s?\b)?"
    rf"(?![\w\-/]*\d)(?!\w)",
    re.IGNORECASE)
_STOP = re.compile(r"^(?:in|on|at|since|from|to|for|by|with|after|before|during|and|or|but|"
                   r"has|have|had|is|are|was|were|will|would|who|which|that|than|of|the|its|"
                   r"across|into|including|been|per|a|an)$", re.IGNORECASE)


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


def _is_date_or_name(text: str, start: int, end: int, low: str) -> bool:
    """True for dates (14 March, Dec. 29, March 2011), years and model names (S-400)."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 12]
    months = "|".join(MONTHS)
    if re.search(rf"\b(?:{months})\.?\s*$", before) or re.match(rf"\s*(?:{months})\b", after):
        return True
    if re.fullmatch(r"(?:1[89]|20)\d\d", low) and not re.match(r"\s+[a-z]", after):
        return True
    return bool(re.search(r"[A-Za-z]-$", before))


def _referent(text: str, end: int, start: int, sent_start: int, unit: str) -> str:
    """What a figure counts: the words after it up to a stop word, or the noun before 'of'."""
    tail = text[end:end + 80]
    tail = re.sub(r"^\s*(?:(?:more|fewer|other|additional|of|the)\s+)+", " ", tail)
    words = []
    for m in re.finditer(r"[\s]*([A-Za-z][\w'’-]*)|[\s]*([^\w\s])", tail):
        word = m.group(1)
        if word is None or _STOP.match(word) or len(words) == 3:
            break
        words.append(word)
    if words:
        return " ".join(words)
    head = re.search(r"(\w[\w'’-]*)\s+of\s*$", text[sent_start:start])
    return head.group(1) if head else ""


def _sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (enough to show a figure in context)."""
    spans = []
    for p_start, p_end in paragraphs(text):
        cut = p_start
        for m in re.finditer(r"[.!?][\"”’]?\s+(?=[\"“‘]?[A-Z])", text[p_start:p_end]):
            spans.append((cut, p_start + m.start() + 1))
            cut = p_start + m.end()
        spans.append((cut, p_end))
    return spans


def extract_figures(articles: pd.DataFrame) -> pd.DataFrame:
    """Every number in the article bodies that counts or measures something.

    Columns: ``article_id``, ``start``, ``end`` (offsets into ``text``),
    ``figure`` (as written), ``value`` (the number, or the low end of a range),
    ``value_high`` (the high end of a range, else empty), ``qualifier`` ("more
    than", "well over", ...), ``unit`` (month, year, ... for durations),
    ``kind`` (count, range, duration, share, vague), ``referent`` (what is
    counted, as written) and ``sentence``.

    >>> from helpers import load_articles
    >>> f = extract_figures(load_articles())
    >>> r = f[f.figure == "from 3,000 to 6,000"].iloc[0]
    >>> float(r.value), float(r.value_high), r.referent
    (3000.0, 6000.0, 'military personnel')
    """
    rows = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        spans = _sentences(text)
        for m in FIGURE_RE.finditer(text):
            low = m.group("low")
            if low.lower() in ("one",) and not m.group("unit"):
                continue  # "a symbolic one": a pronoun, not a count
            if _is_date_or_name(text, m.start("low"), m.end(), low):
                continue
            s_start, s_end = next(((a, b) for a, b in spans if a <= m.start() < b),
                                  (m.start(), m.end()))
            unit = (m.group("unit") or "").lower()
            if low.lower() in VAGUE:
                value, high = VAGUE[low.lower()][0], None
                if m.group("of_th"):
                    value = VAGUE[low.lower()][0] * 1000
                kind = "vague"
            else:
                value = parse_number(low)
                high = parse_number(m.group("high")) if m.group("high") else None
                if value is None:
                    continue
                kind = ("duration" if unit else "range" if high is not None
                        else "share" if low.lower() == "half" else "count")
            rows.append({
                "article_id": aid, "start": m.start(), "end": m.end(),
                "figure": m.group().strip(), "value": float(value),
                "value_high": float(high) if high is not None else float("nan"),
                "qualifier": (m.group("qual") or "").lower(), "unit": unit, "kind": kind,
                "referent": _referent(text, m.end(), m.start(), s_start, unit),
                "sentence": text[s_start:s_end]})
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


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


def compare_figures(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Line figures up across articles and flag possible discrepancies.

    Adds ``outlet`` and ``referent_key`` to each figure, and a ``flag``:

    * ``same number, different referent``: the same value (and range) appears in
      another article counting something else (2,000 "Syrians" against 2,000
      "rebel fighters");
    * ``different number, same referent``: another article gives a different
      value for the same referent key and unit;
    * empty when neither holds. ``other_articles`` names the articles involved.

    Flags are prompts to read both sentences, not verdicts: a key built from
    one word cannot tell "people killed" from "people displaced".
    """
    meta = articles[["article_id", "outlet"]].reset_index(drop=True)
    table = figures.merge(meta, on="article_id", how="left")
    table["referent_key"] = table["referent"].map(referent_key)
    flags, others = [], []
    for row in table.itertuples():
        rest = table[table["article_id"] != row.article_id]
        same_value = rest[(rest["value"] == row.value)
                          & (rest["value_high"].fillna(-1) == (
                              -1 if pd.isna(row.value_high) else row.value_high))
                          & (rest["unit"] == row.unit)]
        diff_ref = same_value[same_value["referent_key"] != row.referent_key]
        same_ref = rest[(rest["referent_key"] == row.referent_key) & (rest["unit"] == row.unit)
                        & (row.referent_key != "")]
        diff_value = same_ref[(same_ref["value"] != row.value)]
        row_flags, row_others = [], set()
        if len(diff_ref) and row.referent_key:
            row_flags.append("same number, different referent")
            row_others.update(diff_ref["article_id"])
        if len(diff_value):
            row_flags.append("different number, same referent")
            row_others.update(diff_value["article_id"])
        flags.append("; ".join(row_flags))
        others.append(", ".join(sorted(row_others)))
    table["flag"] = flags
    table["other_articles"] = others
    columns = ["article_id", "outlet", "start", "end", "figure", "value", "value_high",
               "qualifier", "unit", "kind", "referent", "referent_key", "flag",
               "other_articles", "sentence"]
    return table[columns].sort_values(["referent_key", "value", "article_id"],
                                      ignore_index=True)


def load_facts(corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """Load ``facts.csv`` (fact, pattern, why) and check every pattern compiles."""
    table = load_table("facts", corpus_dir)
    problems = []
    for row in table.itertuples():
        try:
            re.compile(row.pattern)
        except re.error as err:
            problems.append(Problem(f"{table_path('facts', corpus_dir)}, line {row.line} "
                                    f"(fact {row.fact!r})",
                                    f"pattern is not a valid regular expression: {err}.",
                                    "Correct the pattern; test it with Python's re."))
    if problems:
        raise CorpusError(problems)
    return table


def fact_mentions(articles: pd.DataFrame, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every match of every fact pattern (case-insensitive) in the article bodies.

    Columns: ``article_id``, ``fact``, ``start``, ``end``, ``match`` and
    ``sentence`` (evidence for each cell of :func:`coverage_matrix`).
    """
    facts = load_facts(articles.attrs.get("corpus_dir")) if facts is None else facts
    rows = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        spans = _sentences(text)
        for fact in facts.itertuples():
            for m in re.finditer(fact.pattern, text, re.IGNORECASE):
                s, e = next(((a, b) for a, b in spans if a <= m.start() < b),
                            (m.start(), m.end()))
                rows.append({"article_id": aid, "fact": fact.fact, "start": m.start(),
                             "end": m.end(), "match": m.group(), "sentence": text[s:e]})
    return pd.DataFrame(rows, columns=["article_id", "fact", "start", "end", "match",
                                       "sentence"])


def coverage_matrix(mentions: pd.DataFrame, articles: pd.DataFrame,
                    facts: pd.DataFrame) -> pd.DataFrame:
    """Facts (rows, in table order) by article (columns, in articles order): number of mentions.

    Column labels are ``article_id``; ``articles.outlet`` tells which outlet
    each belongs to. A 0 means the pattern did not match, which is not proof
    that the article lacks the fact (it may say it in other words).
    """
    counts = mentions.groupby(["fact", "article_id"]).size()
    matrix = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    matrix = matrix.reindex(index=list(facts["fact"]), columns=list(articles["article_id"]),
                            fill_value=0).fillna(0).astype(int)
    matrix.index.name, matrix.columns.name = "fact", "article_id"
    return matrix
