"""GraphML, for Gephi, yEd and NetworkX (``networkx.read_graphml`` reads it as it is).

Every node field is a declared ``<key>``: ``kind``, ``region``, ``status``, ``health`` and
the rest as strings, ``progress`` and ``version`` as ints, tags joined with ``;``,
attributes as JSON text; ``label`` repeats the title for Gephi. Edges carry ``relation``
(and ``inferred``, ``note``). The graph itself carries ``regions`` and ``organisations``
as JSON text, so a round trip keeps everything the JSON format carries. An absent value
is no ``<data>``; an empty text is an empty ``<data>``.

Reading accepts GraphML from other tools: a missing ``title`` falls back to ``label``,
then to a yEd ``<y:NodeLabel>``; a missing ``region`` to the ``region`` given (``national``
for national goals); a missing ``relation`` to the one relation the metamodel allows
between the two kinds (when there is none, the error says why). Undirected edges
(``edgedefault="undirected"``, ``directed="false"``) are read pointing up, the way the
metamodel allows, and reported. Keys that are not ours (layout, colours, yEd graphics) are
reported as not read. Edge ids are ``source.target``: stable when other edges change.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain import NodeKind, Problem, ValidationError
from .fields import EDGE_FIELDS, NODE_FIELDS, edge_from_text, edge_text, node_from_text, node_text
from .fields import relation_between as _relation_between
from .json_format import FORMAT_VERSION
from .reading import MAX_BYTES, Reading, check_size, empty_document, fail_if, read_limited
from .xmlsafe import local, parse_xml, to_bytes

__all__ = [
    "GRAPHML_NS",
    "dump_graphml",
    "edge_id",
    "load_graphml",
    "read_graphml",
    "write_graphml",
]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
_TYPES = {"progress": "int", "version": "int", "inferred": "boolean", "format_version": "int"}
_GRAPH_KEYS = ("format", "format_version", "regions", "organisations")


def _key(parent: ET.Element, domain: str, name: str) -> None:
    ET.SubElement(
        parent,
        "key",
        {
            "id": f"{domain[0]}_{name}",
            "for": domain,
            "attr.name": name,
            "attr.type": _TYPES.get(name, "string"),
        },
    )


def _data(parent: ET.Element, domain: str, name: str, text: str | None) -> None:
    if text is not None:
        ET.SubElement(parent, "data", {"key": f"{domain[0]}_{name}"}).text = text


def dump_graphml(doc: Mapping[str, Any]) -> bytes:
    """An interchange dict as GraphML bytes (UTF-8)."""
    root = ET.Element(
        "graphml",
        {
            "xmlns": GRAPHML_NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": f"{GRAPHML_NS} {_SCHEMA}",
        },
    )
    for name in _GRAPH_KEYS:
        _key(root, "graph", name)
    for name in ("label", *NODE_FIELDS):
        if name != "id":
            _key(root, "node", name)
    for name in EDGE_FIELDS[3:]:
        _key(root, "edge", name)
    _key(root, "edge", "relation")
    graph = ET.SubElement(root, "graph", {"id": "strategygraph", "edgedefault": "directed"})
    _data(graph, "graph", "format", "strategygraph")
    _data(graph, "graph", "format_version", str(FORMAT_VERSION))
    for name in ("regions", "organisations"):
        _data(graph, "graph", name, json.dumps(doc.get(name, []), ensure_ascii=False))
    for node in doc.get("nodes", []):
        element = ET.SubElement(graph, "node", {"id": node["id"]})
        text = node_text(node)
        _data(element, "node", "label", text["title"])
        for name in NODE_FIELDS[1:]:
            _data(element, "node", name, text[name])
    for edge in doc.get("edges", []):
        element = ET.SubElement(
            graph,
            "edge",
            {"id": edge_id(edge), "source": edge["source"], "target": edge["target"]},
        )
        text = edge_text(edge)
        _data(element, "edge", "relation", text["relation"])
        for name in EDGE_FIELDS[3:]:
            _data(element, "edge", name, text[name])
    return to_bytes(root)


def edge_id(edge: Mapping[str, Any]) -> str:
    """An edge's id from its ends (``proj.ch``): two nodes have at most one edge, and no
    node id holds a ``.``, so the id is unique and stays when other edges come and go."""
    return f"{edge['source']}.{edge['target']}"


def write_graphml(doc: Mapping[str, Any], path: str | Path) -> Path:
    out = Path(path)
    out.write_bytes(dump_graphml(doc))
    return out


class _Keys:
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
        values = dict(self.defaults[domain])
        for child in element:
            if local(child.tag) == "data":
                key = child.get("key", "")
                values[self.names.get(key, key)] = "".join(child.itertext())
        return values


def load_graphml(
    data: bytes,
    *,
    name: str = "graph.graphml",
    region: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Reading:
    """Read GraphML into an interchange dict, or raise every problem with its element."""
    check_size(len(data), name, max_bytes)
    root = parse_xml(data, name)
    if local(root.tag) != "graphml":
        raise ValidationError.one(
            "graphml", f"the root element is <{local(root.tag)}>, not <graphml>", where=name
        )
    graphs = [g for g in root if local(g.tag) == "graph"]
    if not graphs:
        raise ValidationError.one("graphml", "the file has no <graph>", where=name)
    keys = _Keys(root)
    doc = empty_document()
    reading = Reading(doc, sources={"regions": [], "organisations": [], "nodes": [], "edges": []})
    if len(graphs) > 1:
        reading.report.append(f"{name}: only the first of {len(graphs)} graphs was read")
    graph = graphs[0]
    problems: list[Problem] = []
    _graph_data(keys.read(graph, "graph"), name, reading, problems)
    ignored: Counter[str] = Counter()
    kinds: dict[str, NodeKind] = {}
    for element in graph:
        if local(element.tag) != "node":
            continue
        node_id = element.get("id", "")
        where = f"{name} node {node_id!r}"
        values = keys.read(element, "node")
        ignored.update(k for k in values if k not in NODE_FIELDS and k != "label")
        if any(local(c.tag) == "graph" for c in element):
            reading.report.append(f"{where}: its nested graph was not read")
        cells: dict[str, str | None] = {k: v for k, v in values.items() if k in NODE_FIELDS}
        cells["id"] = node_id
        if "title" not in cells:
            label = values.get("label") or _yed_label(element)
            if label:
                cells["title"] = label
        if not (cells.get("kind") or "").strip():
            title = f" ({cells['title']!r})" if cells.get("title") else ""
            problems.append(
                Problem(
                    "kind-required",
                    f"node {node_id!r}{title} has no 'kind': give every node a property "
                    f"'kind' (one of {', '.join(k.value for k in NodeKind)}); in yEd, "
                    "Edit > Properties Manager",
                    "kind",
                    where,
                )
            )
            continue
        node = node_from_text(cells, where, problems, empty_is_null=False, region=region)
        if node is not None:
            if node["id"] in kinds:
                problems.append(
                    Problem("duplicate-id", f"node id {node_id!r} appears twice", "id", where)
                )
            kinds[node["id"]] = NodeKind(node["kind"])
            doc["nodes"].append(node)
            reading.sources["nodes"].append(where)
    present = {e.get("id", "") for e in graph if local(e.tag) == "node"}
    edges = [e for e in graph if local(e.tag) == "edge"]
    undirected = graph.get("edgedefault") == "undirected"
    turned = 0
    for i, element in enumerate(edges):
        values = keys.read(element, "edge")
        ignored.update(k for k in values if k not in EDGE_FIELDS)
        source, target = element.get("source", ""), element.get("target", "")
        where = f"{name} edge {element.get('id') or f'#{i + 1}'} ({source} -> {target})"
        if element.get("directed", "false" if undirected else "true") == "false":
            source, target = _oriented(source, target, kinds)
            turned += (source, target) != (element.get("source"), element.get("target"))
        cells = {k: v for k, v in values.items() if k in EDGE_FIELDS}
        cells.update(source=source, target=target)
        if not cells.get("relation"):
            if not {source, target} <= kinds.keys() and {source, target} <= present:
                continue  # an end node has problems of its own, reported already
            missing = _no_relation(source, target, kinds)
            if missing is not None:
                problems.append(Problem("relation", missing, "relation", where))
                continue
            found = _relation_between(kinds[source], kinds[target])
            cells["relation"] = found.value if found else None
        edge = edge_from_text(cells, where, problems, empty_is_null=False)
        if edge is not None:
            doc["edges"].append(edge)
            reading.sources["edges"].append(where)
    if turned:
        reading.report.append(
            f"{name}: {turned} undirected edges were read pointing up, the way the metamodel allows"
        )
    if any(local(e.tag) == "hyperedge" for e in graph):
        reading.report.append(f"{name}: hyperedges were not read")
    fail_if(problems)
    reading.report.extend(
        f"{name}: attribute {key!r} (on {count} elements) is not a StrategyGraph field "
        "and was not read"
        for key, count in sorted(ignored.items())
    )
    return reading


def _yed_label(element: ET.Element) -> str:
    """The text of a yEd ``<y:NodeLabel>`` in the node's graphics data, if any."""
    for child in element.iter():
        if local(child.tag) == "NodeLabel":
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return ""


def _oriented(source: str, target: str, kinds: Mapping[str, NodeKind]) -> tuple[str, str]:
    """An undirected edge's ends in the direction the metamodel allows (edges point up,
    from the concrete to what it serves); as given when either way or neither is."""
    if source in kinds and target in kinds:
        ahead = _relation_between(kinds[source], kinds[target])
        back = _relation_between(kinds[target], kinds[source])
        if back is not None and ahead is None:
            return target, source
    return source, target


def _no_relation(source: str, target: str, kinds: Mapping[str, NodeKind]) -> str | None:
    """Why an edge without a ``relation`` gets none from the metamodel (None: it gets one)."""
    absent = [end for end in (source, target) if end not in kinds]
    if absent:
        return (
            f"the edge has no 'relation', and it cannot be told from the nodes' kinds: node "
            f"{absent[0]!r} is not in the file"
        )
    if _relation_between(kinds[source], kinds[target]) is not None:
        return None
    s, t = kinds[source].value, kinds[target].value
    back = _relation_between(kinds[target], kinds[source])
    hint = (
        "; edges point up, from the concrete to what it serves: is it reversed?"
        if back is not None
        else ""
    )
    return (
        f"the edge has no 'relation', and the metamodel allows none from {s} "
        f"{source!r} to {t} {target!r}{hint}"
    )


def _graph_data(
    values: Mapping[str, str], name: str, reading: Reading, problems: list[Problem]
) -> None:
    """Regions and organisations, kept as JSON text on the graph."""
    for section in ("regions", "organisations"):
        text = values.get(section)
        if not text:
            continue
        where = f"{name} graph data {section!r}"
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(Problem("graph-data", f"not JSON text: {exc.msg}", section, where))
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(Problem("graph-data", "must be a JSON list of objects", section, where))
            continue
        reading.document[section] = items
        reading.sources[section] = [f"{where} [{i}]" for i in range(len(items))]


def read_graphml(
    path: str | Path, *, region: str | None = None, max_bytes: int = MAX_BYTES
) -> Reading:
    """``load_graphml`` on a file, refused before reading when over ``max_bytes``."""
    file = Path(path)
    return load_graphml(
        read_limited(file, max_bytes), name=file.name, region=region, max_bytes=max_bytes
    )
