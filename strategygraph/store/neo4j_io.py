"""Running Cypher in a transaction: the one shape both kinds of transaction share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, LiteralString, Protocol

import neo4j

__all__ = ["BATCH", "Rows", "Runner", "chunks", "records"]

BATCH = 5_000
"""Rows per ``UNWIND``: big enough to be fast, small enough for a modest server heap."""


class Rows(list[Any]):
    """A batch's list parameter, sent as a plain list, that prints as its length.

    The driver writes every ``RUN`` to its debug log, and builds that line (the ``repr`` of
    all parameters) even when nothing logs at debug level: for a batch of 5,000 rows that
    is more client CPU than packing them for the wire (issue 17).

    >>> Rows([{"id": "a"}, {"id": "b"}])
    <2 rows>
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


class Runner(Protocol):
    """A managed or explicit transaction."""

    def run(
        self, query: LiteralString, parameters: dict[str, Any] | None = None, **kw: Any
    ) -> neo4j.Result: ...


def records(tx: Runner, query: str, **params: Any) -> list[dict[str, Any]]:
    """Run one query; its records as plain dicts."""
    sent = {k: Rows(v) if isinstance(v, list) else v for k, v in params.items()}
    return [record.data() for record in tx.run(query, sent)]


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
