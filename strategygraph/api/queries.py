"""Reading: nodes, regions, the traceability questions and the event log.

``Query`` is made of parts, each in its own module (its fields come in this order in the
schema): exports, comparisons, history, webhooks, the situational picture, the graph's
records (``node_queries.py``) and the traceability questions (``trace_queries.py``); the
event log (``changes``) is its own field, here.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from .changes import CHANGE_CURSOR, ChangeConnection, change_connection
from .compare import CompareQuery
from .context import Context
from .enums import ChangeOrder
from .exchange import ExchangeQuery
from .history import HistoryQuery
from .node_queries import NodeQuery
from .pagination import DEFAULT_PAGE, bad_cursor, check_first, decode_cursor
from .situation import SituationQuery
from .trace_queries import TraceQuery
from .webhooks import WebhookQuery

__all__ = ["Query"]

Ctx = Info[Context, None]


@strawberry.type(
    description=(
        "Reading: nodes, regions, the traceability questions, "
        "history and exports. A reader sees approved nodes and the "
        "drafts of the regions where it is a viewer."
    )
)
class Query(
    ExchangeQuery, CompareQuery, HistoryQuery, WebhookQuery, SituationQuery, NodeQuery, TraceQuery
):
    @strawberry.field(
        description="The event log, oldest first (or newest first, with `order`): every "
        "change to a node (`nodeId`, including its edges), a region, or since a time. "
        "`after` takes a cursor of the previous page, read in the same order."
    )
    def changes(
        self,
        info: Ctx,
        node_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the changes to this node (its edges included)."),
        ] = None,
        region: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the changes in this region."),
        ] = None,
        since: Annotated[
            datetime | None,
            strawberry.argument(description="Only the changes committed at or after this time."),
        ] = None,
        first: Annotated[
            int, strawberry.argument(description="How many entries the page holds (0-100).")
        ] = DEFAULT_PAGE,
        after: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "The cursor of the entry the page starts after (read in the same order)."
                )
            ),
        ] = None,
        order: Annotated[
            ChangeOrder,
            strawberry.argument(description="Oldest first (the default) or newest first."),
        ] = ChangeOrder.OLDEST_FIRST,
    ) -> ChangeConnection | None:
        check_first(first)
        info.context.known_region(region)
        seq = decode_cursor(CHANGE_CURSOR, after)[0] if after else None
        if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool)):
            raise bad_cursor(after or "")
        if since is not None:
            since = (since if since.tzinfo else since.replace(tzinfo=UTC)).astimezone(UTC)
        newest = order is ChangeOrder.NEWEST_FIRST
        events = info.context.store.events(node_id, region, since, seq, first + 1, newest)
        return change_connection(events, first, after is not None)
