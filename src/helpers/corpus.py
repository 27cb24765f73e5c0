"""Load a corpus of articles: validate the metadata, read the texts, split off page furniture.

A corpus is a folder with an ``articles.csv`` and the text files it names (see
``data/README.md``). The built-in corpus is ``data/articles.csv`` plus ``seeds/``.

Nothing is dropped silently: every problem in a corpus is reported at once, with
the file, row and column it concerns and how to fix it; every piece of page
furniture removed from an article is kept by :func:`load_boilerplate`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.text import paragraphs

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"

REQUIRED_COLUMNS = ("article_id", "seed_file", "outlet", "published", "event")
OPTIONAL_COLUMNS = ("headline", "sha256", "evidence", "outlet_basis", "published_basis")

#: Curated tables: the columns each must have, and the column (if any) that
#: holds regular expressions. A corpus folder may override any of them.
TABLES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "boilerplate": (("rule_id", "applies_to", "pattern", "reason"), "pattern"),
    "corpus": (("field", "value"), None),
    "events": (("event", "label", "date", "announced_by", "why"), None),
    "actors": (("actor", "aliases", "titles", "pronoun", "role", "affiliation", "actor_type",
                "group", "why"), None),
    "quote_cues": (("cue", "kind", "speaker_side", "why"), None),
    "facts": (("fact", "pattern", "why"), "pattern"),
    "frames": (("frame", "kind", "term", "why"), "term"),
    "naming": (("concept", "variant", "pattern", "why"), "pattern"),
    "targets": (("group", "pattern", "why"), "pattern"),
    "sentiment_probes": (("failure", "pattern", "reading", "why"), "pattern"),
    "announcements": (("aspect", "event", "pattern", "finds", "why"), "pattern"),
    "callbacks": (("callback_id", "kind", "pattern", "why"), "pattern"),
    "annotations/quotes": (("article_id", "start", "end", "quote", "speaker", "kind"), None),
    "annotations/tone": (("article_id", "sentence_id", "text", "tone", "note"), None),
}
#: Hand annotations describe particular articles, so a corpus never borrows the built-in ones:
#: without its own file, :func:`load_table` returns an empty table.
CORPUS_ONLY = ("annotations/quotes", "annotations/tone")


@dataclass(frozen=True)
class Problem:
    """One problem found in a corpus: where it is, what is wrong and how to fix it."""

    where: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what} Fix: {self.fix}"


class CorpusError(ValueError):
    """Raised when a corpus cannot be loaded; lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"The corpus has {len(problems)} {noun}:\n{lines}")


def corpus_paths(corpus_dir: str | Path | None = None) -> tuple[Path, Path]:
    """Return ``(articles_csv, text_root)`` for a corpus folder, or for the built-in corpus."""
    if corpus_dir is None:
        return DATA_DIR / "articles.csv", SEEDS_DIR
    folder = Path(corpus_dir)
    return folder / "articles.csv", folder


def table_path(name: str, corpus_dir: str | Path | None = None) -> Path:
    """Path of a curated table: the corpus folder's own ``name.csv`` if it has one, else ``data/``.

    >>> table_path("frames").name
    'frames.csv'
    """
    if corpus_dir is not None and is_own_table(name, corpus_dir):
        return Path(corpus_dir) / f"{name}.csv"
    return DATA_DIR / f"{name}.csv"


def is_own_table(name: str, corpus_dir: str | Path | None) -> bool:
    """Whether the corpus folder provides ``name.csv`` itself (``False`` for the built-in corpus).

    >>> is_own_table("frames", None)
    False
    """
    return corpus_dir is not None and (Path(corpus_dir) / f"{name}.csv").exists()


def read_csv_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a CSV as ``(header, [(line_number, row), ...])``.

    Accepts a UTF-8 BOM, CRLF line endings and blank rows (skipped). Raises
    :class:`CorpusError` naming the file when it is missing or not UTF-8.
    """
    where = str(path)
    if not path.is_file():
        raise CorpusError([Problem(where, "the file does not exist.",
                                   "Create it, or point to the folder that holds it.")])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError([Problem(where, f"is not UTF-8 ({err.reason} at byte {err.start}).",
                                   "Save the table as UTF-8 CSV.")]) from None
    reader = csv.reader(text.splitlines(keepends=True))
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if not header:
            header = [cell.strip() for cell in record]
            continue
        if len(record) > len(header):
            problems.append(Problem(f"{where}, line {reader.line_num}",
                                    f"has {len(record)} cells but the header has {len(header)}.",
                                    "Put double quotes around any value that contains a comma."))
            continue
        padded = record + [""] * (len(header) - len(record))
        rows.append((reader.line_num, dict(zip(header, padded, strict=True))))
    if problems:
        raise CorpusError(problems)
    return header, rows


def load_table(name: str, corpus_dir: str | Path | None = None,
               required: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Load a curated table (``frames``, ``actors``, ...) as strings, checking required columns.

    ``required`` defaults to the table's entry in :data:`TABLES`. Every row keeps
    the line number it came from in a ``line`` column, so errors and evidence
    can point back to it.
    """
    if required is None:
        required = TABLES.get(name, ((), None))[0]
    if corpus_dir is not None and name in CORPUS_ONLY and not is_own_table(name, corpus_dir):
        return pd.DataFrame(columns=["line", *required], dtype="object")
    path = table_path(name, corpus_dir)
    header, rows = read_csv_rows(path)
    missing = [c for c in required if c not in header]
    if missing:
        raise CorpusError([Problem(str(path), f"missing required column(s) {missing}; "
                                   f"found {header}.",
                                   f"Add the column(s) to the header row; see data/README.md "
                                   f"for what {name}.csv needs.")])
    frame = pd.DataFrame([row for _, row in rows], columns=header, dtype="object")
    frame.insert(0, "line", [n for n, _ in rows])
    return frame.fillna("")


def _decode_article(path: Path, where: str) -> tuple[str | None, bytes | None, Problem | None]:
    """Read and decode one text file; return ``(text, bytes, problem)``."""
    data = path.read_bytes()
    if not data.strip():
        return None, data, Problem(where, "the text file is empty.",
                                   "Paste the article text into it, or remove the row.")
    if b"\x00" in data:
        return None, data, Problem(where, f"looks binary (NUL byte at offset {data.index(0)}), "
                                   "not a text file.",
                                   "Export the article as plain UTF-8 text (.txt).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, data, Problem(where, f"is not valid UTF-8: byte {data[err.start]:#04x} at "
                                   f"offset {err.start} (line {line}).",
                                   "Re-save the file as UTF-8, e.g. "
                                   "`iconv -f windows-1252 -t utf-8 in.txt > out.txt`.")
    return text.replace("\r\n", "\n").replace("\r", "\n"), data, None


def _check_row(line: int, row: dict[str, str], csv_path: Path, text_root: Path,
               seen: dict[str, int], absent: list[str]) -> tuple[dict | None, list[Problem]]:
    """Validate one metadata row and read its text; return the record and any problems.

    Columns in ``absent`` are missing from the header, which is reported once,
    so they are not reported again as empty on every row.
    """
    aid = row.get("article_id", "").strip()
    where = f"{csv_path}, line {line} (article_id {aid!r})"
    problems: list[Problem] = []
    for col in REQUIRED_COLUMNS:
        if col not in absent and not row.get(col, "").strip():
            problems.append(Problem(where, f"column {col!r} is empty.",
                                    f"Fill in {col}; see data/README.md."))
    if aid in seen:
        problems.append(Problem(where, f"article_id {aid!r} was already used on line {seen[aid]}.",
                                "Give every article a unique article_id."))
    elif aid:
        seen[aid] = line
    published = row.get("published", "").strip()
    date = None
    if published:
        try:
            date = dt.date.fromisoformat(published)
        except ValueError:
            problems.append(Problem(where, f"published {published!r} is not a real date "
                                    "in YYYY-MM-DD form.",
                                    "Write an existing calendar date such as 2016-03-14."))
    name = row.get("seed_file", "").strip()
    raw = None
    if name:
        path = (text_root / name).resolve()
        fwhere = f"{where}, seed_file {name!r}"
        if Path(name).is_absolute() or not path.is_relative_to(text_root.resolve()):
            problems.append(Problem(fwhere, "points outside the corpus folder "
                                    f"{text_root}.",
                                    "Copy the text into the corpus folder and give its "
                                    "path relative to that folder."))
        elif not path.is_file():
            problems.append(Problem(fwhere, f"the text file {path.name!r} does not exist "
                                    f"in {text_root}.",
                                    "Check the spelling of seed_file or add the file."))
        else:
            raw, data, problem = _decode_article(path, fwhere)
            if problem:
                problems.append(problem)
            expected = row.get("sha256", "").strip().lower()
            if data is not None and expected:
                actual = hashlib.sha256(data).hexdigest()
                if actual != expected:
                    problems.append(Problem(fwhere, f"sha256 mismatch: articles.csv says "
                                            f"{expected[:12]}..., the file is {actual[:12]}...",
                                            "The text changed since it was recorded. Restore "
                                            "the original, or if the change is intended put "
                                            f"{actual} in the sha256 column."))
    if problems:
        return None, problems
    record = {c: row.get(c, "").strip() for c in row if c}
    record.update(article_id=aid, published=pd.Timestamp(date), raw_text=raw,
                  source_line=line)
    return record, []


def validate_corpus(corpus_dir: str | Path | None = None) -> list[Problem]:
    """Check a corpus and return every problem found (an empty list means it loads).

    Checks ``articles.csv`` and its texts, then every curated table the corpus
    uses (its own or the built-in one): required columns, and that each
    pattern is a non-empty, valid regular expression.
    """
    problems: list[Problem] = []
    try:
        _read_records(corpus_dir)
    except CorpusError as err:
        problems.extend(err.problems)
    for name in TABLES:
        problems.extend(_table_problems(name, corpus_dir))
    return problems


def _table_problems(name: str, corpus_dir: str | Path | None) -> list[Problem]:
    """Problems in one curated table: its header, and every pattern in it."""
    try:
        table = load_table(name, corpus_dir)
    except CorpusError as err:
        return err.problems
    column = TABLES[name][1]
    if column is None:
        return []
    path = table_path(name, corpus_dir)
    problems = []
    for line, pattern in zip(table["line"], table[column], strict=True):
        where = f"{path}, line {line}, column {column!r}"
        if not pattern.strip():
            problems.append(Problem(where, "the pattern is empty (it would match everywhere).",
                                    "Write a word or regular expression, or delete the row."))
            continue
        try:
            re.compile(pattern.replace("{headline}", "headline"))
        except re.error as err:
            problems.append(Problem(where, f"pattern {pattern!r} is not a valid regular "
                                    f"expression: {err}.",
                                    "Correct it; test it with Python's re module."))
    return problems


def _read_records(corpus_dir: str | Path | None) -> list[dict]:
    """Validate the metadata and read every text; raise one CorpusError listing all problems."""
    csv_path, text_root = corpus_paths(corpus_dir)
    header, rows = read_csv_rows(csv_path)
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:  # reported once here; the rows are still checked for everything else
        problems.append(Problem(str(csv_path), f"missing required column(s) {missing}; "
                                f"the header has {header}.",
                                "Add the column(s) to the header row "
                                f"(required: {', '.join(REQUIRED_COLUMNS)})."))
    if not rows:
        problems.append(Problem(str(csv_path), "has no article rows.",
                                "Add one row per article under the header."))
    seen: dict[str, int] = {}
    records = []
    for line, row in rows:
        record, row_problems = _check_row(line, row, csv_path, text_root, seen, missing)
        problems.extend(row_problems)
        if record:
            records.append(record)
    if problems:
        raise CorpusError(problems)
    return records


def load_articles(corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """Load a corpus as one row per article, with page furniture split from the body.

    Columns include ``article_id``, ``seed_file``, ``outlet``, ``published``
    (datetime), ``event``, ``headline``, ``text`` (the body, furniture removed),
    ``raw_text`` (the file as read, newlines normalised to ``\\n``) and
    ``body_map`` (how ``text`` offsets map to ``raw_text``; see :func:`raw_offset`).

    >>> articles = load_articles()
    >>> articles.loc["newarab-2016", "published"].date()
    datetime.date(2016, 3, 14)
    """
    records = _read_records(corpus_dir)
    rules = load_table("boilerplate", corpus_dir)
    for record in records:
        pieces = find_furniture(record["raw_text"], record["article_id"],
                                record.get("headline", ""), rules)
        record["text"], record["body_map"] = _body(record["raw_text"], pieces)
        record["furniture"] = tuple(pieces)
    frame = pd.DataFrame(records)
    for col in OPTIONAL_COLUMNS:
        if col not in frame:
            frame[col] = ""
    frame["n_chars"] = frame["text"].str.len()
    frame["n_words"] = frame["text"].str.split().str.len()
    frame = frame.set_index("article_id", drop=False)
    frame.index.name = None
    frame.attrs["corpus_dir"] = None if corpus_dir is None else str(corpus_dir)
    return frame


def find_furniture(raw: str, article_id: str, headline: str,
                   rules: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """Match the boilerplate rules against ``raw``; return ``(start, end, rule_id, reason)``.

    Rules apply in table order with ``re.MULTILINE``; a match that overlaps an
    earlier one is skipped. ``{headline}`` in a pattern stands for the article's
    headline (the rule is skipped when there is none).
    """
    taken: list[tuple[int, int, str, str]] = []
    # Plain columns, not itertuples(): this runs once per article and itertuples builds a class.
    for line, rule_id, applies_to, pattern, reason in zip(
            *(rules[c] for c in ("line", "rule_id", "applies_to", "pattern", "reason")),
            strict=True):
        if applies_to not in ("*", article_id):
            continue
        if "{headline}" in pattern:
            if not headline:
                continue
            pattern = pattern.replace("{headline}", re.escape(headline))
        try:
            regex = re.compile(pattern, re.MULTILINE)
        except re.error as err:
            raise CorpusError([Problem(f"boilerplate.csv, line {line} "
                                       f"(rule {rule_id!r})",
                                       f"pattern is not a valid regular expression: {err}.",
                                       "Correct the pattern; test it with Python's re.")]) from None
        for m in regex.finditer(raw):
            if m.end() > m.start() and all(m.end() <= s or m.start() >= e for s, e, *_ in taken):
                taken.append((m.start(), m.end(), rule_id, reason))
    return sorted(taken)


def _body(raw: str, pieces: list[tuple[int, int, str, str]]) -> tuple[str, tuple]:
    """Remove furniture spans from ``raw``; return the body and its paragraph map.

    The body is the remaining paragraphs (split at blank lines and at removed
    pieces), stripped and joined by blank lines, with no-break spaces as plain
    spaces. The map is a tuple of ``(text_start, raw_start, length)``, one per
    paragraph.
    """
    kept, cursor = [], 0
    for start, end, *_ in pieces:
        kept.append((cursor, start))
        cursor = end
    kept.append((cursor, len(raw)))
    parts, mapping, pos = [], [], 0
    for seg_start, seg_end in kept:
        for p_start, p_end in paragraphs(raw[seg_start:seg_end]):
            if parts:
                pos += 2
            parts.append(raw[seg_start + p_start:seg_start + p_end])
            mapping.append((pos, seg_start + p_start, p_end - p_start))
            pos += p_end - p_start
    # No-break spaces become plain spaces: same length, so offsets still map to raw_text.
    return "\n\n".join(parts).replace("\xa0", " "), tuple(mapping)


def raw_offset(articles: pd.DataFrame, article_id: str, offset: int) -> int:
    """Map a character offset in an article's ``text`` to the same character in ``raw_text``.

    >>> a = load_articles()
    >>> i = a.loc["vice-2017", "text"].index("Admiral Kuznetsov")
    >>> j = raw_offset(a, "vice-2017", i)
    >>> a.loc["vice-2017", "raw_text"][j:j + 17]
    'Admiral Kuznetsov'
    """
    for text_start, raw_start, length in articles.loc[article_id, "body_map"]:
        if text_start <= offset <= text_start + length:
            return raw_start + offset - text_start
    raise ValueError(f"offset {offset} falls between paragraphs of {article_id!r}")


def load_boilerplate(articles: pd.DataFrame) -> pd.DataFrame:
    """Every piece of page furniture removed from the articles, with the rule and reason.

    Columns: ``article_id``, ``start``, ``end`` (offsets into ``raw_text``),
    ``text``, ``rule_id`` and ``reason``.
    """
    rows = [
        {"article_id": aid, "start": s, "end": e, "text": raw[s:e], "rule_id": rule,
         "reason": reason}
        for aid, raw, pieces in zip(articles["article_id"], articles["raw_text"],
                                    articles["furniture"], strict=True)
        for s, e, rule, reason in pieces
    ]
    columns = ["article_id", "start", "end", "text", "rule_id", "reason"]
    return pd.DataFrame(rows, columns=columns)
