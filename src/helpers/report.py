"""Build the HTML reports: three editions of every notebook and an index page.

Editions (one HTML file each, all self-contained, nothing fetched from a network):

* ``NN-name.teaching.html``: code and exercises shown, solutions hidden (for students);
* ``NN-name.reader.html``: no code and no solutions (for someone who wants the findings);
* ``NN-name.instructor.html``: everything, solutions included.

A cell tagged ``hide-input`` (code that only builds a sentence of prose) shows its
output in every edition and its code in none; the notebook itself keeps the code.

Figures go to ``figures/`` (PNG and SVG), derived tables to ``tables/`` (CSV for
spreadsheets, Parquet with the raw values), the executed notebooks to
``notebooks/``. ``index.html`` links everything and lists the key findings each
notebook computed (its ``tables/NN-summary.csv``).

The build checks the corpus and the report folder before it writes anything,
builds into a fresh folder beside the report folder and swaps it in only when
every notebook succeeded (see :mod:`helpers.reportdir` for what it will and will
not touch).
"""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from helpers import reportdir
from helpers.corpus import ROOT, CorpusError, load_table, validate_corpus
from helpers.execute import execute

TEMPLATES = Path(__file__).parent / "templates"
YOUR_TURN = re.compile(r"^#+ Your turn", re.MULTILINE)
#: Cells whose code builds prose: every edition shows their output, none their code.
HIDE_INPUT = "hide-input"


@dataclass(frozen=True)
class Edition:
    """One way of rendering a notebook."""

    name: str
    label: str
    audience: str
    show_code: bool
    hide_tags: tuple[str, ...]


EDITIONS = (
    Edition("teaching", "Teaching", "students: code and exercises, solutions hidden", True,
            ("solution",)),
    Edition("reader", "Reader", "readers: findings only, no code or exercises", False,
            ("solution",)),
    Edition("instructor", "Instructor", "teachers: everything, solutions included", True, ()),
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


def render(nb: nbformat.NotebookNode, edition: Edition, stem: str) -> str:
    """Render an executed notebook as one edition's self-contained HTML.

    The saved widget state is left out: a static page has no widget manager to
    render it (the explorer notebook prints its tables instead).
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    if not edition.show_code:
        nb = without_exercises(nb)
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=not edition.show_code,
                            exclude_input_prompt=not edition.show_code,
                            exclude_output_prompt=True)
    remover = TagRemovePreprocessor(remove_cell_tags=set(edition.hide_tags),
                                    remove_input_tags={HIDE_INPUT}, enabled=True)
    exporter.register_preprocessor(remover, enabled=True)
    body, _ = exporter.from_notebook_node(
        nb, resources={"edition_bar": edition_bar(stem, edition.name)})
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
    the current folder. Returns the path of ``index.html``.
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
            with reportdir.on_stop(stopped):
                counts = _build_into(staging, paths, corpus, timeout)
                reportdir.write_marker(staging, complete=True)
                reportdir.check_replaceable(reports)  # again: files may have appeared meanwhile
                reportdir.publish(staging, reports)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    index = reports / "index.html"
    print(f"Wrote {reportdir.shown(index)} ({counts})", flush=True)
    return index


def _build_into(folder: Path, paths: list[Path], corpus: str | None,
                timeout: int | None) -> str:
    """Execute and render every notebook into ``folder``; a summary of what was written."""
    for sub in ("figures", "tables", "notebooks"):
        (folder / sub).mkdir()
    entries = []
    total = time.perf_counter()
    env = {"REPORT_DIR": str(folder)}
    for i, path in enumerate(paths, start=1):
        started = time.perf_counter()
        print(f"[{i}/{len(paths)}] {path.name}: executing ...", end="", flush=True)
        try:
            nb = execute(path, parameters={"CORPUS": corpus} if corpus else None, env=env,
                         timeout=timeout)
        except BaseException:
            print(" failed", flush=True)
            raise
        nbformat.write(nb, folder / "notebooks" / path.name)
        for edition in EDITIONS:
            out = folder / f"{path.stem}.{edition.name}.html"
            out.write_text(render(nb, edition, path.stem), encoding="utf-8")
        title, question = notebook_title(nb, path.stem)
        entries.append({"stem": path.stem, "title": title, "question": question,
                        "findings": summary_findings(nb, folder, path.stem)})
        print(f" {len(EDITIONS)} editions in {time.perf_counter() - started:.1f} s", flush=True)
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
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return [f"{row['finding']}: {row['value']}" if row.get("value") and not row["finding"]
            .endswith(".") else row["finding"] for _, row in table.iterrows()]


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
        findings = "".join(f"<li>{esc(f)}</li>" for f in entry["findings"])
        thumbs = "".join(
            f'<a href="figures/{esc(p.name)}"><img src="figures/{esc(p.name)}" '
            f'alt="{esc(p.stem)}"></a>'
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
    editions = "".join(f"<li><strong>{esc(ed.label)}</strong>: {esc(ed.audience)}</li>"
                       for ed in EDITIONS)
    meta = json.dumps({"notebooks": [e["stem"] for e in entries]})
    parquet = (" In the CSV tables, a text cell that starts with =, +, -, @, a tab or a "
               "carriage return is prefixed with ' so a spreadsheet shows it instead of running "
               "it; each table's <code>.parquet</code> copy in <code>tables/</code> keeps the "
               "raw values.") if any((reports / "tables").glob("*.parquet")) else ""
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
</style></head>
<body>
<h1>{esc(title)}</h1>
<p>{esc(about.get("description", ""))}</p>
<p>These reports were built from {esc(source)}. Each notebook comes in three editions:</p>
<ul>{editions}</ul>
{health}
{"".join(sections)}
<section><h2>Derived tables (CSV)</h2><ul>{tables}</ul></section>
<p>Figures are in <code>figures/</code> as PNG and SVG; executed notebooks in
<code>notebooks/</code>.{parquet}</p>
</body></html>
"""
