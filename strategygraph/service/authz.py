"""Authorization of writes: the one place that decides whether a principal may commit a
batch of operations. ``StrategyService._commit`` calls ``authorize`` before every commit
(dry runs too), so every write method, and every mutation built on one, is checked.

Each ``Operation`` type has one rule here, registered with ``@rule``: it says which role
is needed in which region for that operation, looking at the region of every node the
operation touches (both ends of an edge). An operation type without a rule is refused
(fail closed), and ``tests/unit/test_authz_rules.py`` fails until it gets one: a new write
needs a new ``@rule`` below, nothing in the API.

The rules (roles are ranked: viewer < planner < approver < admin):

=================================  ====================================================
create a DRAFT node                planner in its region (another status: approver)
edit a DRAFT node                  planner in its region (and in a new region it moves to)
edit a node that is not a DRAFT    approver in its region
change a node's status             approver in its region (propose, approve, retire)
delete a node                      as editing it; with ``cascade`` also each edge's rule
link, unlink, review an edge       planner in the source's region, viewer in the target's
add or edit a comment              planner in the region of the commented node
put a region / organisation        admin in that region
=================================  ====================================================

A node the principal may not open counts as one that does not exist: no rule looks at
it, and once the rules pass the write is refused with ``NOT_FOUND`` for it, exactly as the
store refuses a node that does not exist. So a refusal never tells a hidden node's
existence, region or status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from ..domain import Node, NotFound, Status
from ..domain.access import ANY_REGION, Missing, MissingRole, Principal, Role
from ..domain.changes import (
    AddComment,
    AddEdge,
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
from ..domain.errors import Forbidden
from ..store import GraphStore
from .as_missing import as_missing

__all__ = ["RULES", "Actor", "Lookup", "authorize", "needs", "principal_of", "rule"]

Need = tuple[Role, str, str]
"""(role, region, action): ``role`` is needed in ``region`` to do ``action``."""
Rule = Callable[[Any, "Lookup"], Iterable[Need]]
RULES: dict[type, Rule] = {}
R = TypeVar("R", bound=Rule)


def rule(op_type: type) -> Callable[[R], R]:
    """Register the rule of one operation type."""

    def register(fn: R) -> R:
        RULES[op_type] = fn
        return fn

    return register


class Lookup:
    """The nodes a rule looks at: the store's, or those created earlier in the same batch
    (an import creates nodes and links them in one commit)."""

    def __init__(
        self,
        store: GraphStore,
        operations: Sequence[Operation],
        principal: Principal | None = None,
    ) -> None:
        self.store = store
        self.created = {op.node.id: op.node for op in operations if isinstance(op, CreateNode)}
        self.principal = principal
        self.hidden: list[str] = []
        """The ids looked at that ``principal`` may not open, in order."""
        self.absent: list[str] = []
        """The ids looked at that do not exist, in order."""

    def node(self, node_id: str) -> Node | None:
        """The node, or None when it does not exist (the commit then reports that) or
        the principal may not open it (``authorize`` then reports it as not existing)."""
        if node_id in self.created:
            return self.created[node_id]
        try:
            found = self.store.get_node(node_id)
        except NotFound:
            self.absent.append(node_id)
            return None
        if self.principal is not None and not self.principal.can_view(found):
            self.hidden.append(node_id)
            return None
        return found

    def comment_node(self, comment_id: str) -> Node | None:
        """The node a comment belongs to, or None when either does not exist (or the
        principal may not open the node: the comment then counts as not existing)."""
        try:
            comment = self.store.comment(comment_id)
        except NotFound:
            return None
        return self.node(comment.node_id)


def _editor(node: Node) -> Role:
    return Role.PLANNER if node.status is Status.DRAFT else Role.APPROVER


def _edge(source: str, target: str, look: Lookup, verb: str) -> Iterator[Need]:
    action = f"{verb} the edge {source} -> {target}"
    if (s := look.node(source)) is not None:
        yield Role.PLANNER, s.region, action
    if (t := look.node(target)) is not None:
        yield Role.VIEWER, t.region, action


@rule(CreateNode)
def _create(op: CreateNode, look: Lookup) -> Iterator[Need]:
    node = op.node
    yield _editor(node), node.region, f"create the {node.status.value} node '{node.id}'"


@rule(UpdateNode)
def _update(op: UpdateNode, look: Lookup) -> Iterator[Need]:
    node = look.node(op.node_id)
    if node is None:
        return
    status = op.changes.get("status", node.status)
    if status is not node.status:
        role, action = Role.APPROVER, f"move node '{node.id}' to {status.value}"
    else:
        role, action = _editor(node), f"edit the {node.status.value} node '{node.id}'"
    yield role, node.region, action
    moved = op.changes.get("region", node.region)
    if moved != node.region:
        yield role, moved, f"move node '{node.id}' into region '{moved}'"


@rule(DeleteNode)
def _delete(op: DeleteNode, look: Lookup) -> Iterator[Need]:
    node = look.node(op.node_id)
    if node is None:
        return
    yield _editor(node), node.region, f"delete the {node.status.value} node '{node.id}'"
    if op.cascade:
        for e in look.store.edges(op.node_id):
            yield from _edge(e.source, e.target, look, "remove")


@rule(AddEdge)
def _link(op: AddEdge, look: Lookup) -> Iterator[Need]:
    yield from _edge(op.edge.source, op.edge.target, look, "add")


@rule(RemoveEdge)
def _unlink(op: RemoveEdge, look: Lookup) -> Iterator[Need]:
    yield from _edge(op.source, op.target, look, "remove")


@rule(ReviewEdge)
def _review(op: ReviewEdge, look: Lookup) -> Iterator[Need]:
    yield from _edge(op.source, op.target, look, "review")


@rule(AddComment)
def _comment(op: AddComment, look: Lookup) -> Iterator[Need]:
    node = look.node(op.comment.node_id)
    if node is not None:
        yield Role.PLANNER, node.region, f"comment on node '{node.id}'"


@rule(EditComment)
def _edit_comment(op: EditComment, look: Lookup) -> Iterator[Need]:
    node = look.comment_node(op.comment_id)
    if node is not None:
        yield Role.PLANNER, node.region, f"edit comment '{op.comment_id}' on node '{node.id}'"


@rule(PutRegion)
def _region(op: PutRegion, look: Lookup) -> Iterator[Need]:
    yield Role.ADMIN, op.region.id, f"change the settings of region '{op.region.id}'"


@rule(PutOrganisation)
def _organisation(op: PutOrganisation, look: Lookup) -> Iterator[Need]:
    org = op.organisation
    yield Role.ADMIN, org.region, f"change the organisation '{org.id}'"


def needs(operations: Sequence[Operation], store: GraphStore) -> list[Need]:
    """Every (role, region, action) the operations need, in order, without repeats."""
    look = Lookup(store, operations)
    found: dict[tuple[Role, str, str], None] = {}
    for op in operations:
        for need in _rule_of(op)(op, look):
            found.setdefault(need)
    return list(found)


def _rule_of(op: Operation) -> Rule:
    check = RULES.get(type(op))
    if check is None:
        raise Forbidden(
            f"forbidden: the operation {type(op).__name__} has no authorization rule; "
            "add one in strategygraph/service/authz.py"
        )
    return check


def authorize(principal: Principal, operations: Sequence[Operation], store: GraphStore) -> None:
    """Raise ``MissingRole`` (FORBIDDEN) unless ``principal`` may commit ``operations``."""
    if principal.superuser:
        return
    # As ``needs`` gives them, but each (role, region) is looked up once: a large import
    # has 100,000s of needs in a handful of regions.
    look = Lookup(store, operations, None if principal.sees_everything else principal)
    allowed: dict[tuple[Role, str], bool] = {}
    missing: dict[tuple[Role, str], Missing] = {}
    hidden: tuple[Operation, set[str]] | None = None
    for op in operations:
        seen, gone = len(look.hidden), len(look.absent)
        for role, region, action in _rule_of(op)(op, look):
            key = (role, region)
            verdict = allowed.get(key)
            if verdict is None:
                verdict = allowed[key] = principal.has(role, region)
            if not verdict and key not in missing:
                missing[key] = Missing(role, region, action)
        if hidden is None and len(look.hidden) > seen:
            hidden = (op, {*look.hidden[seen:], *look.absent[gone:]})
    if missing:
        raise MissingRole(principal.name, list(missing.values()), not principal.signed_in)
    if not principal.signed_in:  # it names only what it may not open, or nothing at all
        raise MissingRole(principal.name, [Missing(Role.PLANNER, ANY_REGION, "write")], True)
    if hidden is not None:
        raise as_missing(*hidden)


Actor = str | Principal
"""Who writes: the API passes the signed-in ``Principal``; a plain name is a trusted
in-process caller (the CLI, loaders, tests) acting as a local superuser."""


def principal_of(actor: Actor) -> Principal:
    return actor if isinstance(actor, Principal) else Principal.local(actor)
