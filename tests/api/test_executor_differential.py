"""Every reading query of the API tests, run through the served schema with the fast
executor (``api/executor.py``) and with Strawberry's own: the same answers, the same
errors. One case per query document (with the literal variables of its calls).

The documents are read from the test modules themselves: every string that parses as a
GraphQL document of queries only and validates against the schema, with the keyword
arguments of a call that passes it (``api(QUERY, id="p")``) as its variables when they
are literals. Queries built in code are not seen that way: every one an API test builds
(with an f-string or a join) is built here with the test's own helper (``built_queries``).
The store holds the demo and the API tests' hand-made graph, so that their ids resolve;
each query is asked by an admin everywhere and by a viewer of one region, who is refused
much.
"""

from __future__ import annotations

import ast
import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import graphql
import orjson
import pytest

from strategygraph.api.context import Context
from strategygraph.api.feed import ChangeFeed
from strategygraph.api.schema import StrategySchema, build_schema
from strategygraph.config import Settings
from strategygraph.domain.access import Principal, Role
from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.store import EmbeddedStore

from .conftest import ADMIN_EVERYWHERE, LOADER, graph_document

HERE = Path(__file__).parent
SCHEMA = build_schema()
GRAPHQL_SCHEMA = SCHEMA._schema
STAMP = re.compile(rb'(\\?"exported_at\\?"\s*:\s*\\?")[^"\\]*')
"""``exportGraph`` stamps the moment of the export: the two runs differ only there."""


def _query_document(text: str) -> graphql.DocumentNode | None:
    if not text.lstrip().startswith(("{", "query")):
        return None
    try:
        document = graphql.parse(text)
    except graphql.GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, graphql.OperationDefinitionNode)]
    if not operations or any(o.operation is not graphql.OperationType.QUERY for o in operations):
        return None
    if graphql.validate(GRAPHQL_SCHEMA, document):
        return None
    return document


def _literal(node: ast.expr) -> tuple[bool, Any]:
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


def reading_queries() -> Iterator[tuple[str, str, str | None, dict[str, Any]]]:
    """(case id, document, operation name, variables) for each reading query."""
    seen: set[tuple[str, str | None, bytes]] = set()
    ids: dict[str, int] = {}
    for path in sorted(HERE.glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        names: dict[str, str] = {}
        for statement in tree.body:  # module constants: QUERY = "..."
            if (
                isinstance(statement, ast.Assign)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        names[target.id] = statement.value.value
        uses: list[tuple[int, str, dict[str, Any]]] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                uses.append((node.lineno, node.value, {}))
            if isinstance(node, ast.Call) and node.args:
                first = node.args[0]
                text = (
                    first.value
                    if isinstance(first, ast.Constant) and isinstance(first.value, str)
                    else names.get(first.id)
                    if isinstance(first, ast.Name)
                    else None
                )
                values = [(k.arg, _literal(k.value)) for k in node.keywords if k.arg]
                if text is not None and values and all(ok for _, (ok, _) in values):
                    uses.append((node.lineno, text, {k: v for k, (_, v) in values}))
        for line, text, variables in sorted(uses, key=lambda use: use[0]):
            document = _query_document(text)
            if document is None:
                continue
            operations = [
                d.name.value if d.name else None
                for d in document.definitions
                if isinstance(d, graphql.OperationDefinitionNode)
            ]
            for operation in operations if len(operations) > 1 else [None]:
                key = (text, operation, orjson.dumps(variables, option=orjson.OPT_SORT_KEYS))
                if key in seen:
                    continue
                seen.add(key)
                case = f"{path.stem}:{line}" + (f":{operation}" if operation else "")
                ids[case] = ids.get(case, 0) + 1
                yield case + ("" if ids[case] == 1 else f"-{ids[case]}"), text, operation, variables


def built_queries() -> Iterator[tuple[str, str, str | None, dict[str, Any]]]:
    """The queries the API tests build in code, built with their own helpers."""
    from .test_budget import pages, past
    from .test_cost_limit import TEN_PASTS
    from .test_hardening import MAX_ALIASES, MAX_DEPTH, aliased, nested
    from .test_off_the_loop import ten_pasts
    from .test_pages import LISTS, query

    for name in LISTS:
        for first in (2, 100):
            yield f"test_pages:{name}:{first}", query(name), None, {"first": first}
    yield "test_hardening:nested", nested(MAX_DEPTH), None, {}
    yield "test_hardening:too-deep", nested(MAX_DEPTH + 2), None, {}
    yield "test_hardening:aliased", aliased(MAX_ALIASES), None, {}
    yield "test_hardening:too-many-aliases", aliased(MAX_ALIASES + 1), None, {}
    yield "test_budget:past", past(), None, {}
    yield "test_budget:pages", pages(13), None, {}
    yield "test_cost_limit:TEN_PASTS", TEN_PASTS, None, {}
    yield "test_off_the_loop:ten_pasts", ten_pasts(), None, {}


CASES = [*reading_queries(), *built_queries()]


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[StrategyService, asyncio.AbstractEventLoop]]:
    """The loaded service, and the one event loop its locks are bound to."""
    store = EmbeddedStore(":memory:")
    service = StrategyService(store)
    load_demo(service)
    service.import_document(graph_document(), LOADER)
    loop = asyncio.new_event_loop()
    try:
        yield service, loop
    finally:
        loop.close()
        store.close()


def run(
    schema: StrategySchema,
    served: tuple[StrategyService, asyncio.AbstractEventLoop],
    query: str,
    operation: str | None,
    variables: dict[str, Any],
    actor: Principal,
) -> bytes:
    service, loop = served
    context = Context(
        service=service,
        settings=Settings(mode="development"),
        feed=ChangeFeed(service),
        actor=actor,
    )
    result = loop.run_until_complete(
        schema.execute(
            query,
            variable_values=variables or None,
            context_value=context,
            operation_name=operation,
        )
    )
    errors = [(e.message, e.path, e.extensions) for e in result.errors or []]
    answer = orjson.dumps({"data": result.data, "errors": errors}, default=str)
    return STAMP.sub(rb"\1", answer)


SLOW = build_schema(fast=False)
READERS = (
    Principal.of("admin", ADMIN_EVERYWHERE),
    Principal.of("ville", [(Role.VIEWER, "etela")]),  # much hidden: nulls and errors
)


def test_the_api_tests_have_reading_queries() -> None:
    assert len(CASES) >= 100, len(CASES)


@pytest.mark.parametrize(
    ("query", "operation", "variables"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_fast_executor_answers_as_strawberry(
    served: tuple[StrategyService, asyncio.AbstractEventLoop],
    query: str,
    operation: str | None,
    variables: dict[str, Any],
) -> None:
    for actor in READERS:
        fast = run(SCHEMA, served, query, operation, variables, actor)
        assert fast == run(SLOW, served, query, operation, variables, actor), actor.name
