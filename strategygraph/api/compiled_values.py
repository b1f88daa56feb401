"""What a compiled plan (``compiled.py``) completes values with: one request's state, the
resolve info its resolvers get, and the completions of leaves, lists and objects, each
raising ``Fallback`` where graphql-core would report an error."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, cast

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLID,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLString,
    OperationDefinitionNode,
    Undefined,
)
from graphql.execution.values import VariableValues
from graphql.pyutils import Path
from graphql.type.definition import GraphQLResolveInfoHelpers

__all__ = [
    "Awaiting",
    "Complete",
    "Fallback",
    "Request",
    "ResolveInfo",
    "Selection",
    "as_is",
    "close",
    "leaf",
    "list_completion",
    "nullable",
    "object_completion",
]


class Fallback(Exception):
    """This request's answer needs the normal path (it reports what happened)."""


class ResolveInfo(NamedTuple):
    """The resolve info a resolver gets: the fields of Strawberry's own (``variable_values``
    the plain coerced dict, ``operation_extensions`` the request's ``extensions``)."""

    field_name: str
    field_nodes: list[FieldNode]
    return_type: GraphQLOutputType
    parent_type: GraphQLObjectType
    path: Path | None
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    root_value: Any
    operation: OperationDefinitionNode
    variable_values: dict[str, Any]
    context: Any
    is_awaitable: Callable[[Any], bool]
    abort_signal: Any
    async_helpers: Any
    operation_extensions: dict[str, Any] | None


@dataclass
class Request:
    """One request's values: the context, the coerced variables, the request's
    ``extensions``, and the objects completed so far (a node on several paths of a
    ``traceUp`` is completed once, as the fast executor does)."""

    context: Any
    variables: VariableValues
    extensions: dict[str, Any] | None
    done: dict[tuple[int, int], tuple[Any, Any]] = field(default_factory=dict)
    tracked: list[Any] = field(default_factory=list)
    infos: dict[int, ResolveInfo] = field(default_factory=dict)
    """The resolve infos of abstract types' completions under plain fields (no path):
    one per completion and request."""
    _helpers: GraphQLResolveInfoHelpers | None = None

    @property
    def helpers(self) -> GraphQLResolveInfoHelpers:
        """``info.async_helpers``: ``gather`` awaits in turn; ``track``ed work makes
        the normal path answer."""
        if self._helpers is None:
            tracked = self.tracked

            async def gather(values: Iterable[Any]) -> list[Any]:
                return [await v for v in values]

            self._helpers = GraphQLResolveInfoHelpers(gather=gather, track=tracked.extend)
        return self._helpers


Complete = Callable[[Any, Request, Path | None], Any]
"""Completes a resolved value: (value, request, its path — None under a plain field)."""


def nullable(complete: Complete, non_null: bool) -> Complete:
    if non_null:

        def required(value: Any, request: Request, path: Path | None) -> Any:
            if value is None or isinstance(value, Exception):
                raise Fallback
            return complete(value, request, path)

        return required

    def optional(value: Any, request: Request, path: Path | None) -> Any:
        if value is None:
            return None
        if isinstance(value, Exception):
            raise Fallback
        return complete(value, request, path)

    return optional


def leaf(kind: GraphQLLeafType, non_null: bool) -> Complete:
    """A scalar's or enum's output coercion: a ``str`` is its own ``String`` or ``ID``
    (as graphql-core coerces it), an enum's name is remembered per value."""
    coerce = kind.coerce_output_value
    as_is = kind is GraphQLString or kind is GraphQLID
    known: dict[tuple[type, Any], Any] | None = {} if isinstance(kind, GraphQLEnumType) else None

    def leaf(value: Any, request: Request, path: Path | None) -> Any:
        if value is None:
            if non_null:
                raise Fallback
            return None
        if as_is and isinstance(value, str):
            return value
        if isinstance(value, Exception):
            raise Fallback
        key = None
        if known is not None:
            try:
                key = (type(value), value)
                found = known.get(key)
            except TypeError:  # unhashable: coerced each time
                key, found = None, None
            if found is not None:
                return found
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise Fallback
        if key is not None and known is not None:
            known[key] = coerced
        return coerced

    return leaf


class Selection(Protocol):
    """A compiled selection on one object type (``compiled._Selection``)."""

    plain: bool

    def run(self, source: Any, request: Request, path: Path | None) -> dict[str, Any]: ...


def object_completion(
    selection: Selection, kind: GraphQLObjectType, shared: bool = True
) -> Complete:
    """An object's completion: ``is_type_of`` checked, its selection run; a plain one's
    answer is ``shared`` within the request by the object's identity."""
    is_type_of = kind.is_type_of
    plain = selection.plain
    run = selection.run
    key = id(selection)

    def complete(value: Any, request: Request, path: Path | None) -> Any:
        # Strawberry's is_type_of reads only the value; one that reads the info fails
        # here, and the normal path answers.
        if (
            is_type_of is not None
            and is_type_of(value, cast("GraphQLResolveInfo[Any]", None)) is not True
        ):
            raise Fallback
        if not plain:
            return run(value, request, path)
        if not shared:
            return run(value, request, None)
        done = request.done
        mark = (id(value), key)
        found = done.get(mark)
        if found is not None and found[0] is value:
            return found[1]
        answer = run(value, request, None)
        done[mark] = (value, answer)  # kept with the value: its id is not reused meanwhile
        return answer

    return complete


def list_completion(item: Complete, plain: bool) -> Complete:
    def complete(value: Any, request: Request, path: Path | None) -> Any:
        if not isinstance(value, (list, tuple)):
            raise Fallback
        if plain or path is None:
            return [item(v, request, None) for v in value]
        return [item(v, request, Path(path, i, None)) for i, v in enumerate(value)]

    return complete


def as_is(value: Any, request: Request, path: Path | None) -> Any:
    return value


class Awaiting(NamedTuple):
    """A root field's awaitable, awaited by the plan before it is completed."""

    awaitable: Any


def close(value: Any) -> None:
    close = getattr(value, "close", None)
    if callable(close):
        close()
