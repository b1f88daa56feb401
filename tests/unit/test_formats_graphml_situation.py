"""The situational picture in GraphML: risks as nodes of kind RISK with THREATENS edges,
indicators and reports as their node's data; NetworkX reads it as it is, and it imports
back into equal records."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from strategygraph.data import demo_situation
from strategygraph.domain import ValidationError
from strategygraph.interchange.graphml import dump_graphml
from strategygraph.interchange.graphml_read import load_graphml
from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document
from tests.contract.test_situation_interchange import records


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    store = EmbeddedStore(str(tmp_path_factory.mktemp("demo") / "graph.db"))
    try:
        service = StrategyService(store)
        load_demo(service)
        load_situation(service, demo_situation(), "demo")
        return service.export_document(), records(store)
    finally:
        store.close()


def test_networkx_reads_risks_as_nodes(demo: tuple[dict[str, Any], Any]) -> None:
    graph = nx.read_graphml(io.BytesIO(dump_graphml(demo[0])))
    risk = graph.nodes["risk.kym-risk-political-will"]
    assert (risk["kind"], risk["likelihood"], risk["impact"], risk["lifecycle"]) == (
        "RISK",
        4,
        5,
        "APPROVED",
    )
    threats = graph.out_edges("risk.kym-risk-political-will", data=True)
    assert sorted((t, d["relation"], d["inferred"]) for _, t, d in threats) == [
        ("kym-ch-change-success", "THREATENS", True),
        ("kym-line-change-and-experiment", "THREATENS", True),
    ]
    assert "kym-ind-digital-roadmap-done" in graph.nodes["kym-proj-digital-roadmap"]["indicators"]


def test_the_demo_picture_round_trips_through_graphml(
    demo: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path
) -> None:
    document, expected = demo
    reading = load_graphml(dump_graphml(document))
    assert reading.report == []
    store = EmbeddedStore(str(tmp_path / "copy.db"))
    try:
        service = StrategyService(store)
        reading.import_with(lambda doc: service.import_document(doc, "importer"))
        assert records(store) == expected
        again = reading.import_with(lambda doc: service.import_document(doc, "importer"))
        assert again.plan.operations == []
    finally:
        store.close()


def test_a_graph_without_a_picture_declares_no_more_keys() -> None:
    assert b"likelihood" not in dump_graphml(small_document())


def test_problems_name_the_element(tmp_path: Path) -> None:
    doc = {
        **small_document(),
        "format_version": 2,
        "risks": [{"id": "r-1", "region": "r1", "title": "T", "threatens": ["ch"]}],
    }
    text = dump_graphml(doc).decode()
    bad = text.replace(
        '<data key="n_kind">RISK</data>',
        '<data key="n_kind">RISK</data>\n      <data key="n_likelihood">x</data>',
    )
    with pytest.raises(ValidationError) as info:
        load_graphml(bad.encode())
    assert [(p.rule, p.field, p.where) for p in info.value.problems] == [
        ("number", "likelihood", "graph.graphml node 'risk.r-1'")
    ]
    store = EmbeddedStore(str(tmp_path / "graph.db"))
    try:
        service = StrategyService(store)
        wrong = text.replace('"risk.r-1" target="ch"', '"risk.r-1" target="nowhere"')
        with pytest.raises(ValidationError) as refused:
            load_graphml(wrong.encode()).import_with(
                lambda d: service.import_document(d, "importer")
            )
        assert [(p.rule, p.where) for p in refused.value.problems] == [
            ("dangling-endpoint", "graph.graphml node 'risk.r-1'")
        ]
        assert store.version() == 0
    finally:
        store.close()
