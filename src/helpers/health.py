"""A health panel that needs no annotation: signs that an extractor struggled on this corpus.

Hand annotations measure an extractor, but a new corpus has none. These checks
need none: each counts something a reader can verify in a minute, and points to
the rows behind it.

* quotation marks with no speaker;
* speakers found by grammar that are not in ``actors.csv``;
* kept lines that look like page furniture (signs in ``generic/health_signs.csv``);
* dates resolved after the article was published;
* figures that look like labels ("Article 50");
* story tables the corpus lacks.

:func:`health` returns one row per check; :func:`health_rows` the rows behind one.
"""

from __future__ import annotations

import pandas as pd

from helpers import patterns
from helpers.corpus import Corpus
from helpers.events import timeline
from helpers.figures import extract_figures
from helpers.quotes import SPEECH_KINDS, extract_quotes
from helpers.tables import TABLES
from helpers.text import paragraphs

HEALTH_COLUMNS = ["check", "status", "count", "example", "what_to_do"]
#: Characters of context shown before a figure when looking for a label.
LABEL_WINDOW = 24
#: Story tables whose absence the panel reports (the generic ones always exist).
STORY_TABLES = tuple(n for n, spec in TABLES.items()
                     if spec.story and not spec.generic and not n.startswith("annotations/"))


def unattributed_quotes(corpus: Corpus) -> pd.DataFrame:
    """Quotations (direct, partial, continuation) whose speaker the extractor could not find."""
    quotes = extract_quotes(corpus)
    return quotes[quotes["kind"].isin(SPEECH_KINDS) & (quotes["speaker"] == "")]


def unregistered_quotes(corpus: Corpus) -> pd.DataFrame:
    """Quotations whose speaker was found by grammar but is not in ``actors.csv``."""
    quotes = extract_quotes(corpus)
    return quotes[quotes["kind"].isin(SPEECH_KINDS) & (quotes["speaker"] != "")
                  & (quotes["speaker_type"] == "unregistered")]


def furniture_like_lines(corpus: Corpus) -> pd.DataFrame:
    """Kept paragraphs of the body that show a sign of page furniture, with the sign and why.

    Columns: ``article_id``, ``start``, ``end`` (offsets into ``text``), ``line``, ``sign``,
    ``why``. A paragraph is listed once, under the first sign it shows.
    """
    table = corpus.tables["health_signs"]
    signs = [(sign, regex, why) for sign, applies, regex, why in zip(
        table.frame["sign"], table.frame["applies_to"], table.regexes, table.frame["why"],
        strict=True) if applies == "line"]
    rows = []
    for aid, text in zip(corpus.articles["article_id"], corpus.articles["text"], strict=True):
        for start, end in paragraphs(text):
            line = text[start:end]
            for sign, regex, why in signs:
                if next(patterns.scan(regex, line), None):
                    rows.append((aid, start, end, line, sign, why))
                    break
    return pd.DataFrame(rows, columns=["article_id", "start", "end", "line", "sign", "why"])


def dates_after_publication(corpus: Corpus) -> pd.DataFrame:
    """Timeline rows whose date falls after the article's publication date.

    Some are right (a summit "later this month"); a caption's weekday or a wrong year is not.
    """
    dates = timeline(corpus)
    if dates.empty:
        return dates
    published = dates["article_id"].map(corpus.articles["published"])
    return dates[pd.to_datetime(dates["date"]) > published]


def label_like_figures(corpus: Corpus) -> pd.DataFrame:
    """Extracted figures that follow a label word ("Article 50"): names, not quantities."""
    found = extract_figures(corpus)
    table = corpus.tables["health_signs"]
    regexes = [r for r, applies in zip(table.regexes, table.frame["applies_to"], strict=True)
               if applies == "figure"]
    if found.empty or not regexes:
        return found.iloc[:0]
    texts = dict(zip(corpus.articles["article_id"], corpus.articles["text"], strict=True))
    before = [texts[aid][max(0, start - LABEL_WINDOW):start]
              for aid, start in zip(found["article_id"], found["start"], strict=True)]
    keep = [any(next(patterns.scan(r, b), None) for r in regexes) for b in before]
    return found[keep]


def missing_story_tables(corpus: Corpus) -> pd.DataFrame:
    """The story tables the corpus lacks, with what each would add."""
    rows = [(f"{name}.csv", TABLES[name].what) for name in STORY_TABLES
            if corpus.tables[name].missing]
    return pd.DataFrame(rows, columns=["table", "what_it_adds"])


def _example(frame: pd.DataFrame, column: str) -> str:
    """The first row's ``column`` with its article, shortened for the panel."""
    if frame.empty:
        return ""
    value = str(frame[column].iloc[0])
    value = value if len(value) <= 70 else value[:67] + "..."
    return f"{frame['article_id'].iloc[0]}: {value}" if "article_id" in frame else value


def health(corpus: Corpus) -> pd.DataFrame:
    """One row per check: ``check``, ``status`` (``ok`` or ``check``), ``count``, ``example``
    and ``what_to_do``. Computed from the corpus alone, with no annotation.

    >>> from helpers import open_corpus
    >>> panel = health(open_corpus()).set_index("check")
    >>> int(panel.loc["story tables missing", "count"])
    0
    """
    unattributed = unattributed_quotes(corpus)
    unregistered = unregistered_quotes(corpus)
    lines = furniture_like_lines(corpus)
    late = dates_after_publication(corpus)
    labels = label_like_figures(corpus)
    missing = missing_story_tables(corpus)
    rows = [
        ("quotations with no speaker", len(unattributed), _example(unattributed, "quote"),
         "Read each one: add the speech verb to quote_cues.csv, or the speaker to actors.csv."),
        ("speakers not in actors.csv", unregistered["speaker"].nunique(),
         _example(unregistered, "speaker"),
         "Add them to actors.csv (make draft writes the lines) to give each a type and group."),
        ("kept lines that look like furniture", len(lines), _example(lines, "line"),
         "If a line is not part of the article, add a rule to the corpus's boilerplate.csv."),
        ("dates after publication", len(late), _example(late, "expression")
         if "expression" in late else "",
         "Check each: a future event is fine; a caption date or a wrong year is not."),
        ("figures that look like labels", len(labels), _example(labels, "figure"),
         "A label such as 'Article 50' is a name, not a quantity: ignore it in comparisons."),
        ("story tables missing", len(missing), ", ".join(missing["table"]),
         "Add the files to the corpus folder (make draft writes first drafts)."),
    ]
    panel = pd.DataFrame(rows, columns=["check", "count", "example", "what_to_do"])
    panel.insert(1, "status", ["ok" if n == 0 else "check" for n in panel["count"]])
    return panel[HEALTH_COLUMNS]
