"""Writes through the service on every adapter: rules, exact messages, all-or-nothing."""

from __future__ import annotations

from typing import Any

import pytest

from strategygraph.domain import NotFound, Relation, Status, ValidationError, VersionConflict
from strategygraph.service import StrategyService


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str | None, str]]:
    return [(p.rule, p.field, p.message) for p in exc.value.problems]


def project(**extra: Any) -> dict[str, Any]:
    return {"id": "new", "kind": "STRATEGIC_PROJECT", "region": "r1", "title": "New", **extra}


def test_create_stamps_version_and_author(loaded: StrategyService) -> None:
    node = loaded.create_node(project(version=7, created_by="someone-else"), "alice")
    assert (node.version, node.created_by, node.updated_by) == (1, "alice", "alice")
    assert loaded.store.get_node("new") == node


@pytest.mark.parametrize(
    ("data", "rule", "field", "message"),
    [
        (
            project(kind="FOO"),
            "unknown-kind",
            "kind",
            "node 'new': unknown kind 'FOO'; expected one of NATIONAL_GOAL, CHANGE_VISION, "
            "ORGANISATIONAL_VISION, STRATEGIC_LINE, CHALLENGE, STRATEGIC_PROJECT",
        ),
        (project(title="   "), "title-required", "title", "node 'new': title must not be empty"),
        (
            project(title="x" * 201),
            "title-length",
            "title",
            "node 'new': title is 201 characters, at most 200",
        ),
        (
            project(progress=101),
            "progress-range",
            "progress",
            "node 'new': progress 101 is not between 0 and 100",
        ),
        (
            project(start_date="2019-05-01", due_date="2019-01-31"),
            "date-order",
            "due_date",
            "node 'new': due date 2019-01-31 is before start date 2019-05-01",
        ),
        (
            project(due_date="31.1.2019"),
            "date-format",
            "due_date",
            "node 'new': 'due_date' '31.1.2019' is not a date (YYYY-MM-DD)",
        ),
        (
            project(id="Bad Id"),
            "id-format",
            "id",
            "node id 'Bad Id' must be 1-100 characters of a-z, 0-9 and '-', starting with a "
            "letter or digit",
        ),
        (project(id="goal"), "duplicate-id", "id", "node id 'goal' is already used"),
        (
            project(region="nowhere"),
            "unknown-region",
            "region",
            "node 'new': region 'nowhere' does not exist",
        ),
        (
            project(organisation="nobody"),
            "unknown-organisation",
            "organisation",
            "node 'new': organisation 'nobody' does not exist",
        ),
        (
            {**project(), "kind": "CHALLENGE", "health": "RED"},
            "project-only",
            "health",
            "node 'new': health is only for strategic projects",
        ),
        (
            {**project(), "kind": "NATIONAL_GOAL"},
            "national-region",
            "region",
            "node 'new': a national goal belongs to region 'national'",
        ),
        (project(colour="blue"), "unknown-field", "colour", "node 'new': unknown field 'colour'"),
    ],
)
def test_create_refuses_bad_node(
    loaded: StrategyService, data: dict[str, Any], rule: str, field: str, message: str
) -> None:
    version = loaded.store.version()
    with pytest.raises(ValidationError) as exc:
        loaded.create_node(data, "alice")
    assert problems(exc) == [(rule, field, message)]
    assert loaded.store.version() == version


def test_several_problems_are_all_reported(loaded: StrategyService) -> None:
    with pytest.raises(ValidationError) as exc:
        loaded.create_node(project(title="", progress=-1), "alice")
    assert [p.rule for p in exc.value.problems] == ["title-required", "progress-range"]
    assert exc.value.message.startswith("2 problems found, nothing was changed:\n- ")


@pytest.mark.parametrize(
    ("source", "relation", "target", "rule", "message"),
    [
        (
            "proj",
            Relation.ADDRESSES,
            "proj",
            "self-loop",
            "edge proj -ADDRESSES-> proj: a node cannot link to itself",
        ),
        (
            "proj",
            Relation.DERIVES_FROM,
            "goal",
            "metamodel",
            "edge proj -DERIVES_FROM-> goal: STRATEGIC_PROJECT -DERIVES_FROM-> NATIONAL_GOAL is "
            "not allowed by the metamodel; a STRATEGIC_PROJECT may link ADDRESSES -> CHALLENGE, "
            "DEPENDS_ON -> STRATEGIC_PROJECT, SUPPORTS -> ORGANISATIONAL_VISION, "
            "SUPPORTS -> STRATEGIC_LINE",
        ),
        (
            "proj",
            Relation.DEPENDS_ON,
            "proj2",
            "cycle",
            "edge proj -DEPENDS_ON-> proj2: would close a cycle, since 'proj2' already leads to "
            "'proj'",
        ),
        (
            "proj",
            Relation.ADDRESSES,
            "ch",
            "duplicate-edge",
            "edge proj -ADDRESSES-> ch: these nodes are already linked",
        ),
        (
            "ghost",
            Relation.ADDRESSES,
            "ch",
            "dangling-endpoint",
            "edge ghost -ADDRESSES-> ch: node 'ghost' does not exist",
        ),
    ],
)
def test_link_refuses_bad_edge(
    loaded: StrategyService,
    source: str,
    relation: Relation,
    target: str,
    rule: str,
    message: str,
) -> None:
    before = loaded.store.edges()
    with pytest.raises(ValidationError) as exc:
        loaded.link(source, relation, target, "alice")
    assert [(p.rule, p.message) for p in exc.value.problems] == [(rule, message)]
    assert loaded.store.edges() == before


def test_layer_skip_is_allowed(loaded: StrategyService) -> None:
    edge = loaded.link("proj", Relation.SUPPORTS, "line", "alice", inferred=True, note="why")
    assert edge in loaded.store.edges("proj")


def test_update_bumps_version_and_checks_expected(loaded: StrategyService) -> None:
    node = loaded.update_node("proj", {"title": "Renamed", "progress": 60}, 1, "bob")
    assert (node.title, node.progress, node.version, node.updated_by) == ("Renamed", 60, 2, "bob")
    with pytest.raises(VersionConflict) as exc:
        loaded.update_node("proj", {"title": "Stale"}, 1, "carol")
    assert exc.value.message == (
        "node 'proj' is at version 2 (last changed by bob), not the expected 1; "
        "reload it and apply your change again"
    )
    assert (exc.value.current, exc.value.changed_by) == (2, "bob")
    assert loaded.store.get_node("proj").title == "Renamed"


def test_update_refuses_read_only_and_unknown(loaded: StrategyService) -> None:
    with pytest.raises(ValidationError) as exc:
        loaded.update_node("proj", {"kind": "CHALLENGE"}, None, "bob")
    assert problems(exc) == [("read-only-field", "kind", "node 'proj': 'kind' cannot be changed")]
    with pytest.raises(NotFound, match=r"^node 'ghost' does not exist$"):
        loaded.update_node("ghost", {"title": "x"}, None, "bob")


def test_status_workflow(loaded: StrategyService) -> None:
    with pytest.raises(ValidationError) as exc:
        loaded.set_status("proj", Status.APPROVED, "bob")
    assert problems(exc) == [
        (
            "status-transition",
            "status",
            "node 'proj': status cannot go from DRAFT to APPROVED; "
            "from DRAFT it may go to PROPOSED, RETIRED",
        ),
        ("approval-body", "approved_by", "node 'proj': approval needs the approving body"),
        ("approval-date", "decision_date", "node 'proj': approval needs the decision date"),
    ]
    loaded.set_status("proj", Status.PROPOSED, "bob")
    from datetime import date

    node = loaded.set_status(
        "proj",
        Status.APPROVED,
        "bob",
        approved_by="VATE",
        decision_date=date(2018, 3, 1),
        decision_ref="VATE 1.3.2018 § 12",
    )
    assert (node.status, node.approved_by, node.decision_ref) == (
        Status.APPROVED,
        "VATE",
        "VATE 1.3.2018 § 12",
    )
    assert loaded.retire_node("proj", "bob").status is Status.RETIRED


def test_delete_refused_while_linked_then_cascades(loaded: StrategyService) -> None:
    with pytest.raises(ValidationError) as exc:
        loaded.delete_node("ch", "bob")
    assert problems(exc) == [
        (
            "has-edges",
            "id",
            "node 'ch' still has 3 edge(s): ch -CHALLENGES-> line, proj -ADDRESSES-> ch, "
            "proj2 -ADDRESSES-> ch; unlink them first or delete with cascade",
        )
    ]
    preview = loaded.delete_node("ch", "bob", dry_run=True)
    assert (preview.deleted, len(preview.removed_edges)) == (False, 3)
    outcome = loaded.delete_node("ch", "bob", cascade=True)
    assert outcome.deleted and len(outcome.removed_edges) == 3
    with pytest.raises(NotFound):
        loaded.store.get_node("ch")
    assert all("ch" not in (e.source, e.target) for e in loaded.store.edges())


def test_unlink(loaded: StrategyService) -> None:
    removed = loaded.unlink("proj2", Relation.DEPENDS_ON, "proj", "bob")
    assert removed.relation is Relation.DEPENDS_ON
    with pytest.raises(NotFound, match=r"^edge 'proj2 -DEPENDS_ON-> proj' does not exist$"):
        loaded.unlink("proj2", Relation.DEPENDS_ON, "proj", "bob")


def test_event_log_records_who_what_before_after(loaded: StrategyService) -> None:
    loaded.update_node("proj", {"title": "Renamed"}, None, "bob")
    events = loaded.store.events(node_id="proj")
    last = events[-1]
    assert (last.actor, last.operation, last.target) == ("bob", "update_node", "proj")
    assert last.before is not None and last.after is not None
    assert (last.before["title"], last.after["title"]) == ("PROJ", "Renamed")
    assert last.seq == loaded.store.version()
    ops = [e.operation for e in events]
    assert ops[0] == "create_node" and "link" in ops
