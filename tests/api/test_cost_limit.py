"""An operation's cost is estimated before it runs: one over the limit is refused with
``COST_LIMIT`` and nothing of it is executed, whoever asks."""

from __future__ import annotations

import pytest

from strategygraph.api import cost
from tests.clients import HTTP

from .conftest import Served, bearer

TEN_PASTS = (
    "{ "
    + " ".join(
        f'a{i}: graphAt(time: "2030-01-01T00:00:00Z") {{ version nodes {{ id }} }}'
        for i in range(10)
    )
    + " }"
)


def test_ten_aliased_graph_at_are_refused_before_they_run(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[object] = []
    monkeypatch.setattr("strategygraph.api.history.graph_at", lambda *a: ran.append(a))
    answer = HTTP.post(
        served.url, json={"query": TEN_PASTS}, headers=bearer(served.token("root")), timeout=30
    ).json()
    [error] = answer["errors"]
    assert error["extensions"] == {"code": "COST_LIMIT", "cost": 3_070, "limit": 1_000}
    assert error["message"].startswith("operation costs 3,070, over the limit of 1,000")
    assert ran == [] and answer.get("data") is None


def test_pages_count_what_they_hold_and_fragments_count_where_they_are_spread(
    shared: Served,
) -> None:
    admin = shared.api("root")
    fine = "{ nodes(first: 100) { totalCount nodes { id title } } gaps { items { message } } }"
    assert admin(fine)["nodes"]["totalCount"] > 0
    spread = (
        'query { ...F a: graphAt(time: "2030-01-01T00:00:00Z") { version } '
        'b: graphAt(time: "2030-01-01T00:00:00Z") { version } } '
        'fragment F on Query { c: graphAt(time: "2030-01-01T00:00:00Z") { version } '
        'd: graphAt(time: "2030-01-01T00:00:00Z") { version } }'
    )
    assert admin.error(spread)["extensions"]["code"] == "COST_LIMIT"


def test_the_estimate_follows_the_weights_and_pages() -> None:
    from graphql import parse

    def of(query: str) -> int:
        document = parse(query)
        operation = document.definitions[0]
        return cost.operation_cost(operation.selection_set, {})  # type: ignore[attr-defined]

    assert of('{ node(id: "x") { id title } }') == 3
    assert of("{ nodes(first: 20) { nodes { id } } }") == 5 + (5 + 1) * 2
    assert of("query ($n: Int) { nodes(first: $n) { nodes { id } } }") == 5 + (5 + 1) * 10
    assert of('{ graphAt(time: "2020-01-01") { version } }') == 301
