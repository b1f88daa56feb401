"""What changed between two times, from the events between them only.

Every event keeps the record before and after its change, so for each node and edge the
events between two times touched, the first one's ``before`` is how it was at the start
and the last one's ``after`` how it was at the end (``None``: it did not exist). Nothing
else changed. (A node is deleted only once its edges are unlinked, each with an event.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from orjson import loads

from ..domain import Edge, Node
from ..domain.codec_kept import node_from_kept
from ..domain.operations import EDGE_OPERATIONS, NODE_OPERATIONS
from ..domain.states import edge_from_state
from ..store import GraphStore
from ..store.history_shelf import HistoryShelf

__all__ = ["Touched", "Window", "changes_between", "touched"]

Window = tuple[
    dict[str, Node],
    dict[str, Node],
    dict[tuple[str, str], Edge],
    dict[tuple[str, str], Edge],
    Callable[[str], Node | None],
]
"""(nodes at the start, nodes at the end, edges at the start, edges at the end) of what
the events between touched, and the node at the end by id (for edges' other ends)."""


Touched = tuple[
    dict[str, Any],
    dict[str, Any],
    dict[tuple[str, str], Any],
    dict[tuple[str, str], Any],
    dict[str, Any],
]
"""(nodes' first ``before``, nodes' last ``after``, the same of edges, and the nodes
whose record is the same at both ends), as the log keeps records (text or decoded)."""


def touched(changes: Iterable[tuple[str, str, str | None, Any, Any]]) -> Touched:
    """The records ``changes`` (operation, target, related, before, after, in the log's
    order) touched, as they were before the first and after the last. A node whose
    record is the same at both ends is unchanged, not part of a diff, but known at the
    end: it is apart, in the last value."""
    node_first: dict[str, Any] = {}
    node_last: dict[str, Any] = {}
    edge_first: dict[tuple[str, str], Any] = {}
    edge_last: dict[tuple[str, str], Any] = {}
    for op, target, related, before, after in changes:
        if op in NODE_OPERATIONS:
            node_first.setdefault(target, before)
            node_last[target] = after
        elif op in EDGE_OPERATIONS and related is not None:
            key = (target, related)
            edge_first.setdefault(key, before)
            edge_last[key] = after
    same = {k: node_last.pop(k) for k, v in node_first.items() if v == node_last[k]}
    for node_id in same:
        del node_first[node_id]
    return node_first, node_last, edge_first, edge_last, same


def changes_between(
    store: GraphStore, shelf: HistoryShelf, start: datetime, end: datetime
) -> Window:
    """The records the events from ``start`` to ``end`` touched, as they were at either end."""
    first, last = shelf.seq_at(start), shelf.seq_at(end)
    node_first, node_last, edge_first, edge_last, same = touched(shelf.changes(first, last))
    # The changed nodes at the end: as the store holds them now when nothing changed them
    # since (nothing to decode), else from the last event's text; and the other ends of
    # the edges the events touched, asked of the shelf (mostly held now, too).
    ends = {end for key in edge_first for end in key}
    kept = shelf.nodes_at(sorted(ends - node_first.keys() - same.keys()), last)
    held = shelf.nodes_at(node_last, last, held_only=True)

    def node_at(node_id: str) -> Node | None:
        """The node at the end (one the events did not change), read once."""
        if node_id not in kept:
            if node_id in same:
                text = same[node_id]
                kept[node_id] = None if text is None else node_from_kept(loads(text))
            else:
                kept.update(shelf.nodes_at([node_id], last))
        return kept[node_id]

    at_end: dict[str, Node] = {}
    for node_id, text in node_last.items():
        node = held[node_id] if node_id in held else text and node_from_kept(loads(text))
        if node is not None:
            at_end[node_id] = node
    return (
        {k: node_from_kept(loads(v)) for k, v in node_first.items() if v is not None},
        at_end,
        {k: edge_from_state(loads(v)) for k, v in edge_first.items() if v is not None},
        {k: edge_from_state(loads(v)) for k, v in edge_last.items() if v is not None},
        node_at,
    )
