"""The actor registry: aliases, spellings, titles, checks on the table, one registry per corpus."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers import CorpusError, open_corpus
from helpers.actors import (
    Registry,
    actor_info,
    find_mentions,
    load_actors,
    name_key,
    registry,
    resolve_actor,
)
from helpers.corpus import DATA_DIR, Corpus


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return open_corpus()


@pytest.fixture(scope="module")
def actors(corpus: Corpus) -> pd.DataFrame:
    return load_actors(corpus)


def test_every_actor_has_a_type_group_and_reason(actors: pd.DataFrame) -> None:
    assert (actors["actor_type"] != "").all()
    assert (actors["group"] != "").all()
    assert (actors["why"].str.len() > 20).all()
    assert {"Russian official", "Syrian government", "UN", "Turkish government",
            "analyst or think tank", "journalist", "activists or monitors"} <= set(
        actors["actor_type"])


@pytest.mark.parametrize(("written", "canonical"), [
    ("Steffan de Mistura", "Staffan de Mistura"),  # the Independent's spelling
    ("Russia’s defence ministry", "Russian defence ministry"),  # aj-long-2016, curly '
    ("Russia's defense ministry", "Russian defence ministry"),  # aj-short-2016
    ("Ms Khatib", "Lina Khatib"),
    ("the Kremlin", "The Kremlin"),
    ("General Valery Gerasimov", "Valery Gerasimov"),
])
def test_aliases_and_spellings_resolve(corpus: Corpus, written: str, canonical: str) -> None:
    assert resolve_actor(written, corpus) == canonical


def test_unknown_name_is_none(corpus: Corpus) -> None:
    assert resolve_actor("Admiral Kuznetsov", corpus) is None  # a ship, not a speaker


def test_longest_alias_wins_in_a_real_sentence(corpus: Corpus, sentences) -> None:
    from conftest import sentence_with
    row = sentence_with(sentences, "aj-long-2016", "Assad’s office said")
    found = find_mentions(row.text, corpus)
    assert list(found["actor"]) == ["Assad's office", "Vladimir Putin"]


def test_titles_and_facts(corpus: Corpus) -> None:
    reg = registry(corpus)
    t = "The president said the withdrawal of troops would begin on Tuesday."
    assert [holders for _, _, holders in reg.titles(t)] == [["Vladimir Putin", "Bashar al-Assad"]]
    assert actor_info("Lina Khatib", corpus)["pronoun"] == "she"
    assert actor_info("Nobody", corpus)["actor_type"] == "unknown"


def test_registry_is_built_once_per_corpus(corpus: Corpus) -> None:
    assert registry(corpus) is registry(corpus)
    assert registry(open_corpus()) is not registry(corpus)


def test_a_corpus_without_actors_has_an_empty_registry(make_corpus) -> None:
    corpus = open_corpus(make_corpus())
    assert load_actors(corpus).empty and registry(corpus).empty
    assert resolve_actor("Ms Khatib", corpus) is None  # never borrowed from data/


def test_raw_table_is_refused() -> None:
    with pytest.raises(ValueError, match="load_actors"):
        Registry.of(pd.read_csv(DATA_DIR / "actors.csv"))


def test_name_key_ignores_case_typography_and_the() -> None:
    assert name_key("The  Kremlin") == name_key("kremlin")
    assert name_key("Assad’s office") == name_key("assad's office")


def test_alias_shared_by_two_actors_is_an_error(make_corpus) -> None:
    folder = make_corpus()
    shutil.copy(DATA_DIR / "actors.csv", folder / "actors.csv")
    with open(folder / "actors.csv", "a", encoding="utf-8") as f:
        f.write('Someone,Putin,,he,x,y,Russian official,official,"test"\n')
    with pytest.raises(CorpusError, match=r"actors.csv, line 20 .*also an alias of "
                                          r"'Vladimir Putin'"):
        load_actors(open_corpus(folder))


def test_bad_pronoun_is_an_error(make_corpus) -> None:
    folder = make_corpus()
    text = (DATA_DIR / "actors.csv").read_text(encoding="utf-8")
    (folder / "actors.csv").write_text(text.replace(",she,", ",her,", 1), encoding="utf-8")
    with pytest.raises(CorpusError, match="pronoun 'her'"):
        registry(open_corpus(folder))


def test_a_folder_or_a_table_works_too(corpus: Corpus, actors: pd.DataFrame) -> None:
    assert load_actors(None)["actor"].tolist() == actors["actor"].tolist()
    t = "Assad’s office said he and Putin spoke."
    assert find_mentions(t, actors).equals(find_mentions(t, corpus))
