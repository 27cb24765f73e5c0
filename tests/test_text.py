"""Sentence segmentation on the real corpus."""

from __future__ import annotations

import pandas as pd
from conftest import sentence_with

from helpers.text import split_sentences


def test_offsets_point_into_text(articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    for row in sentences.itertuples():
        assert articles.loc[row.article_id, "text"][row.start:row.end] == row.text
    assert sentences.groupby("article_id").sentence_id.apply(
        lambda s: list(s) == list(range(1, len(s) + 1))).all()


def test_sentences_cover_the_body(articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    """Every non-space character of each body is inside exactly one sentence."""
    for aid, text in articles["text"].items():
        covered = [False] * len(text)
        for row in sentences[sentences.article_id == aid].itertuples():
            for i in range(row.start, row.end):
                assert not covered[i]
                covered[i] = True
        assert all(c or text[i].isspace() for i, c in enumerate(covered))


def test_multi_paragraph_quotation_gives_sensible_sentences(sentences: pd.DataFrame) -> None:
    # Ms Khatib's quotation opens in one paragraph and continues in the next.
    first = sentence_with(sentences, "indep-2017", "Ms Khatib told The Independent.")
    assert first.text == ('"Russia is not yet done with its campaign in Syria," '
                          "Ms Khatib told The Independent.")
    nxt = sentence_with(sentences, "indep-2017", "I think the announcement on its withdrawal")
    cont = sentence_with(sentences, "indep-2017", "But there are still other areas")
    assert nxt.paragraph_id == first.paragraph_id
    assert cont.paragraph_id == first.paragraph_id + 1
    assert cont.text.startswith('"But there are still other areas')


def test_abbreviation_does_not_split() -> None:
    text = "The cease-fire in Syria began on Dec. 29, and thus far appears to be holding."
    assert split_sentences(text) == [(0, len(text))]


def test_sentence_never_crosses_a_paragraph(sentences: pd.DataFrame) -> None:
    assert not sentences.text.str.contains("\n\n").any()


def test_fast_path_agrees_with_pysbd(articles: pd.DataFrame) -> None:
    """Paragraphs that skip pysbd are exactly those pysbd would return whole."""
    from helpers.text import _segmenter, is_one_sentence, paragraphs

    skipped = 0
    for text in articles["text"]:
        for start, end in paragraphs(text):
            para = text[start:end]
            if is_one_sentence(para):
                skipped += 1
                assert [p.strip() for p in _segmenter().segment(para) if p.strip()] == [para]
    assert skipped > 40
