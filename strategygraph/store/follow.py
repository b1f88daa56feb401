"""Event-log entries applied to an in-memory graph.

Every event keeps the record after the change (``None`` once it is gone), so applying the
``after`` of each event, in log order, moves a graph forward: this is how a process
catches up with what other processes committed to a shared store, and how the past is
replayed (``service/replay.py``). Operations this module does not know are skipped.
"""

from __future__ import annotations

from ..domain import Event, Organisation, Region
from ..domain.codec_kept import node_from_trusted
from ..domain.operations import (
    COMMENT_OPERATIONS,
    EDGE_OPERATIONS,
    NODE_OPERATIONS,
    SITUATION_EVENTS,
    EventOperation,
)
from ..domain.states import comment_from_state, edge_from_state
from .apply import Workspace
from .batch_reader import BatchPart
from .situation_state import apply_situation_event, undo_situation_event

__all__ = [
    "apply_entry",
    "apply_event",
    "undo_event",
]


def apply_event(space: Workspace, event: Event) -> None:
    """Change ``space`` as ``event`` changed the graph it was committed to."""
    op, after = event.operation, event.after
    view = space.view
    if op in NODE_OPERATIONS:
        if after is None:
            if event.target in view.nodes:
                view.remove_node(event.target)
        else:
            view.put_node(node_from_trusted(after))
    elif op in EDGE_OPERATIONS and event.related is not None:
        if after is None:
            view.remove_edge(event.target, event.related)
        else:
            view.add_edge(edge_from_state(after))
    elif op in COMMENT_OPERATIONS and after is not None:
        comment = comment_from_state(after)
        space.comment_map[comment.id] = comment
    elif op in SITUATION_EVENTS:
        apply_situation_event(space.situation, event)
    elif op == EventOperation.PUT_REGION and after is not None:
        space.region_map[after["id"]] = Region(after["id"], after["name"])
    elif op == EventOperation.PUT_ORGANISATION and after is not None:
        space.organisation_map[after["id"]] = Organisation(
            after["id"], after["name"], after["region"]
        )


def apply_entry(space: Workspace, entry: Event | BatchPart) -> None:
    """``apply_event``, or a batch's events all at once (``SqliteFile.entries``): a run
    of new nodes or of new edges goes into the graph in one call, as it was committed."""
    if not isinstance(entry, BatchPart):
        apply_event(space, entry)
    elif entry.operation == EventOperation.CREATE_NODE:
        space.view.put_nodes(map(node_from_trusted, entry.records()))
    elif entry.operation == EventOperation.LINK:
        space.view.add_edges(map(edge_from_state, entry.records()))
    else:
        for event in entry.events():
            apply_event(space, event)


def undo_event(space: Workspace, event: Event) -> None:
    """Change ``space`` back as it was before ``event`` (undo the log's events newest
    first: the graph of a time, moved back from a later one). Every event keeps the
    record before its change, ``None`` when there was none."""
    op, before = event.operation, event.before
    view = space.view
    if op in NODE_OPERATIONS:
        if before is None:
            if event.target in view.nodes:
                view.remove_node(event.target)
        else:
            view.put_node(node_from_trusted(dict(before)))
    elif op in EDGE_OPERATIONS and event.related is not None:
        if before is None:
            view.remove_edge(event.target, event.related)
        else:
            view.add_edge(edge_from_state(before))
    elif op in COMMENT_OPERATIONS and event.related is not None:
        if before is None:
            space.comment_map.pop(event.related, None)
        else:
            space.comment_map[event.related] = comment_from_state(before)
    elif op in SITUATION_EVENTS:
        undo_situation_event(space.situation, event)
    elif op == EventOperation.PUT_REGION:
        if before is None:
            space.region_map.pop(event.target, None)
        else:
            space.region_map[before["id"]] = Region(before["id"], before["name"])
    elif op == EventOperation.PUT_ORGANISATION:
        if before is None:
            space.organisation_map.pop(event.target, None)
        else:
            space.organisation_map[before["id"]] = Organisation(
                before["id"], before["name"], before["region"]
            )
