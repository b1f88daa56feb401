"""Which fields read the clock: declared on the field, read back from the schema.

A field whose answer changes with the clock, or with anything else outside the graph's
versions, carries ``metadata=volatile("why")`` where it is defined. ``volatility_of``
reads the declarations of every field of every type back from the schema: the kept
answers (``answers.py``) keep a query only when all its root fields are timeless and it
names no volatile field anywhere, at the root or nested.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["VOLATILE", "Volatility", "served_volatility", "volatile", "volatility_of"]

VOLATILE = "strategygraph.volatile"
"""The metadata key of a volatile field; its value says why."""


def volatile(why: str) -> dict[str, str]:
    """A field's ``metadata``: its answer changes with the clock (``why``), not only with
    the graph version and the reader."""
    return {VOLATILE: why}


class Volatility(NamedTuple):
    timeless: frozenset[str]
    """Root query fields whose answers depend on the graph version and the reader only."""
    volatile: frozenset[str]
    """Names of the fields, of any type, declared volatile: a document naming one is
    never kept."""
    coordinates: frozenset[str]
    """The same fields as ``Type.field``."""


def volatility_of(schema: GraphQLSchema) -> Volatility:
    """The volatility declared on the fields of ``schema`` (a Strawberry schema's)."""
    coordinates: set[str] = set()
    for kind in schema.type_map.values():
        if not isinstance(kind, (GraphQLObjectType, GraphQLInterfaceType)):
            continue
        for name, field in kind.fields.items():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if isinstance(definition, StrawberryField) and VOLATILE in definition.metadata:
                coordinates.add(f"{kind.name}.{name}")
    names = frozenset(c.split(".", 1)[1] for c in coordinates)
    roots = frozenset(schema.query_type.fields) if schema.query_type else frozenset()
    return Volatility(roots - names, names, frozenset(coordinates))


@cache
def served_volatility() -> Volatility:
    """The volatility of the served schema."""
    from .schema import build_schema  # the schema's modules declare; this reads them

    return volatility_of(build_schema()._schema)
