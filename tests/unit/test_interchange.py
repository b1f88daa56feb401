"""The JSON interchange format: parse errors are clear and located."""

from __future__ import annotations

import json

import pytest

from strategygraph.domain import ValidationError
from strategygraph.domain.codec import edge_from_dict, node_from_dict, node_to_dict
from strategygraph.interchange import parse_document, schema
from strategygraph.interchange.json_format import load_json
from tests.conftest import small_document


@pytest.mark.parametrize("version", [1, 2])
def test_schema_is_valid_draft_2020_12(version: int) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema(version))


def test_small_document_parses() -> None:
    doc = parse_document(small_document())
    assert len(doc.nodes) == 9 and len(doc.edges) == 8 and doc.regions[1].id == "r1"


def test_json_syntax_error_names_line_and_column() -> None:
    with pytest.raises(ValidationError) as exc:
        load_json(b'{"format": "strategygraph",\n "nodes": [}', "g.json")
    assert str(exc.value.problems[0]) == "g.json line 2, column 12: invalid JSON: Expecting value"


def test_wrong_encoding_is_named() -> None:
    text = json.dumps(small_document(), ensure_ascii=False).replace("One", "Ä").encode("latin-1")
    with pytest.raises(ValidationError) as exc:
        load_json(text, "g.json")
    assert exc.value.problems[0].rule == "encoding"
    assert exc.value.message.startswith("g.json line 1: the file is not UTF-8: byte 0xc4")


def test_wrong_format_version() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_document({**small_document(), "format_version": 3})
    assert [(p.where, p.message) for p in exc.value.problems] == [
        ("format_version", "format_version 3 is not one this program reads (1, 2)")
    ]


def test_version_1_files_read_and_carry_no_suspect_marks() -> None:
    doc = small_document()
    doc["edges"][0]["suspect_at"] = "2026-01-02T10:00:00+00:00"
    with pytest.raises(ValidationError) as exc:
        parse_document(doc)
    assert exc.value.problems[0].where == "edges[0]"
    assert "'suspect_at' was unexpected" in exc.value.problems[0].message
    doc["format_version"] = 2
    edge = parse_document(doc).edges[0]
    assert edge.suspect and edge.suspect_at is not None and edge.suspect_at.year == 2026
    assert edge.suspect_by is None


def test_a_bad_suspect_mark_is_named_as_typed() -> None:
    doc = {**small_document(), "format_version": 2}
    doc["edges"][1]["suspect_at"] = "eilen"
    with pytest.raises(ValidationError) as exc:
        parse_document(doc)
    where = [(p.where, p.field) for p in exc.value.problems]
    assert where == [("edges[1].suspect_at", "suspect_at")]
    assert "'eilen'" in exc.value.problems[0].message


def test_unknown_relation_in_edge_dict() -> None:
    with pytest.raises(ValidationError) as exc:
        edge_from_dict({"source": "a", "relation": "LOVES", "target": "b"}, "edges[4]")
    assert str(exc.value) == (
        "edges[4]: edge: unknown relation 'LOVES'; expected one of ADDRESSES, CHALLENGES, "
        "SUPPORTS, REALISES, DERIVES_FROM, DEPENDS_ON"
    )


def test_node_dict_round_trip_keeps_every_field() -> None:
    raw = {
        "id": "p",
        "kind": "STRATEGIC_PROJECT",
        "region": "r1",
        "title": "Tiedolla johtaminen",
        "description": "Kuvaus",
        "status": "APPROVED",
        "approved_by": "VATE",
        "decision_date": "2018-03-01",
        "decision_ref": "§ 12",
        "tags": ["a"],
        "source": "s",
        "attributes": {"k": "v"},
        "version": 3,
        "owner": "o",
        "phase": "p",
        "start_date": "2018-01-01",
        "due_date": "2018-12-31",
        "progress": 5,
        "health": "AMBER",
        "created_at": "2018-01-01T10:00:00+00:00",
        "created_by": "a",
        "updated_at": "2018-02-01T10:00:00+00:00",
        "updated_by": "b",
        "organisation": None,
    }
    assert node_to_dict(node_from_dict(raw)) == raw


def test_a_whole_progress_written_as_a_double_reads_and_a_fraction_is_refused() -> None:
    doc = small_document()
    doc["nodes"][7]["progress"] = 75.0
    assert parse_document(doc).nodes[7].progress == 75
    assert doc["nodes"][7]["progress"] == 75.0  # the caller's document is left as it was
    doc["nodes"][7]["progress"] = 75.5
    with pytest.raises(ValidationError) as exc:
        parse_document(doc)
    assert [(p.where, p.field) for p in exc.value.problems] == [("nodes[7].progress", "progress")]
    assert "75.5" in exc.value.problems[0].message
