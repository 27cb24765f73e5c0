"""Import saved web pages into a corpus folder: article text, metadata, and where each came from.

``import_pages(pages_dir, corpus_dir)`` (or ``make import PAGES=... CORPUS=...``) reads every
``.html``/``.htm`` file of a folder of saved pages and, for each page:

- extracts the article text with trafilatura, leaving out navigation, cookie banners, menus,
  promos, comments and footers, and writes it to ``<article_id>.txt`` with paragraphs separated
  by blank lines;
- finds the outlet, publication date, headline, author and URL, each from a named source of
  the page (its *basis*: ``og:site_name``, ``JSON-LD``, ``title``, ``dateline``, ...). A value
  the page does not give is left empty and reported, never guessed;
- picks the event from ``events.csv`` (the latest event on or before publication);
- keeps the page itself, byte for byte, under ``pages/`` with its SHA-256.

A page that yields a complete row (outlet, date and event) goes to ``articles.csv``; one that
does not goes to ``needs-review.csv``, with a ``missing`` column saying what to fill in. Running
the import again moves the rows that are now complete into ``articles.csv``, imports new pages,
and never changes an article already in ``articles.csv``.

The result is a table of what happened to each page (:func:`import_pages`); nothing is printed
except by the command line, ``python -m helpers.importer``, which reads the folders from the
``PAGES`` and ``CORPUS`` environment variables.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import shlex
import shutil
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import trafilatura
from htmldate import find_date
from htmldate.extractors import regex_parse
from lxml.html import HtmlElement
from trafilatura.metadata import extract_author
from trafilatura.utils import load_html

from helpers.corpus import CorpusError, Problem, validate_corpus
from helpers.text import fold_typography

PAGE_SUFFIXES = (".html", ".htm")
REVIEW_FILE = "needs-review.csv"
PAGES_FOLDER = "pages"

#: The columns import writes to ``articles.csv``, in this order for a new file. A corpus
#: that already has an ``articles.csv`` keeps its own columns; missing ones are added at the end.
COLUMNS = ("article_id", "seed_file", "outlet", "outlet_basis", "published", "published_basis",
           "event", "event_basis", "headline", "headline_basis", "author", "author_basis",
           "url", "url_basis", "sha256", "page_file", "page_sha256", "evidence")
#: ``needs-review.csv`` has the same columns plus ``missing``, which import rewrites each run.
REVIEW_COLUMNS = ("article_id", "missing", *COLUMNS[1:])
EVENT_COLUMNS = ("event", "label", "date", "announced_by", "why")

#: Fewer words of running text than this (list items not counted) is not an article: an index
#: page, an error page or a page of links.
MIN_WORDS = 40

#: Short paragraphs that only point to another story ("Read more: <link>"). trafilatura keeps
#: them when they sit inside the article; they are pruned before extraction. The length limit
#: keeps a container of the whole article from matching.
_LOWER = "translate(normalize-space(.), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
PROMO_LABELS = ("read more", "read also", "also read", "related:", "see also", "more on this",
                "recommended:")
PROMO_XPATH = (
    ".//*[self::p or self::div or self::li or self::aside][.//a]"
    "[string-length(normalize-space(.)) <= 200]["
    + " or ".join(f"starts-with({_LOWER}, '{label}')" for label in PROMO_LABELS) + "]"
)

#: schema.org types of a news article or blog post in JSON-LD.
ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                 "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
                 "askpublicnewsarticle", "blogposting", "liveblogposting", "report",
                 "scholarlyarticle", "techarticle", "socialmediaposting"}

#: Declared charsets that browsers decode as windows-1252 (the WHATWG Encoding Standard).
_AS_WINDOWS_1252 = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1",
                    "cp819", "ibm819", "iso-ir-100", "csisolatin1", "x-cp1252"}
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_MAGIC = {b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
          b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx, .epub)",
          b"\x1f\x8b": "a gzip-compressed file", b"RIFF": "a RIFF media file"}
_SEPARATORS = " \t|–—-:·•»«/\\~"
_DATELINE_CUT = re.compile(r"\s[–—-]\s")
_TITLE_PARTS = re.compile(r"\s+[|–—\-·•»«:~/]\s+|\s*[|·•»«]\s*|:\s+")
_NOT_PUBLISHED = re.compile(r"\b(?:updated|modified|edited|last)\b", re.IGNORECASE)


class PageError(ValueError):
    """A page that cannot be imported: what is wrong and how to fix it."""

    def __init__(self, what: str, fix: str) -> None:
        self.what, self.fix = what, fix
        super().__init__(f"{what} Fix: {fix}")


@dataclass(frozen=True)
class Found:
    """One metadata value of a page, the source it came from, and the evidence sentence."""

    value: str
    basis: str
    evidence: str


@dataclass
class Page:
    """What one page gives: its paragraphs, each metadata value with its basis, and notes."""

    paragraphs: list[str]
    encoding: str
    outlet: Found | None = None
    published: Found | None = None
    headline: Found | None = None
    author: Found | None = None
    url: Found | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The article text as written to the ``.txt``: paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs) + "\n"


# --- Reading a page -------------------------------------------------------------------------

def decode_page(data: bytes) -> tuple[str, str]:
    """Decode a saved page; return ``(text, encoding)`` or raise :class:`PageError`.

    A byte-order mark wins, then the charset the page declares (``<meta charset>``, the
    ``Content-Type`` meta or an XML declaration), then UTF-8. As in browsers, ``iso-8859-1``
    and ``ascii`` are read as windows-1252. Nothing is guessed: a page that does not decode
    with its declared (or the default) encoding is reported.

    >>> decode_page('<p>café</p>'.encode('utf-16'))
    ('<p>café</p>', 'utf-16 (byte-order mark)')
    >>> decode_page(b'<meta charset="iso-8859-1"><p>\\x93caf\\xe9\\x94</p>')[1]
    'windows-1252 (declared iso-8859-1)'
    >>> decode_page(b'<meta charset="windows-1252"><p>caf\\xe9</p>')
    ('<meta charset="windows-1252"><p>café</p>', 'windows-1252 (declared)')
    """
    if not data.strip():
        raise PageError("the file is empty.", "Save the page again from the browser.")
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            label = name.replace("-sig", "")
            return _decode(data, name, f"{label} (byte-order mark)"), f"{label} (byte-order mark)"
    if b"\x00" in data[:4096]:
        head = data.lstrip(b"\x00")[:1]
        if data[:2] in (b"<\x00", b" \x00", b"\n\x00", b"\r\x00") or \
                (data[:1] == b"\x00" and head in (b"<", b" ", b"\n", b"\r")):
            name = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
            return _decode(data, name, f"{name} (no byte-order mark)"), name
        kind = next((k for magic, k in _MAGIC.items() if data.startswith(magic)), None)
        what = f"looks like {kind}" if kind else "is binary"
        raise PageError(f"is not a web page: it {what} (NUL byte at offset "
                        f"{data.index(0)}).",
                        "Save the page itself from the browser (File > Save Page As, "
                        "\"Web Page, HTML only\") and import that file.")
    declared = _declared_charset(data)
    if declared is None:
        return _decode(data, "utf-8", "utf-8 (the default)"), "utf-8"
    label = declared.lower()
    if label in _AS_WINDOWS_1252:
        name, how = "windows-1252", f"windows-1252 (declared {declared})"
    elif label.startswith(("utf-16", "utf16", "unicode")):
        # Without a byte-order mark the bytes are ASCII-compatible, so the declaration
        # cannot be true; browsers read such a page as UTF-8 (WHATWG), and so do we.
        name, how = "utf-8", f"utf-8 (declared {declared}, but the bytes are not UTF-16)"
    else:
        try:
            name = codecs.lookup(label).name
        except LookupError:
            raise PageError(f"declares charset {declared!r}, which is not a known encoding.",
                            "Correct the charset in the page's <meta charset=...> (for "
                            "example utf-8 or windows-1252), or save the page again as "
                            "UTF-8.") from None
        how = f"{label} (declared)"
    return _decode(data, name, how), how


def _declared_charset(data: bytes) -> str | None:
    """The charset named by an XML declaration or a ``<meta>`` in the first 4 KB, if any."""
    head = data[:4096]
    match = _XML_ENCODING.search(head.lstrip()) or _CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _decode(data: bytes, name: str, how: str) -> str:
    """Decode strictly with ``name``; raise :class:`PageError` at the first bad byte."""
    try:
        return data.decode(name)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        byte = data[err.start]
        hint = (" Bytes such as 0x93 and 0x94 (curly quotes) suggest windows-1252."
                if name.startswith("utf-8") and 0x80 <= byte <= 0x9f else "")
        raise PageError(f"is not valid {how}: byte {byte:#04x} at offset {err.start} "
                        f"(line {line}) cannot be decoded.{hint}",
                        "Put the page's real encoding in its <meta charset=...> (for example "
                        "<meta charset=\"windows-1252\">), or save the page again as UTF-8."
                        ) from None


def parse_page(text: str) -> HtmlElement:
    """Parse decoded HTML into an lxml tree (with trafilatura's loader); raise PageError."""
    tree = load_html(_XML_DECLARATION.sub("", text, count=1))
    if tree is None or not text.lstrip().startswith("<") and "<html" not in text[:2000].lower():
        raise PageError("is not an HTML page (no markup could be parsed).",
                        "Check that the file is a web page saved from a browser or a crawler.")
    return tree


def extract_page(data: bytes) -> Page:
    """Extract the article and its metadata from the bytes of a saved page.

    Raises :class:`PageError` for a page that cannot be decoded or parsed, or that holds no
    article (an index page, an error page).
    """
    text, encoding = decode_page(data)
    tree = parse_page(text)
    ld = _json_ld(tree)
    page = Page(paragraphs=[], encoding=encoding, notes=list(ld.notes))
    meta_site = _meta(tree, "og:site_name")
    outlet_found = _outlet(meta_site, ld)  # before the headline: og:title may end in it
    page.headline = _headline(tree, ld, outlet_found, meta_site)
    page.outlet = outlet_found or _outlet_from_title(tree, page.headline)
    page.author = _author(tree, ld)
    page.url = _url(tree, ld)
    lines = _extract_lines(tree)
    page.paragraphs, removed = _drop_headline(lines, page.headline, tree)
    if len(removed) > 1:
        page.notes.append("left out of the text, above the headline: "
                          + "; ".join(f'"{line}"' for line in removed[:-1]))
    words = sum(len(p.split()) for p in page.paragraphs if not p.startswith(("- ", "| ")))
    if words < MIN_WORDS:
        title = _title(tree)
        named = f' (title "{title}")' if title else ""
        raise PageError(f"holds no article{named}: trafilatura found {words} words of running "
                        "text, which looks like an index page, an error page or a page of "
                        "links.",
                        "Save the article's own page (open the story, then File > Save Page "
                        "As) and import that instead.")
    page.published = _published(tree, ld, page.paragraphs, page.notes)
    if "</html>" not in text[-4096:].lower() and "</body>" not in text[-4096:].lower():
        page.notes.append("the page has no closing </html> tag, so it may have been saved "
                          "incompletely: check that the text ends where the article ends")
    return page


@contextlib.contextmanager
def _quiet_libraries() -> Iterator[None]:
    """Silence trafilatura's and htmldate's log lines; import reports problems itself."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _extract_lines(tree: HtmlElement) -> list[str]:
    """The article's paragraphs as extracted by trafilatura (one per block, stripped)."""
    with _quiet_libraries():
        document = trafilatura.bare_extraction(
            tree, output_format="python", fast=False, favor_precision=False,
            favor_recall=False, include_comments=False, include_tables=True,
            include_images=False, include_formatting=False, include_links=False,
            deduplicate=False, with_metadata=False, prune_xpath=PROMO_XPATH)
    if document is None or not document.text:
        return []
    lines = (" ".join(line.split()) for line in document.text.split("\n"))
    return [line for line in lines if line]


def _norm(text: str) -> str:
    """Normalise for comparison: NFKC, straight quotes, one space, case-folded."""
    return " ".join(fold_typography(unicodedata.normalize("NFKC", text)).split()).casefold()


def _drop_headline(lines: list[str], headline: Found | None,
                   tree: HtmlElement) -> tuple[list[str], list[str]]:
    """Remove the headline printed at the top of the text, and short labels above it.

    Only within the first four lines, and only if every line above the headline is a short
    label (a section name or kicker of at most eight words). Returns ``(kept, removed)``.
    """
    targets = {_norm(h) for h in [*(_h1s(tree)), headline.value if headline else ""] if h}
    for i, line in enumerate(lines[:4]):
        if _norm(line) in targets:
            above = lines[:i]
            if all(len(a.split()) <= 8 and not a.endswith((".", "!", "?")) for a in above):
                return lines[i + 1:], lines[: i + 1]
            return lines, []
    return lines, []


# --- Metadata ---------------------------------------------------------------------------------

@dataclass
class _JsonLd:
    """The JSON-LD article node of a page, the other nodes (to resolve ``@id``), and notes."""

    article: dict[str, Any] | None
    nodes: dict[str, dict[str, Any]]
    notes: list[str]


def _json_ld(tree: HtmlElement) -> _JsonLd:
    """Read every JSON-LD block; keep the first node whose ``@type`` is an article."""
    nodes: list[dict[str, Any]] = []
    notes = []
    scripts = [s for s in tree.iter("script")
               if (s.get("type") or "").strip().lower() == "application/ld+json"]
    for n, script in enumerate(scripts, start=1):
        raw = (script.text or "").strip()
        raw = re.sub(r"^(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)$", "", raw).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except json.JSONDecodeError as err:
            notes.append(f"JSON-LD block {n} is not valid JSON ({err.msg} at line {err.lineno}); "
                         "it was not read")
            continue
        nodes.extend(_flatten(data))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    article = next((node for node in nodes if _types(node) & ARTICLE_TYPES), None)
    return _JsonLd(article, by_id, notes)


def _flatten(data: object) -> Iterator[dict[str, Any]]:
    """Every dict of a JSON-LD document, following lists and ``@graph``."""
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph", []))


def _types(node: dict[str, Any]) -> set[str]:
    """The lower-cased ``@type`` values of a JSON-LD node."""
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _resolve(value: object, ld: _JsonLd) -> object:
    """Replace a bare ``{"@id": ...}`` reference by the node it names."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        return ld.nodes.get(value["@id"], value)
    return value


def _ld_names(value: object, ld: _JsonLd) -> list[str]:
    """The names in a JSON-LD ``author`` or ``publisher`` value (string, object or list)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        item = _resolve(item, ld)
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.strip().startswith("http"):
            names.append(" ".join(name.split()))
    return names


def _ld_text(key: str, ld: _JsonLd) -> str:
    """A string property of the JSON-LD article, or ``""``."""
    value = ld.article.get(key) if ld.article else None
    value = _resolve(value, ld)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _meta(tree: HtmlElement, *names: str) -> str:
    """The content of the first ``<meta property|name=...>`` among ``names`` that has one."""
    for name in names:
        for meta in tree.iter("meta"):
            key = (meta.get("property") or meta.get("name") or "").strip().lower()
            content = " ".join((meta.get("content") or "").split())
            if key == name and content:
                return content
    return ""


def _title(tree: HtmlElement) -> str:
    """The text of the page's ``<title>`` (not an SVG title), whitespace collapsed."""
    for title in tree.iter("title"):
        if not any(a.tag == "svg" for a in title.iterancestors()):
            return " ".join(title.text_content().split())
    return ""


def _h1s(tree: HtmlElement) -> list[str]:
    """The texts of the page's non-empty ``<h1>`` elements."""
    return [t for t in (" ".join(h.text_content().split()) for h in tree.iter("h1")) if t]


def _strip_name(text: str, name: str) -> str:
    """``text`` without the outlet ``name`` and its separator at either end, if it is there.

    >>> _strip_name("Ferry cut | The Harbour Gazette", "The Harbour Gazette")
    'Ferry cut'
    >>> _strip_name("News from Island Voice", "Island Voice")
    'News from Island Voice'
    """
    seps = re.escape(_SEPARATORS.strip())
    name = re.escape(name)
    for pattern in (rf"(.+?)\s*[{seps}]+\s*{name}\s*", rf"\s*{name}\s*[{seps}]+\s*(.+?)"):
        match = re.fullmatch(pattern, text, re.IGNORECASE)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return text


def _outlet(site_name: str, ld: _JsonLd) -> Found | None:
    """The outlet from ``og:site_name``, else from the JSON-LD article's publisher."""
    publishers = _ld_names(ld.article.get("publisher"), ld) if ld.article else []
    if site_name:
        note = ""
        if publishers and _norm(publishers[0]) != _norm(site_name):
            note = f' (the JSON-LD publisher is "{publishers[0]}")'
        elif publishers:
            note = " (the JSON-LD publisher agrees)"
        return Found(site_name, "og:site_name", f"Outlet: og:site_name{note}.")
    if publishers:
        return Found(publishers[0], "JSON-LD", "Outlet: the JSON-LD article's publisher.")
    return None


def _outlet_from_title(tree: HtmlElement, headline: Found | None) -> Found | None:
    """The outlet as what is left of the ``<title>`` once the headline is removed.

    >>> from lxml.html import fromstring
    >>> page = fromstring("<html><head><title>Ferry cut - Local news - Coast FM</title>")
    >>> _outlet_from_title(page, Found("Ferry cut", "h1", "")).value
    'Coast FM'
    >>> page = fromstring("<html><head><title>Coast FM: Ferry cut</title>")
    >>> _outlet_from_title(page, Found("Ferry cut", "h1", "")).value
    'Coast FM'
    """
    title = _title(tree)
    if not title or not headline:
        return None
    n_title, n_head = _norm(title), _norm(headline.value)
    start = n_title.find(n_head)
    if start < 0 or n_title == n_head:
        return None
    # The normalised strings keep the length of the original for ordinary text; fall back to
    # the normalised title when they do not (the outlet then comes out case-folded).
    source = title if len(title) == len(n_title) else n_title
    before, after = source[:start], source[start + len(n_head):]
    # "Headline | Section | Outlet": the last part after the headline; "Outlet: Headline":
    # the first part before it.
    parts = [p.strip() for p in _TITLE_PARTS.split(after or before)]
    parts = [p for p in parts if p.strip(_SEPARATORS)]
    if not parts:
        return None
    rest = (parts[-1] if after.strip(_SEPARATORS) else parts[0]).strip(_SEPARATORS)
    if not rest or len(rest) > 80:
        return None
    return Found(rest, "title", f'Outlet: the <title> "{title}" without the headline.')


def _headline(tree: HtmlElement, ld: _JsonLd, outlet: Found | None,
              site_name: str) -> Found | None:
    """The headline: the page's one ``<h1>``, else ``og:title``, JSON-LD, ``<title>``."""
    outlet_name = outlet.value if outlet else site_name
    h1s = [h for h in _h1s(tree) if not outlet_name or _norm(h) != _norm(outlet_name)]
    in_article = [" ".join(h.text_content().split()) for a in tree.iter("article")
                  for h in a.iter("h1") if h.text_content().strip()]
    candidates = [
        ("h1", h1s[0] if len(h1s) == 1 else (in_article[0] if len(in_article) == 1 else "")),
        ("og:title", _meta(tree, "og:title")),
        ("JSON-LD", _ld_text("headline", ld)),
        ("title", _title(tree)),
    ]
    candidates = [(basis, _strip_name(value, outlet_name) if outlet_name else value)
                  for basis, value in candidates if value]
    if not candidates:
        return None
    basis, value = candidates[0]
    # The <title> often adds the outlet or a section, so only the other headlines are compared.
    differ = [f'{b} "{v}"' for b, v in candidates[1:] if b != "title" and _norm(v) != _norm(value)]
    note = f" ({'; '.join(differ)} differ{'s' if len(differ) == 1 else ''})" if differ else ""
    if basis == "title" and not outlet_name:
        note += "; the <title> may also hold the outlet's name"
    return Found(value, basis, f"Headline: {_BASIS_WORDS[basis]}{note}.")


_BASIS_WORDS = {"h1": "the page's <h1>", "og:title": "og:title", "JSON-LD": "the JSON-LD headline",
                "title": "the <title>"}


def _author(tree: HtmlElement, ld: _JsonLd) -> Found | None:
    """The author(s): ``<meta name="author">``, else JSON-LD, else the byline (trafilatura)."""
    meta = _meta(tree, "author")
    if meta and not meta.startswith("http"):
        return Found(meta, "meta author", 'Author: <meta name="author">.')
    names = _ld_names(ld.article.get("author"), ld) if ld.article else []
    if names:
        return Found("; ".join(names), "JSON-LD", "Author: the JSON-LD article's author.")
    with _quiet_libraries():
        byline = extract_author(tree)
    if byline:
        return Found(byline, "byline", "Author: the byline on the page (read by trafilatura).")
    return None


def _url(tree: HtmlElement, ld: _JsonLd) -> Found | None:
    """The page's address: the canonical link, else ``og:url``, else the JSON-LD url."""
    canonical = next((" ".join((link.get("href") or "").split()) for link in tree.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split()), "")
    for value, basis, words in ((canonical, "canonical link", '<link rel="canonical">'),
                                (_meta(tree, "og:url"), "og:url", "og:url"),
                                (_ld_text("url", ld) or _ld_text("mainEntityOfPage", ld),
                                 "JSON-LD", "the JSON-LD article")):
        if value.startswith(("http://", "https://")):
            return Found(value, basis, f"URL: {words}.")
    return None


def _parse_date(value: str) -> dt.date | None:
    """A date from an ISO 8601 value (the date as written, not converted to UTC)."""
    value = value.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", value)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    parsed = regex_parse(value)
    return parsed.date() if parsed else None


def _published(tree: HtmlElement, ld: _JsonLd, paragraphs: list[str],
               notes: list[str]) -> Found | None:
    """The publication date: meta tag, JSON-LD, a dateline in the text, then htmldate."""
    stated = [("article:published_time",
               _meta(tree, "article:published_time", "og:article:published_time")),
              ("JSON-LD", _ld_text("datePublished", ld))]
    found: list[tuple[str, str, dt.date]] = []
    for basis, raw in stated:
        if not raw:
            continue
        date = _parse_date(raw)
        if date is None:
            notes.append(f'{basis} "{raw}" is not a date import can read; it was not used')
        else:
            found.append((basis, raw, date))
    if found:
        basis, raw, date = found[0]
        others = [f'{b} "{r}" says {d.isoformat()}' for b, r, d in found[1:] if d != date]
        agree = [b for b, _, d in found[1:] if d == date]
        note = (f" ({'; '.join(others)})" if others
                else f" ({', '.join(agree)} agrees)" if agree else "")
        words = "the JSON-LD datePublished" if basis == "JSON-LD" else basis
        return Found(date.isoformat(), basis,
                     f'Published: {words} "{raw}", the date as written{note}.')
    for paragraph in paragraphs[:2]:
        head = _DATELINE_CUT.split(paragraph, maxsplit=1)[0].strip()
        if len(head) > 60 or len(head.split()) > 8 or _NOT_PUBLISHED.search(head):
            continue
        parsed = regex_parse(head)
        if parsed:
            return Found(parsed.date().isoformat(), "dateline",
                         f'Published: the dateline "{head}" at the start of the text.')
    with _quiet_libraries():
        date = find_date(tree, extensive_search=False, original_date=True)
    if date:
        return Found(date, "htmldate",
                     "Published: htmldate found this date in the page's markup (a date meta "
                     "tag, a <time> element or the URL); no published_time, JSON-LD or "
                     "dateline gave one, so check it.")
    return None


# --- Events -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    """One row of ``events.csv`` with a valid date."""

    event: str
    label: str
    date: dt.date


def read_events(path: Path) -> tuple[list[Event], list[Problem]]:
    """The events of an ``events.csv`` with a valid date, and a Problem for each bad row."""
    header, rows = _read_csv(path)
    missing = [c for c in EVENT_COLUMNS if c not in header]
    if missing:
        return [], [Problem(str(path), f"missing column(s) {missing}; found {header}.",
                            f"Use the header {','.join(EVENT_COLUMNS)} (see data/README.md).")]
    events, problems = [], []
    for line, row in rows:
        try:
            date = dt.date.fromisoformat(row["date"].strip())
        except ValueError:
            problems.append(Problem(f"{path}, line {line}", f"date {row['date']!r} of event "
                                    f"{row['event']!r} is not a date in YYYY-MM-DD form.",
                                    "Write the date of the announcement, e.g. 2023-10-02; "
                                    "until then no article is matched to this event."))
            continue
        if row["event"].strip():
            events.append(Event(row["event"].strip(), row["label"].strip(), date))
    return sorted(events, key=lambda e: (e.date, e.event)), problems


def choose_event(published: str, events: list[Event]) -> tuple[Event | None, str]:
    """The latest event on or before ``published``; or ``None`` and why not.

    >>> ev = [Event("a", "A", dt.date(2023, 1, 5)), Event("b", "B", dt.date(2023, 2, 1))]
    >>> choose_event("2023-01-31", ev)[0].event
    'a'
    >>> choose_event("2023-01-01", ev)[1]
    'published 2023-01-01 is before every event in events.csv (the first is a, 2023-01-05)'
    """
    try:
        date = dt.date.fromisoformat(published)
    except ValueError:
        return None, "the publication date is not known"
    if not events:
        return None, "events.csv lists no event with a valid date"
    before = [e for e in events if e.date <= date]
    if not before:
        first = events[0]
        return None, (f"published {published} is before every event in events.csv (the first "
                      f"is {first.event}, {first.date.isoformat()})")
    return before[-1], ""


# --- CSV files --------------------------------------------------------------------------------

def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a CSV as ``(header, [(line, row)])``: UTF-8 (BOM allowed), blank rows skipped."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError([Problem(str(path), f"is not UTF-8 ({err.reason} at byte "
                                   f"{err.start}).", "Save it as UTF-8 CSV.")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    rows = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if not header:
            header = [cell.strip() for cell in record]
            continue
        if len(record) > len(header):
            raise CorpusError([Problem(f"{path}, line {reader.line_num}",
                                       f"has {len(record)} cells but the header has "
                                       f"{len(header)}.",
                                       "Put double quotes around any value that contains a "
                                       "comma.")])
        rows.append((reader.line_num, dict(zip(header, record + [""] * (len(header)
                                                                        - len(record)),
                                               strict=True))))
    return header, rows


@dataclass
class _Table:
    """A CSV file of rows, with its header; written back only if something changed."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    original: str

    @classmethod
    def read(cls, path: Path, columns: tuple[str, ...]) -> _Table:
        if not path.exists():
            return cls(path, list(columns), [], "")
        header, rows = _read_csv(path)
        header = header + [c for c in columns if c not in header]
        return cls(path, header, [{c: row.get(c, "") for c in header} for _, row in rows],
                   path.read_bytes().decode("utf-8-sig"))

    def render(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows([[row.get(c, "") for c in self.header] for row in self.rows])
        return out.getvalue()

    def write(self, keep_empty: bool = True) -> bool:
        """Write the table if it changed; remove it if it is empty and ``keep_empty`` is false."""
        if not self.rows and not keep_empty:
            if self.path.exists():
                self.path.unlink()
                return True
            return False
        text = self.render()
        if text == self.original:
            return False
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8", newline="")
        tmp.replace(self.path)
        return True


# --- The import -------------------------------------------------------------------------------

@dataclass
class _Log:
    """What happened, one row per page or per corpus-level fact, in the order it happened."""

    rows: list[dict[str, str]] = field(default_factory=list)

    def add(self, status: str, page: str, message: str, article_id: str = "") -> None:
        self.rows.append({"page": page, "article_id": article_id, "status": status,
                          "message": message})

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["page", "article_id", "status", "message"])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _slug(stem: str) -> str:
    """A readable ASCII id from a file name.

    >>> _slug("Ferry vote: how councillors voted (Harbour Gazette)")
    'ferry-vote-how-councillors-voted-harbour-gazette'
    """
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60].strip("-")
    return slug or "page"


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, ... whichever is not in ``taken``."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _events(pages: Path, corpus: Path, log: _Log) -> tuple[list[Event], str]:
    """Find events.csv (corpus first, else pages, copied into the corpus); read its events.

    Returns the events and, when there is no usable events.csv, why (for the messages).
    """
    own, brought = corpus / "events.csv", pages / "events.csv"
    if brought.is_file() and own.resolve() != brought.resolve():
        if not own.exists():
            shutil.copyfile(brought, own)
            log.add("note", "events.csv", f"copied events.csv from {pages} into {corpus}.")
        elif own.read_bytes() != brought.read_bytes():
            log.add("note", "events.csv", f"{brought} differs from {own}; the corpus's copy is "
                    "used. Merge them by hand if the pages folder has events the corpus lacks.")
    if not own.exists():
        log.add("note", "events.csv", "no events.csv in the pages folder or the corpus, so no "
                "article gets an event. Add an events.csv (columns "
                f"{','.join(EVENT_COLUMNS)}) to {corpus} and run the import again.")
        return [], "there is no events.csv in the pages folder or the corpus"
    try:
        events, problems = read_events(own)
    except CorpusError as err:
        events, problems = [], err.problems
    for problem in problems:
        log.add("note", "events.csv", str(problem))
    if not events:
        return [], f"{own} has no event with a valid date"
    return events, ""


def _missing(row: dict[str, str], events: list[Event], no_events: str) -> list[str]:
    """What a row still lacks before it can go into articles.csv, each with how to fix it."""
    out = []
    if not row.get("outlet", "").strip():
        out.append("outlet: the page names no outlet (no og:site_name, no JSON-LD publisher, "
                   "and the <title> holds nothing besides the headline); fill in outlet and "
                   "outlet_basis")
    published = row.get("published", "").strip()
    date_ok = False
    if not published:
        out.append("published: the page gives no date (no article:published_time, no JSON-LD "
                   "datePublished, no dateline, nothing htmldate could read); fill in "
                   "published as YYYY-MM-DD and published_basis")
    else:
        try:
            dt.date.fromisoformat(published)
            date_ok = True
        except ValueError:
            out.append(f"published: {published!r} is not a date in YYYY-MM-DD form; correct it")
    event = row.get("event", "").strip()
    if no_events:
        out.append(f"event: {no_events}, so the report would use the built-in events; add an "
                   f"events.csv (columns {','.join(EVENT_COLUMNS)}) to the corpus and run the "
                   "import again")
    elif not event:
        if not date_ok:
            why = ("import picks it once published is filled in (the latest event on or "
                   "before it); or fill in event")
        else:
            why = choose_event(published, events)[1] + ("; add the event the article covers to "
                                                        "events.csv, or fill in event")
        out.append(f"event: {why}")
    elif event not in {e.event for e in events}:
        out.append(f"event: {event!r} is not an event of events.csv; add it there or correct "
                   "event")
    return out


def _fill_event(row: dict[str, str], events: list[Event]) -> bool:
    """Fill an empty event from the publication date; return whether it was filled."""
    if row.get("event", "").strip() or not events:
        return False
    event, _ = choose_event(row.get("published", "").strip(), events)
    if event is None:
        return False
    row["event"] = event.event
    if not row.get("event_basis", "").strip():
        row["event_basis"] = (f"events.csv: the latest event on or before publication "
                              f"({event.label}, {event.date.isoformat()})")
    return True


def _new_row(page: Page, article_id: str, seed_file: str, text_sha: str, page_file: str,
             page_sha: str) -> dict[str, str]:
    """The articles.csv row for a newly imported page (without the event)."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(article_id=article_id, seed_file=seed_file, sha256=text_sha,
               page_file=page_file, page_sha256=page_sha)
    evidence = [f"Imported from {page_file} (read as {page.encoding}); text extracted by "
                f"trafilatura {trafilatura.__version__}."]
    for name, label in (("outlet", "Outlet"), ("published", "Published"),
                        ("headline", "Headline"), ("author", "Author"), ("url", "URL")):
        found: Found | None = getattr(page, name)
        if found:
            row[name], row[f"{name}_basis"] = found.value, found.basis
            evidence.append(found.evidence)
        else:
            evidence.append(f"{label}: not found on the page.")
    row["evidence"] = " ".join(evidence)
    return row


def _store_page(data: bytes, name: str, corpus: Path) -> str:
    """Copy a page into ``pages/`` byte for byte; return its path relative to the corpus."""
    folder = corpus / PAGES_FOLDER
    folder.mkdir(exist_ok=True)
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while (folder / candidate).exists() and (folder / candidate).read_bytes() != data:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    if not (folder / candidate).exists():
        (folder / candidate).write_bytes(data)
    return f"{PAGES_FOLDER}/{candidate}"


def _check_kept(row: dict[str, str], corpus: Path) -> list[str]:
    """Notes on an already imported article whose text or page changed since import."""
    notes = []
    text = corpus / row.get("seed_file", "")
    if not row.get("seed_file") or not text.is_file():
        notes.append(f"its text file {row.get('seed_file')!r} is missing; restore it, or delete "
                     "the row so that the next import brings the page in again")
    elif row.get("sha256") and _sha256(text.read_bytes()) != row["sha256"]:
        notes.append(f"{row['seed_file']} was edited after import and is kept as you left it; "
                     "validate reports the sha256 mismatch until you put the file's new sha256 "
                     "in articles.csv (or restore the text)")
    page = corpus / row.get("page_file", "")
    if row.get("page_file") and page.is_file() and \
            _sha256(page.read_bytes()) != row.get("page_sha256"):
        notes.append(f"{row['page_file']} no longer matches page_sha256; restore the page as "
                     "it was saved")
    return notes


def import_pages(pages_dir: str | Path, corpus_dir: str | Path) -> pd.DataFrame:
    """Import every saved web page (``.html``/``.htm``) of ``pages_dir`` into ``corpus_dir``.

    Returns what happened, one row per page (and per corpus-level note): ``page``,
    ``article_id``, ``status`` and ``message``. Statuses: ``imported`` (into
    ``articles.csv``), ``needs review`` (into ``needs-review.csv``: the ``missing`` column
    says what to fill in), ``moved`` (from ``needs-review.csv`` into ``articles.csv``, now
    complete), ``skipped`` (imported before, or the same bytes as another page), ``kept``
    (imported before and edited since: left as it is), ``not imported`` (no article, an
    encoding problem, a broken file), ``note`` and ``validate`` (a problem ``make validate``
    will report).

    Raises :class:`~helpers.corpus.CorpusError` if the folders cannot be used.
    """
    pages, corpus = Path(pages_dir), Path(corpus_dir)
    if not pages.is_dir():
        raise CorpusError([Problem(str(pages), "is not a folder.",
                                   "Set PAGES to the folder that holds the saved .html or .htm "
                                   "pages.")])
    if corpus.exists() and not corpus.is_dir():
        raise CorpusError([Problem(str(corpus), "exists and is not a folder.",
                                   "Set CORPUS to a folder (it is created if it does not "
                                   "exist).")])
    entries = sorted(pages.iterdir(), key=lambda p: p.name)
    files = [p for p in entries if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES]
    if not files:
        raise CorpusError([Problem(str(pages), "holds no .html or .htm file.",
                                   "Save each article from the browser (File > Save Page As) "
                                   "into this folder, then run the import again.")])
    corpus.mkdir(parents=True, exist_ok=True)
    log = _Log()
    for entry in entries:
        if entry in files or entry.name == "events.csv":
            continue
        if entry.is_dir():
            if not entry.name.endswith("_files"):
                log.add("note", entry.name, "is a folder; only the pages directly in "
                        f"{pages} are read.")
        elif not entry.name.startswith("."):
            log.add("note", entry.name, "was not read: only .html and .htm pages are imported.")
    articles = _Table.read(corpus / "articles.csv", COLUMNS)  # before writing anything
    review = _Table.read(corpus / REVIEW_FILE, REVIEW_COLUMNS)
    events, no_events = _events(pages, corpus, log)
    known = {row["page_sha256"]: ("articles.csv", row) for row in articles.rows
             if row.get("page_sha256")}
    known.update({row["page_sha256"]: (REVIEW_FILE, row) for row in review.rows
                  if row.get("page_sha256")})
    taken = {row.get("article_id", "").strip() for row in articles.rows + review.rows}
    taken |= {p.stem for p in corpus.glob("*.txt")}
    seen: dict[str, str] = {}
    for path in files:
        data = path.read_bytes()
        sha = _sha256(data)
        if sha in seen:
            log.add("skipped", path.name, f"has the same bytes as {seen[sha]}; imported once.")
            continue
        seen[sha] = path.name
        if sha in known:
            table, row = known[sha]
            notes = _check_kept(row, corpus)
            message = f"already imported as {row['article_id']} ({table})"
            if notes:
                log.add("kept", path.name, f"{message}: {'; '.join(notes)}.", row["article_id"])
            elif table == "articles.csv":
                log.add("skipped", path.name, f"{message}; left as it is.", row["article_id"])
            continue
        try:
            page = extract_page(data)
        except PageError as err:
            log.add("not imported", path.name, str(err))
            continue
        except Exception as err:  # one odd page must not stop the others
            log.add("not imported", path.name, f"could not be read: {type(err).__name__}: "
                    f"{err}. Fix: check that the page opens in a browser and save it again.")
            continue
        article_id = _unique(_slug(path.stem), taken)
        taken.add(article_id)
        same_name = corpus / PAGES_FOLDER / path.name
        page_file = _store_page(data, path.name, corpus)
        text_bytes = page.text.encode("utf-8")
        (corpus / f"{article_id}.txt").write_bytes(text_bytes)
        row = _new_row(page, article_id, f"{article_id}.txt", _sha256(text_bytes), page_file,
                       sha)
        _fill_event(row, events)
        missing = _missing(row, events, no_events)
        found = ", ".join(v for v in (row["outlet"], row["published"], row["event"] and
                                      f"event {row['event']}") if v)
        notes = list(page.notes)
        if page_file != f"{PAGES_FOLDER}/{path.name}" and same_name.exists():
            notes.append(f"{PAGES_FOLDER}/{path.name} already holds a different page, so this "
                         f"one is kept as {page_file}; if it replaces the earlier version, "
                         "delete the earlier article's row, text and page")
        if row["published_basis"] == "htmldate":
            notes.append("the date was read by htmldate from the page's markup; check it")
        extra = (". " + "; ".join(notes)) if notes else ""
        if missing:
            review.rows.append({**row, "missing": "; ".join(missing)})
            log.add("needs review", path.name, f"-> {article_id}.txt ({found or 'no metadata'})"
                    f"; missing {'; '.join(missing)}{extra}.", article_id)
        else:
            articles.rows.append({c: row.get(c, "") for c in articles.header})
            log.add("imported", path.name, f"-> {article_id}.txt ({found}){extra}.", article_id)
    _revisit_review(review, articles, events, no_events, log)
    articles.write()
    review.write(keep_empty=False)
    for problem in validate_corpus(corpus):
        log.add("validate", "", str(problem))
    return log.frame()


def _revisit_review(review: _Table, articles: _Table, events: list[Event], no_events: str,
                    log: _Log) -> None:
    """Recheck every row of needs-review.csv: fill the event, move the complete ones.

    Rows added by this run were logged already; older rows are logged here, whether or not
    their page is still in the pages folder.
    """
    new_ids = {r["article_id"] for r in log.rows if r["status"] == "needs review"}
    still = []
    for row in review.rows:
        filled = _fill_event(row, events)
        missing = _missing(row, events, no_events)
        row["missing"] = "; ".join(missing)
        page = Path(row.get("page_file", "")).name
        if missing:
            still.append(row)
            if row["article_id"] not in new_ids:
                log.add("needs review", page, f"already imported as {row['article_id']} "
                        f"({REVIEW_FILE}); still missing {row['missing']}.", row["article_id"])
            continue
        # Columns you added to needs-review.csv come along (but not import's own "missing").
        articles.header += [c for c in review.header
                            if c not in articles.header and c != "missing" and row.get(c)]
        articles.rows.append({c: row.get(c, "") for c in articles.header})
        how = f"event {row['event']} from events.csv" if filled else "with your entries"
        log.add("moved", page, f"{row['article_id']} is complete now ({how}): moved from "
                f"{REVIEW_FILE} to articles.csv.", row["article_id"])
    review.rows = still


# --- Command line -----------------------------------------------------------------------------

def format_log(log: pd.DataFrame, corpus: str) -> str:
    """The import's report for people: one line per page, then a summary and the next steps."""
    lines = []
    for row in log.itertuples(index=False):
        where = f"{row.page}: " if row.page else ""
        lines.append(f"{row.status:>12}  {where}{row.message}")
    counts = log["status"].value_counts()
    imported = int(counts.get("imported", 0) + counts.get("moved", 0))
    review = int(log.loc[log.status == "needs review", "article_id"].nunique())
    failed = int(counts.get("not imported", 0))
    lines.append("")
    lines.append(f"{imported} article(s) added to {corpus}/articles.csv; {review} in "
                 f"{corpus}/{REVIEW_FILE}; {failed} page(s) not imported.")
    if review:
        lines.append(f"Open {REVIEW_FILE}, fill in what its 'missing' column names, and run the "
                     "import again: complete rows move to articles.csv.")
    if counts.get("validate", 0):
        lines.append("make validate will report the problems marked 'validate' above.")
    quoted = shlex.quote(corpus)
    lines.append(f"Next: make validate CORPUS={quoted}, then make report CORPUS={quoted}.")
    return "\n".join(lines)


def main(environ: Mapping[str, str] | None = None) -> int:
    """Entry point of ``python -m helpers.importer``: folders from ``PAGES`` and ``CORPUS``."""
    env = os.environ if environ is None else environ
    pages, corpus = env.get("PAGES", ""), env.get("CORPUS", "")
    if not pages.strip() or not corpus.strip():
        print("Set PAGES (the folder of saved pages) and CORPUS (the corpus folder to create "
              "or add to), e.g. make import PAGES=saved-pages CORPUS=my-corpus",
              file=sys.stderr)
        return 2
    try:
        log = import_pages(pages, corpus)
    except CorpusError as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 1
    print(format_log(log, corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
