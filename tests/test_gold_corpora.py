"""The hand-written test corpora: their gold is consistent with their own texts.

``tests/corpora/unseen`` (twelve articles, the development corpus) and
``tests/corpora/fresh`` (eight articles, held out: scored, never studied) hold
invented articles and gold annotations written by reading them, before any
extractor ran (see their READMEs). These tests check the gold against the raw
texts only: every snippet is found where it says, every enum is valid, dates
parse and agree with the publication date, every quotation mark has a row. No
extractor is imported or run here, on purpose: the gold is never fitted to
extractor output.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

CORPORA_DIR = Path(__file__).parent / "corpora"


@dataclass(frozen=True)
class Spec:
    """What each corpus promises: its size, its article length, its articles per event."""

    articles: int
    max_words: int
    per_event: int | None = None
    furniture_kinds: int = 2  # kinds of furniture in every article, at least


CORPORA = {"unseen": Spec(12, 700), "fresh": Spec(8, 600, per_event=2, furniture_kinds=3)}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test on every corpus, and per-article tests on every article of each."""
    if "article_id" in metafunc.fixturenames:
        pairs = [(c, a) for c in CORPORA for a in gold_article_ids(c)]
        metafunc.parametrize(("corpus", "article_id"), pairs, ids=[f"{c}-{a}" for c, a in pairs])
    elif "corpus" in metafunc.fixturenames:
        metafunc.parametrize("corpus", list(CORPORA))

ARTICLE_COLUMNS = ["article_id", "seed_file", "outlet", "outlet_basis", "published",
                   "published_basis", "event", "headline", "evidence"]
EVENT_COLUMNS = ["event", "label", "date", "announced_by", "why"]
QUOTE_COLUMNS = ["article_id", "opening", "speaker", "status", "note"]
FURNITURE_COLUMNS = ["article_id", "snippet", "label", "kind", "note"]
DATE_COLUMNS = ["article_id", "snippet", "value", "precision", "source", "note"]
FIGURE_COLUMNS = ["article_id", "snippet", "counted", "note"]

FURNITURE_KINDS = {"caption", "credit", "byline", "dateline", "promo", "newsletter", "cookie",
                   "follow", "related", "share", "advert", "navigation", "repeated", "section"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OPENING_MARKS = "\"“‘"
CLOSING_MARKS = "\"”’"
# A wire dateline that opens a body paragraph: "PORT ELLERY, July 7 (Anchor Wire) - ..."
DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .'-]+, [A-Z][a-z]+\.? \d{1,2} \([^)]+\) - ")


def read(corpus: str, name: str) -> pd.DataFrame:
    return pd.read_csv(CORPORA_DIR / corpus / name, dtype=str, keep_default_na=False)


@cache
def table(corpus: str, name: str) -> pd.DataFrame:
    return read(corpus, name)


@cache
def text(corpus: str, article_id: str) -> str:
    return (CORPORA_DIR / corpus / f"{article_id}.txt").read_bytes().decode("utf-8")


def articles(corpus: str) -> pd.DataFrame:
    return table(corpus, "articles.csv")


def published(corpus: str, article_id: str) -> dt.date:
    row = articles(corpus).set_index("article_id").loc[article_id]
    return dt.date.fromisoformat(row.published)


def headline_lines(corpus: str, article_id: str) -> set[str]:
    row = articles(corpus).set_index("article_id").loc[article_id]
    return {row.headline} if row.headline else set()


def lines_without_headline(corpus: str, article_id: str) -> list[str]:
    heads = headline_lines(corpus, article_id)
    return [line for line in text(corpus, article_id).split("\n") if line not in heads]


def furniture_lines(corpus: str, article_id: str) -> list[str]:
    """The lines of the text that hold a furniture snippet."""
    snippets = furniture_rows(corpus, article_id)
    return [line for line in text(corpus, article_id).split("\n")
            if any(s in line for s in snippets)]


def furniture_rows(corpus: str, article_id: str) -> list[str]:
    f = table(corpus, "gold/furniture.csv")
    return list(f[(f.article_id == article_id) & (f.label == "furniture")].snippet)


def gold_article_ids(corpus: str) -> list[str]:
    return list(articles(corpus).article_id)


# ------------------------------------------------------------------ files and tables

def test_only_the_expected_tables(corpus: str) -> None:
    folder = CORPORA_DIR / corpus
    top = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix != ".txt")
    assert top == ["README.md", "articles.csv", "events.csv"], top
    gold = sorted(p.name for p in (CORPORA_DIR / corpus / "gold").iterdir())
    assert gold == ["dates.csv", "figures.csv", "furniture.csv", "quotes.csv"], gold
    subdirs = sorted(p.name for p in (CORPORA_DIR / corpus).iterdir() if p.is_dir())
    assert subdirs == ["gold"], subdirs


@pytest.mark.parametrize("name,columns", [
    ("articles.csv", ARTICLE_COLUMNS), ("events.csv", EVENT_COLUMNS),
    ("gold/quotes.csv", QUOTE_COLUMNS), ("gold/furniture.csv", FURNITURE_COLUMNS),
    ("gold/dates.csv", DATE_COLUMNS), ("gold/figures.csv", FIGURE_COLUMNS)])
def test_headers(corpus: str, name: str, columns: list[str]) -> None:
    assert list(read(corpus, name).columns) == columns


def test_articles_and_texts_match(corpus: str) -> None:
    a = articles(corpus)
    assert a.article_id.is_unique
    assert len(a) == CORPORA[corpus].articles
    texts = sorted(p.stem for p in (CORPORA_DIR / corpus).glob("*.txt"))
    assert sorted(a.article_id) == texts
    assert (a.seed_file == a.article_id + ".txt").all()


def test_published_dates_are_real_and_stated(corpus: str) -> None:
    a = articles(corpus)
    for row in a.itertuples():
        day = dt.date.fromisoformat(row.published)  # raises on a date that does not exist
        assert dt.date(2014, 1, 1) <= day <= dt.date(2024, 12, 31), row.article_id
        assert row.published_basis == "stated", row.article_id
        assert row.outlet and row.outlet_basis and row.evidence, row.article_id


def test_events_exist_and_parse(corpus: str) -> None:
    e = table(corpus, "events.csv")
    assert e.event.is_unique and len(e) == 4
    for day in e.date:
        dt.date.fromisoformat(day)
    a = articles(corpus)
    assert set(a.event) <= set(e.event)
    counts = a.event.value_counts()
    assert all(counts.get(ev, 0) >= 1 for ev in e.event), counts


def test_event_dates_are_not_after_their_articles(corpus: str) -> None:
    e = table(corpus, "events.csv").set_index("event")
    for row in articles(corpus).itertuples():
        day = dt.date.fromisoformat(e.loc[row.event, "date"])
        assert day <= published(corpus, row.article_id)


def test_text_shape(corpus: str, article_id: str) -> None:
    raw = (CORPORA_DIR / corpus / f"{article_id}.txt").read_bytes()
    assert b"\r" not in raw
    body = text(corpus, article_id)
    assert body.endswith("\n") and "\n\n\n" not in body
    words = len(body.split())
    assert 350 <= words <= CORPORA[corpus].max_words, words
    furniture = furniture_lines(corpus, article_id)
    own = [line for line in lines_without_headline(corpus, article_id) if line not in furniture]
    assert len(" ".join(own).split()) >= 350, "the article's own text, without furniture"
    for head in headline_lines(corpus, article_id):
        assert head in body.split("\n"), "the headline is a line of the text"


# ------------------------------------------------------------------ gold rows point at the text

def occurrences(corpus: str, article_id: str, snippet: str) -> int:
    return text(corpus, article_id).count(snippet)


@pytest.mark.parametrize("name", ["gold/quotes.csv", "gold/furniture.csv",
                                  "gold/dates.csv", "gold/figures.csv"])
def test_article_ids_exist(corpus: str, name: str) -> None:
    ids = set(gold_article_ids(corpus))
    assert set(read(corpus, name).article_id) <= ids


@pytest.mark.parametrize("name,column", [("gold/quotes.csv", "opening"),
                                         ("gold/dates.csv", "snippet"),
                                         ("gold/figures.csv", "snippet")])
def test_snippets_occur_exactly_once(corpus: str, name: str, column: str) -> None:
    t = table(corpus, name)
    bad = [(r.article_id, getattr(r, column), occurrences(corpus, r.article_id, getattr(r, column)))
           for r in t.itertuples() if occurrences(corpus, r.article_id, getattr(r, column)) != 1]
    assert not bad, bad


def test_no_duplicate_rows(corpus: str) -> None:
    for name, key in [("gold/quotes.csv", ["article_id", "opening"]),
                      ("gold/dates.csv", ["article_id", "snippet"]),
                      ("gold/figures.csv", ["article_id", "snippet"]),
                      ("gold/furniture.csv", ["article_id", "snippet"])]:
        t = table(corpus, name)
        assert not t.duplicated(key).any(), (name, t[t.duplicated(key)])


def test_no_gold_snippet_is_a_headline(corpus: str) -> None:
    for name, column in [("gold/quotes.csv", "opening"), ("gold/furniture.csv", "snippet"),
                         ("gold/dates.csv", "snippet"), ("gold/figures.csv", "snippet")]:
        for r in table(corpus, name).itertuples():
            for head in headline_lines(corpus, r.article_id):
                assert getattr(r, column) not in head, (name, r.article_id, head)


# ------------------------------------------------------------------ quotations

def opening_marks(corpus: str, article_id: str) -> int:
    """Opening quotation marks outside the headline: curly ones, and straight ones after a space."""
    body = "\n".join(lines_without_headline(corpus, article_id))
    curly = body.count("“") + body.count("‘")
    straight = len(re.findall(r'(?:^|(?<=[\s(]))"(?=\S)', body, re.M))
    return curly + straight


def test_quote_enums_and_speakers(corpus: str) -> None:
    q = table(corpus, "gold/quotes.csv")
    assert set(q.status) <= {"counted", "ambiguous"}
    assert (q[q.status == "counted"].speaker != "").all()
    assert (q[q.status == "ambiguous"].speaker == "").all()
    assert (q.note != "").all()
    assert (q.status == "counted").sum() > (q.status == "ambiguous").sum() > 0


def test_openings_follow_an_opening_mark(corpus: str) -> None:
    q = table(corpus, "gold/quotes.csv")
    for r in q.itertuples():
        assert any(mark + r.opening in text(corpus, r.article_id) for mark in OPENING_MARKS), r


def test_openings_are_short_and_short_spans_are_whole(corpus: str) -> None:
    q = table(corpus, "gold/quotes.csv")
    for r in q.itertuples():
        words = r.opening.split()
        assert 1 <= len(words) <= 8, r
        if len(words) < 4:
            t = text(corpus, r.article_id)
            after = t[t.index(r.opening) + len(r.opening):]
            assert re.match(rf"[,.?!]?[{CLOSING_MARKS}]", after), (r.opening, after[:10])


def test_every_quotation_mark_has_a_row(corpus: str, article_id: str) -> None:
    q = table(corpus, "gold/quotes.csv")
    assert (q.article_id == article_id).sum() == opening_marks(corpus, article_id)


def test_no_quotation_marks_in_furniture(corpus: str) -> None:
    for article_id in gold_article_ids(corpus):
        for line in furniture_lines(corpus, article_id):
            assert not re.search(r"[“”‘\"]", line), (article_id, line)


# ------------------------------------------------------------------ furniture

def test_furniture_enums(corpus: str) -> None:
    f = table(corpus, "gold/furniture.csv")
    assert set(f.label) <= {"furniture", "body"}
    assert set(f[f.label == "furniture"].kind) <= FURNITURE_KINDS
    assert (f[f.label == "body"].kind == "body").all()
    assert FURNITURE_KINDS == set(f[f.label == "furniture"].kind), "every kind is exercised"


def test_furniture_snippets_occur_once_or_twice_if_repeated(corpus: str) -> None:
    f = table(corpus, "gold/furniture.csv")
    for r in f.itertuples():
        want = 2 if r.kind == "repeated" else 1
        assert occurrences(corpus, r.article_id, r.snippet) == want, r
        if r.kind == "repeated":
            lines = text(corpus, r.article_id).split("\n")
            assert lines.count(r.snippet) == 2, "a repeated line is given whole"


def test_body_rows_per_article(corpus: str, article_id: str) -> None:
    f = table(corpus, "gold/furniture.csv")
    body = f[(f.article_id == article_id) & (f.label == "body")]
    assert 3 <= len(body) <= 4
    # the last body snippet is the last full sentence, or a truncated last sentence:
    # either way nothing but furniture lines follows it
    last_line = next(line for line in text(corpus, article_id).split("\n")
                     if body.snippet.iloc[-1] in line)
    after = text(corpus, article_id).split(last_line, 1)[1]
    furniture = furniture_rows(corpus, article_id)
    for line in after.split("\n"):
        assert not line or any(s in line for s in furniture), (article_id, line)


def test_body_snippets_are_not_on_furniture_lines(corpus: str) -> None:
    f = table(corpus, "gold/furniture.csv")
    for r in f[f.label == "body"].itertuples():
        for line in furniture_lines(corpus, r.article_id):
            assert r.snippet not in line, r


def test_a_truncated_article_exists(corpus: str) -> None:
    ends = [text(corpus, a).rstrip("\n").split("\n")[-1] for a in gold_article_ids(corpus)]
    assert any(not re.search(r"[.?!\"”’]$", end) for end in ends)


# ------------------------------------------------------------------ dates

def test_date_enums_and_values(corpus: str) -> None:
    d = table(corpus, "gold/dates.csv")
    assert set(d.precision) <= {"day", "month", "year", "none"}
    assert set(d.source) <= {"body", "furniture"}
    for r in d.itertuples():
        if r.precision == "day":
            dt.date.fromisoformat(r.value)
        elif r.precision == "month":
            assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", r.value), r
        elif r.precision == "year":
            assert re.fullmatch(r"\d{4}", r.value), r
        else:
            assert r.value == "", r
        assert r.note, r


def test_date_weekdays_agree_with_values(corpus: str) -> None:
    d = table(corpus, "gold/dates.csv")
    for r in d[d.precision == "day"].itertuples():
        named = [w for w in WEEKDAYS if w in r.snippet or w[:3] + " " in r.snippet + " "]
        if named:
            assert dt.date.fromisoformat(r.value).strftime("%A") == named[0], r


def test_relative_dates_resolve_against_publication(corpus: str) -> None:
    d = table(corpus, "gold/dates.csv")
    for r in d[d.precision == "day"].itertuples():
        pub = published(corpus, r.article_id)
        s = r.snippet.lower()
        value = dt.date.fromisoformat(r.value)
        if s in {"today", "earlier today", "this morning"}:
            assert value == pub, r
        elif s == "yesterday":
            assert value == pub - dt.timedelta(days=1), r
        elif any(w.lower() in s for w in WEEKDAYS) and not re.search(r"\d", s):
            assert abs((value - pub).days) <= 7, r


def test_month_and_year_dates_are_near_publication(corpus: str) -> None:
    d = table(corpus, "gold/dates.csv")
    for r in d[d.precision.isin(["day", "month"]) & (d.source == "body")].itertuples():
        pub = published(corpus, r.article_id)
        first = dt.date.fromisoformat(r.value + "-01" if r.precision == "month" else r.value)
        assert abs((first - pub).days) <= 366, r


def test_furniture_dates_sit_in_furniture(corpus: str) -> None:
    d = table(corpus, "gold/dates.csv")
    for r in d.itertuples():
        on_furniture = any(r.snippet in line for line in furniture_lines(corpus, r.article_id))
        prefixes = [m.group() for line in text(corpus, r.article_id).split("\n")
                    if (m := DATELINE_PREFIX.match(line))]
        in_dateline = any(r.snippet in prefix for prefix in prefixes)
        if r.source == "furniture":
            assert on_furniture or in_dateline, r
        else:
            assert not on_furniture and not in_dateline, r


def test_each_article_has_a_counted_body_date(corpus: str) -> None:
    d = table(corpus, "gold/dates.csv")
    counted = d[(d.source == "body") & (d.precision != "none")]
    assert set(counted.article_id) == set(gold_article_ids(corpus))


# ------------------------------------------------------------------ figures

def test_figure_enums(corpus: str) -> None:
    g = table(corpus, "gold/figures.csv")
    assert set(g.counted) <= {"yes", "no"}
    assert (g.note != "").all()
    assert (g.counted == "yes").sum() > (g.counted == "no").sum() > 0


def test_every_digit_is_annotated(corpus: str, article_id: str) -> None:
    """Each digit lies on a furniture line or inside a date or figure snippet."""
    t = text(corpus, article_id)
    covered = [False] * len(t)
    for line in furniture_lines(corpus, article_id):
        for m in re.finditer(re.escape(line), t):
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
    snippets = list(table(corpus, "gold/dates.csv").query("article_id == @article_id").snippet)
    snippets += list(table(corpus, "gold/figures.csv").query("article_id == @article_id").snippet)
    for s in snippets:
        for m in re.finditer(re.escape(s), t):
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
    missing = [m.group() for m in re.finditer(r"\d+", t) if not all(covered[m.start():m.end()])]
    assert not missing, missing


# ------------------------------------------------------------------ shape promised by the corpus

def test_articles_per_event(corpus: str) -> None:
    per_event = CORPORA[corpus].per_event
    if per_event is None:
        pytest.skip("this corpus promises no number of articles per event")
    counts = articles(corpus).event.value_counts()
    assert (counts == per_event).all() and len(counts) == 4, counts


def test_kinds_of_furniture_per_article(corpus: str, article_id: str) -> None:
    f = table(corpus, "gold/furniture.csv")
    kinds = set(f[(f.article_id == article_id) & (f.label == "furniture")].kind)
    assert len(kinds) >= CORPORA[corpus].furniture_kinds, kinds


def test_counted_speakers_are_named_in_their_article(corpus: str) -> None:
    q = table(corpus, "gold/quotes.csv")
    for r in q[q.status == "counted"].itertuples():
        assert r.speaker in text(corpus, r.article_id), r


def test_every_article_has_a_counted_quote(corpus: str) -> None:
    q = table(corpus, "gold/quotes.csv")
    counted = q[q.status == "counted"]
    assert set(counted.article_id) == set(gold_article_ids(corpus))
