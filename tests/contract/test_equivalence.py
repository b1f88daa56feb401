"""The Neo4j adapter's Cypher answers equal the NetworkX reference on the same data:
the demo, a generated 5,000-node graph, and both again after edits that move routes.

The walks (trace down, pages up, routes, impact, health) are asked of the adapter node by
node, as the API asks them, on the demo as loaded; after its edits, and on the generated
graph, they are asked of all the sampled nodes at once (``Neo4jStore.*_many``: one query
a level for all the walks, each walk taking only its own nodes' rows; a single node's walk
is the same code with one start). Node by node, their ~2,800 queries an ``answers`` took
most of the time of the Neo4j tests."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import generate
from strategygraph.domain import NodeKind, Status
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, GraphStore
from strategygraph.store.neo4j import Neo4jStore
from tests.arcadedb import BoltServer
from tests.conftest import make_store
from tests.graphs import demo

Pair = tuple[GraphStore, GraphStore]
Answers = dict[str, Any]

NOW = datetime.now(UTC) + timedelta(days=120)
"""One time for both adapters: drafts stale at the 90 days of ``gaps()``, not at 400."""


@pytest.fixture
def pair(tmp_path: Path, bolt_server: BoltServer) -> Iterator[Pair]:
    memory = EmbeddedStore(str(tmp_path / "reference.db"))
    neo = make_store("neo4j", tmp_path, bolt_server)
    yield memory, neo
    memory.close()
    neo.close()


def load(pair: Pair, docs: list[dict[str, Any]]) -> None:
    for store in pair:
        for doc in docs:
            StrategyService(store).import_document(doc, "loader")


def sample(store: GraphStore, size: int, seed: int, goals: int = 100) -> list[str]:
    """Up to ``goals`` national goals and ``size`` nodes of each other kind, drawn by seed."""
    rnd = random.Random(seed)
    picked: list[str] = []
    for kind in NodeKind:
        ids = [n.id for n in store.nodes(kind)]
        picked += rnd.sample(ids, min(len(ids), goals if kind is NodeKind.NATIONAL_GOAL else size))
    return picked


def answers(store: GraphStore, ids: list[str], seed: int, together: bool = False) -> Answers:
    """Every answer of ``store`` about ``ids``; ``together``: the Neo4j adapter's walks
    asked of all the nodes at once (the reference is always asked node by node)."""
    rnd = random.Random(seed)
    regions = [r.id for r in store.regions()]
    goals = [n.id for n in store.nodes(NodeKind.NATIONAL_GOAL)]
    pairs = [(a, rnd.choice(goals)) for a in ids] + [
        (rnd.choice(ids), rnd.choice(ids)) for _ in range(len(ids))
    ]
    found = {
        "version": store.version(),
        "graph": (
            [dataclasses.replace(n, created_at=None, updated_at=None) for n in store.nodes()],
            store.edges(),
            store.regions(),
            store.organisations(),
        ),
        "events": [(e.seq, e.actor, e.operation, e.target, e.related) for e in store.events()],
        "trace_up": {i: store.trace_up(i) for i in ids},
        "trace_up_2": {i: store.trace_up(i, max_depth=2) for i in ids[:20]},
        "gaps": store.gaps(now=NOW),
        "gaps_regional": {r: store.gaps(r, draft_days=400, now=NOW) for r in regions},
        "coverage": store.coverage(),
        "coverage_regional": {r: store.coverage(r) for r in regions},
    }
    if together and isinstance(store, Neo4jStore):
        return found | walks_together(store, ids, pairs)
    return found | {
        "trace_up_page": {i: store.trace_up_page(i, first=3) for i in ids},
        "trace_up_page_after": {
            i: store.trace_up_page(i, 4, after=p.paths[0].nodes, first=2)
            for i in ids[:20]
            if (p := store.trace_up_page(i, 4, first=1)).paths
        },
        "trace_down": {i: store.trace_down(i) for i in ids},
        "trace_down_projects": {
            i: store.trace_down(i, 2, [NodeKind.STRATEGIC_PROJECT]) for i in ids[:20]
        },
        "route": {p: store.route(*p) for p in pairs},
        "impact": {i: store.impact(i) for i in ids},
        "health": {i: store.rolled_up_health(i) for i in ids},
    }


def walks_together(store: Neo4jStore, ids: list[str], pairs: list[tuple[str, str]]) -> Answers:
    """The same questions as the node-by-node ones of ``answers``, each asked once of all
    the nodes."""
    firsts = store.trace_up_page_many(ids[:20], 4, first=1)
    cursors = {i: p.paths[0].nodes for i, p in firsts.items() if p.paths}
    return {
        "trace_up_page": store.trace_up_page_many(ids, first=3),
        "trace_up_page_after": store.trace_up_page_many(list(cursors), 4, after=cursors, first=2),
        "trace_down": store.trace_down_many(ids),
        "trace_down_projects": store.trace_down_many(ids[:20], 2, [NodeKind.STRATEGIC_PROJECT]),
        "route": store.route_many(pairs),
        "impact": store.impact_many(ids),
        "health": store.rolled_up_health_many(ids),
    }


def assert_same(pair: Pair, ids: list[str], seed: int = 7, together: bool = False) -> None:
    expected, actual = (answers(store, ids, seed, together) for store in pair)
    assert sorted(actual) == sorted(expected)
    for key in expected:
        assert actual[key] == expected[key], key


def edit(pair: Pair, seed: int, steps: int) -> None:
    """The same random edits on both stores: retire and revive, link, unlink, delete."""
    rnd = random.Random(seed)
    memory = pair[0]
    services = [StrategyService(store) for store in pair]
    for _ in range(steps):
        nodes = memory.nodes()
        edges = memory.edges()
        roll = rnd.random()
        node = rnd.choice(nodes)
        if roll < 0.3:
            status = Status.DRAFT if node.status is Status.RETIRED else Status.RETIRED
            for s in services:
                s.set_status(node.id, status, "editor")
        elif roll < 0.55 and edges:
            edge = rnd.choice(edges)
            for s in services:
                s.unlink(edge.source, edge.relation, edge.target, "editor")
        elif roll < 0.8:
            linked = {e.target for e in edges if e.source == node.id}
            allowed = [
                (relation, target.id)
                for (kind, relation, target_kind) in sorted(memory.metamodel.upward)
                if kind is node.kind
                for target in memory.nodes(target_kind)
                if target.id not in linked
            ]
            if allowed:
                relation, target_id = rnd.choice(allowed)
                for s in services:
                    s.link(node.id, relation, target_id, "editor")
        elif node.kind is not NodeKind.NATIONAL_GOAL:
            for s in services:
                s.delete_node(node.id, "editor", cascade=True)


def test_demo_answers_are_equal(pair: Pair) -> None:
    load(pair, demo())
    ids = sample(pair[0], 40, seed=1)
    assert_same(pair, ids)
    edit(pair, seed=2, steps=25)
    assert_same(pair, [i for i in ids if i in {n.id for n in pair[0].nodes()}], together=True)


def test_generated_graph_answers_are_equal(pair: Pair) -> None:
    load(pair, [generate(nodes=5_000, seed=42)])
    assert len(pair[1].nodes()) >= 4_900
    ids = sample(pair[0], 15, seed=3, goals=3)
    assert_same(pair, ids, together=True)
    edit(pair, seed=4, steps=30)
    assert_same(pair, [i for i in ids if i in {n.id for n in pair[0].nodes()}], together=True)
