"""Downward traceability answered by Cypher on the server, equal to ``strategygraph.trace``:
what contributes to a node (``trace_down``), what loses its only route to the goals if it
is retired (``impact``) and its projects' health rolled up (``rolled_up_health``).

All three stand on one breadth-first walk down (``_walk_down``), one query per level
(``neo4j_levels``), each node reached ``via`` the smallest id one level nearer, as the
reference breaks ties; so they are one module, apart from the upward walks
(``neo4j_trace``). The walks of several start nodes go level by level together (the
``*_many`` functions); a single node's answer is a walk of one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain import Health, NodeKind, Relation
from ..domain.answers import Contribution, HealthRollup
from . import neo4j_cypher as q
from .neo4j_levels import FIXED, Read, level_rows, node_kinds

__all__ = [
    "impact",
    "impact_many",
    "rolled_up_health",
    "rolled_up_health_many",
    "trace_down",
    "trace_down_many",
]

K = NodeKind


Found = dict[str, tuple[Contribution, dict[str, Any]]]
"""The nodes below one start, breadth first, each with its row (kind, health)."""


@dataclass
class _Below:
    seen: set[str]
    level: list[str]
    found: Found = field(default_factory=dict)


def _walk_down(
    read: Read,
    node_ids: Sequence[str],
    max_depth: int | None = None,
    visible: Callable[[str], bool] | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[str, Found]]:
    """Breadth-first below each of ``node_ids`` over active nodes (and those ``visible``
    accepts), each reached ``via`` the smallest id one level nearer, as the reference does;
    with each start's own row (its kind and health)."""
    kinds = node_kinds(read, node_ids)
    walks = {node_id: _Below({node_id}, [node_id]) for node_id in node_ids}
    depth = 0
    while (live := [w for w in walks.values() if w.level]) and (
        max_depth is None or depth < max_depth
    ):
        rows = level_rows(read, q.CHILDREN, (w.level for w in live))
        depth += 1
        for walk in live:
            nxt: list[str] = []
            for row in (row for at in walk.level for row in rows.get(at, [])):
                child, at = row["id"], row["at"]
                if visible is not None and not visible(child):
                    continue
                kept = walk.found.get(child)
                if kept is None and child not in walk.seen:
                    walk.seen.add(child)
                    nxt.append(child)
                elif kept is None or kept[0].depth != depth or at >= kept[0].via:
                    continue
                walk.found[child] = (Contribution(child, depth, at, Relation(row["relation"])), row)
            walk.level = nxt
    return kinds, {node_id: walk.found for node_id, walk in walks.items()}


def trace_down(
    read: Read,
    node_id: str,
    max_depth: int | None = None,
    kinds: Collection[NodeKind] | None = None,
    visible: Callable[[str], bool] | None = None,
) -> list[Contribution]:
    return trace_down_many(read, [node_id], max_depth, kinds, visible)[node_id]


def trace_down_many(
    read: Read,
    node_ids: Sequence[str],
    max_depth: int | None = None,
    kinds: Collection[NodeKind] | None = None,
    visible: Callable[[str], bool] | None = None,
) -> dict[str, list[Contribution]]:
    """``trace_down`` of each of ``node_ids``."""
    wanted = None if kinds is None else {k.value for k in kinds}
    return {
        node_id: sorted(
            (c for c, row in found.values() if wanted is None or row["kind"] in wanted),
            key=lambda c: (c.depth, c.node_id),
        )
        for node_id, found in _walk_down(read, node_ids, max_depth, visible)[1].items()
    }


def impact(read: Read, node_id: str) -> list[str]:
    return impact_many(read, [node_id])[node_id]


def impact_many(read: Read, node_ids: Sequence[str]) -> dict[str, list[str]]:
    """``impact`` of each of ``node_ids``: the rows of all the nodes below them in one query."""
    walks = {
        node_id: [c.node_id for c, _ in found.values()]
        for node_id, found in _walk_down(read, node_ids)[1].items()
    }
    everything = list(dict.fromkeys(node for below in walks.values() for node in below))
    info: dict[str, tuple[int, bool]] = {}
    parents: dict[str, list[tuple[str, bool]]] = {}
    for row in read(q.IMPACT_ROWS, ids=everything, **FIXED) if everything else []:
        info[row["id"]] = (row["layer"], bool(row["reaches"]))
        if row["parent"] is not None:
            parents.setdefault(row["id"], []).append((row["parent"], bool(row["parent_reaches"])))
    return {node_id: _lost(node_id, below, info, parents) for node_id, below in walks.items()}


def _lost(
    node_id: str,
    below: list[str],
    info: Mapping[str, tuple[int, bool]],
    parents: Mapping[str, list[tuple[str, bool]]],
) -> list[str]:
    """The nodes below ``node_id`` that reach a goal only through it."""
    inside = set(below)
    alive: dict[str, bool] = {}
    lost: list[str] = []
    for node in sorted(below, key=lambda n: (info[n][0], n)):  # as the reference orders
        alive[node] = any(
            parent != node_id and (alive.get(parent, False) if parent in inside else reaches)
            for parent, reaches in parents.get(node, [])
        )
        if info[node][1] and not alive[node]:
            lost.append(node)
    return lost


def rolled_up_health(read: Read, node_id: str) -> HealthRollup:
    return rolled_up_health_many(read, [node_id])[node_id]


def rolled_up_health_many(read: Read, node_ids: Sequence[str]) -> dict[str, HealthRollup]:
    """``rolled_up_health`` of each of ``node_ids``."""
    starts, walks = _walk_down(read, node_ids)
    return {node_id: _rollup(starts[node_id], found) for node_id, found in walks.items()}


def _rollup(start: dict[str, Any], found: Found) -> HealthRollup:
    healths = [
        row["health"] for _, row in found.values() if row["kind"] == K.STRATEGIC_PROJECT.value
    ]
    if start["kind"] == K.STRATEGIC_PROJECT.value:
        healths.append(start["health"])
    counts = Counter(Health(h) if h else Health.UNKNOWN for h in healths)
    full = {h: counts.get(h, 0) for h in Health}
    known = [h for h in Health if h is not Health.UNKNOWN and full[h]]
    worst = max(known, key=lambda h: h.severity) if known else Health.UNKNOWN
    return HealthRollup(worst, len(healths), full)
