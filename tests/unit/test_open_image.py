"""Opening the store from its image (``store/open_image.py``) gives the same store as
opening it row by row: after random write sequences (nodes, edges with notes, inferred
and suspect edges, deletes, regions, organisations, comments, the situational picture),
with the image taken part way and the rest replayed from the log. An image that does not
match the file (torn, stale, of another log or layout) is never used."""

from __future__ import annotations

import contextlib
import marshal
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategygraph.domain import (
    DEFAULT_METAMODEL,
    Comment,
    Edge,
    Health,
    Node,
    NodeKind,
    Organisation,
    Region,
    Status,
    StrategyGraphError,
)
from strategygraph.domain.changes import (
    AddComment,
    AddEdge,
    CreateNode,
    DeleteNode,
    Operation,
    PutOrganisation,
    PutRegion,
    RemoveEdge,
    UpdateNode,
)
from strategygraph.domain.situation import Indicator, Measurement, Risk, StatusReport
from strategygraph.domain.situation_changes import AddMeasurement, FileReport, PutIndicator, PutRisk
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, embedded, embedded_sync
from strategygraph.store.open_image import _digest, _header
from strategygraph.store.snapshot import fingerprint, read_snapshot
from strategygraph.trace.graph import TraceGraph
from strategygraph.trace.graph_image import graph_image
from tests.conftest import small_document

REGIONS = ("national", "north", "south")
START = datetime(2026, 1, 1, tzinfo=UTC)


def adjacency(view: TraceGraph) -> list[dict[str, dict[str, str]]]:
    """Both digraphs, entries as text (an enum and its value print differently), with
    the nodes that have no edges left out (a reload leaves them out too)."""
    return [
        {
            s: {t: repr(sorted(a.items())) for t, a in ends.items()}
            for s, ends in adj.items()
            if ends
        }
        for graph in (view.up, view.lateral)
        for adj in (graph._succ, graph._pred)
    ]


def assert_same_store(a: EmbeddedStore, b: EmbeddedStore) -> None:
    """Everything a reader can see, compared by value and by type (``repr``)."""
    assert sorted(map(repr, a.view.nodes.values())) == sorted(map(repr, b.view.nodes.values()))
    assert a.view.nodes == b.view.nodes
    assert sorted(map(repr, a.view.edges())) == sorted(map(repr, b.view.edges()))
    assert adjacency(a.view) == adjacency(b.view)
    for edge in a.view.edges():
        assert a.view.holds_plain(edge) == b.view.holds_plain(edge), edge
    assert a.version() == b.version()
    assert fingerprint(read_snapshot(a)) == fingerprint(read_snapshot(b))
    assert a.situation.last_report_dates() == b.situation.last_report_dates()
    now = a.clock()
    assert a.gaps(now=now) == b.gaps(now=now)
    for region in (None, *REGIONS):
        assert a.coverage(region) == b.coverage(region)
    # the walks choose among ties by id, not by the order the two opens added the edges
    for node_id in sorted(a.view.nodes):
        assert a.trace_down(node_id) == b.trace_down(node_id), node_id
        assert a.trace_up(node_id) == b.trace_up(node_id), node_id
        assert a.impact(node_id) == b.impact(node_id), node_id
    # the nodes share their repeated values, as a reload row by row does
    for node in a.view.nodes.values():
        if node.updated_at is not None and node.updated_at == node.created_at:
            assert node.updated_at is node.created_at


def open_both(path: Path) -> tuple[EmbeddedStore, EmbeddedStore]:
    """The file opened from its image, then (image dropped) row by row."""
    by_image = EmbeddedStore(str(path))
    assert by_image.load_source == "image"
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM open_image")
    by_rows = EmbeddedStore(str(path))
    assert by_rows.load_source == "rows"
    return by_image, by_rows


def random_operations(rnd: random.Random, store: EmbeddedStore, step: int) -> list[Operation]:
    nodes = list(store.view.nodes.values())
    roll = rnd.random()
    at = START + timedelta(days=step)
    if roll < 0.25 or len(nodes) < 4:
        kind = rnd.choice(list(NodeKind))
        region = "national" if kind is NodeKind.NATIONAL_GOAL else rnd.choice(REGIONS[1:])
        project = kind is NodeKind.STRATEGIC_PROJECT
        return [
            CreateNode(
                Node(
                    id=f"n{step}",
                    kind=kind,
                    region=region,
                    title=f"Solmu {step} – ääkköset",
                    organisation=rnd.choice([None, "org-1"]),
                    tags=tuple(rnd.sample(["vesi", "ilmasto", "liikenne"], rnd.randint(0, 2))),
                    attributes=rnd.choice([{}, {"lähde": "kunta"}]),
                    decision_date=rnd.choice([None, date(2025, 5, step % 28 + 1)]),
                    health=rnd.choice(list(Health)) if project else None,
                    progress=rnd.choice([None, 0, 40]) if project else None,
                )
            )
        ]
    node = rnd.choice(nodes)
    if roll < 0.5:
        target = rnd.choice(nodes)
        triples = DEFAULT_METAMODEL.upward | DEFAULT_METAMODEL.lateral
        relations = sorted(r for s, r, t in triples if s is node.kind and t is target.kind)
        if not relations:
            return [UpdateNode(node.id, {"title": f"{node.title}!"})]
        edge = Edge(
            node.id,
            rnd.choice(relations),
            target.id,
            inferred=rnd.random() < 0.1,
            note=rnd.choice([None, None, None, "huom"]),
        )
        return [AddEdge(edge)]
    if roll < 0.58:
        edges = store.view.edges_of(node.id)
        if edges:
            edge = rnd.choice(edges)
            return [RemoveEdge(edge.source, edge.relation, edge.target)]
    if roll < 0.7:  # approved, then retitled: the links serving it turn suspect
        status = rnd.choice([Status.DRAFT, Status.RETIRED, Status.PROPOSED, Status.APPROVED])
        return [UpdateNode(node.id, {"status": status}), UpdateNode(node.id, {"title": "Uusi"})]
    if roll < 0.75:
        return [DeleteNode(node.id, cascade=True)]
    if roll < 0.8:
        region = rnd.choice(REGIONS)
        return [
            PutRegion(Region(region, f"Alue {step}")),
            PutOrganisation(Organisation("org-1", f"Virasto {step}", region)),
        ]
    if roll < 0.85:
        return [AddComment(Comment(f"c{step}", node.id, "ann", at, f"Kommentti {step}"))]
    if roll < 0.9:
        return [PutRisk(Risk(f"r{step}", node.region, "Riski", threatens=(node.id,)), create=True)]
    if roll < 0.95:
        return [
            PutIndicator(Indicator(f"i{step}", node.id, "Mittari"), create=True),
            AddMeasurement(Measurement(f"i{step}", at.date(), 1.5)),
        ]
    if node.kind is NodeKind.STRATEGIC_PROJECT:
        return [FileReport(StatusReport(f"s{step}", node.id, at.date(), Health.AMBER))]
    return [UpdateNode(node.id, {"description": f"Kuvaus {step}"})]


def write(store: EmbeddedStore, rnd: random.Random, steps: range) -> None:
    for step in steps:
        with contextlib.suppress(StrategyGraphError):  # refused: undone, nothing written
            store.commit(random_operations(rnd, store, step), "t")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_opening_by_the_image_equals_opening_row_by_row(seed: int) -> None:
    rnd = random.Random(seed)
    with _tmp() as path:
        store = EmbeddedStore(str(path))
        store.clock = lambda: START
        store.commit([PutRegion(Region(r, r.title())) for r in REGIONS], "t")
        store.commit([PutOrganisation(Organisation("org-1", "Virasto", "north"))], "t")
        taken = rnd.randint(0, 60)
        write(store, rnd, range(taken))
        assert store.keep_image()
        write(store, rnd, range(taken, taken + rnd.choice([0, 1, 30])))  # the tail
        writer_version = store.version()
        store.close()  # a small graph: closing writes no image
        by_image, by_rows = open_both(path)
        try:
            assert by_image.version() == writer_version
            assert_same_store(by_image, by_rows)
        finally:
            by_image.close()
            by_rows.close()


@pytest.fixture
def written(tmp_path: Path) -> Path:
    """A file with an image taken part way, and events after it."""
    path = tmp_path / "s.db"
    store = EmbeddedStore(str(path))
    store.commit([PutRegion(Region(r, r)) for r in REGIONS], "t")
    write(store, random.Random(7), range(80))
    assert store.keep_image()
    write(store, random.Random(8), range(80, 100))
    store.close()
    return path


def reference(path: Path) -> EmbeddedStore:
    """The file opened row by row, from a copy without the image."""
    copy = path.with_name("reference.db")
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("VACUUM INTO ?", (str(copy),))
    with contextlib.closing(sqlite3.connect(copy)) as db, db:
        db.execute("DELETE FROM open_image")
    return EmbeddedStore(str(copy))


def corrupt(path: Path, sql: str, *args: object) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(sql, args)


@pytest.mark.parametrize(
    "damage",
    [
        # a torn write: half the blob, the checksum of the whole
        "UPDATE open_image SET data = substr(data, 1, length(data) / 2)",
        # one byte changed
        "UPDATE open_image SET data = substr(data, 1, 100) || x'00' || substr(data, 102)",
        # another log (a restore starts a new generation)
        "UPDATE open_image SET generation = generation + 1",
        # taken at an event the log does not hold
        "UPDATE open_image SET seq = seq + 1000",
        "UPDATE open_image SET checksum = x'00'",
    ],
)
def test_a_damaged_or_stale_image_is_not_used(
    written: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = reference(written)
    want = fingerprint(read_snapshot(expected))
    corrupt(written, damage)
    store = EmbeddedStore(str(written))
    try:
        assert store.load_source == "rows"
        assert_same_store(store, expected)
    finally:
        monkeypatch.setattr(embedded, "IMAGE_FROM_NODES", 1)
        monkeypatch.setattr(embedded, "IMAGE_ON_CLOSE", 1)
        store.close()  # the damaged image counts as none: closing writes a good one
        expected.close()
    again = EmbeddedStore(str(written))
    try:
        assert again.load_source == "image"
        assert fingerprint(read_snapshot(again)) == want
    finally:
        again.close()


@pytest.mark.parametrize("change", ["format", "python", "fields", "seq"])
def test_an_image_of_another_layout_with_a_good_checksum_is_not_used(
    written: Path, change: str
) -> None:
    """What an older (or newer) version would have written: checksummed, still refused."""
    expected = reference(written)
    with contextlib.closing(sqlite3.connect(written)) as db:
        generation, seq = db.execute("SELECT generation, seq FROM open_image").fetchone()
    fmt, python, _, _ = _header(generation, seq)
    image = list(graph_image(expected.view))
    header = (fmt, python, generation, seq)
    if change == "format":
        header = (fmt + 1, python, generation, seq)
    elif change == "python":
        header = (fmt, (python[0], python[1] - 1), generation, seq)
    elif change == "fields":
        image[0] = (*image[0][1:], image[0][0])
    else:  # the header says another event than the row
        header = (fmt, python, generation, seq - 1)
    data = marshal.dumps((header, tuple(image)), 4)
    corrupt(written, "UPDATE open_image SET data = ?, checksum = ?", data, _digest(data))
    store = EmbeddedStore(str(written))
    try:
        assert store.load_source == "rows"
        assert_same_store(store, expected)
    finally:
        store.close()
        expected.close()


def test_a_good_image_is_used_and_gives_the_same_store(written: Path) -> None:
    expected = reference(written)
    store = EmbeddedStore(str(written))
    try:
        assert store.load_source == "image"
        assert_same_store(store, expected)
    finally:
        store.close()
        expected.close()


def test_a_restore_drops_the_image_of_the_log_it_replaces(written: Path) -> None:
    store = EmbeddedStore(str(written))
    try:
        snapshot = read_snapshot(store)
        store.restore(snapshot, replace=True)
        with contextlib.closing(sqlite3.connect(written)) as db:
            assert db.execute("SELECT COUNT(*) FROM open_image").fetchone() == (0,)
    finally:
        store.close()
    again = EmbeddedStore(str(written))
    try:
        assert again.load_source == "rows"
        assert fingerprint(read_snapshot(again)) == fingerprint(snapshot)
    finally:
        again.close()


def test_commits_and_closing_write_the_image_when_it_is_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded, "IMAGE_EVERY", 50)
    monkeypatch.setattr(embedded, "IMAGE_FROM_NODES", 5)
    monkeypatch.setattr(embedded, "IMAGE_ON_CLOSE", 10)
    path = tmp_path / "s.db"
    store = EmbeddedStore(str(path))
    store.commit([PutRegion(Region(r, r)) for r in REGIONS], "t")

    def image_seq() -> int | None:
        with contextlib.closing(sqlite3.connect(path)) as db:
            with contextlib.suppress(sqlite3.OperationalError):
                row = db.execute("SELECT seq FROM open_image").fetchone()
                return None if row is None else int(row[0])
            return None

    rnd = random.Random(3)
    step = 0
    while store.version() < 49:
        write(store, rnd, range(step, step + 1))
        step += 1
        assert image_seq() is None  # not on every write
    while image_seq() is None:
        write(store, rnd, range(step, step + 1))
        store.wait_image()  # the commit takes it on a thread of its own
        step += 1
    assert image_seq() == store.version() >= 50
    write(store, rnd, range(step, step + 4))
    reopened = EmbeddedStore(str(path))
    reopened.close()  # a few events behind: closing leaves the image be
    assert image_seq() is not None and image_seq() < store.version()
    write(store, rnd, range(step + 4, step + 20))
    last = store.version()
    assert last - image_seq() >= 10  # type: ignore[operator]
    store.close()  # the log moved on since the image: closing takes it again
    assert image_seq() == last
    again = EmbeddedStore(str(path))
    try:
        assert again.load_source == "image" and again.version() == last
    finally:
        again.close()


def test_a_process_far_behind_reloads_from_the_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another store on the same file, too far behind to catch up event by event, loads
    the file again: from the image the writer took, plus the tail."""
    monkeypatch.setattr(embedded_sync, "_reload_from", lambda store: 5)
    path = tmp_path / "s.db"
    writer, reader = EmbeddedStore(str(path)), EmbeddedStore(str(path))
    try:
        writer.commit([PutRegion(Region(r, r)) for r in REGIONS], "t")
        write(writer, random.Random(5), range(40))
        assert writer.keep_image()
        write(writer, random.Random(6), range(40, 50))
        reader.refresh()
        assert reader.reloads == 1 and reader.load_source == "image"
        assert_same_store(reader, writer)
    finally:
        writer.close()
        reader.close()


@contextlib.contextmanager
def _tmp() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory) / "s.db"


_WRITER = """
import sys
from strategygraph.domain import Edge, Node, NodeKind, Region, Relation
from strategygraph.domain.changes import AddEdge, CreateNode, PutRegion
from strategygraph.store import EmbeddedStore
store = EmbeddedStore(sys.argv[1])
store.commit([PutRegion(Region("r", "R")), PutRegion(Region("national", "N"))], "w")
goal = Node("g", NodeKind.NATIONAL_GOAL, "national", "Tavoite")
store.commit([CreateNode(goal)] + [
    CreateNode(Node(f"v{i}", NodeKind.CHANGE_VISION, "r", f"Visio {i}")) for i in range(3000)
], "w")
i = 0
while True:
    node = Node(f"x{i}", NodeKind.CHANGE_VISION, "r", f"Uusi {i}")
    store.commit([CreateNode(node), AddEdge(Edge(node.id, Relation.DERIVES_FROM, "g"))], "w")
    print(node.id, flush=True)  # acknowledged: committed to the file
    if i % 7 == 3:
        store.keep_image()  # 3,000 nodes: the kill may land inside this write too
    i += 1
"""


def test_kill_9_mid_write_loses_nothing_and_the_next_open_is_right(tmp_path: Path) -> None:
    """A writer killed while it commits and takes images: every write it acknowledged is
    there on opening, from the image and tail or row by row, and both agree."""
    path = tmp_path / "s.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    acknowledged = []
    try:
        assert writer.stdout is not None
        while len(acknowledged) < 60:
            line = writer.stdout.readline()
            assert line, "the writer stopped"
            acknowledged.append(line.strip())
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(10)
        if writer.stdout is not None:
            writer.stdout.close()
    expected = reference(path)
    store = EmbeddedStore(str(path))
    try:
        assert store.load_source == "image"
        for node_id in acknowledged:
            assert store.get_node(node_id) is not None
            assert "g" in store.view.parents(node_id)
        assert_same_store(store, expected)
    finally:
        store.close()
        expected.close()


def test_a_large_import_leaves_an_image_for_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import big enough (here: past a lowered ``IMAGE_EVERY``) takes the image after
    its commit, so the next process to open the file starts from it."""
    monkeypatch.setattr(embedded, "IMAGE_EVERY", 10)
    path = tmp_path / "s.db"
    store = EmbeddedStore(str(path))
    outcome = StrategyService(store).import_document(small_document(), "loader")
    store.wait_image()
    other = EmbeddedStore(str(path))  # before the first store closes
    try:
        assert outcome.version >= 10
        assert other.load_source == "image" and other.version() == outcome.version
        assert_same_store(other, store)
    finally:
        other.close()
        store.close()


def test_a_process_behind_does_not_replace_a_newer_image(tmp_path: Path) -> None:
    """A process that has not caught up takes its image at its own version, which is
    right (the tail is replayed) but older: a newer one another process took stays."""
    path = tmp_path / "s.db"
    ahead, behind = EmbeddedStore(str(path)), EmbeddedStore(str(path))
    try:
        ahead.commit([PutRegion(Region(r, r)) for r in REGIONS], "t")
        behind.refresh()
        write(ahead, random.Random(9), range(30))
        assert ahead.keep_image()
        assert behind.version() < ahead.version()
        assert not behind.keep_image()  # not caught up: its image would be older
        with contextlib.closing(sqlite3.connect(path)) as db:
            assert db.execute("SELECT seq FROM open_image").fetchone() == (ahead.version(),)
        write(ahead, random.Random(10), range(30, 40))
        behind.refresh()
        assert behind.version() == ahead.version() and behind.keep_image()
    finally:
        ahead.close()
        behind.close()


def test_a_large_import_returns_before_its_image_is_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit that makes the image due does not encode it (1.5 s of CPU at 120,000
    nodes): a thread does, after the commit; reads go on meanwhile, and closing the store
    waits for the image, which the next open then uses."""
    monkeypatch.setattr(embedded, "IMAGE_EVERY", 10)
    release, started = threading.Event(), threading.Event()
    encode = embedded_sync.encode_image

    def held_encode(view: TraceGraph, generation: int, seq: int) -> bytes:
        started.set()
        assert release.wait(30)
        return encode(view, generation, seq)

    monkeypatch.setattr(embedded_sync, "encode_image", held_encode)
    path = tmp_path / "s.db"
    store = EmbeddedStore(str(path))
    outcome = StrategyService(store).import_document(small_document(), "loader")
    assert started.wait(30)  # the image is being encoded, and the import has returned
    assert outcome.version >= 10 and store.get_node(outcome.plan.added[0])
    # no table yet, or an empty one: no image
    with contextlib.closing(sqlite3.connect(path)) as db, contextlib.suppress(sqlite3.Error):
        assert db.execute("SELECT seq FROM open_image").fetchone() is None
    release.set()
    store.close()  # waits for the image
    again = EmbeddedStore(str(path))
    try:
        assert again.load_source == "image" and again.version() == outcome.version
    finally:
        again.close()
