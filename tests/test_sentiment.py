"""Sentence sentiment, intervals, agreement, targets, voices and failure modes on the corpus."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sentence_with
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpers import CorpusError, open_corpus
from helpers import sentiment as se
from helpers.corpus import DATA_DIR, ROOT, Corpus

SMALL = ROOT / "tests" / "corpora" / "small"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return open_corpus()


@pytest.fixture(scope="module")
def scores(corpus: Corpus) -> pd.DataFrame:
    return se.sentence_sentiment(corpus)


def test_scores_are_computed_once_per_corpus(corpus, scores, monkeypatch) -> None:
    """Notebooks 02, 04 and 05 all ask for the scores: the second call scores nothing."""
    monkeypatch.setattr(se, "score_texts", lambda table: pytest.fail("scored twice"))
    again = se.sentence_sentiment(corpus)
    assert again.equals(scores) and again is not scores   # a copy: callers may change it
    assert {"outlet", "event"} <= set(scores.columns)


def test_polarity_is_textblobs_for_every_sentence(sentences, scores) -> None:
    assert len(scores) == len(sentences)
    for row in scores.itertuples():
        blob = TextBlob(row.text)
        assert row.polarity == blob.sentiment.polarity
        assert row.subjectivity == blob.sentiment.subjectivity


def test_drivers_are_the_assessed_words(scores) -> None:
    for row in scores.itertuples():
        words = [" ".join(w) for w, *_ in TextBlob(row.text).sentiment_assessments.assessments]
        assert [d.split("' ")[0].lstrip("'") for d in row.drivers.split("; ") if d] == words


def test_negated_driver_is_shown_as_a_chunk(sentences, scores) -> None:
    row = sentence_with(sentences, "indep-2017", "not interested in negotiations")
    drivers = scores.loc[(scores.article_id == "indep-2017")
                         & (scores.sentence_id == row.sentence_id), "drivers"].item()
    assert "'not interested' -0.12" in drivers


def test_vader_compound_matches_vader(sentences, scores) -> None:
    row = sentence_with(sentences, "newarab-2016", "massive civilian deaths")
    expected = SentimentIntensityAnalyzer().polarity_scores(row.text)["compound"]
    got = scores.loc[(scores.article_id == "newarab-2016")
                     & (scores.sentence_id == row.sentence_id), "vader_compound"].item()
    assert got == expected < 0


def test_rows_keep_offsets_into_the_article(articles, scores) -> None:
    assert list(scores.columns[:5]) == ["article_id", "sentence_id", "start", "end", "text"]
    for row in scores.itertuples():
        assert articles.loc[row.article_id, "text"][row.start:row.end] == row.text


def test_sentence_without_lexicon_words_has_empty_drivers(sentences, scores) -> None:
    row = sentence_with(sentences, "indep-2017", "Syrian rebels fleeing from Aleppo")
    hit = scores[(scores.article_id == "indep-2017") & (scores.sentence_id == row.sentence_id)]
    assert hit.drivers.item() == "" and hit.polarity.item() == 0.0


def test_bootstrap_is_deterministic_and_brackets_the_mean() -> None:
    values = np.array([-0.5, -0.2, 0.0, 0.1, 0.3, 0.6])
    first = se.bootstrap_interval(values, seed=7)
    assert first == se.bootstrap_interval(values, seed=7)
    assert first != se.bootstrap_interval(values, seed=8)
    mean, lo, hi = first
    assert mean == pytest.approx(values.mean()) and lo < mean < hi
    assert se.bootstrap_interval([0.2]) == (0.2, 0.2, 0.2)


def test_bootstrap_by_does_not_depend_on_other_groups(scores) -> None:
    table = scores
    all_groups = se.bootstrap_by(table, "outlet", "polarity").set_index("outlet")
    vice = se.bootstrap_by(table[table.outlet == "VICE News"], "outlet", "polarity")
    assert all_groups.loc["VICE News", ["low", "high"]].tolist() == \
        vice[["low", "high"]].iloc[0].tolist()
    assert all_groups["n"].sum() == len(scores)


def test_tool_agreement_on_a_hand_made_example() -> None:
    toy = pd.DataFrame({"polarity": [0.5, -0.5, 0.0, 0.3], "vader_compound": [0.6, 0.4, 0.0, -0.2]})
    row = se.tool_agreement(toy).iloc[0]
    assert row["same_tone"] == 0.5            # rows 1 and 3 agree
    assert row["opposite_sign"] == 0.5        # rows 2 and 4 have opposite signs
    assert row["pearson"] == pytest.approx(toy.polarity.corr(toy.vader_compound))


def test_biggest_disagreement_is_the_many_more_injuries_sentence(scores) -> None:
    top = se.biggest_disagreements(scores, n=1).iloc[0]
    assert "many more injuries" in top.text
    assert top.polarity > 0 > top.vader_compound


def test_ceasefire_regime_is_not_the_syrian_government(corpus, sentences) -> None:
    toward = se.sentiment_toward(corpus)
    row = sentence_with(sentences, "aj-long-2016", "monitoring the ceasefire regime")
    groups = toward[(toward.article_id == "aj-long-2016")
                    & (toward.sentence_id == row.sentence_id)].group.tolist()
    assert "Assad/Syrian government" not in groups and "Russia/Putin" in groups
    syrian_regime = sentence_with(sentences, "indep-2017", "Russia and the Syrian regime are going")
    assert "Assad/Syrian government" in toward[
        (toward.article_id == "indep-2017")
        & (toward.sentence_id == syrian_regime.sentence_id)].group.tolist()


def test_un_matches_the_un_not_unlikely(corpus) -> None:
    mentions = se.target_mentions(corpus)
    un = mentions[mentions.group == "UN"]
    assert set(un.term) == {"UN", "de Mistura", "Security Council"}
    assert not mentions.term.str.lower().str.startswith("unlikely").any()


def test_a_sentence_counts_once_per_group(corpus) -> None:
    toward = se.sentiment_toward(corpus)
    assert not toward.duplicated(["article_id", "sentence_id", "group"]).any()
    many = toward[(toward.group == "Russia/Putin") & toward.terms.str.contains(",")]
    assert len(many) > 0   # several mentions, one row


def test_voice_segments_split_a_partial_quotation(articles, sentences) -> None:
    row = sentence_with(sentences, "indep-2017", "an expert in the Syrian conflict")
    text = articles.loc["indep-2017", "text"]
    q_start = text.index('"more of a political') + 1     # quoted words, without the marks
    q_end = text.index('military statement,"') + len('military statement,')
    quotes = pd.DataFrame({"article_id": ["indep-2017"], "start": [q_start], "end": [q_end]})
    pieces = se.split_voices(sentences[sentences.sentence_id == row.sentence_id].query(
        "article_id == 'indep-2017'"), quotes)
    assert pieces.voice.tolist() == ["narration", "quoted", "narration"]
    assert pieces.text.iloc[1] == "more of a political statement than a military statement"
    assert pieces.text.iloc[0].endswith("from Syria is")
    for piece in pieces.itertuples():
        assert text[piece.start:piece.end] == piece.text


def test_voice_segments_without_quotes_is_all_narration(sentences) -> None:
    empty = pd.DataFrame(columns=["article_id", "start", "end"])
    pieces = se.split_voices(sentences, empty)
    assert (pieces.voice == "narration").all() and len(pieces) == len(sentences)


def test_failure_examples_show_each_failure_mode(corpus) -> None:
    table = se.failure_examples(corpus)
    sense = table[table.failure == "word_sense"]
    free = sense[sense.term == "Free Syrian Army"].iloc[0]
    assert free.term_polarity > 0 and "'free' +0.40" in free.drivers
    base = sense[sense.term == "base"].iloc[0]
    assert base.polarity == -0.8          # "naval base in Tartous" read as "base motives"
    gap = table[table.failure == "lexicon_gap"]
    assert (gap.term_polarity > -0.5).all() and "fail" not in set(gap.term)   # fail: -0.5
    destroyed = gap[gap.term == "destroyed"].iloc[0]   # negative only through "at least"
    assert destroyed.polarity < 0 and destroyed.drivers == "'least' -0.30; 'medical' +0.00"
    negation = table[table.failure == "negation"]
    happy = negation[negation.text.str.contains("particularly happy")]
    assert len(happy) == 1 and happy.polarity.item() > 0


def test_failure_examples_first_limits_per_probe(corpus) -> None:
    table = se.failure_examples(corpus, first=1)
    assert table.groupby(["failure", "reading"]).size().max() == 1


def test_failure_examples_keep_the_table_order_of_generic_and_story_probes(corpus) -> None:
    """Probe rows from the generic file come first, then the corpus's own (not by line number,
    which both files share)."""
    table = se.failure_examples(corpus)
    assert list(dict.fromkeys(table.failure)) == ["negation", "word_sense", "lexicon_gap"]
    terms = table.term.tolist()
    assert terms.index("napalm") > terms.index("escalating")       # story row after generic
    assert terms.index("Free Syrian Army") > terms.index("significant")


def test_lexicon_gaps_are_measured_not_assumed() -> None:
    assert se.lexicon_polarity("destroyed") == 0.0
    assert se.lexicon_polarity("rose") > 0
    assert se.lexicon_polarity("killed") < 0   # not zero in TextBlob 0.20: -0.2


def test_hand_labels_cover_every_body_sentence(corpus, sentences) -> None:
    labels = se.load_tone_labels(corpus)
    merged = sentences.merge(labels, on=["article_id", "sentence_id"], how="left",
                             suffixes=("", "_label"))
    assert len(labels) == len(sentences)
    assert (merged.text == merged.text_label).all()
    assert set(labels.tone) <= set(se.TONES) and (labels.note.str.len() > 0).all()


def test_with_labels_flags_a_changed_text(corpus, scores) -> None:
    labels = se.load_tone_labels(corpus).copy()
    labels.loc[0, "text"] = labels.loc[0, "text"] + " (edited)"
    merged = se.with_labels(corpus, labels.iloc[:-1])
    assert merged.label_status.value_counts().to_dict() == {
        "labelled": len(scores) - 2, "text differs": 1, "no label": 1}
    assert merged.tone.isna().sum() == 2


def test_label_agreement_and_kappa(corpus, scores) -> None:
    merged = se.with_labels(corpus)
    table = se.label_agreement(merged).set_index("tool")
    tb = merged.textblob_tone == merged.tone
    assert table.loc["TextBlob", "same_as_hand"] == pytest.approx(tb.mean())
    assert table["kappa"].between(-1, 1).all()
    assert int(se.confusion(merged).to_numpy().sum()) == len(scores)
    a = pd.Series(["negative", "negative", "positive", "neutral"])
    b = pd.Series(["negative", "neutral", "positive", "neutral"])
    # observed 0.75; expected 0.5*0.25 + 0.25*0.5 + 0.25*0.25 = 0.3125
    assert se._kappa(a, b) == pytest.approx((0.75 - 0.3125) / (1 - 0.3125))


def test_bad_tone_label_names_the_line(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "c")
    folder = tmp_path / "c" / "annotations"
    text = (DATA_DIR / "annotations" / "tone.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[3] = lines[3].replace(",negative,", ",bad,").replace(",neutral,", ",bad,")
    (folder / "tone.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"tone.csv, line 4.*'bad'"):
        se.load_tone_labels(open_corpus(tmp_path / "c"))


def test_tone_labels_are_never_borrowed() -> None:
    small = open_corpus(SMALL)
    assert se.load_tone_labels(small).empty
    assert (se.with_labels(small).label_status == "no label").all()


def test_scores_are_finite(scores) -> None:
    assert scores[["polarity", "subjectivity", "vader_compound"]].map(math.isfinite).all().all()


def test_voice_segments_with_the_quote_extractor(corpus, articles) -> None:
    pieces = se.voice_segments(corpus)
    khatib = pieces[pieces.text == "Russia is not yet done with its campaign in Syria"]
    assert khatib.voice.tolist() == ["quoted"]
    told = pieces[pieces.text == "Ms Khatib told The Independent."]
    assert told.voice.tolist() == ["narration"]
    for piece in pieces.itertuples():
        assert articles.loc[piece.article_id, "text"][piece.start:piece.end] == piece.text
    scored = se.voice_sentiment(corpus)
    assert len(scored) == len(pieces) and {"polarity", "outlet", "voice"} <= set(scored.columns)
