"""One error tree in ``domain/errors.py``: every error the product raises on purpose, with
its code and the HTTP status the plain routes (feeds, maps) answer it with."""

from __future__ import annotations

import pytest

from strategygraph.domain import access, errors
from strategygraph.domain.access import Missing, Role
from strategygraph.domain.errors import (
    Forbidden,
    InvalidToken,
    MapTooLarge,
    MissingRole,
    NotFound,
    RenderFailed,
    StoreBusy,
    StoreUnavailable,
    StrategyGraphError,
    ValidationError,
    VersionConflict,
)

MISSING = [Missing(Role.PLANNER, "r1", "edit")]


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("node", "x"), 404),
        (ValidationError.one("rule", "bad", "field"), 400),
        (MapTooLarge("too many", "max-nodes", 10, 5), 422),
        (Forbidden("no"), 403),
        (MissingRole("ann", MISSING), 403),
        (StoreUnavailable("down"), 503),
        (StoreBusy("busy"), 503),
        (RenderFailed("dot crashed", "failed"), 500),
        (RenderFailed("no dot", "missing"), 503),
        (RenderFailed("queue full", "busy"), 503),
        (VersionConflict("node", "x", 1, 2), 500),
        (InvalidToken("expired"), 500),
        (StrategyGraphError("oops"), 500),
    ],
)
def test_each_error_names_its_http_status(error: StrategyGraphError, status: int) -> None:
    assert error.http_status == status


def test_the_access_errors_live_in_the_one_tree() -> None:
    assert access.MissingRole is errors.MissingRole
    assert access.InvalidToken is errors.InvalidToken
    assert errors.MissingRole.__module__ == errors.InvalidToken.__module__ == errors.__name__
    assert "MissingRole" in (errors.__doc__ or "")
    assert "InvalidToken" in (errors.__doc__ or "")
