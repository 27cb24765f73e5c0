"""Benchmark the pipeline on synthetic corpora: time and peak memory per stage.

``python -m helpers.bench --sizes 1000 10000`` writes synthetic corpora
(:func:`helpers.synthetic.synthetic_corpus`, fixed seed) to a temporary folder
and runs each stage of the pipeline on them, each stage in its own Python
process so its peak memory is its own:

load, sentences, sentiment, quotes, figures, frames, timeline, reuse (the
pipeline), and ``textblob``: ``TextBlob(s).sentiment`` alone on the same
sentences, the yardstick for the ratios. Timed too, outside the pipeline total:
``reuse-matrix`` (the article-by-article similarity matrix), ``reuse-pairs``
(the same as a sparse table of pairs, :func:`helpers.reuse.similarity_pairs`),
``tables-1proc`` (``make tables`` in one process), ``tables-dask`` (``make
tables`` on a local Dask cluster of one worker per core, or on the scheduler
named by ``DASK_SCHEDULER``) and ``report`` (``make report`` on the corpus, with the
size of its largest HTML page). Memory is the peak resident memory of the stage's
process (``getrusage``) and, sampled ten times a second, of that process and
every process it started (the Dask workers) together.

It prints a stage table, the ratio of the whole pipeline and of ``make tables``
with Dask to TextBlob alone and whether the targets are met; when the ratio
target is missed it profiles the pipeline (cProfile) and prints the functions
where the time goes. A stage
whose helper module does not exist (yet) is reported as
``skipped: module not available``.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import os
import pickle
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pandas as pd
import psutil

from helpers.kernels import LESSON_STACK
from helpers.synthetic import synthetic_corpus

RATIO_TARGET = 1.5      # whole pipeline / TextBlob-only, at RATIO_SIZE articles
RATIO_SIZE = 1000
REUSE_SECONDS = 60.0    # reuse detection at REUSE_SIZE articles
REUSE_MB = 2048.0
REUSE_SIZE = 10000
TABLES_TARGET = 1.5     # make tables with Dask / TextBlob-only, at TABLES_SIZE articles
TABLES_SIZE = 10000
#: make report: seconds allowed per corpus size, peak memory (MB) at the largest, largest page
REPORT_SECONDS = {1000: 300.0, 10000: 1200.0}
REPORT_MB = 4096.0
PAGE_MB = 2.0
#: warm built-in make report / the floor (one import-only process per notebook, in a row)
FLOOR_TARGET = 1.3
#: What a lesson's kernel imports before its first cell computes anything: the floor's stack.
FLOOR_IMPORTS = "import " + ", ".join(LESSON_STACK)
SKIPPED = "skipped: module not available"
TABLE_COLUMNS = ["articles", "stage", "status", "seconds", "cpu_s", "peak_mb", "tree_mb",
                 "added_mb", "rows"]


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: the module it needs, what it consumes and how to run it."""

    name: str
    module: str
    needs: tuple[str, ...]
    run: Callable[[ModuleType, dict], object]
    pipeline: bool = True


def _corpus(i: dict) -> object:
    """The :class:`~helpers.corpus.Corpus` of a stage's inputs: the saved articles and sentences,
    and the corpus folder's tables."""
    from helpers.corpus import Corpus
    from helpers.tables import load_tables

    return Corpus(Path(i["corpus"]), i["articles"], i["sentences"], load_tables(i["corpus"])[0])


def _reuse(m: ModuleType, i: dict) -> pd.DataFrame:
    return m.align_sentences(_corpus(i))


def _tables(how: str) -> Callable[[ModuleType, dict], object]:
    """``make tables`` into a temporary folder: ``in-process`` or on Dask; its sentence rows."""
    def run(m: ModuleType, i: dict) -> range:
        scheduler = how if how != "dask" else os.environ.get(m.SCHEDULER_VARIABLE) or "local"
        with tempfile.TemporaryDirectory(prefix="helpers-bench-tables-") as tmp:
            built = m.write_tables(i["corpus"], tmp, scheduler=scheduler, progress=False)
        return range(built.rows["sentences"])
    return run


def _report(m: ModuleType, i: dict) -> list[int]:
    """``make report`` on the corpus into ``i["reports"]`` (default: a temporary folder); the
    size of each HTML page."""
    with tempfile.TemporaryDirectory(prefix="helpers-bench-report-") as tmp:
        out = Path(i.get("reports") or Path(tmp) / "report")
        env = {**os.environ, "CORPUS": str(i["corpus"]), "REPORTS": str(out)}
        _timed([sys.executable, "-m", "helpers.build", "report"], env, "make report")
        return sorted(p.stat().st_size for p in out.glob("*.html"))


STAGES: dict[str, Stage] = {s.name: s for s in [
    Stage("load", "helpers.corpus", ("corpus",), lambda m, i: m.load_articles(i["corpus"])),
    Stage("sentences", "helpers.text", ("articles",), lambda m, i: m.load_sentences(
        i["articles"])),
    Stage("sentiment", "helpers.sentiment", ("articles", "sentences"),
          lambda m, i: m.sentence_sentiment(_corpus(i))),
    Stage("quotes", "helpers.quotes", ("articles", "sentences"), lambda m, i: m.extract_quotes(
        _corpus(i))),
    Stage("figures", "helpers.figures", ("articles", "sentences"), lambda m, i: m.extract_figures(
        _corpus(i))),
    Stage("frames", "helpers.framing", ("articles", "sentences"), lambda m, i: m.frame_hits(
        _corpus(i))),
    Stage("timeline", "helpers.events", ("articles", "sentences"), lambda m, i: m.timeline(
        _corpus(i))),
    Stage("reuse", "helpers.reuse", ("articles", "sentences"), _reuse),
    Stage("textblob", "textblob", ("sentences",), lambda m, i: [
        m.TextBlob(t).sentiment for t in i["sentences"]["text"]], pipeline=False),
    Stage("reuse-matrix", "helpers.reuse", ("articles", "sentences"),
          lambda m, i: m.article_similarity(_corpus(i)), pipeline=False),
    Stage("reuse-pairs", "helpers.reuse", ("articles", "sentences"),
          lambda m, i: m.similarity_pairs(_corpus(i)), pipeline=False),
    Stage("tables-1proc", "helpers.pipeline", ("corpus",), _tables("in-process"),
          pipeline=False),
    Stage("tables-dask", "helpers.pipeline", ("corpus",), _tables("dask"), pipeline=False),
    Stage("report", "helpers.build", ("corpus",), _report, pipeline=False),
]}
#: Stages whose output later stages consume; saved between processes.
PRODUCES = {"load": "articles", "sentences": "sentences"}


def _peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class _TreePeak:
    """The peak resident memory of this process and every process it started, sampled."""

    def __init__(self, interval: float = 0.1) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:  # ended between listing and reading
                continue
        self.peak = max(self.peak, total / (1024 * 1024))

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self._sample()

    def __enter__(self) -> _TreePeak:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def _children_cpu() -> float:
    """CPU seconds of the ended child processes (and theirs) of this process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _import(stage: Stage) -> ModuleType | None:
    """The stage's module, or None when it does not exist or does not import."""
    try:
        return importlib.import_module(stage.module)
    except ImportError:
        return None


def run_stage(stage: Stage, inputs: dict, profile: bool = False) -> dict:
    """Run one stage on ``inputs``; return its timing, memory, row count and status.

    With ``profile``, the run is wrapped in cProfile and ``profile`` in the result
    lists the functions with the most time of their own (name, seconds).
    """
    module = _import(stage)
    if module is None:
        return {"stage": stage.name, "status": SKIPPED}
    missing = [n for n in stage.needs if n not in inputs]
    if missing:
        return {"stage": stage.name, "status": f"skipped: no {', '.join(missing)}"}
    before = _peak_mb()
    profiler = cProfile.Profile() if profile else None
    tree = _TreePeak()
    started, cpu_started = time.perf_counter(), time.process_time() + _children_cpu()
    try:
        with tree:
            if profiler:
                profiler.enable()
            result = stage.run(module, inputs)
    except Exception as err:  # noqa: BLE001 - report the failure, run the other stages
        return {"stage": stage.name, "status": f"failed: {type(err).__name__}: {err}"}
    finally:
        if profiler:
            profiler.disable()
    seconds = time.perf_counter() - started
    cpu = time.process_time() + _children_cpu() - cpu_started
    peak = _peak_mb()
    out = {"stage": stage.name, "status": "ok", "seconds": seconds, "cpu_s": cpu, "peak_mb": peak,
           "tree_mb": max(tree.peak, peak), "added_mb": max(peak - before, 0.0),
           "rows": len(result)}
    if profiler:
        out["profile"] = top_functions(profiler)
    if stage.name == "report":
        out["largest_page_mb"] = max(result, default=0) / 1e6
    if stage.name in PRODUCES:
        inputs[PRODUCES[stage.name]] = result
    return out


def top_functions(profiler: cProfile.Profile, n: int = 6) -> list[tuple[str, str, float]]:
    """Where a profiled run spent its time.

    Returns ``(kind, function, seconds)`` rows: the ``n`` functions with the
    most time of their own (``own``), then the ``helpers`` functions with the
    most time including what they call (``cumulative``), which says which of
    the suite's functions to look at.
    """
    stats = pstats.Stats(profiler, stream=io.StringIO())
    own, mine = [], []
    for (filename, line, func), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():
        func = re.sub(r" at 0x[0-9a-f]+", "", func)
        short = "/".join(Path(filename).parts[-2:]) if filename != "~" else ""
        name = f"{short}:{line}({func})" if short else func
        own.append(("own", name, tottime))
        if short.startswith("helpers/") and not short.endswith("bench.py"):
            mine.append(("cumulative", name, cumtime))
    return (sorted(own, key=lambda r: -r[2])[:n]
            + sorted(mine, key=lambda r: -r[2])[:3])


def _worker(stage_name: str, corpus: Path, cache: Path, profile: bool) -> dict:
    """Run one stage in this (fresh) process, reading and writing inputs in ``cache``."""
    stage = STAGES[stage_name]
    inputs: dict = {"corpus": corpus}
    for name in stage.needs:
        path = cache / f"{name}.pkl"
        if name != "corpus" and path.exists():
            inputs[name] = pd.read_pickle(path)
    result = run_stage(stage, inputs, profile=profile)
    if result["status"] == "ok" and stage.name in PRODUCES:
        name = PRODUCES[stage.name]
        with (cache / f"{name}.pkl").open("wb") as f:
            pickle.dump(inputs[name], f, protocol=pickle.HIGHEST_PROTOCOL)
    return result


def _in_subprocess(stage: str, corpus: Path, cache: Path, profile: bool) -> dict:
    """Run one stage in a new Python process; return what it reports."""
    cmd = [sys.executable, "-m", "helpers.bench", "--worker", stage, "--corpus", str(corpus),
           "--cache", str(cache)] + (["--profile"] if profile else [])
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"stage": stage, "status": f"failed: {last}"}
    return json.loads(lines[-1])


def with_prerequisites(stages: list[str]) -> list[str]:
    """``stages`` in pipeline order, with the stages that produce their inputs added.

    >>> with_prerequisites(["textblob"])
    ['load', 'sentences', 'textblob']
    """
    wanted = set(stages)
    for name in stages:
        needs = set(STAGES[name].needs)
        wanted |= {producer for producer, output in PRODUCES.items()
                   if output in needs or (output == "articles" and "sentences" in needs)}
    return [name for name in STAGES if name in wanted]


def run_bench(sizes: list[int], folder: str | Path, seed: int = 0,
              stages: list[str] | None = None, isolate: bool = True,
              profile: bool = False) -> pd.DataFrame:
    """Build a synthetic corpus per size under ``folder`` and run the stages on it.

    Returns one row per size and stage: ``articles``, ``stage``, ``status``
    (``ok``, ``skipped: ...`` or ``failed: ...``), ``seconds``, ``peak_mb`` (peak
    resident memory of the process that ran the stage), ``added_mb`` (how much
    the stage raised that peak), ``rows`` (rows of its result) and, with
    ``profile``, ``profile`` (top functions by own time). With ``isolate`` each
    stage runs in its own process (true peak memory); without, all run in this
    process (quicker, for tests; memory figures are then cumulative).
    """
    names = list(STAGES) if stages is None else with_prerequisites(stages)
    folder = Path(folder)
    records = []
    for size in sizes:
        corpus = folder / f"corpus-{size}"
        cache = folder / f"cache-{size}"
        cache.mkdir(parents=True, exist_ok=True)
        synthetic_corpus(size, corpus, seed=seed)
        inputs: dict = {"corpus": corpus}
        for name in names:
            if isolate:
                result = _in_subprocess(name, corpus, cache, profile)
            else:
                result = run_stage(STAGES[name], inputs, profile=profile)
            records.append({"articles": size, **result})
    table = pd.DataFrame(records)
    for col in TABLE_COLUMNS:
        if col not in table:
            table[col] = pd.NA
    return table[TABLE_COLUMNS + [c for c in table.columns if c not in TABLE_COLUMNS]]


def pipeline_ratio(table: pd.DataFrame, size: int, column: str = "seconds"
                   ) -> tuple[float | None, float | None, list[str]]:
    """``(pipeline seconds, ratio to TextBlob-only, stages missing)`` at one size.

    ``column`` is ``seconds`` (wall clock, the target's measure) or ``cpu_s``
    (CPU time of the process, less disturbed by other work on the machine).
    """
    rows = table[table.articles == size].set_index("stage")
    done = rows[rows.status == "ok"]
    pipeline = [s for s, st in STAGES.items() if st.pipeline]
    missing = [s for s in pipeline if s not in done.index]
    total = float(done.loc[[s for s in pipeline if s in done.index], column].sum())
    if "textblob" not in done.index or not total:
        return (total or None), None, missing
    return total, total / float(done.loc["textblob", column]), missing


def format_table(table: pd.DataFrame) -> str:
    """The stage table as fixed-width text."""
    lines = [f"{'articles':>8}  {'stage':<13} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} "
             f"{'all MB':>8} {'+MB':>7} {'rows':>9}  status"]
    for r in table.itertuples():
        if r.status == "ok":
            tree = r.tree_mb if pd.notna(r.tree_mb) else r.peak_mb
            lines.append(f"{r.articles:>8,}  {r.stage:<13} {r.seconds:>8.2f} {r.cpu_s:>8.2f} "
                         f"{r.peak_mb:>8.0f} {tree:>8.0f} {r.added_mb:>7.0f} "
                         f"{int(r.rows):>9,}  ok")
        else:
            lines.append(f"{r.articles:>8,}  {r.stage:<13} {'':>8} {'':>8} {'':>8} {'':>8} "
                         f"{'':>7} {'':>9}  {r.status}")
    return "\n".join(lines)


def verdicts(table: pd.DataFrame) -> list[str]:
    """One line per size with the pipeline total and ratio, then one per target."""
    lines = []
    for size in sorted(table.articles.unique()):
        total, ratio, missing = pipeline_ratio(table, size)
        _, cpu_ratio, _ = pipeline_ratio(table, size, "cpu_s")
        note = f" (without {', '.join(missing)})" if missing else ""
        shown = (f"{ratio:.2f}x wall clock, {cpu_ratio:.2f}x CPU time" if ratio is not None
                 else "n/a")
        total_s = f"{total:.1f} s" if total else "n/a"
        lines.append(f"{size:,} articles: pipeline {total_s}{note}; "
                     f"pipeline / TextBlob-only = {shown}")
    if RATIO_SIZE in set(table.articles):
        _, ratio, missing = pipeline_ratio(table, RATIO_SIZE)
        ok = ratio is not None and ratio <= RATIO_TARGET
        lines.append(f"target pipeline <= {RATIO_TARGET}x TextBlob at {RATIO_SIZE:,}: "
                     f"{'met' if ok else 'MISSED'}"
                     + (f" ({ratio:.2f}x)" if ratio is not None else " (not measured)")
                     + (" [incomplete pipeline]" if missing else ""))
    for size in sorted(table.articles.unique()):
        rows = table[(table.articles == size) & (table.status == "ok")].set_index("stage")
        if "tables-dask" in rows.index and "textblob" in rows.index:
            dask, blob = rows.loc["tables-dask"], rows.loc["textblob"]
            ratio = dask.seconds / blob.seconds
            verdict = ""
            if size == TABLES_SIZE:
                verdict = (f"; target <= {TABLES_TARGET}x at {TABLES_SIZE:,}: "
                           f"{'met' if ratio <= TABLES_TARGET else 'MISSED'}")
            lines.append(f"{size:,} articles: make tables with Dask {dask.seconds:.1f} s "
                         f"({dask.tree_mb:.0f} MB peak, workers included) / TextBlob-only "
                         f"{blob.seconds:.1f} s = {ratio:.2f}x wall clock{verdict}")
    lines += report_verdicts(table)
    reuse = table[(table.articles == REUSE_SIZE) & (table.stage == "reuse")]
    if len(reuse):
        r = reuse.iloc[0]
        if r.status == "ok":
            ok = r.seconds < REUSE_SECONDS and r.peak_mb < REUSE_MB
            lines.append(f"target reuse at {REUSE_SIZE:,} < {REUSE_SECONDS:.0f} s and "
                         f"< {REUSE_MB / 1024:.0f} GB: {'met' if ok else 'MISSED'} "
                         f"({r.seconds:.1f} s, {r.peak_mb:.0f} MB peak)")
        else:
            lines.append(f"target reuse at {REUSE_SIZE:,}: not measured ({r.status})")
    return lines


def _timed(cmd: list[str], env: dict[str, str] | None = None, what: str | None = None) -> float:
    """Wall-clock seconds of a command; RuntimeError naming it (``what``, else its first
    words) and its last line of output if it fails."""
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or done.stdout.strip().splitlines()
                or ["no output"])[-1]
        raise RuntimeError(f"{what or ' '.join(cmd[:3]) + ' ...'} failed: {last}")
    return time.perf_counter() - started


def builtin_report(runs: int = 3) -> dict[str, float]:
    """The built-in ``make report`` against its floor, each the fastest of ``runs``.

    The floor is one fresh Python process per lesson, one after another, each importing
    what a lesson's kernel imports (:data:`FLOOR_IMPORTS`) and nothing else: the start-up
    that no build can avoid. The report is built once to warm it (its derived tables are then
    reused, as on any second ``make report``), then timed ``runs`` times.
    """
    from helpers.execute import numbered_notebooks

    n = len(numbered_notebooks())
    floor = min(sum(_timed([sys.executable, "-c", FLOOR_IMPORTS]) for _ in range(n))
                for _ in range(runs))
    with tempfile.TemporaryDirectory(prefix="helpers-bench-builtin-") as tmp:
        env = {k: v for k, v in os.environ.items() if k != "CORPUS"}
        env["REPORTS"] = str(Path(tmp) / "report")
        build = [sys.executable, "-m", "helpers.build", "report"]
        _timed(build, env)
        warm = min(_timed(build, env) for _ in range(runs))
    return {"notebooks": n, "floor_s": floor, "report_s": warm, "ratio": warm / floor}


def builtin_verdict(result: dict[str, float]) -> str:
    """One line: the warm built-in report, its floor, the ratio and the target.

    >>> line = builtin_verdict({"notebooks": 6, "floor_s": 10.0, "report_s": 12.0, "ratio": 1.2})
    >>> line.split(" = ")[1]
    '1.20x; target <= 1.3x: met'
    """
    ok = result["ratio"] <= FLOOR_TARGET
    return (f"built-in make report (warm) {result['report_s']:.1f} s / floor of "
            f"{result['notebooks']:.0f} import-only processes {result['floor_s']:.1f} s = "
            f"{result['ratio']:.2f}x; target <= {FLOOR_TARGET}x: {'met' if ok else 'MISSED'}")


def report_verdicts(table: pd.DataFrame) -> list[str]:
    """One line per size at which ``make report`` ran: time, peak memory (the build, its
    kernels and workers), the largest HTML page, and the targets at that size."""
    lines = []
    for r in table[table.stage == "report"].itertuples():
        if r.status != "ok":
            lines.append(f"{r.articles:,} articles: make report {r.status}")
            continue
        targets = [f"largest page <= {PAGE_MB:.0f} MB: "
                   f"{'met' if r.largest_page_mb <= PAGE_MB else 'MISSED'}"]
        if r.articles in REPORT_SECONDS:
            limit = REPORT_SECONDS[r.articles]
            targets.append(f"<= {limit / 60:.0f} min: {'met' if r.seconds <= limit else 'MISSED'}")
        if r.articles == max(REPORT_SECONDS):
            targets.append(f"<= {REPORT_MB / 1024:.0f} GB: "
                           f"{'met' if r.tree_mb <= REPORT_MB else 'MISSED'}")
        lines.append(f"{r.articles:,} articles: make report {r.seconds / 60:.1f} min, "
                     f"{r.tree_mb:.0f} MB peak, largest page {r.largest_page_mb:.2f} MB; "
                     + "; ".join(targets))
    return lines


def ratio_missed(table: pd.DataFrame) -> bool:
    """True when the ratio was measured at RATIO_SIZE and is above the target."""
    if RATIO_SIZE not in set(table.articles):
        return False
    _, ratio, _ = pipeline_ratio(table, RATIO_SIZE)
    return ratio is not None and ratio > RATIO_TARGET


def format_profile(table: pd.DataFrame) -> str:
    """Where the pipeline's time goes: each stage's share and its top functions."""
    done = table[(table.status == "ok") & table.stage.map(lambda s: STAGES[s].pipeline
                                                           if s in STAGES else False)]
    total = done.seconds.sum()
    lines = []
    for r in done.sort_values("seconds", ascending=False).itertuples():
        lines.append(f"{r.stage}: {r.seconds:.2f} s ({r.seconds / total:.0%} of the pipeline)")
        for kind, func, secs in getattr(r, "profile", None) or []:
            lines.append(f"    {secs:8.2f} s  {kind:<10}  {func}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m helpers.bench``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.bench",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[RATIO_SIZE, REUSE_SIZE])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stages", nargs="+", choices=list(STAGES), default=None)
    parser.add_argument("--workdir", default=None, help="keep corpora here (default: temp)")
    parser.add_argument("--profile", action="store_true",
                        help="profile every stage (the ratio size is profiled anyway when "
                             "the ratio target is missed)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--builtin", action=argparse.BooleanOptionalAction, default=True,
                        help="also time the built-in make report against its floor")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cache", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker, Path(args.corpus), Path(args.cache),
                                 args.profile)))
        return 0
    with tempfile.TemporaryDirectory(prefix="helpers-bench-") as tmp:
        folder = Path(args.workdir or tmp)
        table = pd.DataFrame()
        for size in args.sizes:
            print(f"Building a synthetic corpus of {size:,} articles (seed {args.seed}) and "
                  "running the stages, each in its own process ...", flush=True)
            part = run_bench([size], folder, args.seed, args.stages, profile=args.profile)
            print(format_table(part), flush=True)
            table = pd.concat([table, part], ignore_index=True)
        print("\nStage table\n" + format_table(table))
        lines = verdicts(table)
        if args.builtin:
            print("Timing the built-in make report against its floor ...", flush=True)
            lines.append(builtin_verdict(builtin_report()))
        print("\n" + "\n".join(lines))
        if ratio_missed(table) or args.profile:
            profiled = table[table.articles == RATIO_SIZE] if args.profile else run_bench(
                [RATIO_SIZE], folder / "profile", args.seed, args.stages, profile=True)
            print(f"\nWhere the time goes at {RATIO_SIZE:,} articles (cProfile, own time; "
                  "profiling slows every stage):\n" + format_profile(profiled))
    failed = table.status.str.startswith("failed").any()
    missed = any("MISSED" in line for line in lines)
    return 1 if failed or (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
