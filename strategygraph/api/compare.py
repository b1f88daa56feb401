"""``compareRegions``: how each region's strategy reaches each national goal."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain import Health
from ..domain.answers import COUNTED, GoalReach, RegionComparison
from ..service import compare_store_regions
from .context import Context
from .health_types import HealthShare
from .offload import off_loop
from .pages import Page, item_page
from .pagination import DEFAULT_PAGE, check_first
from .region_types import Region, region_type
from .trace_types import GapTypeObject, LayerCount, gap_type
from .types import NodeType, node_type
from .volatility import volatile

__all__ = ["CompareQuery", "GoalReachType", "RegionComparisonType"]

Ctx = Info[Context, None]


@strawberry.type(name="GoalReach", description="What of one region reaches one national goal.")
class GoalReachType:
    goal: NodeType = strawberry.field(description="The national goal.")
    reached: bool = strawberry.field(description="True when anything of the region reaches it.")
    counts: list[LayerCount] = strawberry.field(description="Nodes per layer that reach it.")
    projects: list[NodeType] = strawberry.field(
        description="The region's projects that reach it (each with its health)."
    )
    project_health: list[HealthShare] = strawberry.field(
        description=(
            "The health of the region's projects that reach it: a count and share per health."
        )
    )
    gaps: list[GapTypeObject] = strawberry.field(
        description="The region's gaps at nodes under the goal."
    )


@strawberry.type(name="RegionComparison", description="One region against the national goals.")
class RegionComparisonType:
    region: Region = strawberry.field(description="The region.")
    goals_reached: int = strawberry.field(
        description=("How many of the goals compared anything of the region reaches.")
    )
    goals: list[GoalReachType] = strawberry.field(
        description="One entry per national goal compared."
    )
    gaps: list[GapTypeObject] = strawberry.field(
        description="Every gap of the region, including projects that reach no goal."
    )


def _reach(reach: GoalReach, ctx: Context) -> GoalReachType:
    projects = len(reach.projects)
    return GoalReachType(
        goal=node_type(ctx.node(reach.goal_id)),
        reached=reach.reached,
        counts=[LayerCount(kind=k, layer=k.layer, count=reach.counts[k]) for k in COUNTED],
        projects=[node_type(ctx.node(i)) for i in reach.projects],
        project_health=[
            HealthShare(
                health=h,
                count=reach.health[h],
                share=reach.health[h] / projects if projects else 0.0,
            )
            for h in Health
        ],
        gaps=[gap_type(g, ctx) for g in reach.gaps],
    )


def _comparison(c: RegionComparison, ctx: Context) -> RegionComparisonType:
    return RegionComparisonType(
        region=region_type(ctx.region(c.region)),
        goals_reached=c.goals_reached,
        goals=[_reach(r, ctx) for r in c.goals],
        gaps=[gap_type(g, ctx) for g in c.gaps],
    )


@strawberry.type
class CompareQuery:
    @strawberry.field(
        description="Regions side by side: for each region (default: all) and each national "
        "goal (or `goal`), the nodes per layer that reach it, its projects and their "
        "health, and the gaps. One region per item, in the order asked for (default: "
        "the regions' order); paged: `first` (default 20, at most 100) and `after`.",
        metadata=volatile("its gaps: a draft turns into a stale-draft gap as days pass"),
    )
    async def compare_regions(
        self,
        info: Ctx,
        regions: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description=("The regions to compare (default: every region but `national`).")
            ),
        ] = None,
        goal: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only this national goal (default: every one)."),
        ] = None,
        first: Annotated[
            int, strawberry.argument(description="How many regions the page holds (0-100).")
        ] = DEFAULT_PAGE,
        after: Annotated[
            str | None,
            strawberry.argument(description="The `endCursor` of the previous page."),
        ] = None,
    ) -> Page[RegionComparisonType] | None:
        check_first(first)
        ctx = info.context
        for region in regions or ():
            ctx.known_region(region)
        days = ctx.settings.draft_days

        def compared() -> Page[RegionComparisonType]:  # every region's pass: off the loop
            found = compare_store_regions(ctx.store, regions, goal, days)
            return item_page(found, first, after, "compareRegions", lambda c: _comparison(c, ctx))

        return await off_loop(ctx.service.store, compared)
