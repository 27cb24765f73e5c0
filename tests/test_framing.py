"""Frame dictionary hits, prevalence, evidence, naming choices and keyness on the corpus."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import sentence_with

from helpers import CorpusError, open_corpus, sentiment
from helpers import framing as fr
from helpers.corpus import ROOT, Corpus
from helpers.tables import GENERIC_DIR, load_table, read_csv_rows
from helpers.text import word_count

SMALL = ROOT / "tests" / "corpora" / "small"
HOSTILE = ROOT / "tests" / "corpora" / "hostile"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return open_corpus()


@pytest.fixture(scope="module")
def sentences(corpus: Corpus) -> pd.DataFrame:
    return corpus.sentences


@pytest.fixture(scope="module")
def hits(corpus: Corpus) -> pd.DataFrame:
    return fr.frame_hits(corpus)


def invented(*texts: str) -> Corpus:
    """A corpus of invented one-sentence articles (one outlet each), with the built-in tables."""
    ids = [f"t{i}" for i in range(len(texts))]
    articles = pd.DataFrame({"article_id": ids, "outlet": [f"Outlet {i}" for i in range(len(ids))],
                             "event": "e", "text": list(texts),
                             "n_words": [word_count(t) for t in texts]}, index=ids)
    sentences = pd.DataFrame({"article_id": ids, "sentence_id": 1, "paragraph_id": 1,
                              "start": 0, "end": [len(t) for t in texts], "text": list(texts)})
    return Corpus(None, articles, sentences, open_corpus().tables)


def test_hits_point_into_the_article_text(corpus, hits) -> None:
    assert list(hits.columns[:7]) == ["article_id", "sentence_id", "frame", "kind", "term",
                                      "start", "end"]
    for row in hits.itertuples():
        assert corpus.articles.loc[row.article_id, "text"][row.start:row.end] == row.term


def test_hits_lie_inside_their_sentence(sentences, hits) -> None:
    merged = hits.merge(sentences, on=["article_id", "sentence_id"], suffixes=("", "_s"))
    assert ((merged.start >= merged.start_s) & (merged.end <= merged.end_s)).all()


def test_hits_name_the_file_and_line_of_their_row(hits) -> None:
    generic = hits[hits.table_file == "generic/frames.csv"]
    story = hits[hits.table_file == "frames.csv"]
    assert len(generic) and len(story) and len(generic) + len(story) == len(hits)
    for table_file, part in (("generic/frames.csv", generic), ("frames.csv", story)):
        _, rows = read_csv_rows(GENERIC_DIR.parent / table_file)
        term = {line: row["term"] for line, row in rows}
        assert all(term[r.line] == r.entry for r in part.itertuples())


def test_every_outlet_has_frame_evidence(corpus, hits) -> None:
    evidence = fr.frame_evidence(corpus, hits)
    assert set(evidence.outlet) == set(corpus.articles.outlet)
    for outlet, part in evidence.groupby("outlet"):
        assert part.frame.nunique() >= 3, outlet
    assert len(evidence) == len(hits)
    row = evidence[evidence.term == "S-400"].iloc[0]
    assert row.left.endswith("The fact the ") and row.right.startswith(" defen")


def test_every_frame_of_the_issue_is_in_the_dictionary(corpus) -> None:
    frames = corpus.table("frames")
    generic = {"conflict", "responsibility", "human_interest", "economic", "morality"}
    story = {"mission_accomplished", "symbolic_gesture", "diplomacy", "continued_presence",
             "humanitarian_cost"}
    assert set(frames[frames.kind == "generic"].frame) == generic
    assert set(frames[frames.kind == "story"].frame) == story
    assert (frames.why.str.len() > 20).all()


STORY_WORDS = re.compile(r"Syria|Russia|Assad|Putin|Kremlin|S-400|terroris|air (?:raid|strike|war|"
                         r"campaign)|napalm|premature|Free Syrian", re.IGNORECASE)


@pytest.mark.parametrize("name", ["frames", "sentiment_probes"])
def test_generic_tables_hold_no_word_of_the_story(name: str) -> None:
    """Generic rows hold for any English news: no word of the built-in story in a pattern."""
    table = pd.read_csv(GENERIC_DIR / f"{name}.csv", dtype=str)
    column = "term" if name == "frames" else "pattern"
    assert not table[column].str.contains(STORY_WORDS).any(), table[column][
        table[column].str.contains(STORY_WORDS)].tolist()
    assert (table.why.str.len() > 20).all()


@pytest.mark.parametrize(("sentence", "words"), [
    ("Allegra Stratton denied the allegations on Monday.", ["allegations"]),
    ("Allegations followed, and the minister was accused of lying.", ["Allegations", "accused"]),
    ("The escalator broke, and the morale of the staff fell.", []),
    ("She lives in Leeds and said people familiar with the matter were wrong.", []),
    ("The flood cost many lives and people lost their homes.", ["lives", "people", "homes"]),
    ("The plane returned home, and the home secretary agreed in principle.", []),
    ("Justice ministers met to discuss justice for the victims.", ["justice", "victims"]),
    ("A bombshell report: the bombing of the bridge broke the ceasefire.",
     ["bombing", "broke the ceasefire"]),
])
def test_generic_frame_terms_are_precise_in_any_news(sentence: str, words: list[str]) -> None:
    """Invented sentences of ordinary news: the generic terms find what they mean, nothing else."""
    corpus = invented(sentence)
    generic = corpus.table("frames")
    generic = generic[generic.table_file == "generic/frames.csv"]
    assert fr.frame_hits(corpus, generic).term.tolist() == words


def test_remain_the_campaign_is_not_remain_the_verb() -> None:
    corpus = invented("Voters who backed Remain said troops would remain in the town.")
    table = pd.DataFrame({"frame": ["presence"], "kind": ["story"], "term": [r"remain\w*"],
                          "why": ["test"]})
    assert fr.frame_hits(corpus, table)[["term", "start"]].values.tolist() == [["remain", 43]]


def test_naval_base_counts_once(corpus, sentences, hits) -> None:
    row = sentence_with(sentences, "newarab-2016", "naval base in Tartous")
    presence = hits[(hits.article_id == "newarab-2016") & (hits.sentence_id == row.sentence_id)
                    & (hits.frame == "continued_presence")]
    assert presence.term.tolist() == ["maintain", "airbase", "naval base"]   # not also "base"


def test_the_cold_war_and_a_return_home_are_not_frame_words(corpus, hits) -> None:
    war = sentence_with(corpus.sentences, "indep-2017", "since the Cold War")
    assert hits[(hits.article_id == "indep-2017") & (hits.sentence_id == war.sentence_id)
                & (hits.frame == "conflict")].term.tolist() == ["assault"]
    home = sentence_with(corpus.sentences, "aj-short-2016", "return home")
    assert "home" not in set(hits[(hits.article_id == "aj-short-2016")
                                  & (hits.sentence_id == home.sentence_id)].term)


def test_story_words_of_generic_frames_come_from_the_story_table(hits) -> None:
    air = hits[hits.term.str.startswith("air ")]
    assert len(air) and (air.frame == "conflict").all() and (air.table_file == "frames.csv").all()
    terrorism = hits[hits.term == "terrorism"]
    assert terrorism.frame.tolist() == ["morality"]
    assert terrorism.table_file.tolist() == ["frames.csv"]


def test_cease_fire_and_ceasefire_both_count(hits) -> None:
    diplomacy = hits[hits.frame == "diplomacy"]
    assert {"ceasefire", "cease-fire"} <= set(diplomacy.term)
    assert set(diplomacy[diplomacy.article_id == "vice-2017"].term) >= {"cease-fire"}


def test_prevalence_is_per_thousand_words_with_zeros(corpus, hits) -> None:
    table = fr.frame_prevalence(corpus, hits)
    assert len(table) == corpus.table("frames").frame.nunique() * corpus.articles.outlet.nunique()
    words = word_count(corpus.articles.loc["vice-2017", "text"])
    row = table[(table.frame == "diplomacy") & (table.outlet == "VICE News")].iloc[0]
    assert row.words == words == corpus.articles.loc["vice-2017", "n_words"]
    assert row.per_1000_words == round(1000 * row.hits / words, 2)
    econ = table[table.frame == "economic"]
    assert (econ.hits == 0).all()   # no outlet frames the story in economic terms
    by_article = fr.frame_prevalence(corpus, hits, by="article_id")
    assert set(by_article.article_id) == set(corpus.articles.article_id)
    assert by_article.hits.sum() == table.hits.sum() == len(hits)


def test_frame_hits_is_one_pass_per_pattern_not_per_sentence(corpus) -> None:
    # Same hits from one article's sentences alone as from the whole corpus.
    one = corpus.sentences[corpus.sentences.article_id == "vice-2017"]
    alone = fr.frame_hits(Corpus(None, corpus.articles, one, corpus.tables))
    whole = fr.frame_hits(corpus)
    assert alone.equals(whole[whole.article_id == "vice-2017"].reset_index(drop=True))


@pytest.mark.parametrize("hits_of", [
    fr.frame_hits, fr.naming_hits, sentiment.target_mentions,
    lambda c: fr.dictionary_hits(c.sentences, c.table("sentiment_probes"), "pattern",
                                 ["failure"])], ids=["frames", "naming", "targets", "probes"])
def test_candidate_positions_change_no_hit(corpus, monkeypatch, hits_of) -> None:
    """Trying each label's regex only where some pattern matches finds every hit."""
    fast = hits_of(Corpus(None, corpus.articles, corpus.sentences, corpus.tables))
    monkeypatch.setattr(fr, "_candidate_positions", lambda *args, **kwargs: None)
    assert fast.equals(hits_of(Corpus(None, corpus.articles, corpus.sentences, corpus.tables)))
    assert len(fast)


def test_candidate_positions_skip_tables_they_cannot_combine() -> None:
    assert fr._candidate_positions([r"(a)\1", "b"], "aa b") is None
    # The regex engine combines one group name in two patterns (validation refuses it in a
    # table); the positions are still every place either matches.
    assert fr._candidate_positions(["(?P<x>a)", "(?P<x>b)"], "a b") == [0, 2]
    assert fr._candidate_positions(["talks", "UN"], "UN talks; un-talks") == [0, 3]


def test_bad_pattern_names_the_file_and_line(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "c")
    with (tmp_path / "c" / "frames.csv").open("a", encoding="utf-8") as f:
        f.write('conflict,generic,"(unclosed",broken on purpose\n')
    with pytest.raises(CorpusError, match=r"frames.csv, line 6, column 'term'.*not a valid"):
        open_corpus(tmp_path / "c")


def test_a_bad_pattern_passed_in_names_its_row(corpus) -> None:
    table = pd.DataFrame({"frame": ["x", "x"], "kind": ["story"] * 2, "term": ["talks", "war("],
                          "why": ["t", "t"]})
    with pytest.raises(CorpusError, match=r"frames.csv, line 3, column 'term'.*'war\('"):
        fr.frame_hits(corpus, table)


def test_corpus_folder_brings_its_own_frames_and_gets_the_generic_ones(corpus, tmp_path) -> None:
    (tmp_path / "frames.csv").write_text(
        "frame,kind,term,why\nnaval,story,aircraft carrier|naval,test\n", encoding="utf-8")
    frames = load_table("frames", tmp_path)
    hits = fr.frame_hits(corpus, frames)
    assert "naval" in set(hits.frame) and "aircraft carrier" in set(hits.term)
    assert set(hits.frame) - {"naval"} <= {"conflict", "responsibility", "human_interest",
                                           "economic", "morality"}


def test_the_small_corpus_uses_only_its_own_and_the_generic_tables() -> None:
    """Nothing of the built-in story reaches another corpus: no Syria frame, target or name."""
    small = open_corpus(SMALL)
    hits = fr.frame_hits(small)
    assert set(hits.frame) <= set(small.table("frames").frame)
    assert not {"continued_presence", "mission_accomplished"} & set(hits.frame)
    assert set(hits.table_file) <= {"generic/frames.csv", "frames.csv"}
    assert "responsiveness" in set(hits.frame)
    naming = fr.naming_hits(small)
    assert set(naming.concept) <= {"the closure", "the library"} and len(naming)
    targets = sentiment.target_mentions(small)
    assert set(targets.group) <= {"council", "residents", "library"} and len(targets)
    probes = small.table("sentiment_probes")
    assert set(probes.table_file) == {"generic/sentiment_probes.csv"}
    assert not probes.pattern.str.contains("Syria").any()
    failures = sentiment.failure_examples(small)
    assert "Free Syrian Army" not in set(failures.term)


def test_a_corpus_without_story_tables_gets_generic_frames_and_empty_tables() -> None:
    hostile = open_corpus(HOSTILE)
    assert hostile.status("frames") == "generic" and hostile.status("naming") == "missing"
    hits = fr.frame_hits(hostile)
    assert set(hits.table_file) <= {"generic/frames.csv"}
    naming = fr.naming_hits(hostile)
    assert naming.empty and {"concept", "variant", "voice"} <= set(naming.columns)
    counts = fr.naming_counts(hostile)
    assert counts.empty and list(counts.columns) == [
        "concept", "variant", "outlet", "count", "narration", "quoted", "share",
        "narration_share", "example", "article_id", "start", "end"]
    toward = sentiment.sentiment_toward(hostile)
    assert toward.empty and {"group", "terms", "polarity", "vader_compound"} <= set(
        toward.columns)
    assert sentiment.target_mentions(hostile).empty


def test_kwic_with_words_and_regex(corpus) -> None:
    table = fr.kwic(corpus, "S-400", width=12)
    assert len(table) == 2 and set(table.match) == {"S-400"}
    for row in table.itertuples():
        assert corpus.articles.loc[row.article_id, "text"][row.start:row.end] == row.match
    compiled = fr.kwic(corpus, re.compile(r"\d[\d,]*"))
    assert "250,000" in set(compiled.match)


def test_kwic_uses_the_one_matcher(corpus) -> None:
    """Curly apostrophes fold, and a lower-case term skips a capitalised name mid-sentence."""
    curly = fr.kwic(corpus, "Assad's office")
    assert set(curly.article_id) == {"aj-long-2016"} and curly.match.tolist() == [
        "Assad’s office"]
    assert fr.kwic(corpus, "war").match.str.islower().all()   # not "the Cold War"
    with pytest.raises(CorpusError, match="not a valid regular expression"):
        fr.kwic(corpus, "regime(")


def test_ceasefire_regime_is_not_a_name_for_the_government(corpus, sentences) -> None:
    naming = fr.naming_hits(corpus)
    row = sentence_with(sentences, "aj-long-2016", "monitoring the ceasefire regime")
    assert naming[(naming.article_id == "aj-long-2016")
                  & (naming.sentence_id == row.sentence_id)].variant.tolist() == []
    regime = naming[naming.variant == "regime"]
    assert set(regime.article_id) == {"indep-2017", "vice-2017", "newarab-2016"}


def test_withdrawal_spellings_are_grouped(corpus) -> None:
    naming = fr.naming_hits(corpus)
    pull = set(naming[naming.variant == "pull-out"].term)
    assert pull == {"pull-out", "pullout", "pull out"}
    assert set(naming[naming.variant == "reduction"].article_id) == {"vice-2017"}


def test_naming_tells_quoted_words_from_narration(corpus, sentences) -> None:
    naming = fr.naming_hits(corpus)
    assert set(naming.voice) == {"quoted", "narration"}
    khatib = sentence_with(sentences, "indep-2017", "controlled by rebels that Russia")
    in_quote = naming[(naming.article_id == "indep-2017")
                      & (naming.sentence_id == khatib.sentence_id)]
    assert set(in_quote.voice) == {"quoted"} and {"rebels", "regime"} <= set(in_quote.variant)
    vice = sentence_with(sentences, "vice-2017", "Bashar al-Assad’s regime during")
    own = naming[(naming.article_id == "vice-2017") & (naming.sentence_id == vice.sentence_id)]
    assert own.voice.tolist() == ["narration"]


def test_terrorism_and_extremist_targets_do_not_name_the_armed_opposition(corpus) -> None:
    """The New Arab's two old "terrorists": 'international terrorism' in Putin's quote and
    'some extremist targets' in the narration. Neither is a name for the armed opponents."""
    naming = fr.naming_hits(corpus)
    assert naming[naming.variant == "terrorists"].empty
    people = invented("Officials called the rebels terrorists and blamed extremist groups.")
    found = fr.naming_hits(people)
    assert found[found.variant == "terrorists"].term.tolist() == ["terrorists", "extremist groups"]


def test_naming_counts_have_shares_voices_and_examples(corpus) -> None:
    table = fr.naming_counts(corpus)
    assert len(table) == corpus.table("naming").drop_duplicates(
        ["concept", "variant"]).shape[0] * corpus.articles.outlet.nunique()
    used = table[table["count"] > 0]
    assert (used.example.str.contains(r"\[.+\]")).all()
    assert (used["count"] == used.narration + used.quoted).all()
    shares = used.groupby(["concept", "outlet"]).share.sum()
    assert ((shares - 1).abs() < 0.02).all()
    for row in used.itertuples():
        assert corpus.articles.loc[row.article_id, "text"][row.start:row.end] in row.example
    indep = table[(table.outlet == "The Independent") & (table.variant == "regime")].iloc[0]
    assert (indep["count"], indep.narration, indep.quoted) == (4, 0, 4)


def test_keyness_on_a_hand_checkable_example() -> None:
    docs = pd.DataFrame({"g": ["A", "B"], "text": ["war war peace", "peace peace talks"]})
    table = fr.keyness_of(docs, "g", min_count=1, prior_weight=1.0)
    war = table[(table.group == "A") & (table.term == "war")].iloc[0]
    # prior = pooled counts: war 2, peace 3, talks 1 (a0 = 6); n_A = n_B = 3
    delta = math.log(4 / 5) - math.log(2 / 7)
    assert war["count"] == 2 and war.count_ref == 0
    assert war.log_odds == pytest.approx(delta)
    assert war.z == pytest.approx(delta / math.sqrt(1 / 4 + 1 / 2))
    # A against B mirrors B against A.
    b = fr.keyness_of(docs, "g", target="B", reference="A", min_count=1, prior_weight=1.0)
    assert b.set_index("term").z["war"] == pytest.approx(-war.z)
    assert table[table.group == "A"].z.iloc[0] == table[table.group == "A"].z.max()


def test_keyness_each_outlet_against_the_rest(corpus) -> None:
    table = fr.keyness(corpus, "outlet")
    assert list(dict.fromkeys(table.group)) == list(dict.fromkeys(corpus.articles.outlet))
    assert (table.reference == "rest").all()
    top = fr.top_terms(table, 5)
    indep = top[top.group == "The Independent"]
    assert "khatib" in set(indep.term)     # the one analyst only The Independent quotes
    assert (table["count"] + table.count_ref >= 3).all()
    assert not table.term.str.fullmatch(r"\d+").any()


def test_keyness_two_named_groups(corpus) -> None:
    table = fr.keyness(corpus, "event", target="jan2017", reference="mar2016")
    assert set(table.group) == {"jan2017"} and set(table.reference) == {"mar2016"}
    with pytest.raises(ValueError, match="not found"):
        fr.keyness(corpus, "event", target="2015")
    with pytest.raises(ValueError, match="no column 'desk'"):
        fr.keyness(corpus, "desk")


def test_keyness_with_nothing_frequent_enough_is_an_empty_table() -> None:
    table = fr.keyness(invented("One short line.", "Another brief one."), "outlet")
    assert table.empty and list(table.columns) == fr.KEYNESS_COLUMNS
