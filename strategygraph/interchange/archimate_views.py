"""The folders (organizations) and the diagrams of an ArchiMate export.

Folders: one per region, holding one folder per layer with its elements, then one for the
relationships and one for the views, so a modelling tool shows the model as the product
does. Views: one per region, its layers drawn top (national goals) to bottom (projects),
at most ``PER_ROW`` nodes a row, with the nodes of other regions its edges reach (the
national goals) and a connection for every relationship between the drawn nodes::

    [national goal]   [national goal]
          [organisational vision]
    [line] [line] [line]
    ...
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..domain import NodeKind as K
from ..glossary import glossary
from .xmlsafe import XML_LANG

__all__ = [
    "PER_ROW",
    "PLACEHOLDER_ID",
    "Drawn",
    "add_organizations",
    "add_placeholder",
    "add_views",
]

PER_ROW = 8
PLACEHOLDER_ID = "id-strategygraph-empty"
"""The Grouping an export of an empty graph holds; the import passes over it."""
WIDTH, HEIGHT, GAP = 180, 60, 24
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass
class Drawn:
    """What the elements and relationships were written as, for folders and views."""

    lang: str
    used: set[str] = field(default_factory=set)
    identifiers: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, K] = field(default_factory=dict)
    nodes: dict[str, list[str]] = field(default_factory=dict)
    """Node ids by region, in the order written."""
    edges: list[tuple[str, str, str]] = field(default_factory=list)

    def add_node(self, node_id: str, identifier: str, kind_type: str, kind: K, region: str) -> None:
        self.used.add(identifier)
        self.identifiers[node_id] = identifier
        self.types[node_id] = kind_type
        self.kinds[node_id] = kind
        self.nodes.setdefault(region, []).append(node_id)

    def add_edge(self, source: str, target: str, identifier: str) -> None:
        self.edges.append((source, target, identifier))


def _item(parent: ET.Element, label: str | None = None, ref: str | None = None) -> ET.Element:
    item = ET.SubElement(parent, "item", {"identifierRef": ref} if ref else {})
    if label is not None:
        ET.SubElement(item, "label", {XML_LANG: "fi"}).text = label
    return item


def _names(regions: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {r["id"]: r.get("name") or r["id"] for r in regions}


def _view_id(region: str) -> str:
    return "id-view-" + _NOT_NAME.sub("-", region)


def add_placeholder(elements: ET.Element, lang: str) -> None:
    """The one element of an empty graph's model."""
    element = ET.SubElement(
        elements, "element", {"identifier": PLACEHOLDER_ID, "xsi:type": "Grouping"}
    )
    ET.SubElement(element, "name", {XML_LANG: lang}).text = glossary(lang).text("archimate.empty")


def add_organizations(root: ET.Element, drawn: Drawn, regions: Iterable[Mapping[str, Any]]) -> None:
    """Folders: region → layer → elements; relations; views."""
    if not drawn.nodes:
        return
    words = glossary(drawn.lang)
    names = _names(regions)
    top = ET.SubElement(root, "organizations")
    for region, node_ids in drawn.nodes.items():
        folder = _item(top, names.get(region, region))
        for kind in K:
            members = [n for n in node_ids if drawn.kinds[n] is kind]
            if members:
                layer = _item(folder, words.layer(kind))
                for node_id in members:
                    _item(layer, ref=drawn.identifiers[node_id])
    if drawn.edges:
        relations = _item(top, words.text("archimate.relations"))
        for _, _, identifier in drawn.edges:
            _item(relations, ref=identifier)
    views = _item(top, words.text("archimate.views"))
    for region in drawn.nodes:
        _item(views, ref=_view_id(region))


def add_views(root: ET.Element, drawn: Drawn, regions: Iterable[Mapping[str, Any]]) -> None:
    """One diagram per region, laid out by layer."""
    if not drawn.nodes:
        return
    words = glossary(drawn.lang)
    names = _names(regions)
    reached: dict[str, list[str]] = {}
    by_region: dict[str, list[tuple[str, str, str]]] = {}
    region_of = {n: r for r, ids in drawn.nodes.items() for n in ids}
    for edge in drawn.edges:
        source, target = region_of.get(edge[0]), region_of.get(edge[1])
        if source is None or target is None:
            continue
        by_region.setdefault(source, []).append(edge)
        if source != target:
            reached.setdefault(source, []).append(edge[1])
    diagrams = ET.SubElement(ET.SubElement(root, "views"), "diagrams")
    for region, node_ids in drawn.nodes.items():
        view_id = _view_id(region)
        view = ET.SubElement(diagrams, "view", {"identifier": view_id, "xsi:type": "Diagram"})
        title = words.text("archimate.view", region=names.get(region, region))
        ET.SubElement(view, "name", {XML_LANG: drawn.lang}).text = title
        shown = dict.fromkeys([*reached.get(region, []), *node_ids])
        boxes = _layout(list(shown), drawn)
        for node_id, (x, y) in boxes.items():
            ET.SubElement(
                view,
                "node",
                {
                    "identifier": f"{view_id}.{drawn.identifiers[node_id]}",
                    "elementRef": drawn.identifiers[node_id],
                    "xsi:type": "Element",
                    "x": str(x),
                    "y": str(y),
                    "w": str(WIDTH),
                    "h": str(HEIGHT),
                },
            )
        others = {region_of[n] for n in boxes} - {region}
        candidates = [*by_region.get(region, [])]
        for other in sorted(others):
            candidates += by_region.get(other, [])
        for source, target, identifier in candidates:
            if source in boxes and target in boxes:
                ET.SubElement(
                    view,
                    "connection",
                    {
                        "identifier": f"{view_id}.{identifier}",
                        "relationshipRef": identifier,
                        "xsi:type": "Relationship",
                        "source": f"{view_id}.{drawn.identifiers[source]}",
                        "target": f"{view_id}.{drawn.identifiers[target]}",
                    },
                )


def _layout(node_ids: list[str], drawn: Drawn) -> dict[str, tuple[int, int]]:
    """Top-left corners: one band of rows per layer, national goals on top."""
    boxes: dict[str, tuple[int, int]] = {}
    y = GAP
    for kind in K:
        members = [n for n in node_ids if drawn.kinds[n] is kind]
        for i, node_id in enumerate(members):
            row, column = divmod(i, PER_ROW)
            boxes[node_id] = (GAP + column * (WIDTH + GAP), y + row * (HEIGHT + GAP))
        if members:
            y += ((len(members) - 1) // PER_ROW + 1) * (HEIGHT + GAP) + GAP
    return boxes
