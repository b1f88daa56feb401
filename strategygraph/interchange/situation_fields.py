"""A risk's fields and a node's attached records as the text of a file's properties, the
one mapping the ArchiMate and GraphML formats share (a CSV file has columns of its own).

A risk's fields other than its title, description and links are properties named by the
field (``likelihood``, ``impact``, ``owner``, …, each with the format's prefix: ``sg:`` in
ArchiMate); its id is written ``risk.<id>`` (a node id never has a dot). A node's
indicators (each with its measurements) and a project's status reports are two properties,
``indicators`` and ``reports``, each the records' JSON text.

>>> values = {"sg:" + k: v for k, v in risk_values({"region": "k", "likelihood": 4}).items() if v}
>>> problems = []
>>> read_risk("risk.r-1", "T", None, values, None, "here", problems)
{'id': 'r-1', 'title': 'T', 'threatens': [], 'inferred': [], 'region': 'k', 'likelihood': 4}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..domain import Problem
from ..domain.validation import ID_PATTERN

__all__ = [
    "ATTACHED",
    "RISK_PROPERTIES",
    "attached_values",
    "read_attached",
    "read_risk",
    "risk_identifier",
    "risk_values",
]

ATTACHED = ("indicators", "reports")
"""Node properties holding the node's records as JSON text."""
RISK_PROPERTIES = (
    "region",
    "likelihood",
    "impact",
    "owner",
    "mitigation",
    "status",
    "review_date",
    "source",
    "lifecycle",
    "version",
    "updated_at",
    "updated_by",
)
"""A risk's fields written as properties (title, description and links are not)."""
_INTEGERS = frozenset({"likelihood", "impact", "version"})
_PREFIX = "risk."


def risk_identifier(risk_id: str) -> str:
    return _PREFIX + risk_id


def risk_values(risk: Mapping[str, Any]) -> dict[str, str | None]:
    """A risk's properties as text (``None``: absent)."""
    out: dict[str, str | None] = {}
    for name in RISK_PROPERTIES:
        value = risk.get(name)
        out[name] = None if value is None or value == "" else str(value)
    return out


def attached_values(doc: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Per node id, its ``indicators`` and ``reports`` properties as JSON text."""
    found: dict[str, dict[str, list[Any]]] = {}
    for indicator in doc.get("indicators") or []:
        found.setdefault(indicator["node"], {}).setdefault("indicators", []).append(indicator)
    for report in doc.get("reports") or []:
        found.setdefault(report["project"], {}).setdefault("reports", []).append(report)
    return {
        node: {name: json.dumps(items, ensure_ascii=False) for name, items in parts.items()}
        for node, parts in found.items()
    }


def read_risk(
    identifier: str,
    title: str | None,
    description: str | None,
    values: Mapping[str, str],
    region: str | None,
    where: str,
    problems: list[Problem],
    prefix: str = "sg:",
) -> dict[str, Any]:
    """A risk's interchange dict from its element (``threatens`` filled by the
    relationships); a property that is not a whole number where one is needed is a
    problem."""
    plain = identifier.removeprefix(_PREFIX)
    risk: dict[str, Any] = {
        "id": plain if ID_PATTERN.fullmatch(plain) else plain.lower().replace(".", "-"),
        "title": title or "",
        "threatens": [],
        "inferred": [],
    }
    if description:
        risk["description"] = description
    for name in RISK_PROPERTIES:
        text = values.get(prefix + name)
        if text is None or text == "":
            continue
        if name in _INTEGERS:
            try:
                risk[name] = int(text)
            except ValueError:
                problems.append(
                    Problem("number", f"{prefix}{name} {text!r} is not a whole number", name, where)
                )
            continue
        risk[name] = text
    if "region" not in risk and region is not None:
        risk["region"] = region
    return risk


def read_attached(
    values: Mapping[str, str],
    node_id: str,
    where: str,
    document: dict[str, Any],
    sources: dict[str, list[str]],
    problems: list[Problem],
    prefix: str = "sg:",
) -> None:
    """A node's ``sg:indicators`` and ``sg:reports`` into the document's sections, each
    record tied to the node."""
    for section in ATTACHED:
        text = values.get(prefix + section)
        if not text:
            continue
        place = f"{where} property {prefix}{section}"
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(Problem("property", f"not JSON text: {exc.msg}", section, place))
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(Problem("property", "must be a JSON list of objects", section, place))
            continue
        owner = "node" if section == "indicators" else "project"
        for i, item in enumerate(items):
            document.setdefault(section, []).append({**item, owner: node_id})
            sources.setdefault(section, []).append(f"{place} [{i}]")
