"""The graph at a past time as GraphQL: ``GraphAt``, what ``graphAt`` answers.

``graphAt`` (``history.py``) replays the event log into a read-only in-memory graph (with
the situational picture: risks, indicators, readings and status reports); ``GraphAt``
answers the traceability questions over it with the reference algorithms. Every field
under it reads that graph: the operation names it by the ``graphAt`` field's response key
(``enter_past``), so a node's nested fields (``risks``, ``relationships``, …) show the
same time as the node. Its own module because the past graph's fields are a reading API
of their own, beside the history's entry points.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from ..domain import situation as d
from ..domain.answers import TracePage
from ..service.situation_read import Situation
from ..store import GraphStore
from .context import Context
from .enums import NodeKind
from .offload import off_loop
from .pagination import DEFAULT_PAGE, bad_cursor, check_first
from .situation_types import RiskStatus, RiskType, risk_type
from .trace_page import TraceUpConnection, trace_after, trace_connection
from .trace_types import (
    ContributionType,
    CoverageRowType,
    GapTypeObject,
    contribution_type,
    coverage_type,
    gap_type,
)
from .types import NodeType, Relationship, node_type, relationship

__all__ = ["GraphAt"]


@strawberry.type(description="The graph as it was at `at`, replayed from the event log.")
class GraphAt:
    ctx: strawberry.Private[Context]
    past: strawberry.Private[GraphStore]
    at: datetime = strawberry.field(description="The time asked for (UTC).")
    version: int = strawberry.field(description="The last event applied (0: before any).")

    @strawberry.field(
        description="The risks as they were then (of one region, in some statuses, that "
        "the caller may read), highest score first: `risks` at that time."
    )
    def risks(
        self,
        region: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this region's.")
        ] = None,
        statuses: Annotated[
            list[RiskStatus] | None, strawberry.argument(description="Only in these statuses.")
        ] = None,
    ) -> list[RiskType]:
        wanted = [d.RiskStatus(s.name) for s in statuses] if statuses is not None else None
        found = Situation(self.ctx.store, self.ctx.actor).risks(region, wanted)
        return [risk_type(r) for r in found]

    @strawberry.field(description="The node as it was; null if it did not exist then.")
    def node(
        self, id: Annotated[strawberry.ID, strawberry.argument(description="The node's id.")]
    ) -> NodeType | None:
        found = self.ctx.find(id)
        return node_type(found) if found else None

    @strawberry.field(description="The nodes of that time (of one region and/or kind).")
    def nodes(
        self,
        region: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only the nodes of this region.")
        ] = None,
        kind: Annotated[
            NodeKind | None, strawberry.argument(description="Only the nodes of this kind.")
        ] = None,
    ) -> list[NodeType]:
        return [node_type(n) for n in self.ctx.store.nodes(kind, region)]

    @strawberry.field(description="The edges of that time.")
    def relationships(self) -> list[Relationship]:
        return [relationship(e, self.ctx) for e in self.ctx.store.edges()]

    @strawberry.field(
        description="`traceUp` over the graph of that time: every goal reached with its "
        "path count, and a page of the paths."
    )
    async def trace_up(
        self,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node to trace up.")],
        goal: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the paths that end at this national goal."),
        ] = None,
        first: Annotated[
            int, strawberry.argument(description="How many paths the page holds (0-100).")
        ] = DEFAULT_PAGE,
        after: Annotated[
            str | None,
            strawberry.argument(description="The cursor of the path the page starts after."),
        ] = None,
    ) -> TraceUpConnection:
        check_first(first)
        store = self.ctx.store

        def page() -> TracePage:  # a walk, or (far from any held graph) a build: off the loop
            return store.trace_up_page(id, None, goal, trace_after(after), first)

        try:
            found = await off_loop(None, page)
        except ValueError:
            raise bad_cursor(after or "") from None
        return trace_connection(found, self.ctx, id)

    @strawberry.field(description="`traceDown` over the graph of that time.")
    async def trace_down(
        self,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node to trace down.")],
        kinds: Annotated[
            list[NodeKind] | None,
            strawberry.argument(description="Only contributions of these kinds."),
        ] = None,
    ) -> list[ContributionType]:
        ctx = self.ctx
        return await off_loop(  # as trace_up
            None, lambda: [contribution_type(c, ctx) for c in ctx.store.trace_down(id, None, kinds)]
        )

    @strawberry.field(description="`gaps` as they were (stale drafts judged at `at`).")
    async def gaps(
        self,
        region: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only the gaps of this region.")
        ] = None,
    ) -> list[GapTypeObject]:
        ctx, days = self.ctx, self.ctx.settings.draft_days

        def found() -> list[GapTypeObject]:  # a whole-graph pass: off the event loop
            return [gap_type(g, ctx) for g in ctx.store.gaps(region, days, now=self.at)]

        return await off_loop(None, found)

    @strawberry.field(description="`coverage` over the graph of that time.")
    async def coverage(
        self,
        region: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only the rows of this region.")
        ] = None,
    ) -> list[CoverageRowType]:
        ctx = self.ctx
        return await off_loop(
            None, lambda: [coverage_type(r, ctx) for r in ctx.store.coverage(region)]
        )

    @strawberry.field(description="`impact` over the graph of that time.")
    def impact(
        self,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The node that would be retired.")
        ],
    ) -> list[NodeType]:
        return [node_type(self.ctx.node(i)) for i in self.ctx.store.impact(id)]
