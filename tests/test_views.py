"""Bounded views (helpers.views): a large corpus gets samples, top-N tables and per-outlet
charts whose size does not grow with the number of articles; a small one is shown whole."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import figures, open_corpus, plotting, sentiment, views
from helpers.corpus import LARGE_CORPUS, Corpus
from helpers.plots import events as event_plots
from helpers.plots import overview as overview_plots
from helpers.synthetic import synthetic_corpus


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """A synthetic corpus one article over the threshold, with three outlets more than
    :data:`helpers.views.GROUPS` allows, so pooling is exercised."""
    folder = tmp_path_factory.mktemp("large")
    synthetic_corpus(LARGE_CORPUS + 1, folder, seed=2)
    meta = pd.read_csv(folder / "articles.csv", dtype=str, keep_default_na=False)
    meta["outlet"] = [f"Outlet {i % (views.GROUPS + 3):02d}" for i in range(len(meta))]
    meta.to_csv(folder / "articles.csv", index=False)
    corpus = open_corpus(folder)
    assert corpus.is_large
    return corpus


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown the views display, as text."""
    out: list[str] = []
    monkeypatch.setattr(views, "display", lambda m: out.append(m.data))
    return out


def test_a_small_corpus_is_shown_whole_and_nothing_is_said(shown: list[str]) -> None:
    corpus = open_corpus()
    table = corpus.sentences
    assert views.rows(table, corpus, how="sample") is table
    assert views.columns(table, corpus) is table
    views.note(corpus, "anything")
    assert shown == []


def test_a_large_corpus_shows_the_top_rows_and_says_where_the_rest_is(
        large: Corpus, shown: list[str]) -> None:
    table = large.sentences.assign(n=large.sentences.text.str.len())
    top = views.rows(table, large, what="sentences", how="top", by="n", name="05-sentences")
    assert len(top) == views.ROWS
    assert top.n.tolist() == sorted(table.n, reverse=True)[:views.ROWS]
    assert shown == [f"This corpus has **{len(large.articles):,} articles**, more than "
                     f"{LARGE_CORPUS}, so this table shows the {views.ROWS} with the highest n of "
                     f"its **{len(table):,} sentences**. Every row is in "
                     "`tables/05-sentences.csv` (and `.parquet`) of the report."]


def test_a_sample_is_the_same_each_run_and_keeps_the_tables_order(large: Corpus,
                                                                   shown: list[str]) -> None:
    first = views.rows(large.articles, large, how="sample")
    again = views.rows(large.articles, large, how="sample")
    assert first.index.tolist() == again.index.tolist()
    assert list(first.index) == [a for a in large.articles.index if a in set(first.index)]
    assert first.index.tolist() != large.articles.index[:views.ROWS].tolist()
    assert "a random sample of 20 (the same each run)" in shown[0]


def test_wide_tables_keep_their_first_columns(large: Corpus, shown: list[str]) -> None:
    wide = pd.DataFrame([range(len(large.articles))], columns=large.articles.index)
    assert list(views.columns(wide, large).columns) == list(large.articles.index[:views.ROWS])
    assert f"of its **{len(large.articles):,} columns** (articles)" in shown[0]


def test_bad_arguments_say_what_is_wrong(large: Corpus) -> None:
    with pytest.raises(ValueError, match="how must be one of"):
        views.rows(large.articles, large, how="best")
    with pytest.raises(ValueError, match="needs by=<a column"):
        views.rows(large.articles, large, how="top", by="nonexistent")
    with pytest.raises(ValueError, match="table name"):
        views.rows(large.articles, large, name="../escape")


def test_outlets_past_the_limit_are_pooled(large: Corpus) -> None:
    outlet = views.grouped(large.articles.outlet)
    assert outlet.nunique() == views.GROUPS
    assert views.OTHER in set(outlet)
    assert plotting.group_colors(outlet)[views.OTHER] == plotting.NEUTRAL


def _rows_drawn(ax: plt.Axes) -> int:
    return len([t for t in ax.get_yticklabels() if t.get_text()])


def test_per_article_charts_become_per_outlet_charts(large: Corpus) -> None:
    """Each chart that draws one row per article on a small corpus draws at most one row per
    (pooled) outlet or event on a large one: its height does not grow with the corpus."""
    for draw in (overview_plots.plot_body_and_furniture, overview_plots.plot_article_length):
        fig, ax = plotting.new_figure(height=3.2)
        draw(ax, large)
        assert _rows_drawn(ax) == views.GROUPS, draw.__name__
        plt.close(fig)
    fig, ax, _ = event_plots.plot_timeline(large)
    assert _rows_drawn(ax) == views.GROUPS
    assert fig.get_figheight() == pytest.approx(1.2 + 0.55 * views.GROUPS)
    plt.close(fig)
    scores = sentiment.sentence_sentiment(large)
    per_event = sentiment.bootstrap_by(scores, "event", "vader_compound")
    per_article = sentiment.bootstrap_by(scores, ["event", "article_id"], "vader_compound")
    fig, ax = event_plots.plot_by_event(per_article, per_event, large)
    n_events = large.articles.event.nunique()
    assert _rows_drawn(ax) == 2 * n_events  # the event's mean, then its articles' dots
    assert any(t.get_text().endswith("articles, one dot each") for t in ax.get_yticklabels())
    plt.close(fig)


def test_fact_coverage_by_outlet_is_the_share_of_its_articles(tmp_path: Path) -> None:
    corpus = open_corpus()
    by_outlet = figures.coverage_by_outlet(corpus)
    covered = figures.coverage_matrix(corpus) > 0
    # Al Jazeera has two articles: its share is the mean of their yes/no.
    aj = [a for a in corpus.articles.index if corpus.articles.loc[a, "outlet"] == "Al Jazeera"]
    assert len(aj) == 2
    expected = covered[aj].mean(axis=1).round(3)
    pd.testing.assert_series_equal(by_outlet["Al Jazeera"], expected, check_names=False)
    assert by_outlet.values.min() >= 0 and by_outlet.values.max() <= 1


def test_a_table_too_long_for_a_spreadsheet_is_parquet_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPORT_DIR", str(tmp_path))
    monkeypatch.setattr(plotting, "SPREADSHEET_ROWS", 3)
    plotting.save_table(pd.DataFrame({"n": range(3)}), "fits")
    plotting.save_table(pd.DataFrame({"n": range(4)}), "too-long")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "fits.csv", "fits.parquet", "too-long.parquet"]


def test_reuse_summary_of_a_large_corpus_lists_the_closest_pairs_not_all(large: Corpus) -> None:
    """Every pair that shares a sentence grows with the square of the corpus where a sentence
    recurs; a large corpus lists each article's closest others and every pair of versions."""
    from helpers import reuse

    summary = reuse.reuse_summary(large)
    closest = reuse.similarity_pairs(large)
    pd.testing.assert_frame_equal(
        summary[["article_a", "article_b", "similarity"]].sort_values(
            ["article_a", "article_b"], ignore_index=True),
        closest.sort_values(["article_a", "article_b"], ignore_index=True))
    assert len(summary) <= reuse.NEAREST * len(large.articles) + int(summary.version.sum())
    assert summary.version.tolist() == (summary.similarity >= reuse.VERSION_THRESHOLD).tolist()


def test_the_bootstrap_in_blocks_is_the_bootstrap_in_one_go(monkeypatch) -> None:
    """Blocks keep memory bounded on a large corpus and change no interval."""
    scores = sentiment.sentence_sentiment(open_corpus()).polarity
    whole = sentiment.bootstrap_interval(scores)
    monkeypatch.setattr(sentiment, "BOOT_CELLS", 7 * len(scores) + 3)  # 7 resamples a block
    assert sentiment.bootstrap_interval(scores) == whole


def test_a_table_of_the_articles_is_not_counted_twice(large: Corpus, shown: list[str]) -> None:
    views.rows(large.articles, large, what="articles")
    assert shown == [f"This corpus has **{len(large.articles):,} articles**, more than "
                     f"{LARGE_CORPUS}, so this table shows the first {views.ROWS} of them."]


def test_a_figure_repeated_in_many_articles_names_ten_of_them() -> None:
    """Naming every other article would grow with the square of the corpus."""
    articles = [f"a{i:03d}" for i in range(50)]
    found = figures._others([("killed", "people")] * 50, pd.Series(articles),
                            pd.Series([1.0] * 25 + [2.0] * 25))
    assert found[0] == (25, articles[25:25 + figures.OTHERS_SHOWN])
    assert found[-1] == (25, articles[:figures.OTHERS_SHOWN])
