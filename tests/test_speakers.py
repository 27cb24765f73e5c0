"""Who a speaker phrase refers to (helpers.speakers), on invented sentences: short names of
institutions, roles that refer back to a named person, spokespeople for a named body, "the
company", publications, and attributions a sentence splitter cuts off."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers import CorpusError, open_corpus
from helpers.corpus import DATA_DIR, Corpus
from helpers.quotes import extract_quotes, speaker_words
from helpers.speakers import Words, tokenize
from helpers.tables import load_table_parts


def corpus_of(folder: Path, text: str, actors: str | None = None) -> Corpus:
    """A corpus folder of one invented article, opened."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t1.txt").write_text(text, encoding="utf-8")
    (folder / "articles.csv").write_text(
        "article_id,seed_file,outlet,published,event\n"
        "t1,t1.txt,The Daily Example,2020-01-01,e1\n", encoding="utf-8")
    if actors is not None:
        (folder / "actors.csv").write_text(actors, encoding="utf-8")
    return open_corpus(folder)


def quotes_in(folder: Path, text: str) -> pd.DataFrame:
    return extract_quotes(corpus_of(folder, text))


def speech(q: pd.DataFrame) -> pd.DataFrame:
    return q[q.kind.isin(["direct", "partial", "continuation"])]


def said(q: pd.DataFrame, starts: str) -> pd.Series:
    """The one row whose quote starts with ``starts``."""
    rows = q[q.quote.str.startswith(starts)]
    assert len(rows) == 1, (starts, q[["quote", "speaker", "kind"]])
    return rows.iloc[0]


# -- short names of institutions -----------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    # the full name first, the short one after
    ('Brightwater Airlines cut 40 routes on Monday. "We had no choice," Brightwater said.',
     "Brightwater Airlines"),
    # the short name first (a headline-like sentence), the full name later
    ('Brightwater said on Monday it would cut 40 routes. "We had no choice," said a statement '
     'from Brightwater Airlines. "It hurts," Brightwater said.', "Brightwater Airlines"),
    # two words of a three-word name
    ('Kestrel Bay Motors cut 900 jobs. "We had no choice," Kestrel Bay said.',
     "Kestrel Bay Motors"),
])
def test_a_short_name_is_the_company_named_in_full(tmp_path: Path, text: str,
                                                   speaker: str) -> None:
    row = speech(quotes_in(tmp_path, text)).iloc[-1]
    assert (row.speaker, row.speaker_type) == (speaker, "institution")


def test_a_short_name_merges_only_before_company_words(tmp_path: Path) -> None:
    """"Greyford" is not "Greyford City Council": a place's council is not shortened to the
    place, and "Ms Brightwater" is a person, not Brightwater Airlines."""
    q = quotes_in(tmp_path, 'Greyford City Council met on Monday. "We are broke," Greyford '
                            'said.\n\nBrightwater Airlines cut routes. "I am sad," Ms '
                            'Brightwater said.')
    assert list(speech(q).speaker) == ["Greyford", "Brightwater"]
    assert list(speech(q).speaker_type) == ["institution", "unregistered"]


def test_a_surname_the_article_gives_a_person_stays_the_person(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'Brightwater Airlines was founded by Ann Brightwater in 1990. '
                            '"I built it," Brightwater said.')
    assert list(speech(q).speaker) == ["Ann Brightwater"]


def test_initials_stand_for_the_name(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, "The Harbour Pilots' Association called a strike on Monday. "
                            '"We will not move," the HPA said.')
    assert list(q.speaker) == ["Harbour Pilots' Association"]


def test_a_plural_possessive_is_part_of_an_institution_name(tmp_path: Path) -> None:
    """"Harbour Pilots' Association" is one name; a singular possessive names an owner."""
    q = quotes_in(tmp_path, "The Harbour Pilots' Association said the port was unsafe.\n\n"
                            "Lenham's Port Authority said it was safe.")
    assert list(q.speaker) == ["Harbour Pilots' Association", "Port Authority"]


def test_a_plural_role_word_in_a_name_is_no_title(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, "Parents Together said on Monday that the school should stay open.")
    assert list(q.speaker) == ["Parents Together"]


def test_which_describes_an_institution_not_a_person(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'Kestrel, which employs 3,400 people, said the plant was "safe".'
                            '\n\nAnn Kestrel, who founded it, said she was "proud".')
    rows = speech(q)
    assert list(rows.speaker) == ["Kestrel", "Ann Kestrel"]
    assert list(rows.speaker_kind) == ["institution", "person"]


def test_a_number_with_thousands_separators_is_one_word(tmp_path: Path) -> None:
    t = "Tallis Foods Ltd, which employs 3,400 people, said so."
    assert "3,400" in [tok.text for tok in tokenize(t, 0, len(t))]
    q = quotes_in(tmp_path, 'Tallis Foods Ltd, which employs 3,400 people, said the recall '
                            'was "a precaution".')
    assert list(speech(q).speaker) == ["Tallis Foods Ltd"]


# -- roles that refer back to a named person ------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ('Justice Amara Venn dismissed the appeal on Monday. "The claim fails," the judge wrote.',
     "Amara Venn"),
    ('Gen Tomas Reed inspected the troops. "We are ready," the general said.', "Tomas Reed"),
    ('Pia Lund, the energy minister, opened the plant on Monday. "It is a good day," the '
     'minister said.', "Pia Lund"),
    ('Omar Haddad, the finance minister, who has held the post since 2019, told reporters he '
     'was confident. "We will balance the budget," he said.', "Omar Haddad"),
    ('Health Minister Ada Quill and Transport Minister Ben Hart met on Monday. "The trains '
     'will run," the transport minister said.', "Ben Hart"),
    ('Transport Minister Ben Hart and Health Minister Ada Quill met on Monday. "The wards '
     'will open," the health minister said.', "Ada Quill"),
])
def test_a_role_refers_to_the_person_it_describes(tmp_path: Path, text: str,
                                                  speaker: str) -> None:
    q = quotes_in(tmp_path, text)
    assert speech(q).iloc[-1].speaker == speaker


def test_a_role_nobody_was_given_stays_a_role(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'Pia Lund opened the plant. "It is a good day," the minister said.')
    row = speech(q).iloc[0]
    assert (row.speaker, row.speaker_type) == ("minister", "role")


# -- spokespeople and the institutions they speak for --------------------------------------

def test_a_spokeswoman_for_the_body_named_before_speaks_for_it(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'The Coastal Water Board fined the firm on Monday. "The fine is '
                            'fair," a spokeswoman for the board said.')
    row = speech(q).iloc[0]
    assert (row.speaker, row.speaker_type) == ("Coastal Water Board", "institution")


def test_a_company_spokeswoman_speaks_for_the_company(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'The Food Standards Board ordered Tallis Foods to recall 2,000 '
                            'jars. "Safety comes first," a company spokeswoman said.')
    assert speech(q).iloc[0].speaker == "Tallis Foods"


@pytest.mark.parametrize("text", [
    '"No comment," a spokesman said.',
    'Tallis Foods Ltd cut its prices on Monday. "No comment," a spokesman said.',
    'The Food Standards Board met on Monday. "No comment," a spokeswoman for the council said.',
])
def test_a_spokesman_for_nobody_named_stays_a_role(tmp_path: Path, text: str) -> None:
    row = speech(quotes_in(tmp_path, text)).iloc[0]
    assert row.speaker_type == "role" and row.speaker.startswith("spokes")


def test_figures_of_an_unnamed_council_are_nobody_elses(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, "The Dock Workers' Union called a strike. About 300 people use the "
                            "ferry, according to council figures.")
    assert "Dock Workers' Union" not in set(q[q.quote.str.startswith("About")].speaker)


def test_a_registered_spokesman_is_used_only_when_the_article_names_him(tmp_path: Path) -> None:
    actors = (DATA_DIR / "actors.csv").read_text(encoding="utf-8")
    unnamed = extract_quotes(corpus_of(tmp_path / "a", '"The talks went well," the Kremlin '
                                                       'spokesman said.', actors=actors))
    assert (unnamed.iloc[0].speaker, unnamed.iloc[0].speaker_type) == ("Kremlin spokesman",
                                                                       "role")
    named = extract_quotes(corpus_of(tmp_path / "b", 'Dmitry Peskov spoke first. "The talks '
                                                     'went well," the Kremlin spokesman said.',
                                     actors=actors))
    assert speech(named).iloc[0].speaker == "Dmitry Peskov"


# -- "the company" ---------------------------------------------------------------------

def test_the_company_is_a_company_not_the_last_institution(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'The Food Standards Board fined Tallis Foods Ltd on Monday. The '
                            'board said the fine was fair. "We will appeal," the company said.')
    assert said(q, "We will appeal").speaker == "Tallis Foods Ltd"


def test_group_ends_a_company_name(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'Shares in Marlow Energy Group fell after the Competition Board '
                            'opened an inquiry. "We will co-operate," Marlow said. The company '
                            'added that it expected to be cleared.')
    assert list(q.speaker) == ["Marlow Energy Group", "Marlow Energy Group"]


def test_a_name_described_as_the_company_is_a_company(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'Orla Wexford, the company that makes the tablets, was fined by the '
                            'Food Standards Board on Monday. The board said the fine was fair. '
                            '"We will appeal," the company said.')
    row = said(q, "We will appeal")
    assert (row.speaker, row.speaker_kind) == ("Orla Wexford", "institution")


def test_the_union_is_not_a_company(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, "The Bakers' Federation and Tallis Foods Ltd met on Monday. "
                            '"We are close," the union said.')
    assert speech(q).iloc[0].speaker == "Bakers' Federation"


def test_a_description_then_a_name_is_the_name(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, "Tallis Foods Ltd's parent company, Brantwood Holdings, said it "
                            "would sell the unit.")
    assert list(q.speaker) == ["Brantwood Holdings"]


def test_the_gazette_is_the_gazette_named_before(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'The Harlow Gazette broke the story. "It is a scandal," the Gazette '
                            'said.')
    row = speech(q).iloc[0]
    assert (row.speaker, row.speaker_type) == ("Harlow Gazette", "media")


# -- publications --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ('"Growth is slowing," says The Atlantic.', "Atlantic", "media"),
    ('"Growth is slowing," says The Ridgeway Examiner, a weekly.', "Ridgeway Examiner", "media"),
    ('"Is this the end of cheap power?" asks The Economist this week.', "Economist", "media"),
    ('"We will strike," said The Train Drivers\' Union.', "Train Drivers' Union", "institution"),
])
def test_a_name_with_a_capital_the_in_mid_sentence_is_a_publication(
        tmp_path: Path, text: str, speaker: str, kind: str) -> None:
    row = speech(quotes_in(tmp_path, text)).iloc[0]
    assert (row.speaker, row.speaker_kind, row.speaker_type) == (speaker, kind, kind)


# -- an attribution cut off after a question ----------------------------------------------

def test_an_attribution_after_a_question_mark(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'Rosa Hale runs a bakery. "The drivers got a deal. Who pays for '
                            'us?" Hale asked.')
    row = said(q, "The drivers got a deal")
    assert (row.kind, row.speaker, row.cue) == ("direct", "Rosa Hale", "asked")
    assert "indirect" not in set(q.kind)  # "Hale asked." is the quotation's, not reported speech


@pytest.mark.parametrize("text", [
    'Rosa Hale runs a bakery. "Who pays for us?" The question hung in the air.',
    'Rosa Hale runs a bakery. "Who pays for us?" Analysts said on Monday that it was unclear.',
])
def test_a_sentence_after_a_question_is_not_always_its_attribution(tmp_path: Path,
                                                                    text: str) -> None:
    row = said(quotes_in(tmp_path, text), "Who pays")
    assert row.speaker == ""


# -- the word lists ------------------------------------------------------------------------

def test_title_rows_give_the_role_noun_of_the_title() -> None:
    words = speaker_words(open_corpus())
    assert (words.role_of_title("Justice"), words.role_of_title("Gen."),
            words.role_of_title("Minister")) == ("judge", "general", "minister")
    assert words.is_word("institution", "Railways") and words.is_word("company", "Railways")
    assert not words.is_word("company", "Authority")


@pytest.mark.parametrize(("row", "message"), [
    ("Justice,title,high judge,test", r"speaker_side 'high judge' of the title 'Justice' is "
                                      r"not one word"),
    ("spokesman,role,before,test", r"speaker_side 'before' is given for a role row"),
])
def test_a_bad_speaker_side_names_the_file_and_line(make_corpus, row: str,
                                                    message: str) -> None:
    folder = make_corpus()
    (folder / "quote_cues.csv").write_text(f"cue,kind,speaker_side,why\n{row}\n",
                                           encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"quote_cues.csv, line 2: {message}"):
        open_corpus(folder)  # checked when the corpus is opened, as validation does
    table, _ = load_table_parts("quote_cues", folder)
    with pytest.raises(CorpusError, match=rf"quote_cues.csv, line 2: {message}"):
        Words.of(table)


@pytest.mark.parametrize(("text", "speaker"), [
    ("The Bakers' Federation and Tallis Foods met. The union said talks would resume.",
     "Bakers' Federation"),
    ("The Department of Health and Social Care said the wards would open.",
     "Department of Health and Social Care"),
    ("The Food and Drug Administration said the drug was safe.", "Food and Drug Administration"),
])
def test_and_joins_two_names_only_after_a_head_noun(tmp_path: Path, text: str,
                                                    speaker: str) -> None:
    assert list(quotes_in(tmp_path, text).speaker)[:1] == [speaker]


def test_which_after_a_name_governed_by_a_preposition_may_be_the_thing(tmp_path: Path) -> None:
    q = quotes_in(tmp_path, 'A study by Ann Lee, which was published on Monday, found a rise. '
                            '"It is real," Ann Lee said.')
    row = speech(q).iloc[0]
    assert (row.speaker, row.speaker_kind) == ("Ann Lee", "person")
