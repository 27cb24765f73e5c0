"""Command line for the Makefile: execute notebooks, build reports, validate a corpus, clean.

``python -m helpers.build notebooks``           re-execute notebooks/ in place
``python -m helpers.build report --reports DIR``  build the HTML reports
``python -m helpers.build validate --corpus DIR`` list every problem in a corpus
``python -m helpers.build clean --reports DIR``   delete a report folder the build made

Paths come from ``--corpus`` and ``--reports`` or, failing those, from the environment
variables ``CORPUS`` and ``REPORTS``: the Makefile exports its variables, so no path
ever passes through a shell command line. Relative paths are relative to the current
folder (where ``make`` was run). Errors a user can act on print one line, not a traceback.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from pathlib import Path

from helpers import reportdir

#: Names importable from here (notebook execution lives in helpers.execute, the report in
#: helpers.report); loaded on first use, so ``make report`` can start its kernel server
#: before this process imports pandas, nbclient and nbconvert.
_EXPORTS = {
    "BUILTIN_TAG": "helpers.execute", "NOTEBOOK_DIR": "helpers.execute",
    "SECONDS_PER_ARTICLE": "helpers.execute", "TIMEOUT": "helpers.execute",
    "NotebookFailed": "helpers.execute", "execute": "helpers.execute",
    "for_corpus": "helpers.execute", "inject_parameters": "helpers.execute",
    "numbered_notebooks": "helpers.execute", "run_notebooks": "helpers.execute",
    "build_report": "helpers.report", "ROOT": "helpers.corpus",
    "CorpusError": "helpers.corpus", "validate_corpus": "helpers.corpus",
}


def __getattr__(name: str) -> object:
    """A name of :data:`_EXPORTS`, imported from its module on first use."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'helpers.build' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


#: What to do about an operating-system error, by errno.
HINTS = {
    errno.ENOSPC: "the disk is full; free some space, or choose a REPORTS folder on another disk",
    errno.EDQUOT: "your disk quota is used up; free some space, or choose another REPORTS",
    errno.EROFS: "the file system is read-only; choose a REPORTS folder on a writable disk",
    errno.EACCES: "permission denied; choose a REPORTS folder you can write to",
    errno.EPERM: "not permitted; choose a REPORTS folder you can write to",
    errno.ENOTDIR: "a part of that path is a file, not a folder; choose another REPORTS",
    errno.ENAMETOOLONG: "the path is too long; choose a shorter REPORTS",
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m helpers.build``; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if "report" in argv:
        # The kernel server imports the lessons' stack while this process imports its own.
        from helpers import kernels

        with kernels.forking():
            return _main(argv)
    return _main(argv)


def _main(argv: list[str]) -> int:
    from helpers.corpus import ROOT, CorpusError
    from helpers.execute import (
        NOTEBOOK_DIR,
        SECONDS_PER_ARTICLE,
        TIMEOUT,
        NotebookFailed,
        numbered_notebooks,
        run_notebooks,
    )
    from helpers.report import build_report

    parser = argparse.ArgumentParser(prog="python -m helpers.build")
    parser.add_argument("command", choices=["notebooks", "report", "validate", "clean"])
    parser.add_argument("--corpus", default=None,
                        help="corpus folder (default: $CORPUS, else the built-in corpus)")
    parser.add_argument("--reports", default=None,
                        help="output folder (default: $REPORTS, else reports/ in the project)")
    parser.add_argument("--notebooks", default=str(NOTEBOOK_DIR),
                        help="folder of the NN-name.ipynb notebooks (default: notebooks/)")
    parser.add_argument("--timeout", type=int, default=None,
                        help=f"seconds a cell may run (default: {TIMEOUT}, plus "
                             f"{SECONDS_PER_ARTICLE} per article for a report)")
    parser.add_argument("names", nargs="*", help="only these notebooks (file names)")
    args = parser.parse_intermixed_args(argv)
    corpus_arg = args.corpus if args.corpus is not None else os.environ.get("CORPUS", "")
    reports_arg = args.reports or os.environ.get("REPORTS") or str(ROOT / "reports")
    # Notebooks run in their own folder, so paths are made absolute here, against the caller's.
    corpus = str(reportdir.absolute(corpus_arg)) if corpus_arg else None
    reports = reportdir.absolute(reports_arg)
    try:
        if args.command == "validate":
            return _validate(corpus)
        if args.command == "clean":
            return _clean(reports)
        paths = numbered_notebooks(reportdir.absolute(args.notebooks))
        if args.names:
            paths = [p for p in paths if p.name in args.names]
        if args.command == "notebooks":
            run_notebooks(paths, timeout=args.timeout)
            return 0
        build_report(paths, reports, corpus, timeout=args.timeout)
        return 0
    except CorpusError as err:
        _error(f"{err}\nNothing was written. `make validate CORPUS=...` lists the same problems.")
    except (NotebookFailed, reportdir.ReportDirError) as err:
        _error(f"{err}{_unchanged(args.command, reports)}")
    except reportdir.BuildStopped as err:
        after = f", just after the new report was written to {reportdir.shown(reports)}" \
            if err.published else _unchanged(args.command, reports)
        _error(f"the build was {err}{after}")
        return 128 + err.signum
    except OSError as err:
        where = f" ({reportdir.shown(err.filename)})" if err.filename else ""
        hint = HINTS.get(err.errno or 0, "")
        _error(f"{err.strerror or err}{where}{'; ' + hint if hint else ''}"
               f"{_unchanged(args.command, reports)}")
    return 1


def _error(message: str) -> None:
    print(f"\nERROR: {message}", file=sys.stderr, flush=True)


def _unchanged(command: str, reports: Path) -> str:
    """For a failed report build: the sentence saying the old report was left alone."""
    return f". {reportdir.unchanged(reports)}" if command == "report" else ""


def _validate(corpus: str | None) -> int:
    """Print every problem of a corpus; exit status 1 if there are any."""
    from helpers.corpus import validate_corpus

    problems = validate_corpus(corpus)
    where = reportdir.shown(corpus) if corpus else "the built-in corpus"
    if not problems:
        print(f"{where}: OK, no problems found.")
        return 0
    print(f"{where}: {len(problems)} problem(s):")
    for problem in problems:
        print(f"  - {problem}")
    return 1


def _clean(reports: Path) -> int:
    """Delete a report folder the build made; refuse any other folder (exit status 1)."""
    from helpers.corpus import ROOT

    reportdir.check_location(reports, {"the repository": ROOT, "the current folder": Path.cwd()},
                             action="delete")
    if not reports.parent.is_dir():
        print(f"Nothing to remove: {reportdir.shown(reports)} does not exist.")
        return 0
    if reports.exists():
        reportdir.check_replaceable(reports)  # before the lock file is made beside it
    with reportdir.locked(reports):
        reportdir.sweep(reports)
        removed = reportdir.remove(reports)
    print(f"{'Removed' if removed else 'Nothing to remove:'} {reportdir.shown(reports)}"
          f"{'' if removed else ' does not exist'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
