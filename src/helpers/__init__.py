"""Helpers for the Syria-withdrawal coverage notebooks: all the suite's logic lives here.

The names below are loaded on first use (:func:`__getattr__`), so ``import helpers`` costs
nothing and a process loads only the modules it uses: the report build does not load
matplotlib or TextBlob, a lesson that reads cached sentiment does not load VADER, and
``python -m helpers.importer`` does not load its module twice.
"""

from __future__ import annotations

import importlib

#: Each public name and the module of the package that defines it.
_HOMES = {
    "find_mentions": "actors",
    "load_actors": "actors",
    "resolve_actor": "actors",
    "Corpus": "corpus",
    "CorpusError": "corpus",
    "Problem": "corpus",
    "load_articles": "corpus",
    "load_boilerplate": "corpus",
    "load_table": "corpus",
    "open_corpus": "corpus",
    "raw_offset": "corpus",
    "table_path": "corpus",
    "validate_corpus": "corpus",
    "announcement_evidence": "events",
    "callbacks": "events",
    "comparison_table": "events",
    "find_dates": "events",
    "load_announcements": "events",
    "load_events": "events",
    "missing_evidence": "events",
    "timeline": "events",
    "compare_figures": "figures",
    "coverage_matrix": "figures",
    "extract_figures": "figures",
    "fact_mentions": "figures",
    "load_facts": "figures",
    "frame_hits": "framing",
    "keyness": "framing",
    "kwic": "framing",
    "extract_quotes": "quotes",
    "load_quote_annotations": "quotes",
    "score_gold_quotes": "quotes",
    "score_quotes": "quotes",
    "speech_summary": "quotes",
    "unregistered_speakers": "quotes",
    "align_sentences": "reuse",
    "article_similarity": "reuse",
    "build_index": "reuse",
    "compare_versions": "reuse",
    "sentence_sentiment": "sentiment",
    "synthetic_corpus": "synthetic",
    "load_sentences": "text",
    "import_pages": "importer",
}


def __getattr__(name: str) -> object:
    """A public name of the package, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"helpers.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The package's public names with what is loaded already."""
    return sorted(set(globals()) | set(_HOMES))


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
