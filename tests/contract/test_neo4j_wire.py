"""What a large Neo4j write costs the client on the wire (issue 17): a batch's rows are
packed for the server and nothing else (the driver's debug line for a ``RUN`` shows their
count, not their text), and a batch of new nodes answers with one record, not one a node."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from strategygraph.service import StrategyService
from strategygraph.store import neo4j_write
from strategygraph.store.neo4j_create import Created, node_steps
from tests.arcadedb import BoltServer
from tests.conftest import make_store, small_document

pytestmark = pytest.mark.neo4j


def test_a_batch_is_logged_by_its_count_not_by_its_rows(
    bolt_server: BoltServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The driver builds its ``RUN`` debug line (every parameter's ``repr``) whether or not
    anything logs it: 5,000 rows' worth of text per batch, more CPU than packing them."""
    monkeypatch.setattr(neo4j_write, "BATCH", 4)
    doc = small_document()
    store = make_store("neo4j", tmp_path, bolt_server)
    try:
        with caplog.at_level(logging.DEBUG, logger="neo4j"):
            StrategyService(store).import_document(doc, "loader")
    finally:
        store.close()
    runs = [r.getMessage() for r in caplog.records if "C: RUN" in r.getMessage()]
    batches = [line for line in runs if "UNWIND $rows" in line]
    assert len(batches) >= 4, runs  # nodes, edges of both kinds, events, in batches of 4
    assert all(" rows>" in line for line in batches), batches
    rows = [f"'id': '{n['id']}'" for n in doc["nodes"]]
    assert not [line for line in batches if any(row in line for row in rows)]


def test_a_batch_of_new_nodes_answers_in_one_record(bolt_server: BoltServer) -> None:
    bolt_server.wipe()
    rows = [{"id": f"n{i}", "name": f"solmu {i}"} for i in range(3)]
    [step] = node_steps(rows, 10, created := Created())
    session = bolt_server.driver.session(database=bolt_server.database)
    with session, session.begin_transaction() as tx:
        records = list(tx.run(step.query, {step.name: step.rows}))
        created.keep(records)
        assert len(records) == 1
        assert sorted(created.ids) == ["n0", "n1", "n2"]
        found = tx.run(
            "UNWIND $ids AS eid MATCH (n) WHERE elementId(n) = eid RETURN n.id AS id",
            {"ids": [created.ids[f"n{i}"] for i in range(3)]},
        ).values()
        assert sorted(found) == [["n0"], ["n1"], ["n2"]]
        tx.rollback()
