"""Any corpus: the two test corpora load, and every bad input is reported by both entry points.

``tests/corpora/small`` is an invented, neutral story in the corpus format;
``tests/corpora/hostile`` is valid but full of markup, unclosed quotes, a very
long line and non-Latin scripts. Every bad-input case goes through both
``load_articles`` and ``python -m helpers.build validate``.
"""

from __future__ import annotations

import calendar
import csv
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import CorpusError, load_articles, load_sentences, load_table, validate_corpus
from helpers.build import main as build_main
from helpers.corpus import ROOT, table_path
from helpers.tables import load_table_parts, read_csv_rows

CORPORA = ROOT / "tests" / "corpora"
SMALL = CORPORA / "small"
HOSTILE = CORPORA / "hostile"


@pytest.fixture(scope="module", params=["small", "hostile"])
def corpus(request: pytest.FixtureRequest) -> tuple[Path, object, object]:
    folder = CORPORA / request.param
    articles = load_articles(folder)
    return folder, articles, load_sentences(articles)


# ---------------------------------------------------------------- the two corpora load


def test_corpus_loads_and_validates(corpus, capsys) -> None:
    folder, articles, _ = corpus
    _, rows = read_csv_rows(folder / "articles.csv")  # articles.csv read as a plain table
    assert list(articles.index) == [row["article_id"] for _, row in rows]
    assert validate_corpus(folder) == []
    assert build_main(["validate", "--corpus", str(folder)]) == 0
    assert "OK, no problems found" in capsys.readouterr().out


def test_sentences_point_into_the_text(corpus) -> None:
    _, articles, sentences = corpus
    assert set(sentences.article_id) == set(articles.article_id)  # no article lost
    for s in sentences.itertuples():
        assert articles.loc[s.article_id, "text"][s.start:s.end] == s.text


def test_corpus_brings_its_own_events(corpus) -> None:
    folder, articles, _ = corpus
    events = load_table("events", folder)
    assert table_path("events", folder).parent == folder
    assert set(articles.event) <= set(events.event)
    assert not set(events.event) & {"mar2016", "jan2017"}  # nothing from the built-in story


def test_small_corpus_has_the_awkward_cases() -> None:
    a = load_articles(SMALL)
    assert a.event.nunique() == 2
    per_outlet = a.outlet.value_counts()
    assert (per_outlet == 1).any() and (per_outlet > 1).any()
    # radio-closure quotes nobody: it has no quotation mark of any kind
    assert not re.search(r"[\"“”‘’«»]", a.loc["radio-closure", "text"])
    # bulletin-reversal has no date, weekday or month name (and no digit that could be a year)
    words = set(calendar.day_name) | set(calendar.month_name[1:])
    text = a.loc["bulletin-reversal", "text"]
    assert not any(re.search(rf"\b{w}\b", text) for w in words)
    assert not re.search(r"\d", text)
    assert a.loc["radio-closure", "headline"] == ""


def test_small_corpus_overrides_the_story_tables() -> None:
    for name in ("actors", "frames", "naming", "targets", "announcements", "corpus"):
        assert table_path(name, SMALL) == SMALL / f"{name}.csv"
    # generic rules come from data/generic/, and the story's own rows from nowhere else
    table, problems = load_table_parts("boilerplate", SMALL)
    assert problems == [] and table.status == "generic"
    assert set(table.frame.table_file) == {"generic/boilerplate.csv"}
    frames = load_table("frames", SMALL)
    assert set(frames.table_file) == {"generic/frames.csv", "frames.csv"}
    assert not {"continued_presence", "mission_accomplished"} & set(frames.frame)


@pytest.mark.parametrize("folder", [SMALL, HOSTILE], ids=["small", "hostile"])
def test_override_tables_parse_like_the_built_in_ones(folder: Path) -> None:
    """Each table a corpus brings loads cleanly and has the columns of its data/ namesake."""
    tables = sorted(p.stem for p in folder.glob("*.csv") if p.stem != "articles")
    assert "events" in tables
    for name in tables:
        built_in = load_table(name).columns.tolist()
        own = load_table(name, folder)
        assert set(built_in) <= set(own.columns), name
        assert len(own) > 0, name


def test_hostile_text_survives_verbatim() -> None:
    a = load_articles(HOSTILE)
    markup = a.loc["markup", "text"]
    for piece in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</table>",
                  "**rushed**", "[the minutes](javascript:alert(1))", "{{7*7}}"):
        assert piece in markup
    assert "<script>" in a.loc["markup", "outlet"] and "<script>" in a.loc["markup", "headline"]
    assert a.loc["markup", "headline"] not in markup  # printed headline removed as furniture
    assert max(len(line) for line in a.loc["longline", "text"].split("\n")) > 20_000
    everything = "".join(a.text) + "".join(a.outlet) + "".join(a.headline)
    for script, pattern in {"Cyrillic": "[\u0400-\u04ff]", "Arabic": "[\u0600-\u06ff]",
                            "CJK": "[\u4e00-\u9fff]"}.items():
        assert re.search(pattern, everything), script
        assert re.search(pattern, "".join(a.outlet)), f"{script} outlet"
    assert re.search("[\u0400-\u04ff]", a.loc["scripts", "headline"])
    first, second, *_ = a.loc["unclosed", "text"].split("\n\n")
    assert first.count('"') == 1 and second.count("“") == 1 and "”" not in second


# ---------------------------------------------------------------- bad input

FIELDS = ["article_id", "seed_file", "outlet", "outlet_basis", "published", "published_basis",
          "event", "headline", "sha256", "evidence"]


BASE_ROW = {"outlet": "Test Outlet", "outlet_basis": "invented", "published": "2023-03-08",
            "published_basis": "stated", "event": "closure", "headline": "", "sha256": "",
            "evidence": "Added by a test."}


def _copy_small(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SMALL, folder)
    return folder


def _rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(folder: Path, rows: list[dict[str, str]], fields: list[str] = FIELDS) -> None:
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _add(folder: Path, article_id: str, seed_file: str, data: bytes | None = None,
         **changes: str) -> None:
    """Append a row for a new text file (written from ``data``), no checksum recorded."""
    if data is not None:
        (folder / seed_file).write_bytes(data)
    rows = _rows(folder)
    rows.append({**BASE_ROW, "article_id": article_id, "seed_file": seed_file, **changes})
    _write(folder, rows)


def _change(folder: Path, article_id: str, **changes: str) -> None:
    rows = _rows(folder)
    for row in rows:
        if row["article_id"] == article_id:
            row.update(changes)
    _write(folder, rows)


def missing_file(folder: Path) -> None:
    (folder / "ledger-closure.txt").unlink()


def bad_date(folder: Path) -> None:
    _change(folder, "radio-closure", published="2023-02-30")


def duplicate_id(folder: Path) -> None:
    _add(folder, "ledger-reversal", "copy.txt", b"A copy of an article.\n")


def path_outside(folder: Path) -> None:
    (folder.parent / "outside.txt").write_text("Text outside the corpus folder.\n")
    _add(folder, "outside", "../outside.txt")


def absolute_path(folder: Path) -> None:
    _add(folder, "absolute", str(folder.parent / "outside.txt"))
    (folder.parent / "outside.txt").write_text("Text outside the corpus folder.\n")


def symlink_outside(folder: Path) -> None:
    (folder.parent / "outside.txt").write_text("Text outside the corpus folder.\n")
    (folder / "link.txt").symlink_to(folder.parent / "outside.txt")
    _add(folder, "symlink", "link.txt")


def checksum_mismatch(folder: Path) -> None:
    path = folder / "ledger-reversal.txt"
    path.write_text(path.read_text(encoding="utf-8") + "An edited line.\n", encoding="utf-8")


def not_utf8(folder: Path) -> None:
    _add(folder, "cp1252", "cp1252.txt", "The café’s owner said so.\n".encode("cp1252"))


def binary(folder: Path) -> None:
    _add(folder, "binary", "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def empty(folder: Path) -> None:
    _add(folder, "empty", "empty.txt", b" \n\n")


def missing_column(folder: Path) -> None:
    _write(folder, _rows(folder), [f for f in FIELDS if f != "published"])


# (how to break the corpus, the article it concerns or None, words the problem must contain)
CASES: dict[str, tuple[Callable[[Path], None], str | None, str]] = {
    "missing file": (missing_file, "ledger-closure", "does not exist"),
    "bad date": (bad_date, "radio-closure", "'2023-02-30' is not a real date"),
    "duplicate id": (duplicate_id, "ledger-reversal", "was already used on line 4"),
    "path outside": (path_outside, "outside", "points outside the corpus folder"),
    "absolute path": (absolute_path, "absolute", "points outside the corpus folder"),
    "symlink outside": (symlink_outside, "symlink", "points outside the corpus folder"),
    "checksum mismatch": (checksum_mismatch, "ledger-reversal", "sha256 mismatch"),
    "not UTF-8": (not_utf8, "cp1252", "is not valid UTF-8"),
    "binary": (binary, "binary", "looks binary"),
    "empty": (empty, "empty", "the text file is empty"),
    "missing column": (missing_column, None, "missing required column(s) ['published']"),
}


def _problem_line(output: str, article_id: str | None, needle: str) -> str:
    """The one output line that states ``needle`` (about ``article_id``) and says how to fix it."""
    lines = [line for line in output.splitlines() if needle in line
             and (article_id is None or f"(article_id {article_id!r})" in line)]
    assert len(lines) == 1, f"{needle!r} ({article_id}) not reported once in:\n{output}"
    assert "Fix:" in lines[0]
    return lines[0]


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_through_both_entry_points(tmp_path: Path, capsys, case: str) -> None:
    breaker, article_id, needle = CASES[case]
    folder = _copy_small(tmp_path)
    breaker(folder)
    with pytest.raises(CorpusError) as info:
        load_articles(folder)
    _problem_line(str(info.value), article_id, needle)
    assert len(info.value.problems) == 1  # only the problem we made
    assert build_main(["validate", "--corpus", str(folder)]) == 1
    out = capsys.readouterr().out
    _problem_line(out, article_id, needle)
    assert "1 problem(s)" in out


def _validate(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.build", "validate", "--corpus",
                           str(folder)], capture_output=True, text=True, timeout=120,
                          check=False, cwd=ROOT)


def test_validate_command_lists_every_problem_at_once(tmp_path: Path) -> None:
    """All row-level problems in one folder: the command names each and exits 1."""
    folder = _copy_small(tmp_path)
    row_cases = [c for c in CASES if c != "missing column"]
    for case in row_cases:
        CASES[case][0](folder)
    done = _validate(folder)
    assert done.returncode == 1, done.stderr
    for case in row_cases:
        _, article_id, needle = CASES[case]
        _problem_line(done.stdout, article_id, needle)
    assert f"{len(row_cases)} problem(s)" in done.stdout
    with pytest.raises(CorpusError) as info:
        load_articles(folder)
    assert len(info.value.problems) == len(row_cases)


def test_missing_column_does_not_hide_row_problems(tmp_path: Path) -> None:
    """A missing column is reported once, and the rows are still checked for the rest."""
    folder = _copy_small(tmp_path)
    missing_file(folder)
    checksum_mismatch(folder)
    missing_column(folder)
    done = _validate(folder)
    assert done.returncode == 1, done.stderr
    for case in ("missing column", "missing file", "checksum mismatch"):
        _, article_id, needle = CASES[case]
        _problem_line(done.stdout, article_id, needle)
    assert "3 problem(s)" in done.stdout  # no "column 'published' is empty" on every row


def test_validate_checks_the_corpus_tables_too(tmp_path: Path) -> None:
    """Broken override tables are listed with the article problems, by file, line and column."""
    folder = _copy_small(tmp_path)
    missing_file(folder)
    with (folder / "frames.csv").open("a", encoding="utf-8") as f:
        f.write('broken,keyword,"closure (of",an unclosed group\n')
    with (folder / "targets.csv").open("a", encoding="utf-8") as f:
        f.write("readers,,an empty pattern\n")
    (folder / "naming.csv").write_text("concept,pattern,why\nx,y,z\n", encoding="utf-8")
    done = _validate(folder)
    assert done.returncode == 1, done.stderr
    _problem_line(done.stdout, "ledger-closure", "does not exist")
    frames_lines = len((folder / "frames.csv").read_text(encoding="utf-8").splitlines())
    bad = _problem_line(done.stdout, None, "'closure (of' is not a valid regular expression")
    assert f"frames.csv, line {frames_lines}, column 'term'" in bad
    assert "targets.csv, line" in _problem_line(done.stdout, None, "the pattern is empty")
    assert "naming.csv" in _problem_line(done.stdout, None, "missing required column(s) "
                                         "['variant']")
    assert "4 problem(s)" in done.stdout


def test_hostile_copy_with_a_bad_row_still_names_it(tmp_path: Path) -> None:
    """Problems in a corpus with non-Latin metadata are reported, not garbled."""
    folder = tmp_path / "hostile"
    shutil.copytree(HOSTILE, folder)
    (folder / "scripts.txt").write_bytes((folder / "scripts.txt").read_bytes()[:-3] + b"\xff\n")
    with pytest.raises(CorpusError) as info:
        load_articles(folder)
    line = _problem_line(str(info.value), "scripts", "is not valid UTF-8")
    assert "0xff" in line
