"""History from snapshots equals history by full replay: random edits at random (even
repeated or backward) clock times, snapshots taken at random points, then ``graph_at``
and ``diff`` at random times compared with replaying the whole log."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategygraph.domain import Node, NodeKind, NotFound, Relation, Status, StrategyGraphError
from strategygraph.service import StrategyService
from strategygraph.service.history import diff, graph_at
from strategygraph.service.past import keep_snapshots, moved_back, shelf_of
from strategygraph.service.past_port import PortPastStore
from strategygraph.service.past_store import PastStore
from strategygraph.service.past_walk import graph_above, graph_below
from strategygraph.service.replay import graph_state
from strategygraph.store import EmbeddedStore, GraphStore
from strategygraph.store.history_codec import decode, encode
from strategygraph.trace import TraceGraph, trace_down, trace_up, view_trace_page
from tests.conftest import small_document

START = datetime(2018, 3, 1, 9, 0, tzinfo=UTC)
IDS = [n["id"] for n in small_document()["nodes"]]
LOWEST = ["proj", "new-0"]
HIGHEST = ["goal", "cv"]
"""The nodes whose trace up (down) walks the most of the graph."""

ids = st.sampled_from(IDS)
relations = st.sampled_from(list(Relation))
Action = Callable[[StrategyService], object]
actions: st.SearchStrategy[Action] = st.one_of(
    st.builds(
        lambda i, t: lambda s: s.update_node(i, {"title": t}, None, "bob"),
        ids,
        st.sampled_from(["A", "B", "Uusi"]),
    ),
    st.builds(
        lambda i, st_: lambda s: s.set_status(i, st_, "bob"),
        ids,
        st.sampled_from([Status.PROPOSED, Status.RETIRED, Status.DRAFT]),
    ),
    st.builds(
        lambda a, r, b, note: lambda s: s.link(a, r, b, "bob", note=note),
        ids,
        relations,
        ids,
        st.sampled_from([None, "huom"]),
    ),
    st.builds(lambda a, r, b: lambda s: s.unlink(a, r, b, "bob"), ids, relations, ids),
    st.builds(lambda i, c: lambda s: s.delete_node(i, "bob", cascade=c), ids, st.booleans()),
    st.builds(lambda i: lambda s: s.add_comment(i, "Miksi?", "bob"), ids),
    st.builds(
        lambda i, n: (
            lambda s: s.create_node(
                {"id": f"new-{n}", "kind": "CHALLENGE", "region": "r1", "title": i}, "bob"
            )
        ),
        ids,
        st.integers(0, 3),
    ),
)
steps = st.lists(
    st.tuples(actions, st.integers(0, 6), st.booleans()),  # (action, minute, snapshot after)
    min_size=1,
    max_size=14,
)
minutes = st.lists(st.integers(-1, 8), min_size=1, max_size=6)


@pytest.fixture
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def state(store: GraphStore) -> dict[str, Any]:
    return graph_state(store.nodes(), store.edges(), store.regions(), store.organisations(), [])


def node_or_none(store: GraphStore, node_id: str) -> Node | None:
    try:
        return store.get_node(node_id)
    except NotFound:
        return None


def traced_up(graph: GraphStore | TraceGraph, node_id: str) -> Any:
    """Every path up from ``node_id`` (the first page and the whole list), or NotFound."""
    try:
        if isinstance(graph, TraceGraph):
            return view_trace_page(graph, node_id, first=3), trace_up(graph, node_id)
        return graph.trace_up_page(node_id, first=3), graph.trace_up(node_id)
    except NotFound:
        return NotFound


def traced_down(graph: GraphStore | TraceGraph, node_id: str) -> Any:
    """Every contribution to ``node_id``, and its projects' within two steps, or NotFound."""
    project = [NodeKind.STRATEGIC_PROJECT]
    try:
        if isinstance(graph, TraceGraph):
            return trace_down(graph, node_id), trace_down(graph, node_id, 2, project)
        return graph.trace_down(node_id), graph.trace_down(node_id, 2, project)
    except NotFound:
        return NotFound


class NoShelf:
    """``store`` as the port shows it, without its history shelf (as the Neo4j adapter
    keeps none): ``diff`` reads the window's events through the port."""

    history = None

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def unretired(node: Node) -> bool:
    """A reader's filter that depends on a node's state at the diff's end."""
    return node.status is not Status.RETIRED


def diff_state(
    store: GraphStore | NoShelf, a: datetime, b: datetime, full: bool, cut: bool = False
) -> Any:
    """The diff; ``cut``: of region r1, nodes retired at the end left out, so that the
    other ends of the edges it reports must be read as they were then."""
    if cut:
        found = diff(store, a, b, "r1", unretired, full_replay=full)  # type: ignore[arg-type]
    else:
        found = diff(store, a, b, full_replay=full)  # type: ignore[arg-type]
    return (
        found.added_nodes,
        [(c.before, c.after, c.fields) for c in found.changed_nodes],
        found.removed_nodes,
        found.added_edges,
        [(c.before, c.after, c.fields) for c in found.changed_edges],
        found.removed_edges,
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps, asked=minutes, snapshot_every=st.integers(1, 4))
def test_snapshots_answer_as_a_full_replay(
    folder: Path, script: list[tuple[Action, int, bool]], asked: list[int], snapshot_every: int
) -> None:
    path = folder / f"graph-{len(list(folder.iterdir()))}.db"
    store = EmbeddedStore(str(path))
    try:
        service = StrategyService(store)
        store.clock = lambda: START
        service.import_document(small_document(), "loader")
        shelf = shelf_of(store)
        assert shelf is not None
        for action, minute, snapshot in script:
            store.clock = lambda m=minute: START + timedelta(minutes=m)  # type: ignore[misc]
            with suppress(StrategyGraphError):  # a refused edit: the next step
                action(service)
            if snapshot:
                keep_snapshots(store, shelf, every=snapshot_every)
        times = [START + timedelta(minutes=m, seconds=s) for m in asked for s in (0, 30)]
        for moment in times:
            fast, slow = graph_at(store, moment), graph_at(store, moment, full_replay=True)
            assert fast.version() == slow.version()
            lazy = graph_at(store, moment)  # one node at a time, from the log's index
            for node_id in [*IDS, *(f"new-{n}" for n in range(4))]:
                assert node_or_none(lazy, node_id) == node_or_none(slow, node_id)
            assert isinstance(lazy, PastStore) and not lazy.built
            for node_id in [*IDS, *(f"new-{n}" for n in range(4))]:
                assert traced_up(lazy, node_id) == traced_up(slow, node_id)
                assert traced_down(lazy, node_id) == traced_down(slow, node_id)
            for base in ("now", "snapshot"):  # each way to the past, wherever it starts
                for node_id in LOWEST:
                    above = graph_above(store, shelf, slow.version(), node_id, base)
                    assert above is not None
                    assert traced_up(above, node_id) == traced_up(slow, node_id)
                for node_id in HIGHEST:
                    below = graph_below(store, shelf, slow.version(), node_id, base)
                    assert below is not None
                    assert traced_down(below, node_id) == traced_down(slow, node_id)
            assert not lazy.built  # a trace walks only the nodes above or below
            through = graph_at(NoShelf(store), moment)  # type: ignore[arg-type]
            for node_id in [*IDS, *(f"new-{n}" for n in range(4))]:  # past_port: the port
                assert traced_up(through, node_id) == traced_up(slow, node_id)
                assert traced_down(through, node_id) == traced_down(slow, node_id)
            assert isinstance(through, PortPastStore) and not through.built
            assert state(fast) == state(slow)
            back = moved_back(store, slow.version())  # the other way: undoing from now
            assert graph_state(
                list(back.view.nodes.values()),
                list(back.view.edges()),
                list(back.region_map.values()),
                list(back.organisation_map.values()),
                [],
            ) == state(slow)
        port = NoShelf(store)
        for a in times:
            for b in times:
                if b >= a:
                    for cut in (False, True):
                        replayed = diff_state(store, a, b, True, cut)
                        assert diff_state(store, a, b, False, cut) == replayed
                        assert diff_state(port, a, b, False, cut) == replayed  # window_port
    finally:
        store.close()


def test_snapshots_are_taken_every_so_many_events_and_survive_reopening(folder: Path) -> None:
    path = str(folder / "graph.db")
    store = EmbeddedStore(path)
    service = StrategyService(store)
    moments = (START + timedelta(minutes=i) for i in range(1000))
    store.clock = lambda: next(moments)
    service.import_document(small_document(), "loader")  # 20 events, one commit
    for i in range(10):
        service.update_node("proj", {"title": f"P{i}"}, None, "bob")
    shelf = shelf_of(store)
    assert shelf is not None
    assert keep_snapshots(store, shelf, every=4) == 3
    assert shelf.taken() == [20, 24, 28]
    store.close()
    again = EmbeddedStore(path)
    try:
        shelf = shelf_of(again)
        assert shelf is not None and shelf.taken() == [20, 24, 28]
        past = graph_at(again, START + timedelta(minutes=5))
        assert past.version() == 25
        assert past.get_node("proj").title == "P4"
    finally:
        again.close()


OTHER_PROCESS = """
import sys
from strategygraph.domain import Relation
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
store = EmbeddedStore(sys.argv[1])
service = StrategyService(store)
service.unlink("proj", Relation.ADDRESSES, "ch", "bob")
service.link("proj", Relation.SUPPORTS, "line", "bob")
service.update_node("line", {"title": "Toisen prosessin linja"}, None, "bob")
store.close()
"""


def test_a_walk_reads_what_another_process_committed_since_this_one_looked(
    folder: Path,
) -> None:
    """The graph this process holds is behind the file (another process committed after
    it last caught up): a trace at the file's latest event walks on from it through the
    other process's events, and answers as the full replay does."""
    path = folder / "shared.db"
    store = EmbeddedStore(str(path))
    try:
        StrategyService(store).import_document(small_document(), "loader")
        held = store.version()
        subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path)], check=True)
        shelf = shelf_of(store)
        assert shelf is not None
        last = shelf.last()
        assert store.version() == held < last  # not caught up: the walk goes on from it
        slow = graph_at(store, datetime.now(UTC) + timedelta(days=1), full_replay=True)
        assert slow.version() == last
        for node_id in ("proj", "ch"):
            above = graph_above(store, shelf, last, node_id, "now")
            assert above is not None
            assert traced_up(above, node_id) == traced_up(slow, node_id)
        for node_id in ("goal", "line"):
            below = graph_below(store, shelf, last, node_id, "now")
            assert below is not None
            assert traced_down(below, node_id) == traced_down(slow, node_id)
        assert traced_up(slow, "proj") != traced_up(store, "proj")  # the other's edges count
    finally:
        store.close()


def test_a_restore_drops_the_snapshots_of_the_log_it_replaces(folder: Path) -> None:
    store = EmbeddedStore(str(folder / "graph.db"))
    try:
        service = StrategyService(store)
        service.import_document(small_document(), "loader")
        service.update_node("proj", {"title": "Then"}, None, "bob")
        shelf = shelf_of(store)
        assert shelf is not None
        keep_snapshots(store, shelf, every=1)
        assert shelf.taken() == [20, 21]
        from strategygraph.store.snapshot import read_snapshot

        other = EmbeddedStore()
        StrategyService(other).import_document(small_document(), "loader")
        store.restore(read_snapshot(other), replace=True)
        assert shelf.taken() == []
        assert graph_at(store, datetime.now(UTC)).get_node("proj").title == "PROJ"
    finally:
        store.close()


def test_a_snapshot_blob_decodes_to_the_same_graph() -> None:
    store = EmbeddedStore()
    StrategyService(store).import_document(small_document(), "loader")
    store.commit([], "nobody")
    space = decode(encode(store))
    assert graph_state(list(space.view.nodes.values()), list(space.view.edges()), [], [], []) == (
        graph_state(store.nodes(), store.edges(), [], [], [])
    )
    with pytest.raises(ValueError, match="history snapshot unreadable"):
        decode(b"not a snapshot")
