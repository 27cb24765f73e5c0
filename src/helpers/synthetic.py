"""Synthetic corpora for benchmarks: many articles made of the seed articles' own sentences.

:func:`synthetic_corpus` writes a corpus folder (``articles.csv`` plus one text
file per article) in the format :func:`helpers.load_articles` reads. Every
article borrows its metadata (outlet, event, published date, headline) from one
real article chosen at random, and its body is built from the bodies of the
real articles: some paragraphs are copied whole, others are made of sentences
drawn at random from any article. A fixed seed gives the same corpus, byte for
byte, on every run.

The text is real news prose, so the pipeline meets the quotations, numbers and
dates it meets in the real corpus; but the articles are collages, not news, and
they repeat a small pool of sentences many times over (which makes text reuse
far more common than in any real corpus).
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.corpus import load_articles
from helpers.text import load_sentences, paragraphs

METADATA_COLUMNS = ["article_id", "seed_file", "outlet", "outlet_basis", "published",
                    "published_basis", "event", "headline", "sha256", "evidence"]


def _pools(articles: pd.DataFrame) -> tuple[list[str], list[str], list[int]]:
    """Paragraphs and sentences of every body, and each article's paragraph count."""
    paras, counts = [], []
    for text in articles["text"]:
        spans = paragraphs(text)
        paras.extend(text[s:e] for s, e in spans)
        counts.append(len(spans))
    sentences = load_sentences(articles)["text"].tolist()
    return paras, sentences, counts


def synthetic_corpus(n_articles: int, folder: str | Path, seed: int = 0,
                     articles: pd.DataFrame | None = None,
                     whole_paragraphs: float = 0.5) -> pd.DataFrame:
    """Write a corpus of ``n_articles`` collage articles to ``folder``; return its metadata.

    ``articles`` are the source articles (default: the built-in corpus). For
    each synthetic article a source article is drawn at random: its ``outlet``,
    ``event``, ``published`` and ``headline`` are copied, and the new body gets
    as many paragraphs as it has. Each paragraph is, with probability
    ``whole_paragraphs``, a paragraph of any source body copied whole, else one
    to three sentences of any source body. ``seed`` fixes numpy's random
    generator, so the same arguments write the same files.

    The returned DataFrame is ``articles.csv`` as written (``article_id``,
    ``seed_file``, ``outlet``, ..., ``sha256``, ``evidence``); ``evidence``
    names the source article whose metadata was borrowed.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     meta = synthetic_corpus(3, tmp, seed=1)
    ...     n = len(load_articles(tmp))
    >>> meta["article_id"].tolist(), n
    (['syn-00001', 'syn-00002', 'syn-00003'], 3)
    """
    if n_articles < 1:
        raise ValueError(f"n_articles must be at least 1, not {n_articles}")
    source = load_articles() if articles is None else articles
    paras, sentences, counts = _pools(source)
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(n_articles)))
    rows = []
    for i in range(1, n_articles + 1):
        pick = int(rng.integers(len(source)))
        template = source.iloc[pick]
        body = []
        for _ in range(counts[pick]):
            if rng.random() < whole_paragraphs:
                body.append(paras[int(rng.integers(len(paras)))])
            else:
                chosen = rng.integers(len(sentences), size=int(rng.integers(1, 4)))
                body.append(" ".join(sentences[int(j)] for j in chosen))
        data = ("\n\n".join(body) + "\n").encode("utf-8")
        article_id = f"syn-{i:0{width}d}"
        name = f"{article_id}.txt"
        (folder / name).write_bytes(data)
        rows.append({
            "article_id": article_id, "seed_file": name, "outlet": template["outlet"],
            "outlet_basis": "synthetic", "published": template["published"].date().isoformat(),
            "published_basis": "synthetic", "event": template["event"],
            "headline": template["headline"], "sha256": hashlib.sha256(data).hexdigest(),
            "evidence": f"Synthetic collage (seed {seed}); metadata of "
                        f"{template['article_id']}.",
        })
    meta = pd.DataFrame(rows, columns=METADATA_COLUMNS)
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=METADATA_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return meta
