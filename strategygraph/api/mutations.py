"""Writes, all through ``StrategyService`` (one unit of work each), as ``ctx.actor``.

Resolvers are synchronous: they run on the server's event loop one at a time, so a
read never sees a write half done.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain import Status as DomainStatus
from ..domain.changes import UpdateNode
from ..service.import_mirror import mirror_scope
from .comments import CommentMutation
from .context import Context
from .exchange import import_reading
from .history import HistoryMutation
from .inputs import (
    CreateNodeInput,
    DeleteNodeInput,
    ImportGraphInput,
    LinkInput,
    RetireNodeInput,
    SetStatusInput,
    UnlinkInput,
    UpdateNodeInput,
)
from .offload import off_loop
from .payloads import (
    CreateNodePayload,
    DeleteNodePayload,
    ImportGraphPayload,
    LinkPayload,
    RetireNodePayload,
    SetStatusPayload,
    UnlinkPayload,
    UpdateNodePayload,
)
from .regions import RegionMutation
from .situation import SituationMutation
from .types import node_type, relationship
from .webhooks import WebhookMutation

__all__ = ["Mutation"]

Ctx = Info[Context, None]


@strawberry.type(
    description=(
        "Writes. Each needs a role in the regions it touches; a "
        "document's mutations are kept all together or not at all."
    )
)
class Mutation(
    HistoryMutation, CommentMutation, RegionMutation, WebhookMutation, SituationMutation
):
    @strawberry.mutation(description="Create a node (a DRAFT at version 1).")
    def create_node(
        self,
        info: Ctx,
        input: Annotated[
            CreateNodeInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> CreateNodePayload:
        ctx = info.context
        return CreateNodePayload(node=node_type(ctx.service.create_node(input.data(), ctx.actor)))

    @strawberry.mutation(description="Change fields of a node at `expectedVersion`.")
    def update_node(
        self,
        info: Ctx,
        input: Annotated[
            UpdateNodeInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> UpdateNodePayload:
        ctx = info.context
        node = ctx.service.update_node(input.id, input.patch(), input.expected_version, ctx.actor)
        return UpdateNodePayload(node=node_type(node))

    @strawberry.mutation(description="Move a node through the approval workflow.")
    def set_status(
        self,
        info: Ctx,
        input: Annotated[
            SetStatusInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> SetStatusPayload:
        ctx = info.context
        node = ctx.service.set_status(
            input.id,
            input.status,
            ctx.actor,
            input.expected_version,
            input.approved_by,
            input.decision_date,
            input.decision_ref,
        )
        return SetStatusPayload(node=node_type(node))

    @strawberry.mutation(description="Retire a node: it stays as history, out of every trace.")
    def retire_node(
        self,
        info: Ctx,
        input: Annotated[
            RetireNodeInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> RetireNodePayload:
        ctx = info.context
        retire = UpdateNode(input.id, {"status": DomainStatus.RETIRED}, input.expected_version)
        ctx.service.authorize([retire], ctx.actor)  # refused as every write is, first
        ctx.service.store.get_node(input.id)  # NOT_FOUND, as for a node it may not open
        lost = ctx.store.impact(input.id)
        node = ctx.service.retire_node(input.id, ctx.actor, input.expected_version)
        return RetireNodePayload(
            node=node_type(node), lost_route=[node_type(ctx.node(i)) for i in lost]
        )

    @strawberry.mutation(description="Delete a node (with its edges if `cascade`).")
    def delete_node(
        self,
        info: Ctx,
        input: Annotated[
            DeleteNodeInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> DeleteNodePayload:
        ctx = info.context
        outcome = ctx.service.delete_node(
            input.id, ctx.actor, input.expected_version, input.cascade, input.dry_run
        )
        return DeleteNodePayload(
            node=node_type(outcome.node),
            removed_relationships=[relationship(e, ctx) for e in outcome.removed_edges],
            deleted=outcome.deleted,
            dry_run=input.dry_run,
        )

    @strawberry.mutation(description="Add an edge; the metamodel and cycle rules apply.")
    def link(
        self,
        info: Ctx,
        input: Annotated[
            LinkInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> LinkPayload:
        ctx = info.context
        edge = ctx.service.link(
            input.source, input.relation, input.target, ctx.actor, input.inferred, input.note
        )
        return LinkPayload(
            relationship=relationship(edge, ctx),
            source=node_type(ctx.node(edge.source)),
            target=node_type(ctx.node(edge.target)),
        )

    @strawberry.mutation(description="Remove an edge.")
    def unlink(
        self,
        info: Ctx,
        input: Annotated[
            UnlinkInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> UnlinkPayload:
        ctx = info.context
        edge = ctx.service.unlink(input.source, input.relation, input.target, ctx.actor)
        return UnlinkPayload(relationship=relationship(edge, ctx))

    @strawberry.mutation(
        description="Import an interchange document all or nothing: new nodes are created, "
        "changed ones updated, equal ones left alone."
    )
    async def import_graph(
        self,
        info: Ctx,
        input: Annotated[
            ImportGraphInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> ImportGraphPayload:
        ctx = info.context
        ctx.service.require_writer(ctx.actor, "import into any region")  # before reading
        mirror = None if input.mirror is None else str(input.mirror)
        if mirror is not None:
            ctx.service.require_mirror(ctx.actor, mirror)
        # Parsing, checking and committing a whole document: in a worker thread.
        return await off_loop(ctx.service.store, lambda: _imported(ctx, input, mirror), writes=True)


def _imported(ctx: Context, input: ImportGraphInput, mirror: str | None) -> ImportGraphPayload:
    """``importGraph``'s work, once the caller may write (and mirror)."""
    reading = import_reading(input, ctx)
    outcome = reading.import_with(
        lambda doc: ctx.service.import_document(
            doc, ctx.actor, input.dry_run, mirror, mirror_scope(reading, mirror)
        )
    )
    plan = outcome.plan
    stored = [] if outcome.dry_run else [ctx.node(i) for i in plan.added + plan.changed]
    return ImportGraphPayload(
        dry_run=outcome.dry_run,
        graph_version=outcome.version,
        added=[strawberry.ID(i) for i in plan.added],
        changed=[strawberry.ID(i) for i in plan.changed],
        unchanged=[strawberry.ID(i) for i in plan.unchanged],
        relationships_added=plan.edges_added,
        relationships_unchanged=plan.edges_unchanged,
        relationships_changed=plan.edges_changed,
        deleted=[strawberry.ID(i) for i in plan.deleted],
        retired=[strawberry.ID(i) for i in plan.retired],
        relationships_removed=plan.edges_removed,
        records_added=plan.records_added,
        records_changed=plan.records_changed,
        records_unchanged=plan.records_unchanged,
        nodes=[node_type(n) for n in stored],
        report=reading.report,
    )
