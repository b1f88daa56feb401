"""The fast executor's plans are made once per document and kept across operations; an
operation whose selection depends on its variables still plans afresh and answers right."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import ParserCache

from strategygraph.api.executor import FastExecutor

from .test_fast_executor import Box, Query


class Counting(FastExecutor):
    """The fast executor, counting how often it collects the fields of a selection."""

    collected = 0

    def collect_subfields(self, *args: Any, **kwargs: Any) -> Any:
        Counting.collected += 1
        return super().collect_subfields(*args, **kwargs)


def served(executor: Any) -> strawberry.Schema:
    # the parse cache hands out the same document each time, as the served schema's does
    return strawberry.Schema(
        query=Query, types=[Box], execution_context_class=executor, extensions=[ParserCache]
    )


def run(schema: strawberry.Schema, query: str, **variables: Any) -> dict[str, Any]:
    result = schema.execute_sync(query, variable_values=variables or None)
    return {"data": result.data, "errors": [(e.message, e.path) for e in result.errors or []]}


def test_a_document_is_planned_once_and_its_plans_serve_the_next_operations() -> None:
    schema = served(Counting)
    query = "{ cleanShelves { name things { id ... on Box { size } } top { name } } }"
    first = run(schema, query)
    assert Counting.collected > 0
    Counting.collected = 0
    assert run(schema, query) == first
    assert run(schema, query) == first
    assert Counting.collected == 0
    assert first == run(served(None), query)  # as Strawberry's own executor answers


def test_a_selection_that_depends_on_the_variables_is_planned_for_each_operation() -> None:
    schema, plain = served(Counting), served(None)
    query = (
        "query Q($more: Boolean!) { cleanShelves { name things { id "
        "... on Box { size @include(if: $more) colour @skip(if: $more) } } } }"
    )
    for more in (True, False, True):
        Counting.collected = 0
        assert run(schema, query, more=more) == run(plain, query, more=more)
        assert Counting.collected > 0
