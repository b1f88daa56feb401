"""Gap analysis: what in the strategy is not traced, not covered or left behind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from ..domain import Node, NodeKind, Status
from .reach import goal_masks
from .view import GraphView

__all__ = ["Gap", "GapType", "gaps"]

K = NodeKind
RETIRED = Status.RETIRED


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
    """Every gap of the active graph (of one region if given), in one pass.

    The gaps of the graph's shape (all but stale drafts) are found in one pass over the
    whole graph and kept until it changes (``GraphView.memo``); stale drafts depend on the
    time, so they are judged on every call, over the drafts only."""
    structural = view.memo("structural_gaps", lambda: _structural(view))
    stale_before = (now or datetime.now(UTC)) - timedelta(days=draft_days)
    stale = []
    for node in view.memo("drafts", lambda: _drafts(view)):
        if region is not None and node.region != region:
            continue
        changed = node.updated_at or node.created_at
        if changed is not None and changed < stale_before:
            stale.append(_gap(GapType.STALE_DRAFT, node, days=draft_days))
    stale.sort(key=lambda g: g.node_id)  # STALE_DRAFT sorts after every other type
    if region is None:
        return [*structural, *stale]
    return [*(g for g in structural if g.region == region), *stale]


def _drafts(view: GraphView) -> list[Node]:
    return [n for n in view.by_layer() if n.status is Status.DRAFT]


def _structural(view: GraphView) -> list[Gap]:
    """Every gap but stale drafts, sorted by type and node id. The pass reads each
    adjacency entry at most once and builds a sentence only for a node with a gap."""
    _, masks = goal_masks(view)
    nodes = view.nodes
    parents_of, children_of = view.parent_map, view.child_map
    metamodel = view.metamodel
    # The relations by which a node of each kind may skip a layer: every other edge is
    # rejected without looking at its target (edges obey the metamodel).
    skip_relations = {
        kind: frozenset(r for s, r, t in metamodel.upward if s is kind and metamodel.is_skip(s, t))
        for kind in K
    }
    project = K.STRATEGIC_PROJECT
    none: dict[str, dict[str, object]] = {}
    found: list[Gap] = []
    for node in view.by_layer():
        kind, node_id = node.kind, node.id
        if kind is project:
            if not masks[node_id]:
                found.append(_gap(GapType.PROJECT_NOT_TRACED, node))
        else:
            missing = _uncovered(node, nodes, children_of.get(node_id, none))
            if missing is not None:
                found.append(_gap(missing, node))
        relations = skip_relations[kind]
        if relations:
            for parent, attrs in parents_of.get(node_id, none).items():
                if attrs["relation"] in relations:
                    target = nodes[parent]
                    if target.status is not RETIRED and metamodel.is_skip(kind, target.kind):
                        found.append(_gap(GapType.LAYER_SKIP, node, target))
    rank = {t: i for i, t in enumerate(GapType)}
    found.sort(key=lambda g: (rank[g.type], g.node_id))
    return found


def _uncovered(node: Node, nodes: dict[str, Node], children: Iterable[str]) -> GapType | None:
    """What a challenge, line or goal lacks below it, if anything."""
    kind = node.kind
    if kind is K.CHALLENGE:
        projects = (nodes[c] for c in children)
        if any(p.kind is K.STRATEGIC_PROJECT and p.status is not RETIRED for p in projects):
            return None
        return GapType.CHALLENGE_UNADDRESSED
    if kind is K.STRATEGIC_LINE or kind is K.NATIONAL_GOAL:
        if any(nodes[c].status is not RETIRED for c in children):
            return None
        return GapType.LINE_EMPTY if kind is K.STRATEGIC_LINE else GapType.GOAL_UNSERVED
    return None


def _gap(kind: GapType, node: Node, target: Node | None = None, days: int = 0) -> Gap:
    """The gap of ``kind`` at ``node``, with its sentence."""
    title = f"'{node.title}' ({node.id})"
    if kind is GapType.PROJECT_NOT_TRACED:
        message = (
            f"Project {title} does not reach any national goal: nothing explains why it exists."
        )
    elif kind is GapType.CHALLENGE_UNADDRESSED:
        message = f"Challenge {title} is addressed by no strategic project."
    elif kind is GapType.LINE_EMPTY:
        message = f"Strategic line {title} has no challenge or project under it."
    elif kind is GapType.GOAL_UNSERVED:
        message = f"National goal {title} is served by nothing."
    elif kind is GapType.LAYER_SKIP and target is not None:
        message = (
            f"{node.kind.label} {title} links straight to {target.kind.label.lower()} "
            f"'{target.title}' ({target.id}), skipping a layer."
        )
        return Gap(kind, node.id, node.region, message, target.id)
    else:
        changed = node.updated_at or node.created_at
        day = changed.date() if changed else None
        message = f"{node.kind.label} {title} has been a draft since {day}, more than {days} days."
    return Gap(kind, node.id, node.region, message)
