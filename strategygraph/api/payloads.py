"""What each mutation answers: the objects it changed."""

from __future__ import annotations

import strawberry

from .types import NodeType, Relationship

__all__ = [
    "CreateNodePayload",
    "DeleteNodePayload",
    "ImportGraphPayload",
    "LinkPayload",
    "RetireNodePayload",
    "SetStatusPayload",
    "UnlinkPayload",
    "UpdateNodePayload",
]


@strawberry.type
class CreateNodePayload:
    node: NodeType


@strawberry.type
class UpdateNodePayload:
    node: NodeType


@strawberry.type
class SetStatusPayload:
    node: NodeType


@strawberry.type
class RetireNodePayload:
    node: NodeType
    lost_route: list[NodeType] = strawberry.field(
        description="The nodes that reached a national goal only through this one, and "
        "now reach none."
    )


@strawberry.type
class DeleteNodePayload:
    node: NodeType = strawberry.field(description="The node as it was.")
    removed_relationships: list[Relationship] = strawberry.field(
        description="The edges that went with it (or, on a dry run, that touch it and "
        "would go with `cascade`)."
    )
    deleted: bool
    dry_run: bool


@strawberry.type
class LinkPayload:
    relationship: Relationship
    source: NodeType
    target: NodeType


@strawberry.type
class UnlinkPayload:
    relationship: Relationship = strawberry.field(description="The edge that was removed.")


@strawberry.type
class ImportGraphPayload:
    dry_run: bool
    graph_version: int = strawberry.field(description="The graph version after the import.")
    added: list[strawberry.ID]
    changed: list[strawberry.ID]
    unchanged: list[strawberry.ID]
    relationships_added: int
    relationships_unchanged: int
    nodes: list[NodeType] = strawberry.field(
        description="The added and changed nodes as stored (empty on a dry run)."
    )
    relationships_changed: list[str] = strawberry.field(
        default_factory=list,
        description="Relationships whose note, inferred flag or relation the file changed "
        "(`source -RELATION-> target`).",
    )
    deleted: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Mirror: DRAFT nodes of the region missing from the file, deleted.",
    )
    retired: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Mirror: decided nodes of the region missing from the file, retired.",
    )
    relationships_removed: list[str] = strawberry.field(
        default_factory=list,
        description="Mirror: relationships of the region missing from the file, removed "
        "(`source -RELATION-> target`).",
    )
    report: list[str] = strawberry.field(
        default_factory=list,
        description="What the file held that was not imported (skipped ArchiMate "
        "elements, unmatched portfolio rows), each with its place.",
    )
