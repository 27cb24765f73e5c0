"""Quote extraction on the real corpus: each tricky form, and the score against the annotation."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import only_row

from helpers.actors import load_actors
from helpers.quotes import (
    extract_quotes,
    load_cues,
    load_quote_annotations,
    score_quotes,
    speech_summary,
)


@pytest.fixture(scope="module")
def quotes(articles: pd.DataFrame) -> pd.DataFrame:
    return extract_quotes(articles)


def one(quotes: pd.DataFrame, article_id: str, starts: str) -> pd.Series:
    return only_row(quotes, article_id, quotes.quote.str.startswith(starts), starts)


def quotes_in(text: str) -> pd.DataFrame:
    return extract_quotes(pd.DataFrame({"article_id": ["t"], "text": [text]}))


def test_offsets_point_into_text(quotes: pd.DataFrame, articles: pd.DataFrame) -> None:
    for row in quotes.itertuples():
        assert articles.loc[row.article_id, "text"][row.start:row.end] == row.quote


def test_scores_against_hand_annotation(quotes: pd.DataFrame) -> None:
    scores, errors = score_quotes(quotes, load_quote_annotations())
    values = scores.set_index("measure")["value"]
    assert values["precision"] >= 0.95, errors
    assert values["recall"] >= 0.95, errors
    assert values["speaker_accuracy"] >= 0.95, errors


def test_scorer_counts_errors(quotes: pd.DataFrame) -> None:
    gold = load_quote_annotations()
    wrong = quotes.copy()
    wrong.loc[wrong.quote.str.startswith("nowhere near"), "speaker"] = "Vladimir Putin"
    wrong = wrong[~wrong.quote.str.startswith("intensify")]
    scores, errors = score_quotes(wrong, gold)
    assert set(errors["error"]) == {"wrong speaker", "missed"}
    assert scores.set_index("measure").loc["recall", "correct"] == len(
        gold[(gold.speaker != "") & ~gold.kind.isin(["scare", "nested"])]) - 1


def test_straight_quote_then_told(quotes: pd.DataFrame) -> None:
    row = one(quotes, "indep-2017", "Russia is not yet done")
    assert (row.speaker, row.kind, row.cue, row.as_written) == (
        "Lina Khatib", "direct", "told", "Ms Khatib")


def test_curly_quotes_with_apostrophe_inside(quotes: pd.DataFrame) -> None:
    row = one(quotes, "aj-long-2016", "I hope today’s decision")
    assert row.quote.endswith("in the process,")  # the ’ of today’s does not close the quote
    assert row.speaker == "Vladimir Putin"  # "he said": the Putin of the sentence before


def test_nested_single_quotes_stay_inside(quotes: pd.DataFrame) -> None:
    row = one(quotes, "aj-long-2016", "However, I think this action")
    assert "‘you still depend on us’" in row.quote
    assert not quotes.quote.str.fullmatch("you still depend on us").any()


def test_multi_paragraph_quotation(quotes: pd.DataFrame) -> None:
    kinds = [one(quotes, "indep-2017", s).kind for s in (
        "I think Russia's actions", "The fact that Russia announced", "Basically, as long")]
    assert kinds == ["direct", "continuation", "continuation"]
    assert one(quotes, "indep-2017", "Basically").speaker == "Lina Khatib"


def test_quotation_opened_after_attribution_continues(quotes: pd.DataFrame) -> None:
    first = one(quotes, "indep-2017", "I think the announcement on its withdrawal")
    nxt = one(quotes, "indep-2017", "But there are still other areas")
    assert first.end < nxt.start and (first.speaker, nxt.speaker) == ("Lina Khatib",) * 2
    assert nxt.kind == "continuation"


def test_colon_introduction(quotes: pd.DataFrame) -> None:
    row = one(quotes, "indep-2017", "That is why this withdrawal")
    assert (row.speaker, row.kind, row.cue, row.as_written) == (
        "Lina Khatib", "direct", "added", "She")


def test_he_confirmed_skips_name_inside_quotation(quotes: pd.DataFrame) -> None:
    # Putin is named inside the quotation; "he" is Gerasimov of the sentence before.
    row = one(quotes, "vice-2017", "In accordance with the decision")
    assert (row.speaker, row.cue) == ("Valery Gerasimov", "confirmed")


def test_institution_said_in_a_statement(quotes: pd.DataFrame) -> None:
    first = one(quotes, "newarab-2016", "The President of Russia stated")
    second = one(quotes, "newarab-2016", "It was agreed")
    assert (first.speaker, second.speaker) == ("The Kremlin", "The Kremlin")
    assert first.speaker_type == "Russian official"


def test_title_resolves_to_person(quotes: pd.DataFrame) -> None:
    lead = one(quotes, "indep-2017", "more of a political")  # "an expert ... has said"
    assert (lead.speaker, lead.kind, lead.as_written) == ("Lina Khatib", "partial", "expert")
    president = one(quotes, "newarab-2016", "intensify")  # "The president said"
    assert (president.speaker, president.kind) == ("Vladimir Putin", "partial")


def test_attribution_after_quote_without_comma(quotes: pd.DataFrame) -> None:
    row = one(quotes, "indep-2017", "nowhere near starting")
    assert (row.speaker, row.kind) == ("Lina Khatib", "partial")


def test_unattributed_paragraph_takes_previous_speaker(quotes: pd.DataFrame) -> None:
    putin = one(quotes, "newarab-2016", "With the participation")
    assert (putin.speaker, putin.kind) == ("Vladimir Putin", "continuation")
    jensen = one(quotes, "aj-long-2016", "I think Russia is committed")  # after "told Al Jazeera"
    assert (jensen.speaker, jensen.kind) == ("Donald Jensen", "direct")


def test_it_said_resolves_to_institution(quotes: pd.DataFrame) -> None:
    row = one(quotes, "aj-long-2016", "successes")
    assert (row.speaker, row.as_written) == ("Assad's office", "It")


def test_scare_quote_has_no_speaker(quotes: pd.DataFrame) -> None:
    row = one(quotes, "aj-short-2016", "resumption of Syria peace talks")
    assert (row.kind, row.speaker) == ("scare", "")


def test_slogan_in_removed_caption(articles: pd.DataFrame) -> None:
    raw = articles.loc["aj-short-2016", "raw_text"]
    caption = next(line for line in raw.splitlines() if "slogan" in line)
    assert "The Revolution Continues" not in articles.loc["aj-short-2016", "text"]
    row = quotes_in(caption).iloc[0]
    assert (row.quote, row.kind, row.speaker) == ("The Revolution Continues", "slogan", "")


def test_indirect_attribution(quotes: pd.DataFrame) -> None:
    rows = quotes[(quotes.article_id == "newarab-2016") & (quotes.kind == "indirect")]
    peskov = rows[rows.quote.str.startswith("Kremlin spokesman")].iloc[0]
    assert (peskov.speaker, peskov.n_words) == ("Dmitry Peskov", 0)
    he = rows[rows.quote.str.startswith("He added that")].iloc[0]
    assert he.speaker == "Dmitry Peskov"  # not Assad, the last man named before


def test_partial_quote_after_warning(quotes: pd.DataFrame) -> None:
    row = one(quotes, "vice-2017", "if we cannot stop")
    assert (row.speaker, row.speaker_type, row.cue) == (
        "Mevlut Cavusoglu", "Turkish government", "warning")


def test_straight_single_quotes_and_possessives() -> None:
    q = quotes_in("The rebels' leaders called it 'a new phase', and Mr Jensen's view differs.")
    assert list(q.quote) == ["a new phase"]


def test_tables_passed_in_are_used(articles: pd.DataFrame) -> None:
    actors = load_actors()
    actors = actors[actors.actor != "Lina Khatib"]
    q = extract_quotes(articles.loc[["indep-2017"]], actors=actors, cues=load_cues())
    assert "Lina Khatib" not in set(q.speaker)


def test_speech_summary_per_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> None:
    table = speech_summary(quotes, articles)
    aj = table[table.outlet == "Al Jazeera"]
    assert set(aj.article_ids) == {"aj-long-2016, aj-short-2016"}
    for _, part in table.groupby("outlet"):
        assert part.word_share.sum() == pytest.approx(1, abs=0.01)
    indep = table[table.outlet == "The Independent"]
    assert indep.iloc[0].actor_type == "analyst or think tank"
