"""Load a corpus of articles: validate the metadata, read the texts, split off page furniture.

A corpus is a folder with an ``articles.csv`` and the text files it names (see
``data/README.md``). The built-in corpus is ``data/articles.csv`` plus ``seeds/``.

Nothing is dropped silently: every problem in a corpus is reported at once, with
the file, row and column it concerns and how to fix it; every piece of page
furniture removed from an article is kept by :func:`load_boilerplate`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import checks, literals, patterns
from helpers.cache import CACHE_VARIABLE, TableCache, fingerprint
from helpers.problems import CorpusError, Problem
from helpers.sizes import LARGE_CORPUS
from helpers.tables import (  # noqa: F401 (re-exported)
    DATA_DIR,
    ROOT,
    TABLES,
    Table,
    is_own_table,
    load_table,
    load_table_parts,
    load_tables,
    own_path,
    read_csv_rows,
)
from helpers.text import SENTENCE_COLUMNS, fold, load_sentences, paragraphs, word_count

SEEDS_DIR = ROOT / "seeds"

REQUIRED_COLUMNS = ("article_id", "seed_file", "outlet", "published", "event")
OPTIONAL_COLUMNS = ("headline", "sha256", "evidence", "outlet_basis", "published_basis")

__all__ = ["DATA_DIR", "LARGE_CORPUS", "ROOT", "SEEDS_DIR", "TABLES", "Corpus", "CorpusError",
           "Problem", "articles_frame", "corpus_key", "is_own_table", "load_articles",
           "load_boilerplate", "load_table", "open_corpus", "raw_offset", "read_csv_rows",
           "read_records", "table_path", "validate_corpus"]


def corpus_paths(corpus_dir: str | Path | None = None) -> tuple[Path, Path]:
    """Return ``(articles_csv, text_root)`` for a corpus folder, or for the built-in corpus."""
    if corpus_dir is None:
        return DATA_DIR / "articles.csv", SEEDS_DIR
    folder = Path(corpus_dir)
    return folder / "articles.csv", folder


def table_path(name: str, corpus_dir: str | Path | None = None) -> Path:
    """Path of the corpus's own copy of a curated table (``data/`` for the built-in corpus).

    >>> table_path("frames").name
    'frames.csv'
    """
    return own_path(name, corpus_dir)


def _decode_article(path: Path, where: str) -> tuple[str | None, bytes | None, Problem | None]:
    """Read and decode one text file; return ``(text, bytes, problem)``."""
    data = path.read_bytes()
    if not data.strip():
        return None, data, Problem(where, "the text file is empty.",
                                   "Paste the article text into it, or remove the row.")
    utf16 = _utf16(data)
    if utf16:
        return None, data, Problem(where, f"is {utf16}, not UTF-8.",
                                   "Re-save the file as UTF-8, e.g. "
                                   "`iconv -f utf-16 -t utf-8 in.txt > out.txt`.")
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


def _utf16(data: bytes) -> str:
    """How ``data`` is UTF-16 ("UTF-16 (little-endian, with a byte-order mark)" ...), or "".

    Without a byte-order mark, text in a Latin script written as UTF-16 has a NUL byte in
    every other place.

    >>> _utf16("Putin said.".encode("utf-16")), _utf16("Putin said.".encode("utf-16-be"))
    ('UTF-16 (little-endian, with a byte-order mark)', 'UTF-16 (big-endian)')
    >>> _utf16(b"Putin said.")
    ''
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        order = "little" if data[:2] == b"\xff\xfe" else "big"
        return f"UTF-16 ({order}-endian, with a byte-order mark)"
    sample = data[:4000]
    if len(sample) >= 4 and len(sample) % 2 == 0:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "UTF-16 (little-endian)"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "UTF-16 (big-endian)"
    return ""


def _check_row(line: int, row: dict[str, str], csv_path: Path, text_root: Path,
               seen: dict[str, int], absent: list[str],
               files: dict[Path, tuple[int, str]]) -> tuple[dict | None, list[Problem]]:
    """Validate one metadata row and read its text; return the record and any problems.

    Columns in ``absent`` are missing from the header, which is reported once,
    so they are not reported again as empty on every row. ``seen`` maps each article_id to
    its line, ``files`` each text file to the line and article_id that use it.
    """
    aid = row.get("article_id", "").strip()
    where = f"{csv_path}, line {line} (article_id {aid!r})"
    problems: list[Problem] = []
    for col in REQUIRED_COLUMNS:
        if col not in absent and not row.get(col, "").strip():
            problems.append(Problem(where, f"column {col!r} is empty.",
                                    f"Fill in {col}; see data/README.md."))
    for col in ("article_id", "event"):
        problem = checks.id_problem(where, col, row.get(col, "").strip())
        if problem:
            problems.append(problem)
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
        elif path in files:
            other_line, other = files[path]
            problems.append(Problem(fwhere, f"is already the text of article_id {other!r} "
                                    f"(line {other_line}); two articles cannot share one file.",
                                    "Point each row at its own text file (if two outlets "
                                    "printed the same text, save it once for each), or remove "
                                    "the repeated row."))
        elif path.is_dir():
            problems.append(Problem(fwhere, f"{name!r} is a folder, not a text file.",
                                    "Give the path of the article's .txt file inside it."))
        elif not path.is_file():
            problems.append(Problem(fwhere, f"the text file {path.name!r} does not exist "
                                    f"in {text_root}.",
                                    "Check the spelling of seed_file or add the file."))
        else:
            files[path] = (line, aid)
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
    uses (its own and the generic ones): required columns, and that each
    pattern is a non-empty, valid regular expression that cannot run away (see
    :func:`helpers.patterns.check_pattern`); then what the tables say about the articles
    (events, actors, speech cues, hand annotations: see :mod:`helpers.checks`).
    Whatever this accepts, every analysis of the corpus runs on.
    """
    return _checked(corpus_dir)[2]


def _checked(corpus_dir: str | Path | None) -> tuple[pd.DataFrame | None, dict[str, Table],
                                                     list[Problem]]:
    """Read and check everything once: ``(articles, tables, problems)``; ``articles`` is
    ``None`` when any article could not be read. The problems come in order: articles.csv
    and its texts, the tables' files and patterns, then what the tables say (see
    :mod:`helpers.checks`)."""
    tables, table_problems = load_tables(corpus_dir)
    articles, problems = None, []
    try:
        records = _read_records(corpus_dir)
        events = [r["event"] for r in records]
    except CorpusError as err:
        records, problems = None, list(err.problems)
        events = _events_as_written(corpus_dir)
    problems += table_problems
    furniture_ok = not table_problems or not load_table_parts("boilerplate", corpus_dir)[1]
    if records is not None and furniture_ok:
        try:
            articles = _articles_frame(records, tables["boilerplate"])
        except CorpusError as err:  # a furniture rule ran past its time limit
            problems += err.problems
        else:
            problems += _empty_bodies(articles, corpus_paths(corpus_dir)[0])
    problems += checks.corpus_problems(tables, events, articles)
    return (articles if not problems else None), tables, problems


def _empty_bodies(articles: pd.DataFrame, csv_path: Path) -> list[Problem]:
    """Articles whose whole text was taken as page furniture, naming the rules that took it."""
    problems = []
    for aid, line, text, pieces in zip(articles["article_id"], articles["source_line"],
                                       articles["text"], articles["furniture"], strict=True):
        if not text.strip():
            rules = ", ".join(dict.fromkeys(repr(rule) for _, _, rule, _ in pieces))
            problems.append(Problem(f"{csv_path}, line {line} (article_id {aid!r})",
                                    f"page-furniture rules ({rules}) remove all of its text: "
                                    "nothing is left to analyse.",
                                    "Correct those rules of boilerplate.csv (their "
                                    "applies_to or pattern), or remove the row."))
    return problems


def _events_as_written(corpus_dir: str | Path | None) -> list[str] | None:
    """The ``event`` cells of ``articles.csv`` (``None`` when the file cannot be read)."""
    try:
        return [row.get("event", "").strip() for _, row in
                read_csv_rows(corpus_paths(corpus_dir)[0])[1]]
    except CorpusError:
        return None


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
    files: dict[Path, tuple[int, str]] = {}
    records = []
    for line, row in rows:
        record, row_problems = _check_row(line, row, csv_path, text_root, seen, missing, files)
        problems.extend(row_problems)
        if record:
            records.append(record)
    if problems:
        raise CorpusError(problems)
    return records


def load_articles(corpus_dir: str | Path | None = None,
                  boilerplate: Table | None = None) -> pd.DataFrame:
    """Load a corpus as one row per article, with page furniture split from the body.

    Columns include ``article_id``, ``seed_file``, ``outlet``, ``published``
    (datetime), ``event``, ``headline``, ``text`` (the body, furniture removed),
    ``raw_text`` (the file as read, newlines normalised to ``\\n``) and
    ``body_map`` (how ``text`` offsets map to ``raw_text``; see :func:`raw_offset`).
    ``boilerplate`` is the furniture table (loaded for the corpus when omitted).
    Use :func:`open_corpus` for the articles together with sentences and tables.

    >>> articles = load_articles()
    >>> articles.loc["newarab-2016", "published"].date()
    datetime.date(2016, 3, 14)
    """
    records = _read_records(corpus_dir)
    if boilerplate is None:
        boilerplate, problems = load_table_parts("boilerplate", corpus_dir)
        if problems:
            raise CorpusError(problems)
    return _articles_frame(records, boilerplate)


def _articles_frame(records: list[dict], boilerplate: Table) -> pd.DataFrame:
    """The articles DataFrame from checked records: furniture split off, counts added."""
    rules = furniture_rules(boilerplate.frame)  # read the table once, not once per article
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
    frame["n_words"] = frame["text"].map(word_count)
    frame = frame.set_index("article_id", drop=False)
    frame.index.name = None
    return frame


#: The pattern of the rule for repeated lines: a regex cannot see that a line occurs twice.
REPEATED_LINE = "{repeated}"


@dataclass(frozen=True)
class FurnitureRule:
    """One row of the boilerplate table, ready to match (see :func:`furniture_rules`).

    ``need`` tests a text for what any match of a shipped pattern must contain
    (:func:`helpers.literals.needs`); ``None`` when nothing is known: a corpus's own
    patterns run on the ``regex`` engine, whose reading of a pattern may differ from
    ``re``'s, and a ``{headline}`` pattern changes with every article.
    """

    applies_to: str
    rule_id: str
    pattern: str
    reason: str
    where: str
    shipped: bool
    need: Callable[[str], bool] | None = None


def furniture_rules(rules: pd.DataFrame) -> list[FurnitureRule]:
    """The rows of a boilerplate table in the order :func:`find_furniture` applies them:
    the rules for one article first, then those for every article (``*``), each group in
    table order."""
    names = ("applies_to", "rule_id", "pattern", "reason", "table_file", "line")
    columns = [list(rules[c]) if c in rules else [""] * len(rules) for c in names]
    ordered = sorted(zip(*columns, strict=True), key=lambda r: r[0] == "*")
    out = []
    for applies_to, rule_id, pattern, reason, table_file, line in ordered:
        shipped = str(table_file).startswith("generic/")
        plain = pattern.strip() != REPEATED_LINE and "{headline}" not in pattern
        out.append(FurnitureRule(
            applies_to, rule_id, pattern, reason,
            f"{table_file or 'boilerplate.csv'}, line {line or '?'} (rule {rule_id!r})", shipped,
            literals.compile_needs(literals.needs(pattern, re.MULTILINE)) if shipped and plain
            else None))
    return out


def find_furniture(raw: str, article_id: str, headline: str,
                   rules: pd.DataFrame | list[FurnitureRule]) -> list[tuple[int, int, str, str]]:
    """Match the boilerplate rules against ``raw``; return ``(start, end, rule_id, reason)``.

    Rules for one article (``applies_to`` its id) go first, then the rules for
    every article (``*``), each group in table order, with ``re.MULTILINE``; a
    match that overlaps an earlier one is skipped. ``{headline}`` in a pattern
    stands for the article's headline (the rule is skipped when there is none).
    A rule whose pattern is ``{repeated}`` removes the lines that are furniture
    because they repeat (see :func:`repeated_lines`). ``rules`` is the table, or its
    :func:`furniture_rules` (the same, read once for many articles).

    >>> rules = pd.DataFrame({"applies_to": ["*"], "rule_id": ["repeated_line"],
    ...                       "pattern": ["{repeated}"], "reason": ["printed twice"]})
    >>> raw = "Russia withdrew.\\n\\nThe jets left.\\n\\nRussia withdrew."
    >>> [(raw[s:e], rule) for s, e, rule, _ in find_furniture(raw, "a", "", rules)]
    [('Russia withdrew.', 'repeated_line')]
    >>> find_furniture(raw, "a", "", rules)[0][:2]
    (34, 50)
    """
    if isinstance(rules, pd.DataFrame):
        rules = furniture_rules(rules)
    taken: list[tuple[int, int, str, str]] = []
    for rule in rules:
        if rule.applies_to not in ("*", article_id):
            continue
        pattern = rule.pattern
        if pattern.strip() == REPEATED_LINE:
            spans: list[tuple[int, int]] = repeated_lines(raw)
        elif rule.need is not None and not rule.need(raw):
            continue  # exact: every match contains what the rule needs, and raw lacks it
        else:
            if "{headline}" in pattern:
                if not headline:
                    continue
                pattern = pattern.replace("{headline}", re.escape(headline))
            try:
                regex = patterns.line_regex(pattern, rule.shipped)
                spans = [m.span() for m in patterns.scan(regex, raw)]
            except patterns.PatternTimeout as err:
                raise err.at(rule.where, article_id) from None
        free = _free_spans(spans, taken)
        if free:
            taken = sorted([*taken, *((s, e, rule.rule_id, rule.reason) for s, e in free)])
    return taken


def _free_spans(spans: list[tuple[int, int]],
                taken: list[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """The non-empty ``spans`` that overlap no span of ``taken`` (sorted, non-overlapping).

    One pass over both lists, so a page with thousands of furniture lines stays linear.

    >>> _free_spans([(0, 2), (3, 5), (5, 5), (8, 9)], [(4, 6, "r", "why")])
    [(0, 2), (8, 9)]
    """
    free, j = [], 0
    for start, end in sorted(spans):
        if end <= start:
            continue
        while j < len(taken) and taken[j][1] <= start:
            j += 1
        if j < len(taken) and taken[j][0] < end:
            continue  # overlaps a piece taken earlier
        free.append((start, end))
    return free


#: A line that ends like a sentence: its first copy is article, later copies furniture.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


def repeated_lines(raw: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``raw`` that are furniture because they repeat.

    Lines compare with their spacing collapsed and typography folded; blank
    lines and lines without a letter or digit are never repeats. Every copy of
    a repeated line that does not end like a sentence (a promotion, a link, a
    label) is furniture. Of a repeated sentence (a pull-quote printed again),
    the first copy stays, so the text keeps it once.

    >>> raw = "Get the app\\nRussia withdrew.\\n  Get   the app \\nRussia withdrew."
    >>> [raw[s:e] for s, e in repeated_lines(raw)]
    ['Get the app', 'Get   the app', 'Russia withdrew.']
    """
    lines = []
    for m in re.finditer(r"[^\n]+", raw):
        key = " ".join(fold(m.group()).split())
        if any(c.isalnum() for c in key):
            lead = len(m.group()) - len(m.group().lstrip())
            lines.append((key, m.start() + lead, m.start() + len(m.group().rstrip())))
    count: dict[str, int] = {}
    for key, _, _ in lines:
        count[key] = count.get(key, 0) + 1
    found, seen = [], set()
    for key, start, end in lines:
        if count[key] > 1 and (key in seen or not _SENTENCE_END.search(key)):
            found.append((start, end))
        seen.add(key)
    return found


def _body(raw: str, pieces: list[tuple[int, int, str, str]]) -> tuple[str, tuple]:
    """Remove furniture spans from ``raw``; return the body and its paragraph map.

    The body is the remaining paragraphs (split at blank lines and at removed
    pieces), stripped and joined by blank lines, with no-break spaces as plain
    spaces. A piece removed from the middle of a line (text before and after it
    on the same line) does not split the line: the two sides are joined by one
    space. The map is a tuple of ``(text_start, raw_start, length)``, one per
    piece of kept text.

    >>> raw = "Putin said (AP Photo/Ivan Sekretarev) the task was done.\\nCaption line"
    >>> text, _ = _body(raw, [(11, 38, "ap", "credit"), (57, 69, "caption", "caption")])
    >>> text
    'Putin said the task was done.'
    """
    kept, cursor = [], 0
    for start, end, *_ in pieces:
        kept.append((cursor, start))
        cursor = end
    kept.append((cursor, len(raw)))
    parts: list[str] = []
    mapping, pos = [], 0
    last_end = None  # raw offset where the last kept paragraph ended
    for seg_start, seg_end in kept:
        for p_start, p_end in paragraphs(raw[seg_start:seg_end]):
            a, b = seg_start + p_start, seg_start + p_end
            if parts:
                inline = last_end is not None and "\n" not in raw[last_end:a]
                pos += 1 if inline else 2
                parts.append(" " if inline else "\n\n")
            parts.append(raw[a:b])
            mapping.append((pos, a, b - a))
            pos += b - a
            last_end = b
    # No-break spaces become plain spaces: same length, so offsets still map to raw_text.
    return "".join(parts).replace("\xa0", " "), tuple(mapping)


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


@dataclass
class Corpus:
    """A corpus, opened once: its folder, articles, sentences and curated tables.

    Build it with :func:`open_corpus`. Every analysis function takes it, so none
    has to find tables or re-split sentences on its own, and the tables it uses
    are always this corpus's own plus the generic ones (see :mod:`helpers.tables`).

    * ``dir``: the corpus folder (``None`` for the built-in corpus);
    * ``articles``: one row per article (see :func:`load_articles`);
    * ``sentences``: one row per sentence (see :func:`helpers.text.load_sentences`);
    * ``tables``: every curated table, each a :class:`~helpers.tables.Table` marked
      ``own``, ``generic``, ``generic+own`` or ``missing``;
    * ``cache``: the Parquet tables ``make tables`` computed for this very corpus
      (:class:`~helpers.cache.TableCache`), or ``None``.

    :meth:`stage` computes a derived table once per corpus (quotes, sentiment ...)
    and returns the same result on later calls; with a cache it reads the table
    instead of computing it.
    """

    dir: Path | None
    articles: pd.DataFrame
    sentences: pd.DataFrame
    tables: dict[str, Table]
    _stages: dict[str, Any] = field(default_factory=dict, repr=False)
    cache: TableCache | None = field(default=None, repr=False)

    @property
    def builtin(self) -> bool:
        """True for the built-in corpus (``data/`` and ``seeds/``)."""
        return self.dir is None

    @property
    def name(self) -> str:
        """The corpus folder's name, or ``built-in`` (never a full path: it goes on pages)."""
        return "built-in" if self.dir is None else self.dir.name

    @property
    def is_large(self) -> bool:
        """More than :data:`LARGE_CORPUS` articles: show aggregates, top-N tables and samples.

        >>> open_corpus().is_large
        False
        """
        return len(self.articles) > LARGE_CORPUS

    def table(self, name: str) -> pd.DataFrame:
        """The rows of one curated table (empty, with its columns, when missing)."""
        return self.tables[name].frame

    def status(self, name: str) -> str:
        """Where a table's rows come from: ``own``, ``generic``, ``generic+own`` or ``missing``."""
        return self.tables[name].status

    def has(self, name: str) -> bool:
        """Whether the corpus has any rows for a table."""
        return not self.tables[name].missing and len(self.tables[name].frame) > 0

    def stage(self, name: str, compute: Callable[[], Any]) -> Any:
        """Compute a derived table once: the first call runs ``compute()`` (or, when the
        corpus's cache holds the table, reads it), later calls return the same object.

        This is the one place a cached table is read instead of computed; the
        cache holds tables only for the corpus, tables and code it was built from.
        """
        if name not in self._stages:
            cached = None if self.cache is None else self.cache.read(name)
            self._stages[name] = compute() if cached is None else cached
        return self._stages[name]

    def computed(self) -> dict[str, pd.DataFrame]:
        """The derived tables computed (or read from the cache) so far, by stage name."""
        return {name: value for name, value in self._stages.items()
                if isinstance(value, pd.DataFrame)}

    def part(self, articles: pd.DataFrame, sentences: pd.DataFrame | None = None,
             share: tuple[str, ...] = ()) -> Corpus:
        """A corpus of some of these articles, with the same folder and tables.

        ``sentences`` default to those of ``articles``. The stages named in
        ``share`` are computed on this (whole) corpus and handed to the part, so
        a per-article stage that needs something of the whole corpus (the
        speaker words know every outlet's name) gives on the part exactly the
        rows it gives for those articles on the whole. The part has no cache.
        """
        if sentences is None:
            sentences = self.sentences[self.sentences["article_id"].isin(articles["article_id"])]
            sentences = sentences.reset_index(drop=True)
        stages = {name: self._stages[name] for name in share if name in self._stages}
        return Corpus(self.dir, articles, sentences, self.tables, stages)


def read_records(corpus_dir: str | Path | None = None) -> list[dict]:
    """Validate ``articles.csv`` and read every text: one record per article (metadata and
    ``raw_text``), for :func:`articles_frame`. Raises :class:`CorpusError` listing every
    problem. :func:`open_corpus` does both; the parallel build splits them."""
    return _read_records(corpus_dir)


def articles_frame(records: list[dict], boilerplate: Table) -> pd.DataFrame:
    """The articles DataFrame (see :func:`load_articles`) of some records of
    :func:`read_records`: page furniture split off, each article on its own."""
    return _articles_frame([dict(r) for r in records], boilerplate)


def corpus_key(corpus_dir: str | Path | None, records: list[dict],
               tables: dict[str, Table]) -> str:
    """The key of a corpus's cached tables: a hash of ``articles.csv``, every article's text,
    every curated table file the corpus uses and the code (:func:`helpers.cache.fingerprint`).
    """
    csv_path, _ = corpus_paths(corpus_dir)

    def chunks() -> Any:
        yield csv_path.read_bytes()
        for record in records:
            yield f"{record['article_id']}\x00{record['raw_text']}".encode()
        for name in sorted(tables):
            for path in tables[name].paths:
                yield f"{name}\x00{path.name}".encode()
                yield path.read_bytes()

    return fingerprint(chunks())


def open_corpus(corpus_dir: str | Path | None = None,
                cache: str | Path | bool | None = None) -> Corpus:
    """Open a corpus folder (``None``: the built-in corpus): validate it, load the articles,
    split the sentences and load the curated tables. Raises :class:`CorpusError` listing
    every problem in the corpus and its tables.

    ``cache`` is a folder written by ``make tables`` (:mod:`helpers.pipeline`); by
    default the folder named by the environment variable ``REPORT_CACHE`` (which the
    report build sets), if any; ``False`` for none. Its tables are read instead of
    computed only when it was built from this corpus, its tables and this code;
    otherwise it is ignored and everything is computed as usual.

    >>> corpus = open_corpus()
    >>> corpus.name, len(corpus.articles), corpus.status("frames"), corpus.status("quote_cues")
    ('built-in', 5, 'generic+own', 'generic')
    >>> int(corpus.sentences.loc[0, "end"])
    154
    """
    articles, tables, problems = _checked(corpus_dir)
    if problems or articles is None:
        raise CorpusError(problems)
    if cache is None or cache is True:
        cache = os.environ.get(CACHE_VARIABLE) or False
    store = None
    if cache is not False and Path(cache).is_dir():
        records = [{"article_id": aid, "raw_text": raw} for aid, raw in
                   zip(articles["article_id"], articles["raw_text"], strict=True)]
        store = TableCache.open(cache, corpus_key(corpus_dir, records, tables))
    folder = None if corpus_dir is None else Path(corpus_dir)
    corpus = Corpus(folder, articles, pd.DataFrame(columns=SENTENCE_COLUMNS), tables,
                    cache=store)
    corpus.sentences = corpus.stage("sentences", lambda: load_sentences(articles))
    return corpus
