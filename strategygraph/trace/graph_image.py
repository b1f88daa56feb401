"""A ``TraceGraph`` as plain values and back: what the store keeps to open a large file
fast (``store/open_image.py`` writes it with ``marshal``).

The image is columnar: one list per ``Node`` field (enums as their values, dates and
times in ISO form), so decoding converts each column with one C-level ``map`` and sets
each slot of every node with another. Each digraph's adjacency is kept as the dicts of
dicts NetworkX holds, the attrs dict of each relation replaced by a stand-in shared by
every edge of it: ``marshal`` writes a shared object once and reads it back as one
object, so the adjacency is rebuilt without a Python call per node, and the stand-ins
then become the view's attrs dicts. An edge with more than its relation (inferred, a
note, suspect) is listed again whole and put back in its place. Decoding gives back the
same nodes, in the same order, with the same adjacency order, as the graph encoded.

>>> view = TraceGraph()
>>> back = graph_from_image(graph_image(view), TraceGraph())
>>> len(back.nodes), back.up.number_of_edges()
(0, 0)
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Hashable
from datetime import date, datetime
from itertools import repeat
from operator import attrgetter
from typing import Any

import networkx as nx

from ..domain import Health, Node, NodeKind, Relation, Status
from ..domain.states import edge_from_state, edge_state
from .graph import TraceGraph
from .graph_adjacency import NO_ATTRIBUTES, edge_record

__all__ = ["FIELDS", "RELATIONS", "graph_from_image", "graph_image"]

FIELDS = tuple(Node.__slots__)
"""The node fields, in the order of the columns (and of ``Node``'s parameters)."""
RELATIONS = tuple(r.value for r in Relation)
"""The relations, in the order of the image's stand-ins."""

_ENUMS: dict[str, type[NodeKind] | type[Status] | type[Health]] = {
    "kind": NodeKind,
    "status": Status,
    "health": Health,
}
_DAYS = frozenset(f for f in FIELDS if f in {"decision_date", "start_date", "due_date"})
_TIMES = frozenset({"created_at", "updated_at"})
_CREATED, _UPDATED = FIELDS.index("created_at"), FIELDS.index("updated_at")
_SAME = 0
"""``updated_at``'s code for "the same as ``created_at``"."""
_SLOTS = {name: Node.__dict__[name] for name in FIELDS}
_SHARED = frozenset(
    {"region", "organisation", "approved_by", "created_by", "updated_by", "owner", "phase"}
)
"""Columns of few distinct values: one object per value, shared by every node."""


def graph_image(view: TraceGraph) -> tuple[Any, ...]:
    """``view`` as tuples, lists, dicts, strings, ints and bytes (``marshal`` writes them)."""
    nodes = list(view.nodes.values())
    raw = [list(map(attrgetter(name), nodes)) for name in FIELDS]
    raw[_UPDATED] = _encode_updated(raw[_CREATED], raw[_UPDATED])
    columns = [_encode_column(name, values) for name, values in zip(FIELDS, raw, strict=True)]
    codes = _Codes(view)
    graphs = tuple(_encode_digraph(g, codes) for g in (view.up, view.lateral))
    return (FIELDS, RELATIONS, columns, graphs, codes.shared, codes.special)


def graph_from_image(image: tuple[Any, ...], view: TraceGraph) -> TraceGraph:
    """Fill ``view`` (new and empty, of the right metamodel) from ``graph_image``'s
    value. Raises ``ValueError`` for an image of another layout."""
    fields, relations, columns, graphs, shared, special = image
    if tuple(fields) != FIELDS or tuple(relations) != RELATIONS:
        raise ValueError("the graph image was written for other node fields or relations")
    decoded = [_decode_column(name, col) for name, col in zip(FIELDS, columns, strict=True)]
    created, updated = _CREATED, _UPDATED
    decoded[updated] = [
        c if u == _SAME else u for c, u in zip(decoded[created], decoded[updated], strict=True)
    ]
    view.nodes = dict(zip(decoded[0], _nodes(decoded), strict=True))
    for graph, data in zip((view.up, view.lateral), graphs, strict=True):
        _decode_digraph(graph, data)
    # The stand-ins the adjacency shares become the view's attrs dicts, one per relation.
    for relation, attrs in zip(Relation, shared, strict=True):
        if attrs != {"relation": relation.value}:
            raise ValueError("the graph image's relations are torn")
        attrs["relation"] = relation
        view._attrs[relation] = attrs
    for state in special:
        view.add_edge(edge_from_state(state))  # the key is in place: its order is kept
    view._changed()
    return view


def _nodes(columns: list[list[Any]]) -> list[Node]:
    """``Node(*values)`` for each row of ``columns``, built slot by slot: each column goes
    in with one C-level ``map`` over the slot's descriptor (``Node`` is a frozen dataclass
    whose ``__init__`` only sets its slots: no checks are skipped), about twice as fast
    as 100,000s of ``__init__`` calls of 24 ``object.__setattr__`` each."""
    nodes: list[Node] = list(map(object.__new__, repeat(Node, len(columns[0]))))
    for name, column in zip(FIELDS, columns, strict=True):
        deque(map(_SLOTS[name].__set__, nodes, column), maxlen=0)
    return nodes


def _encode_column(name: str, values: list[Any]) -> list[Any]:
    if name in _ENUMS:
        value: dict[Any, Any] = {member: member.value for member in _ENUMS[name]}
        value[None] = None
        return list(map(value.__getitem__, values))
    if name in _TIMES:
        return [v if v is None or v is _SAME else v.isoformat() for v in values]
    if name in _DAYS:
        text = {v: v.isoformat() for v in set(values) if v is not None}
        text[None] = None
        return list(map(text.__getitem__, values))
    return values


def _encode_updated(created: list[Any], updated: list[Any]) -> list[Any]:
    """``updated_at`` as ``_SAME`` where it equals ``created_at`` (decoded as that
    same object, as the rows share it)."""
    return [_SAME if u is not None and u == c else u for c, u in zip(created, updated, strict=True)]


def _decode_column(name: str, values: list[Any]) -> list[Any]:
    convert: Callable[[Any], Any] | None = None
    if name in _ENUMS:
        convert = _ENUMS[name]
    elif name in _DAYS:
        convert = date.fromisoformat
    elif name in _TIMES:  # mostly one time per node: no table of distinct values
        fromisoformat = datetime.fromisoformat
        if None not in values and _SAME not in values:
            return list(map(fromisoformat, values))
        return [v if v is None or v == _SAME else fromisoformat(v) for v in values]
    elif name == "tags":
        convert = _tags
    elif name in _SHARED:
        convert = sys.intern
    else:
        return values
    return list(map(_table(values, convert).__getitem__, values))


def _table(values: list[Any], convert: Callable[[Any], Any]) -> dict[Hashable, Any]:
    """{value: converted} for each distinct value (None stays None)."""
    table = {v: convert(v) for v in set(values) if v is not None}
    table[None] = None
    return table


def _tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(map(sys.intern, tags))


class _Codes(dict[int, dict[str, str]]):
    """{id of an attrs dict of the view: its stand-in in the image}; an attrs dict not
    shared (an edge with more than its relation) gets the ``special`` stand-in, and the
    edge is listed whole."""

    def __init__(self, view: TraceGraph) -> None:
        self.shared = [{"relation": r.value} for r in Relation]
        pairs = zip(Relation, self.shared, strict=True)
        super().__init__((id(view._attrs[r]), stand_in) for r, stand_in in pairs)
        self.special_stand_in = {"relation": ""}
        self.special: list[Any] = []
        self.missed = 0

    def __missing__(self, key: int) -> dict[str, str]:
        self.missed += 1
        return self.special_stand_in


def _encode_digraph(graph: nx.DiGraph, codes: _Codes) -> tuple[list[str], Any, Any]:
    """(nodes in order, {source: {target: stand-in}}, {target: {source: stand-in}}): the
    stand-ins are a few shared dicts, which ``marshal`` writes once each and reads back
    as one object each, so reading builds the adjacency dicts without a Python call."""
    stand_ins, ids = repeat(codes.__getitem__), repeat(id)

    def entries(adjacency: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        # {n: {end: stand-in of its attrs ...} ...}, with no Python call per node
        ends = adjacency.values()
        attrs = map(map, stand_ins, map(map, ids, map(dict.values, ends)))
        return dict(zip(adjacency, map(dict, map(zip, ends, attrs)), strict=True))

    succ, pred = entries(graph._succ), entries(graph._pred)
    if codes.missed:
        for source, targets in graph._succ.items():
            for target, attrs in targets.items():
                if id(attrs) not in codes:
                    codes.special.append(edge_state(edge_record(source, target, attrs)))
    return list(graph._node), succ, pred


def _decode_digraph(graph: nx.DiGraph, data: Any) -> None:
    order, succ, pred = data
    if not len(order) == len(succ) == len(pred):
        raise ValueError("the graph image's adjacency is torn")
    graph._node.update(dict.fromkeys(order, NO_ATTRIBUTES))
    graph._succ.update(succ)
    graph._pred.update(pred)
