"""The mutations of one document are kept all together or not at all.

graphql-core runs a document's root mutation fields one after another; each commits on
its own. On the embedded store this extension opens one unit around them all
(``EmbeddedStore.begin``): if any of them fails, every one is undone, the answer's data
is null and a ``ROLLED_BACK`` error says that nothing was kept. When the unit cannot
begin (the store busy or down), none of them runs: the answer is that error alone.

A store without units (Neo4j: each commit is its own transaction, and a resolver reads
through sessions of its own, which would not see a unit's writes) cannot keep several
mutations together, so a document with more than one is refused before any runs
(``ONE_MUTATION_PER_REQUEST``): all or nothing holds there too, as nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from ..domain import StrategyGraphError

__all__ = ["AllOrNothing"]


class AllOrNothing(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        store = getattr(getattr(execution.context, "service", None), "store", None)
        if (
            store is None
            or execution.operation_type is not OperationType.MUTATION
            or (fields := _root_fields(execution.graphql_document, execution.operation_name)) < 2
        ):
            yield
            return
        if not hasattr(store, "begin"):
            execution.result = ExecutionResult(data=None, errors=[_one_per_request(fields)])
            yield
            return
        try:
            store.begin()
        except StrategyGraphError as exc:  # the store is busy or down: none of them runs
            error = GraphQLError(exc.message, original_error=exc)
            execution.result = ExecutionResult(data=None, errors=[error])
            yield
            return
        keep = False
        try:
            yield
            result = execution.result
            keep = result is not None and not result.errors
        finally:
            store.end(keep)
        result = execution.result
        if not keep and result is not None and result.errors:
            result.data = None
            result.errors.append(
                GraphQLError(
                    "nothing of this document was committed: its mutations are kept all "
                    "together or not at all",
                    extensions={"code": "ROLLED_BACK"},
                )
            )


def _one_per_request(fields: int) -> GraphQLError:
    return GraphQLError(
        f"this document has {fields} mutations, and this store (Neo4j) cannot keep several "
        "together or not at all: nothing was run; send one mutation per request",
        extensions={"code": "ONE_MUTATION_PER_REQUEST", "mutations": fields},
    )


def _root_fields(document: object, name: str | None) -> int:
    for definition in getattr(document, "definitions", ()):
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return len(definition.selection_set.selections)
    return 0
