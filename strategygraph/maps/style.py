"""The look of the maps: one colour per kind, one per health, fonts and shapes.

Colours are pale fills with dark text so a map prints well; every node also names its
kind in words and its health by sign and word, so colour is never the only cue. The
words themselves are in ``strategygraph.glossary``.
"""

from __future__ import annotations

from ..domain import Health, NodeKind, Status
from ..domain.answers import GapType

__all__ = [
    "FONT",
    "GAP_COLOUR",
    "HEALTH_BORDER",
    "HEALTH_FILL",
    "HEALTH_ORDER",
    "HEALTH_SIGN",
    "KIND_FILL",
    "MARKED_GAPS",
    "MUTED",
    "OVERDUE_COLOUR",
    "OVERDUE_SIGN",
    "RISK_COLOUR",
    "RISK_SIGN",
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

HEALTH_FILL = {
    Health.GREEN: "#8fcfe8",
    Health.AMBER: "#ffe08a",
    Health.RED: "#e8956b",
    Health.UNKNOWN: "#f2f2f2",
}
"""Blue, yellow, orange, grey: pale enough for dark text, and apart in lightness and hue
for readers with red-green colour blindness (a deuteranopia simulation keeps every pair
more than 20 CIELAB units apart; the old green and red fills were 12 apart). The PMO's
words stay green/amber/red, and every mark also carries its sign and word."""
HEALTH_BORDER = {
    Health.GREEN: "#0072b2",
    Health.AMBER: "#c99400",
    Health.RED: "#9c2f00",
    Health.UNKNOWN: "#7b8794",
}
HEALTH_SIGN = {
    Health.GREEN: "✔",
    Health.AMBER: "▲",
    Health.RED: "✖",
    Health.UNKNOWN: "?",
}
"""A shape per health, so health never rests on colour alone (DejaVu Sans has them all)."""
HEALTH_ORDER = (Health.GREEN, Health.AMBER, Health.RED, Health.UNKNOWN)
OVERDUE_SIGN = "⚑"
OVERDUE_COLOUR = "#b00020"
RISK_SIGN = "⚠"
RISK_COLOUR = "#a33a00"
"""Rust: open risks threatening a node (apart from a gap's purple and overdue's red)."""

MARKED_GAPS = (
    GapType.PROJECT_NOT_TRACED,
    GapType.CHALLENGE_UNADDRESSED,
    GapType.LINE_EMPTY,
    GapType.GOAL_UNSERVED,
    GapType.REPORT_OVERDUE,
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
