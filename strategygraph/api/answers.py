"""Answers of read-only queries, kept until the graph changes.

A query's answer depends only on the graph version, on who asks (the principal with its
roles: what it may see) and on the request (document, operation name, variables), except
where a field reads the clock (``VOLATILE``). So the answer of a query that asks only for
``TIMELESS`` root fields, when it has no errors, is kept under that key and served again
without executing anything, until the graph version moves; the first request after a
write empties the cache. Mutations, subscriptions, answers with errors, and documents
naming a volatile field anywhere are never kept. A test fails when a root query field is
in neither set.

Answers are kept encoded (JSON bytes, served as they are), bounded in total and each,
the request's text counted with its answer; the least recently used go first.
``STRATEGYGRAPH_ANSWER_CACHE_MB=0`` turns the cache off.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, NamedTuple

import orjson
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

__all__ = ["TIMELESS", "VOLATILE", "AnswerKey", "Answers"]

VOLATILE = frozenset({"gaps", "compareRegions", "webhooks", "webhookDeliveries"})
"""Fields whose answer changes with the clock, not only with the graph (a draft turns
into a stale-draft gap as days pass; webhooks and their deliveries live beside the graph,
outside its versions): a document naming one is never kept."""

TIMELESS = frozenset(
    {
        "node", "nodes", "regions", "organisations", "traceUp", "traceDown", "path",
        "impact", "coverage", "changes", "suspectLinks", "graphAt", "diff", "exportGraph",
        "graphVersion",
        # The situational picture: every write to it moves the graph version too.
        "risks", "risk", "riskMap", "risksThreatening", "indicators", "measurements",
        "indicatorHealth", "statusReports",
    }
)  # fmt: skip
"""Root query fields whose answers depend on the graph version and the reader only."""

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


class Answers:
    """The cache of one process, for one store."""

    def __init__(self, max_bytes: int, max_entry_bytes: int = 1 << 20) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self.size = 0
        self._version: int | None = None
        self._kept: OrderedDict[AnswerKey, bytes] = OrderedDict()
        self._shapes: dict[tuple[str, str | None], bool] = {}
        self._shape_chars = 0

    def __len__(self) -> int:
        return len(self._kept)

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
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

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
        old = self._kept.pop(key, None)
        if old is not None:
            self.size -= _cost(key, old)
        self._kept[key] = encoded
        self.size += cost
        while self.size > self.max_bytes:
            dropped_key, dropped = self._kept.popitem(last=False)
            self.size -= _cost(dropped_key, dropped)
        return True

    def _at(self, version: int) -> None:
        if version != self._version:
            self._kept.clear()
            self.size = 0
            self._version = version

    def _may_keep(self, query: str, operation_name: str | None) -> bool:
        shape = (query, operation_name)
        verdict = self._shapes.get(shape)
        if verdict is None:
            verdict = read_only_and_timeless(query, operation_name)
            if self._shape_chars + len(query) > _SHAPES_CHARS:
                self._shapes.clear()
                self._shape_chars = 0
            self._shapes[shape] = verdict
            self._shape_chars += len(query)
        return verdict


def _cost(key: AnswerKey, encoded: bytes) -> int:
    """What an entry holds: its answer, and its key's query text and variables (a large
    document with a small answer must not slip past the bound)."""
    return len(encoded) + len(key.query) + len(key.variables) + _ENTRY_OVERHEAD


def read_only_and_timeless(query: str, operation_name: str | None) -> bool:
    """Is the operation a query whose root fields are all ``TIMELESS``, in a document
    that names no ``VOLATILE`` field? (Called only for documents that were just executed
    without errors.)"""
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
    if not all(isinstance(f, FieldNode) and f.name.value in TIMELESS for f in roots):
        return False  # a fragment at the root, or a field not known to be timeless
    names = _FieldNames()
    visit(document, names)  # every operation and fragment: more than needed, never less
    return names.found.isdisjoint(VOLATILE)


class _FieldNames(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def enter_field(self, node: FieldNode, *_: object) -> None:
        self.found.add(node.name.value)
