"""Frame dictionary hits, prevalence, evidence, naming choices and keyness on the corpus."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import sentence_with

from helpers import CorpusError, sentiment
from helpers import framing as fr
from helpers.corpus import DATA_DIR
from helpers.text import word_spans


@pytest.fixture(scope="module")
def hits(sentences: pd.DataFrame) -> pd.DataFrame:
    return fr.frame_hits(sentences)


def test_hits_point_into_the_article_text(articles, hits) -> None:
    assert list(hits.columns[:7]) == ["article_id", "sentence_id", "frame", "kind", "term",
                                      "start", "end"]
    for row in hits.itertuples():
        assert articles.loc[row.article_id, "text"][row.start:row.end] == row.term


def test_hits_lie_inside_their_sentence(sentences, hits) -> None:
    merged = hits.merge(sentences, on=["article_id", "sentence_id"], suffixes=("", "_s"))
    assert ((merged.start >= merged.start_s) & (merged.end <= merged.end_s)).all()


def test_every_outlet_has_frame_evidence(articles, sentences, hits) -> None:
    evidence = fr.frame_evidence(hits, sentences, articles)
    assert set(evidence.outlet) == set(articles.outlet)
    for outlet, part in evidence.groupby("outlet"):
        assert part.frame.nunique() >= 3, outlet
    assert len(evidence) == len(hits)
    row = evidence[evidence.term == "S-400"].iloc[0]
    assert row.left.endswith("The fact the ") and row.right.startswith(" defen")


def test_every_frame_of_the_issue_is_in_the_dictionary() -> None:
    frames = fr.load_frames()
    generic = {"conflict", "responsibility", "human_interest", "economic", "morality"}
    story = {"mission_accomplished", "symbolic_gesture", "diplomacy", "continued_presence",
             "humanitarian_cost"}
    assert set(frames[frames.kind == "generic"].frame) == generic
    assert set(frames[frames.kind == "story"].frame) == story
    assert (frames.why.str.len() > 20).all()


def test_naval_base_counts_once(sentences, hits) -> None:
    row = sentence_with(sentences, "newarab-2016", "naval base in Tartous")
    presence = hits[(hits.article_id == "newarab-2016") & (hits.sentence_id == row.sentence_id)
                    & (hits.frame == "continued_presence")]
    assert presence.term.tolist() == ["maintain", "airbase", "naval base"]   # not also "base"


def test_whole_words_and_smart_case() -> None:
    assert not fr.compile_pattern("war").search("a war-torn town")
    assert fr.compile_pattern("war").search("the Syrian War")
    assert not fr.compile_pattern("UN").search("unlikely to be followed")
    assert fr.compile_pattern("S-400").search("The S-400 defence system")


def test_cease_fire_and_ceasefire_both_count(sentences, hits) -> None:
    diplomacy = hits[hits.frame == "diplomacy"]
    assert {"ceasefire", "cease-fire"} <= set(diplomacy.term)
    assert set(diplomacy[diplomacy.article_id == "vice-2017"].term) >= {"cease-fire"}


def test_prevalence_is_per_thousand_words_with_zeros(articles, sentences, hits) -> None:
    table = fr.frame_prevalence(hits, sentences, articles)
    assert len(table) == fr.load_frames().frame.nunique() * articles.outlet.nunique()
    vice = sentences[sentences.article_id == "vice-2017"]
    words = sum(len(word_spans(t)) for t in vice.text)
    row = table[(table.frame == "diplomacy") & (table.outlet == "VICE News")].iloc[0]
    assert row.words == words
    assert row.per_1000_words == round(1000 * row.hits / words, 2)
    econ = table[table.frame == "economic"]
    assert (econ.hits == 0).all()   # no outlet frames the story in economic terms


def test_frame_hits_is_one_pass_per_pattern_not_per_sentence(sentences) -> None:
    # Same hits from one article's sentences alone as from the whole corpus.
    one = sentences[sentences.article_id == "vice-2017"]
    alone = fr.frame_hits(one)
    whole = fr.frame_hits(sentences)
    assert alone.equals(whole[whole.article_id == "vice-2017"].reset_index(drop=True))


@pytest.mark.parametrize("hits_of", [fr.frame_hits, fr.naming_hits, sentiment.target_mentions,
                                     lambda s: fr.dictionary_hits(s, sentiment.load_probes(),
                                                                  "pattern", ["failure"])],
                         ids=["frames", "naming", "targets", "probes"])
def test_candidate_positions_change_no_hit(sentences, monkeypatch, hits_of) -> None:
    """Trying each label's regex only where some pattern matches finds every hit."""
    fast = hits_of(sentences)
    monkeypatch.setattr(fr, "_candidate_positions", lambda patterns, text: None)
    assert fast.equals(hits_of(sentences))
    assert len(fast)


def test_candidate_positions_skip_tables_they_cannot_combine() -> None:
    assert fr._candidate_positions([r"(a)\1", "b"], "aa b") is None
    assert fr._candidate_positions(["(?P<x>a)", "(?P<x>b)"], "a b") is None
    assert fr._candidate_positions(["talks", "UN"], "UN talks; un-talks") == [0, 3]


def test_bad_pattern_names_the_file_and_line(tmp_path: Path) -> None:
    shutil.copy(DATA_DIR / "frames.csv", tmp_path / "frames.csv")
    with (tmp_path / "frames.csv").open("a", encoding="utf-8") as f:
        f.write('conflict,generic,"(unclosed",broken on purpose\n')
    with pytest.raises(CorpusError, match=r"frames.csv, line \d+.*not a valid regular"):
        fr.load_frames(tmp_path)


def test_corpus_folder_can_bring_its_own_frames(tmp_path: Path, sentences) -> None:
    (tmp_path / "frames.csv").write_text(
        "frame,kind,term,why\nnaval,story,aircraft carrier|naval,test\n", encoding="utf-8")
    hits = fr.frame_hits(sentences, fr.load_frames(tmp_path))
    assert set(hits.frame) == {"naval"} and "aircraft carrier" in set(hits.term)


def test_kwic_with_words_and_regex(articles, sentences) -> None:
    table = fr.kwic("S-400", sentences, width=12)
    assert len(table) == 2 and set(table.match) == {"S-400"}
    for row in table.itertuples():
        assert articles.loc[row.article_id, "text"][row.start:row.end] == row.match
    compiled = fr.kwic(re.compile(r"\d[\d,]*"), sentences)
    assert "250,000" in set(compiled.match)


def test_ceasefire_regime_is_not_a_name_for_the_government(sentences) -> None:
    naming = fr.naming_hits(sentences)
    row = sentence_with(sentences, "aj-long-2016", "monitoring the ceasefire regime")
    assert naming[(naming.article_id == "aj-long-2016")
                  & (naming.sentence_id == row.sentence_id)].variant.tolist() == []
    regime = naming[naming.variant == "regime"]
    assert set(regime.article_id) == {"indep-2017", "vice-2017", "newarab-2016"}


def test_withdrawal_spellings_are_grouped(sentences) -> None:
    naming = fr.naming_hits(sentences)
    pull = set(naming[naming.variant == "pull-out"].term)
    assert pull == {"pull-out", "pullout", "pull out"}
    assert set(naming[naming.variant == "reduction"].article_id) == {"vice-2017"}


def test_naming_counts_have_shares_and_examples(articles, sentences) -> None:
    table = fr.naming_counts(fr.naming_hits(sentences), sentences, articles)
    assert len(table) == 10 * 4
    used = table[table["count"] > 0]
    assert (used.example.str.contains(r"\[.+\]")).all()
    shares = used.groupby(["concept", "outlet"]).share.sum()
    assert ((shares - 1).abs() < 0.02).all()
    for row in used.itertuples():
        assert articles.loc[row.article_id, "text"][row.start:row.end] in row.example


def test_keyness_on_a_hand_checkable_example() -> None:
    docs = pd.DataFrame({"g": ["A", "B"], "text": ["war war peace", "peace peace talks"]})
    table = fr.keyness(docs, "g", min_count=1, prior_weight=1.0)
    war = table[(table.group == "A") & (table.term == "war")].iloc[0]
    # prior = pooled counts: war 2, peace 3, talks 1 (a0 = 6); n_A = n_B = 3
    delta = math.log(4 / 5) - math.log(2 / 7)
    assert war["count"] == 2 and war.count_ref == 0
    assert war.log_odds == pytest.approx(delta)
    assert war.z == pytest.approx(delta / math.sqrt(1 / 4 + 1 / 2))
    # A against B mirrors B against A.
    b = fr.keyness(docs, "g", target="B", reference="A", min_count=1, prior_weight=1.0)
    assert b.set_index("term").z["war"] == pytest.approx(-war.z)
    assert table[table.group == "A"].z.iloc[0] == table[table.group == "A"].z.max()


def test_keyness_each_outlet_against_the_rest(articles, sentences) -> None:
    docs = sentences.assign(outlet=sentences.article_id.map(articles.outlet))
    table = fr.keyness(docs, "outlet")
    assert list(dict.fromkeys(table.group)) == list(dict.fromkeys(articles.outlet))
    assert (table.reference == "rest").all()
    top = fr.top_terms(table, 5)
    indep = top[top.group == "The Independent"]
    assert "khatib" in set(indep.term)     # the one analyst only The Independent quotes
    assert (table["count"] + table.count_ref >= 3).all()
    assert not table.term.str.fullmatch(r"\d+").any()


def test_keyness_two_named_groups(articles, sentences) -> None:
    docs = sentences.assign(event=sentences.article_id.map(articles.event))
    table = fr.keyness(docs, "event", target="jan2017", reference="mar2016")
    assert set(table.group) == {"jan2017"} and set(table.reference) == {"mar2016"}
    with pytest.raises(ValueError, match="not found"):
        fr.keyness(docs, "event", target="2015")
