"""make tables: the same derived tables in one process and on Dask, and a cache that is read
exactly when it belongs to the corpus, its tables and the code."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers import pipeline, reportdir, reuse
from helpers.cache import CACHE_VARIABLE, MANIFEST, TableCache, read_manifest
from helpers.corpus import DATA_DIR, LARGE_CORPUS, ROOT, SEEDS_DIR, open_corpus
from helpers.execute import timeout_for
from helpers.synthetic import synthetic_corpus

SMALL = ROOT / "tests" / "corpora" / "small"
HOSTILE = ROOT / "tests" / "corpora" / "hostile"
CORPORA = {"built-in": None, "small": SMALL}
#: Every table make tables writes, by the stage that fills it.
STAGES = [*pipeline.ARTICLE_TABLES, reuse.GROUPS_STAGE, reuse.TEXTS_STAGE, reuse.pairs_stage(),
          reuse.article_pairs_stage()]


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch) -> None:
    """`make test` may export these; every test here sets its own."""
    for name in (CACHE_VARIABLE, pipeline.SCHEDULER_VARIABLE, "CORPUS", "OUT"):
        monkeypatch.delenv(name, raising=False)


def computed(corpus_dir: Path | None) -> dict[str, pd.DataFrame]:
    """Every table as the analysis functions compute it in one process, without a cache."""
    corpus = open_corpus(corpus_dir, cache=False)
    for compute in pipeline.article_stages().values():
        compute(corpus)
    reuse.similarity_pairs(corpus)
    return corpus.computed()


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, pd.DataFrame]]:
    return {name: computed(folder) for name, folder in CORPORA.items()}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A Dask cluster inside this process, two threads (so two partitions run at once)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"temporary-directory": str(tmp_path_factory.mktemp("dask"))}), \
            LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                         dashboard_address=None, silence_logs=logging.ERROR) as local:
        yield local


def assert_same_tables(folder: Path, corpus_dir: Path | None,
                       want: dict[str, pd.DataFrame]) -> None:
    corpus = open_corpus(corpus_dir, cache=folder)
    assert corpus.cache is not None, "the cache was not recognised as this corpus's"
    assert sorted(corpus.cache.names) == sorted(STAGES)
    for name in STAGES:
        pd.testing.assert_frame_equal(corpus.cache.read(name), want[name], check_exact=True,
                                      obj=name)


@pytest.mark.parametrize("name", CORPORA)
def test_in_process_tables_are_the_functions_tables(name, expected, tmp_path) -> None:
    built = pipeline.write_tables(CORPORA[name], tmp_path, scheduler=pipeline.IN_PROCESS,
                                  progress=False)
    assert built.how == "in one process" and built.partitions == 1
    assert set(built.rows) == set(STAGES)
    assert_same_tables(tmp_path, CORPORA[name], expected[name])


@pytest.mark.parametrize("name", CORPORA)
def test_dask_tables_are_the_functions_tables(name, expected, cluster, tmp_path,
                                              monkeypatch) -> None:
    """DASK_SCHEDULER sends the graph to a running cluster; one article per partition, so
    every per-article stage and every shuffle crosses partitions."""
    monkeypatch.setenv(pipeline.SCHEDULER_VARIABLE, cluster.scheduler_address)
    built = pipeline.write_tables(CORPORA[name], tmp_path, partition_size=1, progress=False)
    n = len(open_corpus(CORPORA[name], cache=False).articles)
    assert built.how == "Dask, running scheduler" and built.partitions == n > 1
    assert_same_tables(tmp_path, CORPORA[name], expected[name])


def test_dask_on_untidy_text_and_uneven_partitions(cluster, tmp_path) -> None:
    """The hostile corpus (one article of 284 sentences among short ones), two threads at once."""
    want = computed(HOSTILE)
    pipeline.write_tables(HOSTILE, tmp_path, scheduler=cluster.scheduler_address,
                          partition_size=3, progress=False)
    assert_same_tables(tmp_path, HOSTILE, want)


def test_dask_on_a_synthetic_corpus_with_much_reuse(cluster, tmp_path) -> None:
    folder = tmp_path / "corpus"
    synthetic_corpus(40, folder, seed=3)
    want = computed(folder)
    assert len(want[reuse.pairs_stage()]) and len(want[reuse.article_pairs_stage()]) > 40
    pipeline.write_tables(folder, tmp_path / "out", scheduler=cluster.scheduler_address,
                          partition_size=7, progress=False)
    assert_same_tables(tmp_path / "out", folder, want)


# -- the cache: read exactly when it belongs to this corpus ------------------------------------

@pytest.fixture(scope="module")
def small_cache(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    pipeline.write_tables(SMALL, folder, scheduler=pipeline.IN_PROCESS, progress=False)
    return folder


def test_a_cached_corpus_computes_nothing_again(small_cache, monkeypatch) -> None:
    corpus = open_corpus(SMALL, cache=small_cache)
    forbidden = pytest.fail
    for module, name in [("helpers.quotes", "_extract"), ("helpers.figures", "_compute_figures"),
                         ("helpers.events", "_compute_timeline"),
                         ("helpers.sentiment", "score_texts"),
                         ("helpers.framing", "dictionary_hits"),
                         ("helpers.reuse", "match_texts"), ("helpers.reuse", "article_pairs")]:
        monkeypatch.setattr(f"{module}.{name}", lambda *a, _n=name, **k: forbidden(_n))
    helpers.extract_quotes(corpus)
    helpers.extract_figures(corpus)
    helpers.timeline(corpus)
    helpers.sentence_sentiment(corpus)
    helpers.frame_hits(corpus)
    reuse.align_sentences(corpus)
    reuse.similarity_pairs(corpus)


def test_outputs_are_the_same_with_and_without_the_cache(small_cache) -> None:
    cached, fresh = open_corpus(SMALL, cache=small_cache), open_corpus(SMALL, cache=False)
    assert cached.cache is not None and fresh.cache is None
    pd.testing.assert_frame_equal(cached.sentences, fresh.sentences, check_exact=True)
    for f in (helpers.extract_quotes, helpers.sentence_sentiment, helpers.extract_figures,
              helpers.frame_hits, helpers.timeline, reuse.align_sentences,
              reuse.article_similarity, reuse.reuse_summary, reuse.similarity_pairs,
              helpers.speech_summary):
        pd.testing.assert_frame_equal(f(cached), f(fresh), check_exact=True, obj=f.__name__)


def test_the_report_cache_variable_opens_the_cache(small_cache, monkeypatch) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, str(small_cache))
    assert open_corpus(SMALL).cache is not None
    assert open_corpus(SMALL, cache=False).cache is None
    assert open_corpus().cache is None  # another corpus: the cache is not its own


def test_a_changed_text_or_table_makes_the_cache_another_corpus_s(small_cache, tmp_path) -> None:
    folder = tmp_path / "small"
    shutil.copytree(SMALL, folder)
    assert open_corpus(folder, cache=small_cache).cache is not None  # same files, same key
    text = folder / "radio-closure.txt"
    old = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_bytes(text.read_bytes() + b"\nOne more line.\n")
    csv = folder / "articles.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(
        old, hashlib.sha256(text.read_bytes()).hexdigest()), encoding="utf-8")
    assert open_corpus(folder, cache=small_cache).cache is None
    shutil.rmtree(folder)
    shutil.copytree(SMALL, folder)
    with (folder / "frames.csv").open("a", encoding="utf-8") as f:
        f.write("blame,story,scapegoat\\w*,a new term\n")
    assert open_corpus(folder, cache=small_cache).cache is None


def test_a_half_written_cache_is_never_read(tmp_path) -> None:
    pipeline.write_tables(SMALL, tmp_path, scheduler=pipeline.IN_PROCESS, progress=False)
    (tmp_path / MANIFEST).unlink()
    assert open_corpus(SMALL, cache=tmp_path).cache is None
    assert TableCache.open(tmp_path / "missing", "key") is None


# -- make tables: the command ------------------------------------------------------------------

def test_make_tables_writes_a_marked_folder_and_replaces_only_its_own(tmp_path, capsys) -> None:
    out = tmp_path / "my tables $x"
    assert pipeline.main(["--corpus", str(SMALL), "--out", str(out), "--quiet"]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert (out / reportdir.MARKER).is_file() and not reportdir.foreign_files(out)
    assert read_manifest(out)["articles"] == 4
    assert pipeline.main(["--corpus", str(SMALL), "--out", str(out), "--quiet"]) == 0
    (out / "mine.txt").write_text("a note of mine", encoding="utf-8")
    assert pipeline.main(["--corpus", str(SMALL), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "refusing" in err and "mine.txt" in err and (out / "mine.txt").is_file()
    assert pipeline.main(["--corpus", str(SMALL), "--out", str(ROOT), "--quiet"]) == 1
    assert "the repository" in capsys.readouterr().err


def test_make_tables_reads_its_folders_from_the_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CORPUS", str(SMALL))
    monkeypatch.setenv("OUT", str(tmp_path / "out"))
    assert pipeline.main(["--quiet"]) == 0
    assert open_corpus(SMALL, cache=tmp_path / "out").cache is not None


def test_a_broken_corpus_writes_nothing(tmp_path, capsys) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "articles.csv").write_text("article_id,seed_file\n", encoding="utf-8")
    assert pipeline.main(["--corpus", str(folder), "--out", str(tmp_path / "out")]) == 1
    assert "Nothing was written" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_report_build_reuses_tables_of_the_same_corpus_only(small_cache, tmp_path) -> None:
    assert pipeline.reuse_or_write(SMALL, tmp_path / "a", small_cache, progress=False) is None
    assert read_manifest(tmp_path / "a")["key"] == read_manifest(small_cache)["key"]
    built = pipeline.reuse_or_write(None, tmp_path / "b", small_cache, progress=False)
    assert built is not None and built.articles == 5


def test_a_small_corpus_runs_in_process_and_a_large_one_on_dask(monkeypatch) -> None:
    assert pipeline._choose(pipeline.DASK_MIN_ARTICLES - 1, None) == pipeline.IN_PROCESS
    assert pipeline._choose(pipeline.DASK_MIN_ARTICLES, None) == "local"
    monkeypatch.setenv(pipeline.SCHEDULER_VARIABLE, "tcp://scheduler:8786")
    assert pipeline._choose(5, None) == "tcp://scheduler:8786"


def test_partitions_cover_every_article_once() -> None:
    for n, workers, size in [(1, 2, None), (37, 2, None), (10_000, 2, None), (7, 4, 3)]:
        bounds = pipeline.partition_bounds(n, workers, size)
        assert bounds[0][0] == 0 and bounds[-1][1] == n
        assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
        assert all(hi - lo <= (size or pipeline.MAX_PARTITION) for lo, hi in bounds)


# -- large corpora: what the pages need --------------------------------------------------------

def test_large_means_more_than_the_threshold(tmp_path) -> None:
    synthetic_corpus(LARGE_CORPUS + 1, tmp_path, seed=1)
    assert open_corpus(tmp_path).is_large
    assert not open_corpus().is_large


def test_a_cell_may_run_longer_on_a_larger_corpus() -> None:
    assert timeout_for(0) == 600 < timeout_for(1_000) < timeout_for(10_000)


def test_the_builtin_data_is_untouched() -> None:
    """make tables never writes into the corpus or data folders."""
    assert not list(DATA_DIR.glob("**/manifest.json")) and not list(SEEDS_DIR.glob("*.parquet"))


def test_manifest_lists_parts_in_order(small_cache) -> None:
    data = json.loads((small_cache / MANIFEST).read_text(encoding="utf-8"))
    for name, parts in data["tables"].items():
        assert [p["file"] for p in parts] == sorted(p["file"] for p in parts), name


def test_the_command_runs_on_a_local_dask_cluster(tmp_path) -> None:
    """``python -m helpers.pipeline`` as make runs it, on Dask: the tasks must pickle (run as
    a script, the module's functions would carry its globals, a lock among them)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "CORPUS": str(ROOT / "tests" / "corpora" / "small"),
           "OUT": str(tmp_path / "tables"), "DASK_TEMPORARY_DIRECTORY": str(tmp_path / "dask")}
    done = subprocess.run([sys.executable, "-m", "helpers.pipeline", "--scheduler", "local",
                           "--workers", "1", "--quiet"], env=env, capture_output=True,
                          text=True, check=False, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Dask, local cluster" in done.stdout
    assert read_manifest(tmp_path / "tables")["articles"] == 4
