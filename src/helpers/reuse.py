"""Shared and revised passages: align sentences across articles with an index, not all pairs.

How it works, in three steps that each stay close to linear in the number of
sentences:

1. **Group** sentences whose normalised text is the same (case, curly quotes,
   dashes and spacing folded). Identical sentences never need comparing.
2. **Index** each distinct text by a MinHash signature of its words and put
   the signatures in LSH buckets (bands of two hash values). Only texts that
   share a bucket become candidate pairs; a crowded bucket links each text to
   a few neighbours instead of to every member, so a corpus full of copies
   stays cheap.
3. **Verify** each candidate pair with the exact word-set Jaccard similarity
   and classify it: ``identical`` (same normalised text), ``near-identical``
   (similarity >= ``near`` or only spelling and typography differ) or
   ``reworded`` (similarity >= ``min_similarity``).

:func:`align_sentences` lists matched sentence pairs across articles,
:func:`article_similarity` builds the article-by-article matrix,
:func:`compare_versions` gives a side-by-side diff of two versions of one story
and :func:`word_changes` says what changed inside a pair of sentences, telling
spelling variants (defense/defence) from changes of wording.

Every function takes the :class:`~helpers.corpus.Corpus` and uses its
sentences (``corpus.sentences``): sentence splitting is the slow part of a large
run, and these helpers never redo it. The index and the article matrix are
computed once per corpus and setting. :func:`version_pairs` names the pairs of
articles that are versions of one story (at least :data:`VERSION_THRESHOLD` of
their sentences matched), and :func:`reuse_summary` every pair of articles that
shares a sentence. Figures are in :mod:`helpers.plots.reuse`.
"""

from __future__ import annotations

import difflib
import re
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.corpus import Corpus
from helpers.text import WORD, fold_typography

STATUSES = ("identical", "near-identical", "reworded")
_PRIME = np.uint64(4294967311)  # a prime just above 2**32

#: Two sentences are matched (reworded at least) at this word-set similarity or above.
MIN_SIMILARITY = 0.4
#: A matched pair at this similarity or above is near-identical.
NEAR = 0.8
#: Two articles are versions of one story when this share of their sentences is matched
#: (the article similarity of :func:`article_similarity`): most of the text is shared.
VERSION_THRESHOLD = 0.5
#: Seed of the MinHash permutations, so the index is the same on every run.
SEED = 2016
#: Each sentence keeps at most this many matches in :func:`align_sentences`.
TOP_K = 5
#: Candidate pairs whose MinHash estimate is this far under ``min_similarity`` are not verified.
ESTIMATE_SLACK = 0.25
#: :func:`similarity_pairs` keeps each article's this many most similar others.
NEAREST = 10
#: Up to this many articles :func:`similarity_pairs` works from the dense matrix (about
#: 4 x articles squared bytes); above, from a join on the shared sentence groups.
DENSE_ARTICLES = 12_000


def normalise(text: str) -> str:
    """Fold case, curly quotes, dashes and runs of spaces, so typography alone never differs.

    >>> normalise("Russia’s  “successes”")
    'russia\\'s "successes"'
    """
    return re.sub(r"\s+", " ", fold_typography(text)).strip().lower()


def words(text: str) -> list[str]:
    """The words of a sentence, normalised, numbers included (a changed figure is a change;
    :func:`helpers.text.tokens` leaves numbers out). ``S-400`` and ``pull-out`` stay whole.

    >>> words("The S-400 defense system, Russia’s 2,000.")
    ['the', 's-400', 'defense', 'system', "russia's", '2', '000']
    """
    return WORD.findall(normalise(text))


def jaccard(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def similarity(a: set[str], b: set[str]) -> float:
    """Word-set Jaccard similarity that counts spelling variants as the same word.

    >>> a, b = set(words("the defense ministry")), set(words("the defence ministry"))
    >>> jaccard(a, b), similarity(a, b)
    (0.5, 1.0)
    """
    shared = a & b
    rest_a, rest_b = sorted(a - shared), sorted(b - shared)
    extra = 0
    for x in rest_a:
        for y in rest_b:
            if x[:3] == y[:3] or x.replace("-", "") == y.replace("-", ""):
                if is_spelling_variant(x, y):
                    extra += 1
                    rest_b.remove(y)
                    break
    union = len(a) + len(b) - len(shared) - extra
    return (len(shared) + extra) / union if union else 0.0


def is_spelling_variant(a: str, b: str) -> bool:
    """True when two words are spellings of one word, not different words.

    Accepts differences of hyphenation or apostrophes ("pull-out"/"pullout") and
    one or two letters in a word of five or more letters that starts the same
    way ("defense"/"defence", "organise"/"organize"). Numbers never count as
    spelling variants.

    >>> is_spelling_variant("defense", "defence"), is_spelling_variant("pull-out", "pullout")
    (True, True)
    >>> is_spelling_variant("Moscow's", "Russia's"), is_spelling_variant("said", "says")
    (False, False)
    """
    a, b = normalise(a), normalise(b)
    if a == b:
        return True
    if any(ch.isdigit() for ch in a + b):
        return False
    plain_a, plain_b = re.sub(r"[-' ]", "", a), re.sub(r"[-' ]", "", b)
    if plain_a == plain_b:
        return True
    if min(len(a), len(b)) < 5 or a[:3] != b[:3] or abs(len(a) - len(b)) > 1:
        return False
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return ratio >= 1 - 2.5 / max(len(a), len(b))


def word_changes(left: str, right: str) -> list[dict[str, str]]:
    """What changed between two versions of a sentence, word by word.

    Each change is a dict with ``old``, ``new`` and ``kind``: ``spelling``
    (see :func:`is_spelling_variant`), ``wording`` (words replaced), ``added``
    or ``removed``. Typography (curly or straight quotes) is not a change.

    >>> word_changes("the S-400 defense system", "the S-400 defence system")
    [{'old': 'defense', 'new': 'defence', 'kind': 'spelling'}]
    """
    a = [m.group() for m in WORD.finditer(fold_typography(left))]
    b = [m.group() for m in WORD.finditer(fold_typography(right))]
    matcher = difflib.SequenceMatcher(None, [w.lower() for w in a], [w.lower() for w in b],
                                      autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "equal":
            continue
        if op == "insert":
            changes.append({"old": "", "new": new, "kind": "added"})
        elif op == "delete":
            changes.append({"old": old, "new": "", "kind": "removed"})
        elif is_spelling_variant(old, new):
            changes.append({"old": old, "new": new, "kind": "spelling"})
        else:
            changes.append({"old": old, "new": new, "kind": "wording"})
    return changes


def describe_changes(changes: list[dict[str, str]]) -> str:
    """One readable line for a list of :func:`word_changes` ("defense → defence (spelling)")."""
    parts = []
    for c in changes:
        if c["kind"] == "added":
            parts.append(f"+ {c['new']}")
        elif c["kind"] == "removed":
            parts.append(f"- {c['old']}")
        else:
            parts.append(f"{c['old']} → {c['new']} ({c['kind']})")
    return "; ".join(parts)


def _change_text(left: str, right: str, same: bool) -> str:
    """The changes column: word changes, or a note when only typography differs."""
    if same:
        return "" if left == right else "typography only (quote marks, apostrophes or spaces)"
    return describe_changes(word_changes(left, right))


def _status(similarity: float, same: bool, left: str, right: str, near: float) -> str:
    if same:
        return "identical"
    if similarity >= near:
        return "near-identical"
    changes = word_changes(left, right)
    if changes and all(c["kind"] == "spelling" for c in changes):
        return "near-identical"
    return "reworded"


@dataclass
class ReuseIndex:
    """Distinct sentence texts, which rows hold them, and the similar pairs among them."""

    rows: pd.DataFrame  # the sentence table, with a ``group`` column
    texts: list[str]  # one normalised text per group
    pairs: pd.DataFrame  # group_a < group_b, similarity (verified), over min_similarity
    min_similarity: float


#: MinHash settings of the index: hash functions, bands (of ``NUM_PERM // BANDS`` values),
#: the largest bucket paired in full, and how many neighbours a member of a larger one gets.
NUM_PERM = 48
BANDS = 24
MAX_BUCKET = 200
WINDOW = 8
_EMPTY = np.iinfo(np.uint64).max  # the signature of a text without words
PAIR_COLUMNS = ["group_a", "group_b", "similarity"]


def group_texts(texts: list[str] | pd.Series) -> tuple[np.ndarray, list[str]]:
    """Number the distinct normalised texts in order of first appearance.

    Returns each text's group and the normalised text of each group.

    >>> codes, texts = group_texts(["Russia’s move.", "The jets left.", "Russia's  move."])
    >>> codes.tolist(), texts
    ([0, 1, 0], ["russia's move.", 'the jets left.'])
    """
    norm = [normalise(t) for t in texts]
    codes, uniques = pd.factorize(pd.Series(norm, dtype="object"), sort=False)
    return codes.astype(np.int64), list(uniques)


def word_set(text: str) -> set[str]:
    """The words of a normalised text, as the index compares them."""
    return set(WORD.findall(text))


def max_document_frequency(n_texts: int) -> int:
    """A word in more distinct texts than this is too common to index (5%, at least 20).

    >>> max_document_frequency(100), max_document_frequency(10_000)
    (20, 500)
    """
    return max(int(0.05 * n_texts), 20)


def document_frequencies(word_sets: list[set[str]]) -> dict[str, int]:
    """In how many of the texts each word occurs."""
    df: dict[str, int] = {}
    for ws in word_sets:
        for w in ws:
            df[w] = df.get(w, 0) + 1
    return df


def token_hashes(words: set[str], frequent: set[str] | frozenset[str]) -> list[int]:
    """The 32-bit hashes of a text's words that go into its signature: all but the
    ``frequent`` ones (all of them when every word is frequent)."""
    ordered = sorted(words)
    return [zlib.crc32(w.encode()) for w in ordered if w not in frequent] or \
        [zlib.crc32(w.encode()) for w in ordered]


def minhash(token_sets: list[list[int]], num_perm: int = NUM_PERM,
            seed: int = SEED) -> np.ndarray:
    """MinHash signatures (texts x num_perm, uint64) of lists of 32-bit token hashes; a text
    without tokens gets the largest value everywhere."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**32 - 1, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, 2**32 - 1, size=num_perm, dtype=np.uint64)
    lengths = np.array([len(t) for t in token_sets])
    sig = np.full((len(token_sets), num_perm), _EMPTY, dtype=np.uint64)
    has = lengths > 0
    if not has.any():
        return sig
    flat = np.fromiter((h for t in token_sets for h in t), dtype=np.uint64,
                       count=int(lengths.sum()))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[has]
    chunk = max(1, 4_000_000 // num_perm)
    out = np.empty((len(flat), num_perm), dtype=np.uint64) if len(flat) <= chunk else None
    if out is not None:
        out[:] = (flat[:, None] * a[None, :] + b[None, :]) % _PRIME
        sig[has] = np.minimum.reduceat(out, starts, axis=0)
        return sig
    rows = np.flatnonzero(has)
    for lo in range(0, len(rows), 20_000):  # bound memory on large corpora
        part = rows[lo:lo + 20_000]
        s = starts[lo:lo + 20_000]
        e = s + lengths[part]
        block = flat[s[0]:e[-1]]
        hashed = (block[:, None] * a[None, :] + b[None, :]) % _PRIME
        sig[part] = np.minimum.reduceat(hashed, s - s[0], axis=0)
    return sig


def band_keys(sig: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """The LSH bucket key of each signature in each band (texts x bands, uint64): texts that
    share a key in some band are candidate pairs."""
    n, num_perm = sig.shape
    per_band = num_perm // bands
    keys = np.empty((n, bands), dtype=np.uint64)
    for band in range(bands):
        part = sig[:, band * per_band:(band + 1) * per_band]
        key = part[:, 0].copy()
        for col in range(1, per_band):
            key = key * np.uint64(1_000_003) ^ part[:, col]
        keys[:, band] = key
    return keys


def bucket_pairs(members: np.ndarray, max_bucket: int = MAX_BUCKET,
                 window: int = WINDOW) -> np.ndarray:
    """Candidate pairs of one bucket (its groups in ascending order), as an (n, 2) array: every
    pair, or for a crowded bucket each member with its next ``window`` members only.

    >>> bucket_pairs(np.array([2, 5, 9])).tolist()
    [[2, 5], [2, 9], [5, 9]]
    >>> len(bucket_pairs(np.arange(10), max_bucket=4, window=2))
    17
    """
    size = len(members)
    if size <= max_bucket:
        i, j = np.triu_indices(size, 1)
    else:
        i = np.repeat(np.arange(size), window)
        j = i + np.tile(np.arange(1, window + 1), size)
        keep = j < size
        i, j = i[keep], j[keep]
    return np.stack([members[i], members[j]], axis=1)


def _candidate_pairs(sig: np.ndarray, bands: int, max_bucket: int,
                     window: int) -> np.ndarray:
    """Pairs of groups sharing an LSH bucket, as an (n, 2) array with a < b, deduplicated."""
    n = len(sig)
    empty = sig[:, 0] == _EMPTY
    keys = band_keys(sig, bands)
    found = []
    for band in range(bands):
        key = keys[:, band].copy()
        key[empty] = np.arange(int(empty.sum()), dtype=np.uint64) + np.uint64(2**63)
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        cut = np.flatnonzero(np.diff(sorted_key)) + 1
        bounds = np.concatenate([[0], cut, [n]])
        sizes = np.diff(bounds)
        for start, size in zip(bounds[:-1][sizes > 1], sizes[sizes > 1], strict=True):
            found.append(bucket_pairs(order[start:start + size], max_bucket, window))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found).astype(np.int64), axis=1)
    return np.unique(pairs, axis=0)


def verify_pairs(cand: np.ndarray, sig_a: np.ndarray, sig_b: np.ndarray,
                 sets_a: list[set[str]], sets_b: list[set[str]],
                 min_similarity: float) -> list[tuple[int, int, float]]:
    """Candidate pairs ``(g, h)`` that are similar: the MinHash estimate (share of equal
    signature values) first, the exact :func:`similarity` only for plausible pairs.
    ``sig_a``/``sets_a`` are the signatures and word sets of the ``g`` of each pair, ``sig_b``/
    ``sets_b`` of the ``h``. Returns ``(g, h, similarity rounded to 3 places)``."""
    kept = []
    estimate = (sig_a == sig_b).mean(axis=1) if len(cand) else np.zeros(0)
    for (g, h), est, x, y in zip(cand.tolist(), estimate.tolist(), sets_a, sets_b,
                                 strict=True):
        if est >= min_similarity - ESTIMATE_SLACK:
            sim = similarity(x, y)
            if sim >= min_similarity:
                kept.append((g, h, round(sim, 3)))
    return kept


def pairs_frame(kept: list[tuple[int, int, float]]) -> pd.DataFrame:
    """The pairs table of a :class:`ReuseIndex` from ``(group_a, group_b, similarity)`` rows."""
    return pd.DataFrame(kept, columns=PAIR_COLUMNS).astype(
        {"group_a": np.int64, "group_b": np.int64, "similarity": float})


def text_signatures(texts: list[str], num_perm: int = NUM_PERM,
                    seed: int = SEED) -> tuple[np.ndarray, list[set[str]]]:
    """The MinHash signature and word set of each distinct normalised text (words in more
    than :func:`max_document_frequency` of the texts are left out of the signatures)."""
    word_sets = [word_set(t) for t in texts]
    df = document_frequencies(word_sets)
    max_df = max_document_frequency(len(texts))
    frequent = {w for w, n in df.items() if n > max_df}
    return minhash([token_hashes(ws, frequent) for ws in word_sets], num_perm, seed), word_sets


def match_texts(sig: np.ndarray, word_sets: list[set[str]],
                min_similarity: float = MIN_SIMILARITY, bands: int = BANDS,
                max_bucket: int = MAX_BUCKET, window: int = WINDOW) -> pd.DataFrame:
    """Every similar pair of distinct texts (``group_a`` < ``group_b``, ``similarity``), found
    through LSH buckets of their signatures, never by comparing all pairs."""
    cand = _candidate_pairs(sig, bands, max_bucket, window)
    kept = []
    for lo in range(0, len(cand), 200_000):  # bound memory: signatures of 200,000 pairs
        c = cand[lo:lo + 200_000]
        kept += verify_pairs(c, sig[c[:, 0]], sig[c[:, 1]], [word_sets[g] for g in c[:, 0]],
                             [word_sets[h] for h in c[:, 1]], min_similarity)
    return pairs_frame(kept)


SIGNATURE_COLUMNS = [f"h{i:02d}" for i in range(NUM_PERM)]
#: The names of the stages of the index (what ``make tables`` caches).
GROUPS_STAGE = "reuse.groups"
TEXTS_STAGE = "reuse.texts"


def pairs_stage(min_similarity: float = MIN_SIMILARITY) -> str:
    """The stage name of the similar pairs of groups at ``min_similarity``."""
    return f"reuse.pairs-{min_similarity}"


def article_pairs_stage(min_similarity: float = MIN_SIMILARITY, nearest: int | None = None,
                        floor: float | None = None) -> str:
    """The stage name of :func:`similarity_pairs` with these settings (default: its defaults).

    >>> article_pairs_stage()
    'reuse.article_pairs-0.4-10-0.5'
    """
    nearest = NEAREST if nearest is None else nearest
    floor = VERSION_THRESHOLD if floor is None else floor
    return f"reuse.article_pairs-{min_similarity}-{nearest}-{floor}"


def build_index(corpus: Corpus, min_similarity: float = MIN_SIMILARITY) -> ReuseIndex:
    """Index the sentences of a corpus and find every similar pair of distinct texts.

    Computed once per corpus and ``min_similarity``, from three stages that
    ``make tables`` can compute in parallel and cache (:mod:`helpers.pipeline`):
    ``reuse.groups`` (each sentence's group of identical normalised texts),
    ``reuse.texts`` (each group's text and MinHash signature) and
    ``reuse.pairs-<min_similarity>`` (the similar pairs of groups). Memory and
    time grow with the number of distinct sentences and candidate pairs, never
    with all pairs. Deterministic (:data:`SEED`).
    """
    return corpus.stage(f"reuse-index-{min_similarity}",
                        lambda: _index_of(corpus, min_similarity))


def sentence_groups(corpus: Corpus) -> pd.DataFrame:
    """Each sentence's group (``article_id``, ``sentence_id``, ``group``), in sentence order:
    sentences with the same normalised text share a group, numbered in order of first
    appearance. Computed once per corpus (stage ``reuse.groups``)."""
    def compute() -> pd.DataFrame:
        codes, _ = group_texts(corpus.sentences["text"])
        return pd.DataFrame({"article_id": corpus.sentences["article_id"].to_numpy(),
                             "sentence_id": corpus.sentences["sentence_id"].to_numpy(),
                             "group": codes})
    return corpus.stage(GROUPS_STAGE, compute)


def group_table(texts: list[str], sig: np.ndarray,
                groups: np.ndarray | None = None) -> pd.DataFrame:
    """The ``reuse.texts`` table of some groups (default: numbered from 0): ``group``, ``text``
    (normalised) and the MinHash signature, one column per hash function."""
    table = pd.DataFrame(sig, columns=SIGNATURE_COLUMNS[:sig.shape[1]])
    table.insert(0, "text", pd.Series(texts, dtype="object"))
    table.insert(0, "group", np.arange(len(texts), dtype=np.int64) if groups is None
                 else np.asarray(groups, dtype=np.int64))
    return table


def distinct_texts(corpus: Corpus) -> pd.DataFrame:
    """Each group's normalised text and MinHash signature (:func:`group_table`), in group
    order. Computed once per corpus (stage ``reuse.texts``)."""
    def compute() -> pd.DataFrame:
        groups = sentence_groups(corpus)["group"].to_numpy()
        _, first_rows = np.unique(groups, return_index=True)
        texts = [normalise(t) for t in corpus.sentences["text"].to_numpy()[first_rows]]
        sig, _ = text_signatures(texts)
        return group_table(texts, sig)
    return corpus.stage(TEXTS_STAGE, compute)


def _index_of(corpus: Corpus, min_similarity: float) -> ReuseIndex:
    groups = sentence_groups(corpus)
    table = distinct_texts(corpus)
    texts = table["text"].tolist()

    def pairs() -> pd.DataFrame:
        sig = table[SIGNATURE_COLUMNS].to_numpy(dtype=np.uint64)
        return match_texts(sig, [word_set(t) for t in texts], min_similarity)

    found = corpus.stage(pairs_stage(min_similarity), pairs)
    rows = corpus.sentences[["article_id", "sentence_id", "start", "end", "text"]].reset_index(
        drop=True).assign(group=groups["group"].to_numpy())
    return ReuseIndex(rows, texts, found, min_similarity)


def index_sentences(sentences: pd.DataFrame, min_similarity: float = MIN_SIMILARITY,
                    num_perm: int = NUM_PERM, bands: int = BANDS, max_bucket: int = MAX_BUCKET,
                    window: int = WINDOW, seed: int = SEED) -> ReuseIndex:
    """:func:`build_index` on any sentence table (``article_id``, ``sentence_id``, ``start``,
    ``end``, ``text``), with the MinHash settings exposed."""
    rows = sentences[["article_id", "sentence_id", "start", "end", "text"]].reset_index(drop=True)
    codes, texts = group_texts(rows["text"])
    rows = rows.assign(group=codes)
    sig, word_sets = text_signatures(texts, num_perm, seed)
    pairs = match_texts(sig, word_sets, min_similarity, bands, max_bucket, window)
    return ReuseIndex(rows, texts, pairs, min_similarity)


def _neighbour_table(index: ReuseIndex, min_similarity: float,
                     cap: int | None) -> pd.DataFrame:
    """Each group's similar groups, itself first, best first: ``g``, ``h``, ``sim``, ``rank``.

    With ``cap``, only the ``cap`` best neighbours of each group are kept.
    """
    groups = np.arange(len(index.texts))
    pairs = index.pairs[index.pairs["similarity"] >= min_similarity]
    table = pd.DataFrame({
        "g": np.concatenate([groups, pairs["group_a"], pairs["group_b"]]).astype(np.int64),
        "h": np.concatenate([groups, pairs["group_b"], pairs["group_a"]]).astype(np.int64),
        "sim": np.concatenate([np.ones(len(groups)), pairs["similarity"],
                               pairs["similarity"]])})
    table = table.sort_values(["g", "sim", "h"], ascending=[True, False, True],
                              ignore_index=True)
    table["rank"] = table.groupby("g").cumcount()
    return table if cap is None else table[table["rank"] < cap].reset_index(drop=True)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate ``range(s, s + n)`` for each pair; also return the owner of each value."""
    owner = np.repeat(np.arange(len(starts)), lengths)
    offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + offset, owner


def _partners(index: ReuseIndex, min_similarity: float,
              top_k: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of sentence rows from different articles: ``(a, b, similarity)``, a < b.

    Vectorised: each row gets at most ``top_k`` partners, the most similar first
    (ties by row order), so the work stays proportional to rows x top_k.
    """
    rows = index.rows
    group = rows["group"].to_numpy().astype(np.int64)
    art = pd.factorize(rows["article_id"])[0]
    order = np.argsort(group, kind="stable")  # rows by group, then table order
    n_groups = len(index.texts)
    g_start = np.searchsorted(group[order], np.arange(n_groups))
    g_size = np.bincount(group, minlength=n_groups)
    nb = _neighbour_table(index, min_similarity, None if top_k is None else top_k + 1)
    # candidate rows taken from each neighbour group h
    if top_k is None:
        take = g_size
    else:
        per_article = pd.Series(art).groupby(group).value_counts().groupby(level=0).max()
        take = np.minimum(g_size, top_k + 1 + per_article.reindex(
            range(n_groups), fill_value=0).to_numpy())
    eg, eh = nb["g"].to_numpy(), nb["h"].to_numpy()
    esim, erank = nb["sim"].to_numpy(), nb["rank"].to_numpy()
    # expand: entry x candidate row of h
    cand_pos, entry = _ranges(g_start[eh], take[eh])
    cand = order[cand_pos]
    # cross with every row of g
    per_entry = np.bincount(entry, minlength=len(nb))
    left_pos, entry2 = _ranges(g_start[eg], g_size[eg])
    # for each (entry, left row) pair, repeat the entry's candidates
    lens = per_entry[entry2]
    first = np.concatenate([[0], np.cumsum(per_entry)[:-1]])
    idx, owner = _ranges(first[entry2], lens)
    left = order[left_pos][owner]
    right = cand[idx]
    ent = entry2[owner]
    keep = (left != right) & (art[left] != art[right])
    left, right, ent, idx = left[keep], right[keep], ent[keep], idx[keep]
    if top_k is not None and len(left):
        sort = np.lexsort((idx, erank[ent], left))
        left, right, ent = left[sort], right[sort], ent[sort]
        start_of = np.searchsorted(left, left)  # first position of each left row
        keep = (np.arange(len(left)) - start_of) < top_k
        left, right, ent = left[keep], right[keep], ent[keep]
    a, b = np.minimum(left, right), np.maximum(left, right)
    code, first_at = np.unique(a * len(rows) + b, return_index=True)
    return a[first_at], b[first_at], esim[ent][first_at]


def align_sentences(corpus: Corpus, min_similarity: float = MIN_SIMILARITY,
                    near: float = NEAR, top_k: int | None = TOP_K) -> pd.DataFrame:
    """Matched sentence pairs across articles: identical, near-identical or reworded.

    One row per pair of sentences from two different articles (each pair once,
    ``a`` before ``b`` in the sentence table's order). Columns: ``article_a``,
    ``sentence_a``, ``start_a``, ``end_a``, ``text_a``, the same for ``b``,
    ``similarity`` (word-set Jaccard counting spelling variants as one word, 0-1),
    ``status`` and ``changes`` (a readable list of word changes; empty for
    identical pairs).

    ``top_k``: each sentence keeps its ``top_k`` best matches (the most similar
    first, ties in table order), so the table has at most ``top_k`` rows per
    sentence; a sentence may still appear more often because others chose it.
    Without a cap, a corpus where one sentence is copied into thousands of
    articles would give millions of rows. ``None`` keeps every match.
    """
    return _align(build_index(corpus, min_similarity), min_similarity, near, top_k)


ALIGN_COLUMNS = ["article_a", "sentence_a", "start_a", "end_a", "text_a", "article_b",
                 "sentence_b", "start_b", "end_b", "text_b", "similarity", "status", "changes"]


def _align(index: ReuseIndex, min_similarity: float, near: float,
           top_k: int | None) -> pd.DataFrame:
    """:func:`align_sentences` on an index."""
    rows = index.rows
    a_idx, b_idx, sims = _partners(index, min_similarity, top_k)
    left = rows.iloc[a_idx].reset_index(drop=True)
    right = rows.iloc[b_idx].reset_index(drop=True)
    result = pd.DataFrame({
        "article_a": left["article_id"], "sentence_a": left["sentence_id"],
        "start_a": left["start"], "end_a": left["end"], "text_a": left["text"],
        "article_b": right["article_id"], "sentence_b": right["sentence_id"],
        "start_b": right["start"], "end_b": right["end"], "text_b": right["text"],
        "similarity": np.round(np.asarray(sims, dtype=float), 3)})
    ga, gb = left["group"].to_numpy(), right["group"].to_numpy()
    first_row = rows.drop_duplicates("group").set_index("group")["text"]
    status, changes = {}, {}
    for g, h, sim in set(zip(ga.tolist(), gb.tolist(), result["similarity"].tolist(),
                             strict=True)):
        status[(g, h)] = _status(sim, g == h, first_row[g], first_row[h], near)
        changes[(g, h)] = "" if g == h else _change_text(first_row[g], first_row[h], False)
    keys = list(zip(ga.tolist(), gb.tolist(), strict=True))
    result["status"] = [status[k] for k in keys]
    result["changes"] = [changes[k] for k in keys]
    typo = (ga == gb) & (result["text_a"] != result["text_b"]).to_numpy()
    result.loc[typo, "changes"] = _change_text("a", "b", True)
    return result.sort_values(["article_a", "sentence_a", "article_b", "sentence_b"],
                              ignore_index=True)


def article_similarity(corpus: Corpus, min_similarity: float = MIN_SIMILARITY,
                       article_ids: list[str] | None = None) -> pd.DataFrame:
    """Article-by-article share of sentences that have a counterpart in the other article.

    ``sim(a, b) = (m(a in b) + m(b in a)) / (n_a + n_b)``, where ``m(a in b)``
    counts the sentences of ``a`` with an identical, near-identical or reworded
    match (similarity >= ``min_similarity``) in ``b``. 1 on the diagonal.
    Returns a square float32 DataFrame indexed by ``article_id`` in
    ``article_ids`` order (default: order of first appearance). Only sentences
    shared with, or similar to, another sentence are expanded, so the work
    grows with the rows times the number of articles, never with all pairs of
    sentences. ``article_ids`` default to the corpus's articles, in order (an
    article without sentences has similarity 0 with every other). Computed once
    per corpus and ``min_similarity``; later calls return a copy.
    """
    ids = list(corpus.articles["article_id"]) if article_ids is None else list(article_ids)
    unknown = sorted(set(ids) - set(corpus.articles["article_id"]))
    if unknown:
        raise ValueError(f"article_similarity: no article {unknown} in the corpus.")
    key = f"reuse-matrix-{min_similarity}-{hash(tuple(ids))}"
    return corpus.stage(key, lambda: _similarity_matrix(
        build_index(corpus, min_similarity), min_similarity, ids)).copy()


def _incidence(index: ReuseIndex, ids: list[str], min_similarity: float
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """What both ways of comparing articles start from: for each sentence of the articles
    ``ids``, its article's position and its group of identical texts; each article's number
    of sentences (float32); and the table of similar groups (:func:`_neighbour_table`)."""
    rows = index.rows[index.rows["article_id"].isin(ids)]
    pos = {aid: i for i, aid in enumerate(ids)}
    art = rows["article_id"].map(pos).to_numpy().astype(np.int64)
    group = rows["group"].to_numpy().astype(np.int64)
    counts = np.bincount(art, minlength=len(ids)).astype(np.float32)
    return art, group, counts, _neighbour_table(index, min_similarity, None)


def _similarity_matrix(index: ReuseIndex, min_similarity: float,
                       ids: list[str]) -> pd.DataFrame:
    """:func:`article_similarity` on an index, for the articles ``ids``."""
    art, group, counts, nb = _incidence(index, ids, min_similarity)
    n = len(ids)
    arts_per_group = pd.Series(art).groupby(group).nunique()
    shared = set(nb.loc[nb["g"] != nb["h"], "g"]) | set(arts_per_group[arts_per_group > 1].index)
    shared_ids = np.array(sorted(shared), dtype=np.int64)
    matrix = np.zeros((n, n), dtype=np.float32)
    if len(shared_ids):
        slot = np.full(len(index.texts), -1, dtype=np.int64)
        slot[shared_ids] = np.arange(len(shared_ids))
        present = np.zeros((len(shared_ids), n), dtype=bool)  # group x article
        sel = slot[group] >= 0
        present[slot[group[sel]], art[sel]] = True
        cover = present.copy()
        links = nb[(nb["g"] != nb["h"])]
        for g, h in zip(slot[links["g"].to_numpy()], slot[links["h"].to_numpy()], strict=True):
            cover[g] |= present[h]
        shared_rows = np.flatnonzero(sel)
        for lo in range(0, len(shared_ids), 2048):  # dense products by slices of texts
            hi = min(lo + 2048, len(shared_ids))
            part = shared_rows[(slot[group[shared_rows]] >= lo) & (slot[group[shared_rows]] < hi)]
            counts_ga = np.zeros((n, hi - lo), dtype=np.float32)
            np.add.at(counts_ga, (art[part], slot[group[part]] - lo), 1.0)
            matrix += counts_ga @ cover[lo:hi].astype(np.float32)
    step = 1000
    for i in range(0, n, step):  # symmetrise and normalise in blocks: no n x n temporaries
        for j in range(i, n, step):
            block = matrix[i:i + step, j:j + step] + matrix[j:j + step, i:i + step].T
            total = counts[i:i + step, None] + counts[None, j:j + step]
            np.divide(block, total, out=block, where=total > 0)
            matrix[i:i + step, j:j + step] = block
            matrix[j:j + step, i:i + step] = block.T
    np.fill_diagonal(matrix, 1.0)
    np.round(matrix, 3, out=matrix)
    return pd.DataFrame(matrix, index=pd.Index(ids, name="article_id"),
                        columns=pd.Index(ids, name="compared_with"), copy=False)


ARTICLE_PAIR_COLUMNS = ["article_a", "article_b", "similarity"]


def similarity_pairs(corpus: Corpus, min_similarity: float = MIN_SIMILARITY,
                     nearest: int | None = NEAREST,
                     floor: float = VERSION_THRESHOLD) -> pd.DataFrame:
    """Article similarity as a sparse table of pairs, not a matrix: what a large corpus needs.

    Columns ``article_a``, ``article_b`` (``a`` before ``b`` in corpus order) and
    ``similarity`` (the value of :func:`article_similarity`), most similar first
    (ties in corpus order). Holds every pair at or above ``floor`` (by default
    :data:`VERSION_THRESHOLD`: versions of one story) and, for each article, its
    ``nearest`` most similar others (ties: the first in corpus order); a pair is
    listed once. ``nearest=None`` keeps every pair that shares anything
    (similarity above 0), which on a corpus that repeats a few sentences
    everywhere is nearly every pair. Pairs with similarity 0 are never listed.

    Up to :data:`DENSE_ARTICLES` articles the values come from the matrix of
    :func:`article_similarity`, in blocks; above, from a join of the articles on
    the sentence groups they share, which grows with the pairs that share
    something rather than with all pairs. Both give the same table. Computed
    once per corpus and settings (``make tables`` caches the default).

    >>> from helpers import open_corpus
    >>> similarity_pairs(open_corpus()).values.tolist()
    [['aj-short-2016', 'aj-long-2016', 0.632]]
    """
    key = (article_pairs_stage(min_similarity, nearest, floor) if nearest is not None
           else f"reuse.article_pairs-{min_similarity}-all")
    return corpus.stage(key, lambda: article_pairs(
        build_index(corpus, min_similarity), list(corpus.articles["article_id"]),
        min_similarity, nearest, floor)).copy()


def top_pairs(corpus: Corpus, n: int = NEAREST,
              min_similarity: float = MIN_SIMILARITY) -> pd.DataFrame:
    """The ``n`` most similar pairs of articles (:func:`similarity_pairs`), most similar
    first: the table that stands in for the similarity heatmap on a large corpus.

    >>> from helpers import open_corpus
    >>> top_pairs(open_corpus(), 2).values.tolist()
    [['aj-short-2016', 'aj-long-2016', 0.632]]
    """
    nearest = NEAREST if n <= NEAREST else n  # a pair in the top n is in its articles' top n
    return similarity_pairs(corpus, min_similarity, nearest).head(n).reset_index(drop=True)


def article_pairs(index: ReuseIndex, ids: list[str], min_similarity: float = MIN_SIMILARITY,
                  nearest: int | None = NEAREST, floor: float = VERSION_THRESHOLD,
                  dense_articles: int = DENSE_ARTICLES) -> pd.DataFrame:
    """:func:`similarity_pairs` on an index, for the articles ``ids`` (in corpus order)."""
    if len(ids) <= dense_articles:
        a, b, v = _dense_pairs(index, ids, min_similarity, nearest, floor)
    else:
        a, b, v = _sparse_pairs(index, ids, min_similarity)
        a, b, v = _select(a, b, v, len(ids), nearest, floor)
    names = np.asarray(ids, dtype=object)
    table = pd.DataFrame({"article_a": names[a], "article_b": names[b],
                          "similarity": v.astype(float).round(3), "_a": a, "_b": b})
    table = table.sort_values(["similarity", "_a", "_b"], ascending=[False, True, True],
                              ignore_index=True, kind="stable")
    return table[ARTICLE_PAIR_COLUMNS].astype({"article_a": "str", "article_b": "str"})


def _top_mask(vals: np.ndarray, k: int) -> np.ndarray:
    """Per row, the ``k`` largest entries above -inf (ties: the leftmost), as a mask."""
    eligible = vals > -np.inf
    if k >= vals.shape[1]:
        return eligible
    kth = -np.partition(-vals, k - 1, axis=1)[:, k - 1]
    greater = vals > kth[:, None]
    equal = (vals == kth[:, None]) & eligible
    need = k - greater.sum(axis=1)
    return greater | (equal & (np.cumsum(equal, axis=1) <= need[:, None]))


def _dense_pairs(index: ReuseIndex, ids: list[str], min_similarity: float,
                 nearest: int | None, floor: float) -> tuple[np.ndarray, ...]:
    """The selected pairs ``(a, b, similarity)``, a < b, from the matrix, in row blocks."""
    matrix = _similarity_matrix(index, min_similarity, ids).to_numpy()
    n = len(ids)
    found_a, found_b = [], []
    for lo in range(0, n, 1000):
        block = matrix[lo:lo + 1000]
        rows = np.arange(lo, lo + len(block))
        vals = np.where(block > 0, block, -np.inf)
        vals[np.arange(len(block)), rows] = -np.inf
        keep = vals >= floor
        if nearest is None:
            keep |= vals > -np.inf
        elif nearest > 0:
            keep |= _top_mask(vals, nearest)
        i, j = np.nonzero(keep)
        found_a.append(np.minimum(rows[i], j))
        found_b.append(np.maximum(rows[i], j))
    if not found_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    a, b = np.concatenate(found_a), np.concatenate(found_b)
    code = np.unique(a.astype(np.int64) * n + b)
    a, b = code // n, code % n
    return a, b, matrix[a, b]


def _sparse_pairs(index: ReuseIndex, ids: list[str],
                  min_similarity: float) -> tuple[np.ndarray, ...]:
    """Every pair ``(a, b, similarity)``, a < b, similarity > 0, by a join on shared groups.

    The same arithmetic as :func:`article_similarity` (float32), so the same values.
    """
    art, group, counts, nb = _incidence(index, ids, min_similarity)
    links = nb.loc[nb["g"] != nb["h"], ["g", "h"]]
    present = pd.DataFrame({"g": group, "a": art})
    arts_per_group = present.groupby("g")["a"].nunique()
    shared = set(links["g"]) | set(arts_per_group[arts_per_group > 1].index)
    present = present[present["g"].isin(shared)].value_counts(["g", "a"]).rename(
        "c").reset_index()
    linked = links.merge(present[["g", "a"]].rename(columns={"g": "h"}), on="h")
    cover = pd.concat([present[["g", "a"]], linked[["g", "a"]]]).drop_duplicates().rename(
        columns={"a": "b"})
    sizes = present.groupby("g").size().mul(cover.groupby("g").size(), fill_value=0)
    sums = []
    chunk, total = [], 0
    for g, size in sizes.items():  # join a few million incidences at a time
        chunk.append(g)
        total += size
        if total >= 2_000_000 or g == sizes.index[-1]:
            inc = present[present["g"].isin(chunk)].merge(cover[cover["g"].isin(chunk)], on="g")
            inc = inc[inc["a"] != inc["b"]]
            lo, hi = np.minimum(inc["a"], inc["b"]), np.maximum(inc["a"], inc["b"])
            sums.append(inc["c"].groupby([lo.to_numpy(), hi.to_numpy()]).sum())
            chunk, total = [], 0
    if not sums:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    both = pd.concat(sums).groupby(level=[0, 1]).sum()
    a = both.index.get_level_values(0).to_numpy().astype(np.int64)
    b = both.index.get_level_values(1).to_numpy().astype(np.int64)
    v = both.to_numpy().astype(np.float32) / (counts[a] + counts[b])
    v = np.round(v.astype(np.float32), 3)
    keep = v > 0
    return a[keep], b[keep], v[keep]


def _select(a: np.ndarray, b: np.ndarray, v: np.ndarray, n: int, nearest: int | None,
            floor: float) -> tuple[np.ndarray, ...]:
    """The pairs at or above ``floor`` and each article's ``nearest`` best (ties: corpus order)."""
    if nearest is None or not len(a):
        return a, b, v
    directed = pd.DataFrame({"src": np.concatenate([a, b]), "dst": np.concatenate([b, a]),
                             "v": np.concatenate([v, v]),
                             "pair": np.concatenate([np.arange(len(a))] * 2)})
    directed = directed.sort_values(["src", "v", "dst"], ascending=[True, False, True],
                                    kind="stable")
    chosen = set(directed.groupby("src").head(nearest)["pair"]) if nearest > 0 else set()
    keep = np.zeros(len(a), dtype=bool)
    keep[list(chosen)] = True
    keep |= v >= floor
    return a[keep], b[keep], v[keep]


def compare_versions(corpus: Corpus, left: str, right: str,
                     min_similarity: float = MIN_SIMILARITY, near: float = NEAR) -> pd.DataFrame:
    """A side-by-side diff of two versions of one story, sentence by sentence, in order.

    Sentences are paired by an order-preserving alignment that maximises the
    total similarity (pairs under ``min_similarity`` are not paired). Columns:
    ``left_sentence``, ``right_sentence``, ``status`` (identical, near-identical,
    reworded, removed: only in ``left``, added: only in ``right``),
    ``similarity``, ``changes`` (word changes, spelling told apart from
    wording), and the ids and offsets of both sentences (``left_id``,
    ``left_start``, ``left_end``, ``right_id``, ...). Use :func:`version_pairs` to
    find which articles are versions of one story.
    """
    unknown = [aid for aid in (left, right) if aid not in set(corpus.articles["article_id"])]
    if unknown:
        raise ValueError(f"compare_versions: no article {unknown} in the corpus.")
    sentences = corpus.sentences
    a = sentences[sentences["article_id"] == left].reset_index(drop=True)
    b = sentences[sentences["article_id"] == right].reset_index(drop=True)
    sets_a = [set(words(t)) for t in a["text"]]
    sets_b = [set(words(t)) for t in b["text"]]
    sim = np.array([[similarity(x, y) for y in sets_b] for x in sets_a]).reshape(len(a), len(b))
    score = np.where(sim >= min_similarity, sim, 0.0)
    # Order-preserving alignment (longest common subsequence weighted by similarity).
    best = np.zeros((len(a) + 1, len(b) + 1))
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            take = best[i + 1, j + 1] + score[i, j] if score[i, j] > 0 else -1.0
            best[i, j] = max(take, best[i + 1, j], best[i, j + 1])
    out, i, j = [], 0, 0
    while i < len(a) or j < len(b):
        if i < len(a) and j < len(b) and score[i, j] > 0 and \
                best[i, j] == best[i + 1, j + 1] + score[i, j]:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif i < len(a) and (j == len(b) or best[i, j] == best[i + 1, j]):
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    records = []
    for x, y in out:
        la = a.iloc[x] if x is not None else None
        rb = b.iloc[y] if y is not None else None
        if la is not None and rb is not None:
            same = normalise(la["text"]) == normalise(rb["text"])
            status = _status(sim[x, y], same, la["text"], rb["text"], near)
            change = _change_text(la["text"], rb["text"], same)
            value = round(float(sim[x, y]), 3)
        else:
            status = "removed" if rb is None else "added"
            change, value = "", np.nan
        records.append({
            "left_sentence": "" if la is None else la["text"],
            "right_sentence": "" if rb is None else rb["text"],
            "status": status, "similarity": value, "changes": change,
            "left_id": pd.NA if la is None else int(la["sentence_id"]),
            "left_start": pd.NA if la is None else int(la["start"]),
            "left_end": pd.NA if la is None else int(la["end"]),
            "right_id": pd.NA if rb is None else int(rb["sentence_id"]),
            "right_start": pd.NA if rb is None else int(rb["start"]),
            "right_end": pd.NA if rb is None else int(rb["end"])})
    result = pd.DataFrame(records)
    for col in ("left_id", "left_start", "left_end", "right_id", "right_start", "right_end"):
        result[col] = result[col].astype("Int64")
    return result


SUMMARY_COLUMNS = ["article_a", "article_b", "similarity", *STATUSES, "total", "version"]


def reuse_summary(corpus: Corpus, threshold: float = VERSION_THRESHOLD,
                  min_similarity: float = MIN_SIMILARITY) -> pd.DataFrame:
    """Every pair of articles that shares at least one matched sentence, most similar first.

    Columns: ``article_a``, ``article_b`` (in corpus order), ``similarity``
    (:func:`article_similarity`: the share of their sentences matched), the
    matched sentence pairs of :func:`align_sentences` by status
    (``identical``, ``near-identical``, ``reworded``) and their ``total``, and
    ``version``: whether the two are versions of one story (``similarity`` at
    least ``threshold``, :data:`VERSION_THRESHOLD`). A pair is listed when its
    similarity is above 0, so the table holds every pair that shares anything:
    "only A and B share sentences" is true exactly when it has one row.

    On a large corpus (:attr:`~helpers.corpus.Corpus.is_large`) the pairs are those of
    :func:`similarity_pairs` instead: each article's :data:`NEAREST` most similar others and
    every pair of versions. Listing every pair that shares anything would grow with the
    square of the corpus wherever a sentence recurs ("Reuters contributed to this report").
    """
    return corpus.stage(f"reuse.summary-{threshold}-{min_similarity}", lambda: _summary(
        corpus, threshold, min_similarity)).copy()


def _summary(corpus: Corpus, threshold: float, min_similarity: float) -> pd.DataFrame:
    """:func:`reuse_summary`, computed."""
    ids = corpus.articles["article_id"].to_numpy()
    if corpus.is_large:
        table = similarity_pairs(corpus, min_similarity, floor=threshold)
    else:
        values = article_similarity(corpus, min_similarity).to_numpy()
        i, j = np.nonzero(np.triu(values > 0, k=1))
        table = pd.DataFrame({"article_a": ids[i], "article_b": ids[j],
                              "similarity": values[i, j].astype(float).round(3)})
    alignment = align_sentences(corpus, min_similarity)
    if len(table) and len(alignment):
        pos = {aid: n for n, aid in enumerate(ids)}
        a, b = alignment["article_a"].map(pos), alignment["article_b"].map(pos)
        swap = a > b
        first = alignment["article_a"].where(~swap, alignment["article_b"])
        second = alignment["article_b"].where(~swap, alignment["article_a"])
        counts = (alignment.assign(article_a=first, article_b=second)
                  .groupby(["article_a", "article_b", "status"]).size().unstack(fill_value=0)
                  .reindex(columns=list(STATUSES), fill_value=0).reset_index())
        table = table.merge(counts, on=["article_a", "article_b"], how="left")
    for status in STATUSES:
        table[status] = table[status].fillna(0).astype(int) if status in table else 0
    table["total"] = table[list(STATUSES)].sum(axis=1).astype(int)
    table["version"] = table["similarity"] >= threshold
    table = table.sort_values(["similarity", "article_a", "article_b"],
                              ascending=[False, True, True], ignore_index=True)
    return table[SUMMARY_COLUMNS]


def version_pairs(corpus: Corpus, threshold: float = VERSION_THRESHOLD,
                  min_similarity: float = MIN_SIMILARITY) -> pd.DataFrame:
    """The pairs of articles that are versions of one story: at least ``threshold`` of their
    sentences matched (:data:`VERSION_THRESHOLD`). Rows of :func:`reuse_summary`, most similar
    first; empty (with its columns) when no two articles are versions of one story.

    >>> from helpers import open_corpus
    >>> version_pairs(open_corpus())[["article_a", "article_b", "similarity"]].values.tolist()
    [['aj-short-2016', 'aj-long-2016', 0.632]]
    """
    table = reuse_summary(corpus, threshold, min_similarity)
    return table[table["version"]].reset_index(drop=True)


def most_similar_pair(matrix: pd.DataFrame) -> tuple[str, str]:
    """The two different articles with the highest similarity (ties: first in table order).

    Use it to pick the two versions of one story without naming them in a notebook.
    """
    values = matrix.to_numpy().astype(float)
    np.fill_diagonal(values, -1)
    i, j = np.unravel_index(int(np.argmax(values)), values.shape)
    i, j = min(i, j), max(i, j)
    return str(matrix.index[i]), str(matrix.columns[j])
