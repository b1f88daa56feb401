"""Resolver calls for compiled operations, made as graphql-core makes them.

A compiled field with a resolver of its own calls that resolver — the one in the schema,
so Strawberry's argument conversion, permissions and field extensions run as ever — with
its arguments coerced by graphql-core's ``get_argument_values`` and a resolve info of the
same fields and path (``resolve_info``, which abstract types' ``resolve_type`` gets too).
It is its own module because this is the one place a plan imitates graphql-core's
execution context; a resolver that raises or an awaitable below a root field raises
``Fallback``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.execution import optimized_is_awaitable

from .compiled_collect import NotCompiled
from .compiled_values import Awaiting, Fallback, Request, ResolveInfo, close

__all__ = ["Compiled", "resolve_info", "resolver_call"]

Compiled = tuple[GraphQLSchema, OperationDefinitionNode, dict[str, FragmentDefinitionNode]]
"""The schema, the operation and the document's fragments a plan was compiled from."""


def resolver_call(
    compiled: Compiled,
    parent: GraphQLObjectType,
    definition: GraphQLField,
    nodes: list[FieldNode],
) -> Callable[[Any, Request, Path | None], Any]:
    """Calls the field's resolver as graphql-core does: its arguments coerced from the
    node and the variables, a resolve info of the same fields and path."""
    resolve = definition.resolve
    if resolve is None:
        raise NotCompiled("a field without a resolver")
    field = (definition.extensions or {}).get("strawberry-definition")
    if getattr(field, "is_async", False) and parent is not compiled[0].query_type:
        # Its awaitable would hand the request to the normal path every time, after
        # the plan had run the root fields once already (``graphAt``'s traces).
        raise NotCompiled("an asynchronous field below the root")
    first = nodes[0]
    takes_arguments = bool(definition.args or first.arguments)
    field_name = first.name.value
    return_type = definition.type

    def call(source: Any, request: Request, path: Path | None) -> Any:
        info = resolve_info(field_name, nodes, return_type, parent, path, compiled, request)
        arguments = (
            get_argument_values(definition, first, request.variables) if takes_arguments else {}
        )
        try:
            value = resolve(source, info, **arguments)
        except Exception as exc:
            raise Fallback from exc
        if optimized_is_awaitable(value):
            if path is not None and path.prev is None:  # a root field: awaited by the plan
                return Awaiting(value)
            close(value)
            raise Fallback
        return value

    return call


def resolve_info(
    name: str,
    nodes: list[FieldNode],
    kind: Any,
    parent: GraphQLObjectType,
    path: Path | None,
    compiled: Compiled,
    request: Request,
) -> ResolveInfo:
    """The resolve info graphql-core would hand a resolver of the field ``name`` (of
    type ``kind``, on ``parent``) at ``path``, in the operation ``compiled`` holds."""
    schema, operation, fragments = compiled
    return ResolveInfo(
        name,
        nodes,
        kind,
        parent,
        path,
        schema,
        fragments,
        None,
        operation,
        request.variables.coerced,
        request.context,
        optimized_is_awaitable,
        None,
        request.helpers,
        request.extensions,
    )
