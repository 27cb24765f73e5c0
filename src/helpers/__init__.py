"""Helpers for the Syria-withdrawal coverage notebooks: all the suite's logic lives here."""

from helpers.corpus import (
    CorpusError,
    Problem,
    load_articles,
    load_boilerplate,
    load_table,
    raw_offset,
    table_path,
    validate_corpus,
)
from helpers.text import load_sentences

__all__ = [
    "CorpusError",
    "Problem",
    "load_articles",
    "load_boilerplate",
    "load_sentences",
    "load_table",
    "raw_offset",
    "table_path",
    "validate_corpus",
]
