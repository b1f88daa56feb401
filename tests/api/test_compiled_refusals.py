"""The compiled path (``api/compiled_path.py``) refuses what the normal path refuses,
before any work, with the same answer: a bad token, a caller over the cost budget, an
operation over the cost limit; a request the plan hands to the normal path spends its
cost once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from strategygraph.api.compiled_path import CompiledPath
from strategygraph.config import Settings
from strategygraph.domain.access import Role

from .conftest import Served, bearer, graph_document, loaded_store, serve
from .test_cost_limit import TEN_PASTS

TRACE = "query T($id: ID!) { traceUp(id: $id) { paths { nodes { id title } relations } } }"
TRACE_COST = 14
"""``traceUp`` 5, ``paths`` 1, ``nodes`` 1, ``id`` and ``title`` 1 each, ``relations`` 1…
as ``cost.py`` counts (``test_the_cost_of_the_trace_is_what_the_budget_counts``)."""
BUDGET = 5 * TRACE_COST


@pytest.fixture
def budgeted() -> Iterator[Served]:
    store = loaded_store(graph_document())
    settings = Settings(budget=BUDGET, budget_window=3_600, answer_cache_mb=0)
    try:
        with serve(store, settings=settings) as served:
            yield served
    finally:
        store.close()


def compiled(served: Served) -> CompiledPath:
    path: CompiledPath = served.app.state.compiled
    return path


def post(served: Served, token: str | None, query: str, **variables: Any) -> httpx.Response:
    with httpx.Client(timeout=30) as client:
        return client.post(
            served.url, json={"query": query, "variables": variables or None}, headers=bearer(token)
        )


@pytest.fixture
def traces(budgeted: Served, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The nodes the store was asked to trace up, in order (the work a refusal spares)."""
    asked: list[str] = []
    trace: Callable[..., Any] = budgeted.store.trace_up_page

    def counted(node_id: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(node_id)
        return trace(node_id, *args, **kwargs)

    monkeypatch.setattr(budgeted.store, "trace_up_page", counted)
    return asked


def timeless(answer: dict[str, Any]) -> dict[str, Any]:
    """A refusal without its ``retryAfter`` (in the message too): a second may pass
    between two requests."""
    error = answer["errors"][0]
    retry = error["extensions"].pop("retryAfter")
    assert 0 < retry <= 3_600
    error["message"] = error["message"].replace(f"try again in {retry} s", "try again in … s")
    return answer


def test_the_cost_of_the_trace_is_what_the_budget_counts() -> None:
    from graphql import OperationDefinitionNode, parse

    from strategygraph.api.cost import operation_cost

    operation = parse(TRACE).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    assert operation_cost(operation.selection_set, {}) == TRACE_COST


def test_a_caller_over_the_budget_is_refused_by_the_plan_as_by_the_normal_path(
    budgeted: Served, traces: list[str]
) -> None:
    planner, other = budgeted.token("planner"), budgeted.token("other")
    path = compiled(budgeted)
    for _ in range(5):  # the first teaches the plan, the next four are its answers
        assert "errors" not in post(budgeted, planner, TRACE, id="proj-a").json()
    assert path.served == 4
    assert traces == ["proj-a"] * 5

    by_plan = post(budgeted, planner, TRACE, id="proj-a")
    path.enabled = False
    normal = post(budgeted, planner, TRACE, id="proj-a")
    path.enabled = True

    assert traces == ["proj-a"] * 5  # refused before any work, both ways
    assert by_plan.status_code == normal.status_code == 200
    error = by_plan.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["message"].startswith(
        f"over the cost budget of {BUDGET:,} per 3600 s: this operation costs {TRACE_COST}; "
    )
    assert timeless(by_plan.json()) == timeless(normal.json())
    assert by_plan.json()["data"] is None
    # Another caller's budget is whole: the plan answers it.
    assert "errors" not in post(budgeted, other, TRACE, id="proj-a").json()
    assert path.served == 5


def test_a_request_the_plan_hands_on_spends_its_cost_once(budgeted: Served) -> None:
    """A viewer of another region cannot see ``proj-lonely``: the plan's resolver raises,
    the normal path answers with the error; five such requests fit in the budget."""
    admin = budgeted.token("admin")
    viewer = budgeted.token("ville", [(Role.VIEWER, "etela")])
    path = compiled(budgeted)
    assert "errors" not in post(budgeted, admin, TRACE, id="proj-lonely").json()  # learnt
    answers = [post(budgeted, viewer, TRACE, id="proj-lonely").json() for _ in range(6)]
    assert path.fell_back == 5  # the sixth was refused before the plan ran
    codes = [a["errors"][0]["extensions"]["code"] for a in answers]
    assert codes == ["NOT_FOUND"] * 5 + ["RATE_LIMITED"]


def test_a_bad_token_is_refused_before_the_plan_as_before_the_normal_path(
    budgeted: Served, traces: list[str]
) -> None:
    token = budgeted.token("planner")
    path = compiled(budgeted)
    post(budgeted, token, TRACE, id="proj-a")
    post(budgeted, token, TRACE, id="proj-a")
    assert path.served == 1
    del traces[:]
    by_plan = post(budgeted, "sg_not-a-real-token", TRACE, id="proj-a")
    path.enabled = False
    normal = post(budgeted, "sg_not-a-real-token", TRACE, id="proj-a")
    assert (by_plan.status_code, by_plan.json()) == (normal.status_code, normal.json())
    assert by_plan.status_code == 401
    assert by_plan.json()["errors"][0]["message"] == "invalid token: no such API token"
    assert traces == [] and path.served == 1


def test_an_operation_over_the_cost_limit_is_never_compiled_and_refused_alike(
    budgeted: Served,
) -> None:
    token = budgeted.token("planner")
    path = compiled(budgeted)
    answers = [post(budgeted, token, TEN_PASTS).json() for _ in range(3)]
    path.enabled = False
    normal = post(budgeted, token, TEN_PASTS).json()
    assert answers == [normal] * 3
    assert normal["errors"][0]["extensions"]["code"] == "COST_LIMIT"
    assert path.served == 0 and (TEN_PASTS, None) not in path.plans
