"""Sentence segmentation with pysbd (rule-based, needs no NLTK corpora)."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import pysbd

SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "start", "end", "text"]


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


_FINAL_STOP = re.compile(r"[.!?…]+[\"”’')\]]*\s*$")
_ANY_STOP = re.compile(r"[.!?\n]")


def is_one_sentence(paragraph: str) -> bool:
    """True when a paragraph has no sentence boundary to find: no ``.``, ``!``, ``?`` or line
    break except its final punctuation. pysbd is then skipped (it returns the paragraph whole),
    which makes segmentation several times faster on news text.

    >>> is_one_sentence("Putin made the announcement during a meeting in Moscow.")
    True
    >>> is_one_sentence("The cease-fire began on Dec. 29, and appears to be holding.")
    False
    """
    return not _ANY_STOP.search(_FINAL_STOP.sub("", paragraph))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph of a text; paragraphs are split at blank lines.

    >>> paragraphs("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\s*(?:\n\s*\n|$))",
                                                      text, re.DOTALL)]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, paragraph by paragraph.

    A sentence never crosses a paragraph break, so a quotation that runs over
    several paragraphs gives one or more sentences per paragraph.

    >>> t = 'The cease-fire in Syria began on Dec. 29, and thus far appears to be holding. It did.'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['The cease-fire in Syria began on Dec. 29, and thus far appears to be holding.', 'It did.']
    """
    spans = []
    for p_start, p_end in paragraphs(text):
        para = text[p_start:p_end]
        if is_one_sentence(para):
            spans.append((p_start, p_end))
            continue
        cursor = 0
        for piece in _segmenter().segment(para):
            piece = piece.strip()
            if not piece:
                continue
            found = para.find(piece, cursor)
            if found < 0:  # pysbd altered the text; fall back to the rest of the paragraph
                found, piece = cursor, para[cursor:].strip()
            spans.append((p_start + found, p_start + found + len(piece)))
            cursor = found + len(piece)
        if cursor < len(para.rstrip()):  # text pysbd did not return is kept, never dropped
            rest = para[cursor:]
            lead = len(rest) - len(rest.lstrip())
            spans.append((p_start + cursor + lead, p_end))
    return spans


def load_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of each article body.

    Columns: ``article_id``, ``sentence_id`` (1, 2, ... within the article),
    ``paragraph_id``, ``start``, ``end`` (offsets into the article's ``text``)
    and ``text``.

    >>> from helpers import load_articles
    >>> s = load_sentences(load_articles())
    >>> s.iloc[3]["text"]
    '"Russia is not yet done with its campaign in Syria," Ms Khatib told The Independent.'
    """
    rows = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        para_starts = [s for s, _ in paragraphs(text)]
        for n, (start, end) in enumerate(split_sentences(text), start=1):
            paragraph_id = sum(1 for p in para_starts if p <= start)
            rows.append((aid, n, paragraph_id, start, end, text[start:end]))
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


WORD = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*")


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, word)`` for each word of ``text`` (no NLTK needed).

    Words keep inner hyphens, apostrophes and dots, so "S-400", "al-Assad" and
    "Russia's" stay whole.

    >>> [w for _, _, w in word_spans("The S-400 defence system, Russia’s.")]
    ['The', 'S-400', 'defence', 'system', 'Russia’s']
    """
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
