"""Reopening restores the same graph; racing writers: exactly one wins."""

from __future__ import annotations

import threading
from collections.abc import Callable

from strategygraph.domain import Relation, VersionConflict
from strategygraph.service import StrategyService
from strategygraph.store import GraphStore
from tests.conftest import small_document


def snapshot(store: GraphStore) -> tuple[object, ...]:
    return (
        store.version(),
        store.nodes(),
        store.edges(),
        store.regions(),
        store.organisations(),
        store.events(limit=10_000),
    )


def test_reopen_restores_exactly_the_same_graph(
    store: GraphStore, reopen: Callable[[GraphStore], GraphStore]
) -> None:
    service = StrategyService(store)
    service.import_document(small_document(), "loader")
    service.update_node("proj", {"title": "Ä ö å", "tags": ["x", "y"]}, 1, "bob")
    service.link("proj", Relation.SUPPORTS, "line", "bob", inferred=True, note="skip")
    service.unlink("proj2", Relation.DEPENDS_ON, "proj", "bob")
    before = snapshot(store)
    trace = store.trace_up("proj")
    reopened = reopen(store)
    assert snapshot(reopened) == before
    assert reopened.trace_up("proj") == trace


def test_two_racing_writers_exactly_one_wins(loaded: StrategyService) -> None:
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def write(name: str) -> None:
        barrier.wait()
        try:
            outcomes[name] = loaded.update_node("proj", {"title": name}, 1, name)
        except VersionConflict as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=write, args=(n,)) for n in ("alice", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conflicts = [o for o in outcomes.values() if isinstance(o, VersionConflict)]
    winners = [name for name, o in outcomes.items() if not isinstance(o, VersionConflict)]
    assert len(conflicts) == 1 and len(winners) == 1
    node = loaded.store.get_node("proj")
    assert (node.title, node.version) == (winners[0], 2)
    assert conflicts[0].current == 2 and conflicts[0].changed_by == winners[0]
