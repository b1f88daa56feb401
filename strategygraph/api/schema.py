"""The served schema: queries, mutations, subscriptions, every node type, the extensions."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry import Schema
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from .budget import Budget
from .errors import expected
from .executor import FastExecutor
from .extensions import schema_extensions
from .mutations import Mutation
from .queries import Query
from .subscriptions import Subscription
from .types import NODE_TYPES

__all__ = ["StrategySchema", "build_schema"]


class StrategySchema(Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only what is a bug; refused input and broken rules are the client's."""
        super().process_errors([e for e in errors if not expected(e)], execution_context)


def build_schema(
    production: bool = False, budget: Budget | None = None, fast: bool = True
) -> StrategySchema:
    """The schema; in ``production`` introspection is refused; with a ``budget`` every
    caller's operations spend from it (``budget.py``). Without ``fast``, Strawberry's own
    executor runs every field (the differential test compares the two)."""
    return StrategySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=list(NODE_TYPES),
        extensions=schema_extensions(production, budget),
        # Batching stays off (None): one operation per request.
        config=StrawberryConfig(batching_config=None),
        execution_context_class=FastExecutor if fast else None,
    )
