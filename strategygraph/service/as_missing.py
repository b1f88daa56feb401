"""The refusal a write gets when a node it names does not exist, built for a node the
writer may not open, so the two answers are the same (``authz.authorize`` raises it).

Each answer is the store's own for that operation (the applier's steps,
``store/apply_graph.py`` and ``apply_history.py``): an edge to a missing node is a
``dangling-endpoint`` problem, a missing edge to remove or review is ``NOT_FOUND`` for the
edge, a comment on a hidden node is ``NOT_FOUND`` for the comment, and every other write
``NOT_FOUND`` for the node.

Deleting a node the writer may open whose edges reach nodes it may not is the one write
that cannot be answered as if they did not exist (the edges would go with it, and they are
not the writer's to remove): it is refused by ``hidden_edges``, naming none of them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from ..domain import NotFound, Problem, StrategyGraphError, ValidationError
from ..domain.changes import (
    AddEdge,
    DeleteNode,
    EditComment,
    Operation,
    RemoveEdge,
    ReviewEdge,
)
from ..domain.situation_changes import FileReport, PutIndicator, PutRisk
from ..domain.situation_rules import check_indicator, check_report, check_risk

__all__ = ["as_missing", "hidden_edges"]


def hidden_edges(node_id: str) -> ValidationError:
    """The refusal to delete ``node_id`` while it has edges to nodes the writer may not
    open: the same words whichever and however many they are."""
    return ValidationError.one(
        "hidden-edges",
        f"node '{node_id}' has edges to nodes you may not open, so it cannot be deleted "
        "by you; ask an administrator of their regions to remove those edges, or retire it",
        "id",
    )


def as_missing(op: Operation, hidden: Collection[str]) -> StrategyGraphError:
    """What the store answers ``op`` when the nodes ``hidden`` (those the writer may not
    open and those that do not exist) do not exist."""
    if isinstance(op, AddEdge):
        edge = op.edge
        shown = f"{edge.source} -{edge.relation.value}-> {edge.target}"
        return ValidationError(
            [
                Problem("dangling-endpoint", f"edge {shown}: node '{end}' does not exist", name)
                for name, end in (("source", edge.source), ("target", edge.target))
                if end in hidden
            ]
        )
    if isinstance(op, RemoveEdge | ReviewEdge):
        return NotFound("edge", f"{op.source} -{op.relation.value}-> {op.target}")
    if isinstance(op, EditComment):
        return NotFound("comment", op.comment_id)
    if isinstance(op, PutRisk):
        risk = op.risk
        missing = [
            Problem(
                "dangling-endpoint",
                f"risk '{risk.id}': node '{n}' does not exist",
                "threatens",
                op.where,
            )
            for n in risk.threatens
            if n in hidden
        ]
        return ValidationError(check_risk(risk, op.where) + missing)
    if isinstance(op, PutIndicator):
        ind = op.indicator
        text = f"indicator '{ind.id}': node '{ind.node}' does not exist"
        missing = [Problem("dangling-endpoint", text, "node", op.where)]
        return ValidationError(check_indicator(ind, op.where) + missing)
    if isinstance(op, FileReport):
        report = op.report
        text = f"status report '{report.id}': node '{report.project}' does not exist"
        today = datetime.now(UTC).date()
        missing = [Problem("dangling-endpoint", text, "project", op.where)]
        return ValidationError(check_report(report, today, op.where) + missing)
    if isinstance(op, DeleteNode) and op.node_id not in hidden:
        return hidden_edges(op.node_id)
    return NotFound("node", next(iter(sorted(hidden))))
