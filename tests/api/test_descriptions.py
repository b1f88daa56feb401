"""Every type, field, argument, input field and enum value of the served schema has a
description a planner or an integrator can use (issue 13): read from the server by
introspection, so what a client's tooling shows is what is checked."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_client_schema,
    get_introspection_query,
)

from tests.clients import HTTP

from .conftest import Served

BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def undescribed(schema: GraphQLSchema) -> list[str]:
    """Every type, field, argument, input field and enum value without a description."""
    missing: list[str] = []

    def check(what: str, description: str | None) -> None:
        if not (description or "").strip():
            missing.append(what)

    for name, kind in sorted(schema.type_map.items()):
        if name.startswith("__") or name in BUILT_IN:
            continue
        check(name, kind.description)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                check(f"{name}.{field_name}", field.description)
                for arg_name, arg in field.args.items():
                    check(f"{name}.{field_name}({arg_name})", arg.description)
        elif isinstance(kind, GraphQLInputObjectType):
            for field_name, input_field in kind.fields.items():
                check(f"{name}.{field_name}", input_field.description)
        elif isinstance(kind, GraphQLEnumType):
            for value_name, value in kind.values.items():
                check(f"{name}.{value_name}", value.description)
    return missing


def test_everything_in_the_served_schema_is_described(shared: Served) -> None:
    answer = HTTP.post(shared.url, json={"query": get_introspection_query()}, timeout=10)
    schema = build_client_schema(answer.json()["data"])
    missing = undescribed(schema)
    assert missing == [], f"{len(missing)} without a description:\n" + "\n".join(missing)
