"""GraphML, for Gephi, yEd and NetworkX (``networkx.read_graphml`` reads it as it is).

Every node field is a declared ``<key>``: ``kind``, ``region``, ``status``, ``health`` and
the rest as strings, ``progress`` and ``version`` as ints, tags joined with ``;``,
attributes as JSON text; ``label`` repeats the title for Gephi. Edges carry ``relation``
(and ``inferred``, ``note``). The graph itself carries ``regions`` and ``organisations``
as JSON text, so a round trip keeps everything the JSON format carries. An absent value
is no ``<data>``; an empty text is an empty ``<data>``. Edge ids are ``source.target``:
stable when other edges change.

The situational picture: a risk is a node of ``kind`` ``RISK`` with a ``THREATENS`` edge to
each node it threatens (``graphml_situation``); a node's indicators and a project's status
reports are the node's ``indicators`` and ``reports`` data, JSON text.

This module writes the format; reading it, GraphML from other tools too, is
``graphml_read``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..collector import collector_paused
from .field_names import EDGE_FIELDS, NODE_FIELDS
from .fields import edge_text, node_text
from .graphml_situation import risk_lines, situation_keys
from .json_checks import FORMAT_VERSION
from .situation_fields import attached_values

__all__ = [
    "GRAPHML_NS",
    "dump_graphml",
    "edge_id",
]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
_TYPES = {
    "progress": "int",
    "version": "int",
    "inferred": "boolean",
    "format_version": "int",
    "likelihood": "int",
    "impact": "int",
}
_GRAPH_KEYS = ("format", "format_version", "regions", "organisations")


def _text(value: str) -> str:
    """``value`` escaped for element text; a CR as ``&#13;`` (a reader would make CRLF LF)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def _attribute(value: str) -> str:
    """``value`` escaped for a double-quoted attribute."""
    value = _text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\n" in value or "\t" in value:
        value = value.replace("\n", "&#10;").replace("\t", "&#9;")
    return value


def _key(domain: str, name: str) -> str:
    return (
        f'<key id="{domain[0]}_{name}" for="{domain}" attr.name="{name}" '
        f'attr.type="{_TYPES.get(name, "string")}" />'
    )


_NODE_KEYS = tuple((name, f'<data key="n_{name}">') for name in NODE_FIELDS if name != "id")
_EDGE_KEYS = tuple((name, f'<data key="e_{name}">') for name in EDGE_FIELDS[3:])


def dump_graphml(doc: Mapping[str, Any]) -> bytes:
    """An interchange dict as GraphML bytes (UTF-8), written as text in one pass (an
    ElementTree of a national graph's 3 million elements takes several times as long),
    one element a line and not indented: a reader keeps each indentation as a string of
    its own, a quarter of the time a national graph takes to parse."""
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        f' xsi:schemaLocation="{GRAPHML_NS} {_SCHEMA}">',
        *(_key("graph", name) for name in _GRAPH_KEYS),
        *(_key("node", name) for name in ("label", *NODE_FIELDS) if name != "id"),
        *(_key("node", name) for name in situation_keys(doc)),
        _key("edge", "relation"),
        *(_key("edge", name) for name in EDGE_FIELDS[3:]),
        '<graph id="strategygraph" edgedefault="directed">',
        '<data key="g_format">strategygraph</data>',
        f'<data key="g_format_version">{FORMAT_VERSION}</data>',
    ]
    for name in ("regions", "organisations"):
        listed = json.dumps(doc.get(name, []), ensure_ascii=False)
        lines.append(f'<data key="g_{name}">{_text(listed)}</data>')
    append = lines.append
    attached = attached_values(doc)
    with collector_paused():
        for node in doc.get("nodes", []):
            fields = node_text(node)
            append(f'<node id="{_attribute(node["id"])}">')
            append(f'<data key="n_label">{_text(fields["title"] or "")}</data>')
            for name, opening in _NODE_KEYS:
                value = fields[name]
                if value is not None:
                    append(f"{opening}{_text(value)}</data>")
            for name, value in attached.get(node["id"], {}).items():
                append(f'<data key="n_{name}">{_text(value)}</data>')
            append("</node>")
        lines.extend(risk_lines(doc.get("risks") or [], {n["id"] for n in doc.get("nodes", [])}))
        for edge in doc.get("edges", []):
            source, target = _attribute(edge["source"]), _attribute(edge["target"])
            append(f'<edge id="{source}.{target}" source="{source}" target="{target}">')
            relation = edge["relation"]
            append(f'<data key="e_relation">{_text(str(relation))}</data>')
            cells = edge_text(edge)
            for name, opening in _EDGE_KEYS:
                value = cells[name]
                if value is not None:
                    append(f"{opening}{_text(value)}</data>")
            append("</edge>")
    lines.append("</graph>")
    lines.append("</graphml>\n")
    return "\n".join(lines).encode("utf-8")


def edge_id(edge: Mapping[str, Any]) -> str:
    """An edge's id from its ends (``proj.ch``): two nodes have at most one edge, and no
    node id holds a ``.``, so the id is unique and stays when other edges come and go."""
    return f"{edge['source']}.{edge['target']}"
