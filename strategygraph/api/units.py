"""The mutations of one document are kept all together or not at all.

graphql-core runs a document's root mutation fields one after another; each commits on
its own. On the embedded store this extension opens one unit around them all
(``EmbeddedStore.begin``): if any of them fails, every one is undone, the answer's data
is null and a ``ROLLED_BACK`` error says that nothing was kept. (On Neo4j each mutation
of a document commits by itself: send them one per request there.)
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError, OperationDefinitionNode
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
            or not hasattr(store, "begin")
            or execution.operation_type is not OperationType.MUTATION
            or _root_fields(execution.graphql_document, execution.operation_name) < 2
        ):
            yield
            return
        try:
            store.begin()
        except StrategyGraphError:  # the store is busy or down: each mutation will say so
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


def _root_fields(document: object, name: str | None) -> int:
    for definition in getattr(document, "definitions", ()):
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return len(definition.selection_set.selections)
    return 0
