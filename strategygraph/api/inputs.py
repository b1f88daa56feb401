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


@strawberry.input(description="A free-form attribute of a node: a key and its text value.")
class AttributeInput:
    key: str = strawberry.field(description="The attribute's name, unique within the node.")
    value: str = strawberry.field(description="The attribute's text.")


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
    kind: NodeKind = strawberry.field(description="The node's layer.")
    region: strawberry.ID = strawberry.field(
        description=("The region the node belongs to (`national` for national goals).")
    )
    title: str = strawberry.field(
        description="The name people read; required, no control characters."
    )
    organisation: strawberry.ID | None = strawberry.field(
        default=None, description="The owning organisation, by id, of the same region."
    )
    description: str | None = strawberry.field(default=None, description="A longer explanation.")
    tags: list[str] | None = strawberry.field(
        default=None, description="Free tags (duplicates are dropped; a bounded number)."
    )
    attributes: list[AttributeInput] | None = strawberry.field(
        default=None, description="Free-form attributes; each key once."
    )
    source: str | None = strawberry.field(
        default=None, description="Where the node comes from: a document, a page, a link."
    )
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
    id: strawberry.ID = strawberry.field(description="The node to change.")
    expected_version: int = strawberry.field(
        description="The version you read; a stale one is refused with VERSION_CONFLICT."
    )
    title: str | None = strawberry.field(
        default=strawberry.UNSET, description="A new title (not empty)."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="A new description; null clears it."
    )
    region: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Move the node to this region (needs the role in both).",
    )
    organisation: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A new owning organisation; null clears it."
    )
    tags: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="The new tags, replacing the old ones."
    )
    attributes: list[AttributeInput] | None = strawberry.field(
        default=strawberry.UNSET, description="The new attributes, replacing the old ones."
    )
    source: str | None = strawberry.field(
        default=strawberry.UNSET, description="A new source; null clears it."
    )
    owner: str | None = strawberry.field(
        default=strawberry.UNSET, description="Projects only: a new owner."
    )
    phase: str | None = strawberry.field(
        default=strawberry.UNSET, description="Projects only: a new phase."
    )
    start_date: date | None = strawberry.field(
        default=strawberry.UNSET, description="Projects only: a new start date."
    )
    due_date: date | None = strawberry.field(
        default=strawberry.UNSET, description="Projects only: a new due date."
    )
    progress: int | None = strawberry.field(
        default=strawberry.UNSET, description="Projects only: per cent done, 0–100."
    )
    health: Health | None = strawberry.field(
        default=strawberry.UNSET, description="Projects only: the health as now reported."
    )

    def patch(self) -> dict[str, Any]:
        return _fields(self, frozenset({"id", "expected_version"}))


@strawberry.input(description="Move a node through DRAFT → PROPOSED → APPROVED (or back).")
class SetStatusInput:
    id: strawberry.ID = strawberry.field(description="The node to move.")
    status: Status = strawberry.field(description="The status to move it to.")
    expected_version: int | None = strawberry.field(
        default=None,
        description=("The version you read; a stale one is refused with VERSION_CONFLICT."),
    )
    approved_by: str | None = strawberry.field(
        default=None, description="The approving body; required for APPROVED."
    )
    decision_date: date | None = strawberry.field(
        default=None, description="The decision date; required for APPROVED."
    )
    decision_ref: str | None = strawberry.field(
        default=None, description="A reference to the decision (minutes, section)."
    )


@strawberry.input(description=("The node to retire (it stays as history, out of every trace)."))
class RetireNodeInput:
    id: strawberry.ID = strawberry.field(description="The node to retire.")
    expected_version: int | None = strawberry.field(
        default=None,
        description=("The version you read; a stale one is refused with VERSION_CONFLICT."),
    )


@strawberry.input(
    description="Delete a node. Refused while edges touch it unless `cascade`; `dryRun` "
    "only reports what would go."
)
class DeleteNodeInput:
    id: strawberry.ID = strawberry.field(description="The node to delete.")
    expected_version: int | None = strawberry.field(
        default=None,
        description=("The version you read; a stale one is refused with VERSION_CONFLICT."),
    )
    cascade: bool = strawberry.field(
        default=False,
        description=("Delete the node's edges with it (otherwise edges refuse the delete)."),
    )
    dry_run: bool = strawberry.field(
        default=False, description="Only report what would go; delete nothing."
    )


@strawberry.input(description="Add an edge from `source` up to `target` (or DEPENDS_ON).")
class LinkInput:
    source: strawberry.ID = strawberry.field(
        description=("The node the edge starts from (the lower one, or the dependent project).")
    )
    relation: Relation = strawberry.field(
        description="The relation; the metamodel says which fit the two kinds."
    )
    target: strawberry.ID = strawberry.field(
        description=("The node the edge points to (the one served, or depended on).")
    )
    note: str | None = strawberry.field(default=None, description="A note on the edge.")
    inferred: bool = strawberry.field(
        default=False, description="Mark the edge as inferred rather than stated."
    )


@strawberry.input(description="The edge to remove, by its source, relation and target.")
class UnlinkInput:
    source: strawberry.ID = strawberry.field(description="The edge's source node.")
    relation: Relation = strawberry.field(description="The edge's relation.")
    target: strawberry.ID = strawberry.field(description="The edge's target node.")


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
    content: str | None = strawberry.field(
        default=None,
        description="One file's text; for XLSX, the workbook's bytes in base64 (RFC 4648).",
    )
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
