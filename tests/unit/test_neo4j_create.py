"""Shaping the Neo4j adapter's ``CREATE`` batches (``neo4j_create``), without a server."""

from __future__ import annotations

import pytest

from strategygraph.store.neo4j_create import Created, edge_steps, grouped, row_steps


def test_rows_are_grouped_by_key_without_nulls_and_capped_in_size() -> None:
    rows = [{"a": 1, "b": None}, {"a": 2, "b": 3}, {"a": 4}, {"a": 5, "b": 6}, {"a": 7}]
    groups = list(grouped(rows, 2))
    assert groups == [
        (("a",), [{"a": 1}, {"a": 4}]),
        (("a", "b"), [{"a": 2, "b": 3}, {"a": 5, "b": 6}]),
        (("a",), [{"a": 7}]),
    ]


def test_each_key_set_is_one_statement_naming_only_those_keys() -> None:
    steps = list(row_steps("Event", [{"seq": 1, "at": "x"}, {"seq": 2, "related": "n"}], 10))
    assert [step.query for step in steps] == [
        "UNWIND $rows AS row CREATE (:Event {at: row.at, seq: row.seq})",
        "UNWIND $rows AS row CREATE (:Event {related: row.related, seq: row.seq})",
    ]


def test_a_key_that_is_not_a_name_is_refused_before_it_reaches_cypher() -> None:
    with pytest.raises(ValueError, match=r"^not a property name for a Cypher map: 'a}\) '$"):
        list(row_steps("Event", [{"a}) ": 1}], 10))


def test_new_ends_are_found_by_element_id_and_stored_ones_by_id() -> None:
    created = Created()
    rows = [
        {"source": "new1", "target": "new2", "seq": 1},
        {"source": "new1", "target": "old", "seq": 2},
        {"source": "old", "target": "new2", "seq": 3},
    ]
    steps = list(edge_steps("UP", rows, 10, frozenset({"new1", "new2"}), created))
    assert [step.query for step in steps] == [
        "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.a "
        "MATCH (b) WHERE elementId(b) = row.b CREATE (a)-[:UP {seq: row.seq}]->(b)",
        "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.a "
        "MATCH (b:Node {id: row.target}) CREATE (a)-[:UP {seq: row.seq}]->(b)",
        "UNWIND $rows AS row MATCH (a:Node {id: row.source}) "
        "MATCH (b) WHERE elementId(b) = row.b CREATE (a)-[:UP {seq: row.seq}]->(b)",
    ]
    created.ids.update({"new1": "#1:0", "new2": "#1:1"})
    finished = [step.finish(step.rows) if step.finish else step.rows for step in steps]
    assert finished == [
        [{"source": "new1", "target": "new2", "seq": 1, "a": "#1:0", "b": "#1:1"}],
        [{"source": "new1", "target": "old", "seq": 2, "a": "#1:0"}],
        [{"source": "old", "target": "new2", "seq": 3, "b": "#1:1"}],
    ]
