"""The gaps of one node: what the shape of the graph around it lacks, in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..domain import Metamodel, Node, NodeKind, Relation, Status
from ..domain.answers import Gap, GapType
from .graph import TraceGraph

__all__ = ["SkipRelations", "draft_gap", "node_gaps", "skip_relations"]

K = NodeKind
RETIRED = Status.RETIRED

SkipRelations = Mapping[NodeKind, frozenset[Relation]]
"""Per kind, the relations by which a node of that kind may skip a layer."""


def skip_relations(metamodel: Metamodel) -> SkipRelations:
    """Every other edge is rejected without looking at its target (edges obey the
    metamodel)."""
    return {
        kind: frozenset(r for s, r, t in metamodel.upward if s is kind and metamodel.is_skip(s, t))
        for kind in K
    }


def node_gaps(
    view: TraceGraph, node: Node, masks: Mapping[str, int], rules: SkipRelations
) -> list[Gap]:
    """The gaps of active ``node`` but a stale draft: untraced, uncovered, layer skips.
    Reads each of its adjacency entries at most once; builds a sentence only for a gap."""
    found: list[Gap] = []
    kind, node_id = node.kind, node.id
    if kind is K.STRATEGIC_PROJECT:
        if not masks.get(node_id, 0):
            found.append(_gap(GapType.PROJECT_NOT_TRACED, node))
    else:
        missing = _uncovered(node, view.nodes, view.children(node_id))
        if missing is not None:
            found.append(_gap(missing, node))
    relations = rules[kind]
    if relations:
        nodes, metamodel = view.nodes, view.metamodel
        for parent, attrs in view.parents(node_id).items():
            if attrs["relation"] in relations:
                target = nodes[parent]
                if target.status is not RETIRED and metamodel.is_skip(kind, target.kind):
                    found.append(_gap(GapType.LAYER_SKIP, node, target))
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


def draft_gap(node: Node, days: int) -> Gap:
    """The gap of a draft left untouched for more than ``days`` days."""
    return _gap(GapType.STALE_DRAFT, node, days=days)


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
