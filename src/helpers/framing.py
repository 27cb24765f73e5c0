"""Framing: a frame dictionary, naming choices and distinctive vocabulary, all with evidence.

Every function takes the :class:`~helpers.corpus.Corpus` and uses its tables
(``corpus.tables``): the generic frames plus the corpus's own story frames,
its own naming and targets tables, never another corpus's.

* :func:`dictionary_hits` is the one mechanism: it matches the patterns of a
  curated table (``frames``, ``naming``, ``targets``, ...) against sentences
  with the one matcher, :mod:`helpers.patterns` (whole words, smart case, the
  name guard, folded typography), and returns every hit with its character
  offsets into the article's ``text``.
* :func:`frame_hits`, :func:`frame_prevalence` and :func:`frame_evidence` apply
  it to the frame dictionary; :func:`naming_hits` and :func:`naming_counts` to
  the naming variants, telling quoted words from the outlet's own narration;
  :func:`kwic` shows any term or pattern in context.
* :func:`keyness` finds distinctive words by group with weighted log-odds and
  an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

Figures for these tables are in :mod:`helpers.plots.framing`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from helpers import patterns
from helpers.corpus import Corpus
from helpers.problems import CorpusError
from helpers.quotes import SPEECH_KINDS, extract_quotes
from helpers.text import fold, tokens, word_spans

SEPARATOR = "\n\x00\n"  # between sentences when they are matched as one string
HIT_COLUMNS = ["article_id", "sentence_id", "term", "start", "end", "entry", "line"]

#: |z| above this is the usual "notable" mark for keyness (two-sided 5% under a normal law).
Z_NOTABLE = 1.96
#: Characters of context either side of a match: keyword in context, frame evidence, and the
#: one example of each naming variant.
KWIC_WIDTH = 50
EVIDENCE_WIDTH = 45
EXAMPLE_WIDTH = 30
#: The two voices a naming hit can be in.
VOICES = ("narration", "quoted")


#: A back-reference or conditional by group number, whose meaning changes when patterns are
#: combined differently; tables with one skip :func:`_candidate_positions`.
_NUMBERED_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _candidate_positions(pattern_list: list[str], text: str,
                         shipped: bool = False) -> list[int] | None:
    """Every position of ``text`` where some pattern matches as a whole word, in order.

    One pass of all the patterns at once: a position where the regex of
    :func:`helpers.patterns.combined` matches for some subset of the patterns is
    always among them, so that regex needs to be tried only there (``None``: try
    everywhere). ``text`` is folded (:func:`helpers.text.fold`). ``shipped``: every pattern
    comes from a generic table (see :func:`helpers.patterns.compile_pattern`).
    """
    if any(_NUMBERED_REFERENCE.search(p) for p in pattern_list):
        return None
    regex = patterns.any_of(pattern_list, shipped)
    return None if regex is None else [m.start() for m in patterns.scan(regex, text)]


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


def numbered_rows(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with a ``line`` for every row (rows added in code are numbered as in a file)."""
    table = table.reset_index(drop=True)
    if "line" not in table or table["line"].isna().any():
        rownum = pd.Series(range(2, len(table) + 2), index=table.index)
        table = table.assign(line=(table["line"] if "line" in table else rownum)
                             .fillna(rownum).astype(int))
    return table


def _check_patterns(table: pd.DataFrame, pattern_col: str, name: str) -> None:
    """Raise one :class:`CorpusError` listing every empty or invalid pattern, with its row."""
    files = table["table_file"] if "table_file" in table else pd.Series(
        f"{name}.csv", index=table.index)
    problems = [problem for file, line, pattern in zip(files, table["line"], table[pattern_col],
                                                       strict=True)
                if (problem := patterns.check_pattern(
                    pattern, f"{file}, line {line}, column {pattern_col!r}")) is not None]
    if problems:
        raise CorpusError(problems)


def _shipped(rows: pd.DataFrame) -> bool:
    """Whether every row comes from a generic table shipped with the package."""
    return "table_file" in rows and bool(
        rows["table_file"].astype(str).str.startswith("generic/").all())


def _overrun(err: patterns.PatternTimeout, table: pd.DataFrame, pattern_col: str,
             sentences: pd.DataFrame, name: str) -> CorpusError:
    """The overrun of a table's patterns, naming the row and the article: each row's pattern is
    run on its own over each article's sentences until one overruns again."""
    files = table["table_file"] if "table_file" in table else pd.Series(
        f"{name}.csv", index=table.index)
    texts = [(aid, fold(SEPARATOR.join(part["text"])))
             for aid, part in sentences.groupby("article_id", sort=False)]
    for file, line, pattern in zip(files, table["line"], table[pattern_col], strict=True):
        regex = patterns.compile_pattern(pattern)
        for aid, text in texts:
            try:
                for _ in patterns.scan(regex, text):
                    pass
            except patterns.PatternTimeout as again:
                return again.at(f"{file}, line {line}, column {pattern_col!r}", aid)
    return err.at(f"{name} (all its patterns together)")


def dictionary_hits(sentences: pd.DataFrame, table: pd.DataFrame, pattern_col: str,
                    label_cols: Sequence[str], name: str = "table") -> pd.DataFrame:
    """Every match of the patterns of ``table`` in ``sentences``, with offsets into the article.

    Matching follows :mod:`helpers.patterns` (whole words, smart case, folded
    typography, and the name guard: an all-lower-case pattern does not match a
    capitalised word in the middle of a sentence). The patterns that share
    labels (one frame, one target group...) are combined into one regex. All
    sentences are joined into one text, which one regex of every pattern scans
    once for the places where any can match; each label's regex is then tried
    only there. Hits with the same labels that overlap are reduced to the
    longest; where two patterns with the same labels match at the same place,
    the first in the table counts.

    Columns: ``article_id``, ``sentence_id``, the ``label_cols``, ``term`` (the
    text matched), ``start``, ``end`` (offsets into the article's ``text``),
    ``entry`` (the table's pattern), ``line`` (its line in the table) and, when
    the table has it, ``table_file`` (which file the row came from: the generic
    part or the corpus's own). A bad pattern raises
    :class:`~helpers.problems.CorpusError` naming its row.

    >>> s = pd.DataFrame({"article_id": ["a"], "sentence_id": [1], "start": [0],
    ...                   "text": ["The reporter Allegra Ode denied the allegations."]})
    >>> t = pd.DataFrame({"frame": ["blame"], "term": [r"alleg\\w*"]})
    >>> dictionary_hits(s, t, "term", ["frame"])["term"].tolist()
    ['allegations']
    """
    table = numbered_rows(table)
    columns = ["article_id", "sentence_id", *label_cols, *HIT_COLUMNS[2:]] + (
        ["table_file"] if "table_file" in table else [])
    if table.empty or sentences.empty:
        return pd.DataFrame(columns=columns)
    _check_patterns(table, pattern_col, name)
    joined, s_start, s_end = _joined(sentences)
    folded = fold(joined)
    spans, rows = [], []
    groups = []
    for _, part in table.groupby(list(label_cols), sort=False):
        found = list(part[pattern_col])
        lower = [not patterns.has_capital(fold(p)) for p in found]
        groups.append((part.index.to_numpy(), patterns.combined(found, _shipped(part)), lower))
    try:
        candidates = _candidate_positions(list(table[pattern_col]), folded, _shipped(table))
        for positions, regex, lower in groups:
            found = patterns.scan(regex, folded) if candidates is None else filter(
                None, (patterns.match(regex, folded, at) for at in candidates))
            for m in found:
                group = m.lastgroup
                which = int(group[1:])
                start, end = m.span(group)
                if end > start and not patterns.is_name_hit(folded, start, lower[which]):
                    spans.append((start, end))
                    rows.append(positions[which])
    except patterns.PatternTimeout as err:
        raise _overrun(err, table, pattern_col, sentences, name) from None
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
    if "table_file" in table:
        hits["table_file"] = entries["table_file"]
    hits["_row"] = rows_arr
    hits = _drop_overlaps(hits, label_cols)
    order = {aid: i for i, aid in enumerate(dict.fromkeys(sentences["article_id"]))}
    hits = hits.assign(_order=hits["article_id"].map(order)).sort_values(
        ["_order", "start", "_row"], kind="stable")
    return hits[columns].reset_index(drop=True)


def frame_hits(corpus: Corpus, frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every frame-dictionary hit: ``article_id``, ``sentence_id``, ``frame``, ``kind``,
    ``term``, ``start``, ``end``, ``entry``, ``line``.

    ``term`` is the text matched; ``start``/``end`` are offsets into the
    article's ``text``; ``entry`` and ``line`` say which dictionary row matched.
    ``frames`` defaults to the corpus's frame table (the generic frames, then
    its own story frames); pass a table to try other terms.

    >>> from helpers import open_corpus
    >>> hits = frame_hits(open_corpus())
    >>> first = hits[hits.term == "S-400"].iloc[0]
    >>> first.article_id, first.frame, int(first.start), int(first.end)
    ('aj-short-2016', 'continued_presence', 1405, 1410)
    """
    if frames is not None:
        return dictionary_hits(corpus.sentences, frames, "term", ["frame", "kind"], "frames")
    return corpus.stage("frame_hits", lambda: dictionary_hits(
        corpus.sentences, corpus.table("frames"), "term", ["frame", "kind"], "frames")).copy()


def _groups(corpus: Corpus, by: str) -> pd.Series:
    """The value of the articles column ``by`` for each article_id (index), in corpus order."""
    if by not in corpus.articles:
        raise ValueError(f"no column {by!r} in articles.csv; columns are "
                         f"{[c for c in corpus.articles.columns if c != 'raw_text']}.")
    return pd.Series(corpus.articles[by].to_numpy(), index=corpus.articles["article_id"])


def frame_prevalence(corpus: Corpus, hits: pd.DataFrame | None = None, by: str = "outlet",
                     frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Frame hits per group of articles, normalised by length: hits per 1,000 words.

    ``by`` is a column of the articles (``outlet``, ``event``, ``article_id``...);
    ``hits`` default to :func:`frame_hits` and ``frames`` to the corpus's frame
    table. Words are counted by :func:`helpers.text.word_count` (the articles'
    ``n_words``). One row per frame and group, zeros included, so an absent frame
    shows as absent. Columns: ``frame``, ``kind``, ``by``, ``hits``, ``sentences``
    (sentences with at least one hit), ``words`` and ``per_1000_words``.
    """
    frames = corpus.table("frames") if frames is None else frames
    hits = frame_hits(corpus, frames) if hits is None else hits
    groups = _groups(corpus, by)
    words = corpus.articles["n_words"].groupby(groups.to_numpy()).sum()
    hits = hits.assign(**{by: hits["article_id"].map(groups)})
    counted = hits.groupby(["frame", by]).agg(
        hits=("term", "size"), sentences=("sentence_id", lambda s: s.nunique()))
    frame_kind = frames.drop_duplicates("frame").set_index("frame")["kind"]
    index = pd.MultiIndex.from_product([frame_kind.index, list(dict.fromkeys(groups))],
                                       names=["frame", by])
    table = counted.reindex(index, fill_value=0).reset_index()
    table.insert(1, "kind", table["frame"].map(frame_kind))
    table["words"] = table[by].map(words).astype(int)
    table["per_1000_words"] = (1000 * table["hits"] / table["words"].where(
        table["words"] > 0)).round(2)
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


KWIC_COLUMNS = ["article_id", "sentence_id", "start", "end", "left", "match", "right"]


def term_regex(term: str | patterns.Regex, where: str = "term") -> patterns.Regex:
    """A term as the one matcher compiles it: a string is a pattern as in the data tables
    (whole words, smart case, the name guard); a compiled regex is used as it is.

    Raises :class:`~helpers.problems.CorpusError` for an empty or invalid pattern.
    """
    return term if patterns.is_compiled(term) else patterns.compile_pattern(term, where)


def kwic_in(sentences: pd.DataFrame, regex: patterns.Regex,
            width: int = KWIC_WIDTH) -> pd.DataFrame:
    """Keyword in context over any table of sentences (see :func:`kwic`)."""
    rows = []
    for aid, sid, start, text in zip(sentences["article_id"], sentences["sentence_id"],
                                     sentences["start"], sentences["text"], strict=True):
        try:
            found = list(patterns.finditer(regex, text))
        except patterns.PatternTimeout as err:
            raise err.at("the search term", aid) from None
        for m in found:
            left, right = _context(text, m.start(), m.end(), width)
            rows.append((aid, sid, start + m.start(), start + m.end(), left,
                         text[m.start():m.end()], right))
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def kwic(corpus: Corpus, term: str | patterns.Regex, width: int = KWIC_WIDTH) -> pd.DataFrame:
    """Keyword in context: every match of a word, phrase or regex, with text either side.

    A string is a pattern as in the data tables (:mod:`helpers.patterns`: whole
    words, smart case, the name guard, folded typography); a compiled regex is
    used as it is (on folded text). Context stays within the sentence. Columns:
    ``article_id``, ``sentence_id``, ``start``, ``end`` (offsets into the
    article's ``text``), ``left``, ``match``, ``right``. An invalid pattern
    raises :class:`~helpers.problems.CorpusError` saying what is wrong.

    >>> from helpers import open_corpus
    >>> k = kwic(open_corpus(), "regime", width=20)
    >>> k.iloc[0][["left", "match", "right"]].tolist()
    ['...ssia and the Syrian ', 'regime', ' are going to focus ...']
    """
    return kwic_in(corpus.sentences, term_regex(term, "kwic term"), width)


def frame_evidence(corpus: Corpus, hits: pd.DataFrame | None = None, by: str = "outlet",
                   width: int = EVIDENCE_WIDTH) -> pd.DataFrame:
    """Every frame hit in context, so a reader can check each count.

    ``hits`` default to :func:`frame_hits`. Columns: ``frame``, ``by``,
    ``article_id``, ``sentence_id``, ``start``, ``end``, ``left``, ``term``,
    ``right``, sorted by frame, group and position.
    """
    hits = frame_hits(corpus) if hits is None else hits
    groups = _groups(corpus, by)
    table = with_context(hits, corpus.sentences, width)
    table[by] = table["article_id"].map(groups)
    order = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    table = table.sort_values(["frame", by, "article_id", "start"],
                              key=lambda c: c.map(order) if c.name == by else c, kind="stable")
    return table[["frame", by, "article_id", "sentence_id", "start", "end", "left", "term",
                  "right"]].reset_index(drop=True)


def speech_spans(corpus: Corpus) -> pd.DataFrame:
    """Where quoted speech is: ``article_id``, ``start``, ``end``, ``kind`` of every direct,
    partial or continued quotation (the quoted words, offsets into the article's ``text``)."""
    found = extract_quotes(corpus)
    spans = found.loc[found["kind"].isin(SPEECH_KINDS), ["article_id", "start", "end", "kind"]]
    return spans.reset_index(drop=True)


def voice_of(hits: pd.DataFrame, spans: pd.DataFrame) -> pd.Series:
    """``quoted`` for each hit that starts inside a quotation span, else ``narration``.

    >>> hits = pd.DataFrame({"article_id": ["a", "a"], "start": [3, 30]})
    >>> spans = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [20]})
    >>> voice_of(hits, spans).tolist()
    ['quoted', 'narration']
    """
    by_article: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for aid, part in spans.groupby("article_id", sort=False):
        part = part.sort_values("start")
        by_article[aid] = (part["start"].to_numpy(), part["end"].to_numpy())
    voices = []
    for aid, start in zip(hits["article_id"], hits["start"], strict=True):
        starts, ends = by_article.get(aid, (np.array([]), np.array([])))
        before = starts <= start
        voices.append("quoted" if (before & (ends > start)).any() else "narration")
    return pd.Series(voices, index=hits.index, dtype="object")


def naming_hits(corpus: Corpus, naming: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every use of a naming variant, and whose words it is.

    Columns: ``article_id``, ``sentence_id``, ``concept``, ``variant``, ``term``,
    ``start``, ``end`` (offsets into the article's ``text``), ``entry``, ``line``
    and ``voice``: ``quoted`` when the word is inside a quotation (direct,
    partial or continued, from :func:`helpers.quotes.extract_quotes`), so the
    name is the speaker's choice, or ``narration``, the outlet's own words.
    ``naming`` defaults to the corpus's naming table (empty when it has none).
    """
    naming = corpus.table("naming") if naming is None else naming
    hits = dictionary_hits(corpus.sentences, naming, "pattern", ["concept", "variant"],
                           "naming")
    hits["voice"] = voice_of(hits, speech_spans(corpus)) if len(hits) else pd.Series(
        dtype="object")
    return hits


NAMING_COLUMNS = ["concept", "variant", "count", "narration", "quoted", "share",
                  "narration_share", "example", "article_id", "start", "end"]


def naming_counts(corpus: Corpus, hits: pd.DataFrame | None = None, by: str = "outlet",
                  naming: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of each naming variant per group, zeros included, with one example each.

    Quoted words and narration are told apart: ``narration`` counts the
    outlet's own uses, ``quoted`` the uses inside quotations, ``count`` both.
    Columns: ``concept``, ``variant``, ``by``, ``count``, ``narration``,
    ``quoted``, ``share`` (of that concept's uses in the group),
    ``narration_share`` (of its uses in the group's narration: the outlet's own
    choice), ``example`` (the first use, in context, the variant in brackets)
    and ``article_id``/``start``/``end`` of that example. Empty (with these
    columns) when the corpus has no naming table.
    """
    naming = corpus.table("naming") if naming is None else naming
    hits = naming_hits(corpus, naming) if hits is None else hits
    columns = [*NAMING_COLUMNS[:2], by, *NAMING_COLUMNS[2:]]
    if naming.empty:
        return pd.DataFrame(columns=columns)
    groups = _groups(corpus, by)
    hits = with_context(hits, corpus.sentences, EXAMPLE_WIDTH)
    hits[by] = hits["article_id"].map(groups)
    hits["example"] = (hits["left"].astype(str) + "[" + hits["term"].astype(str) + "]"
                       + hits["right"].astype(str))
    for voice in VOICES:
        hits[voice] = (hits["voice"] == voice).astype(int)
    variants = naming.drop_duplicates(["concept", "variant"])[["concept", "variant"]]
    grid = variants.merge(pd.DataFrame({by: list(dict.fromkeys(groups))}), how="cross")
    first = hits.sort_values(["article_id", "start"]).groupby(
        ["concept", "variant", by], sort=False).agg(
        count=("term", "size"), narration=("narration", "sum"), quoted=("quoted", "sum"),
        example=("example", "first"), article_id=("article_id", "first"),
        start=("start", "first"), end=("end", "first")).reset_index()
    table = grid.merge(first, on=["concept", "variant", by], how="left")
    for col in ("count", *VOICES):
        table[col] = table[col].fillna(0).astype(int)
    for col, counted in (("share", "count"), ("narration_share", "narration")):
        total = table.groupby(["concept", by])[counted].transform("sum")
        table[col] = (table[counted] / total.where(total > 0)).round(2)
    table["example"] = table["example"].fillna("")
    table["article_id"] = table["article_id"].fillna("")
    table[["start", "end"]] = table[["start", "end"]].astype("Int64")
    return table[columns]


def _term_counts(docs: pd.DataFrame, group: str, text_col: str = "text") -> pd.DataFrame:
    """Word counts (:func:`helpers.text.tokens`): one row per term, one column per group."""
    counters: dict[str, Counter] = {}
    for g, text in zip(docs[group], docs[text_col], strict=True):
        counters.setdefault(g, Counter()).update(tokens(text))
    table = pd.DataFrame(counters).fillna(0).astype(int)
    return table.sort_index()


def term_counts(corpus: Corpus, group: str = "article_id") -> pd.DataFrame:
    """Word counts of the article bodies: one row per term, one column per value of the
    articles column ``group`` (in order of appearance)."""
    _groups(corpus, group)
    return _term_counts(corpus.articles, group)


def _as_list(value: object) -> list:
    """A group name or a list of group names, as a list."""
    return list(value) if isinstance(value, Iterable) and not isinstance(value, str) \
        else [value]


KEYNESS_COLUMNS = ["term", "group", "reference", "count", "count_ref", "log_odds", "z"]


def keyness_of(docs: pd.DataFrame, group: str, target: object = None, reference: object = None,
               text_col: str = "text", min_count: int = 3,
               prior_weight: float = 0.1) -> pd.DataFrame:
    """:func:`keyness` on any table of documents (a ``group`` column and a ``text_col``)."""
    counts = _term_counts(docs, group, text_col)
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
    parts = [pd.DataFrame(columns=KEYNESS_COLUMNS)]
    for t, refs, label in pairs:
        y_i = counts[t].to_numpy(dtype=float)
        y_j = counts[refs].sum(axis=1).to_numpy(dtype=float)
        n_i, n_j = y_i.sum(), y_j.sum()
        with np.errstate(divide="ignore", invalid="ignore"):  # one word in all: no odds (NaN)
            delta = (np.log((y_i + prior) / (n_i + a0 - y_i - prior))
                     - np.log((y_j + prior) / (n_j + a0 - y_j - prior)))
            z = delta / np.sqrt(1 / (y_i + prior) + 1 / (y_j + prior))
        part = pd.DataFrame({"term": counts.index, "group": t, "reference": label,
                             "count": y_i.astype(int), "count_ref": y_j.astype(int),
                             "log_odds": delta, "z": z})
        parts.append(part[((part["count"] + part["count_ref"]) >= min_count)
                          & np.isfinite(part["z"])])
    table = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
    order = {g: i for i, (g, _, _) in enumerate(pairs)}
    table = table.sort_values(["group", "z", "term"], ascending=[True, False, True],
                              key=lambda c: c.map(order) if c.name == "group" else c)
    return table.reset_index(drop=True)


def keyness(corpus: Corpus, group: str, target: object = None, reference: object = None,
            min_count: int = 3, prior_weight: float = 0.1) -> pd.DataFrame:
    """Distinctive words of a group of articles: weighted log-odds with an informative
    Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words". ``group`` is a column of
    the articles (``outlet``, ``event``, ``article_id``...); words are
    :func:`helpers.text.tokens` of the bodies. For a word *w*, with counts ``y``
    in the group (total ``n``) and in the reference, and prior pseudo-counts
    ``a_w = prior_weight * (count of w in all docs)`` (``a0`` their sum), the
    log-odds are ``log((y + a_w) / (n + a0 - y - a_w))``. ``log_odds`` is the
    group's minus the reference's; ``z`` divides it by
    ``sqrt(1 / (y_group + a_w) + 1 / (y_ref + a_w))``. Positive ``z``: the word
    is more typical of the group; |z| > :data:`Z_NOTABLE` is the usual
    "notable" mark.

    ``target=None`` compares each group with the rest. Otherwise ``target`` is
    compared with ``reference`` (a group, a list of groups, or None for the
    rest). Only words used at least ``min_count`` times in the comparison are
    kept (and none when the corpus uses one word only, whose odds are undefined).
    ``prior_weight`` sets the prior's strength: 1 adds the whole corpus
    again as pseudo-counts (strong shrinkage), 0.1 a tenth of it; with a tiny
    corpus the ranking depends on it, so try more than one
    (:func:`keyness_sensitivity`). Columns: ``term``, ``group``, ``reference``,
    ``count``, ``count_ref``, ``log_odds``, ``z``, sorted by group then ``z``
    descending.
    """
    _groups(corpus, group)
    return keyness_of(corpus.articles, group, target, reference, "text", min_count,
                      prior_weight)


def keyness_sensitivity(corpus: Corpus, group: str, weights: Sequence[float] = (1.0, 0.1, 0.01),
                        n: int = 5, **options: object) -> pd.DataFrame:
    """Top ``n`` words of each group under several prior weights, to see how stable they are.

    One row per group and weight: ``group``, ``prior_weight``, ``top_words``
    (comma-separated, best first) and ``kept`` (how many of them are also in
    the top ``n`` under the first weight). ``options`` pass to :func:`keyness`.
    """
    rows, first = [], {}
    for w in weights:
        tops = top_terms(keyness(corpus, group, prior_weight=w, **options), n)
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


#: What a distinctive word can be (see :func:`term_kinds`).
TERM_KINDS = ("naming variant", "name", "other")


def term_kinds(corpus: Corpus, terms: Iterable[str]) -> pd.DataFrame:
    """What each distinctive word is: a ``naming variant`` of the corpus's ``naming.csv``
    (naming is framing), a ``name`` (mostly written with a capital inside a sentence) or
    ``other``. Columns: ``term``, ``kind``, ``concept`` (for naming variants).

    >>> from helpers import open_corpus
    >>> term_kinds(open_corpus(), ["rebels", "khatib", "announcement"]).kind.tolist()
    ['naming variant', 'name', 'other']
    """
    terms = list(dict.fromkeys(terms))
    named = naming_hits(corpus)
    concept_of = {fold(t).lower(): c for t, c in zip(named["term"], named["concept"],
                                                      strict=True)}
    wanted = set(terms)
    capitals: dict[str, list[bool]] = {}  # per word: is each use inside a sentence capitalised?
    for text in corpus.sentences["text"]:
        for start, _, word in word_spans(text):
            key = fold(word).lower()
            if key in wanted and not patterns.starts_sentence(text, start):
                capitals.setdefault(key, []).append(word[:1].isupper())
    rows = []
    for term in terms:
        caps = capitals.get(term, [])
        kind = (TERM_KINDS[0] if term in concept_of else
                TERM_KINDS[1] if sum(caps) * 2 > len(caps) else TERM_KINDS[2])
        rows.append((term, kind, concept_of.get(term, "")))
    return pd.DataFrame(rows, columns=["term", "kind", "concept"])
