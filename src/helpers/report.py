"""Build the HTML reports: three editions of every notebook and an index page.

Editions (one HTML file each, all self-contained, nothing fetched from a network):

* ``NN-name.teaching.html``: code and exercises shown, solutions hidden, an empty
  ``# Your code here`` cell for every exercise (for students);
* ``NN-name.reader.html``: the findings only: no code, exercises, learning goals,
  set-up prose, questions for students or tables of patterns (for someone who
  wants the findings; see :func:`helpers.editions.findings_only`);
* ``NN-name.instructor.html``: everything, each solution labelled "Solution".

Every page has the title ``NN · Lesson title — Edition edition`` and every
figure a text description (``alt``) read from the figure itself.

A cell tagged ``hide-input`` (code that only builds a sentence of prose) shows its
output in every edition and its code in none; the notebook itself keeps the code.

Figures go to ``figures/`` (PNG and SVG), derived tables to ``tables/`` (CSV for
spreadsheets, Parquet with the raw values), the executed notebooks to
``notebooks/``. Before the notebooks run, ``make tables`` computes the corpus's
derived tables once into ``tables/derived/`` (:mod:`helpers.pipeline`; copied from
the previous report when the corpus, its tables and the code are unchanged), and
the notebooks read them from there instead of computing them. ``index.html``
links everything and lists the key findings each notebook computed (its
``tables/NN-summary.csv``).

The build checks the corpus and the report folder before it writes anything,
builds into a fresh folder beside the report folder and swaps it in only when
every notebook succeeded (see :mod:`helpers.reportdir` for what it will and will
not touch).
"""

from __future__ import annotations

import copy
import functools
import html
import json
import os
import re
import shutil
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import TagRemovePreprocessor

from helpers import editions, kernels, reportdir
from helpers.cache import CACHE_VARIABLE, read_manifest
from helpers.corpus import ROOT, CorpusError, load_table, validate_corpus
from helpers.execute import execute, stop_running, timeout_for
from helpers.notebook import plural
from helpers.pipeline import reuse_or_write

TEMPLATES = Path(__file__).parent / "templates"
#: The folder of ``tables/`` that holds the derived tables the notebooks read.
DERIVED = "derived"
YOUR_TURN = re.compile(r"^#+ Your turn", re.MULTILINE)
#: Cells whose code builds prose: every edition shows their output, none their code.
HIDE_INPUT = "hide-input"


@dataclass(frozen=True)
class Edition:
    """One way of rendering a notebook.

    ``show_code``: code cells and exercises are shown; ``hide_tags``: cells with
    these tags are left out; ``findings_only``: the reader's cut
    (:func:`helpers.editions.findings_only`); ``code_cells``: an empty answer cell
    before every exercise's solution; ``label_solutions``: a "Solution" label
    above each solution cell.
    """

    name: str
    label: str
    audience: str
    show_code: bool
    hide_tags: tuple[str, ...]
    findings_only: bool = False
    code_cells: bool = False
    label_solutions: bool = False


EDITIONS = (
    Edition("teaching", "Teaching", "students: code and exercises, solutions hidden", True,
            (editions.SOLUTION,), code_cells=True),
    Edition("reader", "Reader", "readers: findings only, no code or exercises", False,
            (editions.SOLUTION, editions.TEACHING_ONLY), findings_only=True),
    Edition("instructor", "Instructor", "teachers: everything, each solution labelled", True,
            (), label_solutions=True),
)


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> tuple[str, str]:
    """The first Markdown heading of a notebook and its first paragraph, as plain text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = [ln.strip() for ln in cell.source.splitlines()]
            title = next((ln.lstrip("# ") for ln in lines if ln.startswith("#")), fallback)
            paragraph: list[str] = []
            for ln in lines:
                if ln.startswith(("#", "|")) or (not ln and paragraph):
                    if paragraph:
                        break
                    continue
                if ln:
                    paragraph.append(ln)
            text = " ".join(paragraph).replace("**", "").replace("`", "")
            return title, text.removeprefix("The question. ")
    return fallback, ""


def edition_bar(stem: str, current: str) -> str:
    """HTML links from one edition to the index and the other editions (all names escaped)."""
    links = ['<a href="index.html">&larr; All notebooks</a>']
    for ed in EDITIONS:
        href = html.escape(f"{stem}.{ed.name}.html")
        if ed.name == current:
            links.append(f"<strong>{html.escape(ed.label)} edition</strong>")
        else:
            links.append(f'<a href="{href}">{html.escape(ed.label)} edition</a>')
    return " ".join(links)


def without_exercises(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` that stops before its "## Your turn" heading (exercises and solutions)."""
    nb = copy.deepcopy(nb)
    for i, cell in enumerate(nb.cells):
        match = YOUR_TURN.search(cell.source) if cell.cell_type == "markdown" else None
        if match:
            cell.source = cell.source[:match.start()].rstrip()
            nb.cells = nb.cells[:i + 1] if cell.source else nb.cells[:i]
            break
    return nb


class PageExporter(HTMLExporter):
    """nbconvert's HTML exporter without its last pass over the finished page.

    That pass parses the whole page with BeautifulSoup to add a placeholder ``alt`` to
    images without one and ``tabindex="0"`` to every input and output, then writes the
    page out again: about half the time of a render. Here every image already has its
    description (:func:`helpers.editions.describe_images`, and the ``offline``
    template writes it), so only the ``tabindex`` is added, by a pattern over the page's
    ``<div class="...">`` openings that carry those classes. Nothing is parsed or written
    out again.
    """

    def from_notebook_node(self, nb: nbformat.NotebookNode, resources: dict | None = None,
                           **kw: object) -> tuple[str, dict]:
        """The page and its resources (see :class:`nbconvert.HTMLExporter`)."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        self.register_filter("highlight_code", lambda source, language=None, metadata=None:
                             _highlighted(lexer, source, language,
                                          json.dumps(metadata or {}, sort_keys=True,
                                                     default=str)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _FOCUSABLE.sub(r'\1 tabindex="0"', page), resources


@functools.lru_cache(maxsize=4096)
def _highlighted(lexer: str | None, source: str, language: str | None, metadata: str) -> str:
    """nbconvert's highlighting of one code cell, done once: the teaching and instructor
    editions show the same code."""
    return Highlight2HTML(pygments_lexer=lexer)(source, language, json.loads(metadata))


#: The openings of the divs nbconvert makes focusable: each cell's input and each output.
_FOCUSABLE = re.compile(
    r'(<div class="(?:[^"<>]* )?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?: [^"<>]*)?")')


@functools.cache
def _exporter(edition: Edition) -> PageExporter:
    """One exporter per edition, made once per build: its templates are compiled once."""
    # optimistic_validation: the notebook is checked once after the preprocessors, not after
    # each of them (they only remove cells and outputs).
    exporter = PageExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                            optimistic_validation=True,
                            exclude_input=not edition.show_code,
                            exclude_input_prompt=not edition.show_code,
                            exclude_output_prompt=True)
    remover = TagRemovePreprocessor(remove_cell_tags=set(edition.hide_tags),
                                    remove_input_tags={HIDE_INPUT}, enabled=True)
    exporter.register_preprocessor(remover, enabled=True)
    return exporter


def render(nb: nbformat.NotebookNode, edition: Edition, stem: str) -> str:
    """Render an executed notebook as one edition's self-contained HTML.

    The page's title is the lesson's first heading and the edition; every image
    gets a text description (:func:`helpers.editions.describe_images`). The
    saved widget state is left out: a static page has no widget manager to
    render it (the explorer notebook prints its tables instead).
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    lesson, _ = notebook_title(nb, stem)
    nb.metadata["title"] = editions.page_title(lesson, edition.label)
    editions.describe_images(nb)
    if edition.findings_only:
        nb = editions.findings_only(nb)
    if edition.code_cells:
        nb = editions.with_code_cells(nb)
    if not edition.show_code:
        nb = without_exercises(nb)
    exporter = _exporter(edition)
    body, _ = exporter.from_notebook_node(
        nb, resources={"edition_bar": edition_bar(stem, edition.name),
                       "label_solutions": edition.label_solutions,
                       "show_code": edition.show_code})
    return body


def build_report(paths: list[Path], reports: Path, corpus: str | None = None, *,
                 timeout: int | None = None) -> Path:
    """Execute each notebook in a fresh kernel and write every edition plus ``index.html``.

    In order: the report folder's location is checked (never the repository, the
    corpus, the current folder or a parent of one of them), the corpus is
    validated, the folder's lock is taken, and the folder is checked to be
    missing, empty or a report the build made. Nothing is written before these
    checks pass. The report is then built in a fresh folder beside ``reports``
    and swapped in only when every notebook succeeded; on any failure or stop
    signal the previous report stays as it was. Relative paths are relative to
    the current folder. ``timeout`` is the limit per cell in seconds (default:
    :func:`helpers.execute.timeout_for` the corpus's number of articles).
    Returns the path of ``index.html``.
    """
    reports = reportdir.absolute(reports)
    corpus = None if corpus is None else str(reportdir.absolute(corpus))
    reportdir.check_location(reports, {
        "the repository": ROOT, "the corpus folder": None if corpus is None else Path(corpus),
        "the current folder": Path.cwd()})
    problems = validate_corpus(corpus)
    if problems:
        raise CorpusError(problems)
    if not paths:
        raise reportdir.ReportDirError("there are no notebooks to build (NN-name.ipynb)")
    reportdir.check_replaceable(reports)  # fail fast; checked again under the lock
    reports.parent.mkdir(parents=True, exist_ok=True)
    with reportdir.stop_on_signals(), reportdir.locked(reports):
        reportdir.sweep(reports)
        reportdir.check_replaceable(reports)
        staging = reportdir.new_staging(reports)

        def stopped(signum: int) -> None:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"\nERROR: the build was stopped by {signal.Signals(signum).name}. "
                  f"{reportdir.unchanged(reports)}", file=sys.stderr, flush=True)

        try:
            # The kernel server imports the lessons' stack while the derived tables are made.
            with reportdir.on_stop(stopped), kernels.forking():
                counts = _build_into(staging, paths, corpus, timeout,
                                     previous=reports / "tables" / DERIVED)
                reportdir.write_marker(staging, complete=True)
                reportdir.check_replaceable(reports)  # again: files may have appeared meanwhile
                reportdir.publish(staging, reports)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    index = reports / "index.html"
    print(f"Wrote {reportdir.shown(index)} ({counts})", flush=True)
    return index


#: Environment variable: how many notebooks ``make report`` executes at once.
JOBS_VARIABLE = "REPORT_JOBS"


def report_jobs(n_notebooks: int) -> int:
    """How many notebooks to execute at once: ``REPORT_JOBS`` if set, else one per core (each
    notebook runs in its own kernel process), never more than there are notebooks.

    >>> import os
    >>> os.environ["REPORT_JOBS"] = "1"; report_jobs(6)
    1
    >>> del os.environ["REPORT_JOBS"]
    """
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise reportdir.ReportDirError(
                f"{JOBS_VARIABLE}={value!r}: give a whole number of notebooks, 1 or more")
        jobs = int(value)
    else:
        jobs = os.cpu_count() or 1
    return max(1, min(jobs, n_notebooks))


def _build_into(folder: Path, paths: list[Path], corpus: str | None,
                timeout: int | None, previous: Path | None = None) -> str:
    """Compute the derived tables, then execute and render every notebook into ``folder``;
    a summary of what was written. ``previous`` is the last report's derived tables."""
    for sub in ("figures", "tables", "notebooks"):
        (folder / sub).mkdir()
    entries = []
    total = time.perf_counter()
    derived = folder / "tables" / DERIVED
    print("Derived tables (make tables) ...", end="", flush=True)
    built = reuse_or_write(corpus, derived, previous)
    print(f" {built.summary()}" if built else
          " copied from the previous report (same corpus, tables and code)", flush=True)
    manifest = read_manifest(derived) or {}
    if timeout is None:
        timeout = timeout_for(int(manifest.get("articles", 0)))
    env = {"REPORT_DIR": str(folder), CACHE_VARIABLE: str(derived)}
    parameters = {"CORPUS": corpus} if corpus else None

    def run(path: Path) -> tuple[nbformat.NotebookNode, float]:
        started = time.perf_counter()
        return execute(path, parameters=parameters, env=env, timeout=timeout), \
            time.perf_counter() - started

    jobs = report_jobs(len(paths))
    print(f"Executing {plural(len(paths), 'notebook')}, {jobs} at a time ...", flush=True)
    found: dict[Path, dict] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run, path): path for path in paths}
        try:
            # Each notebook is written as soon as it has run, in the order they finish.
            for done, future in enumerate(as_completed(futures), start=1):
                path = futures[future]
                print(f"[{done}/{len(paths)}] {path.name}: ", end="", flush=True)
                try:
                    nb, seconds = future.result()
                except BaseException:
                    print("failed", flush=True)
                    raise
                nbformat.write(nb, folder / "notebooks" / path.name)
                for edition in EDITIONS:
                    out = folder / f"{path.stem}.{edition.name}.html"
                    out.write_text(render(nb, edition, path.stem), encoding="utf-8")
                title, question = notebook_title(nb, path.stem)
                found[path] = {"stem": path.stem, "title": title, "question": question,
                               "findings": summary_findings(nb, folder, path.stem)}
                print(f"executed in {seconds:.1f} s, {len(EDITIONS)} editions written",
                      flush=True)
        except BaseException:
            for future in futures:  # the notebooks not started yet never start ...
                future.cancel()
            stop_running()  # ... and those running stop now, not when they are done
            raise
    entries = [found[path] for path in paths]
    (folder / "index.html").write_text(index_page(entries, folder, corpus), encoding="utf-8")
    figures = len(list((folder / "figures").glob("*.png")))
    tables = len(list((folder / "tables").glob("*.csv")))
    return (f"{len(entries)} notebooks, {figures} figures, {tables} tables in "
            f"{time.perf_counter() - total:.1f} s")


def plain(markdown: str) -> str:
    """Markdown written by ``helpers.notebook.say`` back to plain text (to be escaped again)."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+!|~$])", r"\1", markdown.replace("**", ""))
    return html.unescape(re.sub(r"^\s*[-*]\s+", "", text.strip()))


def summary_findings(nb: nbformat.NotebookNode, reports: Path, stem: str) -> list[str]:
    """The key findings a notebook computed, for the index.

    The Markdown outputs of the code cells under its "Summary" heading, one per
    bullet; failing those, its ``tables/NN-summary.csv`` (``finding`` and ``value``).
    """
    found: list[str] = []
    inside = False
    for cell in nb.cells:
        headings = re.findall(r"^#+ .*", cell.source, re.MULTILINE) \
            if cell.cell_type == "markdown" else []
        if headings:
            inside = bool(re.match(r"#+ Summary", headings[-1]))
            continue
        if inside and cell.cell_type == "code":
            for out in cell.get("outputs", []):
                md = out.get("data", {}).get("text/markdown", "")
                found += [plain(item) for item in re.split(r"\n(?=\s*[-*] )", md) if item.strip()]
    if found:
        return found
    path = reports / "tables" / f"{stem.split('-', 1)[0]}-summary.csv"
    if not path.exists():
        return []
    return summary_sentences(pd.read_csv(path, dtype=str, keep_default_na=False))


def _count(values: dict[str, str], key: str) -> int:
    """A count of a summary table (0 when the row is missing or not a whole number)."""
    value = values.get(key, "").strip()
    return int(value) if re.fullmatch(r"\d+", value) else 0


def _comparison_sentences(values: dict[str, str]) -> list[str]:
    """Sentences for the rows of :func:`helpers.events.summary_table` (the rows it uses are
    removed from ``values``)."""
    found = []
    if "comparison cells" in values:
        cells = _count(values, "comparison cells")
        backed = _count(values, "cells backed by evidence")
        sentences = _count(values, "evidence sentences")
        if not cells:
            found.append("The comparison table has no cells: the corpus lists no aspect of an "
                         "announcement to compare (announcements.csv).")
        elif backed == cells:
            found.append(f"Every one of the {plural(cells, 'cell')} of the comparison table is "
                         f"backed by evidence in the articles ({plural(sentences, 'sentence')}).")
        else:
            found.append(f"Evidence in the articles backs {backed} of the "
                         f"{plural(cells, 'cell')} of the comparison table "
                         f"({plural(sentences, 'sentence')}); {cells - backed} have none.")
        for key in ("comparison cells", "cells backed by evidence", "evidence sentences"):
            values.pop(key, None)
    if "dates found" in values:
        dates = _count(values, "dates found")
        explicit, relative = _count(values, "explicit dates"), _count(values, "relative dates")
        found.append("The date rules find no date in the articles." if not dates else
                     f"The articles mention {plural(dates, 'date')} the date rules can read: "
                     f"{explicit} written as a calendar date and {relative} relative to the "
                     "day of publication (such as “last month” or “on Tuesday”).")
        for key in ("dates found", "explicit dates", "relative dates"):
            values.pop(key, None)
    back = "sentences referring back to an earlier announcement"
    if back in values:
        n, articles = _count(values, back), _count(values, "articles with such a sentence")
        found.append("The callback rules find no sentence that refers back to an earlier "
                     "announcement." if not n else
                     f"The callback rules find {plural(n, 'sentence')}, in "
                     f"{plural(articles, 'article')}, that {'refers' if n == 1 else 'refer'} "
                     "back to an earlier announcement, by its words or by a date.")
        values.pop(back, None)
        values.pop("articles with such a sentence", None)
    both = "outlets covering more than one event"
    if both in values:
        n = _count(values, both)
        found.append("No outlet covers more than one event, so a difference between the events "
                     "may just as well be a difference between the outlets." if not n else
                     f"Of the outlets, {n} {'covers' if n == 1 else 'cover'} more than one "
                     "event; only within such an outlet can the events be compared without "
                     "also comparing outlets.")
        values.pop(both, None)
    return found


def summary_sentences(table: pd.DataFrame) -> list[str]:
    """A notebook's summary table (``finding``, ``value``) as sentences for the index.

    A ``sentence`` column is used as it is; a finding that is already a sentence
    (ends with a full stop) too. The counts of the announcement comparison
    (:func:`helpers.events.summary_table`) are put into sentences; any other
    count reads "The lesson counts 3 things."

    >>> table = pd.DataFrame({"finding": ["dates found", "explicit dates", "relative dates",
    ...                                   "quoted outlets"], "value": ["3", "1", "2", "4"]})
    >>> for line in summary_sentences(table):  # doctest: +NORMALIZE_WHITESPACE
    ...     print(line)
    The articles mention 3 dates the date rules can read: 1 written as a calendar date and 2
    relative to the day of publication (such as “last month” or “on Tuesday”).
    The lesson counts 4 quoted outlets.
    """
    if "sentence" in table.columns:
        return [s for s in table["sentence"] if str(s).strip()]
    found: list[str] = []
    values = {}
    for _, row in table.iterrows():
        finding, value = str(row.get("finding", "")).strip(), str(row.get("value", "")).strip()
        if finding.endswith("."):
            found.append(finding)
        elif finding:
            values[finding] = value
    found += _comparison_sentences(values)
    found += [f"The lesson counts {value} {finding}." if value else f"{finding[:1].upper()}"
              f"{finding[1:]}." for finding, value in values.items()]
    return found


#: How the index labels a score measured on the texts the rules were written on.
IN_SAMPLE = ("in sample: measured on the built-in articles the rules were written on; "
             "see the out-of-sample scores below")
_SCORE = re.compile(r"\b(precision|recall|accuracy)\b", re.IGNORECASE)


def label_scores(findings: list[str], builtin: bool) -> list[str]:
    """Mark the findings that report an extractor's score on the built-in corpus as in sample.

    >>> label_scores(["Precision 1.00, recall 1.00 on 25 quotations.", "5 articles."], True)
    ['Precision 1.00, recall 1.00 on 25 quotations (in sample: measured on the built-in \
articles the rules were written on; see the out-of-sample scores below).', '5 articles.']
    """
    if not builtin:
        return findings
    return [f"{f.rstrip('.')} ({IN_SAMPLE})." if _SCORE.search(f) else f for f in findings]


def _score(value: str) -> str:
    """A score of the in-and-out-of-sample table as shown on the index."""
    try:
        return f"{float(value):.2f}"
    except ValueError:
        return "not annotated"


#: The score columns of ``tables/01-in-and-out-of-sample.csv`` (see
#: :func:`helpers.gold.in_and_out_of_sample`): column, heading, what it was measured on, and
#: the column counting its cases.
SAMPLES = (
    ("in_sample", "In sample", "the built-in articles the rules were written on", ""),
    ("development", "Out of sample: development",
     "invented articles, used to find the kinds of error the rules make", "n_dev"),
    ("held_out", "Out of sample: held out",
     "invented articles by another annotator, only ever scored", "n_held"),
    ("out_of_sample", "Out of sample", "invented articles the rules were not written on",
     "n_out"),
)


def sample_section(reports: Path) -> str:
    """The extractors' in-sample and out-of-sample scores side by side, each column labelled
    (``tables/01-in-and-out-of-sample.csv``), as an escaped HTML section; empty without it."""
    path = reports / "tables" / "01-in-and-out-of-sample.csv"
    if not path.is_file():
        return ""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    columns = [c for c in SAMPLES if c[0] in table.columns]
    if not {"area", "measure", "in_sample"} <= set(table.columns) or len(columns) < 2:
        return ""
    esc = html.escape
    head = "<tr><th>Extractor</th><th>Measure</th>" + "".join(
        f"<th>{esc(label)}<br><small>{esc(about)}</small></th>"
        for _, label, about, _ in columns) + "</tr>"
    rows = []
    for _, r in table.iterrows():
        cells = [esc(r["area"]), esc(r["measure"])]
        for column, _, _, count in columns:
            value = _score(r[column]) if r[column] else "not annotated"
            cases = r.get(count, "") if count else ""
            cells.append(esc(value) + (f" <small>({esc(plural(int(cases), 'case'))})</small>"
                                       if cases.isdigit() and r[column] else ""))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ("<section><h2>How good are the extractors?</h2><p>Each score is a share from 0 to "
            "1. <strong>In sample</strong> scores are measured on the texts the rules were "
            "written on, the most flattering test there is. <strong>Out of sample</strong> "
            "scores are measured on invented articles the rules were not written on, annotated "
            "by hand before any extractor ran on them; trust these more. The scores describe "
            "the extractors, whichever corpus this report was built on (notebook 01)."
            f"</p><table>{head}{''.join(rows)}</table></section>")


def figure_description(path: Path) -> str:
    """The description a figure file carries (written by :func:`helpers.plotting.save_figure`),
    or its name with dashes as spaces when it has none."""
    try:
        from PIL import Image

        with Image.open(path) as image:
            text = image.info.get("Description", "")
    except (ImportError, OSError):
        text = ""
    return str(text).strip() or path.stem.replace("-", " ")


def health_section(reports: Path) -> str:
    """The health panel of notebook 00 (``tables/00-health.csv``) as an escaped HTML table."""
    path = reports / "tables" / "00-health.csv"
    if not path.is_file():
        return ""
    panel = pd.read_csv(path, dtype=str, keep_default_na=False)
    esc = html.escape
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(str(row[c]).lstrip(chr(39)))}</td>"
                         for c in ("check", "status", "count", "example", "what_to_do")) + "</tr>"
        for _, row in panel.iterrows())
    head = "".join(f"<th>{h}</th>" for h in ("Check", "Status", "Count", "Example", "What to do"))
    return ("<section><h2>Health check</h2><p>Signs that a tool struggled on this corpus, found "
            "without any hand annotation (notebook 00). <em>check</em> means: read these rows."
            f"</p><table><tr>{head}</tr>{rows}</table></section>")


def index_page(entries: list[dict], reports: Path, corpus: str | None) -> str:
    """The landing page: title, computed abstract, figure thumbnails, links to every edition."""
    esc = html.escape
    source = "the built-in corpus" if corpus is None else f"the corpus in {Path(corpus).name}"
    about = dict(zip(*load_table("corpus", corpus)[
        ["field", "value"]].T.values, strict=True))
    title = about.get("title", "Coverage notebooks" if corpus is None
                      else f"Coverage notebooks: {Path(corpus).name}")
    sections = []
    for entry in entries:
        prefix = entry["stem"].split("-", 1)[0]
        links = " · ".join(
            f'<a href="{esc(entry["stem"])}.{ed.name}.html" title="{esc(ed.audience)}">'
            f"{esc(ed.label)}</a>" for ed in EDITIONS)
        findings = "".join(f"<li>{esc(f)}</li>"
                           for f in label_scores(entry["findings"], corpus is None))
        thumbs = "".join(
            f'<a href="figures/{esc(p.name)}"><img src="figures/{esc(p.name)}" '
            f'alt="{esc(figure_description(p))}"></a>'
            for p in sorted((reports / "figures").glob(f"{prefix}-*.png")))
        sections.append(
            f'<section><h2>{esc(entry["title"])}</h2><p class="q">{esc(entry["question"])}</p>'
            f'<p class="links">Editions: {links}</p>'
            + (f"<h3>Key findings</h3><ul>{findings}</ul>" if findings else "")
            + (f'<div class="thumbs">{thumbs}</div>' if thumbs else "")
            + "</section>")
    tables = "".join(f'<li><a href="tables/{esc(p.name)}">{esc(p.name)}</a></li>'
                     for p in sorted((reports / "tables").glob("*.csv")))
    health = health_section(reports)
    samples = sample_section(reports)
    editions = "".join(f"<li><strong>{esc(ed.label)}</strong>: {esc(ed.audience)}</li>"
                       for ed in EDITIONS)
    meta = json.dumps({"notebooks": [e["stem"] for e in entries]})
    parquet = (" In the CSV tables, a text cell that starts with =, +, -, @, a tab or a "
               "carriage return is prefixed with ' so a spreadsheet shows it instead of running "
               "it; each table's <code>.parquet</code> copy in <code>tables/</code> keeps the "
               "raw values.") if any((reports / "tables").glob("*.parquet")) else ""
    if (reports / "tables" / DERIVED / "manifest.json").is_file():
        parquet += (f" The corpus's derived tables (sentences, sentiment, quotes, figures, frame "
                    f"hits, timeline, reuse), every row, are in <code>tables/{DERIVED}/</code> as "
                    "Parquet, one folder per table, listed in its "
                    "<code>manifest.json</code>.")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<script type="application/json" id="report-meta">{esc(meta)}</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 0 auto; padding: 16px;
  color: #1f2328; line-height: 1.5; }}
h1 {{ font-size: 26px; margin-bottom: 4px; }}
section {{ border-top: 1px solid #d0d7de; padding: 8px 0 16px; }}
p.q {{ font-style: italic; }}
.thumbs img {{ height: 150px; margin: 4px 8px 4px 0; border: 1px solid #d0d7de; }}
a {{ color: #0b5cad; }}
table {{ border-collapse: collapse; font-size: 14px; }}
td, th {{ border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; }}
th small {{ font-weight: normal; }}
</style></head>
<body>
<h1>{esc(title)}</h1>
<p>{esc(about.get("description", ""))}</p>
<p>These reports were built from {esc(source)}. Each notebook comes in three editions:</p>
<ul>{editions}</ul>
{health}
{"".join(sections)}
{samples}
<section><h2>Derived tables (CSV)</h2><ul>{tables}</ul></section>
<p>Figures are in <code>figures/</code> as PNG and SVG; executed notebooks in
<code>notebooks/</code>.{parquet}</p>
</body></html>
"""
