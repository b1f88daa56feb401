"""Suspect links, comments, request ids, the clock and the event-log replay, on every
adapter: what one store keeps, the other keeps the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from strategygraph.domain import (
    Forbidden,
    Node,
    NotFound,
    Relation,
    Status,
    ValidationError,
    VersionConflict,
)
from strategygraph.service import StrategyService, past_port
from strategygraph.service.history import GraphDiff, diff, graph_at, suspect_links
from strategygraph.service.past_port import TAIL
from strategygraph.service.past_store import LazyPast
from strategygraph.service.replay import Replayer, graph_state
from strategygraph.service.requests import request_scope
from strategygraph.store import GraphStore
from tests.contract.test_history_snapshots import (
    NoShelf,
    node_or_none,
    traced_down,
    traced_up,
)

START = datetime(2018, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def ticking(loaded: StrategyService) -> Iterator[StrategyService]:
    """``loaded`` whose store's clock moves one minute per reading, from START."""
    moments = (START + timedelta(minutes=i) for i in range(10_000))
    loaded.store.clock = lambda: next(moments)
    yield loaded


def approve(service: StrategyService, node_id: str, actor: str = "vate") -> None:
    service.set_status(node_id, Status.PROPOSED, actor)
    service.set_status(
        node_id,
        Status.APPROVED,
        actor,
        approved_by="VATE",
        decision_date=date(2018, 3, 1),
        decision_ref="VATE 1.3.2018: hyväksyttiin esityksen mukaan",
    )


def state(store: GraphStore) -> dict[str, object]:
    return graph_state(
        store.nodes(), store.edges(), store.regions(), store.organisations(), store.comments()
    )


def test_decision_reference_is_kept(
    ticking: StrategyService, reopen: Callable[[GraphStore], GraphStore]
) -> None:
    approve(ticking, "line")
    store = reopen(ticking.store)
    node = store.get_node("line")
    assert (node.status, node.approved_by, node.decision_date, node.decision_ref) == (
        Status.APPROVED,
        "VATE",
        date(2018, 3, 1),
        "VATE 1.3.2018: hyväksyttiin esityksen mukaan",
    )


def test_changing_an_approved_title_makes_the_links_under_it_suspect(
    ticking: StrategyService, reopen: Callable[[GraphStore], GraphStore]
) -> None:
    approve(ticking, "line")
    ticking.update_node("line", {"tags": ["x"]}, None, "bob")  # not title or description
    assert [e for e in ticking.store.edges() if e.suspect] == []
    updated = ticking.update_node("line", {"description": "New wording"}, None, "bob")
    store = reopen(ticking.store)
    suspect = {e.key: e for e in store.edges() if e.suspect}
    assert sorted(suspect) == [("ch", "line"), ("ch-open", "line")]
    assert {(e.suspect_at, e.suspect_by) for e in suspect.values()} == {(updated.updated_at, "bob")}
    listed = suspect_links(store, "r1")
    assert [(s.edge.key, s.changed.id) for s in listed] == [
        (("ch-open", "line"), "line"),
        (("ch", "line"), "line"),
    ]
    assert suspect_links(store, "elsewhere") == []
    ops = [e.operation for e in store.events(node_id="line", limit=1000)][-3:]
    assert ops == ["update_node", "suspect_link", "suspect_link"]


def test_review_clears_one_link_with_an_event(ticking: StrategyService) -> None:
    ticking.update_node("goal", {"title": "Samat palvelut kaikille"}, None, "bob")
    assert [e.key for e in ticking.store.edges() if e.suspect] == [("cv", "goal")]
    edge = ticking.review_link("cv", Relation.DERIVES_FROM, "goal", "carol")
    assert not edge.suspect
    assert [e.key for e in ticking.store.edges() if e.suspect] == []
    last = ticking.store.events(node_id="cv", limit=1000)[-1]
    assert (last.operation, last.actor, last.target, last.related) == (
        "review_link",
        "carol",
        "cv",
        "goal",
    )
    assert last.before is not None and last.before["suspect_by"] == "bob"
    assert last.after is not None and "suspect_at" not in last.after
    version = ticking.store.version()
    with pytest.raises(ValidationError) as not_suspect:
        ticking.review_link("cv", Relation.DERIVES_FROM, "goal", "carol")
    assert not_suspect.value.problems[0].message == (
        "edge cv -DERIVES_FROM-> goal is not suspect; there is nothing to review"
    )
    with pytest.raises(NotFound, match="edge 'cv -REALISES-> goal' does not exist"):
        ticking.review_link("cv", Relation.REALISES, "goal", "carol")
    assert ticking.store.version() == version


def test_a_suspect_edge_keeps_its_place_in_the_trace(ticking: StrategyService) -> None:
    before = ticking.store.trace_up("proj")
    approve(ticking, "ch")
    ticking.update_node("ch", {"title": "Tiedolla johtaminen"}, None, "bob")
    assert ticking.store.trace_up("proj") == before
    now = ticking.store.clock()
    assert ticking.store.gaps("r1", now=now) == ticking.store.gaps("r1", now=now)


def test_comments_thread_edit_and_version(
    ticking: StrategyService, reopen: Callable[[GraphStore], GraphStore]
) -> None:
    first = ticking.add_comment("proj", "Onko rahoitus varmistettu?", "alice")
    second = ticking.add_comment("proj", "On, VATE 1.3.", "bob")
    ticking.add_comment("line", "Elsewhere", "bob")
    edited = ticking.edit_comment(first.id, "Onko rahoitus jo varmistettu?", 1, "alice")
    assert (edited.version, edited.edited_at is not None, edited.at) == (2, True, first.at)
    store = reopen(ticking.store)
    thread = store.comments("proj")
    assert [(c.author, c.text, c.version) for c in thread] == [
        ("alice", "Onko rahoitus jo varmistettu?", 2),
        ("bob", "On, VATE 1.3.", 1),
    ]
    assert store.comment(second.id) == second
    assert len(store.comments()) == 3
    service = StrategyService(store)
    version = store.version()
    with pytest.raises(VersionConflict) as stale:
        service.edit_comment(first.id, "again", 1, "alice")
    assert str(stale.value) == (
        f"comment '{first.id}' is at version 2 (last changed by alice), not the expected 1; "
        "reload it and apply your change again"
    )
    with pytest.raises(Forbidden) as other:
        service.edit_comment(first.id, "mine now", 2, "bob")
    assert str(other.value) == (
        f"forbidden: comment '{first.id}' was written by alice; only its author may edit it"
    )
    with pytest.raises(ValidationError, match="a comment needs some text"):
        service.add_comment("proj", "   ", "alice")
    with pytest.raises(NotFound, match="node 'nope' does not exist"):
        service.add_comment("nope", "hello", "alice")
    with pytest.raises(NotFound, match="comment 'c-nope' does not exist"):
        service.edit_comment("c-nope", "hello", None, "alice")
    assert store.version() == version
    assert store.comments("proj") == thread
    events = [e for e in store.events(node_id="proj", limit=1000) if "comment" in e.operation]
    assert [(e.operation, e.actor, e.related) for e in events] == [
        ("add_comment", "alice", first.id),
        ("add_comment", "bob", second.id),
        ("edit_comment", "alice", first.id),
    ]


def test_events_record_the_clock_and_the_request(ticking: StrategyService) -> None:
    seq = ticking.store.version()
    with request_scope("req-42"):
        ticking.link("proj", Relation.ADDRESSES, "ch-open", "alice")
        ticking.update_node("goal", {"title": "Uusi"}, None, "alice")
    ticking.add_comment("goal", "ok", "bob")
    events = ticking.store.events(after=seq)
    assert [(e.operation, e.request_id) for e in events] == [
        ("link", "req-42"),
        ("update_node", "req-42"),
        ("suspect_link", "req-42"),
        ("add_comment", None),
    ]
    assert all(e.at.tzinfo is not None and e.at >= START for e in events)
    assert events[0].at < events[1].at == events[2].at < events[3].at


def test_replaying_the_log_rebuilds_the_graph(ticking: StrategyService) -> None:
    approve(ticking, "line")
    ticking.update_node("line", {"title": "New line"}, None, "bob")
    ticking.review_link("ch", Relation.CHALLENGES, "line", "bob")
    ticking.unlink("proj2", Relation.DEPENDS_ON, "proj", "bob")
    ticking.delete_node("proj", "bob", cascade=True)
    ticking.add_comment("ch", "keep", "bob")
    replayer = Replayer(ticking.store)
    assert replayer.advance() == ticking.store.version()
    assert replayer.state() == state(ticking.store)
    assert any(e.suspect for e in replayer.view.edges())


def test_restore_copies_suspect_marks_and_comments(ticking: StrategyService) -> None:
    from strategygraph.store import EmbeddedStore
    from strategygraph.store.snapshot import fingerprint, read_snapshot

    ticking.update_node("goal", {"title": "Uusi"}, None, "bob")
    ticking.add_comment("goal", "why?", "bob")
    snapshot = read_snapshot(ticking.store)
    copy = EmbeddedStore()
    copy.restore(snapshot)
    assert fingerprint(read_snapshot(copy)) == fingerprint(snapshot)
    assert [e.key for e in copy.edges() if e.suspect] == [("cv", "goal")]
    assert [c.text for c in copy.comments("goal")] == ["why?"]
    ticking.store.restore(read_snapshot(copy), replace=True)  # and back, into this adapter
    assert fingerprint(read_snapshot(ticking.store)) == fingerprint(snapshot)


def test_the_log_reads_newest_first_in_pages(ticking: StrategyService) -> None:
    store = ticking.store
    for n in range(5):
        ticking.update_node("proj" if n % 2 else "ch", {"description": f"d{n}"}, None, "u")
    oldest = store.events(limit=1_000)
    newest = store.events(limit=1_000, newest_first=True)
    assert [e.seq for e in newest] == [e.seq for e in reversed(oldest)]
    first = store.events(limit=3, newest_first=True)
    rest = store.events(after=first[-1].seq, limit=1_000, newest_first=True)
    assert first + rest == newest
    mine = store.events(node_id="ch", limit=2, newest_first=True)
    assert [e.after["description"] for e in mine if e.after] == ["d4", "d2"]


def test_diff_reads_an_edge_s_other_end_as_it_was_at_the_end(loaded: StrategyService) -> None:
    """``diff`` of a window on either adapter (the embedded store from its history
    shelf, also as the port alone shows it; Neo4j from the port: ``window_port.py``)
    equals a replay of the whole log: an edge added in the window to a node retired only
    later is shown to a reader who leaves retired nodes out, since at the window's end
    that node was not retired."""
    store, ticking = loaded.store, loaded

    def last_at() -> datetime:
        return store.events(newest_first=True, limit=1)[0].at

    start = last_at()  # the import's time; a minute a commit from there on
    moments = (start + timedelta(minutes=i) for i in range(1, 100))
    store.clock = lambda: next(moments)
    ticking.update_node("proj2", {"title": "Uusi nimi"}, None, "bob")
    ticking.link("proj2", Relation.ADDRESSES, "ch-open", "bob")
    end = last_at()
    ticking.set_status("ch-open", Status.RETIRED, "bob")  # after the window
    ticking.update_node("proj", {"progress": 60}, None, "bob")

    def unretired(node: Node) -> bool:
        return node.status is not Status.RETIRED

    def seen(found: GraphDiff) -> Any:
        return (
            [(c.before, c.after, c.fields) for c in found.changed_nodes],
            found.added_edges,
            found.removed_edges,
        )

    for region in (None, "r1"):
        replayed = seen(diff(store, start, end, region, unretired, full_replay=True))
        assert replayed[1] and replayed[1][0].key == ("proj2", "ch-open")
        assert replayed[0][0][2] == ["title"]
        assert seen(diff(store, start, end, region, unretired)) == replayed
        assert seen(diff(NoShelf(store), start, end, region, unretired)) == replayed  # type: ignore[arg-type]


class CommitsBetweenReads(NoShelf):
    """The port as another process meets it: ``write`` commits once, between two of a
    past read's queries: as the first ``edges`` or ``get_node`` is asked (before it is
    answered), or just after the first ``events`` about a node is answered (``hook``)."""

    def __init__(self, store: GraphStore, write: Callable[[], object], hook: str) -> None:
        super().__init__(store)
        self._write: Callable[[], object] | None = write
        self._hook = hook

    def _once(self, hook: str) -> None:
        if self._hook == hook and self._write is not None:
            write, self._write = self._write, None
            write()

    def edges(self, node_id: str | None = None) -> list[Any]:
        self._once("edges")
        return self._store.edges(node_id)

    def get_node(self, node_id: str) -> Node:
        self._once("get_node")
        return self._store.get_node(node_id)

    def events(self, *args: Any, **kwargs: Any) -> list[Any]:
        found = self._store.events(*args, **kwargs)
        if kwargs.get("node_id"):
            self._once("events")
        return found


def after_the_import(service: StrategyService, later: bool) -> datetime:
    """A time just after the loaded graph's import, the store's clock a minute a commit
    from there on; with ``later``, one change (to proj2) already after that time."""
    store = service.store
    moment = store.events(newest_first=True, limit=1)[0].at + timedelta(seconds=30)
    clock = (moment + timedelta(minutes=i) for i in range(1, 100))
    store.clock = lambda: next(clock)
    if later:
        service.update_node("proj2", {"title": "Myöhemmin"}, None, "bob")
    return moment


@pytest.mark.parametrize("tail", [TAIL, 0], ids=["log-since-read-once", "node-by-node"])
@pytest.mark.parametrize("later", [False, True], ids=["no-event-since", "events-since"])
def test_a_past_trace_is_not_fooled_by_a_commit_landing_during_its_walk(
    loaded: StrategyService, tail: int, later: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk reads the store in many queries: a commit between them (another process
    linking the traced project to a second challenge) must not show in the past, whether
    the log had events after that time or none yet ("as now" until then)."""
    monkeypatch.setattr(past_port, "TAIL", tail)
    store, service = loaded.store, loaded
    moment = after_the_import(service, later)
    expected = traced_up(graph_at(store, moment, full_replay=True), "proj")

    def link() -> None:
        service.link("proj", Relation.ADDRESSES, "ch-open", "carol")

    past = graph_at(CommitsBetweenReads(store, link, "edges"), moment)  # type: ignore[arg-type]
    assert traced_up(past, "proj") == expected
    assert isinstance(past, LazyPast) and not past.built
    assert any(e.target == "ch-open" for e in store.edges("proj"))  # it did land


@pytest.mark.parametrize(("later", "hook"), [(False, "get_node"), (True, "events")])
def test_a_past_node_is_not_fooled_by_a_commit_between_its_reads(
    loaded: StrategyService, later: bool, hook: str
) -> None:
    """A past node is read as it is now and from the changes since: a commit between the
    two reads must not show (now is read first, so the commit is among the changes)."""
    store, service = loaded.store, loaded
    moment = after_the_import(service, later)
    before = store.get_node("proj")

    def retitle() -> None:
        service.update_node("proj", {"title": "Uusi"}, None, "carol")

    past = graph_at(CommitsBetweenReads(store, retitle, hook), moment)  # type: ignore[arg-type]
    assert past.get_node("proj") == before
    assert store.get_node("proj").title == "Uusi"  # it did land


@pytest.mark.parametrize("tail", [TAIL, 0], ids=["log-since-read-once", "node-by-node"])
def test_a_past_node_and_version_are_read_without_replaying_the_log(
    loaded: StrategyService, tail: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``graph_at`` on a store without a history shelf (Neo4j; the embedded store as the
    port alone shows it) answers its version and each node as it was from the port
    (``past_port.py``), equal to a replay of the whole log, and builds nothing for that;
    nor for a trace up or down, which walks the nodes above or below through the port
    (a node deleted since, an edge removed since, a node retired since); the list of
    nodes then builds it by the replay, and answers as the replay does."""
    monkeypatch.setattr(past_port, "TAIL", tail)
    store, service = loaded.store, loaded
    start = store.events(newest_first=True, limit=1)[0].at
    moments = (start + timedelta(minutes=i) for i in range(1, 100))
    store.clock = lambda: next(moments)
    service.update_node("proj", {"title": "Ensimmäinen"}, None, "bob")
    service.link("proj", Relation.ADDRESSES, "ch-open", "bob")  # an edge added since
    service.link("cv", Relation.DERIVES_FROM, "goal2", "bob")
    service.set_status("ch-open", Status.RETIRED, "bob")
    service.delete_node("proj2", "bob", cascade=True)
    service.update_node("proj", {"title": "Toinen"}, None, "bob")
    times = [start + timedelta(minutes=m, seconds=30) for m in range(-1, 8)]
    ids = [n.id for n in store.nodes()] + ["proj2", "no-such-node"]
    for adapter_store in (store, NoShelf(store)):
        for moment in times:
            replayed = graph_at(store, moment, full_replay=True)
            past = graph_at(adapter_store, moment)  # type: ignore[arg-type]
            assert past.version() == replayed.version()
            for node_id in ids:
                assert node_or_none(past, node_id) == node_or_none(replayed, node_id)
            for node_id in ids:
                assert traced_up(past, node_id) == traced_up(replayed, node_id), node_id
                assert traced_down(past, node_id) == traced_down(replayed, node_id), node_id
            if isinstance(past, LazyPast):
                assert not past.built
            assert sorted(past.nodes(), key=str) == sorted(replayed.nodes(), key=str)
