"""The analyses kept up to date change by change (``trace/incremental.py``) equal the
full pass after every step of random write sequences: goal masks, structural gaps, stale
drafts as the clock moves, and coverage for every region."""

from __future__ import annotations

import contextlib
import random
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategygraph.domain import (
    DEFAULT_METAMODEL,
    Edge,
    Health,
    Node,
    NodeKind,
    Region,
    Relation,
    Status,
    StrategyGraphError,
)
from strategygraph.domain.changes import (
    AddEdge,
    CreateNode,
    DeleteNode,
    Operation,
    PutRegion,
    RemoveEdge,
    UpdateNode,
)
from strategygraph.domain.situation import cadence_days
from strategygraph.store import EmbeddedStore
from strategygraph.trace import coverage, gaps
from strategygraph.trace.coverage import full_coverage
from strategygraph.trace.gap_rules import draft_gap
from strategygraph.trace.gaps import cadenced_projects, full_structural_gaps
from strategygraph.trace.graph import TraceGraph
from strategygraph.trace.reach import full_goal_masks, goal_masks

REGIONS = ("national", "north", "south")
START = datetime(2024, 1, 1, tzinfo=UTC)


def reference_gaps(view: TraceGraph, region: str | None, now: datetime, days: int) -> list[object]:
    cutoff = now - timedelta(days=days)
    stale = sorted(
        (
            draft_gap(n, days)
            for n in view.by_layer()
            if n.status is Status.DRAFT
            and (region is None or n.region == region)
            and (n.updated_at or n.created_at) is not None
            and (n.updated_at or n.created_at) < cutoff  # type: ignore[operator]
        ),
        key=lambda g: g.node_id,
    )
    structural = [g for g in full_structural_gaps(view) if region is None or g.region == region]
    return [*structural, *stale]


def check(store: EmbeddedStore, now: datetime, days: int) -> None:
    view = store.view
    goals, masks = goal_masks(view)
    full_goals, full_masks = full_goal_masks(view)
    assert (goals, masks) == (full_goals, full_masks)
    for region in (None, *REGIONS):
        assert gaps(view, region, now=now, draft_days=days) == reference_gaps(
            view, region, now, days
        ), region
        assert coverage(view, region) == full_coverage(view, region), region
    cadenced = sorted(
        n.id
        for n in view.nodes.values()
        if n.kind is NodeKind.STRATEGIC_PROJECT
        and n.status is not Status.RETIRED
        and cadence_days(n.attributes) is not None
    )
    assert sorted(n.id for n in cadenced_projects(view)) == cadenced
    assert all(view.nodes[n.id] is n for n in cadenced_projects(view))  # as they are now


def random_operation(rnd: random.Random, store: EmbeddedStore, step: int) -> Operation:
    nodes = list(store.view.nodes.values())
    roll = rnd.random()
    if roll < 0.3 or len(nodes) < 4:
        kind = rnd.choice(list(NodeKind))
        region = "national" if kind is NodeKind.NATIONAL_GOAL else rnd.choice(REGIONS[1:])
        return CreateNode(
            Node(
                id=f"n{step}",
                kind=kind,
                region=region,
                title=f"Solmu {step}",
                health=rnd.choice(list(Health)) if kind is NodeKind.STRATEGIC_PROJECT else None,
            )
        )
    node = rnd.choice(nodes)
    if roll < 0.55:
        target = rnd.choice(nodes)
        triples = DEFAULT_METAMODEL.upward | DEFAULT_METAMODEL.lateral
        relations = sorted(r for s, r, t in triples if s is node.kind and t is target.kind)
        if not relations:
            return UpdateNode(node.id, {"title": f"{node.title}!"})
        return AddEdge(Edge(node.id, rnd.choice(relations), target.id))
    if roll < 0.65:
        edges = store.view.edges_of(node.id)
        if edges:
            edge = rnd.choice(edges)
            return RemoveEdge(edge.source, edge.relation, edge.target)
    if roll < 0.8:
        status = rnd.choice([Status.DRAFT, Status.RETIRED, Status.PROPOSED])
        return UpdateNode(node.id, {"status": status})
    if roll < 0.9 and node.kind is NodeKind.STRATEGIC_PROJECT:
        if rnd.random() < 0.5:  # a reporting cadence set, changed or cleared
            cadence = rnd.choice(["30", "90", ""])
            return UpdateNode(node.id, {"attributes": {"reportingCadenceDays": cadence}})
        return UpdateNode(node.id, {"health": rnd.choice(list(Health))})
    if roll < 0.95:
        return DeleteNode(node.id, cascade=True)
    return UpdateNode(node.id, {"title": f"Uusi {step}"})


LAYERS = [
    (NodeKind.NATIONAL_GOAL, 2, None),
    (NodeKind.CHANGE_VISION, 2, "DERIVES_FROM"),
    (NodeKind.ORGANISATIONAL_VISION, 2, "REALISES"),
    (NodeKind.STRATEGIC_LINE, 3, "SUPPORTS"),
    (NodeKind.CHALLENGE, 4, "CHALLENGES"),
    (NodeKind.STRATEGIC_PROJECT, 6, "ADDRESSES"),
]


def layered(rnd: random.Random) -> list[Operation]:
    """A whole chain to start from: every layer, each node serving one or two above."""
    ops: list[Operation] = []
    above: list[str] = []
    for kind, count, relation in LAYERS:
        here = [f"{kind.value.lower().replace('_', '-')}-{i}" for i in range(count)]
        for node_id in here:
            region = "national" if kind is NodeKind.NATIONAL_GOAL else rnd.choice(REGIONS[1:])
            health = rnd.choice(list(Health)) if kind is NodeKind.STRATEGIC_PROJECT else None
            ops.append(CreateNode(Node(node_id, kind, region, node_id, health=health)))
            if relation is not None:
                for target in rnd.sample(above, min(len(above), rnd.choice([1, 2]))):
                    ops.append(AddEdge(Edge(node_id, Relation(relation), target)))
        above = here
    return ops


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_kept_answers_equal_the_full_pass_after_every_write(seed: int) -> None:
    rnd = random.Random(seed)
    store = EmbeddedStore()
    clock = [START]
    store.clock = lambda: clock[0]
    try:
        store.commit([PutRegion(Region(r, r.title())) for r in REGIONS], "t")
        store.commit(layered(rnd), "t")
        check(store, clock[0], 30)
        for step in range(60):
            clock[0] += timedelta(days=rnd.choice([0, 1, 5, 20]))
            with contextlib.suppress(StrategyGraphError):  # refused: undone, still right
                store.commit([random_operation(rnd, store, step)], "t")
            now = clock[0] + timedelta(days=rnd.choice([0, 10, 40, 100]))
            check(store, now, rnd.choice([30, 30, 30, 60]))
    finally:
        store.close()


def test_a_write_far_below_the_goals_does_not_recompute_the_whole_graph() -> None:
    """A project's health changes: only that node is judged and counted again."""
    store = EmbeddedStore()
    try:
        store.commit([PutRegion(Region(r, r)) for r in REGIONS], "t")
        goal = Node("g", NodeKind.NATIONAL_GOAL, "national", "Tavoite")
        ops: list[Operation] = [CreateNode(goal)]
        for i in range(50):
            project = Node(f"p{i}", NodeKind.STRATEGIC_PROJECT, "north", "Hanke", health=Health.RED)
            ops.append(CreateNode(project))
        store.commit(ops, "t")
        gaps(store.view, now=store.clock())
        before = store.view.analytics
        store.commit([UpdateNode("p7", {"health": Health.GREEN})], "t")
        assert store.view.take_touched() == {"p7"}
        store.view._touched = {"p7"}  # put back what the check above took
        rows = coverage(store.view)
        assert store.view.analytics is before  # followed, not built again
        assert rows == full_coverage(store.view, None)
        assert store.view.nodes["p7"].health is Health.GREEN
    finally:
        store.close()
