"""The domain's enumerations as GraphQL enums, and the API's own (orderings, operations)."""

from __future__ import annotations

from enum import Enum

import strawberry

from ..domain import Health, NodeKind, Relation, Status
from ..trace import GapType

__all__ = ["ChangeOperation", "GapType", "Health", "NodeKind", "NodeOrder", "Relation", "Status"]

strawberry.enum(NodeKind, description="The six layers, top (national goals) to bottom.")
strawberry.enum(
    Relation,
    description="How a node serves another. Edges point up; DEPENDS_ON is lateral.",
)
strawberry.enum(Status, description="Lifecycle: DRAFT → PROPOSED → APPROVED → RETIRED.")
strawberry.enum(Health, description="A project's health; UNKNOWN when nobody has said.")
strawberry.enum(GapType, description="The kinds of gap the gap analysis reports.")


@strawberry.enum(description="How `nodes` sorts; every order ends with the id.")
class NodeOrder(Enum):
    ID = "ID"
    TITLE = "TITLE"
    KIND = "KIND"
    """Layer (national goals first), then title."""
    UPDATED_AT = "UPDATED_AT"
    """Most recently changed first."""


@strawberry.enum(description="Which way `changes` reads the event log.")
class ChangeOrder(Enum):
    OLDEST_FIRST = "OLDEST_FIRST"
    """In commit order: to follow the log from a point on."""
    NEWEST_FIRST = "NEWEST_FIRST"
    """The latest first: the last change without walking the whole log."""


@strawberry.enum(description="What one event-log entry did.")
class ChangeOperation(Enum):
    CREATE_NODE = "create_node"
    UPDATE_NODE = "update_node"
    DELETE_NODE = "delete_node"
    LINK = "link"
    UNLINK = "unlink"
    PUT_REGION = "put_region"
    PUT_ORGANISATION = "put_organisation"
    SUSPECT_LINK = "suspect_link"
    REVIEW_LINK = "review_link"
    ADD_COMMENT = "add_comment"
    EDIT_COMMENT = "edit_comment"
    PUT_RISK = "put_risk"
    DELETE_RISK = "delete_risk"
    PUT_INDICATOR = "put_indicator"
    ADD_MEASUREMENT = "add_measurement"
    FILE_REPORT = "file_report"
