"""The coverage map: national goals (rows) against regions (columns); each cell counts the
projects of the region that reach the goal, with their health.

Without filters the counts are the store's own ``coverage()`` answer. With filters they
come from ``trace_down`` of each goal, counting only the nodes the filters keep (retired
nodes never count, as in ``coverage()``). The map is one HTML-like table; every piece of
user text in it goes through ``escape``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import graphviz

from ..domain import NATIONAL, Health, Node, NodeKind, Region, Status
from ..store import GraphStore
from ..trace import COUNTED
from . import escape
from .legend import coverage_swatches, heading
from .limits import MapLimits
from .request import MapRequest
from .style import FONT, GAP_COLOUR, HEALTH_BORDER, HEALTH_FILL, KIND_FILL, MUTED

__all__ = ["Cell", "coverage_dot"]

PLURAL = {
    NodeKind.CHANGE_VISION: "change visions",
    NodeKind.ORGANISATIONAL_VISION: "organisational visions",
    NodeKind.STRATEGIC_LINE: "lines",
    NodeKind.CHALLENGE: "challenges",
    NodeKind.STRATEGIC_PROJECT: "projects",
}


@dataclass
class Cell:
    counts: Counter[NodeKind] = field(default_factory=Counter)
    health: Counter[Health] = field(default_factory=Counter)


def coverage_dot(
    store: GraphStore,
    request: MapRequest,
    limits: MapLimits,
    today: date,
    version: int,
    link_base: str = "/#node=",
) -> tuple[str, int]:
    """The DOT source of the coverage map and the number of cells it draws."""
    retired = request.show_retired or Status.RETIRED in request.filters.statuses
    goals = [
        g
        for g in store.nodes(kind=NodeKind.NATIONAL_GOAL)
        if retired or g.status is not Status.RETIRED
    ]
    regions = sorted((r for r in store.regions() if r.id != NATIONAL), key=lambda r: r.name)
    what = "The coverage map"
    limits.check_nodes(len(goals) * (len(regions) + 1), what)
    counted = [k for k in COUNTED if k in request.filters.kinds] or [NodeKind.STRATEGIC_PROJECT]
    cells = _filtered(store, request, goals, counted) if request.filters.active else _plain(store)
    table = _table(goals, regions, cells, counted, link_base)
    title = heading(
        "Coverage of the national goals",
        "Coverage map: " + " and ".join(PLURAL[k] for k in counted) + " reaching each goal",
        today,
        version,
        request.filters.describe(),
        coverage_swatches(),
    )
    graph = graphviz.Digraph(
        name="coverage_map",
        graph_attr={
            "id": "_map",
            "fontname": FONT,
            "labelloc": "t",
            "labeljust": "l",
            "pad": "0.3",
            "bgcolor": "white",
            "label": f"<{title}>",
        },
        node_attr={"fontname": FONT, "shape": "plaintext", "fontsize": "11"},
    )
    graph.node("_coverage", label=f"<{table}>", id="_coverage", tooltip="Coverage")
    return str(graph.source), len(goals) * (len(regions) + 1)


def _plain(store: GraphStore) -> dict[tuple[str, str], Cell]:
    cells: dict[tuple[str, str], Cell] = {}
    for row in store.coverage():
        cell = cells.setdefault((row.goal_id, row.region), Cell())
        cell.counts.update({k: v for k, v in row.counts.items() if v})
        cell.health.update({h: v for h, v in row.health.items() if v})
    return cells


def _filtered(
    store: GraphStore, request: MapRequest, goals: list[Node], counted: list[NodeKind]
) -> dict[tuple[str, str], Cell]:
    everything = {n.id: n for n in store.nodes()}
    cells: dict[tuple[str, str], Cell] = {}
    for goal in goals:
        for contribution in store.trace_down(goal.id, kinds=counted):
            node = everything[contribution.node_id]
            if not request.filters.keeps(node):
                continue
            cell = cells.setdefault((goal.id, node.region), Cell())
            cell.counts[node.kind] += 1
            if node.is_project:
                cell.health[node.effective_health] += 1
    return cells


def _table(
    goals: list[Node],
    regions: list[Region],
    cells: dict[tuple[str, str], Cell],
    counted: list[NodeKind],
    link_base: str,
) -> str:
    head = "".join(
        f'<TD BGCOLOR="#f0f2f5" HREF="{escape.html(escape.link(r.id, "/#region="))}" '
        f'TOOLTIP="{escape.html_attr(r.name)}"><B>{_lines(r.name, 16)}</B></TD>'
        for r in regions
    )
    rows = [f'<TR><TD BGCOLOR="#f0f2f5"><B>National goal</B></TD>{head}</TR>']
    for goal in goals:
        tooltip = escape.html_attr(goal.description.strip() or goal.title, 600)
        header = (
            f'<TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{KIND_FILL[NodeKind.NATIONAL_GOAL]}" '
            f'HREF="{escape.html(escape.link(goal.id, link_base))}" TOOLTIP="{tooltip}" '
            f'ID="{escape.html_attr(goal.id)}"><B>{_lines(goal.title, 30)}</B></TD>'
        )
        body = "".join(_cell(cells.get((goal.id, r.id)), counted) for r in regions)
        rows.append(f"<TR>{header}{body}</TR>")
    return (
        '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="8" COLOR="#c3cad3">'
        + "".join(rows)
        + "</TABLE>"
    )


def _cell(cell: Cell | None, counted: list[NodeKind]) -> str:
    if cell is None or not any(cell.counts[k] for k in counted):
        return f'<TD BGCOLOR="#f6effa"><FONT COLOR="{GAP_COLOUR}">⚠ none</FONT></TD>'
    parts = []
    if NodeKind.STRATEGIC_PROJECT in counted:
        projects = cell.counts[NodeKind.STRATEGIC_PROJECT]
        parts.append(f'<FONT POINT-SIZE="16"><B>{projects}</B></FONT> projects')
        dots = " ".join(
            f'<FONT COLOR="{HEALTH_BORDER[h]}">●</FONT>{cell.health[h]}'
            for h in (Health.GREEN, Health.AMBER, Health.RED, Health.UNKNOWN)
            if cell.health[h]
        )
        if dots:
            parts.append(dots)
    others = [f"{cell.counts[k]} {PLURAL[k]}" for k in counted if k.layer < 5 and cell.counts[k]]
    if others:
        parts.append(f'<FONT POINT-SIZE="9" COLOR="{MUTED}">{", ".join(others)}</FONT>')
    known = [h for h in (Health.RED, Health.AMBER, Health.GREEN) if cell.health[h]]
    fill = HEALTH_FILL[known[0]] if known else "#ffffff"
    return f'<TD BGCOLOR="{fill}">{"<BR/>".join(parts)}</TD>'


def _lines(text: str, width: int) -> str:
    return "<BR/>".join(escape.html(line) for line in escape.wrap(text, width))
