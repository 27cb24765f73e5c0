"""Speakers found by grammar: the noun phrase that names who speaks, next to a speech cue.

News English attributes speech in a handful of shapes, and this module reads
them without a part-of-speech tagger, from capital letters, function words and
the word lists of ``quote_cues.csv``:

* subject before the cue: "Ms Khatib said", "the minister added", "analysts say",
  "Donald Jensen, a former US diplomat, told", "Dr Lina Khatib, the head of the
  programme at Chatham House, has said", "Theresa May told MPs";
* the cue before the subject, after a quotation: "..., said Marta Lindqvist",
  "..., says The Atlantic"; and "according to TASS";
* a participle after a comma takes the subject of the clause before it:
  "Putin ordered the pull-out, saying ...";
* a verb coordinated with an earlier one shares its subject: "It rejected the
  claim and said ...".

:func:`subject_before`, :func:`phrase_after` and :func:`clause_subject` return a
:class:`Phrase`: where the speaker is named and what kind of speaker it is
(``person``, ``institution``, ``media``, ``role``, ``pronoun`` or ``document``).
:class:`Cast` then decides who a phrase refers to in one article: the actor
registry canonicalises names it knows; a pronoun, a role ("the minister") or a
document ("the statement said") is carried back to the last speaker it can
refer to; "Ms Khatib" and "Dr Lina Khatib" are one person by surname. A speaker
the registry does not know keeps the name as written.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right, insort_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from helpers import patterns
from helpers.actors import Registry, name_key
from helpers.checks import CUE_KINDS, SIDES, cue_problems  # noqa: F401 (re-exported)
from helpers.corpus import CorpusError
from helpers.tables import Table
from helpers.text import fold, paragraphs

#: Speaker kinds a phrase can have ("thing": a noun phrase that names nobody, such as "the
#: Syrian conflict", kept only inside a longer phrase: "an expert in the Syrian conflict").
KINDS = ("person", "institution", "media", "role", "pronoun", "document", "thing")

# Closed classes of English (grammar, not judgement): they are code, not a table.
PRONOUN_OF = {"he": "he", "she": "she", "it": "it", "they": "they"}
OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}
#: Courtesy titles that say which pronoun refers to the person (English grammar, like the
#: pronouns themselves; the other titles say nothing about it).
HONORIFIC_PRONOUN = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she", "sir": "he",
                     "lord": "he", "dame": "she", "lady": "she"}
DEFINITE = {"the", "this", "these", "those", "his", "her", "its", "their", "our", "my",
            "your"}
INDEFINITE = {"a", "an", "another", "some", "several", "many", "two", "three", "four", "five",
              "one", "few", "most", "other", "both", "all", "various", "numerous", "any"}
PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du",
             "dos", "das", "al", "el", "bin", "ibn", "ben", "abu", "bint", "ter", "y", "st"}
CONNECTORS = {"of", "for", "and", "&", "on"}
PREPOSITIONS = {"of", "for", "at", "from", "in", "with"}
BE = {"is", "was", "were", "are", "be", "been", "being", "am", "'s"}
AUXILIARIES = {"has", "have", "had", "also", "later", "earlier", "then", "previously",
               "recently", "again", "once", "further", "reportedly", "initially", "first",
               "subsequently", "finally", "separately", "publicly", "privately", "repeatedly",
               "already", "still", "now", "today", "yesterday", "tonight", "just", "himself",
               "herself", "itself", "themselves", "would", "will", "could", "can", "may",
               "might", "should", "must", "did", "does", "do", "last", "night",
               "morning", "afternoon", "evening", "week", "weekend", "month", "year", "on",
               "this", "even", "only", "too", "quoted", "not", "never",
               "always", "often", "elsewhere", "meanwhile"}
FUNCTION = {"that", "which", "who", "whom", "whose", "while", "whereas", "and", "but", "or",
            "nor", "so", "yet", "if", "because", "although", "though", "as", "since", "when",
            "where", "after", "before", "until", "than", "then", "to", "by", "with", "without",
            "about", "against", "into", "onto", "over", "under", "between", "through",
            "during", "despite", "like", "not", "no", "there", "here", "what", "how", "why",
            "however", "meanwhile", "also", "in", "on", "at", "of", "for", "from", "amid",
            "among", "upon", "within", "it", "he", "she", "they", "we", "i", "you", "is",
            "was", "were", "are", "be", "been", "has", "have", "had", "will", "would", "can",
            "could", "may", "might", "should", "must", "did", "does", "do", "this", "these",
            "those", "the", "a", "an", "said", "says", "say", "instead", "indeed", "still",
            "now", "thus", "therefore", "even", "just", "only", "more", "less",
            "once", "again", "today", "yesterday", "tonight", "according", "both", "either",
            "neither", "each", "every", "all", "any", "some", "its", "his", "her", "their",
            "our", "my", "your", "whether", "unless", "whatever", "whoever", "via", "per",
            "toward", "towards", "across", "around", "behind", "beyond", "near", "off",
            "out", "up", "down", "such"}
CLAUSE_OPENERS = {"and", "but", "or", "so", "yet", "however", "meanwhile", "still", "also",
                  "then", "now", "instead", "indeed", "moreover", "separately", "later",
                  "earlier", "today", "yesterday", "tonight"}
APPOSITIVE_OPENERS = {"who", "which", "whose", "whom", "himself", "herself", "itself",
                      "speaking", "writing", "aged", "formerly", "once", "now", "then",
                      "until"}
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "capt", "adm", "sgt", "sen",
                 "rep", "gov", "rev", "det", "supt", "prof", "st", "jr", "sr", "inc", "corp",
                 "ltd", "co", "maj", "cllr", "mt", "ft", "no", "vs"}
TIME_WORDS = ({d.lower() for d in calendar.day_name}
              | {"today", "yesterday", "tonight", "morning", "afternoon", "evening", "night",
                 "week", "weekend"})
DAY_NAMES = {d.lower() for d in calendar.day_name}

# a number with thousands separators ("3,400") is one word: its comma separates no clauses
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])"
                    r"|[^\W_]+(?:[’'\-.][^\W_]+)*(?:[’'](?=\s|$|[,;:.!?)]))?|[^\w\s]")


class Token:
    """A word, a punctuation mark or a whole quotation (``kind`` ``w``, ``p`` or ``q``).

    ``low`` is the word folded, in lower case, without a possessive ending or an
    abbreviation's dot; ``bare`` the same in its own case; ``first`` says it opens a
    sentence (or follows a quotation); ``possessive`` that it has a possessive ending
    ("Russia's", "rebels'").
    """

    __slots__ = ("bare", "cap", "end", "first", "kind", "low", "possessive", "start", "text")

    def __init__(self, start: int, end: int, text: str, kind: str, first: bool = False,
                 folded: str | None = None) -> None:
        self.start, self.end, self.text, self.kind, self.first = start, end, text, kind, first
        bare = (fold(text) if folded is None else folded).rstrip(".")
        self.possessive = False
        if "'" in bare:  # (few words have one: test for it before the endings)
            self.possessive = kind == "w" and bare.endswith(("'s", "s'"))
            if bare.endswith("'s"):
                bare = bare[:-2]
            elif bare.endswith("s'"):
                bare = bare[:-1]
        self.bare = bare
        self.low = bare.lower()
        self.cap = kind == "w" and text[:1].isupper()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.kind}, {self.start})"

    @property
    def plural_possessive(self) -> bool:
        """A plural noun with a possessive apostrophe ("Drivers'", "Patients’")."""
        return self.possessive and self.text[-1:] in "'’"

    @property
    def word(self) -> bool:
        """A word (not punctuation or a quotation)."""
        return self.kind == "w"


def tokenize(text: str, start: int, end: int, quoted: Iterable[tuple[int, int]] = ()
             ) -> list[Token]:
    """Words and punctuation of ``text[start:end]``; each quoted span in ``quoted`` (offsets of
    the marks, end exclusive) is one token of kind ``q``.

    >>> [t.text for t in tokenize("Mr. Smith, the U.S. envoy, said “no”.", 0, 37, [(32, 36)])]
    ['Mr.', 'Smith', ',', 'the', 'U.S.', 'envoy', ',', 'said', '“no”', '.']
    """
    tokens: list[Token] = []
    spans = sorted((s, e) for s, e in quoted if e > start and s < end)
    folded = fold(text)
    prev: Token | None = None
    cursor = start
    for q_start, q_end in [*spans, (end, end)]:
        for m in _TOKEN.finditer(text, cursor, max(cursor, min(q_start, end))):
            s, e = m.span()
            word = m.group()
            if word == "." and prev is not None and prev.end == s and _abbreviation(prev):
                # the dot of "Mr.", "U.S." and initials stays with the word: it ends no sentence
                prev = tokens[-1] = Token(prev.start, e, text[prev.start:e], "w", prev.first,
                                          folded[prev.start:e])
                continue
            first = prev is None or prev.kind == "q" or prev.text in ".!?:;" or (
                text.find("\n", prev.end, s) >= 0)  # (as in _token, inline: this loop is hot)
            prev = Token(s, e, word, "w" if word[0].isalnum() else "p", first, folded[s:e])
            tokens.append(prev)
        if q_end > q_start:
            s, e = max(q_start, start), min(q_end, end)
            prev = _token(text, prev, s, e, text[s:e], "q", folded)
            tokens.append(prev)
        cursor = max(cursor, q_end)
    return tokens


def _token(text: str, prev: Token | None, s: int, e: int, word: str, kind: str,
           folded: str) -> Token:
    """A token; ``first`` when it opens the text, follows a quotation, a full stop, a colon or
    a semicolon, or opens a line."""
    first = prev is None or prev.kind == "q" or prev.text in ".!?:;" or (
        text.find("\n", prev.end, s) >= 0)
    return Token(s, e, word, kind, first, folded[s:e])


def _abbreviation(tok: Token) -> bool:
    """A word whose following dot belongs to it ("Mr", "U.S", an initial)."""
    return tok.kind == "w" and (tok.low in ABBREVIATIONS or "." in tok.text
                                or (len(tok.text) == 1 and tok.text.isupper()))


@dataclass
class Words:
    """The compiled word lists of ``quote_cues.csv``: speech cues and the words that type a
    speaker (titles, roles, institutions, companies, media, documents).

    The ``company`` list is part of the ``institution`` list too: a company is an
    institution. ``title_roles`` maps a title to the role noun by which the text may later
    refer to its holder, where the two differ (the ``speaker_side`` of a title row:
    "Justice" -> "judge", "Gen" -> "general").
    """

    cue_re: re.Pattern[str]
    cue_words: list[str]
    sides: list[str]
    slogan_re: re.Pattern[str] | None
    lists: dict[str, set[tuple[str, ...]]]
    outlets: set[str] = field(default_factory=set)
    title_roles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, table: Table, outlets: Iterable[str] = ()) -> Words:
        """Compile a loaded ``quote_cues`` table; raise :class:`CorpusError` naming the file and
        line of a row with an unknown kind or speaker side."""
        frame = table.frame
        problems = cue_problems(table)
        if problems:
            raise CorpusError(problems)
        speech = frame[frame["kind"] == "speech"]
        order = sorted(range(len(speech)), key=lambda k: (-len(speech["cue"].iloc[k]), k))
        cue_words = [fold(speech["cue"].iloc[k]).lower() for k in order]
        sides = [speech["speaker_side"].iloc[k] for k in order]
        cue_re = patterns.word_pattern(cue_words) if cue_words else None
        slogans = list(frame.loc[frame["kind"] == "slogan", "cue"])
        slogan_re = (re.compile(r"(?:" + patterns.word_pattern(slogans).pattern
                                + r")\W+(?:\w+\W+){0,2}$", re.IGNORECASE) if slogans else None)
        lists: dict[str, set[tuple[str, ...]]] = {k: set() for k in CUE_KINDS}
        title_roles: dict[str, str] = {}
        for cue, kind, side in zip(frame["cue"], frame["kind"], frame["speaker_side"],
                                   strict=True):
            lists[kind].add(tuple(cue.split()))
            if kind == "title" and side.strip():
                title_roles[fold(cue).lower()] = side.strip().lower()
        lists["institution"] |= lists["company"]
        return cls(cue_re or re.compile(r"(?!)"), cue_words, sides, slogan_re, lists,
                   {name_key(o) for o in outlets}, title_roles)

    def cues(self, text: str, start: int = 0, end: int | None = None
             ) -> list[tuple[int, int, str, str]]:
        """``(start, end, cue, side)`` of every speech cue in ``text[start:end]`` (the longest
        cue wins: "as saying", not "saying"); a capitalised cue in mid-sentence is a name
        ("Edward Said"), not a verb (the name guard of :mod:`helpers.patterns`)."""
        found: list[tuple[int, int, str, str]] = []
        for m in patterns.finditer(self.cue_re, text, start, end):
            if patterns.is_name_hit(text, m.start(), True):
                continue
            word = re.sub(r"\s+", " ", fold(m.group()).lower())
            found.append((m.start(), m.end(), word, self._side[word]))
        return found

    def has(self, kind: str, tokens: list[Token]) -> bool:
        """Whether any entry of list ``kind`` occurs in ``tokens`` (whole words; an entry with a
        capital letter is case-sensitive, as in :mod:`helpers.patterns`)."""
        words = [t for t in tokens if t.kind == "w"]
        if any(self.is_word(kind, t.text) for t in words):
            return True
        multi, firsts = self._multi[kind], self._firsts[kind]
        for n in self._lengths[kind]:
            for i in range(len(words) - n + 1):
                if words[i].bare not in firsts and words[i].low not in firsts:
                    continue  # exact: no entry starts with this word, as written or lowered
                got = tuple(w.bare for w in words[i:i + n])
                if got in multi or tuple(w.low for w in words[i:i + n]) in multi:
                    return True
        return False

    def is_word(self, kind: str, word: str) -> bool:
        """Whether one word (or its singular) is a one-word entry of list ``kind``."""
        key = (kind, word)
        if key not in self._seen:
            self._seen[key] = self._is_word(kind, word)
        return self._seen[key]

    def is_entry(self, kind: str, word: str) -> bool:
        """Whether one word, as written (not a plural of an entry), is in list ``kind``:
        "Patients" is no title, as "Minister" is."""
        low = fold(word).rstrip(".").lower()
        return word in self._exact[kind] or low in self._lower[kind]

    def role_of_title(self, title: str) -> str:
        """The role noun a title's holder may later be called by ("Justice" -> "judge")."""
        low = fold(title).rstrip(".").lower()
        return self.title_roles.get(low, low)

    def _is_word(self, kind: str, word: str) -> bool:
        exact = re.sub(r"'s?$", "", fold(word).rstrip("."))
        if exact in self._exact[kind] or exact.rstrip("s") in self._exact[kind]:
            return True
        low = exact.lower()
        forms = {low, low[:-1] if low.endswith("s") else low,
                 low[:-2] if low.endswith("es") else low,
                 low[:-3] + "y" if low.endswith("ies") else low}
        return not forms.isdisjoint(self._lower[kind])

    def __post_init__(self) -> None:
        self._seen: dict[tuple[str, str], bool] = {}
        self._side = dict(zip(self.cue_words, self.sides, strict=True))
        self._exact: dict[str, set[str]] = {}
        self._lower: dict[str, set[str]] = {}
        self._multi: dict[str, set[tuple[str, ...]]] = {}
        self._lengths: dict[str, list[int]] = {}
        self._firsts: dict[str, set[str]] = {}  # the first words of the multi-word entries
        for kind, entries in self.lists.items():
            single = [e[0] for e in entries if len(e) == 1]
            # titles are written capitalised in the table but match in any case
            self._exact[kind] = {e for e in single if patterns.has_capital(e) and kind != "title"}
            self._lower[kind] = {e.lower() for e in single
                                 if not patterns.has_capital(e) or kind == "title"}
            self._multi[kind] = {e if patterns.has_capital(" ".join(e)) else tuple(
                w.lower() for w in e) for e in entries if len(e) > 1}
            self._lengths[kind] = sorted({len(e) for e in self._multi[kind]})
            self._firsts[kind] = {e[0] for e in self._multi[kind]}


@dataclass
class Phrase:
    """A noun phrase naming a speaker, as the text writes it.

    ``kind`` is one of :data:`KINDS`; ``name`` the name to keep (a person without
    titles, an institution without "the", a role as written); ``head`` the head
    noun of a role, institution or document ("minister", "ministry"); ``definite``
    whether it has "the" or a possessive; ``descriptors`` the words that describe a
    person ("foreign", "minister", "head"); ``issuer`` the institution a role or a
    document belongs to ("a spokesman for the Kremlin", "the ministry's statement").
    """

    start: int
    end: int
    written: str
    kind: str
    name: str
    head: str = ""
    definite: bool = False
    plural: bool = False
    descriptors: frozenset[str] = frozenset()
    issuer: Phrase | None = None


# -- reading noun phrases --------------------------------------------------------------

def is_pronoun(tok: Token) -> bool:
    """Whether a word is the pronoun he, she, it or they (any case at a sentence start)."""
    return tok.word and tok.low in PRONOUN_OF and tok.text in (tok.low, tok.low.capitalize())


def _name_word(tok: Token) -> bool:
    """A capitalised word that can be part of a name: not a weekday, not "I", and not a
    function word opening a sentence ("However", "The"); mid-sentence "May" is a name."""
    if not tok.cap or tok.low in DAY_NAMES or tok.text == "I":
        return False
    return not (tok.low in FUNCTION and (tok.first or tok.low in DEFINITE | INDEFINITE
                                         or tok.low in CLAUSE_OPENERS))


def _cap_run_back(toks: list[Token], i: int, words: Words) -> int:
    """Start of the capitalised run that ends at ``toks[i]`` (names, "Ministry of Defence",
    "Rail Drivers' Federation")."""
    j = i
    while j - 1 >= 0:
        p = toks[j - 1]
        if _name_word(p) and (not p.possessive or _in_name(toks, j - 1, i, words)):
            j -= 1
        elif p.word and p.low in PARTICLES and not p.cap and j - 2 >= 0 and _name_word(
                toks[j - 2]):
            j -= 1
        elif (p.word and p.low in CONNECTORS and not p.cap and j - 2 >= 0
              and _name_word(toks[j - 2]) and not toks[j - 2].possessive):
            j -= 1
        else:
            break
    run = toks[j:i + 1]
    if any(t.low in CONNECTORS and not t.cap for t in run) and not (
            words.has("institution", run) or words.has("media", run)):
        # "Putin and Assad": a connector joins names only inside an institution's name
        k = max(n for n, t in enumerate(run) if t.low in CONNECTORS and not t.cap)
        j += k + 1
    else:
        # "the Bakers' Federation and Tallis Foods": "and" after the head noun of an
        # institution's name joins two names ("Food and Drug Administration", "Department of
        # Health and Social Care" are one: "Food" and "Health" are no head nouns)
        ends = [n for n, t in enumerate(run) if t.low in ("and", "&") and n > 0 and (
            words.is_word("institution", run[n - 1].low)
            or words.is_word("media", run[n - 1].low))]
        if ends:
            j += ends[-1] + 1
    return j


def _in_name(toks: list[Token], k: int, i: int, words: Words) -> bool:
    """Whether the possessive ``toks[k]`` is part of the name that ends at ``toks[i]``: a
    plural possessive before the rest of an institution's name ("Rail Drivers' Federation",
    "Commuters' Alliance"), where a singular one names an owner ("Russia's Defence
    Ministry", "Al Jazeera's Zeina Khodr")."""
    return (toks[k].plural_possessive and k + 1 <= i and toks[k + 1].cap
            and words.has("institution", toks[k + 1:i + 1]))


def _np_back(toks: list[Token], i: int, words: Words, depth: int = 0
             ) -> tuple[int, Phrase] | None:
    """The noun phrase that ends at ``toks[i]``: ``(index of its first token, phrase)``."""
    if i < 0 or not toks[i].word:
        return None
    tok = toks[i]
    if is_pronoun(tok):
        return i, Phrase(tok.start, tok.end, tok.text, "pronoun", tok.low)
    if _name_word(tok):
        start = _describers(toks, _cap_run_back(toks, i, words), words)
    elif tok.cap or tok.low in FUNCTION or tok.low in TIME_WORDS:
        return None
    else:
        start = _lower_start(toks, i, words)
    phrase = classify(toks[start:i + 1], words)
    if phrase is None:
        return None
    # a prepositional phrase: "an expert in the Syrian conflict", "a spokesman for the Kremlin"
    if depth < 3 and start - 2 >= 0 and toks[start - 1].word and toks[start - 1].low in (
            PREPOSITIONS) and not toks[start - 1].cap:
        outer = _np_back(toks, start - 2, words, depth + 1)
        if outer is not None and outer[1].kind in ("role", "institution", "media", "document",
                                                   "person"):
            o_start, o_phrase = outer
            return o_start, _with_object(o_phrase, toks[start - 1].low, phrase)
    return start, phrase


def _describers(toks: list[Token], j: int, words: Words) -> int:
    """Extend a name starting at ``toks[j]`` back over the words that describe it ("UN
    special envoy", "Al Jazeera's", "Kremlin spokesman"), to a determiner."""
    k, n = j, 0
    while k - 1 >= 0 and n < 5:
        p = toks[k - 1]
        if not p.word:
            break
        if p.low in DEFINITE | INDEFINITE and (not p.cap or p.first or p.low in DEFINITE):
            return k - 1
        if p.cap and not _name_word(p):
            break
        if not p.cap and (p.low in FUNCTION or not (
                _typed(p, words) or _modifier(toks, k - 1, words))):
            break
        k -= 1
        n += 1
    return k


def _typed(tok: Token, words: Words) -> bool:
    """Whether a word is in one of the speaker word lists (role, title, media, institution)."""
    return any(words.is_word(kind, tok.text) for kind in ("role", "title", "media",
                                                          "institution"))


def _lower_start(toks: list[Token], i: int, words: Words) -> int:
    """Start of a noun phrase with a lower-case head at ``toks[i]`` ("the minister",
    "monitoring groups", "Russia's defence ministry", "Syrian rebels")."""
    typed_head = _typed(toks[i], words) or words.is_word("document", toks[i].text)
    start, n = i, 1
    while start - 1 >= 0:
        p = toks[start - 1]
        if not p.word:
            break
        if p.low in DEFINITE | INDEFINITE:
            return start - 1
        if _name_word(p):
            c_start = _cap_run_back(toks, start - 1, words)
            if not typed_head and not _adjectival(toks[c_start:start]):
                break
            if c_start - 1 >= 0 and toks[c_start - 1].low in DEFINITE | INDEFINITE:
                c_start -= 1
            return c_start
        if p.cap or p.low in FUNCTION or p.low in TIME_WORDS or n >= 3:
            break
        start -= 1
        n += 1
    return start


def _adjectival(run: list[Token]) -> bool:
    """Capitalised words that can qualify a plural noun: "Syrian", "US", "Russia's"."""
    return bool(run) and all(
        t.possessive or t.text.replace(".", "").isupper()
        or t.low.endswith(("an", "ian", "ese", "ish", "i", "ic", "ch", "ean")) for t in run)


def _modifier(toks: list[Token], k: int, words: Words) -> bool:
    """A lower-case word that can describe a name before it ("special", "former", "state")."""
    tok = toks[k]
    return (tok.word and not tok.cap and tok.low not in FUNCTION and tok.low not in TIME_WORDS
            and not tok.low.endswith(("ed", "ing")) and len(tok.low) > 2)


def _with_object(head: Phrase, prep: str, obj: Phrase) -> Phrase:
    """``head`` extended by a prepositional phrase ``prep obj``; a role or document "for/of/
    from" a named institution belongs to it."""
    merged = Phrase(head.start, obj.end, "", head.kind, head.name, head.head, head.definite,
                    head.plural, head.descriptors | obj.descriptors | {prep}, head.issuer)
    if head.kind in ("role", "document") and prep in ("for", "of", "from", "at") and (
            obj.kind in ("institution", "media")):
        merged.issuer = obj
    return merged


def classify(tokens: list[Token], words: Words) -> Phrase | None:
    """What a noun phrase names (see :class:`Phrase`), or ``None`` when it names no speaker."""
    toks = [t for t in tokens if t.word]
    if not toks:
        return None
    start, end = toks[0].start, toks[-1].end
    title_the = toks[0].text == "The" and not toks[0].first
    det = ""
    while toks and toks[0].low in DEFINITE | INDEFINITE and not (
            len(toks) == 1 and is_pronoun(toks[0])):
        det = det or toks[0].low
        toks = toks[1:]
    while toks and toks[0].low in CLAUSE_OPENERS and len(toks) > 1:
        toks = toks[1:]
        start = toks[0].start
    if not toks:
        return None
    if len(toks) == 1 and is_pronoun(toks[0]) and not det:
        return Phrase(start, end, toks[0].text, "pronoun", toks[0].low)
    definite = det in DEFINITE
    last = toks[-1]
    if _name_word(last):
        return _named(toks, det, start, end, words, title_the)
    if last.cap:
        return None
    if last.low in FUNCTION or last.low in TIME_WORDS:
        return None
    head = last.low
    written = " ".join(t.text for t in toks)
    possessor = next((t for t in reversed(toks[:-1]) if t.possessive), None)
    descriptors = frozenset(t.low for t in toks)
    plural = head.endswith("s") and not head.endswith("ss") and len(head) > 3 or head in (
        "people", "police", "authorities")
    definite = definite or possessor is not None
    if words.is_word("document", head):
        issuer = None
        if possessor is not None:
            issuer = classify([possessor], words)
        return Phrase(start, end, written, "document", written, head, True, False, descriptors,
                      issuer)
    if words.has("media", toks[-2:]):
        return Phrase(start, end, written, "media", written, head, definite, plural, descriptors)
    if words.is_word("institution", head):
        return Phrase(start, end, written, "institution", written, head, definite, plural,
                      descriptors)
    if words.is_word("role", head) or words.is_word("title", head) or plural:
        if not det and not plural and not any(t.cap for t in toks) and len(toks) == 1:
            return None  # a bare singular noun ("spokesman said") is too weak alone
        return Phrase(start, end, written, "role", written, head, definite, plural, descriptors)
    if det:  # "the Syrian conflict": a noun phrase, but nobody who speaks
        return Phrase(start, end, written, "thing", written, head, definite, plural, descriptors)
    return None


def _named(toks: list[Token], det: str, start: int, end: int, words: Words,
           title_the: bool = False) -> Phrase | None:
    """A phrase whose head is a capitalised name: a person, an institution or a publication.
    ``title_the``: the name is written with a capital "The" in mid-sentence ("says The
    Atlantic"), as publications write their names."""
    # the trailing run of name words
    r = len(toks) - 1
    while r - 1 >= 0 and (_name_word(toks[r - 1]) or toks[r - 1].low in PARTICLES
                          or toks[r - 1].low in CONNECTORS) and (
            not toks[r - 1].possessive or _in_name(toks, r - 1, len(toks) - 1, words)):
        r -= 1
    while r < len(toks) - 1 and (toks[r].low in CONNECTORS or toks[r].low in PARTICLES) and (
            not toks[r].cap):
        r += 1
    run, pre = toks[r:], toks[:r]
    while run and run[-1].low in DAY_NAMES and len(run) > 1:  # "President Vladimir Putin Monday"
        run = run[:-1]
    end = run[-1].end
    descriptors = {t.low for t in pre}
    written = " ".join(t.text for t in toks)
    run_text = " ".join(t.text for t in run)

    def typed(t: Token) -> bool:
        return words.is_word("title", t.text) or words.is_word("role", t.text)

    # a title or role written before the name: "Prime Minister Theresa May", "European
    # Commission President Jean-Claude Juncker", "BBC correspondent Jeremy Bowen"; a plural
    # ("Heart Patients Together") is part of a name, never a title
    cut = max((n for n, t in enumerate(run[:-1]) if words.is_entry("title", t.text)
               or words.is_entry("role", t.text)), default=-1)
    name = run[cut + 1:]
    descriptors |= {t.low for t in run[:cut + 1]}
    # "Justice Rowena Calder" is "the judge" later
    descriptors |= {words.role_of_title(t.text) for t in run[:cut + 1]
                    if words.is_word("title", t.text)}
    if title_the and not words.has("institution", run) and not (
            len(run) == 1 and words.is_word("title", run[0].text)):
        # "says The Atlantic", "asks The Economist" (not "said The President")
        return Phrase(start, end, written, "media", run_text, run[-1].low, True, False,
                      frozenset(descriptors))
    if typed(run[-1]) and (det or all(typed(t) or _adjectival([t]) for t in run)):
        # "the President", "A senior Russian General": a role written with a capital
        return Phrase(start, end, written, "role", written, run[-1].low, det in DEFINITE, False,
                      frozenset(descriptors | {t.low for t in run}))
    plain = not (words.has("institution", name) or words.has("media", name)
                 or any(t.low in CONNECTORS for t in name)) and len(name) <= 4
    if plain and not det and (cut >= 0 or any(typed(t) for t in pre)):
        return _person(start, end, written, name, descriptors)
    if (words.has("media", run) or name_key(run_text) in words.outlets
            or (words.has("media", pre) and not any(typed(t) for t in pre))):
        return Phrase(start, end, written, "media", run_text, run[-1].low, bool(det), False,
                      frozenset(descriptors))
    acronym = len(run) == 1 and len(run[0].text) > 1 and run[0].text.replace(".", "").isupper()
    if (words.has("institution", run) or det in DEFINITE or acronym or not plain
            or any(t.low in CONNECTORS for t in run)):
        return Phrase(start, end, written, "institution", run_text, run[-1].low, True, False,
                      frozenset(descriptors))
    if det:
        return None
    return _person(start, end, written, name, descriptors)


def _person(start: int, end: int, written: str, name: list[Token],
            descriptors: set[str]) -> Phrase:
    shown = " ".join(t.text.rstrip(".") if t.low in ABBREVIATIONS else t.text for t in name)
    return Phrase(start, end, written, "person", shown, name[-1].low, False, False,
                  frozenset(descriptors))


# -- where the speaker is, around a cue --------------------------------------------------

def _skip_back(toks: list[Token], i: int, extra: frozenset[str] = frozenset()) -> int:
    """Index of the last token before ``i`` that is not an auxiliary, adverb or time phrase
    (or a word in ``extra``)."""
    while i >= 0 and toks[i].word and (
            (toks[i].low in AUXILIARIES | extra and not toks[i].cap) or toks[i].low in DAY_NAMES
            or (toks[i].low.endswith("ly") and len(toks[i].low) > 4 and not toks[i].cap)):
        i -= 1
    return i


def _chunk_start(toks: list[Token], i: int) -> int:
    """First token of the comma-delimited chunk that ends at ``toks[i]``."""
    j = i
    while j - 1 >= 0 and toks[j - 1].kind in "wq":
        j -= 1
    return j


def _whole_chunk(toks: list[Token], i: int, words: Words) -> Phrase | None:
    """The noun phrase that is the whole chunk ending at ``toks[i]`` (opening "and", "but"
    allowed), or ``None``."""
    found = _np_back(toks, i, words)
    if found is None or found[1].kind == "thing":
        return None
    j, phrase = found
    first = _chunk_start(toks, i)
    skipped = toks[first:j]
    if all(t.low in CLAUSE_OPENERS or t.low in ("and", "but") for t in skipped):
        return phrase
    return None


def _appositive(tokens: list[Token]) -> bool:
    """Whether a comma-delimited chunk describes a name before it ("the head of ...",
    "a former US diplomat who ...", "who organised the petition", "45")."""
    words_ = [t for t in tokens if t.word]
    if not words_:
        return False
    first = words_[0]
    return (first.low in DEFINITE | INDEFINITE or first.low in APPOSITIVE_OPENERS
            or first.text.isdigit() or (not first.cap and first.low.endswith(("ed", "ing"))))


def _speaker(phrase: Phrase | None) -> Phrase | None:
    """``phrase`` if it can name a speaker (not a plain thing)."""
    return phrase if phrase is not None and phrase.kind != "thing" else None


def subject_before(toks: list[Token], i: int, words: Words, cue: str = "") -> Phrase | None:
    """The speaker named before a cue whose first token would be ``toks[i + 1]``.

    Skips auxiliaries and adverbs ("has said", "also told"), reads past an
    appositive ("Jensen, a former US diplomat, told") and returns ``None`` for a
    passive ("was told"), an infinitive ("declined to say") or a noun ("the say").

    >>> from helpers import open_corpus
    >>> from helpers.quotes import speaker_words
    >>> words = speaker_words(open_corpus())
    >>> t = ("Donald Jensen, a former US diplomat who worked in Moscow, told Al Jazeera "
    ...      "despite the pull-out announcement, Russia still fully backs its ally Assad.")
    >>> toks = tokenize(t, 0, len(t))
    >>> told = next(k for k, tok in enumerate(toks) if tok.text == "told")
    >>> p = subject_before(toks, told - 1, words, "told")
    >>> p.kind, p.name, {"former", "diplomat"} <= p.descriptors
    ('person', 'Donald Jensen', True)
    """
    if i < 0:
        return None
    prev = toks[i]
    quoted_as = cue.startswith("as ")  # "X was quoted as saying": X speaks
    if prev.word and (prev.low in BE and not cue.endswith("ing") or prev.low == "to"
                      or prev.low in DEFINITE | INDEFINITE and prev.low != "that"):
        return None
    i = _skip_back(toks, i, frozenset(BE) if quoted_as else frozenset())
    if i < 0:
        return None
    tok = toks[i]
    if tok.kind == "p" and tok.text == ",":
        return _before_comma(toks, i, words)
    if quoted_as and tok.word and tok.low in OBJECT_PRONOUNS and not tok.cap:
        # "the newspaper quoted him as saying"
        return Phrase(tok.start, tok.end, tok.text, "pronoun", OBJECT_PRONOUNS[tok.low])
    found = _np_back(toks, i, words)
    if found is None or found[1].kind == "thing":
        return None
    j, phrase = found
    if quoted_as and j - 1 >= 0 and toks[j - 1].low == "by":
        # "She was quoted by Reuters as saying": Reuters quotes, she speaks
        return subject_before(toks, j - 2, words, cue)
    if phrase.kind in ("role", "document", "institution", "media") and j - 1 >= 0 and (
            toks[j - 1].text == ","):
        # "Dr Lina Khatib, the head of the programme at Chatham House, has said"
        name = _whole_chunk(toks, j - 2, words)
        if name is not None and name.kind in ("person",) and _appositive(toks[j:i + 1]):
            return _described(name, phrase)
    return phrase


def _before_comma(toks: list[Token], comma: int, words: Words) -> Phrase | None:
    """The speaker before ", <appositive>, said": the name before the appositive; or a name
    set off by a comma of its own ("Another, Sam Patel of the IFS, added")."""
    first = _chunk_start(toks, comma - 1)
    chunk = toks[first:comma]
    if not chunk:
        return None
    described = _whole_chunk(toks, comma - 1, words)
    if first - 1 >= 0 and toks[first - 1].text == "," and (
            _appositive(chunk) or (described is not None and described.kind != "person")):
        name = _whole_chunk(toks, first - 2, words)
        if name is not None:
            if described is None:  # "a former US diplomat who worked in Moscow"
                stop = next((n for n, t in enumerate(chunk) if t.low in APPOSITIVE_OPENERS
                             and n > 0), len(chunk))
                described = Phrase(chunk[0].start, chunk[-1].end, "", "role", "", "", False,
                                   False, frozenset(t.low for t in chunk[:stop] if t.word))
            if _proper(described) and not _proper(name):
                # "Northern Crown's parent company, Crownline Holdings, warned": of a
                # description and a name set side by side, the name is the speaker
                return _described(described, name)
            if not _proper(name):
                # "Graham Pellow, the transport minister, who has ..., told": two appositives,
                # and the name comes before both
                outer = _chunk_start(toks, first - 2)
                owner = _whole_chunk(toks, outer - 2, words) if outer - 2 >= 0 and (
                    toks[outer - 1].text == ",") else None
                if owner is not None and _proper(owner) and _appositive(toks[outer:first - 1]):
                    return _described(_described(owner, name), described)
            if chunk[0].low == "which":
                name = _not_a_person(name)
            return _described(name, described)
    if described is not None and described.kind in ("person", "institution", "media"):
        if described.kind == "person" and first - 1 >= 0 and toks[first - 1].text == ",":
            # "The transport secretary, Alan Brisk, told": the role before names him too
            role = _whole_chunk(toks, first - 2, words)
            if role is not None and role.kind == "role":
                return _described(described, role)
        return described
    return None


def _not_a_person(phrase: Phrase) -> Phrase:
    """A name described by "which" ("Halvorsen, which is based in Larkfield,", "Heart Patients
    Together, which represents ...") or by an institution ("Orla Wexford, the company that
    ..."): a name read as a person's is an institution's ("who" would refer to a person)."""
    if phrase.kind != "person":
        return phrase
    return Phrase(phrase.start, phrase.end, phrase.written, "institution", phrase.name,
                  phrase.head, True, False, phrase.descriptors, phrase.issuer)


def _proper(phrase: Phrase) -> bool:
    """Whether a phrase is a name (a person, or an institution or publication whose head is
    capitalised), not a description ("the parent company", "the transport minister")."""
    return phrase.kind == "person" or (phrase.kind in ("institution", "media") and bool(
        phrase.name) and phrase.name.split()[-1][:1].isupper())


def _described(name: Phrase, description: Phrase) -> Phrase:
    """``name`` with the words of an appositive that describes it."""
    return Phrase(name.start, name.end, name.written, name.kind, name.name, name.head,
                  name.definite, name.plural, name.descriptors | description.descriptors
                  | ({description.head} - {""}), name.issuer)


def phrase_after(toks: list[Token], i: int, words: Words, final: bool = False
                 ) -> Phrase | None:
    """The speaker named after a cue, from ``toks[i]`` on ("said Marta Lindqvist, who ...",
    "says The Atlantic", "according to Russian state news agency TASS"). With ``final``, the
    phrase must end its clause (be followed by punctuation, a quotation or "in a statement"):
    in "said the economy was ..." the words after the verb are what was said.

    >>> from helpers import open_corpus
    >>> from helpers.quotes import speaker_words
    >>> t = ("According to Russian state news agency TASS, General Valery Gerasimov said "
    ...      "that the naval fleet will be the first to leave.")
    >>> p = phrase_after(tokenize(t, 0, len(t)), 2, speaker_words(open_corpus()))
    >>> p.kind, p.name, t[p.start:p.end]
    ('media', 'TASS', 'Russian state news agency TASS')
    """
    while i < len(toks) and toks[i].kind == "p" and toks[i].text in ",—–-":
        i += 1
    j = i
    n_lower = 0
    while j < len(toks) and toks[j].word:
        t = toks[j]
        if j == i and (t.low in DEFINITE | INDEFINITE or is_pronoun(t)):
            j += 1
            if is_pronoun(t):
                break
            continue
        if _name_word(t):
            j += 1
            continue
        if t.low in PARTICLES and j + 1 < len(toks) and toks[j + 1].cap:
            j += 1
            continue
        if t.low in ("of", "for", "from") and j + 1 < len(toks) and toks[j + 1].word and (
                toks[j + 1].cap or toks[j + 1].low in DEFINITE):
            j += 1
            continue
        if (j > i and toks[j - 1].low in ("of", "for", "from") and t.low in DEFINITE):
            j += 1
            continue
        if t.low in FUNCTION or t.low in TIME_WORDS or n_lower >= 4:
            break
        n_lower += 1
        j += 1
    if j == i:
        return None
    if final and j < len(toks) and toks[j].word and toks[j].low not in (
            "in", "on", "at", "who", "whose", "which", "during", "after", "before"):
        return None
    span = toks[i:j]
    # the head phrase, then any "of/for/from" phrase
    cut = next((n for n, t in enumerate(span) if n > 0 and t.low in ("of", "for", "from")
                and not t.cap), None)
    head_toks = span if cut is None else span[:cut]
    head = _np_back(head_toks, len(head_toks) - 1, words)
    if head is None or head[1].kind == "thing":
        # "officials familiar": the head noun is the last role or plural word
        for k in range(len(head_toks) - 1, -1, -1):
            head = _np_back(head_toks, k, words)
            if head is not None and head[1].kind == "role":
                break
        else:
            return None
    phrase = head[1]
    if cut is not None:
        obj = _np_back(span[cut + 1:], len(span) - cut - 2, words) if len(span) > cut + 1 else None
        if obj is not None:
            phrase = _with_object(phrase, span[cut].low, obj[1])
    if phrase.kind == "role" and j + 1 < len(toks) and toks[j].text == ",":
        # "said the board's lawyer, Ben Ortiz.": the name after the role is the speaker
        e = j + 1
        while e < len(toks) and toks[e].kind == "w":
            e += 1
        name = _whole_chunk(toks, e - 1, words) if e > j + 1 else None
        if name is not None and name.kind == "person" and (
                e == len(toks) or toks[e].text in ".,;:!?"):
            return _described(name, phrase)
    if phrase.kind == "document" and phrase.issuer is None and j + 1 < len(toks) and (
            toks[j].low in ("by", "from")):
        issuer = phrase_after(toks, j + 1, words)
        if issuer is not None:
            phrase.issuer = issuer
    return phrase


def clause_subject(toks: list[Token], i: int, words: Words) -> Phrase | None:
    """The subject of the clause that ends at ``toks[i]``: for a participle after a comma
    ("Putin ordered the pull-out, saying ...") or a coordinated verb ("It rejected the
    claim and said ..."). Chunks that open with a preposition ("In March of last year,")
    are skipped."""
    end = i
    while end >= 0:
        first = _chunk_start(toks, end)
        k = first
        while k <= end and toks[k].low in CLAUSE_OPENERS:
            k += 1
        if k <= end and toks[k].word and not (toks[k].low in FUNCTION and not is_pronoun(
                toks[k]) and toks[k].low not in DEFINITE | INDEFINITE):
            phrase = _np_forward(toks, k, end, words)
            if phrase is not None and phrase.kind not in ("document", "thing"):
                return phrase
        end = first - 2
        if end >= 0 and toks[end + 1].text != ",":
            break
    return None


def _np_forward(toks: list[Token], k: int, end: int, words: Words) -> Phrase | None:
    """The noun phrase that opens ``toks[k:end + 1]`` (the subject of a clause)."""
    if is_pronoun(toks[k]):
        return Phrase(toks[k].start, toks[k].end, toks[k].text, "pronoun", toks[k].low)
    best = None
    for j in range(k, min(end + 1, k + 9)):
        if not toks[j].word:
            break
        found = _np_back(toks[:j + 1], j, words)
        if found is not None and found[0] <= k and (
                best is None or best.kind == "thing" or toks[j].cap or _typed(toks[j], words)):
            # a speaker's phrase grows only to a typed head ("the Riverton city council"), not
            # to any word after it ("the company puts the figure at ...": a verb)
            best = found[1]
        if j > k and toks[j].low in FUNCTION and toks[j].low not in ("of", "for"):
            break
    return best


# -- who a phrase refers to, in one article -------------------------------------------

UNREGISTERED_TYPES = {"person": "unregistered", "role": "role", "media": "media",
                      "institution": "institution"}


@dataclass(eq=False)
class Speaker:
    """One speaker of an article: registered (canonical name, type and group from the
    registry) or not (the name as written, typed by grammar)."""

    name: str
    kind: str  # person, institution, media or role
    registered: bool = False
    pronoun: str = ""  # he, she, it, they, or "" when unknown
    descriptors: set[str] = field(default_factory=set)
    weak: bool = False  # a lone capitalised word ("Moscow said"): a person only if confirmed


class Cast:
    """The speakers of one article as the reader meets them, in text order.

    ``mentions`` are names outside quotations (registered aliases, and capitalised
    names the grammar reads as people or institutions); :meth:`resolve` turns a
    :class:`Phrase` into a :class:`Speaker` and :meth:`spoke` records who spoke where,
    so later pronouns and roles can refer back. ``paras`` are the article's paragraph
    spans when the caller has them (:func:`helpers.text.paragraphs` otherwise).
    """

    def __init__(self, text: str, tokens: list[Token], registry: Registry, words: Words,
                 quoted: list[tuple[int, int]],
                 paras: list[tuple[int, int]] | None = None) -> None:
        self.text, self.registry, self.words = text, registry, words
        self.events: list[tuple[int, Speaker]] = []
        self.people: dict[str, list[Speaker]] = {}
        self.by_actor: dict[str, Speaker] = {}
        self.by_name: dict[str, Speaker] = {}
        self._keys: dict[str, list[str]] = {}  # name_key words of each name, computed once
        inside = _Spans(quoted)
        starts = [t.start for t in tokens]
        registered = [(s, self._actor(actor)) for s, _, actor in registry.mentions(text)
                      if not inside.covers(s)]
        self.registered = registered
        named = self._names(tokens)
        self.mentions = sorted(registered + [(p, s) for p, s, _ in named], key=lambda m: m[0])
        #: (kind, word of the name or None) -> (speech events, mentions) of named institutions
        self.named: dict[tuple[str, str | None], tuple[list, list]] = {}
        for mention in self.mentions:
            self._index_name(mention, 0)
        paras = paragraphs(text) if paras is None else paras
        prose = [(a, b) for a, b in paras if re.search(r"[.!?…][\"”’')]*$",
                                                                  text[a:b])]
        prose_starts = [a for a, _ in prose]

        def in_prose(pos: int) -> bool:  # not a headline, link or caption left in the body
            k = bisect_right(prose_starts, pos) - 1
            return k >= 0 and pos < prose[k][1]

        self.subjects = sorted(
            [(p, s) for p, s in registered if _is_subject(tokens, bisect_left(starts, p))
             and in_prose(p)]
            + [(p, s) for p, s, k in named if _is_subject(tokens, k) and in_prose(p)],
            key=lambda m: m[0])

    # -- building speakers ------------------------------------------------------------
    def _actor(self, actor: str) -> Speaker:
        if actor not in self.by_actor:
            info = self.registry.info(actor)
            pronoun = info.get("pronoun", "")
            kind = {"he": "person", "she": "person", "it": "institution", "they": "role"}.get(
                pronoun, "person")
            self.by_actor[actor] = Speaker(actor, kind, True, pronoun)
        return self.by_actor[actor]

    def _names(self, tokens: list[Token]) -> list[tuple[int, Speaker, int]]:
        """People and institutions named outside quotations (for pronouns, roles, surnames):
        ``(position, speaker, index of the first token)``.

        Institutions and publications are met first, the longest names first, so that a
        short form ("Northern Crown") finds its full name ("Northern Crown Railways")
        wherever each stands in the article."""
        phrases: list[tuple[Phrase, int]] = []
        i = len(tokens) - 1
        while i >= 0:
            tok = tokens[i]
            if _name_word(tok) and not (i + 1 < len(tokens) and tokens[i + 1].cap):
                # (a weekday ends no name: "Tallis Foods Ltd on Monday")
                start = _cap_run_back(tokens, i, self.words)
                run = tokens[start:i + 1]
                names = [t for t in run if _name_word(t)]
                if len(names) >= 2 or any(self.words.is_word("title", t.text) for t in run[:-1]):
                    got = _np_back(tokens, i, self.words, depth=3)  # the name, no "of ..."
                    if got is not None and got[1].kind in ("person", "institution", "media"):
                        phrases.append((_apposed(tokens, got[1], got[0], i, self.words),
                                        got[0]))
                i = start - 1
            else:
                i -= 1
        order = sorted(range(len(phrases)), key=lambda n: (
            phrases[n][0].kind == "person", -len(phrases[n][0].name.split()), n))
        found = []
        for n in order:
            phrase, k = phrases[n]
            speaker = self._unregistered(phrase)
            if speaker is not None:
                found.append((phrase.start, speaker, k))
        return found

    def _unregistered(self, phrase: Phrase) -> Speaker | None:
        actor = self._registered(phrase)
        if actor is not None:
            return actor
        key = name_key(phrase.name)
        full = self._full_name(phrase) if phrase.kind in ("person", "institution") else None
        if full is None and phrase.kind == "person" and key in self.by_name and not any(
                self.words.is_word("title", d) for d in phrase.descriptors):
            full = self.by_name[key]  # a name the article gives an institution elsewhere
        if full is not None:
            full.descriptors |= phrase.descriptors
            return full
        if phrase.kind == "person":
            return self._person(phrase)
        if key not in self.by_name:
            self.by_name[key] = Speaker(_display(phrase.name), phrase.kind,
                                        descriptors=set(phrase.descriptors))
        else:
            self.by_name[key].descriptors |= phrase.descriptors
        return self.by_name[key]

    def _full_name(self, phrase: Phrase) -> Speaker | None:
        """The institution a short name stands for, as surnames stand for people: its first
        words before the words that mark a company ("Northern Crown" for "Northern Crown
        Railways", "Halvorsen" for "Halvorsen Pharmaceuticals"), or its initials ("RDF" for
        "Rail Drivers' Federation"). Not a name with a title ("Mr Halvorsen"), a surname the
        article already gives a person, or a short form two institutions share."""
        if any(self.words.is_word("title", d) for d in phrase.descriptors):
            return None
        key = name_key(phrase.name).split()
        if not key or (phrase.kind == "person" and key[-1] in self.people):
            return None
        letters = phrase.name.replace(".", "")
        acronym = len(key) == 1 and len(letters) > 1 and letters.isupper()
        found = {}
        for speaker in self.by_name.values():
            if speaker.kind not in ("institution", "media") or speaker.registered:
                continue
            written = speaker.name.split()
            known = self._keys.get(speaker.name)
            if known is None:
                known = self._keys[speaker.name] = name_key(speaker.name).split()
            if len(known) > len(key) and known[:len(key)] == key and all(
                    self.words.is_word("company", w) for w in written[len(key):]):
                found[id(speaker)] = speaker
            elif acronym and len(written) > 1 and "".join(
                    w[0] for w in written if w[:1].isupper()) == letters:
                found[id(speaker)] = speaker
        return next(iter(found.values())) if len(found) == 1 else None

    def _person(self, phrase: Phrase) -> Speaker:
        words_ = phrase.name.split()
        surname = name_key(words_[-1])
        honorific = any(self.words.is_word("title", d) for d in phrase.descriptors)
        first_new = name_key(phrase.name).split(" ")[:-1]
        for known in self.people.get(surname, []):
            first_known = name_key(known.name).split(" ")[:-1]
            if first_known and first_new and first_known != first_new:
                continue  # two people with one surname
            if len(words_) > len(known.name.split()):
                known.name = phrase.name
            known.descriptors |= phrase.descriptors
            known.pronoun = known.pronoun or next(
                (HONORIFIC_PRONOUN[d] for d in phrase.descriptors if d in HONORIFIC_PRONOUN), "")
            known.weak = known.weak and len(words_) == 1 and not honorific
            return known
        person = Speaker(phrase.name, "person", descriptors=set(phrase.descriptors),
                         weak=len(words_) == 1 and not honorific)
        person.pronoun = next((HONORIFIC_PRONOUN[d] for d in phrase.descriptors
                               if d in HONORIFIC_PRONOUN), "")
        self.people.setdefault(surname, []).append(person)
        return person

    def _registered(self, phrase: Phrase) -> Speaker | None:
        """The registered actor a phrase names, if any."""
        if self.registry.empty:
            return None
        for candidate in (phrase.written, phrase.name):
            actor = self.registry.resolve(candidate)
            if actor:
                return self._actor(actor)
        if phrase.kind in ("person", "institution", "media"):
            found = self.registry.mentions(self.text, phrase.start, phrase.end)
            if found:
                return self._actor(max(found, key=lambda m: (m[1], m[1] - m[0]))[2])
        return None

    # -- resolving --------------------------------------------------------------------
    def resolve(self, phrase: Phrase, pos: int) -> Speaker | None:
        """The speaker a phrase refers to at ``pos`` (``None`` when it refers to nobody)."""
        if phrase.kind == "pronoun":
            return self._pronoun(phrase.name, pos)
        if phrase.kind == "document":
            if phrase.issuer is not None:
                return self.resolve(phrase.issuer, pos)
            return self._pronoun("it", pos)
        actor = self._registered(phrase)
        if actor is not None:
            return actor
        if phrase.kind == "role":
            if phrase.issuer is not None and phrase.issuer.kind in ("institution", "media") and (
                    any(c.isupper() for c in phrase.issuer.name)):
                return self.resolve(phrase.issuer, pos)  # "a spokesman for the Kremlin"
            holder = self._title_holder(phrase, pos)
            if holder is not None:
                return holder
            if phrase.definite and not phrase.plural:
                person = self._described(phrase, pos)
                if person is not None:
                    return person
            body = self._speaks_for(phrase, pos)
            if body is not None:
                return body
            return self._unregistered(Phrase(phrase.start, phrase.end, phrase.written, "role",
                                             _role_name(self.text, phrase), phrase.head,
                                             phrase.definite, phrase.plural,
                                             phrase.descriptors))
        if phrase.kind in ("institution", "media") and phrase.definite:
            if not any(c.isupper() for c in phrase.name):
                earlier = self._named_before(phrase, pos)  # "the ministry" named before
                if earlier is not None:
                    return earlier
            elif len(phrase.name.split()) == 1 and self._head_word(phrase.name):
                # "the Gazette", "the Authority": the head of a longer name given before
                earlier = self._named_before(phrase, pos, "head")
                if earlier is not None and earlier.name != phrase.name:
                    return earlier
        return self._unregistered(phrase)

    def _head_word(self, word: str) -> bool:
        return self.words.is_word("institution", word) or self.words.is_word("media", word)

    def _speaks_for(self, phrase: Phrase, pos: int) -> Speaker | None:
        """The institution a role speaks for, named earlier: "a spokeswoman for the
        authority" after "the Medicines Safety Authority", "a company spokeswoman" after a
        company. A role for nobody named ("a spokesman said") stays a role."""
        issuer = phrase.issuer
        words_ = phrase.written.split()
        if issuer is None and len(words_) >= 2 and words_[-2].isalpha() and (
                words_[-2].islower() and self.words.is_word("institution", words_[-2])
                and not self.words.is_word("role", words_[-2])):
            modifier = words_[-2]
            issuer = Phrase(phrase.start, phrase.end, modifier, "institution", modifier,
                            fold(modifier).lower(), True)
        if issuer is None or issuer.kind not in ("institution", "media") or not issuer.definite:
            return None
        if any(c.isupper() for c in issuer.name):
            return None  # a named issuer is resolved before the title holders
        return self._named_before(issuer, pos, "strict")

    def _title_holder(self, phrase: Phrase, pos: int) -> Speaker | None:
        """A registered actor who holds the title the phrase uses and whom the article names
        (the nearest mention before, else the first after)."""
        if self.registry.empty:
            return None
        holders: set[str] = set()
        for _, _, actors in self.registry.titles(self.text, phrase.start, phrase.end):
            holders.update(actors)
        if not holders:
            return None
        named = [(p, s) for p, s in self.registered if s.name in holders]
        before = [s for p, s in named if p < pos]
        if before:
            return before[-1]
        after = [s for p, s in named if p > pos]
        return after[0] if after else None

    def _described(self, phrase: Phrase, pos: int) -> Speaker | None:
        """The person a definite role refers to ("the minister", "the judge", "the transport
        minister"): the last person before ``pos`` described by its head noun and by every
        word that qualifies it ("transport"); failing that, the only person before ``pos``
        described by the head noun."""
        head = phrase.head
        qualifiers = {d for d in phrase.descriptors - {head}
                      if d not in FUNCTION and d not in DEFINITE | INDEFINITE}
        holders: dict[int, Speaker] = {}
        for _, speaker in self._before(pos):
            if speaker.kind == "person" and head in speaker.descriptors:
                if qualifiers <= speaker.descriptors:
                    return speaker
                holders[id(speaker)] = speaker
        return next(iter(holders.values())) if len(holders) == 1 else None

    def _named_before(self, phrase: Phrase, pos: int, match: str = "any") -> Speaker | None:
        """The institution "the ministry" or "the company" refers to: the last one named
        before ``pos`` whose name holds the head noun; else the last one of the same sort (a
        company for a company word, "the company", "the operator"; a public body or any
        other institution for "the union", "the regulator"); else, unless ``match`` is
        ``"strict"``, the last one of no known sort. A publication only for a media word
        ("the newspaper"). ``match="strict"``: the head noun must be in the name, or be a
        company word and the institution a company; ``match="head"``: the head noun must be
        in the name."""
        kind = phrase.kind

        def nearest(key: tuple[str, str | None]) -> Iterator[Speaker]:
            events, mentions = self.named.get(key, ([], []))
            return (s for _, s in _merged_back((events, 1), (mentions, 0), pos))

        named = next(nearest((kind, phrase.head)), None)  # the head noun in its name
        if named is not None or match == "head":
            return named
        if kind == "media":
            return next(nearest((kind, None)), None) if match == "any" else None
        want = "company" if self.words.is_word("company", phrase.head) else "other"
        if match == "strict" and want != "company":
            return None  # "council figures" name no council unless one is named
        unsorted = None
        for speaker in nearest((kind, None)):
            sort = self._sort(speaker)  # read now: descriptors grow as the article goes on
            if sort == want:
                return speaker
            if sort == "" and unsorted is None:
                unsorted = speaker
        return None if match == "strict" else unsorted

    def _sort(self, speaker: Speaker) -> str:
        """``company`` for a company (a company word heads its name, "Northern Crown
        Railways", or describes it, "Crownline Holdings, the parent company"), ``other`` for
        another institution named by its head noun ("Rail Drivers' Federation", "Ministry of
        Defence"), ``""`` when the name says neither ("Heart Patients Together")."""
        if any(self.words.is_word("company", d) for d in speaker.descriptors
               if d not in FUNCTION):
            return "company"
        words_ = speaker.name.split()
        cut = next((n for n, w in enumerate(words_) if n > 0 and w.lower() in CONNECTORS),
                   len(words_))
        head = words_[cut - 1] if cut else ""
        if self.words.is_word("company", head):
            return "company"
        return "other" if self.words.is_word("institution", head) else ""

    def _index_name(self, entry: tuple[int, Speaker], rank: int) -> None:
        """File a mention (``rank`` 0) or speech event (1) of a named institution or publication
        under its kind, and under its kind and each word of its name, for :meth:`_named_before`
        (their kinds and names do not change until :meth:`finish`)."""
        speaker = entry[1]
        if speaker.kind not in ("institution", "media") or not any(
                c.isupper() for c in speaker.name):
            return
        for word in (None, *dict.fromkeys(name_key(speaker.name).split())):
            lists = self.named.setdefault((speaker.kind, word), ([], []))
            insort_right(lists[rank], entry, key=lambda e: e[0])

    def _before(self, pos: int) -> Iterator[tuple[int, Speaker]]:
        """Mentions and speech events before ``pos``, the nearest first (at one position, the
        speech events first, each list's later entries first)."""
        return _merged_back((self.events, 1), (self.mentions, 0), pos)

    def _pronoun(self, pronoun: str, pos: int) -> Speaker | None:
        """The last speaker, or the last subject of a sentence, before ``pos`` that the pronoun
        can refer to; failing that, the last such name mentioned."""
        recent = _merged_back((self.events, 1), (self.subjects, 0), pos)
        fallback = _merged_back((self.mentions, 0), ((), 0), pos)
        for pool in (recent, fallback):
            for _, speaker in pool:
                if _fits(speaker, pronoun):
                    if not speaker.pronoun and speaker.kind == "person" and pronoun in (
                            "he", "she"):
                        speaker.pronoun, speaker.weak = pronoun, False
                    return speaker
        return None

    def spoke(self, pos: int, speaker: Speaker) -> None:
        """Record that ``speaker`` spoke at ``pos``."""
        insort_right(self.events, (pos, speaker), key=lambda e: e[0])
        self._index_name((pos, speaker), 1)

    def finish(self) -> None:
        """Settle the kinds: a lone capitalised word never confirmed as a person ("Moscow
        said", "Russia announced") is taken for an institution."""
        for speaker in {id(s): s for _, s in self.events}.values():
            if speaker.kind == "person" and speaker.weak and not speaker.registered:
                speaker.kind = "institution"


def _merged_back(first: tuple[Sequence[tuple[int, Speaker]], int],
                 second: tuple[Sequence[tuple[int, Speaker]], int],
                 pos: int) -> Iterator[tuple[int, Speaker]]:
    """The entries of two position-sorted lists before ``pos``, nearest first, read lazily.

    At one position the list with the higher rank (the number paired with it) comes first,
    and within a list the later entry first: the order of sorting both lists together by
    ``(position, rank)`` and reading the result backwards, without building it (a resolver
    that stops at the first fit then costs little however long the article).

    >>> a, b = [(1, "a1"), (5, "a5")], [(1, "b1"), (3, "b3"), (9, "b9")]
    >>> [s for _, s in _merged_back((a, 1), (b, 0), 6)]
    ['a5', 'b3', 'a1', 'b1']
    """
    (xs, x_rank), (ys, y_rank) = first, second
    i = bisect_left(xs, pos, key=lambda e: e[0])
    j = bisect_left(ys, pos, key=lambda e: e[0])
    while i > 0 or j > 0:
        if j == 0 or (i > 0 and (xs[i - 1][0], x_rank) >= (ys[j - 1][0], y_rank)):
            i -= 1
            yield xs[i]
        else:
            j -= 1
            yield ys[j]


def _is_subject(tokens: list[Token], k: int) -> bool:
    """Whether the phrase starting at ``tokens[k]`` opens its sentence (after "But",
    "However," or an opening phrase such as "On Monday,"): the subject a pronoun prefers."""
    j = k - 1
    while j >= 0 and tokens[j].word and tokens[j].low in CLAUSE_OPENERS:
        j -= 1
    if j < 0 or tokens[k].first or tokens[j].kind == "q" or tokens[j].text in ".!?:;":
        return True
    if tokens[j].text != ",":
        return False
    first = _chunk_start(tokens, j - 1)
    opener = tokens[first] if first < j else None
    return opener is not None and (first == 0 or tokens[first].first) and (
        opener.low in FUNCTION or opener.low in TIME_WORDS)


def _fits(speaker: Speaker, pronoun: str) -> bool:
    if speaker.pronoun:
        return speaker.pronoun == pronoun
    if pronoun in ("he", "she"):
        return speaker.kind == "person" or (speaker.kind == "role" and not name_key(
            speaker.name).endswith("s"))
    if pronoun == "it":
        return speaker.kind in ("institution", "media") or speaker.weak
    return speaker.kind == "role" and name_key(speaker.name).endswith("s") or (
        speaker.kind == "institution")


def _apposed(tokens: list[Token], phrase: Phrase, k: int, i: int, words: Words) -> Phrase:
    """``phrase`` (a name in ``tokens[k:i + 1]``) with the words of a description set after
    it by a comma: "Delia Marchbank, the federation's general secretary," is "the general
    secretary" later; "Crownline Holdings, the parent company," is a company; "Halvorsen,
    which ..." is no person (but in "a study by Ann Lee, which ...", "which" may be the
    study)."""
    j = i + 1
    if j + 1 >= len(tokens) or tokens[j].text != "," or not tokens[j + 1].word:
        return phrase
    if tokens[j + 1].low == "which":
        governed = k > 0 and tokens[k - 1].word and tokens[k - 1].low in FUNCTION
        return phrase if governed else _not_a_person(phrase)
    if tokens[j + 1].low not in DEFINITE | INDEFINITE:
        return phrase
    end = j + 1
    while end + 1 < len(tokens) and tokens[end + 1].kind == "w":
        end += 1
    description = _np_forward(tokens, j + 1, end, words)
    if description is None or description.kind not in ("role", "institution") or _proper(
            description):
        return phrase
    if description.kind == "institution":  # "Orla Wexford, the company that ...": no person
        return _described(_not_a_person(phrase), description)
    return _described(phrase, description) if phrase.kind == "person" else phrase


def _display(name: str) -> str:
    """A name to show: no leading article, single spaces."""
    name = re.sub(r"\s+", " ", name).strip()
    return re.sub(r"^(?:the|The|a|an|A|An)\s+", "", name)


def _role_name(text: str, phrase: Phrase) -> str:
    """A role as written, without its article ("spokesman for the ministry")."""
    return _display(text[phrase.start:phrase.end])


class _Spans:
    """Sorted, non-overlapping spans with a fast membership test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)

    def covers(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.spans)


def speaker_columns(speaker: Speaker | None, registry: Registry) -> dict[str, str]:
    """``speaker``, ``speaker_type``, ``speaker_group`` and ``speaker_kind`` of a row."""
    if speaker is None:
        return {"speaker": "", "speaker_type": "", "speaker_group": "", "speaker_kind": ""}
    if speaker.registered:
        info = registry.info(speaker.name)
        return {"speaker": speaker.name, "speaker_type": info.get("actor_type", ""),
                "speaker_group": info.get("group", ""), "speaker_kind": speaker.kind}
    return {"speaker": speaker.name, "speaker_type": UNREGISTERED_TYPES[speaker.kind],
            "speaker_group": "unregistered", "speaker_kind": speaker.kind}
