"""Who is quoted: find quotations and attributions, resolve speakers, score against an annotation.

:func:`extract_quotes` finds every stretch of text between quote marks in each
article body and decides what it is:

* ``direct``: a quotation set off as its own sentence (``"...," Ms Khatib told
  The Independent``, ``She said: "..."``);
* ``partial``: quoted words inside the writer's own sentence (``Moscow would now
  "intensify" its role``);
* ``continuation``: a paragraph that continues a quotation opened in an earlier
  paragraph, or a new quoted paragraph with no attribution straight after a
  quotation by the same speaker;
* ``scare`` / ``slogan``: quoted words nobody is said to have said;
* ``indirect``: a sentence that reports speech without quote marks
  (``Peskov said Putin had informed Assad``).

Speakers are resolved to the actor registry (:mod:`helpers.actors`), through
aliases, pronouns (``she`` = the last woman quoted) and titles (``the
president`` = the president mentioned nearest). Attribution verbs and slogan
words come from ``data/quote_cues.csv``.

The rules are simple and measured, not trusted: :func:`score_quotes` compares
the output with ``data/annotations/quotes.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes

from helpers import plotting
from helpers.actors import PRONOUNS, _key, _Registry, actor_info, fold, load_actors
from helpers.corpus import load_table
from helpers.text import paragraphs, word_spans

QUOTE_COLUMNS = ["article_id", "start", "end", "quote", "speaker", "speaker_type",
                 "speaker_group", "kind", "cue", "as_written", "paragraph_id", "n_words"]
SPEECH_KINDS = ("direct", "partial", "continuation")
NOT_SPEECH_KINDS = ("scare", "slogan", "nested")
OPENERS = {"“": "double", "‘": "single", "«": "double", "„": "double"}
CLOSERS = {"”": "double", "»": "double"}
# A sentence ends at . ! ? (optionally followed by a closing quote) before a capital or a quote.
_BOUNDARY = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")
_PRONOUN = re.compile(r"\b(?:" + "|".join(PRONOUNS) + r")\b", re.IGNORECASE)
_MAX_PHRASE_WORDS = 8  # words between a quotation and its attribution verb
_MAX_SUBJECT_WORDS = 15  # words between a speaker and the verb in reported speech


def load_cues(corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """Load ``quote_cues.csv``: attribution verbs (kind ``speech``) and slogan words."""
    return load_table("quote_cues", corpus_dir)


def load_quote_annotations(corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the hand annotation ``annotations/quotes.csv`` (``start``/``end`` as integers)."""
    table = load_table("annotations/quotes", corpus_dir)
    return table.astype({"start": int, "end": int})


@dataclass
class _Cues:
    """Compiled cue patterns."""

    speech: re.Pattern[str]
    after: set[str]
    slogan: re.Pattern[str] | None

    @classmethod
    def of(cls, cues: pd.DataFrame) -> _Cues:
        speech = cues[cues["kind"] == "speech"]
        words = sorted(speech["cue"], key=lambda c: (-len(c), c))
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b",
                             re.IGNORECASE)
        after = {c.lower() for c in speech.loc[speech["speaker_side"] == "after", "cue"]}
        slogans = list(cues.loc[cues["kind"] == "slogan", "cue"])
        slogan = (re.compile(r"\b(?:" + "|".join(re.escape(w) for w in slogans)
                             + r")\W+(?:\w+\W+){0,2}$", re.IGNORECASE) if slogans else None)
        return cls(pattern, after, slogan)


@dataclass
class _Piece:
    """One stretch of quoted text inside one paragraph."""

    open_at: int  # index of the opening mark
    start: int
    end: int
    closed: bool
    continues: bool  # continues a quotation left open in the previous paragraph
    paragraph: int
    chain: int  # pieces of one multi-paragraph quotation share a chain number
    speaker: str = ""
    as_written: str = ""
    cue: str = ""
    kind: str = ""
    own: bool = False  # the speaker comes from this piece's own attribution
    prefix: str = ""
    colon: bool = False


@dataclass
class _Context:
    """What the reader knows so far in one article: speakers and mentions, in order."""

    speakers: list[tuple[int, str]] = field(default_factory=list)
    mentions: list[tuple[int, str]] = field(default_factory=list)  # outside quotations


def _is_open_context(text: str, i: int) -> bool:
    """True when a quote mark at ``i`` stands where a quotation can open."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([—–-“‘\"'/"


def _scan_quotes(text: str, spans: list[tuple[int, int]]) -> tuple[list[_Piece], list[tuple]]:
    """Find quoted pieces paragraph by paragraph; return (pieces, nested spans)."""
    pieces: list[_Piece] = []
    nested: list[tuple[int, int]] = []
    carry: str | None = None  # type of a quotation left open at the end of a paragraph
    chain = 0
    for pid, (p_start, p_end) in enumerate(spans, start=1):
        stack: list[tuple[str, int]] = []
        continues_at: int | None = None
        for m in re.finditer(r"[\"'“”‘’«»„]", text[p_start:p_end]):
            i, ch = p_start + m.start(), m.group()
            nxt = text[i + 1] if i + 1 < len(text) else " "
            kind: str | None = None
            action = ""
            if ch in OPENERS:
                kind, action = OPENERS[ch], "open"
            elif ch in CLOSERS:
                kind, action = CLOSERS[ch], "close"
            elif ch == '"':
                kind = "double"
                inside = any(k == "double" for k, _ in stack)
                action = "close" if inside and not text[i - 1].isspace() else (
                    "open" if _is_open_context(text, i) else ("close" if inside else ""))
            elif ch == "’":
                kind = "single"
                if stack and stack[-1][0] == "single" and not nxt.isalpha():
                    action = "close"
            elif ch == "'":
                kind = "single"
                if stack and stack[-1][0] == "single" and not nxt.isalpha() \
                        and not text[i - 1].isspace():
                    action = "close"
                elif _is_open_context(text, i) and nxt.isalpha():
                    action = "open"
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
                    pieces.append(_Piece(opened, opened + 1, i, True, cont, pid, chain))
        carry = None
        if stack:
            kind, opened = stack[0]
            cont = continues_at == opened
            chain += 0 if cont else 1
            pieces.append(_Piece(opened, opened + 1, p_end, False, cont, pid, chain))
            carry = kind
    return pieces, nested


def _sentence_span(text: str, first: int, last: int, p_start: int, p_end: int,
                   skip: list[tuple[int, int]]) -> tuple[int, int]:
    """Start of the sentence holding ``first`` and end of the one holding ``last``.

    Sentence ends inside the ``skip`` spans (quotations) do not count.
    """
    start = p_start
    for m in _BOUNDARY.finditer(text, p_start, min(p_end, first + 2)):
        if m.end() <= first and _outside(skip, m.start()):
            start = m.end()
    for m in _BOUNDARY.finditer(text, last, p_end):
        if _outside(skip, m.start()):
            return start, m.start() + 1
    return start, p_end


def _candidates(phrase: str, offset: int, registry: _Registry) -> list[tuple[int, str, str]]:
    """Mentions in a phrase: ``(position, kind, words)`` with kind alias, title or pronoun."""
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    folded = fold(phrase)
    for m in registry.alias_re.finditer(folded):
        found.append((offset + m.start(), "alias", phrase[m.start():m.end()]))
        taken.append((m.start(), m.end()))
    if registry.title_re is not None:
        for m in registry.title_re.finditer(folded):
            if all(m.end() <= s or m.start() >= e for s, e in taken):
                found.append((offset + m.start(), "title", phrase[m.start():m.end()]))
    for m in _PRONOUN.finditer(folded):
        found.append((offset + m.start(), "pronoun", m.group()))
    return sorted(found)


def _resolve(candidate: tuple[int, str, str], ctx: _Context, registry: _Registry,
             all_mentions: list[tuple[int, str]]) -> str:
    """Resolve one candidate mention to a canonical actor ('' if it cannot be resolved)."""
    pos, kind, words = candidate
    if kind == "alias":
        return registry.by_alias.get(_key(words), "")
    if kind == "pronoun":
        pronoun = words.lower()
        for _, actor in reversed(ctx.speakers):
            if registry.info[actor]["pronoun"] == pronoun:
                return actor
        for _, actor in reversed(ctx.mentions):
            if registry.info[actor]["pronoun"] == pronoun:
                return actor
        return ""
    holders = set(registry.by_title.get(_key(words), []))
    before = [(p, a) for p, a in all_mentions if a in holders and p < pos]
    if before:
        return before[-1][1]
    after = [(p, a) for p, a in all_mentions if a in holders and p > pos]
    if after:
        return after[0][1]
    return next(iter(holders)) if len(holders) == 1 else ""


def _outside(spans: list[tuple[int, int]], pos: int) -> bool:
    return all(not (s <= pos < e) for s, e in spans)


class _Article:
    """Extraction state for one article."""

    def __init__(self, aid: str, text: str, registry: _Registry, cues: _Cues) -> None:
        self.aid, self.text, self.registry, self.cues = aid, text, registry, cues
        self.paras = paragraphs(text)
        self.pieces, self.nested = _scan_quotes(text, self.paras)
        self.quoted = [(p.open_at, p.end + 1) for p in self.pieces]
        folded = fold(text)
        self.all_mentions = [(m.start(), registry.by_alias[_key(m.group())])
                             for m in registry.alias_re.finditer(folded)
                             if _outside(self.quoted, m.start())]
        self.ctx = _Context()
        self.rows: list[dict] = []

    # -- attribution -------------------------------------------------------------------
    def _speaker_in(self, start: int, end: int, last: bool = True) -> tuple[str, str, int]:
        """Resolve the speaker named in ``text[start:end]``: ``(actor, as_written, pos)``."""
        cands = [c for c in _candidates(self.text[start:end], start, self.registry)
                 if _outside(self.quoted, c[0])]
        for cand in (reversed(cands) if last else cands):
            actor = _resolve(cand, self.ctx, self.registry, self.all_mentions)
            if actor:
                return actor, cand[2], cand[0]
        return "", "", -1

    def _after(self, piece: _Piece, s_end: int) -> tuple[str, str, str] | None:
        """Attribution after a closed quotation: '"...," Ms Khatib told' or '", said X'."""
        stop = min([s_end] + [p.open_at for p in self.pieces if p.open_at > piece.end])
        after = self.text[piece.end + 1:stop]
        lead = re.match(r"[\s,]*", after).end()
        m = self.cues.speech.search(after, lead)
        if not m or len(after[lead:m.start()].split()) > _MAX_PHRASE_WORDS \
                or re.search(r"[.!?:;]", after[lead:m.start()]):
            return None
        base = piece.end + 1
        if m.group().lower() in self.cues.after or not after[lead:m.start()].strip():
            actor, written, _ = self._speaker_in(base + m.end(), base + len(after), last=False)
        else:
            actor, written, _ = self._speaker_in(base + lead, base + m.start())
        return (actor, written, m.group()) if actor else None

    def _before(self, piece: _Piece, s_start: int) -> tuple[str, str, str, bool] | None:
        """Attribution before the quotation in its sentence ('She said: "', 'X warned ..."')."""
        prefix = self.text[s_start:piece.open_at]
        cues = [m for m in self.cues.speech.finditer(prefix)
                if _outside(self.quoted, s_start + m.start())]
        if not cues:
            return None
        m = cues[-1]
        between = prefix[m.end():]
        colon = bool(re.fullmatch(r"[^\"“‘]*:\s*", between))
        if not colon and re.search(r"[,;:—–]", between):
            return None
        if m.group().lower() in self.cues.after:
            actor, written, _ = self._speaker_in(s_start + m.end(), piece.open_at, last=False)
        else:
            actor, written, pos = self._speaker_in(s_start, s_start + m.start())
        return (actor, written, m.group(), colon) if actor else None

    def _attribute(self, piece: _Piece) -> None:
        p_start, p_end = self.paras[piece.paragraph - 1]
        s_start, s_end = _sentence_span(self.text, piece.open_at, piece.end, p_start, p_end,
                                        self.quoted)
        piece.prefix = self.text[s_start:piece.open_at].strip()
        found = self._after(piece, s_end) if piece.closed else None
        if found:
            piece.speaker, piece.as_written, piece.cue = found
        else:
            before = self._before(piece, s_start)
            if before:
                piece.speaker, piece.as_written, piece.cue, piece.colon = before
        piece.own = bool(piece.speaker)

    # -- reported speech ----------------------------------------------------------------
    def _indirect(self, p_start: int, p_end: int, pid: int) -> list[dict]:
        """Sentences of a paragraph that report speech without quote marks."""
        rows = []
        speech = [p.open_at for p in self.pieces if p.kind in SPEECH_KINDS
                  and p_start <= p.open_at < p_end]
        for s_start, s_end in self._sentences(p_start, p_end):
            if any(s_start <= at < s_end for at in speech):
                continue
            if not self.cues.speech.search(self.text, s_start, s_end):
                continue
            seen: set[str] = set()
            for m in self.cues.speech.finditer(self.text, s_start, s_end):
                if not _outside(self.quoted, m.start()):
                    continue
                if m.group().lower() in self.cues.after:
                    end = min(s_end, m.end() + 60)
                    actor, written, _ = self._speaker_in(m.end(), end, last=False)
                else:
                    actor, written, pos = self._speaker_in(s_start, m.start())
                    if actor and len(self.text[pos:m.start()].split()) > _MAX_SUBJECT_WORDS:
                        actor = ""
                if actor and actor not in seen:
                    seen.add(actor)
                    rows.append(self._row(s_start, s_end, actor, written, "indirect",
                                          m.group(), pid))
                    self.ctx.speakers.append((m.start(), actor))
        return rows

    def _sentences(self, p_start: int, p_end: int) -> list[tuple[int, int]]:
        cuts = [p_start] + [m.end() for m in _BOUNDARY.finditer(self.text, p_start, p_end)
                            if _outside(self.quoted, m.start())] + [p_end]
        return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]

    # -- main loop ----------------------------------------------------------------------
    def _row(self, start: int, end: int, speaker: str, written: str, kind: str, cue: str,
             pid: int) -> dict:
        quote = self.text[start:end].strip()
        end = start + len(self.text[start:end].rstrip())
        info = actor_info(speaker, self.registry_table) if speaker else {}
        return {"article_id": self.aid, "start": start, "end": end, "quote": quote,
                "speaker": speaker or "", "speaker_type": info.get("actor_type", ""),
                "speaker_group": info.get("group", ""), "kind": kind, "cue": cue.lower(),
                "as_written": written, "paragraph_id": pid,
                "n_words": len(word_spans(quote)) if kind != "indirect" else 0}

    def run(self, table: pd.DataFrame) -> list[dict]:
        self.registry_table = table
        chains: dict[int, _Piece] = {}
        for pid, (p_start, p_end) in enumerate(self.paras, start=1):
            self.ctx.mentions = [(p, a) for p, a in self.all_mentions if p < p_end]
            in_para = [p for p in self.pieces if p.paragraph == pid]
            for piece in in_para:
                self._attribute(piece)
            for piece in in_para:
                self._inherit(piece, in_para, chains)
                if piece.speaker:
                    self.ctx.speakers.append((piece.open_at, piece.speaker))
            rows = [self._row(p.start, p.end, p.speaker, p.as_written, p.kind, p.cue, pid)
                    for p in in_para]
            rows += self._indirect(p_start, p_end, pid)
            self.rows.extend(sorted(rows, key=lambda r: r["start"]))
        return self.rows

    def _inherit(self, piece: _Piece, in_para: list[_Piece], chains: dict[int, _Piece]) -> None:
        """Give a piece without its own attribution the speaker its context implies."""
        head = chains.setdefault(piece.chain, piece)
        own_form = not piece.prefix or piece.colon  # the quotation opens its sentence
        if not piece.speaker and piece.continues and head.speaker:
            piece.speaker, piece.as_written, piece.cue = head.speaker, head.as_written, head.cue
        if not piece.speaker and own_form:
            later = [p for p in self.pieces if p.chain == piece.chain and p.own]
            donors = [p for p in in_para if p.speaker and p is not piece and not p.continues
                      and (not p.prefix or p.colon or p.own)]
            if later:
                donor = later[0]
            elif donors:
                donor = min(donors, key=lambda p: abs(p.open_at - piece.open_at))
            else:
                donor = None
            if donor is not None:
                piece.speaker, piece.as_written, piece.cue = (donor.speaker, donor.as_written,
                                                              donor.cue)
            elif piece.open_at == self.paras[piece.paragraph - 1][0]:
                self._from_previous_paragraph(piece)
        if piece.continues:
            piece.kind = "continuation" if piece.speaker else "scare"
        elif not piece.speaker:
            prefix = self.text[self.paras[piece.paragraph - 1][0]:piece.open_at]
            slogan = self.cues.slogan is not None and self.cues.slogan.search(prefix)
            piece.kind = "slogan" if slogan else "scare"
        elif piece.kind:
            pass
        else:
            piece.kind = "direct" if own_form else "partial"

    def _from_previous_paragraph(self, piece: _Piece) -> None:
        """A quoted paragraph with no attribution: the speaker of the paragraph before."""
        previous = [r for r in self.rows if r["paragraph_id"] == piece.paragraph - 1
                    and r["speaker"] and r["kind"] in (*SPEECH_KINDS, "indirect")]
        if previous:
            last = previous[-1]
            piece.speaker, piece.as_written, piece.cue = (last["speaker"], last["as_written"],
                                                          last["cue"])
            piece.kind = "continuation" if last["kind"] in SPEECH_KINDS else "direct"


def extract_quotes(articles: pd.DataFrame, actors: pd.DataFrame | None = None,
                   cues: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every quotation and reported-speech sentence in the article bodies, with its speaker.

    One row per quoted piece (a quotation running over three paragraphs gives
    three rows) and per sentence of reported speech. Columns: ``article_id``,
    ``start``, ``end`` (offsets into ``text``; the quoted words without the
    marks), ``quote``, ``speaker`` (canonical name from the actor registry, or
    ``""``), ``speaker_type``, ``speaker_group``, ``kind`` (``direct``,
    ``partial``, ``continuation``, ``indirect``, ``scare``, ``slogan``), ``cue``
    (the attribution verb), ``as_written`` (how the text names the speaker),
    ``paragraph_id`` and ``n_words`` (quoted words; 0 for indirect speech).

    Pass ``actors`` (from :func:`helpers.actors.load_actors`) and ``cues`` when
    calling many times; by default they are loaded from the articles' corpus.

    >>> from helpers import load_articles
    >>> q = extract_quotes(load_articles())
    >>> row = q[q.quote.str.startswith("I hope today")].iloc[0]
    >>> row.speaker, row.kind, row.cue, row.as_written
    ('Vladimir Putin', 'direct', 'said', 'he')
    """
    corpus_dir = articles.attrs.get("corpus_dir")
    table = load_actors(corpus_dir) if actors is None else actors
    cue_table = load_cues(corpus_dir) if cues is None else cues
    registry, compiled = _Registry.of(table), _Cues.of(cue_table)
    rows: list[dict] = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        rows.extend(_Article(aid, text, registry, compiled).run(table))
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_quotes(extracted: pd.DataFrame,
                 annotations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare extracted quotations with a hand annotation; return ``(scores, errors)``.

    Only speech counts: extracted rows of kind direct, partial or continuation,
    and annotated rows with a speaker (scare quotes, slogans and nested quotes
    are annotated with no speaker). An extracted and an annotated row match when
    they are in the same article and their spans overlap (one to one, largest
    overlap first). Only articles that appear in the annotation are scored, so
    an annotation of part of a corpus scores that part, and an empty one gives
    no scores (``NaN``) rather than a precision of 0.

    ``scores`` has one row per measure (``precision``, ``recall``,
    ``speaker_accuracy``, ``kind_agreement``) with ``value``, ``correct`` and
    ``total``. ``errors`` lists every false positive, miss, wrong speaker and
    kind disagreement with the article, offsets, quote, both speakers and kinds.
    """
    pred = extracted[extracted["kind"].isin(SPEECH_KINDS)
                     & extracted["article_id"].isin(annotations["article_id"])
                     ].reset_index(drop=True)
    gold_all = annotations.reset_index(drop=True)
    gold = gold_all[(gold_all["speaker"] != "")
                    & ~gold_all["kind"].isin(NOT_SPEECH_KINDS)].reset_index(drop=True)
    pairs = []
    for i, p in pred.iterrows():
        for j, g in gold[gold["article_id"] == p["article_id"]].iterrows():
            ov = _overlap((p["start"], p["end"]), (g["start"], g["end"]))
            if ov:
                pairs.append((-ov, i, j))
    matched_p: dict[int, int] = {}
    matched_g: set[int] = set()
    for _, i, j in sorted(pairs):
        if i not in matched_p and j not in matched_g:
            matched_p[i] = j
            matched_g.add(j)
    errors = []

    def err(kind: str, p: pd.Series | None, g: pd.Series | None) -> None:
        src = p if p is not None else g
        errors.append({"error": kind, "article_id": src["article_id"], "start": src["start"],
                       "end": src["end"], "quote": src["quote"],
                       "extracted_speaker": "" if p is None else p["speaker"],
                       "annotated_speaker": "" if g is None else g["speaker"],
                       "extracted_kind": "" if p is None else p["kind"],
                       "annotated_kind": "" if g is None else _annotated_kind(gold_all, src)})

    same_speaker = same_kind = 0
    for i, p in pred.iterrows():
        if i not in matched_p:
            err("false positive", p, None)
            continue
        g = gold.loc[matched_p[i]]
        if p["speaker"] == g["speaker"]:
            same_speaker += 1
        else:
            err("wrong speaker", p, g)
        if p["kind"] == g["kind"]:
            same_kind += 1
        else:
            err("kind differs", p, g)
    for j, g in gold.iterrows():
        if j not in matched_g:
            err("missed", None, g)
    n_match = len(matched_p)
    scores = pd.DataFrame([
        ("precision", n_match, len(pred)),
        ("recall", n_match, len(gold)),
        ("speaker_accuracy", same_speaker, n_match),
        ("kind_agreement", same_kind, n_match),
    ], columns=["measure", "correct", "total"])
    scores["value"] = (scores["correct"] / scores["total"].where(scores["total"] > 0)).round(3)
    error_table = pd.DataFrame(errors, columns=[
        "error", "article_id", "start", "end", "quote", "extracted_speaker",
        "annotated_speaker", "extracted_kind", "annotated_kind"])
    return scores[["measure", "value", "correct", "total"]], error_table.sort_values(
        ["article_id", "start", "error"], ignore_index=True)


def _annotated_kind(annotations: pd.DataFrame, row: pd.Series) -> str:
    """The annotated kind of the span that overlaps ``row`` most ('' if none)."""
    same = annotations[annotations["article_id"] == row["article_id"]]
    best, kind = 0, ""
    for g in same.itertuples():
        ov = _overlap((row["start"], row["end"]), (g.start, g.end))
        if ov > best:
            best, kind = ov, g.kind
    return kind


def speech_summary(quotes: pd.DataFrame, articles: pd.DataFrame, by: str = "outlet",
                   level: str = "actor_type") -> pd.DataFrame:
    """Voices, quotations and quoted words per outlet (or article) and actor type.

    ``by`` is ``"outlet"`` or ``"article_id"``; ``level`` is ``"actor_type"``
    (one row per actor type) or ``"speaker_group"`` (official, analyst,
    journalist, media, civil society). Columns: ``by``, ``article_ids`` (the
    articles behind the row), ``actor_type`` and ``speaker_group`` (or only the
    latter), ``voices``
    (distinct speakers, direct or reported), ``quotes`` (quoted pieces),
    ``indirect`` (reported-speech sentences), ``quoted_words`` and
    ``word_share`` (share of the outlet's quoted words; 0-1). Rows are sorted by
    ``by`` then by quoted words. Scare quotes and slogans are not speech and are
    left out.
    """
    if by not in ("outlet", "article_id") or level not in ("actor_type", "speaker_group"):
        raise ValueError("by must be 'outlet' or 'article_id'; level 'actor_type' or "
                         "'speaker_group'")
    meta = articles[["article_id", "outlet"]].reset_index(drop=True)
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


def plot_speech_share(ax: Axes, summary: pd.DataFrame, colors: dict[str, str],
                      level: str = "speaker_group") -> Axes:
    """Grouped horizontal bars: share of each outlet's quoted words by ``level``, outlet colours.

    ``summary`` comes from :func:`speech_summary` (``by="outlet"``); ``colors``
    from :func:`helpers.plotting.outlet_colors`.
    """
    table = summary.pivot_table(index=level, columns="outlet", values="word_share",
                                aggfunc="sum", fill_value=0)
    table = table.reindex(columns=[o for o in colors if o in table.columns])
    table = table.loc[table.sum(axis=1) > 0]
    table = table.loc[table.sum(axis=1).sort_values().index]
    words = summary.groupby("outlet")["quoted_words"].sum()
    height = 0.8 / max(len(table.columns), 1)
    for k, outlet in enumerate(table.columns):
        ax.barh([i + k * height for i in range(len(table))], table[outlet] * 100,
                height=height, color=colors[outlet],
                label=f"{outlet} ({int(words.get(outlet, 0))} quoted words)")
    ax.set_yticks([i + height * (len(table.columns) - 1) / 2 for i in range(len(table))],
                  list(table.index))
    if table.empty:
        plotting.no_data(ax, "no quoted words")
    else:
        ax.legend(loc="lower right", fontsize=8)
    return ax
