"""Reading as a principal: the store as one principal may see it.

APPROVED nodes are public (to every signed-in principal, and to the anonymous one when the
deployment allows it); other nodes need the viewer role in their region. Lists leave out
what the principal may not see (an edge needs both ends visible, a trace path every node);
asking for one such node by id is ``NOT_FOUND``, exactly as for a node that does not
exist, so a refusal tells neither its existence, nor its region, nor its status. The event log
is history and never public: an entry needs the viewer role in its region. The anonymous
principal of a deployment without anonymous reading reads nothing at all.

Aggregates (``coverage``, ``rolled_up_health``, and so the counts of ``compare_regions``,
and the path counts of ``trace_up_page``) count only what the principal may open: they are
computed over the visible graph (``visible_graph.py``), so a viewer of one region never
counts another region's drafts, nor a route through one.

The API hands every resolver this view as ``ctx.store``. A read method added to the
``GraphStore`` port must be added here too, deciding what the principal may see (mypy
fails until it is, since ``VisibleStore`` must satisfy the port).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import NoReturn

from ..domain import Comment, Edge, Event, Metamodel, Node, NodeKind, Organisation, Region
from ..domain.access import Missing, MissingRole, Principal, Role
from ..domain.answers import (
    Contribution,
    CoverageRow,
    Gap,
    HealthRollup,
    Route,
    TracePage,
    TracePath,
)
from ..domain.changes import CommitResult, Operation
from ..domain.errors import Forbidden, NotFound
from ..store import GraphStore, Snapshot
from ..store.access import AccessStore
from ..trace import TraceGraph, coverage, rolled_up_health
from .visible_graph import visible_view

__all__ = ["VisibleStore", "visible_store"]


def visible_store(store: GraphStore, principal: Principal) -> GraphStore:
    """``store`` itself for a principal who sees everything, else the filtered view."""
    return store if principal.sees_everything else VisibleStore(store, principal)


class VisibleStore:
    """A read-only ``GraphStore`` over ``store`` that shows what ``principal`` may see."""

    def __init__(self, store: GraphStore, principal: Principal) -> None:
        self.inner = store
        self.principal = principal
        self.metamodel: Metamodel = store.metamodel
        self.clock: Callable[[], datetime] = store.clock
        self._seen: dict[str, bool] = {}
        self._graph: tuple[int, TraceGraph] | None = None
        """The visible graph at a store version (a new version: built again)."""

    # -- the checks --------------------------------------------------------------
    def _refuse(self, region: str, action: str) -> NoReturn:
        p = self.principal
        raise MissingRole(p.name, [Missing(Role.VIEWER, region, action)], not p.signed_in)

    def _sign_in(self, what: str) -> NoReturn:
        raise Forbidden(f"forbidden: not signed in: send 'Authorization: Bearer <token>' to {what}")

    def _require_reader(self) -> None:
        if not self.principal.signed_in and not self.principal.reads_public:
            self._sign_in("read (this deployment does not allow anonymous reading)")

    def sees(self, node_id: str) -> bool:
        if node_id not in self._seen:
            node = self.inner.get_node(node_id)
            self._seen[node_id] = self.principal.can_view(node)
        return self._seen[node_id]

    def _visible(self) -> TraceGraph:
        version = self.inner.version()
        if self._graph is None or self._graph[0] != version:
            self._graph = (version, visible_view(self.inner, self.principal))
        return self._graph[1]

    def _all_seen(self, ids: Collection[str]) -> bool:
        return all(self.sees(i) for i in ids)

    def refresh(self) -> int:
        return self.inner.refresh()

    def behind(self) -> bool:
        """The inner store's ``behind`` (False for one that keeps nothing to catch up)."""
        behind = getattr(self.inner, "behind", None)
        return bool(behind()) if behind is not None else False

    # -- reading -----------------------------------------------------------------
    def version(self) -> int:
        return self.inner.version()

    def get_node(self, node_id: str) -> Node:
        self._require_reader()
        node = self.inner.get_node(node_id)
        if not self.principal.can_view(node):
            raise NotFound("node", node_id)  # as if it did not exist: nothing leaks
        return node

    def nodes(self, kind: NodeKind | None = None, region: str | None = None) -> list[Node]:
        self._require_reader()
        found = [n for n in self.inner.nodes(kind, region) if self.principal.can_view(n)]
        self._seen.update((n.id, True) for n in found)
        return found

    def edges(self, node_id: str | None = None) -> list[Edge]:
        if node_id is not None:
            self.get_node(node_id)
        else:
            self._require_reader()
            can_view = self.principal.can_view
            self._seen.update((n.id, can_view(n)) for n in self.inner.nodes())
        return [e for e in self.inner.edges(node_id) if self._all_seen((e.source, e.target))]

    def regions(self) -> list[Region]:
        self._require_reader()
        return self.inner.regions()

    def organisations(self) -> list[Organisation]:
        self._require_reader()
        return self.inner.organisations()

    def events(
        self,
        node_id: str | None = None,
        region: str | None = None,
        since: datetime | None = None,
        after: int | None = None,
        limit: int = 100,
        newest_first: bool = False,
    ) -> list[Event]:
        p = self.principal
        if region is not None and not p.has(Role.VIEWER, region):
            self._refuse(region, f"read the change history of region '{region}'")
        if node_id is not None:
            node = self.get_node(node_id)
            if not p.has(Role.VIEWER, node.region):
                self._refuse(node.region, f"read the change history of node '{node_id}'")
        if not p.signed_in:
            self._sign_in("read the change history")
        found = self.inner.events(node_id, region, since, after, limit, newest_first)
        return [e for e in found if e.region is None or p.has(Role.VIEWER, e.region)]

    def comments(self, node_id: str | None = None) -> list[Comment]:
        """Comments are visible to the viewers of their node's region."""
        if node_id is not None:
            node = self.get_node(node_id)
            if not self.principal.has(Role.VIEWER, node.region):
                self._refuse(node.region, f"read the comments on node '{node_id}'")
        elif not self.principal.signed_in:
            self._sign_in("read comments")
        found = self.inner.comments(node_id)
        return [c for c in found if self._comment_readable(c)]

    def comment(self, comment_id: str) -> Comment:
        found = self.inner.comment(comment_id)
        if not self.sees(found.node_id):
            raise NotFound("comment", comment_id)  # on a node it may not see: as if none
        if not self._comment_readable(found):
            region = self.inner.get_node(found.node_id).region
            self._refuse(region, f"read comment '{comment_id}'")
        return found

    def _comment_readable(self, comment: Comment) -> bool:
        return self.principal.has(Role.VIEWER, self.inner.get_node(comment.node_id).region)

    # -- writing: never through a view -------------------------------------------
    def commit(
        self,
        operations: Sequence[Operation],
        actor: str,
        dry_run: bool = False,
        request_id: str | None = None,
    ) -> CommitResult:
        raise Forbidden("forbidden: a read view cannot write; use StrategyService")

    def restore(self, snapshot: Snapshot, replace: bool = False) -> int:
        raise Forbidden("forbidden: a read view cannot write; use StrategyService")

    @property
    def access(self) -> AccessStore:
        raise Forbidden("forbidden: tokens and grants are not readable through the API")

    # -- traceability ------------------------------------------------------------
    def trace_up(self, node_id: str, max_depth: int | None = None) -> list[TracePath]:
        self.get_node(node_id)
        return [p for p in self.inner.trace_up(node_id, max_depth) if self._all_seen(p.nodes)]

    def trace_up_page(
        self,
        node_id: str,
        max_depth: int | None = None,
        goal: str | None = None,
        after: Sequence[str] | None = None,
        first: int | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> TracePage:
        """Counted and paged over what the principal may see: a path through a node it
        may not open is neither shown nor counted."""
        self.get_node(node_id)
        seen = self._seen_and(visible)
        return self.inner.trace_up_page(node_id, max_depth, goal, after, first, seen)

    def trace_down(
        self,
        node_id: str,
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> list[Contribution]:
        """Walked through what the principal may see: a contribution reached through a
        node it may not open is reached through a visible one, or not at all."""
        self.get_node(node_id)
        return self.inner.trace_down(node_id, max_depth, kinds, self._seen_and(visible))

    def route(
        self, source: str, target: str, visible: Callable[[str], bool] | None = None
    ) -> Route | None:
        self.get_node(source)
        self.get_node(target)
        return self.inner.route(source, target, self._seen_and(visible))

    def _seen_and(self, visible: Callable[[str], bool] | None) -> Callable[[str], bool]:
        if visible is None:
            return self.sees
        return lambda i: self.sees(i) and visible(i)

    def gaps(self, region: str | None = None, draft_days: int = 90, *, now: datetime) -> list[Gap]:
        self._require_reader()
        found = self.inner.gaps(region, draft_days, now=now)
        return [g for g in found if self._all_seen((g.node_id, *filter(None, [g.related])))]

    def coverage(self, region: str | None = None) -> list[CoverageRow]:
        self._require_reader()
        return coverage(self._visible(), region)

    def impact(self, node_id: str) -> list[str]:
        self.get_node(node_id)
        return [i for i in self.inner.impact(node_id) if self.sees(i)]

    def rolled_up_health(self, node_id: str) -> HealthRollup:
        self.get_node(node_id)
        return rolled_up_health(self._visible(), node_id)

    def close(self) -> None:
        """The view owns nothing; the service closes the store."""
