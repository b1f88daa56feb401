"""A mirrored import: the file is the whole truth for one region.

With ``mirror`` (a region id) nodes of the region missing from the file are deleted when
they are drafts (with their edges) and retired otherwise (a decided element keeps its
record); edges leaving the region's nodes that are missing from the file are removed.
Nodes already retired are left alone. A portfolio sheet holds only projects and what they
serve: mirrored, it is the whole truth of the region's projects and their upward edges
(``mirror_scope``); lateral ``DEPENDS_ON`` edges, which a sheet cannot say, are kept.

Its own module because what a mirror removes is a rule of its own beside planning what a
file adds and changes (``imports.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain import (
    DEFAULT_METAMODEL,
    Edge,
    Node,
    NodeKind,
    Problem,
    Status,
    ValidationError,
)
from ..domain.changes import DeleteNode, Operation, RemoveEdge, UpdateNode
from ..interchange import Document, PortfolioReading, Reading
from .import_plan import ImportPlan, shown

__all__ = ["EVERYTHING", "MirrorScope", "mirror_operations", "mirror_scope"]


@dataclass(frozen=True)
class MirrorScope:
    """What a mirrored file is the whole truth of: nodes of these kinds, and their
    edges (only the upward ones with ``upward_only``)."""

    kinds: frozenset[NodeKind] = frozenset(NodeKind)
    upward_only: bool = False


EVERYTHING = MirrorScope()


def mirror_scope(reading: Reading, mirror: str | None) -> MirrorScope:
    """What ``reading`` may mirror; a portfolio with rows left out cannot be mirrored
    (their projects would look missing), and is refused naming the rows."""
    if mirror is None or not isinstance(reading, PortfolioReading):
        return EVERYTHING
    if reading.unmatched:
        raise ValidationError(
            [
                Problem(
                    "mirror-incomplete",
                    f"{u}; a mirror import needs every row read (fix the row or import "
                    "without mirror)",
                    "serves",
                    u.where,
                )
                for u in reading.unmatched
            ]
        )
    return MirrorScope(frozenset({NodeKind.STRATEGIC_PROJECT}), upward_only=True)


def mirror_operations(
    plan: ImportPlan,
    region: str,
    scope: MirrorScope,
    sees: Callable[[Node], bool],
    doc: Document,
    existing: dict[str, Node],
    existing_edges: dict[tuple[str, str], Edge],
    removals: list[Operation],
) -> list[Operation]:
    """Operations making ``region`` hold only what ``doc`` holds; the edge removals are
    added to ``removals`` (they go before the file's new edges)."""
    in_file = {n.id for n in doc.nodes} | {end for e in doc.edges for end in e.key}
    edges_in_file = {e.key for e in doc.edges}
    gone = {
        n.id: n
        for n in existing.values()
        if n.region == region
        and n.kind in scope.kinds
        and sees(n)
        and n.id not in in_file
        and n.status is not Status.RETIRED
    }
    drafts = {i for i, n in gone.items() if n.status is Status.DRAFT}
    where = f"mirror of region '{region}'"
    for key, edge in existing_edges.items():
        if key in edges_in_file:
            continue
        if edge.source in drafts or edge.target in drafts:
            plan.edges_removed.append(shown(edge))  # a deleted draft takes its edges along
            continue
        if scope.upward_only and not DEFAULT_METAMODEL.is_upward(edge.relation):
            continue  # a portfolio's lateral edge: the sheet cannot say it
        source, target = existing.get(edge.source), existing.get(edge.target)
        if source is None or target is None or not sees(target):
            continue
        if source.region == region and source.kind in scope.kinds:
            plan.edges_removed.append(shown(edge))
            removals.append(RemoveEdge(edge.source, edge.relation, edge.target, where))
    out: list[Operation] = []
    for node_id in sorted(gone):
        if node_id in drafts:
            out.append(DeleteNode(node_id, cascade=True, where=where))
            plan.deleted.append(node_id)
        else:
            out.append(UpdateNode(node_id, {"status": Status.RETIRED}, where=where))
            plan.retired.append(node_id)
    return out
