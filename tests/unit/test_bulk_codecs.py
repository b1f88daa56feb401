"""The quick paths of a large import and export give exactly what the checked ones give."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import orjson
import pytest

from strategygraph.domain.codec import edge_from_dict, node_from_dict, node_to_dict
from strategygraph.domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from strategygraph.interchange.content import json_bytes
from strategygraph.store.sqlite_write import _node_row


def demo() -> dict[str, Any]:
    text = resources.files("strategygraph.data").joinpath("kymenlaakso-2018.json").read_text()
    return dict(json.loads(text))


def test_quick_builders_build_the_same_records_and_leave_their_input_alone() -> None:
    doc = demo()
    before = json.dumps(doc)
    assert [node_from_valid(n) for n in doc["nodes"]] == [node_from_dict(n) for n in doc["nodes"]]
    assert [edge_from_valid(e) for e in doc["edges"]] == [edge_from_dict(e) for e in doc["edges"]]
    assert json.dumps(doc) == before


@pytest.mark.parametrize(
    "record",
    [
        {"id": "a", "kind": "CHALLENGE", "region": "r1", "title": "A", "colour": "red"},
        {"id": "a", "kind": "CHALLENGE", "region": "r1", "title": 5},
        {"id": "a", "kind": "CHALLENGE", "region": "r1"},
        {"id": "a", "kind": "CHALLENGE", "region": "r1", "title": "A", "tags": "x"},
        {"id": "a", "kind": "CHALLENGE", "region": "r1", "title": "A", "version": True},
        {"id": "a", "kind": "CHALLENGE", "region": "r1", "title": "A", "due_date": "soon"},
        {"id": "a", "kind": "BATTLE", "region": "r1", "title": "A"},
    ],
)
def test_a_record_the_checks_refuse_is_refused_by_the_quick_builder(record: Any) -> None:
    with pytest.raises(NOT_VALID):
        node_from_valid(record)


def test_the_store_row_is_the_node_dict_without_empty_fields() -> None:
    for raw in demo()["nodes"]:
        node = node_from_dict(raw)
        full = node_to_dict(node)
        row = json.loads(_node_row(node))
        assert row == {k: v for k, v in full.items() if k in row}
        assert all(full[k] in (None, "", [], {}) for k in full.keys() - row.keys())


def test_json_export_has_one_item_per_line_whatever_the_text() -> None:
    doc = demo()
    doc["nodes"][0]["title"] = 'a},{"id": "b"} \\" ä'
    doc["nodes"][1]["description"] = '},{"id":'
    data = json_bytes(doc)
    assert json.loads(data) == doc
    lines = data.decode().splitlines()
    for key in ("nodes", "edges"):
        start = lines.index(f'  "{key}": [') + 1
        items = lines[start : start + len(doc[key])]
        assert [orjson.loads(line.strip().removesuffix(",")) for line in items] == doc[key]
