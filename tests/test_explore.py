"""The explorer's views on the real corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.explore import ALL, Explorer, explore


@pytest.fixture(scope="module")
def ex(articles: pd.DataFrame, sentences: pd.DataFrame) -> Explorer:
    return Explorer.of(articles, sentences)


def test_term_view_traces_to_text(ex: Explorer, articles: pd.DataFrame) -> None:
    view = explore(ex, term="regime")
    assert len(view["kwic"]) > 0
    for row in view["kwic"].itertuples():
        assert articles.loc[row.article_id, "text"][row.start:row.end] == row.match
    assert set(view["sentences"].article_id) == set(view["kwic"].article_id)


def test_outlet_filter(ex: Explorer) -> None:
    view = explore(ex, outlet="VICE News")
    assert set(view["sentences"].outlet) == {"VICE News"}
    assert set(view["quotes"].article_id) == {"vice-2017"}


def test_actor_view(ex: Explorer) -> None:
    view = explore(ex, actor="Lina Khatib")
    assert set(view["quotes"].speaker) == {"Lina Khatib"}
    assert view["kwic"].match.str.contains("Khatib").all()


def test_frame_view_every_frame_has_evidence_somewhere(ex: Explorer) -> None:
    frames = ex.choices()["frame"][1:]
    found = {f: len(explore(ex, frame=f)["kwic"]) for f in frames}
    assert sum(found.values()) == len(ex.hits.drop_duplicates(["article_id", "start", "end"]))


def test_no_choice_shows_everything(ex: Explorer) -> None:
    view = explore(ex, ALL, ALL, ALL, "")
    assert len(view["sentences"]) == len(ex.scores) and view["kwic"].empty
