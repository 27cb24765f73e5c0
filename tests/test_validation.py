"""What validation refuses, and how it says so: every problem names the file, the line, what is
wrong and how to fix it, through ``validate_corpus``, ``open_corpus`` and ``make validate``
(``python -m helpers.build validate``) alike.

These are the checks the report used to meet late, in the middle of a notebook: unknown events,
aliases shared by two actors, annotation offsets, identifiers with line breaks, inline flags,
colliding group names, patterns that run away, UTF-16 texts, folders given as text files.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import editable_copy, read_articles, write_articles

from helpers import CorpusError, open_corpus, validate_corpus
from helpers.build import main as build_main
from helpers.corpus import ROOT
from helpers.tables import read_csv_rows

SMALL = ROOT / "tests" / "corpora" / "small"


@pytest.fixture(autouse=True)
def _no_make_variables(monkeypatch) -> None:
    monkeypatch.delenv("CORPUS", raising=False)


def _change(folder: Path, which: str, /, **changes: str) -> None:
    rows = read_articles(folder)
    for row in rows:
        if row["article_id"] == which:
            row.update(changes)
    write_articles(folder, rows)


def _append(folder: Path, table: str, line: str) -> int:
    """Add a row to a table; return its line in the file."""
    with (folder / table).open("a", encoding="utf-8") as f:
        f.write(line + "\n")
    return len((folder / table).read_text(encoding="utf-8").splitlines())


def _set_cell(folder: Path, table: str, line: int, column: str, value: str) -> None:
    """Set one cell of a table (``line`` as the file counts it: the header is line 1)."""
    path = folder / table
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A copy of the small corpus with no checksums, so texts can be edited."""
    return editable_copy(SMALL, tmp_path)


def refused(folder: Path, capsys: pytest.CaptureFixture, *needles: str) -> str:
    """Assert that the corpus has exactly one problem, stating every needle with a fix, and
    that the three entry points agree; return the problem as printed."""
    problems = validate_corpus(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    line = str(problems[0])
    for needle in needles:
        assert needle in line, line
    assert problems[0].fix and " Fix: " in line
    with pytest.raises(CorpusError) as info:
        open_corpus(folder)
    assert [str(p) for p in info.value.problems] == [line]
    assert build_main(["validate", "--corpus", str(folder)]) == 1
    out = capsys.readouterr().out
    assert line in out and "1 problem(s)" in out
    return line


# -- articles.csv and its texts -----------------------------------------------------------------

def test_a_line_break_in_an_article_id(small: Path, capsys) -> None:
    _change(small, "radio-closure", article_id="radio\nclosure")
    refused(small, capsys, "articles.csv, line 3", r"article_id 'radio\nclosure'",
            r"invisible character '\n'")


def test_an_invisible_character_in_an_event(small: Path, capsys) -> None:
    _change(small, "radio-closure", event="closure\u200b")
    refused(small, capsys, "line 3 (article_id 'radio-closure')", r"'\u200b'")


def test_a_folder_given_as_a_text_file(small: Path, capsys) -> None:
    (small / "texts").mkdir()
    _change(small, "radio-closure", seed_file="texts")
    refused(small, capsys, "seed_file 'texts'", "is a folder, not a text file")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_text_is_named_utf16(small: Path, capsys, encoding: str) -> None:
    path = small / "radio-closure.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    line = refused(small, capsys, "seed_file 'radio-closure.txt'", "is UTF-16", "not UTF-8",
                   "iconv -f utf-16")
    assert "binary" not in line and "NUL" not in line


def test_a_repeated_header_column_in_articles_csv(small: Path, capsys) -> None:
    text = (small / "articles.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    (small / "articles.csv").write_text(header + ",outlet\n" + rest, encoding="utf-8")
    refused(small, capsys, "articles.csv, line 1", "repeats column(s) ['outlet']")


def test_a_repeated_header_column_in_a_table(small: Path, capsys) -> None:
    text = (small / "facts.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    (small / "facts.csv").write_text(header + ",why\n" + rest, encoding="utf-8")
    refused(small, capsys, "facts.csv, line 1", "repeats column(s) ['why']")
    with pytest.raises(CorpusError, match=r"repeats column\(s\) \['why'\]"):
        read_csv_rows(small / "facts.csv")


def test_ten_thousand_rows_pointing_at_one_file(small: Path) -> None:
    """Refused quickly, one problem per repeated row, each naming the first user of the file."""
    rows = read_articles(small)
    first = rows[0]
    write_articles(small, [{**first, "article_id": f"copy-{i}"} for i in range(10_000)])
    start = time.monotonic()
    problems = [p for p in validate_corpus(small) if "seed_file" in p.where]
    assert time.monotonic() - start < 60
    assert len(problems) == 9_999
    assert all("is already the text of article_id 'copy-0' (line 2)" in str(p) and p.fix
               for p in problems)
    assert "line 10001 (article_id 'copy-9999')" in str(problems[-1])


# -- events -------------------------------------------------------------------------------------

def test_an_article_event_missing_from_events_csv(small: Path, capsys) -> None:
    _change(small, "radio-closure", event="closing")
    refused(small, capsys, "events.csv", "articles.csv uses event 'closing'",
            "Add a row for it to events.csv")


def test_an_announcement_event_missing_from_events_csv(small: Path, capsys) -> None:
    _set_cell(small, "announcements.csv", 3, "event", "reversel")
    refused(small, capsys, "announcements.csv, line 3", "event 'reversel' is not in events.csv")


def test_announcements_without_events_csv(small: Path, capsys) -> None:
    (small / "events.csv").unlink()
    refused(small, capsys, "announcements.csv, line 2", "has no events.csv")


def test_an_article_that_is_all_furniture(small: Path, capsys) -> None:
    (small / "boilerplate.csv").write_text("rule_id,applies_to,pattern,reason\n"
                                           "everything,radio-closure,(?s).+,too broad\n",
                                           encoding="utf-8")
    refused(small, capsys, "articles.csv, line 3 (article_id 'radio-closure')",
            "rules ('everything') remove all of its text", "boilerplate.csv")


def test_an_event_listed_twice(small: Path, capsys) -> None:
    line = _append(small, "events.csv", "closure,Again,2023-03-07,council,twice")
    refused(small, capsys, f"events.csv, line {line} (event 'closure')",
            "already listed on events.csv, line 2")


def test_an_event_date_that_is_not_a_date(small: Path, capsys) -> None:
    _set_cell(small, "events.csv", 3, "date", "12 April 2023")
    refused(small, capsys, "events.csv, line 3 (event 'reversal')",
            "date '12 April 2023' is not a YYYY-MM-DD date")


# -- actors and cues ----------------------------------------------------------------------------

def test_an_alias_given_to_two_actors(small: Path, capsys) -> None:
    line = _append(small, "actors.csv", "Dana Okafor,Dana Okafor;Okafor,,she,x,y,resident,"
                                        "civil society,test")
    refused(small, capsys, f"actors.csv, line {line} (actor 'Dana Okafor')",
            "alias 'Okafor' is also an alias of 'Priya Okafor'")


def test_an_unknown_pronoun(small: Path, capsys) -> None:
    _set_cell(small, "actors.csv", 2, "pronoun", "her")
    refused(small, capsys, "actors.csv, line 2 (actor 'Dana Whitfield')", "pronoun 'her'")


def test_an_unknown_cue_kind(small: Path, capsys) -> None:
    (small / "quote_cues.csv").write_text("cue,kind,speaker_side,why\nmuttered,speach,before,"
                                          "a typo\n", encoding="utf-8")
    refused(small, capsys, "quote_cues.csv, line 2", "kind 'speach'")


# -- hand annotations ---------------------------------------------------------------------------

QUOTES = "annotations/quotes.csv"


@pytest.mark.parametrize(("column", "value", "needle"), [
    ("start", "abc", "start 'abc' is not a whole number"),
    ("end", "247.5", "end '247.5' is not a whole number"),
    ("end", "999999", "do not fit the article's text"),
    ("start", "300", "offsets 300-247 do not fit"),
    ("start", "179", "not the quote"),
    ("article_id", "no-such-article", "article_id 'no-such-article' is not in articles.csv"),
])
def test_quote_annotation_offsets(small: Path, capsys, column: str, value: str,
                                  needle: str) -> None:
    _set_cell(small, QUOTES, 2, column, value)
    refused(small, capsys, "annotations/quotes.csv, line 2", needle)


def test_a_quote_annotation_holding_a_line_break_in_its_id(small: Path, capsys) -> None:
    _set_cell(small, QUOTES, 2, "article_id", "ledger-\nclosure")
    problems = [str(p) for p in validate_corpus(small)]
    assert len(problems) == 2, problems  # the invisible character, and no such article
    assert "invisible character" in problems[0] and "not in articles.csv" in problems[1]
    assert all(p.startswith("annotations/quotes.csv, line 2") for p in problems), problems


@pytest.mark.parametrize(("row", "needle"), [
    ("ledger-closure,1,The council voted.,cheerful,", "tone 'cheerful'"),
    ("ledger-closure,one,The council voted.,neutral,", "sentence_id 'one' is not a whole"),
])
def test_tone_annotations(small: Path, capsys, row: str, needle: str) -> None:
    (small / "annotations" / "tone.csv").write_text(
        "article_id,sentence_id,text,tone,note\n" + row + "\n", encoding="utf-8")
    refused(small, capsys, "annotations/tone.csv, line 2", needle)


# -- patterns -----------------------------------------------------------------------------------

FRAME = "frames.csv"


def _frame(folder: Path, term: str) -> int:
    """Add a frame row with ``term``; return its line."""
    return _append(folder, FRAME, f'test,story,"{term}",added by a test')


@pytest.mark.parametrize(("term", "needle"), [
    ("peace (?i)talks", "sets the inline flag '(?i)'"),
    ("(?i)talks", "sets the inline flag '(?i)'"),
    ("(?s)council.+vote", "sets the inline flag '(?s)'"),
    ("(?P<e0>council)", "names a group 'e0', a name the matcher uses itself"),
    (r"(vote)\\s+\\1", "refers back to a group by its number"),
    ("(a+)+$", "repeats a repetition ((a+)+)"),
    ("(?:x*)*y", "repeats a repetition"),
    (r"(?:\\w+\\s?)+budget", "repeats a repetition"),
    ("(?:vote|vote)+", "repeats a repetition"),
])
def test_pattern_problems(small: Path, capsys, term: str, needle: str) -> None:
    line = _frame(small, term.replace("\\\\", "\\"))
    refused(small, capsys, f"frames.csv, line {line}, column 'term'", needle)


def test_a_group_name_used_by_two_rows(small: Path, capsys) -> None:
    first = _frame(small, "(?P<who>council)")
    second = _frame(small, "(?P<who>mayor)")
    refused(small, capsys, f"frames.csv, line {second}", "group name 'who' is also used on "
            f"frames.csv, line {first}")


def test_a_group_name_once_per_table_is_fine(small: Path) -> None:
    _frame(small, "(?P<who>council) voted")
    _append(small, "facts.csv", "who,(?P<who>petition),a group name used once in this table")
    assert validate_corpus(small) == []


def test_a_runaway_furniture_rule(small: Path, capsys) -> None:
    (small / "boilerplate.csv").write_text(
        "rule_id,applies_to,pattern,reason\nshare,*,^(?:[A-Za-z]+ *)+$,test\n", encoding="utf-8")
    refused(small, capsys, "boilerplate.csv, line 2, column 'pattern'", "repeats a repetition")


def test_an_inline_flag_at_the_start_of_a_furniture_rule_is_fine(small: Path) -> None:
    """Furniture rules match the raw text as written, not wrapped: a leading flag applies."""
    (small / "boilerplate.csv").write_text(
        "rule_id,applies_to,pattern,reason\nshare,*,(?i)^share this$,test\n", encoding="utf-8")
    assert validate_corpus(small) == []


# -- several problems at once -------------------------------------------------------------------

BREAKERS: dict[str, Callable[[Path], None]] = {
    "event": lambda f: _change(f, "radio-closure", event="closing"),
    "alias": lambda f: _append(f, "actors.csv", "Dana Okafor,Okafor,,she,x,y,z,w,test"),
    "offset": lambda f: _set_cell(f, QUOTES, 3, "end", "x"),
    "flag": lambda f: _frame(f, "a(?i)b"),
}


def test_every_problem_is_listed_at_once(small: Path) -> None:
    for breaker in BREAKERS.values():
        breaker(small)
    problems = [str(p) for p in validate_corpus(small)]
    assert len(problems) == len(BREAKERS), "\n".join(problems)
    for needle in ("event 'closing'", "alias 'Okafor'", "end 'x'", "inline flag"):
        assert sum(needle in p for p in problems) == 1, needle
