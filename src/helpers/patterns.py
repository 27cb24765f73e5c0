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
rules above. :func:`pattern_problem` is the one error for a bad pattern;
:func:`check_pattern` and :func:`check_line_pattern` find every problem a pattern
can have before anything runs.

**No pattern runs forever.** The patterns a corpus brings are compiled with the
`regex <https://pypi.org/project/regex/>`_ engine and every match runs under a time
limit (:func:`time_limit`); the generic patterns that ship with the package run on the
faster ``re`` (``shipped=True``). Validation rejects the shapes known to explode (a
repetition of a repetition such as ``(a+)+``, a repeated choice between identical
alternatives such as ``(a|a)*``); anything else that overruns raises
:class:`PatternTimeout`, which the caller turns into a message naming the table, the
line and the article (:meth:`PatternTimeout.at`).
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the standard library's own parser, for the static checks
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex as rx

from helpers.problems import CorpusError, Problem
from helpers.text import fold

#: A compiled pattern: table patterns are compiled with ``regex`` (time limits), literal word
#: lists with ``re``.
Regex = re.Pattern[str] | rx.Pattern
#: Seconds any one pattern may run over one text, plus one second per LIMIT_CHARS characters.
LIMIT_SECONDS = 5.0
LIMIT_CHARS = 200_000
#: Group names :func:`combined` uses itself; a table pattern may not use them.
RESERVED_GROUP = re.compile(r"e\d+")
_HOW_TO_SIMPLIFY = ("Simplify it: do not repeat a repetition such as (a+)+ or (?:a|aa)+; write "
                    "each alternative once, or bound the repetition, e.g. {1,5}.")

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
    """The problem with a table pattern, or ``None``.

    A pattern is a problem when it is empty or not a valid regular expression, when it sets an
    inline flag such as ``(?i)`` (the matcher wraps every pattern, so a flag can only apply to a
    group), uses a group name the matcher reserves or a back-reference by number (patterns are
    combined, so group numbers move), or repeats a repetition (see :func:`runaway`).

    >>> check_pattern("talks") is None, check_pattern("regime(").what[:30]
    (True, "pattern 'regime(' is not a val")
    >>> check_pattern("[").what
    "pattern '[' is not a valid regular expression: unterminated character set at position 0."
    >>> print(check_pattern("peace (?i)talks", "frames.csv, line 9").fix)
    Write (?i:...) around the part it applies to, or leave it out: a pattern without capitals \
already matches any case.
    >>> check_pattern("(a+)+").what
    "pattern '(a+)+' repeats a repetition ((a+)+): it can take forever on a long text."
    """
    if not pattern.strip():
        return pattern_problem(where, pattern)
    flag = _global_flag(pattern)
    if flag:
        return Problem(where, f"pattern {pattern!r} sets the inline flag {flag!r}, which "
                       "would apply to the whole pattern and every pattern combined with it.",
                       "Write (?i:...) around the part it applies to, or leave it out: a "
                       "pattern without capitals already matches any case.")
    try:
        # On its own first: wrapped, "[" would close into a valid class ("(?i:[)(?!...") and
        # match punctuation everywhere.
        re.compile(fold(pattern))
        re.compile(BEFORE + smart_case(pattern) + AFTER)
    except re.error as err:
        return pattern_problem(where, pattern, err)
    reserved = sorted(n for n in group_names(pattern) if RESERVED_GROUP.fullmatch(n))
    if reserved:
        return Problem(where, f"pattern {pattern!r} names a group {reserved[0]!r}, a name the "
                       "matcher uses itself (e0, e1, ...).", "Give the group another name.")
    if _NUMBERED_REFERENCE.search(pattern):
        return Problem(where, f"pattern {pattern!r} refers back to a group by its number; the "
                       "rows of a table are matched together, so the numbers change.",
                       "Name the group, (?P<w>...), and refer to it as (?P=w).")
    return runaway_problem(pattern, where)


def check_line_pattern(pattern: str, where: str = "pattern") -> Problem | None:
    """The problem with a multi-line pattern (page furniture, health signs), or ``None``.

    These match the raw text as written, line by line (``re.MULTILINE``): no whole-word
    wrapping, so an inline flag at the very start is allowed.

    >>> check_line_pattern(r"^Read more:.*$") is None
    True
    >>> check_line_pattern("^(?:[a-z]+ *)+$").what
    "pattern '^(?:[a-z]+ *)+$' repeats a repetition ((?:[a-z]+ *)+): it can take forever on a \
long text."
    """
    if not pattern.strip():
        return pattern_problem(where, pattern)
    try:
        re.compile(pattern.replace("{headline}", "headline"), re.MULTILINE)
    except re.error as err:
        return pattern_problem(where, pattern, err)
    return runaway_problem(pattern.replace("{headline}", "headline"), where)


#: ``(?i)``, ``(?s)`` ... : a flag for the whole pattern (not ``(?i:...)``, which scopes one).
_GLOBAL_FLAG = re.compile(r"\\.|\[(?:\\.|[^\]])*\]|(\(\?[aiLmsux]+\))")
#: A back-reference or conditional by group number.
_NUMBERED_REFERENCE = re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]|\(\?\(\d")


def _global_flag(pattern: str) -> str:
    """The first inline flag for the whole pattern in ``pattern`` ("" when none).

    >>> _global_flag("(?i)talks"), _global_flag("(?i:talks)"), _global_flag(r"\\(?i) [(?i)]")
    ('(?i)', '', '')
    """
    return next((m.group(1) for m in _GLOBAL_FLAG.finditer(pattern) if m.group(1)), "")


def group_names(pattern: str) -> list[str]:
    """The names of the groups of a valid pattern.

    >>> group_names("(?P<who>council) (?P<what>vote)")
    ['who', 'what']
    """
    return list(re.compile(fold(pattern)).groupindex)


def _nullable(items: list) -> bool:
    """Whether a parsed sequence can match the empty string (a cautious guess)."""
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if av[0] > 0 and not _nullable(av[2]):
                return False
        elif name == "SUBPATTERN":
            if not _nullable(av[3]):
                return False
        elif name == "ATOMIC_GROUP":
            if not _nullable(av):
                return False
        elif name == "BRANCH":
            if not any(_nullable(b) for b in av[1]):
                return False
        elif name not in ("AT", "ASSERT", "ASSERT_NOT"):
            return False
    return True


def _flat(items: list) -> list:
    """A parsed sequence with its groups opened up into one sequence."""
    out = []
    for op, av in items:
        if str(op) == "SUBPATTERN":
            out += _flat(av[3])
        else:
            out.append((op, av))
    return out


def _runaway(items: list, repeated: bool = False) -> bool:
    """Whether a parsed pattern has a shape that backtracks without end (see :func:`runaway`)."""
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, body = av
            unbounded = high == sre_parse.MAXREPEAT
            if unbounded:
                required = [item for item in _flat(body) if not _nullable([item])]
                if not required:  # (a*)*, (a?)+: an empty iteration, endlessly
                    return True
                if len(required) == 1 and str(required[0][0]) in ("MAX_REPEAT", "MIN_REPEAT") \
                        and required[0][1][1] == sre_parse.MAXREPEAT:
                    return True  # (a+)+, (\w+\s?)*: one run split into iterations many ways
            if _runaway(body, repeated or unbounded):
                return True
        elif name == "SUBPATTERN":
            if _runaway(av[3], repeated):
                return True
        elif name == "BRANCH":
            branches = av[1]
            if repeated and len({repr(b) for b in branches}) < len(branches):
                return True  # (a|a)*: the same text taken by either alternative
            if any(_runaway(b, repeated) for b in branches):
                return True
        elif name in ("ASSERT", "ASSERT_NOT"):
            if _runaway(av[1], repeated):
                return True
        elif name == "GROUPREF_EXISTS":
            if any(_runaway(b, repeated) for b in av[1:] if b):
                return True
        elif name in ("ATOMIC_GROUP", "POSSESSIVE_REPEAT"):
            if _runaway(av if name == "ATOMIC_GROUP" else av[2]):  # no backtracking into it
                return True
    return False


@lru_cache(maxsize=4096)
def runaway(pattern: str) -> bool:
    r"""Whether a pattern has a shape known to take exponential time: a repetition of a
    repetition, (``(x+)+``, ``(x*)*``, ``(x+)*``, ``(\w+\s?)+``), a repeated group that can
    match nothing, or a repeated choice between identical alternatives (``(a|a)*``).

    >>> [runaway(p) for p in ["(a+)+$", "(x*)*", "(?:ab|ab)*c", r"(?:\w+\s)+", "talks?"]]
    [True, True, True, False, False]
    """
    try:
        return _runaway(list(sre_parse.parse(fold(pattern))))
    except (re.error, RecursionError):
        return False


def runaway_problem(pattern: str, where: str) -> Problem | None:
    """The problem of a pattern :func:`runaway` flags, or ``None``."""
    if not runaway(pattern):
        return None
    shape = _runaway_part(pattern)
    return Problem(where, f"pattern {pattern!r} repeats a repetition ({shape}): it can take "
                   "forever on a long text.", _HOW_TO_SIMPLIFY)


def _runaway_part(pattern: str) -> str:
    """The smallest group of ``pattern`` (with its repetition) that :func:`runaway` flags."""
    best = pattern
    for m in re.finditer(r"\(", pattern):
        depth = 0
        for j in range(m.start(), len(pattern)):
            depth += {"(": 1, ")": -1}.get(pattern[j], 0)
            if depth == 0:
                q = re.match(r"[*+?]|\{\d*,?\d*\}", pattern[j + 1:])
                part = pattern[m.start():j + 1 + (q.end() if q else 0)]
                if q and len(part) < len(best) and runaway(part):
                    best = part
                break
    return best


def time_limit(length: int) -> float:
    """Seconds a pattern may run over a text of ``length`` characters.

    >>> time_limit(1_000_000)
    10.0
    """
    return LIMIT_SECONDS + length / LIMIT_CHARS


class PatternTimeout(CorpusError):
    """A pattern ran past its :func:`time_limit`. :meth:`at` names where it came from."""

    def __init__(self, pattern: str, seconds: float) -> None:
        self.pattern, self.seconds = pattern, seconds
        super().__init__([Problem("a pattern", self._what(""), _HOW_TO_SIMPLIFY)])

    def _what(self, article: str) -> str:
        on = f" on article {article!r}" if article else ""
        limit = f"{round(self.seconds, 1):g}"
        return f"pattern {self.pattern!r} ran for more than {limit} s{on} and was stopped."

    def at(self, where: str, article: str = "") -> CorpusError:
        """The same overrun as a :class:`CorpusError` naming the table row and the article."""
        return CorpusError([Problem(where, self._what(article), _HOW_TO_SIMPLIFY)])


def compile_pattern(pattern: str, where: str = "pattern", shipped: bool = False) -> Regex:
    """Compile a table pattern as a whole-word regex with smart case (match it with
    :func:`finditer`, which folds the text first).

    Raises :class:`~helpers.problems.CorpusError` naming ``where`` for a bad pattern.
    ``shipped`` marks a pattern of the generic tables that ship with the package (checked
    and tested here): it runs on the faster ``re`` engine, without a time limit. Every
    pattern a corpus brings runs on the ``regex`` engine, under :func:`time_limit`.

    >>> t = "Talks resumed; the talks, not Peace Talks Ltd."
    >>> [(m.start(), m.group()) for m in finditer(compile_pattern("talks"), t)]
    [(0, 'Talks'), (19, 'talks')]
    >>> list(finditer(compile_pattern("war"), "a war-torn town"))
    []
    """
    problem = check_pattern(pattern, where)
    if problem is not None:
        raise CorpusError([problem])
    return _compile(BEFORE + smart_case(pattern) + AFTER, 0, shipped)


@lru_cache(maxsize=4096)
def _compile(source: str, flags: int = 0, shipped: bool = False) -> Regex:
    """Compile with ``re`` for shipped patterns, else with the ``regex`` engine in its
    ``re``-compatible mode (time limits work)."""
    if shipped:
        return re.compile(source, flags)
    return rx.compile(source, flags | rx.VERSION0)


def combined(patterns: list[str], shipped: bool = False) -> Regex:
    """One regex for several (valid) patterns; group ``e<i>`` holds a match of ``patterns[i]``.

    The alternatives sit in a zero-width lookahead, so ``finditer`` tries every
    position once and reports, at each, the first pattern that matches there.
    ``shipped``: all the patterns ship with the package (see :func:`compile_pattern`).
    """
    alternatives = "|".join(f"(?P<e{i}>{smart_case(p)}){AFTER}" for i, p in enumerate(patterns))
    return _compile(f"{BEFORE}(?=(?:{alternatives}))", 0, shipped)


def any_of(patterns: list[str], shipped: bool = False) -> Regex | None:
    """One regex matching where any of several (valid) patterns matches as a whole word,
    without telling which (a quick first pass; see :func:`combined`); ``None`` when they
    cannot be compiled together."""
    alternatives = "|".join(f"(?:{smart_case(p)}){AFTER}" for p in patterns)
    try:
        return _compile(f"{BEFORE}(?=(?:{alternatives}))", 0, shipped)
    except (re.error, rx.error):
        return None


def compile_lines(pattern: str, where: str = "pattern", shipped: bool = False) -> Regex:
    """Compile a multi-line pattern (page furniture, health signs) as written, with
    ``re.MULTILINE``; match it with :func:`scan`. Raises :class:`CorpusError` for a bad one.

    >>> [m.group() for m in scan(compile_lines("^Read more:.*$"), "Text.\\nRead more: x")]
    ['Read more: x']
    """
    problem = check_line_pattern(pattern, where)
    if problem is not None:
        raise CorpusError([problem])
    return line_regex(pattern, shipped)


def line_regex(pattern: str, shipped: bool = False) -> Regex:
    """A multi-line pattern already checked (:func:`check_line_pattern`), compiled once."""
    return _compile(pattern, re.MULTILINE, shipped)


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


def finditer(regex: Regex, text: str, start: int = 0,
             end: int | None = None) -> Iterator[re.Match[str]]:
    """Matches of a compiled pattern in ``text`` under the one set of rules (see module doc).

    Matching runs on the folded text (offsets are the same); matches of a
    case-insensitive pattern that are capitalised names mid-sentence are skipped.
    The match objects belong to the folded text: read ``m.start()``/``m.end()``
    and slice the original text for what was written. A pattern that runs past its
    :func:`time_limit` raises :class:`PatternTimeout`.
    """
    folded = fold(text)
    lower = _lower_case_groups(regex.pattern)
    for m in scan(regex, folded, start, end):
        group = m.lastgroup if m.lastgroup in lower else None  # a table's own groups don't count
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


def search(regex: Regex, text: str) -> re.Match[str] | None:
    """The first match of :func:`finditer`, or ``None``."""
    return next(finditer(regex, text), None)


def scan(regex: Regex, text: str, start: int = 0,
         end: int | None = None) -> Iterator[re.Match[str]]:
    """Every match of ``regex`` in ``text`` as written (no folding, no name guard), within the
    pattern's :func:`time_limit`; raises :class:`PatternTimeout` past it.

    >>> [m.start() for m in scan(compile_pattern("talks"), "Talks, talks")]
    [0, 7]
    """
    end = len(text) if end is None else end
    if isinstance(regex, re.Pattern):  # a literal word list: nothing to run away
        yield from regex.finditer(text, start, end)
        return
    limit = time_limit(end - start)
    try:
        yield from regex.finditer(text, start, end, timeout=limit)
    except TimeoutError:
        raise PatternTimeout(regex.pattern, limit) from None


def match(regex: Regex, text: str, pos: int) -> re.Match[str] | None:
    """``regex.match(text, pos)`` within the pattern's :func:`time_limit` (see :func:`scan`)."""
    if isinstance(regex, re.Pattern):
        return regex.match(text, pos)
    limit = time_limit(0)
    try:
        return regex.match(text, pos, timeout=limit)
    except TimeoutError:
        raise PatternTimeout(regex.pattern, limit) from None


def is_compiled(term: object) -> bool:
    """Whether ``term`` is a compiled pattern (of ``re`` or of the ``regex`` engine)."""
    return isinstance(term, (re.Pattern, rx.Pattern))
