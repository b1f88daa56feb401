"""A bulk run's new nodes are encoded once (issue 17): the JSON of each one's event and
its store row are made from one read of its fields (``node_json``): the JSON of its
``node_to_dict`` and the row ``_node_row`` makes, so the file reads back the same nodes
and the log the same payloads; the log keeps one event per node and edge."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategygraph.store.sqlite_write as sqlite_file
from strategygraph.domain import Health, Node, NodeKind, Region, Status
from strategygraph.domain.changes import CreateNode, DeleteNode, PutRegion, UpdateNode
from strategygraph.domain.codec import node_to_dict
from strategygraph.interchange.json_format import parse_document
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, embedded
from strategygraph.store.event_run import node_json, payload_json, whole_minute_offsets
from tests.event_log import log_rows
from tests.graphs import seeded_document

WHEN = datetime(2026, 12, 3, 6, 0, 0, 123456, tzinfo=UTC)


def _rows_agree(node: Node) -> None:
    after = orjson.dumps(node_to_dict(node))
    assert payload_json(node) == (after, _row_of(after))
    if whole_minute_offsets([node]):
        assert node_json(node) == (after, sqlite_file._node_row(node))


def _row_of(after: bytes) -> str:
    """The store's row of a node of JSON ``after``: the fields that are not empty."""
    kept = {"id", "kind", "region", "title", "status", "version"}
    data = orjson.loads(after)
    return orjson.dumps(
        {k: v for k, v in data.items() if v or k in kept or type(v) is int}
    ).decode()


def test_the_event_and_row_of_a_node_are_those_of_its_dict() -> None:
    for node in parse_document(seeded_document(1_000, seed=4)).nodes:
        _rows_agree(replace(node, created_at=WHEN, updated_at=WHEN, created_by="t"))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(list(NodeKind)),
    st.sampled_from(list(Status)),
    st.lists(st.text(min_size=1, max_size=5), max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=3), st.text(max_size=3), max_size=2),
    st.one_of(st.none(), st.integers(0, 100)),
    st.one_of(st.none(), st.sampled_from(list(Health))),
    st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2040, 1, 1))),
    st.text(max_size=4),
    st.one_of(st.none(), st.text(max_size=4)),
    st.datetimes(
        datetime(1900, 1, 1),
        datetime(2100, 1, 1),
        timezones=st.one_of(
            st.none(),
            st.builds(
                timezone,
                st.timedeltas(timedelta(hours=-23, minutes=-59), timedelta(hours=23, minutes=59)),
            ),
        ),
    ),
)
def test_rows_agree_on_any_node_the_rules_accept(
    kind: NodeKind,
    status: Status,
    tags: list[str],
    attributes: dict[str, str],
    progress: int | None,
    health: Health | None,
    due: date | None,
    description: str,
    owner: str | None,
    created: datetime,
) -> None:
    project = kind is NodeKind.STRATEGIC_PROJECT  # only projects hold the project fields
    _rows_agree(
        Node(
            "n-1",
            kind,
            "north",
            "Otsikko",
            description=description,
            status=status,
            tags=tuple(tags),
            attributes=attributes,
            created_at=created,
            updated_at=created if progress is None else datetime(2026, 1, 1, tzinfo=UTC),
            progress=progress if project else None,
            health=health if project else None,
            due_date=due if project else None,
            owner=owner if project else None,
        )
    )


def test_a_bulk_import_encodes_each_new_node_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = [0]
    node_row = sqlite_file._node_row

    def counted(node: Node) -> str:
        built[0] += 1
        return node_row(node)

    monkeypatch.setattr(sqlite_file, "_node_row", counted)
    monkeypatch.setattr(embedded, "IMAGE_EVERY", 10**9)  # the reopening reads the rows
    monkeypatch.setattr(embedded, "IMAGE_FROM_NODES", 10**9)
    path = str(tmp_path / "s.db")
    store = EmbeddedStore(path)
    doc = seeded_document(1_500, seed=8)
    outcome = StrategyService(store).import_document(doc, "loader")
    assert built[0] == 0  # every row made with its event's payload
    nodes, edges = store.nodes(), store.edges()
    store.close()
    log = log_rows(path)
    payloads = {row[4]: orjson.loads(row[7]) for row in log if row[3] == "create_node"}
    links = sum(1 for row in log if row[3] == "link")
    assert len(payloads) == len(nodes) == len(outcome.plan.added)
    assert links == len(edges) == outcome.plan.edges_added
    assert all(payloads[n.id] == node_to_dict(n) for n in nodes)  # the payload as before
    reopened = EmbeddedStore(path)
    try:
        assert reopened.load_source == "rows"
        assert (reopened.nodes(), reopened.edges()) == (nodes, edges)
    finally:
        reopened.close()


def test_a_node_changed_after_its_bulk_creation_in_the_same_commit_keeps_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row comes from the creation's payload only while the graph holds the node as
    created: a later operation of the same commit writes the row of what it made."""
    built: list[str] = []
    node_row = sqlite_file._node_row

    def counted(node: Node) -> str:
        built.append(node.id)
        return node_row(node)

    monkeypatch.setattr(sqlite_file, "_node_row", counted)
    path = str(tmp_path / "s.db")
    store = EmbeddedStore(path)
    store.commit([PutRegion(Region("north", "Pohjoinen"))], "t")
    nodes = [Node(f"line-{i:03d}", NodeKind.STRATEGIC_LINE, "north", f"L{i}") for i in range(300)]
    store.commit(
        [
            *(CreateNode(n) for n in nodes),
            UpdateNode("line-007", {"title": "Muutettu"}),
            DeleteNode("line-008"),
        ],
        "t",
    )
    assert built == ["line-007"]  # the other 298 rows from their creation's payload
    store.close()
    reopened = EmbeddedStore(path)
    try:
        assert reopened.get_node("line-007").title == "Muutettu"
        assert reopened.get_node("line-007").version == 2
        assert "line-008" not in reopened.view.nodes
        assert reopened.get_node("line-009").title == "L9"
    finally:
        reopened.close()


_ZONES = st.one_of(
    st.none(),
    st.builds(timezone, st.timedeltas(timedelta(hours=-23), timedelta(hours=23))),
    st.just(ZoneInfo("Europe/Helsinki")),  # +1:39:49 before 1921, whole minutes since
)
_TIMES = st.one_of(st.none(), st.datetimes(datetime(1900, 1, 1), timezones=_ZONES))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TIMES, _TIMES), max_size=5))
def test_whole_minute_offsets_answers_as_a_look_at_every_time_would(
    times: list[tuple[datetime | None, datetime | None]],
) -> None:
    nodes = [
        Node("n", NodeKind.CHALLENGE, "north", "N", created_at=c, updated_at=u) for c, u in times
    ]
    offsets = [t.utcoffset() for pair in times for t in pair if t is not None]
    minute = timedelta(minutes=1)
    assert whole_minute_offsets(nodes) == all(o is None or not o % minute for o in offsets)
