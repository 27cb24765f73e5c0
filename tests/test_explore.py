"""The explorer's views on the real corpus: one matcher, filters that combine, typos explained."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import framing, open_corpus
from helpers.actors import find_mentions
from helpers.corpus import ROOT, Corpus
from helpers.explore import ALL, Explorer, explore

HOSTILE = ROOT / "tests" / "corpora" / "hostile"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return open_corpus()


@pytest.fixture(scope="module")
def ex(corpus: Corpus) -> Explorer:
    return Explorer.of(corpus)


def test_term_view_traces_to_text(ex: Explorer, corpus: Corpus) -> None:
    view = explore(ex, term="regime")
    assert len(view["kwic"]) > 0 and view.message == ""
    for row in view["kwic"].itertuples():
        assert corpus.articles.loc[row.article_id, "text"][row.start:row.end] == row.match
    assert set(view["sentences"].article_id) == set(view["kwic"].article_id)


def test_term_counts_are_kwic_counts(ex: Explorer, corpus: Corpus) -> None:
    for term in ("regime", "Assad's office", "cease-?fire", "war"):
        assert len(explore(ex, term=term)["kwic"]) == len(framing.kwic(corpus, term)), term


def test_actor_counts_equal_find_mentions_for_every_actor(ex: Explorer, corpus: Corpus) -> None:
    """The explorer counts an actor's mentions exactly as the actor registry does."""
    actors = ex.choices()["actor"][1:]
    assert len(actors) == len(ex.actors) > 10
    for actor in actors:
        expected = sum(int((find_mentions(text, ex.actors).actor == actor).sum())
                       for text in corpus.articles.text)
        view = explore(ex, actor=actor)
        assert len(view["kwic"]) == expected > 0, actor
        for row in view["kwic"].itertuples():
            assert corpus.articles.loc[row.article_id, "text"][row.start:row.end] == row.match


def test_assads_office_is_found_with_a_curly_apostrophe(ex: Explorer) -> None:
    office = explore(ex, actor="Assad's office")["kwic"]
    assert office.match.tolist() == ["Assad’s office"]
    assad = explore(ex, actor="Bashar al-Assad")["kwic"]
    assert "Assad’s office" not in set(assad.match)   # the longest alias wins


@pytest.mark.parametrize("typo", ["regime(", "[", "(?P<x", "*war"])
def test_a_typo_in_the_term_is_a_message_and_matches_nothing(ex: Explorer, typo: str) -> None:
    view = explore(ex, term=typo)
    assert view.message.startswith(f"{typo!r} is not a valid pattern")
    assert "The corpus has" not in view.message and "problem" not in view.message
    assert view["kwic"].empty and view["sentences"].empty and view["quotes"].empty


def test_a_pattern_that_matches_only_empty_text_finds_nothing(ex: Explorer) -> None:
    assert explore(ex, term="x?")["kwic"].empty
    assert explore(ex, term="|")["kwic"].empty


def test_outlet_filter(ex: Explorer) -> None:
    view = explore(ex, outlet="VICE News")
    assert set(view["sentences"].outlet) == {"VICE News"}
    assert set(view["quotes"].article_id) == {"vice-2017"}


def test_actor_view(ex: Explorer) -> None:
    view = explore(ex, actor="Lina Khatib")
    assert set(view["quotes"].speaker) == {"Lina Khatib"}
    assert view["kwic"].match.str.contains("Khatib").all()


def test_filters_combine_in_every_table(ex: Explorer, corpus: Corpus) -> None:
    """Term AND actor AND outlet: every table obeys every filter."""
    both = explore(ex, outlet="The Independent", actor="Lina Khatib", term="Russia")
    assert len(both["kwic"]) > 0 and set(both["kwic"].match) == {"Russia"}
    keys = set(zip(both["sentences"].article_id, both["sentences"].sentence_id, strict=True))
    assert keys == set(zip(both["kwic"].article_id, both["kwic"].sentence_id, strict=True))
    mentions = explore(ex, actor="Lina Khatib")["kwic"]
    khatib = set(zip(mentions.article_id, mentions.sentence_id, strict=True))
    assert keys <= khatib                                     # the actor is in each sentence
    assert set(both["sentences"].outlet) == {"The Independent"}
    assert set(both["quotes"].speaker) == {"Lina Khatib"}
    text = corpus.articles.loc["indep-2017", "text"]
    assert len(both["quotes"])
    for q in both["quotes"].itertuples():
        assert "Russia" in text[q.start:q.end]
    nowhere = explore(ex, outlet="VICE News", actor="Lina Khatib")
    assert nowhere["kwic"].empty and nowhere["sentences"].empty and nowhere["quotes"].empty


def test_frame_and_term_combine(ex: Explorer) -> None:
    frame = explore(ex, frame="diplomacy")
    both = explore(ex, frame="diplomacy", term="Russia")
    keys = set(zip(frame["kwic"].article_id, frame["kwic"].sentence_id, strict=True))
    assert set(zip(both["sentences"].article_id, both["sentences"].sentence_id,
                   strict=True)) <= keys
    assert len(both["sentences"]) < len(frame["sentences"])
    assert set(both["kwic"].match) == {"Russia"}


def test_frame_view_every_frame_has_evidence_somewhere(ex: Explorer) -> None:
    frames = ex.choices()["frame"][1:]
    found = {f: len(explore(ex, frame=f)["kwic"]) for f in frames}
    assert sum(found.values()) == len(ex.hits.drop_duplicates(["article_id", "start", "end"]))


def test_no_choice_shows_everything(ex: Explorer) -> None:
    view = explore(ex, ALL, ALL, ALL, "")
    assert len(view["sentences"]) == len(ex.scores) and view["kwic"].empty


def test_explorer_on_a_corpus_without_actors_or_story_frames() -> None:
    ex = Explorer.of(open_corpus(HOSTILE))
    assert ex.choices()["actor"] == [ALL] and ex.mentions.empty
    assert set(ex.frames.table_file) == {"generic/frames.csv"}
    view = explore(ex, term="the")
    assert isinstance(view["sentences"], pd.DataFrame) and view.message == ""
