"""Live updates: ``graphChanged`` pushes each committed change once, in commit order."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from .changes import GraphChange, graph_change
from .context import Context
from .feed import FellBehind

__all__ = ["Subscription"]

Ctx = Info[Context, None]


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Every change committed from now on, after it is durable and in commit "
        "order; with `region`, only the changes that touch that region, cut down to it. "
        "A write that fails sends nothing."
    )
    async def graph_changed(
        self, info: Ctx, region: strawberry.ID | None = None
    ) -> AsyncGenerator[GraphChange, None]:
        ctx = info.context
        async with ctx.feed.subscribe() as inbox:
            while True:
                try:
                    commit = await inbox.get()
                except FellBehind as exc:
                    raise GraphQLError(str(exc), extensions={"code": "FELL_BEHIND"}) from None
                if commit is None:
                    return
                part = commit.only(region) if region is not None else commit
                if part is not None:
                    yield graph_change(part, ctx)
