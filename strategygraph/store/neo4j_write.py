"""One commit inside one Neo4j transaction, safe to retry.

The transaction first locks the graph's ``Meta`` node (so two service instances cannot both
pass the same version check), fetches exactly what the operations touch into a scratch
graph (``neo4j_touched``), checks them with the embedded store's own applier (same rules,
same messages, same event rows), then writes the outcome in ``UNWIND`` batches together
with the event nodes and the new graph version. Everything it builds lives inside the
call, so the driver may run it again after a transient failure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from ..domain import Comment, Edge, Event, Metamodel, Node, Organisation, Region
from ..domain.changes import CommitResult, Operation
from ..domain.operations import EventOperation
from . import neo4j_cypher as q
from .apply import Applier, combine
from .apply_situation import SITUATION_TABLES
from .base import Snapshot
from .bulk_apply import apply_all
from .neo4j_create import Created, edge_steps, node_steps, row_steps
from .neo4j_io import BATCH, Runner, records
from .neo4j_pipe import Batch, Step, send_all
from .neo4j_reach import recompute_goals, upward_relations
from .neo4j_rows import comment_props, edge_row, event_row, node_props
from .neo4j_situation import SITUATION_ANYTHING, SITUATION_WIPE, write_situation
from .neo4j_touched import Touched
from .snapshot import not_empty

__all__ = ["Restore", "run_commit"]


@dataclass
class Restore:
    snapshot: Snapshot
    replace: bool


def run_commit(
    tx: Runner,
    metamodel: Metamodel,
    operations: Sequence[Operation],
    actor: str,
    now: datetime,
    write: bool,
    restore: Restore | None = None,
    request_id: str | None = None,
) -> CommitResult:
    """Check ``operations`` against the database and, if ``write``, commit their outcome."""
    rows = records(tx, q.LOCK if write else q.VERSION, name=q.META)
    version = int(rows[0]["version"] or 0) if rows else 0
    if restore is not None:
        anything = any(records(tx, query) for query in (*q.ANYTHING, *SITUATION_ANYTHING))
        if not restore.replace and (version or anything):
            raise not_empty("the Neo4j database", version)
        for statement in (*q.WIPE, *SITUATION_WIPE):
            tx.run(statement, {"name": q.META})
    touched = Touched.fetch(tx, metamodel, operations)
    applier = Applier(touched.space, actor, now, request_id)
    failures = apply_all(applier, operations)
    if failures:
        raise combine(failures)
    result = applier.result
    if not write:
        result.version = version
        return result
    # The event rows are built with the other batches, while the server runs earlier ones.
    made = applier.events
    if restore is not None:
        events = restore.snapshot.events
        event_rows = (event_row(e) for e in events)
        count, last = len(events), max((e.seq for e in events), default=version)
        order = [i - len(made) for i in range(len(made))]
    else:
        count = len(made)
        order = list(range(version + 1, version + 1 + count))
        event_rows = (event_row(e, seq) for e, seq in zip(made, order, strict=True))
        last = version + count
    _Writer(tx, metamodel, touched, applier, made, order).write(event_rows)
    if count:
        version = last
        tx.run(q.SET_VERSION, {"name": q.META, "version": version})
    result.version = version
    result.events = count
    return result


class _Writer:
    """Turns the applier's final rows into batched writes."""

    def __init__(
        self,
        tx: Runner,
        metamodel: Metamodel,
        touched: Touched,
        applier: Applier,
        made: list[Event],
        order: list[int],
    ) -> None:
        self.tx = tx
        self.metamodel = metamodel
        self.touched = touched
        self.nodes: dict[str, Node | None] = {}
        self.edges: dict[tuple[str, str], Edge | None] = {}
        self.regions: list[Region] = []
        self.organisations: list[Organisation] = []
        self.comments: list[Comment] = []
        self.situation: list[tuple[str, str, Any]] = []
        for table, key, row in applier.row_changes():
            if table == "nodes":
                self.nodes[key] = row
            elif table == "edges":
                source, target = key.split("\x00")
                self.edges[(source, target)] = row
            elif table == "regions":
                self.regions.append(row)
            elif table == "comments":
                self.comments.append(row)
            elif table in SITUATION_TABLES:
                self.situation.append((table, key, row))
            else:
                self.organisations.append(row)
        self.node_seq: dict[str, int] = {}
        self.created: dict[str, dict[str, Any]] = {}
        self.edge_seq: dict[tuple[str, str], int] = {}
        for event, seq in zip(made, order, strict=True):
            if event.operation == EventOperation.CREATE_NODE and event.after is not None:
                self.node_seq[event.target] = seq
                self.created[event.target] = event.after
            elif event.operation == EventOperation.UPDATE_NODE:
                self.created.pop(event.target, None)  # its create event is not the last word
            elif event.operation == EventOperation.LINK and event.related is not None:
                self.edge_seq[(event.target, event.related)] = seq

    def write(self, events: Iterable[dict[str, Any]]) -> None:
        """Every row of the commit, then ``events`` (the event log's rows)."""
        goals = recompute_goals(self.tx, self.metamodel, self.touched, self.nodes, self.edges)
        send_all(self.tx, self._batches(goals, events))

    def _batches(
        self, goals: dict[str, list[str]], events: Iterable[Any]
    ) -> Iterator[Batch | Step]:
        """The batches in the order they run; built lazily, in ``send_all``'s helper."""
        stored, nodes = self.touched.nodes, self.nodes
        yield from _split(
            q.DELETE_EDGES, [list(p) for p in self.edges if p in self.touched.edges], "pairs"
        )
        yield from _split(
            q.DELETE_NODES, [i for i, n in nodes.items() if n is None and i in stored], "ids"
        )
        yield from _split(
            q.UPDATE_NODES,
            (
                node_props(node, stored[i].seq, goals.pop(i, stored[i].goals))
                for i, node in nodes.items()
                if node is not None and i in stored
            ),
        )
        new = frozenset(i for i, n in nodes.items() if n is not None and i not in stored)
        created = Created()
        yield from node_steps(
            (
                node_props(node, self.node_seq[i], goals.pop(i, []), self.created.get(i))
                for i, node in nodes.items()
                if node is not None and i in new
            ),
            BATCH,
            created,
        )
        yield from _split(q.SET_GOALS, [[i, g] for i, g in goals.items()])
        upward = upward_relations(self.metamodel)
        for kind, up in (("UP", True), ("LATERAL", False)):
            yield from edge_steps(
                kind,
                (
                    # A re-marked edge keeps its creation order; a new one takes its event's.
                    edge_row(edge, self.edge_seq.get(pair) or self.touched.edges[pair][1])
                    for pair, edge in self.edges.items()
                    if edge is not None and (edge.relation in upward) is up
                ),
                BATCH,
                new,
                created,
            )
        yield from _split(q.PUT_REGIONS, [dataclasses.asdict(r) for r in self.regions])
        yield from _split(q.PUT_ORGANISATIONS, [dataclasses.asdict(o) for o in self.organisations])
        yield from _split(q.PUT_COMMENTS, [comment_props(c) for c in self.comments])
        situation: list[Batch] = []
        write_situation(
            lambda query, rows, name: situation.append((query, name, rows)), self.situation
        )
        for query, name, rows in situation:
            yield from _split(query, rows, name)
        yield from row_steps("Event", events, BATCH)


def _split(query: str, rows: Iterable[Any], name: str = "rows") -> Iterator[Batch]:
    """``rows`` as batches of ``BATCH`` (none when there are no rows)."""
    rest = iter(rows)
    while batch := list(islice(rest, BATCH)):
        yield query, name, batch
