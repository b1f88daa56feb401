"""ArchiMate 3.1 Model Exchange File Format: the export (the mapping is in
``archimate_map``, what nodes keep of elements in ``archimate_names``, the folders and views
in ``archimate_views``).

Titles are ``<name>``, descriptions ``<documentation>``, in the export's language and in
every other language a node keeps; the kind's name is the element's specialization; every
other field is a property ``sg:<field>`` (``sg:kind``, ``sg:region``, ``sg:status``,
``sg:health``, …, declared in ``propertyDefinitions``), and the edge relation is
``sg:relation``. The model's ``sg:regions`` and ``sg:organisations`` properties hold those
lists as JSON text, since ArchiMate has no regions. So an export imports back equal.
Element identifiers are the node's ``archimate_id`` or ``id-<our id>``. Folders
(organizations) hold each region's elements by layer; one view per region draws them
layer by layer. An empty graph is written with one placeholder Grouping, since a model
needs an element (Archi refuses a model without: "No Elements found").
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain import NodeKind as K
from ..domain import Relation as R
from .archimate_map import (
    ELEMENT_TYPES,
    IMPORTED_TYPES,
    SPECIALIZATION,
    relationship_type,
    specialization_name,
)
from .archimate_names import (
    ID_ATTRIBUTE,
    TYPE_ATTRIBUTE,
    foreign_attributes,
    texts_to_write,
    valid_identifier,
)
from .archimate_views import Drawn, add_organizations, add_placeholder, add_views
from .fields import NODE_FIELDS, edge_text, node_text
from .xmlsafe import XML_LANG, to_bytes

__all__ = [
    "ARCHIMATE_NS",
    "ELEMENT_TYPES",
    "PREFIX",
    "XSI_TYPE",
    "dump_archimate",
    "schema_path",
    "write_archimate",
]

ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSI_TYPE = f"{{{XSI_NS}}}type"
PREFIX = "sg:"
"""Our properties' names start with this, apart from other tools' properties."""

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


class _Writer:
    """Builds the model; property definitions are declared for the properties used."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.used: dict[str, None] = {}

    def texts(self, parent: ET.Element, tag: str, texts: list[tuple[str, str]]) -> None:
        for lang, text in texts:
            ET.SubElement(parent, tag, {XML_LANG: lang}).text = text

    def properties(self, parent: ET.Element, values: Mapping[str, str | None]) -> None:
        """A property for each value given: ``sg:<field>``, or Archi's specialization."""
        present = [(k, v) for k, v in values.items() if v is not None]
        if not present:
            return
        holder = ET.SubElement(parent, "properties")
        for name, value in present:
            self.used[name] = None
            ref = name if name == SPECIALIZATION else f"propdef-{name}"
            prop = ET.SubElement(holder, "property", {"propertyDefinitionRef": ref})
            ET.SubElement(prop, "value").text = value

    def definitions(self, parent: ET.Element) -> None:
        if not self.used:
            return
        holder = ET.SubElement(parent, "propertyDefinitions")
        for name in self.used:
            if name == SPECIALIZATION:  # as Archi declares it
                attributes = {"identifier": name, "type": "string"}
                label = "Specialization"
            else:
                kind = _PROPERTY_TYPES.get(name, "string")
                attributes = {"identifier": f"propdef-{name}", "type": kind}
                label = PREFIX + name
            ET.SubElement(
                ET.SubElement(holder, "propertyDefinition", attributes), "name"
            ).text = label


def _element_type(kind: K, attributes: Mapping[str, str]) -> str:
    """The kind's type, or the type the element had in the model it came from."""
    kept = attributes.get(TYPE_ATTRIBUTE)
    return kept if kept in IMPORTED_TYPES else ELEMENT_TYPES[kind]


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
                f"{ARCHIMATE_NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
            ),
            "identifier": "model-strategygraph",
        },
    )
    writer.texts(root, "name", [(lang, model_name)])
    model_values = {
        name: json.dumps(doc[name], ensure_ascii=False) if doc.get(name) else None
        for name in _MODEL_PROPERTIES
    }
    writer.properties(root, model_values)
    drawn = Drawn(lang)
    elements = ET.SubElement(root, "elements")
    for node in doc.get("nodes", []):
        _element(elements, node, writer, drawn)
    if not drawn.nodes:
        add_placeholder(elements, lang)
    edges = doc.get("edges", [])
    if edges:
        relationships = ET.SubElement(root, "relationships")
        for edge in edges:
            _relationship(relationships, edge, writer, drawn)
    add_organizations(root, drawn, doc.get("regions", []))
    writer.definitions(root)
    add_views(root, drawn, doc.get("regions", []))
    return to_bytes(root)


def _element(parent: ET.Element, node: Mapping[str, Any], writer: _Writer, drawn: Drawn) -> None:
    kind = K(node["kind"])
    attributes: Mapping[str, str] = node.get("attributes") or {}
    identifier = attributes.get(ID_ATTRIBUTE, "")
    if not valid_identifier(identifier) or identifier in drawn.used:
        identifier = f"id-{node['id']}"
    element_type = _element_type(kind, attributes)
    element = ET.SubElement(parent, "element", {"identifier": identifier, "xsi:type": element_type})
    writer.texts(element, "name", texts_to_write("title", node["title"], attributes, writer.lang))
    documentation = texts_to_write("description", node.get("description"), attributes, writer.lang)
    writer.texts(element, "documentation", documentation)
    text = node_text({**node, "attributes": foreign_attributes(attributes)})
    values: dict[str, str | None] = {SPECIALIZATION: specialization_name(kind, writer.lang)}
    values.update((n, text[n]) for n in _NODE_PROPERTIES)
    writer.properties(element, values)
    drawn.add_node(node["id"], identifier, element_type, kind, node["region"])


def _relationship(
    parent: ET.Element, edge: Mapping[str, Any], writer: _Writer, drawn: Drawn
) -> None:
    source, target = edge["source"], edge["target"]
    relation = R(edge["relation"])
    types = drawn.types.get(source, ""), drawn.types.get(target, "")
    rel_type = relationship_type(types[0], relation, types[1])
    identifier = f"id-{source}.{target}"
    attributes = {
        "identifier": identifier,
        "source": drawn.identifiers.get(source, f"id-{source}"),
        "target": drawn.identifiers.get(target, f"id-{target}"),
        "xsi:type": rel_type,
    }
    if rel_type == "Association":
        attributes["isDirected"] = "true"
    relationship = ET.SubElement(parent, "relationship", attributes)
    text = edge_text(edge)
    writer.properties(relationship, {n: text[n] for n in _EDGE_PROPERTIES})
    drawn.add_edge(source, target, identifier)


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
