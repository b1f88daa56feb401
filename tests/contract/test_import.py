"""Bulk import: one transaction, every problem listed with its location, idempotent."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from strategygraph.domain import ValidationError
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, GraphStore
from tests.conftest import small_document


def test_import_then_export_gives_the_same_graph(service: StrategyService) -> None:
    service.import_document(small_document(), "loader")
    exported = service.export_document()
    other = StrategyService(EmbeddedStore())
    other.import_document(exported, "copier")
    again = other.export_document()
    for key in ("regions", "organisations", "nodes", "edges"):
        assert again[key] == exported[key]


def test_reimport_changes_nothing(loaded: StrategyService) -> None:
    version = loaded.store.version()
    outcome = loaded.import_document(small_document(), "loader")
    assert outcome.plan.operations == []
    assert len(outcome.plan.unchanged) == 9
    assert loaded.store.version() == version


def test_one_bad_row_imports_nothing_and_every_problem_is_listed(
    service: StrategyService,
) -> None:
    doc = small_document()
    doc["nodes"][3]["organisation"] = "ghost-org"
    doc["nodes"].append(copy.deepcopy(doc["nodes"][0]))
    doc["edges"].append({"source": "proj", "relation": "ADDRESSES", "target": "nowhere"})
    doc["edges"].append({"source": "proj", "relation": "DEPENDS_ON", "target": "proj2"})
    with pytest.raises(ValidationError) as exc:
        service.import_document(doc, "loader")
    assert [(p.where, p.rule) for p in exc.value.problems] == [
        ("nodes[9]", "duplicate-id"),  # and, in the same run, the problems of later stages
        ("nodes[3]", "unknown-organisation"),
        ("edges[8]", "dangling-endpoint"),
        ("edges[9]", "cycle"),
    ]
    del doc["nodes"][9]
    with pytest.raises(ValidationError) as exc:
        service.import_document(doc, "loader")
    assert [(p.where, p.rule) for p in exc.value.problems] == [
        ("nodes[3]", "unknown-organisation"),
        ("edges[8]", "dangling-endpoint"),
        ("edges[9]", "cycle"),
    ]
    assert service.store.version() == 0
    assert service.store.nodes() == []
    assert service.store.regions() == []


def test_schema_problems_name_their_location(service: StrategyService) -> None:
    doc = small_document()
    doc["nodes"][2]["kind"] = "VISION"
    doc["edges"][0]["relation"] = "LOVES"
    del doc["nodes"][4]["title"]
    with pytest.raises(ValidationError) as exc:
        service.import_document(doc, "loader")
    found = [(p.where, p.message) for p in exc.value.problems]
    assert (
        "edges[0].relation",
        "'LOVES' is not one of ['ADDRESSES', 'CHALLENGES', "
        "'SUPPORTS', 'REALISES', 'DERIVES_FROM', 'DEPENDS_ON']",
    ) in found
    assert ("nodes[4]", "'title' is a required property") in found
    assert any(where == "nodes[2].kind" for where, _ in found)
    assert service.store.version() == 0


def test_dry_run_reports_and_keeps_nothing(service: StrategyService) -> None:
    outcome = service.import_document(small_document(), "loader", dry_run=True)
    assert outcome.dry_run and len(outcome.plan.added) == 9
    assert service.store.nodes() == [] and service.store.version() == 0


def test_failed_write_leaves_no_trace_on_disk(
    store: GraphStore, reopen: Callable[[GraphStore], GraphStore]
) -> None:
    service = StrategyService(store)
    service.import_document(small_document(), "loader")
    bad = small_document()
    bad["nodes"].append({"id": "x", "kind": "CHALLENGE", "region": "r1", "title": "X"})
    bad["edges"].append({"source": "x", "relation": "ADDRESSES", "target": "ch"})
    with pytest.raises(ValidationError):
        service.import_document(bad, "loader")
    version, nodes = store.version(), store.nodes()
    reopened = reopen(store)
    assert (reopened.version(), reopened.nodes()) == (version, nodes)
    assert "x" not in {n.id for n in reopened.nodes()}
