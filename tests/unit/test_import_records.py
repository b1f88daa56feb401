"""The shared commit path of an import (issue 17): a reader's records are built once, and
a bulk write puts its rows in key order with a larger page cache that it gives back."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import strategygraph.interchange.json_document as json_document
from strategygraph.interchange import open_path, write_path
from strategygraph.interchange.reading import Built, Reading
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.graphs import seeded_document


def _source() -> StrategyService:
    service = StrategyService(EmbeddedStore())
    service.import_document(seeded_document(3_000, seed=5), "loader")
    return service


def _csv(tmp_path: Path, source: StrategyService) -> Reading:
    write_path(source.export_document(), tmp_path / "csv", "csv")
    return open_path(tmp_path / "csv", "csv")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the nodes ``read_document`` builds itself."""
    calls = [0]
    build = json_document.node_from_valid

    def counted(data: dict[str, object]) -> object:
        calls[0] += 1
        return build(data)

    monkeypatch.setattr(json_document, "node_from_valid", counted)
    return calls


def test_a_csv_reading_hands_its_built_records_to_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _source()
    reading = _csv(tmp_path, source)
    nodes = reading.document["nodes"]
    assert isinstance(nodes, Built) and len(nodes.records) == len(nodes) > 1_000
    calls = _counting(monkeypatch)
    target = StrategyService(EmbeddedStore(str(tmp_path / "target.db")))
    outcome = reading.import_with(lambda doc: target.import_document(doc, "loader"))
    assert calls[0] == 0  # the reader's nodes, not built a second time
    assert len(outcome.plan.added) == len(nodes)

    def content(service: StrategyService) -> list[tuple[object, ...]]:
        nodes = service.store.nodes()
        return [(n.id, n.kind, n.title, n.status, n.tags, n.due_date) for n in nodes]

    assert content(target) == content(source)
    assert target.store.edges() == source.store.edges()


def test_records_out_of_step_with_their_items_are_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = _csv(tmp_path, _source())
    nodes = reading.document["nodes"]
    nodes.append(dict(nodes[0], id="an-added-row", title="Lisätty rivi"))  # as a portfolio does
    calls = _counting(monkeypatch)
    target = StrategyService(EmbeddedStore())
    outcome = target.import_document(reading.document, "loader")
    assert calls[0] == len(nodes)  # every node built from its dict, the added one too
    assert "an-added-row" in outcome.plan.added
    assert target.store.get_node("an-added-row").title == "Lisätty rivi"


def test_a_bulk_write_gives_its_page_cache_back_and_reopens_equal(tmp_path: Path) -> None:
    path = str(tmp_path / "bulk.db")
    store = EmbeddedStore(path)
    db = store._file.db
    db.execute("PRAGMA cache_size = -3000")
    outcome = StrategyService(store).import_document(seeded_document(6_000, seed=9), "loader")
    assert outcome.version > 10_000  # and a node or edge row each: the bulk page cache
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -3000
    nodes, edges = store.nodes(), store.edges()
    store.close()
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reopened = EmbeddedStore(path)
    assert (reopened.nodes(), reopened.edges()) == (nodes, edges)
    reopened.close()


def test_a_run_of_new_nodes_is_stamped_as_one_node_is() -> None:
    from datetime import UTC, datetime

    from strategygraph.interchange.json_format import parse_document
    from strategygraph.store.apply import Applier
    from strategygraph.store.bulk_apply import stamper

    doc = seeded_document(300, seed=2)
    when = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)
    doc["nodes"][0].update(created_at="2018-03-01T10:00:00+00:00", created_by="vate")
    doc["nodes"][1].update(updated_by="kirjaaja")
    for name in ("created_at", "created_by", "updated_at", "updated_by"):
        doc["nodes"][2].pop(name, None)
    nodes = parse_document(doc).nodes
    applier = Applier(EmbeddedStore(), "loader", when)
    fast = list(map(stamper(when, "loader"), nodes))
    assert fast == [applier.stamped(n) for n in nodes]
    assert fast[0].created_by == "vate" and fast[0].updated_at == fast[0].created_at
    assert fast[1].updated_by == "kirjaaja" and fast[2].created_at == when
