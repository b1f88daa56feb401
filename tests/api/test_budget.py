"""Each caller has a cost budget per time window: an operation that would go over it is
refused before it runs with ``RATE_LIMITED`` and ``retryAfter``; each principal, and each
anonymous client address, has a budget of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from strategygraph.config import Settings
from tests.clients import TLS

from .conftest import Served, bearer, graph_document, loaded_store, serve

CHEAP = "{ graphVersion }"
_asked = iter(range(10**6))


def past() -> str:
    """A ``graphAt`` of the whole past graph (cost 302), a different one each time: a kept
    answer (``answers.py``) costs next to nothing, and spends nothing."""
    at = f"2030-01-01T00:00:{next(_asked) % 60:02}Z"
    return f'{{ graphAt(time: "{at}") {{ relationships {{ relation }} }} }}'


@pytest.fixture
def budgeted() -> Iterator[Served]:
    store = loaded_store(graph_document())
    settings = Settings(budget=1_000, budget_window=3_600, anonymous_read=True)
    try:
        with serve(store, settings=settings) as served:
            yield served
    finally:
        store.close()


def ask(
    served: Served, query: str, token: str | None = None, source: str = "127.0.0.1"
) -> dict[str, Any]:
    transport = httpx.HTTPTransport(local_address=source, verify=TLS)
    with httpx.Client(transport=transport, timeout=30) as client:
        answer: dict[str, Any] = client.post(
            served.url, json={"query": query}, headers=bearer(token)
        ).json()
    return answer


def test_a_caller_over_the_budget_is_refused_before_the_operation_runs(
    budgeted: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = budgeted.token("planner")
    for _ in range(3):  # 906 of 1,000
        assert "errors" not in ask(budgeted, past(), token)
    ran: list[object] = []
    monkeypatch.setattr("strategygraph.api.history.graph_at", lambda *a: ran.append(a))
    answer = ask(budgeted, past(), token)
    [error] = answer["errors"]
    assert error["message"] == (
        "over the cost budget of 1,000 per 3600 s: this operation costs 302; try again in "
        f"{error['extensions']['retryAfter']} s"
    )
    extensions = error["extensions"]
    assert extensions["code"] == "RATE_LIMITED"
    assert 1 <= extensions["retryAfter"] <= 3_600
    assert (extensions["cost"], extensions["budget"], extensions["window"]) == (302, 1_000, 3_600)
    assert ran == [] and answer.get("data") is None
    # What is left of the budget still serves cheaper operations.
    assert ask(budgeted, CHEAP, token)["data"]["graphVersion"] > 0


def test_every_principal_has_a_budget_of_its_own(budgeted: Served) -> None:
    first, second = budgeted.token("first"), budgeted.token("second")
    for _ in range(3):
        ask(budgeted, past(), first)
    assert ask(budgeted, past(), first)["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "errors" not in ask(budgeted, past(), second)


def pages(n: int) -> str:  # nodes 5, and 10 pages of (nodes 5 + id 1 + totalCount 1): 75
    return f"{{ nodes(first: 100) {{ nodes {{ id }} n{n}: totalCount }} }}"


def test_anonymous_callers_are_budgeted_by_their_address(budgeted: Served) -> None:
    for n in range(13):  # 975 of 1,000
        assert "errors" not in ask(budgeted, pages(n))
    refused = ask(budgeted, pages(13))["errors"][0]
    assert refused["extensions"]["code"] == "RATE_LIMITED"
    assert "errors" not in ask(budgeted, pages(14), source="127.0.0.2")


def test_a_refused_operation_spends_nothing(budgeted: Served) -> None:
    token = budgeted.token("planner")
    too_big = "{ " + " ".join(f"a{i}: {past()[2:-2]}" for i in range(4)) + " }"  # 1,208
    for _ in range(5):
        assert ask(budgeted, too_big, token)["errors"][0]["extensions"]["code"] == "COST_LIMIT"
    for _ in range(3):
        assert "errors" not in ask(budgeted, past(), token)
