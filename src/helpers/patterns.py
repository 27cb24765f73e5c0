"""The one matcher: how every curated pattern and word list is matched against article text.

One set of rules for every dictionary (frames, naming, targets, probes, facts,
announcements, callbacks), the actor registry, the quote cues, the explorer and
figures:

* **Whole words.** A match may not start or end inside a word or a hyphenated
  compound: ``war`` does not match "war-torn" or "software".
* **Smart case.** A pattern with a capital letter is case-sensitive ("UN" does
  not match "un"); an all-lower-case pattern matches any case ("talks" matches
  "Talks").
* **Names are not words.** An all-lower-case pattern does not match a
  capitalised word in the middle of a sentence: ``alleg\\w*`` finds
  "allegedly" and a sentence-initial "Allegations", but not the name "Allegra";
  ``remain`` the verb is not "Remain" the campaign.
* **Typography does not matter.** Curly and straight apostrophes, and the
  Unicode hyphens, match each other: the text is folded with
  :func:`helpers.text.fold` (same length, so offsets hold) and so is the pattern.

:func:`compile_pattern` compiles one pattern, :func:`word_pattern` a list of
literal words or names, and :func:`finditer` runs either over a text with the
rules above. :func:`pattern_problem` is the one error for a bad pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from helpers.problems import CorpusError, Problem
from helpers.text import fold

BEFORE, AFTER = r"(?<![\w\-])", r"(?![\w\-])"  # whole words: not inside a word or compound
#: Characters after which a capitalised word starts a sentence (or a quotation, or a heading).
_OPENERS = ".!?:;\"'“‘(«[\n"


def pattern_problem(where: str, pattern: str, err: re.error | None = None) -> Problem:
    """The problem for an empty or invalid pattern, naming where it is and how to fix it.

    >>> print(pattern_problem("frames.csv, line 3", "war("))  # doctest: +NORMALIZE_WHITESPACE
    frames.csv, line 3: the pattern is empty (it would match everywhere). Fix: Write a word or
    regular expression, or delete the row.
    """
    if err is None:
        return Problem(where, "the pattern is empty (it would match everywhere).",
                       "Write a word or regular expression, or delete the row.")
    return Problem(where, f"pattern {pattern!r} is not a valid regular expression: {err}.",
                   "Correct it; test it with Python's re module.")


def has_capital(pattern: str) -> bool:
    """Whether a pattern has a capital letter outside escapes and inline flags.

    >>> has_capital("UN"), has_capital(r"\\bwar\\w*"), has_capital("(?i)talks")
    (True, False, False)
    """
    return any(c.isupper() for c in re.sub(r"\\.|\(\?[a-zA-Z]+\)", "", pattern))


def smart_case(pattern: str) -> str:
    """``pattern`` made case-insensitive unless it has a capital letter (see :func:`has_capital`).

    >>> smart_case("talks"), smart_case("UN")
    ('(?i:talks)', '(?:UN)')
    """
    pattern = fold(pattern)
    return f"(?:{pattern})" if has_capital(pattern) else f"(?i:{pattern})"


def check_pattern(pattern: str, where: str = "pattern") -> Problem | None:
    """The problem with a pattern (empty, or not a valid regular expression), or ``None``.

    >>> check_pattern("talks") is None, check_pattern("regime(").what[:30]
    (True, "pattern 'regime(' is not a val")
    >>> check_pattern("[").what
    "pattern '[' is not a valid regular expression: unterminated character set at position 0."
    """
    if not pattern.strip():
        return pattern_problem(where, pattern)
    try:
        # On its own first: wrapped, "[" would close into a valid class ("(?i:[)(?!...") and
        # match punctuation everywhere.
        re.compile(fold(pattern))
        re.compile(BEFORE + smart_case(pattern) + AFTER)
    except re.error as err:
        return pattern_problem(where, pattern, err)
    return None


def compile_pattern(pattern: str, where: str = "pattern") -> re.Pattern[str]:
    """Compile a table pattern as a whole-word regex with smart case (match it with
    :func:`finditer`, which folds the text first).

    Raises :class:`~helpers.problems.CorpusError` naming ``where`` for a bad pattern.

    >>> t = "Talks resumed; the talks, not Peace Talks Ltd."
    >>> [(m.start(), m.group()) for m in finditer(compile_pattern("talks"), t)]
    [(0, 'Talks'), (19, 'talks')]
    >>> list(finditer(compile_pattern("war"), "a war-torn town"))
    []
    """
    problem = check_pattern(pattern, where)
    if problem is not None:
        raise CorpusError([problem])
    return re.compile(BEFORE + smart_case(pattern) + AFTER)


def combined(patterns: list[str]) -> re.Pattern[str]:
    """One regex for several (valid) patterns; group ``e<i>`` holds a match of ``patterns[i]``.

    The alternatives sit in a zero-width lookahead, so ``finditer`` tries every
    position once and reports, at each, the first pattern that matches there.
    """
    alternatives = "|".join(f"(?P<e{i}>{smart_case(p)}){AFTER}" for i, p in enumerate(patterns))
    return re.compile(f"{BEFORE}(?=(?:{alternatives}))")


def _trie(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (fast to match)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in fold(word).lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(tree)


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive matching of any of ``words`` (literal); the longest wins.

    Use it for names and cue words; match with :func:`finditer` (or on folded text).

    >>> t = "Assad’s office said Assad agreed."
    >>> [t[m.start():m.end()] for m in finditer(word_pattern(["Assad", "Assad's office"]), t)]
    ['Assad’s office', 'Assad']
    """
    words = [w for w in words if w.strip()]
    if not words:
        return re.compile(r"(?!)")
    return re.compile(BEFORE + _trie(words) + AFTER, re.IGNORECASE)


def starts_sentence(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` begins a sentence, a quotation or a line.

    >>> t = "Allegra Stratton said it. “Allegations” are not proof."
    >>> starts_sentence(t, 0), starts_sentence(t, t.index("Allegations")), starts_sentence(t, 8)
    (True, True, False)
    """
    i = at - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in _OPENERS


def is_name_hit(text: str, start: int, pattern_is_lower: bool) -> bool:
    """Whether a case-insensitive match at ``start`` is a capitalised name mid-sentence.

    >>> is_name_hit("a reporter, Allegra Ode, said", 12, True)
    True
    >>> is_name_hit("Allegations followed.", 0, True), is_name_hit("the UN said", 4, False)
    (False, False)
    """
    return pattern_is_lower and text[start:start + 1].isupper() and not starts_sentence(text, start)


def finditer(regex: re.Pattern[str], text: str, start: int = 0,
             end: int | None = None) -> Iterator[re.Match[str]]:
    """Matches of a compiled pattern in ``text`` under the one set of rules (see module doc).

    Matching runs on the folded text (offsets are the same); matches of a
    case-insensitive pattern that are capitalised names mid-sentence are skipped.
    The match objects belong to the folded text: read ``m.start()``/``m.end()``
    and slice the original text for what was written.
    """
    folded = fold(text)
    lower = _lower_case_groups(regex.pattern)
    for m in regex.finditer(folded, start, len(folded) if end is None else end):
        group = m.lastgroup
        at = m.start() if group is None else m.start(group)
        if (m.end() > m.start() or group is not None) and not is_name_hit(
                folded, at, lower.get(group, False)):
            yield m


@lru_cache(maxsize=512)
def _lower_case_groups(pattern: str) -> dict[str | None, bool]:
    """Which parts of a compiled pattern are smart-case lower-case patterns (the name guard).

    Key ``None`` is the whole pattern (from :func:`compile_pattern`); keys ``e<i>`` are the
    groups of a :func:`combined` regex. Word lists (:func:`word_pattern`) have no guard.
    """
    lower: dict[str | None, bool] = {None: pattern.startswith(BEFORE + "(?i:")}
    for m in re.finditer(r"\(\?P<(e\d+)>\(\?(i?):", pattern):
        lower[m.group(1)] = m.group(2) == "i"
    return lower


def search(regex: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of :func:`finditer`, or ``None``."""
    return next(finditer(regex, text), None)
