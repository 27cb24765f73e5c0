"""Importing saved web pages (helpers.importer) on the invented pages of tests/pages/.

The pages imitate the shapes real news sites use: Open Graph and article meta tags, JSON-LD
(plain and as an @graph), bylines, cookie banners, navigation, related links, promos, comment
sections, footers, an AMP page with only a <title> and a dateline, a page with no metadata, a
windows-1252 page, a UTF-16 page, an index page, an error page and broken files. Every import
runs with sockets blocked.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import no_network

import helpers
from helpers.corpus import load_articles, validate_corpus
from helpers.importer import PageError, decode_page, extract_page, import_pages, main

PAGES = Path(__file__).parent / "pages"
ROOT = Path(__file__).resolve().parents[1]

#: Every paragraph of each article, by its opening words: none may be lost.
PARAGRAPHS = {
    "harbour-gazette-ferry": [
        "Islanders say the reduced timetable will leave them",
        "The only ferry linking Kestrel Island to the mainland",
        "Bayline Shipping said rising fuel costs",
        "“We have looked at every option",
        "Worries about school and surgery trips",
        "Parents say the change will make the daily school run",
        "Dr Anneke Voss, who runs the island’s weekly surgery",
        "The island’s community council has called an emergency meeting",
    ],
    "northfield-times-islanders": [
        "Residents of Kestrel Island are planning to sail a flotilla",
        "The organisers, a group of fishermen and parents",
        "Harriet Lowe, whose two sons travel to school",
        "The protest has the backing of the island's community council",
        "Bayline Shipping said it understood the strength of feeling",
    ],
    "coastline-radio-amp": [
        "PORT ELLIS, 16 November 2023 – The daily winter ferry",
        "Councillors voted by nine votes to four",
        "Rolf Ekberg, chair of the island's community council",
        "The council's transport lead, Councillor Joan Hadley",
        "Bayline Shipping said the daily timetable would resume",
    ],
    "island-voice-cafe": [
        "The Harbour Café on Kestrel Island has become",
        "Owner Lise Arnesen said the café had stayed open late",
        "The petition now has 1,212 signatures – more than three times the island’s",
        "Campaigners say they will keep the café as their base",
    ],
    "pier-post-timetable": [
        "Bayline Shipping has published its winter timetable",
        "The company said the Saturday afternoon sailing",
        "The timetable is paid for by the council’s one-off grant",
    ],
    "islanders-blog": [
        "I have lived on Kestrel Island for thirty-one years",
        "When the timetable was cut to two sailings a week",
        "Last week I watched fifteen boats sail out together",
        "Whatever the council decides, I hope it remembers",
    ],
}

#: Page furniture, by kind: none of it may reach any text.
FURNITURE = {
    "navigation": ["Local news", "What's on", "Home", "Sign in", "Today's e-paper",
                   "Listen live", "Programme schedule", "Travel and tides", "Front page",
                   "Archive", "Menu", "Local"],
    "cookie banner": ["We use cookies", "Accept all", "Manage preferences",
                      "Your privacy choices", "212 partners", "This site uses cookies"],
    "promo": ["Sign up to Coast Briefing", "Subscribe from £1", "Daily Digest", "Read more",
              "Winter ferry timetable: what changes", "Advertisement", "Advertise with",
              "Share on Facebook", "WhatsApp", "Copy link", "4 min read"],
    "related links": ["More on this story", "Bayline adds fuel surcharge",
                      "MV Tern back in service", "Kestrel Island school bus contract",
                      "Most read", "Most popular", "Port Ellis fish market",
                      "A91 roadworks", "More news", "Storm closes coast road"],
    "comments": ["Comments (3)", "islandgran", "Twice a week is a disgrace",
                 "why should Bayline lose money", "They said the same in 2019",
                 "Join the conversation", "seaview72", "Good on them",
                 "A flotilla will just cost more fuel"],
    "footer": ["All rights reserved", "Registered in Portshire", "Privacy policy",
               "Terms and conditions", "Copyright 2023", "14 Mill Lane", "Cookie policy",
               "View the full site", "97.4 FM", "written by volunteers",
               "Printed and published in Port Ellis", "Spotted an error", "Topics:",
               "Tags:"],
    "caption and byline": ["Photograph: Harbour Gazette", "By Mira Solberg",
                           "Local affairs reporter", "By Ilse Brandt", "by Dagny Holm"],
}

#: The outlet, date and headline each page gives, and where import found them.
METADATA = {
    "harbour-gazette-ferry": dict(
        outlet="The Harbour Gazette", outlet_basis="og:site_name",
        published="2023-10-03", published_basis="article:published_time",
        headline="Winter ferry to Kestrel Island to be cut to two sailings a week",
        headline_basis="h1", author="Mira Solberg", author_basis="meta author", event="cut",
        url="https://www.harbourgazette.example/news/2023/oct/03/kestrel-island-winter-ferry-cut",
        url_basis="canonical link"),
    "northfield-times-islanders": dict(
        outlet="Northfield Times", outlet_basis="JSON-LD",
        published="2023-10-04", published_basis="JSON-LD",
        headline="Kestrel islanders plan protest sailing over ferry cuts",
        headline_basis="h1", author="Ilse Brandt", author_basis="JSON-LD", event="cut"),
    "coastline-radio-amp": dict(
        outlet="Coastline Radio", outlet_basis="title",
        published="2023-11-16", published_basis="dateline",
        headline="Council steps in to save Kestrel Island's winter ferry",
        headline_basis="h1", author="", author_basis="", event="reprieve",
        url="https://coastlineradio.example/news/council-saves-kestrel-ferry"),
    "island-voice-cafe": dict(
        outlet="Island Voice", outlet_basis="og:site_name",
        published="2023-11-17", published_basis="article:published_time",
        headline="Island café becomes ferry campaign headquarters", event="reprieve",
        author="Dagny Holm"),
    "pier-post-timetable": dict(
        outlet="The Pier Post", outlet_basis="JSON-LD",
        published="2023-11-18", published_basis="JSON-LD",
        headline="Timetable returns to daily sailings on Monday", event="reprieve",
        url="https://pierpost.example/2023/11/18/daily-sailings", url_basis="JSON-LD"),
}

NOT_IMPORTED = {
    "empty.htm": "the file is empty",
    "scan.html": "looks like a PNG image",
    "mislabelled-charset.html": "byte 0x93 at offset",
    "local-news-index.html": "holds no article",
    "page-not-found.html": "holds no article",
}



def _run(pages: Path, corpus: Path) -> pd.DataFrame:
    with no_network():
        return import_pages(pages, corpus)


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["article_id"]: row for row in csv.DictReader(f)}


def _copy_pages(folder: Path, names: list[str] | None = None) -> Path:
    folder.mkdir(parents=True)
    for page in sorted(PAGES.iterdir()):
        if names is None or page.name in names:
            shutil.copyfile(page, folder / page.name)
    return folder


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, pd.DataFrame]:
    """tests/pages imported once into a fresh corpus folder: (pages, corpus, log)."""
    base = tmp_path_factory.mktemp("import")
    pages = _copy_pages(base / "saved pages")
    corpus = base / "corpus"
    return pages, corpus, _run(pages, corpus)


def _text(corpus: Path, article_id: str) -> str:
    return (corpus / f"{article_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("article_id", sorted(METADATA))
def test_metadata_and_its_basis(imported, article_id: str) -> None:
    _, corpus, _ = imported
    row = _rows(corpus / "articles.csv")[article_id]
    for column, expected in METADATA[article_id].items():
        assert row[column] == expected, (article_id, column)
    assert row["evidence"].startswith(f"Imported from pages/{row['page_file'][6:]}")
    assert row["event_basis"].startswith("events.csv: the latest event on or before")


@pytest.mark.parametrize("article_id", sorted(PARAGRAPHS))
def test_no_paragraph_is_lost(imported, article_id: str) -> None:
    _, corpus, _ = imported
    paragraphs = _text(corpus, article_id).rstrip("\n").split("\n\n")
    assert len(paragraphs) == len(PARAGRAPHS[article_id])
    for paragraph, opening in zip(paragraphs, PARAGRAPHS[article_id], strict=True):
        assert paragraph.startswith(opening)
        assert "\n" not in paragraph


@pytest.mark.parametrize("kind", sorted(FURNITURE))
def test_no_furniture_reaches_the_text(imported, kind: str) -> None:
    _, corpus, _ = imported
    for article_id in PARAGRAPHS:
        lines = _text(corpus, article_id).splitlines()
        for snippet in FURNITURE[kind]:
            hits = [line for line in lines if snippet in line]
            # "Local" and "Home" are words of the story too; as furniture they are whole lines.
            if snippet in ("Local", "Home", "Menu", "Archive"):
                hits = [line for line in lines if line.strip() == snippet]
            assert not hits, f"{kind} {snippet!r} in {article_id}: {hits}"


def test_headline_is_kept_in_articles_csv_not_in_the_text(imported) -> None:
    _, corpus, _ = imported
    for article_id, meta in METADATA.items():
        assert meta["headline"] not in _text(corpus, article_id)


def test_pages_are_kept_byte_for_byte_with_their_sha256(imported) -> None:
    pages, corpus, _ = imported
    for row in _rows(corpus / "articles.csv").values():
        kept = (corpus / row["page_file"]).read_bytes()
        original = (pages / Path(row["page_file"]).name).read_bytes()
        assert kept == original
        assert row["page_sha256"] == hashlib.sha256(original).hexdigest()
        text = (corpus / row["seed_file"]).read_bytes()
        assert row["sha256"] == hashlib.sha256(text).hexdigest()


def test_other_encodings_are_decoded(imported) -> None:
    _, corpus, _ = imported
    voice = _text(corpus, "island-voice-cafe")
    assert "“People needed somewhere warm to meet, and the hall costs £20" in voice
    assert "read as windows-1252 (declared)" in _rows(corpus / "articles.csv")[
        "island-voice-cafe"]["evidence"]
    assert "the council’s one-off grant" in _text(corpus, "pier-post-timetable")


def test_bad_pages_get_a_clear_line_and_the_rest_are_imported(imported) -> None:
    _, corpus, log = imported
    failed = log[log.status == "not imported"].set_index("page")["message"]
    assert sorted(failed.index) == sorted(NOT_IMPORTED)
    for page, words in NOT_IMPORTED.items():
        assert words in failed[page]
        assert " Fix: " in failed[page]
    assert "windows-1252" in failed["mislabelled-charset.html"]
    assert 'title "Page not found - Northfield Times"' in failed["page-not-found.html"]
    assert not any((corpus / f"{Path(p).stem}.txt").exists() for p in NOT_IMPORTED)
    assert sorted(log.loc[log.status == "imported", "article_id"]) == sorted(METADATA)


def test_page_without_metadata_waits_in_needs_review(imported) -> None:
    _, corpus, log = imported
    review = _rows(corpus / "needs-review.csv")
    assert list(review) == ["islanders-blog"]
    row = review["islanders-blog"]
    assert row["headline"] == "Notes from the island: what the ferry means to us"
    assert row["outlet"] == row["published"] == row["event"] == ""
    for words in ("outlet: the page names no outlet", "published: the page gives no date",
                  "event: import picks it once published is filled in"):
        assert words in row["missing"]
    assert "Outlet: not found on the page." in row["evidence"]
    assert "islanders-blog" not in _rows(corpus / "articles.csv")
    message = log.set_index("page").loc["islanders-blog.html", "message"]
    assert "missing outlet" in message


def test_events_csv_is_copied_and_the_result_validates(imported) -> None:
    _, corpus, log = imported
    assert (corpus / "events.csv").read_bytes() == (PAGES / "events.csv").read_bytes()
    assert validate_corpus(corpus) == []
    assert not (log.status == "validate").any()
    articles = load_articles(corpus)
    assert sorted(articles.index) == sorted(METADATA)
    assert articles.loc["coastline-radio-amp", "published"] == pd.Timestamp("2023-11-16")


def test_rerun_changes_nothing_and_says_so(imported, tmp_path: Path) -> None:
    pages, corpus, _ = imported
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    log = _run(pages, copy)
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before
    skipped = log[log.status == "skipped"].set_index("article_id")["message"]
    assert sorted(skipped.index) == sorted(METADATA)
    assert "already imported as islanders-blog (needs-review.csv); still missing" in \
        log.set_index("article_id").loc["islanders-blog", "message"]


def test_rerun_keeps_edits_and_adds_new_pages(tmp_path: Path) -> None:
    pages = _copy_pages(tmp_path / "pages", ["harbour-gazette-ferry.html", "events.csv"])
    corpus = tmp_path / "corpus"
    _run(pages, corpus)
    edited = "My own version of the article.\n"
    (corpus / "harbour-gazette-ferry.txt").write_text(edited, encoding="utf-8")
    articles = (corpus / "articles.csv").read_text(encoding="utf-8")
    (corpus / "articles.csv").write_text(articles.replace("The Harbour Gazette,og:site_name",
                                                          "Harbour Gazette,corrected by hand"),
                                         encoding="utf-8")
    shutil.copyfile(PAGES / "northfield-times-islanders.html",
                    pages / "northfield-times-islanders.html")
    log = _run(pages, corpus).set_index("page")
    assert log.loc["harbour-gazette-ferry.html", "status"] == "kept"
    assert "was edited after import and is kept as you left it" in \
        log.loc["harbour-gazette-ferry.html", "message"]
    assert log.loc["northfield-times-islanders.html", "status"] == "imported"
    assert (corpus / "harbour-gazette-ferry.txt").read_text(encoding="utf-8") == edited
    rows = _rows(corpus / "articles.csv")
    assert rows["harbour-gazette-ferry"]["outlet"] == "Harbour Gazette"
    assert rows["harbour-gazette-ferry"]["outlet_basis"] == "corrected by hand"
    assert list(rows) == ["harbour-gazette-ferry", "northfield-times-islanders"]


def test_a_new_version_of_a_page_is_imported_beside_the_old(tmp_path: Path) -> None:
    pages = _copy_pages(tmp_path / "pages", ["coastline-radio-amp.html", "events.csv"])
    corpus = tmp_path / "corpus"
    _run(pages, corpus)
    page = pages / "coastline-radio-amp.html"
    page.write_bytes(page.read_bytes().replace(b"nine votes to four", b"nine votes to five"))
    log = _run(pages, corpus).set_index("page")
    assert log.loc["coastline-radio-amp.html", "article_id"] == "coastline-radio-amp-2"
    assert "already holds a different page" in log.loc["coastline-radio-amp.html", "message"]
    assert (corpus / "pages" / "coastline-radio-amp-2.html").read_bytes() == page.read_bytes()
    assert "nine votes to five" in _text(corpus, "coastline-radio-amp-2")
    assert "nine votes to four" in _text(corpus, "coastline-radio-amp")


def test_filled_in_review_rows_move_to_articles_csv(tmp_path: Path) -> None:
    pages = _copy_pages(tmp_path / "pages", ["islanders-blog.html", "events.csv"])
    corpus = tmp_path / "corpus"
    _run(pages, corpus)
    path = corpus / "needs-review.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0].update(outlet="Kestrel Island Blog", outlet_basis="by hand",
                   published="2023-10-10", published_basis="the author's email")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    log = _run(pages, corpus).set_index("article_id")
    assert log.loc["islanders-blog", "status"] == "moved"
    assert not path.exists()
    row = _rows(corpus / "articles.csv")["islanders-blog"]
    assert (row["outlet"], row["published"], row["event"]) == \
        ("Kestrel Island Blog", "2023-10-10", "cut")
    assert "missing" not in row
    assert validate_corpus(corpus) == []


def test_without_events_csv_articles_wait_for_one(tmp_path: Path) -> None:
    pages = _copy_pages(tmp_path / "pages", ["pier-post-timetable.html"])
    corpus = tmp_path / "corpus"
    log = _run(pages, corpus)
    assert "no events.csv in the pages folder or the corpus" in " ".join(log.message)
    review = _rows(corpus / "needs-review.csv")
    assert "event: there is no events.csv" in review["pier-post-timetable"]["missing"]
    assert _rows(corpus / "articles.csv") == {}
    assert any("has no article rows" in m for m in log.loc[log.status == "validate", "message"])
    shutil.copyfile(PAGES / "events.csv", corpus / "events.csv")
    log = _run(pages, corpus).set_index("article_id")
    assert log.loc["pier-post-timetable", "status"] == "moved"
    assert _rows(corpus / "articles.csv")["pier-post-timetable"]["event"] == "reprieve"


def test_output_is_deterministic(imported, tmp_path: Path) -> None:
    pages, corpus, log = imported
    again = tmp_path / "again"
    log2 = _run(pages, again)
    files = sorted(p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (corpus / name).read_bytes() == (again / name).read_bytes(), name
    assert log.drop(columns="message").equals(log2.drop(columns="message"))


def test_decode_page_reads_declared_and_marked_encodings() -> None:
    html = "<html><head><title>Caf\u00e9</title></head><body>\u201cHi\u201d</body></html>"
    assert decode_page(html.encode("utf-16-le")) == (html, "utf-16-le")
    assert decode_page(html.encode("utf-16-be")) == (html, "utf-16-be")
    assert decode_page(b"\xef\xbb\xbf" + html.encode())[0] == html
    declared = html.replace("<head>", '<head><meta charset="ISO-8859-1">')
    assert decode_page(declared.encode("cp1252"))[0] == declared
    xml = '<?xml version="1.0" encoding="windows-1252"?>' + html
    assert decode_page(xml.encode("cp1252"))[0] == xml
    with pytest.raises(PageError, match="not a known encoding"):
        decode_page(b'<meta charset="klingon-8"><p>x</p>')
    with pytest.raises(PageError, match="is not valid utf-8 \\(the default\\)"):
        decode_page(html.encode("cp1252"))


def test_extract_page_gives_values_with_their_basis(offline: None) -> None:
    page = extract_page((PAGES / "harbour-gazette-ferry.html").read_bytes())
    assert page.outlet.basis == "og:site_name"
    assert "the JSON-LD publisher agrees" in page.outlet.evidence
    assert page.published.evidence.startswith(
        'Published: article:published_time "2023-10-03T07:15:00+01:00"')
    assert page.text.endswith("crossing a week.\n")


def test_command_line_reads_the_environment(tmp_path: Path, capsys: pytest.CaptureFixture,
                                            offline: None) -> None:
    assert main({}) == 2
    assert "Set PAGES" in capsys.readouterr().err
    pages = _copy_pages(tmp_path / "c-`id` $(touch x)", ["harbour-gazette-ferry.html",
                                                           "events.csv"])
    corpus = tmp_path / "out; rm -rf ~"
    assert main({"PAGES": str(pages), "CORPUS": str(corpus)}) == 0
    out = capsys.readouterr().out
    assert "imported  harbour-gazette-ferry.html" in out
    assert (corpus / "harbour-gazette-ferry.txt").exists()
    assert main({"PAGES": str(tmp_path / "nowhere"), "CORPUS": str(corpus)}) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_module_runs_from_the_command_line_without_warnings(tmp_path: Path) -> None:
    pages = _copy_pages(tmp_path / "pages", ["coastline-radio-amp.html", "events.csv"])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PAGES": str(pages),
           "CORPUS": str(tmp_path / "corpus")}
    done = subprocess.run([sys.executable, "-m", "helpers.importer"], env=env,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert "1 article(s) added" in done.stdout


def test_makefile_passes_folders_through_the_environment() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    exported = re.search(r"\nexport ([A-Z_ ]+)\n", makefile)
    assert exported and {"PAGES", "CORPUS"} <= set(exported.group(1).split())
    recipe = makefile.split("\nimport:", 1)[1].split("\n\n", 1)[0]
    assert "$(PAGES)" not in recipe and "$(CORPUS)" not in recipe
    assert "helpers.importer" in recipe


def test_import_pages_is_exported() -> None:
    assert helpers.import_pages is import_pages
