"""The quick node builder reads a record of exactly a node's fields (as every export
writes one: all fields, null where empty; project fields only on projects) in one call;
such records, and records of the same size with another key among them, build exactly
what the checking builder builds, or are refused as it refuses them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import Node, NodeKind, ValidationError
from strategygraph.domain.codec import node_from_dict, node_to_dict
from strategygraph.domain.codec_fast import NOT_VALID, node_from_valid
from strategygraph.domain.model import PROJECT_FIELDS
from tests.unit.test_fast_builders import FIELDS, ODD, REQUIRED, same

ALL = tuple(Node.__slots__)
NON_PROJECT = tuple(name for name in ALL if name not in PROJECT_FIELDS)


@st.composite
def whole_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record holding every field of its shape, in ``Node``'s order, each a right value
    or null (the required ones a right value)."""
    project = draw(st.booleans())
    names = ALL if project else NON_PROJECT
    record = {
        name: draw(FIELDS[name]) if name in REQUIRED else draw(FIELDS[name] | st.none())
        for name in names
    }
    if project:
        record["kind"] = NodeKind.STRATEGIC_PROJECT.value
    elif record["kind"] == NodeKind.STRATEGIC_PROJECT.value:
        record["kind"] = NodeKind.CHALLENGE.value
    return record


@settings(max_examples=300, deadline=None)
@given(whole_records())
def test_a_whole_record_builds_the_checked_node(record: dict[str, Any]) -> None:
    before = repr(record)
    same(node_from_valid(record), node_from_dict(record))
    assert repr(record) == before


@settings(max_examples=300, deadline=None)
@given(whole_records(), st.data())
def test_a_record_of_a_whole_size_with_a_wrong_field_is_refused_as_checked(
    record: dict[str, Any], data: st.DataObject
) -> None:
    """One field swapped for an unknown key, or given a wrong value, keeping the size."""
    name = data.draw(st.sampled_from(sorted(record)))
    if data.draw(st.booleans()):
        del record[name]
        record[data.draw(st.sampled_from(["colour", "Title", "id ", *PROJECT_FIELDS]))] = None
    else:
        record[name] = data.draw(ODD | st.none())
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


def test_an_exported_node_builds_back_to_itself_a_frozen_node() -> None:
    node = Node("p-1", NodeKind.STRATEGIC_PROJECT, "r1", "Hanke", owner="o", progress=0)
    built = node_from_valid(node_to_dict(node))
    assert built == node and type(built) is Node
    with pytest.raises(AttributeError):
        built.title = "muu"  # type: ignore[misc]
