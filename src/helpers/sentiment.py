"""Sentence sentiment with TextBlob (and VADER as a second opinion), explained and checked.

Every function that reads the articles takes the :class:`~helpers.corpus.Corpus`
and uses its tables (``corpus.tables``); none loads a table on its own.

* :func:`sentence_sentiment` scores each sentence once per corpus: TextBlob's
  PatternAnalyzer polarity and subjectivity, the words that drove them, and
  VADER's compound. :func:`score_texts` scores any table with a ``text`` column.
* :func:`bootstrap_by` gives means with bootstrap intervals over sentences.
* :func:`tool_agreement`, :func:`biggest_disagreements` and
  :func:`label_agreement` say how far to trust the scores.
* :func:`sentiment_toward` scores the sentences that mention each target group
  of the corpus's ``targets`` table; :func:`voice_segments` splits sentences into
  quoted speech and the journalist's narration.
* :func:`failure_examples` finds corpus sentences that show PatternAnalyzer's
  known failure modes, driven by the ``sentiment_probes`` table.

Figures for these tables are in :mod:`helpers.plots.sentiment`.
"""

from __future__ import annotations

import heapq
import re
from functools import lru_cache
from string import punctuation as ASCII_PUNCTUATION

import numpy as np
import pandas as pd
from textblob._text import (
    ABBREVIATIONS,
    EOS,
    PUNCTUATION,
    RE_ABBR1,
    RE_ABBR2,
    RE_ABBR3,
    RE_EMOTICONS,
    RE_SARCASM,
    TOKEN,
)
from textblob._text import replacements as REPLACEMENTS
from textblob.en import sentiment as _pattern_sentiment
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    N_SCALAR,
    NEGATE,
    SentimentIntensityAnalyzer,
    SentiText,
)

from helpers import progress
from helpers.checks import TONES, tone_annotation_problems
from helpers.corpus import Corpus, CorpusError
from helpers.framing import dictionary_hits, numbered_rows, speech_spans
from helpers.text import fold

SCORE_COLUMNS = ["polarity", "subjectivity", "vader_compound", "drivers"]
TOOLS = {"TextBlob": "polarity", "VADER": "vader_compound"}
_EDGES = " ,;:—–-\"“”‘’'"  # stripped from the ends of a quoted or narrated piece

#: Seed of every bootstrap, so intervals are the same on every run.
SEED = 2016
#: Bootstrap resamples and the interval's coverage.
N_BOOT = 2000
LEVEL = 0.95
#: Most resampled values held at once by :func:`bootstrap_interval` (about 40 MB of them).
BOOT_CELLS = 5_000_000
#: Scores closer to 0 than this are neutral: VADER's documented neutral band, used for both tools.
NEUTRAL_BAND = 0.05
#: A lexicon score above this barely moves a sentence's mean ("unlikely" scores -0.5).
WEAK_SCORE = -0.5


class _Vader(SentimentIntensityAnalyzer):
    """VADER's analyzer, skipping its emoji pass on text that holds no emoji, and giving its
    negation and idiom checks the few words they read rather than the whole sentence.

    VADER first rebuilds the text one character at a time, putting the description of each
    emoji in its place, then strips it. It only ever looks a single character up, so when no
    character of the text is a one-character key of its emoji table, the rebuilt text is the
    text itself and the pass is skipped: the text goes straight to the scoring, stripped.
    Same scores by construction (and checked against stock VADER in the tests).
    """

    def __init__(self) -> None:
        super().__init__()
        self._emoji_chars = frozenset(e for e in self.emojis if len(e) == 1)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's scores of ``text`` (``neg``, ``neu``, ``pos``, ``compound``)."""
        if not self._emoji_chars.isdisjoint(text):
            return super().polarity_scores(text)
        return self._scores(text.strip())

    def _scores(self, text: str) -> dict[str, float]:
        """The rest of VADER 3.3.2's ``polarity_scores``, after its emoji pass, unchanged but
        for one shortcut: a word missing from the lexicon scores 0 without the call to
        ``sentiment_valence``, which looks nothing else up for such a word."""
        sentitext = _SentiText(text)
        sentiments: list[float] = []
        words = sentitext.words_and_emoticons
        for i, item in enumerate(words):
            lowered = item.lower()
            if lowered in BOOSTER_DICT:  # modifiers and negations score nothing themselves
                sentiments.append(0)
                continue
            if i < len(words) - 1 and lowered == "kind" and words[i + 1].lower() == "of":
                sentiments.append(0)
                continue
            if lowered not in self.lexicon:  # what sentiment_valence gives a word it lacks
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

    # VADER's two checks below lower-case every word of the sentence on each call (three
    # calls per scored word), but read only the words from three before the scored word ``i``
    # to two after it, and the sentence's length only to ask whether those after exist.

    @staticmethod
    def _negation_check(valence: float, words: list[str], start_i: int, i: int) -> float:
        """VADER 3.3.2's negation check on the words before ``i``, lower-casing only the
        words it reads, and testing one word for a negation with :func:`_negated`."""
        def low(k: int) -> str:
            return str(words[k]).lower()
        if start_i == 0:
            if _negated(low(i - 1)):
                valence = valence * N_SCALAR
        if start_i == 1:
            if low(i - 2) == "never" and (low(i - 1) == "so" or low(i - 1) == "this"):
                valence = valence * 1.25
            elif low(i - 2) == "without" and low(i - 1) == "doubt":
                pass
            elif _negated(low(i - 2)):
                valence = valence * N_SCALAR
        if start_i == 2:
            if low(i - 3) == "never" and (low(i - 2) == "so" or low(i - 2) == "this") or (
                    low(i - 1) == "so" or low(i - 1) == "this"):
                valence = valence * 1.25
            elif low(i - 3) == "without" and (low(i - 2) == "doubt" or low(i - 1) == "doubt"):
                pass
            elif _negated(low(i - 3)):
                valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _special_idioms_check(valence: float, words: list[str], i: int) -> float:
        """VADER's idiom check, given only the words from three before ``i`` to two after,
        with ``i`` counted from the window's start: the same words at the same places, and a
        word after ``i`` is in the window exactly when it is in the sentence."""
        lo = max(0, i - 3)
        return SentimentIntensityAnalyzer._special_idioms_check(valence, words[lo:i + 3], i - lo)


_NEGATIONS = frozenset(NEGATE)


def _negated(word: str) -> bool:
    """VADER's ``negated([word])``: the lower-cased word is a negation or holds "n't"."""
    word = str(word).lower()
    return word in _NEGATIONS or "n't" in word


class _SentiText(SentiText):
    """VADER's split of a text into words, in one pass."""

    def _words_and_emoticons(self) -> list[str]:
        """VADER's method of the same name: each word stripped of punctuation at its ends,
        unless that leaves two characters or fewer (an emoticon such as ``:)``)."""
        return [word if len(bare := word.strip(ASCII_PUNCTUATION)) <= 2 else bare
                for word in self.text.split()]


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    """One VADER analyzer for the session (loading its lexicon is the slow part)."""
    return _Vader()


# TextBlob's tokenizer (``textblob._text.find_tokens``) with its defaults fixed, and the work
# that does not depend on the text done once: the same tokens, with less work per sentence.
_PUNCTUATION = tuple(PUNCTUATION.replace(".", ""))  # periods are handled on their own
_TRAILING = (*_PUNCTUATION, ".")
_QUOTE_MARKS = ("“", "”", "‘", "’", "'", '"')
_LINEBREAKS = re.compile(r"\n{2,}")
_SPACES = re.compile(r"\s+")
_SENTENCE_ENDS = frozenset(("...", ".", "!", "?", EOS))
_CLOSING = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", EOS))


def _is_abbreviation(token: str) -> bool:
    """TextBlob's test of a token ending in a period that keeps it ("Mr.", "U.S.", "e.g.")."""
    return (token in ABBREVIATIONS or RE_ABBR1.match(token) is not None
            or RE_ABBR2.match(token) is not None or RE_ABBR3.match(token) is not None)


def _split_token(t: str, tokens: list[str]) -> None:
    """Add one space-separated piece of text to ``tokens`` as TextBlob does: punctuation split
    off both ends, but not an abbreviation's period or a contraction such as ``'s``."""
    tail = []
    while t.startswith(_PUNCTUATION) and t not in REPLACEMENTS:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(_TRAILING) and t not in REPLACEMENTS:
        if t.endswith(_PUNCTUATION):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if _is_abbreviation(t):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))


def _find_tokens(text: str) -> list[str]:
    """``textblob._text.find_tokens`` (TextBlob 0.20.1) with its default arguments, as
    PatternAnalyzer calls it: the sentences of ``text``, each a space-separated string of
    tokens. Its contraction and line-break patterns are literal strings, so they are replaced
    with ``str.replace``, which gives the same text; the rest is TextBlob's code, with its
    constants built once. Checked against TextBlob's own on every corpus sentence in the tests.
    """
    text = str(text)
    for contraction, spaced in REPLACEMENTS.items():  # "n't" -> " n't"...
        if contraction in text:
            text = text.replace(contraction, spaced)
    for mark in _QUOTE_MARKS:
        text = text.replace(mark, f" {mark} ")
    text = text.replace("\r\n", "\n")
    text = _LINEBREAKS.sub(f" {EOS} ", text)
    text = _SPACES.sub(" ", text)
    tokens: list[str] = []
    for t in TOKEN.findall(text + " "):
        if t.isalnum():  # most words: no punctuation at either end, the piece is one token
            tokens.append(t)
        elif len(t) > 0:
            _split_token(t, tokens)
    sentences: list[list[str]] = [[]]
    i = j = 0
    while j < len(tokens):
        if tokens[j] in _SENTENCE_ENDS:
            # Citations, trailing parenthesis, repeated punctuation (!?) stay with the sentence.
            while j < len(tokens) and tokens[j] in _CLOSING:
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break  # balanced quotes
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != EOS)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    joined = (RE_SARCASM.sub("(!)", " ".join(s)) for s in sentences if len(s) > 0)
    return [RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s)
            for s in joined]


class _Lexicon(type(_pattern_sentiment)):  # type: ignore[misc]
    """TextBlob's English sentiment lexicon with plain dictionary look-ups.

    TextBlob's lexicon is a lazy dictionary: every ``word in lexicon`` and
    ``lexicon[word]`` goes through a Python method that checks whether the file is
    loaded yet, a dozen times per word scored. This copy holds the same loaded
    entries and settings (tokenizer, negations, modifiers, labels) and inherits
    every method, so it runs TextBlob's own code on the same data: same scores and
    assessments, with the look-ups done by ``dict`` itself.
    """

    __contains__ = dict.__contains__
    __getitem__ = dict.__getitem__
    __len__ = dict.__len__
    __iter__ = dict.__iter__
    get = dict.get


@lru_cache(maxsize=1)
def _patterns() -> _Lexicon:
    """One plain copy of TextBlob's loaded English sentiment lexicon (see :class:`_Lexicon`)."""
    len(_pattern_sentiment)  # a lazy dictionary loads its file on first use
    lexicon = _Lexicon()
    lexicon.__dict__.update({k: v for k, v in vars(_pattern_sentiment).items()
                             if not k.startswith("__")})  # not the loader's bound shortcuts
    dict.update(lexicon, dict.items(_pattern_sentiment))
    lexicon.tokenizer = _find_tokens  # TextBlob's parser.find_tokens, faster (same tokens)
    return lexicon


def _drivers(assessments: list) -> str:
    """TextBlob's assessments as a readable string: ``'not happy' -0.40; 'first' +0.25``."""
    return "; ".join(f"'{' '.join(words)}' {p:+.2f}" for words, p, _s, _x in assessments)


def score_texts(table: pd.DataFrame) -> pd.DataFrame:
    """Score every row of a table with a ``text`` column (sentences, quoted pieces...).

    ``polarity`` and ``subjectivity`` are exactly ``TextBlob(text).sentiment``:
    TextBlob's default PatternAnalyzer, run once per text through the function
    it calls, which also returns the assessments (TextBlob's own
    ``sentiment_assessments`` would run the analysis twice more). ``drivers``
    lists the matched lexicon words with their polarity; an empty string means
    no word of the text is in the lexicon (polarity 0). ``vader_compound`` is
    VADER's normalised score in [-1, 1]. The table's columns are kept
    (``article_id``, ``sentence_id``, ``start``, ``end``, ``text`` first).
    """
    vader, pattern = _vader().polarity_scores, _patterns()
    polarity, subjectivity, compound, drivers = [], [], [], []
    for text in progress.bar(table["text"].tolist(), len(table), "scoring sentiment"):
        score = pattern(text)
        polarity.append(score[0])
        subjectivity.append(score[1])
        drivers.append(_drivers(score.assessments))
        compound.append(vader(text)["compound"])
    first = [c for c in ("article_id", "sentence_id", "start", "end", "text") if c in table]
    result = table[first + [c for c in table.columns if c not in first]].copy()
    result["polarity"] = polarity
    result["subjectivity"] = subjectivity
    result["vader_compound"] = compound
    result["drivers"] = drivers
    return result.reset_index(drop=True)


def with_outlet(corpus: Corpus, table: pd.DataFrame) -> pd.DataFrame:
    """Add the article's ``outlet`` and ``event`` to rows that have an ``article_id``."""
    meta = corpus.articles[["outlet", "event"]]  # indexed by article_id
    return table.assign(outlet=table["article_id"].map(meta["outlet"]),
                        event=table["article_id"].map(meta["event"]))


def sentence_sentiment(corpus: Corpus) -> pd.DataFrame:
    """One row per sentence of the corpus: scores (see :func:`score_texts`), ``outlet`` and
    ``event``. Computed once per corpus; later calls return a copy of the same scores.

    >>> from helpers import open_corpus
    >>> s = sentence_sentiment(open_corpus())
    >>> s.loc[s.text.str.contains("naval base in Tartous"), "drivers"].item()
    "'base' -0.80"
    """
    return corpus.stage("sentiment", lambda: with_outlet(
        corpus, score_texts(corpus.sentences))).copy()


def tone(values: pd.Series | np.ndarray, threshold: float = NEUTRAL_BAND) -> pd.Series:
    """Map scores to ``negative`` / ``neutral`` / ``positive``; |score| < threshold is neutral.

    The default is VADER's documented neutral band (:data:`NEUTRAL_BAND`), used for TextBlob too.

    >>> tone(pd.Series([-0.3, 0.0, 0.049, 0.2])).tolist()
    ['negative', 'neutral', 'neutral', 'positive']
    """
    values = pd.Series(values, dtype=float)
    out = np.where(values <= -threshold, "negative",
                   np.where(values >= threshold, "positive", "neutral"))
    return pd.Series(out, index=values.index)


def bootstrap_interval(values: np.ndarray | pd.Series, n_boot: int = N_BOOT,
                       level: float = LEVEL, seed: int = SEED) -> tuple[float, float, float]:
    """Mean of ``values`` and a percentile bootstrap interval, deterministic for a seed.

    >>> m, lo, hi = bootstrap_interval([0.1, 0.2, 0.3, 0.4])
    >>> round(m, 2), lo <= m <= hi
    (0.25, True)
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    # Resamples are drawn a block at a time, so memory stays bounded on a large corpus; the
    # generator gives the same draws in blocks as in one call, so the interval is the same.
    block = max(1, BOOT_CELLS // x.size)
    means = np.concatenate([x[rng.integers(0, x.size, size=(min(block, n_boot - done), x.size))]
                            .mean(axis=1) for done in range(0, n_boot, block)])
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return float(x.mean()), float(lo), float(hi)


def bootstrap_by(table: pd.DataFrame, by: str | list[str], value: str, n_boot: int = N_BOOT,
                 level: float = LEVEL, seed: int = SEED) -> pd.DataFrame:
    """Mean of ``value`` per group with a bootstrap interval over rows (sentences).

    Every group is resampled with the same seed, so a group's interval does
    not depend on which other groups are present. Columns: the ``by``
    columns, ``n``, ``mean``, ``low``, ``high``. Groups keep their order of
    appearance.
    """
    keys = [by] if isinstance(by, str) else list(by)
    rows = []
    for key, part in table.groupby(keys, sort=False):
        mean, lo, hi = bootstrap_interval(part[value], n_boot, level, seed)
        rows.append((*key, len(part), mean, lo, hi))
    return pd.DataFrame(rows, columns=[*keys, "n", "mean", "low", "high"])


def bootstrap_tools(scores: pd.DataFrame, by: str | list[str], n_boot: int = N_BOOT,
                    seed: int = SEED) -> pd.DataFrame:
    """:func:`bootstrap_by` for each tool (TextBlob polarity, VADER compound), stacked.

    Columns: ``tool``, the ``by`` columns, ``n``, ``mean``, ``low``, ``high``.
    """
    parts = [bootstrap_by(scores, by, col, n_boot=n_boot, seed=seed).assign(tool=name)
             for name, col in TOOLS.items()]
    table = pd.concat(parts, ignore_index=True)
    return table[["tool", *table.columns[:-1]]]


def _spearman(a: pd.Series, b: pd.Series) -> float:
    """Spearman's rank correlation (Pearson on average ranks; no SciPy needed)."""
    return float(a.rank().corr(b.rank()))


def tool_agreement(scores: pd.DataFrame, a: str = "polarity", b: str = "vader_compound",
                   threshold: float = NEUTRAL_BAND) -> pd.DataFrame:
    """How far two scores agree: Pearson and Spearman correlation, and tone agreement.

    ``same_tone`` is the share of sentences that both put in the same tone
    (see :func:`tone`); ``opposite_sign`` the share that one calls positive and
    the other negative. One row.
    """
    ta, tb = tone(scores[a], threshold), tone(scores[b], threshold)
    opposite = ((ta == "positive") & (tb == "negative")) | (
        (ta == "negative") & (tb == "positive"))
    return pd.DataFrame([{
        "n": len(scores),
        "pearson": float(scores[a].corr(scores[b])),
        "spearman": _spearman(scores[a], scores[b]),
        "same_tone": float((ta.to_numpy() == tb.to_numpy()).mean()),
        "opposite_sign": float(opposite.mean()),
    }])


def biggest_disagreements(scores: pd.DataFrame, n: int = 6, a: str = "polarity",
                          b: str = "vader_compound") -> pd.DataFrame:
    """The ``n`` sentences where the two scores differ most (both lie in [-1, 1])."""
    gap = (scores[a] - scores[b]).abs()
    table = scores.assign(gap=gap).sort_values(["gap", "article_id", "sentence_id"],
                                               ascending=[False, True, True], kind="stable")
    return table.head(n)[["article_id", "sentence_id", "start", "end", "text", a, b, "gap",
                          "drivers"]].reset_index(drop=True)


MENTION_COLUMNS = ["article_id", "sentence_id", "group", "term", "start", "end", "entry", "line"]


def target_mentions(corpus: Corpus, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every mention of a target group: ``article_id``, ``sentence_id``, ``group``, ``term``,
    ``start``, ``end`` (offsets into the article's ``text``), ``entry``, ``line``.

    ``targets`` defaults to the corpus's targets table (empty when it has none).
    """
    targets = corpus.table("targets") if targets is None else targets
    return dictionary_hits(corpus.sentences, targets, "pattern", ["group"], "targets")


def sentiment_toward(corpus: Corpus, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per sentence and target group it mentions, with the sentence's scores.

    A sentence that names Russia three times counts once for Russia. ``terms``
    lists the words that matched; ``start``/``end`` locate the first mention.
    The scores are the whole sentence's: they measure the tone of sentences
    that mention a group, not an attitude toward it. ``targets`` defaults to the
    corpus's targets table; without one the table is empty (with its columns).
    """
    targets = corpus.table("targets") if targets is None else targets
    mentions = target_mentions(corpus, targets)
    scores = sentence_sentiment(corpus)
    keys = ["article_id", "sentence_id", "group"]
    grouped = mentions.groupby(keys, sort=False).agg(
        terms=("term", lambda t: ", ".join(dict.fromkeys(t))), start=("start", "min"),
        end=("end", "first")).reset_index() if len(mentions) else pd.DataFrame(
        columns=[*keys, "terms", "start", "end"])
    keep = [c for c in scores.columns if c not in ("start", "end")]
    table = grouped.merge(scores[keep], on=["article_id", "sentence_id"], how="left",
                          validate="many_to_one")
    order = {g: i for i, g in enumerate(dict.fromkeys(targets["group"]))}
    return table.sort_values(["group", "article_id", "sentence_id"], kind="stable",
                             key=lambda c: c.map(order) if c.name == "group" else c
                             ).reset_index(drop=True)


def multi_group_sentences(toward: pd.DataFrame) -> pd.DataFrame:
    """Sentences of a :func:`sentiment_toward` table that mention more than one group.

    Columns: ``article_id``, ``sentence_id``, ``text`` and ``groups`` (comma-separated, in
    the table's order), sorted by article and sentence; empty when no sentence qualifies.
    """
    table = toward.groupby(["article_id", "sentence_id"]).agg(
        text=("text", "first"), groups=("group", ", ".join), n=("group", "size")).reset_index()
    return table[table["n"] > 1].drop(columns="n").reset_index(drop=True)


VOICE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "voice"]


def split_voices(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Cut sentences at quotation boundaries into ``quoted`` and ``narration`` pieces.

    ``quotes`` has ``article_id``, ``start``, ``end`` (offsets into the
    article's ``text``). Each piece keeps the sentence's ``article_id`` and
    ``sentence_id``, its own ``start``/``end`` and ``text`` (stripped of spaces,
    quote marks and stray punctuation), and a ``voice`` column. Pieces with no
    letters are dropped (a lone comma between a quotation and "he said" says
    nothing).
    """
    by_article: dict[str, list[tuple[int, int]]] = {}
    for aid, s, e in zip(quotes["article_id"], quotes["start"], quotes["end"], strict=True):
        by_article.setdefault(aid, []).append((int(s), int(e)))
    overlapping = _overlaps(sentences, by_article)
    rows = []
    for row, inside in zip(sentences.itertuples(index=False), overlapping, strict=True):
        cuts = {row.start, row.end}
        for qs, qe in inside:
            cuts.update(c for c in (qs, qe) if row.start < c < row.end)
        edges = sorted(cuts)
        for s, e in zip(edges, edges[1:], strict=False):
            piece = row.text[s - row.start:e - row.start]
            lead = len(piece) - len(piece.lstrip(_EDGES))
            body = piece.strip(_EDGES)
            if not any(ch.isalpha() for ch in body):
                continue
            quoted = any(qs <= s and e <= qe for qs, qe in inside)
            rows.append((row.article_id, row.sentence_id, s + lead, s + lead + len(body), body,
                         "quoted" if quoted else "narration"))
    return pd.DataFrame(rows, columns=VOICE_COLUMNS)


def _overlaps(sentences: pd.DataFrame,
              spans: dict[str, list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """For each sentence, the ``spans`` of its article that overlap it.

    One sweep per article in order of position, so the work grows with the sentences and
    spans, not with their product (an article of thousands of quotations stays fast).

    >>> s = pd.DataFrame({"article_id": ["a", "a", "b"], "start": [0, 10, 0], "end": [9, 20, 5]})
    >>> _overlaps(s, {"a": [(5, 12), (14, 15)]})
    [[(5, 12)], [(5, 12), (14, 15)], []]
    """
    found: list[list[tuple[int, int]]] = [[] for _ in range(len(sentences))]
    rows: dict[str, list[tuple[int, int, int]]] = {}
    for n, (aid, start, end) in enumerate(zip(sentences["article_id"], sentences["start"],
                                              sentences["end"], strict=True)):
        rows.setdefault(aid, []).append((int(start), int(end), n))
    for aid, article in rows.items():
        pending = sorted(spans.get(aid, []))
        k, open_spans = 0, []  # heap of (end, start) of spans begun before the sentence ends
        for start, end, n in sorted(article):
            while k < len(pending) and pending[k][0] < end:
                heapq.heappush(open_spans, (pending[k][1], pending[k][0]))
                k += 1
            while open_spans and open_spans[0][0] <= start:
                heapq.heappop(open_spans)
            found[n] = sorted((qs, qe) for qe, qs in open_spans)
    return found


def voice_segments(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The corpus's sentences cut into ``quoted`` speech and ``narration`` (see
    :func:`split_voices`). ``quotes`` default to the direct, partial and continued
    quotations of :func:`helpers.quotes.extract_quotes`."""
    quotes = speech_spans(corpus) if quotes is None else quotes
    return split_voices(corpus.sentences, quotes)


def voice_sentiment(corpus: Corpus) -> pd.DataFrame:
    """The pieces of :func:`voice_segments`, scored (:func:`score_texts`), with ``outlet`` and
    ``event``. Computed once per corpus."""
    return corpus.stage("voice_sentiment", lambda: with_outlet(
        corpus, score_texts(voice_segments(corpus)))).copy()


def lexicon_polarity(word: str) -> float:
    """PatternAnalyzer's polarity for a word or phrase on its own.

    >>> lexicon_polarity("rose"), lexicon_polarity("destroyed")
    (0.6, 0.0)
    """
    return float(_patterns()(word)[0])


FAILURE_COLUMNS = ["failure", "term", "term_polarity", "article_id", "sentence_id", "start",
                   "end", "text", "polarity", "vader_compound", "drivers", "reading", "why"]


def failure_examples(corpus: Corpus, probes: pd.DataFrame | None = None,
                     first: int | None = None, weak: float = WEAK_SCORE) -> pd.DataFrame:
    """Corpus sentences that show a known PatternAnalyzer failure, one row per probe hit.

    ``probes`` default to the corpus's ``sentiment_probes`` table (the generic
    probes, then its own). Columns: ``failure``, ``term`` (the words matched),
    ``term_polarity`` (what the lexicon gives that term alone), ``article_id``,
    ``sentence_id``, ``start``, ``end`` (of the term, in the article's ``text``),
    ``text``, ``polarity``, ``vader_compound``, ``drivers``, ``reading`` (what
    the word means here) and ``why``. Hits are kept only where the failure
    shows: ``word_sense``, where the term is scored (non-zero) by the lexicon;
    ``lexicon_gap``, where the lexicon scores the loaded term above ``weak``
    (:data:`WEAK_SCORE`), so it barely moves the sentence's mean; ``negation``,
    where the sentence scores positive although it contains a negation that
    PatternAnalyzer did not apply to any scored word. Each sentence appears
    once per probe row, the most telling first; ``first`` keeps at most that
    many sentences per probe row.
    """
    probes = numbered_rows(corpus.table("sentiment_probes") if probes is None else probes)
    scores = sentence_sentiment(corpus)
    hits = dictionary_hits(scores, probes, "pattern", ["failure", "reading", "why"],
                           "sentiment_probes")
    if hits.empty:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    keep = ["article_id", "sentence_id", "text", "polarity", "vader_compound", "drivers"]
    table = hits.merge(scores[keep], on=["article_id", "sentence_id"], how="left",
                       validate="many_to_one")
    table["term_polarity"] = table["term"].map(lexicon_polarity)
    sense = table["failure"] == "word_sense"
    negation = table["failure"] == "negation"
    applied = [f"'{fold(t).lower()} " in d
               for t, d in zip(table["term"], table["drivers"], strict=True)]
    shows = np.where(sense, table["term_polarity"] != 0,
                     np.where(negation, (table["polarity"] > 0) & ~np.array(applied, dtype=bool),
                              table["term_polarity"] > weak))
    # Most telling first: the largest effect of a word sense, the most positive otherwise.
    table = table.assign(_key=np.where(sense, -table["polarity"].abs(), -table["polarity"]))[
        shows]
    rows = list(zip(probes.get("table_file", pd.Series("", index=probes.index)), probes["line"],
                    strict=True))
    position = {row: i for i, row in reversed(list(enumerate(rows)))}
    table["_probe"] = [position[row] for row in zip(
        table.get("table_file", pd.Series("", index=table.index)), table["line"], strict=True)]
    table = table.sort_values(["_probe", "_key", "article_id", "start"], kind="stable")
    table = table.drop_duplicates(["_probe", "article_id", "sentence_id"])
    if first is not None:
        table = table.groupby("_probe", sort=False).head(first)
    return table[FAILURE_COLUMNS].reset_index(drop=True)


#: Where the clause that a negation governs ends: punctuation, a dash, a bracket or a
#: quotation mark (an apostrophe inside a word, as in "Assad's", does not end it).
CLAUSE_END = re.compile(r"[,;:.!?()\[\]\"“”—–]|\s[‘’']|[‘’'](?=\s|$)")


def negated_clause(text: str, end: int) -> str:
    """The words after a negation that ends at ``end`` in ``text``, up to the end of its clause.

    >>> negated_clause("I don't think they were happy, she said.", 7)
    ' think they were happy'
    """
    rest = text[end:]
    found = CLAUSE_END.search(rest)
    return rest[:found.start()] if found else rest


def missed_negations(corpus: Corpus, failures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``negation`` rows of :func:`failure_examples` where the negation misses a scored word.

    A row is kept when the clause the negation governs (:func:`negated_clause`:
    the words after it up to the next punctuation mark) holds a word the lexicon
    scores positive: PatternAnalyzer counted that word as positive although the
    sentence negates it. A negation whose clause holds no scored word ("the
    fight is not over") changed nothing in the score and is left out. Adds
    ``negated``: those words with their scores, written as in ``drivers``.
    Empty (with the columns) when no sentence qualifies.

    >>> from helpers import open_corpus
    >>> missed_negations(open_corpus())["negated"].iloc[0]
    "'particularly happy' +0.80"
    """
    failures = failure_examples(corpus) if failures is None else failures
    rows = failures[failures["failure"] == "negation"]
    starts = corpus.sentences.set_index(["article_id", "sentence_id"])["start"]
    negated = []
    for aid, sid, end, text in zip(rows["article_id"], rows["sentence_id"], rows["end"],
                                   rows["text"], strict=True):
        clause = negated_clause(text, int(end) - int(starts[(aid, sid)]))
        negated.append(_drivers([a for a in _patterns()(clause).assessments if a[1] > 0]))
    table = rows.assign(negated=pd.Series(negated, index=rows.index, dtype="object"))
    return table[table["negated"] != ""].reset_index(drop=True)


def load_tone_labels(corpus: Corpus) -> pd.DataFrame:
    """The corpus's hand labels of sentence tone (``annotations/tone.csv``), tone values checked.

    Empty (with its columns) when the corpus has no such annotation: labels are never borrowed.
    """
    problems = tone_annotation_problems(corpus.tables["annotations/tone"])
    if problems:
        raise CorpusError(problems)
    table = corpus.table("annotations/tone")
    return table.assign(sentence_id=table["sentence_id"].astype(int))


def with_labels(corpus: Corpus, labels: pd.DataFrame | None = None,
                threshold: float = NEUTRAL_BAND) -> pd.DataFrame:
    """Sentence scores joined to hand labels on article, sentence and the exact sentence text.

    ``labels`` default to :func:`load_tone_labels`. A label whose text no longer
    matches its sentence is not used: the ``label_status`` column says
    ``labelled``, ``text differs`` or ``no label`` for every sentence, so no
    sentence is dropped silently. Adds ``tone`` (the hand label),
    ``textblob_tone`` and ``vader_tone``.
    """
    labels = load_tone_labels(corpus) if labels is None else labels
    scores = sentence_sentiment(corpus)
    merged = scores.merge(labels[["article_id", "sentence_id", "text", "tone", "note"]].rename(
        columns={"text": "label_text"}), on=["article_id", "sentence_id"], how="left",
        validate="one_to_one")
    status = np.where(merged["tone"].isna(), "no label",
                      np.where(merged["label_text"] == merged["text"], "labelled",
                               "text differs"))
    merged["label_status"] = status
    merged.loc[merged["label_status"] != "labelled", "tone"] = None
    for name, col in TOOLS.items():
        merged[f"{name.lower()}_tone"] = tone(merged[col], threshold).to_numpy()
    return merged.drop(columns="label_text")


def _kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's kappa between two label columns (NaN when there are no labels)."""
    if len(a) == 0:
        return float("nan")
    observed = float((a.to_numpy() == b.to_numpy()).mean())
    pa = a.value_counts(normalize=True)
    pb = b.value_counts(normalize=True)
    expected = float(sum(pa.get(t, 0) * pb.get(t, 0) for t in TONES))
    return (observed - expected) / (1 - expected) if expected < 1 else float("nan")


def label_agreement(labelled: pd.DataFrame) -> pd.DataFrame:
    """Agreement of each tool's tone with the hand labels: share the same, and Cohen's kappa.

    ``labelled`` comes from :func:`with_labels`; only sentences with a valid
    label count. Also gives how often a hand-labelled negative sentence is
    called negative (``negative_recall``).
    """
    ok = labelled[labelled["label_status"] == "labelled"]
    rows = []
    for name in TOOLS:
        col = ok[f"{name.lower()}_tone"]
        neg = ok["tone"] == "negative"
        rows.append({"tool": name, "n": len(ok),
                     "same_as_hand": float((col == ok["tone"]).mean()),
                     "kappa": _kappa(ok["tone"], col),
                     "negative_recall": float((col[neg] == "negative").mean())})
    return pd.DataFrame(rows)


def confusion(labelled: pd.DataFrame, tool: str = "TextBlob") -> pd.DataFrame:
    """Hand label (rows) against a tool's tone (columns), counts of sentences."""
    ok = labelled[labelled["label_status"] == "labelled"]
    table = pd.crosstab(pd.Categorical(ok["tone"], TONES),
                        pd.Categorical(ok[f"{tool.lower()}_tone"], TONES), dropna=False)
    table.index.name = "hand label"
    table.columns.name = f"{tool} tone"
    return table


#: Why TextBlob gives a sentence exactly 0 (see :func:`zero_scores`).
ZERO_REASONS = ("no lexicon word", "only words scoring 0", "scores cancel out")
_DRIVER = re.compile(r"'([^']+)' ([+-]\d\.\d\d)")


def zero_scores(corpus: Corpus) -> pd.DataFrame:
    """The sentences TextBlob scores exactly 0, and why: ``why_zero`` is ``no lexicon word``,
    ``only words scoring 0`` (every matched word scores 0 on its own) or ``scores cancel out``;
    ``zero_words`` lists the words that score 0. A 0 is not a measured neutral tone.

    >>> from helpers import open_corpus
    >>> z = zero_scores(open_corpus())
    >>> z.why_zero.value_counts().reindex(list(ZERO_REASONS)).tolist()
    [9, 17, 4]
    """
    scores = sentence_sentiment(corpus)
    zero = scores[scores["polarity"] == 0].copy()
    found = zero["drivers"].map(_DRIVER.findall)
    zero["zero_words"] = [[w for w, p in pairs if float(p) == 0] for pairs in found]
    zero["why_zero"] = [ZERO_REASONS[0] if not pairs else
                        ZERO_REASONS[1] if all(float(p) == 0 for _, p in pairs) else
                        ZERO_REASONS[2] for pairs in found]
    return zero.reset_index(drop=True)
