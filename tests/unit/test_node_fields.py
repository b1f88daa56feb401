"""``changed_fields`` (``domain/node_fields.py``) names the fields a diff reports changed
from the typed values of two nodes: the very fields their JSON (``node_to_dict``) tells
apart, stamps aside, on random pairs of records that share some fields, of one kind or
two, and on times equal as instants but written with other offsets."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import Node, NodeKind
from strategygraph.domain.codec import node_from_dict, node_to_dict
from strategygraph.domain.model import PROJECT_FIELDS, STAMP_FIELDS
from strategygraph.domain.node_fields import changed_fields
from tests.unit.test_fast_builders import records


def _by_json(old: Node, new: Node) -> list[str]:
    """What a diff named before: the keys whose JSON values differ, stamps aside."""
    before, after = node_to_dict(old), node_to_dict(new)
    return sorted(
        k
        for k in before.keys() | after.keys()
        if k not in STAMP_FIELDS and before.get(k) != after.get(k)
    )


def _node(record: dict[str, Any]) -> Node:
    if record["kind"] != NodeKind.STRATEGIC_PROJECT.value:
        record = {k: v for k, v in record.items() if k not in PROJECT_FIELDS}
    return node_from_dict(record)


@settings(max_examples=400, deadline=None)
@given(
    first=records(wrong=False),
    second=records(wrong=False),
    shared=st.sets(st.sampled_from(list(Node.__slots__))),
    same_kind=st.booleans(),
)
def test_the_fields_named_are_those_whose_json_differs(
    first: dict[str, Any], second: dict[str, Any], shared: set[str], same_kind: bool
) -> None:
    mixed = {k: v for k, v in second.items() if k not in shared}
    mixed.update({k: first[k] for k in shared if k in first})
    if same_kind:
        mixed["kind"] = first["kind"]
    old, new = _node(first), _node(mixed)
    assert changed_fields(old, new) == _by_json(old, new)
    assert changed_fields(old, old) == []


def test_equal_times_written_with_other_offsets_are_a_change_as_their_json_is() -> None:
    at = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    old = Node("n", NodeKind.NATIONAL_GOAL, "national", "Tavoite", created_at=at)
    moved = at.astimezone(timezone(timedelta(hours=2)))
    assert moved == at
    new = Node("n", NodeKind.NATIONAL_GOAL, "national", "Tavoite", created_at=moved)
    assert changed_fields(old, new) == _by_json(old, new) == ["created_at"]


def test_one_zone_s_two_readings_of_an_hour_the_clocks_repeat_are_a_change() -> None:
    """In the hour an autumn night repeats, one zone object gives one wall time two
    offsets (``fold``): equal as that zone compares them, other JSON. ``changed_fields``
    skips asking the offsets only for one zone object and one fold."""
    helsinki = ZoneInfo("Europe/Helsinki")
    first = datetime(2026, 10, 25, 3, 30, tzinfo=helsinki)
    second = first.replace(fold=1)
    assert first == second and first.utcoffset() != second.utcoffset()
    old = Node("n", NodeKind.NATIONAL_GOAL, "national", "Tavoite", created_at=first)
    new = Node("n", NodeKind.NATIONAL_GOAL, "national", "Tavoite", created_at=second)
    assert changed_fields(old, new) == _by_json(old, new) == ["created_at"]
    same = Node("n", NodeKind.NATIONAL_GOAL, "national", "Tavoite", created_at=first)
    assert changed_fields(old, same) == _by_json(old, same) == []


def test_created_at_is_the_only_time_of_a_node_that_is_not_a_stamp() -> None:
    """``changed_fields`` compares the offsets of that one time only."""
    times = {f.name for f in fields(Node) if "datetime" in str(f.type)}
    assert times - STAMP_FIELDS == {"created_at"}
