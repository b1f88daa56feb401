"""What each value of the domain's enumerations means, for the schema's descriptions.

The domain's enums import nothing of Strawberry, so their values cannot carry
``strawberry.enum_value`` descriptions; ``described_enum`` registers such an enum and
gives each of its values the description here (a value without one is an error at import).
Strawberry is pinned to a minor range in ``pyproject.toml``: the value records written
here (``EnumValue.description``) are those of that range.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from ..domain import Health, NodeKind, Relation, Status
from ..domain.answers import GapType

__all__ = ["VALUES", "described_enum"]

E = TypeVar("E", bound=type[Enum])

VALUES: Mapping[type[Enum], Mapping[str, str]] = {
    NodeKind: {
        "NATIONAL_GOAL": "Layer 0: a national goal (kansallinen tavoite), region `national`.",
        "CHANGE_VISION": "Layer 1: a change vision (muutosvisio) derived from national goals.",
        "ORGANISATIONAL_VISION": "Layer 2: an organisation's vision (organisaation visio), "
        "with mission and values.",
        "STRATEGIC_LINE": "Layer 3: a strategic line (strateginen linjaus).",
        "CHALLENGE": "Layer 4: a challenge to solve (ratkaistava haaste).",
        "STRATEGIC_PROJECT": "Layer 5: a strategic project (strateginen hanke).",
    },
    Relation: {
        "ADDRESSES": "A project addresses a challenge (or serves a line, skipping a layer).",
        "CHALLENGES": "A challenge challenges a strategic line.",
        "SUPPORTS": "A line supports an organisation's vision (or a project a line).",
        "REALISES": "An organisation's vision realises a change vision.",
        "DERIVES_FROM": "A change vision derives from a national goal.",
        "DEPENDS_ON": "A project depends on another project: lateral, never part of a trace.",
    },
    Status: {
        "DRAFT": "Being written; seen only by the viewers of its region.",
        "PROPOSED": "Put forward for approval.",
        "APPROVED": "Approved by a named body on a date; public to every reader.",
        "RETIRED": "No longer in force: kept as history, left out of every trace.",
    },
    Health: {
        "UNKNOWN": "Nobody has reported the project's health.",
        "GREEN": "On track.",
        "AMBER": "At risk: needs attention.",
        "RED": "Off track: needs a decision.",
    },
    GapType: {
        "PROJECT_NOT_TRACED": "A project that reaches no national goal.",
        "CHALLENGE_UNADDRESSED": "A challenge no project addresses.",
        "LINE_EMPTY": "A strategic line with no challenge or project under it.",
        "GOAL_UNSERVED": "A national goal nothing serves.",
        "LAYER_SKIP": "An edge that skips a layer (a project straight to a line).",
        "STALE_DRAFT": "A draft left unchanged for longer than the deployment allows.",
        "REPORT_OVERDUE": "A project whose last status report is older than its cadence.",
    },
}


def described_enum(cls: E, description: str) -> E:
    """Register the domain enum ``cls`` with Strawberry, each value described from
    ``VALUES``."""
    strawberry.enum(cls, description=description)
    definition: StrawberryEnumDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    words = VALUES[cls]
    for value in definition.values:
        value.description = words[value.name]
    return cls
