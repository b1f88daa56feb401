"""Project health rolled up as GraphQL: ``HealthRollup`` (the worst health and how the
projects divide) and ``HealthShare`` (one health's count and share).

Their own module because a node's rolled-up health, a trace's and a comparison of regions
all answer with them, and they need nothing of the node types.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

import strawberry

from ..domain.answers import HealthRollup as DomainRollup
from .enums import Health

__all__ = ["HealthRollup", "HealthShare", "rollup"]


@strawberry.type(description="How many projects have one health, and their share of all.")
class HealthShare:
    health: Health = strawberry.field(description="The health.")
    count: int = strawberry.field(description="How many projects have it.")
    share: float = strawberry.field(
        description=("Their share of all the projects counted, 0–1 (0 when there are none).")
    )


@strawberry.type(description="Project health rolled up every path to a node.")
class HealthRollup:
    worst: Health = strawberry.field(
        description="The worst known health of the projects at or under the node."
    )
    projects: int = strawberry.field(description="How many active projects count.")
    shares: list[HealthShare] = strawberry.field(
        description=("How the projects divide by health: a count and share for each.")
    )


def rollup(h: DomainRollup) -> HealthRollup:
    shares = [HealthShare(health=k, count=h.counts[k], share=h.share(k)) for k in Health]
    return HealthRollup(worst=h.worst, projects=h.projects, shares=shares)
