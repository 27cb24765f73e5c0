"""The lessons on a corpus they were not written for.

Prose about the built-in corpus is tagged ``builtin-corpus`` and left out of
other corpora's editions; hand annotations are never borrowed; tables written
for the built-in events are not applied to other events. The last test builds
the whole report on a one-event, one-outlet variant of the small corpus and
checks that no trace of the built-in story reaches any page.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import nbformat

from helpers import events as ev
from helpers import load_articles, open_corpus, overview, quotes, sentiment
from helpers.build import BUILTIN_TAG, for_corpus, numbered_notebooks
from helpers.corpus import ROOT

SMALL = ROOT / "tests" / "corpora" / "small"
UNSEEN = ROOT / "tests" / "corpora" / "unseen"
#: Words that only the built-in story uses; none may appear in another corpus's report.
STORY_WORDS = re.compile(r"Syria|Russia|Putin|Assad|Gerasimov|Kremlin|Khatib|Jazeera|Aleppo|"
                         r"Latakia|Hmeymim|Tartus|Astana|VICE|New Arab|indep-2017|aj-long")


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 99 · A lesson"),
                nbformat.v4.new_markdown_cell("About the built-in corpus."),
                nbformat.v4.new_code_cell("x = 1")]
    nb.cells[1].metadata["tags"] = [BUILTIN_TAG]
    return nb


def test_builtin_cells_stay_for_the_builtin_corpus() -> None:
    nb = for_corpus(_notebook(), None)
    assert [c.source for c in nb.cells] == ["# 99 · A lesson", "About the built-in corpus.",
                                            "x = 1"]


def test_builtin_cells_go_for_another_corpus() -> None:
    nb = for_corpus(_notebook(), "/some/where/small")
    sources = [c.source for c in nb.cells]
    assert sources[0] == "# 99 · A lesson" and sources[-1] == "x = 1"
    assert "About the built-in corpus." not in sources
    assert "Built on the corpus <code>small</code>" in sources[1]
    assert "/some/where" not in sources[1]  # no machine paths in a report


def test_every_lesson_tags_its_builtin_prose() -> None:
    """Each numbered lesson that talks about the built-in story marks those cells."""
    tagged = {p.name: sum(BUILTIN_TAG in c.metadata.get("tags", [])
                          for c in nbformat.read(p, as_version=4).cells)
              for p in numbered_notebooks()}
    for name in ("01-source-comparison.ipynb", "02-sentiment.ipynb", "03-framing.ipynb",
                 "04-march-2016-vs-january-2017.ipynb"):
        assert tagged[name] > 0, name
    for path in numbered_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            if BUILTIN_TAG not in cell.metadata.get("tags", []):
                assert not STORY_WORDS.search(cell.source), (path.name, cell.source[:120])


def test_hand_annotations_are_never_borrowed(tmp_path: Path) -> None:
    assert len(quotes.load_quote_annotations(open_corpus())) > 0
    assert len(sentiment.load_tone_labels(open_corpus())) > 0
    shutil.copytree(SMALL, tmp_path / "c")
    shutil.rmtree(tmp_path / "c" / "annotations")
    assert quotes.load_quote_annotations(open_corpus(tmp_path / "c")).empty
    assert sentiment.load_tone_labels(open_corpus(tmp_path / "c")).empty
    sources = overview.table_sources(open_corpus(tmp_path / "c")).set_index("table")
    assert sources.loc["annotations/quotes.csv", "source"] == "none"
    assert sources.loc["frames.csv", "source"] == "generic + corpus folder"
    assert sources.loc["quote_cues.csv", "source"] == "generic"


def test_only_annotated_articles_are_scored() -> None:
    """The small corpus annotates two of its four articles; the grammar finds all nine."""
    scores, errors = quotes.score_quotes(open_corpus(SMALL))
    by = scores.set_index("measure")
    assert (by.loc["precision", "correct"], by.loc["precision", "total"]) == (9, 9)
    assert (by.loc["recall", "correct"], by.loc["recall", "total"]) == (9, 9)
    assert errors.empty


def test_an_empty_annotation_gives_no_scores() -> None:
    corpus = open_corpus(SMALL)
    empty = quotes.load_quote_annotations(corpus).iloc[:0]
    scores, errors = quotes.score_quotes(corpus, annotations=empty)
    assert scores["value"].isna().all() and errors.empty


def test_borrowed_announcements_keep_only_the_corpus_events(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(SMALL, folder)
    (folder / "announcements.csv").unlink()
    corpus = open_corpus(folder)
    assert ev.load_announcements(corpus).empty
    assert ev.announcement_evidence(corpus).empty


def _one_event_one_outlet(tmp_path: Path) -> Path:
    folder = tmp_path / "single"
    shutil.copytree(SMALL, folder)
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        row.update(event="closure", outlet="Riverton Ledger")
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    events = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    (folder / "events.csv").write_text("\n".join(events[:2]) + "\n", encoding="utf-8")
    announcements = (folder / "announcements.csv").read_text(encoding="utf-8").splitlines()
    (folder / "announcements.csv").write_text(
        "\n".join([announcements[0]] + [r for r in announcements[1:] if ",closure," in r]) + "\n",
        encoding="utf-8")
    return folder


def test_whole_report_on_one_event_and_one_outlet(tmp_path: Path) -> None:
    """Every lesson runs; no page mentions the built-in story; the one-event prose reads right."""
    from helpers.report import build_report

    folder = _one_event_one_outlet(tmp_path)
    reports = tmp_path / "reports"
    build_report(numbered_notebooks(), reports, str(folder))
    pages = sorted(reports.glob("*.html"))
    assert len(pages) == 3 * len(numbered_notebooks()) + 1
    for page in pages:
        found = STORY_WORDS.findall(page.read_text(encoding="utf-8"))
        assert not found, f"{page.name} mentions the built-in story: {sorted(set(found))}"
    for path in sorted((reports / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            stderr = [o for o in cell.get("outputs", []) if o.get("name") == "stderr"]
            assert not stderr, f"{path.name}, cell {cell.id} wrote to stderr: {stderr[0].text}"
    lesson = (reports / "04-march-2016-vs-january-2017.reader.html").read_text(encoding="utf-8")
    assert "covers <strong>one</strong> announcement" in lesson
    assert "With one announcement there is no second group" in lesson
    assert "the second" not in lesson and "first column" not in lesson
    assert "Built on the corpus <code>single</code>" in lesson
    tone = (reports / "02-sentiment.reader.html").read_text(encoding="utf-8")
    assert "The corpus has one outlet, <strong>Riverton Ledger</strong>" in tone
    assert "most positive outlet" not in tone
    framing = (reports / "03-framing.reader.html").read_text(encoding="utf-8")
    assert "The corpus has one outlet, so its words are not compared" in framing


def test_three_events_compare_the_first_with_the_last(tmp_path: Path) -> None:
    """With more than two announcements the prose names the first and the last group."""
    from helpers.build import execute

    folder = tmp_path / "three"
    shutil.copytree(SMALL, folder)
    text = (folder / "articles.csv").read_text(encoding="utf-8")
    (folder / "articles.csv").write_text(
        text.replace("bulletin-reversal,bulletin-reversal.txt,Northside Bulletin,invented,"
                     "2023-04-13,stated,reversal,", "bulletin-reversal,bulletin-reversal.txt,"
                     "Northside Bulletin,invented,2023-04-13,stated,reopening,"), encoding="utf-8")
    with (folder / "events.csv").open("a", encoding="utf-8") as f:
        f.write("reopening,April 2023: the branch reopens,2023-04-13,Riverton city council,"
                "Added by a test.\n")
    assert load_articles(folder).event.nunique() == 3
    nb = execute(ROOT / "notebooks" / "04-march-2016-vs-january-2017.ipynb",
                 parameters={"CORPUS": str(folder)})
    said = "\n".join(o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []) if "text/markdown" in o.get("data", {}))
    assert "The corpus covers **3** announcements" in said
    assert "for the last" in said and "the second" not in said


def test_whole_report_on_a_corpus_with_no_story_table(tmp_path: Path) -> None:
    """A folder with only articles.csv and events.csv, as a teacher brings it: every lesson
    builds, no page carries a word of the built-in story, and each missing story table is
    named where it is needed."""
    from helpers.report import build_report

    folder = tmp_path / "bare"
    shutil.copytree(UNSEEN, folder, ignore=shutil.ignore_patterns("gold", "README.md"))
    assert sorted(p.name for p in folder.glob("*.csv")) == ["articles.csv", "events.csv"]
    reports = tmp_path / "reports"
    build_report(numbered_notebooks(), reports, str(folder))
    pages = sorted(reports.glob("*.html"))
    assert len(pages) == 3 * len(numbered_notebooks()) + 1
    text = ""
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = STORY_WORDS.findall(html)
        assert not found, f"{page.name} mentions the built-in story: {sorted(set(found))}"
        text += html
    for name in ("announcements.csv", "facts.csv", "naming.csv", "actors.csv"):
        assert f"has no <code>{name}</code>" in text, f"no page says that {name} is missing"
