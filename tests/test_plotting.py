"""The shared figure style: readable label colours, equal panel titles, marks where they belong,
and a text description of every figure."""

from __future__ import annotations

import colorsys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb

from helpers import open_corpus, plotting, quotes
from helpers.plots import events as event_plots
from helpers.plots import framing as framing_plots
from helpers.plots import sentiment as sentiment_plots
from helpers.plots.figures import plot_fact_coverage
from helpers.plots.quotes import plot_speech_share
from helpers.plots.reuse import plot_matrix

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def corpus():
    return open_corpus()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("color", plotting.PALETTE)
def test_text_colours_are_readable_and_keep_their_hue(color: str) -> None:
    text = plotting.text_color(color)
    assert plotting.contrast_ratio(text) >= plotting.TEXT_CONTRAST >= 3.0
    hue, _, saturation = colorsys.rgb_to_hls(*to_rgb(color))
    if saturation > 0:
        assert colorsys.rgb_to_hls(*to_rgb(text))[0] == pytest.approx(hue, abs=0.02)
    if plotting.contrast_ratio(color) >= plotting.TEXT_CONTRAST:
        assert text == color  # a colour that reads already is left alone


def test_orange_and_pink_are_darkened() -> None:
    for color in ("#E69F00", "#CC79A7"):
        assert plotting.text_color(color) != color


def readable(labels) -> list[str]:
    """The labels whose colour has too little contrast against white."""
    return [label.get_text() for label in labels if label.get_text()
            and plotting.contrast_ratio(matplotlib.colors.to_hex(label.get_color()))
            < plotting.TEXT_CONTRAST]


def test_coloured_tick_labels_are_readable(corpus) -> None:
    _, ax, _ = event_plots.plot_timeline(corpus)
    assert not readable(ax.get_yticklabels())
    _, ax = plot_fact_coverage(corpus)
    assert not readable(ax.get_xticklabels())
    colors = plotting.article_colors(corpus.articles)
    fig, ax = plotting.new_figure()
    ids = list(colors)
    plot_matrix(ax, pd.DataFrame(1.0, index=ids, columns=ids), label_colors=colors)
    assert not readable([*ax.get_xticklabels(), *ax.get_yticklabels()])


def test_publication_ticks_are_drawn_over_the_event_lines(corpus) -> None:
    _, ax, _ = event_plots.plot_timeline(corpus)
    ticks = [line for line in ax.lines if line.get_marker() == "|"]
    events = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert ticks and events
    assert min(t.get_zorder() for t in ticks) > max(e.get_zorder() for e in events)


def test_legend_lists_the_outlets_in_the_order_of_the_bars(corpus) -> None:
    fig, ax = plotting.new_figure()
    colors = plotting.outlet_colors(corpus.articles.outlet)
    plot_speech_share(ax, quotes.speech_summary(corpus, level="speaker_group"), colors)
    legend = [t.get_text().split(" (")[0] for t in ax.get_legend().get_texts()]
    tops = {c.get_label().split(" (")[0]: [bar.get_y() for bar in c] for c in ax.containers}
    for group in range(len(tops[legend[0]])):
        heights = [tops[outlet][group] for outlet in legend]
        assert heights == sorted(heights, reverse=True)  # the first outlet's bar on top


def test_every_panel_title_has_the_same_size(corpus) -> None:
    table = pd.DataFrame({"tool": ["TextBlob", "VADER"], "outlet": ["A", "A"],
                          "mean": [0.1, 0.2], "low": [0.0, 0.1], "high": [0.2, 0.3], "n": [3, 3]})
    fig, axes = plotting.new_figure(ncols=2, sharey=True)
    sentiment_plots.plot_tool_panels(axes, table, y="outlet", xlabel="score")
    framing_plots.finish_panels(fig, axes, title="Tone", source="Source: test")
    sizes = {ax._left_title.get_fontsize() for ax in axes}  # noqa: SLF001 - no public getter
    assert sizes == {plotting.PANEL_TITLE_SIZE}


def test_dots_sit_on_their_rows() -> None:
    """A row where only some groups have a value gets its dots centred on its tick."""
    colors = {"A": "#000000", "B": "#111111", "C": "#222222", "D": "#333333"}
    table = pd.DataFrame({"group": ["Russia"] * 4 + ["UN"] * 2,
                          "outlet": ["A", "B", "C", "D", "A", "C"],
                          "mean": 0.1, "low": 0.0, "high": 0.2, "n": 1})
    fig, ax = plotting.new_figure()
    sentiment_plots.plot_intervals(ax, table, y="group", hue="outlet", colors=colors)
    ys = [y for collection in ax.collections if isinstance(collection, PathCollection)
          for _, y in collection.get_offsets()]  # the dots (the whiskers are LineCollections)
    un = sorted(y for y in ys if y > 0.5)
    russia = sorted(y for y in ys if y < 0.5)
    assert len(un) == 2 and sum(un) / 2 == pytest.approx(1.0)
    assert len(russia) == 4 and sum(russia) / 4 == pytest.approx(0.0)


def test_a_figure_describes_itself(tmp_path: Path, monkeypatch) -> None:
    fig, axes = plotting.new_figure(ncols=2)
    for ax, name in zip(axes, ["TextBlob", "VADER"], strict=True):
        ax.plot([0, 1], [0, 1])
        ax.set_title(name, loc="left")
        ax.set_xlabel("mean score")
    framing_plots.finish_panels(fig, axes, title="Tone by outlet", source="Source: 5 articles")
    text = plotting.describe_figure(fig)
    assert text == ("Tone by outlet. Panels: TextBlob; VADER. Horizontal axis: mean score. "
                    "Source: 5 articles.")
    monkeypatch.setenv("REPORT_DIR", str(tmp_path))
    plotting.save_figure(fig, "02-tone")
    from PIL import Image

    with Image.open(tmp_path / "figures" / "02-tone.png") as image:
        assert image.info["Description"] == text
    assert "Tone by outlet. Panels" in (tmp_path / "figures" / "02-tone.svg").read_text()
