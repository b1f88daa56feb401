"""Dict shapes of records as the event log and the stores keep them, beyond the
interchange format: an edge with its suspect mark, and a comment.

>>> from strategygraph.domain import Edge, Relation
>>> edge_from_state(edge_state(Edge("p", Relation.ADDRESSES, "c"))).key
('p', 'c')
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .codec import edge_to_dict
from .kinds import Relation
from .model import Comment, Edge

__all__ = ["comment_from_state", "comment_state", "edge_from_state", "edge_state"]


def edge_state(edge: Edge) -> dict[str, Any]:
    """The interchange dict, plus ``suspect_at``/``suspect_by`` while the edge is suspect."""
    data = edge_to_dict(edge)
    if edge.suspect_at is not None:
        data["suspect_at"] = edge.suspect_at.isoformat()
        data["suspect_by"] = edge.suspect_by
    return data


def edge_from_state(data: dict[str, Any]) -> Edge:
    """The edge of a dict this program wrote itself (an event's before or after)."""
    at = data.get("suspect_at")
    return Edge(
        data["source"],
        Relation(data["relation"]),
        data["target"],
        bool(data.get("inferred")),
        data.get("note"),
        datetime.fromisoformat(at) if at else None,
        data.get("suspect_by") if at else None,
    )


def comment_state(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "node_id": comment.node_id,
        "author": comment.author,
        "at": comment.at.isoformat(),
        "text": comment.text,
        "version": comment.version,
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
    }


def comment_from_state(data: dict[str, Any]) -> Comment:
    edited = data.get("edited_at")
    return Comment(
        data["id"],
        data["node_id"],
        data["author"],
        datetime.fromisoformat(data["at"]),
        data["text"],
        int(data.get("version") or 1),
        datetime.fromisoformat(edited) if edited else None,
    )
