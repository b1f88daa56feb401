"""The look of the maps: one colour per kind, one per health, fonts and shapes.

Colours are pale fills with dark text so a map prints well; every node also names its
kind in words, so colour is never the only cue.
"""

from __future__ import annotations

from ..domain import Health, NodeKind, Status
from ..trace import GapType

__all__ = [
    "FONT",
    "GAP_COLOUR",
    "GAP_LABELS",
    "HEALTH_BORDER",
    "HEALTH_FILL",
    "KIND_FILL",
    "LAYER_NAMES",
    "MARKED_GAPS",
    "MUTED",
    "NODE_GAP_LABELS",
    "SUSPECT_COLOUR",
    "TEXT",
    "css_class",
    "status_style",
]

FONT = "DejaVu Sans"
"""Has every glyph Finnish needs (ä, ö, å) and the map's symbols (⚠, ●)."""

TEXT = "#1f2933"
MUTED = "#52606d"
GAP_COLOUR = "#7b1fa2"
"""Purple: a gap in the strategy, never confused with a red (health) border."""
SUSPECT_COLOUR = "#e07b00"
"""Orange: a link whose approved target changed since it was last reviewed."""

KIND_FILL = {
    NodeKind.NATIONAL_GOAL: "#c6dbef",
    NodeKind.CHANGE_VISION: "#dadaeb",
    NodeKind.ORGANISATIONAL_VISION: "#c7e9e5",
    NodeKind.STRATEGIC_LINE: "#fdd9b5",
    NodeKind.CHALLENGE: "#f3d1e3",
    NodeKind.STRATEGIC_PROJECT: "#eeeeee",
}
LAYER_NAMES = {
    NodeKind.NATIONAL_GOAL: "National goals",
    NodeKind.CHANGE_VISION: "Change visions",
    NodeKind.ORGANISATIONAL_VISION: "Organisational visions",
    NodeKind.STRATEGIC_LINE: "Strategic lines",
    NodeKind.CHALLENGE: "Challenges",
    NodeKind.STRATEGIC_PROJECT: "Strategic projects",
}

HEALTH_FILL = {
    Health.GREEN: "#b7e1a1",
    Health.AMBER: "#ffe08a",
    Health.RED: "#f4a3a3",
    Health.UNKNOWN: "#eeeeee",
}
HEALTH_BORDER = {
    Health.GREEN: "#2e7d32",
    Health.AMBER: "#c77c00",
    Health.RED: "#c62828",
    Health.UNKNOWN: "#7b8794",
}

GAP_LABELS = {
    GapType.PROJECT_NOT_TRACED: "Project reaches no national goal",
    GapType.CHALLENGE_UNADDRESSED: "Challenge no project addresses",
    GapType.LINE_EMPTY: "Strategic line with nothing under it",
    GapType.GOAL_UNSERVED: "National goal nothing serves",
    GapType.LAYER_SKIP: "Link skips a layer",
    GapType.STALE_DRAFT: "Draft left unfinished",
}
NODE_GAP_LABELS = {
    GapType.PROJECT_NOT_TRACED: "reaches no national goal",
    GapType.CHALLENGE_UNADDRESSED: "no project addresses it",
    GapType.LINE_EMPTY: "nothing under it",
    GapType.GOAL_UNSERVED: "nothing serves it",
}
"""The short words on a marked node; the legend names the gap in full."""
MARKED_GAPS = (
    GapType.PROJECT_NOT_TRACED,
    GapType.CHALLENGE_UNADDRESSED,
    GapType.LINE_EMPTY,
    GapType.GOAL_UNSERVED,
)
"""Gaps drawn on the node itself; layer skips are drawn on their edge."""


def status_style(status: Status) -> list[str]:
    """Graphviz ``style`` parts for a lifecycle status: drafts dashed, retired dotted."""
    if status is Status.DRAFT:
        return ["dashed"]
    if status is Status.RETIRED:
        return ["dotted"]
    return []


def css_class(prefix: str, value: str) -> str:
    """``kind-strategic-project`` from ``("kind", "STRATEGIC_PROJECT")``: enum values only."""
    return f"{prefix}-{value.lower().replace('_', '-')}"
