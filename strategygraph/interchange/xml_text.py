"""Reading XML text the way a parser reads it, without a parser: the pieces the quick
paths of the XML formats (``archimate_scan``, ``graphml_scan``) match our exports' lines
with.

A quick path cuts a section of a file that holds only elements written as our export
writes them, checks it with ``section_text`` and matches it line by line with regular
expressions built of ``ATTRIBUTE`` and ``TEXT``. What these match is well-formed XML, and
reads as a parser reads it (``unescape``); anything else raises ``Unusual``, and the caller
parses the whole file (the general path, whose errors name the line and column).
"""

from __future__ import annotations

import re

__all__ = ["ATTRIBUTE", "TEXT", "Unusual", "section_text", "unescape"]

ATTRIBUTE = r'[^"<&\x00-\x1f\ufffe\uffff]*'
"""An attribute value a parser reads as it is written (no reference, nothing normalised)."""
TEXT = r"[^<\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]*"
"""A text with no raw carriage return (a parser reads CR LF as LF); its ``&`` and ``]]>``
are checked once for the whole section (``section_text``)."""
_AMPERSAND = re.compile("&")
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class Unusual(Exception):
    """Something the quick path does not read: the general path reads the file."""


def _character(match: re.Match[str]) -> str:
    named, decimal, hexadecimal = match.groups()
    if named:
        return _ENTITIES[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        raise Unusual  # a parser refuses it
    return chr(code)


def unescape(text: str) -> str:
    """The text a parser reads of ``text`` (whose every ``&`` starts a reference)."""
    return _REFERENCE.sub(_character, text) if "&" in text else text


def section_text(data: bytes, start: int, end: int) -> str:
    """``data[start:end]`` decoded, when it is UTF-8 in which every ``&`` starts a
    reference to an entity XML defines or a character, and no text holds ``]]>``."""
    try:
        # through a view: a national model's section is 200 MB, not copied before decoding
        text = str(memoryview(data)[start:end], "utf-8")
    except UnicodeDecodeError:
        raise Unusual from None
    if "]]>" in text:
        raise Unusual  # not allowed in a text
    if "&" in text and len(_AMPERSAND.findall(text)) != len(_REFERENCE.findall(text)):
        raise Unusual  # an & that starts no reference
    return text
