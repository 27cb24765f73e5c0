"""The actor registry (``data/actors.csv``): who can speak, under which names, and of what type.

Each actor has a canonical name, the aliases and spellings the sources use
(``;``-separated), the titles by which a text may refer to them without naming
them ("the president", "an expert"), the pronoun that refers to them, a role,
an affiliation, an actor type and a broad group (official, analyst, journalist,
media, civil society).

* :func:`load_actors` reads and checks the table (a corpus folder may bring its own).
* :func:`resolve_actor` maps a name as written to the canonical actor.
* :func:`find_mentions` lists every alias found in a text, with offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.corpus import CorpusError, Problem, load_table, table_path

PRONOUNS = ("he", "she", "it", "they")

# Typographic variants that must not stop a name from matching ("Assad’s" = "Assad's").
_FOLD = str.maketrans({"’": "'", "‘": "'", "‛": "'", "ʼ": "'", "\u2010": "-", "\u2011": "-",
                       "\xa0": " "})


def fold(text: str) -> str:
    """Fold typographic variants (curly apostrophes, special hyphens) to ASCII; same length.

    >>> fold("Assad’s office")
    "Assad's office"
    """
    return text.translate(_FOLD)


def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (fast to match)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word.lower():
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


def word_pattern(words: list[str]) -> re.Pattern[str]:
    """Compile whole-word, case-insensitive matching of any of ``words``; the longest wins.

    >>> [m.group() for m in word_pattern(["Assad", "Assad's office"]).finditer(
    ...     "Assad's office said Assad agreed.")]
    ["Assad's office", 'Assad']
    """
    return re.compile(r"(?<![\w-])" + _trie(words) + r"(?![\w-])", re.IGNORECASE)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def load_actors(corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """Load ``actors.csv`` (the corpus folder's own copy if it has one) and check it.

    Adds ``alias_list`` and ``title_list`` columns (lists of strings). Raises
    :class:`~helpers.corpus.CorpusError` naming the row when an actor has no
    name, an unknown pronoun, or an alias already used by another actor.

    >>> actors = load_actors()
    >>> actors.set_index("actor").loc["Lina Khatib", "actor_type"]
    'analyst or think tank'
    """
    table = load_table("actors", corpus_dir)
    path = table_path("actors", corpus_dir)
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for row in table.itertuples():
        where = f"{path}, line {row.line} (actor {row.actor!r})"
        if not row.actor.strip():
            problems.append(Problem(where, "the actor name is empty.", "Fill in the column."))
        if row.pronoun.strip() not in PRONOUNS:
            problems.append(Problem(where, f"pronoun {row.pronoun!r} is not one of {PRONOUNS}.",
                                    "Write he, she, it or they."))
        for alias in [row.actor, *_split(row.aliases)]:
            key = fold(alias).lower()
            if key in owner and owner[key] != row.actor:
                problems.append(Problem(where, f"alias {alias!r} is also an alias of "
                                        f"{owner[key]!r}.",
                                        "Give each alias to one actor only."))
            owner.setdefault(key, row.actor)
    if problems:
        raise CorpusError(problems)
    table = table.copy()
    table["alias_list"] = [list(dict.fromkeys([a, *_split(s)]))
                           for a, s in zip(table["actor"], table["aliases"], strict=True)]
    table["title_list"] = [_split(s) for s in table["titles"]]
    return table


def resolve_actor(name: str, actors: pd.DataFrame) -> str | None:
    """The canonical actor for a name as written (any alias or spelling), or None.

    Case, curly apostrophes and a leading "the" do not matter.

    >>> actors = load_actors()
    >>> resolve_actor("Steffan de Mistura", actors)
    'Staffan de Mistura'
    >>> resolve_actor("Russia’s defence ministry", actors)
    'Russian defence ministry'
    >>> resolve_actor("Nobody", actors) is None
    True
    """
    return _Registry.of(actors).by_alias.get(_key(name))


def _key(name: str) -> str:
    key = re.sub(r"\s+", " ", fold(name).strip().lower())
    return key[4:] if key.startswith("the ") else key


@dataclass
class _Registry:
    """Compiled lookups over an actor table (built once per table, reused)."""

    by_alias: dict[str, str]
    info: dict[str, dict[str, str]]
    alias_re: re.Pattern[str]
    title_re: re.Pattern[str] | None
    by_title: dict[str, list[str]]

    @classmethod
    def of(cls, actors: pd.DataFrame) -> _Registry:
        """The registry for ``actors``, cached by table identity."""
        if "alias_list" not in actors:
            raise ValueError("pass the table returned by load_actors(), not a raw CSV")
        cache = _REGISTRY_CACHE
        hit = cache.get(id(actors))
        if hit is not None and hit[0] is actors:
            return hit[1]
        by_alias: dict[str, str] = {}
        info: dict[str, dict[str, str]] = {}
        by_title: dict[str, list[str]] = {}
        for row in actors.itertuples():
            info[row.actor] = {"pronoun": row.pronoun, "actor_type": row.actor_type,
                               "group": row.group, "role": row.role}
            for alias in row.alias_list:
                by_alias.setdefault(_key(alias), row.actor)
            for title in row.title_list:
                by_title.setdefault(_key(title), []).append(row.actor)
        aliases = sorted({fold(a) for a in actors["alias_list"].explode().dropna()},
                         key=lambda a: (-len(a), a))
        alias_re = word_pattern(aliases)
        titles = sorted({fold(t) for t in actors["title_list"].explode().dropna()},
                        key=lambda t: (-len(t), t))
        title_re = word_pattern(titles) if titles else None
        registry = cls(by_alias, info, alias_re, title_re, by_title)
        cache.clear()  # keep one table: notebooks and tests use one at a time
        cache[id(actors)] = (actors, registry)
        return registry


_REGISTRY_CACHE: dict[int, tuple[pd.DataFrame, _Registry]] = {}


def find_mentions(text: str, actors: pd.DataFrame) -> pd.DataFrame:
    """Every alias of a registered actor in ``text``: ``start``, ``end``, ``alias``, ``actor``.

    The longest alias wins ("Assad's office" is the office, not Assad).

    >>> t = "Assad’s office said he and Putin spoke on the phone on Monday."
    >>> find_mentions(t, load_actors())[["alias", "actor"]].values.tolist()
    [['Assad’s office', "Assad's office"], ['Putin', 'Vladimir Putin']]
    """
    registry = _Registry.of(actors)
    rows = [(m.start(), m.end(), text[m.start():m.end()], registry.by_alias[_key(m.group())])
            for m in registry.alias_re.finditer(fold(text))]
    return pd.DataFrame(rows, columns=["start", "end", "alias", "actor"])


def actor_info(actor: str, actors: pd.DataFrame) -> dict[str, str]:
    """Pronoun, actor type, group and role of a canonical actor (empty strings if unknown)."""
    return _Registry.of(actors).info.get(actor, {"pronoun": "", "actor_type": "unknown",
                                                  "group": "unknown", "role": ""})
