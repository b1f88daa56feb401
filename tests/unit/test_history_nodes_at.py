"""Nodes as they were after an event (``HistoryShelf.nodes_at``, issue 17): taken from the
graph the process holds, or from the ``before`` of a node's next event, whenever the rows
of the log tell, and from the log before the event otherwise. Each way gives the record
the log gives (``node_state``) and the full replay gives, for a store that holds the
newest graph and for one that is behind the file; and a ``diff`` or a ``graphAt`` node
that spans only single commits after an import decodes none of its batches."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from strategygraph.domain import Node, NotFound
from strategygraph.domain.changes import AddEdge, CreateNode, DeleteNode, RemoveEdge, UpdateNode
from strategygraph.domain.codec_kept import node_from_trusted
from strategygraph.interchange.json_format import read_document
from strategygraph.service.history import diff, graph_at
from strategygraph.service.imports import plan_import
from strategygraph.store import EmbeddedStore
from tests.graphs import seeded_document

T1 = datetime(2026, 12, 3, 6, 0, 0, tzinfo=UTC)
TIMES = [T1 + timedelta(minutes=m) for m in (0, 5, 9, 20)]
"""The commits' times: an import, then single commits."""
BETWEEN = [T1 - timedelta(seconds=1), *(t + timedelta(seconds=1) for t in TIMES)]
"""Times before the first commit and just after each."""


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, EmbeddedStore]]:
    """A file with an import (bulk runs) and single commits after it; and a store that
    opened it after the import and did not follow the rest (behind the file)."""
    path = tmp_path_factory.mktemp("nodes-at") / "store.db"
    store = EmbeddedStore(str(path))
    doc, problems, _ = read_document(seeded_document(500, seed=11))
    assert not problems
    operations = plan_import(store, doc).operations
    created = [op.node.id for op in operations if isinstance(op, CreateNode)]
    edges = [op.edge for op in operations if isinstance(op, AddEdge)]
    leaf = next(e.source for e in edges if not any(x.target == e.source for x in edges))
    commits = [
        operations,
        [
            UpdateNode(created[3], {"title": "Muutettu"}),
            RemoveEdge(edges[0].source, edges[0].relation, edges[0].target),
        ],
        [
            UpdateNode(created[3], {"title": "Taas"}),
            UpdateNode(created[7], {"description": "Uusi"}),
            DeleteNode(leaf, cascade=True),
        ],
        [
            UpdateNode(created[7], {"title": "Viimeinen"}),
            RemoveEdge(edges[-1].source, edges[-1].relation, edges[-1].target),
        ],
    ]
    behind: EmbeddedStore | None = None
    for when, ops in zip(TIMES, commits, strict=True):
        store.clock = lambda when=when: when  # type: ignore[misc]
        store.commit(ops, "loader")
        if behind is None:
            behind = EmbeddedStore(str(path))
    assert behind is not None
    with store._lock:
        (runs,) = store._file.db.execute("SELECT COUNT(*) FROM event_batches").fetchone()
    assert runs >= 2  # the import's nodes and edges are bulk runs
    store.close()
    yield path, behind
    behind.close()


def _ids(store: EmbeddedStore) -> list[str]:
    with store._lock:
        rows = store._file.db.execute("SELECT DISTINCT target FROM events").fetchall()
    return sorted({t for (t,) in rows} | set(store.view.nodes) | {"nobody"})


def _from_log(store: EmbeddedStore, node_id: str, seq: int) -> Node | None:
    state = store.history.node_state(node_id, seq)
    return None if state is None else node_from_trusted(state)


@pytest.mark.parametrize("who", ["newest", "behind"])
def test_nodes_at_every_stop_read_as_the_log_and_the_replay(
    written: tuple[Path, EmbeddedStore], who: str
) -> None:
    path, behind = written
    store = EmbeddedStore(str(path)) if who == "newest" else behind
    try:
        shelf = store.history
        last = shelf.last()
        assert (store.version() == last) == (who == "newest")
        ids = _ids(store)
        ends = shelf.stretch_ends(0, last)
        marks = sorted({0, 1, last, *ends, *(e - 1 for e in ends), *(e + 1 for e in ends)})
        for seq in marks:
            assert shelf.nodes_at(ids, seq) == {i: _from_log(store, i, seq) for i in ids}, seq
        for moment in BETWEEN:
            replayed = graph_at(store, moment, full_replay=True)
            found = shelf.nodes_at(ids, shelf.seq_at(moment))
            assert {i: n for i, n in found.items() if n is not None} == {
                n.id: n for n in replayed.nodes()
            }
    finally:
        if who == "newest":
            store.close()


def test_a_diff_and_a_past_node_after_the_import_decode_no_batch(
    written: tuple[Path, EmbeddedStore],
) -> None:
    path, _ = written
    store = EmbeddedStore(str(path))  # opened afresh: nothing of the log decoded yet
    try:
        found = diff(store, TIMES[0], TIMES[-1])
        assert found.removed_edges and found.changed_nodes  # the unlinks' ends were asked
        past = graph_at(store, TIMES[1])
        untouched = next(iter(store.view.nodes))
        node = past.get_node(untouched)
        with pytest.raises(NotFound):
            past.get_node("nobody")
        assert len(store._file.batches) == 0  # no batch decoded for any of it
        assert found == diff(store, TIMES[0], TIMES[-1], full_replay=True)
        replayed = graph_at(store, TIMES[1], full_replay=True)
        assert node == replayed.get_node(untouched)
    finally:
        store.close()
