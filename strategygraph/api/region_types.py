"""Regions and organisations as GraphQL: ``Region`` (with its organisations) and
``Organisation``, built from the domain records by ``region_type`` and
``organisation_type``.

Their own module because where a node sits and who owns it are read by many parts of the
API (nodes, queries, comparisons, the region mutation) and need nothing of the node types.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

import strawberry
from strawberry.types import Info

from ..domain import Organisation as DomainOrganisation
from ..domain import Region as DomainRegion
from .context import Context

__all__ = ["Organisation", "Region", "organisation_type", "region_type"]

Ctx = Info[Context, None]


@strawberry.type(description="A region, or `national` for the national goals.")
class Region:
    id: strawberry.ID = strawberry.field(
        description=(
            "The region's stable id (e.g. `kymenlaakso`; `national` for the national goals)."
        )
    )
    name: str = strawberry.field(description="The region's name as people read it.")

    @strawberry.field(description="The organisations of this region, by id.")
    def organisations(self, info: Ctx) -> list[Organisation]:
        return [
            organisation_type(o)
            for o in info.context.at(info.path).store.organisations()
            if o.region == self.id
        ]


@strawberry.type(description="An organisation that owns nodes: a region, a joint authority, …")
class Organisation:
    id: strawberry.ID = strawberry.field(description="The organisation's stable id.")
    name: str = strawberry.field(description="The organisation's name.")
    region_id: strawberry.ID = strawberry.field(
        description="The region the organisation belongs to."
    )


def region_type(r: DomainRegion) -> Region:
    return Region(id=strawberry.ID(r.id), name=r.name)


def organisation_type(o: DomainOrganisation) -> Organisation:
    return Organisation(id=strawberry.ID(o.id), name=o.name, region_id=strawberry.ID(o.region))
