"""The faster sentence splitting gives exactly stock pysbd's sentences and the same paragraphs."""

from __future__ import annotations

import random
import re

import pysbd
import pytest

from helpers.corpus import ROOT, load_articles
from helpers.synthetic import synthetic_corpus
from helpers.text import _segmenter, is_one_sentence, paragraphs

CORPORA = ROOT / "tests" / "corpora"

#: Lists in every form pysbd knows, its placeholder symbols, ellipses, repeated punctuation,
#: times, numbered references and quotations: the texts its skipped searches are about.
AWKWARD = [
    "a. first b. second c. third. Then i. one ii. two iii. three. Done.",
    "Options: (a) stay (b) go (c) wait. Or (i) x (ii) y (iii) z. Or a) p b) q.",
    "1. One thing. 2. Another thing. 3. A third.\n4) four 5) five 6) six. End.",
    "Steps:\n1. Wake up.\n2. Eat.\n- 3. Sleep. It was 3.5 per cent. For 2. me.",
    "He left at 5 p.m. Then at 6 P.M. She came. At 7 a.m. The end... Or is it. . . ?",
    "Really?! No!! Why?? Yes!? Wait... What.... Stop. It is 'quoted. text' here.",
    "The file .pdf was 3.5 MB. At 45° N. 12 is far. Co. KG. Mr. Smith's. U.S. The.",
    "A sentence with ∯ and &ᓴ& and ☉ and ȸ symbols. Another one with ƪƪƪ. Last ♨ one.",
    'He said "It is over. We leave." Then (he added) "No." Fine.[1] Next 2. Done.',
    "An item x) and y). Yahoo! is a word. The end! And more (!) here.",
    "He said «It is. Over.» Then [a note. Here] and -- an aside. Here -- ended. Fine.",
    "‘Single. Quote’ he said. 'Plain. Quote' too. “Curly. Double” as well. Done?! Yes.",
    "It fell.[3] Then the war.12 It grew 5.5 per cent. Wow!!! Really??? No.1 in 1999. Done.",
    "Is it? 'Yes!' she said. \"Why?\" he asked! Then... it ended . . . There. . . . Ok.",
]


def _stock() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Article texts of the test corpora without a pysbd test of their own, and a synthetic
    corpus whose paragraphs are mostly collages of several sentences."""
    folder = tmp_path_factory.mktemp("synthetic") / "corpus"
    synthetic_corpus(120, folder, seed=5, whole_paragraphs=0.2)
    found = []
    for corpus in (CORPORA / "fresh", CORPORA / "unseen", folder):
        found += load_articles(corpus)["text"].tolist()
    return found


def _paragraph_texts(texts: list[str]) -> list[str]:
    return [text[start:end] for text in texts for start, end in paragraphs(text)]


def test_segmenter_splits_as_stock_pysbd(texts: list[str]) -> None:
    stock = _stock()
    paras = [p for p in _paragraph_texts(texts) if not is_one_sentence(p)]
    assert len(paras) > 200
    for para in paras:
        assert _segmenter().segment(para) == stock.segment(para), para


def test_one_sentence_paragraphs_are_whole_for_pysbd(texts: list[str]) -> None:
    stock = _stock()
    whole = [p for p in _paragraph_texts(texts) if is_one_sentence(p)]
    assert len(whole) > 100
    for para in whole:
        assert [s.strip() for s in stock.segment(para) if s.strip()] == [para]


@pytest.mark.parametrize("text", AWKWARD)
def test_segmenter_on_awkward_text(text: str) -> None:
    assert _segmenter().segment(text) == _stock().segment(text)


#: The pattern that found paragraphs before :func:`helpers.text.paragraphs` was rewritten
#: without it: the reference the rewrite must agree with.
_REFERENCE = re.compile(r"\S(?:.*?\S)?(?=\s*(?:\n\s*\n|$))", re.DOTALL)


def _reference_paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _REFERENCE.finditer(text)]


def test_paragraphs_as_the_reference_pattern(texts: list[str]) -> None:
    for text in texts + AWKWARD:
        assert paragraphs(text) == _reference_paragraphs(text)


def test_paragraphs_as_the_reference_pattern_on_random_whitespace() -> None:
    """Runs of every kind of space and line break, and one-character paragraphs."""
    rng = random.Random(2016)
    for alphabet in ("ab .\n\n\t\r\x0b\u2028\xa0", "a\n\n \n", "a \n\n\n\r"):
        for _ in range(20_000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
            assert paragraphs(text) == _reference_paragraphs(text), repr(text)

