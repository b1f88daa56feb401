"""The GraphML and ArchiMate readers hand the records they built while checking to the
import (``reading.Built``), as the CSV reader does: the service builds no node or edge a
second time, and the import is the same as before (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

import strategygraph.interchange.json_document as json_document
from strategygraph.domain import Edge, Node
from strategygraph.interchange import open_path, write_path
from strategygraph.interchange.reading import Built
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.graphs import seeded_document

FILES = {"graphml": "graph.graphml", "archimate": "model.xml"}


@pytest.fixture(scope="module")
def source() -> StrategyService:
    service = StrategyService(EmbeddedStore())
    service.import_document(seeded_document(2_000, seed=11), "loader")
    return service


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the nodes and edges ``read_document`` builds itself."""
    calls = [0]
    build_node, build_edge = json_document.node_from_valid, json_document._edge_from_valid

    def node(data: dict[str, object]) -> object:
        calls[0] += 1
        return build_node(data)

    def edge(data: dict[str, object]) -> object:
        calls[0] += 1
        return build_edge(data)

    monkeypatch.setattr(json_document, "node_from_valid", node)
    monkeypatch.setattr(json_document, "_edge_from_valid", edge)
    return calls


def _content(service: StrategyService) -> list[tuple[object, ...]]:
    return [
        (n.id, n.kind, n.region, n.title, n.description, n.status, n.tags, n.due_date)
        for n in service.store.nodes()
    ]


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_an_xml_reading_hands_its_built_records_to_the_import(
    fmt: str, source: StrategyService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / FILES[fmt]
    write_path(source.export_document(), path, fmt)
    reading = open_path(path, fmt)
    nodes, edges = reading.document["nodes"], reading.document["edges"]
    assert isinstance(nodes, Built) and isinstance(edges, Built)
    assert len(nodes.records) == len(nodes) == len(source.store.nodes())
    assert len(edges.records) == len(edges) == len(source.store.edges())
    assert all(type(r) is Node for r in nodes.records)
    assert all(type(r) is Edge for r in edges.records)
    calls = _counting(monkeypatch)
    target = StrategyService(EmbeddedStore(str(tmp_path / "target.db")))
    outcome = reading.import_with(lambda doc: target.import_document(doc, "loader"))
    assert calls[0] == 0  # the reader's records, not built a second time
    assert len(outcome.plan.added) == len(nodes)
    assert _content(target) == _content(source)
    assert target.store.edges() == source.store.edges()
