""" "Risks threatening a national goal" read from the goal masks kept change by change
(``trace/incremental.py``) equals the straightforward walk after every step of random
writes to risks, edges and nodes."""

from __future__ import annotations

import contextlib
import random
from collections import deque

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategygraph.domain import NodeKind, Region, Status, StrategyGraphError
from strategygraph.domain.access import Principal
from strategygraph.domain.changes import Operation, PutRegion
from strategygraph.domain.situation import Risk, RiskStatus
from strategygraph.domain.situation_changes import DeleteRisk, PutRisk
from strategygraph.service.situation_read import Situation
from strategygraph.store import EmbeddedStore
from tests.unit.test_incremental import REGIONS, layered, random_operation


def reference(store: EmbeddedStore, goal: str, include_closed: bool) -> list[str]:
    """Walk down from ``goal`` around retired nodes; every risk on what it reaches."""
    view, state = store.view, store.situation
    seen, queue = {goal}, deque([goal])
    while queue:
        for child in view.child_map.get(queue.popleft(), ()):
            if child not in seen and view.nodes[child].status is not Status.RETIRED:
                seen.add(child)
                queue.append(child)
    found = [
        r
        for r in state.risks.values()
        if any(n in seen for n in r.threatens)
        and (include_closed or r.status is not RiskStatus.CLOSED)
    ]
    return [r.id for r in sorted(found, key=lambda r: (-r.score, r.id))]


def risk_operation(rnd: random.Random, store: EmbeddedStore, step: int) -> Operation:
    risks = list(store.situation.risks)
    if risks and rnd.random() < 0.2:
        return DeleteRisk(rnd.choice(risks))
    nodes = [n.id for n in store.view.nodes.values()]
    threatens = tuple(sorted(set(rnd.sample(nodes, min(len(nodes), rnd.randint(1, 3))))))
    risk_id = rnd.choice(risks) if risks and rnd.random() < 0.4 else f"r{step}"
    risk = Risk(
        risk_id,
        rnd.choice(REGIONS[1:]),
        f"Riski {step}",
        likelihood=rnd.randint(1, 5),
        impact=rnd.randint(1, 5),
        status=rnd.choice(list(RiskStatus)),
        threatens=threatens,
    )
    return PutRisk(risk, create=risk_id not in store.situation.risks)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_threatening_a_goal_equals_the_walk_after_every_write(seed: int) -> None:
    rnd = random.Random(seed)
    store = EmbeddedStore()
    sit = Situation(store, Principal.local("t"))
    try:
        store.commit([PutRegion(Region(r, r.title())) for r in REGIONS], "t")
        store.commit(layered(rnd), "t")
        for step in range(60):
            if rnd.random() < 0.5:
                op = risk_operation(rnd, store, step)
            else:
                op = random_operation(rnd, store, step)
            with contextlib.suppress(StrategyGraphError):  # refused: undone, still right
                store.commit([op], "t")
            for goal in store.nodes(kind=NodeKind.NATIONAL_GOAL):
                for closed in (False, True):
                    got = [r.id for r in sit.threatening(goal.id, include_closed=closed)]
                    assert got == reference(store, goal.id, closed), (step, goal.id)
    finally:
        store.close()


def test_a_risk_write_is_followed_not_recomputed() -> None:
    """After a risk is put, the goal's kept answer is updated in place, not built again."""
    rnd = random.Random(7)
    store = EmbeddedStore()
    sit = Situation(store, Principal.local("t"))
    try:
        store.commit([PutRegion(Region(r, r.title())) for r in REGIONS], "t")
        store.commit(layered(rnd), "t")
        goal = store.nodes(kind=NodeKind.NATIONAL_GOAL)[0].id
        project = store.nodes(kind=NodeKind.STRATEGIC_PROJECT)[0].id
        assert sit.threatening(goal) == []
        kept = store.situation.kept[f"threatening goal {goal}"]
        store.commit([PutRisk(Risk("r1", "north", "Riski", threatens=(project,)), True)], "t")
        assert [r.id for r in sit.threatening(goal)] == reference(store, goal, False)
        assert store.situation.kept[f"threatening goal {goal}"] is kept
    finally:
        store.close()
