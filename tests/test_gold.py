"""Scoring against gold files: the scorer on an invented corpus, and the unseen corpus's scores."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers import CorpusError, open_corpus
from helpers.corpus import ROOT, Corpus
from helpers.gold import (
    ERROR_COLUMNS,
    SCORE_COLUMNS,
    load_gold,
    locate,
    score_dates,
    score_figures,
    score_furniture,
    score_gold,
)

UNSEEN = ROOT / "tests" / "corpora" / "unseen"

TEXT = """Home > News > World

Russia to pull jets out of Syria

By Jane Smith, Moscow correspondent

Published: 14 March 2016

Russia said on Monday that about 60 aircraft would leave Hmeimim by the end of March.

A Russian jet at Hmeimim in this October 20, 2015 file photo.

Article 50 was not mentioned, and talks resume at 13:29 on 30 March.

Russia withdraws
"""

GOLD = {
    "furniture.csv": "article_id,snippet,label,kind\n"
                     "a,Home > News > World,furniture,navigation\n"
                     "a,\"By Jane Smith, Moscow correspondent\",furniture,byline\n"
                     "a,Published: 14 March 2016,furniture,dateline\n"
                     "a,in this October 20,furniture,caption\n"
                     "a,about 60 aircraft would leave,body,body\n"
                     "a,Russia withdraws,body,body\n",
    "dates.csv": "article_id,snippet,value,precision,source\n"
                 "a,on Monday,2016-03-14,day,body\n"
                 "a,by the end of March,2016-03,month,body\n"
                 "a,30 March,2016-03-30,day,body\n"
                 "a,14 March 2016,2016-03-14,day,furniture\n"
                 "a,\"October 20, 2015\",2015-10-20,day,furniture\n"
                 "a,13:29,,none,body\n",
    "figures.csv": "article_id,snippet,counted\n"
                   "a,about 60 aircraft,yes\n"
                   "a,Article 50,no\n"
                   "a,13:29,no\n",
}


def invented(folder: Path, gold: dict[str, str] = GOLD) -> Corpus:
    """One invented web page (published Wednesday 16 March 2016) with a gold folder."""
    (folder / "gold").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "articles.csv").write_text(
        "article_id,seed_file,outlet,published,event,headline\n"
        "a,a.txt,Wire,2016-03-16,x,Russia to pull jets out of Syria\n", encoding="utf-8")
    for name, text in gold.items():
        (folder / "gold" / name).write_text(text, encoding="utf-8")
    return open_corpus(folder)


def score(scores: pd.DataFrame, metric: str) -> tuple[float, int]:
    row = scores.set_index("metric").loc[metric]
    return float(row.value), int(row.n)


def test_locate_ignores_spacing_and_quote_marks() -> None:
    text = "She said “we won’t go”\n and left."
    assert locate(text, 'said "we won\'t go" and') == [(4, 27)]
    assert locate(text, "nothing like it") == [] and locate(text, " ") == []


def test_scores_on_an_invented_page(tmp_path: Path) -> None:
    corpus = invented(tmp_path / "c")
    scores, errors = score_furniture(corpus)
    assert list(scores.columns) == SCORE_COLUMNS and list(errors.columns) == ERROR_COLUMNS
    assert score(scores, "furniture removed") == (1.0, 4)
    assert score(scores, "body kept") == (1.0, 2)
    assert score(scores, "furniture removed: byline") == (1.0, 1)
    scores, errors = score_dates(corpus)
    assert score(scores, "body dates found") == (1.0, 3)
    assert score(scores, "not-dates left out") == (1.0, 1)
    assert score(scores, "furniture dates kept out") == (1.0, 2)
    assert score(scores, "timeline rows in the gold") == (1.0, 3)
    assert errors.empty
    scores, errors = score_figures(corpus)
    assert score(scores, "figures found") == (1.0, 1)
    assert score(scores, "non-figures left out") == (1.0, 2)
    assert errors.empty


def test_errors_name_what_went_wrong(tmp_path: Path) -> None:
    gold = dict(GOLD)
    gold["furniture.csv"] += "a,Russia to pull jets,body,body\na,Russia withdraws,furniture,promo\n"
    gold["dates.csv"] += "a,on Monday,2016-03-07,day,body\na,about 60,,none,body\n"
    gold["figures.csv"] += "a,30 March,yes\n"
    corpus = invented(tmp_path / "c", gold)
    _, errors = score_furniture(corpus)
    assert errors[["snippet", "problem", "found"]].values.tolist() == [
        ["Russia to pull jets", "body lost", "headline"],
        ["Russia withdraws", "furniture kept", "in the text"]]
    _, errors = score_dates(corpus)
    assert errors.problem.tolist() == ["wrong value"]
    assert errors.found.iloc[0] == "Monday = 2016-03-14 (day)"
    _, errors = score_figures(corpus)
    assert errors[["snippet", "problem"]].values.tolist() == [["30 March", "missed"]]
    scores, errors = score_gold(corpus)
    assert set(scores.area) == {"furniture", "dates", "figures"} and len(errors) == 4


def test_an_article_without_figures_or_dates(tmp_path: Path) -> None:
    corpus = invented(tmp_path / "c", {"figures.csv": "article_id,snippet,counted\n"
                                                      "a,Russia withdraws,no\n",
                                       "dates.csv": "article_id,snippet,value,precision,source\n"
                                                    "a,Russia withdraws,,none,body\n"})
    (tmp_path / "c" / "a.txt").write_text("Russia withdraws\n", encoding="utf-8")
    corpus = open_corpus(tmp_path / "c")
    assert score(score_figures(corpus)[0], "non-figures left out") == (1.0, 1)
    assert score(score_dates(corpus)[0], "not-dates left out") == (1.0, 1)


def test_a_gold_row_for_an_unknown_article(tmp_path: Path) -> None:
    gold = dict(GOLD)
    gold["figures.csv"] += "zz,60,yes\n"
    with pytest.raises(CorpusError, match=r"gold/figures\.csv, line 5"):
        score_figures(invented(tmp_path / "c", gold))


def test_no_gold_gives_empty_scores() -> None:
    corpus = open_corpus()
    assert load_gold(corpus, "dates").empty
    scores, errors = score_gold(corpus)
    assert scores["n"].eq(0).all() and errors.empty


# ---------------------------------------------------------------- the unseen corpus

@pytest.fixture(scope="module")
def unseen() -> Corpus:
    if not (UNSEEN / "gold").is_dir():
        pytest.skip("the unseen corpus is not in this checkout")
    return open_corpus(UNSEEN)


def test_unseen_furniture(unseen: Corpus) -> None:
    """Out of sample: at least 90% of the furniture snippets removed, no body snippet lost."""
    scores, errors = score_furniture(unseen)
    assert score(scores, "furniture removed")[0] >= 0.9, errors
    assert score(scores, "body kept")[0] == 1.0, errors[errors.problem == "body lost"]


def test_unseen_dates(unseen: Corpus) -> None:
    """Out of sample: at least 90% of the body dates right, no furniture date in the timeline."""
    scores, errors = score_dates(unseen)
    assert score(scores, "body dates found")[0] >= 0.9, errors
    assert score(scores, "furniture dates kept out")[0] == 1.0, errors


def test_unseen_figures(unseen: Corpus) -> None:
    """Out of sample: names, labels, times and years are not figures; most counts are found."""
    scores, errors = score_figures(unseen)
    assert score(scores, "non-figures left out")[0] >= 0.9, errors
    assert score(scores, "figures found")[0] >= 0.9, errors
