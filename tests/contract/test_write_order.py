"""Every adapter answers the same whatever order the graph was written in, and the embedded
store answers the same once reopened (row by row, or from its image) as it did live.

Before, three answers broke their ties by the order the edges or nodes were added or read:
trace down's ``via`` and the route (the older edge), the 1,000 paths ``trace_up`` keeps
(the newer edge first) and ``impact`` within a layer (the older node). A store opened row
by row reads them in the file's key order, so it answered otherwise than the process that
wrote them, and the Neo4j adapter (edge age) otherwise than a reopened embedded store."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from strategygraph.domain import NodeKind
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, GraphStore

WIDE = 6
"""Nodes per layer of the wide part: 6**4 = 1,296 paths from its project, over the cap."""
LAYERS = (
    ("cv", "CHANGE_VISION", "DERIVES_FROM"),
    ("ov", "ORGANISATIONAL_VISION", "REALISES"),
    ("line", "STRATEGIC_LINE", "SUPPORTS"),
    ("ch", "CHALLENGE", "CHALLENGES"),
)


def document(reverse: bool) -> dict[str, Any]:
    """A wide part (every node serves every node of the layer above: ties everywhere) and
    a narrow one (one vision dominating two lines and their challenge); nodes and edges
    listed in id order, or the other way round."""

    def node(node_id: str, kind: str) -> dict[str, Any]:
        region = "national" if kind == "NATIONAL_GOAL" else "r1"
        return {"id": node_id, "kind": kind, "region": region, "title": node_id}

    nodes = [node("goal", "NATIONAL_GOAL")]
    edges: list[tuple[str, str, str]] = []
    above = ["goal"]
    for prefix, kind, relation in LAYERS:
        ids = [f"{prefix}-{i}" for i in range(WIDE)]
        nodes += [node(i, kind) for i in ids]
        edges += [(i, relation, a) for i in ids for a in above]
        above = ids
    nodes.append(node("proj", "STRATEGIC_PROJECT"))
    edges += [("proj", "ADDRESSES", a) for a in above]
    nodes += [node("ov-x", "ORGANISATIONAL_VISION"), node("ch-x", "CHALLENGE")]
    nodes += [node("line-x1", "STRATEGIC_LINE"), node("line-x2", "STRATEGIC_LINE")]
    edges += [("ov-x", "REALISES", "cv-0"), ("ov-x", "REALISES", "cv-1")]
    edges += [(f"line-x{i}", "SUPPORTS", "ov-x") for i in (1, 2)]
    edges += [("ch-x", "CHALLENGES", f"line-x{i}") for i in (1, 2)]
    if reverse:
        nodes.reverse()
        edges.reverse()
    return {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [{"id": "national", "name": "Suomi"}, {"id": "r1", "name": "Alue"}],
        "organisations": [],
        "nodes": nodes,
        "edges": [{"source": s, "relation": r, "target": t} for s, r, t in edges],
    }


def answers(store: GraphStore) -> dict[str, Any]:
    ids = sorted(n.id for n in store.nodes())
    ends = ("goal", "cv-0", "ov-x", "line-0")
    return {
        "trace_up": {i: store.trace_up(i) for i in ids},
        "trace_down": {i: store.trace_down(i) for i in ids},
        "trace_down_lines": {i: store.trace_down(i, 3, [NodeKind.STRATEGIC_LINE]) for i in ends},
        "route": {(a, b): store.route(a, b) for a in ids for b in ends},
        "impact": {i: store.impact(i) for i in ids},
    }


def test_answers_do_not_depend_on_the_order_of_the_writes(
    store: GraphStore, tmp_path: Path
) -> None:
    StrategyService(store).import_document(document(reverse=True), "loader")
    path = tmp_path / "reference.db"
    reference = EmbeddedStore(str(path))
    StrategyService(reference).import_document(document(reverse=False), "loader")
    expected = answers(reference)
    assert len(expected["trace_up"]["proj"]) == 1000  # the cap is reached: which 1,000?
    assert expected["impact"]["ov-x"] == ["line-x1", "line-x2", "ch-x"]
    assert answers(store) == expected
    assert reference.keep_image()
    reference.close()
    for source in ("image", "rows"):
        reopened = EmbeddedStore(str(path))
        try:
            assert reopened.load_source == source
            assert answers(reopened) == expected
        finally:
            reopened.close()
        with contextlib.closing(sqlite3.connect(path)) as db, db:
            db.execute("DELETE FROM open_image")  # the next open reads the rows
