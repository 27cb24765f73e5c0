"""The derived tables of a corpus, cached as Parquet and keyed by everything they depend on.

``make tables`` (:mod:`helpers.pipeline`) computes the derived tables of a corpus
(sentences, sentiment, quotes, figures, frame hits, timeline, the reuse index)
and writes each as Parquet files in a folder of its own, one file per partition
of articles, with a ``manifest.json`` that lists them. The manifest holds the
cache's key: a hash of the corpus files (``articles.csv`` and every text), of
every curated table the corpus uses, and of the code (the package version and
its source files). A cache is used only when its key is the corpus's key, so a
changed article, table or helper never reads an old table.

:meth:`helpers.corpus.Corpus.stage` is the one place a cached table is read
instead of computed: a table is stored under the name of the stage that
computes it (``quotes``, ``figures.extract`` ...), and read back with the exact
column types it was computed with, so a table is the same whether it was
computed or read.

This module imports nothing from the rest of the package, so the corpus can use it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

#: The environment variable that points :func:`helpers.corpus.open_corpus` at a cache folder.
CACHE_VARIABLE = "REPORT_CACHE"
MANIFEST = "manifest.json"
#: Bumped when the layout of a cache folder changes.
FORMAT = 1
PACKAGE = "syria-withdrawal-coverage"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version and a hash of the package's source files.

    The version alone would not change when a helper does; the source hash does,
    so a cache written by older code is never read by newer code.
    """
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        version = "unknown"
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{version}+{digest.hexdigest()[:16]}"


def fingerprint(chunks: Iterable[bytes]) -> str:
    """A SHA-256 over ``chunks`` and :func:`code_version`: the key of a cache.

    Each chunk is length-prefixed, so moving bytes from one chunk to the next
    changes the key.

    >>> fingerprint([b"ab", b"c"]) == fingerprint([b"a", b"bc"])
    False
    """
    digest = hashlib.sha256(f"cache format {FORMAT}; code {code_version()}".encode())
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


def _check_name(name: str) -> str:
    """A stage name usable as a folder name (letters, digits, ``.``, ``_``, ``-``)."""
    if not _SAFE_NAME.match(name) or ".." in name:
        raise ValueError(f"{name!r} cannot name a cached table: use letters, digits, '.', '_' "
                         "and '-' only")
    return name


def part_name(index: int) -> str:
    """The file name of one partition of a table.

    >>> part_name(3)
    'part-00003.parquet'
    """
    return f"part-{index:05d}.parquet"


def write_part(folder: str | Path, name: str, index: int, frame: pd.DataFrame) -> dict:
    """Write partition ``index`` of table ``name`` into a cache folder; return its manifest entry.

    The entry holds the file (relative to the folder), the number of rows and
    the pandas type of every column, so the table can be read back exactly.
    """
    folder = Path(folder) / _check_name(name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / part_name(index)
    frame.to_parquet(path, index=False)
    return {"file": f"{name}/{path.name}", "rows": len(frame),
            "dtypes": {str(c): str(t) for c, t in frame.dtypes.items()},
            "columns": [str(c) for c in frame.columns]}


def write_manifest(folder: str | Path, key: str, tables: dict[str, list[dict]],
                   about: dict | None = None) -> Path:
    """Write ``manifest.json``: the key and, for every table, its parts in order.

    Written last and atomically (a temporary file renamed), so a folder whose
    build stopped half way has no manifest and is never read.
    """
    folder = Path(folder)
    data = {"format": FORMAT, "key": key, "code": code_version(), **(about or {}),
            "tables": {name: parts for name, parts in sorted(tables.items())}}
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)
    return folder / MANIFEST


def read_manifest(folder: str | Path) -> dict | None:
    """The manifest of a cache folder, or ``None`` when there is none (or it is unreadable)."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or \
            not isinstance(data.get("tables"), dict):
        return None
    return data


def manifest_key(folder: str | Path) -> str | None:
    """The key a cache folder was written for, or ``None``."""
    data = read_manifest(folder)
    return None if data is None else data.get("key")


#: The sub-folder of a cache folder that holds :func:`memo` tables.
MEMO = "memo"


def files_chunks(folders: Iterable[str | Path]) -> Iterable[bytes]:
    """Every file under ``folders`` as chunks for :func:`fingerprint`: its path within its
    folder, then its bytes, in a fixed order."""
    for folder in folders:
        folder = Path(folder)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            yield path.relative_to(folder).as_posix().encode()
            yield path.read_bytes()


def memo(name: str, chunks: Iterable[bytes], compute: Callable[[], pd.DataFrame],
         folder: str | Path | None = None) -> pd.DataFrame:
    """A table that does not depend on the corpus alone (the extractors' scores on the
    project's annotated corpora, say), computed once per cache folder.

    ``folder`` is the cache folder (default: ``$REPORT_CACHE``, which the report build
    sets); without one, ``compute()`` is returned. Otherwise the table is read from
    ``memo/NAME-KEY.parquet`` when that file exists, ``KEY`` being the
    :func:`fingerprint` of ``chunks`` (everything the table depends on; the code is
    always part of it), and is computed and written there when not. It comes back with
    the column types it was computed with; a missing value of an ``object`` column comes
    back as ``None``. The report build carries the cache folder to the next build when
    the corpus is unchanged, so a second ``make report`` reads the table.
    """
    folder = folder if folder is not None else os.environ.get(CACHE_VARIABLE)
    if not folder or not Path(folder).is_dir():
        return compute()
    path = Path(folder) / MEMO / f"{_check_name(name)}-{fingerprint(chunks)[:24]}.parquet"
    types = path.with_suffix(".json")
    if path.is_file() and types.is_file():
        frame = pd.read_parquet(path).astype(json.loads(types.read_text(encoding="utf-8")))
        for column in frame.columns:
            if pd.api.types.is_object_dtype(frame[column].dtype):
                frame[column] = frame[column].where(frame[column].notna(), None)
        return frame
    frame = compute()
    path.parent.mkdir(exist_ok=True)
    for target, write in ((path, lambda tmp: frame.to_parquet(tmp, index=False)),
                          (types, lambda tmp: tmp.write_text(json.dumps(
                              {str(c): str(t) for c, t in frame.dtypes.items()}),
                              encoding="utf-8"))):
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        write(tmp)
        os.replace(tmp, target)  # whole or not at all: a reader never sees half a file
    return frame


@dataclass
class TableCache:
    """The tables of one cache folder, for the corpus whose key it holds.

    Open it with :meth:`open`; :meth:`read` returns a table exactly as it was
    computed (same columns, rows, order and column types).
    """

    folder: Path
    key: str
    entries: dict[str, list[dict]] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: str | Path, key: str) -> TableCache | None:
        """The cache in ``folder`` if it was written for ``key``; ``None`` otherwise."""
        data = read_manifest(folder)
        if data is None or data.get("key") != key:
            return None
        return cls(Path(folder), key, dict(data["tables"]))

    @property
    def names(self) -> list[str]:
        """The stages whose tables the cache holds."""
        return sorted(self.entries)

    def has(self, name: str) -> bool:
        """Whether the cache holds the table of stage ``name``."""
        return name in self.entries

    def read(self, name: str) -> pd.DataFrame | None:
        """The table of stage ``name`` (its partitions in order), or ``None`` if not cached."""
        parts = self.entries.get(name)
        if parts is None:
            return None
        frames = [pd.read_parquet(self.folder / p["file"]) for p in parts]
        kept = [f for f, p in zip(frames, parts, strict=True) if p["rows"]] or frames[:1]
        dtypes = next((p["dtypes"] for p in parts if p["rows"]), parts[0]["dtypes"])
        columns = parts[0]["columns"]
        frame = pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0]
        return frame[columns].astype(dtypes)
