"""Draft story tables for a new corpus: actors found by grammar, an announcements skeleton."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import open_corpus
from helpers.corpus import ROOT
from helpers.draft import ASPECTS, DraftError, draft_actors, draft_announcements, draft_tables, main
from helpers.tables import TABLES

SMALL = ROOT / "tests" / "corpora" / "small"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A copy of the small corpus without its own actors.csv and announcements.csv."""
    folder = tmp_path / "small"
    shutil.copytree(SMALL, folder)
    (folder / "actors.csv").unlink()
    (folder / "announcements.csv").unlink()
    return folder


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_draft_actors_lists_every_speaker_with_the_columns_of_actors_csv(small: Path) -> None:
    table = draft_actors(open_corpus(small)).set_index("actor")
    assert list(table.reset_index().columns[:9]) == list(TABLES["actors"].columns)
    whitfield = table.loc["Dana Whitfield"]
    assert (whitfield.actor_type, whitfield.group, whitfield.in_actors_csv) == (
        "person", "person", "no")
    assert whitfield.quotes == 4 and whitfield.articles == 2
    assert "Whitfield" in whitfield.aliases.split(";")
    assert "ledger-" in whitfield.why  # quotes the sentence it came from
    assert table.loc["Tomas Reyes", "pronoun"] == "he"  # "he said" referred to him
    assert table.loc["city budget office", "actor_type"] == "institution"
    assert table.loc["city budget office", "aliases"] == "city budget office"


def test_registered_speakers_keep_their_own_row(tmp_path: Path) -> None:
    table = draft_actors(open_corpus(SMALL)).set_index("actor")
    reyes = table.loc["Tomas Reyes"]
    assert (reyes.in_actors_csv, reyes.actor_type) == ("yes", "library staff")


def test_draft_announcements_has_one_row_per_aspect_and_event(small: Path) -> None:
    corpus = open_corpus(small)
    table = draft_announcements(corpus)
    events = list(dict.fromkeys(corpus.table("events")["event"]))
    assert len(table) == len(ASPECTS) * len(events)
    assert list(table.columns) == list(TABLES["announcements"].columns)
    assert (table["pattern"] == "").all() and table["why"].str.len().min() > 20


def test_events_come_from_articles_csv_without_events_csv(small: Path) -> None:
    (small / "events.csv").unlink()
    corpus = open_corpus(small)
    assert set(draft_announcements(corpus)["event"]) == set(corpus.articles["event"])


def test_draft_files_are_written_once_and_never_touch_the_users_tables(small: Path) -> None:
    shutil.copy(SMALL / "actors.csv", small / "actors.csv")
    before = hashlib.sha256((small / "actors.csv").read_bytes()).hexdigest()
    corpus = open_corpus(small)
    paths = draft_tables(corpus, None)
    assert {p.name for p in paths.values()} == {"draft-actors.csv", "draft-announcements.csv"}
    assert all(p.parent == small for p in paths.values())
    with pytest.raises(DraftError, match="already exist"):
        draft_tables(corpus, None)
    draft_tables(corpus, None, force=True)
    assert hashlib.sha256((small / "actors.csv").read_bytes()).hexdigest() == before
    rows = list(csv.reader((small / "draft-actors.csv").open(encoding="utf-8")))
    assert rows[0][:9] == list(TABLES["actors"].columns)


def test_the_built_in_corpus_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="out_dir"):
        draft_tables(open_corpus(), None)
    paths = draft_tables(open_corpus(), tmp_path / "out")
    assert read(paths["draft-actors.csv"]).set_index("actor").loc[
        "Lina Khatib", "in_actors_csv"] == "yes"


def test_command_line_reads_corpus_from_flag_or_environment(small: Path, monkeypatch,
                                                            capsys) -> None:
    monkeypatch.delenv("CORPUS", raising=False)
    assert main([]) == 2
    assert "CORPUS" in capsys.readouterr().err
    monkeypatch.setenv("CORPUS", str(small))
    assert main([]) == 0
    assert "draft-actors.csv" in capsys.readouterr().out
    assert main(["--corpus", str(small)]) == 1  # the drafts exist now
    assert "Nothing written" in capsys.readouterr().err
    assert main(["--corpus", str(small), "--force"]) == 0
