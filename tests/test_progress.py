"""Progress bars (helpers.progress): shown on long loops in a notebook or terminal, never in a
report build, inside make tables, or on the built-in corpus; the results never change."""

from __future__ import annotations

import pandas as pd
import pytest
from tqdm.auto import tqdm

from helpers import load_articles, load_sentences, progress
from helpers.sentiment import score_texts


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a terminal, outside a report build."""
    monkeypatch.delenv("REPORT_DIR", raising=False)
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: True, raising=False)


def test_a_long_loop_in_a_terminal_gets_a_bar(interactive: None) -> None:
    items = range(progress.MIN_ITEMS)
    shown = progress.bar(items, len(items), "sentences")
    assert isinstance(shown, tqdm)
    assert list(shown) == list(items)


def test_no_bar_on_a_short_loop_in_a_report_build_or_when_quiet(
        interactive: None, monkeypatch: pytest.MonkeyPatch) -> None:
    items = list(range(progress.MIN_ITEMS))
    assert progress.bar(items, 10, "short") is items
    with progress.quiet():
        assert progress.bar(items, len(items), "quiet") is items
    assert isinstance(progress.bar(items, len(items), "again"), tqdm)
    monkeypatch.setenv("REPORT_DIR", "somewhere")
    assert progress.bar(items, len(items), "report") is items


def test_a_bar_leaves_the_results_alone(interactive: None, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    articles = load_articles()
    quiet_sentences = load_sentences(articles)
    quiet_scores = score_texts(quiet_sentences)
    calls = []
    real = progress.bar

    def always(items, total, what, least=progress.MIN_ITEMS):
        calls.append(what)
        return real(items, total, what, least=0)

    monkeypatch.setattr(progress, "bar", always)
    pd.testing.assert_frame_equal(load_sentences(articles), quiet_sentences)
    pd.testing.assert_frame_equal(score_texts(quiet_sentences), quiet_scores)
    assert calls == ["splitting sentences", "scoring sentiment"]
