"""ArchiMate 3.1 Model Exchange File Format: the export (the mapping is in
``archimate_map``, what nodes keep of elements in ``archimate_names``, the folders and views
in ``archimate_views``).

Titles are ``<name>``, descriptions ``<documentation>``, in the export's language and in
every other language a node keeps; the kind's name is the element's specialization; every
other field is a property ``sg:<field>`` (``sg:kind``, ``sg:region``, ``sg:status``,
``sg:health``, …, declared in ``propertyDefinitions``); an edge's relation is
``sg:relation`` when it is not the one the import reads between the two kinds. The
model's ``sg:regions`` and ``sg:organisations`` properties hold those
lists as JSON text, since ArchiMate has no regions. Risks are Assessments with the
specialization ``Riski``, indicators and status reports properties of their node
(``archimate_situation``). So an export imports back equal.
Element identifiers are the node's ``archimate_id`` or ``id-<our id>``. Folders
(organizations) hold each region's elements by layer; one view per region draws them
layer by layer. An empty graph is written with one placeholder Grouping, since a model
needs an element (Archi refuses a model without: "No Elements found").

The XML is written as text, one element or property a line (a national graph of 120,000
nodes is some 300 MB; building a tree for it took most of a minute), not indented (a parser
keeps each indentation as a string of its own: millions of them, a quarter of the time a
national graph takes to read); a carriage return in a text is written ``&#13;`` so that
CRLF comes back as CRLF.
"""

from __future__ import annotations

import json
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
from .archimate_situation import RISK_TYPE, risk_specialization
from .archimate_views import Drawn, organizations, placeholder, views
from .archimate_xml import attr, text
from .field_names import NODE_FIELDS
from .fields import edge_text, node_text
from .implied_relations import relation_between
from .situation_fields import (
    ATTACHED,
    RISK_PROPERTIES,
    attached_values,
    risk_identifier,
    risk_values,
)

__all__ = [
    "ARCHIMATE_NS",
    "ELEMENT_TYPES",
    "PREFIX",
    "XSI_TYPE",
    "dump_archimate",
    "schema_path",
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
    "likelihood": "number",
    "impact": "number",
    "review_date": "date",
}
_NODE_PROPERTIES = tuple(n for n in NODE_FIELDS if n not in ("id", "title", "description"))
_EDGE_PROPERTIES = ("relation", "inferred", "note")
_MODEL_PROPERTIES = ("regions", "organisations")
_RISK_ONLY = tuple(n for n in RISK_PROPERTIES if n not in _NODE_PROPERTIES)
_SITUATION_PROPERTIES = (*ATTACHED, *_RISK_ONLY)
_OPEN = {
    name: f'<property propertyDefinitionRef="{ref}"><value>'
    for name, ref in [(SPECIALIZATION, SPECIALIZATION)]
    + [
        (n, f"propdef-{n}")
        for n in (*_NODE_PROPERTIES, *_EDGE_PROPERTIES, *_MODEL_PROPERTIES, *_SITUATION_PROPERTIES)
    ]
}
_CLOSE = "</value></property>"


def schema_path(name: str = "archimate3_Model.xsd") -> Path:
    """One of the Open Group's XSDs shipped with the package (``xml.xsd`` beside them)."""
    return Path(__file__).parent / "schemas" / "archimate" / name


class _Writer:
    """The lines of the model; property definitions are declared for the properties used."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lines: list[str] = []
        self.used: set[str] = set()

    def texts(self, tag: str, texts: list[tuple[str, str]]) -> None:
        self.lines.extend(
            f'<{tag} xml:lang="{attr(lang)}">{text(value)}</{tag}>' for lang, value in texts
        )

    def properties(self, values: Mapping[str, str | None]) -> None:
        """A property for each value given: ``sg:<field>``, or Archi's specialization."""
        present = [(k, v) for k, v in values.items() if v is not None]
        if not present:
            return
        self.used.update(k for k, _ in present)
        lines = self.lines
        lines.append("<properties>")
        lines.extend(_OPEN[name] + text(value) + _CLOSE for name, value in present)
        lines.append("</properties>")

    def definitions(self) -> list[str]:
        if not self.used:
            return []
        out = ["<propertyDefinitions>"]
        every = (*_MODEL_PROPERTIES, *_NODE_PROPERTIES, *_EDGE_PROPERTIES, *_SITUATION_PROPERTIES)
        for name in (SPECIALIZATION, *every):
            if name not in self.used:
                continue
            if name == SPECIALIZATION:  # as Archi declares it
                out.append(
                    f'<propertyDefinition identifier="{name}" type="string">'
                    "<name>Specialization</name></propertyDefinition>"
                )
            else:
                kind = _PROPERTY_TYPES.get(name, "string")
                out.append(
                    f'<propertyDefinition identifier="propdef-{name}" type="{kind}">'
                    f"<name>{PREFIX}{name}</name></propertyDefinition>"
                )
        out.append("</propertyDefinitions>")
        return out


def _element_type(kind: K, attributes: Mapping[str, str]) -> str:
    """The kind's type, or the type the element had in the model it came from."""
    kept = attributes.get(TYPE_ATTRIBUTE)
    return kept if kept in IMPORTED_TYPES else ELEMENT_TYPES[kind]


def dump_archimate(
    doc: Mapping[str, Any], *, model_name: str = "StrategyGraph", lang: str = "fi"
) -> bytes:
    """An interchange dict as an ArchiMate 3.1 exchange model (UTF-8 XML bytes)."""
    writer = _Writer(lang)
    lines = writer.lines
    lines.append('<?xml version="1.0" encoding="utf-8"?>')
    lines.append(
        f'<model xmlns="{ARCHIMATE_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{ARCHIMATE_NS} '
        'http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd" '
        'identifier="model-strategygraph">'
    )
    writer.texts("name", [(lang, model_name)])
    model_values = {
        name: json.dumps(doc[name], ensure_ascii=False) if doc.get(name) else None
        for name in _MODEL_PROPERTIES
    }
    writer.properties(model_values)
    drawn = Drawn(lang)
    attached = attached_values(doc)
    risks = doc.get("risks") or []
    lines.append("<elements>")
    for node in doc.get("nodes", []):
        _element(node, writer, drawn, attached.get(node["id"], {}))
    for risk in risks:
        _risk(risk, writer)
    if not drawn.nodes and not risks:
        lines.extend(placeholder(lang))
    lines.append("</elements>")
    edges = doc.get("edges", [])
    if edges or any(r.get("threatens") for r in risks):
        lines.append("<relationships>")
        for edge in edges:
            _relationship(edge, writer, drawn)
        for risk in risks:
            _threats(risk, writer, drawn)
        lines.append("</relationships>")
    lines.extend(organizations(drawn, doc.get("regions", [])))
    lines.extend(writer.definitions())
    lines.extend(views(drawn, doc.get("regions", [])))
    lines.append("</model>\n")
    return "\n".join(lines).encode("utf-8")


def _element(
    node: Mapping[str, Any], writer: _Writer, drawn: Drawn, attached: Mapping[str, str]
) -> None:
    kind = K(node["kind"])
    attributes: Mapping[str, str] = node.get("attributes") or {}
    identifier = attributes.get(ID_ATTRIBUTE, "")
    if not identifier or identifier in drawn.used or not valid_identifier(identifier):
        identifier = f"id-{node['id']}"
    element_type = _element_type(kind, attributes)
    writer.lines.append(f'<element identifier="{identifier}" xsi:type="{element_type}">')
    lang = writer.lang
    if attributes:
        writer.texts("name", texts_to_write("title", node["title"], attributes, lang))
        described = texts_to_write("description", node.get("description"), attributes, lang)
        writer.texts("documentation", described)
        node = {**node, "attributes": foreign_attributes(attributes)}
    else:
        writer.texts("name", [(lang, node["title"])])
        if node.get("description"):
            writer.texts("documentation", [(lang, node["description"])])
    values = node_text(node)
    values.update(id=None, title=None, description=None)
    writer.properties({SPECIALIZATION: specialization_name(kind, lang), **values, **attached})
    writer.lines.append("</element>")
    drawn.add_node(node["id"], identifier, element_type, kind, node["region"])


def _relationship(edge: Mapping[str, Any], writer: _Writer, drawn: Drawn) -> None:
    source, target = edge["source"], edge["target"]
    types = drawn.types.get(source, ""), drawn.types.get(target, "")
    relation = R(edge["relation"])
    rel_type = relationship_type(types[0], relation, types[1])
    identifier = f"id-{source}.{target}"
    ends = (
        drawn.identifiers.get(source, f"id-{source}"),
        drawn.identifiers.get(target, f"id-{target}"),
    )
    directed = ' isDirected="true"' if rel_type == "Association" else ""
    opening = (
        f'<relationship identifier="{identifier}" source="{ends[0]}" target="{ends[1]}" '
        f'xsi:type="{rel_type}"{directed}'
    )
    values = edge_text(edge)
    kinds = drawn.kinds.get(source), drawn.kinds.get(target)
    if kinds[0] and kinds[1] and relation_between(kinds[0], kinds[1]) is relation:
        values["relation"] = None  # the one the import reads between these kinds
    properties = {n: values[n] for n in _EDGE_PROPERTIES}
    if all(v is None for v in properties.values()):  # most: one empty element, one line
        writer.lines.append(opening + "/>")
    else:
        writer.lines.append(opening + ">")
        writer.properties(properties)
        writer.lines.append("</relationship>")
    drawn.add_edge(source, target, identifier)


def _risk(risk: Mapping[str, Any], writer: _Writer) -> None:
    """A risk as an Assessment with the specialization ``Riski`` (``archimate_situation``)."""
    identifier = risk_identifier(risk["id"])
    writer.lines.append(f'<element identifier="{identifier}" xsi:type="{RISK_TYPE}">')
    writer.texts("name", [(writer.lang, risk["title"])])
    if risk.get("description"):
        writer.texts("documentation", [(writer.lang, risk["description"])])
    writer.properties({SPECIALIZATION: risk_specialization(writer.lang), **risk_values(risk)})
    writer.lines.append("</element>")


def _threats(risk: Mapping[str, Any], writer: _Writer, drawn: Drawn) -> None:
    """A directed Association from the risk to each node it threatens."""
    source = risk_identifier(risk["id"])
    inferred = set(risk.get("inferred") or ())
    for node in risk.get("threatens") or ():
        target = drawn.identifiers.get(node)
        if target is None:
            continue  # not in the model: nothing to point at
        writer.lines.append(
            f'<relationship identifier="{source}.{node}" source="{source}" '
            f'target="{target}" xsi:type="Association" isDirected="true">'
        )
        writer.properties({"inferred": "true" if node in inferred else None})
        writer.lines.append("</relationship>")
