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
from .enums import ChangeOrder, Direction, Health, NodeKind, NodeOrder, Status
from .exchange import ExchangeQuery
from .history import HistoryQuery
from .offload import off_loop
from .pages import Page, item_page
from .pagination import (
    DEFAULT_PAGE,
    PageInfo,
    bad_cursor,
    check_first,
    decode_cursor,
    encode_cursor,
    page_after,
)
from .search import NodeFilter, node_order, sorted_nodes
from .situation import SituationQuery
from .trace_page import TraceUpConnection, trace_after, trace_connection
from .trace_types import (
    ContributionType,
    CoverageRowType,
    GapTypeObject,
    PathType,
    contribution_type,
    coverage_type,
    gap_type,
    path_type,
)
from .types import NodeType, Organisation, Region, node_type, organisation_type, region_type
from .volatility import volatile
from .webhooks import WebhookQuery

__all__ = ["NodeConnection", "NodeEdge", "Query"]

Ctx = Info[Context, None]
MAX_TRACE_DEPTH = 50


@strawberry.type(description=("One node of a `nodes` page, with the cursor that follows it."))
class NodeEdge:
    cursor: str = strawberry.field(description="Pass as `after` to read on from this node.")
    node: NodeType = strawberry.field(description="The node.")


@strawberry.type(description="A page of nodes.")
class NodeConnection:
    total_count: int = strawberry.field(description="How many nodes match, on every page.")
    edges: list[NodeEdge] = strawberry.field(description="This page's nodes with their cursors.")
    nodes: list[NodeType] = strawberry.field(description="This page's nodes (as in `edges`).")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")


def _depth(max_depth: int | None) -> int | None:
    if max_depth is not None and not 1 <= max_depth <= MAX_TRACE_DEPTH:
        raise ValidationError.one(
            "max-depth",
            f"maxDepth must be between 1 and {MAX_TRACE_DEPTH}, not {max_depth}",
            "maxDepth",
        )
    return max_depth


@strawberry.type(
    description=(
        "Reading: nodes, regions, the traceability questions, "
        "history and exports. A reader sees approved nodes and the "
        "drafts of the regions where it is a viewer."
    )
)
class Query(ExchangeQuery, CompareQuery, HistoryQuery, WebhookQuery, SituationQuery):
    @strawberry.field(
        description="The graph version the answer was read at: the sequence number of the "
        "last committed change, whichever process committed it. A `graphChanged` "
        "subscription resumes from it with `since`."
    )
    def graph_version(self, info: Ctx) -> int:
        return info.context.service.store.version()

    @strawberry.field(description="One node by its stable id; null if there is none.")
    def node(
        self,
        info: Ctx,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node's stable id.")],
    ) -> NodeType | None:
        found = info.context.find(id)
        return node_type(found) if found else None

    @strawberry.field(
        description="Nodes matching every filter given, sorted by `orderBy`. `search` "
        "matches words in the id, title, description and tags, ignoring case and accents."
    )
    def nodes(
        self,
        info: Ctx,
        kind: Annotated[
            NodeKind | None, strawberry.argument(description="Only nodes of this kind.")
        ] = None,
        region: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only nodes of this region.")
        ] = None,
        organisation: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only nodes owned by this organisation."),
        ] = None,
        status: Annotated[
            Status | None, strawberry.argument(description="Only nodes in this status.")
        ] = None,
        health: Annotated[
            Health | None,
            strawberry.argument(
                description="Only projects of this health (UNKNOWN: nobody has said)."
            ),
        ] = None,
        tag: Annotated[
            str | None,
            strawberry.argument(
                description="Only nodes with this tag (ignoring case and accents)."
            ),
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "Words to find in the id, title, description and tags "
                    "(ignoring case and accents)."
                )
            ),
        ] = None,
        order_by: Annotated[
            NodeOrder, strawberry.argument(description="How to sort (see `NodeOrder`).")
        ] = NodeOrder.ID,
        first: Annotated[
            int, strawberry.argument(description="How many nodes the page holds (0-100).")
        ] = DEFAULT_PAGE,
        after: Annotated[
            str | None,
            strawberry.argument(description="The cursor of the node the page starts after."),
        ] = None,
        direction: Annotated[
            Direction | None,
            strawberry.argument(
                description="ASC or DESC; left out, the order's own way (`UPDATED_AT`: "
                "newest first, the others ascending). A cursor pages on only in the "
                "order and direction it came from."
            ),
        ] = None,
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
        kind_of_cursor, reverse = node_order(order_by, direction)
        start = page_after(keys, after, kind_of_cursor, reverse)
        if reverse:
            keys, found = keys[::-1], found[::-1]
        edges = [
            NodeEdge(cursor=encode_cursor(kind_of_cursor, key), node=node_type(n))
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

    @strawberry.field(description="Every region, `national` included.")
    def regions(self, info: Ctx) -> list[Region] | None:
        return [region_type(r) for r in info.context.store.regions()]

    @strawberry.field(
        description=("The organisations that own nodes (of one region, with `region`).")
    )
    def organisations(
        self,
        info: Ctx,
        region: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the organisations of this region."),
        ] = None,
    ) -> list[Organisation] | None:
        info.context.known_region(region)
        return [
            organisation_type(o)
            for o in info.context.store.organisations()
            if region is None or o.region == region
        ]

    @strawberry.field(
        description="Why does this node exist? Every national goal it reaches, with the "
        "number of upward paths to each, and a page of those paths (each its ordered nodes "
        "and relations), sorted by their nodes' ids. `goal` keeps only the paths to that "
        "goal; `first` (at most 100) and `after` (an edge's cursor) page them."
    )
    def trace_up(
        self,
        info: Ctx,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node to trace.")],
        max_depth: Annotated[
            int | None,
            strawberry.argument(description="Only paths of at most this many edges (1-50)."),
        ] = None,
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
    ) -> TraceUpConnection | None:
        check_first(first)
        ctx = info.context
        path = trace_after(after)
        try:
            page = ctx.store.trace_up_page(id, _depth(max_depth), goal, path, first)
        except ValueError:
            raise bad_cursor(after or "") from None
        return trace_connection(page, ctx, id)

    @strawberry.field(
        description="What realises this node? Everything that serves it through upward "
        "edges, nearest first (by depth, then id), with the layer of each; `kinds` keeps "
        "only those kinds. Paged: `first` (default 20, at most 100) and `after`."
    )
    def trace_down(
        self,
        info: Ctx,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node to trace down.")],
        max_depth: Annotated[
            int | None,
            strawberry.argument(
                description="Only contributions at most this many edges below (1-50)."
            ),
        ] = None,
        kinds: Annotated[
            list[NodeKind] | None,
            strawberry.argument(description="Only contributions of these kinds."),
        ] = None,
        first: Annotated[
            int, strawberry.argument(description="How many items the page holds (0-100).")
        ] = DEFAULT_PAGE,
        after: Annotated[
            str | None,
            strawberry.argument(description="The `endCursor` of the previous page."),
        ] = None,
    ) -> Page[ContributionType] | None:
        check_first(first)
        ctx = info.context
        found = ctx.store.trace_down(id, _depth(max_depth), kinds)
        return item_page(found, first, after, "traceDown", lambda c: contribution_type(c, ctx))

    @strawberry.field(
        description="The shortest chain of upward edges joining two nodes, either way "
        "(`upward` tells which); null if they are not connected."
    )
    def path(
        self,
        info: Ctx,
        from_: Annotated[
            strawberry.ID, strawberry.argument(description="One end of the path.", name="from")
        ],
        to: Annotated[strawberry.ID, strawberry.argument(description="The other end.")],
    ) -> PathType | None:
        found = info.context.store.route(from_, to)
        return path_type(found, info.context) if found else None

    @strawberry.field(
        description="Untraced projects, unaddressed challenges, empty lines, unserved goals, "
        "layer skips and stale drafts, each explained in a sentence; in the gap analysis's "
        "own order (the same for every request at one `graphVersion`). Paged: `first` (default 20, "
        "at most 100) and `after`.",
        metadata=volatile("a draft turns into a stale-draft gap as days pass"),
    )
    async def gaps(
        self,
        info: Ctx,
        region: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only the gaps of this region.")
        ] = None,
        first: Annotated[
            int, strawberry.argument(description="How many items the page holds (0-100).")
        ] = DEFAULT_PAGE,
        after: Annotated[
            str | None,
            strawberry.argument(description="The `endCursor` of the previous page."),
        ] = None,
    ) -> Page[GapTypeObject] | None:
        check_first(first)
        ctx = info.context
        ctx.known_region(region)
        days = ctx.settings.draft_days

        def page() -> Page[GapTypeObject]:  # a whole-graph pass: off the event loop
            found = ctx.store.gaps(region, days, now=ctx.store.clock())
            return item_page(found, first, after, "gaps", lambda g: gap_type(g, ctx))

        return await off_loop(ctx.service.store, page)

    @strawberry.field(
        description="Per national goal and region: how many nodes of each layer reach it, "
        "and the health of those projects."
    )
    async def coverage(
        self,
        info: Ctx,
        region: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only the rows of this region.")
        ] = None,
    ) -> list[CoverageRowType] | None:
        ctx = info.context
        ctx.known_region(region)
        return await off_loop(
            ctx.service.store, lambda: [coverage_type(r, ctx) for r in ctx.store.coverage(region)]
        )

    @strawberry.field(
        description="What would lose its only route to the national goals if this node "
        "were retired, top layers first, then by id."
    )
    def impact(
        self,
        info: Ctx,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The node that would be retired.")
        ],
    ) -> list[NodeType] | None:
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
        node_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the changes to this node (its edges included)."),
        ] = None,
        region: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the changes in this region."),
        ] = None,
        since: Annotated[
            datetime | None,
            strawberry.argument(description="Only the changes committed at or after this time."),
        ] = None,
        first: Annotated[
            int, strawberry.argument(description="How many entries the page holds (0-100).")
        ] = DEFAULT_PAGE,
        after: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "The cursor of the entry the page starts after (read in the same order)."
                )
            ),
        ] = None,
        order: Annotated[
            ChangeOrder,
            strawberry.argument(description="Oldest first (the default) or newest first."),
        ] = ChangeOrder.OLDEST_FIRST,
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
