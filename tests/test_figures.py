"""Figures, referents, cross-outlet flags and the fact coverage matrix, on the real corpus."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import only_row

from helpers import CorpusError, open_corpus
from helpers.corpus import DATA_DIR, SEEDS_DIR, Corpus
from helpers.figures import (
    FACT_COLUMNS,
    FIGURE_COLUMNS,
    FIGURE_RE,
    compare_figures,
    coverage_matrix,
    extract_figures,
    fact_mentions,
    load_facts,
    not_a_quantity,
    parse_number,
)
from helpers.plots.figures import plot_fact_coverage


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return open_corpus()


@pytest.fixture(scope="module")
def figures(corpus: Corpus) -> pd.DataFrame:
    return extract_figures(corpus)


def fig(figures: pd.DataFrame, article_id: str, figure: str) -> pd.Series:
    return only_row(figures, article_id, figures.figure == figure, figure)


def one_article(folder: Path, text: str, facts: str | None = None) -> Corpus:
    """A corpus of one invented article (and optionally a facts.csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "articles.csv").write_text(
        "article_id,seed_file,outlet,published,event\na,a.txt,Wire,2016-03-16,x\n",
        encoding="utf-8")
    if facts is not None:
        (folder / "facts.csv").write_text(facts, encoding="utf-8")
    return open_corpus(folder)


def test_offsets_point_into_text(figures: pd.DataFrame, corpus: Corpus) -> None:
    assert list(figures.columns) == FIGURE_COLUMNS
    sentences = corpus.sentences.set_index(["article_id", "sentence_id"])
    for row in figures.itertuples():
        text = corpus.articles.loc[row.article_id, "text"]
        assert text[row.start:row.end] == row.figure
        assert sentences.loc[(row.article_id, row.sentence_id), "text"] == row.sentence
        assert row.figure in row.sentence and row.sentence in text


def test_the_seventeen_figures_of_the_builtin_corpus(figures: pd.DataFrame) -> None:
    assert len(figures) == 17
    assert figures.kind.value_counts().to_dict() == {"count": 8, "duration": 4, "range": 2,
                                                     "share": 2, "vague": 1}


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


@pytest.mark.parametrize("text, why", [
    ("Britain triggered Article 50 last year.", "label"),
    ("Clause 4 was dropped.", "label"),
    ("They drove along Route 66.", "label"),
    ("As Fig. 2 shows, costs rose.", "label"),
    ("A spokesman for No. 10 said so.", "label"),
    ("Report 3 lists the berths.", "label"),
    ("The ruling came at 13:29 on Tuesday.", "time of day"),
    ("The court sat at 10:02 AM.", "time of day"),
    ("Talks resumed at 5 pm.", "time of day"),
    ("He won the 1992 election.", "year"),
    ("The war began in 2011.", "year"),
    ("The ceasefire began on 27 February.", "date"),
])
def test_names_and_labels_are_not_quantities(text: str, why: str) -> None:
    assert not_a_quantity(text, FIGURE_RE.search(text)) == why


@pytest.mark.parametrize("text, figure, value, unit, kind, referent", [
    ("About 60 aircraft have left.", "About 60", 60, "", "count", "aircraft"),
    ("The talks went to three rounds.", "three", 3, "", "count", "rounds"),
    ("A foundation offered $250,000 towards its costs.", "$250,000", 250_000, "$", "money", ""),
    ("Support fell to 40 percent of voters.", "40 percent", 40, "percent", "percent", "voters"),
    ("The convoy was 60 km from Aleppo.", "60 km", 60, "km", "measure", "from"),
    ("We counted 2073 boats on Tuesday.", "2073", 2073, "", "count", "boats"),
    ("The deal is worth £2bn a year.", "£2bn", 2_000_000_000, "£", "money", ""),
])
def test_quantities_keep_value_unit_and_referent(tmp_path: Path, text: str, figure: str,
                                                 value: float, unit: str, kind: str,
                                                 referent: str) -> None:
    (row,) = extract_figures(one_article(tmp_path / "c", text + "\n")).itertuples()
    assert (row.figure, row.value, row.unit, row.kind) == (figure, value, unit, kind)
    if referent != "from":
        assert row.referent == referent


def test_parse_number() -> None:
    assert parse_number("twenty-seven") == 27
    assert parse_number("250,000") == 250_000
    assert parse_number("banana") is None


def test_discrepancy_flags(corpus: Corpus) -> None:
    table = compare_figures(corpus)
    short = table[(table.article_id == "aj-short-2016") & (table.figure == "more than 2,000")]
    assert "same number, different referent" in short.iloc[0].flag
    assert "aj-long-2016" in short.iloc[0].other_articles
    troops = table[table.figure == "from 3,000 to 6,000"]
    assert (troops.flag == "").all()  # same range, same referent: consistent
    assert set(troops.outlet) == {"Al Jazeera"}


def test_coverage_matrix(corpus: Corpus) -> None:
    facts = load_facts(corpus)
    assert (facts.why.str.len() > 20).all()
    mentions = fact_mentions(corpus)
    assert list(mentions.columns) == FACT_COLUMNS and len(mentions) == 51
    m = coverage_matrix(corpus)
    assert list(m.columns) == list(corpus.articles.article_id)
    assert list(m.index) == list(facts.fact)
    assert m.loc["S-400 air defence"].gt(0).tolist() == [False, True, True, False, False]
    assert m.loc["peace-talks venue", "vice-2017"] == 1  # Kazakhstan
    assert m.loc["peace-talks venue", "indep-2017"] == 0
    assert m.loc["earlier withdrawal recalled", "vice-2017"] == 2
    for row in mentions.itertuples():
        assert corpus.articles.loc[row.article_id, "text"][row.start:row.end] == row.match


def test_facts_match_whole_words_with_the_name_guard(tmp_path: Path) -> None:
    corpus = one_article(tmp_path / "c", "Rebels met Basra Ode. The basra talks began.\n",
                         facts="fact,pattern,why\ncity,basra,test\n")
    assert fact_mentions(corpus).match.tolist() == ["basra"]  # not the name "Basra Ode"


def test_without_facts_table(tmp_path: Path) -> None:
    corpus = one_article(tmp_path / "c", "About 60 aircraft have left.\n")
    assert corpus.status("facts") == "missing"
    assert fact_mentions(corpus).empty and list(fact_mentions(corpus).columns) == FACT_COLUMNS
    assert coverage_matrix(corpus).empty and load_facts(corpus).empty
    fig_, ax = plot_fact_coverage(corpus)
    assert "facts.csv" in ax.texts[0].get_text()
    plt.close(fig_)


def test_plot_fact_coverage(corpus: Corpus) -> None:
    fig_, ax = plot_fact_coverage(corpus)
    assert len(ax.texts) == coverage_matrix(corpus).size
    plt.close(fig_)


def test_bad_fact_pattern_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    for f in SEEDS_DIR.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    shutil.copy(DATA_DIR / "articles.csv", folder / "articles.csv")
    (folder / "facts.csv").write_text('fact,pattern,why\nbroken,"(unclosed",test\n',
                                      encoding="utf-8")
    with pytest.raises(CorpusError, match=r"facts\.csv, line 2"):
        open_corpus(folder)
