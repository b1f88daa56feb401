"""Mutation inputs, and their translation to the interchange shape the service reads.

In ``UpdateNodeInput`` a field left out is not touched and a field set to null is
cleared; that is why its fields default to ``UNSET``.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from ..domain.validation import attributes_from_pairs
from .enums import Health, NodeKind, Relation, Status
from .exchange import FileInput, InterchangeFormat

__all__ = [
    "AttributeInput",
    "CreateNodeInput",
    "DeleteNodeInput",
    "ImportGraphInput",
    "LinkInput",
    "RetireNodeInput",
    "SetStatusInput",
    "UnlinkInput",
    "UpdateNodeInput",
    "plain",
]


@strawberry.input
class AttributeInput:
    key: str
    value: str


def plain(value: Any) -> Any:
    """An input value in the interchange format's JSON shape."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        if value and isinstance(value[0], AttributeInput):
            return attributes_from_pairs((a.key, a.value) for a in value)
        return [plain(v) for v in value]
    return value


def _fields(obj: object, skip: frozenset[str]) -> dict[str, Any]:
    return {
        name: plain(value)
        for name, value in vars(obj).items()
        if name not in skip and value is not strawberry.UNSET
    }


@strawberry.input(description="A new node. It starts as a DRAFT at version 1.")
class CreateNodeInput:
    id: strawberry.ID = strawberry.field(
        description="Stable readable id: 1–100 of a-z, 0-9 and '-'."
    )
    kind: NodeKind
    region: strawberry.ID
    title: str
    organisation: strawberry.ID | None = None
    description: str | None = None
    tags: list[str] | None = None
    attributes: list[AttributeInput] | None = None
    source: str | None = None
    owner: str | None = strawberry.field(default=None, description="Projects only.")
    phase: str | None = strawberry.field(default=None, description="Projects only.")
    start_date: date | None = strawberry.field(default=None, description="Projects only.")
    due_date: date | None = strawberry.field(default=None, description="Projects only.")
    progress: int | None = strawberry.field(default=None, description="Projects only.")
    health: Health | None = strawberry.field(default=None, description="Projects only.")

    def data(self) -> dict[str, Any]:
        return {k: v for k, v in _fields(self, frozenset()).items() if v is not None}


@strawberry.input(
    description="Changes to one node. Leave a field out to keep it; set it to null to clear "
    "it. Status moves through `setStatus`."
)
class UpdateNodeInput:
    id: strawberry.ID
    expected_version: int = strawberry.field(
        description="The version you read; a stale one is refused with VERSION_CONFLICT."
    )
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    region: strawberry.ID | None = strawberry.UNSET
    organisation: strawberry.ID | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    attributes: list[AttributeInput] | None = strawberry.UNSET
    source: str | None = strawberry.UNSET
    owner: str | None = strawberry.UNSET
    phase: str | None = strawberry.UNSET
    start_date: date | None = strawberry.UNSET
    due_date: date | None = strawberry.UNSET
    progress: int | None = strawberry.UNSET
    health: Health | None = strawberry.UNSET

    def patch(self) -> dict[str, Any]:
        return _fields(self, frozenset({"id", "expected_version"}))


@strawberry.input(description="Move a node through DRAFT → PROPOSED → APPROVED (or back).")
class SetStatusInput:
    id: strawberry.ID
    status: Status
    expected_version: int | None = None
    approved_by: str | None = strawberry.field(
        default=None, description="The approving body; required for APPROVED."
    )
    decision_date: date | None = strawberry.field(
        default=None, description="The decision date; required for APPROVED."
    )
    decision_ref: str | None = None


@strawberry.input
class RetireNodeInput:
    id: strawberry.ID
    expected_version: int | None = None


@strawberry.input(
    description="Delete a node. Refused while edges touch it unless `cascade`; `dryRun` "
    "only reports what would go."
)
class DeleteNodeInput:
    id: strawberry.ID
    expected_version: int | None = None
    cascade: bool = False
    dry_run: bool = False


@strawberry.input(description="Add an edge from `source` up to `target` (or DEPENDS_ON).")
class LinkInput:
    source: strawberry.ID
    relation: Relation
    target: strawberry.ID
    note: str | None = None
    inferred: bool = False


@strawberry.input
class UnlinkInput:
    source: strawberry.ID
    relation: Relation
    target: strawberry.ID


@strawberry.input(
    description="A graph to import: an interchange document (`document`), or the text of "
    "a file in another `format` (`content`; for CSV `files` named nodes.csv, edges.csv, …)."
)
class ImportGraphInput:
    document: JSON | None = strawberry.field(
        default=None, description="An interchange-format document (format_version 2, or 1)."
    )
    format: InterchangeFormat | None = strawberry.field(
        default=None, description="The format of `content` or `files` (default JSON)."
    )
    content: str | None = strawberry.field(default=None, description="One file's text.")
    files: list[FileInput] | None = strawberry.field(
        default=None, description="Several files' text, by name (CSV)."
    )
    region: strawberry.ID | None = strawberry.field(
        default=None,
        description="Region of elements that name none (GraphML, ArchiMate, portfolio).",
    )
    dry_run: bool = strawberry.field(
        default=False, description="Check everything and report; keep nothing."
    )
    mirror: strawberry.ID | None = strawberry.field(
        default=None,
        description="The file is the whole truth for this region: its nodes missing from "
        "the file are deleted (DRAFTs) or retired, its relationships missing from the file "
        "removed. Needs the approver role in the region; try `dryRun` first.",
    )
