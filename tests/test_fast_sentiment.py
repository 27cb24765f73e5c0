"""The faster sentiment scorers give exactly the stock TextBlob and VADER results."""

from __future__ import annotations

import pytest
from textblob.en import parser as stock_parser
from textblob.en import sentiment as stock_pattern
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpers import open_corpus
from helpers import sentiment as se
from helpers.corpus import ROOT
from helpers.synthetic import synthetic_corpus

#: Texts that reach the rare branches: emoji and emoticons, negations, "but", "kind of",
#: idioms, capitals, exclamation marks, sarcasm, empty and blank text.
EDGE_CASES = [
    "", "   ", "I am :) happy 😀 today", "😀", "Great 👍👍 news!!!", "  not good!!! ",
    "It's not really good, but :-( great", "kind of bad", "NOT BAD at all!?", "no no no",
    "never so good (!)", "Without doubt the best", "He is the bomb, cut me some slack.",
    "At least it was not the least bad.", "They were not at all happy <3 ;)", "Σ ΣΑΣ good",
    "The deal was neither good nor bad, but the talks were very, very good.",
    "Mr. Smith didn't say U.S. troops'd go... He'll see, won't he?! 'Yes' \"no\" (!) :-) ;)",
    "Line one\r\n\r\nLine two\n\n\nthree. e.g. T. De Smedt, Gen. X. 3.5 per cent. End.",
    "«Quoted» ‘single’ “double” (bracketed) [square] {curly} @user #tag $5 ^ & * + - | = ~ _",
    "It's great!!! Really??? I'm... not sure. They've gone. We're here. You'd know. Ok...",
]


def _texts() -> list[str]:
    """Every sentence of the built-in, test and a synthetic corpus, and the edge cases."""
    texts = list(EDGE_CASES)
    folders = [None, *(ROOT / "tests" / "corpora" / n for n in ("small", "fresh", "unseen",
                                                                 "hostile"))]
    for folder in folders:
        texts += open_corpus(folder).sentences["text"].tolist()
    return texts


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("synthetic") / "corpus"
    synthetic_corpus(150, folder, seed=3)
    return _texts() + open_corpus(folder).sentences["text"].tolist()


def test_lexicon_copy_scores_as_textblob(texts: list[str]) -> None:
    fast = se._patterns()
    for text in texts:
        got, expected = fast(text), stock_pattern(text)
        assert tuple(got) == tuple(expected), text
        assert got.assessments == expected.assessments, text


def test_tokenizer_as_textblobs(texts: list[str]) -> None:
    for text in texts:
        assert se._find_tokens(text) == stock_parser.find_tokens(text), text


def test_vader_scores_as_stock_vader(texts: list[str]) -> None:
    fast, stock = se._vader(), SentimentIntensityAnalyzer()
    for text in texts:
        assert fast.polarity_scores(text) == stock.polarity_scores(text), text


def test_emoji_text_takes_vaders_own_pass() -> None:
    """Text with an emoji is rebuilt by VADER itself (its description is scored)."""
    text = "The talks 😀 went on"
    assert not se._vader()._emoji_chars.isdisjoint(text)
    assert se._vader().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(
        text)
