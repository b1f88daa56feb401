"""The metamodel as data: which (source kind, relation, target kind) triples may exist.

Edges point up, from the concrete to what it serves. Every upward triple must go to a
strictly higher layer, so upward edges can never close a cycle; lateral triples (same
layer, ``DEPENDS_ON``) are checked for cycles on every write.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import NodeKind as K
from .kinds import Relation as R

__all__ = ["DEFAULT_METAMODEL", "Metamodel", "Triple"]

Triple = tuple[K, R, K]


@dataclass(frozen=True)
class Metamodel:
    """Allowed upward and lateral triples."""

    upward: frozenset[Triple]
    lateral: frozenset[Triple]

    def __post_init__(self) -> None:
        for source, relation, target in self.upward:
            if target.layer >= source.layer:
                raise ValueError(
                    f"upward triple {source.value} -{relation.value}-> {target.value} "
                    "must point to a higher layer"
                )

    def allows(self, source: K, relation: R, target: K) -> bool:
        triple = (source, relation, target)
        return triple in self.upward or triple in self.lateral

    def is_upward(self, relation: R) -> bool:
        return any(r is relation for _, r, _ in self.upward)

    def is_skip(self, source: K, target: K) -> bool:
        """An upward edge that jumps over at least one layer (allowed, reported as a gap)."""
        return target.layer < source.layer - 1

    def allowed_from(self, source: K) -> list[str]:
        """Readable list of what a node of ``source`` kind may link to."""
        return sorted(
            f"{r.value} -> {t.value}" for s, r, t in self.upward | self.lateral if s is source
        )


DEFAULT_METAMODEL = Metamodel(
    upward=frozenset(
        {
            (K.STRATEGIC_PROJECT, R.ADDRESSES, K.CHALLENGE),
            (K.CHALLENGE, R.CHALLENGES, K.STRATEGIC_LINE),
            (K.STRATEGIC_LINE, R.SUPPORTS, K.ORGANISATIONAL_VISION),
            (K.ORGANISATIONAL_VISION, R.REALISES, K.CHANGE_VISION),
            (K.CHANGE_VISION, R.DERIVES_FROM, K.NATIONAL_GOAL),
            # Layer skips: allowed, but the gap analysis reports them.
            (K.STRATEGIC_PROJECT, R.SUPPORTS, K.STRATEGIC_LINE),
            (K.STRATEGIC_PROJECT, R.SUPPORTS, K.ORGANISATIONAL_VISION),
            (K.CHALLENGE, R.SUPPORTS, K.ORGANISATIONAL_VISION),
            (K.STRATEGIC_LINE, R.REALISES, K.CHANGE_VISION),
            (K.ORGANISATIONAL_VISION, R.DERIVES_FROM, K.NATIONAL_GOAL),
        }
    ),
    lateral=frozenset({(K.STRATEGIC_PROJECT, R.DEPENDS_ON, K.STRATEGIC_PROJECT)}),
)
