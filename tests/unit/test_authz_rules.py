"""The authorization rules as data: one per operation type, roles ranked, claims parsed,
and the service refusing a write before it reaches the store."""

from __future__ import annotations

import typing
from datetime import UTC, datetime

import click
import pytest

from strategygraph.cli.access import parse_expiry
from strategygraph.domain import Node, NodeKind, Region, Status
from strategygraph.domain.access import ANY_REGION, MissingRole, Principal, Role, parse_role_claim
from strategygraph.domain.changes import CreateNode, Operation
from strategygraph.domain.errors import Forbidden
from strategygraph.service import StrategyService
from strategygraph.service.authz import RULES, needs
from strategygraph.store import EmbeddedStore


def test_every_operation_type_has_a_rule() -> None:
    assert set(typing.get_args(Operation)) == set(RULES)


def test_an_operation_without_a_rule_is_refused() -> None:
    class Sneaky:
        pass

    with pytest.raises(Forbidden) as info:
        needs([Sneaky()], EmbeddedStore())  # type: ignore[list-item]
    assert info.value.message == (
        "forbidden: the operation Sneaky has no authorization rule; "
        "add one in strategygraph/service/authz.py"
    )


def test_roles_are_ranked_and_a_star_grant_holds_everywhere() -> None:
    approver = Principal.of("a", [(Role.APPROVER, "etela")])
    assert approver.has(Role.PLANNER, "etela") and approver.has(Role.VIEWER, "etela")
    assert not approver.has(Role.ADMIN, "etela") and not approver.has(Role.VIEWER, "muu")
    everywhere = Principal.of("v", [(Role.VIEWER, ANY_REGION)])
    assert everywhere.has(Role.VIEWER, "national") and not everywhere.has(Role.PLANNER, "x")
    assert Principal.local("cli:me").has(Role.ADMIN, "anything")
    assert Role.parse(" Planner ") is Role.PLANNER
    with pytest.raises(ValueError, match="unknown role 'boss'; use one of viewer, planner"):
        Role.parse("boss")


def test_approved_content_is_public_and_drafts_need_a_viewer() -> None:
    approved = Node("g", NodeKind.NATIONAL_GOAL, "national", "G", status=Status.APPROVED)
    draft = Node("d", NodeKind.CHALLENGE, "etela", "D")
    anyone = Principal.of("x", [])
    assert anyone.can_view(approved) and not anyone.can_view(draft)
    assert not Principal.anonymous(False).can_view(approved)
    assert Principal.anonymous(True).can_view(approved)
    assert Principal.of("v", [(Role.VIEWER, "etela")]).can_view(draft)


def test_the_roles_claim_keeps_only_role_and_region_pairs() -> None:
    claim = ["planner:etela", "Viewer: national ", "admin", "boss:etela", 7, "approver:"]
    assert parse_role_claim(claim) == [(Role.PLANNER, "etela"), (Role.VIEWER, "national")]
    assert parse_role_claim("planner:etela") == []


def test_a_refused_write_changes_nothing_and_says_why() -> None:
    store = EmbeddedStore()
    service = StrategyService(store)
    service.put_region(Region("etela", "Etelä"), "loader")
    service.put_region(Region("pohjoinen", "Pohjoinen"), "loader")
    version = store.version()
    planner = Principal.of("pia", [(Role.PLANNER, "etela")])
    node = {"id": "x", "kind": "CHALLENGE", "region": "pohjoinen", "title": "X"}
    with pytest.raises(MissingRole) as info:
        service.create_node(node, planner)
    assert info.value.code == "FORBIDDEN"
    assert info.value.message == (
        "forbidden: 'pia' lacks the planner role in region 'pohjoinen' "
        "(to create the DRAFT node 'x')"
    )
    assert (store.version(), store.nodes()) == (version, [])
    assert service.create_node({**node, "region": "etela"}, planner).created_by == "pia"


def test_creating_an_approved_node_needs_an_approver() -> None:
    store = EmbeddedStore()
    node = Node("x", NodeKind.CHALLENGE, "etela", "X", status=Status.APPROVED)
    assert needs([CreateNode(node)], store) == [
        (Role.APPROVER, "etela", "create the APPROVED node 'x'")
    ]


def test_expiry_spans_and_dates() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_expiry("30d", now) == datetime(2026, 1, 31, tzinfo=UTC)
    assert parse_expiry("12h", now) == datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert parse_expiry("2026-06-30", now) == datetime(2026, 6, 30, tzinfo=UTC)
    with pytest.raises(click.BadParameter, match="'soon' is neither a span"):
        parse_expiry("soon", now)


def test_a_status_change_is_refused_for_the_role_before_the_workflow_rules() -> None:
    store = EmbeddedStore()
    service = StrategyService(store)
    service.put_region(Region("etela", "Etelä"), "loader")
    service.create_node({"id": "x", "kind": "CHALLENGE", "region": "etela", "title": "X"}, "l")
    planner = Principal.of("pia", [(Role.PLANNER, "etela")])
    with pytest.raises(MissingRole, match="lacks the approver role in region 'etela'"):
        service.set_status("x", Status.APPROVED, planner)  # also lacks body and date
    with pytest.raises(MissingRole, match="to move node 'x' to PROPOSED"):
        service.update_node("x", {"status": "PROPOSED"}, None, planner)
    assert store.get_node("x").status is Status.DRAFT
