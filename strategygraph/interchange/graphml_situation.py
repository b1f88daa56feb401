"""Risks in GraphML: each a node ``risk.<id>`` of ``kind`` ``RISK``, its fields as data
(``likelihood``, ``impact`` as ints, ``owner``, ``mitigation``, ``status``,
``review_date``, ``lifecycle``, …; ``situation_fields``), and a ``THREATENS`` edge to each
node it threatens (``inferred`` ``true`` for a link the source does not state). NetworkX
and Gephi read them as any other node, so the risks can be drawn beside the strategy.

>>> print(risk_lines([{"id": "r", "title": "T", "threatens": ["a"]}], {"a"})[-2])
<data key="e_relation">THREATENS</data>
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import Problem
from .archimate_xml import attr, text
from .field_names import NODE_FIELDS
from .situation_fields import ATTACHED, RISK_PROPERTIES, risk_identifier, risk_values

__all__ = ["RISK_KIND", "THREATENS", "read_threat", "risk_lines", "situation_keys"]

RISK_KIND = "RISK"
"""The ``kind`` of a risk's node."""
THREATENS = "THREATENS"
"""The ``relation`` of an edge from a risk to what it threatens."""
_RISK_ONLY = tuple(n for n in RISK_PROPERTIES if n not in NODE_FIELDS)


def situation_keys(doc: Mapping[str, Any]) -> list[str]:
    """The node keys beyond a node's fields that ``doc``'s records need (none without)."""
    keys = list(_RISK_ONLY) if doc.get("risks") else []
    return keys + [name for name in ATTACHED if doc.get(name)]


def risk_lines(risks: list[Mapping[str, Any]], nodes: set[str]) -> list[str]:
    """Each risk as a node of kind ``RISK`` (its fields as data), and an edge
    ``THREATENS`` to each node of the file it threatens."""
    lines = []
    for risk in risks:
        identifier = attr(risk_identifier(risk["id"]))
        lines.append(f'<node id="{identifier}">')
        lines.append(f'<data key="n_label">{text(risk["title"])}</data>')
        lines.append(f'<data key="n_kind">{RISK_KIND}</data>')
        lines.append(f'<data key="n_title">{text(risk["title"])}</data>')
        if risk.get("description"):
            lines.append(f'<data key="n_description">{text(risk["description"])}</data>')
        for name, value in risk_values(risk).items():
            if value is not None:
                lines.append(f'<data key="n_{name}">{text(value)}</data>')
        lines.append("</node>")
    for risk in risks:
        source = attr(risk_identifier(risk["id"]))
        inferred = set(risk.get("inferred") or ())
        for node in risk.get("threatens") or ():
            if node not in nodes:
                continue
            target = attr(node)
            lines.append(f'<edge id="{source}.{target}" source="{source}" target="{target}">')
            lines.append(f'<data key="e_relation">{THREATENS}</data>')
            if node in inferred:
                lines.append('<data key="e_inferred">true</data>')
            lines.append("</edge>")
    return lines


def read_threat(
    risks: dict[str, dict[str, Any]],
    source: str,
    target: str,
    values: Mapping[str, str],
    where: str,
    problems: list[Problem],
) -> None:
    """An edge from a risk: the risk threatens its target (``inferred`` kept)."""
    if source not in risks or target in risks:
        problems.append(
            Problem(
                "risk-edge",
                "an edge of a risk goes from the risk to a node it threatens",
                "source",
                where,
            )
        )
        return
    risk = risks[source]
    if target not in risk["threatens"]:
        risk["threatens"].append(target)
        if values.get("inferred", "").strip().lower() == "true":
            risk["inferred"].append(target)
