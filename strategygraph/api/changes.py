"""The history as GraphQL: event-log entries (``changes``) and live commits
(``graphChanged``)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from ..domain import Event
from ..domain.model import STAMP_FIELDS
from .comments import CommentType, comment_type
from .commits import Commit
from .context import Context
from .enums import ChangeOperation
from .names import api_name
from .pagination import PageInfo, encode_cursor
from .types import NodeType, Relationship, node_type, relationship

__all__ = [
    "CHANGE_CURSOR",
    "Change",
    "ChangeConnection",
    "ChangeEdge",
    "GraphChange",
    "change_connection",
    "change_type",
    "graph_change",
]

CHANGE_CURSOR = "change"
_NOT_COMPARED = STAMP_FIELDS


@strawberry.type(description="One committed change, as the event log keeps it.")
class Change:
    seq: int = strawberry.field(description="Its sequence number: the graph version after it.")
    at: datetime = strawberry.field(description="When it was committed (UTC).")
    actor: str = strawberry.field(description="Who committed the change (a user name).")
    operation: ChangeOperation = strawberry.field(description="What the change did.")
    target_id: strawberry.ID = strawberry.field(
        description="The node (or region, organisation, edge source) it changed."
    )
    related_id: strawberry.ID | None = strawberry.field(
        description="The other node of an edge change."
    )
    region: strawberry.ID | None = strawberry.field(
        description=("The region of the node (or region) it changed; null for none.")
    )
    before: JSON | None = strawberry.field(
        description=(
            "The record before the change, in the interchange format; null for a creation."
        )
    )
    after: JSON | None = strawberry.field(
        description=("The record after the change, in the interchange format; null for a deletion.")
    )
    changed_fields: list[str] = strawberry.field(
        description="The fields an update changed (besides its version stamps), named as "
        "in this API (`dueDate`); `before` and `after` are the records in the interchange "
        "format (`due_date`)."
    )
    request_id: str | None = strawberry.field(
        description="The request that made it (its `X-Request-Id`, or one generated)."
    )


def change_type(e: Event) -> Change:
    before, after = e.before or {}, e.after or {}
    fields = sorted(
        k
        for k in before.keys() | after.keys()
        if k not in _NOT_COMPARED and before.get(k) != after.get(k)
    )
    edge = "relation" in after or "relation" in before
    return Change(
        seq=e.seq,
        at=e.at,
        actor=e.actor,
        operation=ChangeOperation(e.operation),
        target_id=strawberry.ID(e.target),
        related_id=strawberry.ID(e.related) if e.related else None,
        region=strawberry.ID(e.region) if e.region else None,
        before=JSON(e.before) if e.before is not None else None,
        after=JSON(e.after) if e.after is not None else None,
        changed_fields=[api_name(f, edge) for f in fields] if e.before and e.after else [],
        request_id=e.request_id,
    )


@strawberry.type(description=("One entry of a `changes` page, with the cursor that follows it."))
class ChangeEdge:
    cursor: str = strawberry.field(description="Pass as `after` to read on from this entry.")
    node: Change = strawberry.field(description="The event-log entry.")


@strawberry.type(description="A page of the event log, in the order asked for.")
class ChangeConnection:
    edges: list[ChangeEdge] = strawberry.field(
        description="This page's entries with their cursors."
    )
    nodes: list[Change] = strawberry.field(description="This page's entries (as in `edges`).")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the log.")


def change_connection(events: list[Event], first: int, after: bool) -> ChangeConnection:
    page = events[:first]
    edges = [
        ChangeEdge(cursor=encode_cursor(CHANGE_CURSOR, [e.seq]), node=change_type(e)) for e in page
    ]
    return ChangeConnection(
        edges=edges,
        nodes=[e.node for e in edges],
        page_info=PageInfo(
            has_next_page=len(events) > first,
            has_previous_page=after,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


@strawberry.type(
    description="One commit, pushed to subscribers after it is durable, in commit order. "
    "It holds event-log entries `firstSeq`..`version`; read them with "
    "`changes(after:)` for the before/after of each."
)
class GraphChange:
    version: int = strawberry.field(
        description=("The graph version after this commit (its last event's sequence number).")
    )
    first_seq: int = strawberry.field(description="The first event-log entry of this commit.")
    actor: str = strawberry.field(description="Who committed it.")
    regions: list[strawberry.ID] = strawberry.field(
        description="The regions it touched that the subscriber may see."
    )
    nodes: list[NodeType] = strawberry.field(description="Created or changed, as committed.")
    removed_nodes: list[NodeType] = strawberry.field(description="Deleted, as they were.")
    relationships: list[Relationship] = strawberry.field(
        description="Edges added, or changed (a suspect mark set or cleared), as they are now."
    )
    removed_relationships: list[Relationship] = strawberry.field(description="Edges removed.")
    comments: list[CommentType] = strawberry.field(
        description="Comments added or edited, as they are now."
    )


def graph_change(c: Commit, ctx: Context) -> GraphChange:
    return GraphChange(
        version=c.version,
        first_seq=c.first,
        actor=c.actor,
        regions=[strawberry.ID(r) for r in sorted(c.regions)],
        nodes=[node_type(n) for n in c.nodes],
        removed_nodes=[node_type(n) for n in c.removed_nodes],
        relationships=[relationship(e, ctx) for e in c.edges],
        removed_relationships=[relationship(e, ctx) for e in c.removed_edges],
        comments=[comment_type(comment) for comment, _ in c.comments],
    )
