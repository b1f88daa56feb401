"""The vocabulary: node kinds (the layers), relations, lifecycle statuses, health."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Health", "NodeKind", "Relation", "Status"]


class NodeKind(StrEnum):
    """The six layers, listed top (national) to bottom (projects)."""

    NATIONAL_GOAL = "NATIONAL_GOAL"
    CHANGE_VISION = "CHANGE_VISION"
    ORGANISATIONAL_VISION = "ORGANISATIONAL_VISION"
    STRATEGIC_LINE = "STRATEGIC_LINE"
    CHALLENGE = "CHALLENGE"
    STRATEGIC_PROJECT = "STRATEGIC_PROJECT"

    @property
    def layer(self) -> int:
        """0 for national goals, 5 for projects."""
        return _LAYERS[self]

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


_LAYERS = {kind: i for i, kind in enumerate(NodeKind)}


class Relation(StrEnum):
    ADDRESSES = "ADDRESSES"
    CHALLENGES = "CHALLENGES"
    SUPPORTS = "SUPPORTS"
    REALISES = "REALISES"
    DERIVES_FROM = "DERIVES_FROM"
    DEPENDS_ON = "DEPENDS_ON"


class Status(StrEnum):
    DRAFT = "DRAFT"
    PROPOSED = "PROPOSED"
    APPROVED = "APPROVED"
    RETIRED = "RETIRED"


class Health(StrEnum):
    """A project's health, ordered best to worst by ``severity`` (UNKNOWN sits below GREEN)."""

    UNKNOWN = "UNKNOWN"
    GREEN = "GREEN"
    AMBER = "AMBER"
    RED = "RED"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Health.UNKNOWN: 0, Health.GREEN: 1, Health.AMBER: 2, Health.RED: 3}
