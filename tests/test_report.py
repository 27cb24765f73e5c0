"""The report machinery: editions hide what they should, nothing is fetched, failures are clear."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers import editions, events, open_corpus
from helpers.build import NotebookFailed, execute, inject_parameters, numbered_notebooks
from helpers.execute import WIDGET_VIEW, kernelspec, without_dead_widgets
from helpers.report import (
    EDITIONS,
    index_page,
    label_scores,
    notebook_title,
    render,
    summary_sentences,
)

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"
UNSEEN = Path(__file__).parent / "corpora" / "unseen"
EDITION = {e.name: e for e in EDITIONS}


def tiny_notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    nb.cells = [
        new_markdown_cell("# 99 · A tiny lesson\n\n**The question.** Does it render?\n\n"
                          "| | |\n|---|---|\n| **Learning goals** | GOALS_CARD |\n"
                          "| **Estimated time** | 5 minutes |"),
        new_markdown_cell("## Setting up\n\nSETUP_PROSE: the next cell holds the parameter."),
        new_code_cell("CORPUS = None", metadata={"tags": ["parameters"]}),
        new_code_cell("import pandas as pd\n"
                      f"pd.DataFrame({{'text': [{HOSTILE!r}]}})"),
        new_markdown_cell("## What do the tables say?\n\n`sentiment.sentence_sentiment` "
                          "API_SENTENCE scores every sentence. KEEP_FINDING: the scores are "
                          "small."),
        new_code_cell("pd.DataFrame({'group': ['UN'], 'pattern': ['PATTERN_ROW']})"),
        new_code_cell("pd.DataFrame({'outlet': ['ROW_A', 'ROW_B'], 'share': [0.5, None]})"),
        new_code_cell("from helpers import plotting\n"
                      "fig, ax = plotting.new_figure()\n"
                      "ax.bar(['a', 'b'], [1, 2])\n"
                      "plotting.finish(fig, ax, title='TINY_CHART_TITLE', xlabel='letters',\n"
                      "                source='Source: two letters');"),
        new_markdown_cell("## Check your understanding\n\n1. STUDENT_QUESTION?"),
        new_markdown_cell("TEACHING_NOTE on how the code works.", metadata={"tags": [
            "teaching-only"]}),
        new_markdown_cell("## Caveats\n\nKEEP_CAVEAT\n\n"
                          "## Your turn\n\n**Exercise.** Count the rows."),
        new_code_cell("# Solution 1\nSOLUTION_MARKER = 1", metadata={"tags": ["solution"]}),
    ]
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> nbformat.NotebookNode:
    path = tmp_path_factory.mktemp("nb") / "99-tiny.ipynb"
    nbformat.write(tiny_notebook(), path)
    return execute(path)


@pytest.mark.parametrize("edition", EDITIONS, ids=[e.name for e in EDITIONS])
def test_editions(executed: nbformat.NotebookNode, edition) -> None:
    page = render(executed, edition, "99-tiny")
    assert ("SOLUTION_MARKER" in page) == (edition.name == "instructor")
    assert ("highlight hl-ipython3" in page) == edition.show_code
    assert ("Count the rows" in page) == (edition.name != "reader")
    assert "KEEP_CAVEAT" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    for remote in ('src="http', "src='http", 'href="http', "cdnjs", "mathjax", "require.js"):
        assert remote not in page.lower(), remote


def test_title_and_question() -> None:
    assert notebook_title(tiny_notebook(), "x") == ("99 · A tiny lesson", "Does it render?")


def page(executed: nbformat.NotebookNode, edition: str) -> BeautifulSoup:
    return BeautifulSoup(render(executed, EDITION[edition], "99-tiny"), "html.parser")


@pytest.mark.parametrize("edition", EDITIONS, ids=[e.name for e in EDITIONS])
def test_every_page_has_its_own_title(executed: nbformat.NotebookNode, edition) -> None:
    title = page(executed, edition.name).title.get_text()
    assert title == f"99 · A tiny lesson — {edition.label} edition"


@pytest.mark.parametrize("edition", EDITIONS, ids=[e.name for e in EDITIONS])
def test_every_figure_says_what_it_shows(executed: nbformat.NotebookNode, edition) -> None:
    soup = page(executed, edition.name)
    images = soup.find_all("img")
    assert images and all(img.get("alt", "").strip() for img in images)
    assert "No description has been provided" not in str(soup)
    alt = images[0]["alt"]
    assert alt.startswith("TINY_CHART_TITLE.") and "letters" in alt and "two letters" in alt


@pytest.mark.parametrize("edition", EDITIONS, ids=[e.name for e in EDITIONS])
def test_every_input_and_output_can_take_the_focus(executed: nbformat.NotebookNode,
                                                   edition) -> None:
    """What nbconvert's own pass over the page did (keyboard users reach each cell): every
    code input shown and every output is focusable, once."""
    soup = page(executed, edition.name)
    outputs = soup.select("div.jp-OutputArea-output")
    inputs = soup.select("div.jp-Cell-inputWrapper")
    assert outputs and all(o.get("tabindex") == "0" for o in outputs + inputs)
    assert bool(soup.select("div.jp-CodeCell div.jp-Cell-inputWrapper")) == edition.show_code
    assert 'tabindex="0" tabindex' not in render(executed, edition, "99-tiny")


def test_an_edition_renders_the_same_twice(executed: nbformat.NotebookNode) -> None:
    """The exporter of an edition is made once and reused: a second page is not affected by
    the first (nothing of one notebook stays in it)."""
    first = render(executed, EDITION["teaching"], "99-tiny")
    other = copy.deepcopy(executed)
    other.cells[0].source = "# 98 · Another lesson"
    assert "Another lesson" in render(other, EDITION["teaching"], "98-other")
    assert render(executed, EDITION["teaching"], "99-tiny") == first


def test_an_image_without_a_description_gets_its_section() -> None:
    nb = new_notebook()
    nb.cells = [new_markdown_cell("## Who speaks?"), new_code_cell("x")]
    nb.cells[1].outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBO"})]
    editions.describe_images(nb)
    assert nb.cells[1].outputs[0].metadata["image/png"]["alt"] == \
        "Figure of the section “Who speaks?”."


def test_reader_edition_is_findings_only(executed: nbformat.NotebookNode) -> None:
    reader = page(executed, "reader").get_text()  # what a reader sees (not an image's bytes)
    teaching = page(executed, "teaching").get_text()
    for teaching_only in ("GOALS_CARD", "Estimated time", "SETUP_PROSE", "Setting up",
                          "API_SENTENCE", "PATTERN_ROW", "STUDENT_QUESTION", "TEACHING_NOTE",
                          "NaN"):
        assert teaching_only not in reader, teaching_only
    for kept in ("KEEP_FINDING", "KEEP_CAVEAT", "ROW_A"):
        assert kept in reader, kept
    assert page(executed, "reader").find("img")["alt"].startswith("TINY_CHART_TITLE")
    for shown in ("GOALS_CARD", "SETUP_PROSE", "API_SENTENCE", "PATTERN_ROW",
                  "STUDENT_QUESTION", "NaN"):
        assert shown in teaching, shown


def test_reader_tables_have_no_row_numbers(executed: nbformat.NotebookNode) -> None:
    soup = page(executed, "reader")
    for table in soup.select("table.dataframe"):
        for row in table.select("tbody tr"):
            heads = [th.get_text(strip=True) for th in row.find_all("th")]
            assert not any(re.fullmatch(r"\d+", h) for h in heads), heads
    named = pd.DataFrame({"outlet": ["A"], "tone": [0.1]}).set_index("outlet")
    tidy = BeautifulSoup(editions.tidy_tables(named.to_html()), "html.parser")
    assert [th.get_text() for th in tidy.select("thead th")] == ["outlet", "tone"]
    assert [th.get_text() for th in tidy.select("tbody th")] == ["A"]


def test_solutions_are_labelled_for_instructors_and_replaced_for_students(
        executed: nbformat.NotebookNode) -> None:
    instructor = page(executed, "instructor")
    labels = instructor.select(".solution-label")
    assert [label.get_text() for label in labels] == ["Solution"]
    teaching = page(executed, "teaching")
    assert not teaching.select(".solution-label")
    assert "# Your code here (exercise 1)" in teaching.get_text()
    assert "SOLUTION_MARKER" not in teaching.get_text()


@pytest.mark.parametrize("path", numbered_notebooks(), ids=lambda p: p.name)
def test_every_exercise_has_a_code_cell_in_the_teaching_edition(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    solutions = sum(c.cell_type == "code" and editions.SOLUTION in editions.tags(c)
                    for c in nb.cells)
    teaching = editions.with_code_cells(nb)
    assert editions.exercises_without_code_cell(teaching) == []
    assert sum(editions.is_code_placeholder(c) for c in teaching.cells) >= solutions


@pytest.mark.parametrize("path", numbered_notebooks(), ids=lambda p: p.name)
def test_every_exercise_has_a_code_cell_in_the_notebook(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert editions.exercises_without_code_cell(nb) == []


@pytest.mark.parametrize("path", numbered_notebooks(), ids=lambda p: p.name)
def test_notebooks_use_the_kernelspec_of_make_lab(path: Path) -> None:
    """JupyterLab marks a notebook modified as it opens when the kernelspec differs."""
    nb = nbformat.read(path, as_version=4)
    assert dict(nb.metadata.get("kernelspec", {})) == kernelspec()
    assert kernelspec() == {"display_name": "Python 3 (ipykernel)", "language": "python",
                            "name": "python3"}


def test_execute_writes_the_kernelspec(executed: nbformat.NotebookNode) -> None:
    assert dict(executed.metadata.kernelspec) == kernelspec()  # the source said "Python 3"


def test_the_explorer_has_a_static_fallback() -> None:
    import ipywidgets

    from helpers.explore import FALLBACK_HTML, WithFallback

    bundle = WithFallback(ipywidgets.VBox([ipywidgets.Label("x")]))._repr_mimebundle_()
    assert WIDGET_VIEW in bundle and "Run this cell to use the explorer" in bundle["text/html"]
    assert not bundle["text/plain"].startswith("VBox(")
    nb = new_notebook(metadata={"widgets": {"state": {}}})
    nb.cells = [new_code_cell("show_explorer(ex)")]
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    without_dead_widgets(nb)
    assert "widgets" not in nb.metadata
    assert set(nb.cells[0].outputs[0].data) == {"text/html", "text/plain"}
    assert nb.cells[0].outputs[0].data["text/html"] == FALLBACK_HTML


@pytest.mark.parametrize("corpus", [None, UNSEEN], ids=["built-in", "unseen"])
def test_index_gives_the_comparison_as_sentences(corpus: Path | None) -> None:
    summary = events.summary_table(open_corpus(corpus))
    sentences = summary_sentences(summary.astype(str))
    assert sentences and all(s.endswith(".") and s[0].isupper() for s in sentences), sentences
    assert not any(s.startswith("The lesson counts") for s in sentences), sentences
    assert not any(re.search(r"\w: \d+$", s) for s in sentences)
    values = dict(zip(summary.finding, summary.value, strict=True))
    text = " ".join(sentences)
    if values["comparison cells"]:
        assert f"{values['comparison cells']} cells" in text
    else:
        assert "no cells" in text
    if values["dates found"]:
        assert f"{values['dates found']} dates" in text


def test_index_labels_in_sample_scores(tmp_path: Path) -> None:
    (tmp_path / "tables").mkdir()
    (tmp_path / "figures").mkdir()
    pd.DataFrame({"area": ["quotes", "dates"], "measure": ["quotations found", "dates found"],
                  "in_sample": [1.0, None], "development": [0.97, 0.92], "n_dev": [66, 51],
                  "held_out": [0.94, 0.92], "n_held": [69, 71]}).to_csv(
        tmp_path / "tables" / "01-in-and-out-of-sample.csv", index=False)
    entries = [{"stem": "01-x", "title": "01 · X", "question": "Q?",
                "findings": ["Precision 1.00, recall 1.00 on 25 quotations."]}]
    soup = BeautifulSoup(index_page(entries, tmp_path, None), "html.parser")
    finding = soup.select_one("section li").get_text()
    assert "in sample" in finding
    heads = [th.get_text(" ") for th in soup.select("th")]
    assert [h.split(" ")[0] for h in heads[2:5]] == ["In", "Out", "Out"]
    assert "development" in heads[3] and "held out" in heads[4]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tr")[-2:]]
    assert rows[0][2:] == ["1.00", "0.97 (66 cases)", "0.94 (69 cases)"]
    assert rows[1][2] == "not annotated"
    assert label_scores(["Precision 0.9."], False) == ["Precision 0.9."]


def test_parameters_are_injected_after_defaults() -> None:
    nb = tiny_notebook()
    inject_parameters(nb, {"CORPUS": "/data/my corpus"})
    cell = next(c for c in nb.cells if "parameters" in editions.tags(c))
    assert cell.source.startswith("CORPUS = None")
    assert cell.source.endswith("CORPUS = '/data/my corpus'")


def test_failing_notebook_names_notebook_cell_and_error(tmp_path: Path) -> None:
    nb = new_notebook()
    nb.cells = [new_code_cell("x = 1"), new_code_cell("1 / 0  # boom")]
    path = tmp_path / "98-broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(NotebookFailed) as info:
        execute(path, partial_dir=tmp_path / "partial")
    message = str(info.value)
    assert message.startswith("98-broken.ipynb: cell #2 ('1 / 0  # boom') failed: "
                              "ZeroDivisionError: division by zero")
    assert "Traceback" not in message and "\n" not in message
    assert message.endswith(str(tmp_path / "partial" / "98-broken.ipynb"))


def test_summary_findings_come_from_computed_output(tmp_path: Path) -> None:
    nb = new_notebook()
    nb.cells = [new_markdown_cell("## Summary"),
                new_code_cell("from helpers.notebook import say\n"
                              "say('- **{n}** quotes from {who}', n=25, who='<b>Khatib</b>')"),
                new_markdown_cell("## Caveats")]
    path = tmp_path / "97-summary.ipynb"
    nbformat.write(nb, path)
    from helpers.report import summary_findings
    found = summary_findings(execute(path), tmp_path, "97-summary")
    assert found == ["25 quotes from <b>Khatib</b>"]  # plain text; index_page escapes it


def test_two_builds_write_identical_tables_and_figures(tmp_path: Path) -> None:
    """Determinism: the same notebook built twice gives byte-identical derived files."""
    from helpers.build import numbered_notebooks
    from helpers.report import build_report

    first_lesson = numbered_notebooks()[:1]
    runs = [tmp_path / "a", tmp_path / "b"]
    for out in runs:
        build_report(first_lesson, out)
    files = [sorted(p.relative_to(out) for p in (out / sub).rglob("*") if p.is_file())
             for out in runs for sub in ("tables", "figures")]
    assert files[0] and files[1] and files[0] == files[2] and files[1] == files[3]
    assert any(p.parts[:2] == ("tables", "derived") for p in files[0])  # the derived tables too
    for sub in ("tables", "figures"):
        for path in (runs[0] / sub).rglob("*"):
            if path.is_file():
                twin = runs[1] / sub / path.relative_to(runs[0] / sub)
                assert path.read_bytes() == twin.read_bytes(), path.name


def test_api_names_read_from_source_are_those_of_the_loaded_modules() -> None:
    """``editions.api_names`` reads the modules' source; importing them gives the same names:
    each module's public callables defined in the helpers (its own and those it imports)."""
    import importlib
    import pkgutil

    import helpers

    loaded = {"helpers"}
    for module in pkgutil.walk_packages(helpers.__path__, "helpers."):
        short = module.name.rsplit(".", 1)[-1]
        if short in editions.NOT_API or short.startswith("_"):
            continue
        values = vars(importlib.import_module(module.name))
        loaded.add(short)
        loaded.update(n for n, v in values.items() if not n.startswith("_") and callable(v)
                      and getattr(v, "__module__", "").startswith("helpers"))
    assert editions.api_names() == loaded
    assert {"frame_hits", "open_corpus", "Corpus", "framing"} <= editions.api_names()
