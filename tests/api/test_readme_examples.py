"""Every GraphQL example of the README runs as printed on the demo (loaded as
``strategygraph demo`` loads it), in the README's order: no errors, and every root field
answers (the history examples too: the demo's events carry the seeds' dates)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import DocumentNode, OperationDefinitionNode, parse, print_ast

from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.store import EmbeddedStore
from tests.clients import HTTP

from .conftest import Served, bearer, serve

README = Path(__file__).parents[2] / "README.md"


def examples() -> list[OperationDefinitionNode]:
    """Each operation of each ```graphql block, in the README's order."""
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    found: list[OperationDefinitionNode] = []
    for block in blocks:
        document: DocumentNode = parse(block)
        found += [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return found


@pytest.fixture(scope="module")
def on_demo() -> Iterator[Served]:
    store = EmbeddedStore(":memory:")
    load_demo(StrategyService(store))
    try:
        with serve(store) as served:
            yield served
    finally:
        store.close()


def run(served: Served, token: str, query: str, **variables: Any) -> dict[str, Any]:
    answer: dict[str, Any] = HTTP.post(
        served.url,
        json={"query": query, "variables": variables},
        headers=bearer(token),
        timeout=60,
    ).json()
    return answer


def test_the_readme_has_examples_of_every_kind() -> None:
    kinds = {e.operation.value for e in examples()}
    assert kinds == {"query", "mutation"} and len(examples()) >= 10


def test_every_readme_example_runs_as_printed_on_the_demo(on_demo: Served) -> None:
    token = on_demo.token("readme-reader")
    archimate = run(
        on_demo, token, '{ exportGraph(format: ARCHIMATE, region: "uusimaa") { content } }'
    )["data"]["exportGraph"]["content"]
    values = {"xml": archimate}
    for operation in examples():
        query = print_ast(operation)
        wanted = {v.variable.name.value for v in operation.variable_definitions or ()}
        answer = run(on_demo, token, query, **{k: values[k] for k in wanted})
        assert "errors" not in answer, (query, answer["errors"])
        data = answer["data"]
        assert None not in data.values(), (query, data)


def test_the_history_example_sees_the_demo_as_it_was_on_1_march_2018(on_demo: Served) -> None:
    token = on_demo.token("historian")
    query = """{ graphAt(time: "2018-03-01T12:00:00Z") {
        node(id: "kym-proj-digital-roadmap") { title status }
        traceUp(id: "kym-proj-digital-roadmap") { totalCount paths { nodes { id } } } }
      before: graphAt(time: "2018-02-28T12:00:00Z") { version nodes { id } } }"""
    data = run(on_demo, token, query)["data"]
    assert data["graphAt"]["node"]["status"] == "PROPOSED"
    assert data["graphAt"]["traceUp"]["totalCount"] == len(data["graphAt"]["traceUp"]["paths"]) > 0
    assert data["before"] == {"version": 0, "nodes": []}  # nothing was decided yet
    uusimaa = (
        '{ graphAt(time: "2018-04-05T12:00:00Z") { node(id: "uus-proj-region-brand") { id } } }'
    )
    assert run(on_demo, token, uusimaa)["data"]["graphAt"]["node"] is None  # 6 April 2018
