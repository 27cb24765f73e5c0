"""The benchmark machinery on tiny synthetic corpora, and the determinism of the generator."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import load_articles
from helpers.bench import (
    PAGE_MB,
    SKIPPED,
    STAGES,
    Stage,
    format_profile,
    format_table,
    main,
    pipeline_ratio,
    report_verdicts,
    run_bench,
    run_stage,
    verdicts,
)
from helpers.synthetic import synthetic_corpus
from helpers.text import paragraphs


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_synthetic_corpus_is_deterministic(tmp_path: Path) -> None:
    synthetic_corpus(20, tmp_path / "a", seed=7)
    synthetic_corpus(20, tmp_path / "b", seed=7)
    synthetic_corpus(20, tmp_path / "c", seed=8)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert len(a) == 21  # 20 texts and articles.csv
    assert a == b
    assert a != c


def test_synthetic_corpus_is_made_of_the_real_corpus(tmp_path: Path, articles) -> None:
    meta = synthetic_corpus(30, tmp_path, seed=1)
    loaded = load_articles(tmp_path)
    assert list(loaded.article_id) == list(meta.article_id)
    for col in ("outlet", "event", "headline"):
        assert set(loaded[col]) <= set(articles[col])
    assert set(loaded.published) <= set(articles.published)
    real_paragraphs = {t[s:e] for t in articles.text for s, e in paragraphs(t)}
    real_words = set(re.findall(r"\w+", " ".join(articles.text)))
    whole = 0
    for text in loaded.text:
        for s, e in paragraphs(text):
            whole += text[s:e] in real_paragraphs
        assert set(re.findall(r"\w+", text)) <= real_words
    assert 0 < whole < sum(len(paragraphs(t)) for t in loaded.text)  # both kinds of paragraph


def test_synthetic_corpus_rejects_zero(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        synthetic_corpus(0, tmp_path)


def test_every_stage_runs_in_process(tmp_path: Path, monkeypatch) -> None:
    import dask
    from distributed import LocalCluster

    with dask.config.set({"temporary-directory": str(tmp_path / "dask")}), \
            LocalCluster(processes=False, n_workers=1, threads_per_worker=1,
                         dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        monkeypatch.setenv("DASK_SCHEDULER", cluster.scheduler_address)  # tables-dask uses it
        # make report has a test of its own (test_a_large_report_has_small_pages)
        stages = [name for name in STAGES if name != "report"]
        table = run_bench([20], tmp_path, seed=3, stages=stages, isolate=False)
    assert list(table.stage) == stages
    for r in table.itertuples():
        assert r.status in ("ok", SKIPPED), (r.stage, r.status)
        if r.status == "ok":
            assert r.seconds > 0 and r.cpu_s > 0 and r.peak_mb > 0 and r.rows > 0, r.stage
    text = format_table(table)
    for name in stages:
        assert name in text
    lines = "\n".join(verdicts(table))
    assert "20 articles: pipeline" in lines
    assert re.search(r"20 articles: make tables with Dask [\d.]+ s \(\d+ MB peak, workers "
                     r"included\) / TextBlob-only [\d.]+ s = [\d.]+x wall clock$", lines,
                     re.MULTILINE), lines
    rows = table.set_index("stage").rows
    assert rows["tables-dask"] == rows["tables-1proc"] == rows["sentences"]


def test_missing_module_is_skipped_not_fatal() -> None:
    ghost = Stage("ghost", "helpers.no_such_module", ("sentences",), lambda m, i: m.run())
    result = run_stage(ghost, {"sentences": pd.DataFrame({"text": ["A sentence."]})})
    assert result == {"stage": "ghost", "status": SKIPPED}
    line = format_table(pd.DataFrame([{"articles": 5, **result}]))
    assert "skipped: module not available" in line


def test_a_failing_stage_is_reported() -> None:
    broken = Stage("broken", "helpers.text", ("articles",), lambda m, i: 1 / 0)
    result = run_stage(broken, {"articles": pd.DataFrame()})
    assert result["status"].startswith("failed: ZeroDivisionError")


def test_ratio_and_targets() -> None:
    rows = [("load", 1.0), ("sentences", 2.0), ("sentiment", 3.0), ("textblob", 4.0),
            ("reuse", 61.0)]
    table = pd.DataFrame([{"articles": n, "stage": s, "status": "ok", "seconds": sec,
                           "cpu_s": sec / 2, "peak_mb": 500.0, "added_mb": 1.0, "rows": 1}
                          for n in (1000, 10000) for s, sec in rows])
    total, ratio, missing = pipeline_ratio(table, 1000)
    assert total == 67.0 and ratio == pytest.approx(67 / 4)
    assert set(missing) == {"quotes", "figures", "frames", "timeline"}
    lines = "\n".join(verdicts(table))
    assert "at 1,000: MISSED (16.75x) [incomplete pipeline]" in lines
    assert "< 60 s and < 2 GB: MISSED (61.0 s, 500 MB peak)" in lines


def test_command_runs_stages_in_subprocesses(tmp_path: Path, capsys) -> None:
    assert main(["--sizes", "20", "--stages", "frames", "--workdir", str(tmp_path),
                 "--no-builtin"]) == 0
    out = capsys.readouterr().out
    table = out.split("Stage table")[1]
    for stage in ("load", "sentences", "frames"):  # prerequisites are added
        assert re.search(rf"\s20\s+{stage}(\s+[\d.]+){{2}}(\s+\d+){{3}}\s+[\d,]+\s+ok", table), \
            table
    assert "20 articles: pipeline" in out


def test_profile_names_the_helper_functions(tmp_path: Path) -> None:
    table = run_bench([20], tmp_path, seed=3, stages=["frames"], isolate=False, profile=True)
    text = format_profile(table)
    assert re.search(r"^frames: [\d.]+ s \(\d+% of the pipeline\)", text, re.MULTILINE), text
    assert re.search(r"cumulative\s+helpers/framing\.py:\d+\(frame_hits\)", text), text
    assert " at 0x" not in text  # no memory addresses


def test_report_targets() -> None:
    rows = [(1000, 280.0, 1500.0, 1.2), (10000, 1300.0, 4500.0, 2.5)]
    table = pd.DataFrame([{"articles": n, "stage": "report", "status": "ok", "seconds": sec,
                           "tree_mb": mb, "largest_page_mb": page}
                          for n, sec, mb, page in rows])
    lines = report_verdicts(table)
    assert lines == [
        "1,000 articles: make report 4.7 min, 1500 MB peak, largest page 1.20 MB; "
        "largest page <= 2 MB: met; <= 5 min: met",
        "10,000 articles: make report 21.7 min, 4500 MB peak, largest page 2.50 MB; "
        "largest page <= 2 MB: MISSED; <= 20 min: MISSED; <= 4 GB: MISSED"]


@pytest.mark.slow
def test_a_large_report_has_small_pages(tmp_path: Path) -> None:
    """make report on a corpus just over the large threshold (the bench's report stage): every
    page is under 2 MB, and the lessons say they show samples and per-outlet charts."""
    from helpers.corpus import LARGE_CORPUS

    synthetic_corpus(LARGE_CORPUS + 20, tmp_path / "corpus", seed=4)
    result = run_stage(STAGES["report"], {"corpus": tmp_path / "corpus",
                                          "reports": tmp_path / "report"})
    assert result["status"] == "ok", result["status"]
    assert result["rows"] == 19  # six lessons in three editions, and the index
    assert result["largest_page_mb"] <= PAGE_MB
    corpus_page = (tmp_path / "report" / "00-the-corpus.reader.html").read_text(encoding="utf-8")
    assert f"more than {LARGE_CORPUS}, so this table shows a random sample of 20" in corpus_page
    assert "so this chart shows one bar per outlet" in corpus_page
    reuse_page = (tmp_path / "report" / "01-source-comparison.reader.html").read_text(
        encoding="utf-8")
    assert "01-article-similarity-heatmap" not in reuse_page
    assert "tables/01-article-similarity.csv" in reuse_page
