"""The Neo4j adapter's ``CREATE`` batches (``neo4j_create``): rows grouped by the keys they
carry, and edges between nodes of the same commit found by element id. An import in two
parts, whose second part joins new nodes to new and to stored ones, in batches of two rows,
must leave what the embedded store leaves."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from strategygraph.service import StrategyService
from strategygraph.store import GraphStore, neo4j_write
from tests.arcadedb import BoltServer
from tests.conftest import make_store, small_document

pytestmark = pytest.mark.neo4j

NOW = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)
FIRST = {"goal", "goal2", "cv", "ov", "proj2"}


def parts() -> tuple[dict[str, Any], dict[str, Any]]:
    """The small document split so that the second part has edges new -> new
    (``ch -> line``), new -> stored (``line -> ov``) and stored -> new (``proj2 -> proj``),
    and rows of different keys (an edge with a note, nodes with and without options)."""
    whole = small_document()
    first, second = dict(whole), dict(whole)
    first["nodes"] = [n for n in whole["nodes"] if n["id"] in FIRST]
    second["nodes"] = [n for n in whole["nodes"] if n["id"] not in FIRST]
    first["edges"] = [e for e in whole["edges"] if {e["source"], e["target"]} <= FIRST]
    second["edges"] = [e for e in whole["edges"] if e not in first["edges"]]
    second["edges"][0] = {**second["edges"][0], "note": "kirjattu johtoryhmässä"}
    return first, second


def imported(store: GraphStore) -> dict[str, Any]:
    store.clock = lambda: NOW  # type: ignore[attr-defined]
    service = StrategyService(store)
    for part in parts():
        service.import_document(part, "loader")
    return {
        "version": store.version(),
        "nodes": store.nodes(),
        "edges": store.edges(),
        "events": store.events(limit=1000),
        "gaps": store.gaps(now=datetime(2030, 1, 1, tzinfo=UTC)),
        "coverage": store.coverage(),
    }


def test_new_and_stored_ends_in_small_batches_give_what_the_embedded_store_gives(
    bolt_server: BoltServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, second = parts()
    kinds = {(e["source"] in FIRST, e["target"] in FIRST) for e in second["edges"]}
    assert kinds == {(False, False), (False, True), (True, False)}
    monkeypatch.setattr(neo4j_write, "BATCH", 2)
    embedded = make_store("memory", tmp_path)
    neo4j = make_store("neo4j", tmp_path, bolt_server)
    try:
        expected, found = imported(embedded), imported(neo4j)
    finally:
        embedded.close()
        neo4j.close()
    assert len(found["edges"]) == len(small_document()["edges"])
    assert any(edge.note == "kirjattu johtoryhmässä" for edge in found["edges"])
    assert found == expected
