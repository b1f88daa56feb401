r"""The one way user text reaches DOT and the SVG: titles, descriptions, tags, ids.

Graphviz interprets text on three levels, so each kind of value has its own function:

- ``html``: content of an HTML-like label (``label=<...>``). XML-escaped, so ``<``, ``>``,
  ``&`` and quotes stay text; backslashes doubled, so ``\N``, ``\G``, ``\L``, ``\E``,
  ``\T``, ``\H`` are not expanded; newlines become ``<BR/>``; ``]`` becomes ``&#93;``
  (Graphviz 2.43 takes a text piece of just ``]`` or ``]]`` for a syntax error).
- ``attr``: an escString attribute (tooltip, id). Graphviz unescapes these more than once
  and differently between versions, so a backslash is replaced by the look-alike "∖"
  (U+2216); the result is a ``graphviz.nohtml`` string, so ``<...>`` is never taken for
  an HTML label, and the ``graphviz`` package escapes its double quotes.
- ``html_attr``: an attribute inside an HTML-like label (``<TD TOOLTIP="...">``): as
  ``attr``, then XML-escaped, with newlines as spaces (a ``<BR/>`` there is not markup
  but a syntax error that stops the whole drawing).
- ``link``: a node's page, ``/#node=<id>`` with the id percent-encoded; user text never
  supplies a URL, so no ``javascript:`` link can exist.

All of them first ``clean`` the text: characters XML 1.0 forbids are dropped (Graphviz
would copy them into an SVG no parser accepts); an ``&`` that starts something shaped
like an entity (``&amp;``, ``&#0;``) gets an invisible word joiner after it, because
Graphviz copies such sequences into the SVG verbatim; and ``javascript:`` / ``vbscript:``
get a word joiner before the colon, so no scanner or browser can read one out of the map.

>>> print(html('a < b & "c" \\N'))
a &lt; b &amp; &quot;c&quot; \\N
>>> print(attr('say "\\N"'))
say "∖N"
>>> link("proj 1/ä")
'/#node=proj%201%2F%C3%A4'
"""

from __future__ import annotations

import re
import textwrap
from html import escape as _xml
from urllib.parse import quote

from graphviz import nohtml

__all__ = ["WORD_JOINER", "attr", "clean", "html", "html_attr", "link", "wrap"]

WORD_JOINER = "\u2060"
"""Zero-width, unbreakable: invisible in every output, but it breaks a pattern."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]*;)")
_SCRIPT_SCHEME = re.compile(r"((?:java|vb)script\s*):", re.IGNORECASE)


def clean(text: str) -> str:
    """Text safe to hand Graphviz in any attribute: see the module docstring."""
    text = _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\t", " ")
    text = _ENTITY_LIKE.sub("&" + WORD_JOINER, text)
    return _SCRIPT_SCHEME.sub(r"\1" + WORD_JOINER + ":", text)


def html(text: str) -> str:
    """Text for inside an HTML-like label; newlines become line breaks."""
    escaped = _xml(clean(text), quote=True).replace("\\", "\\\\").replace("]", "&#93;")
    return "<BR/>".join(escaped.split("\n"))


def attr(text: str, limit: int | None = None) -> str:
    """Text for an escString attribute such as ``tooltip`` or ``id``, cut to ``limit``."""
    text = clean(text).replace("\\", "\u2216")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return nohtml(text)  # type: ignore[no-any-return]


def html_attr(text: str, limit: int | None = None) -> str:
    """Text for an attribute of an HTML-like label's element, such as a cell's TOOLTIP."""
    flat = " ".join(str(attr(text, limit)).split("\n"))
    return _xml(flat, quote=True)


def link(node_id: str, base: str = "/#node=") -> str:
    """The address of a node's page; the id is percent-encoded."""
    return base + quote(node_id, safe="")


def wrap(text: str, width: int, longest: int | None = None) -> list[str]:
    """Lines of about ``width`` characters, broken between words and after hyphens. A word
    stays whole up to ``longest`` characters (default ``width + 12``: Finnish compounds
    such as "vaikutusmahdollisuuksien" read badly cut), and only a longer one is cut.

    >>> wrap("Kansalaisten vaikutusmahdollisuuksien parantaminen", 22)
    ['Kansalaisten', 'vaikutusmahdollisuuksien', 'parantaminen']
    """
    longest = max(longest or width + 12, width)
    words = []
    for word in text.split():
        words += [word[i : i + longest] for i in range(0, len(word), longest)]
    lines = textwrap.wrap(
        " ".join(words), width=width, break_long_words=False, break_on_hyphens=True
    )
    return lines or [""]
