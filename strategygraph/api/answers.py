"""Answers of read-only queries, kept until the graph changes.

A query's answer depends only on the graph version, on who asks (the principal with its
roles: what it may see) and on the request (document, operation name, variables), except
where a field reads the clock: such fields say so where they are defined
(``metadata=volatile(why)``, ``volatility.py``), and the rest of the root query fields are
the timeless ones, read from the schema. So the answer of a query that asks only for
timeless root fields, when it has no errors, is kept under that key and served again
without executing anything, until the graph version moves; the first request after a
write empties the cache. Mutations, subscriptions, answers with errors, and documents
naming a volatile field anywhere (at the root or nested) are never kept.

Answers are kept encoded (JSON bytes, served as they are) in a ``cachetools.LRUCache``
bounded in bytes, in total and each, the request's text counted with its answer; the
least recently used go first. ``STRATEGYGRAPH_ANSWER_CACHE_MB=0`` turns the cache off.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import orjson
from cachetools import LRUCache
from graphql import (
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    Visitor,
    parse,
    visit,
)

from ..domain.access import Principal
from .volatility import Volatility, served_volatility

__all__ = ["AnswerKey", "Answers", "read_only_and_timeless"]

_ENTRY_OVERHEAD = 200
"""Bytes counted for each entry's own objects (its key tuple, dictionary slot)."""

_SHAPES_CHARS = 4_000_000
"""How much document text the keep-or-not verdicts remembered may hold in all."""


class AnswerKey(NamedTuple):
    query: str
    operation_name: str | None
    variables: bytes
    """Encoded with sorted keys: equal values, equal bytes."""
    actor: Principal


class Kept(NamedTuple):
    encoded: bytes
    cost: int
    """What the entry holds in all (``_cost``): the bound counts this."""


class Verdict(NamedTuple):
    keep: bool
    chars: int
    """The document's length: the verdicts remembered are bounded in document text."""


class Answers:
    """The cache of one process, for one store; ``volatility`` is the served schema's
    (``volatility.py``)."""

    def __init__(
        self,
        max_bytes: int,
        max_entry_bytes: int = 1 << 20,
        volatility: Volatility | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self.volatility = volatility or served_volatility()
        self._version: int | None = None
        self._kept: LRUCache[AnswerKey, Kept] = LRUCache(max_bytes, getsizeof=_kept_cost)
        self._shapes: LRUCache[tuple[str, str | None], Verdict] = LRUCache(
            _SHAPES_CHARS, getsizeof=_verdict_chars
        )

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def size(self) -> int:
        """The bytes the kept answers hold, as ``_cost`` counts them."""
        return int(self._kept.currsize)

    @staticmethod
    def key(
        query: str | None,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        actor: Principal,
    ) -> AnswerKey | None:
        """The request's key, or None when it cannot have one (no query text)."""
        if not query:
            return None
        try:
            values = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # a value orjson cannot encode (an integer beyond 64 bits)
            return None
        return AnswerKey(query, operation_name, values, actor)

    def get(self, version: int, key: AnswerKey) -> bytes | None:
        """The kept answer (its ``data``, encoded) of ``key`` at graph ``version``, or None."""
        self._at(version)
        found = self._kept.get(key)  # now the most recently used
        return None if found is None else found.encoded

    def keep(self, version: int, key: AnswerKey, data: dict[str, Any]) -> bool:
        """Keep the error-free answer ``data`` of the request ``key``, made at graph
        ``version``, if its document may be kept."""
        if not self._may_keep(key.query, key.operation_name):
            return False
        try:
            encoded = orjson.dumps(data)
        except TypeError:  # an integer beyond 64 bits: such answers are not kept
            return False
        cost = _cost(key, encoded)
        if cost > self.max_entry_bytes:
            return False
        self._at(version)
        self._kept[key] = Kept(encoded, cost)  # the least recently used make room
        return True

    def _at(self, version: int) -> None:
        if version != self._version:
            self._kept.clear()
            self._version = version

    def _may_keep(self, query: str, operation_name: str | None) -> bool:
        shape = (query, operation_name)
        verdict = self._shapes.get(shape)
        if verdict is None:
            keep = read_only_and_timeless(query, operation_name, self.volatility)
            verdict = Verdict(keep, len(query) + 1)
            if verdict.chars <= _SHAPES_CHARS:
                self._shapes[shape] = verdict
        return verdict.keep


def _cost(key: AnswerKey, encoded: bytes) -> int:
    """What an entry holds: its answer, and its key's query text and variables (a large
    document with a small answer must not slip past the bound)."""
    return len(encoded) + len(key.query) + len(key.variables) + _ENTRY_OVERHEAD


def _kept_cost(kept: Kept) -> int:
    return kept.cost


def _verdict_chars(verdict: Verdict) -> int:
    return verdict.chars


def read_only_and_timeless(
    query: str, operation_name: str | None, volatility: Volatility | None = None
) -> bool:
    """Is the operation a query whose root fields are all timeless, in a document that
    names no volatile field, at the root or nested (``volatility``, by default the served
    schema's)? (Called only for documents that were just executed without errors.)"""
    fields = volatility or served_volatility()
    try:
        document = parse(query, no_location=True)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o
        for o in operations
        if operation_name is None or (o.name is not None and o.name.value == operation_name)
    ]
    if len(chosen) != 1 or chosen[0].operation is not OperationType.QUERY:
        return False
    roots = chosen[0].selection_set.selections
    if not all(isinstance(f, FieldNode) and f.name.value in fields.timeless for f in roots):
        return False  # a fragment at the root, or a field not known to be timeless
    names = _FieldNames()
    visit(document, names)  # every operation and fragment: more than needed, never less
    return names.found.isdisjoint(fields.volatile)


class _FieldNames(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def enter_field(self, node: FieldNode, *_: object) -> None:
        self.found.add(node.name.value)
