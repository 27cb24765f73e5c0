"""Progress bars on the long loops of a large corpus, in a terminal or in JupyterLab.

Opening a corpus of thousands of articles in a notebook takes minutes the first time (sentence
splitting, then sentiment and quotes); :func:`bar` shows how far it has got. It stays silent
where a bar would only be noise: in a report build (the build prints its own progress and pages
must not show bars), inside ``make tables`` (which has its own bars), on short loops, and in
any process that is neither a terminal nor a notebook kernel.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["MIN_ITEMS", "bar", "quiet", "shown"]

T = TypeVar("T")

#: Loops over sentences shorter than this run without a bar (about a hundred articles' worth;
#: loops over articles use :data:`helpers.corpus.LARGE_CORPUS`).
MIN_ITEMS = 2_000
_quiet = {"depth": 0}


def shown() -> bool:
    """Whether a bar would be shown here: in a notebook kernel or a terminal, outside a report
    build (``REPORT_DIR`` set) and outside :func:`quiet`."""
    if _quiet["depth"] or os.environ.get("REPORT_DIR"):
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        shell = None
    else:
        shell = get_ipython()
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":
        return True
    return sys.stderr.isatty()


def bar(items: Iterable[T], total: int, what: str, least: int = MIN_ITEMS) -> Iterable[T]:
    """``items`` with a progress bar labelled ``what`` when :func:`shown` and ``total`` is at
    least ``least``; ``items`` unchanged otherwise.

    >>> bar([1, 2, 3], 3, "articles")  # short: no bar
    [1, 2, 3]
    """
    if total < least or not shown():
        return items
    from tqdm.auto import tqdm

    return tqdm(items, total=total, desc=what, unit="", leave=False)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """No bar inside the block (``make tables`` shows bars of its own)."""
    _quiet["depth"] += 1
    try:
        yield
    finally:
        _quiet["depth"] -= 1
