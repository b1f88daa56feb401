"""The domain's enumerations as GraphQL enums, and the API's own (orderings, operations)."""

from __future__ import annotations

from enum import Enum

import strawberry

from ..domain import Health, NodeKind, Relation, Status
from ..domain.answers import GapType
from .enum_words import described_enum

__all__ = [
    "ChangeOperation",
    "Direction",
    "GapType",
    "Health",
    "NodeKind",
    "NodeOrder",
    "Relation",
    "Status",
]

described_enum(NodeKind, "The six layers, top (national goals) to bottom.")
described_enum(Relation, "How a node serves another. Edges point up; DEPENDS_ON is lateral.")
described_enum(Status, "Lifecycle: DRAFT → PROPOSED → APPROVED → RETIRED.")
described_enum(Health, "A project's health; UNKNOWN when nobody has said.")
described_enum(GapType, "The kinds of gap the gap analysis reports.")


@strawberry.enum(
    description="How `nodes` sorts; every order ends with the id, so equal keys keep one "
    "order. `direction` turns it round."
)
class NodeOrder(Enum):
    ID = strawberry.enum_value("ID", description="By id, a→z (ascending).")
    TITLE = strawberry.enum_value(
        "TITLE", description="By title, ignoring case and accents, A→Ö (ascending)."
    )
    KIND = strawberry.enum_value(
        "KIND", description="By layer, national goals first, then by title (ascending)."
    )
    UPDATED_AT = strawberry.enum_value(
        "UPDATED_AT",
        description="By the time of the node's last change (`updatedAt`), the most recently "
        "changed first (descending); nodes never changed since loading count as oldest.",
    )


@strawberry.enum(
    description="Which way an ordered list runs. Left out, each order runs its own way "
    "(`NodeOrder` says which); given, it says the way outright."
)
class Direction(Enum):
    ASC = strawberry.enum_value(
        "ASC", description="Ascending: a→z, national goals first, the oldest change first."
    )
    DESC = strawberry.enum_value(
        "DESC", description="Descending: z→a, projects first, the latest change first."
    )


@strawberry.enum(description="Which way `changes` reads the event log.")
class ChangeOrder(Enum):
    OLDEST_FIRST = strawberry.enum_value(
        "OLDEST_FIRST", description="In commit order: to follow the log from a point on."
    )
    NEWEST_FIRST = strawberry.enum_value(
        "NEWEST_FIRST",
        description="The latest first: the last change without walking the whole log.",
    )


def _op(value: str, description: str) -> object:
    return strawberry.enum_value(value, description=description)


@strawberry.enum(description="What one event-log entry did.")
class ChangeOperation(Enum):
    CREATE_NODE = _op("create_node", "A node was created.")
    UPDATE_NODE = _op("update_node", "A node's fields (or status) changed.")
    DELETE_NODE = _op("delete_node", "A node was deleted.")
    LINK = _op("link", "An edge was added.")
    UNLINK = _op("unlink", "An edge was removed.")
    PUT_REGION = _op("put_region", "A region was created or renamed.")
    PUT_ORGANISATION = _op("put_organisation", "An organisation was created or changed.")
    SUSPECT_LINK = _op("suspect_link", "An edge became suspect: the node it serves changed.")
    REVIEW_LINK = _op("review_link", "A suspect edge was reviewed and confirmed.")
    ADD_COMMENT = _op("add_comment", "A comment was added to a node's thread.")
    EDIT_COMMENT = _op("edit_comment", "A comment's text was edited.")
    PUT_RISK = _op("put_risk", "A risk was recorded or changed.")
    DELETE_RISK = _op("delete_risk", "A risk was deleted.")
    PUT_INDICATOR = _op("put_indicator", "An indicator was defined or changed.")
    ADD_MEASUREMENT = _op("add_measurement", "A measurement was added to an indicator.")
    FILE_REPORT = _op("file_report", "A status report was filed.")
