"""Reading GraphML into an interchange dict: our own export, and GraphML from other tools.

A missing ``title`` falls back to ``label``, then to a yEd ``<y:NodeLabel>``; a missing
``region`` to the ``region`` given (``national`` for national goals); a missing
``relation`` to the one relation the metamodel allows between the two kinds (when there
is none, the error says why). Undirected edges (``edgedefault="undirected"``,
``directed="false"``) are read pointing up, the way the metamodel allows, and reported.
Keys that are not ours (layout, colours, yEd graphics) are reported as not read. Risks
are nodes of kind ``RISK`` (``graphml_situation``). The format is described, and written,
in ``graphml``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..collector import collector_paused
from ..domain import NodeKind, Problem, ValidationError
from .field_names import EDGE_FIELDS, NODE_FIELDS
from .fields_read import edge_record, node_record
from .graphml_elements import DATA_TAGS, Keys, graph_elements, yed_label
from .graphml_quick import DataPlan
from .graphml_scan import Item, as_element, scan
from .graphml_situation import RISK_KIND, read_threat
from .implied_relations import relation_between as _relation_between
from .reading import MAX_BYTES, Built, Reading, check_size, empty_document, fail_if
from .situation_fields import ATTACHED, read_attached, read_risk
from .xmlsafe import local, parse_xml

__all__ = ["load_graphml"]

_NODE_NAMES = frozenset({*NODE_FIELDS, "label", *ATTACHED})
_EDGE_NAMES = frozenset(EDGE_FIELDS)
_PLAIN_NODE = frozenset({*NODE_FIELDS, "label"})
"""The data of a node whose fields are all a node's (no records, nothing of others)."""


def load_graphml(
    data: bytes,
    *,
    name: str = "graph.graphml",
    region: str | None = None,
    max_bytes: int = MAX_BYTES,
    quick: bool = True,
) -> Reading:
    """Read GraphML into an interchange dict, or raise every problem with its element.
    Plain nodes and edges take the quick path (``graphml_quick``); ``quick=False``
    reads every element the general way (the tests compare the two)."""
    check_size(len(data), name, max_bytes)
    with collector_paused():  # millions of elements, all kept until the end
        return _load(data, name, region, quick)


def _load(data: bytes, name: str, region: str | None, quick: bool) -> Reading:
    scanned = scan(data) if quick else None  # our export's nodes and edges, without a tree
    root = parse_xml(data, name) if scanned is None else scanned.root
    if local(root.tag) != "graphml":
        raise ValidationError.one(
            "graphml", f"the root element is <{local(root.tag)}>, not <graphml>", where=name
        )
    graphs = [g for g in root if local(g.tag) == "graph"]
    if not graphs:
        raise ValidationError.one("graphml", "the file has no <graph>", where=name)
    keys = Keys(root)
    doc = empty_document()
    # Nodes and edges with the records built while checking them (``Built``): the
    # service takes those instead of building each record again.
    doc["nodes"], doc["edges"] = Built(), Built()
    reading = Reading(doc, sources={"regions": [], "organisations": [], "nodes": [], "edges": []})
    if len(graphs) > 1:
        reading.report.append(f"{name}: only the first of {len(graphs)} graphs was read")
    graph = graphs[0]
    problems: list[Problem] = []
    _graph_data(keys.read(graph, "graph"), name, reading, problems)
    ignored: Counter[str] = Counter()
    kinds: dict[str, NodeKind] = {}
    risks: dict[str, dict[str, Any]] = {}
    run = graph_elements(graph) if scanned is None else (scanned.nodes, scanned.edges, False)
    nodes: Sequence[ET.Element | Item] = run[0]
    edges: Sequence[ET.Element | Item] = run[1]
    hyperedges = run[2]
    plan = DataPlan(keys.names, DATA_TAGS) if quick and not any(keys.defaults.values()) else None
    if plan is not None and scanned is None:
        plan.plain(graph)
    node_sources = reading.sources["nodes"]
    for item in nodes:
        node_id = item.get("id", "") or ""
        where = f"{name} node {node_id!r}"
        quick_node = plan.node(item, node_id, region) if plan else None
        if quick_node is not None and quick_node[0]["id"] not in kinds:
            kinds[quick_node[0]["id"]] = quick_node[1].kind
            doc["nodes"].add(*quick_node)
            node_sources.append(where)
            continue
        # not for the quick path: a scanned one parsed on its own, read the general way
        element = as_element(item, scanned)
        values = keys.read(element, "node")
        if values.get("kind", "").strip() == RISK_KIND:  # graphml_situation
            risk = read_risk(
                node_id,
                values.get("title") or values.get("label"),
                values.get("description"),
                values,
                region,
                where,
                problems,
                prefix="",
            )
            risks[node_id] = risk
            doc.setdefault("risks", []).append(risk)
            reading.sources.setdefault("risks", []).append(where)
            continue
        if keys.nested:
            reading.report.append(f"{where}: its nested graph was not read")
        cells: dict[str, str | None]
        if _PLAIN_NODE.issuperset(values):  # the common case, without a set per node
            cells = dict(values)
            label = cells.pop("label", None)
        else:
            ignored.update(values.keys() - _NODE_NAMES)
            cells = {k: v for k, v in values.items() if k in NODE_FIELDS}
            label = values.get("label")
        cells["id"] = node_id
        if "title" not in cells:
            label = label or yed_label(element)
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
        record = node_record(cells, where, problems, empty_is_null=False, region=region)
        if record is not None:
            node = record[0]
            if node["id"] in kinds:
                problems.append(
                    Problem("duplicate-id", f"node id {node_id!r} appears twice", "id", where)
                )
            kinds[node["id"]] = NodeKind(node["kind"])
            doc["nodes"].add(node, record[1])
            reading.sources["nodes"].append(where)
            read_attached(values, node["id"], where, doc, reading.sources, problems, prefix="")
    present: set[str] | None = None  # the file's node ids, made when an edge needs them
    undirected = graph.get("edgedefault") == "undirected"
    edge_plan = None if undirected else plan
    edge_sources = reading.sources["edges"]
    turned = 0
    for i, link in enumerate(edges):
        source, target = link.get("source", "") or "", link.get("target", "") or ""
        where = f"{name} edge {link.get('id') or f'#{i + 1}'} ({source} -> {target})"
        if (
            edge_plan is not None
            and link.get("directed") != "false"
            and not (risks and (source in risks or target in risks))
        ):
            quick_edge = edge_plan.edge(link, source, target)
            if quick_edge is not None:
                doc["edges"].add(*quick_edge)
                edge_sources.append(where)
                continue
        element = as_element(link, scanned)
        values = keys.read(element, "edge")
        extra = not _EDGE_NAMES.issuperset(values)
        if extra:
            ignored.update(values.keys() - _EDGE_NAMES)
        if risks and (source in risks or target in risks):
            read_threat(risks, source, target, values, where, problems)
            continue
        if element.get("directed", "false" if undirected else "true") == "false":
            source, target = _oriented(source, target, kinds)
            turned += (source, target) != (element.get("source"), element.get("target"))
        cells = {k: v for k, v in values.items() if k in EDGE_FIELDS} if extra else dict(values)
        cells.update(source=source, target=target)
        if not cells.get("relation"):
            if present is None:
                present = {e.get("id", "") or "" for e in nodes}
            if not {source, target} <= kinds.keys() and {source, target} <= present:
                continue  # an end node has problems of its own, reported already
            missing = _no_relation(source, target, kinds)
            if missing is not None:
                problems.append(Problem("relation", missing, "relation", where))
                continue
            found = _relation_between(kinds[source], kinds[target])
            cells["relation"] = found.value if found else None
        built = edge_record(cells, where, problems, empty_is_null=False)
        if built is not None:
            doc["edges"].add(*built)
            reading.sources["edges"].append(where)
    if turned:
        reading.report.append(
            f"{name}: {turned} undirected edges were read pointing up, the way the metamodel allows"
        )
    if hyperedges:
        reading.report.append(f"{name}: hyperedges were not read")
    fail_if(problems)
    reading.report.extend(
        f"{name}: attribute {key!r} (on {count} elements) is not a StrategyGraph field "
        "and was not read"
        for key, count in sorted(ignored.items())
    )
    return reading


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
