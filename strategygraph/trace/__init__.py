"""Traceability reference algorithms: pure functions over a ``GraphView``."""

from .answers import COUNTED, CoverageRow, Gap, GapType
from .compare import GoalReach, RegionComparison, compare_regions
from .coverage import coverage
from .gaps import gaps
from .health import HealthRollup, rolled_up_health
from .impact import impact
from .path_pages import GoalPaths, TracePage, trace_page, view_trace_page
from .paths import Contribution, Route, TracePath, route, trace_down, trace_up
from .view import GraphView

__all__ = [
    "COUNTED",
    "Contribution",
    "CoverageRow",
    "Gap",
    "GapType",
    "GoalPaths",
    "GoalReach",
    "GraphView",
    "HealthRollup",
    "RegionComparison",
    "Route",
    "TracePage",
    "TracePath",
    "compare_regions",
    "coverage",
    "gaps",
    "impact",
    "rolled_up_health",
    "route",
    "trace_down",
    "trace_page",
    "trace_up",
    "view_trace_page",
]
