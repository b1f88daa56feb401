"""Running Cypher in a transaction: the one shape both kinds of transaction share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, LiteralString, Protocol

import neo4j

__all__ = ["BATCH", "Runner", "chunks", "records"]

BATCH = 5_000
"""Rows per ``UNWIND``: big enough to be fast, small enough for a modest server heap."""


class Runner(Protocol):
    """A managed or explicit transaction."""

    def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None, **kw: Any
    ) -> neo4j.Result: ...


def records(tx: Runner, query: str, **params: Any) -> list[dict[str, Any]]:
    """Run one query; its records as plain dicts."""
    return [record.data() for record in tx.run(query, params)]


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
