"""A query document compiled into plain Python: the same resolvers, the answer's dict built
directly, without graphql-core's execution machinery.

``compile_operation`` turns one operation of a validated document into a ``Plan`` when
every part of it has a shape the compiler knows: a query (not a mutation or a
subscription), no directive anywhere (``@include``, ``@skip``, ``@defer`` …), no
introspection field other than ``__typename``, no asynchronous resolver below a root
field (``graphAt``'s traces), fields of the schema's object, interface and union types,
arguments from literals and variables (coerced by graphql-core's own
``get_argument_values``), aliases and fragments (merged as graphql-core collects fields).
Anything else raises ``NotCompiled``: that document always goes the normal way.

A plan runs each field as graphql-core would: a field with a resolver of its own calls
that resolver (the one in the schema, so Strawberry's argument conversion, permissions and
field extensions run as ever) with a resolve info of the same fields and path; a basic
field (``plain_fields.plain_reader``) is read with ``getattr``; leaves are coerced with their
type's own output coercion, abstract types resolved with their own ``resolve_type`` and
checked with ``is_type_of``. Whatever the plan does not answer itself — a resolver that
raises, an error value, a null where none may be, a value that does not coerce, an
awaitable below a root field — raises ``Fallback``: the request is then answered the
normal way, which reports it (``compiled_path.py``). Queries change nothing, so running
one again is safe.

The fields a selection selects are collected in ``compiled_collect`` (the compiler's
base); resolvers are called, with their resolve info, in ``compiled_calls``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    OperationDefinitionNode,
    OperationType,
)
from graphql.pyutils import Path

from .compiled_calls import resolve_info, resolver_call
from .compiled_collect import FieldCollector, NotCompiled
from .compiled_values import (
    Awaiting,
    Complete,
    Fallback,
    Request,
    ResolveInfo,
    as_is,
    leaf,
    list_completion,
    nullable,
    object_completion,
)
from .plain_fields import plain_reader

__all__ = ["Fallback", "Plan", "Request", "compile_operation"]


class _Step(NamedTuple):
    """One field of a selection on one object type."""

    key: str
    read: Callable[[Any], Any] | None
    """A basic field's attribute reader; None: the field's resolver is called."""
    call: Callable[[Any, Request, Path | None], Any] | None
    complete: Complete
    typename: str
    """``__typename`` steps answer this name and nothing else."""


class _Selection:
    """The fields a selection set (with its fragments, merged) selects on one object
    type: compiled on first use, kept for the plan's life."""

    def __init__(self, compiler: _Compiler, kind: GraphQLObjectType, nodes: list[FieldNode]):
        self.kind = kind
        self.steps: list[_Step] = []
        self.plain = True
        """Nothing below calls a resolver: no paths are needed, answers may be shared."""
        for key, fields in compiler.collect(kind, [n.selection_set for n in nodes]).items():
            step, plain = compiler.step(kind, key, fields)
            self.steps.append(step)
            self.plain = self.plain and plain

        self.run: Callable[[Any, Request, Path | None], dict[str, Any]] = self._run
        if self.plain and all(s.read is not None for s in self.steps):
            self.run = self._reads

    def _reads(self, source: Any, request: Request, path: Path | None) -> dict[str, Any]:
        """A selection of basic fields only, each read and completed (no paths needed)."""
        return {
            key: complete(read(source), request, None)  # type: ignore[misc]
            for key, read, _, complete, _ in self.steps
        }

    def _run(self, source: Any, request: Request, path: Path | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, read, call, complete, typename in self.steps:
            if typename:
                out[key] = typename
                continue
            if read is not None:
                value = read(source)
                here = None if path is None else Path(path, key, self.kind.name)
                out[key] = complete(value, request, here)
            else:
                assert call is not None
                here = Path(path, key, self.kind.name)
                out[key] = complete(call(source, request, here), request, here)
        return out


class _Compiler(FieldCollector):
    def step(
        self, parent: GraphQLObjectType, key: str, nodes: list[FieldNode]
    ) -> tuple[_Step, bool]:
        """A field's step, and whether it and all below it are plain."""
        first = nodes[0]
        name = first.name.value
        if name == "__typename":
            return _Step(key, None, None, as_is, parent.name), True
        if name.startswith("__"):
            raise NotCompiled("introspection")
        definition = self.schema.get_field(parent, name)
        if definition is None:
            raise NotCompiled(f"no field {parent.name}.{name}")
        complete, plain = self.completion(definition.type, nodes, parent)
        read = None if first.arguments else plain_reader(definition)
        if read is not None:
            return _Step(key, read, None, complete, ""), plain
        compiled = self.schema, self.operation, self.fragments
        call = resolver_call(compiled, parent, definition, nodes)
        return _Step(key, None, call, complete, ""), False

    def completion(
        self, kind: GraphQLOutputType, nodes: list[FieldNode], parent: GraphQLObjectType
    ) -> tuple[Complete, bool]:
        """How to complete a value of ``kind`` selected by ``nodes``, and whether that is
        plain (no resolver below)."""
        non_null = isinstance(kind, GraphQLNonNull)
        named = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
        if isinstance(named, GraphQLList):
            item, plain = self.completion(named.of_type, nodes, parent)
            return nullable(list_completion(item, plain), non_null), plain
        if isinstance(named, (GraphQLEnumType,)) or not isinstance(
            named, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)
        ):
            return leaf(named, non_null), True
        if isinstance(named, GraphQLObjectType):
            selection = _Selection(self, named, nodes)
            return nullable(object_completion(selection, named), non_null), selection.plain
        complete, plain = self._abstract(named, nodes, parent)
        return nullable(complete, non_null), plain

    def _abstract(
        self, abstract: GraphQLAbstractType, nodes: list[FieldNode], parent: GraphQLObjectType
    ) -> tuple[Complete, bool]:
        """An interface's or union's value: its runtime type resolved by the type's own
        ``resolve_type`` (with an info of the field), checked as graphql-core checks it;
        the selection is compiled for every possible type at once."""
        resolve_type = abstract.resolve_type
        if resolve_type is None:
            raise NotCompiled("an abstract type without resolve_type")
        selections: dict[str, Complete] = {}
        plain = True
        for runtime in self.schema.get_possible_types(abstract):
            selection = _Selection(self, runtime, nodes)
            selections[runtime.name] = object_completion(selection, runtime, shared=False)
            plain = plain and selection.plain
        compiled = self.schema, self.operation, self.fragments
        field_name = nodes[0].name.value
        key = id(selections)

        def _abstract_info(request: Request, key: int, path: Path | None) -> ResolveInfo:
            info = resolve_info(field_name, nodes, abstract, parent, path, compiled, request)
            if path is None:
                request.infos[key] = info
            return info

        def complete(value: Any, request: Request, path: Path | None) -> Any:
            if plain:
                found = request.done.get((id(value), key))
                if found is not None and found[0] is value:
                    return found[1]
            info = request.infos.get(key) if path is None else None
            if info is None:
                info = _abstract_info(request, key, path)
            name = resolve_type(value, cast("GraphQLResolveInfo[Any]", info), abstract)
            runtime = selections.get(name) if isinstance(name, str) else None
            if runtime is None:  # not a possible type: graphql-core reports it
                raise Fallback
            answer = runtime(value, request, path)
            if plain:  # kept with the value: its id is not reused meanwhile
                request.done[(id(value), key)] = (value, answer)
            return answer

        return complete, plain


@dataclass
class Plan:
    """A compiled query: its root fields, run in order, into the answer's ``data``."""

    operation: OperationDefinitionNode
    cost: int | None
    roots: list[_Step]

    async def run(self, request: Request) -> dict[str, Any]:
        """The answer's ``data``, or ``Fallback``."""
        data: dict[str, Any] = {}
        for key, _, call, complete, typename in self.roots:
            if typename:
                data[key] = typename
                continue
            assert call is not None
            path = Path(None, key, "Query")
            value = call(None, request, path)
            if isinstance(value, Awaiting):
                try:
                    value = await value.awaitable
                except Exception as exc:
                    raise Fallback from exc
            data[key] = complete(value, request, path)
        if request.tracked:
            raise Fallback  # asynchronous work a resolver left behind: the normal way
        return data


def compile_operation(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    cost: int | None,
) -> Plan:
    """The plan of ``operation`` (of a document that validated), or ``NotCompiled``."""
    if operation.operation is not OperationType.QUERY:
        raise NotCompiled("not a query")
    if operation.directives or any(v.directives for v in operation.variable_definitions or ()):
        raise NotCompiled("a directive")
    root = schema.query_type
    if root is None:
        raise NotCompiled("no query type")
    compiler = _Compiler(schema, operation, fragments)
    roots = []
    for key, nodes in compiler.collect(root, [operation.selection_set]).items():
        step, _ = compiler.step(root, key, nodes)
        if step.read is not None:  # a root field read as an attribute of no root value
            raise NotCompiled("a root field without a resolver")
        roots.append(step)
    return Plan(operation, cost, roots)
