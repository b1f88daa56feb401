"""A JSON interchange document's records: the parsed ``Document`` and how its nodes and
edges are built from a schema-valid document.

A valid document is built in one quick pass (``valid_records``: the records a reader built
while checking its rows, else the fast builders of ``domain.codec_fast``); a document with
a record to explain or a duplicate id is built field by field (``checked_records``), every
problem located by its place in the file. It is its own module because building records
is one concept, apart from the schema check (``json_checks``) and reading and writing the
file (``json_format``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..domain import Edge, Node, Organisation, Problem, Region, ValidationError
from ..domain.codec import edge_from_dict, node_from_dict
from ..domain.codec_edges import edges_from_valid
from ..domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from .marks import take_mark, with_mark
from .reading import built_records
from .situation_records import SituationRecords

__all__ = ["Document", "build_document", "checked_records", "valid_records"]

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


def build_document(data: dict[str, Any], nodes: list[Node], edges: list[Edge]) -> Document:
    removed = data.get("removed") or {}
    return Document(
        [Region(**r) for r in data.get("regions") or []],
        [Organisation(**o) for o in data.get("organisations") or []],
        nodes,
        edges,
        list(removed.get("nodes", [])),
        [(e["source"], e["target"]) for e in removed.get("edges", [])],
    )


def valid_records(data: dict[str, Any]) -> tuple[list[Node], list[Edge]] | None:
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


def checked_records(
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
