"""Helpers that keep a notebook readable when data is thin or missing, on real corpus sentences."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from conftest import sentence_with

from helpers import framing, open_corpus, plotting
from helpers import sentiment as se
from helpers.corpus import Corpus
from helpers.notebook import bullets
from helpers.plots import framing as framing_plots
from helpers.plots import overview as overview_plots
from helpers.plots import reuse as reuse_plots
from helpers.plots import sentiment as sentiment_plots


def one_sentence(sentences: pd.DataFrame, row: pd.Series) -> Corpus:
    """The built-in corpus cut down to one sentence."""
    corpus = open_corpus()
    return Corpus(None, corpus.articles, sentences[sentences.index == row.name], corpus.tables)


def test_multi_group_sentences_lists_each_sentence_once_with_its_groups(sentences) -> None:
    row = sentence_with(sentences, "indep-2017", "Russia is not yet done with its campaign")
    targets = pd.DataFrame({"line": [2, 3, 4], "group": ["Russia", "Syria", "nobody"],
                            "pattern": ["Russia", "Syria", "Atlantis"], "why": ["t"] * 3})
    toward = se.sentiment_toward(one_sentence(sentences, row), targets)
    multi = se.multi_group_sentences(toward)
    assert multi.columns.tolist() == ["article_id", "sentence_id", "text", "groups"]
    assert multi.values.tolist() == [["indep-2017", row.sentence_id, row.text, "Russia, Syria"]]


def test_multi_group_sentences_is_empty_when_no_sentence_names_two_groups(sentences) -> None:
    row = sentence_with(sentences, "indep-2017", "Russia is not yet done with its campaign")
    targets = pd.DataFrame({"line": [2], "group": ["Russia"], "pattern": ["Russia"],
                            "why": ["t"]})
    toward = se.sentiment_toward(one_sentence(sentences, row), targets)
    assert len(toward) == 1
    assert se.multi_group_sentences(toward).empty


def test_top_frames_picks_each_outlets_densest_frame_and_skips_silent_outlets() -> None:
    prevalence = pd.DataFrame({
        "frame": ["conflict", "diplomacy", "conflict", "diplomacy", "conflict", "diplomacy"],
        "outlet": ["A", "A", "B", "B", "C", "C"],
        "hits": [2, 5, 3, 1, 0, 0],
        "per_1000_words": [4.0, 10.0, 6.0, 2.0, 0.0, 0.0]})
    top = framing.top_frames(prevalence)
    assert top[["outlet", "frame"]].values.tolist() == [["A", "diplomacy"], ["B", "conflict"]]
    assert framing.top_frames(prevalence[prevalence.outlet == "C"]).empty


def test_tool_panels_mark_a_tool_without_rows_as_no_data() -> None:
    table = pd.DataFrame({"tool": ["TextBlob"], "outlet": ["The Independent"], "n": [12],
                          "mean": [0.05], "low": [-0.02], "high": [0.11]})
    fig, axes = plt.subplots(ncols=2)
    sentiment_plots.plot_tool_panels(axes, table, y="outlet", xlabel="mean")
    assert [ax.get_title() for ax in axes] == list(se.TOOLS)
    assert [t.get_text() for t in axes[1].texts] == ["no data"]
    assert "no data" not in [t.get_text() for t in axes[0].texts]
    plt.close(fig)


def test_no_data_clears_the_ticks_and_says_why() -> None:
    fig, ax = plt.subplots()
    plotting.no_data(ax, "no sentence mentions a target")
    assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []
    assert [t.get_text() for t in ax.texts] == ["no sentence mentions a target"]
    plt.close(fig)


def test_bullets_escape_items_and_explain_an_empty_list() -> None:
    assert bullets(["a *b*", "<script>"]).data == "- a \\*b\\*\n- &lt;script&gt;"
    assert bullets([], empty="No quotation was found.").data == "No quotation was found."
    assert bullets([]).data == ""


def test_bar_labels_stay_inside_the_axes(articles) -> None:
    """The longest article's label ends inside the widened x axis, not under the legend."""
    words = articles["n_words"].tolist()
    fig, ax = plt.subplots()
    ax.barh(range(len(words)), words)
    plotting.label_bars(ax, words, [f"{n} words" for n in words])
    assert [t.get_text() for t in ax.texts] == [f" {n} words" for n in words]
    assert ax.get_xlim() == (0, max(words) * 1.2)
    plt.close(fig)


def test_plots_of_empty_tables_say_there_is_no_data() -> None:
    """A corpus without naming table, frames or keyness still draws readable panels."""
    fig, axes = plt.subplots(ncols=4)
    framing_plots.plot_naming(axes[:1], pd.DataFrame(columns=["concept", "variant", "outlet"]),
                              {})
    framing_plots.plot_prevalence(axes[1], pd.DataFrame(columns=["frame", "outlet"]))
    framing_plots.plot_keyness(axes[2:3], pd.DataFrame(columns=framing.KEYNESS_COLUMNS), {})
    reuse_plots.plot_matrix(axes[3], pd.DataFrame())
    assert [ax.texts[0].get_text() for ax in axes] == [
        "no naming table for this corpus", "no frame in the dictionary",
        "no word is frequent enough to compare", "no data"]
    plt.close(fig)


def test_naming_panels_split_narration_and_quoted_uses() -> None:
    corpus = open_corpus()
    counts = framing.naming_counts(corpus)
    fig, axes = plt.subplots(nrows=counts.concept.nunique())
    framing_plots.plot_naming(list(axes), counts, plotting.outlet_colors(corpus.articles.outlet))
    widths = sorted(p.get_width() for p in axes[0].patches if p.get_width() > 0)
    part = counts[counts.concept == counts.concept.iloc[0]]
    assert widths == sorted(v for v in [*part.narration, *part.quoted] if v > 0)
    plt.close(fig)


def test_overview_figures_draw_one_bar_per_article() -> None:
    corpus = open_corpus()
    fig, axes = plt.subplots(ncols=2)
    overview_plots.plot_body_and_furniture(axes[0], corpus)
    overview_plots.plot_article_length(axes[1], corpus)
    assert len(axes[0].patches) == 2 * len(corpus.articles)
    assert len(axes[1].patches) == len(corpus.articles)
    assert [t.get_text() for t in axes[1].texts][0].endswith("sentences")
    plt.close(fig)
