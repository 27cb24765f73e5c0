"""Execute the suite's notebooks in a fresh kernel, with parameters, and explain failures.

Used by :mod:`helpers.report` (the HTML build) and :mod:`helpers.build` (the command
line). It imports neither, so the package has no import cycle.

A failing or timed-out notebook raises :class:`NotebookFailed` with one line: the
notebook, the cell (its number and first line), the exception's name and message,
and where the partly executed notebook was saved so the outputs up to the failure
can be read.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from helpers import reportdir
from helpers.corpus import ROOT
from helpers.kernels import ForkingKernelManager
from helpers.notebook import escape

NOTEBOOK_DIR = ROOT / "notebooks"
#: Seconds a single cell may run before the build gives up on the notebook (on a small corpus).
TIMEOUT = 600
#: Seconds added to that limit per article of the corpus (:func:`timeout_for`). Every derived
#: table together costs 0.02 to 0.04 s per article in one process (``make bench``); a cell may
#: run several stages when the tables are not cached, so the limit allows several times that.
SECONDS_PER_ARTICLE = 0.25
BUILTIN_TAG = "builtin-corpus"
#: The environment variable through which the kernel learns the corpus folder, so the
#: machine's path is never written into the notebook (and so into a report page).
CORPUS_VARIABLE = "REPORT_CORPUS"
#: The MIME type of a live widget's output; a saved notebook has no kernel to drive it.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def kernelspec() -> dict[str, str]:
    """The kernelspec the notebooks run on: ipykernel's own (``python3``, "Python 3 (ipykernel)").

    It is the one ``make lab`` offers (ipykernel installs it into the environment),
    so JupyterLab does not mark a notebook modified as it opens it.

    >>> kernelspec()["name"], kernelspec()["language"]
    ('python3', 'python')
    """
    from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict

    spec = get_kernel_dict()
    return {"display_name": spec["display_name"], "language": spec["language"],
            "name": KERNEL_NAME}


def without_dead_widgets(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop the saved widget state and, from every output with a static HTML fallback, the
    widget view, in place; returns ``nb``.

    A saved widget belongs to a kernel that no longer runs: restored, it looks live
    but does nothing, or shows "model not found". An output that offers HTML as
    well (the explorer's, see :class:`helpers.explore.WithFallback`) keeps the HTML,
    which JupyterLab shows until the cell runs again.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW in data and "text/html" in data:
                del data[WIDGET_VIEW]
    return nb


class NotebookFailed(RuntimeError):
    """A notebook raised an error or timed out: one line naming notebook, cell and error."""


@dataclass(frozen=True)
class FromEnvironment:
    """A parameter whose value the kernel reads from an environment variable.

    The injected line reads ``os.environ[variable]``, so the value itself (a
    machine path) never appears in the notebook; ``shown`` is a safe description
    for a comment on that line (for example the folder's name).
    """

    variable: str
    shown: str = ""


def timeout_for(n_articles: int) -> int:
    """The time limit per cell for a corpus of ``n_articles``: :data:`TIMEOUT`, plus
    :data:`SECONDS_PER_ARTICLE` per article.

    >>> timeout_for(5), timeout_for(1_000), timeout_for(10_000)
    (602, 850, 3100)
    """
    return TIMEOUT + math.ceil(n_articles * SECONDS_PER_ARTICLE)


def numbered_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks of the suite, in lesson order (``NN-name.ipynb``)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))


def inject_parameters(nb: nbformat.NotebookNode, values: Mapping[str, object]) -> None:
    """Set parameters in the cell tagged ``parameters`` (papermill's convention).

    The assignments are appended to that cell, so the notebook's defaults stay
    visible and the overrides follow them, as papermill does. A
    :class:`FromEnvironment` value becomes ``NAME = os.environ["VARIABLE"]``.
    """
    if not values:
        return
    lines = []
    for name, value in values.items():
        if isinstance(value, FromEnvironment):
            if "import os" not in lines:
                lines.insert(0, "import os")
            comment = f"  # {value.shown}" if value.shown else ""
            lines.append(f"{name} = os.environ[{value.variable!r}]{comment}")
        else:
            lines.append(f"{name} = {value!r}")
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = cell.source.rstrip() + "\n# Injected by the report build:\n" + \
                "\n".join(lines)
            return


def for_corpus(nb: nbformat.NotebookNode, corpus: str | None) -> nbformat.NotebookNode:
    """Adapt a lesson to another corpus: drop the cells written about the built-in one.

    Cells tagged ``builtin-corpus`` hold prose (or code) about the built-in
    Syria corpus, such as a remark on one article's wording. With ``corpus``
    set they are removed, and a note after the opening cell tells the reader
    which corpus the edition was built on: the folder's name only, escaped for
    Markdown and HTML (a folder name is untrusted text). With ``corpus=None``
    the notebook is returned unchanged.
    """
    if corpus is None:
        return nb
    kept = [c for c in nb.cells if BUILTIN_TAG not in c.get("metadata", {}).get("tags", [])]
    note = nbformat.v4.new_markdown_cell(
        f"> **Built on the corpus <code>{escape(Path(corpus).name)}</code>.** Passages of the "
        "lesson that describe the built-in corpus are left out of this edition; every table, "
        "figure and number is computed from this corpus, with the generic tables that hold for "
        "any English news and the corpus's own story tables. A story table the corpus lacks is "
        "never borrowed: the section that needs it says which file to add, and notebook 00 "
        "lists them all.")
    note.id = "corpus-note"
    nb.cells = kept[:1] + [note] + kept[1:]
    return nb


def execute(path: Path, parameters: Mapping[str, object] | None = None,
            env: Mapping[str, str] | None = None, *, timeout: int | None = None,
            partial_dir: Path | None = None) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh kernel, in its own folder; raise NotebookFailed on error.

    ``parameters`` go into the cell tagged ``parameters``; a ``CORPUS`` path is
    passed through the environment (:data:`CORPUS_VARIABLE`) and the cell shows
    only the folder's name. ``env`` is added to the kernel's environment.
    ``timeout`` is the limit per cell in seconds (default :data:`TIMEOUT`). When
    the notebook fails, the partly executed notebook is written to
    ``partial_dir`` (default: a new temporary folder) and its path is named in
    the error. The notebook gets the :func:`kernelspec` of ``make lab``, and
    loses its widgets' saved state (:func:`without_dead_widgets`).
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # a saved widget state describes the last run, not this one
    nb.metadata["kernelspec"] = kernelspec()
    values = dict(parameters or {})
    kernel_env = dict(env or {})
    corpus = values.get("CORPUS")
    for_corpus(nb, None if corpus is None else str(corpus))
    if corpus is not None:  # the kernel runs in the notebook's folder: pass an absolute path
        corpus = os.path.abspath(str(corpus))
        kernel_env[CORPUS_VARIABLE] = corpus
        values["CORPUS"] = FromEnvironment(
            CORPUS_VARIABLE, f"the corpus folder {Path(corpus).name!r}")
    inject_parameters(nb, values)
    limit = TIMEOUT if timeout is None else timeout
    running: dict[str, int] = {}

    def remember(cell: nbformat.NotebookNode, cell_index: int) -> None:
        running["index"] = cell_index

    client = _Client(nb, timeout=limit, kernel_name=nb.metadata["kernelspec"]["name"],
                     resources={"metadata": {"path": str(path.parent)}},
                     record_timing=False, on_cell_execute=remember,
                     kernel_manager_class=ForkingKernelManager,
                     # quiet the kernel's own log (a warning about local TCP)
                     extra_arguments=["--IPKernelApp.log_level=ERROR"])
    try:
        with reportdir.on_stop(lambda signum: _kill_kernel(client)), _running(client):
            # The kernel's environment is passed to it, not set on this process, so several
            # notebooks can run at once in threads (helpers.report).
            client.execute(env={**os.environ, **kernel_env})
    except CellExecutionError as err:
        what = f"failed: {_error_line(err)}"
    except CellTimeoutError:
        what = f"did not finish within {limit} s (the limit per cell)"
    except DeadKernelError:
        what = "stopped: the kernel died (out of memory?)"
    except BaseException:  # interrupted: do not leave the kernel running
        _kill_kernel(client)
        raise
    else:
        return without_dead_widgets(nb)
    finally:
        reportdir.reclaim_signals()  # nbclient reset them to the default
    cell = describe_cell(nb, running.get("index"))
    saved = _save_partial(nb, path.name, partial_dir)
    raise NotebookFailed(f"{path.name}: cell {cell} {what}; {saved}")


#: The notebooks this process is executing (several at once in a report build).
_RUNNING: set[NotebookClient] = set()
_RUNNING_LOCK = threading.Lock()


@contextlib.contextmanager
def _running(client: NotebookClient) -> Iterator[None]:
    with _RUNNING_LOCK:
        _RUNNING.add(client)
    try:
        yield
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(client)


def stop_running() -> None:
    """Kill the kernel of every notebook this process is executing: one has failed, so the
    build stops without waiting for the others to finish."""
    with _RUNNING_LOCK:
        clients = list(_RUNNING)
    for client in clients:
        _kill_kernel(client)


class _Client(NotebookClient):
    """nbclient's client, leaving SIGTERM and SIGINT to the build's own handlers.

    nbclient installs handlers that shut the kernel down and let the cell fail with
    a traceback; the build's handlers (:func:`helpers.reportdir.stop_on_signals`)
    are put back straight after, before the kernel starts.
    """

    async def async_start_new_kernel(self, **kwargs: object) -> None:
        """Put the build's signal handlers back, then start the kernel."""
        reportdir.reclaim_signals()
        await super().async_start_new_kernel(**kwargs)


def _kill_kernel(client: NotebookClient) -> None:
    """Kill the client's kernel process, if one is running, and remove its connection file."""
    km = getattr(client, "km", None)
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is not None and process.poll() is None:
        process.kill()
    connection = getattr(km, "connection_file", "")
    if connection:
        with contextlib.suppress(OSError):
            os.unlink(connection)


def describe_cell(nb: nbformat.NotebookNode, index: int | None) -> str:
    """``#N ('first line')``: the code cell's number among code cells and its first line.

    Without ``index``, the first code cell with an error output is described.
    """
    number = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        number += 1
        errored = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if i == index or (index is None and errored):
            lines = [ln for ln in cell.source.splitlines() if ln.strip()]
            first = lines[0].strip() if lines else ""
            return f"#{number} ({first[:60]!r})"
    return "?"


def _error_line(err: CellExecutionError) -> str:
    """The exception's name and the first line of its message, without the traceback."""
    if getattr(err, "ename", None):
        lines = [ln for ln in str(err.evalue).splitlines() if ln.strip()]
        more = f" (and {len(lines) - 1} more lines)" if len(lines) > 1 else ""
        return f"{err.ename}: {lines[0] if lines else ''}{more}"
    lines = [ln for ln in str(err).splitlines() if ln.strip()]
    return lines[-1] if lines else type(err).__name__


def _save_partial(nb: nbformat.NotebookNode, name: str, folder: Path | None) -> str:
    """Write the partly executed notebook; return a sentence saying where (or why not)."""
    try:
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="syria-coverage-failed-"))
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / name
        nbformat.write(nb, out)
    except OSError as err:
        return f"the partly executed notebook could not be saved ({err.strerror})"
    return f"the notebook as far as it ran is in {out}"


def run_notebooks(paths: list[Path], timeout: int | None = None) -> None:
    """Re-execute notebooks in place, printing progress and timings.

    A notebook that fails is left as it was; the partly executed copy goes to a
    temporary folder named in the error.
    """
    for i, path in enumerate(paths, start=1):
        started = time.perf_counter()
        print(f"[{i}/{len(paths)}] {path.name} ...", end="", flush=True)
        nb = execute(path, timeout=timeout)
        nbformat.write(nb, path)
        print(f" done in {time.perf_counter() - started:.1f} s", flush=True)
