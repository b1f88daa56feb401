"""A bulk import's edges built a column at a time (``edges_from_valid``).

``edge_from_valid`` builds one edge per call: a few dict reads, four type checks and a
frozen dataclass's ``__init__`` (a Python-level ``object.__setattr__`` per field). An
import of 120,000 nodes has 290,000 edges, nearly all alike; here each field is read for
all of them in one C-level pass (``map`` over ``itemgetter``), checked as a set of types,
and set on every edge in one more (``map`` over the slot's descriptor). The records are
those ``edge_from_valid`` builds, field for field (``tests/unit/test_edge_columns.py``).

>>> from strategygraph.domain import Relation
>>> edges_from_valid([{"source": "p", "relation": "ADDRESSES", "target": "c"}]) == [
...     Edge("p", Relation.ADDRESSES, "c")
... ]
True
>>> edges_from_valid([{"source": "p", "relation": "ADDRESSES", "target": "c", "x": 1}]) is None
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from itertools import repeat
from operator import itemgetter, methodcaller
from typing import Any

from .codec_tables import EDGE_KEYS, RELATIONS
from .kinds import Relation
from .model import Edge

__all__ = ["edges_from_valid", "plain_edge"]

_SOURCE, _RELATION, _TARGET = itemgetter("source"), itemgetter("relation"), itemgetter("target")
_INFERRED, _NOTE = methodcaller("get", "inferred", False), methodcaller("get", "note")
_DICT, _STR, _BOOL = frozenset({dict}), frozenset({str}), frozenset({bool})
_STR_OR_NONE = frozenset({str, type(None)})
_SLOTS = tuple(Edge.__dict__[name] for name in Edge.__slots__)
_consume = deque[None](maxlen=0).extend
assert not hasattr(Edge, "__post_init__"), "edges_from_valid would skip it"
assert Edge.__slots__ == (
    "source",
    "relation",
    "target",
    "inferred",
    "note",
    "suspect_at",
    "suspect_by",
), "edges_from_valid and plain_edge set the fields in this order"
_SET_SLOTS = tuple(slot.__set__ for slot in _SLOTS)


def plain_edge(source: str, relation: Relation, target: str) -> Edge:
    """``Edge(source, relation, target)`` with every slot set straight through its
    descriptor: a frozen dataclass's ``__init__`` makes an ``object.__setattr__`` call per
    field, three times the cost (a national ArchiMate model's 290,000 edges: some 0.5 s).
    The same type, the same record."""
    edge: Edge = object.__new__(Edge)
    s_source, s_relation, s_target, s_inferred, s_note, s_at, s_by = _SET_SLOTS
    s_source(edge, source)
    s_relation(edge, relation)
    s_target(edge, target)
    s_inferred(edge, False)
    s_note(edge, None)
    s_at(edge, None)
    s_by(edge, None)
    return edge


def edges_from_valid(records: list[Any]) -> list[Edge] | None:
    """``[edge_from_valid(r) for r in records]``, or None when any record is not a plain
    dict of those keys with values of exactly their types (a ``str`` subclass, an unknown
    relation, a suspect mark): the caller then builds them one at a time, which reports
    or handles each such record as it always did. Never raises; ``records`` unchanged."""
    if not _DICT.issuperset(map(type, records)) or not all(map(EDGE_KEYS.issuperset, records)):
        return None
    try:
        sources = list(map(_SOURCE, records))
        targets = list(map(_TARGET, records))
        relations = list(map(RELATIONS.__getitem__, map(_RELATION, records)))
    except (KeyError, TypeError):  # a key absent; a relation unknown or unhashable
        return None
    if not (_STR.issuperset(map(type, sources)) and _STR.issuperset(map(type, targets))):
        return None
    count = len(records)
    inferred: Iterable[Any] = repeat(False, count)
    notes: Iterable[Any] = repeat(None, count)
    if max(map(len, records), default=3) > 3:  # some have inferred or note
        inferred, notes = list(map(_INFERRED, records)), list(map(_NOTE, records))
        if not _BOOL.issuperset(map(type, inferred)):
            return None
        if not _STR_OR_NONE.issuperset(map(type, notes)):
            return None
    edges: list[Edge] = list(map(object.__new__, repeat(Edge, count)))
    columns = (sources, relations, targets, inferred, notes, repeat(None), repeat(None))
    for slot, column in zip(_SLOTS, columns, strict=True):
        _consume(map(slot.__set__, edges, column))
    return edges
