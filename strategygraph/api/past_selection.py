"""Does a ``graphAt`` selection need the whole past graph?

The past graph is built on the first question that needs all of it (``PastStore``): 0.3
to 1.7 s on 120,000 nodes. Were that question a field resolved on the event loop (the
past ``nodes``, or a node's ``region`` nested under a trace), every other request would
wait for it. So the ``graphAt`` resolver asks this module first, and builds the graph in
its worker thread when the selection may need it: whenever it holds a field other than
those answered without it (``version``, ``node`` and the traces, which walk only the
nodes above or below theirs), or, anywhere under those, a node's field that reads the
graph (its region, edges, comments, risks, …: the node fields with a resolver of their
own). When in doubt it builds: that costs time in a thread, never the loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from inspect import signature

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

__all__ = ["needs_graph", "node_reads"]

LIGHT = frozenset({"__typename", "at", "version", "node", "traceUp", "traceDown"})
"""The fields of ``graphAt`` answered without building the whole past graph."""


def needs_graph(schema: GraphQLSchema, selections: Iterable[Selection]) -> bool:
    """Do ``selections`` (those under one ``graphAt``) need the whole past graph?"""
    own = list(_fields(selections))
    if any(field.name not in LIGHT for field in own):
        return True
    reads = node_reads(schema)
    return any(field.name in reads for field in _below(own))


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of ``selections``, those of fragments included."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def _below(fields: Iterable[SelectedField]) -> Iterator[SelectedField]:
    """Every field selected under ``fields``, at any depth."""
    for field in fields:
        inner = list(_fields(field.selections))
        yield from inner
        yield from _below(inner)


@cache
def node_reads(schema: GraphQLSchema) -> frozenset[str]:
    """The fields of the node types with a resolver that reads the context (the graph)."""
    node = schema.get_type("Node")
    assert isinstance(node, GraphQLInterfaceType)
    names = set()
    kinds: list[GraphQLInterfaceType | GraphQLObjectType] = [node]
    kinds += schema.get_possible_types(node)
    for kind in kinds:
        for name, field in kind.fields.items():
            definition = (field.extensions or {}).get("strawberry-definition")
            resolver = getattr(definition, "base_resolver", None)
            if resolver is not None and "info" in signature(resolver.wrapped_func).parameters:
                names.add(name)
    return frozenset(names)
