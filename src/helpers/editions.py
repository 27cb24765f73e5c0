"""What each edition of a lesson keeps, before :mod:`helpers.report` renders it as HTML.

One executed notebook gives three pages. The changes are made on a copy of the
notebook (cells and outputs), never in the kernel, so the three editions show
the same computed numbers:

* every edition gets a page title, ``"NN · Lesson title — Reader edition"``, and
  every figure an ``alt`` text (:func:`describe_images`);
* the **teaching** edition hides the solutions and gives every exercise an empty
  ``# Your code here`` cell (:func:`with_code_cells`);
* the **reader** edition keeps the findings (:func:`findings_only`): no learning
  goals or time table, no "Setting up" prose, no questions for students, no
  tables of regular expressions, no sentence that names a function of the
  helpers, and tables without pandas's row numbers or ``NaN``;
* the **instructor** edition labels each solution (in the HTML template).

Lesson authors steer the reader edition with cell tags: a cell tagged
:data:`TEACHING_ONLY` is left out of it, as are the cells the report always
leaves out of it (code, exercises, solutions).
"""

from __future__ import annotations

import ast
import copy
import pkgutil
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup, Tag

#: Cell tag: the cell is about method (how the code works), and the reader edition leaves it out.
TEACHING_ONLY = "teaching-only"
#: Cell tag of an exercise's solution (hidden in the teaching edition, labelled for instructors).
SOLUTION = "solution"
#: The first line of the empty cell a student writes an exercise's answer in.
YOUR_CODE = "# Your code here"
#: Headings of the sections for students only, left out of the reader edition.
STUDENT_SECTIONS = ("Check your understanding", "Discussion questions")
#: The heading of the section that explains the parameter and set-up cells.
SETUP_SECTION = "Setting up"
#: Output tables with one of these columns list regular expressions: method, not findings.
PATTERN_COLUMNS = frozenset({"pattern", "patterns", "regex", "regexes"})
#: What pandas prints for a missing value; the reader edition shows an empty cell instead.
MISSING_VALUES = frozenset({"NaN", "nan", "None", "<NA>", "NaT"})
#: File endings that make a dotted code span a file name rather than a function.
FILE_ENDINGS = frozenset({"csv", "md", "py", "ipynb", "png", "svg", "json", "txt", "parquet",
                          "html", "cfg", "toml", "lock", "yml"})
#: Modules of the package that hold no lesson API (the build itself and command-line tools).
NOT_API = frozenset({"bench", "build", "draft", "editions", "execute", "importer", "notebook",
                     "report", "reportdir", "synthetic"})

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.MULTILINE)
_CODE_SPAN = re.compile(r"`([^`]+)`")
_CODE_ASIDE = re.compile(r"\s*\(`([^`]+)`\)")  # "|z| > 1.96 (`framing.Z_NOTABLE`) is ..."
_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)")
_SOLUTION_NUMBER = re.compile(r"^#\s*Solution\s+(\S+)", re.IGNORECASE)
_INTEGER = re.compile(r"-?\d+")


def tags(cell: nbformat.NotebookNode) -> list[str]:
    """The tags of a cell (an empty list when it has none)."""
    return list(cell.get("metadata", {}).get("tags", []))


def page_title(lesson: str, edition: str) -> str:
    """The ``<title>`` of one edition of a lesson.

    >>> page_title("00 · The corpus: what we are reading", "Reader")
    '00 · The corpus: what we are reading — Reader edition'
    """
    return f"{lesson} — {edition} edition"


# --- figures -------------------------------------------------------------------------------


def describe_images(nb: nbformat.NotebookNode) -> None:
    """Give every PNG output of ``nb`` an ``alt`` text, in place.

    A figure drawn with the suite's style carries its own description
    (:func:`helpers.plotting.describe_figure`, in the output's metadata). An
    image without one is described by the heading of the section it is in, so
    no image is left without a text.
    """
    heading = "the lesson"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = _HEADING.findall(cell.source)
            if found:
                heading = _plain_heading(found[-1][1])
            continue
        for out in cell.get("outputs", []):
            if "image/png" not in out.get("data", {}):
                continue
            meta = out.setdefault("metadata", {})
            own = meta.get("image/png", {}) if isinstance(meta.get("image/png"), dict) else {}
            alt = own.get("alt") or meta.get("alt")
            if not (isinstance(alt, str) and alt.strip()):
                meta.setdefault("image/png", {})["alt"] = f"Figure of the section “{heading}”."


def _plain_heading(text: str) -> str:
    """A Markdown heading without its emphasis and code marks."""
    return re.sub(r"[*_`]", "", text).strip()


# --- exercises -----------------------------------------------------------------------------


def is_code_placeholder(cell: nbformat.NotebookNode) -> bool:
    """True for an exercise's empty answer cell (a code cell starting ``# Your code here``)."""
    return cell.cell_type == "code" and cell.source.lstrip().startswith(YOUR_CODE)


def _code_solution(cell: nbformat.NotebookNode) -> bool:
    """A code cell tagged :data:`SOLUTION` (a worked answer the student writes code for)."""
    return cell.cell_type == "code" and SOLUTION in tags(cell)


def exercises_without_code_cell(nb: nbformat.NotebookNode) -> list[str]:
    """The code solutions of ``nb`` that no ``# Your code here`` cell comes before.

    Each exercise has one code solution cell (tagged :data:`SOLUTION`); the student's
    answer cell goes just before it (written answers, Markdown cells tagged
    :data:`SOLUTION`, need none), so the teaching edition, which hides the
    solution, leaves a place to write the answer. Returns the first line of each
    solution that lacks one (empty when every exercise has its cell).
    """
    missing = []
    for before, cell in zip([None, *nb.cells[:-1]], nb.cells, strict=True):
        if _code_solution(cell) and not (before is not None and is_code_placeholder(before)):
            missing.append(cell.source.strip().splitlines()[0] if cell.source.strip() else "")
    return missing


def with_code_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with an empty ``# Your code here`` cell before every code solution that
    lacks one (the teaching edition hides the solutions and shows these cells).

    The cell names its exercise when the solution does (``# Solution 2`` gives
    ``# Your code here (exercise 2)``).
    """
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if _code_solution(cell) and not (cells and is_code_placeholder(cells[-1])):
            number = _SOLUTION_NUMBER.match(cell.source.strip())
            which = f" (exercise {number.group(1)})" if number else ""
            placeholder = nbformat.v4.new_code_cell(YOUR_CODE + which)
            placeholder.id = f"your-code-{len(cells)}"
            cells.append(placeholder)
        cells.append(cell)
    nb.cells = cells
    return nb


# --- the reader edition ----------------------------------------------------------------------


def findings_only(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` for the reader edition: the findings without the teaching around them.

    Left out: cells tagged :data:`TEACHING_ONLY`; the opening card's table
    (learning goals, prerequisites, time); the "Setting up" prose; the sections
    in :data:`STUDENT_SECTIONS`; output tables of regular expressions (a column
    in :data:`PATTERN_COLUMNS`); and every sentence of prose that names a function
    of the helpers (:func:`without_api_sentences`). Output tables lose pandas's
    row numbers, and a missing value shows as an empty cell
    (:func:`tidy_tables`). Code and exercises are left out by the renderer.
    """
    nb = copy.deepcopy(nb)
    kept = []
    skipping: int | None = None  # heading level of a student section being left out
    for i, cell in enumerate(nb.cells):
        if TEACHING_ONLY in tags(cell):
            continue
        if cell.cell_type == "markdown":
            source, skipping = _without_sections(cell.source, skipping)
            if i == 0:
                source = _without_card(source)
            source = without_api_sentences(source)
            if not source.strip():
                continue
            cell.source = source
        elif skipping is not None:
            continue
        else:
            cell.outputs = [tidy_output(o) for o in cell.get("outputs", [])
                            if not is_pattern_table(o)]
        kept.append(cell)
    nb.cells = kept
    return nb


def _without_card(source: str) -> str:
    """The opening cell without its table (learning goals, prerequisites, time)."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith("|")))


def _without_sections(source: str, skipping: int | None) -> tuple[str, int | None]:
    """``source`` without the student sections and the set-up section.

    ``skipping`` is the level of a student section that began in an earlier cell
    (None if none); returns the text kept and the level still being skipped at
    the end of the cell. A "Setting up" section ends with its cell.
    """
    kept: list[str] = []
    pos = 0
    setup = False
    for match in _HEADING.finditer(source):
        level, title = len(match.group(1)), _plain_heading(match.group(2))
        if skipping is None and not setup:
            kept.append(source[pos:match.start()])
        if skipping is not None and level <= skipping:
            skipping = None
        setup = False
        if skipping is None and title in STUDENT_SECTIONS:
            skipping = level
        elif skipping is None and title == SETUP_SECTION:
            setup = True
        pos = match.start()
    if skipping is None and not setup:
        kept.append(source[pos:])
    return "".join(kept).strip(), skipping


@cache
def api_names() -> frozenset[str]:
    """The public functions and classes of the helpers' analysis modules (and their modules).

    A code span in prose that is one of these names a function, which a reader
    of the findings does not need. Read from the modules' source (nothing is imported, so
    the report build's process does not load matplotlib or TextBlob for it): each module's
    own public functions and classes, and the ones it imports from another helpers module.
    """
    import helpers

    root = Path(helpers.__file__).parent
    trees = {}
    for module in pkgutil.walk_packages(helpers.__path__, "helpers."):
        path = root.joinpath(*module.name.split(".")[1:])
        path = path / "__init__.py" if module.ispkg else path.with_suffix(".py")
        trees[module.name] = ast.parse(path.read_text(encoding="utf-8"))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    defined = {node.name for tree in trees.values() for node in tree.body
               if isinstance(node, kinds)}
    names = {"helpers"}
    for module, tree in trees.items():
        short = module.rsplit(".", 1)[-1]
        if short in NOT_API or short.startswith("_"):
            continue
        names.add(short)
        for node in tree.body:
            if isinstance(node, kinds) and not node.name.startswith("_"):
                names.add(node.name)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and \
                    (node.module or "").startswith("helpers"):
                names.update(alias.asname or alias.name for alias in node.names
                             if alias.name in defined
                             and not (alias.asname or alias.name).startswith("_"))
    return frozenset(names)


def names_api(span: str, names: Iterable[str] | None = None) -> bool:
    """True if the text of a code span names a function, call or attribute of the helpers.

    A call (``explore(ex, actor=...)``) or a dotted name (``sentiment.sentiment_toward``,
    ``corpus.articles``) is code; a file name (``actors.csv``), a folder, a
    column name (``drivers``) or a value is not. A bare name is code when it is
    one of ``names`` (by default :func:`api_names`).

    >>> [names_api(s, {"keyness"}) for s in
    ...  ["sentiment.sentiment_toward", "explore(ex, actor=...)", "keyness", "actors.csv",
    ...   "drivers", "data/generic/", "CORPUS = None"]]
    [True, True, True, False, False, False, False]
    """
    span = span.strip()
    if re.fullmatch(r"[A-Za-z_][\w.]*\(.*\)?", span, re.DOTALL):
        return True
    if re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", span):
        return span.rsplit(".", 1)[-1].lower() not in FILE_ENDINGS
    return span in (api_names() if names is None else set(names))


def without_api_sentences(markdown: str, names: Iterable[str] | None = None) -> str:
    """Markdown without the sentences whose code spans name the helpers' API.

    Prose paragraphs and list items are read sentence by sentence (with the
    suite's one sentence splitter); a paragraph or item left empty goes too. A
    name in parentheses on its own goes without its sentence. Headings, tables,
    HTML and code blocks are kept as they are.

    >>> print(without_api_sentences(
    ...     "`framing.frame_hits` finds every match. We normalise by length.\\n\\n"
    ...     "- Read the `drivers` column."))
    We normalise by length.
    <BLANKLINE>
    - Read the `drivers` column.
    >>> without_api_sentences("A z above 1.96 (`framing.Z_NOTABLE`) is notable.")
    'A z above 1.96 is notable.'
    """
    from helpers.text import split_sentences

    known = api_names() if names is None else frozenset(names)
    blocks = re.split(r"(\n[ \t]*\n)", markdown)
    out: list[str] = []
    fenced = False
    for block in blocks:
        if not block.strip() or fenced or block.lstrip().startswith(("#", "|", "<", "```", ">")):
            fenced ^= block.count("```") % 2 == 1
            out.append(block)
            continue
        items: list[str] = []
        for line in block.splitlines():
            if _LIST_ITEM.match(line) or not items:
                items.append(line)
            else:
                items[-1] += "\n" + line
        kept_items = []
        for item in items:
            marker = _LIST_ITEM.match(item)
            prefix = marker.group(1) if marker else ""
            text = " ".join(item[len(prefix):].split())
            text = _CODE_ASIDE.sub(lambda m: "" if names_api(m.group(1), known) else m.group(0),
                                   text)
            spans = split_sentences(text)
            sentences = [text[s:e] for s, e in spans] if spans else [text]
            kept = [s for s in sentences
                    if not any(names_api(c, known) for c in _CODE_SPAN.findall(s))]
            if kept == sentences and text == " ".join(item[len(prefix):].split()):
                kept_items.append(item)
            elif kept:
                rest = " ".join(kept)
                if rest.count("**") % 2:  # a sentence cut out of a bold span: drop the marks
                    rest = rest.replace("**", "")
                kept_items.append(prefix + rest)
        out.append("\n".join(kept_items))
    text = "".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- output tables ---------------------------------------------------------------------------


def _dataframes(markup: str) -> tuple[BeautifulSoup, list[Tag]]:
    soup = BeautifulSoup(markup, "html.parser")
    return soup, soup.select("table.dataframe")


def is_pattern_table(output: nbformat.NotebookNode) -> bool:
    """True for an output table that lists regular expressions (a :data:`PATTERN_COLUMNS` column).

    >>> out = nbformat.v4.new_output("display_data", data={
    ...     "text/html": "<table class='dataframe'><thead><tr><th></th><th>group</th>"
    ...                  "<th>pattern</th></tr></thead></table>"})
    >>> is_pattern_table(out)
    True
    """
    markup = output.get("data", {}).get("text/html")
    if not isinstance(markup, str) or "dataframe" not in markup:
        return False
    lowered = markup.lower()  # every name in PATTERN_COLUMNS is ASCII letters: no entity hides one
    if not any(name in lowered for name in PATTERN_COLUMNS):
        return False  # no header can name a pattern column: the page need not be parsed
    _, tables = _dataframes(markup)
    return any(th.get_text(strip=True).lower() in PATTERN_COLUMNS
               for table in tables for th in table.select("thead th"))


def tidy_output(output: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``output`` with its pandas tables tidied for readers (:func:`tidy_tables`)."""
    markup = output.get("data", {}).get("text/html")
    if isinstance(markup, str) and "dataframe" in markup:
        output["data"]["text/html"] = tidy_tables(markup)
    return output


def tidy_tables(markup: str) -> str:
    """pandas's HTML tables as a reader wants them.

    Row numbers (an unnamed index of integers) are dropped; a named index stays
    as the first column, its name on the one header row; a missing value
    (``NaN``, ``None``, ``<NA>``, ``NaT``) is an empty cell.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"outlet": ["VICE News", "Al Jazeera"], "share": [0.5, None]})
    >>> tidy = tidy_tables(frame.to_html())
    >>> "NaN" in tidy, ">0<" in tidy, "<th>outlet</th>" in tidy
    (False, False, True)
    >>> named = tidy_tables(frame.set_index("outlet").to_html())
    >>> "<th>outlet</th>" in named, named.count("<tr")
    (True, 3)
    """
    soup, tables = _dataframes(markup)
    for table in tables:
        _tidy_table(table)
    return str(soup)


def _width(row: Tag) -> int:
    return sum(int(c.get("colspan", 1)) for c in row.find_all(["th", "td"], recursive=False))


def _tidy_table(table: Tag) -> None:
    head = table.find("thead")
    body = table.find("tbody")
    head_rows = head.find_all("tr", recursive=False) if head else []
    body_rows = body.find_all("tr", recursive=False) if body else []
    for td in table.find_all("td"):
        if td.get_text(strip=True) in MISSING_VALUES:
            td.clear()
    if not head_rows:
        return
    n_data = max((len(r.find_all("td", recursive=False)) for r in body_rows), default=None)
    n_index = _width(head_rows[0]) - n_data if n_data is not None else 1
    if n_index < 1:
        return
    last = head_rows[-1].find_all("th", recursive=False)
    names_row = (len(head_rows) > 1 and len(last) > n_index
                 and not any(c.get_text(strip=True) for c in last[n_index:]))
    names = [c.get_text(strip=True) for c in last[:n_index]] if names_row else []
    labels = [r.find("th").get_text(strip=True) for r in body_rows if r.find("th")]
    if n_index == 1 and not any(names) and all(_INTEGER.fullmatch(x) for x in labels):
        for row in body_rows:  # row numbers: no information for a reader
            cell = row.find("th", recursive=False)
            if cell is not None:
                cell.decompose()
        for row in head_rows:
            first = row.find(["th", "td"], recursive=False)
            if first is not None:
                first.decompose()
        return
    if names_row and len(head_rows) == 2:  # one header row: the index names, then the columns
        top = head_rows[0].find_all("th", recursive=False)
        for i, name in enumerate(names):
            across = top[i].get_text(strip=True)
            top[i].string = f"{name} / {across}" if across and name else (name or across)
        head_rows[-1].decompose()
