"""The quicker paths of quote extraction find what the plain ones found: reported speech
visits only the words where a speech cue starts, and a multi-word entry of a word list is
looked for only where a word can start it."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from helpers import open_corpus
from helpers import speakers as sp
from helpers.quotes import _Article, _Grammar, _sentences_by_article, registry, speaker_words

CORPORA = Path(__file__).parent / "corpora"


def _indirect_by_every_token(g: _Grammar, k: int) -> list:
    """Reported speech in sentence ``k`` found by looking for a cue at every token."""
    start, end = g.s_start[k], g.s_end[k]
    toks = g.tokens_in(start, end)
    found = []
    for n, tok in enumerate(toks):
        j = bisect.bisect_left(g.cues, (tok.start,))
        cue = g.cues[j] if tok.word and j < len(g.cues) and g.cues[j][0] == tok.start else None
        if cue is None or cue[3] == "object":
            continue
        att = g._phrase_at(toks, 0, n, cue, after=False)
        if att is not None:
            found.append((att.phrase.start, att.phrase, cue[2]))
    return found


def _has_everywhere(words: sp.Words, kind: str, tokens: list[sp.Token]) -> bool:
    """:meth:`helpers.speakers.Words.has` trying every window of words."""
    ws = [t for t in tokens if t.kind == "w"]
    if any(words.is_word(kind, t.text) for t in ws):
        return True
    multi = words._multi[kind]
    return any(tuple(w.bare for w in ws[i:i + n]) in multi
               or tuple(w.low for w in ws[i:i + n]) in multi
               for n in words._lengths[kind] for i in range(len(ws) - n + 1))


@pytest.mark.parametrize("corpus", [None, "small", "hostile", "fresh", "unseen"])
def test_quick_paths_find_the_same(corpus: str | None) -> None:
    c = open_corpus(None if corpus is None else CORPORA / corpus, cache=False)
    words, reg = speaker_words(c), registry(c)
    by_article = _sentences_by_article(c.sentences)
    checked = 0
    for aid, text in zip(c.articles["article_id"], c.articles["text"], strict=True):
        if aid not in by_article:
            continue
        g = _Article(aid, text, by_article[aid], words, reg).g
        for k in range(len(g.s_start)):
            assert g.indirect(k) == _indirect_by_every_token(g, k)
            toks = g.tokens_in(g.s_start[k], g.s_end[k])
            for kind in ("institution", "media", "role"):
                for n in range(0, len(toks), 3):  # windows of the sentence's words
                    window = toks[n:n + 6]
                    assert words.has(kind, window) == _has_everywhere(words, kind, window)
                    checked += 1
    assert checked
