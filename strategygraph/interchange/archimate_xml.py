r"""Text for XML written as text: the characters escaped in content and in attributes.

>>> text("a < b & c\r\nd")
'a &lt; b &amp; c&#13;\nd'
>>> attr('"Hyvä" <ja> kaunis')
'&quot;Hyvä&quot; &lt;ja&gt; kaunis'

A carriage return is written as a character reference, since a parser turns a literal
CRLF into LF; in attributes tabs and newlines are too, since a parser turns them into
spaces.
"""

from __future__ import annotations

import re

__all__ = ["attr", "text"]

_TEXT = re.compile(r"[&<>\r]")
_ATTR = re.compile(r'[&<>"\r\n\t]')
_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\r": "&#13;",
    "\n": "&#10;",
    "\t": "&#9;",
}


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def text(value: str) -> str:
    """``value`` as element content."""
    return _TEXT.sub(_escape, value) if _TEXT.search(value) else value


def attr(value: str) -> str:
    """``value`` inside a double-quoted attribute."""
    return _ATTR.sub(_escape, value) if _ATTR.search(value) else value
