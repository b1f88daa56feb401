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


@strawberry.type(description="The node as created.")
class CreateNodePayload:
    node: NodeType = strawberry.field(description="The node as created (a DRAFT at version 1).")


@strawberry.type(description="The node as changed, at its new version.")
class UpdateNodePayload:
    node: NodeType = strawberry.field(description="The node as changed.")


@strawberry.type(description="The node in its new status.")
class SetStatusPayload:
    node: NodeType = strawberry.field(description="The node in its new status.")


@strawberry.type(description="The retired node and what lost its route to the goals.")
class RetireNodePayload:
    node: NodeType = strawberry.field(description="The node, now RETIRED.")
    lost_route: list[NodeType] = strawberry.field(
        description="The nodes that reached a national goal only through this one, and "
        "now reach none."
    )


@strawberry.type(description=("What a `deleteNode` removed (or, on a dry run, would remove)."))
class DeleteNodePayload:
    node: NodeType = strawberry.field(description="The node as it was.")
    removed_relationships: list[Relationship] = strawberry.field(
        description="The edges that went with it (or, on a dry run, that touch it and "
        "would go with `cascade`)."
    )
    deleted: bool = strawberry.field(
        description="True when the node was deleted (false on a dry run)."
    )
    dry_run: bool = strawberry.field(description="True when nothing was deleted, only reported.")


@strawberry.type(description="The edge as added, with both its ends.")
class LinkPayload:
    relationship: Relationship = strawberry.field(description="The edge as added.")
    source: NodeType = strawberry.field(description="The source node.")
    target: NodeType = strawberry.field(description="The target node.")


@strawberry.type(description="The edge that was removed.")
class UnlinkPayload:
    relationship: Relationship = strawberry.field(description="The edge that was removed.")


@strawberry.type(description=("What an import did (or, on a dry run, would do), by node id."))
class ImportGraphPayload:
    dry_run: bool = strawberry.field(description="True when nothing was kept, only reported.")
    graph_version: int = strawberry.field(description="The graph version after the import.")
    added: list[strawberry.ID] = strawberry.field(description="Ids of the nodes created.")
    changed: list[strawberry.ID] = strawberry.field(description="Ids of the nodes updated.")
    unchanged: list[strawberry.ID] = strawberry.field(
        description="Ids of the nodes the document holds exactly as stored."
    )
    relationships_added: int = strawberry.field(description="How many edges were added.")
    relationships_unchanged: int = strawberry.field(
        description="How many edges were already there."
    )
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
    records_added: list[str] = strawberry.field(
        default_factory=list,
        description="Records of the situational picture the file added "
        "(`risk 'id'`, `indicator 'id'`, `measurement of 'id' on DATE`, "
        "`status report 'id'`).",
    )
    records_changed: list[str] = strawberry.field(
        default_factory=list,
        description="Risks and indicators the file changed (`risk 'id'`).",
    )
    records_unchanged: int = strawberry.field(
        default=0,
        description="How many records of the situational picture were already there.",
    )
    report: list[str] = strawberry.field(
        default_factory=list,
        description="What the file held that was not imported (skipped ArchiMate "
        "elements, unmatched portfolio rows), each with its place.",
    )
