"""The rows a level-by-level Cypher walk reads, shared by the Neo4j traceability walks.

A walk that must break ties the way ``strategygraph.trace`` does reads one level per query,
for every walk going on at once (``level_rows``); it first makes sure each start node
exists (``node_kinds``). The upward walks (``neo4j_trace``), the downward ones
(``neo4j_below``) and the whole-graph analyses (``neo4j_analyses``) share these, so they
live apart from all three.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..domain import NodeKind, NotFound, Status
from . import neo4j_cypher as q

__all__ = ["FIXED", "Read", "kind_row", "level_rows", "node_kinds"]

Read = Callable[..., list[dict[str, Any]]]
"""Runs one read query with keyword parameters; its records as dicts."""

K = NodeKind
FIXED = {
    "goal": K.NATIONAL_GOAL.value,
    "project": K.STRATEGIC_PROJECT.value,
    "retired": Status.RETIRED.value,
    "draft": Status.DRAFT.value,
}
"""The fixed parameters of the walks' and analyses' queries (kinds and statuses)."""


def kind_row(read: Read, node_id: str) -> dict[str, Any]:
    """The node's kind and health; ``NotFound`` when there is no such node."""
    rows = read(q.KIND, id=node_id)
    if not rows:
        raise NotFound("node", node_id)
    return rows[0]


def node_kinds(read: Read, node_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each node's kind and health, in one query; ``NotFound`` for the first missing one."""
    found = {row["id"]: row for row in read(q.KINDS, ids=list(dict.fromkeys(node_ids)))}
    for node_id in node_ids:
        if node_id not in found:
            raise NotFound("node", node_id)
    return found


def level_rows(read: Read, query: str, levels: Iterable[list[str]]) -> dict[str, list[Any]]:
    """The rows of ``query`` for every node of ``levels`` (one query), by the node (``at``)."""
    ids = list(dict.fromkeys(node for level in levels for node in level))
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in read(query, ids=ids, **FIXED):
        rows.setdefault(row["at"], []).append(row)
    return rows
