"""Parsing XML from outside safely: a file with a document type declaration goes through
``defusedxml`` (no entity expansion, no external references); one without has none of
those to use, and is read by ElementTree's C parser. Every failure is a located
``ValidationError``."""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..domain import ValidationError
from .reading import decode_utf8

__all__ = ["XML_LANG", "declares_utf8", "local", "parse_xml", "to_bytes"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00?\x00", b"\x00<\x00?")
_XML_ADVICE = (
    "save it as UTF-8, or name its encoding in the XML declaration, e.g. "
    '<?xml version="1.0" encoding="ISO-8859-1"?>'
)


def local(tag: str) -> str:
    """A tag or attribute name without its namespace: ``{ns}node`` → ``node``."""
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes, name: str) -> ET.Element:
    """The root element of ``data``; bad, unsafe or mis-encoded XML is a located error."""
    utf16 = data.startswith(_UTF16)  # expat reads it as it is, by its byte-order mark
    try:
        if not _declares(data, utf16):  # nothing to expand or fetch: the C parser, safely
            return ET.fromstring(data)  # noqa: S314 (no DTD: no entities, no references)
        return fromstring(data)
    except ET.ParseError as exc:
        # expat refuses a byte that is not UTF-8 too: only then is the whole file decoded
        # (a second pass over it, a second of a national graph), to name the byte's line
        if not utf16 and declares_utf8(data):
            decode_utf8(data, name, _XML_ADVICE)
        line, column = exc.position
        message = str(exc).split(":", 1)[0]
        raise ValidationError.one(
            "xml-syntax",
            f"the file is not well-formed XML: {message}",
            where=f"{name} line {line}, column {column + 1}",
        ) from None
    except DefusedXmlException as exc:
        raise ValidationError.one(
            "xml-unsafe",
            f"the file uses XML features refused for safety ({type(exc).__name__}: "
            "entity declarations or external references)",
            where=name,
        ) from None


def declares_utf8(data: bytes) -> bool:
    """Is ``data`` UTF-8 by its XML declaration: one naming UTF-8, or none naming an
    encoding (then XML reads it as UTF-8, but for a byte-order mark)?"""
    declared = _DECLARED.match(data[:200])
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


def _declares(data: bytes, utf16: bool) -> bool:
    """Does the file have a document type declaration (where entities and external
    references live)? Without one, ElementTree's own C parser (several times faster than
    ``defusedxml``'s Python one) has nothing to expand or fetch; with one, ``defusedxml``
    refuses what is unsafe. An entity can be declared only inside a document type
    declaration (``<!ENTITY`` elsewhere is a syntax error), so one search is enough."""
    text = data.decode("utf-16", "replace").encode("utf-8", "replace") if utf16 else data
    return b"<!DOCTYPE" in text


def to_bytes(root: ET.Element) -> bytes:
    """UTF-8 XML with a declaration, indented for people who open it in an editor; a CR
    in text is written ``&#13;`` so that CRLF line ends read back as they were."""
    ET.indent(root, space="  ")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    # A reader turns a raw CR (CRLF) into LF; as a character reference it stays. Only
    # text holds a CR here (indentation is LF), so every one is written that way.
    return data.replace(b"\r", b"&#13;") + b"\n"
