"""Timeline, announcement table and callbacks on the real sentences of the corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import sentence_with

from helpers import CorpusError, load_articles, load_boilerplate, load_table, open_corpus, overview
from helpers.events import (
    announcement_evidence,
    callbacks,
    clause_at,
    comparison_table,
    find_dates,
    load_events,
    missing_evidence,
    plot_by_event,
    plot_timeline,
    summary_table,
    timeline,
)


@pytest.fixture(scope="module")
def dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    return timeline(articles, sentences)


def date_in(dates: pd.DataFrame, sentences: pd.DataFrame, article_id: str, needle: str,
            expression: str) -> pd.Series:
    """The one timeline row for ``expression`` in the sentence of ``article_id`` with ``needle``."""
    s = sentence_with(sentences, article_id, needle)
    hits = dates[(dates.article_id == article_id) & (dates.sentence_id == s.sentence_id)
                 & (dates.expression == expression)]
    assert len(hits) == 1, hits
    return hits.iloc[0]


# The six dates the issue asks for, each from the sentence that states it.
@pytest.mark.parametrize("article_id, needle, expression, expected, how", [
    ("newarab-2016", "Russia intervened in Syria's war on 30 September", "30 September",
     "2015-09-30", "explicit"),
    ("aj-short-2016", "A fragile ceasefire has largely held since February 27", "February 27",
     "2016-02-27", "explicit"),
    ("newarab-2016", "President Vladimir Putin announced on Monday", "Monday", "2016-03-14",
     "relative"),
    ("aj-short-2016", "defense ministry announced on Tuesday", "Tuesday", "2016-03-15",
     "relative"),
    ("vice-2017", "The cease-fire in Syria began on Dec. 29", "Dec. 29", "2016-12-29",
     "explicit"),
    ("vice-2017", "A senior Russian General announced Friday", "Friday", "2017-01-06",
     "relative"),
])
def test_required_dates(dates: pd.DataFrame, sentences: pd.DataFrame, article_id: str,
                        needle: str, expression: str, expected: str, how: str) -> None:
    row = date_in(dates, sentences, article_id, needle, expression)
    assert row.date == pd.Timestamp(expected)
    assert row.precision == "day"
    assert row.how == how


def test_offsets_point_at_the_date_words(articles: pd.DataFrame, dates: pd.DataFrame) -> None:
    for row in dates.itertuples():
        text = articles.loc[row.article_id, "text"]
        assert text[row.start:row.end] == row.expression
        assert row.expression in row.sentence and row.event_text in row.sentence
        assert row.date <= row.date_end


def test_weekday_before_publication(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    # aj-long-2016 is dated Tuesday 15 March; its "on Monday" is the day before.
    row = date_in(dates, sentences, "aj-long-2016", "Putin said on Monday", "Monday")
    assert row.date == pd.Timestamp("2016-03-14")


def test_weekday_after_publication(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    # newarab-2016 is dated Monday 14 March; "from Tuesday" is the day after.
    row = date_in(dates, sentences, "newarab-2016", "pull-out of Syria from Tuesday", "Tuesday")
    assert row.date == pd.Timestamp("2016-03-15")


def test_bare_weekday_before_verb(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    row = date_in(dates, sentences, "newarab-2016", "President Vladimir Putin Monday has",
                  "Monday")
    assert row.date == pd.Timestamp("2016-03-14")


def test_day_month_year_from_dateline(articles: pd.DataFrame) -> None:
    # "14 March, 2016" is The New Arab's dateline (page furniture, so not in the body).
    furniture = load_boilerplate(articles)
    line = furniture[furniture.rule_id == "dateline"].iloc[0].text
    (found,) = find_dates(line, articles.loc["newarab-2016", "published"])
    assert (found.expression, found.date, found.how) == ("14 March, 2016",
                                                          dt.date(2016, 3, 14), "explicit")


def test_last_month(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    row = date_in(dates, sentences, "indep-2017", "captured from rebel forces last month",
                  "last month")
    assert (row.date, row.precision, row.how) == (pd.Timestamp("2016-12-01"), "month",
                                                  "relative")


def test_late_last_month(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    row = date_in(dates, sentences, "vice-2017", "late last month", "late last month")
    assert row.date == pd.Timestamp("2016-12-01")


def test_month_of_last_year_is_one_date(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    s = sentence_with(sentences, "vice-2017", "In March of last year")
    found = dates[(dates.article_id == "vice-2017") & (dates.sentence_id == s.sentence_id)]
    assert found.expression.tolist() == ["March of last year"]
    assert (found.iloc[0].date, found.iloc[0].date_end) == (pd.Timestamp("2016-03-01"),
                                                            pd.Timestamp("2016-03-31"))


def test_later_this_month(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    row = date_in(dates, sentences, "vice-2017", "Kazakhstan later this month",
                  "later this month")
    assert (row.date, row.precision) == (pd.Timestamp("2017-01-01"), "month")


@pytest.mark.parametrize("article_id, needle, expected", [
    ("newarab-2016", "In October, Moscow announced", "2015-10-01"),  # before March 2016
    ("indep-2017", "was followed in October by", "2016-10-01"),  # before January 2017
])
def test_in_october(dates: pd.DataFrame, sentences: pd.DataFrame, article_id: str,
                    needle: str, expected: str) -> None:
    row = date_in(dates, sentences, article_id, needle, "October")
    assert (row.date, row.precision, row.how) == (pd.Timestamp(expected), "month", "relative")


def test_month_of_previous_year(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    # "in March" written in January 2017 is March 2016, not March 2017.
    row = date_in(dates, sentences, "indep-2017", "previously announced", "March")
    assert row.date == pd.Timestamp("2016-03-01")


def test_late_september(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    row = date_in(dates, sentences, "aj-long-2016", "in late September", "late September")
    assert (row.date, row.precision) == (pd.Timestamp("2015-09-01"), "month")


def test_month_and_year(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    row = date_in(dates, sentences, "aj-long-2016", "since it began in March 2011", "March 2011")
    assert (row.date, row.precision, row.how) == (pd.Timestamp("2011-03-01"), "month",
                                                  "explicit")


def test_future_tense_takes_the_next_date(sentences: pd.DataFrame) -> None:
    text = sentence_with(sentences, "vice-2017", "began on Dec. 29").text
    published = dt.date(2016, 3, 14)
    (past,) = find_dates(text, published)
    (future,) = find_dates(text.replace("began", "will begin"), published)
    assert past.date == dt.date(2015, 12, 29)
    assert future.date == dt.date(2016, 12, 29)


def test_modal_may_is_not_a_date(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    s = sentence_with(sentences, "vice-2017", "talks may fail")
    assert dates[(dates.article_id == "vice-2017") & (dates.sentence_id == s.sentence_id)].empty
    assert find_dates(s.text.replace("talks may fail", "talks in May fail"),
                      dt.date(2017, 1, 6))[0].date == dt.date(2016, 5, 1)


def test_event_text_is_the_clause(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    row = date_in(dates, sentences, "newarab-2016", "In October, Moscow", "October")
    assert row.event_text == ("In October, Moscow announced that it would begin to wind down "
                              "its air war in Syria")
    s = sentence_with(sentences, "newarab-2016", "on 30 September").text
    a, b = clause_at(s, s.index("30 September"))
    assert s[a:b] == "Russia intervened in Syria's war on 30 September"


# ---------------------------------------------------------------- the comparison table

@pytest.fixture(scope="module")
def evidence(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    return announcement_evidence(sentences, articles)


def test_every_cell_has_evidence(articles: pd.DataFrame, evidence: pd.DataFrame) -> None:
    table = load_table("announcements")
    assert missing_evidence(evidence, table).empty
    wide = comparison_table(evidence, articles)
    assert wide.shape == (7, 2)
    assert not wide.isin(["NO EVIDENCE"]).any().any()
    assert list(wide.columns) == load_events()["label"].tolist()


def test_evidence_comes_from_the_events_articles(articles: pd.DataFrame,
                                                 evidence: pd.DataFrame) -> None:
    assert (evidence.article_id.map(articles["event"]) == evidence.event).all()
    for row in evidence.itertuples():
        text = articles.loc[row.article_id, "text"]
        assert text[row.start:row.end] == row.text
        assert text[row.match_start:row.match_end] == row.match


def test_who_announced(evidence: pd.DataFrame) -> None:
    who = evidence[evidence.aspect == "who announced"]
    assert all("Putin" in m for m in who[who.event == "mar2016"].match)
    assert any("Gerasimov" in m for m in who[who.event == "jan2017"].match)
    assert not any("Putin" in m for m in who[who.event == "jan2017"].match)


def test_missing_cell_is_shown(articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    table = load_table("announcements")
    table.loc[0, "pattern"] = "no article says this"
    ev = announcement_evidence(sentences, articles, table=table)
    assert missing_evidence(ev, table).aspect.tolist() == [table.loc[0, "aspect"]]
    wide = comparison_table(ev, articles, table=table)
    assert (wide == "NO EVIDENCE").sum().sum() == 1


def test_bad_pattern_names_the_row(articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    table = load_table("announcements")
    table.loc[2, "pattern"] = "(unclosed"
    with pytest.raises(CorpusError, match=r"announcements\.csv, line 4"):
        announcement_evidence(sentences, articles, table=table)


def test_unknown_event_in_articles(make_corpus, tmp_path: Path) -> None:
    folder = make_corpus()
    events = load_table("events")
    events[events.event == "mar2016"].drop(columns="line").to_csv(
        folder / "events.csv", index=False)
    with pytest.raises(CorpusError, match="jan2017"):
        load_events(folder, load_articles(folder))


# ---------------------------------------------------------------- callbacks and confounding

def test_callbacks(articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    found = callbacks(sentences, articles)
    assert set(found.event) == {"jan2017"}
    assert set(found.refers_to) == {"mar2016"}
    keys = set(zip(found.article_id, found.sentence_id, strict=True))
    for aid, needle in [("vice-2017", "This is not the first time"),
                        ("vice-2017", "In March of last year"),
                        ("indep-2017", "previously announced a military withdrawal in March")]:
        assert (aid, sentence_with(sentences, aid, needle).sentence_id) in keys
    by_date = found[found.text.str.startswith("In March of last year")].iloc[0]
    assert by_date.via == "date"
    assert by_date.next_text.startswith("But the Russian President")


def test_outlet_and_event_are_confounded(articles: pd.DataFrame) -> None:
    table = overview.outlet_event_table(open_corpus())
    assert table.to_numpy().sum() == len(articles)
    # Every outlet covers one event only: outlet and event are confounded in this corpus.
    assert ((table > 0).sum(axis=1) == 1).all()


def test_plot_timeline(articles: pd.DataFrame, dates: pd.DataFrame) -> None:
    fig, ax, left_out = plot_timeline(dates, articles)
    assert left_out.expression.tolist() == ["March 2011"]
    labels = [t.get_text() for t in ax.texts]
    assert all(any(label.split(":")[0] in t for t in labels)
               for label in load_events()["label"])
    plt.close(fig)


def test_callback_kinds(articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    found = callbacks(sentences, articles).set_index(["article_id", "sentence_id"])
    judged = sentence_with(sentences, "vice-2017", "proved premature").sentence_id
    assert found.loc[("vice-2017", judged), "kind"] == "outcome"
    repeat = sentence_with(sentences, "vice-2017", "not the first time").sentence_id
    assert found.loc[("vice-2017", repeat), "kind"] == "repetition"


def test_summary_table(articles: pd.DataFrame, sentences: pd.DataFrame, dates: pd.DataFrame,
                       evidence: pd.DataFrame) -> None:
    table = load_table("announcements")
    backs = callbacks(sentences, articles, dates=dates)
    summary = summary_table(evidence, table, dates, backs,
                            overview.outlet_event_table(open_corpus())).set_index("finding").value
    assert summary["cells backed by evidence"] == summary["comparison cells"] == len(table)
    assert summary["dates found"] == len(dates)
    assert summary["outlets covering more than one event"] == 0


def test_plot_by_event_puts_each_event_above_its_articles(articles: pd.DataFrame) -> None:
    per_article = pd.DataFrame({"event": articles.event, "article_id": articles.article_id,
                                "mean": 0.1, "low": 0.0, "high": 0.2})
    per_event = pd.DataFrame({"event": ["jan2017", "mar2016"], "mean": 0.1, "low": 0.0,
                              "high": 0.2})
    fig, ax = plot_by_event(per_article, per_event, articles)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(articles) + 2
    assert labels[0].endswith("all articles") and labels[0].startswith(
        load_events().label.iloc[0])
    assert labels.index(next(x for x in labels if x.startswith("newarab-2016"))) < 4
    plt.close(fig)
