"""Timeline, announcement table and callbacks on the real sentences of the corpus."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import sentence_with

from helpers import (
    CorpusError,
    load_boilerplate,
    open_corpus,
    overview,
    raw_offset,
    validate_corpus,
)
from helpers.corpus import DATA_DIR, SEEDS_DIR, Corpus
from helpers.events import (
    CALLBACK_COLUMNS,
    EVIDENCE_COLUMNS,
    TIMELINE_COLUMNS,
    announcement_evidence,
    callbacks,
    clause_at,
    comparison_table,
    date_callbacks,
    find_dates,
    load_events,
    missing_evidence,
    pattern_callbacks,
    summary_table,
    tense_at,
    timeline,
)
from helpers.plots.events import plot_by_event, plot_timeline

STORY_TABLES = ("events", "announcements", "callbacks", "facts", "boilerplate")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return open_corpus()


@pytest.fixture(scope="module")
def sentences(corpus: Corpus) -> pd.DataFrame:
    return corpus.sentences


@pytest.fixture(scope="module")
def dates(corpus: Corpus) -> pd.DataFrame:
    return timeline(corpus)


def builtin_copy(folder: Path, drop: tuple[str, ...] = (), **tables: str) -> Path:
    """The built-in corpus as a folder: seeds, articles.csv and its story tables, without the
    tables in ``drop`` and with the CSV text of ``tables`` (name -> text) instead of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in SEEDS_DIR.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    shutil.copy(DATA_DIR / "articles.csv", folder / "articles.csv")
    for name in STORY_TABLES:
        if name in drop:
            continue
        if name in tables:
            (folder / f"{name}.csv").write_text(tables[name], encoding="utf-8")
        else:
            shutil.copy(DATA_DIR / f"{name}.csv", folder / f"{name}.csv")
    return folder


def date_in(dates: pd.DataFrame, sentences: pd.DataFrame, article_id: str, needle: str,
            expression: str) -> pd.Series:
    """The one timeline row for ``expression`` in the sentence of ``article_id`` with ``needle``."""
    s = sentence_with(sentences, article_id, needle)
    hits = dates[(dates.article_id == article_id) & (dates.sentence_id == s.sentence_id)
                 & (dates.expression == expression)]
    assert len(hits) == 1, hits
    return hits.iloc[0]


def resolve(text: str, published: str) -> list[tuple[str, str, str]]:
    """``(expression, date, precision)`` of every date of ``text`` published on ``published``."""
    return [(d.expression, d.date.isoformat(), d.precision)
            for d in find_dates(text, dt.date.fromisoformat(published))]


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


def test_offsets_point_at_the_date_words(corpus: Corpus, dates: pd.DataFrame) -> None:
    assert list(dates.columns) == TIMELINE_COLUMNS
    for row in dates.itertuples():
        text = corpus.articles.loc[row.article_id, "text"]
        assert text[row.start:row.end] == row.expression
        assert row.expression in row.sentence and row.event_text in row.sentence
        assert row.date <= row.date_end


def test_timeline_of_the_builtin_corpus(dates: pd.DataFrame) -> None:
    """Every date of the five bodies: 24 as before the grammar grew, plus Putin's "today"."""
    assert len(dates) == 25
    assert dates.rule.value_counts().to_dict() == {
        "weekday": 10, "month": 5, "month_day": 3, "relative_period": 3, "day_month": 1,
        "month_year": 1, "month_of_year": 1, "relative_day": 1}


def test_no_date_comes_from_furniture(corpus: Corpus, dates: pd.DataFrame) -> None:
    """The timeline reads the body only: the dateline "14 March, 2016" and the gallery
    captions' "December 12, 2009" are removed furniture and never reach it."""
    furniture = load_boilerplate(corpus.articles)
    assert furniture.text.str.contains("14 March, 2016").any()
    assert furniture.text.str.contains("December 12, 2009").any()
    assert not dates.expression.str.contains("2009|2010|14 March").any()
    for row in dates.itertuples():  # every date maps to raw text outside the furniture
        at = raw_offset(corpus.articles, row.article_id, row.start)
        pieces = corpus.articles.loc[row.article_id, "furniture"]
        assert not any(s <= at < e for s, e, *_ in pieces)


def test_furniture_dates_stay_out_of_another_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Published: 14 March 2016\n\nRussian jets at Hmeimim on 3 January. REUTERS/Omar Sanadiki"
        "\n\nMOSCOW, March 14 (Reuters) - Russia began withdrawing on Tuesday.\n",
        encoding="utf-8")
    (folder / "articles.csv").write_text(
        "article_id,seed_file,outlet,published,event\na,a.txt,Wire,2016-03-16,x\n",
        encoding="utf-8")
    corpus = open_corpus(folder)
    assert corpus.articles.loc["a", "text"].startswith("MOSCOW, March 14 (Reuters) - Russia")
    found = timeline(corpus)
    assert found[["expression", "date"]].values.tolist() == [
        ["Tuesday", pd.Timestamp("2016-03-15")]]


def test_weekday_before_publication(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    # aj-long-2016 is dated Tuesday 15 March; its "on Monday" is the day before.
    row = date_in(dates, sentences, "aj-long-2016", "Putin said on Monday", "Monday")
    assert row.date == pd.Timestamp("2016-03-14")


def test_weekday_after_publication(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    # newarab-2016 is dated Monday 14 March; "will begin ... from Tuesday" is the day after.
    row = date_in(dates, sentences, "newarab-2016", "pull-out of Syria from Tuesday", "Tuesday")
    assert row.date == pd.Timestamp("2016-03-15")
    row = date_in(dates, sentences, "newarab-2016", "would begin on Tuesday", "Tuesday")
    assert row.date == pd.Timestamp("2016-03-15")


def test_bare_weekday_before_verb(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    row = date_in(dates, sentences, "newarab-2016", "President Vladimir Putin Monday has",
                  "Monday")
    assert row.date == pd.Timestamp("2016-03-14")


@pytest.mark.parametrize("text, expected", [
    ("The council met on Tuesday.", [("Tuesday", "2016-06-28", "day")]),
    ("The council will meet on Tuesday.", [("Tuesday", "2016-07-05", "day")]),
    ("The council meets next Tuesday.", [("next Tuesday", "2016-07-05", "day")]),
    ("The council met last Friday.", [("last Friday", "2016-06-24", "day")]),
    ("On Tuesday, the council will vote on the plan.", [("Tuesday", "2016-07-05", "day")]),
    ("Putin announced on Friday that troops will leave.", [("Friday", "2016-07-01", "day")]),
    ("Assad met Putin on Tuesday, June 28.", [("Tuesday, June 28", "2016-06-28", "day")]),
    ("Sales surged on Black Friday.", []),
])
def test_weekdays(text: str, expected: list) -> None:
    # Published on Friday 1 July 2016.
    assert resolve(text, "2016-07-01") == expected


@pytest.mark.parametrize("text, expected", [
    ("Russia said today it would withdraw.", [("today", "2016-07-01", "day")]),
    ("The ministry said yesterday that jets had left.", [("yesterday", "2016-06-30", "day")]),
    ("Officials met this morning in Moscow.", [("this morning", "2016-07-01", "day")]),
    ("Earlier today, the first jets left.", [("Earlier today", "2016-07-01", "day")]),
    ("The talks resume tonight.", [("tonight", "2016-07-01", "day")]),
    ("Last night, the jets left Hmeimim.", [("Last night", "2016-06-30", "day")]),
    ("He told Russia Today that the war was over.", []),
])
def test_days_around_publication(text: str, expected: list) -> None:
    assert resolve(text, "2016-07-01") == expected


@pytest.mark.parametrize("text, expected", [
    ("Russia intervened last September.", [("last September", "2015-09-01", "month")]),
    ("Talks will resume next September.", [("next September", "2016-09-01", "month")]),
    ("Troops will leave by the end of October.",
     [("the end of October", "2016-10-01", "month")]),
    ("Russia intervened in 2015 to support Assad.", [("2015", "2015-01-01", "year")]),
    ("The war has raged since 2011.", [("2011", "2011-01-01", "year")]),
    ("Between 2011 and 2015, the city was besieged.",
     [("2011", "2011-01-01", "year"), ("2015", "2015-01-01", "year")]),
    ("It was signed on 2016-03-14.", [("2016-03-14", "2016-03-14", "day")]),
    ("The ceasefire began on Jan 6.", [("Jan 6", "2016-01-06", "day")]),
])
def test_months_and_years(text: str, expected: list) -> None:
    assert resolve(text, "2016-07-01") == expected


@pytest.mark.parametrize("text", [
    "He won the 1992 general election.", "The 2015 budget was cut.",
    "Fighting resumed two weeks ago.", "A day after the vote, talks began.",
    "Profits rose in the first quarter.", "Troops arrived in 2000 vehicles.",
    "Profits rose in the third quarter of 2015.",
    "Strikes stopped by 1900 GMT.", "The talks may fail.",
])
def test_not_dates(text: str) -> None:
    assert resolve(text, "2016-07-01") == []


def test_future_tense_takes_the_next_date(sentences: pd.DataFrame) -> None:
    text = sentence_with(sentences, "vice-2017", "began on Dec. 29").text
    published = dt.date(2016, 3, 14)
    (past,) = find_dates(text, published)
    (future,) = find_dates(text.replace("began", "will begin"), published)
    assert past.date == dt.date(2015, 12, 29)
    assert future.date == dt.date(2016, 12, 29)


def test_a_date_remembered_is_the_past_one() -> None:
    """A future verb after the date, with the date as its subject, is about the day being
    remembered: the past June 23 when it fell within six months before publication."""
    assert resolve("Cameron said June 23 will go down in history.", "2016-07-01") == [
        ("June 23", "2016-06-23", "day")]
    assert resolve("Britain will vote on June 23.", "2016-06-01") == [
        ("June 23", "2016-06-23", "day")]
    assert resolve("Britain voted on June 23.", "2016-06-01") == [
        ("June 23", "2015-06-23", "day")]
    assert resolve("June 23 will be a holiday.", "2016-01-10") == [
        ("June 23", "2016-06-23", "day")]


def test_tense_at() -> None:
    s = "In October, Moscow announced that it would begin to wind down its air war."
    assert tense_at(s, s.index("October"), s.index("October") + 7) == "past"
    s = "The building would be offered for sale in May."
    assert tense_at(s, s.index("May"), s.index("May") + 3) == "future"


def test_day_month_year_from_dateline(corpus: Corpus) -> None:
    # "14 March, 2016" is The New Arab's dateline (page furniture, so not in the body).
    furniture = load_boilerplate(corpus.articles)
    line = furniture[furniture.rule_id == "dateline"].iloc[0].text
    (found,) = find_dates(line, corpus.articles.loc["newarab-2016", "published"])
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


def test_today_in_a_quotation(dates: pd.DataFrame, sentences: pd.DataFrame) -> None:
    # Resolved against publication, as a reader would; Putin spoke the day before.
    row = date_in(dates, sentences, "aj-long-2016", "today’s decision", "today")
    assert (row.date, row.how) == (pd.Timestamp("2016-03-15"), "relative")


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


def test_timeline_is_computed_once(corpus: Corpus) -> None:
    first, second = timeline(corpus), timeline(corpus)
    assert first.equals(second) and first is not second  # a copy of the one computation


# ---------------------------------------------------------------- the comparison table

@pytest.fixture(scope="module")
def evidence(corpus: Corpus) -> pd.DataFrame:
    return announcement_evidence(corpus)


def test_every_cell_has_evidence(corpus: Corpus, evidence: pd.DataFrame) -> None:
    assert list(evidence.columns) == EVIDENCE_COLUMNS
    assert missing_evidence(corpus).empty
    wide = comparison_table(corpus)
    assert wide.shape == (7, 2)
    assert not wide.isin(["NO EVIDENCE"]).any().any()
    assert list(wide.columns) == load_events(corpus)["label"].tolist()


def test_evidence_comes_from_the_events_articles(corpus: Corpus, evidence: pd.DataFrame) -> None:
    articles = corpus.articles
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


def _announcements_with(line: int, pattern: str) -> str:
    """announcements.csv with the pattern of one line (2 = first row) replaced."""
    table = pd.read_csv(DATA_DIR / "announcements.csv", dtype=str, keep_default_na=False)
    table.loc[line - 2, "pattern"] = pattern
    return table.to_csv(index=False, lineterminator="\n")


def test_missing_cell_is_shown(tmp_path: Path) -> None:
    corpus = open_corpus(builtin_copy(tmp_path / "c", announcements=_announcements_with(
        2, "no article says this")))
    missing = missing_evidence(corpus)
    assert missing.line.tolist() == [2]
    assert (comparison_table(corpus) == "NO EVIDENCE").sum().sum() == 1


def test_bad_pattern_names_the_row(tmp_path: Path) -> None:
    folder = builtin_copy(tmp_path / "c", announcements=_announcements_with(4, "(unclosed"))
    with pytest.raises(CorpusError, match=r"announcements\.csv, line 4"):
        open_corpus(folder)


def test_unknown_event_in_announcements(tmp_path: Path) -> None:
    text = (DATA_DIR / "announcements.csv").read_text(encoding="utf-8").replace(
        ",mar2016,(?:President", ",may2016,(?:President")
    folder = builtin_copy(tmp_path / "c", announcements=text)
    with pytest.raises(CorpusError, match=r"announcements\.csv, line 2.*may2016"):
        open_corpus(folder)  # checked when the corpus is opened, as validation does
    assert "may2016" in str(validate_corpus(folder))


def test_unknown_event_in_articles(tmp_path: Path) -> None:
    events = (DATA_DIR / "events.csv").read_text(encoding="utf-8").splitlines()
    folder = builtin_copy(tmp_path / "c", events="\n".join(events[:2]) + "\n")
    with pytest.raises(CorpusError, match="jan2017"):
        open_corpus(folder)
    assert "jan2017" in str(validate_corpus(folder))


def test_bad_event_date_names_the_row(tmp_path: Path) -> None:
    events = (DATA_DIR / "events.csv").read_text(encoding="utf-8").replace(
        "2016-03-14", "2016-13-14")
    folder = builtin_copy(tmp_path / "c", events=events)
    with pytest.raises(CorpusError, match=r"events\.csv, line 2 \(event 'mar2016'\)"):
        open_corpus(folder)
    assert "events.csv, line 2 (event 'mar2016')" in str(validate_corpus(folder))


# ---------------------------------------------------------------- missing story tables

@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The built-in texts without any story table: no events, announcements or callbacks."""
    return open_corpus(builtin_copy(tmp_path_factory.mktemp("bare"), drop=STORY_TABLES))


def test_missing_tables_give_empty_tables(bare: Corpus) -> None:
    assert bare.status("announcements") == bare.status("events") == "missing"
    assert list(announcement_evidence(bare).columns) == EVIDENCE_COLUMNS
    assert announcement_evidence(bare).empty and missing_evidence(bare).empty
    assert comparison_table(bare).empty
    assert list(callbacks(bare).columns) == CALLBACK_COLUMNS and callbacks(bare).empty
    assert pattern_callbacks(bare).empty and date_callbacks(bare).empty
    assert load_events(bare).empty and "date" in load_events(bare)
    assert len(timeline(bare)) == 25  # dates need no table
    summary = summary_table(bare).set_index("finding").value
    assert summary["comparison cells"] == 0 and summary["dates found"] == 25


def test_announcements_without_callbacks(tmp_path: Path) -> None:
    corpus = open_corpus(builtin_copy(tmp_path / "c", drop=("callbacks",)))
    assert pattern_callbacks(corpus).empty
    assert set(callbacks(corpus).via) == {"date"}
    assert missing_evidence(corpus).empty


def test_extreme_and_unused_events(tmp_path: Path) -> None:
    events = (DATA_DIR / "events.csv").read_text(encoding="utf-8") + (
        "dawn,Before everything,0001-01-01,nobody,A placeholder with no article.\n"
        "doom,After everything,9999-12-31,nobody,A placeholder with no article.\n")
    corpus = open_corpus(builtin_copy(tmp_path / "c", events=events))
    assert load_events(corpus).event.tolist() == ["dawn", "mar2016", "jan2017", "doom"]
    found = callbacks(corpus)
    assert set(found.refers_to) == {"mar2016"}  # nothing falls on 0001-01-01
    assert list(comparison_table(corpus).columns) == load_events(corpus).label.tolist()
    fig, _, left_out = plot_timeline(corpus)
    assert left_out.expression.tolist() == ["March 2011"]
    plt.close(fig)


# ---------------------------------------------------------------- callbacks and confounding

def test_callbacks(corpus: Corpus, sentences: pd.DataFrame) -> None:
    found = callbacks(corpus)
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


def test_pattern_and_date_callbacks_keep_offsets(corpus: Corpus) -> None:
    texts = corpus.articles["text"]
    by_pattern, by_date = pattern_callbacks(corpus), date_callbacks(corpus)
    assert set(by_pattern.via) == {"pattern:not_first_time", "pattern:previously_announced",
                                   "pattern:announcement_followed_by", "pattern:reversed"}
    assert by_date.match.tolist() == ["March", "March of last year"]
    for row in pd.concat([by_pattern, by_date]).itertuples():
        assert texts[row.article_id][row.match_start:row.match_end] == row.match


def test_outlet_and_event_are_confounded(corpus: Corpus) -> None:
    table = overview.outlet_event_table(corpus)
    assert table.to_numpy().sum() == len(corpus.articles)
    # Every outlet covers one event only: outlet and event are confounded in this corpus.
    assert ((table > 0).sum(axis=1) == 1).all()


def test_plot_timeline(corpus: Corpus) -> None:
    fig, ax, left_out = plot_timeline(corpus)
    assert left_out.expression.tolist() == ["March 2011"]
    labels = [t.get_text() for t in ax.texts]
    assert all(any(label.split(":")[0] in t for t in labels)
               for label in load_events(corpus)["label"])
    plt.close(fig)


def test_callback_kinds(corpus: Corpus, sentences: pd.DataFrame) -> None:
    found = callbacks(corpus).set_index(["article_id", "sentence_id"])
    judged = sentence_with(sentences, "vice-2017", "proved premature").sentence_id
    assert found.loc[("vice-2017", judged), "kind"] == "outcome"
    repeat = sentence_with(sentences, "vice-2017", "not the first time").sentence_id
    assert found.loc[("vice-2017", repeat), "kind"] == "repetition"


def test_summary_table(corpus: Corpus, dates: pd.DataFrame) -> None:
    table = corpus.table("announcements")
    summary = summary_table(corpus, overview.outlet_event_table(corpus))
    summary = summary.set_index("finding").value
    assert summary["cells backed by evidence"] == summary["comparison cells"] == len(table)
    assert summary["dates found"] == len(dates)
    assert summary["sentences referring back to an earlier announcement"] == 5
    assert summary["outlets covering more than one event"] == 0


def test_plot_by_event_puts_each_event_above_its_articles(corpus: Corpus) -> None:
    articles = corpus.articles
    per_article = pd.DataFrame({"event": articles.event, "article_id": articles.article_id,
                                "mean": 0.1, "low": 0.0, "high": 0.2})
    per_event = pd.DataFrame({"event": ["jan2017", "mar2016"], "mean": 0.1, "low": 0.0,
                              "high": 0.2})
    fig, ax = plot_by_event(per_article, per_event, corpus)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(articles) + 2
    assert labels[0].endswith("all articles") and labels[0].startswith(
        load_events(corpus).label.iloc[0])
    assert labels.index(next(x for x in labels if x.startswith("newarab-2016"))) < 4
    plt.close(fig)
