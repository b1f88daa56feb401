"""The JSON interchange format, version 1: read (validated by its JSON Schema) and write.

A document has ``format``, ``format_version``, ``regions``, ``organisations`` and top-level
``nodes`` and ``edges`` arrays; see ``schemas/strategygraph-v1.schema.json``.

Validation has a fast path: the compiled validator of ``jsonschema-rs`` accepts a valid
document in a fraction of the time; only a document it refuses goes through ``jsonschema``,
whose errors (every one, located) are what the user sees.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator

from ..domain import Edge, Node, Organisation, Problem, Region, ValidationError
from ..domain.codec import edge_from_dict, edge_to_dict, node_from_dict, node_to_dict
from ..domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from ..store.bulk import collector_paused

__all__ = [
    "FORMAT_VERSION",
    "Document",
    "dump_document",
    "load_document",
    "parse_document",
    "schema",
]

FORMAT_VERSION = 1
MAX_PROBLEMS = 200


@dataclass
class Document:
    regions: list[Region]
    organisations: list[Organisation]
    nodes: list[Node]
    edges: list[Edge]


@cache
def schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas/strategygraph-v1.schema.json")
    return dict(json.loads(text.read_text(encoding="utf-8")))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _fast_validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(schema(), validate_formats=True)


def _location(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def parse_document(data: Any) -> Document:
    """Check ``data`` against the schema and the field rules; every problem, located."""
    valid = _fast_validator().is_valid(data)
    errors = (
        []
        if valid
        else sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    )
    if errors:
        raise ValidationError(
            [
                Problem("schema", e.message, str(e.path[-1]) if e.path else None, _location(e.path))
                for e in errors[:MAX_PROBLEMS]
            ]
        )
    fast = _valid_records(data)
    if fast is not None:
        nodes, edges = fast
    else:
        nodes, edges = _checked_records(data)
    return Document(
        [Region(**r) for r in data.get("regions", [])],
        [Organisation(**o) for o in data.get("organisations", [])],
        nodes,
        edges,
    )


def _valid_records(data: dict[str, Any]) -> tuple[list[Node], list[Edge]] | None:
    """Nodes and edges of a schema-valid document in one quick pass, or None when any of
    them needs the checking builders (a problem to report, a duplicate id)."""
    try:
        nodes = list(map(node_from_valid, data["nodes"]))
        edges = list(map(edge_from_valid, data["edges"]))
    except NOT_VALID:
        return None
    if len({n.id for n in nodes}) != len(nodes):
        return None
    return nodes, edges


def _checked_records(data: dict[str, Any]) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges built field by field, or every problem, located."""
    problems: list[Problem] = []
    nodes, edges = [], []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["nodes"]):
        where = f"nodes[{i}]"
        if raw["id"] in seen:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"node id '{raw['id']}' is already used by nodes[{seen[raw['id']]}]",
                    "id",
                    where,
                )
            )
        seen.setdefault(raw["id"], i)
        try:
            nodes.append(node_from_dict(raw, where))
        except ValidationError as exc:
            problems.extend(exc.problems)
    for i, raw in enumerate(data["edges"]):
        try:
            edges.append(edge_from_dict(raw, f"edges[{i}]"))
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems[:MAX_PROBLEMS])
    return nodes, edges


def load_document(text: str | bytes) -> Document:
    """Parse JSON text; a syntax error is a problem with its line and column."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise ValidationError.one(
            "encoding", f"the file is not UTF-8: {exc.reason} at byte {exc.start}", where="document"
        ) from exc
    except json.JSONDecodeError as exc:
        raise ValidationError.one(
            "json-syntax",
            f"invalid JSON: {exc.msg}",
            where=f"line {exc.lineno}, column {exc.colno}",
        ) from exc
    return parse_document(data)


def dump_document(doc: Document, graph_version: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"format": "strategygraph", "format_version": FORMAT_VERSION}
    if graph_version is not None:
        out["graph_version"] = graph_version
        out["exported_at"] = datetime.now(UTC).isoformat()
    out["regions"] = [asdict(r) for r in doc.regions]
    out["organisations"] = [asdict(o) for o in doc.organisations]
    with collector_paused():  # a dict per node and edge, all kept
        out["nodes"] = [node_to_dict(n) for n in doc.nodes]
        out["edges"] = [edge_to_dict(e) for e in doc.edges]
    return out
