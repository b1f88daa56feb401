"""Reading: nodes, regions, the traceability questions and the event log."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain import ValidationError
from .changes import CHANGE_CURSOR, ChangeConnection, change_connection
from .compare import CompareQuery
from .context import Context
from .enums import ChangeOrder, Health, NodeKind, NodeOrder, Status
from .exchange import ExchangeQuery
from .history import HistoryQuery
from .pagination import (
    DEFAULT_PAGE,
    PageInfo,
    bad_cursor,
    check_first,
    decode_cursor,
    encode_cursor,
    page_after,
)
from .search import NodeFilter, sorted_nodes
from .situation import SituationQuery
from .trace_types import (
    ContributionType,
    CoverageRowType,
    GapTypeObject,
    PathType,
    contribution_type,
    coverage_type,
    gap_type,
    path_type,
    path_types,
)
from .types import NodeType, Organisation, Region, node_type, organisation_type, region_type

__all__ = ["NodeConnection", "NodeEdge", "Query"]

Ctx = Info[Context, None]
MAX_TRACE_DEPTH = 50


@strawberry.type
class NodeEdge:
    cursor: str
    node: NodeType


@strawberry.type(description="A page of nodes.")
class NodeConnection:
    total_count: int = strawberry.field(description="How many nodes match, on every page.")
    edges: list[NodeEdge]
    nodes: list[NodeType]
    page_info: PageInfo


def _depth(max_depth: int | None) -> int | None:
    if max_depth is not None and not 1 <= max_depth <= MAX_TRACE_DEPTH:
        raise ValidationError.one(
            "max-depth",
            f"maxDepth must be between 1 and {MAX_TRACE_DEPTH}, not {max_depth}",
            "maxDepth",
        )
    return max_depth


@strawberry.type
class Query(ExchangeQuery, CompareQuery, HistoryQuery, SituationQuery):
    @strawberry.field(
        description="The graph version the answer was read at: the sequence number of the "
        "last committed change, whichever process committed it. A `graphChanged` "
        "subscription resumes from it with `since`."
    )
    def graph_version(self, info: Ctx) -> int:
        return info.context.service.store.version()

    @strawberry.field(description="One node by its stable id; null if there is none.")
    def node(self, info: Ctx, id: strawberry.ID) -> NodeType | None:
        found = info.context.find(id)
        return node_type(found) if found else None

    @strawberry.field(
        description="Nodes matching every filter given, sorted by `orderBy`. `search` "
        "matches words in the id, title, description and tags, ignoring case and accents."
    )
    def nodes(
        self,
        info: Ctx,
        kind: NodeKind | None = None,
        region: strawberry.ID | None = None,
        organisation: strawberry.ID | None = None,
        status: Status | None = None,
        health: Health | None = None,
        tag: str | None = None,
        search: str | None = None,
        order_by: NodeOrder = NodeOrder.ID,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> NodeConnection | None:
        check_first(first)
        ctx = info.context
        ctx.known_region(region)
        keys, found = sorted_nodes(
            ctx.service.store,
            ctx.store,
            ctx.actor,
            kind,
            region,
            NodeFilter(organisation, status, health, tag, search),
            order_by,
        )
        start = page_after(keys, after, order_by.value)
        edges = [
            NodeEdge(cursor=encode_cursor(order_by.value, key), node=node_type(n))
            for key, n in zip(
                keys[start : start + first], found[start : start + first], strict=True
            )
        ]
        return NodeConnection(
            total_count=len(found),
            edges=edges,
            nodes=[e.node for e in edges],
            page_info=PageInfo(
                has_next_page=start + first < len(found),
                has_previous_page=start > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @strawberry.field
    def regions(self, info: Ctx) -> list[Region] | None:
        return [region_type(r) for r in info.context.store.regions()]

    @strawberry.field
    def organisations(
        self, info: Ctx, region: strawberry.ID | None = None
    ) -> list[Organisation] | None:
        info.context.known_region(region)
        return [
            organisation_type(o)
            for o in info.context.store.organisations()
            if region is None or o.region == region
        ]

    @strawberry.field(
        description="Why does this node exist? Every path of upward edges from it to a "
        "national goal, each as its ordered nodes and relations."
    )
    def trace_up(
        self, info: Ctx, id: strawberry.ID, max_depth: int | None = None
    ) -> list[PathType] | None:
        ctx = info.context
        return path_types(ctx.store.trace_up(id, _depth(max_depth)), ctx)

    @strawberry.field(
        description="What realises this node? Everything that serves it through upward "
        "edges, nearest first, with the layer of each; `kinds` keeps only those kinds."
    )
    def trace_down(
        self,
        info: Ctx,
        id: strawberry.ID,
        max_depth: int | None = None,
        kinds: list[NodeKind] | None = None,
    ) -> list[ContributionType] | None:
        ctx = info.context
        found = ctx.store.trace_down(id, _depth(max_depth), kinds)
        return [contribution_type(c, ctx) for c in found]

    @strawberry.field(
        description="The shortest chain of upward edges joining two nodes, either way "
        "(`upward` tells which); null if they are not connected."
    )
    def path(
        self,
        info: Ctx,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
    ) -> PathType | None:
        found = info.context.store.route(from_, to)
        return path_type(found, info.context) if found else None

    @strawberry.field(
        description="Untraced projects, unaddressed challenges, empty lines, unserved goals, "
        "layer skips and stale drafts, each explained in a sentence."
    )
    def gaps(self, info: Ctx, region: strawberry.ID | None = None) -> list[GapTypeObject] | None:
        ctx = info.context
        ctx.known_region(region)
        return [gap_type(g, ctx) for g in ctx.store.gaps(region, ctx.settings.draft_days)]

    @strawberry.field(
        description="Per national goal and region: how many nodes of each layer reach it, "
        "and the health of those projects."
    )
    def coverage(
        self, info: Ctx, region: strawberry.ID | None = None
    ) -> list[CoverageRowType] | None:
        ctx = info.context
        ctx.known_region(region)
        return [coverage_type(r, ctx) for r in ctx.store.coverage(region)]

    @strawberry.field(
        description="What would lose its only route to the national goals if this node "
        "were retired, top layers first."
    )
    def impact(self, info: Ctx, id: strawberry.ID) -> list[NodeType] | None:
        ctx = info.context
        return [node_type(ctx.node(i)) for i in ctx.store.impact(id)]

    @strawberry.field(
        description="The event log, oldest first (or newest first, with `order`): every "
        "change to a node (`nodeId`, including its edges), a region, or since a time. "
        "`after` takes a cursor of the previous page, read in the same order."
    )
    def changes(
        self,
        info: Ctx,
        node_id: strawberry.ID | None = None,
        region: strawberry.ID | None = None,
        since: datetime | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
        order: ChangeOrder = ChangeOrder.OLDEST_FIRST,
    ) -> ChangeConnection | None:
        check_first(first)
        info.context.known_region(region)
        seq = decode_cursor(CHANGE_CURSOR, after)[0] if after else None
        if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool)):
            raise bad_cursor(after or "")
        if since is not None:
            since = (since if since.tzinfo else since.replace(tzinfo=UTC)).astimezone(UTC)
        newest = order is ChangeOrder.NEWEST_FIRST
        events = info.context.store.events(node_id, region, since, seq, first + 1, newest)
        return change_connection(events, first, after is not None)
