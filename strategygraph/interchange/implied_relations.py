"""The relation a file leaves out: the one the metamodel allows between two kinds.

GraphML edges without a ``relation``, ArchiMate relationships (whose types are not ours)
and a portfolio's ``serves`` column name only the two ends; each of those readers (and
the ArchiMate writer, to tell which relationships it can leave plain) asks this one
question, so it is a module of its own rather than part of any one format.

>>> from strategygraph.domain import NodeKind
>>> relation_between(NodeKind.STRATEGIC_PROJECT, NodeKind.CHALLENGE).value
'ADDRESSES'
"""

from __future__ import annotations

from functools import cache

from ..domain import DEFAULT_METAMODEL, Metamodel, NodeKind, Relation

__all__ = ["relation_between"]


@cache  # a metamodel is frozen: nothing invalidates it (once per edge of an export)
def relation_between(
    source: NodeKind, target: NodeKind, metamodel: Metamodel = DEFAULT_METAMODEL
) -> Relation | None:
    """The one relation the metamodel allows from ``source`` to ``target``, if any."""
    for s, relation, t in sorted(metamodel.upward | metamodel.lateral):
        if s is source and t is target:
            return relation
    return None
