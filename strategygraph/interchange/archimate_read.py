"""ArchiMate 3.1 exchange import: the motivation, strategy and implementation elements of
any model and the relationships between them, by the table in ``archimate_map``;
everything else is skipped, and each skipped element or relationship is reported with
the reason. The import fails only on a malformed file or field, never for what it skips.

An element's kind is its ``sg:kind`` property, or a specialization naming a kind, or else
follows its type; a Goal of region ``national`` is a national goal. Ids are the
identifiers without ``id-`` (lower-cased, other characters as ``-``); another identifier
is kept as ``archimate_id`` (see ``archimate_names``: names and documentation in other
languages are kept likewise). Properties named ``sg:<field>`` fill our fields; other
properties become the node's attributes. A missing region is the ``region`` given.
Risks (Assessments with the specialization ``Riski``), what they threaten, and the
indicators and status reports a node's properties hold are read too
(``archimate_situation``).

This module reads the model as a whole; an element becomes a node in
``archimate_elements``, a relationship an edge in ``archimate_relationships``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from ..collector import collector_paused
from ..domain import NodeKind, Problem, ValidationError
from .archimate import ARCHIMATE_NS, PREFIX
from .archimate_concepts import Model, from_tree
from .archimate_elements import Plans, element_node
from .archimate_map import IMPORTED_TYPES, SPECIALIZATION
from .archimate_names import read_texts
from .archimate_relationships import read_relationships
from .archimate_scan import scan
from .archimate_situation import is_risk
from .archimate_tree import NS, Properties
from .archimate_views import PLACEHOLDER_ID
from .reading import MAX_BYTES, Built, Reading, check_size, empty_document, fail_if
from .situation_fields import ATTACHED, read_attached, read_risk
from .xmlsafe import parse_xml

__all__ = ["IMPORTED_TYPES", "load_archimate"]

K = NodeKind
_BY_VALUE = {kind.value: kind for kind in K}
_ATTACHED = frozenset(PREFIX + section for section in ATTACHED)


def load_archimate(
    data: bytes,
    *,
    name: str = "model.xml",
    region: str | None = None,
    max_bytes: int = MAX_BYTES,
    quick: bool = True,
) -> Reading:
    """Read an exchange-format model into an interchange dict and a report of the skipped.
    A file in our export's shape takes the quick path (``archimate_scan``); ``quick=False``
    reads every file from its parsed tree (the general path the quick one is tested
    against)."""
    check_size(len(data), name, max_bytes)
    with collector_paused():  # millions of XML elements and dicts, all kept
        return _read(data, name, region, quick)


def _model(data: bytes, name: str, quick: bool) -> Model:
    """The model's concepts: scanned from the text when it has our export's shape (the
    quick path), else read from the parsed tree."""
    scanned = scan(data) if quick else None
    if scanned is not None:
        return scanned
    root = parse_xml(data, name)
    if root.tag != f"{NS}model":
        raise ValidationError.one(
            "archimate",
            f"the root element is {root.tag!r}, not an ArchiMate exchange <model> "
            f"in the namespace {ARCHIMATE_NS}",
            where=name,
        )
    return from_tree(root, Properties(root))


def _read(data: bytes, name: str, region: str | None, quick: bool) -> Reading:
    model = _model(data, name, quick)
    root, properties = model.root, model.properties
    reading = Reading(empty_document(), sources={"nodes": [], "edges": []})
    # Nodes and edges with the records built while checking them (``Built``): the
    # service takes those instead of building each record again.
    reading.document["nodes"], reading.document["edges"] = Built(), Built()
    problems: list[Problem] = []
    _model_lists(properties.of(root), name, reading, problems)
    nodes: dict[str, tuple[dict[str, Any], K]] = {}
    risks: dict[str, dict[str, Any]] = {}
    ids: set[str] = set()
    skipped_types: Counter[str] = Counter()
    add_node, node_sources = reading.document["nodes"].add, reading.sources["nodes"].append
    plans: Plans = {}
    risk_names: dict[str | None, bool] = {}  # is_risk's answer by specialization
    for element in model.elements:
        identifier = element.identifier
        if identifier == PLACEHOLDER_ID:
            continue  # the one element of an empty graph's export
        where = f"{name} element {identifier}"
        found = len(problems)
        values = element.values
        specialization = values.get(SPECIALIZATION)
        risky = risk_names.get(specialization)
        if risky is None:
            risky = risk_names[specialization] = is_risk(specialization)
        if risky:
            title, description, _ = read_texts(element.names, element.documentation, "fi")
            risk = read_risk(identifier, title, description, values, region, where, problems)
            risks[identifier] = risk
            reading.document.setdefault("risks", []).append(risk)
            reading.sources.setdefault("risks", []).append(where)
            continue
        built = element_node(element, values, where, region, reading, problems, plans)
        if built is None:
            if len(problems) == found:
                skipped_types[element.type] += 1
            continue
        node = built[0]
        if node["id"] in ids:
            problems.append(
                Problem("duplicate-id", f"id {node['id']!r} is used twice", "id", where)
            )
        ids.add(node["id"])
        if not values.keys().isdisjoint(_ATTACHED):  # else read_attached finds none
            read_attached(values, node["id"], where, reading.document, reading.sources, problems)
        nodes[identifier] = (node, _BY_VALUE[node["kind"]])
        add_node(node, built[1])
        node_sources(where)
    if skipped_types and not nodes and not problems:
        raise ValidationError.one(
            "archimate-nothing",
            f"none of the {skipped_types.total()} elements is of a type StrategyGraph reads "
            f"({_counted(skipped_types)}); it reads {', '.join(IMPORTED_TYPES)}",
            where=name,
        )
    reasons: Counter[str] = Counter()
    read_relationships(model, name, nodes, reading, problems, reasons, risks)
    fail_if(problems)
    if _foreign_views(root):
        reading.report.append(
            f"{name}: views and diagrams were not read (an export draws one per region)"
        )
    if skipped_types or reasons:
        reading.report.append(
            f"{name}: read {len(reading.document['nodes'])} elements and "
            f"{len(reading.document['edges'])} relationships; skipped "
            f"{skipped_types.total()} elements ({_counted(skipped_types) or '-'}) and "
            f"{reasons.total()} relationships ({_counted(reasons) or '-'})"
        )
    return reading


def _counted(counts: Counter[str]) -> str:
    """``Stakeholder 2, Requirement 1``: most first."""
    return ", ".join(f"{what} {n}" for what, n in counts.most_common())


def _foreign_views(root: ET.Element) -> bool:
    """Whether the model has views other than those an export draws."""
    return any(
        not view.get("identifier", "").startswith("id-view-")
        for view in root.iterfind(f"{NS}views/{NS}diagrams/{NS}view")
    )


def _model_lists(
    values: dict[str, str], name: str, reading: Reading, problems: list[Problem]
) -> None:
    """Regions and organisations, kept as JSON text in model properties."""
    for section in ("regions", "organisations"):
        text = values.get(PREFIX + section)
        if not text:
            continue
        where = f"{name} model property {PREFIX}{section}"
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(Problem("model-property", f"not JSON text: {exc.msg}", None, where))
            continue
        if not isinstance(items, list):
            problems.append(Problem("model-property", "must be a JSON list", None, where))
            continue
        reading.document[section] = items
        reading.sources[section] = [f"{where} [{i}]" for i in range(len(items))]
