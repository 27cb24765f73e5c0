"""What every match of a regular expression must contain: a quick, exact test before a scan.

:func:`needs` reads a pattern with Python's own parser and lists the literal strings
that any match must contain (clauses: of each, at least one string); :func:`compile_needs`
turns them into a test of a text. When a text fails the test, the pattern cannot match
anywhere in it, so the scan is skipped: the furniture rules that ship with the package
(:mod:`helpers.corpus`), the date rules of the timeline (:mod:`helpers.events`) and
pysbd's rules in the sentence splitter (:mod:`helpers.text`) use it. Anything the parser
cannot read, or that is optional, repeated zero times, inside a lookaround or a
back-reference, asks for nothing, so a test never rejects a text that could match.

This module imports nothing from the rest of the package, so every module can use it.
"""

from __future__ import annotations

import itertools
import re
import re._parser as sre_parse  # the standard library's own parser
from collections.abc import Callable, Iterable


class Folded(str):
    """A literal string matched case-insensitively (inside ``(?i:...)``): equal only to the
    same string, also case-insensitive, so that a set never takes it for the case-sensitive
    one (which a text may lack where this one occurs)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Folded) and str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(("i", str(self)))

    def __repr__(self) -> str:
        return f"Folded({str.__repr__(self)})"


#: What a match of a pattern needs in the text it runs over (see :func:`requirement`): a
#: literal string (a :class:`Folded` one when case-insensitive), ``("and", parts)``,
#: ``("or", parts)``, or ``None`` when nothing is known.
Requirement = str | tuple[str, tuple["Requirement", ...]] | None


def requirement(pattern: str, flags: int = 0) -> Requirement:
    """What any match of ``pattern`` (compiled by ``re`` with ``flags``) must contain: strings
    that must occur in the matched text, combined with and/or; ``None`` when nothing is
    certain.

    A quick exact test before a costly scan: when the text lacks what the requirement asks
    (:func:`meets`), the pattern cannot match anywhere in it. Only literal characters
    count (those matched case-insensitively as :class:`Folded` strings); anything optional,
    repeated zero times, inside a lookaround or a back-reference asks for nothing, and so
    does a pattern that ``re`` cannot parse.

    >>> requirement(r"^\\s*(?:Reporting|Writing) by [^\\n]*$")
    ('and', (' by ', ('or', ('Reporting', 'Writing'))))
    >>> requirement("(?i:ADVERTISEMENT)") == Folded("ADVERTISEMENT"), requirement("a?b*")
    (True, None)
    """
    try:
        parsed = sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    return _sequence_requirement(list(parsed), bool(parsed.state.flags & re.IGNORECASE))


def _all(parts: list[Requirement]) -> Requirement:
    """Every one of ``parts`` (``None`` parts ask for nothing); plain strings first, the
    quickest to test."""
    known = tuple(sorted((p for p in parts if p is not None), key=lambda p: not isinstance(p, str)))
    return None if not known else known[0] if len(known) == 1 else ("and", known)


def _any(parts: list[Requirement]) -> Requirement:
    """At least one of ``parts``; ``None`` as soon as one of them asks for nothing."""
    if not parts or any(p is None for p in parts):
        return None
    return parts[0] if len(parts) == 1 else ("or", tuple(parts))


def _sequence_requirement(items: list, ignore_case: bool) -> Requirement:
    """The requirement of a parsed sequence: each item's, runs of literals joined."""
    parts: list[Requirement] = []
    run = ""
    for op, av in items:
        if str(op) == "LITERAL":
            run += chr(av)
            continue
        if run:
            parts.append(Folded(run) if ignore_case else run)
            run = ""
        parts.append(_item_requirement(str(op), av, ignore_case))
    if run:
        parts.append(Folded(run) if ignore_case else run)
    return _all(parts)


def _item_requirement(name: str, av: object, ignore_case: bool) -> Requirement:
    """The requirement of one parsed item (see :func:`requirement`)."""
    if name == "SUBPATTERN":
        _, add, delete, body = av  # type: ignore[misc]
        ignore_case = (ignore_case or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
        return _sequence_requirement(list(body), ignore_case)
    if name == "BRANCH":
        return _any([_sequence_requirement(list(b), ignore_case) for b in av[1]])  # type: ignore[index]
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, body = av  # type: ignore[misc]
        return _sequence_requirement(list(body), ignore_case) if low >= 1 else None
    if name == "ATOMIC_GROUP":
        return _sequence_requirement(list(av), ignore_case)  # type: ignore[arg-type]
    if name == "IN" and not ignore_case and all(str(o) == "LITERAL" for o, _ in av):  # type: ignore[attr-defined]
        return _any([chr(c) for _, c in av])  # type: ignore[attr-defined]
    return None


#: What :func:`needs` returns: clauses of strings; a text meets them when, for every clause,
#: at least one of its strings occurs in the text.
Needs = tuple[tuple[str, ...], ...]
#: Strings :func:`needs` may ask :func:`meets` to look for: each costs a search of the text,
#: which for a long list costs more than running the pattern.
MAX_STRINGS = 6


def needs(pattern: str, flags: int = 0, max_strings: int = MAX_STRINGS) -> Needs:
    """Clauses of strings that any match of ``pattern`` (compiled by ``re`` with ``flags``)
    must contain: of each clause, at least one string (see :func:`requirement`; this keeps
    the most telling clauses, at most ``max_strings`` strings in all, quick to test with
    :func:`meets`).

    >>> needs(r"^\\s*(?:Reporting|Writing) by [^\\n]*$")
    ((' by ',), ('Reporting', 'Writing'))
    """
    return _clauses(requirement(pattern, flags), max_strings)


def _telling(clause: tuple[str, ...]) -> tuple[int, int]:
    """Sort key: a clause of few, long strings first (the likeliest to be absent)."""
    return (len(clause), -min(len(s) for s in clause))


def _longest(clause: tuple[str, ...]) -> tuple[int, int]:
    """Sort key: a clause whose shortest string is longest, then of fewest strings, last."""
    return (min(map(len, clause)), -len(clause))


def _clauses(need: Requirement, max_strings: int) -> Needs:
    """Clauses implied by a requirement, at most ``max_strings`` strings in all (leaving a
    clause out only weakens the test: it never rejects a text that could match)."""
    if need is None:
        return ()
    if isinstance(need, str):
        return ((need,),)
    how, parts = need
    each = [_clauses(p, max_strings) for p in parts]
    if how == "and":
        kept: list[tuple[str, ...]] = []
        for clause in sorted({c for cs in each for c in cs}, key=_telling):
            if sum(map(len, kept)) + len(clause) <= max_strings:
                kept.append(clause)
        return tuple(kept)
    if any(not cs for cs in each):
        return ()  # one way of matching needs nothing known
    # One of the parts holds, so a union of one clause of each part holds (tried for every
    # choice when the parts are few, else each part's most telling clause).
    choices = itertools.product(*each) if len(each) <= 3 else [
        tuple(max(cs, key=_longest) for cs in each)]
    unions = [u for u in map(_union, choices) if len(u) <= max_strings]
    return (max(unions, key=_longest),) if unions else ()


def _union(clauses: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """One clause holding where any of ``clauses`` holds. A string that contains another of
    the union adds nothing (where it occurs, so does the other), unless it is case-sensitive
    only in the other: "May" does not always hold where (?i:may) does."""
    union = {s for clause in clauses for s in clause}

    def implied(s: str) -> bool:
        return any(o != s and str(o) in s and (isinstance(o, Folded) or not isinstance(
            s, Folded)) for o in union)

    return tuple(sorted((s for s in union if not implied(s)),
                        key=lambda s: (-len(s), str(s), isinstance(s, Folded))))


def _search_source(s: str) -> str:
    """The regex that finds one string of a clause (case-insensitively for :class:`Folded`),
    compiled by ``re`` as the pattern it comes from was."""
    return f"(?i:{re.escape(s)})" if isinstance(s, Folded) else re.escape(s)


def meets(clauses: Needs, text: str) -> bool:
    """Whether ``text`` has what :func:`needs` asks for; when not, the pattern cannot match
    anywhere in ``text``.

    >>> clauses = needs(r"(?:Reuters|AFP)\\s*/\\s*[A-Z]\\w+")
    >>> meets(clauses, "AFP / Getty"), meets(clauses, "AFP said")
    (True, False)
    """
    return compile_needs(clauses)(text)


def compile_needs(clauses: Needs) -> Callable[[str], bool]:
    """:func:`meets` for one set of clauses, compiled for many texts: each clause is one
    search of the text (an alternation of its strings).

    >>> test = compile_needs(needs(r"(?:Reuters|AFP)\\s*/\\s*[A-Z]\\w+"))
    >>> test("AFP / Getty"), test("AFP said")
    (True, False)
    """
    searches = [re.compile("|".join(map(_search_source, clause))).search for clause in clauses]

    def test(text: str) -> bool:
        for search in searches:
            if search(text) is None:
                return False
        return True

    return test
