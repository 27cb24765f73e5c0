"""The report machinery: editions hide what they should, nothing is fetched, failures are clear."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.build import NotebookFailed, execute, inject_parameters
from helpers.report import EDITIONS, notebook_title, render

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def tiny_notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# 99 · A tiny lesson\n\n**The question.** Does it render?"),
        new_code_cell("CORPUS = None", metadata={"tags": ["parameters"]}),
        new_code_cell("import pandas as pd\n"
                      f"pd.DataFrame({{'text': [{HOSTILE!r}]}})"),
        new_markdown_cell("## Caveats\n\nKEEP_CAVEAT\n\n"
                          "## Your turn\n\n**Exercise.** Count the rows."),
        new_code_cell("SOLUTION_MARKER = 1", metadata={"tags": ["solution"]}),
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


def test_parameters_are_injected_after_defaults() -> None:
    nb = tiny_notebook()
    inject_parameters(nb, {"CORPUS": "/data/my corpus"})
    assert nb.cells[1].source.startswith("CORPUS = None")
    assert nb.cells[1].source.endswith("CORPUS = '/data/my corpus'")


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
