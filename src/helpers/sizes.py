"""The size at which a corpus counts as large: a module of its own, imported by
:mod:`helpers.corpus` and :mod:`helpers.text` alike without an import cycle."""

from __future__ import annotations

__all__ = ["LARGE_CORPUS"]

#: A corpus with more articles than this is large (:attr:`helpers.corpus.Corpus.is_large`): a
#: page that shows one row, bar or cell per article stops being readable, so the lessons show
#: aggregates per outlet and event, top-N tables and samples instead, and leave the full tables
#: to files; long loops over its articles show a progress bar (:mod:`helpers.progress`).
LARGE_CORPUS = 100
