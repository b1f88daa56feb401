"""What an event-log entry did: the operation names the log keeps.

A ``StrEnum``, so each member is the very string written to the SQLite event log and to
Neo4j (``EventOperation.LINK == "link"``): logs written before the enum read as before.

>>> EventOperation("create_node") is EventOperation.CREATE_NODE
True
>>> f"{EventOperation.SUSPECT_LINK}"
'suspect_link'
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "COMMENT_OPERATIONS",
    "EDGE_OPERATIONS",
    "NODE_OPERATIONS",
    "SITUATION_EVENTS",
    "EventOperation",
]


class EventOperation(StrEnum):
    CREATE_NODE = "create_node"
    UPDATE_NODE = "update_node"
    DELETE_NODE = "delete_node"
    LINK = "link"
    UNLINK = "unlink"
    SUSPECT_LINK = "suspect_link"
    REVIEW_LINK = "review_link"
    PUT_REGION = "put_region"
    PUT_ORGANISATION = "put_organisation"
    ADD_COMMENT = "add_comment"
    EDIT_COMMENT = "edit_comment"
    PUT_RISK = "put_risk"
    DELETE_RISK = "delete_risk"
    PUT_INDICATOR = "put_indicator"
    ADD_MEASUREMENT = "add_measurement"
    FILE_REPORT = "file_report"


E = EventOperation  # short, for the sets below
NODE_OPERATIONS = frozenset({E.CREATE_NODE, E.UPDATE_NODE, E.DELETE_NODE})
EDGE_OPERATIONS = frozenset({E.LINK, E.UNLINK, E.SUSPECT_LINK, E.REVIEW_LINK})
COMMENT_OPERATIONS = frozenset({E.ADD_COMMENT, E.EDIT_COMMENT})
SITUATION_EVENTS = frozenset(
    {E.PUT_RISK, E.DELETE_RISK, E.PUT_INDICATOR, E.ADD_MEASUREMENT, E.FILE_REPORT}
)
"""Operations that change the situational picture."""
del E
