"""Traceability reference algorithms: pure functions over a ``TraceGraph``.

Their answer types live in ``domain.answers``; the names are re-exported here for the
callers of the algorithms (``from strategygraph.trace import trace_up, TracePath``)."""

from ..domain.answers import (
    COUNTED,
    Contribution,
    CoverageRow,
    Gap,
    GapType,
    GoalPaths,
    GoalReach,
    HealthRollup,
    RegionComparison,
    Route,
    TracePage,
    TracePath,
)
from .compare import compare_regions
from .coverage import coverage
from .gaps import cadenced_projects, gaps
from .graph import TraceGraph
from .health import rolled_up_health
from .impact import impact
from .path_pages import trace_page, view_trace_page
from .paths import route, trace_down, trace_up

__all__ = [
    "COUNTED",
    "Contribution",
    "CoverageRow",
    "Gap",
    "GapType",
    "GoalPaths",
    "GoalReach",
    "HealthRollup",
    "RegionComparison",
    "Route",
    "TraceGraph",
    "TracePage",
    "TracePath",
    "cadenced_projects",
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
