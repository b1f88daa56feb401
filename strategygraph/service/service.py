"""The use cases. The GraphQL API and the CLI both call these; they validate input, build
operations and commit them through the store as one unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..collector import collector_paused
from ..domain import (
    NATIONAL,
    Comment,
    Edge,
    Node,
    NotFound,
    Organisation,
    Region,
    Relation,
    Status,
    StrategyGraphError,
    ValidationError,
)
from ..domain.access import ANY_REGION, Missing, MissingRole, Principal, Role
from ..domain.changes import (
    AddComment,
    AddEdge,
    CommitResult,
    CreateNode,
    DeleteNode,
    EditComment,
    Operation,
    PutOrganisation,
    PutRegion,
    RemoveEdge,
    ReviewEdge,
    UpdateNode,
)
from ..domain.codec import node_changes_from_dict, node_from_dict
from ..domain.model import STORE_FIELDS
from ..domain.workflow import check_transition, status_changes
from ..interchange import read_document
from ..interchange.situation_records import dump_situation
from ..store import GraphStore
from .as_missing import hidden_edges
from .authz import Actor, authorize, principal_of
from .delta import delta_document, scope_document
from .hidden_ends import refuse_hidden_ends
from .import_checks import later_problems, unapproved
from .import_mirror import EVERYTHING, MirrorScope
from .import_plan import ImportPlan
from .imports import plan_import
from .requests import current_request_id
from .situation_exchange import situation_records
from .visible import visible_store

__all__ = ["DeleteOutcome", "ImportOutcome", "StrategyService"]

Listener = Callable[[CommitResult, str], None]


@dataclass
class DeleteOutcome:
    node: Node
    removed_edges: list[Edge]
    deleted: bool


@dataclass
class ImportOutcome:
    plan: ImportPlan
    dry_run: bool
    version: int


class StrategyService:
    """One instance per store; ``listeners`` hear every commit after it is durable."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.listeners: list[Listener] = []

    def authorize(self, operations: Sequence[Operation], actor: Actor) -> Principal:
        """Refuse with FORBIDDEN (changing nothing) unless ``actor`` may commit
        ``operations`` (``authz.py`` has the rules). ``_commit`` calls it for every write;
        a write method that does not go through ``_commit`` (a dry run) must call it."""
        principal = principal_of(actor)
        authorize(principal, operations, self.store)
        return principal

    def require_writer(self, actor: Actor, action: str) -> Principal:
        """FORBIDDEN at once, before any input is read, unless ``actor`` may write in some
        region (``planner`` or above): a large import from a reader costs nothing."""
        principal = principal_of(actor)
        if principal.superuser or any(r.includes(Role.PLANNER) for r, _ in principal.roles):
            return principal
        missing = [Missing(Role.PLANNER, ANY_REGION, action)]
        raise MissingRole(principal.name, missing, not principal.signed_in)

    def require_mirror(self, actor: Actor, region: str) -> Principal:
        """A mirror import may delete and retire anything of ``region``: it needs an
        approver (or admin) there, checked before the file is read; an unknown region
        is NOT_FOUND."""
        principal = principal_of(actor)
        if not principal.has(Role.APPROVER, region):
            action = f"mirror a file onto region '{region}' (delete and retire what it lacks)"
            raise MissingRole(
                principal.name, [Missing(Role.APPROVER, region, action)], not principal.signed_in
            )
        self.known_region(region)
        return principal

    def commit(self, operations: Sequence[Operation], actor: Actor) -> CommitResult:
        """Authorize and commit ``operations`` as one unit (``situation.py`` writes so)."""
        return self._commit(operations, actor)

    def _commit(self, operations: Sequence[Operation], actor: Actor) -> CommitResult:
        principal = self.authorize(operations, actor)
        result = self.store.commit(operations, principal.name, request_id=current_request_id())
        if result.events:
            for listener in list(self.listeners):
                listener(result, principal.name)
        return result

    # -- nodes ---------------------------------------------------------------
    def create_node(self, data: dict[str, Any], actor: Actor) -> Node:
        """Create a node from interchange-shaped ``data``; it starts at version 1."""
        fields = {k: v for k, v in data.items() if k not in STORE_FIELDS}
        node = node_from_dict(fields)
        return self._commit([CreateNode(node)], actor).nodes[0]

    def update_node(
        self, node_id: str, patch: dict[str, Any], expected_version: int | None, actor: Actor
    ) -> Node:
        changes = node_changes_from_dict(patch)
        if "status" in changes:
            self.authorize([UpdateNode(node_id, changes)], actor)  # FORBIDDEN before the rules
            current = self.store.get_node(node_id)
            if changes["status"] is not current.status:  # a move, not the same value again
                check_transition(
                    node_id,
                    current.status,
                    changes["status"],
                    changes.get("approved_by", current.approved_by),
                    changes.get("decision_date", current.decision_date),
                )
        return self._commit([UpdateNode(node_id, changes, expected_version)], actor).nodes[0]

    def set_status(
        self,
        node_id: str,
        status: Status,
        actor: Actor,
        expected_version: int | None = None,
        approved_by: str | None = None,
        decision_date: date | None = None,
        decision_ref: str | None = None,
    ) -> Node:
        """Move a node through the approval workflow, recording body, date and reference."""
        self.authorize([UpdateNode(node_id, {"status": status})], actor)  # before any reading
        node = self.store.get_node(node_id)
        check_transition(node_id, node.status, status, approved_by, decision_date)
        changes = status_changes(node_id, status, approved_by, decision_date, decision_ref)
        return self._commit([UpdateNode(node_id, changes, expected_version)], actor).nodes[0]

    def retire_node(self, node_id: str, actor: Actor, expected_version: int | None = None) -> Node:
        return self.set_status(node_id, Status.RETIRED, actor, expected_version)

    def delete_node(
        self,
        node_id: str,
        actor: Actor,
        expected_version: int | None = None,
        cascade: bool = False,
        dry_run: bool = False,
    ) -> DeleteOutcome:
        """Delete a node; without ``cascade`` it is refused while edges touch it."""
        principal = self.authorize([DeleteNode(node_id, expected_version, cascade)], actor)
        node = self.store.get_node(node_id)
        if not principal.sees_everything and any(
            not principal.can_view(self.store.get_node(end))
            for e in self.store.edges(node_id)
            for end in (e.source, e.target)
        ):
            raise hidden_edges(node_id)  # the store's refusal would list them
        if dry_run:
            return DeleteOutcome(node, self.store.edges(node_id), False)
        result = self._commit([DeleteNode(node_id, expected_version, cascade)], actor)
        return DeleteOutcome(result.removed_nodes[0], result.removed_edges, True)

    # -- edges ---------------------------------------------------------------
    def link(
        self,
        source: str,
        relation: Relation,
        target: str,
        actor: Actor,
        inferred: bool = False,
        note: str | None = None,
    ) -> Edge:
        edge = Edge(source, relation, target, inferred, note)
        return self._commit([AddEdge(edge)], actor).edges[0]

    def unlink(self, source: str, relation: Relation, target: str, actor: Actor) -> Edge:
        return self._commit([RemoveEdge(source, relation, target)], actor).removed_edges[0]

    def review_link(self, source: str, relation: Relation, target: str, actor: Actor) -> Edge:
        """A planner confirms a suspect edge still holds: its suspect mark is cleared."""
        return self._commit([ReviewEdge(source, relation, target)], actor).flagged_edges[0]

    # -- comments --------------------------------------------------------------
    def add_comment(self, node_id: str, text: str, actor: Actor) -> Comment:
        """Add a comment to the thread of ``node_id``, by ``actor``, at version 1."""
        author = principal_of(actor).name
        comment = Comment(f"c-{uuid.uuid4().hex}", node_id, author, self.store.clock(), text)
        return self._commit([AddComment(comment)], actor).comments[0]

    def edit_comment(
        self, comment_id: str, text: str, expected_version: int | None, actor: Actor
    ) -> Comment:
        """Replace a comment's text (its author only); a stale version is a conflict."""
        op = EditComment(comment_id, text, expected_version)
        return self._commit([op], actor).comments[0]

    # -- regions and organisations -------------------------------------------
    def put_region(self, region: Region, actor: Actor) -> Region:
        self._commit([PutRegion(region)], actor)
        return region

    def add_region(self, region: Region, actor: Actor) -> Region:
        """A new region; one with the same id already is ``VALIDATION``."""
        if any(r.id == region.id for r in self.store.regions()):
            raise ValidationError.one("region-exists", f"region '{region.id}' already exists", "id")
        return self.put_region(region, actor)

    def known_region(self, region_id: str | None) -> None:
        """``NOT_FOUND`` naming the regions there are, unless ``region_id`` is one (or
        None): the API and the CLI check every region argument this one way."""
        if region_id is None:
            return
        known = sorted(r.id for r in self.store.regions())
        if region_id not in known:
            raise NotFound("region", region_id, known)

    def put_organisation(self, organisation: Organisation, actor: Actor) -> Organisation:
        self._commit([PutOrganisation(organisation)], actor)
        return organisation

    # -- documents -----------------------------------------------------------
    def import_document(
        self,
        data: Any,
        actor: Actor,
        dry_run: bool = False,
        mirror: str | None = None,
        scope: MirrorScope = EVERYTHING,
    ) -> ImportOutcome:
        """Import an interchange document all-or-nothing; a dry run commits nothing.
        With ``mirror`` (a region) the file is the whole truth for that region: what the
        region holds and the file does not is deleted or retired (``import_mirror.py``)."""
        if mirror is not None:
            self.require_mirror(actor, mirror)
            if isinstance(data, dict) and "since_version" in data:
                raise ValidationError.one(
                    "mirror-delta",
                    f"a delta export (since_version {data['since_version']}) holds only what "
                    "changed, not the whole region; import it without mirror",
                    "since_version",
                    "since_version",
                )
        with collector_paused():
            principal = principal_of(actor)
            sees = None if principal.sees_everything else principal.can_view
            doc, problems, failed = read_document(data)
            problems += unapproved(doc)
            if problems:  # the rest is checked too: every problem of every stage at once
                later = later_problems(self.store, doc, failed, actor, sees)
                raise ValidationError(problems + later)
            plan = plan_import(self.store, doc, mirror, scope, sees)
            self._authorize_import(plan, actor)
            if dry_run:
                self.store.commit(plan.operations, principal.name, dry_run=True)
                return ImportOutcome(plan, True, self.store.version())
            result = self._commit(plan.operations, actor) if plan.operations else None
        return ImportOutcome(plan, False, result.version if result else self.store.version())

    def _authorize_import(self, plan: ImportPlan, actor: Actor) -> None:
        """Refuse the import as ``authorize`` does; edges to nodes the importer may not
        see (``plan.refused``) are refused as edges to nodes that do not exist are: after
        the roles they need, with every other problem of the file (``hidden_ends.py``)."""
        if not plan.refused:
            self.authorize(plan.operations, actor)
            return
        try:
            self.authorize([*plan.operations, *plan.refused], actor)
        except MissingRole:
            raise
        except StrategyGraphError:
            self.authorize(plan.operations, actor)  # a hidden node elsewhere: told as missing
        name = principal_of(actor).name
        refuse_hidden_ends(self.store, plan.operations, plan.refused, plan.hidden, name)

    def export_document(
        self, region: str | None = None, reader: Actor | None = None, since: int | None = None
    ) -> dict[str, Any]:
        """The whole graph, or one region with the national goals it derives from; with
        ``reader``, only what that principal may see (the API always passes one); with
        ``since``, only what changed after that graph version (``delta.py``; a delta
        carries no situational picture yet). The situational picture of the nodes in
        scope comes along (``situation_exchange.py``)."""
        principal = None if reader is None else principal_of(reader)
        if since is not None:
            return delta_document(self.store, region, since, principal)
        store = self.store if principal is None else visible_store(self.store, principal)
        keep = {region, NATIONAL}
        # A record and a dict per node and edge, all kept: no collector passes over them.
        with collector_paused():
            nodes = [n for n in store.nodes() if not region or n.region in keep]
            ids = {n.id for n in nodes}
            edges = [e for e in store.edges() if e.source in ids and e.target in ids]
            out = scope_document(store, region, nodes, edges, store.version())
        out.update(dump_situation(situation_records(store, region, ids, principal)))
        return out
