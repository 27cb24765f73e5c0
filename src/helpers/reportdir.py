"""The report folder: what the build may touch, and how it replaces a report safely.

Rules (the README's "What the build touches" says the same):

* A folder the build makes carries a marker file, :data:`MARKER`, listing every
  file the build wrote. The build deletes or replaces only a folder with that
  marker whose files are all on its list (or are browser-test screenshots).
  Anything else, such as a folder of the user's own notebooks and figures, is
  refused, never emptied.
* It refuses a report folder that is the repository, the corpus folder, the
  current directory, or a parent of any of them, or that lies under a file.
* A report is built in a fresh folder beside the report folder and swapped in
  only when the whole build succeeded, so a failed or interrupted build leaves
  the previous report whole.
* One build at a time per report folder: a lock file beside it (``flock``)
  names the build that holds it.

Only the standard library is used here.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import signal
import socket
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

#: The marker file at the top of every report folder the build made.
MARKER = ".syria-coverage-report"
SUITE = "syria-withdrawal-coverage"
#: Files another part of the suite may add to a built report (the browser test's screenshots).
EXTRA_DIRS = ("screenshots",)


class ReportDirError(RuntimeError):
    """The report folder cannot be used, replaced or removed: says what, where and what to do."""


class BuildStopped(BaseException):
    """A stop signal (SIGTERM, SIGINT, SIGHUP) came while the new report was being swapped in."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        #: True when the signal came during the swap, which finished first: the new report is in.
        self.published = False

    def __str__(self) -> str:
        return f"stopped by {signal.Signals(self.signum).name}"


def shown(path: str | os.PathLike[str]) -> str:
    """A path for a message: control characters (newlines, terminal escapes) made visible.

    >>> shown("reports\\n\\x1b[31m")
    'reports\\\\n\\\\x1b[31m'
    """
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(path))


def absolute(path: str | os.PathLike[str], base: Path | None = None) -> Path:
    """``path`` made absolute against ``base`` (default: the current directory).

    Symbolic links and ``..`` are resolved in the parent folders, not in the last
    part, so a report folder that is itself a link is seen as a link.
    """
    path = Path(os.path.expanduser(path))
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    path = Path(os.path.normpath(path))
    return path.parent.resolve() / path.name if path.name else path.resolve()


def check_location(reports: Path, protected: Mapping[str, Path | None],
                   action: str = "write the report into") -> None:
    """Refuse a report folder the build must never replace, before anything is written.

    ``protected`` maps a description ("the repository") to a folder that
    ``reports`` may not be, or contain. Also refused: a report folder under a
    file, a file, and a symbolic link.
    """
    where = shown(reports)
    if reports.is_symlink():
        raise ReportDirError(f"the report folder {where} is a symbolic link; give the folder "
                             "itself, or another path")
    if reports.exists() and not reports.is_dir():
        raise ReportDirError(f"the report folder {where} is a file, not a folder; choose "
                             "another REPORTS")
    for parent in reports.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ReportDirError(f"cannot make the report folder {where}: {shown(parent)} "
                                     "is a file, not a folder; choose another REPORTS")
            break
    real = reports.resolve()
    for label, folder in protected.items():
        if folder is None:
            continue
        folder = folder.resolve()
        if real == folder or real in folder.parents:
            how = "is" if real == folder else "contains"
            raise ReportDirError(f"refusing to {action} {where}: it {how} "
                                 f"{label} ({shown(folder)}); choose a folder of its own, "
                                 "such as REPORTS=reports")


def _manifest(folder: Path) -> set[str] | None:
    """The files and folders the marker of ``folder`` lists, or None without a valid marker.

    Folders are listed with a trailing ``/``.
    """
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("suite") != SUITE:
        return None
    listed = set()
    for key in ("files", "folders"):
        names = data.get(key, [])
        if isinstance(names, list):
            listed |= {n for n in names if isinstance(n, str)}
    return listed


def foreign_files(folder: Path) -> list[str]:
    """Paths in ``folder`` (relative, sorted) that the build did not write.

    Everything is foreign in a folder without a valid marker. Links are always
    foreign (the build never makes one), and so is a folder that holds nothing
    the build wrote.
    """
    listed = _manifest(folder)
    if listed is None:
        return sorted(p.name for p in folder.iterdir() if p.name != MARKER)
    ours_dirs = {p.as_posix() for f in listed for p in Path(f).parents} | set(EXTRA_DIRS) \
        | {f.rstrip("/") for f in listed if f.endswith("/")}
    found = []
    for root, dirs, files in os.walk(folder):
        rel_root = Path(root).relative_to(folder)
        for name in dirs + files:
            rel = (rel_root / name).as_posix()
            path = Path(root) / name
            if path.is_symlink():
                found.append(rel)
            elif name in dirs:
                if rel not in ours_dirs:
                    found.append(rel)
            elif rel != MARKER and rel not in listed and \
                    not (rel_root.parts[:1] and rel_root.parts[0] in EXTRA_DIRS
                         and name.endswith(".png")):
                found.append(rel)
        dirs[:] = [d for d in dirs if (rel_root / d).as_posix() in ours_dirs]
    return sorted(found)


def check_replaceable(reports: Path) -> None:
    """Refuse to replace ``reports`` unless it is missing, empty, or a report the build made."""
    if not reports.exists() or (reports.is_dir() and not any(reports.iterdir())):
        return
    where = shown(reports)
    if not reports.is_dir() or reports.is_symlink():
        raise ReportDirError(f"refusing to replace {where}: it is not a folder")
    if _manifest(reports) is None:
        names = sorted(p.name for p in reports.iterdir())
        sample = ", ".join(shown(n) for n in names[:4]) + (", ..." if len(names) > 4 else "")
        raise ReportDirError(
            f"refusing to replace or delete {where}: it has no {MARKER} marker, so the build "
            f"did not make it (it holds {sample}). Choose another REPORTS, or empty or "
            "remove that folder yourself after checking what it holds (reports built before "
            "the marker existed lack it too)")
    foreign = foreign_files(reports)
    if foreign:
        listed = ", ".join(shown(f) for f in foreign[:4]) + (", ..." if len(foreign) > 4 else "")
        raise ReportDirError(
            f"refusing to replace or delete {where}: it holds {len(foreign)} file(s) or "
            f"folder(s) the build did not write ({listed}). Move them out of the report "
            "folder, or choose another REPORTS")
    for root, _, _ in os.walk(reports):
        if not os.access(root, os.W_OK | os.X_OK):
            raise ReportDirError(
                f"cannot replace {where}: {shown(root)} is read-only. Make it writable "
                f"(chmod -R u+w on the report folder), or choose another REPORTS")


def write_marker(folder: Path, complete: bool = False) -> None:
    """Write the marker into ``folder``; with ``complete``, list every file and folder in it."""
    found = sorted(folder.rglob("*")) if complete else []
    files = [p.relative_to(folder).as_posix() for p in found
             if p.is_file() and not p.is_symlink() and p.name != MARKER]
    folders = [p.relative_to(folder).as_posix() + "/" for p in found
               if p.is_dir() and not p.is_symlink()]
    data = {"suite": SUITE, "about": "Written by the report build (python -m helpers.build "
            "report). The build replaces or deletes this folder only while it holds nothing "
            "but the files and folders listed here.", "complete": complete,
            "folders": folders, "files": files}
    (folder / MARKER).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _sibling(reports: Path, kind: str) -> str:
    return f".{reports.name}.{kind}-"


def new_staging(reports: Path) -> Path:
    """A fresh, marked folder beside ``reports`` to build into."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=_sibling(reports, "build"), dir=reports.parent))
    write_marker(folder)
    return folder


def sweep(reports: Path) -> None:
    """Tidy up after builds that were killed (call while holding the lock).

    A report moved aside but never replaced (a build killed between the two
    renames of :func:`publish`) is put back; leftover build folders that carry
    the marker are deleted.
    """
    aside = sorted((p for p in reports.parent.glob(_sibling(reports, "old") + "*")
                    if p.is_dir() and not p.is_symlink() and _manifest(p) is not None),
                   key=lambda p: p.stat().st_mtime)
    if aside and not os.path.lexists(reports):
        os.rename(aside.pop(), reports)
    for kind in ("build", "old"):
        for path in reports.parent.glob(_sibling(reports, kind) + "*"):
            if path.is_dir() and not path.is_symlink() and _manifest(path) is not None:
                shutil.rmtree(path)


def publish(staging: Path, reports: Path) -> None:
    """Swap the finished build in for ``reports``; the old report is deleted afterwards.

    Stop signals are held back until the old report is gone, so the report
    folder is always either the old report or the new one.
    """
    old = None
    try:
        with held_signals():
            if reports.is_dir() and not reports.is_symlink() and not any(reports.iterdir()):
                reports.rmdir()
            elif os.path.lexists(reports):
                old = reports.parent / f"{_sibling(reports, 'old')}{os.getpid()}-{time.time_ns()}"
                os.rename(reports, old)
            os.rename(staging, reports)
            if old is not None:
                shutil.rmtree(old)
    except BuildStopped as err:
        err.published = not staging.exists()
        raise


def remove(reports: Path) -> bool:
    """Delete a report folder the build made (refusing anything else); False if missing."""
    if not os.path.lexists(reports):
        return False
    if reports.is_symlink() or not reports.is_dir():
        raise ReportDirError(f"refusing to delete {shown(reports)}: it is not a folder")
    if not any(reports.iterdir()):
        reports.rmdir()
        return True
    check_replaceable(reports)
    shutil.rmtree(reports)
    return True


# -- one build at a time ---------------------------------------------------------------------

@contextlib.contextmanager
def locked(reports: Path) -> Iterator[None]:
    """Hold the lock of ``reports`` (a file beside it), or raise ReportDirError naming its holder.

    The lock file is removed on release; a lock left by a killed build is free again,
    because the kernel releases ``flock`` locks when their process ends.
    """
    path = reports.parent / f".{reports.name}.lock"
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(fd)
            if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            raise ReportDirError(
                f"another build is writing {shown(reports)} ({_holder(path)}); wait for it to "
                "finish, or choose another REPORTS") from None
        try:  # the file may have been removed by the holder we waited for: lock the new one
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    def release(signum: int = 0) -> None:
        with contextlib.suppress(OSError):
            os.unlink(path)

    try:
        info = f"pid {os.getpid()} on {socket.gethostname()}, started " \
            f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n"
        os.ftruncate(fd, 0)
        os.write(fd, info.encode())
        with on_stop(release):
            yield
    finally:
        release()
        os.close(fd)


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return f"held by {shown(text)}" if text else "held by a build that is starting"


# -- signals -----------------------------------------------------------------------------------

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_held: dict[str, object] = {"on": False, "pending": None, "active": False}
_on_stop: list[Callable[[int], None]] = []


def _stop(signum: int, frame: object) -> None:
    """Clean up and end the process, or, inside :func:`held_signals`, note the signal.

    Raising an exception here could land anywhere, for example inside the kernel
    client's event loop, which would swallow it; so the registered clean-up
    actions run here, newest first, and the process exits with 128 + signum.
    """
    if _held["on"]:
        _held["pending"] = signum
        return
    for action in reversed(_on_stop):
        with contextlib.suppress(Exception):
            action(signum)
    os._exit(128 + signum)


@contextlib.contextmanager
def on_stop(action: Callable[[int], None]) -> Iterator[None]:
    """Run ``action(signum)`` if a stop signal ends the process during the block."""
    _on_stop.append(action)
    try:
        yield
    finally:
        _on_stop.remove(action)


def unchanged(reports: Path) -> str:
    """The sentence that tells a user a failed or stopped build left the old report alone."""
    if (reports / MARKER).exists():
        return f"The previous report in {shown(reports)} is unchanged."
    return f"Nothing was written to {shown(reports)}."


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """On SIGTERM, SIGINT or SIGHUP run the :func:`on_stop` actions and exit (main thread only)."""
    try:
        old = {s: signal.signal(s, _stop) for s in STOP_SIGNALS}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    _held["active"] = True
    try:
        yield
    finally:
        _held["active"] = False
        for s, handler in old.items():
            signal.signal(s, handler)


def reclaim_signals() -> None:
    """Put the stop handlers back inside :func:`stop_on_signals` (a library replaced them).

    nbclient installs its own SIGTERM and SIGINT handlers while it runs a notebook
    and resets them to the default when it is done; call this from its hooks and
    after it returns.
    """
    if _held["active"]:
        with contextlib.suppress(ValueError):
            for s in STOP_SIGNALS:
                signal.signal(s, _stop)


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold back a stop signal until the block is done, then act on it."""
    _held["on"], _held["pending"] = True, None
    try:
        yield
    finally:
        _held["on"] = False
        pending = _held["pending"]
        _held["pending"] = None
        if isinstance(pending, int):
            raise BuildStopped(pending)
