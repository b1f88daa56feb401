"""Applying operations to the in-memory graph, with undo, checks and event rows.

The embedded store's unit of work: each ``apply`` checks its operation against the graph
as the earlier operations of the same commit left it, and records how to undo itself.
This module holds the commit's state (undo steps, events, the rows it touched) and sends
each operation to its steps: nodes and edges in ``apply_graph``, regions and
organisations in ``apply_records``, suspect links and comments in ``apply_history``, the
situational picture in ``apply_situation``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import chain, repeat
from typing import Any, Protocol

from ..domain import (
    Comment,
    Edge,
    Event,
    Node,
    Organisation,
    Problem,
    Region,
    StrategyGraphError,
    ValidationError,
)
from ..domain.changes import (
    AddComment,
    AddEdge,
    CommitResult,
    CreateNode,
    DeleteNode,
    Operation,
    PutOrganisation,
    PutRegion,
    RemoveEdge,
    ReviewEdge,
    UpdateNode,
)
from ..domain.operations import EventOperation
from ..domain.situation_changes import SITUATION_OPERATIONS
from ..trace.graph import TraceGraph
from .apply_graph import add_edge, create_node, delete_node, remove_edge, update_node
from .apply_history import add_comment, edit_comment, review_edge
from .apply_records import put_organisation, put_region
from .apply_situation import SITUATION_TABLES, apply_situation, situation_row
from .event_run import EventRun
from .situation_state import SituationState
from .sqlite_write import Change

__all__ = ["Applier", "Scratch", "Workspace", "combine"]


class Workspace(Protocol):
    """What the applier reads and changes: the embedded store itself, or a scratch copy."""

    view: TraceGraph
    region_map: dict[str, Region]
    organisation_map: dict[str, Organisation]
    comment_map: dict[str, Comment]
    situation: SituationState


@dataclasses.dataclass
class Scratch:
    """A workspace of its own, for checks away from the embedded store's graph (a server
    adapter fills it with the part of its graph one commit touches)."""

    view: TraceGraph
    region_map: dict[str, Region] = dataclasses.field(default_factory=dict)
    organisation_map: dict[str, Organisation] = dataclasses.field(default_factory=dict)
    comment_map: dict[str, Comment] = dataclasses.field(default_factory=dict)
    situation: SituationState = dataclasses.field(default_factory=SituationState)


class Applier:
    def __init__(
        self, store: Workspace, actor: str, now: datetime, request_id: str | None = None
    ) -> None:
        self.store = store
        self.view = store.view
        self.actor = actor
        self.now = now
        self.request_id = request_id
        self.log: list[Event | EventRun] = []
        """The commit's events in order; a bulk run's as one ``EventRun`` (``events``)."""
        self.result = CommitResult(version=0)
        self.undo_steps: list[Callable[[], None]] = []
        self._touched: dict[tuple[str, str], None] = {}
        self._bulk: list[tuple[str, list[str]]] = []  # ``touch_all``: (table, keys) a run
        self.failed: set[str] = set()
        """Nodes whose creation failed in this commit: edges to them are not reported too."""
        self.added_edges: dict[str, Edge] = {}
        """Plain edges the bulk path added, by row key: their rows, while the graph still
        holds them as they were added (``row_changes`` checks)."""
        self.held_at: int | None = None
        """The graph's ``generation`` when every edge of ``added_edges`` was last known
        held as added (None: not known): while it stays, ``file_rows`` need not look."""
        self.payloads: dict[str, tuple[Node, str]] = {}
        """The bulk path's new nodes with their store rows, by id, encoded with their
        events (``event_run.node_run``): the row of a node still held as created."""

    @property
    def events(self) -> list[Event]:
        """Every event of the commit, in order, one ``Event`` each (bulk runs expanded)."""
        out: list[Event] = []
        for entry in self.log:
            if isinstance(entry, EventRun):
                out.extend(entry.events())
            else:
                out.append(entry)
        return out

    @property
    def event_count(self) -> int:
        return sum(len(e) if isinstance(e, EventRun) else 1 for e in self.log)

    def apply(self, op: Operation) -> None:
        if isinstance(op, CreateNode):
            try:
                create_node(self, op)
            except ValidationError:
                self.failed.add(op.node.id)
                raise
        elif isinstance(op, UpdateNode):
            update_node(self, op)
        elif isinstance(op, DeleteNode):
            delete_node(self, op)
        elif isinstance(op, AddEdge):
            add_edge(self, op.edge, op.where)
        elif isinstance(op, RemoveEdge):
            remove_edge(self, op)
        elif isinstance(op, PutRegion):
            put_region(self, op)
        elif isinstance(op, PutOrganisation):
            put_organisation(self, op)
        elif isinstance(op, ReviewEdge):
            review_edge(self, op)
        elif isinstance(op, AddComment):
            add_comment(self, op)
        elif isinstance(op, SITUATION_OPERATIONS):
            apply_situation(self, op)
        else:
            edit_comment(self, op)

    def touch(self, table: str, key: str) -> None:
        """Remember a row this commit changed (written from the final state)."""
        self._touched[(table, key)] = None

    def touch_all(self, table: str, keys: list[str]) -> None:
        """``touch`` each key, in one call (a bulk run's 100,000s of rows: kept as the
        run's list, not a dict entry each)."""
        self._bulk.append((table, keys))

    def undo(self) -> None:
        for step in reversed(self.undo_steps):
            step()
        self.undo_steps.clear()

    def file_rows(self) -> tuple[list[tuple[str, str]], list[Edge], Iterator[Change]]:
        """The commit's rows, for the store file: the rows of the bulk path's new nodes
        and plain new edges the graph still holds as made, each list taken in one pass;
        then every other change, as ``row_changes`` gives them (a node or edge a later
        operation of the commit changed or removed is among those)."""
        nodes = self.view.nodes
        node_rows: list[tuple[str, str]] = []
        edges: list[Edge] = []
        others: list[tuple[str, str]] = []
        for key, (node, row) in self.payloads.items():
            if nodes.get(key) is node:
                node_rows.append((key, row))
            else:
                others.append(("nodes", key))
        added = list(self.added_edges.values())
        # The graph unchanged since the bulk path added them (most commits): all held.
        held = None if self.held_at == self.view.generation else self.view.holds_plain_each(added)
        if held is None or all(held):
            edges = added
        else:
            for key, edge, holds in zip(self.added_edges, added, held, strict=True):
                if holds:
                    edges.append(edge)
                else:
                    others.append(("edges", key))
        for table, made in (("nodes", self.payloads), ("edges", self.added_edges)):
            runs = [keys for name, keys in self._bulk if name == table]
            if sum(map(len, runs)) != len(made):  # rows of a run not made above: an edge
                others.extend((table, k) for keys in runs for k in keys if k not in made)
        return node_rows, edges, self._rows(dict.fromkeys(chain(self._touched, others)))

    def row_changes(self) -> Iterator[Change]:
        """Every row the commit changed, as it ends up (``None``: deleted)."""
        bulk = (zip(repeat(table), keys) for table, keys in self._bulk)
        return self._rows(dict.fromkeys(chain(self._touched, *bulk)))

    def _rows(self, touched: Iterable[tuple[str, str]]) -> Iterator[Change]:
        for table, key in touched:
            if table == "nodes":
                yield table, key, self.view.nodes.get(key)
            elif table == "edges":
                added = self.added_edges.get(key)
                if added is not None and self.view.holds_plain(added):
                    yield table, key, added
                    continue
                source, target = key.split("\x00")
                yield table, key, self.view.edge(source, target)
            elif table == "regions":
                yield table, key, self.store.region_map.get(key)
            elif table == "comments":
                yield table, key, self.store.comment_map.get(key)
            elif table in SITUATION_TABLES:
                yield table, key, situation_row(self.store.situation, table, key)
            else:
                yield table, key, self.store.organisation_map.get(key)

    def stamped(self, node: Node) -> Node:
        """``node`` with its creation and update stamps filled in from this commit."""
        if node.created_at and node.created_by and node.updated_at and node.updated_by:
            return node
        return dataclasses.replace(
            node,
            created_at=node.created_at or self.now,
            created_by=node.created_by or self.actor,
            updated_at=node.updated_at or node.created_at or self.now,
            updated_by=node.updated_by or node.created_by or self.actor,
        )

    def event(
        self,
        operation: EventOperation,
        target: str,
        region: str | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        related: str | None = None,
    ) -> None:
        self.log.append(
            Event(
                0,
                self.now,
                self.actor,
                operation,
                target,
                region,
                before,
                after,
                related,
                self.request_id,
            )
        )


def combine(failures: list[StrategyGraphError]) -> StrategyGraphError:
    """One failure keeps its own type; several become one ValidationError listing all."""
    if len(failures) == 1:
        return failures[0]
    problems: list[Problem] = []
    for exc in failures:
        if isinstance(exc, ValidationError):
            problems.extend(exc.problems)
        else:
            problems.append(Problem(exc.code.lower(), exc.message))
    return ValidationError(problems)
