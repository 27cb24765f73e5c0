"""The quick test before each date rule (the strings its matches must contain) changes no
date: the timeline is the one found by running every rule over every sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import events, literals, open_corpus

CORPORA = Path(__file__).parent / "corpora"


@pytest.mark.parametrize("corpus", [None, "small", "hostile", "fresh", "unseen"])
def test_prefilter_finds_the_same_dates(corpus: str | None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    c = open_corpus(None if corpus is None else CORPORA / corpus, cache=False)
    pairs = list(zip(c.sentences["text"], c.sentences["article_id"].map(
        c.articles["published"]), strict=True))
    filtered = [events.find_dates(text, published) for text, published in pairs]
    monkeypatch.setattr(events, "_GRAMMAR_NEEDS", [lambda _: True] * len(events.GRAMMAR))
    assert filtered == [events.find_dates(text, published) for text, published in pairs]


def test_every_rule_meets_its_needs_where_it_matches() -> None:
    texts = ["The talks began on 30 September 2015 and ended in late October.",
             "On Monday, March 14, Putin said the troops would leave by mid-March 2016.",
             "Last year, in 2015, the end of last month, early next year, this morning.",
             "Since Dec. 29 and through 2016-03-15, Tuesday's vote; yesterday and tonight."]
    for rule, regex in events.GRAMMAR:
        clauses = literals.needs(regex.pattern, regex.flags, 16)
        for text in texts:
            for m in regex.finditer(text):
                assert literals.meets(clauses, m.group()), (rule, m.group())
    assert literals.needs(events.GRAMMAR[-1][1].pattern, re.UNICODE, 16)  # weekdays
