"""A fuzz run over the whole schema: Hypothesis (``hypothesis-graphql``) writes operations,
valid and invalid, queries and mutations, sent by callers of every kind (anonymous,
viewer, planner, admin) to a real server. None may get an HTTP 500 or leave a traceback
in the log, and an operation answered with an error leaves the graph as it was."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from strategygraph.config import Settings
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.store import EmbeddedStore
from tests.clients import TLS
from tests.thorough import examples

from .conftest import Served, bearer, graph_document, loaded_store, serve

OPERATIONS = examples(500, 2_000)
"""Operations per run: 500 in ``make test``, 2,000 in ``make test-thorough``; Hypothesis
draws new ones each run (no example database), so the runs add up."""
BATCH = 50
"""Operations drawn per example: Hypothesis' own work per example is then shared by 50."""
SCHEMA = (Path(__file__).parents[2] / "schema.graphql").read_text(encoding="utf-8")
SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes(timezones=st.just(UTC)).map(lambda d: nodes.String(d.isoformat())),
    "JSON": st.one_of(
        st.text(max_size=20).map(nodes.String), st.integers().map(nodes.Int), st.just(nodes.Null)
    ),
}
ROLES = {
    "anonymous": None,
    "viewer": ((Role.VIEWER, "etela"),),
    "planner": ((Role.PLANNER, "etela"),),
    "admin": ((Role.ADMIN, ANY_REGION),),
}


@dataclass
class Fuzzed:
    served: Served
    tokens: dict[str, str | None]
    client: httpx.Client
    log: list[logging.LogRecord] = field(default_factory=list)
    sent: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


class Kept(logging.Handler):
    def __init__(self, into: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[Fuzzed]:
    store = loaded_store(graph_document())
    unlimited = Settings(budget=0, anonymous_read=True)
    try:
        with (
            serve(store, settings=unlimited) as served,
            httpx.Client(timeout=30, verify=TLS) as client,
        ):
            tokens = {
                name: served.token(f"fuzz-{name}", roles) if roles else None
                for name, roles in ROLES.items()
            }
            found = Fuzzed(served, tokens, client)
            handler = Kept(found.log)
            loggers = [logging.getLogger(n) for n in ("", "uvicorn.error", "strawberry")]
            for logger in loggers:
                logger.addHandler(handler)
            try:
                yield found
            finally:
                for logger in loggers:
                    logger.removeHandler(handler)
    finally:
        store.close()


def fingerprint(store: EmbeddedStore) -> tuple[Any, ...]:
    """The graph as far as any write could change it (small: the hand-made graph)."""
    return (
        store.version(),
        tuple(sorted((n.id, n.version, n.status.value, n.title) for n in store.nodes())),
        len(store.edges()),
        tuple(sorted(r.id for r in store.regions())),
    )


OPERATION = st.one_of(
    from_schema(SCHEMA, custom_scalars=SCALARS),
    from_schema(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE),
)


@settings(
    max_examples=OPERATIONS // BATCH,
    deadline=None,
    database=None,
    phases=[Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
@given(
    batch=st.lists(
        st.tuples(OPERATION, st.sampled_from(sorted(ROLES))), min_size=BATCH, max_size=BATCH
    )
)
def _operations(fuzzed: Fuzzed, batch: list[tuple[str, str]]) -> None:
    for query, who in batch:
        _one(fuzzed, query, who)


def _one(fuzzed: Fuzzed, query: str, who: str) -> None:
    store = fuzzed.served.store
    before = fingerprint(store)
    answer = fuzzed.client.post(
        fuzzed.served.url, json={"query": query}, headers=bearer(fuzzed.tokens[who])
    )
    fuzzed.sent += 1
    fuzzed.statuses[answer.status_code] = fuzzed.statuses.get(answer.status_code, 0) + 1
    assert answer.status_code < 500, (who, query, answer.text)
    body = answer.json()
    assert body.get("errors") or "data" in body, body
    if body.get("errors"):
        assert fingerprint(store) == before, (who, query, body)
    broken = [r for r in fuzzed.log if r.exc_info or "Traceback" in r.getMessage()]
    assert not broken, (who, query, [r.getMessage() for r in broken])


def test_fuzzed_operations_over_the_whole_schema_break_nothing(fuzzed: Fuzzed) -> None:
    started = datetime.now(UTC)
    _operations(fuzzed)
    took = (datetime.now(UTC) - started).total_seconds()
    assert fuzzed.sent >= OPERATIONS
    print(f"fuzz: {fuzzed.sent} operations in {took:.0f} s; HTTP statuses {fuzzed.statuses}")
