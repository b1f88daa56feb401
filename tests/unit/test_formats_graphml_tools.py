"""GraphML as other tools write it: yEd (labels in ``y:NodeLabel``, custom properties),
undirected graphs, doubles for whole numbers; stable edge ids; errors that say what is
wrong rather than "'relation' is required"."""

from __future__ import annotations

import copy

import pytest
from defusedxml.ElementTree import fromstring

from strategygraph.domain import ValidationError
from strategygraph.interchange.graphml import dump_graphml
from strategygraph.interchange.graphml_read import load_graphml
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document

NS = "{http://graphml.graphdrawing.org/xmlns}"

YED = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"
    xmlns:y="http://www.yworks.com/xml/graphml"
    xmlns:yed="http://www.yworks.com/xml/yed/3">
  <key for="node" id="d0" yfiles.type="nodegraphics"/>
  <key attr.name="kind" attr.type="string" for="node" id="d1"/>
  <key attr.name="region" attr.type="string" for="node" id="d2"/>
  <key attr.name="progress" attr.type="double" for="node" id="d3"/>
  <key for="edge" id="d4" yfiles.type="edgegraphics"/>
  <graph edgedefault="{edgedefault}" id="G">
    <node id="n0">
      <data key="d1">CHALLENGE</data>
      <data key="d0"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="0" y="0"/>
        <y:NodeLabel alignment="center">Tiedolla johtaminen</y:NodeLabel></y:ShapeNode></data>
    </node>
    <node id="n1">
      <data key="d1">STRATEGIC_PROJECT</data>
      <data key="d3">{progress}</data>
      <data key="d0"><y:ShapeNode>
        <y:NodeLabel alignment="center">Digitaalinen tiekartta</y:NodeLabel></y:ShapeNode></data>
    </node>
    <edge id="e0" source="{first}" target="{second}">
      <data key="d4"><y:PolyLineEdge><y:Arrows source="none" target="standard"/>
      </y:PolyLineEdge></data>
    </edge>
  </graph>
</graphml>
"""


def yed(edgedefault: str = "directed", progress: str = "75.0", reverse: bool = False) -> bytes:
    first, second = ("n0", "n1") if reverse else ("n1", "n0")
    return YED.format(
        edgedefault=edgedefault, progress=progress, first=first, second=second
    ).encode("utf-8")


def test_a_yed_file_reads_with_its_labels_and_a_double_progress() -> None:
    reading = load_graphml(yed(), name="yed.graphml", region="r1")
    nodes = {n["id"]: n for n in reading.document["nodes"]}
    assert nodes["n0"]["title"] == "Tiedolla johtaminen"
    assert (nodes["n1"]["title"], nodes["n1"]["progress"]) == ("Digitaalinen tiekartta", 75)
    assert reading.document["edges"] == [{"source": "n1", "relation": "ADDRESSES", "target": "n0"}]
    assert any("'nodegraphics'" in line for line in reading.report)


def test_a_fractional_progress_is_refused_as_typed() -> None:
    with pytest.raises(ValidationError) as exc:
        load_graphml(yed(progress="75.5"), name="yed.graphml", region="r1")
    assert [(p.where, p.field) for p in exc.value.problems] == [
        ("yed.graphml node 'n1'", "progress")
    ]
    assert exc.value.problems[0].message == "'progress' '75.5' is not a whole number"


def test_an_undirected_graph_is_read_pointing_up() -> None:
    reading = load_graphml(yed("undirected", reverse=True), name="u.graphml", region="r1")
    assert reading.document["edges"] == [{"source": "n1", "relation": "ADDRESSES", "target": "n0"}]
    assert "u.graphml: 1 undirected edges were read pointing up" in reading.report[0]


def test_a_reversed_directed_edge_is_told_as_such() -> None:
    with pytest.raises(ValidationError) as exc:
        load_graphml(yed(reverse=True), name="r.graphml", region="r1")
    (problem,) = exc.value.problems
    assert problem.where == "r.graphml edge e0 (n0 -> n1)" and problem.field == "relation"
    assert "allows none from CHALLENGE 'n0' to STRATEGIC_PROJECT 'n1'" in problem.message
    assert "is it reversed?" in problem.message


def test_nodes_without_a_kind_are_told_and_their_edges_not_as_missing_relations() -> None:
    text = yed().replace(b'<data key="d1">CHALLENGE</data>', b"")
    with pytest.raises(ValidationError) as exc:
        load_graphml(text, name="k.graphml", region="r1")
    messages = [p.message for p in exc.value.problems]
    assert len(messages) == 1, messages  # the edge to it is not a second, misleading one
    assert messages[0].startswith(
        "node 'n0' ('Tiedolla johtaminen') has no 'kind': give every node a property 'kind'"
    )


def test_an_edge_to_a_node_not_in_the_file_says_so() -> None:
    text = yed().replace(b'target="n0"', b'target="n9"')
    with pytest.raises(ValidationError) as exc:
        load_graphml(text, name="m.graphml", region="r1")
    assert [p.message for p in exc.value.problems] == [
        "the edge has no 'relation', and it cannot be told from the nodes' kinds: "
        "node 'n9' is not in the file"
    ]


def test_edge_ids_stay_when_edges_are_added() -> None:
    def ids(doc: dict[str, object]) -> dict[tuple[str | None, str | None], str | None]:
        root = fromstring(dump_graphml(doc))
        return {(e.get("source"), e.get("target")): e.get("id") for e in root.iter(f"{NS}edge")}

    doc = small_document()
    before = ids(doc)
    more = copy.deepcopy(doc)
    more["edges"].insert(0, {"source": "ch-open", "relation": "SUPPORTS", "target": "ov"})
    after = ids(more)
    assert after[("ch-open", "ov")] == "ch-open.ov"
    assert {k: v for k, v in after.items() if k != ("ch-open", "ov")} == before
    assert before[("proj", "ch")] == "proj.ch"


def test_a_yed_file_imports_into_a_store() -> None:
    service = StrategyService(EmbeddedStore())
    service.import_document(
        {**small_document(), "nodes": small_document()["nodes"][:1], "edges": []}, "t"
    )
    reading = load_graphml(yed(), name="yed.graphml", region="r1")
    outcome = reading.import_with(lambda d: service.import_document(d, "t"))
    assert sorted(outcome.plan.added) == ["n0", "n1"]
    assert service.store.get_node("n1").progress == 75
