"""Write operations. A store commits a sequence of them as one unit of work."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .kinds import Relation
from .model import Comment, Edge, Node, Organisation, Region
from .situation_changes import SituationOperation
from .situation_states import Record

__all__ = [
    "AddComment",
    "AddEdge",
    "CommitResult",
    "CreateNode",
    "DeleteNode",
    "EditComment",
    "Operation",
    "PutOrganisation",
    "PutRegion",
    "RemoveEdge",
    "ReviewEdge",
    "UpdateNode",
]


@dataclass(frozen=True)
class CreateNode:
    node: Node
    where: str | None = None


@dataclass(frozen=True)
class UpdateNode:
    """Set ``changes`` (field name to new value) on a node; ``expected_version`` guards it."""

    node_id: str
    changes: Mapping[str, Any]
    expected_version: int | None = None
    where: str | None = None


@dataclass(frozen=True)
class DeleteNode:
    """Remove a node; refused while edges touch it unless ``cascade``."""

    node_id: str
    expected_version: int | None = None
    cascade: bool = False
    where: str | None = None


@dataclass(frozen=True)
class AddEdge:
    edge: Edge
    where: str | None = None


@dataclass(frozen=True)
class RemoveEdge:
    source: str
    relation: Relation
    target: str
    where: str | None = None


@dataclass(frozen=True)
class PutRegion:
    region: Region
    where: str | None = None


@dataclass(frozen=True)
class PutOrganisation:
    organisation: Organisation
    where: str | None = None


@dataclass(frozen=True)
class ReviewEdge:
    """A planner reviewed a suspect edge: clear its suspect mark."""

    source: str
    relation: Relation
    target: str
    where: str | None = None


@dataclass(frozen=True)
class AddComment:
    """Start or continue the thread of ``comment.node_id`` (also restores one verbatim)."""

    comment: Comment
    where: str | None = None


@dataclass(frozen=True)
class EditComment:
    """Replace a comment's text; only its author may, at ``expected_version``."""

    comment_id: str
    text: str
    expected_version: int | None = None
    where: str | None = None


Operation = (
    CreateNode
    | UpdateNode
    | DeleteNode
    | AddEdge
    | RemoveEdge
    | PutRegion
    | PutOrganisation
    | ReviewEdge
    | AddComment
    | EditComment
    | SituationOperation
)


@dataclass
class CommitResult:
    """What one commit changed, and the graph version after it."""

    version: int
    nodes: list[Node] = field(default_factory=list)
    removed_nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    removed_edges: list[Edge] = field(default_factory=list)
    flagged_edges: list[Edge] = field(default_factory=list)
    """Edges whose suspect mark this commit set or cleared, as they are now."""
    comments: list[Comment] = field(default_factory=list)
    situation: list[Record] = field(default_factory=list)
    """Risks, indicators, measurements and status reports written, as they are now."""
    events: int = 0
