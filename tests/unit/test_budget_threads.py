"""Spending from a budget starts no thread: ``limits``' synchronous memory storage started
a timer thread whenever its last one (10 ms) had ended, most operations under load."""

from __future__ import annotations

import asyncio
import threading

import pytest

from strategygraph.api.budget import Budget


def test_spending_a_budget_starts_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[threading.Thread] = []
    start = threading.Thread.start

    def counted(thread: threading.Thread) -> None:
        started.append(thread)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", counted)

    async def operations() -> list[int | None]:
        budget = Budget(100, 60)
        spent = []
        for _ in range(12):
            spent.append(await budget.spend("token:alice", 10))
            await asyncio.sleep(0.02)  # longer than the old timer's life
        return spent

    spent = asyncio.run(operations())
    assert spent[:10] == [None] * 10  # 100 of 100 spent
    assert all(isinstance(s, int) and 1 <= s <= 60 for s in spent[10:])  # then refused
    assert started == []


def test_each_operation_of_a_kept_document_costs_its_own() -> None:
    from graphql import parse

    from strategygraph.api.budget import _cost

    document = parse('query A { traceUp(id: "x") { totalCount } } query B { graphVersion }')
    for _ in range(2):  # worked out, then kept
        assert (_cost(document, "A"), _cost(document, "B")) == (6, 1)
        assert _cost(document, None) is None  # two operations: none is meant
    assert _cost(parse("{ graphVersion }"), None) == 1
