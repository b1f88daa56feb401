"""The access port (API tokens and role grants) on every adapter: kept in the store's own
database, beside the graph and apart from it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from strategygraph.domain import NotFound
from strategygraph.domain.access import ApiToken, Grant, MissingRole, Principal, Role
from strategygraph.service import StrategyService
from strategygraph.store import GraphStore
from tests.conftest import small_document

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def token(id: str, user: str = "alice", **extra: object) -> ApiToken:
    fields: dict[str, object] = {"created_at": T0, "digest": f"digest-{id}", **extra}
    return ApiToken(id, user, **fields)  # type: ignore[arg-type]


def test_tokens_are_kept_found_by_digest_listed_and_revoked(store: GraphStore) -> None:
    access = store.access
    first = token("t1", expires_at=T0 + timedelta(days=30), label="laptop")
    access.add_token(first)
    access.add_token(token("t2", "bob", created_at=T0 + timedelta(seconds=1)))
    assert access.token_by_digest("digest-t1") == first
    assert access.token_by_digest("no-such-digest") is None
    assert [t.id for t in access.tokens()] == ["t1", "t2"]
    assert [t.id for t in access.tokens("bob")] == ["t2"]
    revoked = access.revoke_token("t1", T0 + timedelta(hours=1))
    assert revoked is not None and revoked.revoked_at == T0 + timedelta(hours=1)
    again = access.revoke_token("t1", T0 + timedelta(hours=2))
    assert again is not None and again.revoked_at == T0 + timedelta(hours=1)
    assert access.revoke_token("nope", T0) is None
    assert not access.tokens("alice")[0].usable(T0 + timedelta(hours=1))


def test_grants_are_idempotent_and_ordered(store: GraphStore) -> None:
    access = store.access
    assert access.add_grant(Grant("bob", Role.PLANNER, "etela"))
    assert not access.add_grant(Grant("bob", Role.PLANNER, "etela"))
    assert access.add_grant(Grant("bob", Role.VIEWER, "national"))
    assert access.add_grant(Grant("alice", Role.ADMIN, "*"))
    assert access.grants() == [
        Grant("alice", Role.ADMIN, "*"),
        Grant("bob", Role.PLANNER, "etela"),
        Grant("bob", Role.VIEWER, "national"),
    ]
    assert access.remove_grant(Grant("bob", Role.PLANNER, "etela"))
    assert not access.remove_grant(Grant("bob", Role.PLANNER, "etela"))
    assert access.grants("bob") == [Grant("bob", Role.VIEWER, "national")]


def test_access_survives_reopening_and_stays_out_of_the_graph(
    store: GraphStore, reopen: Callable[[GraphStore], GraphStore]
) -> None:
    store.access.add_token(token("t1"))
    store.access.add_grant(Grant("alice", Role.APPROVER, "etela"))
    again = reopen(store)
    assert [t.id for t in again.access.tokens()] == ["t1"]
    assert again.access.grants() == [Grant("alice", Role.APPROVER, "etela")]
    assert (again.version(), again.nodes(), again.events()) == (0, [], [])


def test_a_refused_write_changes_nothing_on_every_adapter(store: GraphStore) -> None:
    service = StrategyService(store)
    service.import_document(small_document(), "loader")
    version = store.version()
    outsider = Principal.of("olli", [(Role.APPROVER, "r2")])
    with pytest.raises(NotFound, match="node 'proj' does not exist"):  # a draft it may not open
        service.update_node("proj", {"title": "Ei"}, None, outsider)
    viewer = Principal.of("ville", [(Role.VIEWER, "r1")])
    with pytest.raises(MissingRole, match="'ville' lacks the planner role in region 'r1'"):
        service.update_node("proj", {"title": "Ei"}, None, viewer)
    with pytest.raises(MissingRole, match="lacks the admin role in region 'r1'"):
        service.import_document(
            {**small_document(), "regions": [{"id": "r1", "name": "X"}]}, outsider
        )
    assert store.version() == version and store.get_node("proj").title == "PROJ"
    planner = Principal.of("pia", [(Role.PLANNER, "r1")])
    assert service.update_node("proj", {"title": "Uusi"}, None, planner).updated_by == "pia"
