"""The JSON interchange format, version 2: read (validated by its JSON Schema) and write;
version 1 files are still read.

A document has ``format``, ``format_version``, ``regions``, ``organisations`` and top-level
``nodes`` and ``edges`` arrays; see ``schemas/strategygraph-v2.schema.json``. Version 2
adds an edge's suspect mark (``suspect_at``, ``suspect_by``; ``marks.py``), a delta
export's ``since_version`` and ``removed``, and the optional sections of the situational
picture, ``risks``, ``indicators`` and ``reports`` (``situation_records.py``; a file
without them is valid as before); a version 1 file is checked against
``strategygraph-v1.schema.json`` and carries no marks.

The schema check (versions, schemas, the fast and the reporting validator) is
``json_checks``; the ``Document`` and the building of its records ``json_document``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import orjson

from ..collector import collector_paused
from ..domain import Problem, ValidationError
from ..domain.codec import node_to_dict
from ..domain.states import edge_state
from .json_checks import (
    FORMAT_VERSION,
    fast_validator,
    read_version,
    schema_problem,
    validator,
    whole_numbers,
)
from .json_document import Document, build_document, checked_records, valid_records
from .reading import MAX_BYTES, MAX_PROBLEMS, Reading, check_size, decode_utf8
from .situation_records import SITUATION_SECTIONS, dump_situation, read_situation

__all__ = [
    "dump_document",
    "load_json",
    "loads",
    "parse_document",
    "read_document",
]


def parse_document(data: Any) -> Document:
    """Check ``data`` against the schema and the field rules; every problem, located."""
    doc, problems, _ = read_document(data)
    if problems:
        raise ValidationError(problems[:MAX_PROBLEMS])
    return doc


def read_document(data: Any) -> tuple[Document, list[Problem], set[str]]:
    """Every record of ``data`` that is right, the problems of the rest (schema and field
    rules, every one, located), and the ids of the nodes that have problems; so that a
    caller can check the right records further and report every problem in one run."""
    version = read_version(data)
    data = whole_numbers(data)
    if fast_validator(version).is_valid(data):
        situation, wrong = read_situation(data, set())
        fast = valid_records(data)
        if fast is not None:
            doc = build_document(data, *fast)
            doc.situation = situation
            return doc, wrong, set()
        nodes, edges, problems, failed, built = checked_records(data)
        doc = build_document(data, nodes, edges)
        doc.places = built
        doc.situation = situation
        return doc, problems + wrong, failed
    errors = sorted(validator(version).iter_errors(data), key=lambda e: list(map(str, e.path)))
    problems = [schema_problem(e) for e in errors]
    if not isinstance(data, dict):
        return Document([], [], [], []), problems, set()
    bad = {(str(e.path[0]), e.path[1]) for e in errors if len(e.path) > 1}
    if any(len(e.path) < 2 and e.path and e.path[0] in _SECTIONS for e in errors):
        return Document([], [], [], []), problems, set()  # a section is not a list
    kept = {
        name: [item for i, item in enumerate(data.get(name) or []) if (name, i) not in bad]
        for name in _SECTIONS
    }
    failed = {
        str(item.get("id"))
        for i, item in enumerate(data.get("nodes") or [])
        if ("nodes", i) in bad and isinstance(item, dict)
    }
    index = {
        name: [i for i in range(len(data.get(name) or [])) if (name, i) not in bad]
        for name in _SECTIONS
    }
    nodes, edges, more, failed_too, built = checked_records(
        {"nodes": kept["nodes"], "edges": kept["edges"]}, index
    )
    good = {**data, **kept, "removed": {}}
    doc = build_document(good, nodes, edges)
    doc.places = {**index, **built}
    bad_too = bad | {
        (str(e.path[0]), e.path[1])
        for e in errors
        if len(e.path) > 1 and e.path[0] in SITUATION_SECTIONS
    }
    if any(len(e.path) < 2 and e.path and e.path[0] in SITUATION_SECTIONS for e in errors):
        return doc, problems + more, failed | failed_too  # a section is not a list
    doc.situation, wrong = read_situation(data, bad_too)
    return doc, problems + more + wrong, failed | failed_too


_SECTIONS = ("regions", "organisations", "nodes", "edges")


def loads(text: str | bytes) -> Any:
    """JSON text as Python values: ``orjson`` (several times faster on a large file),
    and the standard library for what it refuses, so that what is accepted (``NaN``, a
    number beyond 64 bits) and each syntax error's message stay the standard library's."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def load_json(data: bytes, name: str = "graph.json", max_bytes: int = MAX_BYTES) -> Reading:
    """A JSON interchange document as it is (the service validates it), syntax checked."""
    check_size(len(data), name, max_bytes)
    text = decode_utf8(data, name, "save it as UTF-8: JSON text is UTF-8")
    try:
        with collector_paused():  # millions of objects, all kept
            document = loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError.one(
            "json-syntax",
            f"invalid JSON: {exc.msg}",
            where=f"{name} line {exc.lineno}, column {exc.colno}",
        ) from None
    if not isinstance(document, dict):
        raise ValidationError.one("json-syntax", "the file is not a JSON object", where=name)
    sources = {
        section: [f"{name} {section}[{i}]" for i in range(len(items))]
        for section, items in document.items()
        if isinstance(items, list)
    }
    return Reading(document, [], sources)


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
    out.update(dump_situation(doc.situation))
    return out
