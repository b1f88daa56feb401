"""Large imports take the bulk path (``store/bulk_apply.py``): still all-or-nothing, with
the same problems and the same event log as one operation at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from strategygraph.domain import ValidationError
from strategygraph.service import StrategyService
from strategygraph.store import GraphStore
from strategygraph.store.bulk_apply import RUN
from tests.conftest import small_document

PROJECTS = RUN + 50


def large_document() -> dict[str, Any]:
    """The small document plus a run of projects, each addressing ``ch`` and depending
    on the one before it: more creations and more edges in a row than ``RUN``."""
    doc = small_document()
    ids = [f"bulk-{i:04d}" for i in range(PROJECTS)]
    for node_id in ids:
        doc["nodes"].append(
            {"id": node_id, "kind": "STRATEGIC_PROJECT", "region": "r1", "title": node_id}
        )
    for before, node_id in zip([None, *ids], ids, strict=False):
        doc["edges"].append({"source": node_id, "relation": "ADDRESSES", "target": "ch"})
        if before is not None:
            doc["edges"].append({"source": node_id, "relation": "DEPENDS_ON", "target": before})
    return doc


def _state(store: GraphStore) -> tuple[int, list[Any], list[Any], list[Any]]:
    return store.version(), store.nodes(), store.edges(), store.events(limit=10_000)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda doc: doc["edges"].append(
                {
                    "source": "bulk-0000",
                    "relation": "DEPENDS_ON",
                    "target": f"bulk-{PROJECTS - 1:04d}",
                }
            ),
            id="cycle-in-the-last-edge",
        ),
        pytest.param(
            lambda doc: doc["nodes"][-1].update(region="nowhere"),
            id="unknown-region-in-the-last-node",
        ),
    ],
)
def test_a_late_error_in_a_large_import_leaves_no_trace(
    store: GraphStore,
    reopen: Callable[[GraphStore], GraphStore],
    spoil: Callable[[dict[str, Any]], None],
) -> None:
    service = StrategyService(store)
    service.import_document(small_document(), "loader")
    before = _state(store)
    doc = large_document()
    spoil(doc)
    with pytest.raises(ValidationError) as exc:
        service.import_document(doc, "loader")
    last_edge = f"edges[{len(doc['edges']) - 1}]"
    last_node = f"nodes[{len(doc['nodes']) - 1}]"
    assert [(p.where, p.rule) for p in exc.value.problems] in (
        [(last_edge, "cycle")],
        [(last_node, "unknown-region")],
    )
    assert _state(store) == before
    assert _state(reopen(store)) == before


def test_a_large_import_logs_every_node_and_edge(store: GraphStore) -> None:
    service = StrategyService(store)
    doc = large_document()
    outcome = service.import_document(doc, "loader")
    assert len(outcome.plan.added) == len(doc["nodes"])
    events = store.events(limit=10_000)
    created = [e.target for e in events if e.operation == "create_node"]
    linked = [(e.target, e.after["relation"], e.related) for e in events if e.operation == "link"]
    assert created == [n["id"] for n in doc["nodes"]]
    assert linked == [(e["source"], e["relation"], e["target"]) for e in doc["edges"]]
    assert {(e.source, e.relation.value, e.target) for e in store.edges()} == set(linked)
    assert service.import_document(doc, "loader").plan.operations == []
