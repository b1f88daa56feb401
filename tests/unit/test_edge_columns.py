"""A bulk import's edges (issue 17, the import's commit): the edges built from records a
column at a time (``domain/codec_edges.py``), linked into the graph from columns
(``TraceGraph.add_plain``), looked up again (``holds_plain_each``) and checked for cycles
(``bulk_apply``) are what the one-at-a-time code builds, links, finds and refuses."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import Edge, Node, NodeKind, Relation, ValidationError
from strategygraph.domain.changes import AddEdge, CreateNode, PutRegion
from strategygraph.domain.codec_edges import edges_from_valid
from strategygraph.domain.codec_fast import NOT_VALID, edge_from_valid
from strategygraph.domain.model import Region
from strategygraph.store import EmbeddedStore, bulk_apply
from strategygraph.trace.graph import TraceGraph
from tests.unit.test_fast_builders import EDGE_FIELDS, ODD, edge_records

PLAIN_RECORD = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["p1", "p2", "ch"]),
        "relation": st.sampled_from([r.value for r in Relation]),
        "target": st.sampled_from(["ch", "l1", "p2"]),
    },
    optional={"inferred": st.booleans(), "note": st.none() | st.text(max_size=4)},
)
"""A record ``edge_from_valid`` builds: the three keys, perhaps ``inferred`` and ``note``."""


def one_by_one(records: list[Any]) -> list[Edge] | None:
    try:
        return [edge_from_valid(r) for r in records]
    except NOT_VALID:
        return None


def same_edges(built: list[Edge], expected: list[Edge]) -> None:
    assert built == expected
    for edge, other in zip(built, expected, strict=True):
        assert type(edge) is Edge
        for name in Edge.__slots__:  # every slot set, of the same type (suspect marks too)
            assert type(getattr(edge, name)) is type(getattr(other, name)), name


@settings(max_examples=200, deadline=None)
@given(st.lists(PLAIN_RECORD, min_size=1, max_size=8))
def test_records_of_the_edge_keys_are_built_a_column_at_a_time(records: list[Any]) -> None:
    before = repr(records)
    built = edges_from_valid(records)
    assert built is not None  # the column path took them all
    same_edges(built, [edge_from_valid(r) for r in records])
    assert repr(records) == before


@settings(max_examples=300, deadline=None)
@given(st.lists(edge_records() | ODD | PLAIN_RECORD, max_size=6))
def test_any_records_build_the_one_by_one_edges_or_go_one_by_one(records: list[Any]) -> None:
    built, expected = edges_from_valid(records), one_by_one(records)
    if expected is None:
        assert built is None  # a record to explain: the caller's checking builders do
    elif built is not None:
        same_edges(built, expected)
    else:  # a str subclass is all that may send good records one at a time: none here
        assert any(set(r) - set(EDGE_FIELDS) for r in records if isinstance(r, dict))


def test_a_suspect_mark_or_an_unknown_key_sends_the_records_one_by_one() -> None:
    good = {"source": "p", "relation": "ADDRESSES", "target": "c"}
    assert edges_from_valid([good, {**good, "suspect_at": "2026-01-01T00:00:00+00:00"}]) is None
    assert edges_from_valid([good, {**good, "relation": "LIKES"}]) is None
    assert edges_from_valid([good, {**good, "inferred": 1}]) is None
    assert edges_from_valid([good, {**good, "note": 3}]) is None
    assert edges_from_valid([good, {"source": "p", "relation": "ADDRESSES"}]) is None
    assert edges_from_valid([good, ["p", "ADDRESSES", "c"]]) is None
    assert edges_from_valid([]) == []


# -- the graph ---------------------------------------------------------------
IDS = [f"n{i}" for i in range(8)]
GRAPH_EDGE = st.builds(
    Edge,
    st.sampled_from(IDS),
    st.sampled_from(list(Relation)),
    st.sampled_from(IDS),
    st.sampled_from([False] * 9 + [True]),
    st.sampled_from([None] * 9 + ["huomio"]),
)
"""Edges among a few ids; a few of them inferred or with a note (attribute dicts of
their own: such a run goes an edge at a time)."""


def graph_with_nodes() -> TraceGraph:
    graph = TraceGraph()
    graph.put_nodes(Node(i, NodeKind.STRATEGIC_PROJECT, "r1", i) for i in IDS[:6])
    return graph  # n6 and n7 are no nodes: an edge may name them (a follower's catch-up)


def adjacency(graph: TraceGraph) -> list[Any]:
    """Every adjacency dict of both digraphs, in its order, with each edge's attribute
    dict told apart by identity (the shared dict of a relation, or one of its own)."""
    shared = {id(d): r for r, d in graph._attrs.items()}
    out: list[Any] = []
    for g in (graph.up, graph.lateral):
        out.append(list(g._node))
        for side in (g._succ, g._pred):
            out.append(
                [
                    (n, [(m, shared.get(id(d), dict(d))) for m, d in ms.items()])
                    for n, ms in side.items()
                ]
            )
    return out


PLAIN_EDGE = st.builds(
    Edge, st.sampled_from(IDS[:6]), st.sampled_from(list(Relation)), st.sampled_from(IDS[:6])
)
"""A plain edge between nodes: what the bulk path gives ``add_plain``."""


@settings(max_examples=200, deadline=None)
@given(st.lists(PLAIN_EDGE, max_size=12), st.lists(GRAPH_EDGE, max_size=4))
def test_a_run_of_plain_edges_links_what_one_at_a_time_links(
    run: list[Edge], before: list[Edge]
) -> None:
    bulk, single = graph_with_nodes(), graph_with_nodes()
    for edge in before:
        bulk.add_edge(edge)
        single.add_edge(edge)
    was, generation = adjacency(bulk), bulk.generation
    own = bulk.nodes  # the nodes' own id objects, as the bulk path passes them
    created = bulk.add_plain(
        [own[e.source].id for e in run], [e.relation for e in run], [own[e.target].id for e in run]
    )
    for edge in run:
        single.add_edge(edge)
    assert adjacency(bulk) == adjacency(single)
    assert bulk.generation != generation and bulk.take_touched() == single.take_touched()
    for graph in (bulk.up, bulk.lateral):  # n6, n7: ends of edges before, no nodes
        for source, targets in graph._succ.items():
            assert source not in own or source is own[source].id
            assert all(t not in own or t is own[t].id for t in targets)
    unique = {e.key for e in run}
    if len(unique) == len(run) and not unique & {e.key for e in before}:
        bulk.remove_edges(run, created)  # undone: as it was before the run
        assert adjacency(bulk) == was


@settings(max_examples=200, deadline=None)
@given(
    st.lists(GRAPH_EDGE, max_size=10),
    st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(IDS)), max_size=3),
    st.lists(GRAPH_EDGE, max_size=6),
)
def test_held_plain_edges_are_those_holds_plain_finds(
    edges: list[Edge], removed: list[tuple[str, str]], asked: list[Edge]
) -> None:
    graph = graph_with_nodes()
    graph.add_edges(edges)
    for source, target in removed:
        graph.remove_edge(source, target)
    asked = [*asked, *edges]
    assert graph.holds_plain_each(asked) == [graph.holds_plain(e) for e in asked]


# -- cycles in a bulk run --------------------------------------------------------
PROJECTS = 24


def _commit(path: Path, pairs: list[tuple[int, int]]) -> list[tuple[str | None, str]] | int:
    """Create the projects, then commit ``pairs`` as a run of ``DEPENDS_ON`` edges: the
    number of edges the store then holds, or the problems (location, rule) it refused."""
    store = EmbeddedStore(str(path))
    try:
        ops: list[Any] = [PutRegion(Region("r1", "R1"))]
        ops += [
            CreateNode(Node(f"p{i}", NodeKind.STRATEGIC_PROJECT, "r1", f"P{i}"))
            for i in range(PROJECTS)
        ]
        store.commit(ops, "loader")
        run = [
            AddEdge(Edge(f"p{s}", Relation.DEPENDS_ON, f"p{t}"), f"edges[{i}]")
            for i, (s, t) in enumerate(pairs)
        ]
        try:
            store.commit(run, "loader")
        except ValidationError as exc:
            return [(p.where, p.rule) for p in exc.problems]
        return len(store.edges())
    finally:
        store.close()


def _runs(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Distinct pairs of projects: all from a later-created project to an earlier one
    (the bulk path sees at once that no cycle can be), all the other way, or in the order
    of a shuffled ranking (acyclic, but NetworkX must tell); then perhaps one or two
    turned round (a cycle, or not) or one more that closes a cycle, anywhere in the run."""
    pairs = [(s, t) for s in range(PROJECTS) for t in range(PROJECTS) if s != t]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=40, unique_by=frozenset))
    rank = draw(st.permutations(range(PROJECTS)))
    ordered = draw(st.sampled_from([lambda n: -n, lambda n: n, rank.index]))
    run = [(s, t) if ordered(s) < ordered(t) else (t, s) for s, t in chosen]
    change = draw(st.sampled_from(["none", "turn", "close"]))
    if change == "turn":
        turned = draw(st.lists(st.integers(0, len(run) - 1), min_size=1, max_size=2))
        run = [(t, s) if i in turned else (s, t) for i, (s, t) in enumerate(run)]
    elif change == "close":  # from a descendant back to its ancestor
        graph = nx.DiGraph(run)
        start = draw(st.sampled_from(sorted({s for s, _ in run})))
        back = draw(st.sampled_from(sorted(nx.descendants(graph, start))))
        run.insert(draw(st.integers(0, len(run))), (back, start))
    return run


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_bulk_run_of_dependencies_is_refused_exactly_when_one_at_a_time_is(
    data: st.DataObject,
) -> None:
    pairs = _runs(data.draw)
    kept = bulk_apply.RUN
    with tempfile.TemporaryDirectory() as tmp:
        try:
            bulk_apply.RUN = 1  # every run the bulk way
            bulk = _commit(Path(tmp, "bulk.db"), pairs)
            bulk_apply.RUN = 10**9  # none
            single = _commit(Path(tmp, "single.db"), pairs)
        finally:
            bulk_apply.RUN = kept
    assert bulk == single
    if nx.is_directed_acyclic_graph(nx.DiGraph(pairs)):
        assert bulk == len(pairs)
    else:
        assert isinstance(bulk, list) and ("edges[0]", "cycle") not in bulk
        assert {rule for _, rule in bulk} == {"cycle"}
