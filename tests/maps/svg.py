"""Reading a drawn SVG map back: its nodes, edges, legend and layout, through an XML parser
(defusedxml), as a browser would see them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from strategygraph.maps.escape import WORD_JOINER

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
_POINT = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


@dataclass
class DrawnNode:
    """One ``<g class="node">`` of the map."""

    id: str
    name: str
    classes: set[str]
    texts: list[str]
    bold: list[str]
    href: str | None
    tooltip: str | None
    x: float
    y: float
    dashed: bool

    @property
    def title(self) -> str:
        """The node's title as drawn: its bold lines, joined."""
        return " ".join(self.bold)


@dataclass
class DrawnMap:
    root: Element
    nodes: dict[str, DrawnNode] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    edges: list[tuple[str, str, set[str]]] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    """Every text of the drawing, in order."""
    clusters: dict[str, set[str]] = field(default_factory=dict)
    layer_names: dict[str, DrawnNode] = field(default_factory=dict)
    footer: str = ""
    """The corner note (the graph version), and how far down it is drawn."""
    footer_y: float = 0.0

    @property
    def legend_text(self) -> str:
        return " ".join(self.legend)

    def layer(self, node_id: str) -> float:
        return self.nodes[node_id].y


def squash(text: str) -> str:
    """Text without whitespace or word joiners: wrapped lines compare equal to the title."""
    return "".join(text.replace(WORD_JOINER, "").split())


def parse(content: bytes) -> DrawnMap:
    """The map's nodes (``_``-prefixed ones, the layer names, left out of ``nodes``),
    edges between node names, cluster members and the legend's text."""
    root = fromstring(content)
    drawn = DrawnMap(root)
    graph = next(g for g in root.iter(f"{SVG}g") if "graph" in _classes(g))
    drawn.legend = [t.text or "" for t in graph.findall(f"{SVG}text")]
    drawn.texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    names: dict[str, str] = {}
    for g in graph.iter(f"{SVG}g"):
        classes = _classes(g)
        if "node" in classes:
            node = _node(g, classes)
            names[node.name] = node.id
            if node.id.startswith("_layer-"):
                drawn.layer_names[" ".join(node.texts)] = node
            elif node.id == "_footer":
                drawn.footer, drawn.footer_y = " ".join(node.texts), node.y
            elif not node.id.startswith("_"):
                drawn.ids.append(node.id)
                drawn.nodes[node.id] = node
    for g in graph.iter(f"{SVG}g"):
        classes = _classes(g)
        if "edge" in classes:
            upper, lower = (_title(g) or "").split("->")
            drawn.edges.append((names.get(upper, upper), names.get(lower, lower), classes))
        if "cluster" in classes:
            label = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
            box = _box(_shape(g))
            drawn.clusters[label] = {n.id for n in drawn.nodes.values() if _inside(n, box)}
    return drawn


def _node(g: Element, classes: set[str]) -> DrawnNode:
    texts = [t for t in g.iter(f"{SVG}text")]
    link = g.find(f".//{SVG}a")
    points = [(float(x), float(y)) for x, y in _POINT.findall(_shape(g))]
    points += [(float(t.get("x", 0)), float(t.get("y", 0))) for t in texts if not points]
    xs, ys = [p[0] for p in points] or [0.0], [p[1] for p in points] or [0.0]
    return DrawnNode(
        id=g.get("id", ""),
        name=_title(g) or "",
        classes=classes,
        texts=[t.text or "" for t in texts],
        bold=[t.text or "" for t in texts if t.get("font-weight") == "bold"],
        href=None if link is None else link.get(f"{XLINK}href"),
        tooltip=None if link is None else link.get(f"{XLINK}title"),
        x=(min(xs) + max(xs)) / 2,
        y=(min(ys) + max(ys)) / 2,
        dashed=any(e.get("stroke-dasharray") for e in g.iter() if e.tag != f"{SVG}text"),
    )


def _shape(g: Element) -> str:
    for e in g.iter():
        if e.tag == f"{SVG}path":
            return e.get("d", "")
        if e.tag == f"{SVG}polygon":
            return e.get("points", "")
    return ""


def _box(shape: str) -> tuple[float, float, float, float]:
    points = [(float(x), float(y)) for x, y in _POINT.findall(shape)] or [(0.0, 0.0)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(node: DrawnNode, box: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = box
    return left <= node.x <= right and top <= node.y <= bottom


def _classes(g: Element) -> set[str]:
    return set(g.get("class", "").split())


def _title(g: Element) -> str | None:
    title = g.find(f"{SVG}title")
    return None if title is None else title.text
