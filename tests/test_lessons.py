"""The lessons as a teacher receives them: anatomy, answers, prose that cannot drift from data.

* Each numbered lesson has the anatomy of CONTRIBUTING.md: an opening card, a parameters
  cell, a "Check your understanding" point answered in the instructor edition only, a
  summary, caveats, discussion questions and "Your turn" exercises, each followed by a
  ``# Your code here`` cell and a solution tagged ``solution``.
* In the teaching edition at most :data:`MAX_PROSE_SHARE` of the visible code lines build
  sentences (``say``/``bullets`` templates and their branches): prose-building cells are
  tagged ``hide-input`` (their output stays in every edition).
* No Markdown cell types a number by hand: numbers come from code, so prose cannot drift
  from the data. The exceptions are listed in :func:`typed_numbers`.
* Figures and tables a lesson saves carry the lesson's number.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from helpers.build import numbered_notebooks
from helpers.corpus import ROOT
from helpers.report import EDITIONS

LESSONS = numbered_notebooks()
#: The largest share of visible code lines (teaching edition) that may build sentences.
MAX_PROSE_SHARE = 0.15
HIDDEN = {"hide-input", "solution"}
#: Functions whose calls build sentences of prose.
PROSE_CALLS = {"say", "bullets", "markdown", "missing_table", "Markdown"}
#: String methods and helpers through which a template's text flows into a sentence.
TEXT_CALLS = {"join", "format", "replace"}
PROSE_TEXT = re.compile(r"[A-Za-z]+\s+[A-Za-z]+")


def tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def lesson_number(path: Path) -> str:
    return path.name[:2]


@pytest.fixture(scope="module", params=LESSONS, ids=[p.stem for p in LESSONS])
def lesson(request) -> tuple[Path, nbformat.NotebookNode]:
    return request.param, nbformat.read(request.param, as_version=4)


# --- sentence-building code -------------------------------------------------------------------

def _texts(node: ast.AST):
    """String nodes whose text ends up in the value of ``node`` (not arguments of other calls)."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant)
                                           and isinstance(node.value, str)):
        yield node
    elif isinstance(node, ast.BinOp):
        yield from _texts(node.left)
        yield from _texts(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _texts(node.body)
        yield from _texts(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _texts(value)
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for elt in node.elts:
            yield from _texts(elt)
    elif isinstance(node, ast.ListComp | ast.GeneratorExp):
        yield from _texts(node.elt)
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
          and node.func.attr in TEXT_CALLS):
        yield from _texts(node.func.value)
        for arg in node.args:
            yield from _texts(arg)


def _is_prose_text(node: ast.AST) -> bool:
    """A string with words in it: a piece of a sentence (not a separator like ``"; "``)."""
    if isinstance(node, ast.Constant):
        return bool(PROSE_TEXT.search(node.value))
    literal = "".join(v.value for v in node.values
                      if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return bool(PROSE_TEXT.search(literal))


def _calls_prose(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            name = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else ""
            if name in PROSE_CALLS:
                return True
    return False


def _kind(stmt: ast.stmt) -> str:
    """'prose', 'neutral' (pass, a docstring) or 'code', for a simple statement."""
    if isinstance(stmt, ast.Pass | ast.Continue | ast.Break):
        return "neutral"
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return "neutral"
    if _calls_prose(stmt):
        return "prose"
    value = None
    if isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.Return):
        value = stmt.value
    elif (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
          and isinstance(stmt.value.func, ast.Attribute)
          and stmt.value.func.attr in {"append", "extend", "insert"}):
        value = stmt.value
        return "prose" if any(_is_prose_text(t) for a in value.args for t in _texts(a)) \
            else "code"
    if value is not None and any(_is_prose_text(t) for t in _texts(value)):
        return "prose"
    return "code"


def _children(stmt: ast.stmt) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    for field in ("body", "orelse", "finalbody", "handlers"):
        out += getattr(stmt, field, []) or []
    return out


def _leaves(stmt: ast.stmt) -> list[str]:
    children = _children(stmt)
    if not children:
        return [_kind(stmt)]
    return [k for child in children for k in _leaves(child)]


def prose_lines(source: str) -> set[int]:
    """Line numbers (from 1) of ``source`` that build sentences.

    A simple statement builds a sentence when it calls ``say``, ``bullets`` (or another
    of :data:`PROSE_CALLS`), or assigns, returns or appends text with words in it. A
    compound statement (``if``, ``for``, ``def`` ...) whose statements all build
    sentences counts whole, with its ``if``/``else`` lines: a branch that only picks a
    sentence is part of the sentence.

    >>> sorted(prose_lines('x = 1\\nif x:\\n    say("one {x}", x=x)\\nelse:\\n    say("none")'))
    [2, 3, 4, 5]
    """
    lines: set[int] = set()

    def visit(stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            children = _children(stmt)
            kinds = _leaves(stmt)
            if "prose" in kinds and "code" not in kinds:
                lines.update(range(stmt.lineno, stmt.end_lineno + 1))
            elif children:
                visit(children)
    visit(ast.parse(source).body)
    return lines


def code_lines(source: str) -> set[int]:
    """Line numbers of ``source`` that hold code (not blank, not only a comment)."""
    return {i for i, line in enumerate(source.splitlines(), start=1)
            if line.strip() and not line.strip().startswith("#")}


def prose_share(nb: nbformat.NotebookNode) -> tuple[int, int]:
    """(sentence-building lines, visible code lines) of the teaching edition."""
    prose = total = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or tags(cell) & HIDDEN:
            continue
        visible = code_lines(cell.source)
        total += len(visible)
        prose += len(prose_lines(cell.source) & visible)
    return prose, total


def test_prose_lines_counts_templates_and_their_branches() -> None:
    source = '''scores = sentiment.sentence_sentiment(corpus)
if len(scores):
    first = scores.iloc[0]
    say("It scores **{p}**.", p=first.polarity)
line = f"{n} sentences were scored"
lines.append(f"{o}: the most frequent frame")
title = "; ".join(names)
plotting.finish(fig, ax, title="A title with words")
'''
    assert sorted(prose_lines(source)) == [4, 5, 6]


def test_teaching_edition_shows_little_sentence_building(lesson) -> None:
    path, nb = lesson
    prose, total = prose_share(nb)
    assert total and prose / total <= MAX_PROSE_SHARE, (
        f"{path.name}: {prose} of {total} visible code lines build sentences "
        f"({prose / total:.0%}); move them to a cell tagged hide-input or into a helper")


def test_hide_input_cells_keep_their_output_in_every_edition() -> None:
    """Every edition renders hide-input cells' outputs; only the reader hides all code."""
    from helpers.report import render
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("'KEEP' + 'OUTPUT'  # HIDDEN_SOURCE",
                                          metadata={"tags": ["hide-input"]})]
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result",
                                                  {"text/plain": "'KEEPOUTPUT'"},
                                                  execution_count=1)]
    for edition in EDITIONS:
        page = render(nb, edition, "99-x")
        assert "KEEPOUTPUT" in page and "HIDDEN_SOURCE" not in page, edition.name


# --- numbers typed into prose -----------------------------------------------------------------

CODE_SPAN = re.compile(r"```.*?```|``.+?``|`[^`]+`", re.DOTALL)
EXCEPTIONS = {
    "the lesson's number in its title": re.compile(r"\A# \d\d · "),
    "the estimated-time row of the opening card": re.compile(
        r"^\| \*\*Estimated time\*\* \|.*$", re.MULTILINE),
    "a numbered list's markers": re.compile(r"^\s*\d+\.(?= )", re.MULTILINE),
    "a numbered section heading": re.compile(r"^#+ \d+\.(?= )", re.MULTILINE),
    "an exercise's label": re.compile(r"\b(?:Exercise|Solution) \d+\b"),
    "a citation's year after the author's name": re.compile(
        r"\b[A-Z][a-z]+ \((?:19|20)\d\d\)"),
}
LESSON_REF = re.compile(r"\b(?:[Nn]otebooks?|[Ll]essons?) (0\d)((?:(?:,| and| or| to) 0\d)*)"
                        r"|(?<![\w.])(0\d) · ")
SECTION_REF = re.compile(r"\b[Ss]ections? (\d+)\b")


def typed_numbers(source: str, lessons: set[str], sections: set[str]) -> list[str]:
    """Digits in a Markdown cell that no code computed, with a little context.

    Allowed: digits inside a code span, the lesson's number in its title (``# 02 · ...``),
    the estimated-time row, numbered-list markers, numbered section headings and
    ``section N`` references to them, ``Exercise N`` labels, a citation's year
    (``Semetko & Valkenburg (2000)``), and references to lessons that exist
    (``notebook 01``, ``00 · The corpus``).

    >>> typed_numbers("Read **5** articles (`n = 5`), see notebook 00.", {"00"}, set())
    ['Read **5** articles ( ), see']
    """
    text = CODE_SPAN.sub(" ", source)
    for rule in EXCEPTIONS.values():
        text = rule.sub(" ", text)

    def lesson(match: re.Match) -> str:
        cited = re.findall(r"0\d", match.group(0))
        return " " if set(cited) <= lessons else match.group(0)

    text = LESSON_REF.sub(lesson, text)
    text = SECTION_REF.sub(lambda m: " " if m.group(1) in sections else m.group(0), text)
    return [text[max(0, m.start() - 20):m.end() + 20].strip()
            for m in re.finditer(r"\d+", text)]


def test_markdown_types_no_number(lesson) -> None:
    path, nb = lesson
    lessons = {lesson_number(p) for p in LESSONS}
    sections = {m for c in nb.cells if c.cell_type == "markdown"
                for m in re.findall(r"^#+ (\d+)\. ", c.source, re.MULTILINE)}
    found = [(c.get("id"), hit) for c in nb.cells if c.cell_type == "markdown"
             for hit in typed_numbers(c.source, lessons, sections)]
    assert not found, f"{path.name}: numbers typed into Markdown (compute them): {found}"


# --- anatomy ----------------------------------------------------------------------------------

def headings(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    return [(i, h) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
            for h in re.findall(r"^#+ (.*)$", c.source, re.MULTILINE)]


def heading_index(nb: nbformat.NotebookNode, title: str) -> int:
    found = [i for i, h in headings(nb) if h.startswith(title)]
    assert found, f"no heading starting {title!r}"
    return found[0]


def test_opening_card_and_parameters(lesson) -> None:
    path, nb = lesson
    first = nb.cells[0].source
    assert first.startswith(f"# {lesson_number(path)} · "), path.name
    for row in ("**The question.**", "**Learning goals**", "**Prerequisites**",
                "**Estimated time**"):
        assert row in first, (path.name, row)
    assert any("parameters" in tags(c) and c.source.startswith("CORPUS = None")
               for c in nb.cells), path.name


def test_sections_in_order(lesson) -> None:
    path, nb = lesson
    order = [heading_index(nb, t) for t in ("Check your understanding", "Summary", "Caveats",
                                             "Discussion questions", "Your turn")]
    assert order == sorted(order), (path.name, order)


def test_check_your_understanding_is_answered_for_instructors_only(lesson) -> None:
    """Right after the questions (and any about the built-in corpus), a Markdown answer
    tagged ``solution``; the questions themselves stay in every edition."""
    path, nb = lesson
    start = heading_index(nb, "Check your understanding")
    cells = nb.cells[start:]
    assert "solution" not in tags(cells[0]) and "<details" not in cells[0].source, path.name
    assert not re.search(r"^#+ ", cells[0].source.split("Check your understanding", 1)[1],
                         re.MULTILINE), f"{path.name}: questions and the next section share a cell"
    i = 1
    while i < len(cells) and "solution" not in tags(cells[i]):
        assert "builtin-corpus" in tags(cells[i]), f"{path.name}: the answer must follow"
        i += 1
    answers = [c for c in cells[i:] if "solution" in tags(c)]
    assert answers and answers[0].cell_type == "markdown", path.name
    n_questions = len(re.findall(r"^(?:\d+\.|-) ", cells[0].source, re.MULTILINE))
    assert n_questions, path.name


EXERCISE = re.compile(r"^(?:\d+\. |\*\*Exercise \d)", re.MULTILINE)


def exercises(nb: nbformat.NotebookNode) -> list[tuple[int, nbformat.NotebookNode]]:
    """The exercise cells after the "Your turn" heading, with their positions in the notebook.

    The heading's own cell holds no exercise: each exercise is a Markdown cell of its own.
    """
    start = heading_index(nb, "Your turn")
    intro = nb.cells[start].source.split("Your turn", 1)[1]
    assert not EXERCISE.search(intro), "exercises go in cells of their own after 'Your turn'"
    return [(i, c) for i, c in enumerate(nb.cells) if i > start and c.cell_type == "markdown"
            and "solution" not in tags(c)]


def test_every_exercise_has_a_place_to_work_and_a_solution(lesson) -> None:
    path, nb = lesson
    found = exercises(nb)
    assert found, path.name
    for i, cell in found:
        assert len(EXERCISE.findall(cell.source)) == 1, f"{path.name}: one exercise per cell"
        work = nb.cells[i + 1]
        assert work.cell_type == "code" and work.source.strip() == "# Your code here", \
            (path.name, cell.source[:60])
        assert "solution" in tags(nb.cells[i + 2]), (path.name, cell.source[:60])


#: Words of an exercise that asks for a judgement rather than a computed answer.
JUDGEMENT = re.compile(r"\b(?:really|decide|judge|mislead|is every|are they|why|what did|"
                       r"who uses|what changes|convinces?|would you)\b", re.IGNORECASE)


def test_judgement_exercises_get_a_written_answer(lesson) -> None:
    """An exercise that asks for a judgement ("are they really ...?", "which words mislead
    it?", "why?") has a Markdown model answer among its solution cells, not only code."""
    path, nb = lesson
    for i, cell in exercises(nb):
        if not JUDGEMENT.search(cell.source):
            continue
        j, written = i + 2, False
        while j < len(nb.cells) and "solution" in tags(nb.cells[j]):
            written |= nb.cells[j].cell_type == "markdown"
            j += 1
        assert written, (path.name, cell.source[:80])


def test_solutions_are_only_in_the_instructor_edition() -> None:
    hiding = {e.name: "solution" in e.hide_tags for e in EDITIONS}
    assert hiding == {"teaching": True, "reader": True, "instructor": False}


# --- names ------------------------------------------------------------------------------------

def saved_names(source: str) -> list[str]:
    """The names given to ``save_figure``/``save_table`` in a code cell."""
    return [arg.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in
            {"save_figure", "save_table"}
            for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]


def test_saved_figures_and_tables_carry_the_lesson_number(lesson) -> None:
    path, nb = lesson
    names = [n for c in nb.cells if c.cell_type == "code" for n in saved_names(c.source)]
    wrong = [n for n in names if not n.startswith(f"{lesson_number(path)}-")]
    assert not wrong, (path.name, wrong)


def test_readme_lists_every_lesson() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in LESSONS:
        assert f"| `{path.stem}` |" in readme, path.stem
    listed = re.findall(r"^\| `(\d\d-[\w-]+)` \|", readme, re.MULTILINE)
    assert listed == [p.stem for p in LESSONS]
