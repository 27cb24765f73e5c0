"""Small display helpers so notebooks stay short, deterministic and HTML-safe.

* :func:`setup` applies the figure style and pandas display options.
* :func:`say` renders a sentence of prose whose numbers and quoted text come
  from code. Every value is HTML- and Markdown-escaped: article text is
  untrusted input and must never reach a report as live markup.
"""

from __future__ import annotations

import html
import numbers
import re
from typing import Any

import pandas as pd
from IPython.display import Markdown, display

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$])")


def setup() -> None:
    """Apply the suite's figure style and pandas display options (first cell of a notebook)."""
    from helpers import plotting  # here, so the report build's own process never loads matplotlib

    plotting.use_style()
    pd.set_option("display.max_colwidth", 160)
    pd.set_option("display.max_rows", 120)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 3)


def escape(value: Any) -> str:
    """Escape text for Markdown output: HTML entities, then Markdown's special characters.

    >>> print(escape('<b>"Mission accomplished"</b> *now*'))
    &lt;b&gt;"Mission accomplished"&lt;/b&gt; \\*now\\*
    """
    return html.escape(_MD_SPECIAL.sub(r"\\\1", str(value)), quote=False)


def _safe(value: Any) -> Any:
    """Numbers pass through (so format specs like ``{x:.0%}`` work); anything else is escaped."""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    return escape(value)


def markdown(template: str, **values: Any) -> Markdown:
    """Fill ``template`` (``str.format`` style) with escaped values; return a Markdown object."""
    return Markdown(template.format(**{k: _safe(v) for k, v in values.items()}))


def say(template: str, **values: Any) -> None:
    """Display a sentence of prose with computed, escaped values.

    Example: ``say("The corpus has **{n}** articles.", n=len(articles))``.
    """
    display(markdown(template, **values))


def bullets(items: list[str], empty: str = "") -> Markdown:
    """A Markdown bullet list of escaped strings (for example evidence sentences).

    With no items, the sentence ``empty`` instead (escaped), so a notebook says why the
    list is empty.
    """
    if not items:
        return Markdown(escape(empty))
    return Markdown("\n".join(f"- {escape(item)}" for item in items))


def signed(value: float, digits: int = 2) -> str:
    """A score with its sign, as prose shows it: ``+0.09``, ``-0.11``, and ``0.00`` for a value
    that rounds to zero (never ``-0.00``).

    >>> signed(0.094), signed(-0.113), signed(-0.002), signed(0)
    ('+0.09', '-0.11', '0.00', '0.00')
    """
    rounded = round(float(value), digits)
    if rounded == 0:
        return f"{0:.{digits}f}"
    return f"{rounded:+.{digits}f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the word, singular for one: ``1 piece``, ``2 pieces``, ``0 pieces``.

    ``many`` is the plural when it is not ``word + "s"``.

    >>> plural(1, "quoted phrase"), plural(3, "quoted phrase"), plural(2, "was", "were")
    ('1 quoted phrase', '3 quoted phrases', '2 were')
    """
    n = int(n)
    return f"{n} {word if n == 1 else (many or word + 's')}"



def missing_table(file: str, consequence: str) -> Markdown:
    """The sentence a lesson shows where the corpus lacks one of its own story tables.

    >>> print(missing_table("naming.csv", "naming is not compared").data)
    This corpus has no `naming.csv`, so naming is not compared; add one to the corpus folder \
(columns in data/README.md).
    """
    name = file.replace("`", "")
    return Markdown(f"This corpus has no `{name}`, so {escape(consequence)}; add one to the "
                    "corpus folder (columns in data/README.md).")


def quoted(text: str) -> str:
    """``text`` in curly quotation marks, unless it already starts with a quotation mark.

    >>> quoted("Talks resumed."), quoted('"We will stay," she said.')
    ('“Talks resumed.”', '"We will stay," she said.')
    """
    return text if text[:1] in "\"'“‘«" else f"“{text}”"
