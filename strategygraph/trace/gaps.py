"""Gap analysis: what in the strategy is not traced, not covered or left behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from ..domain import NodeKind, Status
from .reach import goal_masks
from .view import GraphView

__all__ = ["Gap", "GapType", "gaps"]

K = NodeKind


class GapType(StrEnum):
    PROJECT_NOT_TRACED = "PROJECT_NOT_TRACED"
    CHALLENGE_UNADDRESSED = "CHALLENGE_UNADDRESSED"
    LINE_EMPTY = "LINE_EMPTY"
    GOAL_UNSERVED = "GOAL_UNSERVED"
    LAYER_SKIP = "LAYER_SKIP"
    STALE_DRAFT = "STALE_DRAFT"


@dataclass(frozen=True, slots=True)
class Gap:
    type: GapType
    node_id: str
    region: str
    message: str
    related: str | None = None


def gaps(
    view: GraphView,
    region: str | None = None,
    now: datetime | None = None,
    draft_days: int = 90,
) -> list[Gap]:
    """Every gap of the active graph (of one region if given), in one pass."""
    _, masks = goal_masks(view)
    stale_before = (now or datetime.now(UTC)) - timedelta(days=draft_days)
    found: list[Gap] = []
    for node in view.by_layer():
        if region is not None and node.region != region:
            continue

        def gap(kind: GapType, message: str, related: str | None = None) -> None:
            found.append(Gap(kind, node.id, node.region, message, related))  # noqa: B023

        title = f"'{node.title}' ({node.id})"
        below = [c for c in view.children(node.id) if view.active(c)]
        if node.kind is K.STRATEGIC_PROJECT and not masks[node.id]:
            gap(
                GapType.PROJECT_NOT_TRACED,
                f"Project {title} does not reach any national goal: nothing explains "
                "why it exists.",
            )
        if node.kind is K.CHALLENGE and not any(
            view.nodes[c].kind is K.STRATEGIC_PROJECT for c in below
        ):
            gap(
                GapType.CHALLENGE_UNADDRESSED,
                f"Challenge {title} is addressed by no strategic project.",
            )
        if node.kind is K.STRATEGIC_LINE and not below:
            gap(GapType.LINE_EMPTY, f"Strategic line {title} has no challenge or project under it.")
        if node.kind is K.NATIONAL_GOAL and not below:
            gap(GapType.GOAL_UNSERVED, f"National goal {title} is served by nothing.")
        for parent in view.parents(node.id):
            target = view.nodes[parent]
            if view.active(parent) and view.metamodel.is_skip(node.kind, target.kind):
                gap(
                    GapType.LAYER_SKIP,
                    f"{node.kind.label} {title} links straight to {target.kind.label.lower()} "
                    f"'{target.title}' ({target.id}), skipping a layer.",
                    parent,
                )
        changed = node.updated_at or node.created_at
        if node.status is Status.DRAFT and changed is not None and changed < stale_before:
            gap(
                GapType.STALE_DRAFT,
                f"{node.kind.label} {title} has been a draft since {changed.date()}, "
                f"more than {draft_days} days.",
            )
    found.sort(key=lambda g: (list(GapType).index(g.type), g.node_id))
    return found
