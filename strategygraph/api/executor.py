"""A faster field executor: plain scalar fields skip graphql-core's general machinery.

Most fields of an answer are plain attributes (``id``, ``title`` of 160 nodes in a
``traceUp``): one of Strawberry's basic fields (its default resolver, no arguments, no
extensions, permission classes or directives) of a built-in scalar or enum type; any other
field always goes the ordinary way. For each basic field graphql-core builds a resolve-info
object, wraps the resolver in the (empty) middleware chain, checks for awaitables twice
and completes the value through four nested calls; this executor reads the attribute and
coerces it directly. A list whose items are leaf values, or objects whose selected fields
are all plain, is completed in one loop, each item's type still resolved and checked; a
plain attribute holding such a list or object counts as plain too, so a whole ``traceUp {
nodes { id title } relations }`` completes in nested loops. Anything unusual (a null, an
error, an awaitable, a value that does not coerce, ``@defer``/``@stream``, any middleware)
goes the ordinary way, so answers and errors are the same
(``tests/unit/test_fast_executor.py``; ``tests/api/test_executor_differential.py`` runs
the API tests' queries through the served schema both ways).

The plans (which fields are plain, how to read and coerce them) depend only on the schema
and on the document, which the parse cache hands out as the same objects each time: they
are kept per schema across operations (``_Shared``), those of a selection keyed by its
field nodes, for an operation without directives (an ``@include(if: $v)`` makes the
selection depend on the variables: such an operation plans afresh each time). The methods
overridden are graphql-core's execution internals: ``pyproject.toml`` holds graphql-core
and Strawberry to the minor versions these tests passed with.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from operator import attrgetter
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from cachetools import LRUCache
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    specified_scalar_types,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.language import FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode
from graphql.pyutils import Path
from strawberry.resolvers import is_default_resolver
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["FastExecutor", "plain_leaf", "plain_reader"]

_BUILT_IN = frozenset(specified_scalar_types.values())


def plain_reader(field: GraphQLField) -> Callable[[Any], Any] | None:
    """The reader (source -> value) of one of Strawberry's basic fields: an attribute with
    Strawberry's default resolver (``strawberry.resolvers.is_default_resolver``), no
    resolver of its own, no arguments, no extensions (a permission class is one), no
    directives, read with ``getattr``; None for any other field, which then always runs
    the ordinary way (its permissions and extensions exactly as often as Strawberry runs
    them)."""
    resolve = field.resolve
    if field.args or resolve is None or not is_default_resolver(resolve):
        return None
    strawberry_field = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if (
        not isinstance(strawberry_field, StrawberryField)
        or not strawberry_field.is_basic_field
        or strawberry_field.base_resolver is not None
        or strawberry_field.extensions
        or strawberry_field.permission_classes
        or strawberry_field.directives
        or strawberry_field.default_resolver is not getattr
    ):
        return None
    return attrgetter(strawberry_field.python_name)


class LeafPlan(NamedTuple):
    """A basic field of a built-in scalar or an enum type: how to read it, its type."""

    read: Callable[[Any], Any]
    leaf: GraphQLLeafType


def plain_leaf(field: GraphQLField) -> LeafPlan | None:
    """Is ``field`` a basic field (``plain_reader``) of a built-in scalar or an enum
    type? Then its reader and that type."""
    read = plain_reader(field)
    kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if read is not None and (
        isinstance(kind, GraphQLEnumType)
        or (isinstance(kind, GraphQLScalarType) and kind in _BUILT_IN)
    ):
        return LeafPlan(read, kind)
    return None


Coerce = Callable[[Any], Any]
"""A leaf type's output coercion (an enum's remembered per value)."""


class Completion(NamedTuple):
    """How to read and coerce a basic leaf field of one parent type."""

    read: Callable[[Any], Any]
    coerce: Coerce


class Nested(NamedTuple):
    """A basic list or object field: its type and field details, to complete it with."""

    kind: GraphQLOutputType
    details: FieldDetailsList


class Step(NamedTuple):
    """A basic field of a selection: its response key, its reader, and either its leaf
    coercion or (a list or object field) what to complete it with."""

    name: str
    read: Callable[[Any], Any]
    coerce: Coerce | None
    nested: Nested | None


class Steps(NamedTuple):
    """The steps of a selection, and whether all of them are leaves."""

    steps: list[Step]
    leaves_only: bool


SHARED_PLANS = 4096
"""Selections whose plans are kept per schema (least recently used go first)."""


class _Shared:
    """What one schema's executions share. The first three depend on the schema alone
    (nothing invalidates them: a schema does not change); the selection plans are keyed
    by the ids of their field nodes, which are kept alive with each plan (so an id is not
    reused while its plan is kept), and dropped least recently used."""

    def __init__(self) -> None:
        self.plans: dict[tuple[str, str], Completion | None] = {}
        self.coercers: dict[str, Coerce] = {}
        self.runtime: dict[tuple[str, str], GraphQLObjectType] = {}
        self.objects: LRUCache[Hashable, tuple[Any, Steps | None]] = LRUCache(SHARED_PLANS)
        self.items: LRUCache[Hashable, tuple[Any, Steps | None]] = LRUCache(SHARED_PLANS)
        self.steady: LRUCache[int, tuple[OperationDefinitionNode, bool]] = LRUCache(SHARED_PLANS)


_shared: WeakKeyDictionary[GraphQLSchema, _Shared] = WeakKeyDictionary()
"""One ``_Shared`` per schema, gone with it."""


def _directed(
    selection: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> bool:
    """Does anything in ``selection`` (fragments followed) carry a directive?"""
    if selection is None:
        return False
    for node in selection.selections:
        if node.directives:
            return True
        name = getattr(getattr(node, "name", None), "value", None)
        below = getattr(node, "selection_set", None)
        if below is None and name in fragments:  # a fragment spread
            fragment = fragments[name]
            if fragment.directives or fragment.variable_definitions:
                return True
            below = fragment.selection_set
        if _directed(below, fragments):
            return True
    return False


def _ids(nodes: Any) -> Hashable:
    """``nodes`` (field nodes, or tuples of a name and field nodes) by identity."""
    return tuple(
        tuple(n if isinstance(n, str) else id(n) for n in node)
        if isinstance(node, tuple)
        else id(node)
        for node in nodes
    )


class FastExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor with the fast paths for plain fields and lists of plain
    objects (``build_schema`` passes it as ``execution_context_class``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._fast = manager is None or not manager.middlewares
        shared = _shared.get(self.schema)
        if shared is None:
            shared = _shared[self.schema] = _Shared()
        self._plans = shared.plans
        self._coercers = shared.coercers
        self._runtime = shared.runtime
        self._objects: dict[int, tuple[Any, Steps | None]] = {}
        self._items: dict[tuple[str, int], tuple[FieldDetailsList, Steps | None]] = {}
        self._done: dict[tuple[int, int], tuple[Any, dict[str, Any]]] = {}
        self._shared = shared if self._steady(shared) else None

    def _steady(self, shared: _Shared) -> bool:
        """Does this operation select the same fields whatever its variables (no
        directives anywhere in it)? Then its plans are shared across operations."""
        operation = self.operation
        found = shared.steady.get(id(operation))
        if found is None or found[0] is not operation:
            steady = not operation.directives and not _directed(
                operation.selection_set, self.fragment_definitions
            )
            found = shared.steady[id(operation)] = (operation, steady)
        return found[1]

    def _plan(self, parent_type: GraphQLObjectType, node: Any) -> Completion | None:
        """A plain leaf field's reader and coercion, or None."""
        key = (parent_type.name, node.name.value)
        if key not in self._plans:
            field = self.schema.get_field(parent_type, key[1])
            leaf = None if node.arguments or field is None else plain_leaf(field)
            self._plans[key] = (
                None if leaf is None else Completion(leaf.read, self._coercer(leaf.leaf))
            )
        return self._plans[key]

    def _coercer(self, leaf: GraphQLLeafType) -> Coerce:
        """The leaf's output coercion; an enum's result is remembered per value (Strawberry
        looks the member up anew each time), a value that does not coerce never is."""
        if not isinstance(leaf, GraphQLEnumType):
            return leaf.coerce_output_value
        found = self._coercers.get(leaf.name)
        if found is None:
            known: dict[tuple[type, Any], Any] = {}
            coerce = leaf.coerce_output_value

            def remembered(value: Any) -> Any:
                key = (type(value), value)
                done = known.get(key, Undefined)
                if done is Undefined:
                    done = coerce(value)
                    if done is not None and done is not Undefined:
                        known[key] = done
                return done

            found = self._coercers[leaf.name] = remembered
        return found

    def _step(
        self, parent_type: GraphQLObjectType, name: str, details: FieldDetailsList
    ) -> Step | None:
        """The step of a plain field, a leaf or a list or object of plain fields; None for
        a field to execute the ordinary way."""
        node = details[0].node
        leaf = self._plan(parent_type, node)
        if leaf is not None:
            return Step(name, leaf.read, leaf.coerce, None)
        field = self.schema.get_field(parent_type, node.name.value)
        if field is None or node.arguments or any(d.node.directives for d in details):
            return None  # arguments, or a directive such as @stream
        read = plain_reader(field)
        kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        if read is None or not isinstance(
            kind, (GraphQLList, GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)
        ):
            return None
        return Step(name, read, None, Nested(kind, details))

    def _object_plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> Steps | None:
        """The steps of every field of a selection when all of them are plain, else None."""
        key = id(grouped_field_set)
        found = self._objects.get(key)
        if found is None or found[0] is not grouped_field_set:
            shared = self._shared
            nodes = None
            if shared is not None:
                nodes = tuple(
                    (name, *(d.node for d in details))
                    for name, details in grouped_field_set.items()
                )
                kept = shared.objects.get((parent_type.name, _ids(nodes)))
                if kept is not None:  # its nodes are alive: these ids are theirs
                    found = self._objects[key] = (grouped_field_set, kept[1])
                    return kept[1]
            plan = self._new_object_plan(parent_type, grouped_field_set)
            if shared is not None:
                shared.objects[(parent_type.name, _ids(nodes))] = (nodes, plan)
            # the set itself is kept with its plan, so that its id is not reused
            found = self._objects[key] = (grouped_field_set, plan)
        return found[1]

    def _new_object_plan(self, parent_type: GraphQLObjectType, grouped: Any) -> Steps | None:
        steps: list[Step] = []
        for name, details in grouped.items():
            step = self._step(parent_type, name, details)
            if step is None:
                return None
            steps.append(step)
        return Steps(steps, all(s.coerce is not None for s in steps))

    def _item_steps(
        self, runtime: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> list[Step] | None:
        """The steps of an item of ``runtime`` type selected by ``field_details_list``."""
        key = (runtime.name, id(field_details_list))
        found = self._items.get(key)
        if found is None or found[0] is not field_details_list:
            shared = self._shared
            nodes = tuple(d.node for d in field_details_list) if shared else ()
            kept = None if shared is None else shared.items.get((runtime.name, _ids(nodes)))
            if kept is not None:  # its nodes are alive: these ids are theirs
                plan = kept[1]
            else:
                grouped, deferred, _ = self.collect_subfields(runtime, field_details_list)
                plan = None if deferred else self._object_plan(runtime, grouped)
                if shared is not None:
                    shared.items[(runtime.name, _ids(nodes))] = (nodes, plan)
            found = self._items[key] = (field_details_list, plan)
        return None if found[1] is None else found[1].steps

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
        if isinstance(named, GraphQLEnumType) or named in _BUILT_IN:
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
