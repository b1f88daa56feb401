"""The approval workflow: DRAFT → PROPOSED → APPROVED → RETIRED, and the ways back."""

from __future__ import annotations

from datetime import date

from .errors import Problem, ValidationError
from .kinds import Status
from .model import Node

__all__ = ["SUSPECT_FIELDS", "TRANSITIONS", "check_transition", "makes_links_suspect"]

SUSPECT_FIELDS = ("title", "description")
"""Changing one of these on an approved node puts every edge under it in doubt."""


def makes_links_suspect(old: Node, new: Node) -> bool:
    """Does this update make the edges that serve ``old`` suspect (doorstop's idea)?"""
    return old.status is Status.APPROVED and any(
        getattr(old, f) != getattr(new, f) for f in SUSPECT_FIELDS
    )


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.PROPOSED, Status.RETIRED}),
    Status.PROPOSED: frozenset({Status.DRAFT, Status.APPROVED, Status.RETIRED}),
    Status.APPROVED: frozenset({Status.PROPOSED, Status.RETIRED}),
    Status.RETIRED: frozenset({Status.DRAFT}),
}


def check_transition(
    node_id: str,
    current: Status,
    new: Status,
    approved_by: str | None,
    decision_date: date | None,
) -> None:
    """Refuse a move the workflow does not allow, or an approval without body and date."""
    problems = []
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current]))
        problems.append(
            Problem(
                "status-transition",
                f"node '{node_id}': status cannot go from {current.value} to {new.value}; "
                f"from {current.value} it may go to {allowed}",
                "status",
            )
        )
    if new is Status.APPROVED:
        if not approved_by or not approved_by.strip():
            problems.append(
                Problem(
                    "approval-body",
                    f"node '{node_id}': approval needs the approving body",
                    "approved_by",
                )
            )
        if decision_date is None:
            problems.append(
                Problem(
                    "approval-date",
                    f"node '{node_id}': approval needs the decision date",
                    "decision_date",
                )
            )
    if problems:
        raise ValidationError(problems)
