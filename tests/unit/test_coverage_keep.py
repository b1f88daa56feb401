"""``trace.coverage`` with ``keep`` (the filtered coverage map) counts what ``trace_down``
of each goal reaches and the filter keeps: the map's former second algorithm, as the
reference."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from strategygraph.domain import Health, Node, NodeKind, Status
from strategygraph.domain.answers import COUNTED
from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.store import EmbeddedStore
from strategygraph.trace import coverage, trace_down

KEEPS: dict[str, Callable[[Node], bool]] = {
    "projects": lambda n: n.kind is NodeKind.STRATEGIC_PROJECT,
    "lines and challenges": lambda n: n.kind in {NodeKind.STRATEGIC_LINE, NodeKind.CHALLENGE},
    "red or amber": lambda n: (
        n.kind is not NodeKind.STRATEGIC_PROJECT or n.health in {Health.RED, Health.AMBER}
    ),
    "approved": lambda n: n.status is Status.APPROVED,
    "even ids": lambda n: len(n.id) % 2 == 0,
}


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore(":memory:")
    load_demo(StrategyService(store))
    return store


def reference(store: EmbeddedStore, keep: Callable[[Node], bool]) -> dict[object, Counter[object]]:
    cells: dict[object, Counter[object]] = {}
    for goal in store.nodes(kind=NodeKind.NATIONAL_GOAL):
        for contribution in trace_down(store.view, goal.id, kinds=list(COUNTED)):
            node = store.get_node(contribution.node_id)
            if keep(node):
                cell = cells.setdefault((goal.id, node.region), Counter())
                cell[node.kind] += 1
                if node.is_project:
                    cell[node.effective_health] += 1
    return cells


@pytest.mark.parametrize("name", list(KEEPS))
def test_filtered_coverage_counts_what_trace_down_reaches(store: EmbeddedStore, name: str) -> None:
    keep = KEEPS[name]
    found = {
        (row.goal_id, row.region): Counter(
            {k: v for k, v in [*row.counts.items(), *row.health.items()] if v}
        )
        for row in coverage(store.view, keep=keep)
    }
    assert {k: v for k, v in found.items() if v} == reference(store, keep)
    assert any(found.values())
