"""The strategy graph's records: nodes, edges, regions, organisations, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .kinds import Health, NodeKind, Relation, Status

__all__ = [
    "NATIONAL",
    "PROJECT_FIELDS",
    "STAMP_FIELDS",
    "STORE_FIELDS",
    "Comment",
    "Edge",
    "Event",
    "Node",
    "Organisation",
    "Region",
]

NATIONAL = "national"
"""The region national goals belong to."""

PROJECT_FIELDS = ("owner", "phase", "start_date", "due_date", "progress", "health")
"""Fields only strategic projects carry (the PMO's situational picture)."""

STAMP_FIELDS = frozenset({"version", "updated_at", "updated_by"})
"""What every write of a node stamps: not a change of its own when two states are compared."""

STORE_FIELDS = STAMP_FIELDS | {"created_at", "created_by"}
"""The stamps and the creation record: set by the store, never taken from a caller."""


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    region: str


@dataclass(frozen=True, slots=True)
class Node:
    """One element of a strategy, in one layer (its ``kind``) of one region."""

    id: str
    kind: NodeKind
    region: str
    title: str
    organisation: str | None = None
    description: str = ""
    status: Status = Status.DRAFT
    approved_by: str | None = None
    decision_date: date | None = None
    decision_ref: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    version: int = 1
    created_at: datetime | None = None
    created_by: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None
    # Strategic projects only.
    owner: str | None = None
    phase: str | None = None
    start_date: date | None = None
    due_date: date | None = None
    progress: int | None = None
    health: Health | None = None

    @property
    def is_project(self) -> bool:
        return self.kind is NodeKind.STRATEGIC_PROJECT

    @property
    def effective_health(self) -> Health:
        return self.health or Health.UNKNOWN


@dataclass(frozen=True, slots=True)
class Edge:
    """``source`` serves ``target`` by ``relation`` (edges point up)."""

    source: str
    relation: Relation
    target: str
    inferred: bool = False
    note: str | None = None
    # Set when the approved node it serves (its target) changed title or description,
    # until a planner reviews the link. Not part of an edge's identity or equality.
    suspect_at: datetime | None = field(default=None, compare=False)
    suspect_by: str | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)

    @property
    def suspect(self) -> bool:
        return self.suspect_at is not None


@dataclass(frozen=True, slots=True)
class Event:
    """One committed change, as kept in the event log."""

    seq: int
    at: datetime
    actor: str
    operation: str
    target: str
    region: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    related: str | None = None
    """The other node of an edge event (or the comment id of a comment event)."""
    request_id: str | None = None
    """The request that made the change (an ``X-Request-Id`` header or a generated id)."""


@dataclass(frozen=True, slots=True)
class Comment:
    """One entry in the discussion thread of a node; its text may be edited (versioned)."""

    id: str
    node_id: str
    author: str
    at: datetime
    text: str
    version: int = 1
    edited_at: datetime | None = None
