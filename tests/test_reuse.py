"""Sentence alignment and version diffs on the real corpus; the index stays sub-quadratic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import sentence_with

from helpers.reuse import (
    align_sentences,
    article_similarity,
    build_index,
    compare_versions,
    is_spelling_variant,
    normalise,
    reuse_summary,
    word_changes,
)


@pytest.fixture(scope="module")
def alignment(sentences: pd.DataFrame) -> pd.DataFrame:
    return align_sentences(sentences)


@pytest.fixture(scope="module")
def diff(sentences: pd.DataFrame) -> pd.DataFrame:
    return compare_versions(sentences, "aj-short-2016", "aj-long-2016")


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


def test_only_the_two_versions_share_sentences(alignment: pd.DataFrame) -> None:
    shared = reuse_summary(alignment)
    assert list(zip(shared.article_a, shared.article_b, strict=True)) == [
        ("aj-short-2016", "aj-long-2016")]


def test_similarity_matrix(sentences: pd.DataFrame) -> None:
    m = article_similarity(sentences)
    assert list(m.index) == list(m.columns) == list(dict.fromkeys(sentences.article_id))
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


def test_index_is_not_all_pairs(sentences: pd.DataFrame) -> None:
    """Copies of the corpus: identical texts are grouped, not compared pair by pair."""
    copies = pd.concat([sentences.assign(article_id=sentences.article_id + f"-{i}")
                        for i in range(40)], ignore_index=True)
    index = build_index(copies)
    assert len(index.texts) == sentences.text.map(normalise).nunique()
    n = len(copies)
    assert len(index.pairs) < n  # verified similar pairs of distinct texts, not n*(n-1)/2
    capped = align_sentences(copies, index, top_k=3)
    assert len(capped) <= 3 * n  # each sentence keeps at most three matches
    in_pairs = pd.concat([capped[["article_a", "sentence_a"]].set_axis(["a", "s"], axis=1),
                          capped[["article_b", "sentence_b"]].set_axis(["a", "s"], axis=1)])
    assert len(in_pairs.drop_duplicates()) == n  # yet every sentence has its copies found
