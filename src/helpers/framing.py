"""Framing: a frame dictionary, naming choices and distinctive vocabulary, all with evidence.

* :func:`dictionary_hits` is the one mechanism: it matches the regular
  expressions of a curated table (``frames.csv``, ``naming.csv``,
  ``targets.csv``, ...) against sentences and returns every hit with its
  character offsets into the article's ``text``.
* :func:`frame_hits`, :func:`frame_prevalence` and :func:`frame_evidence` apply
  it to the frame dictionary; :func:`naming_hits` and :func:`naming_counts` to
  the naming variants; :func:`kwic` shows any term or pattern in context.
* :func:`keyness` finds distinctive words by group with weighted log-odds and
  an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

Patterns in the tables are Python regular expressions matched as whole words
(not inside a longer word or hyphenated compound). Matching uses *smart case*:
a pattern with a capital letter is case-sensitive ("UN" does not match "un"),
an all-lower-case pattern matches any case ("talks" matches "Talks").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import plotting
from helpers.corpus import TABLES, CorpusError, Problem, load_table, table_path
from helpers.text import word_spans

SEPARATOR = "\n\x00\n"  # between sentences when they are matched as one string
HIT_COLUMNS = ["article_id", "sentence_id", "term", "start", "end", "entry", "line"]


_BEFORE, _AFTER = r"(?<![\w\-])", r"(?![\w\-])"  # whole words: not inside a word or compound


def _smart_case(pattern: str) -> str:
    """``pattern`` made case-insensitive, unless it has a capital letter (outside escapes)."""
    has_capital = any(c.isupper() for c in re.sub(r"\\.|\(\?[a-zA-Z]+\)", "", pattern))
    return f"(?:{pattern})" if has_capital else f"(?i:{pattern})"


def compile_pattern(pattern: str, where: str = "pattern") -> re.Pattern[str]:
    """Compile a table pattern as a whole-word regex with smart case.

    >>> bool(compile_pattern("talks").search("Peace Talks resumed"))
    True
    >>> bool(compile_pattern("UN").search("an unlikely end")), bool(compile_pattern("war").search(
    ...     "a war-torn town"))
    (False, False)
    """
    if not pattern.strip():
        raise CorpusError([Problem(where, "the pattern is empty (it would match everywhere).",
                                   "Write a word or regular expression, or delete the row.")])
    try:
        return re.compile(_BEFORE + _smart_case(pattern) + _AFTER)
    except re.error as err:
        raise CorpusError([Problem(where, f"pattern {pattern!r} is not a valid regular "
                                   f"expression: {err}.",
                                   "Correct it; test it with Python's re module.")]) from None


def _combined(patterns: list[str], wheres: list[str]) -> re.Pattern[str]:
    """One regex for several patterns; group ``e<i>`` holds a match of ``patterns[i]``.

    The alternatives sit in a zero-width lookahead, so ``finditer`` tries every
    position once and reports, at each, the first pattern that matches there.
    """
    for pattern, where in zip(patterns, wheres, strict=True):
        compile_pattern(pattern, where)
    alternatives = "|".join(f"(?P<e{i}>{_smart_case(p)}){_AFTER}" for i, p in enumerate(patterns))
    return re.compile(f"{_BEFORE}(?=(?:{alternatives}))")


#: A back-reference or conditional by group number, whose meaning changes when patterns are
#: combined differently; tables with one skip :func:`_candidate_positions`.
_NUMBERED_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _candidate_positions(patterns: list[str], text: str) -> list[int] | None:
    """Every position of ``text`` where some pattern matches as a whole word, in order.

    One pass of all the patterns at once: a position where the regex of
    :func:`_combined` matches for some subset of ``patterns`` is always among
    them, so that regex needs to be tried only there (``None``: try everywhere).
    """
    if any(_NUMBERED_REFERENCE.search(p) for p in patterns):
        return None
    anywhere = "|".join(f"(?:{_smart_case(p)}){_AFTER}" for p in patterns)
    try:
        regex = re.compile(f"{_BEFORE}(?=(?:{anywhere}))")
    except re.error:  # e.g. one group name in two labels' patterns
        return None
    return [m.start() for m in regex.finditer(text)]


def _joined(sentences: pd.DataFrame) -> tuple[str, np.ndarray, np.ndarray]:
    """All sentence texts in one string; return it with each sentence's start and end in it."""
    lengths = sentences["text"].str.len().to_numpy()
    starts = np.concatenate([[0], np.cumsum(lengths + len(SEPARATOR))[:-1]]).astype(int)
    return SEPARATOR.join(sentences["text"]), starts, starts + lengths


def _drop_overlaps(hits: pd.DataFrame, key: Sequence[str]) -> pd.DataFrame:
    """Within one article and ``key`` (a frame, a group...), keep the longest overlapping hit."""
    if hits.empty:
        return hits
    keys = ["article_id", *key]
    hits = hits.assign(_len=hits["end"] - hits["start"]).sort_values(
        [*keys, "start", "_len"], ascending=[True] * (len(keys) + 1) + [False], kind="stable")
    reach = hits.groupby(keys, sort=False)["end"].cummax()
    prev_end = reach.groupby([hits[k] for k in keys], sort=False).shift(1, fill_value=-1)
    return hits[hits["start"] >= prev_end].drop(columns="_len")


def dictionary_hits(sentences: pd.DataFrame, table: pd.DataFrame, pattern_col: str,
                    label_cols: Sequence[str], name: str = "table") -> pd.DataFrame:
    """Every match of the patterns of ``table`` in ``sentences``, with offsets into the article.

    The patterns that share labels (one frame, one target group...) are
    compiled once into one regex. All sentences are joined into one text, which
    one regex of every pattern scans once for the places where any can match;
    each label's regex is then tried only there.
    Hits with the same labels that overlap are reduced to the longest; where
    two patterns with the same labels match at the same place, the first in
    the table counts.

    Columns: ``article_id``, ``sentence_id``, the ``label_cols``, ``term`` (the
    text matched), ``start``, ``end`` (offsets into the article's ``text``),
    ``entry`` (the table's pattern) and ``line`` (its line in the table).
    """
    columns = ["article_id", "sentence_id", *label_cols, *HIT_COLUMNS[2:]]
    joined, s_start, s_end = _joined(sentences)
    spans, rows = [], []
    table = table.reset_index(drop=True)
    if "line" not in table or table["line"].isna().any():  # rows added in code: number them
        rownum = pd.Series(range(2, len(table) + 2), index=table.index)
        table = table.assign(line=(table["line"] if "line" in table else rownum)
                             .fillna(rownum).astype(int))
    groups = [(part.index.to_numpy(), _combined(
        list(part[pattern_col]), [f"{name}.csv, line {line}" for line in part["line"]]))
        for _, part in table.groupby(list(label_cols), sort=False)]
    candidates = _candidate_positions(list(table[pattern_col]), joined) if groups else None
    for positions, regex in groups:
        found = regex.finditer(joined) if candidates is None else filter(
            None, (regex.match(joined, at) for at in candidates))
        for m in found:
            group = m.lastgroup
            spans.append(m.span(group))
            rows.append(positions[int(group[1:])])
    if not spans:
        return pd.DataFrame(columns=columns)
    spans_arr = np.array(spans, dtype=int)
    idx = np.searchsorted(s_start, spans_arr[:, 0], side="right") - 1
    inside = spans_arr[:, 1] <= s_end[idx]
    spans_arr, idx, rows_arr = spans_arr[inside], idx[inside], np.array(rows)[inside]
    hits = sentences[["article_id", "sentence_id"]].iloc[idx].reset_index(drop=True)
    entries = table.iloc[rows_arr].reset_index(drop=True)
    for col in label_cols:
        hits[col] = entries[col]
    hits["term"] = [joined[a:b] for a, b in spans_arr]
    hits["start"] = sentences["start"].to_numpy()[idx] + spans_arr[:, 0] - s_start[idx]
    hits["end"] = hits["start"] + spans_arr[:, 1] - spans_arr[:, 0]
    hits["entry"] = entries[pattern_col]
    hits["line"] = entries["line"]
    hits = _drop_overlaps(hits, label_cols)
    order = {aid: i for i, aid in enumerate(dict.fromkeys(sentences["article_id"]))}
    hits = hits.assign(_order=hits["article_id"].map(order)).sort_values(
        ["_order", "start", "line"], kind="stable")
    return hits[columns].reset_index(drop=True)


def load_pattern_table(name: str, corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """Load a curated table and compile every pattern in its pattern column (see
    :data:`helpers.corpus.TABLES`), so a bad pattern fails here, naming its file and line.

    >>> list(load_pattern_table("targets").columns[:4])
    ['line', 'table_file', 'group', 'pattern']
    """
    table = load_table(name, corpus_dir)
    column = TABLES[name].pattern
    path = table_path(name, corpus_dir)
    for line, pattern in zip(table["line"], table[column], strict=True):
        compile_pattern(pattern, f"{path}, line {line}")
    return table


def load_frames(corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """The frame dictionary ``frames.csv`` (frame, kind, term, why), patterns checked.

    >>> sorted(load_frames()["kind"].unique())
    ['generic', 'story']
    """
    return load_pattern_table("frames", corpus_dir)


def frame_hits(sentences: pd.DataFrame, frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every frame-dictionary hit: ``article_id``, ``sentence_id``, ``frame``, ``term``, offsets.

    ``term`` is the text matched; ``start``/``end`` are offsets into the
    article's ``text``; ``kind``, ``entry`` and ``line`` say which dictionary row
    matched. ``frames`` defaults to ``data/frames.csv``.

    >>> from helpers import load_articles, load_sentences
    >>> hits = frame_hits(load_sentences(load_articles()))
    >>> first = hits[hits.term == "S-400"].iloc[0]
    >>> first.article_id, first.frame, int(first.start), int(first.end)
    ('aj-short-2016', 'continued_presence', 1405, 1410)
    """
    frames = load_frames() if frames is None else frames
    return dictionary_hits(sentences, frames, "term", ["frame", "kind"], "frames")


def word_counts(sentences: pd.DataFrame) -> pd.Series:
    """Number of words (as :func:`helpers.text.word_spans` counts them) per article_id."""
    counts = sentences["text"].map(lambda t: len(word_spans(t)))
    return counts.groupby(sentences["article_id"], sort=False).sum()


def frame_prevalence(hits: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                     by: str = "outlet", frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Frame hits per group of articles, normalised by length: hits per 1,000 words.

    One row per frame and group, zeros included, so an absent frame shows as
    absent. Columns: ``frame``, ``kind``, ``by``, ``hits``, ``sentences``
    (sentences with at least one hit), ``words`` and ``per_1000_words``.
    """
    frames = load_frames() if frames is None else frames
    groups = articles.set_index("article_id")[by]
    words = word_counts(sentences).groupby(groups).sum()
    hits = hits.assign(**{by: hits["article_id"].map(groups)})
    counted = hits.groupby(["frame", by]).agg(
        hits=("term", "size"), sentences=("sentence_id", lambda s: s.nunique()))
    frame_kind = frames.drop_duplicates("frame").set_index("frame")["kind"]
    index = pd.MultiIndex.from_product([frame_kind.index, list(dict.fromkeys(groups))],
                                       names=["frame", by])
    table = counted.reindex(index, fill_value=0).reset_index()
    table.insert(1, "kind", table["frame"].map(frame_kind))
    table["words"] = table[by].map(words)
    table["per_1000_words"] = (1000 * table["hits"] / table["words"]).round(2)
    return table


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """``width`` characters of ``text`` before ``start`` and after ``end``, with ... if cut."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    left = ("..." + left) if start > width else left
    right = (right + "...") if end + width < len(text) else right
    return left, right


def top_frames(prevalence: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Each group's most frequent frame (by ``per_1000_words``) in a :func:`frame_prevalence`
    table; groups with no hit at all are left out (an empty table when nothing matched)."""
    found = prevalence[prevalence["hits"] > 0]
    return found.loc[found.groupby(by, sort=False)["per_1000_words"].idxmax()]


def with_context(hits: pd.DataFrame, sentences: pd.DataFrame, width: int) -> pd.DataFrame:
    """Add ``sentence`` (its text), ``left`` and ``right`` context to hits with article offsets.

    ``hits`` needs ``article_id``, ``sentence_id``, ``start`` and ``end`` (as
    from :func:`frame_hits`); the context stays within the sentence.
    """
    merged = hits.merge(sentences[["article_id", "sentence_id", "start", "text"]].rename(
        columns={"start": "s_start", "text": "sentence"}), on=["article_id", "sentence_id"],
        how="left", validate="many_to_one")
    sides = [_context(t, s - o, e - o, width) for t, s, e, o in zip(
        merged["sentence"], merged["start"], merged["end"], merged["s_start"], strict=True)]
    merged["left"] = [left for left, _ in sides]
    merged["right"] = [right for _, right in sides]
    return merged.drop(columns=["s_start"])


def kwic(term_or_regex: str | re.Pattern[str], sentences: pd.DataFrame,
         width: int = 50) -> pd.DataFrame:
    """Keyword in context: every match of a word, phrase or regex, with text either side.

    A string is a pattern as in the data tables (whole words, smart case); a
    compiled regex is used as it is. Context stays within the sentence.
    Columns: ``article_id``, ``sentence_id``, ``start``, ``end`` (offsets into
    the article's ``text``), ``left``, ``match``, ``right``.

    >>> from helpers import load_articles, load_sentences
    >>> k = kwic("regime", load_sentences(load_articles()), width=20)
    >>> k.iloc[0][["left", "match", "right"]].tolist()
    ['...ssia and the Syrian ', 'regime', ' are going to focus ...']
    """
    regex = term_or_regex if isinstance(term_or_regex, re.Pattern) else \
        compile_pattern(term_or_regex, "kwic")
    rows = []
    for aid, sid, start, text in zip(sentences["article_id"], sentences["sentence_id"],
                                     sentences["start"], sentences["text"], strict=True):
        for m in regex.finditer(text):
            left, right = _context(text, m.start(), m.end(), width)
            rows.append((aid, sid, start + m.start(), start + m.end(), left, m.group(), right))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "left",
                                       "match", "right"])


def frame_evidence(hits: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                   by: str = "outlet", width: int = 45) -> pd.DataFrame:
    """Every frame hit in context, so a reader can check each count.

    Columns: ``frame``, ``by``, ``article_id``, ``sentence_id``, ``start``,
    ``end``, ``left``, ``term``, ``right``, sorted by frame, group and position.
    """
    groups = articles.set_index("article_id")[by]
    table = with_context(hits, sentences, width)
    table[by] = table["article_id"].map(groups)
    order = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    table = table.sort_values(["frame", by, "article_id", "start"],
                              key=lambda c: c.map(order) if c.name == by else c, kind="stable")
    return table[["frame", by, "article_id", "sentence_id", "start", "end", "left", "term",
                  "right"]].reset_index(drop=True)


def load_naming(corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """The naming variants ``naming.csv`` (concept, variant, pattern, why), patterns checked."""
    return load_pattern_table("naming", corpus_dir)


def naming_hits(sentences: pd.DataFrame, naming: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every use of a naming variant: ``article_id``, ``sentence_id``, ``concept``, ``variant``,
    ``term``, ``start``, ``end`` (offsets into the article's ``text``)."""
    naming = load_naming() if naming is None else naming
    return dictionary_hits(sentences, naming, "pattern", ["concept", "variant"], "naming")


def naming_counts(hits: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                  by: str = "outlet", naming: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of each naming variant per group, zeros included, with one example each.

    Columns: ``concept``, ``variant``, ``by``, ``count``, ``share`` (of that
    concept's uses in the group), ``example`` (the first use, in context) and
    ``article_id``/``start``/``end`` of that example.
    """
    naming = load_naming() if naming is None else naming
    groups = articles.set_index("article_id")[by]
    hits = with_context(hits, sentences, 30)
    hits[by] = hits["article_id"].map(groups)
    hits["example"] = (hits["left"].astype(str) + "[" + hits["term"].astype(str) + "]"
                       + hits["right"].astype(str))
    variants = naming.drop_duplicates(["concept", "variant"])[["concept", "variant"]]
    grid = variants.merge(pd.DataFrame({by: list(dict.fromkeys(groups))}), how="cross")
    first = hits.sort_values(["article_id", "start"]).groupby(
        ["concept", "variant", by], sort=False).agg(
        count=("term", "size"), example=("example", "first"), article_id=("article_id", "first"),
        start=("start", "first"), end=("end", "first")).reset_index()
    table = grid.merge(first, on=["concept", "variant", by], how="left")
    table["count"] = table["count"].fillna(0).astype(int)
    total = table.groupby(["concept", by])["count"].transform("sum")
    table["share"] = (table["count"] / total.where(total > 0)).round(2)
    table["example"] = table["example"].fillna("")
    table["article_id"] = table["article_id"].fillna("")
    table[["start", "end"]] = table[["start", "end"]].astype("Int64")
    return table[["concept", "variant", by, "count", "share", "example", "article_id", "start",
                  "end"]]


def tokens(text: str) -> list[str]:
    """Lower-cased words of ``text`` for counting: curly apostrophes made straight, and only
    words with a letter (so the "000" of "3,000" is not a word).

    >>> tokens("Russia’s S-400 stays, 3,000 troops.")
    ["russia's", 's-400', 'stays', 'troops']
    """
    return [w.lower().replace("’", "'") for _, _, w in word_spans(text)
            if any(c.isalpha() for c in w)]


def term_counts(docs: pd.DataFrame, group: str, text_col: str = "text") -> pd.DataFrame:
    """Word counts: one row per term, one column per group (groups in order of appearance)."""
    counters: dict[str, Counter] = {}
    for g, text in zip(docs[group], docs[text_col], strict=True):
        counters.setdefault(g, Counter()).update(tokens(text))
    table = pd.DataFrame(counters).fillna(0).astype(int)
    return table.sort_index()


def _as_list(value: object) -> list:
    """A group name or a list of group names, as a list."""
    return list(value) if isinstance(value, Iterable) and not isinstance(value, str) \
        else [value]


def keyness(docs: pd.DataFrame, group: str, target: object = None, reference: object = None,
            text_col: str = "text", min_count: int = 3,
            prior_weight: float = 0.1) -> pd.DataFrame:
    """Distinctive words of a group: weighted log-odds with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words". For a word *w*, with
    counts ``y`` in the group (total ``n``) and in the reference, and prior
    pseudo-counts ``a_w = prior_weight * (count of w in all docs)`` (``a0`` their
    sum), the log-odds are ``log((y + a_w) / (n + a0 - y - a_w))``. ``log_odds``
    is the group's minus the reference's; ``z`` divides it by
    ``sqrt(1 / (y_group + a_w) + 1 / (y_ref + a_w))``. Positive ``z``: the word
    is more typical of the group; |z| > 1.96 is the usual "notable" mark.

    ``target=None`` compares each group with the rest. Otherwise ``target`` is
    compared with ``reference`` (a group, a list of groups, or None for the
    rest). Only words used at least ``min_count`` times in the comparison are
    kept. ``prior_weight`` sets the prior's strength: 1 adds the whole corpus
    again as pseudo-counts (strong shrinkage), 0.1 a tenth of it; with a tiny
    corpus the ranking depends on it, so try more than one. Columns: ``term``,
    ``group``, ``reference``, ``count``, ``count_ref``, ``log_odds``, ``z``,
    sorted by group then ``z`` descending.
    """
    counts = term_counts(docs, group, text_col)
    prior = prior_weight * counts.sum(axis=1).to_numpy(dtype=float)
    a0 = prior.sum()
    pairs = []
    names = list(counts.columns)
    for t in (names if target is None else _as_list(target)):
        refs = [g for g in names if g != t] if reference is None else _as_list(reference)
        unknown = [g for g in [t, *refs] if g not in names]
        if unknown:
            raise ValueError(f"keyness: group(s) {unknown} not found in column {group!r}; "
                             f"groups are {names}.")
        label = "rest" if reference is None else ", ".join(map(str, refs))
        pairs.append((t, refs, label))
    parts = []
    for t, refs, label in pairs:
        y_i = counts[t].to_numpy(dtype=float)
        y_j = counts[refs].sum(axis=1).to_numpy(dtype=float)
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = (np.log((y_i + prior) / (n_i + a0 - y_i - prior))
                 - np.log((y_j + prior) / (n_j + a0 - y_j - prior)))
        z = delta / np.sqrt(1 / (y_i + prior) + 1 / (y_j + prior))
        part = pd.DataFrame({"term": counts.index, "group": t, "reference": label,
                             "count": y_i.astype(int), "count_ref": y_j.astype(int),
                             "log_odds": delta, "z": z})
        parts.append(part[(part["count"] + part["count_ref"]) >= min_count])
    table = pd.concat(parts, ignore_index=True)
    order = {g: i for i, (g, _, _) in enumerate(pairs)}
    table = table.sort_values(["group", "z", "term"], ascending=[True, False, True],
                              key=lambda c: c.map(order) if c.name == "group" else c)
    return table.reset_index(drop=True)


def keyness_sensitivity(docs: pd.DataFrame, group: str, weights: Sequence[float] = (1.0, 0.1,
                        0.01), n: int = 5, **options: object) -> pd.DataFrame:
    """Top ``n`` words of each group under several prior weights, to see how stable they are.

    One row per group and weight: ``group``, ``prior_weight``, ``top_words``
    (comma-separated, best first) and ``kept`` (how many of them are also in
    the top ``n`` under the first weight). ``options`` pass to :func:`keyness`.
    """
    rows, first = [], {}
    for w in weights:
        tops = top_terms(keyness(docs, group, prior_weight=w, **options), n)
        for g, part in tops.groupby("group", sort=False):
            words = list(part["term"])
            first.setdefault(g, set(words))
            rows.append((g, w, ", ".join(words), len(first[g] & set(words))))
    table = pd.DataFrame(rows, columns=["group", "prior_weight", "top_words", "kept"])
    order = {g: i for i, g in enumerate(first)}
    return table.sort_values(["group", "prior_weight"], ascending=[True, False], kind="stable",
                             key=lambda c: c.map(order) if c.name == "group" else c
                             ).reset_index(drop=True)


def top_terms(table: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """The ``n`` highest-z words of each group in a :func:`keyness` table."""
    return table.groupby("group", sort=False).head(n).reset_index(drop=True)


def finish_panels(fig: plt.Figure, axes: Sequence[plt.Axes], title: str, source: str) -> None:
    """Like :func:`helpers.plotting.finish` for a figure of several panels.

    The title goes above all panels (so each panel keeps its own title) and
    the source line under them; unused panels are hidden.
    """
    size = axes[0].title.get_fontsize()
    plotting.finish(fig, axes[0], title=axes[0].get_title(loc="left"), source=source)
    axes[0].title.set_fontsize(size)
    for ax in axes:
        if not ax.has_data() and not ax.texts:
            ax.set_visible(False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.tight_layout()


def plot_prevalence(ax: plt.Axes, prevalence: pd.DataFrame, by: str = "outlet") -> None:
    """Heat map of hits per 1,000 words: frames down, groups across, the value in each cell."""
    grid = prevalence.pivot(index="frame", columns=by, values="per_1000_words")
    grid = grid.loc[list(dict.fromkeys(prevalence["frame"])),
                    list(dict.fromkeys(prevalence[by]))]
    image = ax.imshow(grid.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
    top = float(np.nanmax(grid.to_numpy())) or 1.0
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        ax.text(j, i, f"{value:.0f}" if value else "·", ha="center", va="center", fontsize=9,
                color="white" if value > top * 0.6 else "black")
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(grid.shape[0]), [f.replace("_", " ") for f in grid.index])
    ax.grid(False)
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    ax.figure.colorbar(image, ax=ax, label="hits per 1,000 words", shrink=0.8)


def plot_naming(axes: Sequence[plt.Axes], counts: pd.DataFrame, colors: dict[str, str],
                by: str = "outlet") -> None:
    """One panel per concept: bars of uses of each variant, one bar per group, side by side."""
    for ax, (concept, part) in zip(axes, counts.groupby("concept", sort=False), strict=False):
        variants = list(dict.fromkeys(part["variant"]))
        groups = list(dict.fromkeys(part[by]))
        step = 0.8 / len(groups)
        for j, g in enumerate(groups):
            rows = part[part[by] == g]
            pos = np.array([variants.index(v) for v in rows["variant"]]) - 0.4 + step * (j + 0.5)
            ax.barh(pos, rows["count"], height=step, color=colors.get(g), label=g)
        ax.set_yticks(range(len(variants)), variants)
        ax.set_ylim(len(variants) - 0.5, -0.5)
        ax.set_title(concept, fontsize=10)
        ax.xaxis.get_major_locator().set_params(integer=True)


def plot_keyness(axes: Sequence[plt.Axes], table: pd.DataFrame, colors: dict[str, str],
                 n: int = 8) -> None:
    """One panel per group: the ``n`` words with the highest z, as bars; a line at z = 1.96."""
    if table.empty:
        plotting.no_data(axes[0], "no word is frequent enough to compare")
    for ax, (group, part) in zip(axes, top_terms(table, n).groupby("group", sort=False),
                                 strict=False):
        ax.barh(range(len(part)), part["z"], color=colors.get(group))
        ax.set_yticks(range(len(part)), [f"{t} ({c})" for t, c in zip(
            part["term"], part["count"], strict=True)], fontsize=8)
        ax.set_ylim(len(part) - 0.5, -0.5)
        ax.axvline(1.96, color=plotting.NEUTRAL, linestyle="--", linewidth=0.8)
        ax.set_title(str(group), fontsize=10)
