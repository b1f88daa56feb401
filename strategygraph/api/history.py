"""History as GraphQL: suspect links and their review, the graph at a time, the diff
between two times.

Both replay the whole event log and then show what the caller may see: ``graphAt`` the
past nodes by today's visibility rules, ``diff`` (history) the nodes of regions where the
caller is a viewer, and edges whose both ends are.

``graphAt`` replays the event log into a read-only in-memory graph (with the situational
picture: risks, indicators, readings and status reports) and answers the traceability
questions over it with the reference algorithms. Every field under it reads that graph:
the operation names it by the ``graphAt`` field's response key
(``enter_past``), so a node's nested fields (``risks``, ``relationships``, …) show the
same time as the node.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain import situation as d
from ..domain.access import Missing, MissingRole, Role
from ..domain.answers import TracePage
from ..service import StrategyService
from ..service.history import diff, graph_at, suspect_links
from ..service.past_store import LazyPast
from ..service.replay import as_utc
from ..service.situation_read import Situation
from ..store import GraphStore
from .context import Context, enter_past
from .enums import NodeKind, Relation
from .names import api_name
from .offload import off_loop
from .pagination import DEFAULT_PAGE, bad_cursor, check_first
from .past_selection import needs_graph
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

__all__ = ["GraphAt", "GraphDiff", "HistoryMutation", "HistoryQuery", "SuspectLinkType"]

Ctx = Info[Context, None]


@strawberry.type(
    name="SuspectLink",
    description="An edge under an approved node whose title or description changed; it "
    "stays suspect until a planner reviews it (`reviewLink`).",
)
class SuspectLinkType:
    relationship: Relationship = strawberry.field(description="The suspect edge.")
    changed_node: NodeType = strawberry.field(description="The node that changed (its target).")
    changed_at: datetime = strawberry.field(description="When the node it serves changed.")
    changed_by: str | None = strawberry.field(description="Who changed it.")


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


@strawberry.type(description="A node changed between two times.")
class NodeChange:
    before: NodeType = strawberry.field(description="The node as it was at `from`.")
    after: NodeType = strawberry.field(description="The node as it was at `to`.")
    fields: list[str] = strawberry.field(
        description="The fields that differ (not stamps), as this API names them (`dueDate`)."
    )


@strawberry.type(description="An edge changed between two times (note, inference, suspect).")
class RelationshipChange:
    before: Relationship = strawberry.field(description="The edge as it was at `from`.")
    after: Relationship = strawberry.field(description="The edge as it was at `to`.")
    fields: list[str] = strawberry.field(
        description="The fields that differ, named as in this API."
    )


@strawberry.type(description="What was added, changed and removed between two times.")
class GraphDiff:
    from_: datetime = strawberry.field(description="The earlier time compared (UTC).", name="from")
    to: datetime = strawberry.field(description="The later time compared (UTC).")
    region: strawberry.ID | None = strawberry.field(
        description=("The region the comparison was cut to; null for all the caller may see.")
    )
    added_nodes: list[NodeType] = strawberry.field(
        description="Nodes that exist at `to` and did not at `from`."
    )
    changed_nodes: list[NodeChange] = strawberry.field(
        description="Nodes that exist at both times and differ."
    )
    removed_nodes: list[NodeType] = strawberry.field(
        description="Nodes that existed at `from` and do not at `to`."
    )
    added_relationships: list[Relationship] = strawberry.field(
        description="Edges that exist at `to` and did not at `from`."
    )
    changed_relationships: list[RelationshipChange] = strawberry.field(
        description="Edges that exist at both times and differ."
    )
    removed_relationships: list[Relationship] = strawberry.field(
        description="Edges that existed at `from` and do not at `to`."
    )


@strawberry.type
class HistoryQuery:
    @strawberry.field(
        description="Suspect edges with either end in `region` (all if omitted), the most "
        "recently changed first."
    )
    def suspect_links(
        self,
        info: Ctx,
        region: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the suspect edges of this region."),
        ] = None,
    ) -> list[SuspectLinkType] | None:
        ctx = info.context
        return [
            SuspectLinkType(
                relationship=relationship(s.edge, ctx),
                changed_node=node_type(s.changed),
                changed_at=s.at,
                changed_by=s.by,
            )
            for s in suspect_links(ctx.store, region)
        ]

    @strawberry.field(
        description="The graph as it was at `time` (UTC if no offset is given), rebuilt "
        "from the event log, with the traceability questions."
    )
    async def graph_at(
        self,
        info: Ctx,
        time: Annotated[
            datetime,
            strawberry.argument(description="The time to read the graph at (UTC if no offset)."),
        ],
    ) -> GraphAt | None:
        ctx = info.context
        _signed_in(ctx, "read the graph as it was")
        store = ctx.service.store
        asked = [s for field in info.selected_fields for s in field.selections]  # merged ones too
        whole = needs_graph(info.schema._schema, asked)

        def past_of() -> GraphStore:  # in a worker thread: never the loop (past_selection)
            past = graph_at(store, time)
            if whole and isinstance(past, LazyPast):
                past.build()
            return past

        past = await off_loop(store, past_of)  # shown as ctx.actor may see it
        past_ctx = dataclasses.replace(ctx, service=StrategyService(past), _names=None, _view=None)
        enter_past(str(info.path.key), past_ctx)  # the fields under this one read the past
        return GraphAt(ctx=past_ctx, past=past, at=as_utc(time), version=past.version())

    @strawberry.field(
        description="Nodes and edges added, changed (with the fields) and removed from "
        "`from` to `to`; with `region`, its nodes and the edges touching them."
    )
    async def diff(
        self,
        info: Ctx,
        from_: Annotated[
            datetime,
            strawberry.argument(description="The earlier time (UTC if no offset).", name="from"),
        ],
        to: Annotated[
            datetime, strawberry.argument(description="The later time (UTC if no offset).")
        ],
        region: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the changes of this region."),
        ] = None,
    ) -> GraphDiff | None:
        ctx = info.context
        _signed_in(ctx, "compare the graph between two times")
        who = ctx.actor
        if region is not None and not who.has(Role.VIEWER, region):
            raise MissingRole(
                who.name,
                [Missing(Role.VIEWER, region, f"read the change history of region '{region}'")],
                not who.signed_in,
            )
        store = ctx.service.store
        found = await off_loop(
            store, lambda: diff(store, from_, to, region, lambda n: who.has(Role.VIEWER, n.region))
        )
        rel = [relationship(e, ctx) for e in found.added_edges]
        return GraphDiff(
            from_=as_utc(from_),
            to=as_utc(to),
            region=region,
            added_nodes=[node_type(n) for n in found.added_nodes],
            changed_nodes=[
                NodeChange(
                    before=node_type(c.before),
                    after=node_type(c.after),
                    fields=[api_name(f) for f in c.fields],
                )
                for c in found.changed_nodes
            ],
            removed_nodes=[node_type(n) for n in found.removed_nodes],
            added_relationships=rel,
            changed_relationships=[
                RelationshipChange(
                    before=relationship(c.before, ctx),
                    after=relationship(c.after, ctx),
                    fields=[api_name(f, edge=True) for f in c.fields],
                )
                for c in found.changed_edges
            ],
            removed_relationships=[relationship(e, ctx) for e in found.removed_edges],
        )


def _signed_in(ctx: Context, action: str) -> None:
    """History replays the whole log: for signed-in callers only, never the anonymous."""
    who = ctx.actor
    if not who.signed_in:
        raise MissingRole(who.name, [Missing(Role.VIEWER, "*", action)], True)


@strawberry.input(description=("The suspect edge to confirm, by its source, relation and target."))
class ReviewLinkInput:
    source: strawberry.ID = strawberry.field(description="The edge's source node.")
    relation: Relation = strawberry.field(description="The edge's relation.")
    target: strawberry.ID = strawberry.field(
        description="The edge's target node (the one that changed)."
    )


@strawberry.type(description="The reviewed edge, no longer suspect.")
class ReviewLinkPayload:
    relationship: Relationship = strawberry.field(description="The edge, no longer suspect.")


@strawberry.type
class HistoryMutation:
    @strawberry.mutation(
        description="Confirm a suspect edge still holds after the node it serves changed: "
        "clears its suspect mark (an event in the log)."
    )
    def review_link(
        self,
        info: Ctx,
        input: Annotated[
            ReviewLinkInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> ReviewLinkPayload:
        ctx = info.context
        edge = ctx.service.review_link(input.source, input.relation, input.target, ctx.actor)
        return ReviewLinkPayload(relationship=relationship(edge, ctx))
