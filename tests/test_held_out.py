"""Scores on the held-out corpus (tests/corpora/fresh): scored here, never studied.

Eight invented articles by a second annotator, with only articles.csv and events.csv. No rule was
written while reading them, so these are the honest out-of-sample numbers; the thresholds are the
targets of the "any story" issue.
"""

from __future__ import annotations

import pytest

from helpers import open_corpus
from helpers.gold import FRESH_DIR, gold_scores

pytestmark = pytest.mark.skipif(not (FRESH_DIR / "gold").is_dir(),
                                reason="the held-out corpus is not in this checkout")


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str], tuple[float, int]]:
    return gold_scores(FRESH_DIR)


def test_quotations_with_the_right_speaker(scores) -> None:
    assert scores[("quotes", "recall_right_speaker")][0] >= 0.9
    assert scores[("quotes", "precision_right_speaker")][0] >= 0.9


def test_furniture_removed_and_no_body_lost(scores) -> None:
    assert scores[("furniture", "furniture removed")][0] >= 0.9
    assert scores[("furniture", "body kept")][0] == 1.0


def test_dates_found(scores) -> None:
    assert scores[("dates", "body dates found")][0] >= 0.9


@pytest.mark.xfail(strict=True, reason="open: one caption date of the held-out corpus still "
                   "reaches the timeline (a caption the furniture rules keep)")
def test_no_date_from_furniture(scores) -> None:
    assert scores[("dates", "furniture dates kept out")][0] == 1.0


def test_the_held_out_corpus_needs_no_story_table() -> None:
    corpus = open_corpus(FRESH_DIR)
    assert not corpus.has("actors") and not corpus.has("announcements")
