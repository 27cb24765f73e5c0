"""The loaders on the real corpus, and a clear error for every kind of bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import sha256

from helpers import CorpusError, load_articles, load_boilerplate, raw_offset, validate_corpus
from helpers.corpus import DATA_DIR, SEEDS_DIR

EXPECTED = {
    "indep-2017": ("The Independent", "2017-01-06", "jan2017"),
    "aj-short-2016": ("Al Jazeera", "2016-03-15", "mar2016"),
    "aj-long-2016": ("Al Jazeera", "2016-03-15", "mar2016"),
    "vice-2017": ("VICE News", "2017-01-06", "jan2017"),
    "newarab-2016": ("The New Arab", "2016-03-14", "mar2016"),
}

# Every piece of furniture the issue lists, as it appears in the seeds.
FURNITURE = [
    # a headline printed twice
    ("newarab-2016", "Russia to begin withdrawal of Russian troops from Syria"),
    ("indep-2017", "1/12 Aleppo before the Syrian Civil War"),  # photo gallery
    ("indep-2017", "12/12 Aleppo before the Syrian Civil War"),
    ("newarab-2016", "[AFP]"),  # caption
    ("aj-short-2016", "PHOTO CAPTION"),
    ("aj-short-2016", "Hundreds of Aleppo residents took advantage"),
    ("aj-long-2016", "READ MORE"),
    ("aj-long-2016", "Syrian peace negotiations kick off in Geneva"),  # related link
    ("aj-long-2016", "A generation of Syrians born in Jordan camps"),
    ("aj-long-2016", "Inside Story"),
    ("indep-2017", "Vladimir Putin announces ceasefire agreement in Syria"),
    ("aj-short-2016", "Related Articles"),
    ("aj-short-2016", "1808 0 256"),  # share counter
    ("vice-2017", "Advertisement"),
    ("vice-2017", "This story is over 5 years old"),
    ("newarab-2016", "3 min read"),
    ("newarab-2016", "[click to enlarge]"),
    ("indep-2017", "date 2017-01-06"),
    ("aj-long-2016", "Source: Al Jazeera, News Agencies"),
]


def test_metadata_of_all_five(articles: pd.DataFrame) -> None:
    assert list(articles.index) == list(EXPECTED)
    for aid, (outlet, date, event) in EXPECTED.items():
        row = articles.loc[aid]
        assert (row.outlet, row.published.date().isoformat(), row.event) == (outlet, date, event)
    assert pd.api.types.is_datetime64_any_dtype(articles["published"])
    assert articles.loc["indep-2017", "headline"] == ""


@pytest.mark.parametrize(("article_id", "piece"), FURNITURE)
def test_furniture_is_stripped(articles: pd.DataFrame, article_id: str, piece: str) -> None:
    assert piece in articles.loc[article_id, "raw_text"]
    assert piece not in articles.loc[article_id, "text"]


def test_every_removed_piece_has_a_reason(articles: pd.DataFrame) -> None:
    pieces = load_boilerplate(articles)
    assert set(pieces.columns) >= {"article_id", "start", "end", "text", "reason"}
    assert (pieces.reason.str.len() > 10).all()
    for row in pieces.itertuples():
        assert articles.loc[row.article_id, "raw_text"][row.start:row.end] == row.text


def test_nothing_is_lost(articles: pd.DataFrame) -> None:
    """Body plus removed pieces account for every non-space character of raw_text."""
    pieces = load_boilerplate(articles)
    for aid, row in articles.iterrows():
        removed = "".join(pieces[pieces.article_id == aid].text)
        squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
        assert sorted(squeeze(row.text + removed)) == sorted(squeeze(row.raw_text))
        assert len(squeeze(row.text)) + len(squeeze(removed)) == len(squeeze(row.raw_text))


def test_every_body_sentence_is_kept(articles: pd.DataFrame) -> None:
    last = {
        "indep-2017": "they will pursue that rather than seek a political compromise.\"",
        "aj-short-2016": "humanitarian aid deliveries have resumed in recent weeks.",
        "aj-long-2016": "humanitarian aid deliveries have resumed in recent weeks.",
        "vice-2017": "“if we cannot stop the escalating violations.”",
        "newarab-2016": "hold on to around half of the country.",
    }
    for aid, tail in last.items():
        assert articles.loc[aid, "text"].endswith(tail)
    # the standfirst stays: it is written journalism, not furniture
    assert articles.loc["aj-long-2016", "text"].startswith("Putin’s surprise announcement")


def test_body_offsets_map_back_to_raw(articles: pd.DataFrame) -> None:
    for aid, row in articles.iterrows():
        for word in ("Syria", "Putin"):
            for m in re.finditer(word, row.text):
                j = raw_offset(articles, aid, m.start())
                assert row.raw_text[j:j + len(word)] == word


def test_seeds_match_checksums(articles: pd.DataFrame) -> None:
    for row in articles.itertuples():
        assert sha256(SEEDS_DIR / row.seed_file) == row.sha256


# ---------------------------------------------------------------- bad input


def rewrite_row(folder: Path, target: str, **changes: str) -> None:
    csv = folder / "articles.csv"
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    for col, value in changes.items():
        table.loc[table.article_id == target, col] = value
    table.to_csv(csv, index=False)


def expect_error(folder: Path, *needles: str) -> str:
    with pytest.raises(CorpusError) as info:
        load_articles(folder)
    message = str(info.value)
    for needle in (*needles, "Fix:"):
        assert needle in message, message
    assert validate_corpus(folder), "validate_corpus must report the same problem"
    return message


def test_missing_text_file(make_corpus) -> None:
    folder = make_corpus()
    (folder / "003_534c8b2d5aedc8fc.txt").unlink()
    expect_error(folder, "line 5", "vice-2017", "003_534c8b2d5aedc8fc.txt", "does not exist")


def test_empty_file(make_corpus) -> None:
    folder = make_corpus()
    (folder / "003_534c8b2d5aedc8fc.txt").write_bytes(b"  \n")
    rewrite_row(folder, "vice-2017", sha256="")
    expect_error(folder, "vice-2017", "empty")


def test_bytes_that_are_not_utf8(make_corpus) -> None:
    folder = make_corpus()
    path = folder / "002_45b88970ff227739.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    rewrite_row(folder, "aj-long-2016", sha256="")
    msg = expect_error(folder, "aj-long-2016", "not valid UTF-8", "0x92", "line 3")
    assert "iconv" in msg


def test_binary_file(make_corpus) -> None:
    folder = make_corpus()
    (folder / "001_888a13b635aa6b6e.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    rewrite_row(folder, "aj-short-2016", sha256="")
    expect_error(folder, "aj-short-2016", "binary")


def test_duplicate_id(make_corpus) -> None:
    folder = make_corpus()
    rewrite_row(folder, "vice-2017", article_id="indep-2017")
    expect_error(folder, "line 5", "'indep-2017' was already used on line 2")


def test_impossible_date(make_corpus) -> None:
    folder = make_corpus()
    rewrite_row(folder, "newarab-2016", published="2016-02-30")
    expect_error(folder, "line 6", "newarab-2016", "'2016-02-30' is not a real date")


def test_missing_required_column(make_corpus) -> None:
    folder = make_corpus()
    table = pd.read_csv(folder / "articles.csv", dtype=str, keep_default_na=False)
    table.drop(columns="outlet").to_csv(folder / "articles.csv", index=False)
    expect_error(folder, "articles.csv", "missing required column(s) ['outlet']")


def test_checksum_mismatch(make_corpus) -> None:
    folder = make_corpus()
    path = folder / "000_59a9dfcf1b0a5303.txt"
    path.write_text(path.read_text(encoding="utf-8") + " Edited.", encoding="utf-8")
    msg = expect_error(folder, "indep-2017", "sha256 mismatch")
    assert sha256(path) in msg  # tells the user the value to record if the edit is intended


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/hostname", "sub/../../outside.txt"])
def test_path_outside_the_corpus(make_corpus, path: str) -> None:
    folder = make_corpus()
    (folder.parent / "outside.txt").write_text("Secret text outside the corpus.\n")
    rewrite_row(folder, "vice-2017", seed_file=path, sha256="")
    expect_error(folder, "vice-2017", "points outside the corpus folder")


def test_all_problems_are_listed_at_once(make_corpus) -> None:
    folder = make_corpus()
    rewrite_row(folder, "newarab-2016", published="2016-13-01")
    (folder / "003_534c8b2d5aedc8fc.txt").unlink()
    problems = validate_corpus(folder)
    assert len(problems) == 2
    assert {"newarab-2016", "vice-2017"} <= {w for p in problems for w in re.findall(
        r"'([a-z0-9-]+)'", p.where)}


def test_too_many_cells_names_the_line(make_corpus) -> None:
    folder = make_corpus()
    with (folder / "articles.csv").open("a", encoding="utf-8") as f:
        f.write("x,y.txt,Outlet,basis,2016-01-01,stated,ev,Head, with comma,,,extra,more\n")
    expect_error(folder, "line 7", "cells but the header has")


def test_bom_crlf_and_blank_rows_load(make_corpus) -> None:
    folder = make_corpus()
    csv = folder / "articles.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_bytes(("\ufeff" + "\r\n".join(lines[:3] + ["", ",,,,", ""] + lines[3:]) + "\r\n")
                    .encode("utf-8"))
    text = folder / "003_534c8b2d5aedc8fc.txt"
    text.write_bytes(b"\xef\xbb\xbf" + text.read_bytes().replace(b"\n", b"\r\n"))
    rewrite_row(folder, "vice-2017", sha256="")
    loaded = load_articles(folder)
    assert len(loaded) == 5
    assert "\r" not in loaded.loc["vice-2017", "raw_text"]
    assert loaded.loc["vice-2017", "text"].startswith("A senior Russian General announced")


def test_defaults_come_from_data_folder() -> None:
    assert (DATA_DIR / "articles.csv").exists()
    assert validate_corpus() == []
