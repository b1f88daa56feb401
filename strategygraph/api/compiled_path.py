"""The compiled path of an HTTP query: a document answered once without errors the normal
way is compiled (``compiled.py``) and its later requests run the plan, skipping
Strawberry's operation machinery and graphql-core's executor.

What the normal path does for a query runs here too, in the same order: the request was
signed in (middleware) and its kept answer looked up (``graphql_view.py``) before; then the
store catches up (``CaughtUp``), the variables are coerced (graphql-core's
``get_variable_values``), the caller's cost budget is spent (``budget.py``; the cost
limit, depth and alias limits and introspection are validation rules, and a document is
compiled only after it passed them: a document's validation never changes), the plan runs
inside the store's reader gate (``Gate``), and reads through ``Context.store``, the graph
as the caller may see it. Whatever the plan cannot answer itself (bad variables, a budget
refusal, an error, a null where none may be — ``compiled.Fallback``) is answered by the
normal path, which reports it exactly as ever; a budget already spent is not spent twice
(``budget.prepaid``).

Plans are kept per document text and operation name in an LRU of ``CACHE_SIZE``; nothing
invalidates them (a plan depends only on the schema and the document).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from cachetools import LRUCache
from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
)
from graphql.execution.values import get_variable_values
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.http import GraphQLRequestData
from strawberry.schema import Schema
from strawberry.types import ExecutionResult

from ..domain.access import Principal
from .budget import Budget, charge, prepaid
from .catch_up import caught_up
from .compiled import Plan, Request, compile_operation
from .compiled_collect import NotCompiled
from .context import Context
from .cost import operation_cost
from .extensions import CACHE_SIZE, PARSE_OPTIONS
from .offload import gate_of

__all__ = ["CompiledPath"]

Normal = Callable[[], Awaitable[ExecutionResult]]
"""The normal path for this request (Strawberry's ``execute_single``)."""


class CompiledPath:
    """The compiled plans of one app, and the requests they answer."""

    def __init__(self, schema: Schema, budget: Budget | None, enabled: bool = True) -> None:
        self.schema: GraphQLSchema = schema._schema
        self.budget = budget
        self.enabled = enabled and _extensions_allow(schema)
        """Off when an extension hooks into resolving or adds to the answer's
        ``extensions``: the plan would skip it."""
        self.plans: LRUCache[tuple[str, str | None], Plan | None] = LRUCache(CACHE_SIZE)
        """Each document's plan, or None for one that does not compile."""
        self.served = 0
        """Requests the plans answered (the tests read it)."""
        self.fell_back = 0
        """Requests a plan handed to the normal path."""

    async def execute(
        self, data: GraphQLRequestData, context: Context, normal: Normal, caught: bool = False
    ) -> ExecutionResult:
        """The request's result: by its plan when there is one and it answers, else by
        ``normal`` (after which a document that answered cleanly is compiled). ``caught``:
        the store caught up already during this request (``caught_up``)."""
        key = (data.query or "", data.operation_name)
        plan = self.plans.get(key) if self.enabled and data.query else None
        if plan is None:
            result = await normal()
            if self.enabled and data.query and key not in self.plans and _clean(result):
                self.plans[key] = _compile(self.schema, data.query, data.operation_name)
            return result
        store = context.service.store
        if not caught:
            try:
                await caught_up(store)  # as CaughtUp does first (in a thread, if anything moved)
            except Exception:  # the store is down: the normal path says so
                return await normal()
        variables = get_variable_values(
            self.schema, plan.operation.variable_definitions or (), data.variables or {}
        )
        if isinstance(variables, list):  # they do not coerce: the normal path says why
            return await normal()
        spent = False
        if (
            self.budget is not None
            and plan.cost is not None
            and isinstance(context.actor, Principal)
        ):
            if await charge(self.budget, plan.cost, context.actor, context.connection) is not None:
                return await normal()  # refused, nothing spent: refused there alike
            spent = True
        try:
            async with gate_of(store).reader_lock:
                answer = await plan.run(Request(context, variables, data.extensions))
        except Exception:  # compiled.Fallback, or anything: the normal path reports it
            self.fell_back += 1
            token = prepaid.set(spent)
            try:
                return await normal()
            finally:
                prepaid.reset(token)
        self.served += 1
        return ExecutionResult(data=answer, errors=None, extensions={})  # as Strawberry's


def _clean(result: object) -> bool:
    """A plain result with data and no errors: its document passed validation."""
    return (
        type(result) is ExecutionResult
        and not result.errors
        and result.data is not None
        and not result.extensions
    )


def _compile(schema: GraphQLSchema, query: str, operation_name: str | None) -> Plan | None:
    try:
        document = parse(query, **PARSE_OPTIONS)
    except GraphQLError:
        return None
    operation = get_operation_ast(document, operation_name)
    if not isinstance(operation, OperationDefinitionNode):
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    try:
        return compile_operation(
            schema, operation, fragments, operation_cost(operation.selection_set, fragments)
        )
    except NotCompiled:
        return None
    except Exception:  # a shape the compiler mistook: the normal path answers it
        return None


def _extensions_allow(schema: Schema) -> bool:
    """Does no extension of ``schema`` act on each field or add to the answer?"""
    for made in schema.extensions:
        extension = made() if callable(made) else made
        kind = type(extension)
        if (
            kind.resolve is not SchemaExtension.resolve
            or kind.get_results is not SchemaExtension.get_results
        ):
            return False
    return True
