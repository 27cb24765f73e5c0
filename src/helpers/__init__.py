"""Helpers for the Syria-withdrawal coverage notebooks: all the suite's logic lives here."""

from helpers.actors import find_mentions, load_actors, resolve_actor
from helpers.corpus import (
    Corpus,
    CorpusError,
    Problem,
    load_articles,
    load_boilerplate,
    load_table,
    open_corpus,
    raw_offset,
    table_path,
    validate_corpus,
)
from helpers.events import (
    announcement_evidence,
    callbacks,
    comparison_table,
    find_dates,
    load_announcements,
    load_events,
    missing_evidence,
    timeline,
)
from helpers.figures import (
    compare_figures,
    coverage_matrix,
    extract_figures,
    fact_mentions,
    load_facts,
)
from helpers.framing import frame_hits, keyness, kwic
from helpers.quotes import (
    extract_quotes,
    load_quote_annotations,
    score_gold_quotes,
    score_quotes,
    speech_summary,
    unregistered_speakers,
)
from helpers.reuse import align_sentences, article_similarity, build_index, compare_versions
from helpers.sentiment import sentence_sentiment
from helpers.synthetic import synthetic_corpus
from helpers.text import load_sentences


def __getattr__(name: str) -> object:
    """``import_pages`` is loaded on first use, so ``python -m helpers.importer`` runs cleanly.

    (Importing it here would load the module twice under ``-m``, and load trafilatura for
    every notebook that never imports a page.)
    """
    if name == "import_pages":
        from helpers.importer import import_pages

        return import_pages
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


__all__ = [
    "Corpus",
    "open_corpus",
    "announcement_evidence",
    "callbacks",
    "comparison_table",
    "find_dates",
    "load_announcements",
    "load_events",
    "missing_evidence",
    "timeline",
    "frame_hits",
    "import_pages",
    "keyness",
    "kwic",
    "sentence_sentiment",
    "synthetic_corpus",
    "align_sentences",
    "article_similarity",
    "build_index",
    "compare_figures",
    "compare_versions",
    "coverage_matrix",
    "extract_figures",
    "extract_quotes",
    "fact_mentions",
    "find_mentions",
    "load_actors",
    "load_facts",
    "load_quote_annotations",
    "resolve_actor",
    "score_gold_quotes",
    "score_quotes",
    "speech_summary",
    "unregistered_speakers",
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
