"""The actor registry (a corpus's ``actors.csv``): it canonicalises and types speakers.

Speakers are found by the grammar of the sentence (:mod:`helpers.speakers`); the
registry only says who a name as written is (its canonical name), and of what
type and group the actor is. Each actor has a canonical name, the aliases and
spellings the sources use (``;``-separated), the titles by which a text may
refer to them without naming them ("the president", "an expert"), the pronoun
that refers to them, a role, an affiliation, an actor type and a broad group.

* :func:`load_actors` reads and checks a corpus's table (a corpus without its own
  ``actors.csv`` has an empty registry: story tables are never borrowed).
* :func:`registry` gives the corpus's :class:`Registry`, built once per corpus.
* :func:`resolve_actor` maps a name as written to the canonical actor.
* :func:`find_mentions` lists every alias found in a text, with offsets.

All matching goes through :mod:`helpers.patterns` (whole words, folded typography).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import patterns
from helpers.checks import PRONOUNS, actor_problems, name_key, split_list
from helpers.corpus import Corpus, CorpusError
from helpers.tables import load_table_parts

__all__ = ["PRONOUNS", "Registry", "actor_info", "find_mentions", "load_actors", "name_key",
           "registry", "resolve_actor"]


def load_actors(corpus: Corpus | str | Path | None) -> pd.DataFrame:
    """The corpus's actor table, checked, with ``alias_list`` and ``title_list`` columns.

    ``corpus`` is a :class:`~helpers.corpus.Corpus` (its loaded table is used) or a
    corpus folder (``None``: the built-in corpus), whose own ``actors.csv`` is read.
    Raises :class:`~helpers.corpus.CorpusError` naming the file and line when an
    actor has no name, an unknown pronoun, or an alias already used by another
    actor. A corpus without its own ``actors.csv`` gives an empty table.

    >>> from helpers import open_corpus
    >>> actors = load_actors(open_corpus())
    >>> actors.set_index("actor").loc["Lina Khatib", "actor_type"]
    'analyst or think tank'
    """
    if isinstance(corpus, Corpus):
        table = corpus.tables["actors"]
    else:
        table, problems = load_table_parts("actors", corpus)
        if problems:
            raise CorpusError(problems)
    problems = actor_problems(table)
    if problems:
        raise CorpusError(problems)
    frame = table.frame.copy()
    frame["alias_list"] = [list(dict.fromkeys([a, *split_list(s)]))
                           for a, s in zip(frame["actor"], frame["aliases"], strict=True)]
    frame["title_list"] = [split_list(s) for s in frame["titles"]]
    return frame


@dataclass
class Registry:
    """Compiled lookups over a checked actor table (see :func:`load_actors`).

    Build it with :meth:`of`, or get the corpus's own with :func:`registry`.
    """

    actors: pd.DataFrame
    by_alias: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, list[str]] = field(default_factory=dict)
    facts: dict[str, dict[str, str]] = field(default_factory=dict)
    alias_re: re.Pattern[str] = field(default_factory=lambda: patterns.word_pattern([]))
    title_re: re.Pattern[str] = field(default_factory=lambda: patterns.word_pattern([]))

    @classmethod
    def of(cls, actors: pd.DataFrame) -> Registry:
        """The registry of a table from :func:`load_actors`."""
        if "alias_list" not in actors:
            raise ValueError("pass the table returned by load_actors(), not a raw CSV")
        reg = cls(actors)
        for row in actors.itertuples():
            reg.facts[row.actor] = {"pronoun": row.pronoun, "actor_type": row.actor_type,
                                    "group": row.group, "role": row.role}
            for alias in row.alias_list:
                reg.by_alias.setdefault(name_key(alias), row.actor)
            for title in row.title_list:
                reg.by_title.setdefault(name_key(title), []).append(row.actor)
        reg.alias_re = patterns.word_pattern(a for a in actors["alias_list"].explode().dropna())
        reg.title_re = patterns.word_pattern(t for t in actors["title_list"].explode().dropna())
        return reg

    @property
    def empty(self) -> bool:
        """True when the corpus registers no actor."""
        return not self.facts

    def resolve(self, name: str) -> str | None:
        """The canonical actor for a whole name as written, or ``None``."""
        return self.by_alias.get(name_key(name))

    def mentions(self, text: str, start: int = 0,
                 end: int | None = None) -> list[tuple[int, int, str]]:
        """``(start, end, actor)`` of every alias in ``text[start:end]``; the longest wins."""
        if self.empty:
            return []
        part = text[start:end]  # matched on the slice: only the slice is folded
        return [(start + m.start(), start + m.end(), self.by_alias[name_key(m.group())])
                for m in patterns.finditer(self.alias_re, part)]

    def titles(self, text: str, start: int = 0,
               end: int | None = None) -> list[tuple[int, int, list[str]]]:
        """``(start, end, holders)`` of every registered title in ``text[start:end]``."""
        if not self.by_title:
            return []
        part = text[start:end]
        return [(start + m.start(), start + m.end(), self.by_title[name_key(m.group())])
                for m in patterns.finditer(self.title_re, part)]

    def info(self, actor: str) -> dict[str, str]:
        """Pronoun, actor type, group and role of a registered actor (``{}`` if unknown)."""
        return self.facts.get(actor, {})


def registry(corpus: Corpus) -> Registry:
    """The corpus's actor registry, built once per corpus (``corpus.stage("actor_registry")``).

    >>> from helpers import open_corpus
    >>> registry(open_corpus()).resolve("Ms Khatib")
    'Lina Khatib'
    """
    return corpus.stage("actor_registry", lambda: Registry.of(load_actors(corpus)))


def resolve_actor(name: str, corpus: Corpus) -> str | None:
    """The canonical actor for a name as written (any alias or spelling), or None.

    Case, curly apostrophes and a leading "the" do not matter.

    >>> from helpers import open_corpus
    >>> corpus = open_corpus()
    >>> resolve_actor("Steffan de Mistura", corpus)
    'Staffan de Mistura'
    >>> resolve_actor("Russia’s defence ministry", corpus)
    'Russian defence ministry'
    >>> resolve_actor("Nobody", corpus) is None
    True
    """
    return registry(corpus).resolve(name)


def find_mentions(text: str, corpus: Corpus | pd.DataFrame) -> pd.DataFrame:
    """Every alias of a registered actor in ``text``: ``start``, ``end``, ``alias``, ``actor``.

    ``corpus`` is the Corpus (its registry is built once), or a table from
    :func:`load_actors` (compiled on each call). The longest alias wins ("Assad's
    office" is the office, not Assad).

    >>> from helpers import open_corpus
    >>> t = "Assad’s office said he and Putin spoke on the phone on Monday."
    >>> find_mentions(t, open_corpus())[["alias", "actor"]].values.tolist()
    [['Assad’s office', "Assad's office"], ['Putin', 'Vladimir Putin']]
    """
    reg = registry(corpus) if isinstance(corpus, Corpus) else Registry.of(corpus)
    rows = [(s, e, text[s:e], actor) for s, e, actor in reg.mentions(text)]
    return pd.DataFrame(rows, columns=["start", "end", "alias", "actor"])


def actor_info(actor: str, corpus: Corpus) -> dict[str, str]:
    """Pronoun, actor type, group and role of a registered actor (``unknown`` if not registered).

    >>> from helpers import open_corpus
    >>> actor_info("Zeina Khodr", open_corpus())["group"]
    'journalist'
    """
    return registry(corpus).info(actor) or {"pronoun": "", "actor_type": "unknown",
                                            "group": "unknown", "role": ""}
