"""Every schema extension, in one place: the security limits, the caches, error masking.

Limits are refused with the message of the rule that was broken, e.g.
``'deep' exceeds maximum operation depth of 10`` or
``Syntax Error: Document contains more than 2000 tokens. Parsing aborted.``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import suppress
from functools import lru_cache
from typing import Any, cast

from graphql import GraphQLError, parse
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from .budget import Budget, Spend
from .catch_up import caught_up
from .cost import CostLimit
from .errors import ProductErrors, ProductionErrors
from .offload import Gate
from .units import AllOrNothing

__all__ = [
    "CACHE_SIZE",
    "MAX_ALIASES",
    "MAX_COMMENTS",
    "MAX_DEPTH",
    "MAX_SOURCE_LENGTH",
    "MAX_TOKENS",
    "PARSE_OPTIONS",
    "CachedParse",
    "CaughtUp",
    "ParseLimits",
    "schema_extensions",
]

MAX_DEPTH = 10
"""Fields nested in one operation (introspection fields do not count)."""
MAX_ALIASES = 20
MAX_TOKENS = 2000
"""Lexical tokens in one document."""
MAX_COMMENTS = 200
MAX_SOURCE_LENGTH = 100_000
"""Characters in one document (variables do not count)."""
CACHE_SIZE = 512
"""Distinct documents whose parse and validation are kept."""
PARSE_OPTIONS: dict[str, Any] = {
    "max_lexical_tokens": MAX_TOKENS,
    "max_comments": MAX_COMMENTS,
    "max_source_length": MAX_SOURCE_LENGTH,
    "allow_empty_selection_sets": False,
}
"""graphql-core's parser limits, and the spec's grammar: a selection set selects at least
one field (``{}`` is a syntax error, not an operation that selects nothing)."""

# Built once: the validation cache keys on the rule classes, so they must not change.
_RULES = [alias_rule(MAX_ALIASES), depth_rule(MAX_DEPTH, should_ignore=None), CostLimit]


class ParseLimits(SchemaExtension):
    """Tokens, comments and length a document may have, enforced while it is parsed, and
    no empty selection sets."""

    def on_operation(self) -> Iterator[None]:
        # graphql-core's newer limits; strawberry's ParseOptions type names only max_tokens.
        options = cast(dict[str, Any], self.execution_context.parse_options)
        options.update(PARSE_OPTIONS)
        yield


class CaughtUp(SchemaExtension):
    """Every operation, over HTTP or WebSocket, starts from the store's latest committed
    graph: what other processes wrote is applied first (one ``PRAGMA`` if nothing was),
    in a worker thread, so the loop answers other requests meanwhile."""

    async def on_operation(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        store = getattr(getattr(context, "service", None), "store", None)
        if store is not None:
            await caught_up(store)  # in a thread when anything moved (``catch_up.py``)
        yield


_parse = lru_cache(maxsize=CACHE_SIZE)(parse)


class CachedParse(SchemaExtension):
    """Strawberry's ParserCache, except that a document that does not parse is left to
    the schema's own parse, which reports the syntax error like any other error (from a
    cache hook it would escape the operation, past error masking)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None:
            with suppress(GraphQLError):
                context.graphql_document = _parse(context.query, **context.parse_options)
        yield


def _query_rules() -> AddValidationRules:
    return AddValidationRules(list(_RULES))


def _validation_cache() -> ValidationCache:
    return ValidationCache(maxsize=CACHE_SIZE)


def schema_extensions(
    production: bool = False, budget: Budget | None = None
) -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    """The schema's extensions, each made fresh per operation, in the order they run;
    ``production`` adds ``DisableIntrospection`` and drops "Did you mean …?" from errors;
    ``budget``: each caller's operations spend from it once they pass validation."""
    rules: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [_query_rules]
    if production:
        rules.append(DisableIntrospection)
    errors = ProductionErrors if production else ProductErrors
    spend: list[Callable[[], SchemaExtension]] = [] if budget is None else [lambda: Spend(budget)]
    return [
        CaughtUp,
        ParseLimits,
        CachedParse,
        *rules,
        _validation_cache,
        *spend,
        Gate,
        AllOrNothing,
        errors,
    ]
