"""Sync by import, on every adapter: re-importing changes nothing however empty texts are
spelled, an edge's note and ``inferred`` update, and a mirror import makes a region hold
exactly what the file holds (drafts deleted, decided nodes retired, edges removed)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from strategygraph.domain import NotFound, Relation, Status, ValidationError
from strategygraph.domain.access import MissingRole, Principal, Role
from strategygraph.service import StrategyService
from tests.conftest import small_document

STAMPS = ("version", "created_at", "created_by", "updated_at", "updated_by")


def comparable(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items without the stamps a store sets, with absent and null fields alike."""
    return sorted(
        (
            {k: v for k, v in i.items() if k not in STAMPS and v not in (None, [], {}, False)}
            for i in items
        ),
        key=repr,
    )


def test_empty_texts_reimport_without_a_change(service: StrategyService) -> None:
    doc = small_document()
    doc["edges"][0]["note"] = ""
    doc["nodes"][2]["approved_by"] = ""  # a draft's (an approval needs its body)
    doc["nodes"][7]["owner"] = ""
    service.import_document(doc, "loader")
    version = service.store.version()
    outcome = service.import_document(doc, "loader")
    assert outcome.plan.operations == []
    assert service.store.version() == version


def test_an_edge_note_and_inferred_flag_update(service: StrategyService) -> None:
    service.import_document(small_document(), "loader")
    doc = small_document()
    doc["edges"][5]["note"] = "rivi 1\r\nrivi 2"
    doc["edges"][6]["inferred"] = True
    outcome = service.import_document(doc, "loader")
    assert outcome.plan.edges_changed == ["proj -ADDRESSES-> ch", "proj2 -ADDRESSES-> ch"]
    edges = {e.key: e for e in service.store.edges()}
    assert edges[("proj", "ch")].note == "rivi 1\r\nrivi 2"
    assert edges[("proj2", "ch")].inferred is True
    version = service.store.version()
    assert service.import_document(doc, "loader").plan.operations == []
    assert service.store.version() == version


def edited_export(service: StrategyService) -> dict[str, Any]:
    """The region r1 exported, then edited: a project added, an edge's note changed, the
    project proj2 (a draft) and the challenge ch-open (approved) removed."""
    doc = service.export_document("r1")
    doc["nodes"] = [n for n in doc["nodes"] if n["id"] not in ("proj2", "ch-open")]
    doc["edges"] = [
        e for e in doc["edges"] if not {"proj2", "ch-open"} & {e["source"], e["target"]}
    ]
    for edge in doc["edges"]:
        if edge["source"] == "proj":
            edge["note"] = "tarkennettu"
    doc["nodes"].append(
        {
            "id": "proj3",
            "kind": "STRATEGIC_PROJECT",
            "region": "r1",
            "title": "Uusi hanke",
            "description": "",
            "status": "DRAFT",
        }
    )
    doc["edges"].append({"source": "proj3", "relation": "ADDRESSES", "target": "ch"})
    return doc


def test_mirror_dry_run_lists_every_deletion_and_keeps_nothing(
    service: StrategyService,
) -> None:
    service.import_document(small_document(), "loader")
    service.set_status("ch-open", Status.PROPOSED, "loader")
    doc = edited_export(service)
    version = service.store.version()
    plan = service.import_document(doc, "loader", dry_run=True, mirror="r1").plan
    assert plan.deleted == ["proj2"]
    assert plan.retired == ["ch-open"]
    assert sorted(plan.edges_removed) == [
        "ch-open -CHALLENGES-> line",
        "proj2 -ADDRESSES-> ch",
        "proj2 -DEPENDS_ON-> proj",
    ]
    assert plan.added == ["proj3"]
    assert plan.edges_changed == ["proj -ADDRESSES-> ch"]
    assert service.store.version() == version
    assert service.store.get_node("proj2").status is Status.DRAFT


def test_mirror_makes_the_region_equal_the_file_and_again_changes_nothing(
    service: StrategyService,
) -> None:
    service.import_document(small_document(), "loader")
    service.set_status("ch-open", Status.PROPOSED, "loader")
    doc = edited_export(service)
    service.import_document(doc, "loader", mirror="r1")
    with pytest.raises(NotFound):
        service.store.get_node("proj2")
    assert service.store.get_node("ch-open").status is Status.RETIRED
    after = service.export_document("r1")
    live = [n for n in after["nodes"] if n["status"] != "RETIRED"]
    assert comparable(live) == comparable(doc["nodes"])
    assert comparable(after["edges"]) == comparable(doc["edges"])
    version = service.store.version()
    again = service.import_document(doc, "loader", mirror="r1")
    assert again.plan.operations == []
    assert (again.plan.deleted, again.plan.retired, again.plan.edges_removed) == ([], [], [])
    assert service.store.version() == version


def test_mirror_leaves_other_regions_alone(service: StrategyService) -> None:
    doc = small_document()
    doc["regions"].append({"id": "r2", "name": "Region Two"})
    doc["nodes"].append(
        {"id": "r2-proj", "kind": "STRATEGIC_PROJECT", "region": "r2", "title": "T"}
    )
    doc["edges"].append({"source": "r2-proj", "relation": "ADDRESSES", "target": "ch"})
    service.import_document(doc, "loader")
    mirrored = service.export_document("r1")
    mirrored["nodes"] = [n for n in mirrored["nodes"] if n["id"] != "proj"]
    mirrored["edges"] = [e for e in mirrored["edges"] if "proj" not in (e["source"], e["target"])]
    plan = service.import_document(mirrored, "loader", mirror="r1").plan
    assert plan.deleted == ["proj"]
    assert service.store.get_node("r2-proj").region == "r2"
    assert ("r2-proj", "ch") in {e.key for e in service.store.edges()}


def test_mirror_needs_an_approver_of_the_region(service: StrategyService) -> None:
    service.import_document(small_document(), "loader")
    approver = Principal("aino", frozenset({(Role.APPROVER, "r1")}))
    doc = service.export_document("r1", approver)  # what she may see: her file to mirror
    planner = Principal("pia", frozenset({(Role.PLANNER, "r1")}))
    with pytest.raises(MissingRole) as refused:
        service.import_document(doc, planner, mirror="r1")
    assert "approver" in str(refused.value) and "r1" in str(refused.value)
    assert service.import_document(doc, approver, mirror="r1").plan.operations == []


def test_mirror_of_an_unknown_region_names_the_known_ones(service: StrategyService) -> None:
    service.import_document(small_document(), "loader")
    with pytest.raises(NotFound) as missing:
        service.import_document(small_document(), "loader", mirror="nowhere")
    assert missing.value.known == ["national", "r1"]


def test_a_changed_relation_between_the_same_nodes_replaces_the_edge(
    service: StrategyService,
) -> None:
    doc = small_document()
    service.import_document(doc, "loader")
    changed = copy.deepcopy(doc)
    changed["edges"][7] = {
        "source": "proj2",
        "relation": "DEPENDS_ON",
        "target": "proj",
        "note": "riippuu",
    }
    service.import_document(changed, "loader")
    edge = next(e for e in service.store.edges() if e.key == ("proj2", "proj"))
    assert (edge.relation, edge.note) == (Relation.DEPENDS_ON, "riippuu")
    with pytest.raises(ValidationError):
        bad = copy.deepcopy(doc)
        bad["edges"][7]["relation"] = "ADDRESSES"  # a project does not address a project
        service.import_document(bad, "loader")
    assert next(e for e in service.store.edges() if e.key == ("proj2", "proj")).note == "riippuu"
