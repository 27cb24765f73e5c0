"""The actor registry: aliases, spellings, titles and checks on the table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import CorpusError
from helpers.actors import find_mentions, load_actors, resolve_actor
from helpers.corpus import DATA_DIR


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return load_actors()


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
def test_aliases_and_spellings_resolve(actors: pd.DataFrame, written: str,
                                       canonical: str) -> None:
    assert resolve_actor(written, actors) == canonical


def test_unknown_name_is_none(actors: pd.DataFrame) -> None:
    assert resolve_actor("Admiral Kuznetsov", actors) is None  # a ship, not a speaker


def test_longest_alias_wins_in_a_real_sentence(actors: pd.DataFrame, sentences) -> None:
    from conftest import sentence_with
    row = sentence_with(sentences, "aj-long-2016", "Assad’s office said")
    found = find_mentions(row.text, actors)
    assert list(found["actor"]) == ["Assad's office", "Vladimir Putin"]


def test_alias_shared_by_two_actors_is_an_error(tmp_path: Path) -> None:
    shutil.copy(DATA_DIR / "actors.csv", tmp_path / "actors.csv")
    with open(tmp_path / "actors.csv", "a", encoding="utf-8") as f:
        f.write('Someone,Putin,,he,x,y,Russian official,official,"test"\n')
    with pytest.raises(CorpusError, match="also an alias of 'Vladimir Putin'"):
        load_actors(tmp_path)


def test_bad_pronoun_is_an_error(tmp_path: Path) -> None:
    text = (DATA_DIR / "actors.csv").read_text(encoding="utf-8")
    (tmp_path / "actors.csv").write_text(text.replace(",she,", ",her,", 1), encoding="utf-8")
    with pytest.raises(CorpusError, match="pronoun 'her'"):
        load_actors(tmp_path)
