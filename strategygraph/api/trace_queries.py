"""The traceability questions: trace up and down, the path between two nodes, gaps,
coverage and impact.

``TraceQuery`` is one of the parts ``Query`` is made of (``queries.py``): its own module
because these fields walk the graph (through the store's trace methods), apart from
reading its records (``node_queries.py``).
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain import ValidationError
from .context import Context
from .enums import NodeKind
from .offload import off_loop
from .pages import Page, item_page
from .pagination import DEFAULT_PAGE, bad_cursor, check_first
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
from .types import NodeType, node_type
from .volatility import volatile

__all__ = ["MAX_TRACE_DEPTH", "TraceQuery"]

Ctx = Info[Context, None]
MAX_TRACE_DEPTH = 50


def _depth(max_depth: int | None) -> int | None:
    if max_depth is not None and not 1 <= max_depth <= MAX_TRACE_DEPTH:
        raise ValidationError.one(
            "max-depth",
            f"maxDepth must be between 1 and {MAX_TRACE_DEPTH}, not {max_depth}",
            "maxDepth",
        )
    return max_depth


@strawberry.type
class TraceQuery:
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
