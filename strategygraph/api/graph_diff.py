"""The difference between two times as GraphQL: ``GraphDiff``, what ``diff`` answers,
with ``NodeChange`` and ``RelationshipChange``.

``diff`` (``history.py``) compares the nodes of regions where the caller is a viewer, and
edges whose both ends are. Its own module because these are the answer's types, apart
from the history's entry points that build them.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import datetime

import strawberry

from .types import NodeType, Relationship

__all__ = ["GraphDiff", "NodeChange", "RelationshipChange"]


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
