"""Suspect marks in the interchange (format version 2): an edge's ``suspect_at`` and
``suspect_by``, carried beside the domain's edge fields while the edge is suspect.

The domain's edge codec knows only an edge's identity and attributes; this module peels
the mark off an edge dict, checks it, and puts it on the built ``Edge``::

    mark, problems = take_mark(raw, "edges[3]")   # raw loses suspect_at / suspect_by
    edge = with_mark(edge_from_dict(raw), mark)
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from ..domain import Edge, Problem

__all__ = ["MARK_FIELDS", "Mark", "take_mark", "with_mark"]

MARK_FIELDS = ("suspect_at", "suspect_by")

Mark = tuple[datetime, str | None] | None
"""When and by whom an edge was put in doubt; ``None``: not suspect."""


def take_mark(raw: dict[str, Any], where: str | None) -> tuple[dict[str, Any], Mark, list[Problem]]:
    """``raw`` without the mark fields, the mark they give, and what is wrong with them."""
    if "suspect_at" not in raw and "suspect_by" not in raw:
        return raw, None, []
    rest = {k: v for k, v in raw.items() if k not in MARK_FIELDS}
    at, by = raw.get("suspect_at"), raw.get("suspect_by")
    problems: list[Problem] = []
    when: datetime | None = None
    if at is not None:
        try:
            when = datetime.fromisoformat(at) if isinstance(at, str) else None
        except ValueError:
            when = None
        if when is None:
            problems.append(
                Problem(
                    "date-format",
                    f"edge: 'suspect_at' {at!r} is not an ISO date-time",
                    "suspect_at",
                    where,
                )
            )
    if by is not None and not isinstance(by, str):
        problems.append(Problem("type", "edge: 'suspect_by' must be a string", "suspect_by", where))
    if when is None:
        return rest, None, problems
    return rest, (when, by if isinstance(by, str) else None), problems


def with_mark(edge: Edge, mark: Mark) -> Edge:
    if mark is None:
        return edge
    return dataclasses.replace(edge, suspect_at=mark[0], suspect_by=mark[1])
