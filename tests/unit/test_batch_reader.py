"""A decoded batch (``store/batch_reader.py``) finds the events about a node by scanning
its columns until it has been asked often enough to index them (``INDEX_AFTER``): both
ways give every node's events, in order, as a pass over the batch's events does; and a
node history reads the same before and after the index."""

from __future__ import annotations

from pathlib import Path

from strategygraph.interchange.json_format import read_document
from strategygraph.service.imports import plan_import
from strategygraph.store import EmbeddedStore
from strategygraph.store.batch_reader import INDEX_AFTER, Batch
from tests.graphs import seeded_document


def _expected(batch: Batch, node_id: str) -> list[int]:
    related = batch.related or [None] * len(batch)
    return [
        i for i in range(len(batch)) for end in (batch.targets[i], related[i]) if end == node_id
    ]


def test_scans_and_the_index_find_the_same_events_of_every_node(tmp_path: Path) -> None:
    store = EmbeddedStore(str(tmp_path / "store.db"))
    doc, problems, _ = read_document(seeded_document(400, seed=3))
    assert not problems
    store.commit(plan_import(store, doc).operations, "loader")
    ids = [*sorted(store.view.nodes), "nobody"]
    history = {node: store.events(node_id=node, limit=10_000) for node in ids[:INDEX_AFTER]}
    file = store._file
    with store._lock:
        headers = file.batches.headers(file.db, "first_seq > ? ORDER BY first_seq", (0,))
        batches = [file.batches.batch(file.db, h) for h in headers]
    assert {h.operation for h in headers} == {"create_node", "link"}
    for batch in batches:
        scanned = {node: batch.about(node) for node in ids}  # the first ones scan
        assert batch._where is not None  # then the index
        assert scanned == {node: batch.about(node) for node in ids}
        assert scanned == {node: _expected(batch, node) for node in ids}
        links = batch.related is not None  # a node has several links, one creation
        assert any(len(found) > 1 for found in scanned.values()) == links
    for node, events in history.items():
        assert store.events(node_id=node, limit=10_000) == events
    store.close()
