"""Sentence segmentation on the real corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pysbd
import pytest
from conftest import sentence_with

from helpers import load_articles
from helpers.text import _segmenter, is_one_sentence, paragraphs, split_sentences

CORPORA = Path(__file__).parent / "corpora"


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


def _stock_pysbd() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def _all_paragraphs(articles: pd.DataFrame) -> list[str]:
    return [text[start:end] for text in articles["text"] for start, end in paragraphs(text)]


def test_fast_path_agrees_with_pysbd(articles: pd.DataFrame) -> None:
    """Paragraphs that skip pysbd are exactly those pysbd would return whole."""
    skipped = 0
    for para in _all_paragraphs(articles):
        if is_one_sentence(para):
            skipped += 1
            assert [p.strip() for p in _stock_pysbd().segment(para) if p.strip()] == [para]
    assert skipped > 40


@pytest.mark.parametrize("corpus", [None, CORPORA / "small", CORPORA / "hostile"],
                         ids=["built-in", "small", "hostile"])
def test_faster_abbreviation_pass_agrees_with_pysbd(corpus: Path | None) -> None:
    """The segmenter with the faster abbreviation pass splits every paragraph as pysbd does."""
    stock = _stock_pysbd()
    paras = _all_paragraphs(load_articles(corpus))
    assert len(paras) > 20
    for para in paras:
        assert _segmenter().segment(para) == stock.segment(para), para


@pytest.mark.parametrize("text", [
    "Gen. al-Assad met Col. Smith at 5 p.m. on Jan. 3. The U.S. Army said no. 5 was gone.",
    "The {al} Thing said {gen} X. Then {dr} y. i.e. this. E.g. that. Ph.D. holders.",
    "\u017ft. Mary and \u0130d. x and \u0131d. y. Art. 5 says so. No. 6 is here. Fig. 3 shows.",
    "a. first b. second c. third. 1. one 2. two. (i) x (ii) y.",
    'Mr. Putin (the president) said: "We will go." Mrs. May? No! Yes!! Maybe?!',
    "Prof.Smith and St.Louis. Vs. them. DR. JONES. GEN. Y. Messrs. A and B.\nCo. Ltd. x.",
])
def test_faster_abbreviation_pass_on_awkward_text(text: str) -> None:
    """Abbreviations in every case, braces, case-folding traps, lists and line breaks."""
    assert _segmenter().segment(text) == _stock_pysbd().segment(text)


def test_sentence_splitting_is_the_same_in_threads() -> None:
    """Each thread has its own pysbd segmenter, so threads (Dask's threaded workers) give the
    same sentences as one thread."""
    from concurrent.futures import ThreadPoolExecutor

    texts = list(load_articles(Path(__file__).parent / "corpora" / "hostile").text) * 10
    alone = [split_sentences(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(split_sentences, texts)) == alone
