"""Parsing XML from outside safely: no entity expansion, no external references, and every
failure is a located ``ValidationError``.

Entities and external references can only be declared in a document type declaration, so
UTF-8 without ``<!DOCTYPE`` is parsed by the standard library's C parser (several times
faster on a national graph's hundreds of megabytes); anything else goes through
``defusedxml``, which refuses them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..domain import ValidationError
from .reading import decode_utf8

__all__ = ["XML_LANG", "local", "parse_xml", "to_bytes"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def local(tag: str) -> str:
    """A tag or attribute name without its namespace: ``{ns}node`` → ``node``."""
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes, name: str) -> ET.Element:
    """The root element of ``data``; bad, unsafe or mis-encoded XML is a located error."""
    declared = _DECLARED.match(data[:200])
    utf8 = declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")
    if utf8:
        decode_utf8(data, name)  # names the line of a byte that is not UTF-8
    try:
        if utf8 and b"<!DOCTYPE" not in data:
            return ET.fromstring(data)  # noqa: S314 (no DTD: nothing to expand or fetch)
        return fromstring(data)
    except ET.ParseError as exc:
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


def to_bytes(root: ET.Element) -> bytes:
    """UTF-8 XML with a declaration, indented for people who open it in an editor."""
    ET.indent(root, space="  ")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
