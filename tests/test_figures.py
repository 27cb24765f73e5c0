"""Figures, referents, cross-outlet flags and the fact coverage matrix, on the real corpus."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import only_row

from helpers import CorpusError
from helpers.figures import (
    compare_figures,
    coverage_matrix,
    extract_figures,
    fact_mentions,
    load_facts,
    parse_number,
)


@pytest.fixture(scope="module")
def figures(articles: pd.DataFrame) -> pd.DataFrame:
    return extract_figures(articles)


def fig(figures: pd.DataFrame, article_id: str, figure: str) -> pd.Series:
    return only_row(figures, article_id, figures.figure == figure, figure)


def test_offsets_point_into_text(figures: pd.DataFrame, articles: pd.DataFrame) -> None:
    for row in figures.itertuples():
        text = articles.loc[row.article_id, "text"]
        assert text[row.start:row.end] == row.figure
        assert row.figure in row.sentence and row.sentence in text


def test_range(figures: pd.DataFrame) -> None:
    row = fig(figures, "aj-short-2016", "from 3,000 to 6,000")
    assert (row.value, row.value_high, row.kind, row.referent) == (
        3000, 6000, "range", "military personnel")


def test_more_than_and_referent(figures: pd.DataFrame) -> None:
    row = fig(figures, "aj-long-2016", "more than 2,000")
    assert (row.value, row.qualifier, row.referent) == (2000, "more than", "rebel fighters")
    assert math.isnan(row.value_high)


def test_well_over(figures: pd.DataFrame) -> None:
    row = fig(figures, "newarab-2016", "well over 1,400")
    assert (row.value, row.qualifier, row.referent) == (1400, "well over", "deaths")


def test_million_scale(figures: pd.DataFrame) -> None:
    row = fig(figures, "aj-long-2016", "23 million")
    assert (row.value, row.referent) == (23_000_000, "population")  # "population of 23 million"


def test_spelled_out_duration(figures: pd.DataFrame) -> None:
    row = fig(figures, "aj-long-2016", "five-and-a-half-month")
    assert (row.value, row.unit, row.kind, row.referent) == (
        5.5, "month", "duration", "Russian air campaign")
    assert fig(figures, "vice-2017", "nearly six-year").qualifier == "nearly"


def test_spelled_out_count_and_medical_facilities(figures: pd.DataFrame) -> None:
    assert fig(figures, "aj-long-2016", "two").referent == "armies"
    row = fig(figures, "newarab-2016", "at least 27")
    assert (row.value, row.referent) == (27, "medical facilities")


def test_dates_years_models_and_pronoun_one_are_not_figures(figures: pd.DataFrame) -> None:
    written = set(figures.figure)
    for not_a_figure in ("29", "27", "30", "2011", "400", "one", "ten"):
        assert not_a_figure not in written


def test_parse_number() -> None:
    assert parse_number("twenty-seven") == 27
    assert parse_number("250,000") == 250_000
    assert parse_number("banana") is None


def test_discrepancy_flags(figures: pd.DataFrame, articles: pd.DataFrame) -> None:
    table = compare_figures(figures, articles)
    short = table[(table.article_id == "aj-short-2016") & (table.figure == "more than 2,000")]
    assert "same number, different referent" in short.iloc[0].flag
    assert "aj-long-2016" in short.iloc[0].other_articles
    troops = table[table.figure == "from 3,000 to 6,000"]
    assert (troops.flag == "").all()  # same range, same referent: consistent
    assert set(troops.outlet) == {"Al Jazeera"}


def test_coverage_matrix(articles: pd.DataFrame) -> None:
    facts = load_facts()
    assert (facts.why.str.len() > 20).all()
    mentions = fact_mentions(articles, facts)
    m = coverage_matrix(mentions, articles, facts)
    assert list(m.columns) == list(articles.article_id)
    assert list(m.index) == list(facts.fact)
    assert m.loc["S-400 air defence"].gt(0).tolist() == [False, True, True, False, False]
    assert m.loc["peace-talks venue", "vice-2017"] == 1  # Kazakhstan
    assert m.loc["peace-talks venue", "indep-2017"] == 0
    for row in mentions.itertuples():
        assert articles.loc[row.article_id, "text"][row.start:row.end] == row.match


def test_bad_fact_pattern_is_reported(tmp_path: Path) -> None:
    (tmp_path / "facts.csv").write_text('fact,pattern,why\nbroken,"(unclosed",test\n',
                                        encoding="utf-8")
    with pytest.raises(CorpusError, match="broken"):
        load_facts(tmp_path)
