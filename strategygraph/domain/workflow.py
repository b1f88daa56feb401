"""The approval workflow: DRAFT → PROPOSED → APPROVED → RETIRED, and the ways back."""

from __future__ import annotations

import dataclasses
from datetime import date

from .errors import Problem, ValidationError
from .kinds import Status
from .model import Node

__all__ = [
    "APPROVAL_FIELDS",
    "SUSPECT_FIELDS",
    "TRANSITIONS",
    "approval_problems",
    "check_transition",
    "demoted",
    "makes_links_suspect",
    "status_changes",
]

SUSPECT_FIELDS = ("title", "description")
"""Changing one of these on an approved node puts every edge under it in doubt."""


def makes_links_suspect(old: Node, new: Node) -> bool:
    """Does this update make the edges that serve ``old`` suspect (doorstop's idea)?"""
    return old.status is Status.APPROVED and any(
        getattr(old, f) != getattr(new, f) for f in SUSPECT_FIELDS
    )


APPROVAL_FIELDS = ("approved_by", "decision_date", "decision_ref")
"""What an approval records; a node sent back to DRAFT has none of them."""


def demoted(old: Node, new: Node) -> Node:
    """``new``, without the approval fields when it moves back to DRAFT from another
    status (a draft is not approved by anyone)."""
    if new.status is Status.DRAFT and old.status is not Status.DRAFT:
        return dataclasses.replace(new, approved_by=None, decision_date=None, decision_ref=None)
    return new


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
        problems += approval_problems(node_id, approved_by, decision_date)
    if problems:
        raise ValidationError(problems)


def approval_problems(
    node_id: str, approved_by: str | None, decision_date: date | None
) -> list[Problem]:
    """What an approval lacks: the approving body and the decision date (``setStatus``
    and an import of an APPROVED node refuse the same)."""
    problems = []
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
    return problems


def status_changes(
    node_id: str,
    new: Status,
    approved_by: str | None = None,
    decision_date: date | None = None,
    decision_ref: str | None = None,
) -> dict[str, object]:
    """The fields a move to ``new`` writes: what is given is recorded (on PROPOSED the body
    the proposal goes to, its meeting date and reference; on APPROVED and RETIRED the
    decision's); what is not given is kept. A draft is approved by no one: giving those
    fields with DRAFT is refused rather than dropped (the move itself clears them)."""
    given = {
        "approved_by": approved_by,
        "decision_date": decision_date,
        "decision_ref": decision_ref,
    }
    if new is Status.DRAFT:
        problems = [
            Problem(
                "approval-fields",
                f"node '{node_id}': {name} cannot be given for DRAFT; a draft is approved "
                "by no one",
                name,
            )
            for name in APPROVAL_FIELDS
            if given[name] is not None
        ]
        if problems:
            raise ValidationError(problems)
    return {"status": new, **{k: v for k, v in given.items() if v is not None}}
