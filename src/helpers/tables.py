"""The curated tables: their registry, and one way to read, check and compile them.

Every judgement the analysis rests on sits in a CSV table with a column saying
why. Tables come in two kinds:

* **generic** tables hold for any English news text: speech cues, kinds of page
  furniture, the generic frames (Semetko & Valkenburg 2000), sentiment probes
  for the lexicon's known failures. They ship in ``data/generic/``.
* **story** tables describe one story: actors, targets, naming, facts,
  announcements, callbacks, story frames, events, the report's title, article-
  specific furniture and hand annotations. They live in the corpus folder (the
  built-in corpus keeps its own in ``data/``).

A corpus gets the generic tables plus its own story tables, and never another
corpus's story tables. A table with both parts (``frames``, ``boilerplate``,
``quote_cues``, ``sentiment_probes``) is the generic rows followed by the
corpus's own. Each loaded :class:`Table` says where its rows came from.

:data:`TABLES` is the one registry (required columns, pattern column, scope);
:func:`read_csv_rows` the one reader (UTF-8 BOM, CRLF and blank rows are fine);
:func:`load_tables` loads, checks and compiles all of a corpus's tables and
returns every problem at once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import patterns
from helpers.problems import CorpusError, Problem

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
GENERIC_DIR = DATA_DIR / "generic"


@dataclass(frozen=True)
class TableSpec:
    """What a curated table must hold and where it may come from."""

    columns: tuple[str, ...]
    pattern: str | None = None  # the column holding patterns, if any
    generic: bool = False  # ships a generic part in data/generic/
    story: bool = True  # a corpus may bring its own part
    matcher: str = "words"  # "words": patterns.compile_pattern; "lines": multi-line regex
    what: str = ""


#: The registry of curated tables.
TABLES: dict[str, TableSpec] = {
    "boilerplate": TableSpec(("rule_id", "applies_to", "pattern", "reason"), "pattern",
                             generic=True, matcher="lines",
                             what="page-furniture rules: kinds of furniture, and this story's"),
    "quote_cues": TableSpec(("cue", "kind", "speaker_side", "why"), generic=True,
                            what="speech verbs and slogan words"),
    "frames": TableSpec(("frame", "kind", "term", "why"), "term", generic=True,
                        what="frame dictionary: generic frames, and this story's frames"),
    "sentiment_probes": TableSpec(("failure", "pattern", "reading", "why"), "pattern",
                                  generic=True, what="known failures of the sentiment lexicon"),
    "health_signs": TableSpec(("sign", "applies_to", "pattern", "why"), "pattern", generic=True,
                              story=False, matcher="lines",
                              what="signs of trouble the health panel looks for"),
    "corpus": TableSpec(("field", "value"), what="the report's title and description"),
    "events": TableSpec(("event", "label", "date", "announced_by", "why"),
                        what="the events the articles cover"),
    "actors": TableSpec(("actor", "aliases", "titles", "pronoun", "role", "affiliation",
                         "actor_type", "group", "why"), what="who speaks, under which names"),
    "facts": TableSpec(("fact", "pattern", "why"), "pattern", what="facts to track"),
    "naming": TableSpec(("concept", "variant", "pattern", "why"), "pattern",
                        what="naming variants of one thing"),
    "targets": TableSpec(("group", "pattern", "why"), "pattern",
                         what="actor groups for tone toward them"),
    "announcements": TableSpec(("aspect", "event", "pattern", "finds", "why"), "pattern",
                               what="what each announcement said"),
    "callbacks": TableSpec(("callback_id", "kind", "pattern", "why"), "pattern",
                           what="references back to an earlier announcement"),
    "annotations/quotes": TableSpec(("article_id", "start", "end", "quote", "speaker", "kind"),
                                    what="hand annotation of quotations"),
    "annotations/tone": TableSpec(("article_id", "sentence_id", "text", "tone", "note"),
                                  what="hand labels of sentence tone"),
}

#: What :attr:`Table.status` can be.
STATUSES = ("own", "generic", "generic+own", "missing")


@dataclass
class Table:
    """One curated table as a corpus sees it.

    ``frame`` holds the rows (strings) with ``line`` (the line in its file) and
    ``table_file`` (the file, as ``generic/frames.csv`` or ``frames.csv``).
    ``status`` is ``own`` (the corpus's file), ``generic`` (only the shipped
    generic rows), ``generic+own`` or ``missing``. ``regexes`` holds the compiled
    pattern of every row, in order, for tables with a pattern column.
    """

    name: str
    frame: pd.DataFrame
    status: str
    paths: tuple[Path, ...] = ()
    regexes: list[patterns.Regex] = field(default_factory=list)

    @property
    def spec(self) -> TableSpec:
        """The table's entry in :data:`TABLES`."""
        return TABLES[self.name]

    @property
    def missing(self) -> bool:
        """True when the corpus has no rows for this table at all."""
        return self.status == "missing"

    def where(self, row: int) -> str:
        """``file, line N`` of the ``row``-th row (0-based), for messages and evidence."""
        frame = self.frame
        labels = self.__dict__.get("_where")
        if labels is None or labels[0] is not frame:  # made once per frame: checks ask per row
            labels = (frame, [f"{file}, line {line}" for file, line in
                              zip(frame["table_file"], frame["line"], strict=True)])
            self.__dict__["_where"] = labels
        return labels[1][row]


def read_csv_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a CSV as ``(header, [(line_number, row), ...])``; a row's number is the line it
    starts on (a quoted cell may hold line breaks).

    Accepts a UTF-8 BOM, CRLF line endings and blank rows (skipped). Raises
    :class:`CorpusError` naming the file when it is missing, not UTF-8, has a
    repeated column or a row with more cells than the header.
    """
    where = str(path)
    if path.is_dir():
        raise CorpusError([Problem(where, "is a folder, not a CSV file.",
                                   "Point to the .csv file itself.")])
    if not path.is_file():
        raise CorpusError([Problem(where, "the file does not exist.",
                                   "Create it, or point to the folder that holds it.")])
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CorpusError([Problem(where, "is UTF-16, not UTF-8.",
                                   "Save the table as UTF-8 CSV.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError([Problem(where, f"is not UTF-8 ({err.reason} at byte {err.start}).",
                                   "Save the table as UTF-8 CSV.")]) from None
    reader = csv.reader(text.splitlines(keepends=True))
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    end = 0  # the last line of the record before; a record starts on the next one
    for record in reader:
        line, end = end + 1, reader.line_num  # a quoted cell may run over several lines
        if not any(cell.strip() for cell in record):
            continue
        if not header:
            header = [cell.strip() for cell in record]
            repeated = sorted({c for c in header if c and header.count(c) > 1})
            if repeated:
                problems.append(Problem(f"{where}, line {line}",
                                        f"the header repeats column(s) {repeated}.",
                                        "Give every column a different name."))
            continue
        if len(record) > len(header):
            problems.append(Problem(f"{where}, line {line}",
                                    f"has {len(record)} cells but the header has {len(header)}.",
                                    "Put double quotes around any value that contains a comma."))
            continue
        padded = record + [""] * (len(header) - len(record))
        rows.append((line, dict(zip(header, padded, strict=True))))
    if problems:
        raise CorpusError(problems)
    return header, rows


def _read_part(name: str, path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one file of a table and check its columns; ``label`` names it in ``source``."""
    spec = TABLES[name]
    try:
        header, rows = read_csv_rows(path)
    except CorpusError as err:
        return None, err.problems
    missing = [c for c in spec.columns if c not in header]
    if missing:
        return None, [Problem(str(path), f"missing required column(s) {missing}; found {header}.",
                              f"Add the column(s) to the header row; see data/README.md for "
                              f"what {name}.csv needs.")]
    frame = pd.DataFrame([row for _, row in rows], columns=header, dtype="object").fillna("")
    frame.insert(0, "line", [n for n, _ in rows])
    frame.insert(1, "table_file", label)
    return frame, []


def own_path(name: str, corpus_dir: str | Path | None) -> Path:
    """Where a corpus keeps its own copy of a table (``data/`` for the built-in corpus)."""
    return (DATA_DIR if corpus_dir is None else Path(corpus_dir)) / f"{name}.csv"


def is_own_table(name: str, corpus_dir: str | Path | None) -> bool:
    """Whether the corpus provides ``name.csv`` itself (the built-in corpus's are in ``data/``).

    >>> is_own_table("frames", None), is_own_table("quote_cues", None)
    (True, False)
    """
    return own_path(name, corpus_dir).is_file()


def _compile(name: str, frame: pd.DataFrame,
             paths: dict[str, Path]) -> tuple[list[patterns.Regex], list[Problem]]:
    """Compile the pattern of every row; one problem per bad pattern, naming its file.

    The rows of a table are matched together, so a group name may be used by one row only.
    """
    spec = TABLES[name]
    if spec.pattern is None:
        return [], []
    regexes, problems = [], []
    named: dict[str, str] = {}  # group name -> the row that uses it
    for label, line, pattern in zip(frame["table_file"], frame["line"], frame[spec.pattern],
                                    strict=True):
        where = f"{paths.get(label, label)}, line {line}, column {spec.pattern!r}"
        shipped = label.startswith("generic/")  # a generic table shipped with the package
        if spec.matcher == "lines":
            problem = patterns.check_line_pattern(pattern, where)
            regex = None if problem else patterns.compile_lines(
                pattern.replace("{headline}", "headline"), where, shipped)
        else:
            problem = patterns.check_pattern(pattern, where)
            regex = None if problem else patterns.compile_pattern(pattern, where, shipped)
            for group in [] if problem else patterns.group_names(pattern):
                if group in named:
                    problem = Problem(where, f"group name {group!r} is also used on "
                                      f"{named[group]}; the rows of a table are matched "
                                      "together, so each name may be used once.",
                                      "Rename the group here, or make it (?:...) if nothing "
                                      "refers to it.")
                    break
                named[group] = f"{label}, line {line}"
        if problem:
            problems.append(problem)
        else:
            regexes.append(regex)
    return regexes, problems


def load_table_parts(name: str, corpus_dir: str | Path | None) -> tuple[Table, list[Problem]]:
    """Load one table for a corpus: generic part, then the corpus's own; check and compile it."""
    spec = TABLES[name]
    parts, problems, paths = [], [], []
    if spec.generic:
        path = GENERIC_DIR / f"{name}.csv"
        frame, found = _read_part(name, path, f"generic/{name}.csv")
        problems += found
        if frame is not None:
            parts.append(frame)
            paths.append(path)
    own = own_path(name, corpus_dir)
    has_own = spec.story and own.is_file()
    if has_own:
        frame, found = _read_part(name, own, f"{name}.csv")
        problems += found
        if frame is not None:
            parts.append(frame)
            paths.append(own)
    if parts:
        frame = pd.concat(parts, ignore_index=True).fillna("")
    else:
        frame = pd.DataFrame(columns=["line", "table_file", *spec.columns], dtype="object")
    status = ("generic+own" if spec.generic and has_own else "generic" if spec.generic
              else "own" if has_own else "missing")
    if len(frame) == 0 and not has_own:
        status = "missing"
    labels = {f"generic/{name}.csv": GENERIC_DIR / f"{name}.csv", f"{name}.csv": own}
    regexes, found = _compile(name, frame, labels) if not problems else ([], [])
    problems += found
    return Table(name, frame, status, tuple(paths), regexes), problems


def load_tables(corpus_dir: str | Path | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Every curated table of a corpus, checked and compiled, with every problem found.

    >>> tables, problems = load_tables()
    >>> problems, tables["frames"].status, tables["quote_cues"].status
    ([], 'generic+own', 'generic')
    """
    tables, problems = {}, []
    for name in TABLES:
        table, found = load_table_parts(name, corpus_dir)
        tables[name] = table
        problems += found
    return tables, problems


def load_table(name: str, corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """One curated table's rows for a corpus (generic rows, then the corpus's own).

    Raises :class:`CorpusError` listing every problem in it. A story table the
    corpus lacks is an empty table with the required columns: it is never
    borrowed from another corpus.

    >>> list(load_table("targets").columns[:4])
    ['line', 'table_file', 'group', 'pattern']
    """
    table, problems = load_table_parts(name, corpus_dir)
    if problems:
        raise CorpusError(problems)
    return table.frame
