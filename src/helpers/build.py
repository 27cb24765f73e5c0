"""Command line for the Makefile: execute notebooks, build reports, validate a corpus.

``python -m helpers.build notebooks``           re-execute notebooks/ in place
``python -m helpers.build report --reports DIR``  build the HTML reports
``python -m helpers.build validate --corpus DIR`` list every problem in a corpus
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.corpus import ROOT, CorpusError, validate_corpus

NOTEBOOK_DIR = ROOT / "notebooks"
TIMEOUT = 600
BUILTIN_TAG = "builtin-corpus"


class NotebookFailed(RuntimeError):
    """A notebook raised an error: names the notebook, the cell and the error, not a traceback."""


def numbered_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks of the suite, in lesson order (``NN-name.ipynb``)."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def inject_parameters(nb: nbformat.NotebookNode, values: dict[str, object]) -> None:
    """Set parameters in the cell tagged ``parameters`` (papermill's convention).

    The assignments are appended to that cell, so the notebook's defaults stay
    visible and the overrides follow them, as papermill does.
    """
    if not values:
        return
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            lines = [f"{name} = {value!r}" for name, value in values.items()]
            cell.source = cell.source.rstrip() + "\n# Injected by the report build:\n" + \
                "\n".join(lines)
            return


def for_corpus(nb: nbformat.NotebookNode, corpus: str | None) -> nbformat.NotebookNode:
    """Adapt a lesson to another corpus: drop the cells written about the built-in one.

    Cells tagged ``builtin-corpus`` hold prose (or code) about the built-in
    Syria corpus, such as a remark on one article's wording. With ``corpus``
    set they are removed, and a note after the opening cell tells the reader
    which corpus the edition was built on. With ``corpus=None`` the notebook
    is returned unchanged.
    """
    if corpus is None:
        return nb
    kept = [c for c in nb.cells if BUILTIN_TAG not in c.get("metadata", {}).get("tags", [])]
    note = nbformat.v4.new_markdown_cell(
        f"> **Built on the corpus `{Path(corpus).name}`.** Passages of the lesson that describe "
        "the built-in corpus are left out of this edition; every table, figure and number is "
        "computed from this corpus. Tables the corpus folder does not provide (such as "
        "`frames.csv`) come from the project's `data/` folder, as notebook 00 lists.")
    note.id = "corpus-note"
    nb.cells = kept[:1] + [note] + kept[1:]
    return nb


def execute(path: Path, parameters: dict[str, object] | None = None,
            env: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh kernel, in its own folder; raise NotebookFailed on error."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # a saved widget state describes the last run, not this one
    parameters = parameters or {}
    corpus = parameters.get("CORPUS")
    for_corpus(nb, None if corpus is None else str(corpus))
    inject_parameters(nb, parameters)
    old_env = dict(os.environ)
    os.environ.update(env or {})
    try:
        client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}},
                                record_timing=False,
                                # quiet the kernel's own log (a warning about local TCP)
                                extra_arguments=["--IPKernelApp.log_level=ERROR"])
        client.execute()
    except CellExecutionError as err:
        cell = _failing_cell(nb)
        raise NotebookFailed(f"{path.name}: cell {cell} failed: {_last_line(err)}") from None
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    return nb


def _failing_cell(nb: nbformat.NotebookNode) -> str:
    """Describe the first code cell with an error output (its number and first line)."""
    number = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        number += 1
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            return f"#{number} ({first[:60]!r})"
    return "?"


def _last_line(err: CellExecutionError) -> str:
    """The error's name and message, without the traceback."""
    if getattr(err, "ename", None):
        return f"{err.ename}: {err.evalue}"
    return str(err).strip().splitlines()[-1]


def run_notebooks(paths: list[Path]) -> None:
    """Re-execute notebooks in place, printing progress and timings."""
    for i, path in enumerate(paths, start=1):
        started = time.perf_counter()
        print(f"[{i}/{len(paths)}] {path.name} ...", end="", flush=True)
        nb = execute(path)
        nbformat.write(nb, path)
        print(f" done in {time.perf_counter() - started:.1f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m helpers.build``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.build")
    parser.add_argument("command", choices=["notebooks", "report", "validate"])
    parser.add_argument("--corpus", default=None, help="corpus folder (default: built-in)")
    parser.add_argument("--reports", default=str(ROOT / "reports"), help="output folder")
    parser.add_argument("names", nargs="*", help="only these notebooks (file names)")
    args = parser.parse_intermixed_args(argv)
    if args.corpus:  # notebooks run in notebooks/, so a relative path would point elsewhere
        args.corpus = str(Path(args.corpus).resolve())
    try:
        if args.command == "validate":
            return _validate(args.corpus)
        paths = numbered_notebooks()
        if args.names:
            paths = [p for p in paths if p.name in args.names]
        if args.command == "notebooks":
            run_notebooks(paths)
            return 0
        from helpers.report import build_report

        build_report(paths, Path(args.reports), args.corpus)
        return 0
    except (NotebookFailed, CorpusError) as err:
        print(f"\nERROR: {err}", file=sys.stderr)
        return 1


def _validate(corpus: str | None) -> int:
    """Print every problem of a corpus; exit status 1 if there are any."""
    problems = validate_corpus(corpus)
    where = corpus or "the built-in corpus"
    if not problems:
        print(f"{where}: OK, no problems found.")
        return 0
    print(f"{where}: {len(problems)} problem(s):")
    for problem in problems:
        print(f"  - {problem}")
    return 1


if __name__ == "__main__":
    # Run the module's own copy, so `except NotebookFailed` catches what helpers.report raises.
    from helpers.build import main as _main

    sys.exit(_main())
