"""The CSV export's rows (``csv_cells.node_rows``/``edge_rows``) against the general way
they replaced (``fields.node_text``/``edge_text`` → the Finnish spellings → the formula
check of ``csv_text.table``): every file of ``dump_csv`` byte for byte the same, in both
dialects, on random documents full of hostile text and on the demo graph exported through
the service (its situational picture included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.data import demo_situation
from strategygraph.interchange.csv_cells import SPELLED
from strategygraph.interchange.csv_format import dump_csv
from strategygraph.interchange.csv_situation import situation_rows
from strategygraph.interchange.csv_tables import COLUMNS, ORGANISATION_FIELDS, REGION_FIELDS
from strategygraph.interchange.csv_text import table
from strategygraph.interchange.field_names import EDGE_FIELDS, NODE_FIELDS
from strategygraph.interchange.fields import edge_text, node_text
from strategygraph.interchange.values import spelled
from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore


def general_dump(doc: dict[str, Any], dialect: str) -> dict[str, bytes]:
    """``dump_csv`` as it was: a dict of text per row, respelled, then ``table``."""
    nodes: Any = map(node_text, doc.get("nodes", []))
    edges: Any = map(edge_text, doc.get("edges", []))
    sep = ","
    if dialect == "fi":
        sep = ";"

        def finnish(cells: dict[str, Any]) -> dict[str, Any]:
            return {k: spelled(k, v) if k in SPELLED else v for k, v in cells.items()}

        nodes, edges = map(finnish, nodes), map(finnish, edges)
    files = {
        "regions.csv": table(REGION_FIELDS, doc.get("regions", []), sep),
        "organisations.csv": table(ORGANISATION_FIELDS, doc.get("organisations", []), sep),
        "nodes.csv": table(NODE_FIELDS, nodes, sep),
        "edges.csv": table(EDGE_FIELDS, edges, sep),
    }
    for name, rows in situation_rows(doc).items():
        files[name] = table(COLUMNS[name][0], rows, sep)
    return files


class Text(str):
    """A ``str`` subclass: the general way wrote its text, so must the rows."""


HOSTILE = [
    "",
    " ",
    "=SUM(A1:A2)",
    "+358 40",
    "-1",
    "@cmd",
    "\tsarkain",
    "\rpaluu",
    "'lainattu",
    "a;b",
    "a,b",
    'sanoi "hei"',
    "rivi 1\nrivi 2",
    "rivi\r\n2",
    "ä ö å Ä Ö Å — €",
    "🙂",
    "2018-04-01",
    "1.4.2018",
    "GREEN",
    "AMBER",
    "true",
    "false",
    "40",
]
TEXT = st.sampled_from(HOSTILE) | st.text(max_size=8)
VALUE = (
    TEXT
    | st.none()
    | st.integers(-5, 120)
    | st.booleans()
    | st.sampled_from([1.5, -2.0, 3.0])
    | TEXT.map(Text)
)
TAGS = st.none() | st.lists(st.sampled_from(["digi", "a;b", "k\\v", "=x", "", "ä"]), max_size=3)
ATTRIBUTES = st.none() | st.dictionaries(TEXT, TEXT, max_size=3)


@st.composite
def records(draw: st.DrawFn, fields: tuple[str, ...]) -> dict[str, Any]:
    """A dict with some of ``fields`` (each any value), in any order, and now and then a
    key that is none of them."""
    keys = draw(st.lists(st.sampled_from(fields), unique=True))
    out: dict[str, Any] = {k: draw(VALUE) for k in keys}
    if "tags" in out:
        out["tags"] = draw(TAGS)
    if "attributes" in out:
        out["attributes"] = draw(ATTRIBUTES)
    if draw(st.integers(0, 9)) == 0:
        out["unknown"] = draw(VALUE)
    return out


DOCUMENTS = st.fixed_dictionaries(
    {
        "regions": st.lists(st.fixed_dictionaries({"id": TEXT, "name": VALUE}), max_size=2),
        "organisations": st.lists(records(ORGANISATION_FIELDS), max_size=2),
        "nodes": st.lists(records(NODE_FIELDS), max_size=6),
        "edges": st.lists(records(EDGE_FIELDS), max_size=6),
    }
)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, st.sampled_from(["standard", "fi"]))
def test_the_files_are_the_general_ways_byte_for_byte(doc: dict[str, Any], dialect: str) -> None:
    assert dump_csv(doc, dialect) == general_dump(doc, dialect)


def test_a_formula_in_any_column_is_protected_as_before() -> None:
    for fields, section in ((NODE_FIELDS, "nodes"), (EDGE_FIELDS, "edges")):
        for name in fields:
            for text in ("=1", "-1", "'x", "@a", "\tx", "\rx", "+1"):
                for value in (text, [text] if name == "tags" else text):
                    doc = {section: [{name: value}, {name: "plain"}]}
                    for dialect in ("standard", "fi"):
                        assert dump_csv(doc, dialect) == general_dump(doc, dialect)


@pytest.mark.parametrize("dialect", ["standard", "fi"])
def test_the_demo_graph_exported_with_hostile_text(tmp_path: Path, dialect: str) -> None:
    store = EmbeddedStore(str(tmp_path / "demo.db"))
    service = StrategyService(store)
    load_demo(service)
    load_situation(service, demo_situation(), "demo")
    doc = service.export_document()
    assert doc["nodes"] and doc["edges"] and doc.get("risks")
    for i, node in enumerate(doc["nodes"]):
        node["description"] = HOSTILE[i % len(HOSTILE)]
        node["title"] = HOSTILE[(i + 3) % len(HOSTILE)] or "x"
    for i, edge in enumerate(doc["edges"]):
        edge["note"] = HOSTILE[i % len(HOSTILE)]
        edge["inferred"] = i % 3 == 0
    files = dump_csv(doc, dialect)
    assert files == general_dump(doc, dialect)
    assert {"nodes.csv", "edges.csv", "risks.csv"} <= set(files)
    store.close()
