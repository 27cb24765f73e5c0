"""The quick test before each furniture rule (what its matches must contain) changes nothing:
the furniture found with it is the furniture found by running every rule everywhere."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from helpers import literals
from helpers.corpus import find_furniture, furniture_rules, read_records
from helpers.tables import load_table_parts

CORPORA = Path(__file__).parent / "corpora"


@pytest.mark.parametrize("corpus", [None, "small", "hostile", "fresh", "unseen"])
def test_prefilter_finds_the_same_furniture(corpus: str | None) -> None:
    folder = None if corpus is None else CORPORA / corpus
    table, problems = load_table_parts("boilerplate", folder)
    assert not problems
    rules = furniture_rules(table.frame)
    assert any(rule.need for rule in rules)  # the shipped rules have something to test
    unfiltered = [dataclasses.replace(rule, need=None) for rule in rules]
    for record in read_records(folder):
        args = (record["raw_text"], record["article_id"], record.get("headline", ""))
        assert find_furniture(*args, rules) == find_furniture(*args, unfiltered)


def test_every_shipped_rule_meets_its_own_needs_where_it_matches() -> None:
    """Wherever a shipped rule matches (in the lines the tests name as furniture and in the
    seeds), the text has what :func:`helpers.literals.needs` says the rule needs."""
    table, _ = load_table_parts("boilerplate", None)
    texts = [r["raw_text"] for folder in [None, *(CORPORA / c for c in
             ("small", "hostile", "fresh", "unseen"))] for r in read_records(folder)]
    matched = 0
    for rule in furniture_rules(table.frame):
        if rule.need is None:
            continue
        clauses = literals.needs(rule.pattern, re.MULTILINE)
        regex = re.compile(rule.pattern, re.MULTILINE)
        for text in texts:
            for m in regex.finditer(text):
                matched += 1
                assert literals.meets(clauses, m.group()), (rule.rule_id, m.group())
                assert rule.need(m.group())
    assert matched > 20


@pytest.mark.parametrize("pattern, text", [
    (r"(?:Reuters|AFP)[^\S\n]*/[^\S\n]*[A-Z]\w+", "Photo: AFP / Getty"),
    (r"^[^\S\n]*(?:©|\([cC]\)[^\S\n]|Copyright\b)[^\n]*$", "(c) 2016 Example"),
    (r"(?i:advertisement)", "ADVERTISEMENT"),
    (r"ab+c", "abbbc"),
    (r"x(?:yz){2,}", "xyzyz"),
    (r"[ab]cd|e[fg]", "eg"),
    (r"(?P<q>['\"])x(?P=q)", "'x'"),
    (r"(?<=Mr )Smith", "Mr Smith"),
    (r"a(?-i:B)", "aB"),
    (r"(?i)a(?-i:B)c", "AbC".replace("b", "B")),
    (r"(?i:last|this) (?:month|year)", "LAST month"),
    (r"\bstraße", "STRASSE".lower().replace("ss", "ß")),
])
def test_needs_hold_for_a_match(pattern: str, text: str) -> None:
    regex = re.compile(pattern, re.MULTILINE)
    m = regex.search(text)
    assert m is not None
    assert literals.meets(literals.needs(pattern, re.MULTILINE), m.group())


def test_needs_reject_what_cannot_match() -> None:
    clauses = literals.needs(r"^[^\n]*\bAll [Rr]ights [Rr]eserved\.?$", re.MULTILINE)
    assert clauses and not literals.meets(clauses, "Some rights reserved")
    assert literals.needs("[") == ()  # a pattern re cannot read asks for nothing


def test_case_insensitive_needs() -> None:
    clauses = literals.needs("(?i)talks")
    assert clauses == ((literals.Folded("talks"),),)
    assert literals.meets(clauses, "TALKS") and literals.compile_needs(clauses)("Talks")
    assert not literals.meets(clauses, "walks")
    # "ay" occurs wherever "may" does, but not wherever (?i:may) does ("MAY")
    clauses = literals.needs("(?:ay|(?i:may))x")
    for text in ("MAYx", "ayx"):
        assert literals.meets(clauses, text) and literals.compile_needs(clauses)(text)
    assert literals.Folded("may") != "may" and "may" != literals.Folded("may")
    assert len({"may", literals.Folded("may")}) == 2
