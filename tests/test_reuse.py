"""Sentence alignment and version diffs on the real corpus; the index stays sub-quadratic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import sentence_with

from helpers import open_corpus, reuse
from helpers.corpus import ROOT, Corpus
from helpers.reuse import (
    MIN_SIMILARITY,
    VERSION_THRESHOLD,
    align_sentences,
    article_similarity,
    build_index,
    compare_versions,
    is_spelling_variant,
    normalise,
    reuse_summary,
    version_pairs,
    word_changes,
)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return open_corpus()


@pytest.fixture(scope="module")
def alignment(corpus: Corpus) -> pd.DataFrame:
    return align_sentences(corpus)


@pytest.fixture(scope="module")
def diff(corpus: Corpus) -> pd.DataFrame:
    return compare_versions(corpus, "aj-short-2016", "aj-long-2016")


def sentence_corpus(rows: list[tuple[str, str]], tables: dict) -> Corpus:
    """A corpus made of ``(article_id, sentence)`` rows, sentences numbered within articles."""
    sentences = pd.DataFrame(rows, columns=["article_id", "text"])
    sentences["sentence_id"] = sentences.groupby("article_id").cumcount() + 1
    sentences["start"] = 0
    sentences["end"] = sentences.text.str.len()
    ids = list(dict.fromkeys(sentences.article_id))
    articles = pd.DataFrame({"article_id": ids, "outlet": "Wire", "event": "e"}, index=ids)
    return Corpus(None, articles, sentences, tables)


def pair(alignment: pd.DataFrame, needle: str) -> pd.Series:
    hits = alignment[alignment.text_a.str.contains(needle, regex=False)]
    assert len(hits) == 1, hits
    return hits.iloc[0]


def test_identical_despite_curly_apostrophes(alignment: pd.DataFrame) -> None:
    row = pair(alignment, "quoted Assad as saying")
    assert (row.article_a, row.article_b, row.status) == ("aj-short-2016", "aj-long-2016",
                                                           "identical")
    assert row.changes.startswith("typography only")


def test_spelling_variant_is_near_identical(alignment: pd.DataFrame) -> None:
    row = pair(alignment, "S-400 defense system")
    assert row.status == "near-identical"
    assert "defense → defence (spelling)" in row.changes
    assert "Khodr → she (wording)" in row.changes


def test_changed_figure_referent_is_reworded(alignment: pd.DataFrame) -> None:
    row = pair(alignment, "more than 2,000 Syrians")
    assert row.status == "reworded"
    assert "Syrians → rebel fighters including 17 rebel leaders (wording)" == row.changes


def test_offsets_point_into_text(alignment: pd.DataFrame, articles: pd.DataFrame) -> None:
    for row in alignment.itertuples():
        assert articles.loc[row.article_a, "text"][row.start_a:row.end_a] == row.text_a
        assert articles.loc[row.article_b, "text"][row.start_b:row.end_b] == row.text_b


def test_only_the_two_versions_share_sentences(corpus: Corpus) -> None:
    shared = reuse_summary(corpus)
    assert list(zip(shared.article_a, shared.article_b, strict=True)) == [
        ("aj-short-2016", "aj-long-2016")]
    row = shared.iloc[0]
    assert (row.identical, row["near-identical"], row.reworded, row.total) == (3, 6, 3, 12)
    assert row.version and row.similarity == 0.632
    pairs = version_pairs(corpus)
    assert pairs[["article_a", "article_b"]].values.tolist() == [["aj-short-2016",
                                                                   "aj-long-2016"]]
    assert version_pairs(corpus, threshold=0.7).empty
    assert list(version_pairs(corpus, threshold=0.7).columns) == list(pairs.columns)


def test_the_summary_lists_every_pair_that_shares_a_sentence(corpus: Corpus) -> None:
    """Two wire copies and a third article quoting one of their sentences: three pairs share
    something, one pair is a version of the other."""
    wire = ["Troops will leave on Monday, the ministry said.",
            "The decision follows weeks of talks in Geneva.",
            "Aid groups welcomed the move but urged caution."]
    rows = [("wire-a", t) for t in wire] + [("wire-b", t) for t in wire] + [
        ("column", "Markets rallied after the announcement."),
        ("column", "Aid groups welcomed the move but urged caution."),
        ("column", "Analysts expect more volatility this week."),
        ("column", "Oil prices fell by two percent.")]
    small = sentence_corpus(rows, corpus.tables)
    table = reuse_summary(small)
    assert len(table) == 3 and (table.total > 0).all()
    assert table[["article_a", "article_b", "version"]].values.tolist()[0] == [
        "wire-a", "wire-b", True]
    assert version_pairs(small)[["article_a", "article_b"]].values.tolist() == [
        ["wire-a", "wire-b"]]
    assert VERSION_THRESHOLD > table.similarity.iloc[1] > 0


def test_two_articles_sharing_one_identical_sentence(corpus: Corpus) -> None:
    """Wire copy: the only similar texts are identical, so no pair of distinct texts is kept."""
    same = sentence_corpus([("a", "The cat sat on the mat today."),
                            ("b", "The cat sat on the mat today.")], corpus.tables)
    aligned = align_sentences(same)
    assert aligned[["article_a", "article_b", "status", "similarity"]].values.tolist() == [
        ["a", "b", "identical", 1.0]]
    assert article_similarity(same).loc["a", "b"] == 1
    assert version_pairs(same)[["article_a", "article_b"]].values.tolist() == [["a", "b"]]


def test_ten_thousand_rows_pointing_at_one_file(corpus: Corpus) -> None:
    """An articles.csv whose 10,000 rows name the same text: every article is a copy."""
    text = "Russia will keep its airbase and naval facility in Syria."
    copies = sentence_corpus([(f"row-{i}", text) for i in range(10_000)], corpus.tables)
    aligned = align_sentences(copies)
    assert len(aligned) <= 5 * 10_000 and (aligned.status == "identical").all()
    matrix = article_similarity(copies)
    assert matrix.shape == (10_000, 10_000) and float(matrix.to_numpy().min()) == 1.0


def test_nothing_shared_gives_empty_tables_with_their_columns(corpus: Corpus) -> None:
    apart = sentence_corpus([("a", "The council voted to close the branch."),
                             ("b", "Oil prices fell by two percent on Friday.")], corpus.tables)
    assert align_sentences(apart).empty
    table = reuse_summary(apart)
    assert table.empty and list(table.columns) == ["article_a", "article_b", "similarity",
                                                   "identical", "near-identical", "reworded",
                                                   "total", "version"]
    assert version_pairs(apart).empty


def test_similarity_matrix(corpus: Corpus) -> None:
    m = article_similarity(corpus)
    assert list(m.index) == list(m.columns) == list(corpus.articles.article_id)
    assert np.allclose(m.to_numpy(), m.to_numpy().T)
    assert np.allclose(np.diag(m.to_numpy()), 1)
    assert 0.5 < m.loc["aj-short-2016", "aj-long-2016"] < 1
    assert m.loc["indep-2017", "vice-2017"] == 0


def test_version_diff_keeps_order_and_marks_additions(diff: pd.DataFrame) -> None:
    assert list(diff.columns[:3]) == ["left_sentence", "right_sentence", "status"]
    left = diff.left_id.dropna().tolist()
    right = diff.right_id.dropna().tolist()
    assert left == sorted(left) and right == sorted(right)
    added = diff[diff.status == "added"].right_sentence
    assert added.str.contains("17 rebel leaders").sum() == 0  # paired, not added
    assert added.str.contains("more than 250,000 people").sum() == 1
    removed = diff[diff.status == "removed"].left_sentence
    assert removed.str.contains("pose as a peacemaker").sum() == 1


def test_version_diff_pairs_spelling_change(diff: pd.DataFrame) -> None:
    row = diff[diff.left_sentence.str.contains("defense ministry announced")].iloc[0]
    assert row.right_sentence.startswith("Russia’s defence ministry has announced")
    assert "defense → defence (spelling)" in row.changes


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("defense", "defence", True), ("pull-out", "pullout", True), ("Moscow", "Russia", False),
    ("2,000", "2,500", False), ("said", "says", False)])
def test_spelling_variants(a: str, b: str, expected: bool) -> None:
    assert is_spelling_variant(a, b) is expected


def test_word_changes_on_real_pair(sentences: pd.DataFrame) -> None:
    a = sentence_with(sentences, "aj-short-2016", "Moscow did not indicate").text
    b = sentence_with(sentences, "aj-long-2016", "Russia did not indicate").text
    assert word_changes(a, b) == [{"old": "Moscow", "new": "Russia", "kind": "wording"}]


def test_index_is_not_all_pairs(corpus: Corpus, sentences: pd.DataFrame) -> None:
    """Copies of the corpus: identical texts are grouped, not compared pair by pair."""
    rows = pd.concat([sentences.assign(article_id=sentences.article_id + f"-{i}")
                      for i in range(40)], ignore_index=True)
    ids = list(dict.fromkeys(rows.article_id))
    copies = Corpus(None, pd.DataFrame({"article_id": ids}, index=ids), rows, corpus.tables)
    index = build_index(copies)
    assert build_index(copies) is index and index.min_similarity == MIN_SIMILARITY
    assert len(index.texts) == sentences.text.map(normalise).nunique()
    n = len(rows)
    assert len(index.pairs) < n  # verified similar pairs of distinct texts, not n*(n-1)/2
    capped = align_sentences(copies, top_k=3)
    assert len(capped) <= 3 * n  # each sentence keeps at most three matches
    in_pairs = pd.concat([capped[["article_a", "sentence_a"]].set_axis(["a", "s"], axis=1),
                          capped[["article_b", "sentence_b"]].set_axis(["a", "s"], axis=1)])
    assert len(in_pairs.drop_duplicates()) == n  # yet every sentence has its copies found


@pytest.mark.parametrize("corpus_dir", [None, ROOT / "tests" / "corpora" / "small",
                                        ROOT / "tests" / "corpora" / "unseen"])
def test_the_sparse_join_gives_the_matrix_pairs(corpus_dir) -> None:
    """Above DENSE_ARTICLES the pairs come from a join on shared groups: the same table."""

    corpus = open_corpus(corpus_dir)
    index = reuse.build_index(corpus)
    ids = list(corpus.articles["article_id"])
    for nearest in (None, 1, reuse.NEAREST):
        dense = reuse.article_pairs(index, ids, nearest=nearest)
        sparse = reuse.article_pairs(index, ids, nearest=nearest, dense_articles=0)
        pd.testing.assert_frame_equal(sparse, dense)
