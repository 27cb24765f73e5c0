"""``make tables``: compute a corpus's derived tables once, by article, and cache them as Parquet.

The derived tables are the sentences, sentence sentiment, quotes, figures,
frame hits, the timeline, and the reuse index (each sentence's group of
identical texts, each group's MinHash signature, the similar pairs of groups,
and the article pairs of :func:`helpers.reuse.similarity_pairs`). Each is
written to a folder of its own as Parquet files, one per partition of
articles, with a ``manifest.json`` keyed on the corpus, its tables and the code
(:mod:`helpers.cache`). :func:`helpers.corpus.open_corpus` with
``cache=folder`` (or the environment variable ``REPORT_CACHE``, which the
report build sets) then reads them instead of computing them.

Two ways to compute, with the same tables as a result (tested):

* **in one process**, for a corpus of fewer than :data:`DASK_MIN_ARTICLES`
  articles: the analysis functions on the whole corpus, as a notebook calls them;
* **with Dask** (``dask.distributed``) above that, or whenever a scheduler is
  named: the articles are split into partitions of consecutive articles, and
  each partition is loaded (page furniture split off), split into sentences and
  run through every per-article stage on a worker, which writes its part of
  each table. Stages that need the whole corpus (the speaker words know every
  outlet's name, the actor registry) are computed once and sent to every
  worker. Reuse is the one global step, done as shuffles, never by comparing
  all pairs: the normalised sentences are shuffled by text to number the
  distinct texts and count document frequencies, the MinHash band keys are
  shuffled by key so that only texts in one bucket are paired, and the
  candidate pairs are joined with the signatures of both texts to verify them.

By default a local cluster with one single-threaded worker process per core
runs the graph; ``DASK_SCHEDULER=host:port`` (or ``scheduler=``) sends the same
graph to a running cluster instead, whose workers must have this package
installed and be able to write to the output folder.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import logging
import math
import os
import shutil
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from helpers import progress as progress_bars
from helpers import reportdir, reuse
from helpers.cache import TableCache, manifest_key, write_manifest, write_part
from helpers.corpus import (
    ROOT,
    Corpus,
    CorpusError,
    articles_frame,
    corpus_key,
    read_records,
)
from helpers.tables import Table, load_tables
from helpers.text import SENTENCE_COLUMNS, load_sentences

#: The per-article tables, in the order they are computed (:func:`article_stages`).
ARTICLE_TABLES = ("sentences", "sentiment", "quotes", "figures.extract", "frame_hits",
                  "events.timeline")


@functools.cache
def article_stages() -> dict[str, Callable[[Corpus], pd.DataFrame]]:
    """Each per-article table and how to compute it on a corpus.

    The stage modules are imported here, on first use, so a build that finds its tables
    cached never loads them (nor matplotlib, TextBlob and VADER, which they load).
    """
    from helpers.events import timeline
    from helpers.figures import extract_figures
    from helpers.framing import frame_hits
    from helpers.quotes import extract_quotes
    from helpers.sentiment import sentence_sentiment

    stages: dict[str, Callable[[Corpus], pd.DataFrame]] = {
        "sentences": lambda corpus: corpus.sentences,
        "sentiment": sentence_sentiment,
        "quotes": extract_quotes,
        "figures.extract": extract_figures,
        "frame_hits": frame_hits,
        "events.timeline": timeline,
    }
    assert tuple(stages) == ARTICLE_TABLES
    return stages


#: Stages of the whole corpus that the per-article stages use, handed to every partition.
SHARED_STAGES = ("speaker_words", "actor_registry")
#: From this many articles on, the tables are computed with Dask; below, in one process.
#: Measured with ``make bench`` on 2 cores, idle: Dask won at 1,000 articles (10.4 s against
#: 14.0 s in one process, but 18.8 CPU seconds against 14.3: starting the workers and loading
#: the package in each) and at 10,000 (60 s against 90 s). Earlier, with costlier stages, it
#: lost at 1,000; 2,000 keeps it a clear win on a busy machine.
DASK_MIN_ARTICLES = 2000
#: The environment variable naming a running Dask scheduler (``host:port``).
SCHEDULER_VARIABLE = "DASK_SCHEDULER"
#: Partitions hold at most this many articles (and at least :data:`MIN_PARTITION`), and there
#: are about :data:`PARTITIONS_PER_WORKER` per worker, so progress shows and work balances.
MAX_PARTITION = 500
MIN_PARTITION = 20
PARTITIONS_PER_WORKER = 8
IN_PROCESS = "in-process"
#: One partition of articles at a time per worker process: the sentence splitter (one pysbd
#: segmenter per process) and the lexicons loaded on first use are not safe to share between
#: threads. A worker with several threads loses nothing by it, since the per-article stages
#: are pure Python and hold the interpreter lock anyway; start workers with one thread each.
_ONE_AT_A_TIME = threading.Lock()
_POSITION_BITS = 32  # a sentence's position: partition << 32 | row within the partition


@dataclass(frozen=True)
class Built:
    """What :func:`write_tables` did: the folder, how, and the rows of each table."""

    folder: Path
    how: str
    articles: int
    partitions: int
    seconds: float
    rows: dict[str, int]

    def summary(self) -> str:
        """One line for the terminal."""
        return (f"{len(self.rows)} tables for {self.articles:,} articles ({self.how}, "
                f"{self.partitions} partition{'s' if self.partitions != 1 else ''}) in "
                f"{self.seconds:.1f} s")


# -- the corpus, its key and its partitions ---------------------------------------------------

def _load(corpus_dir: str | Path | None) -> tuple[list[dict], dict[str, Table], str]:
    """The corpus's records and tables, checked (one CorpusError listing every problem), and
    its cache key."""
    tables, problems = load_tables(corpus_dir)
    try:
        records = read_records(corpus_dir)
    except CorpusError as err:
        raise CorpusError(err.problems + problems) from None
    if problems:
        raise CorpusError(problems)
    return records, tables, corpus_key(corpus_dir, records, tables)


def partition_bounds(n_articles: int, workers: int,
                     size: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each partition of consecutive articles.

    >>> partition_bounds(1000, 2)
    [(0, 63), (63, 126), (126, 189), (189, 252), (252, 315), (315, 378), (378, 441), (441, 504), \
(504, 567), (567, 630), (630, 693), (693, 756), (756, 819), (819, 882), (882, 945), (945, 1000)]
    >>> partition_bounds(30, 2, size=20)
    [(0, 20), (20, 30)]
    """
    if size is None:
        size = math.ceil(n_articles / max(1, workers * PARTITIONS_PER_WORKER))
        size = min(MAX_PARTITION, max(MIN_PARTITION, size))
    size = max(1, size)
    return [(lo, min(lo + size, n_articles)) for lo in range(0, n_articles, size)] or [(0, 0)]


def _context(corpus_dir: str | Path | None, records: list[dict],
             tables: dict[str, Table]) -> Corpus:
    """The whole corpus as every partition needs it: metadata, tables and shared stages."""
    meta = pd.DataFrame([{k: v for k, v in r.items() if k != "raw_text"} for r in records])
    folder = None if corpus_dir is None else Path(corpus_dir)
    from helpers.actors import registry
    from helpers.quotes import speaker_words

    whole = Corpus(folder, meta, pd.DataFrame(columns=SENTENCE_COLUMNS), tables)
    speaker_words(whole)
    registry(whole)
    return whole


# -- the per-article tasks ---------------------------------------------------------------------

def _article_task(context: Corpus, records: list[dict], index: int, out: str,
                  buckets: int) -> dict:
    """Load, split and analyse one partition of articles; write its part of every table.

    Returns the manifest entries of the parts written, the sentence ids of the
    partition, and the normalised sentences split into ``buckets`` pieces by text
    (the map side of the first reuse shuffle).
    """
    with _ONE_AT_A_TIME, progress_bars.quiet():  # a worker shows no bars of its own
        articles = articles_frame(records, context.tables["boilerplate"])
        part = context.part(articles, load_sentences(articles), share=SHARED_STAGES)
        tables = {name: compute(part) for name, compute in article_stages().items()}
    entries = {name: write_part(out, name, index, frame) for name, frame in tables.items()}
    norm = pd.Series([reuse.normalise(t) for t in part.sentences["text"]], dtype="object")
    pos = (np.int64(index) << _POSITION_BITS) + np.arange(len(norm), dtype=np.int64)
    texts = pd.DataFrame({"norm": norm, "pos": pos})
    return {"entries": entries, "ids": part.sentences[["article_id", "sentence_id"]],
            "pieces": _split(texts, _text_bucket(norm, buckets), buckets)}


def _text_bucket(texts: pd.Series, buckets: int) -> np.ndarray:
    """The bucket of each text (a stable hash: the same in every process)."""
    return np.fromiter((zlib.crc32(t.encode()) % buckets for t in texts), dtype=np.int64,
                       count=len(texts))


def _split(frame: pd.DataFrame, bucket: np.ndarray, buckets: int) -> list[pd.DataFrame]:
    """``frame`` cut into ``buckets`` pieces by each row's bucket, rows in order."""
    return [frame[bucket == b].reset_index(drop=True) for b in range(buckets)]


def _pick(result: dict | list, *keys: object) -> object:
    """One item of a task's result (so a worker sends on only the piece another task needs)."""
    for key in keys:
        result = result[key]  # type: ignore[index]
    return result


# -- reuse: the global step, as shuffles ------------------------------------------------------

def _distinct_task(pieces: list[pd.DataFrame]) -> dict:
    """Reduce side of the text shuffle: the bucket's sentences, each distinct text with its
    first position, and in how many of these texts each word occurs."""
    rows = pd.concat(pieces, ignore_index=True)
    first = rows.groupby("norm", sort=False)["pos"].min().reset_index()
    counts: Counter[str] = Counter()
    for text in first["norm"]:
        counts.update(reuse.word_set(text))
    return {"rows": rows, "first": first, "counts": pd.Series(counts, dtype="int64"),
            "positions": first["pos"].to_numpy()}


def _signature_task(distinct: dict, order: np.ndarray, frequent: frozenset[str],
                    ranges: np.ndarray, partitions: int, buckets: int) -> dict:
    """Number the bucket's texts (their rank by first position) and sign them; split the
    results three ways: texts by group range, band keys by key, each sentence's group by
    article partition."""
    first = distinct["first"]
    group = np.searchsorted(order, first["pos"].to_numpy()).astype(np.int64)
    texts = first["norm"].tolist()
    sig = reuse.minhash([reuse.token_hashes(reuse.word_set(t), frequent) for t in texts])
    table = reuse.group_table(texts, sig, group)
    keys = reuse.band_keys(sig)
    full = sig[:, 0] != np.iinfo(np.uint64).max  # a text without words is never paired
    n_bands = keys.shape[1]
    bands = pd.DataFrame({"band": np.tile(np.arange(n_bands, dtype=np.int64), int(full.sum())),
                          "key": keys[full].ravel(),
                          "group": np.repeat(group[full], n_bands)})
    key_bucket = ((bands["key"].to_numpy() ^ bands["band"].to_numpy().astype(np.uint64))
                  % np.uint64(buckets)).astype(np.int64)
    rows = distinct["rows"]
    of_text = pd.Series(group, index=pd.Index(first["norm"], dtype="object"))
    back = pd.DataFrame({"pos": rows["pos"].to_numpy(),
                         "group": of_text.reindex(rows["norm"]).to_numpy().astype(np.int64)})
    partition = (back["pos"].to_numpy() >> _POSITION_BITS).astype(np.int64)
    return {"texts": _split(table, _range_of(group, ranges), len(ranges) + 1),
            "bands": _split(bands, key_bucket, buckets),
            "back": _split(back, partition, partitions)}


def _range_of(group: np.ndarray, ranges: np.ndarray) -> np.ndarray:
    """The group range (a partition of the texts table) of each group."""
    return np.searchsorted(ranges, group, side="right").astype(np.int64)


def _sentence_groups_task(ids: pd.DataFrame, index: int, pieces: list[pd.DataFrame],
                          out: str) -> dict:
    """Reduce side of the shuffle back to the articles: each sentence of one partition with
    its group, in order; writes that part of ``reuse.groups``."""
    both = pd.concat(pieces, ignore_index=True).sort_values("pos")
    frame = pd.DataFrame({"article_id": ids["article_id"].to_numpy(),
                          "sentence_id": ids["sentence_id"].to_numpy(),
                          "group": both["group"].to_numpy().astype(np.int64)})
    return write_part(out, reuse.GROUPS_STAGE, index, frame)


def _texts_task(pieces: list[pd.DataFrame], index: int, out: str) -> dict:
    """One range of groups of the texts table, in group order; writes that part."""
    table = pd.concat(pieces, ignore_index=True).sort_values("group", ignore_index=True)
    return {"entry": write_part(out, reuse.TEXTS_STAGE, index, table), "table": table}


def _bucket_task(pieces: list[pd.DataFrame], ranges: np.ndarray) -> list[np.ndarray]:
    """Reduce side of the band-key shuffle: the candidate pairs of every bucket of these keys,
    split by the group range of their first text."""
    bands = pd.concat(pieces, ignore_index=True)
    if bands.empty:
        return [np.empty((0, 2), np.int64) for _ in range(len(ranges) + 1)]
    bands = bands.sort_values(["band", "key", "group"], ignore_index=True)
    band, key, group = (bands[c].to_numpy() for c in ("band", "key", "group"))
    cut = np.flatnonzero((np.diff(band) != 0) | (np.diff(key) != 0)) + 1
    bounds = np.concatenate([[0], cut, [len(bands)]])
    found = [reuse.bucket_pairs(group[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:],
                                                                 strict=True) if hi - lo > 1]
    pairs = np.concatenate(found) if found else np.empty((0, 2), np.int64)
    where = _range_of(pairs[:, 0], ranges)
    return [pairs[where == r] for r in range(len(ranges) + 1)]


def _join_first_task(pieces: list[np.ndarray], texts: dict, ranges: np.ndarray) -> list:
    """The candidate pairs whose first text is in this range, deduplicated, with that text's
    signature and words; split by the range of their second text."""
    pairs = np.unique(np.concatenate(pieces), axis=0) if pieces else np.empty((0, 2), np.int64)
    table = texts["table"]
    at = np.searchsorted(table["group"].to_numpy(), pairs[:, 0])
    sig = table[reuse.SIGNATURE_COLUMNS].to_numpy(dtype=np.uint64)[at]
    words = table["text"].to_numpy()[at]
    where = _range_of(pairs[:, 1], ranges)
    return [(pairs[where == r], sig[where == r], words[where == r])
            for r in range(len(ranges) + 1)]


def _verify_task(pieces: list[tuple], texts: dict, min_similarity: float) -> pd.DataFrame:
    """The candidate pairs whose second text is in this range, verified."""
    pairs = np.concatenate([p[0] for p in pieces])
    sig_a = np.concatenate([p[1] for p in pieces])
    words_a = np.concatenate([p[2] for p in pieces])
    table = texts["table"]
    at = np.searchsorted(table["group"].to_numpy(), pairs[:, 1])
    sig_b = table[reuse.SIGNATURE_COLUMNS].to_numpy(dtype=np.uint64)[at]
    words_b = table["text"].to_numpy()[at]
    kept = reuse.verify_pairs(pairs, sig_a, sig_b, [reuse.word_set(t) for t in words_a],
                              [reuse.word_set(t) for t in words_b], min_similarity)
    return reuse.pairs_frame(kept)


# -- running ----------------------------------------------------------------------------------

@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[object]:
    """A ``distributed.Client``: on the running scheduler at ``scheduler`` (``host:port``), or
    on a new local cluster of ``workers`` single-threaded processes (default: every core), whose
    scratch space is a new folder in the system's temporary folder, removed at the end."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    with tempfile.TemporaryDirectory(prefix="syria-coverage-dask-") as scratch, \
            dask.config.set({"temporary-directory": scratch}):  # the scheduler's scratch too
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               dashboard_address=None, silence_logs=logging.ERROR,
                               local_directory=scratch)
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()


def _choose(n_articles: int, scheduler: str | None) -> str:
    """How to compute: ``in-process``, ``local`` (a new local cluster) or a scheduler address."""
    if scheduler is None:
        scheduler = os.environ.get(SCHEDULER_VARIABLE) or None
    if scheduler:
        return scheduler
    return IN_PROCESS if n_articles < DASK_MIN_ARTICLES else "local"


def write_tables(corpus_dir: str | Path | None, folder: str | Path, *,
                 scheduler: str | None = None, workers: int | None = None,
                 partition_size: int | None = None, progress: bool = True,
                 loaded: tuple[list[dict], dict[str, Table], str] | None = None) -> Built:
    """Compute every derived table of a corpus and write it into ``folder`` (made if missing).

    ``scheduler``: ``"in-process"``, ``"local"`` (a new local Dask cluster of
    ``workers`` processes, default every core), or the address of a running
    Dask scheduler; default ``$DASK_SCHEDULER``, else in-process below
    :data:`DASK_MIN_ARTICLES` articles and local above. ``partition_size``
    fixes the articles per partition. With ``progress``, tqdm bars go to stderr.
    ``loaded`` is what the caller's own check of the corpus read (its records, tables and
    key), so a large corpus is not read twice.
    The manifest is written last: a folder without one is never read as a cache.
    """
    started = time.perf_counter()
    records, tables, key = loaded if loaded is not None else _load(corpus_dir)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    how = _choose(len(records), scheduler)
    if how == IN_PROCESS:
        entries, partitions = _in_process(corpus_dir, records, tables, folder, progress)
    else:
        with dask_client(None if how == "local" else how, workers) as client:
            entries, partitions = _with_dask(client, corpus_dir, records, tables, folder,
                                             partition_size, progress)
    write_manifest(folder, key, entries, about={"articles": len(records)})
    rows = {name: sum(p["rows"] for p in parts) for name, parts in entries.items()}
    shown = "in one process" if how == IN_PROCESS else (
        "Dask, local cluster" if how == "local" else "Dask, running scheduler")
    return Built(folder, shown, len(records), partitions, time.perf_counter() - started, rows)


def _in_process(corpus_dir: str | Path | None, records: list[dict], tables: dict[str, Table],
                folder: Path, progress: bool) -> tuple[dict[str, list[dict]], int]:
    """Every table on the whole corpus, in this process, as a notebook computes it."""
    articles = articles_frame(records, tables["boilerplate"])
    corpus = Corpus(None if corpus_dir is None else Path(corpus_dir), articles,
                    pd.DataFrame(columns=SENTENCE_COLUMNS), tables)

    def split() -> None:
        corpus.sentences = corpus.stage("sentences", lambda: load_sentences(articles))

    steps: list[tuple[str, Callable[[], object]]] = [("sentences", split)]
    steps += [(name, lambda f=f: f(corpus)) for name, f in article_stages().items()
              if name != "sentences"]
    steps.append(("reuse", lambda: reuse.similarity_pairs(corpus)))
    with _bar(progress, steps, desc="tables", unit="stage") as bar, progress_bars.quiet():
        for name, step in bar:
            bar.set_postfix_str(name)
            step()
    entries = {name: [write_part(folder, name, 0, frame)]
               for name, frame in corpus.computed().items() if _cached(name)}
    return entries, 1


def _bar(progress: bool, *args: object, **kwargs: object) -> tqdm:
    """A tqdm progress bar on stderr, shown only when ``progress`` and stderr is a terminal."""
    return tqdm(*args, disable=None if progress else True, leave=False, **kwargs)


def _cached(name: str) -> bool:
    """Whether a computed stage is one that ``make tables`` writes."""
    return name in ARTICLE_TABLES or name.startswith("reuse.")


def _with_dask(client: object, corpus_dir: str | Path | None, records: list[dict],
               tables: dict[str, Table], folder: Path, partition_size: int | None,
               progress: bool) -> tuple[dict[str, list[dict]], int]:
    """Every table with Dask: per-article tasks, then the reuse shuffles."""
    from distributed import as_completed

    nthreads = sum(client.nthreads().values()) or 1  # type: ignore[attr-defined]
    bounds = partition_bounds(len(records), nthreads, partition_size)
    buckets = max(1, min(len(bounds), nthreads))
    out = str(folder)
    context = client.scatter(_context(corpus_dir, records, tables),  # type: ignore[attr-defined]
                             broadcast=True, hash=False)
    submit = client.submit  # type: ignore[attr-defined]
    mapped = [submit(_article_task, context, records[lo:hi], i, out, buckets, pure=False)
              for i, (lo, hi) in enumerate(bounds)]
    sizes = {m.key: hi - lo for m, (lo, hi) in zip(mapped, bounds, strict=True)}
    with _bar(progress, total=len(records), desc="articles", unit="article") as bar:
        for done in as_completed(mapped):
            done.result()  # raises here if a partition failed
            bar.update(sizes[done.key])
    entries: dict[str, list[dict]] = {name: [] for name in ARTICLE_TABLES}
    for result in client.gather([submit(_pick, m, "entries") for m in mapped]):  # type: ignore
        for name, entry in result.items():
            entries[name].append(entry)
    with _bar(progress, total=4, desc="reuse", unit="step") as bar:
        # 1. shuffle the normalised sentences by text: distinct texts and document frequencies
        distinct = [submit(_distinct_task, [submit(_pick, m, "pieces", b) for m in mapped])
                    for b in range(buckets)]
        stats = client.gather([submit(_pick, d, "counts") for d in distinct])  # type: ignore
        positions = client.gather([submit(_pick, d, "positions") for d in distinct])  # type: ignore
        order = np.sort(np.concatenate(positions)) if positions else np.zeros(0, np.int64)
        counts = pd.concat(stats).groupby(level=0).sum() if stats else pd.Series(dtype="int64")
        max_df = reuse.max_document_frequency(len(order))
        frequent = frozenset(counts.index[counts.to_numpy() > max_df])
        ranges = np.linspace(0, len(order), buckets + 1)[1:-1].astype(np.int64)
        bar.update()
        # 2. number and sign the texts; shuffle the texts by group range, band keys by key
        signed = [submit(_signature_task, d, order, frequent, ranges, len(bounds), buckets)
                  for d in distinct]
        groups = [submit(_sentence_groups_task, submit(_pick, m, "ids"), i,
                         [submit(_pick, s, "back", i) for s in signed], out)
                  for i, m in enumerate(mapped)]
        texts = [submit(_texts_task, [submit(_pick, s, "texts", r) for s in signed], r, out)
                 for r in range(len(ranges) + 1)]
        bar.update()
        # 3. candidate pairs from each bucket of band keys, joined with the first text ...
        cands = [submit(_bucket_task, [submit(_pick, s, "bands", b) for s in signed], ranges)
                 for b in range(buckets)]
        firsts = [submit(_join_first_task, [submit(_pick, c, r) for c in cands], texts[r],
                         ranges) for r in range(len(ranges) + 1)]
        bar.update()
        # 4. ... then with the second, and verified
        verified = [submit(_verify_task, [submit(_pick, f, r) for f in firsts], texts[r],
                           reuse.MIN_SIMILARITY) for r in range(len(ranges) + 1)]
        found = client.gather(verified)  # type: ignore[attr-defined]
        bar.update()
    entries[reuse.GROUPS_STAGE] = client.gather(groups)  # type: ignore[attr-defined]
    entries[reuse.TEXTS_STAGE] = [t["entry"] for t in client.gather(texts)]  # type: ignore
    pairs = pd.concat(found, ignore_index=True).sort_values(
        ["group_a", "group_b"], ignore_index=True)
    pairs = reuse.pairs_frame(list(pairs.itertuples(index=False, name=None)))
    entries[reuse.pairs_stage()] = [write_part(folder, reuse.pairs_stage(), 0, pairs)]
    # the article pairs need every sentence's group: a global step on this process
    store = TableCache(folder, "", entries)
    rows = store.read(reuse.GROUPS_STAGE)
    index = reuse.ReuseIndex(rows, store.read(reuse.TEXTS_STAGE)["text"].tolist(), pairs,
                             reuse.MIN_SIMILARITY)
    ids = [r["article_id"] for r in records]
    article = reuse.article_pairs(index, ids)
    entries[reuse.article_pairs_stage()] = [
        write_part(folder, reuse.article_pairs_stage(), 0, article)]
    return entries, len(bounds)


def reuse_or_write(corpus_dir: str | Path | None, folder: Path, previous: Path | None = None,
                   **options: object) -> Built | None:
    """Write the tables into ``folder``, or copy them from ``previous`` when that folder holds
    tables of this very corpus, tables and code (its key matches); ``None`` when copied.

    The report build calls this with the last report's tables as ``previous``, so a second
    ``make report`` computes nothing again.
    """
    loaded = _load(corpus_dir)
    if previous is not None and previous.is_dir() and manifest_key(previous) == loaded[2]:
        shutil.copytree(previous, folder, dirs_exist_ok=True)
        return None
    return write_tables(corpus_dir, folder, loaded=loaded, **options)  # type: ignore[arg-type]


def build_tables(corpus_dir: str | Path | None, out: str | Path, **options: object) -> Built:
    """``make tables``: write the tables to ``out`` safely, as the report build writes a report.

    ``out`` is checked first (never the repository, the corpus folder, the current
    folder or a folder that holds one of them; a folder that is not empty must be
    one this command made), the corpus is validated, and the tables are written
    to a fresh folder beside ``out`` that replaces it only when every table is
    written. ``options`` go to :func:`write_tables`.
    """
    out = reportdir.absolute(out)
    corpus = None if corpus_dir is None else reportdir.absolute(corpus_dir)
    reportdir.check_location(out, {"the repository": ROOT, "the corpus folder": corpus,
                                   "the current folder": Path.cwd()})
    loaded = _load(corpus)  # every problem of the corpus before anything is written
    reportdir.check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with reportdir.stop_on_signals(), reportdir.locked(out):
        reportdir.sweep(out)
        reportdir.check_replaceable(out)
        staging = reportdir.new_staging(out)
        try:
            with reportdir.on_stop(lambda signum: shutil.rmtree(staging, ignore_errors=True)):
                built = write_tables(corpus, staging, loaded=loaded,  # type: ignore[arg-type]
                                     **options)
                reportdir.write_marker(staging, complete=True)
                reportdir.check_replaceable(out)
                reportdir.publish(staging, out)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return Built(out, built.how, built.articles, built.partitions, built.seconds, built.rows)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m helpers.pipeline`` (``make tables``)."""
    parser = argparse.ArgumentParser(prog="python -m helpers.pipeline",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=None,
                        help="corpus folder (default: $CORPUS, else the built-in corpus)")
    parser.add_argument("--out", default=None,
                        help="folder for the tables (default: $OUT, else tables/)")
    parser.add_argument("--scheduler", default=None,
                        help=f"'{IN_PROCESS}', 'local' or host:port of a running Dask "
                             f"scheduler (default: ${SCHEDULER_VARIABLE}, else in-process "
                             f"below {DASK_MIN_ARTICLES} articles, local above)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes of a local cluster (default: every core)")
    parser.add_argument("--partition-size", type=int, default=None,
                        help="articles per partition (default: about 8 per worker)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    corpus_arg = args.corpus if args.corpus is not None else os.environ.get("CORPUS", "")
    out = args.out or os.environ.get("OUT") or "tables"
    try:
        built = build_tables(corpus_arg or None, out, scheduler=args.scheduler,
                             workers=args.workers, partition_size=args.partition_size,
                             progress=not args.quiet)
    except CorpusError as err:
        print(f"\nERROR: {err}\nNothing was written. `make validate CORPUS=...` lists the same "
              "problems.", file=sys.stderr)
        return 1
    except reportdir.ReportDirError as err:
        print(f"\nERROR: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {reportdir.shown(built.folder)}: {built.summary()}", flush=True)
    return 0


if __name__ == "__main__":
    # Run the module imported under its own name: Dask then pickles the tasks by reference
    # (helpers.pipeline._article_task), not by value with this script's globals and its lock.
    sys.exit(importlib.import_module("helpers.pipeline").main())
