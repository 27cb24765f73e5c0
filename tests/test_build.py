"""The report build on hostile paths and faults: it runs no stranger's command, escapes every
name it shows, and destroys nothing it did not make.

Builds use tiny lessons written into a temporary folder (``--notebooks``), not the real ones.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers import plotting, reportdir
from helpers.build import main
from helpers.corpus import ROOT
from helpers.execute import NotebookFailed, execute
from helpers.report import build_report

SMALL = ROOT / "tests" / "corpora" / "small"
#: A folder name that runs a command if it ever reaches a shell unquoted, and is live markup
#: if it ever reaches a page unescaped.
HOSTILE_NAME = "c-`id>PWNED` $(id>PWNED2) <img src=x onerror=alert(1)>"

FIRST = """\
import os
import pandas as pd
from helpers import plotting
assert CORPUS is None or os.path.isdir(CORPUS), CORPUS
plotting.save_table(pd.DataFrame({"cell": ["=1+1", "plain"], "value": [-0.25, 2.0]}),
                    "00-cells")
fig, ax = plotting.new_figure()
ax.plot([1, 2])
plotting.save_figure(fig, "00-line")"""


def lesson(folder: Path, name: str, code: str) -> Path:
    """Write a tiny lesson: a title, a parameters cell and one code cell."""
    nb = new_notebook()
    nb.cells = [new_markdown_cell(f"# {name}\n\n**The question.** Does {name} build?"),
                new_code_cell("CORPUS = None", metadata={"tags": ["parameters"]}),
                new_code_cell(code)]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(autouse=True)
def _no_make_variables(monkeypatch) -> None:
    """`make test` exports CORPUS and REPORTS; these tests set their own."""
    monkeypatch.delenv("CORPUS", raising=False)
    monkeypatch.delenv("REPORTS", raising=False)


@pytest.fixture(scope="module")
def lessons(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lessons")
    lesson(folder, "00-first", FIRST)
    lesson(folder, "01-second", "x = 1\nx")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory, lessons: Path) -> Path:
    """One good report, built once; tests copy it."""
    out = tmp_path_factory.mktemp("built") / "reports"
    build_report(sorted(lessons.glob("*.ipynb")), out)
    return out


@pytest.fixture
def previous(tmp_path: Path, built: Path) -> Path:
    """A copy of a good report, to be replaced (or not) by a test's build."""
    out = tmp_path / "reports"
    shutil.copytree(built, out)
    return out


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(reports: Path) -> list[str]:
    """Build folders, moved-aside reports or lock files left beside ``reports``."""
    return sorted(p.name for p in reports.parent.iterdir()
                  if p.name.startswith(f".{reports.name}."))


def broken_links(reports: Path) -> list[str]:
    """Every href and src of every page that does not point to an existing file."""
    broken = []
    for page in reports.glob("*.html"):
        for link in re.findall(r'(?:href|src)="([^"#:]+)"', page.read_text(encoding="utf-8")):
            if not (reports / link).is_file():
                broken.append(f"{page.name}: {link}")
    return broken


def one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("ERROR: ") and "Traceback" not in err, err
    return lines[0]


# -- a good build ------------------------------------------------------------------------------

def test_a_build_is_marked_and_complete(built: Path) -> None:
    assert not broken_links(built)
    assert not reportdir.foreign_files(built)
    assert (built / reportdir.MARKER).is_file()
    assert {"index.html", "00-first.teaching.html", "tables/00-cells.csv",
            "tables/00-cells.parquet", "figures/00-line.png"} <= set(snapshot(built))
    assert not leftovers(built)


def test_relative_reports_resolve_against_the_callers_folder(tmp_path: Path, lessons: Path,
                                                             monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--reports", "out", "--notebooks", str(lessons), "00-first.ipynb"]) \
        == 0
    assert (tmp_path / "out" / "index.html").is_file()
    assert (tmp_path / "out" / "tables" / "00-cells.csv").is_file()  # written by the kernel
    assert not (lessons / "out").exists()


def test_reports_and_corpus_come_from_the_environment(tmp_path: Path, lessons: Path,
                                                      monkeypatch) -> None:
    corpus = tmp_path / "my corpus"
    shutil.copytree(SMALL, corpus)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORPUS", "my corpus")
    monkeypatch.setenv("REPORTS", "my reports")
    assert main(["report", "--notebooks", str(lessons), "00-first.ipynb"]) == 0
    page = (tmp_path / "my reports" / "00-first.reader.html").read_text(encoding="utf-8")
    assert "Built on the corpus <code>my corpus</code>" in page


def test_a_build_replaces_its_own_report_even_with_empty_folders(tmp_path: Path,
                                                                  lessons: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # 01-second writes no figure and no table
        assert main(["report", "--reports", str(out), "--notebooks", str(lessons),
                     "01-second.ipynb"]) == 0
    assert not reportdir.foreign_files(out)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["figures", "notebooks",
                                                                    "tables"]


def test_leftovers_of_a_killed_build_are_tidied(tmp_path: Path, built: Path) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(built, tmp_path / ".reports.old-1-2")  # moved aside, never replaced
    shutil.copytree(built, tmp_path / ".reports.build-x")  # half-built
    (tmp_path / ".reports.build-mine").mkdir()  # no marker: not the build's
    reportdir.sweep(reports)
    assert snapshot(reports) == snapshot(built)
    assert leftovers(reports) == [".reports.build-mine"]


# -- 1. paths through make ---------------------------------------------------------------------

def _make(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"),
                           f"BIN={Path(sys.executable).parent}", "STAMP=", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@needs_make
def test_make_passes_hostile_folder_names_without_a_shell(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / HOSTILE_NAME)
    done = _make(tmp_path, "validate", f"CORPUS={HOSTILE_NAME}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{tmp_path / HOSTILE_NAME}: OK" in done.stdout  # that folder, relative to the caller
    assert not list(tmp_path.glob("PWNED*"))
    assert not list(ROOT.glob("PWNED*"))


@needs_make
def test_make_validate_names_a_missing_folder_with_a_space(tmp_path: Path) -> None:
    done = _make(tmp_path, "validate", "CORPUS=my corpus")
    assert done.returncode != 0
    assert str(tmp_path / "my corpus") in done.stdout, done.stdout


@needs_make
def test_make_clean_refuses_a_folder_it_did_not_make(tmp_path: Path, built: Path) -> None:
    home = tmp_path / "home"
    (home / "notebooks").mkdir(parents=True)
    (home / "notebooks" / "mine.ipynb").write_text("{}", encoding="utf-8")
    (home / "letter.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(home)
    done = _make(tmp_path, "clean", f"REPORTS={home}", "HOSTILE_REPORTS=nothing-here")
    assert done.returncode != 0
    assert "refusing to replace or delete" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(home) == before
    # A report the build made goes; the hostile name runs nothing.
    shutil.copytree(built, tmp_path / HOSTILE_NAME)
    done = _make(tmp_path, "clean", f"REPORTS={HOSTILE_NAME}", "HOSTILE_REPORTS=nothing-here")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / HOSTILE_NAME).exists()
    assert not list(tmp_path.glob("PWNED*"))


# -- 2. names reaching a page ------------------------------------------------------------------

def test_a_hostile_corpus_name_is_escaped_and_no_machine_path_is_shown(
        tmp_path: Path, lessons: Path) -> None:
    corpus = tmp_path / HOSTILE_NAME
    shutil.copytree(SMALL, corpus)
    out = tmp_path / "reports"
    build_report(sorted(lessons.glob("*.ipynb")), out, str(corpus))  # the lesson checks CORPUS
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    assert len(pages) == 7
    for name, page in pages.items():
        assert "<img src=x" not in page, name
        assert str(tmp_path) not in page, name
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["00-first.reader.html"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["index.html"]
    for path in (out / "notebooks").glob("*.ipynb"):
        assert str(tmp_path) not in path.read_text(encoding="utf-8"), path.name
    injected = nbformat.read(out / "notebooks" / "00-first.ipynb", as_version=4).cells[2].source
    assert 'CORPUS = os.environ["REPORT_CORPUS"]' in injected.replace("'", '"')


# -- 3. spreadsheet formulas -------------------------------------------------------------------

def test_csv_cells_cannot_run_as_formulas_and_parquet_keeps_raw_values(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPORT_DIR", str(tmp_path))
    table = pd.DataFrame({
        "text": ["=HYPERLINK(\"http://x\")", "+1+cmd", "-2-x", "@SUM(A1)", "\tTab", "\rCR",
                 "plain", "-0.25", None],
        "number": [-0.25, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "mixed": ["=1", 2, -3.5, None, "ok", "x", "y", "z", "w"],
        "=header": range(9)})
    plotting.save_table(table, "99-cells")
    csv = pd.read_csv(tmp_path / "tables" / "99-cells.csv", dtype=str, keep_default_na=False)
    assert list(csv.columns) == ["text", "number", "mixed", "'=header"]
    assert csv["text"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1+cmd", "'-2-x",
                                    "'@SUM(A1)", "'\tTab", "'\rCR", "plain", "-0.25", ""]
    assert csv["number"].tolist()[:2] == ["-0.25", "-1.0"]  # numbers untouched
    assert csv["mixed"].tolist()[:3] == ["'=1", "2", "-3.5"]
    raw = pd.read_parquet(tmp_path / "tables" / "99-cells.parquet")
    assert raw["text"].tolist()[:6] == table["text"].tolist()[:6]
    assert raw["number"].tolist() == table["number"].tolist()
    assert raw["mixed"].tolist()[0] == "=1"
    assert list(raw.columns)[-1] == "=header"


def test_table_and_figure_names_cannot_leave_their_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPORT_DIR", str(tmp_path / "r"))
    for bad in ("../escape", "/abs/x", ".hidden", "a/b"):
        with pytest.raises(ValueError, match="becomes a file name"):
            plotting.save_table(pd.DataFrame({"a": [1]}), bad)
    assert not (tmp_path / "escape.csv").exists()


# -- 4. never destroy what it did not make -----------------------------------------------------

def test_a_failing_build_leaves_the_previous_report_whole(tmp_path: Path,
                                                          previous: Path) -> None:
    before = snapshot(previous)
    broken = lesson(tmp_path / "nb", "00-broken", "x = 1\n\n1 / 0  # boom")
    with pytest.raises(NotebookFailed) as info:
        build_report([broken], previous)
    assert snapshot(previous) == before
    assert not leftovers(previous)
    message = str(info.value)
    assert message.startswith("00-broken.ipynb: cell #2 ('x = 1') failed: ZeroDivisionError")
    saved = Path(message.rsplit(" is in ", 1)[1])
    assert saved.is_file() and saved.name == "00-broken.ipynb"
    outputs = nbformat.read(saved, as_version=4).cells[2].outputs
    assert outputs[0].output_type == "error"
    shutil.rmtree(saved.parent)


def test_a_failing_notebook_stops_the_build_without_waiting_for_the_others(
        tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_JOBS", "2")
    folder = tmp_path / "nb"
    slow = lesson(folder, "00-slow", "import time\ntime.sleep(120)")
    broken = lesson(folder, "01-broken", "import time\ntime.sleep(2)\n1 / 0")
    started = time.monotonic()
    with pytest.raises(NotebookFailed) as info:
        build_report([slow, broken], previous)
    assert time.monotonic() - started < 60  # the slow notebook's kernel was stopped
    assert str(info.value).startswith("01-broken.ipynb: cell #2")
    assert not leftovers(previous)


def test_a_build_killed_with_sigterm_leaves_the_previous_report_whole(
        tmp_path: Path, previous: Path) -> None:
    before = snapshot(previous)
    folder = tmp_path / "nb"
    lesson(folder, "00-quick", "x = 1")
    lesson(folder, "01-slow", "import time\ntime.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-m", "helpers.build", "report", "--notebooks",
                             str(folder), "--reports", str(previous)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # wait until the first lesson is written
            if list(previous.parent.glob(".reports.build-*/00-quick.reader.html")):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the build did not get to its second notebook")
        time.sleep(1)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "stopped by SIGTERM" in one_error_line(err)
    assert snapshot(previous) == before
    assert not broken_links(previous)
    assert not leftovers(previous)


def test_a_users_folder_is_refused_not_emptied(tmp_path: Path, lessons: Path, capsys) -> None:
    mine = tmp_path / "mine"
    for sub, name in (("notebooks", "draft.ipynb"), ("figures", "chart.png"),
                      ("tables", "data.csv")):
        (mine / sub).mkdir(parents=True)
        (mine / sub / name).write_text("mine", encoding="utf-8")
    before = snapshot(mine)
    assert main(["report", "--reports", str(mine), "--notebooks", str(lessons)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "refusing to replace or delete" in line and reportdir.MARKER in line
    assert snapshot(mine) == before
    assert not leftovers(mine)


def test_a_report_with_a_users_file_added_is_refused(tmp_path: Path, previous: Path,
                                                     lessons: Path) -> None:
    (previous / "tables" / "my-notes.csv").write_text("mine", encoding="utf-8")
    before = snapshot(previous)
    with pytest.raises(reportdir.ReportDirError, match="tables/my-notes.csv"):
        build_report(sorted(lessons.glob("*.ipynb")), previous)
    assert snapshot(previous) == before
    with pytest.raises(reportdir.ReportDirError, match="tables/my-notes.csv"):
        reportdir.remove(previous)
    assert snapshot(previous) == before


@pytest.mark.parametrize("where", [".", "repository", "parent of the repository", "corpus",
                                   "parent of the corpus"])
def test_dangerous_report_folders_are_refused(tmp_path: Path, lessons: Path, monkeypatch,
                                              capsys, where: str) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SMALL, corpus)
    monkeypatch.chdir(tmp_path)
    reports = {".": ".", "repository": str(ROOT), "parent of the repository": str(ROOT.parent),
               "corpus": "corpus", "parent of the corpus": str(tmp_path)}[where]
    before = snapshot(tmp_path)
    assert main(["report", "--reports", reports, "--corpus", "corpus",
                 "--notebooks", str(lessons)]) == 1
    assert "refusing to write the report into" in one_error_line(capsys.readouterr().err)
    assert snapshot(tmp_path) == before


def test_clean_removes_only_what_the_build_made(tmp_path: Path, previous: Path,
                                                monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["clean", "--reports", str(tmp_path / "absent")]) == 0
    assert main(["clean", "--reports", "."]) == 1
    assert "refusing" in one_error_line(capsys.readouterr().err)
    assert main(["clean", "--reports", str(previous)]) == 0
    assert not previous.exists() and not leftovers(previous)


# -- 5. one build at a time --------------------------------------------------------------------

def test_a_second_build_is_refused_while_one_holds_the_lock(previous: Path,
                                                            lessons: Path) -> None:
    before = snapshot(previous)
    with reportdir.locked(previous):
        with pytest.raises(reportdir.ReportDirError) as info:
            build_report(sorted(lessons.glob("*.ipynb")), previous)
    assert f"pid {os.getpid()}" in str(info.value) and "started " in str(info.value)
    assert "another build is writing" in str(info.value)
    assert snapshot(previous) == before
    assert not leftovers(previous)  # the lock file goes with its holder


def test_the_lock_is_held_across_processes(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
         "from helpers import reportdir\n"
         "with reportdir.locked(Path(sys.argv[1])):\n"
         "    print('locked', flush=True)\n    time.sleep(60)\n", str(reports)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(reportdir.ReportDirError, match=f"pid {holder.pid}"):
            with reportdir.locked(reports):
                pass
    finally:
        holder.kill()
        holder.wait()
    with reportdir.locked(reports):  # a killed holder's lock is free again
        pass


# -- 9. errors a user can act on ---------------------------------------------------------------

def test_a_full_disk_gives_one_line_and_keeps_the_report(previous: Path, lessons: Path,
                                                         monkeypatch, capsys) -> None:
    before = snapshot(previous)
    real = nbformat.write

    def full(nb: object, path: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("helpers.report.nbformat.write", full)
    assert main(["report", "--reports", str(previous), "--notebooks", str(lessons),
                 "01-second.ipynb"]) == 1
    monkeypatch.setattr("helpers.report.nbformat.write", real)
    line = one_error_line(capsys.readouterr().err)
    assert "No space left on device" in line and "the disk is full" in line
    assert "01-second.ipynb" in line and "is unchanged" in line
    assert snapshot(previous) == before
    assert not leftovers(previous)


def test_a_read_only_place_gives_one_line(tmp_path: Path, lessons: Path, monkeypatch,
                                          capsys) -> None:
    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path / "ro"))

    monkeypatch.setattr("tempfile.mkdtemp", read_only)
    assert main(["report", "--reports", str(tmp_path / "ro" / "reports"),
                 "--notebooks", str(lessons)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "Read-only file system" in line and str(tmp_path / "ro") in line
    assert "choose a REPORTS folder on a writable disk" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_gives_one_line(tmp_path: Path, lessons: Path, capsys) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert main(["report", "--reports", str(parent / "reports"),
                     "--notebooks", str(lessons)]) == 1
    finally:
        parent.chmod(0o755)
    assert "Permission denied" in one_error_line(capsys.readouterr().err)


def test_reports_under_a_file_gives_one_line(tmp_path: Path, lessons: Path, capsys) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert main(["report", "--reports", str(tmp_path / "a-file" / "reports"),
                 "--notebooks", str(lessons)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert f"{tmp_path / 'a-file'} is a file, not a folder" in line


def test_a_timeout_names_the_cell_and_saves_the_partial_notebook(tmp_path: Path) -> None:
    path = lesson(tmp_path, "00-sleepy", "import time\ntime.sleep(60)")
    with pytest.raises(NotebookFailed) as info:
        execute(path, timeout=3, partial_dir=tmp_path / "partial")
    message = str(info.value)
    assert message.startswith("00-sleepy.ipynb: cell #2 ('import time') did not finish within "
                              "3 s")
    assert str(tmp_path / "partial" / "00-sleepy.ipynb") in message
    assert (tmp_path / "partial" / "00-sleepy.ipynb").is_file()


def test_a_failing_notebook_ends_the_command_with_one_line(tmp_path: Path, capsys) -> None:
    lesson(tmp_path / "nb", "00-broken", "raise ValueError('first line\\nsecond line')")
    assert main(["report", "--reports", str(tmp_path / "out"),
                 "--notebooks", str(tmp_path / "nb")]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "00-broken.ipynb: cell #2 (\"raise ValueError('first line\\\\nsecond line')\")" \
        in line
    assert "ValueError: first line (and 1 more lines)" in line
    assert "Nothing was written to" in line
    assert not (tmp_path / "out").exists()
    shutil.rmtree(Path(line.split(" is in ", 1)[1].split(". Nothing")[0]).parent)
