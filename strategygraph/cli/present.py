"""Plain-dict forms of records and traceability answers, for ``--json`` output."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import Edge, Event, Node
from ..domain.answers import (
    Contribution,
    CoverageRow,
    Gap,
    HealthRollup,
    Route,
    TracePage,
    TracePath,
)
from ..domain.codec import node_to_dict
from ..domain.situation import Risk
from ..domain.states import edge_state

__all__ = [
    "contribution",
    "coverage_row",
    "edge",
    "event",
    "gap",
    "health",
    "node",
    "path",
    "threats",
    "trace_page",
]


def node(n: Node) -> dict[str, Any]:
    return node_to_dict(n)


def edge(e: Edge) -> dict[str, Any]:
    """The interchange form, with ``suspect_at``/``suspect_by`` while the edge is suspect."""
    return edge_state(e)


def path(p: TracePath | Route) -> dict[str, Any]:
    return {"nodes": list(p.nodes), "relations": [r.value for r in p.relations]}


def trace_page(page: TracePage, risks: Mapping[str, list[Risk]] | None = None) -> dict[str, Any]:
    """A page of trace up: how many paths exist, to which goals, the page's paths
    (``start`` of them come before it) and the open risks on their nodes (``risks``, per
    node), each once, with the traced nodes it threatens."""
    return {
        "total": page.total,
        "start": page.start,
        "goals": [{"goal": g.goal_id, "paths": g.count} for g in page.goals],
        "paths": [path(p) for p in page.paths],
        "risks": [
            {
                "id": r.id,
                "title": r.title,
                "score": r.score,
                "status": r.status.value,
                "owner": r.owner,
                "threatens": nodes,
            }
            for r, nodes in threats(risks or {})
        ],
    }


def threats(risks: Mapping[str, list[Risk]]) -> list[tuple[Risk, list[str]]]:
    """Each risk of ``risks`` (per node) once, highest score first, with the nodes of
    ``risks`` it threatens."""
    found: dict[str, tuple[Risk, list[str]]] = {}
    for node_id, on in risks.items():
        for r in on:
            found.setdefault(r.id, (r, []))[1].append(node_id)
    return sorted(found.values(), key=lambda pair: (-pair[0].score, pair[0].id))


def contribution(c: Contribution, kind: str) -> dict[str, Any]:
    return {
        "id": c.node_id,
        "kind": kind,
        "depth": c.depth,
        "via": c.via,
        "relation": c.relation.value,
    }


def gap(g: Gap) -> dict[str, Any]:
    return {
        "type": g.type.value,
        "id": g.node_id,
        "region": g.region,
        "message": g.message,
        "related": g.related,
    }


def coverage_row(row: CoverageRow) -> dict[str, Any]:
    return {
        "goal": row.goal_id,
        "region": row.region,
        "counts": {k.value: v for k, v in row.counts.items()},
        "health": {h.value: v for h, v in row.health.items()},
    }


def health(h: HealthRollup) -> dict[str, Any]:
    return {
        "worst": h.worst.value,
        "projects": h.projects,
        "counts": {k.value: v for k, v in h.counts.items()},
    }


def event(e: Event) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "operation": e.operation,
        "target": e.target,
        "related": e.related,
        "region": e.region,
        "before": e.before,
        "after": e.after,
    }
