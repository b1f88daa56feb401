"""ArchiMate 3.1 Model Exchange File Format: the mapping, and the export.

Elements (export; import maps back, see ``archimate_read``):

==========================  ===============  ===========================================
StrategyGraph kind          ArchiMate type   import from other tools' models
==========================  ===============  ===========================================
``NATIONAL_GOAL``           Goal             Driver; Goal with ``sg:region`` national
``CHANGE_VISION``           Outcome          Outcome
``ORGANISATIONAL_VISION``   Goal             Goal
``STRATEGIC_LINE``          CourseOfAction   CourseOfAction, Principle
``CHALLENGE``               Assessment       Assessment
``STRATEGIC_PROJECT``       WorkPackage      WorkPackage, Deliverable
==========================  ===============  ===========================================

Relations (source kind → target kind), chosen so that each is a relationship ArchiMate
3.1 allows between the two element types:

==============================================  ==============================
edge                                            ArchiMate relationship
==============================================  ==============================
project ``ADDRESSES`` challenge                 Influence (WorkPackage → Assessment)
challenge ``CHALLENGES`` line                   Association, directed
line ``SUPPORTS`` organisational vision         Realization
project ``SUPPORTS`` line                       Association, directed
project ``SUPPORTS`` organisational vision      Realization
challenge ``SUPPORTS`` organisational vision    Influence
organisational vision ``REALISES`` change v.    Influence (Goal → Outcome)
line ``REALISES`` change vision                 Realization
change vision ``DERIVES_FROM`` national goal    Realization (Outcome → Goal)
org. vision ``DERIVES_FROM`` national goal      Influence (Goal → Goal)
project ``DEPENDS_ON`` project                  Association, directed
==============================================  ==============================

Titles are ``<name xml:lang="fi">``, descriptions ``<documentation xml:lang="fi">``; every
other field is a property ``sg:<field>`` (``sg:kind``, ``sg:region``, ``sg:status``,
``sg:health``, …, declared in ``propertyDefinitions``), and the edge relation is
``sg:relation``. The model's ``sg:regions`` and ``sg:organisations`` properties hold those
lists as JSON text, since ArchiMate has no regions. So an export imports back equal.
Element identifiers are ``id-<our id>``. Views and diagrams are neither written nor read.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain import NodeKind as K
from ..domain import Relation as R
from .fields import NODE_FIELDS, edge_text, node_text
from .xmlsafe import XML_LANG, to_bytes

__all__ = [
    "ARCHIMATE_NS",
    "ELEMENT_TYPES",
    "RELATIONSHIP_TYPES",
    "dump_archimate",
    "schema_path",
    "write_archimate",
]

ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSI_TYPE = f"{{{XSI_NS}}}type"
PREFIX = "sg:"
"""Our properties' names start with this, apart from other tools' properties."""

ELEMENT_TYPES = {
    K.NATIONAL_GOAL: "Goal",
    K.CHANGE_VISION: "Outcome",
    K.ORGANISATIONAL_VISION: "Goal",
    K.STRATEGIC_LINE: "CourseOfAction",
    K.CHALLENGE: "Assessment",
    K.STRATEGIC_PROJECT: "WorkPackage",
}

RELATIONSHIP_TYPES = {
    (K.STRATEGIC_PROJECT, R.ADDRESSES, K.CHALLENGE): "Influence",
    (K.CHALLENGE, R.CHALLENGES, K.STRATEGIC_LINE): "Association",
    (K.STRATEGIC_LINE, R.SUPPORTS, K.ORGANISATIONAL_VISION): "Realization",
    (K.STRATEGIC_PROJECT, R.SUPPORTS, K.STRATEGIC_LINE): "Association",
    (K.STRATEGIC_PROJECT, R.SUPPORTS, K.ORGANISATIONAL_VISION): "Realization",
    (K.CHALLENGE, R.SUPPORTS, K.ORGANISATIONAL_VISION): "Influence",
    (K.ORGANISATIONAL_VISION, R.REALISES, K.CHANGE_VISION): "Influence",
    (K.STRATEGIC_LINE, R.REALISES, K.CHANGE_VISION): "Realization",
    (K.CHANGE_VISION, R.DERIVES_FROM, K.NATIONAL_GOAL): "Realization",
    (K.ORGANISATIONAL_VISION, R.DERIVES_FROM, K.NATIONAL_GOAL): "Influence",
    (K.STRATEGIC_PROJECT, R.DEPENDS_ON, K.STRATEGIC_PROJECT): "Association",
}

_PROPERTY_TYPES = {
    "decision_date": "date",
    "start_date": "date",
    "due_date": "date",
    "progress": "number",
    "version": "number",
    "inferred": "boolean",
}
_NODE_PROPERTIES = tuple(n for n in NODE_FIELDS if n not in ("id", "title", "description"))
_EDGE_PROPERTIES = ("relation", "inferred", "note")
_MODEL_PROPERTIES = ("regions", "organisations")


def schema_path(name: str = "archimate3_Model.xsd") -> Path:
    """One of the Open Group's XSDs shipped with the package (``xml.xsd`` beside them)."""
    return Path(__file__).parent / "schemas" / "archimate" / name


def element_id(node_id: str) -> str:
    return f"id-{node_id}"


class _Writer:
    """Builds the model; property definitions are declared for the properties used."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.used: dict[str, None] = {}

    def text(self, parent: ET.Element, tag: str, text: str, lang: bool = True) -> None:
        ET.SubElement(parent, tag, {XML_LANG: self.lang} if lang else {}).text = text

    def properties(self, parent: ET.Element, values: Mapping[str, str | None]) -> None:
        """``sg:<field>`` properties for the fields with a value."""
        present = [(k, v) for k, v in values.items() if v is not None]
        if not present:
            return
        holder = ET.SubElement(parent, "properties")
        for name, value in present:
            self.used[name] = None
            prop = ET.SubElement(holder, "property", {"propertyDefinitionRef": f"propdef-{name}"})
            self.text(prop, "value", value, lang=False)

    def definitions(self, parent: ET.Element) -> None:
        if not self.used:
            return
        holder = ET.SubElement(parent, "propertyDefinitions")
        for name in self.used:
            kind = _PROPERTY_TYPES.get(name, "string")
            definition = ET.SubElement(
                holder, "propertyDefinition", {"identifier": f"propdef-{name}", "type": kind}
            )
            self.text(definition, "name", PREFIX + name, lang=False)


def dump_archimate(
    doc: Mapping[str, Any], *, model_name: str = "StrategyGraph", lang: str = "fi"
) -> bytes:
    """An interchange dict as an ArchiMate 3.1 exchange model (UTF-8 XML bytes)."""
    writer = _Writer(lang)
    root = ET.Element(
        "model",
        {
            "xmlns": ARCHIMATE_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": (
                f"{ARCHIMATE_NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Model.xsd"
            ),
            "identifier": "model-strategygraph",
        },
    )
    writer.text(root, "name", model_name)
    model_values = {
        name: json.dumps(doc[name], ensure_ascii=False) if doc.get(name) else None
        for name in _MODEL_PROPERTIES
    }
    writer.properties(root, model_values)
    kinds: dict[str, K] = {}
    nodes = doc.get("nodes", [])
    if nodes:
        elements = ET.SubElement(root, "elements")
        for node in nodes:
            kind = K(node["kind"])
            kinds[node["id"]] = kind
            element = ET.SubElement(
                elements,
                "element",
                {"identifier": element_id(node["id"]), "xsi:type": ELEMENT_TYPES[kind]},
            )
            writer.text(element, "name", node["title"])
            if node.get("description"):
                writer.text(element, "documentation", node["description"])
            text = node_text(node)
            writer.properties(element, {n: text[n] for n in _NODE_PROPERTIES})
    edges = doc.get("edges", [])
    if edges:
        relationships = ET.SubElement(root, "relationships")
        for edge in edges:
            source, target = edge["source"], edge["target"]
            ends = kinds.get(source), kinds.get(target)
            rel_type = "Association"
            if ends[0] is not None and ends[1] is not None:
                triple = (ends[0], R(edge["relation"]), ends[1])
                rel_type = RELATIONSHIP_TYPES.get(triple, rel_type)
            attributes = {
                "identifier": f"id-{source}.{target}",
                "source": element_id(source),
                "target": element_id(target),
                "xsi:type": rel_type,
            }
            if rel_type == "Association":
                attributes["isDirected"] = "true"
            relationship = ET.SubElement(relationships, "relationship", attributes)
            text = edge_text(edge)
            writer.properties(relationship, {n: text[n] for n in _EDGE_PROPERTIES})
    writer.definitions(root)
    return to_bytes(root)


def write_archimate(
    doc: Mapping[str, Any],
    path: str | Path,
    *,
    model_name: str = "StrategyGraph",
    lang: str = "fi",
) -> Path:
    out = Path(path)
    out.write_bytes(dump_archimate(doc, model_name=model_name, lang=lang))
    return out
