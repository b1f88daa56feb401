"""Applying operations to the in-memory graph, with undo, checks and event rows.

The embedded store's unit of work: each ``apply`` checks its operation against the graph
as the earlier operations of the same commit left it, and records how to undo itself.
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
    NotFound,
    Organisation,
    Problem,
    Region,
    StrategyGraphError,
    ValidationError,
    VersionConflict,
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
from ..domain.codec import node_to_dict
from ..domain.model import STORE_FIELDS
from ..domain.operations import EventOperation
from ..domain.situation_changes import SITUATION_OPERATIONS
from ..domain.states import edge_state
from ..domain.validation import check_edge, check_id, check_node, check_text
from ..domain.workflow import demoted
from ..trace.graph import TraceGraph
from .apply_history import add_comment, edit_comment, mark_suspect, review_edge
from .apply_situation import (
    SITUATION_TABLES,
    apply_situation,
    check_unreferenced,
    situation_row,
)
from .event_run import EventRun
from .situation_state import SituationState
from .sqlite_write import Change

__all__ = ["READ_ONLY_FIELDS", "Applier", "Scratch", "Workspace", "combine"]

READ_ONLY_FIELDS = STORE_FIELDS | {"id", "kind"}
_NODE_FIELDS = frozenset(Node.__slots__)


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
        self._failed: set[str] = set()
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
                self._create(op)
            except ValidationError:
                self._failed.add(op.node.id)
                raise
        elif isinstance(op, UpdateNode):
            self._update(op)
        elif isinstance(op, DeleteNode):
            self._delete(op)
        elif isinstance(op, AddEdge):
            self._add_edge(op.edge, op.where)
        elif isinstance(op, RemoveEdge):
            self._remove_edge(op)
        elif isinstance(op, PutRegion):
            self._put_region(op)
        elif isinstance(op, PutOrganisation):
            self._put_organisation(op)
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

    # -- nodes ---------------------------------------------------------------
    def _create(self, op: CreateNode) -> None:
        node = op.node
        problems = check_node(node, op.where) + self._references(node, op.where)
        if node.id in self.view.nodes:
            problems.append(
                Problem("duplicate-id", f"node id '{node.id}' is already used", "id", op.where)
            )
        if problems:
            raise ValidationError(problems)
        node = self.stamped(node)
        self._put_node(node, None)
        self.event(EventOperation.CREATE_NODE, node.id, node.region, None, node_to_dict(node))
        self.result.nodes.append(node)

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

    def _update(self, op: UpdateNode) -> None:
        old = self._existing(op.node_id, op.expected_version)
        problems = [
            Problem(
                "read-only-field", f"node '{old.id}': '{name}' cannot be changed", name, op.where
            )
            for name in op.changes
            if name in READ_ONLY_FIELDS
        ] + [
            Problem("unknown-field", f"node '{old.id}': unknown field '{name}'", name, op.where)
            for name in op.changes
            if name not in _NODE_FIELDS
        ]
        if problems:
            raise ValidationError(problems)
        changed = demoted(old, dataclasses.replace(old, **op.changes))
        if changed == old:  # the same values: nothing to write, no event, no new version
            self.result.nodes.append(old)
            return
        new = dataclasses.replace(
            changed, version=old.version + 1, updated_at=self.now, updated_by=self.actor
        )
        problems = check_node(new, op.where) + self._references(new, op.where)
        if problems:
            raise ValidationError(problems)
        self._put_node(new, old)
        self.event(
            EventOperation.UPDATE_NODE, new.id, new.region, node_to_dict(old), node_to_dict(new)
        )
        self.result.nodes.append(new)
        mark_suspect(self, old, new)

    def _delete(self, op: DeleteNode) -> None:
        node = self._existing(op.node_id, op.expected_version)
        check_unreferenced(self, node.id, op.where)
        edges = self.view.edges_of(node.id)
        if edges and not op.cascade:
            shown = ", ".join(_show(e) for e in edges[:5]) + (", …" if len(edges) > 5 else "")
            raise ValidationError.one(
                "has-edges",
                f"node '{node.id}' still has {len(edges)} edge(s): {shown}; unlink them "
                "first or delete with cascade",
                "id",
                op.where,
            )
        for edge in edges:
            self._drop_edge(edge)
        self._put_node(None, node)
        self.event(EventOperation.DELETE_NODE, node.id, node.region, node_to_dict(node), None)
        self.result.removed_nodes.append(node)

    def _existing(self, node_id: str, expected_version: int | None) -> Node:
        node = self.view.nodes.get(node_id)
        if node is None:
            raise NotFound("node", node_id)
        if expected_version is not None and expected_version != node.version:
            raise VersionConflict(node_id, expected_version, node.version, node.updated_by)
        return node

    def _references(self, node: Node, where: str | None) -> list[Problem]:
        problems = []
        if node.region not in self.store.region_map:
            problems.append(
                Problem(
                    "unknown-region",
                    f"node '{node.id}': region '{node.region}' does not exist",
                    "region",
                    where,
                )
            )
        org = node.organisation
        if org is not None:
            found = self.store.organisation_map.get(org)
            if found is None:
                problems.append(
                    Problem(
                        "unknown-organisation",
                        f"node '{node.id}': organisation '{org}' does not exist",
                        "organisation",
                        where,
                    )
                )
            elif found.region != node.region:
                problems.append(
                    Problem(
                        "organisation-region",
                        f"node '{node.id}': organisation '{org}' belongs to region "
                        f"'{found.region}', not '{node.region}'",
                        "organisation",
                        where,
                    )
                )
        return problems

    def _put_node(self, new: Node | None, old: Node | None) -> None:
        view = self.view
        if new is None and old is not None:
            view.remove_node(old.id)
            self.undo_steps.append(lambda: view.put_node(old))
        elif new is not None:
            view.put_node(new)
            if old is None:
                self.undo_steps.append(lambda: view.remove_node(new.id))
            else:
                self.undo_steps.append(lambda: view.put_node(old))
        self._touched[("nodes", (new or old).id)] = None  # type: ignore[union-attr]

    # -- edges ---------------------------------------------------------------
    def _add_edge(self, edge: Edge, where: str | None) -> None:
        view = self.view
        if edge.source in self._failed or edge.target in self._failed:
            return  # the commit fails anyway, for the node's own problem
        shown = _show(edge)
        missing = [
            Problem("dangling-endpoint", f"edge {shown}: node '{end}' does not exist", name, where)
            for name, end in (("source", edge.source), ("target", edge.target))
            if end not in view.nodes
        ]
        if missing:
            raise ValidationError(missing)
        source, target = view.nodes[edge.source], view.nodes[edge.target]
        problems = check_edge(edge, source, target, view.metamodel, where)
        if not problems and view.edge(edge.source, edge.target) is not None:
            problems.append(
                Problem(
                    "duplicate-edge",
                    f"edge {shown}: these nodes are already linked",
                    "target",
                    where,
                )
            )
        if (
            not problems
            and not view.metamodel.is_upward(edge.relation)
            and view.reaches(edge.target, edge.source, lateral=True)
        ):
            problems.append(
                Problem(
                    "cycle",
                    f"edge {shown}: would close a cycle, since '{edge.target}' already "
                    f"leads to '{edge.source}'",
                    "target",
                    where,
                )
            )
        if problems:
            raise ValidationError(problems)
        view.add_edge(edge)
        self.undo_steps.append(lambda: view.remove_edge(edge.source, edge.target))
        self._touched[("edges", f"{edge.source}\x00{edge.target}")] = None
        self.event(
            EventOperation.LINK, edge.source, source.region, None, edge_state(edge), edge.target
        )
        self.result.edges.append(edge)

    def _remove_edge(self, op: RemoveEdge) -> None:
        edge = self.view.edge(op.source, op.target)
        if edge is None or edge.relation is not op.relation:
            raise NotFound("edge", f"{op.source} -{op.relation.value}-> {op.target}")
        self._drop_edge(edge)

    def _drop_edge(self, edge: Edge) -> None:
        view = self.view
        view.remove_edge(edge.source, edge.target)
        self.undo_steps.append(lambda: view.add_edge(edge))
        self._touched[("edges", f"{edge.source}\x00{edge.target}")] = None
        region = view.nodes[edge.source].region
        self.event(EventOperation.UNLINK, edge.source, region, edge_state(edge), None, edge.target)
        self.result.removed_edges.append(edge)

    # -- regions and organisations -------------------------------------------
    def _put_region(self, op: PutRegion) -> None:
        region = op.region
        problems = _named(region, "region", op.where)
        if problems:
            raise ValidationError(problems)
        self._put_named(region, self.store.region_map, region.id, EventOperation.PUT_REGION)

    def _put_organisation(self, op: PutOrganisation) -> None:
        org = op.organisation
        problems = _named(org, "organisation", op.where)
        if org.region not in self.store.region_map:
            problems.append(
                Problem(
                    "unknown-region",
                    f"organisation '{org.id}': region '{org.region}' does not exist",
                    "region",
                    op.where,
                )
            )
        if problems:
            raise ValidationError(problems)
        orgs = self.store.organisation_map
        self._put_named(org, orgs, org.region, EventOperation.PUT_ORGANISATION)

    def _put_named(
        self,
        record: Region | Organisation,
        table: dict[str, Any],
        region: str,
        operation: EventOperation,
    ) -> None:
        """Keep ``record`` in ``table`` (regions or organisations) with its event; an
        unchanged record writes nothing."""
        old = table.get(record.id)
        if old == record:
            return
        table[record.id] = record
        self.undo_steps.append(lambda: _restore(table, record.id, old))
        name = "regions" if isinstance(record, Region) else "organisations"
        self._touched[(name, record.id)] = None
        self.event(operation, record.id, region, _plain(old), _plain(record))

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


def _show(edge: Edge) -> str:
    return f"{edge.source} -{edge.relation.value}-> {edge.target}"


def _named(record: Region | Organisation, what: str, where: str | None) -> list[Problem]:
    """The problems of a region's or organisation's id and name."""
    problems = check_id(record.id, what, where)
    if not record.name.strip():
        problems.append(
            Problem("name-required", f"{what} '{record.id}': name must not be empty", "name", where)
        )
    problems += check_text(record.name, f"{what} '{record.id}'", "name", where)
    return problems


def _plain(record: Region | Organisation | None) -> dict[str, Any] | None:
    return None if record is None else dataclasses.asdict(record)


def _restore(table: dict[str, Any], key: str, old: Any) -> None:
    if old is None:
        table.pop(key, None)
    else:
        table[key] = old


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
