"""The fast executor's plans: which fields of a selection are plain, how to read and coerce
them, made once and kept (``Planner``, the base of ``executor.FastExecutor``).

The plans depend only on the schema and on the document, which the parse cache hands out
as the same objects each time: they are kept per schema across operations (``_Shared``),
those of a selection keyed by its field nodes, for an operation without directives (an
``@include(if: $v)`` makes the selection depend on the variables: such an operation plans
afresh each time). Making plans is its own module, apart from using them to complete
values (``executor.py``), since the two change for different reasons: what counts as plain
and how long plans live, against how graphql-core completes a value.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from cachetools import LRUCache
from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.language import FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from .plain_fields import plain_leaf, plain_reader

__all__ = [
    "SHARED_PLANS",
    "Coerce",
    "Completion",
    "Nested",
    "Planner",
    "Step",
    "Steps",
]

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


class Planner(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor that makes and keeps the plans of plain fields; it runs
    nothing differently (``executor.FastExecutor`` uses the plans)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = _shared.get(self.schema)
        if shared is None:
            shared = _shared[self.schema] = _Shared()
        self._plans = shared.plans
        self._coercers = shared.coercers
        self._runtime = shared.runtime
        self._objects: dict[int, tuple[Any, Steps | None]] = {}
        self._items: dict[tuple[str, int], tuple[FieldDetailsList, Steps | None]] = {}
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
