"""Whole-graph copies: a store read into a ``Snapshot``, the operations that rebuild it,
and a fingerprint (counts and a SHA-256 over the sorted export) to compare two stores.
The situational picture (risks, indicators, measurements, status reports) is copied with
the graph, each record as recorded.

>>> from strategygraph.store import EmbeddedStore
>>> store = EmbeddedStore()
>>> counts, digest = fingerprint(read_snapshot(store))
>>> counts["nodes"], len(digest)
(0, 64)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from ..domain import Event, Problem, ValidationError
from ..domain.changes import (
    AddComment,
    AddEdge,
    CreateNode,
    Operation,
    PutOrganisation,
    PutRegion,
)
from ..domain.codec import node_to_dict
from ..domain.situation_changes import AddMeasurement, FileReport, PutIndicator, PutRisk
from ..domain.situation_states import situation_state
from ..domain.states import comment_state, edge_state
from .base import GraphStore, Snapshot
from .situation_state import SituationState

__all__ = [
    "EVENT_PAGE",
    "event_to_dict",
    "fingerprint",
    "not_empty",
    "read_snapshot",
    "snapshot_operations",
]

EVENT_PAGE = 10_000


def read_snapshot(store: GraphStore) -> Snapshot:
    """Everything a store holds, its event log read page by page."""
    events: list[Event] = []
    while True:
        page = store.events(after=events[-1].seq if events else 0, limit=EVENT_PAGE)
        events.extend(page)
        if len(page) < EVENT_PAGE:
            break
    nodes = store.nodes()
    ids = {n.id for n in nodes}
    # A deleted node's thread lives on in the event log only.
    comments = [c for c in store.comments() if c.node_id in ids]
    snapshot = Snapshot(
        store.regions(), store.organisations(), nodes, store.edges(), events, comments
    )
    state = getattr(store, "situation", None)
    if isinstance(state, SituationState):
        snapshot.risks = sorted(state.risks.values(), key=lambda r: r.id)
        snapshot.indicators = sorted(state.indicators.values(), key=lambda i: i.id)
        snapshot.measurements = [m for i in snapshot.indicators for m in state.readings[i.id]]
        snapshot.reports = sorted(state.reports.values(), key=lambda r: (r.on, r.id))
    return snapshot


def snapshot_operations(snapshot: Snapshot) -> list[Operation]:
    """The operations that rebuild the graph of ``snapshot`` (not its log), located."""
    ops: list[Operation] = []
    ops.extend(PutRegion(r, f"regions[{i}]") for i, r in enumerate(snapshot.regions))
    ops.extend(
        PutOrganisation(o, f"organisations[{i}]") for i, o in enumerate(snapshot.organisations)
    )
    ops.extend(CreateNode(n, f"nodes[{i}]") for i, n in enumerate(snapshot.nodes))
    ops.extend(AddEdge(e, f"edges[{i}]") for i, e in enumerate(snapshot.edges))
    ops.extend(AddComment(c, f"comments[{i}]") for i, c in enumerate(snapshot.comments))
    ops.extend(
        PutRisk(r, create=True, where=f"risks[{i}]", as_recorded=True)
        for i, r in enumerate(snapshot.risks)
    )
    ops.extend(
        PutIndicator(x, create=True, where=f"indicators[{i}]", as_recorded=True)
        for i, x in enumerate(snapshot.indicators)
    )
    ops.extend(
        AddMeasurement(m, where=f"measurements[{i}]", as_recorded=True)
        for i, m in enumerate(snapshot.measurements)
    )
    ops.extend(
        FileReport(r, where=f"reports[{i}]", as_recorded=True)
        for i, r in enumerate(snapshot.reports)
    )
    return ops


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "operation": event.operation,
        "target": event.target,
        "region": event.region,
        "before": event.before,
        "after": event.after,
        "related": event.related,
        "request_id": event.request_id,
    }


def fingerprint(snapshot: Snapshot) -> tuple[dict[str, int], str]:
    """Counts per collection and a SHA-256 over the canonical, sorted JSON export."""
    parts: dict[str, list[Any]] = {
        "regions": sorted((dataclasses.asdict(r) for r in snapshot.regions), key=_by_id),
        "organisations": sorted(
            (dataclasses.asdict(o) for o in snapshot.organisations), key=_by_id
        ),
        "nodes": sorted((node_to_dict(n) for n in snapshot.nodes), key=_by_id),
        "edges": sorted(
            (edge_state(e) for e in snapshot.edges), key=lambda e: (e["source"], e["target"])
        ),
        "events": sorted((event_to_dict(e) for e in snapshot.events), key=lambda e: e["seq"]),
        "comments": sorted((comment_state(c) for c in snapshot.comments), key=_by_id),
        "risks": sorted((situation_state(r) for r in snapshot.risks), key=_by_id),
        "indicators": sorted((situation_state(i) for i in snapshot.indicators), key=_by_id),
        "measurements": sorted(
            (situation_state(m) for m in snapshot.measurements),
            key=lambda m: (m["indicator"], m["on"]),
        ),
        "reports": sorted((situation_state(r) for r in snapshot.reports), key=_by_id),
    }
    digest = hashlib.sha256()
    for name, rows in parts.items():
        digest.update(name.encode())
        for row in rows:
            digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
            digest.update(b"\n")
    return {name: len(rows) for name, rows in parts.items()}, digest.hexdigest()


def not_empty(what: str, version: int) -> ValidationError:
    return ValidationError(
        [
            Problem(
                "store-not-empty",
                f"{what} already holds a graph (version {version}); "
                "restore into an empty store or replace what it holds",
                "store",
            )
        ]
    )


def _by_id(row: dict[str, Any]) -> str:
    return str(row["id"])
