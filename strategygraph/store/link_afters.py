"""The ``after`` JSON of a bulk run's ``link`` events, filled into one template.

orjson writes a plain edge's ``edge_state`` (not inferred, no note, not suspect) as
``{"source":S,"relation":R,"target":T,"inferred":false,"note":null}``, each text in
quotes as it is, UTF-8, unless it holds a character JSON escapes (a quote, a backslash,
a control character) or cannot be UTF-8 (a lone surrogate). For a run whose texts hold
none, ``plain_afters`` fills the template instead: cheaper than a dict and a ``dumps``
an edge, and each after is a small object. (What orjson returns holds a 4 KiB page of
its own for as long as it is kept: the 290,000 events of an import touched 1.1 GiB and
spent most of a second in page faults.) ``tests/unit/test_link_afters.py`` holds both
equal, byte for byte.

>>> from strategygraph.domain import Edge, Relation
>>> plain_afters([Edge("p", Relation.ADDRESSES, "c")])
[b'{"source":"p","relation":"ADDRESSES","target":"c","inferred":false,"note":null}']
>>> plain_afters([Edge("p", Relation.ADDRESSES, "c", note="n")]) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, is_, is_not, itemgetter

from ..domain import Edge

__all__ = ["plain_afters"]

_TEMPLATE = '{"source":"%s","relation":"%s","target":"%s","inferred":false,"note":null}'
_ESCAPED = re.compile(r'["\\\x00-\x1f\ud800-\udfff]')
"""A character orjson would write otherwise than as it is (or refuse)."""
_VALUES = attrgetter("source", "relation._value_", "target")
_SOURCE, _TARGET, _SECOND = attrgetter("source"), attrgetter("target"), itemgetter(1)
_INFERRED, _NOTE, _SUSPECT_AT = attrgetter("inferred"), attrgetter("note"), attrgetter("suspect_at")
_STR = frozenset({str})


def plain_afters(edges: Sequence[Edge]) -> list[bytes] | None:
    """``orjson.dumps(edge_state(e))`` of each edge, or None unless every edge is plain
    and its texts are ``str`` that JSON writes as they are."""
    if (
        not all(map(is_, map(_INFERRED, edges), repeat(False)))
        or any(map(is_not, map(_NOTE, edges), repeat(None)))
        or any(map(is_not, map(_SUSPECT_AT, edges), repeat(None)))
    ):
        return None
    values = list(map(_VALUES, edges))
    for texts in (list(map(_SOURCE, edges)), list(map(_TARGET, edges))):
        if not _STR.issuperset(map(type, texts)) or _ESCAPED.search("".join(texts)):
            return None
    relations = set(map(_SECOND, values))  # a relation's value: a few constants
    if not _STR.issuperset(map(type, relations)) or _ESCAPED.search("".join(relations)):
        return None
    return list(map(str.encode, map(_TEMPLATE.__mod__, values)))
