"""The quick path of CSV node and edge rows (``csv_rows.RowPlan``) against the general one
(``row_cells`` → ``plain_cells`` → ``node_record``/``edge_record``), on random rows: where
it takes a row it gives the same interchange dict (same keys, same order) and the same
record; the rows it leaves go the general way, whose problems stand as they were."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from strategygraph.domain import Health, NodeKind, Problem, Relation, Status, ValidationError
from strategygraph.interchange.csv_format import load_csv
from strategygraph.interchange.csv_rows import RowPlan
from strategygraph.interchange.csv_tables import plain_cells, row_cells
from strategygraph.interchange.csv_text import records
from strategygraph.interchange.field_names import EDGE_FIELDS, NODE_FIELDS
from strategygraph.interchange.fields_read import edge_record, node_record

ODD_CELLS = [" x", "x ", "'=1", "'x", "1.4.2018", "31.2.2018", "TOSI", "40 %", "keltainen"]
ODD_CELLS += ["２", " ", "", "BATTLE", "4.0", "yesterday", "SERVES", '{"a": "b"}', "green", "1"]
ODD = st.sampled_from(ODD_CELLS)
"""Cells the quick path must leave to the general one (or read as it does)."""
ID = st.sampled_from(["a", "b-1", "r01-proj-000001", "Bad Id"])
TEXT = st.sampled_from(["", "Otsikko", "ä ö", "a;b", "x\\;y", "=SUM(1)"])
DATE = st.sampled_from(["2018-04-01", "2025-12-31", "2018-4-1", "20180401"])
NODE_CELLS: dict[str, st.SearchStrategy[str]] = {
    **dict.fromkeys(NODE_FIELDS, TEXT),
    "id": ID,
    "kind": st.sampled_from([k.value for k in NodeKind]),
    "title": st.sampled_from(["Otsikko", "ä ö", " "]),
    "region": st.sampled_from(["r01", "national"]),
    "status": st.sampled_from(["", *(s.value for s in Status)]),
    "organisation": st.sampled_from(["", "r01-org"]),
    "tags": st.sampled_from(["", "a;b", "digi; digi", ";", "x\\;y"]),
    "attributes": st.just(""),
    "health": st.sampled_from(["", *(h.value for h in Health), "green"]),
    "progress": st.sampled_from(["", "0", "40", "101", "007"]),
    "version": st.sampled_from(["", "1", "3", "0"]),
    "decision_date": DATE | st.just(""),
    "start_date": DATE | st.just(""),
    "due_date": DATE | st.just(""),
    "created_at": st.sampled_from(["", "2020-07-21T07:04:00+00:00"]),
    "updated_at": st.sampled_from(["", "2020-07-21T07:04:00+00:00", "2021-01-01T00:00:00"]),
}
EDGE_CELLS: dict[str, st.SearchStrategy[str]] = {
    "source": ID,
    "relation": st.sampled_from([r.value for r in Relation]),
    "target": ID,
    "inferred": st.sampled_from(["", "", "true", "false", "TOSI"]),
    "note": st.sampled_from(["", "", "miksi", " "]),
    "suspect_at": st.sampled_from(["", "", "", "2024-01-01T00:00:00+00:00", "nyt"]),
    "suspect_by": st.sampled_from(["", "", "", "anna"]),
}


REQUIRED = ("id", "kind", "region", "title", "source", "relation", "target")


@st.composite
def rows(draw: st.DrawFn, cells: dict[str, st.SearchStrategy[str]]) -> tuple[list[str], list[str]]:
    """A header (the known columns, some left out, in our order or any) and a row under it:
    plain cells but, in half the rows, one odd one; now and then a cell too few or too
    many."""
    header = draw(st.permutations(list(cells)) | st.just(list(cells)))  # or as we write it
    header = [c for c in header if c in REQUIRED or draw(st.integers(0, 5))]
    row = [draw(cells[c]) for c in header]
    if draw(st.booleans()):
        row[draw(st.integers(0, len(row) - 1))] = draw(ODD)
    shape = draw(st.integers(0, 19))
    if shape == 0:
        row = row[:-1]
    elif shape == 1:
        row.append(draw(st.sampled_from(["", "extra"])))
    return header, row


def general(header: list[str], row: list[str], nodes: bool) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    cells = row_cells(row, header, "f line 2", problems)
    if cells is None:
        return None, problems
    build = node_record if nodes else edge_record
    return build(plain_cells(cells, "f line 2", problems), "f line 2", problems), problems


def check(header: list[str], row: list[str], nodes: bool) -> bool:
    plan = RowPlan(header)
    quick = plan.node(row) if nodes else plan.edge(row)
    if quick is None:
        return False
    found, problems = general(header, row, nodes)
    assert problems == [] and found is not None
    item, record = found
    assert list(quick[0].items()) == list(item.items())  # the same dict, key order too
    if record is not None:
        assert quick[1] == record
    return True


@settings(max_examples=250, deadline=None)
@given(rows(NODE_CELLS))
def test_a_node_row_the_quick_path_takes_is_the_general_paths(case: Any) -> None:
    event("quick" if check(*case, nodes=True) else "general")


@settings(max_examples=250, deadline=None)
@given(rows(EDGE_CELLS))
def test_an_edge_row_the_quick_path_takes_is_the_general_paths(case: Any) -> None:
    event("quick" if check(*case, nodes=False) else "general")


def test_plain_rows_take_the_quick_path() -> None:
    assert check(list(NODE_FIELDS), PLAIN_NODE, nodes=True)
    assert check(list(EDGE_FIELDS), PLAIN_EDGE, nodes=False)
    assert check(list(EDGE_FIELDS), [*PLAIN_EDGE[:3], "true", "miksi", "", ""], nodes=False)


def test_each_odd_cell_in_each_column_reads_as_the_general_path_reads_it() -> None:
    for header, plain, nodes in ((NODE_FIELDS, PLAIN_NODE, True), (EDGE_FIELDS, PLAIN_EDGE, False)):
        for i in range(len(header)):
            for odd in ODD_CELLS:
                check(list(header), [*plain[:i], odd, *plain[i + 1 :]], nodes)


def plain_node() -> list[str]:
    row = dict.fromkeys(NODE_FIELDS, "")
    row.update(
        id="r01-proj-000001",
        kind="STRATEGIC_PROJECT",
        region="r01",
        title="Hanke",
        status="APPROVED",
        approved_by="aluehallitus",
        decision_date="2019-09-15",
        tags="digi;sote",
        progress="40",
        health="AMBER",
        version="2",
        created_at="2020-07-21T07:04:00+00:00",
        updated_at="2020-07-21T07:04:00+00:00",
    )
    return list(row.values())


PLAIN_NODE = plain_node()
PLAIN_EDGE = ["r01-proj-000001", "ADDRESSES", "r01-ch-000001", "", "", "", ""]


def test_a_file_reads_the_same_whichever_path_each_row_takes() -> None:
    nodes = (
        "id,kind,region,title,progress,start_date,health\r\n"
        "g,NATIONAL_GOAL,,Tavoite,,,\r\n"
        "p,STRATEGIC_PROJECT,r1,Hanke,40 %,1.4.2018,keltainen\r\n"
        "q,STRATEGIC_PROJECT,r1,Toinen,40,2018-04-01,AMBER\r\n"
    )
    edges = "source,relation,target,inferred\r\np,ADDRESSES,c,TOSI\r\nq,ADDRESSES,c,true\r\n"
    reading = load_csv({"nodes.csv": nodes.encode(), "edges.csv": edges.encode()})
    got = reading.document
    assert got["nodes"][1] == {**got["nodes"][2], "id": "p", "title": "Hanke"}
    assert got["nodes"][0]["region"] == "national"
    assert got["edges"][0] == {**got["edges"][1], "source": "p"}
    assert [type(r).__name__ for r in got["nodes"].records] == ["Node"] * 3
    assert reading.sources["nodes"] == ["nodes.csv line 2", "nodes.csv line 3", "nodes.csv line 4"]


def test_records_keep_their_starting_lines_and_a_malformed_one_names_its_line() -> None:
    text = 'id,kind\r\na,"b\r\nc"\r\n ,  \r\n\r\nq,w\r\n"x"y,z\r\n'
    found = records(text, "n.csv")
    assert [next(found), next(found), next(found)] == [
        (1, ["id", "kind"]),
        (2, ["a", "b\r\nc"]),
        (6, ["q", "w"]),
    ]
    with pytest.raises(ValidationError) as refused:
        next(found)
    assert [(p.rule, p.where) for p in refused.value.problems] == [("csv-syntax", "n.csv line 7")]
    assert refused.value.problems[0].message == "malformed CSV: ',' expected after '\"'"
