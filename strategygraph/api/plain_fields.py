"""Which of Strawberry's fields are plain: an attribute read with ``getattr``, nothing else
run (no resolver, arguments, extensions, permission classes or directives).

Its own module because two fast paths ask it the same question and must get the same
answer: the field executor (``executor.py``) and the compiled operations (``compiled.py``)
take only plain fields; any other field always runs the ordinary way.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, NamedTuple

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLScalarType,
    specified_scalar_types,
)
from strawberry.resolvers import is_default_resolver
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["BUILT_IN", "LeafPlan", "plain_leaf", "plain_reader"]

BUILT_IN = frozenset(specified_scalar_types.values())
"""GraphQL's built-in scalar types (``String``, ``Int``, ``Float``, ``Boolean``, ``ID``)."""


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
        or (isinstance(kind, GraphQLScalarType) and kind in BUILT_IN)
    ):
        return LeafPlan(read, kind)
    return None
