"""A faster field executor: plain scalar fields skip graphql-core's general machinery.

Most fields of an answer are plain attributes (``id``, ``title`` of 160 nodes in a
``traceUp``): one of Strawberry's basic fields (its default resolver, no arguments, no
extensions, permission classes or directives) of a built-in scalar or enum type
(``plain_fields``); any other field always goes the ordinary way. For each basic field
graphql-core builds a resolve-info object, wraps the resolver in the (empty) middleware
chain, checks for awaitables twice and completes the value through four nested calls; this
executor reads the attribute and coerces it directly. A list whose items are leaf values,
or objects whose selected fields are all plain, is completed in one loop, each item's type
still resolved and checked; a plain attribute holding such a list or object counts as
plain too, so a whole ``traceUp { nodes { id title } relations }`` completes in nested
loops. Anything unusual (a null, an error, an awaitable, a value that does not coerce,
``@defer``/``@stream``, any middleware) goes the ordinary way, so answers and errors are
the same (``tests/unit/test_fast_executor.py``; ``tests/api/test_executor_differential.py``
runs the API tests' queries through the served schema both ways).

Which fields are plain and how to read them is planned once and kept per schema
(``executor_plans.Planner``, this executor's base); this module uses the plans. The
methods overridden are graphql-core's execution internals: ``pyproject.toml`` holds
graphql-core and Strawberry to the minor versions these tests passed with.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLUnionType,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path

from .executor_plans import Nested, Planner
from .plain_fields import BUILT_IN

__all__ = ["FastExecutor"]


class FastExecutor(Planner):
    """Strawberry's executor with the fast paths for plain fields and lists of plain
    objects (``build_schema`` passes it as ``execution_context_class``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._fast = manager is None or not manager.middlewares
        self._done: dict[tuple[int, int], tuple[Any, dict[str, Any]]] = {}

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        plan = self._object_plan(parent_type, grouped_field_set) if self._fast else None
        if plan is not None and plan.leaves_only:  # leaves only: nothing here needs a resolve info
            results = {}
            try:
                for name, resolve, coerce, _ in plan.steps:
                    value = resolve(source_value)
                    if value is None or isinstance(value, Exception):
                        break
                    coerced = coerce(value)  # type: ignore[misc]
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
        if isinstance(named, GraphQLEnumType) or named in BUILT_IN:
            coerce = self._coercer(named)
            for item in items:
                value = None if item is None else coerce(item)
                if value is None or value is Undefined:
                    return None
                completed.append(value)
            return completed
        if not isinstance(named, (GraphQLInterfaceType, GraphQLUnionType, GraphQLObjectType)):
            return None
        done = self._done
        selection = id(field_details_list)
        for item in items:
            key = (id(item), selection)
            found = done.get(key)
            if found is not None and found[0] is item:  # the same node on another path
                completed.append(found[1])
                continue
            values = self._plain_item(named, field_details_list, info, item)
            if values is None:
                return None
            done[key] = (item, values)  # kept with the item, so that its id is not reused
            completed.append(values)
        return completed

    def _plain_item(
        self,
        named: GraphQLInterfaceType | GraphQLUnionType | GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        item: Any,
    ) -> dict[str, Any] | None:
        """The completed object when its type resolves plainly and all its selected
        fields are plain, else None."""
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
        steps = self._item_steps(runtime, field_details_list)
        if steps is None:
            return None
        values = {}
        for name, read, scalar, nested in steps:
            value = read(item)
            if value is None or isinstance(value, Exception):
                return None
            if scalar is not None:
                done = scalar(value)
            elif nested is not None:
                done = self._nested(nested, info, value)
            else:  # a step is one or the other; never reuse the last field's value
                return None
            if done is None or done is Undefined:
                return None
            values[name] = done
        return values

    def _nested(
        self,
        nested: Nested,
        info: GraphQLResolveInfo[Any],
        value: Any,
    ) -> Any:
        """The completed value of a plain list or object field inside a plain item, or
        None. ``info`` is the enclosing list field's: abstract types resolve with it."""
        kind, details = nested
        if isinstance(kind, GraphQLList):
            if not isinstance(value, (list, tuple)):
                return None
            return self._plain_items(kind.of_type, details, info, value)
        found = self._plain_items(kind, details, info, (value,))
        return None if found is None else found[0]

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
                    value = plan.read(source)
                    if value is not None and not isinstance(value, Exception):
                        coerced = plan.coerce(value)
                        if coerced is not None and coerced is not Undefined:
                            return coerced
                except Exception:  # noqa: S110 - the ordinary path reports it
                    pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
