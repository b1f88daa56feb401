"""ArchiMate 3.1 exchange import: the motivation, strategy and implementation elements of
any model, and the relationships between them; everything else is reported as skipped.

An element's kind is its ``sg:kind`` property, or else follows its type (the table in
``archimate``): Driver → national goal, Goal → organisational vision (a national goal when
``sg:region`` is ``national``), Outcome → change vision, CourseOfAction and Principle →
strategic line, Assessment → challenge, WorkPackage and Deliverable → project. Other
types — Stakeholder, Requirement, Capability, Plateau, business or application elements —
are skipped and reported. Ids are the identifiers without ``id-`` (lower-cased, other
characters as ``-``). Properties named ``sg:<field>`` fill our fields; other properties
become the node's attributes. A missing region is the ``region`` given.

A relationship becomes the one edge the metamodel allows between the two kinds (or its
``sg:relation``), read in its direction: an Aggregation or Composition whole → part and a
Triggering earlier → later are read part → whole and later → earlier; an undirected
Association either way. Relationships of other types, or between skipped elements, or
that fit no relation, are reported as skipped.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..domain import NATIONAL, NodeKind, Problem, ValidationError
from ..domain.validation import ID_PATTERN
from .archimate import ARCHIMATE_NS, PREFIX, XSI_TYPE
from .fields import NODE_FIELDS, edge_from_text, node_from_text, relation_between
from .reading import MAX_BYTES, Reading, check_size, empty_document, fail_if, read_limited
from .xmlsafe import XML_LANG, local, parse_xml

__all__ = ["IMPORTED_TYPES", "load_archimate", "read_archimate"]

K = NodeKind
IMPORTED_TYPES = {
    "Driver": K.NATIONAL_GOAL,
    "Goal": K.ORGANISATIONAL_VISION,
    "Outcome": K.CHANGE_VISION,
    "CourseOfAction": K.STRATEGIC_LINE,
    "Principle": K.STRATEGIC_LINE,
    "Assessment": K.CHALLENGE,
    "WorkPackage": K.STRATEGIC_PROJECT,
    "Deliverable": K.STRATEGIC_PROJECT,
}
_UNMAPPED = frozenset(
    {
        "Stakeholder",
        "Requirement",
        "Constraint",
        "Meaning",
        "Value",
        "Capability",
        "ValueStream",
        "Resource",
        "ImplementationEvent",
        "Plateau",
        "Gap",
    }
)
"""Motivation, strategy and implementation types with no StrategyGraph kind."""
_READ_AS_GIVEN = frozenset({"Realization", "Influence", "Serving", "Association"})
_READ_REVERSED = frozenset({"Aggregation", "Composition", "Triggering"})
_NS = f"{{{ARCHIMATE_NS}}}"


def _children(parent: ET.Element | None, tag: str) -> list[ET.Element]:
    return [] if parent is None else [c for c in parent if local(c.tag) == tag]


def _child(parent: ET.Element, tag: str) -> ET.Element | None:
    return next(iter(_children(parent, tag)), None)


def _lang_text(parent: ET.Element, tag: str, lang: str = "fi") -> str | None:
    """The text in ``lang`` if there is one, else the first."""
    texts = _children(parent, tag)
    chosen = next((t for t in texts if t.get(XML_LANG) == lang), texts[0] if texts else None)
    return None if chosen is None else "".join(chosen.itertext())


def _type(element: ET.Element) -> str:
    return (element.get(XSI_TYPE) or "?").rsplit(":", 1)[-1]


def _our_id(identifier: str) -> str:
    """``id-ch-open`` → ``ch-open``; other identifiers made to fit our id rule."""
    plain = identifier.removeprefix("id-")
    if ID_PATTERN.fullmatch(plain):
        return plain
    return re.sub(r"[^a-z0-9-]", "-", plain.lower()).lstrip("-")[:100] or "element"


class _Properties:
    """Property definition id → name, and each concept's properties by name."""

    def __init__(self, root: ET.Element) -> None:
        self.names = {
            d.attrib.get("identifier", ""): _lang_text(d, "name") or d.attrib.get("identifier", "")
            for d in _children(_child(root, "propertyDefinitions"), "propertyDefinition")
        }

    def of(self, concept: ET.Element) -> dict[str, str]:
        out = {}
        for prop in _children(_child(concept, "properties"), "property"):
            name = self.names.get(prop.get("propertyDefinitionRef", ""), "?")
            out[name] = _lang_text(prop, "value") or ""
        return out


def _describe(element: ET.Element) -> str:
    name = _lang_text(element, "name")
    return f"{_type(element)} {name!r}" if name else _type(element)


def load_archimate(
    data: bytes,
    *,
    name: str = "model.xml",
    region: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Reading:
    """Read an exchange-format model into an interchange dict and a report of the skipped."""
    check_size(len(data), name, max_bytes)
    root = parse_xml(data, name)
    if root.tag != f"{_NS}model":
        raise ValidationError.one(
            "archimate",
            f"the root element is {root.tag!r}, not an ArchiMate exchange <model> "
            f"in the namespace {ARCHIMATE_NS}",
            where=name,
        )
    properties = _Properties(root)
    reading = Reading(empty_document(), sources={"nodes": [], "edges": []})
    problems: list[Problem] = []
    _model_lists(properties.of(root), name, reading, problems)
    nodes: dict[str, tuple[dict[str, Any], ET.Element]] = {}
    ids: set[str] = set()
    for element in _children(_child(root, "elements"), "element"):
        identifier = element.get("identifier", "")
        where = f"{name} element {identifier}"
        node = _node(element, properties.of(element), where, region, reading, problems)
        if node is None:
            continue
        if node["id"] in ids:
            problems.append(
                Problem("duplicate-id", f"id {node['id']!r} is used twice", "id", where)
            )
        ids.add(node["id"])
        nodes[identifier] = (node, element)
        reading.document["nodes"].append(node)
        reading.sources["nodes"].append(where)
    _relationships(root, name, properties, nodes, reading, problems)
    fail_if(problems)
    if _children(root, "views"):
        reading.report.append(f"{name}: views and diagrams were not read")
    return reading


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


def _node(
    element: ET.Element,
    values: dict[str, str],
    where: str,
    region: str | None,
    reading: Reading,
    problems: list[Problem],
) -> dict[str, Any] | None:
    kind_name = values.get(PREFIX + "kind")
    kind = IMPORTED_TYPES.get(_type(element))
    if kind_name is None and kind is None:
        why = (
            "no StrategyGraph kind for this type"
            if _type(element) in _UNMAPPED
            else "not a motivation, strategy or implementation element"
        )
        reading.report.append(f"{where}: skipped {_describe(element)}: {why}")
        return None
    ours = {k.removeprefix(PREFIX): v for k, v in values.items() if k.startswith(PREFIX)}
    if kind is K.ORGANISATIONAL_VISION and ours.get("region") == NATIONAL:
        kind = K.NATIONAL_GOAL
    cells: dict[str, str | None] = {k: v for k, v in ours.items() if k in NODE_FIELDS}
    cells.setdefault("kind", kind.value if kind else None)
    cells["id"] = _our_id(element.get("identifier", ""))
    cells["title"] = _lang_text(element, "name")
    cells["description"] = _lang_text(element, "documentation")
    foreign = {k: v for k, v in values.items() if not k.startswith(PREFIX)}
    if foreign:
        cells["attributes"] = _with_foreign(cells.get("attributes"), foreign)
    for unknown in sorted(set(ours) - set(NODE_FIELDS)):
        reading.report.append(f"{where}: property {PREFIX}{unknown} is not a field; not read")
    return node_from_text(cells, where, problems, empty_is_null=False, region=region)


def _with_foreign(attributes: str | None, foreign: dict[str, str]) -> str | None:
    """Other tools' properties kept as attributes (ours win on a clash)."""
    try:
        ours = json.loads(attributes) if attributes else {}
    except json.JSONDecodeError:
        return attributes  # node_from_text reports the bad JSON
    if not isinstance(ours, dict):
        return attributes
    return json.dumps({**foreign, **ours}, ensure_ascii=False)


def _relationships(
    root: ET.Element,
    name: str,
    properties: _Properties,
    nodes: dict[str, tuple[dict[str, Any], ET.Element]],
    reading: Reading,
    problems: list[Problem],
) -> None:
    seen: set[tuple[str, str]] = set()
    every = {e.get("identifier", ""): e for e in _children(_child(root, "elements"), "element")}
    for relationship in _children(_child(root, "relationships"), "relationship"):
        where = f"{name} relationship {relationship.get('identifier', '')}"
        kind = _type(relationship)
        ends = [relationship.get("source", ""), relationship.get("target", "")]
        shown = " -> ".join(_describe(every[e]) if e in every else repr(e) for e in ends)
        if ends[0] not in nodes or ends[1] not in nodes:
            reading.report.append(f"{where}: skipped {kind} {shown}: an end was not imported")
            continue
        if kind not in _READ_AS_GIVEN | _READ_REVERSED:
            reading.report.append(f"{where}: skipped {kind} {shown}: type not read")
            continue
        values = properties.of(relationship)
        given = values.get(PREFIX + "relation")
        directions = [ends[::-1]] if kind in _READ_REVERSED else [ends]
        if kind == "Association" and relationship.get("isDirected") != "true":
            directions.append(ends[::-1])
        found = None
        for source, target in directions:
            a, b = nodes[source][0], nodes[target][0]
            relation = relation_between(K(a["kind"]), K(b["kind"]))
            if given or relation:
                found = (a["id"], given or (relation.value if relation else ""), b["id"])
                break
        if found is None:
            reading.report.append(f"{where}: skipped {kind} {shown}: no StrategyGraph relation")
            continue
        if (found[0], found[2]) in seen:
            reading.report.append(f"{where}: skipped {kind} {shown}: these are already linked")
            continue
        seen.add((found[0], found[2]))
        cells: dict[str, str | None] = {
            "source": found[0],
            "relation": found[1],
            "target": found[2],
            "inferred": values.get(PREFIX + "inferred"),
            "note": values.get(PREFIX + "note", _lang_text(relationship, "name")),
        }
        edge = edge_from_text(cells, where, problems, empty_is_null=False)
        if edge is not None:
            reading.document["edges"].append(edge)
            reading.sources["edges"].append(where)


def read_archimate(
    path: str | Path, *, region: str | None = None, max_bytes: int = MAX_BYTES
) -> Reading:
    """``load_archimate`` on a file, refused before reading when over ``max_bytes``."""
    file = Path(path)
    return load_archimate(
        read_limited(file, max_bytes), name=file.name, region=region, max_bytes=max_bytes
    )
