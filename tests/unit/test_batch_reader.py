"""A decoded batch (``store/batch_reader.py``) finds the events about a node through the
set of nodes each span of its events names: for spans of one event, of a few and of the
default size, every node's events come out in order, as a pass over the batch's events
finds them, and a node's history reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategygraph.interchange.json_format import read_document
from strategygraph.service.imports import plan_import
from strategygraph.store import EmbeddedStore, batch_reader
from strategygraph.store.batch_reader import Batch
from tests.graphs import seeded_document


def _expected(batch: Batch, node_id: str) -> list[int]:
    related = batch.related or [None] * len(batch)
    return [
        i for i in range(len(batch)) for end in (batch.targets[i], related[i]) if end == node_id
    ]


@pytest.mark.parametrize("span", [1, 7, batch_reader.SPAN])
def test_the_spans_find_every_nodes_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, span: int
) -> None:
    monkeypatch.setattr(batch_reader, "SPAN", span)
    store = EmbeddedStore(str(tmp_path / "store.db"))
    doc, problems, _ = read_document(seeded_document(400, seed=3))
    assert not problems
    store.commit(plan_import(store, doc).operations, "loader")
    ids = [*sorted(store.view.nodes), "nobody"]
    file = store._file
    with store._lock:
        headers = file.batches.headers(file.db, "first_seq > ? ORDER BY first_seq", (0,))
        batches = [file.batches.batch(file.db, h) for h in headers]
    assert [h.operation for h in headers] == ["create_node", "link"]
    for batch in batches:
        found = {node: batch.about(node) for node in ids}
        assert found == {node: _expected(batch, node) for node in ids}
        links = batch.related is not None  # a node has several links, one creation
        assert any(len(events) > 1 for events in found.values()) == links
    first = headers[0].first
    for node in ids[::25]:
        seqs = [e.seq for e in store.events(node_id=node, limit=10_000)]
        assert seqs == sorted(
            h.first + i for h, b in zip(headers, batches, strict=True) for i in b.about(node)
        )
        assert all(s >= first for s in seqs)
    store.close()
