"""Draft story tables for a new corpus, from what the grammar finds in its text.

A new corpus has no ``actors.csv`` and no ``announcements.csv``. Writing them from
nothing is slow; :func:`draft_tables` writes two drafts into the corpus folder for
the user to check, correct and rename:

* ``draft-actors.csv``: every speaker the grammar finds (:mod:`helpers.speakers`),
  most quoted first, in the columns of ``actors.csv`` (canonical name, aliases as
  written, a guessed pronoun, a guessed type as ``actor_type`` and ``group``:
  person, institution, media or role), a ``why`` quoting the sentence it came
  from, and the counts behind it;
* ``draft-announcements.csv``: a skeleton with one row per generic aspect (who
  announced, what changes, what stays, timing) and event, the ``pattern`` left
  empty for the user to write.

It never overwrites: if a draft file exists it refuses unless ``force`` is given,
and it never touches ``actors.csv`` or ``announcements.csv``.

From the command line (the corpus folder from ``--corpus`` or the ``CORPUS``
environment variable)::

    python -m helpers.draft --corpus path/to/folder [--force]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from helpers.corpus import Corpus, CorpusError, open_corpus
from helpers.quotes import speaker_table
from helpers.tables import TABLES

DRAFT_FILES = ("draft-actors.csv", "draft-announcements.csv")
#: Aspects every announcement has, whatever the story (one draft row per aspect and event).
ASPECTS = (
    ("who announced", "the person or body that made the announcement"),
    ("what changes", "what the announcement says will leave, stop, start or change"),
    ("what stays", "what the announcement says will not change"),
    ("timing", "when the change is to happen, or how it was timed"),
)


class DraftError(Exception):
    """A draft cannot be written (no folder, or a draft file would be overwritten)."""


def draft_actors(corpus: Corpus) -> pd.DataFrame:
    """Every speaker found by grammar as draft ``actors.csv`` rows with counts (see
    :func:`helpers.quotes.speaker_table`)."""
    return speaker_table(corpus)


def draft_announcements(corpus: Corpus) -> pd.DataFrame:
    """A skeleton ``announcements.csv``: one row per generic aspect and event, the pattern
    left empty for the user. Events come from the corpus's ``events.csv``, or else from the
    ``event`` column of ``articles.csv``.

    >>> from helpers import open_corpus
    >>> draft_announcements(open_corpus())[["aspect", "event"]].head(2).values.tolist()
    [['who announced', 'mar2016'], ['who announced', 'jan2017']]
    """
    if corpus.has("events"):
        events = list(dict.fromkeys(corpus.table("events")["event"]))
        source = "events.csv"
    else:
        events = list(dict.fromkeys(corpus.articles["event"]))
        source = "the event column of articles.csv"
    rows = [{"aspect": aspect, "event": event, "pattern": "", "finds": finds,
             "why": f"To write: a pattern for {finds} in the articles about {event} (from "
                    f"{source}); quote the sentences it is written for."}
            for aspect, finds in ASPECTS for event in events]
    return pd.DataFrame(rows, columns=list(TABLES["announcements"].columns))


def draft_tables(corpus: Corpus, out_dir: str | Path | None,
                 force: bool = False) -> dict[str, Path]:
    """Write ``draft-actors.csv`` and ``draft-announcements.csv`` into ``out_dir`` (``None``:
    the corpus folder; the built-in corpus has none); return their paths.

    Raises :class:`DraftError` when a draft file exists and ``force`` is false; never writes
    any other file.
    """
    if out_dir is None:
        if corpus.dir is None:
            raise DraftError("the built-in corpus has no folder of its own to write drafts "
                             "into: pass out_dir.")
        out_dir = corpus.dir
    out = Path(out_dir)
    paths = {name: out / name for name in DRAFT_FILES}
    existing = [p.name for p in paths.values() if p.exists()]
    if existing and not force:
        raise DraftError(f"{', '.join(existing)} already exist(s) in {out.name}/: not "
                         "overwritten. Rename or delete them, or pass --force (force=True) "
                         "to replace them.")
    out.mkdir(parents=True, exist_ok=True)
    draft_actors(corpus).to_csv(paths["draft-actors.csv"], index=False, lineterminator="\n")
    draft_announcements(corpus).to_csv(paths["draft-announcements.csv"], index=False,
                                       lineterminator="\n")
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m helpers.draft --corpus DIR [--out DIR] [--force]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.draft",
                                     description="Draft actors.csv and announcements.csv "
                                                 "for a corpus folder.")
    parser.add_argument("--corpus", help="the corpus folder (default: $CORPUS)")
    parser.add_argument("--out", help="where to write the drafts (default: the corpus folder)")
    parser.add_argument("--force", action="store_true", help="replace existing draft files")
    args = parser.parse_args(argv)
    folder = args.corpus or os.environ.get("CORPUS")
    if not folder:
        print("No corpus: pass --corpus path/to/folder or set CORPUS.", file=sys.stderr)
        return 2
    try:
        corpus = open_corpus(folder)
        paths = draft_tables(corpus, args.out, args.force)
    except CorpusError as err:
        print(err, file=sys.stderr)
        return 1
    except DraftError as err:
        print(f"Nothing written: {err}", file=sys.stderr)
        return 1
    actors = pd.read_csv(paths["draft-actors.csv"], keep_default_na=False)
    print(f"Wrote {paths['draft-actors.csv'].name} ({len(actors)} speakers, "
          f"{(actors['in_actors_csv'] == 'no').sum()} not in actors.csv) and "
          f"{paths['draft-announcements.csv'].name} in {Path(paths['draft-actors.csv']).parent}."
          " Check them, then copy the rows you keep into actors.csv and announcements.csv.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
