"""Every reading query of the API tests, asked over real HTTP of a served app the normal
way (Strawberry) and by its compiled plan (``api/compiled_path.py``), by readers with
different rights: the same status and the same JSON body, byte for byte (data, errors,
extensions; ``exportGraph``'s moment of export aside).

The queries are those ``test_executor_differential`` collects from the API test modules.
The compiled path learns a document from its first clean answer, so each case is asked
the normal way, then once more to teach the plan, then by the plan; the app counts the
requests its plans answered, so a case that was not compiled cannot pass as one that was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from strategygraph.api.compiled_path import CompiledPath
from strategygraph.config import Settings
from strategygraph.domain.access import Role
from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.store import EmbeddedStore

from .conftest import ADMIN_EVERYWHERE, LOADER, Served, bearer, graph_document, serve
from .test_executor_differential import CASES, STAMP

READERS: dict[str, tuple[tuple[Role, str], ...] | None] = {
    "admin": ADMIN_EVERYWHERE,
    "ville": ((Role.VIEWER, "etela"),),  # much hidden: nulls and errors
    "anonymous": None,  # approved content only
}


class Asked:
    """The served app, a client and a token per reader; which cases its plans answered."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.http = httpx.Client(base_url=served.base, timeout=30)
        self.tokens = {
            name: served.token(name, roles) if roles is not None else None
            for name, roles in READERS.items()
        }
        self.compiled: set[str] = set()
        self.clean: set[str] = set()

    @property
    def path(self) -> CompiledPath:
        compiled: CompiledPath = self.served.app.state.compiled
        return compiled

    def ask(
        self, reader: str, query: str, operation: str | None, variables: Any
    ) -> tuple[int, bytes]:
        body = {"query": query, "operationName": operation, "variables": variables or None}
        response = self.http.post("/graphql", json=body, headers=bearer(self.tokens[reader]))
        return response.status_code, STAMP.sub(rb"\1", response.content)


@pytest.fixture(scope="module")
def asked() -> Iterator[Asked]:
    store = EmbeddedStore(":memory:")
    service = StrategyService(store)
    load_demo(service)
    service.import_document(graph_document(), LOADER)
    # No kept answers (each request executes); a budget spent, never refused.
    settings = Settings(mode="development", answer_cache_mb=0, budget=10**9, anonymous_read=True)
    try:
        with serve(store, settings=settings) as served:
            asked = Asked(served)
            try:
                yield asked
            finally:
                asked.http.close()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("query", "operation", "variables"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_compiled_path_answers_as_the_normal_one(
    asked: Asked, request: pytest.FixtureRequest, query: str, operation: str | None, variables: Any
) -> None:
    _compare(asked, request.node.callspec.id, query, operation, variables)


def _compare(asked: Asked, case: str, query: str, operation: str | None, variables: Any) -> None:
    """Each reader's answer to the case, the normal way and by its plan: the same."""
    path = asked.path
    for reader in READERS:  # the admin first: a clean answer teaches the plan
        path.enabled = False
        normal = asked.ask(reader, query, operation, variables)
        path.enabled = True
        asked.ask(reader, query, operation, variables)  # learns the document, if clean
        served = path.served
        compiled = asked.ask(reader, query, operation, variables)
        assert compiled == normal, reader
        if path.served > served:
            asked.compiled.add(case)
        if normal[0] == 200 and b'"errors"' not in normal[1]:
            asked.clean.add(case)


def test_most_clean_queries_were_compiled(asked: Asked) -> None:
    """Runs after the cases above (pytest keeps the module's order): the plans answered
    most of the queries that have a clean answer, the ones of the benchmark among them."""
    if len(asked.clean) < 50:  # the cases ran with another module fixture: ask them here
        for case, query, operation, variables in CASES:
            _compare(asked, case, query, operation, variables)
    missed = sorted(asked.clean - asked.compiled)
    assert len(asked.compiled) >= 0.8 * len(asked.clean), missed
    print(f"compiled {len(asked.compiled)} of {len(asked.clean)} clean cases; not: {missed}")


def test_a_known_document_is_answered_by_its_plan_or_handed_on(asked: Asked) -> None:
    """The admin and the viewer of the region see ``proj-a``: the plan answers them;
    anonymous readers see approved nodes only: the plan's resolver refuses, and the normal
    path answers with its error."""
    query = "query T($id: ID!) { traceUp(id: $id) { paths { nodes { id title } relations } } }"
    path = asked.path
    path.enabled = False
    normal = {r: asked.ask(r, query, None, {"id": "proj-a"}) for r in READERS}
    path.enabled = True
    asked.ask("admin", query, None, {"id": "proj-a"})
    served, fell_back = path.served, path.fell_back
    assert {r: asked.ask(r, query, None, {"id": "proj-a"}) for r in READERS} == normal
    assert (path.served, path.fell_back) == (served + 2, fell_back + 1)
    answer = orjson.loads(normal["admin"][1])
    assert answer["data"]["traceUp"]["paths"][0]["nodes"][0]["id"] == "proj-a"
    assert orjson.loads(normal["anonymous"][1])["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "query",
    [
        'query ($on: Boolean!) { node(id: "proj-a") { id title @include(if: $on) } }',
        '{ node(id: "proj-a") { id } __schema { queryType { name } } }',
        'query { node(id: "proj-a") { ...Named @skip(if: false) } } fragment Named on Node { id }',
    ],
    ids=["include", "introspection", "skip"],
)
def test_documents_with_directives_or_introspection_are_left_to_the_normal_path(
    asked: Asked, query: str
) -> None:
    path = asked.path
    served = path.served
    answers = [asked.ask("admin", query, None, {"on": True}) for _ in range(3)]
    assert answers[0][0] == 200 and b'"errors"' not in answers[0][1]
    assert answers == [answers[0]] * 3
    assert path.plans[(query, None)] is None  # looked at once, never compiled
    assert path.served == served


@pytest.mark.parametrize(
    "query",
    [
        '{ graphAt(time: "2030-01-01T00:00:00Z") { traceUp(id: "proj-a") { totalCount } } }',
        '{ graphAt(time: "2030-01-01T00:00:00Z") { gaps { type } } }',
    ],
    ids=["graphAt-traceUp", "graphAt-gaps"],
)
def test_a_document_with_asynchronous_fields_below_the_root_goes_the_normal_way(
    asked: Asked, query: str
) -> None:
    """Not compiled: the plan would run ``graphAt`` and then hand the request to the
    normal path, which runs it again, on every request."""
    path = asked.path
    served, fell_back = path.served, path.fell_back
    answers = [asked.ask("admin", query, None, None) for _ in range(3)]
    assert answers[0][0] == 200 and b'"errors"' not in answers[0][1]
    assert answers == [answers[0]] * 3
    assert path.plans[(query, None)] is None
    assert (path.served, path.fell_back) == (served, fell_back)


def test_a_mutation_is_never_compiled(asked: Asked) -> None:
    query = 'mutation { putRegion(input: {id: "etela", name: "Etelä-Kymi"}) { created } }'
    path = asked.path
    served = path.served
    for _ in range(2):
        answer = asked.ask("admin", query, None, None)
        assert answer == (200, b'{"data":{"putRegion":{"created":false}}}')
    assert path.plans[(query, None)] is None and path.served == served
