"""Tables computed once per cache folder (:func:`helpers.cache.memo`), and what uses them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers import cache, gold, open_corpus
from helpers.tables import load_tables


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"area": ["quotes", "dates"], "in_sample": [0.95, None],
                         "note": pd.Series(["kept", None], dtype=object), "n": [3, 4]})


def test_memo_computes_once_and_reads_the_same_table(tmp_path: Path) -> None:
    calls = []

    def compute() -> pd.DataFrame:
        calls.append(1)
        return _frame()

    first = cache.memo("scores", [b"inputs"], compute, folder=tmp_path)
    again = cache.memo("scores", [b"inputs"], compute, folder=tmp_path)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(again, first)
    assert again["note"].tolist() == ["kept", None]  # a missing text stays None, not NaN
    cache.memo("scores", [b"other inputs"], compute, folder=tmp_path)
    assert len(calls) == 2  # what the table depends on changed: computed again
    assert not list(tmp_path.rglob("*.tmp"))


def test_memo_without_a_folder_only_computes(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    pd.testing.assert_frame_equal(cache.memo("scores", [b"x"], _frame), _frame())
    assert cache.memo("scores", [b"x"], _frame, folder=tmp_path / "missing").equals(_frame())
    assert not (tmp_path / "missing").exists()


def test_memo_key_follows_every_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "gold.csv").write_text("x\n1\n", encoding="utf-8")
    before = cache.fingerprint(cache.files_chunks([tmp_path / "a"]))
    (tmp_path / "a" / "gold.csv").write_text("x\n2\n", encoding="utf-8")
    assert cache.fingerprint(cache.files_chunks([tmp_path / "a"])) != before


def test_gold_scores_read_from_the_cache_are_the_computed_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    builtin = open_corpus(cache=False)
    computed = gold.in_and_out_of_sample(builtin)
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path))
    written = gold.in_and_out_of_sample(builtin)
    read = gold.in_and_out_of_sample(builtin)
    assert len(list((tmp_path / cache.MEMO).glob("*.parquet"))) == 1
    pd.testing.assert_frame_equal(written, computed)
    pd.testing.assert_frame_equal(read, computed)


def test_where_names_the_file_and_line_of_each_row() -> None:
    table = load_tables(None)[0]["quote_cues"]
    first = table.where(0)
    assert first == f"{table.frame['table_file'].iloc[0]}, line {table.frame['line'].iloc[0]}"
    table.frame = table.frame.iloc[1:].reset_index(drop=True)  # a new frame: labels follow it
    assert table.where(0) == (f"{table.frame['table_file'].iloc[0]}, line "
                              f"{table.frame['line'].iloc[0]}")
