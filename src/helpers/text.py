"""Text utilities used everywhere: one ``fold``, one ``tokens``, one sentence splitter (pysbd).

Sentence segmentation uses pysbd (rule-based, needs no NLTK corpora). Every module
that needs sentences uses ``Corpus.sentences`` (built by :func:`load_sentences`)
or :func:`split_sentences`; none re-splits text its own way.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from functools import cache

import pandas as pd
import pysbd
from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.utils import Rule, TextSpan

from helpers import literals, progress
from helpers.sizes import LARGE_CORPUS

SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "start", "end", "text"]

# Typographic variants that must not stop a match ("Assad’s" = "Assad's"); all map 1 to 1.
_FOLD = str.maketrans({"’": "'", "‘": "'", "‛": "'", "ʼ": "'", "\u2010": "-", "\u2011": "-",
                       "\u2012": "-", "\xa0": " "})
# the same characters as one pattern: news text holds few of them, and replacing the few is
# many times faster than translating every character of an article
_FOLDED = {chr(k): v for k, v in _FOLD.items()}
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in _FOLDED) + "]")


def fold(text: str) -> str:
    """Fold typographic variants (curly apostrophes, special hyphens, no-break spaces) to
    ASCII. The result has the same length, so offsets into it are offsets into ``text``.

    >>> fold("Assad’s office")
    "Assad's office"
    """
    return _FOLD_RE.sub(_fold_one, text)


def _fold_one(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


# Beyond fold: double quotes and dashes, for comparing texts (never for matching words, where a
# dash between words must stay a word boundary).
_FOLD_ALL = str.maketrans({**_FOLD, ord("“"): '"', ord("”"): '"', ord("–"): "-", ord("—"): "-"})


def fold_typography(text: str) -> str:
    """:func:`fold`, and curly double quotes and en/em dashes made ASCII too; same length.
    For comparing two texts whose typography alone may differ.

    >>> print(fold_typography("“Russia’s” – successes"))
    "Russia's" - successes
    """
    return text.translate(_FOLD_ALL)


#: Characters that ``re.IGNORECASE`` matches to an ASCII letter although ``str.lower`` does not
#: turn them into it (dotted and dotless i, long s); checked over every code point.
_FOLD_TRAPS = re.compile("[\u0130\u0131\u017f]")
_ABBREVIATIONS = tuple(a.strip() for a in English.Abbreviation.ABBREVIATIONS)  # pysbd's order
_ORDER = {a: n for n, a in enumerate(_ABBREVIATIONS)}  # no abbreviation is listed twice
_DOTTED = frozenset(a for a in _ABBREVIATIONS if "." in a)  # "." in a pattern: any character


@cache
def _abbreviation_at_word_start(abbr: str) -> re.Pattern[str]:
    """pysbd's search for an abbreviation after a space or at the start, compiled once."""
    return re.compile(rf"(?:^|\s|\r|\n){abbr}", re.IGNORECASE)


@cache
def _char_after_abbreviation(abbr: str) -> re.Pattern[str]:
    """pysbd's "next word start" pattern, compiled once (it looks behind for ``{abbr} ``)."""
    return re.compile(r"(?<={" + str(re.escape(abbr)) + "} ).{1}")


def _dotted_word_starts(lowered: str) -> set[str]:
    """What comes before the first ``.`` of each whitespace-separated word that holds one.

    >>> sorted(_dotted_word_starts("gen. al-assad met dr.smith at 5 p.m. today"))
    ['dr', 'gen', 'p']
    """
    return {word[:word.index(".")] for word in lowered.split() if "." in word}


class _AbbreviationReplacer(English.AbbreviationReplacer):
    """pysbd's English abbreviation pass with the same result and less work.

    pysbd looks for each of its 188 abbreviations that occurs anywhere in a line
    with two regular expressions, then runs up to three more per match. Three
    shortcuts skip only work that provably changes nothing:

    * an abbreviation without a dot is skipped unless some word of the line begins
      with it and a ``.`` (ignoring case). Every replacement pysbd makes for it turns
      the ``.`` of a space (or the start), the abbreviation as written, ``.`` into
      ``∯``; without such a word there is none to make, so its searches are wasted.
      The pass only ever turns a ``.`` into ``∯``, neither a letter nor a space, so
      it never makes such a word: the words seen in the line as it came in stay valid.
      Lines with a character in :data:`_FOLD_TRAPS` (which ``str.lower`` does not turn
      into the letter they match) take pysbd's own search;
    * the "next word start" search looks behind for a literal ``{``, so it is not
      run on a line without one (its answer is then the empty list);
    * a replacement turns the ``.`` right after the abbreviation as written into
      ``∯``, so it is not run when the text has no such ``.``.

    Both searches use the patterns pysbd builds, compiled once instead of on every call.
    Written against pysbd 0.3.4 (pinned in requirements.lock); tests/test_text.py checks it
    against stock pysbd on every paragraph of the built-in and test corpora.
    """

    def search_for_abbreviations_in_string(self, text: str) -> str:
        """pysbd's method of the same name, with the shortcuts above."""
        lowered = text.lower()
        candidates: Iterable[str] = _ABBREVIATIONS
        if not _FOLD_TRAPS.search(text):
            starts = {a for a in _dotted_word_starts(lowered) if a in _ORDER}
            candidates = sorted(starts.union(_DOTTED), key=_ORDER.__getitem__)
        for abbr in candidates:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            abbrev_match = _abbreviation_at_word_start(stripped).findall(text)
            if not abbrev_match:
                continue
            char_array = _char_after_abbreviation(stripped).findall(text) if "{" in text else []
            for ind, match in enumerate(abbrev_match):
                text = self.scan_for_replacements(text, match, ind, char_array)
        return text

    def replace(self) -> str:
        """pysbd's method of the same name (its abbreviation pass over the whole text), with
        its rules applied through :func:`_apply`, and its a.m./p.m. rules, which each turn a
        ``∯`` back into a period, run only when the text holds one."""
        self.text = _apply(self.text, self.lang.PossessiveAbbreviationRule,
                           self.lang.KommanditgesellschaftRule,
                           *self.lang.SingleLetterAbbreviationRules.All)
        self.text = "".join(self.search_for_abbreviations_in_string(line)
                            for line in self.text.splitlines(True))
        self.replace_multi_period_abbreviations()
        if "∯" in self.text:
            self.text = _apply(self.text, *self.lang.AmPmRules.All)
        self.text = self.replace_abbreviation_as_sentence_boundary()
        return self.text

    def replace_abbreviation_as_sentence_boundary(self) -> str:
        """pysbd's method of the same name, run only when the text holds a ``∯``: every
        match of its pattern has one right after the abbreviation."""
        if "∯" not in self.text:
            return self.text
        return super().replace_abbreviation_as_sentence_boundary()

    def scan_for_replacements(self, txt: str, am: str, ind: int, char_array: list) -> str:
        """pysbd's method, skipped when no ``.`` follows the abbreviation ``am``."""
        written = am.strip()
        if "." not in written and written + "." not in txt:
            return txt
        return super().scan_for_replacements(txt, am, ind, char_array)


@cache
def _test(pattern: str) -> Callable[[str], bool]:
    """Whether a text holds what every match of a pysbd rule's ``pattern`` must contain
    (:func:`helpers.literals.needs`)."""
    return literals.compile_needs(literals.needs(pattern))


def _apply(text: str, *rules: Rule) -> str:
    """pysbd's ``Text(text).apply(*rules)``: each rule's substitution in turn. A rule whose
    matches all contain literal text (:func:`_test`) that the text lacks would change
    nothing, so it is not run. Most of pysbd's per-sentence rules put back placeholder symbols
    (``∯`` for a protected period, ``&ᓴ&`` for an exclamation mark...) that few sentences
    hold, or handle a ``!`` or ``?`` that most sentences lack.
    """
    for rule in rules:
        if _test(rule.pattern)(text):
            text = re.sub(rule.pattern, rule.replacement, text)
    return text


#: Two periods at most one space apart: every one of pysbd's ellipsis rules matches one.
_TWO_PERIODS = re.compile(r"\.\s?\.")

#: A digit beside a period: each of pysbd's number rules needs one (a period before a digit,
#: or after one).
_DIGIT_BESIDE_PERIOD = re.compile(r"\d\.|\.\d")
#: A period (or protected period) before a digit or ``[``: pysbd's numbered-reference pattern
#: ("...the war.[3] It" or "...the war.3 It") needs one.
_PERIOD_BEFORE_REFERENCE = re.compile(r"[.∯][\d\[]")

#: A single letter after a space (or at the start) and followed by a ``.``: what pysbd's
#: ``ALPHABETICAL_LIST_WITH_PERIODS`` finds, written as one pattern instead of three.
_LETTER_ITEM = re.compile(r"(?<!\S)[a-z](?=\.)")
#: A digit followed by a ``.``: every branch of pysbd's ``NUMBERED_LIST_REGEX_1`` needs one.
_DIGIT_PERIOD = re.compile(r"\d\.")


class _ListItemReplacer(ListItemReplacer):
    """pysbd's list-item pass, skipping searches that provably find nothing.

    pysbd looks for list items ("a. ... b. ...", "(i) ... (ii) ...", "1. ... 2. ...") with
    slow patterns on every paragraph, and changes nothing when it finds none. Each search is
    skipped when the text lacks something every match needs: a ``)`` for the items in
    brackets, a digit followed by ``.`` for numbered items, and a match of
    :data:`_LETTER_ITEM` for lettered ones.
    """

    def iterate_alphabet_array(self, regex: str, parens: bool = False,
                               roman_numeral: bool = False) -> str:
        """pysbd's method of the same name, run only when an item can be found."""
        findable = ")" in self.text if parens else _LETTER_ITEM.search(self.text)
        if not findable:
            return self.text
        return super().iterate_alphabet_array(regex, parens, roman_numeral)

    def scan_lists(self, regex1: str, regex2: str, replacement: str,
                   strip: bool = False) -> None:
        """pysbd's method of the same name, run only when a numbered item can be found."""
        if regex1 == self.NUMBERED_LIST_REGEX_1 and not _DIGIT_PERIOD.search(self.text):
            return
        if regex1 == self.NUMBERED_LIST_PARENS_REGEX and ")" not in self.text:
            return
        super().scan_lists(regex1, regex2, replacement, strip)


class _Processor(Processor):
    """pysbd's processor with :class:`_ListItemReplacer`, applying its per-sentence rules
    through :func:`_apply`.

    Its methods below are pysbd 0.3.4's, with ``Text(...).apply(...)`` replaced by
    :func:`_apply`, which gives the same text, and its ellipsis rules skipped on text
    none of them can match.
    """

    def process(self) -> str | list[str]:
        """pysbd's method of the same name: the text's sentences."""
        if not self.text:
            return self.text
        self.text = _ListItemReplacer(self.text.replace("\n", "\r")).add_line_break()
        self.replace_abbreviations()
        self.replace_numbers()
        self.replace_continuous_punctuation()
        self.replace_periods_before_numeric_references()
        self.text = _apply(self.text, self.lang.Abbreviation.WithMultiplePeriodsAndEmailRule,
                           self.lang.GeoLocationRule, self.lang.FileFormatRule)
        return self.split_into_segments()

    # Three passes over the whole text, each run only when the text holds what every match
    # of its pattern needs; otherwise the substitution would change nothing.

    def replace_numbers(self) -> None:
        """pysbd's method of the same name, run only near a digit beside a period."""
        if _DIGIT_BESIDE_PERIOD.search(self.text):
            super().replace_numbers()

    def replace_continuous_punctuation(self) -> None:
        """pysbd's method of the same name (runs of ``!`` and ``?``), run only with one."""
        if "!" in self.text or "?" in self.text:
            super().replace_continuous_punctuation()

    def replace_periods_before_numeric_references(self) -> None:
        """pysbd's method of the same name, run only with a period before a digit or ``[``."""
        if _PERIOD_BEFORE_REFERENCE.search(self.text):
            super().replace_periods_before_numeric_references()

    def split_into_segments(self) -> list[str]:
        """pysbd's method of the same name: the paragraph's sentences, post-processed."""
        self.check_for_parens_between_quotes()
        sents = self.rm_none_flatten(self.text.split("\r"))
        sents = [self._ellipses(_apply(s, self.lang.SingleNewLineRule)) for s in sents]
        sents = self.rm_none_flatten([self.check_for_punctuation(s) for s in sents])
        postprocessed = []
        for sent in sents:
            post = self.post_process_segments(_apply(sent, *self.lang.SubSymbolsRules.All))
            if post and isinstance(post, str):
                postprocessed.append(post)
            elif isinstance(post, list):
                postprocessed.extend(post)
        return [_apply(s, self.lang.SubSingleQuoteRule) for s in postprocessed]

    def _ellipses(self, txt: str) -> str:
        """pysbd's ellipsis rules, run only when two periods are at most a space apart
        (:data:`_TWO_PERIODS`): each rule's pattern needs that, so without it none matches."""
        return _apply(txt, *self.lang.EllipsisRules.All) if _TWO_PERIODS.search(txt) else txt

    def process_text(self, txt: str) -> list[str]:
        """pysbd's method of the same name: the sentences of a line."""
        if txt[-1] not in self.lang.Punctuations:
            txt += "ȸ"
        txt = ExclamationWords.apply_rules(txt)
        txt = self.between_punctuation(txt)
        if not re.match(self.lang.DoublePunctuationRules.DoublePunctuation, txt):
            txt = _apply(txt, *self.lang.DoublePunctuationRules.All)
        txt = _apply(txt, self.lang.QuestionMarkInQuotationRule,
                     *self.lang.ExclamationPointRules.All)
        txt = ListItemReplacer(txt).replace_parens()
        return self.sentence_boundary_punctuation(txt)

    def post_process_segments(self, txt: str) -> str | list[str]:
        """pysbd's method of the same name: ellipses put back, a quotation's end split off."""
        if len(txt) > 2 and re.search(r"\A[a-zA-Z]*\Z", txt):
            return txt
        txt = _apply(txt, *self.lang.ReinsertEllipsisRules.All)
        if re.search(self.lang.QUOTATION_AT_END_OF_SENTENCE_REGEX, txt):
            return re.split(self.lang.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX, txt)
        return txt.replace("\n", "").strip()


class _BetweenPunctuation(BetweenPunctuation):
    """pysbd's protection of the punctuation inside quotations and brackets, skipping each
    kind of quotation or bracket that the text lacks: every match of its pattern starts with
    that mark, so the substitution would change nothing."""

    #: pysbd's eight substitutions in its order, each with the mark its matches start with.
    STEPS = (("'", BetweenPunctuation.sub_punctuation_between_single_quotes),
             ("‘", BetweenPunctuation.sub_punctuation_between_single_quote_slanted),
             ('"', BetweenPunctuation.sub_punctuation_between_double_quotes),
             ("[", BetweenPunctuation.sub_punctuation_between_square_brackets),
             ("(", BetweenPunctuation.sub_punctuation_between_parens),
             ("«", BetweenPunctuation.sub_punctuation_between_quotes_arrow),
             ("--", BetweenPunctuation.sub_punctuation_between_em_dashes),
             ("“", BetweenPunctuation.sub_punctuation_between_quotes_slanted))

    def sub_punctuation_between_quotes_and_parens(self, txt: str) -> str:
        """pysbd's method of the same name, each step run only when its mark is in the text."""
        for mark, step in self.STEPS:
            if mark in txt:
                txt = step(self, txt)
        return txt


class _English(English):
    """pysbd's English rules with the faster passes above (same output)."""

    AbbreviationReplacer = _AbbreviationReplacer
    BetweenPunctuation = _BetweenPunctuation
    Processor = _Processor


class _Segmenter(pysbd.Segmenter):
    """pysbd's segmenter, finding each sentence in the text without rescanning from the start.

    pysbd looks for every sentence from the beginning of the paragraph, which takes time
    growing with the square of the paragraph's length (a paragraph of thousands of short lines
    never finishes). A sentence is kept only if it ends after the sentence before it, and the
    one before ended on a non-space, so it cannot begin before ``prior_end - len(sentence)``:
    the search starts there. Same output (checked against stock pysbd in the tests).
    """

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        """pysbd's method of the same name, searching from the end of the sentence before."""
        text, spans, prior_end = self.original_text, [], 0
        for sent in sentences:
            if not sent:  # pysbd gives no empty sentence; nothing to find
                continue
            at = text.find(sent, max(0, prior_end - len(sent)))
            while at >= 0:
                end = at + len(sent)
                while end < len(text) and text[end].isspace():  # pysbd's trailing "\s*"
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[at:end], at, end))
                    prior_end = end
                    break
                at = text.find(sent, end)
        return spans


_THREAD = threading.local()


def _segmenter() -> pysbd.Segmenter:
    """One pysbd segmenter per thread (a segmenter keeps state while it works, so two threads
    must not share one), with the faster abbreviation pass (same output)."""
    segmenter = getattr(_THREAD, "segmenter", None)
    if segmenter is None:
        segmenter = _Segmenter(language="en", clean=False)
        segmenter.language_module = _English
        _THREAD.segmenter = segmenter
    return segmenter


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


#: What separates two paragraphs: a run of whitespace holding at least two line breaks.
#: Matching starts at the first space of the run and runs to its last.
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph of a text; paragraphs are split at blank lines
    (whitespace with two or more line breaks) and have no whitespace at either end. A paragraph
    of one character alone (a stray bullet or letter) is kept with the paragraph after it.

    >>> paragraphs("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    >>> paragraphs("  One.\\n Still one. \\n \\n\\tTwo. \\n")
    [(2, 18), (23, 27)]
    >>> paragraphs("*\\n\\nOne.\\n\\nTwo.")
    [(0, 7), (9, 13)]
    """
    bodies, at = [], 0
    for gap in [*_PARAGRAPH_BREAK.finditer(text), None]:
        stop = gap.start() if gap else len(text)
        piece = text[at:stop]
        body = piece.strip()
        if body:
            first = at + len(piece) - len(piece.lstrip())
            bodies.append((first, first + len(body)))
        at = gap.end() if gap else stop
    spans, n = [], 0
    while n < len(bodies):
        start, end = bodies[n]
        if end - start == 1 and n + 1 < len(bodies):  # a lone character joins the next
            end = bodies[n + 1][1]
            n += 1
        spans.append((start, end))
        n += 1
    return spans


def _sentence_spans(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(paragraph number, start, end)`` of each sentence of ``text``, whose paragraphs are
    ``paras`` (see :func:`split_sentences`); paragraphs are numbered from 1."""
    spans = []
    for number, (p_start, p_end) in enumerate(paras, start=1):
        para = text[p_start:p_end]
        if is_one_sentence(para):
            spans.append((number, p_start, p_end))
            continue
        cursor = 0
        for piece in _segmenter().segment(para):
            piece = piece.strip()
            if not piece:
                continue
            found = para.find(piece, cursor)
            if found < 0:  # pysbd altered the text; fall back to the rest of the paragraph
                found, piece = cursor, para[cursor:].strip()
            spans.append((number, p_start + found, p_start + found + len(piece)))
            cursor = found + len(piece)
        if cursor < len(para.rstrip()):  # text pysbd did not return is kept, never dropped
            rest = para[cursor:]
            lead = len(rest) - len(rest.lstrip())
            spans.append((number, p_start + cursor + lead, p_end))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, paragraph by paragraph.

    A sentence never crosses a paragraph break, so a quotation that runs over
    several paragraphs gives one or more sentences per paragraph.

    >>> t = 'The cease-fire in Syria began on Dec. 29, and thus far appears to be holding. It did.'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['The cease-fire in Syria began on Dec. 29, and thus far appears to be holding.', 'It did.']
    """
    return [(start, end) for _, start, end in _sentence_spans(text, paragraphs(text))]


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
    pairs = zip(articles["article_id"], articles["text"], strict=True)
    for aid, text in progress.bar(pairs, len(articles), "splitting sentences", LARGE_CORPUS):
        spans = _sentence_spans(text, paragraphs(text))
        for n, (paragraph_id, start, end) in enumerate(spans, start=1):
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


def tokens(text: str) -> list[str]:
    """Lower-cased, folded words of ``text`` for counting: only words with a letter (so the
    "000" of "3,000" is not a word).

    >>> tokens("Russia’s S-400 stays, 3,000 troops.")
    ["russia's", 's-400', 'stays', 'troops']
    """
    return [fold(w).lower() for _, _, w in word_spans(text) if any(c.isalpha() for c in w)]


def word_count(text: str) -> int:
    """The number of words in ``text``, as :func:`word_spans` finds them: the one word count.

    >>> word_count("The S-400 defence system, Russia’s.")
    5
    """
    return len(WORD.findall(text))


def readable(identifier: str) -> str:
    """A table's identifier as prose writes it (frames, failures): underscores become spaces.

    >>> readable("continued_presence")
    'continued presence'
    """
    return identifier.replace("_", " ")
