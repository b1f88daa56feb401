"""Reading the graph's records: its version, nodes (filtered, sorted, paged), regions
and organisations.

``NodeQuery`` is one of the parts ``Query`` is made of (``queries.py``), as the
traceability questions are (``trace_queries.py``): its own module because reading the
records is one concern apart from walking the graph.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from .context import Context
from .enums import Direction, Health, NodeKind, NodeOrder, Status
from .pagination import DEFAULT_PAGE, PageInfo, check_first, encode_cursor, page_after
from .region_types import Organisation, Region, organisation_type, region_type
from .search import NodeFilter, node_order, sorted_nodes
from .types import NodeType, node_type

__all__ = ["NodeConnection", "NodeEdge", "NodeQuery"]

Ctx = Info[Context, None]


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


@strawberry.type
class NodeQuery:
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
