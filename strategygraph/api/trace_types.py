"""Answers of the traceability queries: paths, contributions, routes, gaps, coverage."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry

from ..domain.answers import COUNTED, Contribution, CoverageRow, Gap, Route, TracePath
from .context import Context
from .enums import GapType, Health, NodeKind, Relation
from .health_types import HealthShare
from .types import NodeType, node_type

__all__ = [
    "ContributionType",
    "CoverageRowType",
    "GapType",
    "GapTypeObject",
    "LayerCount",
    "PathType",
    "contribution_type",
    "coverage_type",
    "gap_type",
    "path_type",
    "path_types",
]


@strawberry.type(
    name="TracePath",
    description="A chain of edges: `relations[i]` links `nodes[i]` to `nodes[i + 1]`.",
)
class PathType:
    nodes: list[NodeType] = strawberry.field(
        description="The path's nodes, from the traced node up."
    )
    relations: list[Relation] = strawberry.field(
        description=("The path's relations: `relations[i]` links `nodes[i]` to `nodes[i + 1]`.")
    )
    length: int = strawberry.field(description="The number of edges.")
    upward: bool = strawberry.field(
        description="True when the chain runs up from the first node (always, for traceUp)."
    )


def path_types(paths: Iterable[TracePath | Route], ctx: Context) -> list[PathType]:
    """Each path's object; a node on several paths (most of them, in a ``traceUp``) is
    looked up once."""
    shown: dict[str, NodeType] = {}

    def node(node_id: str) -> NodeType:
        found = shown.get(node_id)
        if found is None:
            found = shown[node_id] = node_type(ctx.node(node_id))
        return found

    return [
        PathType(
            nodes=[node(i) for i in p.nodes],
            relations=list(p.relations),
            length=len(p.relations),
            upward=p.upward if isinstance(p, Route) else True,
        )
        for p in paths
    ]


def path_type(p: TracePath | Route, ctx: Context) -> PathType:
    return path_types([p], ctx)[0]


@strawberry.type(
    name="Contribution",
    description="A node that contributes to the traced one, `depth` edges below it.",
)
class ContributionType:
    node: NodeType = strawberry.field(description="The contributing node.")
    kind: NodeKind = strawberry.field(description="The contributing node's kind.")
    layer: int = strawberry.field(description="The node's layer: 0 national goal … 5 project.")
    depth: int = strawberry.field(
        description=("How many edges below the traced node it is (1: directly under it).")
    )
    via: NodeType = strawberry.field(
        description="The node it serves on the way up (of several one level nearer, the "
        "first by id)."
    )
    relation: Relation = strawberry.field(description="The relation of the edge from it to `via`.")


def contribution_type(c: Contribution, ctx: Context) -> ContributionType:
    node = ctx.node(c.node_id)
    return ContributionType(
        node=node_type(node),
        kind=node.kind,
        layer=node.kind.layer,
        depth=c.depth,
        via=node_type(ctx.node(c.via)),
        relation=c.relation,
    )


@strawberry.type(name="Gap", description="One gap in the strategy, explained in a sentence.")
class GapTypeObject:
    type: GapType = strawberry.field(description="What kind of gap it is.")
    node: NodeType = strawberry.field(description="The node the gap is at.")
    region: strawberry.ID = strawberry.field(description="The region of that node.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    related: NodeType | None = strawberry.field(
        description="The other node involved (the target of a layer skip)."
    )


def gap_type(g: Gap, ctx: Context) -> GapTypeObject:
    related = ctx.find(g.related) if g.related else None
    return GapTypeObject(
        type=g.type,
        node=node_type(ctx.node(g.node_id)),
        region=strawberry.ID(g.region),
        message=g.message,
        related=node_type(related) if related else None,
    )


@strawberry.type(description="How many nodes of one layer reach the goal.")
class LayerCount:
    kind: NodeKind = strawberry.field(description="The layer, as a kind.")
    layer: int = strawberry.field(description="The layer number: 0 national goal … 5 project.")
    count: int = strawberry.field(description="How many nodes of that layer.")


@strawberry.type(
    name="CoverageRow",
    description="What of one region reaches one national goal, per layer, and the health "
    "of those projects. `region` is `*` on the row of a goal nothing reaches.",
)
class CoverageRowType:
    goal: NodeType = strawberry.field(description="The national goal.")
    region: str = strawberry.field(
        description=("The region counted (`*` on the row of a goal nothing reaches).")
    )
    counts: list[LayerCount] = strawberry.field(
        description="How many nodes of each layer of the region reach the goal."
    )
    projects: int = strawberry.field(
        description="How many of the region's projects reach the goal."
    )
    project_health: list[HealthShare] = strawberry.field(
        description=("The health of those projects: a count and share per health.")
    )


def coverage_type(row: CoverageRow, ctx: Context) -> CoverageRowType:
    projects = row.projects
    return CoverageRowType(
        goal=node_type(ctx.node(row.goal_id)),
        region=row.region,
        counts=[LayerCount(kind=k, layer=k.layer, count=row.counts[k]) for k in COUNTED],
        projects=projects,
        project_health=[
            HealthShare(
                health=h,
                count=row.health[h],
                share=row.health[h] / projects if projects else 0.0,
            )
            for h in Health
        ],
    )
