"""Regions as the API writes them: ``putRegion`` creates a region or renames one."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain import Region as DomainRegion
from .context import Context
from .region_types import Region, region_type

__all__ = ["PutRegionInput", "PutRegionPayload", "RegionMutation"]

Ctx = Info[Context, None]


@strawberry.input(description="A region: its stable id and its name.")
class PutRegionInput:
    id: strawberry.ID = strawberry.field(
        description="1–100 of a-z, 0-9 and '-', e.g. `kymenlaakso`."
    )
    name: str = strawberry.field(description="The name people read, e.g. `Kymenlaakso`.")


@strawberry.type(description="The region as stored after `putRegion`.")
class PutRegionPayload:
    region: Region = strawberry.field(description="The region as stored.")
    created: bool = strawberry.field(description="True for a new region, false for a rename.")


@strawberry.type
class RegionMutation:
    @strawberry.mutation(
        description="Create a region, or rename one. Needs the admin role in that region "
        "(for a new region: admin in every region, `*`)."
    )
    def put_region(
        self,
        info: Ctx,
        input: Annotated[
            PutRegionInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> PutRegionPayload:
        ctx = info.context
        existed = any(r.id == input.id for r in ctx.service.store.regions())
        region = ctx.service.put_region(DomainRegion(str(input.id), input.name), ctx.actor)
        return PutRegionPayload(region=region_type(region), created=not existed)
