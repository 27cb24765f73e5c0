"""The loaders on the real corpus, and a clear error for every kind of bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import sha256

from helpers import (
    CorpusError,
    load_articles,
    load_boilerplate,
    load_sentences,
    open_corpus,
    overview,
    raw_offset,
    validate_corpus,
)
from helpers.corpus import DATA_DIR, SEEDS_DIR

EXPECTED = {
    "indep-2017": ("The Independent", "2017-01-06", "jan2017"),
    "aj-short-2016": ("Al Jazeera", "2016-03-15", "mar2016"),
    "aj-long-2016": ("Al Jazeera", "2016-03-15", "mar2016"),
    "vice-2017": ("VICE News", "2017-01-06", "jan2017"),
    "newarab-2016": ("The New Arab", "2016-03-14", "mar2016"),
}

# Every piece of furniture the issue lists, as it appears in the seeds.
FURNITURE = [
    # a headline printed twice
    ("newarab-2016", "Russia to begin withdrawal of Russian troops from Syria"),
    ("indep-2017", "1/12 Aleppo before the Syrian Civil War"),  # photo gallery
    ("indep-2017", "12/12 Aleppo before the Syrian Civil War"),
    ("newarab-2016", "[AFP]"),  # caption
    ("aj-short-2016", "PHOTO CAPTION"),
    ("aj-short-2016", "Hundreds of Aleppo residents took advantage"),
    ("aj-long-2016", "READ MORE"),
    ("aj-long-2016", "Syrian peace negotiations kick off in Geneva"),  # related link
    ("aj-long-2016", "A generation of Syrians born in Jordan camps"),
    ("aj-long-2016", "Inside Story"),
    ("indep-2017", "Vladimir Putin announces ceasefire agreement in Syria"),
    ("aj-short-2016", "Related Articles"),
    ("aj-short-2016", "1808 0 256"),  # share counter
    ("vice-2017", "Advertisement"),
    ("vice-2017", "This story is over 5 years old"),
    ("newarab-2016", "3 min read"),
    ("newarab-2016", "[click to enlarge]"),
    ("indep-2017", "date 2017-01-06"),
    ("aj-long-2016", "Source: Al Jazeera, News Agencies"),
]


def test_metadata_of_all_five(articles: pd.DataFrame) -> None:
    assert list(articles.index) == list(EXPECTED)
    for aid, (outlet, date, event) in EXPECTED.items():
        row = articles.loc[aid]
        assert (row.outlet, row.published.date().isoformat(), row.event) == (outlet, date, event)
    assert pd.api.types.is_datetime64_any_dtype(articles["published"])
    assert articles.loc["indep-2017", "headline"] == ""


@pytest.mark.parametrize(("article_id", "piece"), FURNITURE)
def test_furniture_is_stripped(articles: pd.DataFrame, article_id: str, piece: str) -> None:
    assert piece in articles.loc[article_id, "raw_text"]
    assert piece not in articles.loc[article_id, "text"]


def test_every_removed_piece_has_a_reason(articles: pd.DataFrame) -> None:
    pieces = load_boilerplate(articles)
    assert set(pieces.columns) >= {"article_id", "start", "end", "text", "reason"}
    assert (pieces.reason.str.len() > 10).all()
    for row in pieces.itertuples():
        assert articles.loc[row.article_id, "raw_text"][row.start:row.end] == row.text


def test_nothing_is_lost(articles: pd.DataFrame) -> None:
    """Body plus removed pieces account for every non-space character of raw_text."""
    pieces = load_boilerplate(articles)
    for aid, row in articles.iterrows():
        removed = "".join(pieces[pieces.article_id == aid].text)
        squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
        assert sorted(squeeze(row.text + removed)) == sorted(squeeze(row.raw_text))
        assert len(squeeze(row.text)) + len(squeeze(removed)) == len(squeeze(row.raw_text))


def test_every_body_sentence_is_kept(articles: pd.DataFrame) -> None:
    last = {
        "indep-2017": "they will pursue that rather than seek a political compromise.\"",
        "aj-short-2016": "humanitarian aid deliveries have resumed in recent weeks.",
        "aj-long-2016": "humanitarian aid deliveries have resumed in recent weeks.",
        "vice-2017": "“if we cannot stop the escalating violations.”",
        "newarab-2016": "hold on to around half of the country.",
    }
    for aid, tail in last.items():
        assert articles.loc[aid, "text"].endswith(tail)
    # the standfirst stays: it is written journalism, not furniture
    assert articles.loc["aj-long-2016", "text"].startswith("Putin’s surprise announcement")


def test_body_offsets_map_back_to_raw(articles: pd.DataFrame) -> None:
    for aid, row in articles.iterrows():
        for word in ("Syria", "Putin"):
            for m in re.finditer(word, row.text):
                j = raw_offset(articles, aid, m.start())
                assert row.raw_text[j:j + len(word)] == word


def test_seeds_match_checksums(articles: pd.DataFrame) -> None:
    for row in articles.itertuples():
        assert sha256(SEEDS_DIR / row.seed_file) == row.sha256


# ---------------------------------------------------------------- bad input


def rewrite_row(folder: Path, target: str, **changes: str) -> None:
    csv = folder / "articles.csv"
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    for col, value in changes.items():
        table.loc[table.article_id == target, col] = value
    table.to_csv(csv, index=False)


def expect_error(folder: Path, *needles: str) -> str:
    with pytest.raises(CorpusError) as info:
        load_articles(folder)
    message = str(info.value)
    for needle in (*needles, "Fix:"):
        assert needle in message, message
    assert validate_corpus(folder), "validate_corpus must report the same problem"
    return message


def test_missing_text_file(make_corpus) -> None:
    folder = make_corpus()
    (folder / "003_534c8b2d5aedc8fc.txt").unlink()
    expect_error(folder, "line 5", "vice-2017", "003_534c8b2d5aedc8fc.txt", "does not exist")


def test_empty_file(make_corpus) -> None:
    folder = make_corpus()
    (folder / "003_534c8b2d5aedc8fc.txt").write_bytes(b"  \n")
    rewrite_row(folder, "vice-2017", sha256="")
    expect_error(folder, "vice-2017", "empty")


def test_bytes_that_are_not_utf8(make_corpus) -> None:
    folder = make_corpus()
    path = folder / "002_45b88970ff227739.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    rewrite_row(folder, "aj-long-2016", sha256="")
    msg = expect_error(folder, "aj-long-2016", "not valid UTF-8", "0x92", "line 3")
    assert "iconv" in msg


def test_binary_file(make_corpus) -> None:
    folder = make_corpus()
    (folder / "001_888a13b635aa6b6e.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    rewrite_row(folder, "aj-short-2016", sha256="")
    expect_error(folder, "aj-short-2016", "binary")


def test_duplicate_id(make_corpus) -> None:
    folder = make_corpus()
    rewrite_row(folder, "vice-2017", article_id="indep-2017")
    expect_error(folder, "line 5", "'indep-2017' was already used on line 2")


def test_impossible_date(make_corpus) -> None:
    folder = make_corpus()
    rewrite_row(folder, "newarab-2016", published="2016-02-30")
    expect_error(folder, "line 6", "newarab-2016", "'2016-02-30' is not a real date")


def test_missing_required_column(make_corpus) -> None:
    folder = make_corpus()
    table = pd.read_csv(folder / "articles.csv", dtype=str, keep_default_na=False)
    table.drop(columns="outlet").to_csv(folder / "articles.csv", index=False)
    expect_error(folder, "articles.csv", "missing required column(s) ['outlet']")


def test_checksum_mismatch(make_corpus) -> None:
    folder = make_corpus()
    path = folder / "000_59a9dfcf1b0a5303.txt"
    path.write_text(path.read_text(encoding="utf-8") + " Edited.", encoding="utf-8")
    msg = expect_error(folder, "indep-2017", "sha256 mismatch")
    assert sha256(path) in msg  # tells the user the value to record if the edit is intended


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/hostname", "sub/../../outside.txt"])
def test_path_outside_the_corpus(make_corpus, path: str) -> None:
    folder = make_corpus()
    (folder.parent / "outside.txt").write_text("Secret text outside the corpus.\n")
    rewrite_row(folder, "vice-2017", seed_file=path, sha256="")
    expect_error(folder, "vice-2017", "points outside the corpus folder")


def test_all_problems_are_listed_at_once(make_corpus) -> None:
    folder = make_corpus()
    rewrite_row(folder, "newarab-2016", published="2016-13-01")
    (folder / "003_534c8b2d5aedc8fc.txt").unlink()
    problems = validate_corpus(folder)
    assert len(problems) == 2
    assert {"newarab-2016", "vice-2017"} <= {w for p in problems for w in re.findall(
        r"'([a-z0-9-]+)'", p.where)}


def test_too_many_cells_names_the_line(make_corpus) -> None:
    folder = make_corpus()
    with (folder / "articles.csv").open("a", encoding="utf-8") as f:
        f.write("x,y.txt,Outlet,basis,2016-01-01,stated,ev,Head, with comma,,,extra,more\n")
    expect_error(folder, "line 7", "cells but the header has")


def test_bom_crlf_and_blank_rows_load(make_corpus) -> None:
    folder = make_corpus()
    csv = folder / "articles.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_bytes(("\ufeff" + "\r\n".join(lines[:3] + ["", ",,,,", ""] + lines[3:]) + "\r\n")
                    .encode("utf-8"))
    text = folder / "003_534c8b2d5aedc8fc.txt"
    text.write_bytes(b"\xef\xbb\xbf" + text.read_bytes().replace(b"\n", b"\r\n"))
    rewrite_row(folder, "vice-2017", sha256="")
    loaded = load_articles(folder)
    assert len(loaded) == 5
    assert "\r" not in loaded.loc["vice-2017", "raw_text"]
    assert loaded.loc["vice-2017", "text"].startswith("A senior Russian General announced")


def test_defaults_come_from_data_folder() -> None:
    assert (DATA_DIR / "articles.csv").exists()
    assert validate_corpus() == []


# ---------------------------------------------------------------- furniture by kind, any corpus

# Invented lines of each kind of page furniture the generic rules know (data/generic/).
GENERIC_FURNITURE = [
    "REUTERS/Omar Sanadiki/File Photo",
    "A Russian jet lands at Hmeimim air base in Latakia, Syria, in this October 20, 2015 file "
    "photo.",
    "Syrian army soldiers walk in Aleppo, Syria December 13, 2016. REUTERS/Omar Sanadiki",
    "Russian President Vladimir Putin speaks in Moscow. LOUAI BESHARA/AFP",
    "Russian jets at an air base in Latakia. Photograph: Vasily Maximov/AFP/Getty Images",
    "Syrian President Bashar Assad meets troops in Damascus, Tuesday, Jan. 10, 2017. "
    "(SANA via AP)",
    "A man walks in the rubble of Aleppo. (AP Photo/Hassan Ammar)",
    "Russian soldiers in Syria (Picture: Getty)",
    "Photo: Reuters",
    "Image: Getty Images",
    "Photo by John Smith/AFP via Getty Images",
    "FILE PHOTO: Russian President Vladimir Putin attends a meeting in Moscow, Russia.",
    "In this file photo, taken in 2015, Russian jets are seen.",
    "3/10 Russian jets at Hmeimim Reuters",
    "Image 3 of 12",
    "Aleppo after the siege [Anadolu Agency]",
    "By Jane Smith",
    "By JANE SMITH, Middle East correspondent",
    "By Jane Smith and Omar Khalil, Reuters",
    "Published: 14 March 2016",
    "Updated: March 15, 2016 10:02 AM",
    "Posted at 10:02 AM",
    "Last updated 2 hours ago",
    "14 Mar 2016, 13:29 GMT",
    "Monday 14 March 2016 18.23 GMT",
    "Jane Smith | Al Jazeera | 14 Mar 2016",
    "5 min read",
    "Reading time: 4 minutes",
    "Sign up to our newsletter",
    "Subscribe to our daily newsletter for the latest updates",
    "Want this in your inbox? Sign up here.",
    "We use cookies to improve your experience.",
    "Follow us on Twitter",
    "Follow Al Jazeera English on Facebook",
    ":: Timeline: Russia in Syria",
    "• Russia's jets leave Syria",
    "READ MORE: Syria's war explained",
    "Related: Putin orders withdrawal",
    "Also read: What next for Syria",
    "Related Stories",
    "Most Read",
    "Share 120 Tweet 45",
    "1.2k shares",
    "Facebook Twitter Email",
    "ADVERTISEMENT",
    "Home > News > World",
    "Home » Middle East » Syria",
    "Middle East",
    "Reporting by Jack Stubbs; Editing by Tom Heneghan",
    "(Reporting by Jack Stubbs in Moscow; Editing by Tom Heneghan)",
    "Additional reporting by Omar Khalil in Beirut",
    "Associated Press writer Jim Heintz in Moscow contributed to this report.",
    "Source: Al Jazeera and news agencies",
    "© 2016 Reuters. All rights reserved.",
    "Staff and agencies",
    "Getty Images",
    "This article is more than 5 years old",
    "Image source, Reuters",
    "Image caption, Russian jets have been based at Hmeimim",
    "MOSCOW, March 14 (Reuters) —",
    "Photo 2 of 6: Russian jets at Hmeimim before the withdrawal",
    "Listen to our podcast on the Syria talks",
    "More on this story »",
    "Reporting by Jack Stubbs, editing by Tom Heneghan",
]

# Invented body lines that look like furniture but are sentences, however short or cut off.
GENERIC_BODY = [
    "By Monday, most of the jets had left.",
    "By the end of the year, Russia had withdrawn 60 aircraft.",
    "By October Russia had resumed air strikes",
    "A Reuters/Ipsos poll found that 40 percent of Americans supported the strikes.",
    "The photo showed the jets leaving Hmeimim.",
    "The soldier appeared in a photo posted online, officials said.",
    "Residents can sign up for the aid programme at the town hall.",
    "The company's newsletter said the talks had failed.",
    "Published in 2015, the report found that civilians were hit.",
    "Updated figures showed 2,000 fighters had been killed.",
    "Source of the leak remains unknown, officials said.",
    "No gains",
    "Russia withdraws",
    "9/11 changed the region.",
    "The talks are \"nowhere near starting\" [sic].",
    "Related talks in Geneva stalled.",
    "Share prices fell 3 percent.",
    "Home to 2 million people, Aleppo was the country's largest city.",
    "Follow the money, said the analyst.",
    "Advertisement revenue fell sharply last year.",
    "Putin said the task was, on the whole, fulfilled",
    "\"They [the Russians] will stay,\" he said.",
    "Putin: the task is done",
    "The exhibition shows a Picture by Van Gogh",
    "UN envoy Staffan de Mistura - who led the talks - said they failed.",
    "Accept all the terms, he said.",
    "Syria",
]


def write_corpus(folder: Path, text: str, headline: str = "") -> Path:
    """A corpus folder of one article with ``text`` and no tables of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "articles.csv").write_text(
        "article_id,seed_file,outlet,published,event,headline\n"
        f"a,a.txt,Wire,2016-03-16,x,{headline}\n", encoding="utf-8")
    return folder


def test_generic_rules_remove_every_kind_and_keep_every_sentence(tmp_path: Path) -> None:
    body = [f"Body sentence {i}." for i in range(len(GENERIC_FURNITURE) + 1)]
    pairs = zip(body[:-1], GENERIC_FURNITURE, strict=True)
    lines = [x for pair in pairs for x in pair] + [body[-1]]
    lines += GENERIC_BODY
    article = load_articles(write_corpus(tmp_path / "c", "\n\n".join(lines) + "\n")).iloc[0]
    paragraphs = article.text.split("\n\n")
    kept = [line for line in GENERIC_FURNITURE if line in paragraphs]
    lost = [line for line in body + GENERIC_BODY if line not in paragraphs]
    assert kept == [] and lost == []
    assert paragraphs == body + GENERIC_BODY
    rules = set(load_boilerplate(load_articles(tmp_path / "c")).rule_id)
    assert "unpunctuated_line" not in rules and len(rules) > 30


def test_every_generic_rule_says_why() -> None:
    rules = pd.read_csv(DATA_DIR / "generic" / "boilerplate.csv", dtype=str,
                        keep_default_na=False)
    assert rules.rule_id.is_unique and (rules.applies_to == "*").all()
    assert (rules.reason.str.len() > 20).all()
    assert "unpunctuated_line" not in set(rules.rule_id)
    assert "{repeated}" in set(rules.pattern)


@pytest.mark.parametrize("line, body", [
    # A dateline that opens the sentence stays with it: a sentence is never furniture.
    ("MOSCOW (Reuters) - Russia said on Monday it would withdraw.",
     "MOSCOW (Reuters) - Russia said on Monday it would withdraw."),
    ("Putin said (Photo: Reuters) the task was done.", "Putin said the task was done."),
    ("Putin said the task was done. ADVERTISEMENT The jets left.",
     "Putin said the task was done. The jets left."),
])
def test_furniture_inside_a_line_keeps_the_line_whole(tmp_path: Path, line: str,
                                                      body: str) -> None:
    folder = write_corpus(tmp_path / "c", f"First paragraph.\n\n{line}\n\nLast paragraph.\n")
    articles = load_articles(folder)
    text = articles.iloc[0].text
    assert text == f"First paragraph.\n\n{body}\n\nLast paragraph."
    raw = articles.iloc[0].raw_text
    for word in re.finditer(r"\w+", text):  # every word maps back to the raw text
        j = raw_offset(articles, "a", word.start())
        assert raw[j:j + len(word.group())] == word.group()
    assert load_sentences(articles).text.tolist()[1] == body.split(". ")[0] + (
        "." if ". " in body else "")


def test_repeated_lines_are_furniture(tmp_path: Path) -> None:
    """Every copy of a repeated promotion goes; a repeated sentence keeps its first copy."""
    text = ("Jets leave Syria\n\nRussia began withdrawing.\n\nJets leave Syria\n\n"
            "The first planes left.\n\n  Jets   leave Syria \n\nRussia began withdrawing.\n")
    corpus = open_corpus(write_corpus(tmp_path / "c", text))
    assert corpus.articles.iloc[0].text == "Russia began withdrawing.\n\nThe first planes left."
    pieces = load_boilerplate(corpus.articles)
    assert pieces.rule_id.tolist() == ["repeated_line"] * 4
    assert overview.accounting(corpus).unaccounted.tolist() == [0]


def test_a_list_of_other_headlines_goes_with_its_label(tmp_path: Path) -> None:
    text = ("Russia began withdrawing.\n\nMost Read\n\nJets leave Syria\n\nTalks resume in "
            "Geneva\n\nThe first planes left on Tuesday.\n")
    articles = load_articles(write_corpus(tmp_path / "c", text))
    assert articles.iloc[0].text == ("Russia began withdrawing.\n\n"
                                     "The first planes left on Tuesday.")
    assert load_boilerplate(articles).rule_id.tolist() == ["related_block"]


def test_short_lines_are_kept_without_a_story_rule(tmp_path: Path) -> None:
    """The built-in crosshead "No gains" goes only by data/boilerplate.csv's story rule."""
    text = "Russia withdraws\n\nNo gains\n\nThe war goes on\n"
    articles = load_articles(write_corpus(tmp_path / "c", text))
    assert articles.iloc[0].text == text.strip()
    assert load_boilerplate(articles).empty
