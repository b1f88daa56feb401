"""A delta export: what changed after graph version ``since``, read from the event log.

The graph version is the sequence number of the last event, so the events after ``since``
name every node and edge created, changed or removed since. The delta holds the current
state of those that still exist (``nodes``, ``edges``), the ``removed`` ones by id (and
edge key), every region and organisation in scope (an import needs them to resolve
references), ``since_version`` and ``graph_version``. Importing it into a copy that was at
``since`` brings the copy to ``graph_version``::

    delta = service.export_document("kymenlaakso", since=120)
    other.import_document(delta, "sync")     # creates, updates, deletes and unlinks
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..domain import NATIONAL, Event, ValidationError
from ..domain.kinds import Relation
from ..store import GraphStore

__all__ = ["PAGE", "changed_since", "delta_sections"]

PAGE = 10_000
"""Events read from the log at a time."""
_NODE_EVENTS = frozenset({"create_node", "update_node", "delete_node"})


def _events(store: GraphStore, since: int) -> Iterator[Event]:
    after = since
    while True:
        page = store.events(after=after, limit=PAGE)
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].seq


def changed_since(
    store: GraphStore, since: int, version: int
) -> tuple[dict[str, str | None], dict[tuple[str, str], tuple[str | None, str]]]:
    """The nodes (id → region) and edges ((source, target) → (region, relation)) that
    events after ``since`` up to ``version`` (the export's) touched; refused when
    ``since`` is past the graph version."""
    if since > version:
        raise ValidationError.one(
            "since-version",
            f"since {since} is after the graph version {version}; nothing can have changed",
            "since",
        )
    nodes: dict[str, str | None] = {}
    edges: dict[tuple[str, str], tuple[str | None, str]] = {}
    for event in _events(store, since):
        if event.seq > version:
            break
        if event.operation in _NODE_EVENTS:
            nodes[event.target] = event.region
            continue
        state = event.after or event.before or {}
        if "relation" in state and event.related is not None:
            edges[(event.target, event.related)] = (event.region, str(state["relation"]))
    return nodes, edges


def delta_sections(
    full: dict[str, Any],
    touched_nodes: dict[str, str | None],
    touched_edges: dict[tuple[str, str], tuple[str | None, str]],
    region: str | None,
    since: int,
) -> dict[str, Any]:
    """``full`` (an export of the scope) cut down to what was touched, with ``removed``."""
    keep = {region, NATIONAL}
    in_scope = {n["id"] for n in full["nodes"]}
    out = {k: v for k, v in full.items() if k not in ("nodes", "edges")}
    out["since_version"] = since
    out["nodes"] = [n for n in full["nodes"] if n["id"] in touched_nodes]
    out["edges"] = [e for e in full["edges"] if (e["source"], e["target"]) in touched_edges]
    present = {(e["source"], e["target"]) for e in full["edges"]}
    gone_nodes = sorted(
        node_id
        for node_id, home in touched_nodes.items()
        if node_id not in in_scope and (region is None or home in keep)
    )
    gone_edges = [
        {"source": s, "relation": Relation(relation).value, "target": t}
        for (s, t), (home, relation) in sorted(touched_edges.items())
        if (s, t) not in present and (region is None or home in keep)
    ]
    out["removed"] = {"nodes": gone_nodes, "edges": gone_edges}
    return out
