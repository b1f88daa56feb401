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
        'query { ...F a: graphAt(time: "2030-01-01T00:00:00Z") { version ...G } '
        'b: graphAt(time: "2030-01-01T00:00:00Z") { version ...G } } '
        'fragment F on Query { c: graphAt(time: "2030-01-01T00:00:00Z") { version ...G } '
        'd: graphAt(time: "2030-01-01T00:00:00Z") { version ...G } } '
        "fragment G on GraphAt { relationships { relation } }"
    )
    assert admin.error(spread)["extensions"]["code"] == "COST_LIMIT"


def test_a_board_s_ten_dates_of_one_node_are_one_request(shared: Served) -> None:
    """A ``graphAt`` of versions and a node's own fields reads the log's index, not the
    past graph: ten dates cost 10 x 24, well under the limit (ten of the whole past
    graph are refused above)."""
    node = shared.api("root")("{ nodes(first: 1) { nodes { id } } }")["nodes"]["nodes"][0]["id"]
    dates = " ".join(
        f'd{i}: graphAt(time: "20{20 + i}-01-01T00:00:00Z") '
        f'{{ version node(id: "{node}") {{ title status }} }}'
        for i in range(10)
    )
    answer = shared.api("root")("{ " + dates + " }")
    versions = [answer[f"d{i}"]["version"] for i in range(10)]
    assert versions == sorted(versions) and versions[-1] > 0
    assert answer["d9"]["node"]["title"]  # 2029: the node is there


def test_the_estimate_follows_the_weights_and_pages() -> None:
    from graphql import parse

    def of(query: str) -> int:
        document = parse(query)
        operation = document.definitions[0]
        return cost.operation_cost(operation.selection_set, {})  # type: ignore[attr-defined]

    assert of('{ node(id: "x") { id title } }') == 3
    assert of("{ nodes(first: 20) { nodes { id } } }") == 5 + (5 + 1) * 2
    assert of("query ($n: Int) { nodes(first: $n) { nodes { id } } }") == 5 + (5 + 1) * 10
    assert of('{ graphAt(time: "2020-01-01") { version } }') == 20 + 1
    own = 'node(id: "x") { id title attributes { key value } ... on StrategicProject { health } }'
    assert of(f'{{ graphAt(time: "2020-01-01") {{ version {own} }} }}') == 20 + 1 + 7
    assert of('{ graphAt(time: "2020-01-01") { node(id: "x") { region { id } } } }') == 303
    assert of('{ graphAt(time: "2020-01-01") { nodes { nodes { id } } } }') == 311
    assert of('{ graphAt(time: "2020-01-01") { traceUp(id: "x") { totalCount } } }') == 306


def test_a_fragment_that_spreads_itself_is_told_as_such_not_aborted(shared: Served) -> None:
    cyclic = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
    error = shared.api("root").error(cyclic)
    assert error["message"] == "Cannot spread fragment 'A' within itself via 'B'."


def test_a_node_s_own_fields_read_no_graph() -> None:
    """``RECORD_FIELDS`` (a cheap ``graphAt``'s node fields) are fields of the schema's
    node types or attributes, and none has a resolver that reads the graph."""
    from strategygraph.api.past_selection import node_reads
    from strategygraph.api.schema import build_schema

    graphql = build_schema()._schema
    types = [graphql.get_type(name) for name in ("Node", "StrategicProject", "Attribute")]
    names = {"__typename"}.union(*(t.fields for t in types))  # type: ignore[union-attr]
    assert cost.RECORD_FIELDS.issubset(names)
    assert not cost.RECORD_FIELDS & node_reads(graphql)
