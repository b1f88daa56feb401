"""The quick path of an ArchiMate read: the elements and relationships of a file in the
shape our export writes, taken from its text without a tree.

A national graph's model is some 300 MB and 10 million XML elements, nearly all of them
in ``<elements>`` (a name and some fifteen ``<property>``/``<value>`` pairs an element);
building the tree of them was half of the read, walking it most of the rest. ``scan``
cuts the two sections out of the file, parses the rest (the model's name and properties,
folders, property definitions, views: a tenth of it) with the same parser as the general
path (the folders of ``<organizations>``, which the reader does not use, only checked to
be well-formed, without a tree), and reads each element and relationship of the sections
with one regular expression that matches only the lines the export writes
(``archimate.dump_archimate``):

- the file is UTF-8 with our XML declaration, has no comment, CDATA section, processing
  instruction or document type (``<!``, a second ``<?``), and declares only the root's
  two namespaces (ArchiMate's as the default, ``xsi``), so every ``<`` is a tag and every
  name means what it says;
- ``<elements>`` and ``<relationships>`` occur once each, as children of the root, and hold
  nothing but elements and relationships written one child a line: an element's
  identifier and type, its names and documentation with a language, then its properties
  as ``<property propertyDefinitionRef="…"><value>…</value></property>``; a relationship
  with its identifier, ends, type (and ``isDirected``), empty or with properties;
- attribute values hold no ``&``, ``<``, quote or control character; texts no ``<``,
  control character or ``]]>``, and each ``&`` starts a reference to an entity XML
  defines or to a character XML allows.

Text matched so is well-formed XML, and its elements, attributes and texts are what a
parser reads from it; the rest of the file is parsed. Anything else, anywhere (another
tool's file, a comment, a name without a language, a malformed line), and ``scan``
returns None: the caller parses the whole file and takes the general path, whose errors
name the line and column as they always did. ``tests/unit/test_archimate_scan.py``
checks the two read the same from generated files, their refusals included.
"""

from __future__ import annotations

import pyexpat
import re
import xml.etree.ElementTree as ET

from .archimate import ARCHIMATE_NS, XSI_NS
from .archimate_concepts import NONE, Concept, Model
from .archimate_names import Texts
from .archimate_tree import NS, Properties, child
from .xml_text import ATTRIBUTE, TEXT, Unusual, section_text, unescape

__all__ = ["scan"]

_HEADS = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<model ',
    b'<?xml version="1.0" encoding="UTF-8"?>\n<model ',
)
_NAMESPACES = (f' xmlns="{ARCHIMATE_NS}"'.encode(), f' xmlns:xsi="{XSI_NS}"'.encode())

_A = ATTRIBUTE
_T = TEXT
_PROPERTY = rf'\n<property propertyDefinitionRef="{_A}"><value>{_T}</value></property>'
"""A property line (``_PROPERTIES`` takes its definition and value)."""
_ELEMENT = re.compile(
    rf'\n<element identifier="({_A})" xsi:type="({_A})">'
    rf'((?:\n<name xml:lang="{_A}">{_T}</name>)*)'
    rf'((?:\n<documentation xml:lang="{_A}">{_T}</documentation>)*)'
    rf"(?:\n<properties>((?:{_PROPERTY})*)\n</properties>)?"
    r"\n</element>"
)
_RELATIONSHIP = re.compile(
    rf'\n<relationship identifier="({_A})" source="({_A})" target="({_A})" '
    rf'xsi:type="({_A})"(?: isDirected="{_A}")?'
    rf"(?:/>|>\n<properties>((?:{_PROPERTY})*)\n</properties>\n</relationship>)"
)
_PROPERTIES = re.compile(
    rf'\n<property propertyDefinitionRef="({_A})"><value>({_T})</value></property>'
)
_TEXTS = re.compile(rf'\n<(?:name|documentation) xml:lang="({_A})">({_T})</')


def _local(kind: str) -> str:
    """As ``archimate_tree.type_of``: ``archimate:Goal`` → ``Goal``; ``?`` for none."""
    return (kind or "?").rsplit(":", 1)[-1]


def _section(data: bytes, tag: bytes, after: int) -> tuple[int, int, str] | None:
    """Where the first ``<tag>`` … ``</tag>`` after ``after`` starts and ends (the bytes
    cut out), and its content as text; None when there is none."""
    opening = b"<" + tag
    start = data.find(opening, after)
    if start < 0:
        return None
    if data[start : start + len(opening) + 1] != opening + b">":
        raise Unusual  # attributes, or an empty element: the general path
    end = data.find(b"</" + tag + b">", start)
    if end < 0:
        raise Unusual
    text = section_text(data, start + len(opening) + 1, end)
    return start + len(opening) + 1, end, text


def scan(data: bytes) -> Model | None:
    """The model of a file in our export's shape, read without a tree of its elements and
    relationships; None for any other file (then parse it: the general path)."""
    if not data.startswith(_HEADS):
        return None
    opening = data[: data.find(b">", len(_HEADS[0]))]
    if b"'" in opening or not all(n in opening for n in _NAMESPACES):
        return None  # (with no ' in the tag, a declaration found in it is one)
    try:
        return _scan(data)
    except Unusual:
        return None


def _scan(data: bytes) -> Model:
    elements = _section(data, b"elements", 0)
    if elements is None:
        raise Unusual
    relationships = _section(data, b"relationships", elements[1])
    cuts = [elements] if relationships is None else [elements, relationships]
    parts, last = [], 0
    for start, end, _ in cuts:
        parts.append(data[last:start])
        last = end
    parts.append(data[last:])
    rest = b"".join(parts)
    # The sections hold no "<" but their tags': what the checks below do not see in the
    # rest of the file is nowhere in it.
    if (
        b"<!" in rest
        or rest.count(b"<?") != 1
        or rest.count(b"xmlns") != 2
        or rest.count(b"<elements") != 1
        or rest.count(b"<relationships") != len(cuts) - 1
    ):
        raise Unusual
    try:
        root = ET.fromstring(_without_folders(rest))  # noqa: S314 (no DTD: checked above)
    except ET.ParseError:
        raise Unusual from None
    if root.tag != f"{NS}model" or child(root, "elements") is None:
        raise Unusual
    if relationships is not None and child(root, "relationships") is None:
        raise Unusual
    properties = Properties(root)
    read = _Reader(properties.names)
    return Model(
        root,
        properties,
        read.elements(elements[2]),
        [] if relationships is None else read.relationships(relationships[2]),
    )


_FOLDERS = (b"<organizations>", b"</organizations>")
_WRAP = (f'<model xmlns="{ARCHIMATE_NS}" xmlns:xsi="{XSI_NS}">'.encode(), b"</model>")
"""The root a section is checked in: the only namespaces the file declares (``scan``)."""


def _without_folders(rest: bytes) -> bytes:
    """``rest`` without the content of its ``<organizations>`` (the folders: most of what
    is left of a national model, and not read), which expat checks to be well-formed
    without building a tree of it; ``rest`` itself when it has no such element."""
    if rest.count(b"<organizations") != 1:
        return rest  # none (or written otherwise): parsed with the rest
    start = rest.find(_FOLDERS[0])
    if start < 0:
        return rest
    start += len(_FOLDERS[0])
    end = rest.find(_FOLDERS[1], start)
    if end < 0:
        raise Unusual
    checker = pyexpat.ParserCreate(None, "}")  # namespaces too: an unbound prefix is an error
    try:
        checker.Parse(_WRAP[0], False)
        checker.Parse(memoryview(rest)[start:end], False)
        checker.Parse(_WRAP[1], True)
    except pyexpat.ExpatError:
        raise Unusual from None
    return rest[:start] + rest[end:]


class _Reader:
    """The concepts of the sections' text, their properties named by the definitions."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def values(self, pairs: str) -> dict[str, str]:
        found = _PROPERTIES.findall(pairs)
        get = self.names.get
        if "&" in pairs:
            return {get(ref, "?"): unescape(value) for ref, value in found}
        return {get(ref, "?"): value for ref, value in found}

    @staticmethod
    def texts(lines: str) -> Texts:
        if "&" not in lines:
            return _TEXTS.findall(lines) if lines else []  # (language, text) each
        return [(lang, unescape(text)) for lang, text in _TEXTS.findall(lines)]

    def elements(self, text: str) -> list[Concept]:
        """Each element of the section, one after another up to its last line."""
        found: list[Concept] = []
        add, match, values, texts = found.append, _ELEMENT.match, self.values, self.texts
        position, end = 0, len(text) - 1
        while position < end:
            matched = match(text, position)
            if matched is None:
                raise Unusual
            identifier, kind, named, documented, pairs = matched.groups()
            if not kind or ":" in kind:
                kind = _local(kind)
            add(
                Concept(
                    identifier,
                    kind,
                    NONE if pairs is None else values(pairs),
                    texts(named),
                    texts(documented),
                    "",
                    "",
                    not (named or documented or pairs is not None),
                )
            )
            position = matched.end()
        if text[position:] != "\n":
            raise Unusual
        return found

    def relationships(self, text: str) -> list[Concept]:
        """Each relationship of the section, one after another up to its last line."""
        found: list[Concept] = []
        add, match, values = found.append, _RELATIONSHIP.match, self.values
        position, end = 0, len(text) - 1
        while position < end:
            matched = match(text, position)
            if matched is None:
                raise Unusual
            identifier, source, target, kind, pairs = matched.groups()
            if not kind or ":" in kind:
                kind = _local(kind)
            if pairs is None:  # most: an empty element, one line
                add(Concept(identifier, kind, NONE, [], [], source, target, True))
            else:
                add(Concept(identifier, kind, values(pairs), [], [], source, target, False))
            position = matched.end()
        if text[position:] != "\n":
            raise Unusual
        return found
