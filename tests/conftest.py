"""Shared fixtures: the built-in corpus and a factory for small corpus folders."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from pytest_socket import disable_socket, enable_socket

from helpers import load_articles, load_sentences
from helpers.corpus import DATA_DIR, SEEDS_DIR


@pytest.fixture(scope="session")
def articles() -> pd.DataFrame:
    return load_articles()


@pytest.fixture(scope="session")
def sentences(articles: pd.DataFrame) -> pd.DataFrame:
    return load_sentences(articles)


def only_row(table: pd.DataFrame, article_id: str, mask: pd.Series, what: str) -> pd.Series:
    """The single row of ``article_id`` where ``mask`` holds; fails the test otherwise."""
    hits = table[(table.article_id == article_id) & mask]
    assert len(hits) == 1, f"{what!r} found {len(hits)} times in {article_id}"
    return hits.iloc[0]


def sentence_with(sentences: pd.DataFrame, article_id: str, needle: str) -> pd.Series:
    """The one sentence of ``article_id`` that contains ``needle``."""
    return only_row(sentences, article_id, sentences.text.str.contains(needle, regex=False),
                    needle)


@pytest.fixture
def make_corpus(tmp_path: Path):
    """Copy the built-in corpus into a temp folder; return (folder, articles.csv lines)."""

    def _make() -> Path:
        for f in SEEDS_DIR.glob("*.txt"):
            shutil.copy(f, tmp_path / f.name)
        shutil.copy(DATA_DIR / "articles.csv", tmp_path / "articles.csv")
        return tmp_path

    return _make


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def no_network() -> Iterator[None]:
    """Block every socket and name lookup (pytest-socket) inside the ``with`` block."""
    disable_socket()
    try:
        yield
    finally:
        enable_socket()


@pytest.fixture
def offline() -> Iterator[None]:
    """Block every socket and name lookup for the duration of a test."""
    with no_network():
        yield


def read_articles(folder: Path) -> list[dict[str, str]]:
    """The rows of ``folder/articles.csv`` as dicts."""
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_articles(folder: Path, rows: list[dict[str, str]], fields: list[str] | None = None
                   ) -> None:
    """Write ``rows`` as ``folder/articles.csv`` (columns: ``fields``, else the first row's)."""
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields or list(rows[0]), lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def editable_copy(source: Path, tmp_path: Path) -> Path:
    """A copy of a corpus folder with no checksums, so its texts can be edited."""
    folder = tmp_path / "corpus"
    shutil.copytree(source, folder)
    rows = read_articles(folder)
    for row in rows:
        row["sha256"] = ""
    write_articles(folder, rows)
    return folder
