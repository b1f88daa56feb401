"""A faster field executor: plain scalar fields skip graphql-core's general machinery.

Most fields of an answer are plain attributes (``id``, ``title`` of 160 nodes in a
``traceUp``): a Strawberry field without a resolver, arguments or extensions, of a
built-in scalar or enum type. For each of them graphql-core builds a resolve-info object,
wraps the resolver in the (empty) middleware chain, checks for awaitables twice and
completes the value through four nested calls; this executor reads the attribute and
coerces it directly. A list whose items are leaf values, or objects whose selected fields
are all plain (the ``nodes { id title }`` of a path), is completed in one loop, each
item's type still resolved and checked. Anything unusual (a null, an error, an
awaitable, a value that does not coerce, ``@defer``/``@stream``, any middleware) goes the
ordinary way, so answers and errors are the same (``tests/unit/test_fast_executor.py``).
"""

from __future__ import annotations

from functools import partial
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLUnionType,
    Undefined,
    specified_scalar_types,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["FastExecutor", "plain_leaf"]

_BUILT_IN = frozenset(specified_scalar_types.values())

Plan = tuple[Any, GraphQLLeafType] | None
"""A plain field's reader (source -> value) and leaf type, or None for a field to execute
normally."""


def plain_leaf(field: GraphQLField) -> Plan:
    """Is ``field`` a Strawberry attribute (no resolver, no extensions, no arguments) of a
    built-in scalar or an enum type? Then its resolver and that type."""
    resolve = field.resolve
    if field.args or resolve is None or not getattr(resolve, "_is_default", False):
        return None
    strawberry_field = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if (
        isinstance(strawberry_field, StrawberryField)
        and strawberry_field.is_basic_field
        and strawberry_field.default_resolver is getattr
    ):
        read: Any = attrgetter(strawberry_field.python_name)
    else:
        read = partial(resolve, info=None)
    kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if isinstance(kind, GraphQLEnumType) or (
        isinstance(kind, GraphQLScalarType) and kind in _BUILT_IN
    ):
        return read, kind
    return None


class FastExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor with the fast paths for plain scalar fields and lists of
    plain objects (``build_schema`` passes it as ``execution_context_class``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._fast = manager is None or not manager.middlewares
        self._plans: dict[tuple[str, str], Plan] = {}
        self._runtime: dict[tuple[str, str], GraphQLObjectType] = {}
        self._objects: dict[int, tuple[Any, list[tuple[str, Any, GraphQLLeafType]] | None]] = {}

    def _plan(self, parent_type: GraphQLObjectType, node: Any) -> Plan:
        key = (parent_type.name, node.name.value)
        if key not in self._plans:
            field = self.schema.get_field(parent_type, key[1])
            self._plans[key] = None if node.arguments or field is None else plain_leaf(field)
        return self._plans[key]

    def _object_plan(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> list[tuple[str, Any, GraphQLLeafType]] | None:
        """The plans of every field of a selection when all of them are plain, else None."""
        key = id(grouped_field_set)
        found = self._objects.get(key)
        if found is None or found[0] is not grouped_field_set:
            steps: list[tuple[str, Any, GraphQLLeafType]] | None = []
            for name, details in grouped_field_set.items():
                plan = self._plan(parent_type, details[0].node)
                if plan is None or steps is None:
                    steps = None
                    break
                steps.append((name, plan[0], plan[1]))
            # the set itself is kept with its plan, so that its id is not reused
            found = self._objects[key] = (grouped_field_set, steps)
        return found[1]

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        steps = self._object_plan(parent_type, grouped_field_set) if self._fast else None
        if steps is not None:
            results = {}
            try:
                for name, resolve, leaf in steps:
                    value = resolve(source_value)
                    if value is None or isinstance(value, Exception):
                        break
                    coerced = leaf.coerce_output_value(value)
                    if coerced is None or coerced is Undefined:
                        break
                    results[name] = coerced
                else:
                    return results
            except Exception:  # noqa: S110 - the ordinary path reports it
                pass
        return super().execute_fields(
            parent_type, source_value, path, grouped_field_set, position_context
        )

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Any,
        position_context: Any,
    ) -> Any:
        if (
            self._fast
            and position_context is None
            and isinstance(items, (list, tuple))
            and self.get_stream_usage(field_details_list, path) is None
        ):
            try:
                done = self._plain_items(item_type, field_details_list, info, items)
            except Exception:  # the ordinary path reports it
                done = None
            if done is not None:
                return done
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    def _plain_items(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        items: list[Any] | tuple[Any, ...],
    ) -> list[Any] | None:
        """The completed list when every item is a leaf value, or an object whose selected
        fields are all plain; else None (nothing was changed: only attributes were read)."""
        named = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        completed: list[Any] = []
        if isinstance(named, GraphQLEnumType) or named in _BUILT_IN:
            leaf: GraphQLLeafType = named
            for item in items:
                value = None if item is None else leaf.coerce_output_value(item)
                if value is None or value is Undefined:
                    return None
                completed.append(value)
            return completed
        if not isinstance(named, (GraphQLInterfaceType, GraphQLUnionType, GraphQLObjectType)):
            return None
        plans: dict[str, list[tuple[str, Any, GraphQLLeafType]] | None] = {}
        for item in items:
            if item is None or isinstance(item, Exception) or self.is_awaitable(item):
                return None
            runtime = (
                named
                if isinstance(named, GraphQLObjectType)
                else self._runtime_type(named, field_details_list, info, item)
            )
            if runtime is None:
                return None
            if runtime.is_type_of is not None and runtime.is_type_of(item, info) is not True:
                return None
            if runtime.name in plans:
                steps = plans[runtime.name]
            else:
                grouped, deferred, _ = self.collect_subfields(runtime, field_details_list)
                steps = plans[runtime.name] = (
                    None if deferred else self._object_plan(runtime, grouped)
                )
            if steps is None:
                return None
            values = {}
            for name, read, leaf in steps:
                value = read(item)
                if value is None or isinstance(value, Exception):
                    return None
                coerced = leaf.coerce_output_value(value)
                if coerced is None or coerced is Undefined:
                    return None
                values[name] = coerced
            completed.append(values)
        return completed

    def _runtime_type(
        self,
        abstract: GraphQLInterfaceType | GraphQLUnionType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        item: Any,
    ) -> GraphQLObjectType | None:
        """The object type an item of an abstract type resolves to, when that is a plain
        answer (a valid type's name), else None."""
        resolve_type = abstract.resolve_type or self.type_resolver
        name = resolve_type(item, info, abstract)
        if not isinstance(name, str):
            return None
        key = (abstract.name, name)
        if key not in self._runtime:
            runtime = self.ensure_valid_runtime_type(name, abstract, field_details_list, info, item)
            self._runtime[key] = runtime
        return self._runtime[key]

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        if self._fast:
            plan = self._plan(parent_type, field_details_list[0].node)
            if plan is not None:
                try:
                    value = plan[0](source)
                    if value is not None and not isinstance(value, Exception):
                        coerced = plan[1].coerce_output_value(value)
                        if coerced is not None and coerced is not Undefined:
                            return coerced
                except Exception:  # noqa: S110 - the ordinary path reports it
                    pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
