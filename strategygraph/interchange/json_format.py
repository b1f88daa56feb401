"""The JSON interchange format, version 2: read (validated by its JSON Schema) and write;
version 1 files are still read.

A document has ``format``, ``format_version``, ``regions``, ``organisations`` and top-level
``nodes`` and ``edges`` arrays; see ``schemas/strategygraph-v2.schema.json``. Version 2
adds an edge's suspect mark (``suspect_at``, ``suspect_by``; ``marks.py``) and a delta
export's ``since_version`` and ``removed``; a version 1 file is checked against
``strategygraph-v1.schema.json`` and carries no marks.

Validation has a fast path: the compiled validator of ``jsonschema-rs`` accepts a valid
document in a fraction of the time; only a document it refuses goes through ``jsonschema``,
whose errors (every one, located) are what the user sees.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator

from ..domain import Edge, Node, Organisation, Problem, Region, ValidationError
from ..domain.codec import edge_from_dict, node_from_dict, node_to_dict
from ..domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from ..domain.states import edge_state
from ..store.bulk import collector_paused
from .marks import take_mark, with_mark

__all__ = [
    "FORMAT_VERSION",
    "Document",
    "dump_document",
    "load_document",
    "parse_document",
    "schema",
]

FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
"""The format versions this program reads (it writes ``FORMAT_VERSION``)."""
MAX_PROBLEMS = 200


@dataclass
class Document:
    regions: list[Region]
    organisations: list[Organisation]
    nodes: list[Node]
    edges: list[Edge]
    removed_nodes: list[str] = field(default_factory=list)
    """A delta's deleted nodes (``removed.nodes``)."""
    removed_edges: list[tuple[str, str]] = field(default_factory=list)
    """A delta's removed edges, as (source, target)."""


@cache
def schema(version: int = FORMAT_VERSION) -> dict[str, Any]:
    """The JSON Schema of format ``version`` (1 or 2)."""
    text = resources.files(__package__).joinpath(f"schemas/strategygraph-v{version}.schema.json")
    return dict(json.loads(text.read_text(encoding="utf-8")))


@cache
def _validator(version: int) -> Draft202012Validator:
    return Draft202012Validator(schema(version), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _fast_validator(version: int) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(schema(version), validate_formats=True)


def _version(data: Any) -> int:
    """The format version ``data`` says, or a clear refusal of one this program cannot
    read (a missing one is left to the schema)."""
    version = data.get("format_version", FORMAT_VERSION) if isinstance(data, dict) else 2
    if version in READ_VERSIONS and not isinstance(version, bool):
        return int(version)
    raise ValidationError.one(
        "format-version",
        f"format_version {version!r} is not one this program reads "
        f"({', '.join(map(str, READ_VERSIONS))})",
        "format_version",
        "format_version",
    )


def _location(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def parse_document(data: Any) -> Document:
    """Check ``data`` against the schema and the field rules; every problem, located."""
    version = _version(data)
    valid = _fast_validator(version).is_valid(data)
    errors = (
        []
        if valid
        else sorted(_validator(version).iter_errors(data), key=lambda e: list(map(str, e.path)))
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
    removed = data.get("removed") or {}
    return Document(
        [Region(**r) for r in data.get("regions", [])],
        [Organisation(**o) for o in data.get("organisations", [])],
        nodes,
        edges,
        list(removed.get("nodes", [])),
        [(e["source"], e["target"]) for e in removed.get("edges", [])],
    )


def _valid_records(data: dict[str, Any]) -> tuple[list[Node], list[Edge]] | None:
    """Nodes and edges of a schema-valid document in one quick pass, or None when any of
    them needs the checking builders (a problem to report, a duplicate id)."""
    try:
        nodes = list(map(node_from_valid, data["nodes"]))
        edges = list(map(_edge_from_valid, data["edges"]))
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
        where = f"edges[{i}]"
        fields, mark, wrong = take_mark(raw, where)
        problems.extend(wrong)
        try:
            edges.append(with_mark(edge_from_dict(fields, where), mark))
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems[:MAX_PROBLEMS])
    return nodes, edges


def _edge_from_valid(raw: dict[str, Any]) -> Edge:
    if "suspect_at" not in raw and "suspect_by" not in raw:
        return edge_from_valid(raw)
    fields, mark, wrong = take_mark(raw, None)
    if wrong:
        raise ValueError("suspect mark")
    return with_mark(edge_from_valid(fields), mark)


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
        out["edges"] = [edge_state(e) for e in doc.edges]
    return out
