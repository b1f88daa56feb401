"""The quick record builders of a bulk import against the checking ones, on random records:
whatever the checking builder refuses the quick one refuses too, and whatever the quick one
builds is the checking one's record, field for field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import Edge, Health, Node, NodeKind, Relation, Status, ValidationError
from strategygraph.domain.codec import edge_from_dict, node_from_dict
from strategygraph.domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from strategygraph.domain.model import PROJECT_FIELDS
from strategygraph.interchange import json_checks

TEXT = st.text(max_size=6)
TEXTS = [
    "id",
    "region",
    "title",
    "description",
    "organisation",
    "approved_by",
    "decision_ref",
    "source",
    "created_by",
    "updated_by",
    "owner",
    "phase",
]
ODD = st.one_of(st.integers(), st.booleans(), st.lists(TEXT, max_size=2), st.floats(), TEXT)
"""A value of the wrong type for most fields."""
DATE = st.dates().map(lambda d: d.isoformat())
TIME = st.datetimes().map(lambda t: t.isoformat())
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    **dict.fromkeys(TEXTS, TEXT),
    "kind": st.sampled_from([k.value for k in NodeKind]),
    "status": st.sampled_from([s.value for s in Status]),
    "health": st.sampled_from([h.value for h in Health]),
    "tags": st.lists(st.sampled_from(["a", "b", "digi", ""]), max_size=4),
    "attributes": st.dictionaries(TEXT, TEXT, max_size=2),
    "version": st.integers(1, 5),
    "progress": st.integers(-5, 120),
    "decision_date": DATE,
    "start_date": DATE,
    "due_date": DATE,
    "created_at": TIME,
    "updated_at": TIME,
}
REQUIRED = ("id", "kind", "region", "title")


@st.composite
def records(draw: st.DrawFn, wrong: bool) -> dict[str, Any]:
    """A node record of well-typed fields (some absent, some null), or with ``wrong`` one
    or two that may be anything (a wrong type, a missing required field, an unknown key)."""
    record: dict[str, Any] = {}
    for name, values in FIELDS.items():
        if name in REQUIRED or draw(st.booleans()):
            record[name] = draw(values | st.none()) if name not in REQUIRED else draw(values)
    if record.get("created_at") and draw(st.booleans()):
        record["updated_at"] = record["created_at"]  # the same text: shared
    if wrong:
        for name in draw(st.lists(st.sampled_from([*FIELDS, "colour"]), min_size=1, max_size=2)):
            record[name] = draw(ODD | st.none() | FIELDS.get(name, TEXT))
    return record


def same(built: Node, checked: Node) -> None:
    assert type(built) is Node
    assert built == checked
    for name in Node.__slots__:  # equal and of the same type, field by field
        assert type(getattr(built, name)) is type(getattr(checked, name)), name


@settings(max_examples=200, deadline=None)
@given(records(wrong=False))
def test_a_well_typed_record_builds_the_checked_node(record: dict[str, Any]) -> None:
    if record["kind"] != NodeKind.STRATEGIC_PROJECT.value:
        for name in PROJECT_FIELDS:
            record.pop(name, None)
    before = repr(record)
    same(node_from_valid(record), node_from_dict(record))
    assert repr(record) == before


@settings(max_examples=250, deadline=None)
@given(records(wrong=True))
def test_what_the_checks_refuse_the_quick_builder_refuses(record: dict[str, Any]) -> None:
    try:
        checked = node_from_dict(record)
    except ValidationError:
        with pytest.raises(NOT_VALID):
            node_from_valid(record)
        return
    try:
        built = node_from_valid(record)
    except NOT_VALID:
        return  # allowed: the checking builder then builds it
    same(built, checked)


def test_a_built_node_owns_its_attributes_and_shares_its_texts() -> None:
    attributes = {"mission": "m"}
    record = {"id": "a", "kind": "CHALLENGE", "region": "r1", "title": "A"}
    node = node_from_valid({**record, "attributes": attributes})
    assert node.attributes == attributes and node.attributes is not attributes
    assert node_from_valid(record).attributes is not node_from_valid(record).attributes
    twice = [node_from_valid({**record, "region": "".join(["r", "1"])}) for _ in range(2)]
    assert twice[0].region is twice[1].region


EDGE_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "source": TEXT,
    "target": TEXT,
    "relation": st.sampled_from([r.value for r in Relation]),
    "inferred": st.booleans(),
    "note": TEXT | st.none(),
}


@st.composite
def edge_records(draw: st.DrawFn) -> dict[str, Any]:
    record = {
        name: draw(values)
        for name, values in EDGE_FIELDS.items()
        if name in ("source", "target", "relation") or draw(st.booleans())
    }
    if draw(st.booleans()):
        for name in draw(st.lists(st.sampled_from([*EDGE_FIELDS, "colour"]), max_size=2)):
            record[name] = draw(ODD | st.none())
    return record


@settings(max_examples=200, deadline=None)
@given(edge_records())
def test_the_quick_edge_builder_refuses_or_builds_the_checked_edge(record: dict[str, Any]) -> None:
    try:
        checked = edge_from_dict(record)
    except ValidationError:
        with pytest.raises(NOT_VALID):
            edge_from_valid(record)
        return
    try:
        built = edge_from_valid(record)
    except NOT_VALID:
        return
    assert type(built) is Edge and built == checked
    assert type(built.inferred) is bool


def any_float_one_by_one(nodes: list[Any]) -> bool:
    """The check as it was, a node at a time."""
    return any(
        isinstance(n, dict) and any(type(n.get(k)) is float for k in ("progress", "version"))
        for n in nodes
    )


NUMBER = st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100), st.booleans(), TEXT)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(["id", "progress", "version"]), NUMBER, max_size=3)
        | st.sampled_from([None, 3, "node", []]),
        max_size=6,
    )
)
def test_whole_numbers_are_looked_for_as_one_by_one(nodes: list[Any]) -> None:
    assert json_checks.any_float(nodes) == any_float_one_by_one(nodes)
