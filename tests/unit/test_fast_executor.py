"""The fast executor answers exactly as Strawberry's own: data, nulls and errors alike."""

from __future__ import annotations

import enum
from typing import Any, ClassVar

import pytest
import strawberry
from graphql import GraphQLObjectType
from strawberry.permission import BasePermission

from strategygraph.api.executor import FastExecutor
from strategygraph.api.plain_fields import plain_leaf, plain_reader


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.interface
class Thing:
    id: strawberry.ID
    name: str


@strawberry.type
class Box(Thing):
    colour: Colour
    size: int
    weight: float | None
    sealed: bool
    label: str  # sometimes None on purpose: the non-null error must look the same

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


def boxes() -> list[Box]:
    return [
            Box(id=strawberry.ID("a"), name="one", colour=Colour.RED, size=1, weight=None,
                sealed=True, label="x"),
            Box(id=strawberry.ID("b"), name="two", colour=Colour.BLUE, size=2, weight=2.5,
                sealed=False, label=None),  # type: ignore[arg-type]
            Box(id=strawberry.ID("c"), name="three", colour="green", size=3,  # type: ignore[arg-type]
                weight=1.0, sealed=True, label="z"),
        ]  # fmt: skip


@strawberry.type
class Shelf:
    """Plain list and object attributes: completed inside the fast path too."""

    name: str
    things: list[Thing]
    top: Box | None
    colours: list[Colour]


def shelves(clean: bool) -> list[Shelf]:
    a, b, c = boxes()
    if clean:
        return [Shelf(name="s1", things=[a], top=a, colours=[Colour.RED]),
                Shelf(name="s2", things=[a, a], top=a, colours=[])]  # fmt: skip
    return [
        Shelf(name="s1", things=[a], top=a, colours=[Colour.RED]),
        Shelf(name="s2", things=[a, b, c], top=None,
              colours=[Colour.BLUE, "green"]),  # type: ignore[list-item]
    ]  # fmt: skip


@strawberry.type
class Query:
    @strawberry.field
    def shelves(self) -> list[Shelf]:
        return shelves(clean=False)

    @strawberry.field
    def clean_shelves(self) -> list[Shelf]:
        return shelves(clean=True)

    @strawberry.field
    def things(self) -> list[Thing]:
        return list(boxes())

    @strawberry.field
    def boxes(self) -> list[Box | None]:
        return [*boxes()[:2], None]

    @strawberry.field
    def colours(self) -> list[Colour]:
        return [Colour.RED, Colour.BLUE]

    @strawberry.field
    def words(self) -> list[str | None]:
        return ["a", None, "c"]

    @strawberry.field
    def numbers(self) -> list[int]:
        return [1, "two", 3]  # type: ignore[list-item]


QUERIES = [
    "{ things { id name } }",
    "{ things { id name __typename } }",
    "{ things { ... on Box { id colour size weight sealed } } }",
    "{ things { ... on Box { id label } } }",
    "{ things { ... on Box { id shout n: name } } }",
    "{ boxes { id name colour } }",
    "{ boxes { ... on Thing { id } } }",
    "{ colours words }",
    "{ numbers }",
    "{ a: things { id } b: things { name } }",
    "{ shelves { name things { id name } } }",
    "{ shelves { name top { id colour } } }",
    "{ shelves { colours } }",
    "{ shelves { things { ... on Box { id label } } } }",
    "{ shelves { things { ... on Box { id colour } } } }",
    "{ shelves { name things { id shout: name ... on Box { shout } } } }",
    "{ cleanShelves { name things { id ... on Box { size } } top { name } colours } }",
]


def answer(executor: Any, query: str) -> dict[str, Any]:
    schema = strawberry.Schema(query=Query, types=[Box], execution_context_class=executor)
    result = schema.execute_sync(query)
    errors = [(e.message, e.path) for e in result.errors or []]
    return {"data": result.data, "errors": errors}


def test_same_answers_and_errors_as_strawberry() -> None:
    for query in QUERIES:
        assert answer(FastExecutor, query) == answer(None, query), query


def test_an_unknown_enum_value_and_a_null_are_errors_on_their_path() -> None:
    colours = answer(FastExecutor, QUERIES[2])
    assert [e[1] for e in colours["errors"]] == [["things", 2, "colour"]]
    labels = answer(FastExecutor, QUERIES[3])
    assert labels["errors"][0][0] == "Cannot return null for non-nullable field Box.label."


def test_only_plain_scalar_attributes_take_the_fast_path() -> None:
    schema = strawberry.Schema(query=Query, types=[Box])
    box = schema._schema.get_type("Box")
    assert isinstance(box, GraphQLObjectType)
    plain = {name for name, field in box.fields.items() if plain_leaf(field)}
    assert plain == {"id", "name", "colour", "size", "weight", "sealed", "label"}


class Counting(FastExecutor):
    """Counts the fields that went the ordinary way."""

    ordinary: ClassVar[list[str]] = []

    def build_resolve_info(self, field_def: Any, field_nodes: Any, *args: Any) -> Any:
        Counting.ordinary.append(field_nodes[0].name.value)
        return super().build_resolve_info(field_def, field_nodes, *args)


def test_plain_fields_skip_the_ordinary_path_and_others_take_it() -> None:
    Counting.ordinary = []
    answer(Counting, "{ things { id name } colours }")
    assert Counting.ordinary == ["things", "colours"]
    Counting.ordinary = []
    answer(Counting, "{ things { ... on Box { id shout } } }")
    assert Counting.ordinary == ["things", "shout", "shout", "shout"]
    Counting.ordinary = []
    answer(Counting, "{ cleanShelves { name things { id } top { colour } colours } }")
    assert Counting.ordinary == ["cleanShelves"]  # nested plain lists and objects too


class Counted(BasePermission):
    """Allows everything, and counts its checks."""

    message = "never refused"
    checks: ClassVar[int] = 0

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        Counted.checks += 1
        return True


@strawberry.type
class Locker:
    name: str
    secret: str = strawberry.field(permission_classes=[Counted])
    nickname: str = strawberry.field(directives=[])  # a basic field still
    tags: list[str] = strawberry.field(permission_classes=[Counted])


@strawberry.type
class LockerQuery:
    @strawberry.field
    def lockers(self) -> list[Locker]:
        return [Locker(name="a", secret="s", nickname="x", tags=["t"]),
                Locker(name="b", secret="t", nickname="y", tags=[])]  # fmt: skip


@pytest.mark.parametrize("executor", [FastExecutor, None])
def test_a_permission_runs_once_per_field_and_item(executor: Any) -> None:
    """A default-resolver field with a permission class never takes the fast path: its
    permission runs as often as Strawberry runs it, once for each item."""
    schema = strawberry.Schema(query=LockerQuery, execution_context_class=executor)
    Counted.checks = 0
    result = schema.execute_sync("{ lockers { name secret } }")
    assert result.errors is None and result.data is not None
    assert result.data["lockers"] == [{"name": "a", "secret": "s"}, {"name": "b", "secret": "t"}]
    assert Counted.checks == 2
    Counted.checks = 0
    result = schema.execute_sync("{ lockers { secret tags } }")
    assert result.errors is None
    assert Counted.checks == 4


def test_fields_with_permissions_or_extensions_are_never_plain() -> None:
    schema = strawberry.Schema(query=LockerQuery)
    locker = schema._schema.get_type("Locker")
    assert isinstance(locker, GraphQLObjectType)
    assert {name for name, field in locker.fields.items() if plain_reader(field)} == {
        "name",
        "nickname",
    }
