"""The folders (organizations) and the diagrams of an ArchiMate export.

Folders: one per region, holding one folder per layer with its elements, then one for the
relationships and one for the views, so a modelling tool shows the model as the product
does. Views: one per region, its layers drawn top (national goals) to bottom (projects),
at most ``PER_ROW`` nodes a row, with the nodes of other regions its edges reach (the
national goals) and a connection for every relationship between the drawn nodes. A view
draws at most ``MAX_DRAWN`` nodes: whole layers from the top while they fit (a diagram of
a national graph's region, 6,000 boxes, is one nobody reads, and was a quarter of the file
and of its reading); its documentation then says how many of how many it shows::

    [national goal]   [national goal]
          [organisational vision]
    [line] [line] [line]
    ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..domain import NodeKind as K
from ..glossary import glossary
from .archimate_xml import text

__all__ = [
    "MAX_DRAWN",
    "PER_ROW",
    "PLACEHOLDER_ID",
    "Drawn",
    "organizations",
    "placeholder",
    "views",
]

PER_ROW = 8
MAX_DRAWN = 500
"""At most this many nodes in one view (the first layer alone is cut to it)."""
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


def _names(regions: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {r["id"]: r.get("name") or r["id"] for r in regions}


def _view_id(region: str) -> str:
    return "id-view-" + _NOT_NAME.sub("-", region)


def _label(text_: str) -> str:
    return f'<item>\n<label xml:lang="fi">{text(text_)}</label>'


def placeholder(lang: str) -> list[str]:
    """The one element of an empty graph's model."""
    name = text(glossary(lang).text("archimate.empty"))
    return [
        f'<element identifier="{PLACEHOLDER_ID}" xsi:type="Grouping">',
        f'<name xml:lang="{lang}">{name}</name>',
        "</element>",
    ]


def organizations(drawn: Drawn, regions: Iterable[Mapping[str, Any]]) -> list[str]:
    """Folders: region → layer → elements; relations; views."""
    if not drawn.nodes:
        return []
    words = glossary(drawn.lang)
    names = _names(regions)
    out = ["<organizations>"]
    for region, node_ids in drawn.nodes.items():
        out.append(_label(names.get(region, region)))
        for kind in K:
            members = [n for n in node_ids if drawn.kinds[n] is kind]
            if members:
                out.append(_label(words.layer(kind)))
                out.extend(f'<item identifierRef="{drawn.identifiers[n]}"/>' for n in members)
                out.append("</item>")
        out.append("</item>")
    if drawn.edges:
        out.append(_label(words.text("archimate.relations")))
        out.extend(f'<item identifierRef="{e[2]}"/>' for e in drawn.edges)
        out.append("</item>")
    out.append(_label(words.text("archimate.views")))
    out.extend(f'<item identifierRef="{_view_id(r)}"/>' for r in drawn.nodes)
    out.append("</item>")
    out.append("</organizations>")
    return out


def views(drawn: Drawn, regions: Iterable[Mapping[str, Any]]) -> list[str]:
    """One diagram per region, laid out by layer."""
    if not drawn.nodes:
        return []
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
    out = ["<views>", "<diagrams>"]
    for region, node_ids in drawn.nodes.items():
        view_id = _view_id(region)
        title = text(words.text("archimate.view", region=names.get(region, region)))
        out.append(f'<view identifier="{view_id}" xsi:type="Diagram">')
        out.append(f'<name xml:lang="{drawn.lang}">{title}</name>')
        every = list(dict.fromkeys([*reached.get(region, []), *node_ids]))
        boxes = _layout(every, drawn)
        if len(boxes) < len(every):
            told = words.text("archimate.view_part", shown=len(boxes), total=len(every))
            out.append(f'<documentation xml:lang="{drawn.lang}">{text(told)}</documentation>')
        ids = drawn.identifiers
        out.extend(
            f'<node identifier="{view_id}.{ids[n]}" elementRef="{ids[n]}" '
            f'xsi:type="Element" x="{x}" y="{y}" w="{WIDTH}" h="{HEIGHT}"/>'
            for n, (x, y) in boxes.items()
        )
        candidates = [*by_region.get(region, [])]
        for other in sorted({region_of[n] for n in boxes} - {region}):
            candidates += by_region.get(other, [])
        out.extend(
            f'<connection identifier="{view_id}.{identifier}" '
            f'relationshipRef="{identifier}" xsi:type="Relationship" '
            f'source="{view_id}.{ids[source]}" target="{view_id}.{ids[target]}"/>'
            for source, target, identifier in candidates
            if source in boxes and target in boxes
        )
        out.append("</view>")
    out += ["</diagrams>", "</views>"]
    return out


def _layout(node_ids: list[str], drawn: Drawn) -> dict[str, tuple[int, int]]:
    """Top-left corners: one band of rows per layer, national goals on top; whole layers
    while they fit in ``MAX_DRAWN`` (the first one cut to it)."""
    boxes: dict[str, tuple[int, int]] = {}
    y = GAP
    for kind in K:
        members = [n for n in node_ids if drawn.kinds[n] is kind]
        if len(boxes) + len(members) > MAX_DRAWN:
            if boxes:
                break
            members = members[:MAX_DRAWN]
        for i, node_id in enumerate(members):
            row, column = divmod(i, PER_ROW)
            boxes[node_id] = (GAP + column * (WIDTH + GAP), y + row * (HEIGHT + GAP))
        if members:
            y += ((len(members) - 1) // PER_ROW + 1) * (HEIGHT + GAP) + GAP
    return boxes
