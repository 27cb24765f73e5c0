"""Who is quoted: find quotations, find their speakers by grammar, score against annotations.

:func:`extract_quotes` finds every stretch of text between quote marks in each
article body (:func:`scan_quotes`) and decides what it is:

* ``direct``: a quotation set off as its own sentence (``"...," Ms Khatib told
  The Independent``, ``She said: "..."``), or a part of a split quotation
  (``"We tried," she said, "but failed."``);
* ``partial``: quoted words inside the writer's own sentence (``Moscow would now
  "intensify" its role``, ``hailed the move as a "positive sign"``);
* ``continuation``: a paragraph that continues a quotation opened in an earlier
  paragraph, or a new quoted paragraph with no attribution straight after a
  quotation by the same speaker;
* ``scare`` / ``slogan``: quoted words nobody is said to have said;
* ``indirect``: a sentence that reports speech without quote marks
  (``Peskov said Putin had informed Assad``).

The speaker comes from the grammar of the sentence around the quotation
(:mod:`helpers.speakers`): "said X", "X said", "X, the ..., said", "X told ...",
"according to X", a speech verb before a colon, a pronoun or role carried back
to the last speaker it can refer to. The actor registry (the corpus's
``actors.csv``) only canonicalises and types the speakers it knows; anyone else
keeps their name as written, with type ``unregistered`` (a person), ``role``,
``media`` or ``institution`` and group ``unregistered``
(:func:`unregistered_speakers` lists them). Speech verbs and the words that type
a speaker come from ``quote_cues.csv``.

The rules are simple and measured, not trusted: :func:`score_quotes` compares the
output with a corpus's ``annotations/quotes.csv``, :func:`score_gold_quotes` with
a gold file in the codebook's format.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import speakers as sp
from helpers.actors import Registry, load_actors, name_key, registry
from helpers.corpus import Corpus, CorpusError, Problem
from helpers.tables import read_csv_rows
from helpers.text import fold, paragraphs, word_count

QUOTE_COLUMNS = ["article_id", "start", "end", "quote", "speaker", "speaker_type",
                 "speaker_group", "kind", "cue", "as_written", "paragraph_id", "n_words",
                 "sentence_id", "speaker_kind"]
SPEECH_KINDS = ("direct", "partial", "continuation")
NOT_SPEECH_KINDS = ("scare", "slogan", "nested")
OPENERS = {"“": "double", "‘": "single", "«": "double", "„": "double"}
CLOSERS = {"”": "double", "»": "double"}
_MAX_GAP_WORDS = 14  # words between a quotation and the verb of its attribution after it
_MAX_COLON_WORDS = 12  # words of an introduction ending in a colon ("May told MPs:")
_MAX_SPLIT_WORDS = 6  # words of an attribution cut off after a question ('Dace asked.')


def load_cues(corpus: Corpus) -> pd.DataFrame:
    """The corpus's ``quote_cues`` table: speech verbs, slogan words and speaker words."""
    return corpus.table("quote_cues")


def load_quote_annotations(corpus: Corpus) -> pd.DataFrame:
    """The corpus's hand annotation ``annotations/quotes.csv`` (``start``/``end`` as integers;
    empty when the corpus has none: annotations are never borrowed)."""
    table = corpus.table("annotations/quotes")
    return table.astype({"start": int, "end": int})


def speaker_words(corpus: Corpus) -> sp.Words:
    """The compiled ``quote_cues`` table of a corpus, built once per corpus."""
    return corpus.stage("speaker_words", lambda: sp.Words.of(
        corpus.tables["quote_cues"], corpus.articles["outlet"]))


# -- scanning: where the quotations are ------------------------------------------------

@dataclass
class Piece:
    """One stretch of quoted text inside one paragraph.

    ``open_at`` is the opening mark, ``start``/``end`` the quoted words (``end`` is
    the closing mark, or the paragraph end when the quotation runs on);
    ``continues`` marks a paragraph that continues a quotation left open in the
    paragraph before; pieces of one multi-paragraph quotation share ``chain``.
    """

    open_at: int
    start: int
    end: int
    closed: bool
    continues: bool
    paragraph: int
    chain: int

    @property
    def span(self) -> tuple[int, int]:
        """Offsets of the quotation with its marks (end exclusive)."""
        return self.open_at, self.end + 1 if self.closed else self.end


_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "for", "in", "on", "to", "at", "by",
                "with", "from", "de", "la", "le"}


def _is_title(quoted: str) -> bool:
    """Whether quoted words look like a title or a name (every word capitalised but the small
    ones, at least two words, no closing punctuation): "Save Our Library", "Rail for All".

    >>> _is_title("Rail for All"), _is_title("a positive sign"), _is_title("Yes."), _is_title("UN")
    (True, False, False, False)
    """
    words = quoted.split()
    if len(words) < 2 or quoted.rstrip()[-1:] in ".,!?;:…":
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def _is_open_context(text: str, i: int) -> bool:
    """True when a quote mark at ``i`` stands where a quotation can open."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([—–-“‘\"'/"


def scan_quotes(text: str, spans: list[tuple[int, int]] | None = None
                ) -> tuple[list[Piece], list[tuple[int, int]]]:
    """Find quoted pieces paragraph by paragraph; return ``(pieces, nested spans)``.

    Straight and curly, double and single marks; an apostrophe (``today’s``,
    ``rebels'``) is not a quote mark; a quotation left open at a paragraph's end
    continues when the next paragraph opens with the same mark.

    >>> t = "Ms Khatib said: “It is ‘symbolic’,” and left."
    >>> pieces, nested = scan_quotes(t)
    >>> [t[p.start:p.end] for p in pieces], [t[s:e] for s, e in nested]
    (['It is ‘symbolic’,'], ['symbolic'])
    """
    spans = paragraphs(text) if spans is None else spans
    pieces: list[Piece] = []
    nested: list[tuple[int, int]] = []
    carry: str | None = None  # type of a quotation left open at the end of a paragraph
    chain = 0
    for pid, (p_start, p_end) in enumerate(spans, start=1):
        stack: list[tuple[str, int]] = []
        continues_at: int | None = None
        for m in re.finditer(r"[\"'“”‘’«»„]", text[p_start:p_end]):
            i, ch = p_start + m.start(), m.group()
            kind, action = _mark(text, i, ch, stack)
            if action == "open":
                if not stack and i == p_start and carry == kind:
                    continues_at = i
                stack.append((kind, i))
            elif action == "close" and stack and stack[-1][0] == kind:
                _, opened = stack.pop()
                if stack:
                    nested.append((opened + 1, i))
                else:
                    cont = continues_at == opened
                    chain += 0 if cont else 1
                    pieces.append(Piece(opened, opened + 1, i, True, cont, pid, chain))
        carry = None
        if stack:
            kind, opened = stack[0]
            cont = continues_at == opened
            chain += 0 if cont else 1
            pieces.append(Piece(opened, opened + 1, p_end, False, cont, pid, chain))
            carry = kind
    return pieces, nested


def _mark(text: str, i: int, ch: str, stack: list[tuple[str, int]]) -> tuple[str, str]:
    """What the quote mark ``ch`` at ``i`` does: ``(kind, "open" | "close" | "")``."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in OPENERS:
        return OPENERS[ch], "open"
    if ch in CLOSERS:
        return CLOSERS[ch], "close"
    if ch == '"':
        inside = any(k == "double" for k, _ in stack)
        action = "close" if inside and not text[i - 1].isspace() else (
            "open" if _is_open_context(text, i) else ("close" if inside else ""))
        return "double", action
    if ch == "’":
        if stack and stack[-1][0] == "single" and not nxt.isalpha():
            return "single", "close"
        return "single", ""
    # a straight single quote
    if stack and stack[-1][0] == "single" and not nxt.isalpha() and not text[i - 1].isspace():
        return "single", "close"
    if _is_open_context(text, i) and nxt.isalpha():
        return "single", "open"
    return "single", ""


# -- attributing: who said each quotation ----------------------------------------------

@dataclass
class _Attribution:
    """A quotation's own attribution in its sentence."""

    phrase: sp.Phrase
    cue: str
    after: bool  # the attribution follows the quotation
    colon: bool = False


@dataclass
class _Quote:
    """A piece with what is known about it."""

    piece: Piece
    sentence: int  # index into the article's sentences
    frame: tuple[int, int]
    own_form: bool = False  # opens its sentence, follows a colon, or continues a split quote
    own: _Attribution | None = None
    speaker: sp.Speaker | None = None
    as_written: str = ""
    cue: str = ""
    kind: str = ""


@dataclass
class _Sentences:
    """One article's sentences (from ``corpus.sentences``), as plain lists."""

    start: list[int]
    end: list[int]
    sentence_id: list[int]
    paragraph_id: list[int]


def _sentences_by_article(sentences: pd.DataFrame) -> dict[str, _Sentences]:
    """Each article's sentences as :class:`_Sentences`, split from the corpus table once."""
    out: dict[str, _Sentences] = {}
    columns = [sentences[c].tolist() for c in ("start", "end", "sentence_id", "paragraph_id")]
    for aid, rows in sentences.groupby("article_id", sort=False).indices.items():
        out[aid] = _Sentences(*([col[i] for i in rows] for col in columns))
    return out


class _Grammar:
    """Finding attributions in one article: where each quotation's speaker is named (a
    :class:`~helpers.speakers.Phrase`), and which sentences report speech. Nothing here
    decides who a phrase refers to (that is :class:`~helpers.speakers.Cast`)."""

    def __init__(self, text: str, sentences: _Sentences, pieces: list[Piece],
                 words: sp.Words) -> None:
        self.text, self.words = text, words
        self.s_start = sentences.start
        self.s_end = sentences.end
        self.quoted = [p.span for p in pieces]
        self.cues = [c for c in words.cues(text) if not self._inside(c[0])]
        self.cue_starts = [c[0] for c in self.cues]
        self._cue_by_start: dict[int, tuple[int, int, str, str]] = {}
        for cue in self.cues:  # (in text order: the first cue at a position, as a bisection finds)
            self._cue_by_start.setdefault(cue[0], cue)
        self.tokens = sp.tokenize(text, 0, len(text), self.quoted)
        self.token_starts = [t.start for t in self.tokens]
        self.quotes = [self._quote(p) for p in pieces]
        for q in self.quotes:
            self._attribute(q)

    def _inside(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quoted, (pos, float("inf"))) - 1
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence that holds ``pos``."""
        return max(0, bisect.bisect_right(self.s_start, pos) - 1)

    def _quote(self, piece: Piece) -> _Quote:
        first = self.sentence_of(piece.open_at)
        last = self.sentence_of(max(piece.open_at, piece.end - 1))
        end = max(self.s_end[last], piece.span[1])
        if piece.closed and self._attribution_split_off(piece, last):
            end = self.s_end[last + 1]
        return _Quote(piece, first, (self.s_start[first], end))

    def _attribution_split_off(self, piece: Piece, last: int) -> bool:
        """Whether the sentence after a quotation that ends in "?" or "!" is only its
        attribution ('"What do we get?" Dace asked.'): English runs the two together as one
        sentence, but a sentence splitter cuts after the question mark."""
        nxt = last + 1
        if nxt >= len(self.s_start) or not re.search(
                r"[?!]\W*$", self.text[piece.start:piece.end]) or self.text[
                piece.span[1]:self.s_start[nxt]].strip() or "\n" in self.text[
                piece.span[1]:self.s_start[nxt]]:
            return False
        toks = self.tokens_in(self.s_start[nxt], self.s_end[nxt])
        if any(t.kind == "q" for t in toks):
            return False
        toks = [t for t in toks if t.word]
        if not toks or len(toks) > _MAX_SPLIT_WORDS:
            return False
        for n, tok in enumerate(toks):
            cue = self._cue_at(tok)
            if cue is not None and cue[3] in ("either", "before"):
                rest = [t for t in toks[n + 1:] if t.start >= cue[1]]
                return len(rest) <= 3 and not any(t.low == "that" for t in rest)
        return False

    def tokens_in(self, start: int, end: int) -> list[sp.Token]:
        """The article's tokens that start in ``[start, end)`` (tokenized once per article)."""
        return self.tokens[bisect.bisect_left(self.token_starts, start):
                           bisect.bisect_left(self.token_starts, end)]

    # -- a quotation's own attribution ------------------------------------------------
    def _attribute(self, q: _Quote) -> None:
        """Find the attribution in the quotation's sentence: after it, else before it."""
        toks = self.tokens_in(*q.frame)
        here = next(k for k, t in enumerate(toks) if t.kind == "q" and t.start == q.piece.open_at)
        before = toks[:here]
        prev_q = max((k for k, t in enumerate(before) if t.kind == "q"), default=-1)
        q.own_form = not before
        if not q.own_form and _is_title(self.text[q.piece.start:q.piece.end]):
            return  # 'the 2014 paper "Rail for All"': a name or a title, nobody's words
        if not q.own_form:  # quoted words inside a clause: its own verb comes first
            q.own = self._before(toks, prev_q + 1, here)
            if q.own is not None and q.own.colon:
                q.own_form = True
        if q.own is None and q.piece.closed:
            q.own = self._after(toks, here)

    def _cue_at(self, tok: sp.Token) -> tuple[int, int, str, str] | None:
        """The speech cue that starts where ``tok`` starts, if any."""
        return self._cue_by_start.get(tok.start)

    def _after(self, toks: list[sp.Token], here: int) -> _Attribution | None:
        """'"...," Ms Khatib told', '"...," said X', '"...," X, the ..., said'."""
        k = here + 1
        nxt = toks[k] if k < len(toks) else None
        if nxt is not None and nxt.word and not nxt.cap and nxt.low not in sp.DEFINITE | (
                sp.INDEFINITE) and not sp.is_pronoun(nxt) and not self._cue_at(nxt) and (
                not re.search(r"[,.!?:;…—–-]\s*$", self.text[toks[here].start + 1:
                                                               toks[here].end - 1])):
            return None  # 'the so-called "Islamic State" group claimed': a name, not speech
        gap = 0
        while k < len(toks) and toks[k].kind != "q":
            tok = toks[k]
            if tok.kind == "p" and tok.text in ".!?;:" or gap > _MAX_GAP_WORDS:
                return None
            cue = self._cue_at(tok)
            if cue is not None and not (cue[2].endswith("ing") and " " not in cue[2]):
                # (a participle after a quotation, ", adding that ...", introduces what follows)
                return self._phrase_at(toks, here + 1, k, cue, after=True)
            gap += tok.word
            k += 1
        return None

    def _before(self, toks: list[sp.Token], lo: int, here: int) -> _Attribution | None:
        """'She said: "', 'X warned ... "', 'according to X, "', 'hailed the move as a "'."""
        cues = [(k, self._cue_at(t)) for k, t in enumerate(toks[lo:here], start=lo)
                if t.word and self._cue_at(t) is not None]
        for k, cue in reversed(cues):
            n_cue = k + sum(1 for t in toks[k:here] if t.word and t.end <= cue[1])
            between = toks[n_cue:here]
            colon = bool(between) and between[-1].text == ":"
            side = cue[3]
            if colon:
                if sum(t.word for t in between) > _MAX_COLON_WORDS or any(
                        t.text in ".!?;" or t.kind == "q" for t in between):
                    return None
            elif side == "after":
                if any(t.text in ".!?;:" or t.kind == "q" for t in between):
                    return None
            elif any(t.kind != "w" for t in between) and not self._parenthetical(toks, lo, k,
                                                                               between):
                return None  # a comma or dash between the verb and the quotation
            elif side == "object" and not between:
                continue  # "a group called “...”" names a thing
            found = self._phrase_at(toks, lo, k, cue, after=False)
            if found is not None:
                found.colon = colon
                return found
        return None

    def _parenthetical(self, toks: list[sp.Token], lo: int, k: int,
                       between: list[sp.Token]) -> bool:
        """'The decision, she said, was "long overdue"': an attribution set off by commas
        inside the sentence it attributes."""
        if not between or between[0].text != "," or any(t.kind != "w" for t in between[1:]):
            return False
        found = self._subject(toks, lo, k, "")
        if found is None:
            return False
        first = next((n for n, t in enumerate(toks) if t.start == found.start), None)
        return first is not None and first > lo and toks[first - 1].text == ","

    def _phrase_at(self, toks: list[sp.Token], lo: int, k: int,
                   cue: tuple[int, int, str, str], after: bool) -> _Attribution | None:
        """The speaker of the cue starting at ``toks[k]``; ``toks[lo:k]`` may hold it."""
        _, cue_end, word, side = cue
        n_cue = k + sum(1 for t in toks[k:] if t.word and t.end <= cue_end)
        left = toks[lo:k]
        inverted = not any(t.word for t in left)
        phrase = None
        if side == "after" or (side == "either" and inverted):
            phrase = sp.phrase_after(toks, n_cue, self.words)
        elif side != "after":
            phrase = self._subject(toks, lo, k, word)
        if phrase is None and side == "either" and (after or (left and left[-1].text == ",")):
            phrase = sp.phrase_after(toks, n_cue, self.words, final=True)  # "..., said Putin."
        if phrase is None:
            return None
        return _Attribution(phrase, word, after)

    def _subject(self, toks: list[sp.Token], lo: int, k: int, cue: str) -> sp.Phrase | None:
        """The subject of the cue at ``toks[k]``: named in ``toks[lo:k]`` just before it, or the
        subject of the clause it joins ("..., saying", "... and said"), which may lie before
        an earlier quotation of the sentence."""
        if k - 1 < lo:
            return None
        last = toks[k - 1]
        joined = (last.text == "," and cue.endswith("ing")) or (
            last.word and last.low in ("and", "but") and not last.cap)
        if joined:
            return sp.clause_subject(toks, k - 2, self.words)
        phrase = sp.subject_before(toks[lo:k], k - 1 - lo, self.words, cue)
        if phrase is None and cue.endswith("ing"):
            return sp.clause_subject(toks, k - 1, self.words)  # "Putin ordered ..., saying"
        return phrase

    # -- reported speech -----------------------------------------------------------------
    def indirect(self, k: int) -> list[tuple[int, sp.Phrase, str]]:
        """``(position, phrase, cue)`` of each speaker reported in sentence ``k``."""
        start, end = self.s_start[k], self.s_end[k]
        first_cue = bisect.bisect_left(self.cue_starts, start)
        last_cue = bisect.bisect_left(self.cue_starts, end)
        if first_cue == last_cue:
            return []  # no speech verb in the sentence
        toks = self.tokens_in(start, end)
        first_tok = bisect.bisect_left(self.token_starts, start)
        found = []
        # Only a word where a cue starts can carry one: visit those tokens, in text order (each
        # cue starts one token at most: token starts differ).
        for cue in self.cues[first_cue:last_cue]:
            n = bisect.bisect_left(self.token_starts, cue[0]) - first_tok
            if n >= len(toks) or toks[n].start != cue[0] or not toks[n].word:
                continue
            if self._cue_by_start[cue[0]] is not cue or cue[3] == "object":
                continue
            att = self._phrase_at(toks, 0, n, cue, after=False)
            if att is not None:
                found.append((att.phrase.start, att.phrase, cue[2]))
        return found



class _Article:
    """One article: its quotations and reported speech, the speaker of each resolved in text
    order by the cast, then inherited where a quotation has no attribution of its own."""

    def __init__(self, aid: str, text: str, sentences: _Sentences, words: sp.Words,
                 reg: Registry) -> None:
        self.aid, self.text, self.words, self.registry = aid, text, words, reg
        self.s_id = sentences.sentence_id
        self.s_para = sentences.paragraph_id
        paras = paragraphs(text)
        pieces, _ = scan_quotes(text, paras)
        self.g = _Grammar(text, sentences, pieces, words)
        self.s_start, self.s_end = self.g.s_start, self.g.s_end
        self.quotes = self.g.quotes
        self.para_start = {p: s for p, s in zip(reversed(self.s_para), reversed(self.s_start),
                                                strict=True)}
        self.cast = sp.Cast(text, self.g.tokens, reg, words, self.g.quoted, paras)

    def run(self) -> list[dict]:
        """The article's rows (see :func:`extract_quotes`)."""
        # a quotation's sentence, and the sentence of its own attribution when a splitter cut
        # them apart ('"... What do we get?" / Dace asked.'), report no other speech
        quote_sentences = {q.sentence for q in self.quotes if q.own is not None or q.own_form}
        quote_sentences |= {self.g.sentence_of(q.own.phrase.start) for q in self.quotes
                            if q.own is not None}
        events: list[tuple[int, int, object]] = []
        for q in self.quotes:
            if q.own is not None:
                events.append((q.own.phrase.start, 0, q))
        indirect: list[dict] = []
        reported: dict[int, list[sp.Speaker]] = {}
        for k in range(len(self.s_start)):
            if k in quote_sentences:
                continue
            for pos, phrase, cue in self.g.indirect(k):
                events.append((pos, 1, (k, phrase, cue)))
        for pos, _, item in sorted(events, key=lambda e: (e[0], e[1])):
            if isinstance(item, _Quote):
                item.speaker = self.cast.resolve(item.own.phrase, pos)
                item.as_written = self.text[item.own.phrase.start:item.own.phrase.end]
                item.cue = item.own.cue
                if item.speaker is not None:
                    self.cast.spoke(pos, item.speaker)
            else:
                k, phrase, cue = item
                speaker = self.cast.resolve(phrase, pos)
                if speaker is None:
                    continue
                self.cast.spoke(pos, speaker)
                said = reported.setdefault(k, [])  # speakers already reported in sentence k
                if any(other is speaker for other in said):
                    continue
                said.append(speaker)
                indirect.append(self._row_of(self.s_start[k], self.s_end[k], speaker,
                                             self.text[phrase.start:phrase.end], "indirect",
                                             cue, k))
        self._inherit(indirect)
        self.cast.finish()
        rows = [self._row_of(q.piece.start, q.piece.end, q.speaker, q.as_written, q.kind,
                             q.cue, q.sentence) for q in self.quotes] + indirect
        rows.sort(key=lambda r: (r["start"], r["kind"] == "indirect"))
        for row in rows:
            row.update(sp.speaker_columns(row.pop("_speaker"), self.registry))
            del row["_sentence"]
        return rows

    def _row_of(self, start: int, end: int, speaker: sp.Speaker | None, written: str,
                kind: str, cue: str, k: int) -> dict:
        quote = self.text[start:end].strip()
        start += len(self.text[start:end]) - len(self.text[start:end].lstrip())
        end = start + len(quote)
        return {"article_id": self.aid, "start": start, "end": end, "quote": quote,
                "_speaker": speaker, "_sentence": k, "kind": kind, "cue": cue.lower(),
                "as_written": written if speaker is not None else "",
                "paragraph_id": self.s_para[k], "sentence_id": self.s_id[k],
                "n_words": word_count(quote) if kind != "indirect" else 0}

    def _inherit(self, indirect: list[dict]) -> None:
        """Give quotations without their own attribution the speaker their context implies."""
        heads: dict[int, _Quote] = {}
        context = _Context(self.quotes, indirect)
        for n, q in enumerate(self.quotes):
            head = heads.setdefault(q.piece.chain, q)
            if q.speaker is None and q.piece.continues and head.speaker is not None:
                self._take(q, head)
            if q.speaker is None:
                split = self._split_from(n)
                if split is not None:
                    self._take(q, split)
                    q.own_form = q.own_form or split.own_form
            if q.speaker is None and q.own_form:
                self._from_context(q, n, context)
            context.done(n)
            if q.piece.continues:
                q.kind = "continuation" if q.speaker is not None else "scare"
            elif q.speaker is None:
                prefix = self.text[self.s_start[q.sentence]:q.piece.open_at]
                slogan = self.words.slogan_re is not None and self.words.slogan_re.search(
                    fold(prefix))
                q.kind = "slogan" if slogan else "scare"
            elif not q.kind:
                q.kind = "direct" if q.own_form else "partial"

    def _take(self, q: _Quote, donor: _Quote) -> None:
        q.speaker, q.as_written, q.cue = donor.speaker, donor.as_written, donor.cue

    def _split_from(self, n: int) -> _Quote | None:
        """The first half of a split quotation ('"We tried," she said, "but failed."'): the
        quotation before, attributed after itself, with only that attribution and a comma
        between the two."""
        if n == 0:
            return None
        prev, q = self.quotes[n - 1], self.quotes[n]
        if prev.speaker is None or prev.own is None or not prev.own.after or (
                prev.piece.paragraph != q.piece.paragraph):
            return None
        between = self.g.tokens_in(prev.piece.span[1], q.piece.open_at)
        if not between or between[-1].text not in (",", ":", "—", "–"):
            return None
        if any(t.kind == "p" and t.text in ".!?;" for t in between):
            return None
        return prev

    def _from_context(self, q: _Quote, n: int, context: _Context) -> None:
        """A quotation standing alone: the speaker of a piece of its chain, of its paragraph,
        or of the paragraph before (when it opens its paragraph)."""
        later = [o for o in context.chain(q) if o.speaker is not None]
        if later:
            self._take(q, later[0])
            return
        donor = context.nearest_donor(n)
        if donor is not None:
            self._take(q, donor)
            return
        if q.piece.open_at != self.para_start.get(q.piece.paragraph):
            return
        previous = [(o.piece.open_at, o.speaker, o.as_written, o.cue, o.kind != "")
                    for o in context.paragraph(q.piece.paragraph - 1)
                    if o.speaker is not None and o.kind in (*SPEECH_KINDS, "")]
        previous += [(r["start"], r["_speaker"], r["as_written"], r["cue"], False)
                     for r in context.indirect(q.piece.paragraph - 1)]
        if previous:
            _, speaker, written, cue, was_quote = max(previous, key=lambda p: p[0])
            q.speaker, q.as_written, q.cue = speaker, written, cue
            q.kind = "continuation" if was_quote else "direct"


def _donor(q: _Quote) -> bool:
    """Whether a quotation can lend its speaker to another of its paragraph."""
    return q.speaker is not None and not q.piece.continues and (q.own_form or q.own is not None)


class _Context:
    """Where :meth:`_Article._inherit` looks for a speaker, indexed once per article so an
    article with thousands of quotations stays fast: the attributed pieces of each chain, the
    quotations and reported speech of each paragraph, and the nearest donor of a paragraph.

    Quotations are in text order and ``_inherit`` changes only the one it is at, so a donor
    before it is known from the ones done (:meth:`done`) and a donor after it from the start.
    """

    def __init__(self, quotes: list[_Quote], indirect: list[dict]) -> None:
        self.quotes = quotes
        self.chains: dict[int, list[_Quote]] = {}
        self.paragraphs: dict[int, list[_Quote]] = {}
        self.reported: dict[int, list[dict]] = {}
        for q in quotes:
            if q.own is not None:
                self.chains.setdefault(q.piece.chain, []).append(q)
            self.paragraphs.setdefault(q.piece.paragraph, []).append(q)
        for row in indirect:
            self.reported.setdefault(row["paragraph_id"], []).append(row)
        self.after: list[int | None] = [None] * len(quotes)  # next donor, as at the start
        following: dict[int, int] = {}
        for n in range(len(quotes) - 1, -1, -1):
            para = quotes[n].piece.paragraph
            self.after[n] = following.get(para)
            if _donor(quotes[n]):
                following[para] = n
        self.before: dict[int, int] = {}  # paragraph -> the last donor done

    def chain(self, q: _Quote) -> list[_Quote]:
        """The pieces of ``q``'s chain that have an attribution of their own, in order."""
        return self.chains.get(q.piece.chain, [])

    def paragraph(self, para: int) -> list[_Quote]:
        """The quotations of paragraph ``para``, in order."""
        return self.paragraphs.get(para, [])

    def indirect(self, para: int) -> list[dict]:
        """The reported-speech rows of paragraph ``para``."""
        return self.reported.get(para, [])

    def done(self, n: int) -> None:
        """Quotation ``n`` is settled: it may now lend its speaker to the ones after it."""
        if _donor(self.quotes[n]):
            self.before[self.quotes[n].piece.paragraph] = n

    def nearest_donor(self, n: int) -> _Quote | None:
        """The donor of quotation ``n``'s paragraph whose opening mark is nearest (the earlier
        one on a tie)."""
        at = self.quotes[n].piece.open_at
        options = [self.quotes[i] for i in (self.before.get(self.quotes[n].piece.paragraph),
                                            self.after[n]) if i is not None]
        return min(options, key=lambda o: abs(o.piece.open_at - at), default=None)


def extract_quotes(corpus: Corpus) -> pd.DataFrame:
    """Every quotation and reported-speech sentence in a corpus, with its speaker.

    One row per quoted piece (a quotation running over three paragraphs gives
    three rows) and per sentence of reported speech. Columns: ``article_id``,
    ``start``, ``end`` (offsets into ``text``; the quoted words without the
    marks), ``quote``, ``speaker`` (the registry's canonical name, the name as
    written for a speaker it does not know, or ``""``), ``speaker_type``
    (the registry's actor type, else ``unregistered``, ``role``, ``media`` or
    ``institution``), ``speaker_group`` (``unregistered`` for a speaker the
    registry does not know), ``kind`` (``direct``, ``partial``,
    ``continuation``, ``indirect``, ``scare``, ``slogan``), ``cue`` (the speech
    verb), ``as_written`` (how the text names the speaker), ``paragraph_id``,
    ``n_words`` (quoted words; 0 for indirect speech), ``sentence_id`` (the
    sentence of ``corpus.sentences`` where the row starts) and ``speaker_kind``
    (``person``, ``institution``, ``media`` or ``role``). Computed once per corpus.

    >>> from helpers import open_corpus
    >>> q = extract_quotes(open_corpus())
    >>> row = q[q.quote.str.startswith("I hope today")].iloc[0]
    >>> row.speaker, row.kind, row.cue, row.as_written, int(row.sentence_id)
    ('Vladimir Putin', 'direct', 'said', 'he', 16)
    """
    if not isinstance(corpus, Corpus):
        raise TypeError("extract_quotes takes a Corpus (helpers.open_corpus(folder)), not "
                        f"{type(corpus).__name__}: the quote cues and the actor registry are "
                        "the corpus's own tables.")
    return corpus.stage("quotes", lambda: _extract(corpus))


def _extract(corpus: Corpus) -> pd.DataFrame:
    words, reg = speaker_words(corpus), registry(corpus)
    rows: list[dict] = []
    by_article = _sentences_by_article(corpus.sentences)
    empty = _Sentences([], [], [], [])
    for aid, text in zip(corpus.articles["article_id"], corpus.articles["text"], strict=True):
        rows.extend(_Article(aid, text, by_article.get(aid, empty), words, reg).run())
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


# -- scoring ---------------------------------------------------------------------------

def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_quotes(extracted: pd.DataFrame, annotations: pd.DataFrame
                 ) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, int]]:
    """Pair extracted speech rows with annotated quotations: ``(pred, gold, pairs)``.

    ``pred`` are the extracted direct, partial and continuation rows of the
    annotated articles; ``gold`` the annotated rows with a speaker (scare quotes,
    slogans and nested quotes have none); ``pairs`` maps a ``pred`` row to a
    ``gold`` row when their spans overlap, one to one, largest overlap first.
    """
    pred = extracted[extracted["kind"].isin(SPEECH_KINDS)
                     & extracted["article_id"].isin(annotations["article_id"])
                     ].reset_index(drop=True)
    gold = annotations[(annotations["speaker"] != "")
                       & ~annotations["kind"].isin(NOT_SPEECH_KINDS)].reset_index(drop=True)
    candidates = []
    for aid, g_rows in gold.groupby("article_id"):
        p_rows = pred[pred["article_id"] == aid]
        for i, ps, pe in zip(p_rows.index, p_rows["start"], p_rows["end"], strict=True):
            for j, gs, ge in zip(g_rows.index, g_rows["start"], g_rows["end"], strict=True):
                ov = _overlap((ps, pe), (gs, ge))
                if ov:
                    candidates.append((-ov, i, j))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pred, gold, pairs


def quote_errors(pred: pd.DataFrame, gold: pd.DataFrame, pairs: dict[int, int],
                 annotations: pd.DataFrame) -> pd.DataFrame:
    """The error table of a :func:`match_quotes` pairing: every false positive, miss, wrong
    speaker and kind disagreement, with the article, offsets, quote, both speakers and kinds."""
    errors = []

    def err(kind: str, p: pd.Series | None, g: pd.Series | None) -> None:
        src = p if p is not None else g
        errors.append({"error": kind, "article_id": src["article_id"], "start": src["start"],
                       "end": src["end"], "quote": src["quote"],
                       "extracted_speaker": "" if p is None else p["speaker"],
                       "annotated_speaker": "" if g is None else g["speaker"],
                       "extracted_kind": "" if p is None else p["kind"],
                       "annotated_kind": "" if g is None else _annotated_kind(annotations, src)})

    for i, p in pred.iterrows():
        if i not in pairs:
            err("false positive", p, None)
            continue
        g = gold.loc[pairs[i]]
        if p["speaker"] != g["speaker"]:
            err("wrong speaker", p, g)
        if p["kind"] != g["kind"]:
            err("kind differs", p, g)
    matched = set(pairs.values())
    for j, g in gold.iterrows():
        if j not in matched:
            err("missed", None, g)
    table = pd.DataFrame(errors, columns=[
        "error", "article_id", "start", "end", "quote", "extracted_speaker",
        "annotated_speaker", "extracted_kind", "annotated_kind"])
    return table.sort_values(["article_id", "start", "error"], ignore_index=True)


def score_quotes(corpus: Corpus, extracted: pd.DataFrame | None = None,
                 annotations: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare extracted quotations with the corpus's hand annotation; return
    ``(scores, errors)``.

    ``extracted`` defaults to :func:`extract_quotes` of the corpus and
    ``annotations`` to its ``annotations/quotes.csv``. Only speech counts (see
    :func:`match_quotes`). Only articles that appear in the annotation are
    scored, so an annotation of part of a corpus scores that part, and an empty
    one gives no scores (``NaN``) rather than a precision of 0.

    ``scores`` has one row per measure (``precision``, ``recall``,
    ``speaker_accuracy``, ``kind_agreement``) with ``value``, ``correct`` and
    ``total``; ``errors`` comes from :func:`quote_errors`.

    >>> from helpers import open_corpus
    >>> scores, errors = score_quotes(open_corpus())
    >>> scores.set_index("measure")["value"].tolist(), len(errors)
    ([1.0, 1.0, 1.0, 1.0], 0)
    """
    extracted = extract_quotes(corpus) if extracted is None else extracted
    annotations = load_quote_annotations(corpus) if annotations is None else annotations
    annotations = annotations.reset_index(drop=True)
    pred, gold, pairs = match_quotes(extracted, annotations)
    same_speaker = sum(pred.loc[i, "speaker"] == gold.loc[j, "speaker"] for i, j in pairs.items())
    same_kind = sum(pred.loc[i, "kind"] == gold.loc[j, "kind"] for i, j in pairs.items())
    scores = pd.DataFrame([
        ("precision", len(pairs), len(pred)),
        ("recall", len(pairs), len(gold)),
        ("speaker_accuracy", same_speaker, len(pairs)),
        ("kind_agreement", same_kind, len(pairs)),
    ], columns=["measure", "correct", "total"])
    scores["value"] = (scores["correct"] / scores["total"].where(scores["total"] > 0)).round(3)
    return (scores[["measure", "value", "correct", "total"]],
            quote_errors(pred, gold, pairs, annotations))


def _annotated_kind(annotations: pd.DataFrame, row: pd.Series) -> str:
    """The annotated kind of the span that overlaps ``row`` most ('' if none)."""
    same = annotations[annotations["article_id"] == row["article_id"]]
    best, kind = 0, ""
    for g in same.itertuples():
        ov = _overlap((row["start"], row["end"]), (g.start, g.end))
        if ov > best:
            best, kind = ov, g.kind
    return kind


# -- scoring against a gold file in the codebook's format --------------------------------

GOLD_COLUMNS = ("article_id", "opening", "speaker", "status")
GOLD_STATUSES = ("counted", "ambiguous")


def _norm(text: str) -> str:
    """Folded, lower case, single spaces, straight quotes, no leading "the"."""
    text = fold(text).replace("“", '"').replace("”", '"').lower()
    text = re.sub(r"\s+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


def read_gold_quotes(path: str | Path) -> pd.DataFrame:
    """Read a gold ``quotes.csv`` (``article_id``, ``opening``, ``speaker``, ``status``
    ``counted`` or ``ambiguous``); raise :class:`CorpusError` naming the file and line of
    every bad row."""
    path = Path(path)
    header, rows = read_csv_rows(path)
    missing = [c for c in GOLD_COLUMNS if c not in header]
    if missing:
        raise CorpusError([Problem(str(path), f"missing column(s) {missing}; found {header}.",
                                   f"The gold file needs {', '.join(GOLD_COLUMNS)}.")])
    problems, records = [], []
    for line, row in rows:
        status = row["status"].strip().lower()
        if status not in GOLD_STATUSES:
            problems.append(Problem(f"{path.name}, line {line}",
                                    f"status {row['status']!r} is not one of {GOLD_STATUSES}.",
                                    "Write counted or ambiguous."))
        if not row["opening"].strip():
            problems.append(Problem(f"{path.name}, line {line}", "the opening is empty.",
                                    "Copy the first words of the quotation."))
        records.append({**{c: row[c].strip() for c in GOLD_COLUMNS}, "status": status,
                        "line": line})
    if problems:
        raise CorpusError(problems)
    return pd.DataFrame(records, columns=[*GOLD_COLUMNS, "line"])


def score_gold_quotes(corpus: Corpus, gold_csv: str | Path,
                      extracted: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score the extractor against a gold file in the codebook's format; return
    ``(scores, errors)``.

    The codebook's rules: a counted quotation is *found* when an extracted direct,
    partial or continuation row of its article contains its opening words
    (folded, case and spacing ignored), one row per quotation; it is *right* when
    that row's speaker contains the annotated surname or institution. Precision
    counts extracted speech rows that match no counted and no ambiguous quotation
    against the extractor (a continuation row belongs to the quotation it
    continues). ``scores`` has ``recall`` (found), ``precision`` (speech rows that
    belong to a counted quotation), ``speaker_accuracy`` (right among found),
    ``recall_right_speaker`` and ``precision_right_speaker``, each with ``value``,
    ``correct`` and ``total``. ``errors`` lists each miss, wrong speaker and false
    positive.
    """
    gold = read_gold_quotes(gold_csv)
    extracted = extract_quotes(corpus) if extracted is None else extracted
    pred = extracted[extracted["kind"].isin(SPEECH_KINDS)
                     & extracted["article_id"].isin(gold["article_id"])].reset_index(drop=True)
    quote_norm = [_norm(q) for q in pred["quote"]]
    owner = _continuation_owner(pred)
    used: set[int] = set()
    counted_rows: set[int] = set()
    ambiguous_rows: set[int] = set()
    errors = []
    found = right = 0
    counted = gold[gold["status"] == "counted"]
    for g in gold.itertuples():
        opening = _norm(g.opening)
        hits = [i for i in range(len(pred)) if pred.at[i, "article_id"] == g.article_id
                and opening in quote_norm[i]]
        bucket = counted_rows if g.status == "counted" else ambiguous_rows
        bucket.update(hits)
        if g.status != "counted":
            continue
        free = [i for i in hits if i not in used]
        if not free:
            errors.append(_gold_error("missed", g, None, pred))
            continue
        best = min(free, key=lambda i: (quote_norm[i].index(opening), i))
        used.add(best)
        found += 1
        if _speaker_matches(pred.at[best, "speaker"], g.speaker):
            right += 1
        else:
            errors.append(_gold_error("wrong speaker", g, best, pred))
    good = bad = good_right = 0
    right_rows = {i for i in used if any(
        _speaker_matches(pred.at[i, "speaker"], g.speaker) for g in counted.itertuples()
        if g.article_id == pred.at[i, "article_id"] and _norm(g.opening) in quote_norm[i])}
    for i in range(len(pred)):
        row = owner.get(i, i)
        if i in counted_rows or row in counted_rows:
            good += 1
            good_right += (i in right_rows or row in right_rows) and (
                pred.at[i, "speaker"] == pred.at[row, "speaker"])
        elif i in ambiguous_rows or row in ambiguous_rows:
            continue
        else:
            bad += 1
            errors.append({"error": "false positive", "article_id": pred.at[i, "article_id"],
                           "line": "", "opening": "", "annotated_speaker": "",
                           "quote": pred.at[i, "quote"], "extracted_speaker": pred.at[i, "speaker"],
                           "extracted_kind": pred.at[i, "kind"]})
    n_counted = len(counted)
    scores = pd.DataFrame([
        ("recall", found, n_counted),
        ("precision", good, good + bad),
        ("speaker_accuracy", right, found),
        ("recall_right_speaker", right, n_counted),
        ("precision_right_speaker", good_right, good + bad),
    ], columns=["measure", "correct", "total"])
    scores["value"] = (scores["correct"] / scores["total"].where(scores["total"] > 0)).round(3)
    table = pd.DataFrame(errors, columns=["error", "article_id", "line", "opening",
                                          "annotated_speaker", "quote", "extracted_speaker",
                                          "extracted_kind"])
    return scores[["measure", "value", "correct", "total"]], table


def _continuation_owner(pred: pd.DataFrame) -> dict[int, int]:
    """For each continuation row, the row of the quotation it continues (the speech row
    before it in its article)."""
    owner: dict[int, int] = {}
    last: dict[str, int] = {}
    for i in range(len(pred)):
        aid = pred.at[i, "article_id"]
        if pred.at[i, "kind"] == "continuation" and aid in last:
            owner[i] = owner.get(last[aid], last[aid])
        last[aid] = i
    return owner


def _speaker_matches(extracted: str, annotated: str) -> bool:
    """The codebook's test: the extracted speaker contains the annotated surname or
    institution (folded, case-insensitive, a leading "the" ignored)."""
    want = _norm(annotated)
    return bool(want) and want in _norm(extracted)


def _gold_error(kind: str, g: object, i: int | None, pred: pd.DataFrame) -> dict:
    return {"error": kind, "article_id": g.article_id, "line": g.line, "opening": g.opening,
            "annotated_speaker": g.speaker,
            "quote": "" if i is None else pred.at[i, "quote"],
            "extracted_speaker": "" if i is None else pred.at[i, "speaker"],
            "extracted_kind": "" if i is None else pred.at[i, "kind"]}


# -- who speaks, per outlet --------------------------------------------------------------

def speech_summary(corpus: Corpus, by: str = "outlet", level: str = "actor_type",
                   quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Voices, quotations and quoted words per outlet (or article) and actor type.

    ``by`` is ``"outlet"`` or ``"article_id"``; ``level`` is ``"actor_type"``
    (one row per actor type) or ``"speaker_group"``. ``quotes`` defaults to
    :func:`extract_quotes` of the corpus. Columns: ``by``, ``article_ids`` (the
    articles behind the row), ``actor_type`` and ``speaker_group`` (or only the
    latter), ``voices`` (distinct speakers, direct or reported), ``quotes``
    (quoted pieces), ``indirect`` (reported-speech sentences), ``quoted_words``
    and ``word_share`` (share of the outlet's quoted words; 0-1). Rows are sorted
    by ``by`` then by quoted words. Scare quotes and slogans are not speech and
    are left out.
    """
    if by not in ("outlet", "article_id") or level not in ("actor_type", "speaker_group"):
        raise ValueError("by must be 'outlet' or 'article_id'; level 'actor_type' or "
                         "'speaker_group'")
    quotes = extract_quotes(corpus) if quotes is None else quotes
    meta = corpus.articles[["article_id", "outlet"]].reset_index(drop=True)
    speech = quotes[quotes["kind"].isin((*SPEECH_KINDS, "indirect")) & (quotes["speaker"] != "")]
    speech = speech.merge(meta, on="article_id", how="left")
    speech = speech.assign(is_quote=speech["kind"].isin(SPEECH_KINDS),
                           is_indirect=speech["kind"] == "indirect")
    keys = [by, "speaker_type", "speaker_group"] if level == "actor_type" else [
        by, "speaker_group"]
    grouped = speech.groupby(keys, sort=True)
    table = grouped.agg(voices=("speaker", "nunique"), quotes=("is_quote", "sum"),
                        indirect=("is_indirect", "sum"),
                        quoted_words=("n_words", "sum")).reset_index()
    table = table.rename(columns={"speaker_type": "actor_type"})
    totals = table.groupby(by)["quoted_words"].transform("sum")
    table["word_share"] = (table["quoted_words"] / totals.where(totals > 0)).fillna(0).round(3)
    ids = meta.groupby(by)["article_id"].apply(lambda s: ", ".join(sorted(s)))
    table.insert(1, "article_ids", table[by].map(ids))
    return table.sort_values([by, "quoted_words", keys[1].replace("speaker_type", "actor_type")],
                             ascending=[True, False, True],
                             ignore_index=True).astype({"quotes": int, "indirect": int})


SPEAKER_COLUMNS = ["in_actors_csv", "quotes", "indirect", "articles", "article_ids"]


def speaker_table(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every speaker found by grammar, as rows of ``actors.csv`` with counts.

    Columns: those of ``actors.csv`` (``actor``, ``aliases``, ``titles``,
    ``pronoun``, ``role``, ``affiliation``, ``actor_type``, ``group``, ``why``),
    then ``in_actors_csv`` (``yes``: the corpus registers the speaker and the row
    is its own), ``quotes`` (quoted pieces), ``indirect`` (reported-speech
    sentences), ``articles`` and ``article_ids``. For a speaker the corpus does
    not register, ``actor_type`` and ``group`` are the guessed kind (person,
    institution, media or role), the pronoun is ``she`` or ``he`` when a pronoun
    referred to them, ``it`` for institutions and media, else ``they``, and
    ``why`` quotes the sentence of their first row. Most quoted first.

    >>> from helpers import open_corpus
    >>> rows = speaker_table(open_corpus()).set_index("actor")
    >>> rows.loc["Lina Khatib", ["in_actors_csv", "quotes", "indirect"]].astype(str).tolist()
    ['yes', '11', '2']
    """
    quotes = extract_quotes(corpus) if quotes is None else quotes
    speech = quotes[quotes["kind"].isin((*SPEECH_KINDS, "indirect")) & (quotes["speaker"] != "")]
    names = list(corpus.tables["actors"].spec.columns)
    if speech.empty:
        return pd.DataFrame(columns=[*names, *SPEAKER_COLUMNS])
    registered = load_actors(corpus).set_index("actor")
    sentences = corpus.sentences.set_index(["article_id", "sentence_id"])["text"]
    rows = []
    for (name, group), part in speech.groupby(["speaker", "speaker_group"], sort=False):
        counts = {"quotes": int(part["kind"].isin(SPEECH_KINDS).sum()),
                  "indirect": int((part["kind"] == "indirect").sum()),
                  "articles": part["article_id"].nunique(),
                  "article_ids": ", ".join(sorted(part["article_id"].unique()))}
        if group != "unregistered" and name in registered.index:
            own = registered.loc[name]
            rows.append({"actor": name, **{c: own[c] for c in names[1:]},
                         "in_actors_csv": "yes", **counts})
            continue
        kind = part["speaker_kind"].iloc[0] or "person"
        first = part.iloc[0]
        example = sentences.get((first.article_id, first.sentence_id), first.quote)
        written = sorted(set(part["as_written"]))
        rows.append({"actor": name, "aliases": ";".join(actor_aliases(name, kind, written)),
                     "titles": "", "pronoun": guess_pronoun(kind, written), "role": "",
                     "affiliation": "", "actor_type": kind, "group": kind,
                     "why": f"Found by grammar ({counts['quotes']} quoted, {counts['indirect']}"
                            f" reported); type and pronoun are guesses. {first.article_id}: "
                            f"{example}",
                     "in_actors_csv": "no", **counts})
    table = pd.DataFrame(rows, columns=[*names, *SPEAKER_COLUMNS])
    table["_n"] = table["quotes"] + table["indirect"]
    return table.sort_values(["_n", "actor"], ascending=[False, True],
                             ignore_index=True).drop(columns="_n")


def unregistered_speakers(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every speaker found by grammar that the corpus's ``actors.csv`` does not register.

    One row per speaker: ``speaker``, ``speaker_kind`` (person, institution, media
    or role), ``quotes``, ``indirect``, ``articles``, ``article_ids``, ``why``
    (the counts and the sentence of the first row) and ``actors_line``: the line
    to add to ``actors.csv`` (check its type, group and pronoun first). Most
    quoted first.

    >>> from helpers import open_corpus
    >>> unregistered_speakers(open_corpus())["speaker"].tolist()
    ['Russia', 'Moscow']
    """
    table = speaker_table(corpus, quotes)
    table = table[table["in_actors_csv"] == "no"].reset_index(drop=True)
    names = list(corpus.tables["actors"].spec.columns)
    lines = []
    for row in table[names].itertuples(index=False):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(list(row))
        lines.append(buffer.getvalue())
    out = table.rename(columns={"actor": "speaker", "actor_type": "speaker_kind"})
    out["actors_line"] = lines
    return out[["speaker", "speaker_kind", "quotes", "indirect", "articles", "article_ids",
                "why", "actors_line"]]


def actor_aliases(name: str, kind: str, written: list[str]) -> list[str]:
    """Aliases for a draft ``actors.csv`` row: the name, a person's surname, and the other
    ways the text wrote it (not pronouns, not roles).

    >>> actor_aliases("Lina Khatib", "person", ["Dr Lina Khatib", "Ms Khatib", "she"])
    ['Lina Khatib', 'Khatib', 'Dr Lina Khatib', 'Ms Khatib']
    """
    aliases = [name]
    if kind == "person" and len(name.split()) > 1:
        aliases.append(name.split()[-1])
    if kind != "role":
        aliases += [w for w in written if w.lower() not in ("he", "she", "it", "they")
                    and name_key(name).split(" ")[-1] in name_key(w)]
    seen: dict[str, str] = {}
    for alias in aliases:
        if alias:
            seen.setdefault(name_key(alias), alias)  # "the" and case do not make a new alias
    return list(seen.values())


def guess_pronoun(kind: str, written: list[str]) -> str:
    """A pronoun for a draft row: ``she`` or ``he`` when one referred to the speaker, ``it``
    for an institution or publication, otherwise ``they``.

    >>> guess_pronoun("person", ["Ms Khatib", "she"]), guess_pronoun("media", ["TASS"])
    ('she', 'it')
    """
    lowered = {w.lower() for w in written}
    for pronoun in ("she", "he"):
        if pronoun in lowered:
            return pronoun
    return "it" if kind in ("institution", "media") else "they"
