"""History as GraphQL: suspect links and their review, the graph at a time, the diff
between two times.

Both replay the whole event log and then show what the caller may see: ``graphAt`` the
past nodes by today's visibility rules, ``diff`` (history) the nodes of regions where the
caller is a viewer, and edges whose both ends are.

``graphAt`` replays the event log into a read-only in-memory graph and answers the
traceability questions over it: its type is ``GraphAt`` (``graph_at.py``); ``diff``
answers a ``GraphDiff`` (``graph_diff.py``).
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain.access import Missing, MissingRole, Role
from ..service import StrategyService
from ..service.history import diff, graph_at, suspect_links
from ..service.past_store import LazyPast
from ..service.replay import as_utc
from ..store import GraphStore
from .context import Context, enter_past
from .enums import Relation
from .graph_at import GraphAt
from .graph_diff import GraphDiff, NodeChange, RelationshipChange
from .names import api_name
from .offload import off_loop
from .past_selection import needs_graph
from .types import NodeType, Relationship, node_type, relationship

__all__ = ["HistoryMutation", "HistoryQuery", "SuspectLinkType"]

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
