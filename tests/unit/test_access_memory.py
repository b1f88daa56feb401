"""``AccessService`` remembers verified API tokens only while nothing about tokens or
grants has changed, in this process or through another connection to the same file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from strategygraph.domain.access import InvalidToken, Role
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore

NOW = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[AccessService, AccessService]]:
    """Two connections to one store file: the server's, and another process's (the CLI)."""
    path = str(tmp_path / "g.db")
    a, b = EmbeddedStore(path), EmbeddedStore(path)
    yield AccessService(a.access), AccessService(b.access)
    a.close()
    b.close()


def test_a_verified_token_is_remembered_until_it_expires() -> None:
    access = AccessService(EmbeddedStore().access)
    access.grant("alice", Role.PLANNER, "etela")
    _, secret = access.create_token("alice", NOW + timedelta(hours=1), now=NOW)
    assert access.remembered_principal(secret, NOW) is None  # never verified yet
    principal = access.principal_for_token(secret, NOW)
    assert access.remembered_principal(secret, NOW + timedelta(minutes=59)) == principal
    assert access.remembered_principal(secret, NOW + timedelta(hours=1)) is None
    with pytest.raises(InvalidToken, match="has expired"):
        access.principal_for_token(secret, NOW + timedelta(hours=1))


def test_a_change_here_forgets_what_was_remembered() -> None:
    access = AccessService(EmbeddedStore().access)
    _, secret = access.create_token("alice", now=NOW)
    access.principal_for_token(secret, NOW)
    access.grant("alice", Role.VIEWER, "etela")
    assert access.remembered_principal(secret, NOW) is None
    assert access.principal_for_token(secret, NOW).has(Role.VIEWER, "etela")


def test_a_change_through_another_connection_forgets_what_was_remembered(
    two: tuple[AccessService, AccessService],
) -> None:
    server, cli = two
    made, secret = server.create_token("alice", now=NOW)
    server.principal_for_token(secret, NOW)
    assert server.remembered_principal(secret, NOW) is not None
    cli.revoke_token(made.id, NOW)
    assert server.remembered_principal(secret, NOW) is None
    with pytest.raises(InvalidToken, match="was revoked"):
        server.principal_for_token(secret, NOW)


def test_nothing_is_remembered_while_the_store_is_busy() -> None:
    store = EmbeddedStore()
    access = AccessService(store.access)
    _, secret = access.create_token("alice", now=NOW)
    access.principal_for_token(secret, NOW)
    with lock_held_elsewhere(store):
        assert access.remembered_principal(secret, NOW) is None  # answered, did not wait
    assert access.remembered_principal(secret, NOW) is not None


@contextmanager
def lock_held_elsewhere(store: EmbeddedStore) -> Iterator[None]:
    """The store's write lock, held by another thread (a commit) for the block."""
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with store._lock:
            held.set()
            done.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        yield
    finally:
        done.set()
        thread.join(10)
