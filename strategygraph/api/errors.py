"""Errors as clients see them: a stable ``extensions.code``, never a traceback.

- ``StrategyGraphError`` → its message, ``code`` and its own ``extensions()``
  (``VALIDATION`` names the rule and the field, as the API spells it: ``dueDate``;
  ``VERSION_CONFLICT`` the current version and who changed it last).
- A query that does not parse → ``GRAPHQL_PARSE_FAILED``; one that breaks a rule of the
  schema or a limit → ``GRAPHQL_VALIDATION_FAILED``.
- Anything else is a bug: the client gets "Unexpected error." with code ``INTERNAL``;
  the server log gets the traceback (``Schema.process_errors``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.exceptions import MissingQueryError
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.execution import ExecutionResult

from ..domain import StrategyGraphError
from .names import api_name

__all__ = [
    "MASKED_MESSAGE",
    "ProductErrors",
    "ProductionErrors",
    "camel_fields",
    "expected",
    "present",
]

MASKED_MESSAGE = "Unexpected error."
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?$")
"""graphql-core's "Did you mean 'node'?" ending: names of the schema, which production
does not tell (introspection is off there too)."""


def camel_fields(extensions: dict[str, object]) -> dict[str, object]:
    """``extensions`` with the field names a client reads (``field``, each problem's
    ``field``) as the API spells them: ``due_date`` → ``dueDate``."""
    found = dict(extensions)
    if isinstance(found.get("field"), str):
        found["field"] = api_name(str(found["field"]))
    problems = found.get("problems")
    if isinstance(problems, list):
        found["problems"] = [
            {**p, "field": api_name(p["field"])}
            if isinstance(p, dict) and isinstance(p.get("field"), str)
            else p
            for p in problems
        ]
    return found


_REFUSALS: dict[type[Exception], str] = {
    CannotGetOperationTypeError: "OPERATION_RESOLUTION_FAILURE",
    InvalidOperationTypeError: "METHOD_NOT_ALLOWED",
    MissingQueryError: "BAD_REQUEST",
}
"""Strawberry's refusals of an operation it cannot pick or run (over HTTP they are
answered before execution, ``transport.py``; over WebSocket they arrive as errors)."""


def expected(error: GraphQLError) -> bool:
    """Is this an error the product raises on purpose (not a bug)?"""
    return error.original_error is None or isinstance(
        error.original_error, (StrategyGraphError, GraphQLError, *_REFUSALS)
    )


def present(error: GraphQLError, suggest: bool = True) -> GraphQLError:
    """The error as the client sees it; without ``suggest``, no "Did you mean …?"."""
    original = error.original_error
    if isinstance(original, StrategyGraphError):
        message = original.message
        extensions = {"code": original.code, **camel_fields(original.extensions())}
    elif original is None or isinstance(original, GraphQLError):
        # graphql-core wraps its own error when a variable's value does not coerce.
        message = error.message if suggest else _SUGGESTION.sub("", error.message)
        code = "GRAPHQL_PARSE_FAILED" if isinstance(error, GraphQLSyntaxError) else None
        extensions = {"code": code or "GRAPHQL_VALIDATION_FAILED", **(error.extensions or {})}
    elif type(original) in _REFUSALS:
        message = error.message
        extensions = {"code": _REFUSALS[type(original)]}
    else:
        message = MASKED_MESSAGE
        extensions = {"code": "INTERNAL"}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class ProductErrors(SchemaExtension):
    """Rewrites every error of a result with ``present`` (the masked-errors extension)."""

    suggest = True

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, (GraphQLExecutionResult, ExecutionResult)) and result.errors:
            result.errors = [present(e, self.suggest) for e in result.errors]

    def on_stream_result(self, result: object) -> Iterator[None]:
        """Over WebSocket each result is sent as it is yielded, before ``on_operation``
        ends: rewrite its errors here (presenting twice changes nothing)."""
        if isinstance(result, ExecutionResult) and result.errors:
            result.errors = [present(e, self.suggest) for e in result.errors]
        yield


class ProductionErrors(ProductErrors):
    """``ProductErrors`` without field and value suggestions."""

    suggest = False
