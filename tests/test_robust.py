"""Whatever validation accepts, every stage of the report runs on.

Each awkward corpus that ``validate_corpus`` accepts is opened and put through every analysis
the notebooks call and every figure they draw (:func:`run_every_stage`): a corpus without
``announcements.csv``, two articles sharing a sentence, publication dates at the ends of the
calendar, an event no article covers, patterns with named groups, ``$`` signs in outlets and
labels (an article that is all furniture is refused: see ``test_validation.py``). A
pattern that runs too long stops with the table, line and article; an article of 200,000 short
lines goes through in bounded time; generated corpora (hypothesis) check the promise on inputs
nobody wrote by hand; and one generated corpus builds the whole report.
"""

from __future__ import annotations

import csv
import random
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from conftest import editable_copy, read_articles, write_articles  # noqa: E402

from helpers import (  # noqa: E402
    CorpusError,
    figures,
    framing,
    health,
    open_corpus,
    overview,
    patterns,
    plotting,
    quotes,
    reuse,
    sentiment,
    validate_corpus,
)
from helpers import events as ev  # noqa: E402
from helpers.corpus import ROOT, Corpus  # noqa: E402
from helpers.explore import Explorer, explore  # noqa: E402
from helpers.plots import events as event_plots  # noqa: E402
from helpers.plots import framing as framing_plots  # noqa: E402
from helpers.plots import overview as overview_plots  # noqa: E402
from helpers.plots import reuse as reuse_plots  # noqa: E402
from helpers.plots import sentiment as sentiment_plots  # noqa: E402
from helpers.plots.quotes import plot_speech_share  # noqa: E402

SMALL = ROOT / "tests" / "corpora" / "small"


# -- every stage --------------------------------------------------------------------------------

def _draw(fig: plt.Figure) -> None:
    """Render a figure (text is laid out, and any maths in it parsed, only then)."""
    fig.canvas.draw()
    plt.close(fig)


def _svg(fig: plt.Figure) -> str:
    """Render a figure as the report does (SVG, text kept as text); return the SVG."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as f:
        fig.savefig(f, format="svg")
        f.seek(0)
        svg = f.read()
    plt.close(fig)
    return svg


def _stages(c: Corpus) -> Iterator[tuple[str, Callable[[], object]]]:
    """Every analysis the notebooks run and every figure they draw, as (name, call)."""
    a = c.articles
    colors = plotting.outlet_colors(a.outlet)

    def figure(draw: Callable[[plt.Axes], object], **kwargs: object) -> None:
        fig, ax = plotting.new_figure(**kwargs)
        draw(ax)
        plotting.finish(fig, ax if not hasattr(ax, "flat") else ax.flat[0], title="t",
                        source="s")
        return _draw(fig)

    yield "overview", lambda: [f(c) for f in (
        overview.outlet_event_table, overview.table_sources, overview.furniture_summary,
        overview.accounting, overview.structure, overview.corpus_summary)]
    yield "health", lambda: health.health(c)
    yield "overview figures", lambda: [
        figure(lambda ax: overview_plots.plot_body_and_furniture(ax, c)),
        figure(lambda ax: overview_plots.plot_article_length(ax, c))]
    yield "quotes", lambda: (quotes.extract_quotes(c), quotes.unregistered_speakers(c),
                             quotes.load_quote_annotations(c), quotes.score_quotes(c))
    yield "speech figure", lambda: figure(lambda ax: plot_speech_share(
        ax, quotes.speech_summary(c, level="speaker_group"), colors))
    yield "speech by article", lambda: quotes.speech_summary(c, by="article_id")

    def reuse_all() -> None:
        reuse.align_sentences(c)
        reuse.reuse_summary(c)
        versions = reuse.version_pairs(c)
        if len(versions):
            reuse.compare_versions(c, versions.iloc[0, 0], versions.iloc[0, 1])
        matrix = reuse.article_similarity(c)
        figure(lambda ax: reuse_plots.plot_matrix(ax, matrix, plotting.article_colors(a),
                                                  colorbar_label="share"))
    yield "reuse", reuse_all

    def figures_all() -> None:
        figures.extract_figures(c)
        figures.compare_figures(c)
        figures.load_facts(c)
        figures.fact_mentions(c)
        coverage = figures.coverage_matrix(c)
        figure(lambda ax: reuse_plots.plot_matrix(ax, coverage, plotting.article_colors(a),
                                                  value_format="{:.0f}", cmap="Greens"))
    yield "figures", figures_all

    def sentiment_all() -> None:
        scores = sentiment.sentence_sentiment(c)
        by_outlet = sentiment.bootstrap_tools(scores, "outlet")
        fig, axes = plotting.new_figure(ncols=2, sharey=True)
        sentiment_plots.plot_tool_panels(axes, by_outlet, y="outlet", colors=colors, xlabel="x")
        plotting.outlet_legend(axes[1], a.outlet)
        _draw(fig)
        sentiment.bootstrap_tools(scores, ["outlet", "article_id"])
        sentiment.bootstrap_tools(sentiment.voice_sentiment(c), ["outlet", "voice"])
        toward = sentiment.sentiment_toward(c)
        if len(toward):
            sentiment.bootstrap_tools(toward, ["group", "outlet"])
            sentiment.multi_group_sentences(toward)
        sentiment.tool_agreement(scores)
        figure(lambda ax: sentiment_plots.plot_tool_scatter(ax, scores, colors))
        sentiment.zero_scores(c)
        sentiment.biggest_disagreements(scores, n=6)
        sentiment.missed_negations(c, sentiment.failure_examples(c))
        labelled = sentiment.with_labels(c)
        if c.has("annotations/tone"):
            sentiment.label_agreement(labelled)
        tone_event = sentiment.bootstrap_by(scores, "event", "vader_compound")
        tone_article = sentiment.bootstrap_by(scores, ["event", "article_id"], "vader_compound")
        fig, _ = event_plots.plot_by_event(tone_article, tone_event, c)
        _draw(fig)
    yield "sentiment", sentiment_all

    def framing_all() -> None:
        hits = framing.frame_hits(c)
        prevalence = framing.frame_prevalence(c, hits)
        figure(lambda ax: framing_plots.plot_prevalence(ax, prevalence))
        framing.top_frames(prevalence)
        framing.frame_evidence(c, hits)
        names = framing.naming_counts(c)
        if c.has("naming") and len(names):
            concepts = names["concept"].nunique()
            fig, axes = plotting.new_figure(nrows=concepts, squeeze=False)
            framing_plots.plot_naming(list(axes.flat), names, colors)
            _draw(fig)
        framing.frame_prevalence(c, hits, by="event")
        framing.frame_prevalence(c, hits, by="article_id")
        key = framing.keyness(c, "outlet")
        fig, axes = plotting.new_figure(nrows=max(1, (key["group"].nunique() + 1) // 2),
                                        ncols=2, squeeze=False)
        framing_plots.plot_keyness(list(axes.flat), key, colors, n=8)
        _draw(fig)
        framing.keyness_sensitivity(c, "outlet")
        framing.keyness(c, "event")
        framing.term_counts(c, "article_id")
        framing.term_kinds(c, framing.top_terms(key, 8).term)
        framing.kwic(c, "the", width=40)
    yield "framing", framing_all

    def events_all() -> None:
        ev.load_events(c)
        ev.load_announcements(c)
        ev.announcement_evidence(c)
        ev.missing_evidence(c)
        ev.comparison_table(c)
        ev.timeline(c)
        fig, _, _ = event_plots.plot_timeline(c)
        _draw(fig)
        ev.callbacks(c)
        ev.summary_table(c, overview.outlet_event_table(c))
    yield "events", events_all
    yield "explorer", lambda: explore(Explorer.of(c), term="the")


def run_every_stage(corpus_dir: Path) -> Corpus:
    """Open a corpus and run every stage; fail naming the stage that raised or warned (a
    warning would print into the report)."""
    corpus = open_corpus(corpus_dir)
    for name, call in _stages(corpus):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                call()
            except Exception as err:  # noqa: BLE001 - the test reports which stage broke
                raise AssertionError(f"stage {name!r} failed: {type(err).__name__}: "
                                     f"{err}") from err
    return corpus


# -- corpora that validate and must build -------------------------------------------------------

BOILERPLATE_HEADER = "rule_id,applies_to,pattern,reason"


def _append(path: Path, line: str, header: str = "") -> None:
    """Add a line to a text or table (a table the corpus lacks starts with ``header``)."""
    new = not path.exists()
    with path.open("a", encoding="utf-8") as f:
        f.write((header + "\n" if new and header else "") + line + "\n")


def no_announcements(folder: Path) -> None:
    (folder / "announcements.csv").unlink()


def shared_sentence(folder: Path) -> None:
    for name in ("ledger-closure.txt", "radio-closure.txt"):
        _append(folder / name, "\nThe branch opened in 1952 and has served Elmwood since.")


def event_without_articles(folder: Path) -> None:
    _append(folder / "events.csv", "lonely,May 2023: nobody covered it,2023-05-01,nobody,test")


def calendar_ends(folder: Path) -> None:
    """Published on the first and the last day the calendar holds; the texts name weekdays
    ("on Monday"), which resolve to days before 1 January of year 1 or after 9999."""
    rows = read_articles(folder)
    rows[0]["published"], rows[1]["published"] = "0001-01-01", "9999-12-31"
    write_articles(folder, rows)
    _append(folder / "radio-closure.txt", "\nThe council will meet again next Monday.")


def named_groups(folder: Path) -> None:
    """Named groups in every pattern table; each name used once per table."""
    _append(folder / "frames.csv", "grouped,story,(?P<who>council) vote,test: a named group")
    _append(folder / "facts.csv", "grouped,(?P<what>petition),test: a named group")
    _append(folder / "targets.csv", "grouped,(?P<who>council)|(?P<whom>residents),test")
    _append(folder / "naming.csv", "the library,named,(?P<lib>librar(?:y|ies)),test")
    _append(folder / "callbacks.csv", "grouped,reference,(?P<when>earlier) decision,test")
    _append(folder / "announcements.csv", "grouped,closure,(?P<how>voted) (?P=how)?,x,test")


def dollar_signs(folder: Path) -> None:
    """``$`` in outlets and an event label: matplotlib would read ``$...$`` as maths."""
    rows = read_articles(folder)
    rows[1]["outlet"] = "Cost $5 and $10 Radio"
    rows[2]["outlet"] = r"$\frac{a}{$ Ledger"
    rows[3]["outlet"] = "Bulletin_$x^2$"
    write_articles(folder, rows)
    events = (folder / "events.csv").read_text(encoding="utf-8")
    (folder / "events.csv").write_text(events.replace("March 2023:", "March $2023$:"),
                                       encoding="utf-8")


ACCEPTED = {"no announcements.csv": no_announcements, "shared sentence": shared_sentence,
            "event without articles": event_without_articles, "calendar ends": calendar_ends,
            "named groups": named_groups, "dollar signs": dollar_signs}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_what_validates_builds(tmp_path: Path, case: str) -> None:
    folder = editable_copy(SMALL, tmp_path)
    ACCEPTED[case](folder)
    assert validate_corpus(folder) == []
    run_every_stage(folder)


def test_dates_the_calendar_cannot_hold_are_left_out(tmp_path: Path) -> None:
    folder = editable_copy(SMALL, tmp_path)
    calendar_ends(folder)
    dates = ev.timeline(open_corpus(folder))
    early = dates[dates.article_id == "ledger-closure"]
    assert not early.empty and early.date.min().year == 1  # "Monday" of 0001-01-01 is no date
    assert "next Monday" not in set(dates[dates.article_id == "radio-closure"].expression)


def test_a_dollar_in_an_outlet_is_drawn_as_written(tmp_path: Path) -> None:
    folder = editable_copy(SMALL, tmp_path)
    dollar_signs(folder)
    corpus = open_corpus(folder)
    fig, ax = plotting.new_figure()
    overview_plots.plot_article_length(ax, corpus)
    plotting.outlet_legend(ax, corpus.articles.outlet)
    plotting.finish(fig, ax, title="Cost $5 and $10", source="$")
    svg = _svg(fig)
    for written in ("Cost $5 and $10 Radio", r"$\frac{a}{$ Ledger", "Bulletin_$x^2$"):
        assert written.replace("<", "&lt;") in svg
    assert "and*" not in svg


def test_a_named_group_does_not_move_the_match(tmp_path: Path) -> None:
    folder = editable_copy(SMALL, tmp_path)
    named_groups(folder)
    corpus = open_corpus(folder)
    hits = framing.frame_hits(corpus)
    grouped = hits[hits.frame == "grouped"]
    text = corpus.articles.set_index("article_id")["text"]
    assert len(grouped) and all(text[r.article_id][r.start:r.end].lower() == "council vote"
                                for r in grouped.itertuples())


# -- patterns that run too long -----------------------------------------------------------------

#: Passes the static checks ((a|aa) are different alternatives) but backtracks without end
#: on a long run of a's that no "b" follows.
SLOW_PATTERN = "(?:a|aa)+b"
LONG_RUN = "The sign read " + "a" * 60 + " all day."


@pytest.fixture
def short_limit(monkeypatch) -> None:
    monkeypatch.setattr(patterns, "LIMIT_SECONDS", 0.2)
    monkeypatch.setattr(patterns, "LIMIT_CHARS", 10**9)


@pytest.mark.parametrize(("table", "row", "stage"), [
    ("frames", f"slow,story,{SLOW_PATTERN},test", framing.frame_hits),
    ("facts", f"slow,{SLOW_PATTERN},test", figures.fact_mentions),
    ("announcements", f"slow,closure,{SLOW_PATTERN},x,test", ev.announcement_evidence),
    ("callbacks", f"slow,reference,{SLOW_PATTERN},test", ev.callbacks),
], ids=["frames", "facts", "announcements", "callbacks"])
def test_a_pattern_past_its_time_limit_names_table_line_and_article(
        tmp_path: Path, short_limit: None, table: str, row: str, stage: Callable) -> None:
    folder = editable_copy(SMALL, tmp_path)
    _append(folder / "ledger-closure.txt", "\n" + LONG_RUN)
    _append(folder / "ledger-reversal.txt", "\n" + LONG_RUN)
    _append(folder / f"{table}.csv", row)
    line = len((folder / f"{table}.csv").read_text(encoding="utf-8").splitlines())
    assert validate_corpus(folder) == []
    start = time.monotonic()
    with pytest.raises(CorpusError) as info:
        stage(open_corpus(folder))
    assert time.monotonic() - start < 30
    message = str(info.value)
    assert f"{table}.csv, line {line}" in message
    assert re.search(r"article '(ledger-closure|ledger-reversal)'", message), message
    assert "ran for more than" in message and "Fix:" in message


def test_a_furniture_rule_past_its_time_limit_is_a_validation_problem(
        tmp_path: Path, short_limit: None) -> None:
    folder = editable_copy(SMALL, tmp_path)
    _append(folder / "radio-closure.txt", "\n" + LONG_RUN)
    _append(folder / "boilerplate.csv", f"slow,*,{SLOW_PATTERN},test", BOILERPLATE_HEADER)
    line = len((folder / "boilerplate.csv").read_text(encoding="utf-8").splitlines())
    problems = validate_corpus(folder)
    assert len(problems) == 1, problems
    assert f"boilerplate.csv, line {line} (rule 'slow')" in str(problems[0])
    assert "on article 'radio-closure'" in str(problems[0])
    with pytest.raises(CorpusError):
        open_corpus(folder)


def test_only_shipped_patterns_run_without_a_time_limit(tmp_path: Path) -> None:
    """Generic rows (shipped, checked here) run on ``re``; a corpus's own rows on ``regex``."""
    folder = editable_copy(SMALL, tmp_path)
    corpus = open_corpus(folder)
    frames = corpus.tables["frames"]
    for label, regex in zip(frames.frame["table_file"], frames.regexes, strict=True):
        assert isinstance(regex, re.Pattern) == label.startswith("generic/"), label
    assert {label.startswith("generic/") for label in frames.frame["table_file"]} == {
        True, False}
    assert not isinstance(patterns.compile_pattern("talks"), re.Pattern)


def test_the_explorer_says_a_term_ran_too_long(tmp_path: Path, short_limit: None) -> None:
    folder = editable_copy(SMALL, tmp_path)
    _append(folder / "radio-closure.txt", "\n" + LONG_RUN)
    result = explore(Explorer.of(open_corpus(folder)), term=SLOW_PATTERN)
    assert "ran for more than" in result.message
    assert result["kwic"].empty


# -- huge inputs stay linear --------------------------------------------------------------------

def long_article(n_lines: int, seed: int = 0) -> str:
    """``n_lines`` short lines of invented words: counts, quotations with and without a named
    speaker, dates, an unnamed ministry speaking, bare phrases (no blank line anywhere)."""
    rnd = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "tas", "vo", "dun", "pel", "sor", "bri", "gan", "te"]

    def word() -> str:
        return "".join(rnd.choice(syllables) for _ in range(rnd.randint(1, 3)))

    def words(n: int) -> str:
        return " ".join(word() for _ in range(n))

    shapes = [lambda: f"{rnd.randint(2, 10**6):,} {word()}s {words(2)}",
              lambda: f"“{words(4)},” said {word().title()} {word().title()}.",
              lambda: f"On {rnd.randint(1, 28)} March {words(3)}.",
              lambda: f'"{words(3)}" he said',
              lambda: f"The {word()} ministry said {words(3)}.",
              lambda: words(rnd.randint(2, 6))]
    return "\n".join(shapes[i % len(shapes)]() for i in range(n_lines)) + "\n"


def test_200000_short_lines_in_one_article(tmp_path: Path) -> None:
    """Loading, figures and their comparison, quotations and speakers, voices, dates: each
    used to take time growing with the square of the lines (hours here); now seconds."""
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "long.txt").write_text(long_article(200_000), encoding="utf-8")
    (folder / "short.txt").write_text("The council voted 6-3 on Monday.\n", encoding="utf-8")
    (folder / "articles.csv").write_text(
        "article_id,seed_file,outlet,published,event\nlong,long.txt,Long Post,2023-03-06,e\n"
        "short,short.txt,Short News,2023-03-07,e\n", encoding="utf-8")
    start = time.monotonic()
    corpus = open_corpus(folder)
    compared = figures.compare_figures(corpus)
    found = quotes.extract_quotes(corpus)
    voices = sentiment.voice_segments(corpus)
    dates = ev.timeline(corpus)
    elapsed = time.monotonic() - start
    assert len(corpus.sentences) > 100_000
    assert len(compared) > 30_000 and len(found) > 60_000
    assert len(voices) > 100_000 and len(dates) > 30_000
    assert elapsed < 240, f"{elapsed:.0f} s"


# -- generated corpora (hypothesis) -------------------------------------------------------------

WORDS = ["council", "library", "branch", "residents", "petition", "budget", "vote", "mayor",
         "closure", "said", "the", "a", "of", "and", "not", "happy", "war", "peace", "talks",
         "Riverton", "Elmwood", "Dana", "Whitfield", "minister", "ministry", "Monday", "March"]
ODD = ["“", "”", "‘", "’", '"', "'", "«", "»", "—", "–", "-", "$", "%", "&", "<b>", "</b>",
       "é", "ß", "Ж", "ق", "中", "\u00a0", "\u200b", "…", "(", ")", "[", "]", "*", "_", "\\"]
PUNCT = [".", ".", "!", "?", ":", ";", ","]


@st.composite
def sentences_(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD),
                                     st.integers(0, 10**7).map(lambda n: f"{n:,}"),
                                     st.sampled_from(["14 March 2016", "last Monday",
                                                      "Dec. 29", "in 2011", "three weeks ago",
                                                      "“We will,” she said", "he said"])),
                           min_size=1, max_size=14))
    return " ".join(tokens) + draw(st.sampled_from(PUNCT))


@st.composite
def texts(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.lists(sentences_(), min_size=1, max_size=4).map(" ".join),
                               min_size=1, max_size=5))
    return draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"])).join(paragraphs) + "\n"


DATES = st.one_of(st.dates(min_value=pd.Timestamp("2000-01-01").date(),
                           max_value=pd.Timestamp("2030-12-31").date()),
                  st.sampled_from([pd.Timestamp("2016-02-29").date()]))
NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl",
                                                             "Zp")), min_size=1, max_size=12)
PATTERNS = st.one_of(st.sampled_from(WORDS), st.sampled_from([
    r"council\w*", "vote|voted", "(?:peace )?talks", r"\d+", "mayor(?:'s)?", "(?P<g>war)",
    "not happy", "Elmwood", r"budget\w*|sav\w+", "minist(?:er|ry)"]))


@st.composite
def corpora(draw: st.DrawFn) -> dict:
    """A small corpus: articles with text, dates, outlets and events, and optional tables."""
    n = draw(st.integers(1, 4))
    events = draw(st.lists(st.sampled_from(["e1", "e2", "e3"]), min_size=n, max_size=n))
    articles = [{"article_id": f"a{i}", "seed_file": f"a{i}.txt", "outlet": draw(NAMES),
                 "published": draw(DATES).isoformat(), "event": events[i],
                 "headline": draw(st.sampled_from(["", "Council votes"]))} for i in range(n)]
    tables: dict[str, list[list[str]]] = {}
    if draw(st.booleans()):
        listed = sorted(set(events) | set(draw(st.lists(st.sampled_from(["e1", "e2", "e4"])))))
        tables["events"] = [["event", "label", "date", "announced_by", "why"]] + [
            [e, draw(NAMES), draw(DATES).isoformat(), "someone", "generated"] for e in listed]
        if draw(st.booleans()):
            tables["announcements"] = [["aspect", "event", "pattern", "finds", "why"]] + [
                [draw(st.sampled_from(["who", "what"])), e, draw(PATTERNS), "x", "generated"]
                for e in listed]
    for name, columns in {"frames": ["frame", "kind", "term", "why"],
                          "facts": ["fact", "pattern", "why"],
                          "targets": ["group", "pattern", "why"],
                          "naming": ["concept", "variant", "pattern", "why"],
                          "callbacks": ["callback_id", "kind", "pattern", "why"]}.items():
        if draw(st.booleans()):
            rows = []
            for j in range(draw(st.integers(1, 3))):
                label = f"{name}{j}"
                pattern = draw(PATTERNS)
                cells = {"frame": label, "kind": "story" if name == "frames" else "reference",
                         "term": pattern, "pattern": pattern, "fact": label, "group": label,
                         "concept": "c", "variant": label, "callback_id": label,
                         "why": "generated"}
                rows.append([cells[c] for c in columns])
            if name == "frames" or len({r[-2] for r in rows}) == len(rows):
                tables[name] = [columns] + rows
    if draw(st.booleans()):
        tables["actors"] = [["actor", "aliases", "titles", "pronoun", "role", "affiliation",
                             "actor_type", "group", "why"],
                            ["Dana Whitfield", "Whitfield;Mayor Whitfield", "mayor", "she",
                             "Mayor", "council", "official", "official", "generated"]]
    return {"articles": articles, "texts": [draw(texts()) for _ in range(n)],
            "tables": tables}


def write_corpus(spec: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for row, text in zip(spec["articles"], spec["texts"], strict=True):
        (folder / row["seed_file"]).write_bytes(text.encode("utf-8"))
    write_articles(folder, spec["articles"])
    for name, rows in spec["tables"].items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    return folder


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(corpora())
def test_generated_corpora_that_validate_run_every_stage(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(spec, Path(tmp) / "generated")
        problems = validate_corpus(folder)
        if problems:  # refused: then opening refuses too, with a fix for each problem
            assert all(p.where and p.what and p.fix for p in problems)
            with pytest.raises(CorpusError):
                open_corpus(folder)
            return
        run_every_stage(folder)


# -- the whole report ---------------------------------------------------------------------------

def generated_report_corpus(folder: Path) -> Path:
    """One generated corpus with every optional table, for the whole-report build."""
    rnd = random.Random(11)
    texts_ = [long_article(40, seed=s) + "“We will stay,” Mayor Whitfield said on Monday.\n"
              for s in range(3)]
    articles = [{"article_id": f"g{i}", "seed_file": f"g{i}.txt",
                 "outlet": ["Cost $5 Radio", "The «Ledger»", "Вестник"][i],
                 "published": f"2023-0{3 + i}-1{rnd.randint(0, 9)}",
                 "event": "e1" if i < 2 else "e2", "headline": ""} for i in range(3)]
    tables = {"events": [["event", "label", "date", "announced_by", "why"],
                         ["e1", "First $vote$", "2023-03-06", "council", "generated"],
                         ["e2", "Second", "2023-05-01", "council", "generated"]],
              "frames": [["frame", "kind", "term", "why"],
                         ["money", "story", r"\d+|budget\w*", "generated"]],
              "actors": [["actor", "aliases", "titles", "pronoun", "role", "affiliation",
                          "actor_type", "group", "why"],
                         ["Dana Whitfield", "Whitfield;Mayor Whitfield", "mayor", "she",
                          "Mayor", "council", "official", "official", "generated"]]}
    return write_corpus({"articles": articles, "texts": texts_, "tables": tables}, folder)


@pytest.mark.slow
def test_the_whole_report_builds_on_a_generated_corpus(tmp_path: Path, monkeypatch) -> None:
    from helpers.build import main

    monkeypatch.delenv("CORPUS", raising=False)
    monkeypatch.delenv("REPORTS", raising=False)
    corpus = generated_report_corpus(tmp_path / "generated corpus")
    assert validate_corpus(corpus) == []
    out = tmp_path / "out"
    assert main(["report", "--corpus", str(corpus), "--reports", str(out)]) == 0
    assert (out / "index.html").is_file()
    assert len(list(out.glob("*.reader.html"))) == len(list((ROOT / "notebooks").glob(
        "[0-9][0-9]-*.ipynb")))
