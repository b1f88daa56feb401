"""Delta export on every adapter: what changed after a graph version (created, updated,
removed nodes and edges), and an import of it bringing a copy up to date."""

from __future__ import annotations

from typing import Any

import pytest

from strategygraph.domain import Relation, ValidationError
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document

STAMPS = ("version", "created_at", "created_by", "updated_at", "updated_by")


def comparable(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "nodes": sorted(
            ({k: v for k, v in n.items() if k not in STAMPS} for n in doc["nodes"]),
            key=lambda n: n["id"],
        ),
        "edges": sorted(doc["edges"], key=lambda e: (e["source"], e["target"])),
    }


def changes(service: StrategyService) -> None:
    """Update a node, add a node with an edge, change an edge's note, unlink an edge and
    delete a node (with its edges)."""
    service.update_node("proj", {"progress": 75}, None, "mia")
    service.create_node(
        {"id": "proj3", "kind": "STRATEGIC_PROJECT", "region": "r1", "title": "Uusi"}, "mia"
    )
    service.link("proj3", Relation.ADDRESSES, "ch-open", "mia", note="uusi")
    service.unlink("proj2", Relation.DEPENDS_ON, "proj", "mia")
    service.delete_node("proj2", "mia", cascade=True)
    service.unlink("ch", Relation.CHALLENGES, "line", "mia")
    service.link("ch", Relation.CHALLENGES, "line", "mia", note="tarkennettu")


def test_a_delta_holds_what_changed_and_brings_a_copy_up_to_date(
    service: StrategyService,
) -> None:
    service.import_document(small_document(), "loader")
    copy = StrategyService(EmbeddedStore())
    copy.import_document(service.export_document(), "copier")
    since = service.store.version()
    changes(service)
    delta = service.export_document(since=since)
    assert delta["since_version"] == since
    assert delta["graph_version"] == service.store.version()
    assert sorted(n["id"] for n in delta["nodes"]) == ["proj", "proj3"]
    assert sorted((e["source"], e["target"]) for e in delta["edges"]) == [
        ("ch", "line"),
        ("proj3", "ch-open"),
    ]
    assert delta["removed"] == {
        "nodes": ["proj2"],
        "edges": [
            {"source": "proj2", "relation": "ADDRESSES", "target": "ch"},
            {"source": "proj2", "relation": "DEPENDS_ON", "target": "proj"},
        ],
    }
    dry = copy.import_document(delta, "sync", dry_run=True).plan
    assert dry.deleted == ["proj2"]
    assert sorted(dry.edges_removed) == ["proj2 -ADDRESSES-> ch", "proj2 -DEPENDS_ON-> proj"]
    copy.import_document(delta, "sync")
    assert comparable(copy.export_document()) == comparable(service.export_document())
    version = copy.store.version()
    assert copy.import_document(delta, "sync").plan.operations == []
    assert copy.store.version() == version


def test_a_delta_of_nothing_and_a_delta_from_the_future(service: StrategyService) -> None:
    service.import_document(small_document(), "loader")
    now = service.store.version()
    empty = service.export_document("r1", since=now)
    assert (empty["nodes"], empty["edges"]) == ([], [])
    assert empty["removed"] == {"nodes": [], "edges": []}
    with pytest.raises(ValidationError) as exc:
        service.export_document(since=now + 5)
    assert exc.value.problems[0].message == (
        f"since must be a graph version from 0 to {now} (the current one), not {now + 5}"
    )


def test_a_delta_cannot_be_mirrored(service: StrategyService) -> None:
    service.import_document(small_document(), "loader")
    delta = service.export_document("r1", since=service.store.version())
    with pytest.raises(ValidationError) as exc:
        service.import_document(delta, "loader", mirror="r1")
    assert exc.value.problems[0].rule == "mirror-delta"
