"""A GraphML file's structure as read: its ``<key>`` declarations (id → attribute name,
declared defaults), an element's ``<data>`` by key name, a graph's nodes and edges, a yEd
node label.

Generic GraphML, apart from what the data mean: ``graphml_read`` makes our nodes and edges
of it, ``graphml_quick`` types plain elements by the same key names and ``<data>`` tags.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .graphml import GRAPHML_NS
from .xmlsafe import local

__all__ = ["DATA_TAGS", "Keys", "graph_elements", "yed_label"]


class Keys:
    """The file's ``<key>`` declarations: id → attribute name, and declared defaults."""

    def __init__(self, root: ET.Element) -> None:
        self.names: dict[str, str] = {}
        self.defaults: dict[str, dict[str, str]] = {"node": {}, "edge": {}, "graph": {}}
        for key in root:
            if local(key.tag) != "key":
                continue
            attrs = key.attrib
            name = attrs.get("attr.name") or attrs.get("yfiles.type") or attrs.get("id", "")
            self.names[attrs.get("id", "")] = name
            default = next((c for c in key if local(c.tag) == "default"), None)
            domain = attrs.get("for", "all")
            for target in ("node", "edge", "graph") if domain == "all" else (domain,):
                if default is not None and target in self.defaults:
                    self.defaults[target][name] = default.text or ""

    def read(self, element: ET.Element, domain: str) -> dict[str, str]:
        """The element's ``<data>`` by key name (with the declared defaults); a nested
        ``<graph>`` sets ``nested``."""
        defaults = self.defaults[domain]
        values = dict(defaults) if defaults else {}
        names = self.names
        self.nested = False
        for child in element:  # some three million for a national graph: kept lean
            tag = child.tag
            if tag in _ITEMS:  # a graph's nodes and edges, read each on its own
                continue
            if tag in DATA_TAGS or (type(tag) is str and local(tag) == "data"):
                key = child.get("key", "")
                text = child.text if not len(child) else "".join(child.itertext())
                values[names.get(key, key)] = text or ""
            elif type(tag) is str and local(tag) == "graph":
                self.nested = True
        return values


def _tags(name: str) -> frozenset[str]:
    return frozenset({f"{{{GRAPHML_NS}}}{name}", name})


DATA_TAGS, _NODE, _EDGE = _tags("data"), _tags("node"), _tags("edge")
_ITEMS = _NODE | _EDGE


def graph_elements(graph: ET.Element) -> tuple[list[ET.Element], list[ET.Element], bool]:
    """The graph's nodes and edges, and whether it has hyperedges, in one pass."""
    nodes, edges = [], []
    hyperedges = False
    for element in graph:
        tag = element.tag
        if tag in _NODE:
            nodes.append(element)
        elif tag in _EDGE:
            edges.append(element)
        elif type(tag) is str:
            kind = local(tag)
            if kind == "node":
                nodes.append(element)
            elif kind == "edge":
                edges.append(element)
            elif kind == "hyperedge":
                hyperedges = True
    return nodes, edges, hyperedges


def yed_label(element: ET.Element) -> str:
    """The text of a yEd ``<y:NodeLabel>`` in the node's graphics data, if any."""
    for child in element.iter():
        if local(child.tag) == "NodeLabel":
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return ""
