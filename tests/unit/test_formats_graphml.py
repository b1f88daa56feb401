"""GraphML export and import: round trips, NetworkX both ways, and bad files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from defusedxml.ElementTree import fromstring

from strategygraph.data import demo_documents
from strategygraph.domain import ValidationError
from strategygraph.interchange import MAX_BYTES, open_path, write_path
from strategygraph.interchange.graphml import dump_graphml
from strategygraph.interchange.graphml_read import load_graphml
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document
from tests.unit.test_formats_csv import comparable, finnish_document, service_with

NS = "{http://graphml.graphdrawing.org/xmlns}"


def round_trip(docs: list[dict[str, Any]], tmp_path: Path) -> tuple[dict[str, Any], ...]:
    first = service_with(*docs).export_document()
    write_path(first, tmp_path / "graph.graphml", "graphml")
    second = StrategyService(EmbeddedStore())
    reading = open_path(tmp_path / "graph.graphml")
    assert reading.report == []
    reading.import_with(lambda d: second.import_document(d, "test"))
    return comparable(first), comparable(second.export_document())


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    doc = finnish_document()
    # empty, not absent (on a proposal: an approval needs its body)
    next(n for n in doc["nodes"] if n["id"] == "proj2")["approved_by"] = ""
    first, second = round_trip([doc], tmp_path)
    assert second == first
    assert "ä ö å Ä Ö Å" in (tmp_path / "graph.graphml").read_text(encoding="utf-8")


def test_demo_round_trip(tmp_path: Path) -> None:
    first, second = round_trip(demo_documents(), tmp_path)
    assert second == first


def test_keys_are_declared_with_types() -> None:
    root = fromstring(dump_graphml(small_document()))
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(f"{NS}key")}
    assert keys[("node", "kind")] == keys[("node", "region")] == "string"
    assert keys[("node", "status")] == keys[("node", "health")] == "string"
    assert keys[("node", "progress")] == "int" and keys[("edge", "inferred")] == "boolean"
    assert keys[("edge", "relation")] == "string" and keys[("graph", "regions")] == "string"
    assert root.find(f"{NS}graph").get("edgedefault") == "directed"


def test_networkx_reads_the_export(tmp_path: Path) -> None:
    write_path(finnish_document(), tmp_path / "g.graphml", "graphml")
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert isinstance(graph, nx.DiGraph) and graph.number_of_nodes() == 9
    proj = graph.nodes["proj"]
    assert (proj["kind"], proj["region"], proj["health"], proj["progress"]) == (
        "STRATEGIC_PROJECT",
        "r1",
        "RED",
        40,
    )
    assert proj["label"].startswith("Digitaalisen road mapin luominen — ä")
    assert graph.edges["proj", "ch"]["relation"] == "ADDRESSES"
    assert graph.edges["cv", "goal"]["inferred"] is True


def test_reads_what_networkx_writes(tmp_path: Path) -> None:
    graph = nx.DiGraph()
    graph.add_node("g", kind="NATIONAL_GOAL", label="Samat palvelut kaikille", x=1.5)
    graph.add_node("v", kind="CHANGE_VISION", title="Palvelut sovitetaan", x=2.0)
    graph.add_node("p", kind="STRATEGIC_PROJECT", title="Hanke", progress=30, health="GREEN")
    graph.add_edge("v", "g")
    graph.add_edge("p", "v", relation="SUPPORTS")  # not allowed: the service says so
    nx.write_graphml(graph, tmp_path / "nx.graphml")
    reading = open_path(tmp_path / "nx.graphml", "graphml", region="r1")
    nodes = {n["id"]: n for n in reading.document["nodes"]}
    assert nodes["g"] == {
        "id": "g",
        "kind": "NATIONAL_GOAL",
        "region": "national",
        "title": "Samat palvelut kaikille",
    }
    assert nodes["p"]["progress"] == 30 and nodes["p"]["region"] == "r1"
    assert reading.document["edges"][0] == {
        "source": "v",
        "relation": "DERIVES_FROM",
        "target": "g",
    }
    assert reading.report == [
        "nx.graphml: attribute 'x' (on 2 elements) is not a StrategyGraph field and was not read"
    ]
    service = service_with(small_document())
    with pytest.raises(ValidationError) as exc:
        reading.import_with(lambda d: service.import_document(d, "t"))
    assert [(p.rule, p.where) for p in exc.value.problems] == [
        ("metamodel", "nx.graphml edge #2 (p -> v)")
    ]
    assert len(service.store.nodes()) == 9


# -- bad files ---------------------------------------------------------------------

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    '<key id="k" for="node" attr.name="kind" attr.type="string"/>\n'
    '<key id="t" for="node" attr.name="title" attr.type="string"/>\n'
    '<key id="r" for="edge" attr.name="relation" attr.type="string"/>\n'
    '<graph edgedefault="directed">\n'
)


def graphml(body: str) -> bytes:
    return (HEAD + body + "</graph></graphml>\n").encode("utf-8")


def problems(data: bytes, **options: Any) -> list[tuple[str, str | None, str]]:
    with pytest.raises(ValidationError) as exc:
        load_graphml(data, **options)
    return [(p.rule, p.where, p.message) for p in exc.value.problems]


def test_bad_xml_names_line_and_column() -> None:
    assert problems(graphml('<node id="a">\n<data key="k">CHALLENGE</node>')) == [
        (
            "xml-syntax",
            "graph.graphml line 8, column 26",
            "the file is not well-formed XML: mismatched tag",
        )
    ]


def test_entity_expansion_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<graphml>&b;</graphml>'
    )
    assert problems(bomb)[0][:2] == ("xml-unsafe", "graph.graphml")


def test_wrong_encoding_is_named() -> None:
    data = graphml('<node id="a"><data key="k">CHALLENGE</data><data key="t">Hyvä</data></node>')
    assert problems(data.decode().encode("latin-1"))[0][:2] == ("encoding", "graph.graphml line 7")


def test_unknown_and_missing_kinds_are_located() -> None:
    body = (
        '<node id="a"><data key="k">HAASTE</data><data key="t">A</data></node>\n'
        '<node id="b"><data key="t">B</data></node>\n'
    )
    assert [(w, m) for _, w, m in problems(graphml(body), region="r1")] == [
        (
            "graph.graphml node 'a'",
            "node 'a': unknown kind 'HAASTE'; expected one of NATIONAL_GOAL, CHANGE_VISION, "
            "ORGANISATIONAL_VISION, STRATEGIC_LINE, CHALLENGE, STRATEGIC_PROJECT",
        ),
        (
            "graph.graphml node 'b'",
            "node 'b' ('B') has no 'kind': give every node a property 'kind' (one of "
            "NATIONAL_GOAL, CHANGE_VISION, ORGANISATIONAL_VISION, STRATEGIC_LINE, "
            "CHALLENGE, STRATEGIC_PROJECT); in yEd, Edit > Properties Manager",
        ),
    ]


def test_missing_region_without_a_default() -> None:
    body = '<node id="a"><data key="k">CHALLENGE</data><data key="t">A</data></node>'
    assert problems(graphml(body))[0][1:] == (
        "graph.graphml node 'a'",
        "node 'a': 'region' is required",
    )


def test_duplicate_ids() -> None:
    node = '<node id="a"><data key="k">CHALLENGE</data><data key="t">A</data></node>\n'
    assert problems(graphml(node * 2), region="r1") == [
        ("duplicate-id", "graph.graphml node 'a'", "node id 'a' appears twice")
    ]


def test_dangling_reference_and_cycle_change_nothing(tmp_path: Path) -> None:
    doc = small_document()
    doc["edges"] += [
        {"source": "proj", "relation": "DEPENDS_ON", "target": "proj2"},
        {"source": "ch", "relation": "CHALLENGES", "target": "gone"},
    ]
    (tmp_path / "bad.graphml").write_bytes(dump_graphml(doc))
    service = StrategyService(EmbeddedStore())
    with pytest.raises(ValidationError) as exc:
        open_path(tmp_path / "bad.graphml").import_with(lambda d: service.import_document(d, "t"))
    assert [(p.rule, p.where) for p in exc.value.problems] == [
        ("cycle", "bad.graphml edge proj.proj2 (proj -> proj2)"),
        ("dangling-endpoint", "bad.graphml edge ch.gone (ch -> gone)"),
    ]
    assert service.store.version() == 0 and service.store.nodes() == []


def test_not_graphml_and_over_size(tmp_path: Path) -> None:
    assert problems(b"<gexf/>")[0][2] == "the root element is <gexf>, not <graphml>"
    big = tmp_path / "big.graphml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ValidationError, match=r"big\.graphml: the file is 50\.0 MB, larger"):
        open_path(big, "graphml")
