"""A cost budget per caller: what each may spend (``cost.py``'s estimate) per time window.

The cost limit bounds one operation; the budget bounds many. Each signed-in principal
(by where their identity comes from and their name) and each anonymous client address may
spend ``Settings.budget`` per ``Settings.budget_window`` seconds (a sliding window);
an operation that would go over is refused before it runs with ``RATE_LIMITED`` and
``extensions.retryAfter``, the seconds after which it may be asked again. Operations
refused for any other reason spend nothing.

The counts are kept with ``limits``' asyncio storage: its synchronous ``MemoryStorage``
starts a timer thread to expire counts whenever its last one has ended (every 10 ms),
which under load was a new thread for most operations and a third of the CPU of a
``traceUp``; the asyncio one schedules a task on the event loop instead.
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator
from contextvars import ContextVar

from graphql import DocumentNode, FragmentDefinitionNode, GraphQLError, OperationDefinitionNode
from graphql.utilities import get_operation_ast
from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from strawberry.extensions import SchemaExtension

from ..domain.access import Principal
from .cost import operation_cost

__all__ = ["Budget", "Spend", "charge", "prepaid", "spender"]


class Budget:
    """``amount`` of cost per ``seconds``, for each caller (in this process)."""

    def __init__(self, amount: int, seconds: int) -> None:
        self.amount, self.seconds = amount, seconds
        self.item = RateLimitItemPerSecond(amount, seconds)
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    async def spend(self, who: str, cost: int) -> int | None:
        """Spend ``cost`` of ``who``'s budget: None if it was there, else the seconds
        until it may be (nothing is spent then)."""
        if cost <= 0 or await self.limiter.hit(self.item, who, cost=cost):
            return None
        stats = await self.limiter.get_window_stats(self.item, who)
        return max(1, min(self.seconds, math.ceil(stats.reset_time - time.time())))

    def refusal(self, cost: int, retry_after: int) -> GraphQLError:
        return GraphQLError(
            f"over the cost budget of {self.amount:,} per {self.seconds} s: this operation "
            f"costs {cost:,}; try again in {retry_after} s",
            extensions={
                "code": "RATE_LIMITED",
                "retryAfter": retry_after,
                "cost": cost,
                "budget": self.amount,
                "window": self.seconds,
            },
        )


def spender(actor: Principal, client: str | None) -> str:
    """Whose budget an operation spends: a signed-in principal's (namespaced by where the
    identity comes from), or, without a token, the client address's."""
    if actor.signed_in:
        return f"{actor.via}:{actor.name}"
    return f"anonymous@{client or '?'}"


async def charge(budget: Budget, cost: int, caller: Principal, connection: object) -> int | None:
    """Spend ``cost`` of the budget of ``caller`` (asking over ``connection``): None if
    it was there, else the seconds until it may be (nothing is spent then)."""
    client = getattr(connection, "client", None)
    return await budget.spend(spender(caller, client.host if client else None), cost)


prepaid: ContextVar[bool] = ContextVar("budget_prepaid", default=False)
"""True while the normal path answers a request whose cost the compiled path has spent
already (``compiled_path.py``): it is not spent twice."""

COSTS_KEPT = 512
"""How many operations' costs are kept (per process; all dropped when full)."""
_costs: dict[tuple[int, str | None], tuple[DocumentNode, int | None]] = {}
"""Each operation's cost by its document's identity (the parse cache hands out the same
document for the same text); a document is kept with its cost, so its id is not reused
while the cost is kept. Nothing invalidates it: a document's cost never changes. A plain
dict: apps in several threads of one process (the tests') may share it."""


def _cost(document: DocumentNode, name: str | None) -> int | None:
    """The cost of the operation ``name`` of ``document`` (None when there is none such)."""
    key = (id(document), name)
    found = _costs.get(key)
    if found is None or found[0] is not document:
        operation = get_operation_ast(document, name)
        cost = None
        if isinstance(operation, OperationDefinitionNode):
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            cost = operation_cost(operation.selection_set, fragments)
        if len(_costs) >= COSTS_KEPT:
            _costs.clear()
        found = _costs[key] = (document, cost)
    return found[1]


class Spend(SchemaExtension):
    """After validation (a refused operation spends nothing), spends the operation's cost
    from its caller's budget, or refuses it."""

    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self.budget = budget

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if context.pre_execution_errors == [] and document is not None and not prepaid.get():
            caller = getattr(context.context, "actor", None)
            cost = _cost(document, context.operation_name)
            if cost is not None and isinstance(caller, Principal):
                connection = getattr(context.context, "connection", None)
                retry_after = await charge(self.budget, cost, caller, connection)
                if retry_after is not None:
                    context.pre_execution_errors = [self.budget.refusal(cost, retry_after)]
        yield
