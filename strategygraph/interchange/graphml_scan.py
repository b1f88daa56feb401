"""The quick path of a GraphML read: a graph's nodes and edges taken from the file's text
without a tree, when they are written as our export writes them.

A national graph's file is some three million XML elements, nearly all of them the
``<data>`` of its nodes and edges; building the tree of them was half of the read.
``scan`` finds the run of ``<node>`` and ``<edge>`` elements that ends the first graph,
matches each with one regular expression, and parses the rest of the file (its keys, the
graph and the graph's data: a few kilobytes) with the same parser as the general path,
the run replaced by one empty element that shows where it stood. It reads the run only
when:

- the file is UTF-8 and has no comment, CDATA section, document type or processing
  instruction (``<!``, a ``<?`` other than the XML declaration), so every ``<`` is a tag;
- no key declares a default (with one, no element takes the quick path: ``DataPlan``);
- every element of the run is a ``<node>`` or ``<edge>`` whose attributes have plain
  names and double-quoted values, empty or holding ``<data key="…">`` elements with
  text only, with nothing but white space between them; the run declares no namespace;
- the run is the first graph's last children (the empty element in the parsed rest
  says so), so it holds the graph's every node and edge.

Attribute values hold no ``&``, ``<``, quote or control character; texts no ``<``, control
character or ``]]>``, and each ``&`` starts a reference (``xml_text``). Text matched so is
well-formed XML, and its elements, attributes and texts are what a parser reads from it.
Anything else and ``scan`` returns None: the caller parses the whole file, whose errors name
the line and column. An element of the run the quick path does not type (a risk, an odd
value) is parsed on its own (``Scanned.element``) and read the general way.
``tests/unit/test_graphml_quick.py`` checks the scan, the quick path and the general path
read the same from random files.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .xml_text import ATTRIBUTE, TEXT, Unusual, section_text, unescape
from .xmlsafe import declares_utf8, local

__all__ = ["Item", "Scanned", "as_element", "scan"]

_SPACE = r"[ \t\r\n]"
_NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
_ITEM = re.compile(
    rf"{_SPACE}*<(node|edge)((?:{_SPACE}+{_NAME}=\"{ATTRIBUTE}\")*){_SPACE}*"
    rf'(?:/>|>((?:{_SPACE}*<data key="{ATTRIBUTE}">{TEXT}</data>)*){_SPACE}*</\1>)'
)
_ATTRIBUTES = re.compile(rf'({_NAME})="({ATTRIBUTE})"')
_DATA = re.compile(rf'<data key="({ATTRIBUTE})">({TEXT})</data>')
_TRAILING = re.compile(rf"{_SPACE}*")
_FIRST_GRAPH = re.compile(rb"<graph[ \t\r\n/>]")
_FIRST_ITEM = re.compile(rb"<(?:node|edge)[ \t\r\n/>]")
_MARK = "strategygraph-scanned-run"
"""The empty element that stands in the parsed rest where the run was."""


class Item(dict[str, str]):
    """A node or edge of the run: its attributes (the dict itself, so ``get`` is the
    C-level ``dict.get`` where the general path asks ``ET.Element.get``), its ``<data>``
    as (key, text) pairs, and where it is in the run's text."""

    __slots__ = ("end", "pairs", "start")
    pairs: list[tuple[str, str]]
    start: int
    end: int


class Scanned:
    """A file read by ``scan``: its root without the run, and the run's nodes and edges."""

    def __init__(self, root: ET.Element, nodes: list[Item], edges: list[Item], text: str) -> None:
        self.root, self.nodes, self.edges = root, nodes, edges
        self._text = text
        tag = root.tag
        self._opening = f'<graphml xmlns="{tag[1 : tag.index("}")]}">' if tag[0] == "{" else "<x>"

    def element(self, item: Item) -> ET.Element:
        """The item parsed on its own, as the whole file's parse has it (for the general
        path: the namespace of the run's tags is the root's default, as in the file)."""
        wrapped = f"{self._opening}{self._text[item.start : item.end]}</graphml>"
        return ET.fromstring(wrapped)[0]  # noqa: S314 (matched text: no DTD, no entities)


def as_element(item: ET.Element | Item, scanned: Scanned | None) -> ET.Element:
    """An element to read the general way: a scanned item parsed on its own."""
    if isinstance(item, Item):
        assert scanned is not None  # (items come only from a scan)
        return scanned.element(item)
    return item


def scan(data: bytes) -> Scanned | None:
    """The nodes and edges of a file in our export's shape, read without a tree of them;
    None for any other file (then parse it: the general path)."""
    if not declares_utf8(data):
        return None
    graph = _FIRST_GRAPH.search(data)
    first = _FIRST_ITEM.search(data, graph.end()) if graph else None
    if first is None:
        return None
    start, end = first.start(), data.find(b"</graph>", first.start())
    if end < 0:
        return None
    try:
        return _scan(data, start, end)
    except Unusual:
        return None


def _scan(data: bytes, start: int, end: int) -> Scanned:
    mark = f"<{_MARK}/>".encode()
    rest = b"".join((data[:start], mark, data[end:]))
    # The run holds no "<" but its tags' (``_items`` matches all of it, or raises): what
    # these checks do not see in the rest of the file is nowhere in it. (Over the whole
    # file, the two searches for "<" and a next byte took 0.3 s: every tag is a "<".)
    if b"<!" in rest or rest.count(b"<?") != (1 if rest.startswith(b"<?xml") else 0):
        raise Unusual  # a comment, CDATA, document type or processing instruction
    if rest.count(mark) != 1:
        raise Unusual  # the file has our mark of its own: it could be taken for ours
    if b"<default" in rest:
        raise Unusual  # a key's default: no element is for the quick path, parse the whole
    text = section_text(data, start, end)
    if "xmlns" in text:
        raise Unusual  # a namespace declared in the run: its names could mean otherwise
    nodes, edges = _items(text)
    try:
        root = ET.fromstring(rest)  # noqa: S314 (no DTD: checked above)
    except ET.ParseError:
        raise Unusual from None
    graph = next((g for g in root if local(g.tag) == "graph"), None)
    if graph is None or not len(graph) or local(graph[-1].tag) != _MARK:
        raise Unusual  # the run is not where the first graph's children end
    # The run is the first graph's last children, and no <node or <edge comes before it
    # in the file: it holds all the graph's nodes and edges.
    graph.remove(graph[-1])
    return Scanned(root, nodes, edges, text)


def _items(text: str) -> tuple[list[Item], list[Item]]:
    """Each node and edge of the run, one after another up to its end."""
    nodes: list[Item] = []
    edges: list[Item] = []
    match, attributes, data = _ITEM.match, _ATTRIBUTES.findall, _DATA.findall
    position, end = 0, len(text)
    while True:
        matched = match(text, position)
        if matched is None:
            break
        kind, attrs, content = matched.groups()
        found = attributes(attrs)
        item = Item(found)
        if len(item) != len(found):
            raise Unusual  # an attribute twice: a parser refuses it
        pairs = data(content) if content else []
        if content and "&" in content:
            pairs = [(key, unescape(value)) for key, value in pairs]
        item.pairs, item.start, item.end = pairs, matched.start(), matched.end()
        (nodes if kind == "node" else edges).append(item)
        position = item.end
    if _TRAILING.fullmatch(text, position, end) is None:
        raise Unusual  # something else in the run
    return nodes, edges
