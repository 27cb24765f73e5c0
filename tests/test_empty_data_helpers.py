"""Helpers that keep a notebook readable when data is thin or missing, on real corpus sentences."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from conftest import sentence_with

from helpers import framing, plotting
from helpers import sentiment as se
from helpers.notebook import bullets


def test_multi_group_sentences_lists_each_sentence_once_with_its_groups(sentences) -> None:
    row = sentence_with(sentences, "indep-2017", "Russia is not yet done with its campaign")
    targets = pd.DataFrame({"line": [2, 3, 4], "group": ["Russia", "Syria", "nobody"],
                            "pattern": ["Russia", "Syria", "Atlantis"], "why": ["t"] * 3})
    toward = se.sentiment_toward(se.sentence_sentiment(sentences[sentences.index == row.name]),
                                 targets)
    multi = se.multi_group_sentences(toward)
    assert multi.columns.tolist() == ["article_id", "sentence_id", "text", "groups"]
    assert multi.values.tolist() == [["indep-2017", row.sentence_id, row.text, "Russia, Syria"]]


def test_multi_group_sentences_is_empty_when_no_sentence_names_two_groups(sentences) -> None:
    row = sentence_with(sentences, "indep-2017", "Russia is not yet done with its campaign")
    targets = pd.DataFrame({"line": [2], "group": ["Russia"], "pattern": ["Russia"],
                            "why": ["t"]})
    toward = se.sentiment_toward(se.sentence_sentiment(sentences[sentences.index == row.name]),
                                 targets)
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
    se.plot_tool_panels(axes, table, y="outlet", xlabel="mean")
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
