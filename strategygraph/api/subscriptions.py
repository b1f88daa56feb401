"""Live updates: ``graphChanged`` pushes each committed change once, in commit order.

Changes are not public: a subscriber sees the part of each commit in the regions where it
holds the viewer role (``region`` given: that role there, checked before anything is
sent). A new subscription must make the same check (``visible_part``).
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from ..domain import NotFound, ValidationError
from ..domain.access import Missing, MissingRole, Principal, Role
from .changes import GraphChange, graph_change
from .commits import Commit
from .context import Context
from .feed import FellBehind
from .socket import RECHECK_SECONDS, still_signed_in

__all__ = ["Subscription", "open_ends", "visible_part"]

Ctx = Info[Context, None]


@strawberry.type(description="Live updates over WebSocket (graphql-transport-ws).")
class Subscription:
    @strawberry.subscription(
        description="Every change committed from now on, by any process that shares the "
        "store, after it is durable and in commit order; with `region`, only the changes "
        "that touch that region, cut down to it. With `since` (a `graphVersion`), the "
        "changes committed after that version come first, so a client that reconnects "
        "misses nothing. A write that fails sends nothing."
    )
    async def graph_changed(
        self,
        info: Ctx,
        region: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only the changes touching this region, cut down to it."
            ),
        ] = None,
        since: Annotated[
            int | None,
            strawberry.argument(
                description=("A `graphVersion`: the changes committed after it come first.")
            ),
        ] = None,
    ) -> AsyncGenerator[GraphChange, None]:
        ctx = info.context
        principal = ctx.actor
        try:
            ctx.known_region(region)
        except NotFound as exc:  # raised in a generator: presented here, not by extensions
            raise GraphQLError(
                exc.message, extensions={"code": exc.code, **exc.extensions()}
            ) from None
        if region is not None and not principal.has(Role.VIEWER, region):
            raise _refused(principal, region, f"follow the changes of region '{region}'")
        if region is None and not (principal.superuser or principal.roles):
            raise _refused(principal, "*", "follow the changes of every region")
        feed = ctx.feed
        if since is not None:
            _check_since(since, ctx.service.store.version())

        def shown(commit: Commit) -> Commit | None:
            who = ctx.actor  # signed in again as the subscription runs (``socket.py``)
            if region is not None:
                if not who.has(Role.VIEWER, region):
                    raise _refused(who, region, f"follow the changes of region '{region}'")
                part = commit.only(region)
            else:
                part = visible_part(commit, who)
            return None if part is None else open_ends(part, ctx)

        async with feed.subscribe() as inbox:
            upto = feed.delivered  # the inbox gets what comes after: no gap, no repeat
            if since is not None:
                for past in await feed.read(since, upto):  # in a thread
                    if (part := shown(past)) is not None:
                        yield graph_change(part, ctx)
            seen = max(upto, since or 0)
            while True:
                try:
                    arrived = await asyncio.wait_for(inbox.get(), RECHECK_SECONDS)
                except TimeoutError:  # idle: is the subscriber still who it was?
                    if not await still_signed_in(ctx):
                        return
                    shown(Commit.empty())
                    continue
                except FellBehind as exc:
                    raise GraphQLError(str(exc), extensions={"code": "FELL_BEHIND"}) from None
                if arrived is None or not await still_signed_in(ctx):
                    return
                if arrived.version <= seen:
                    continue  # replayed already (``since`` ahead of this process's feed)
                if (part := shown(arrived)) is not None:
                    yield graph_change(part, ctx)


def _check_since(since: int, version: int) -> None:
    """VALIDATION, as a GraphQL error, unless ``since`` is a version the graph has had."""
    if not 0 <= since <= version:
        bad = ValidationError.one(
            "since", f"since must be a graph version from 0 to {version}, not {since}", "since"
        )
        raise GraphQLError(bad.message, extensions={"code": bad.code, **bad.extensions()})


def _refused(principal: Principal, region: str, action: str) -> GraphQLError:
    """FORBIDDEN, as a GraphQL error (an error raised in a subscription's generator does
    not pass the error-presenting extension)."""
    refusal = MissingRole(
        principal.name, [Missing(Role.VIEWER, region, action)], not principal.signed_in
    )
    return GraphQLError(refusal.message, extensions={"code": refusal.code, **refusal.extensions()})


def open_ends(commit: Commit, ctx: Context) -> Commit | None:
    """``commit`` without the edges with an end the subscriber may not open (a cross-
    region edge to another region's draft): no hidden node's id or region is sent. None
    when nothing is left."""
    principal = ctx.actor
    if principal.sees_everything:
        return commit
    gone = {n.id: principal.can_view(n) for n in commit.removed_nodes}

    def opened(node_id: str) -> bool:
        if node_id in gone:
            return gone[node_id]
        return ctx.find(node_id) is not None

    part = commit.edges_where(lambda e: opened(e.source) and opened(e.target))
    empty = not (part.nodes or part.removed_nodes or part.edges or part.removed_edges)
    return None if empty and not part.comments else part


def visible_part(commit: Commit, principal: Principal) -> Commit | None:
    """The part of ``commit`` in the regions where ``principal`` is a viewer, or None."""
    seen = frozenset(r for r in commit.regions if principal.has(Role.VIEWER, r))
    if seen == commit.regions:
        return commit
    if not seen:
        return None
    return commit.within(seen)
