"""The JSON interchange format, version 2: read (validated by its JSON Schema) and write;
version 1 files are still read.

A document has ``format``, ``format_version``, ``regions``, ``organisations`` and top-level
``nodes`` and ``edges`` arrays; see ``schemas/strategygraph-v2.schema.json``. Version 2
adds an edge's suspect mark (``suspect_at``, ``suspect_by``; ``marks.py``), a delta
export's ``since_version`` and ``removed``, and the optional sections of the situational
picture, ``risks``, ``indicators`` and ``reports`` (``situation_records.py``; a file
without them is valid as before); a version 1 file is checked against
``strategygraph-v1.schema.json`` and carries no marks.

Validation has a fast path: the compiled validator of ``jsonschema-rs`` accepts a valid
document in a fraction of the time; only a document it refuses goes through ``jsonschema``,
whose errors (every one, located) are what the user sees.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from operator import methodcaller
from typing import TYPE_CHECKING, Any

import orjson

from ..collector import collector_paused
from ..domain import Edge, Node, Organisation, Problem, Region, ValidationError
from ..domain.codec import edge_from_dict, node_from_dict, node_to_dict

if TYPE_CHECKING:
    import jsonschema_rs
    from jsonschema import Draft202012Validator
from ..domain.codec_edges import edges_from_valid
from ..domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from ..domain.states import edge_state
from .marks import take_mark, with_mark
from .reading import MAX_BYTES, MAX_PROBLEMS, Reading, built_records, check_size, decode_utf8
from .situation_records import SITUATION_SECTIONS, SituationRecords, dump_situation, read_situation

__all__ = [
    "FORMAT_VERSION",
    "Document",
    "dump_document",
    "load_json",
    "loads",
    "parse_document",
    "schema",
]

FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
"""The format versions this program reads (it writes ``FORMAT_VERSION``)."""
_PLACE = re.compile(r"\b(regions|organisations|nodes|edges)\[(\d+)\]")


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
    places: dict[str, list[int]] = field(default_factory=dict)
    """For a document of only the right records of a file: each record's index in the
    file, by section (empty: the same as in the document)."""
    situation: SituationRecords = field(default_factory=SituationRecords)
    """The optional sections ``risks``, ``indicators`` (with measurements), ``reports``."""

    def place(self, where: str | None) -> str | None:
        """``nodes[2]`` of this document as the place in the file it came from."""
        if where is None or not self.places:
            return where
        return _PLACE.sub(
            lambda m: f"{m.group(1)}[{self.places[m.group(1)][int(m.group(2))]}]", where
        )


@cache
def schema(version: int = FORMAT_VERSION) -> dict[str, Any]:
    """The JSON Schema of format ``version`` (1 or 2)."""
    text = resources.files(__package__).joinpath(f"schemas/strategygraph-v{version}.schema.json")
    return dict(json.loads(text.read_text(encoding="utf-8")))


@cache
def _validator(version: int) -> Draft202012Validator:
    # The validators are imported when a document is first validated, not with the module
    # (jsonschema alone is 0.05 s of every start of the API server and the CLI).
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(version), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _fast_validator(version: int) -> jsonschema_rs.Validator:
    import jsonschema_rs

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
    doc, problems, _ = read_document(data)
    if problems:
        raise ValidationError(problems[:MAX_PROBLEMS])
    return doc


def read_document(data: Any) -> tuple[Document, list[Problem], set[str]]:
    """Every record of ``data`` that is right, the problems of the rest (schema and field
    rules, every one, located), and the ids of the nodes that have problems; so that a
    caller can check the right records further and report every problem in one run."""
    version = _version(data)
    data = _whole_numbers(data)
    if _fast_validator(version).is_valid(data):
        situation, wrong = read_situation(data, set())
        fast = _valid_records(data)
        if fast is not None:
            doc = _document(data, *fast)
            doc.situation = situation
            return doc, wrong, set()
        nodes, edges, problems, failed, built = _checked_records(data)
        doc = _document(data, nodes, edges)
        doc.places = built
        doc.situation = situation
        return doc, problems + wrong, failed
    errors = sorted(_validator(version).iter_errors(data), key=lambda e: list(map(str, e.path)))
    problems = [_problem(e) for e in errors]
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
    nodes, edges, more, failed_too, built = _checked_records(
        {"nodes": kept["nodes"], "edges": kept["edges"]}, index
    )
    good = {**data, **kept, "removed": {}}
    doc = _document(good, nodes, edges)
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
_WHOLE = ("progress", "version")


def _whole_numbers(data: Any) -> Any:
    """``data`` with a whole number written as a float (``"progress": 75.0``, as tools that
    keep every number as a double write it) as an integer; the nodes holding one are
    copied, ``data`` itself is not changed. ``75.5`` stays, for the schema to refuse."""
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(nodes, list):
        return data

    def fixed(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        floats = {
            k: int(v) for k in _WHOLE if isinstance(v := node.get(k), float) and v.is_integer()
        }
        return {**node, **floats} if floats else node

    if not _any_float(nodes):
        return data
    return {**data, "nodes": [fixed(n) for n in nodes]}


def _any_float(nodes: list[Any]) -> bool:
    """Does a node of ``nodes`` hold a float ``progress`` or ``version``? (One C-level pass
    a field over a list of dicts: 100,000s of nodes, a few milliseconds.)"""
    if not _DICT_ONLY.issuperset(map(type, nodes)):
        return any(
            isinstance(n, dict) and any(type(n.get(k)) is float for k in _WHOLE) for n in nodes
        )
    return any(float in set(map(type, map(methodcaller("get", k), nodes))) for k in _WHOLE)


_DICT_ONLY = frozenset({dict})


def _problem(error: Any) -> Problem:
    """A schema error as the user should read it: where, which field, and what is wrong
    (a limit says what it is)."""
    path = error.path
    field_name = str(path[-1]) if path and isinstance(path[-1], str) else None
    message = error.message
    value = error.instance
    if error.validator == "maxLength" and isinstance(value, str):
        message = (
            f"'{field_name or 'text'}' is {len(value)} characters long; "
            f"the limit is {error.validator_value}"
        )
    elif error.validator == "maxItems" and isinstance(value, list):
        message = f"{len(value)} items; the limit is {error.validator_value}"
    elif error.validator == "format" and error.validator_value == "date":
        message = f"'{field_name}' {value!r} is not a date (YYYY-MM-DD)"
    elif error.validator == "format" and error.validator_value == "date-time":
        message = f"'{field_name}' {value!r} is not an ISO date-time"
    return Problem("schema", message, field_name, _location(path))


def _document(data: dict[str, Any], nodes: list[Node], edges: list[Edge]) -> Document:
    removed = data.get("removed") or {}
    return Document(
        [Region(**r) for r in data.get("regions") or []],
        [Organisation(**o) for o in data.get("organisations") or []],
        nodes,
        edges,
        list(removed.get("nodes", [])),
        [(e["source"], e["target"]) for e in removed.get("edges", [])],
    )


def _valid_records(data: dict[str, Any]) -> tuple[list[Node], list[Edge]] | None:
    """Nodes and edges of a schema-valid document in one quick pass, or None when any of
    them needs the checking builders (a problem to report, a duplicate id)."""
    try:  # the records a reader built while checking its rows, else built here
        nodes = built_records(data["nodes"], Node) or list(map(node_from_valid, data["nodes"]))
        edges = built_records(data["edges"], Edge) or edges_from_valid(data["edges"])
        if edges is None:  # a suspect mark, or a record to explain: one at a time
            edges = list(map(_edge_from_valid, data["edges"]))
    except NOT_VALID:
        return None
    if len({n.id for n in nodes}) != len(nodes):
        return None
    return nodes, edges


def _checked_records(
    data: dict[str, Any], index: dict[str, list[int]] | None = None
) -> tuple[list[Node], list[Edge], list[Problem], set[str], dict[str, list[int]]]:
    """Nodes and edges built field by field, the problems of those that cannot be, and
    the ids of nodes with problems; ``index`` gives each item's place in the file, and
    the last value the place of each node and edge built."""
    built: dict[str, list[int]] = {"nodes": [], "edges": []}
    problems: list[Problem] = []
    nodes, edges = [], []
    seen: dict[str, int] = {}
    failed: set[str] = set()
    for n, raw in enumerate(data["nodes"]):
        i = index["nodes"][n] if index else n
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
            failed.add(raw["id"])
        seen.setdefault(raw["id"], i)
        try:
            nodes.append(node_from_dict(raw, where))
            built["nodes"].append(i)
        except ValidationError as exc:
            problems.extend(exc.problems)
            failed.add(raw["id"])
    for n, raw in enumerate(data["edges"]):
        i = index["edges"][n] if index else n
        where = f"edges[{i}]"
        fields, mark, wrong = take_mark(raw, where)
        problems.extend(wrong)
        try:
            edges.append(with_mark(edge_from_dict(fields, where), mark))
            built["edges"].append(i)
        except ValidationError as exc:
            problems.extend(exc.problems)
    return nodes, edges, problems, failed, built


def _edge_from_valid(raw: dict[str, Any]) -> Edge:
    if "suspect_at" not in raw and "suspect_by" not in raw:
        return edge_from_valid(raw)
    fields, mark, wrong = take_mark(raw, None)
    if wrong:
        raise ValueError("suspect mark")
    return with_mark(edge_from_valid(fields), mark)


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
