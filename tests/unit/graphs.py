"""Tiny builders for hand-made ``TraceGraph``s the trace tests walk.

Nodes are ``(id, kind, region, *extras)`` tuples (or ready ``Node``s): ``kind`` is a
``NodeKind`` or a short code (``G``, ``CV``, ``OV``, ``L``, ``C``, ``P``); each extra is a
``Status``, a ``Health`` or a ``datetime`` (the ``created_at``). Status defaults to APPROVED
and the title to the id. Edges are ``(source, target)`` — the relation is the metamodel's
one for the two kinds — or ``(source, relation, target)``. Every edge is checked against
the metamodel so a test cannot walk a graph the store would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from strategygraph.domain import (
    DEFAULT_METAMODEL,
    NATIONAL,
    Edge,
    Health,
    Node,
    NodeKind,
    Relation,
    Status,
)
from strategygraph.trace import TraceGraph

__all__ = ["CODES", "build", "layered_views", "node", "relation_for", "without"]

K = NodeKind
CODES = {
    "G": K.NATIONAL_GOAL,
    "CV": K.CHANGE_VISION,
    "OV": K.ORGANISATIONAL_VISION,
    "L": K.STRATEGIC_LINE,
    "C": K.CHALLENGE,
    "P": K.STRATEGIC_PROJECT,
}
_UPWARD = {(s, t): r for s, r, t in DEFAULT_METAMODEL.upward}

NodeSpec = Node | tuple[Any, ...]
EdgeSpec = tuple[Any, ...]


def node(
    node_id: str, kind: NodeKind | str, region: str | None = None, *extras: Any, **fields: Any
) -> Node:
    """A node; ``region`` (which may be left out before the extras) defaults to
    ``national`` for goals and ``A`` otherwise."""
    kind = CODES[kind] if kind in CODES else NodeKind(kind)
    if isinstance(region, Status | Health | datetime):  # the region left out
        region, extras = None, (region, *extras)
    values: dict[str, Any] = {"status": Status.APPROVED, "title": node_id}
    for extra in extras:
        if isinstance(extra, Status):
            values["status"] = extra
        elif isinstance(extra, Health):
            values["health"] = extra
        elif isinstance(extra, datetime):
            values["created_at"] = extra
        else:
            raise TypeError(f"unknown node extra {extra!r}")
    values.update(fields)
    if region is None:
        region = NATIONAL if kind is K.NATIONAL_GOAL else "A"
    return Node(id=node_id, kind=kind, region=region, **values)


def relation_for(source: NodeKind, target: NodeKind) -> Relation:
    """The relation the metamodel allows from ``source`` up to ``target``."""
    if source is K.STRATEGIC_PROJECT and target is K.STRATEGIC_PROJECT:
        return Relation.DEPENDS_ON
    return _UPWARD[(source, target)]


def build(nodes: Iterable[NodeSpec], edges: Iterable[EdgeSpec] = ()) -> TraceGraph:
    view = TraceGraph()
    for spec in nodes:
        view.put_node(spec if isinstance(spec, Node) else node(*spec))
    for spec in edges:
        if len(spec) == 2:
            source, target = spec
            relation = relation_for(view.nodes[source].kind, view.nodes[target].kind)
        else:
            source, rel, target = spec
            relation = Relation(rel)
        s, t = view.nodes[source].kind, view.nodes[target].kind
        if source == target or not view.metamodel.allows(s, relation, t):
            raise ValueError(f"the metamodel refuses {source} -{relation}-> {target}")
        view.add_edge(Edge(source, relation, target))
    return view


def without(view: TraceGraph, node_id: str) -> TraceGraph:
    """A copy of ``view`` with ``node_id`` and its edges gone."""
    copy = TraceGraph(view.metamodel)
    for n in view.nodes.values():
        if n.id != node_id:
            copy.put_node(n)
    for e in view.edges():
        if node_id not in e.key:
            copy.add_edge(e)
    return copy


@st.composite
def layered_views(draw: st.DrawFn, per_layer: int = 3) -> TraceGraph:
    """Random small layered graphs: any allowed upward edge (layer skips included), a few
    retired nodes, two regions, random health and lateral DEPENDS_ON between projects."""
    code = {kind: c for c, kind in CODES.items()}
    view = TraceGraph()
    by_kind: dict[NodeKind, list[str]] = {}
    for kind in NodeKind:
        count = draw(st.integers(1 if kind is K.NATIONAL_GOAL else 0, per_layer))
        by_kind[kind] = [f"{code[kind]}{i}" for i in range(count)]
        for node_id in by_kind[kind]:
            retired = draw(st.integers(0, 5)) == 0
            region = NATIONAL if kind is K.NATIONAL_GOAL else draw(st.sampled_from("AB"))
            health = draw(st.sampled_from([None, *Health])) if kind is K.STRATEGIC_PROJECT else None
            view.put_node(
                node(
                    node_id,
                    kind,
                    region,
                    Status.RETIRED if retired else Status.APPROVED,
                    health=health,
                )
            )
    for source_kind, relation, target_kind in sorted(DEFAULT_METAMODEL.upward):
        for source in by_kind[source_kind]:
            for target in by_kind[target_kind]:
                if draw(st.booleans()):
                    view.add_edge(Edge(source, relation, target))
    projects = by_kind[K.STRATEGIC_PROJECT]
    for i, source in enumerate(projects):
        for target in projects[i + 1 :]:
            if draw(st.integers(0, 3)) == 0:
                view.add_edge(Edge(source, Relation.DEPENDS_ON, target))
    return view
