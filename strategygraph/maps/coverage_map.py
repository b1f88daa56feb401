"""The coverage map: national goals (rows) against regions (columns); each cell says what
of the region reaches the goal, layer by layer, and how its projects' health divides.

A cell is honest about what is missing: "no project reaches it" when the region's lines
or visions reach the goal but no project does, "nothing" only when nothing of the region
reaches it. Without filters the counts are the store's own ``coverage()`` answer. With
filters they are ``trace.coverage`` over the store's graph, counting only the nodes the
filters keep (retired nodes never count). The map is one HTML-like table;
every piece of user text in it goes through ``escape``, every word of ours comes from the
glossary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import graphviz

from ..domain import NATIONAL, Health, Node, NodeKind, Region, Status
from ..domain.answers import COUNTED, CoverageRow
from ..glossary import Glossary, glossary
from ..store import GraphStore
from ..trace import TraceGraph, coverage
from . import escape
from .legend import coverage_swatches, distribution, footer, heading, health_bar
from .limits import MapLimits
from .request import MapRequest, Rollup
from .style import FONT, GAP_COLOUR, HEALTH_FILL, KIND_FILL, MUTED

__all__ = ["Cell", "coverage_dot"]

GAP_FILL = "#f6effa"
CELL_WIDTH = 30
"""Characters per line of a cell's words."""


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
    words = glossary(request.lang)
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
    cells = _filtered(store, request) if request.filters.active else _plain(store)
    worst = request.rollup is Rollup.WORST
    table = _table(words, goals, regions, cells, counted, link_base, worst, version)
    title = heading(
        words,
        words.text("coverage.title"),
        words.text(
            "coverage.subtitle",
            what=words.text("coverage.and").join(words.many(k) for k in counted),
        ),
        today,
        request.filters.describe(words),
        coverage_swatches(words, worst),
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
    graph.node(
        "_coverage",
        label=f"<{table}>",
        id="_coverage",
        tooltip=escape.attr(words.text("coverage.title")),
    )
    return str(graph.source), len(goals) * (len(regions) + 1)


def _plain(store: GraphStore) -> dict[tuple[str, str], Cell]:
    return _cells(store.coverage())


def _filtered(store: GraphStore, request: MapRequest) -> dict[tuple[str, str], Cell]:
    """``trace.coverage`` over the store's graph, counting the nodes the filters keep."""
    view = TraceGraph(store.metamodel)
    view.load(store.nodes(), store.edges())
    return _cells(coverage(view, keep=request.filters.keeps))


def _cells(rows: list[CoverageRow]) -> dict[tuple[str, str], Cell]:
    cells: dict[tuple[str, str], Cell] = {}
    for row in rows:
        cell = cells.setdefault((row.goal_id, row.region), Cell())
        cell.counts.update({k: v for k, v in row.counts.items() if v})
        cell.health.update({h: v for h, v in row.health.items() if v})
    return cells


def _table(
    words: Glossary,
    goals: list[Node],
    regions: list[Region],
    cells: dict[tuple[str, str], Cell],
    counted: list[NodeKind],
    link_base: str,
    worst: bool,
    version: int,
) -> str:
    head = "".join(
        f'<TD BGCOLOR="#f0f2f5" HREF="{escape.html(escape.link(r.id, "/#region="))}" '
        f'TOOLTIP="{escape.html_attr(r.name)}"><B>{_lines(r.name, 16)}</B></TD>'
        for r in regions
    )
    goal_word = escape.html(_capital(words.kind(NodeKind.NATIONAL_GOAL)))
    rows = [f'<TR><TD BGCOLOR="#f0f2f5"><B>{goal_word}</B></TD>{head}</TR>']
    for goal in goals:
        tooltip = escape.html_attr(goal.description.strip() or goal.title, 600)
        header = (
            f'<TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{KIND_FILL[NodeKind.NATIONAL_GOAL]}" '
            f'HREF="{escape.html(escape.link(goal.id, link_base))}" TOOLTIP="{tooltip}" '
            f'ID="{escape.html_attr(goal.id)}"><B>{_lines(goal.title, 30)}</B></TD>'
        )
        body = "".join(_cell(words, cells.get((goal.id, r.id)), counted, worst) for r in regions)
        rows.append(f"<TR>{header}{body}</TR>")
    rows.append(
        f'<TR><TD COLSPAN="{len(regions) + 1}" BORDER="0" ALIGN="RIGHT">'
        f"{footer(words, version)}</TD></TR>"
    )
    return (
        '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="8" COLOR="#c3cad3">'
        + "".join(rows)
        + "</TABLE>"
    )


def _cell(words: Glossary, cell: Cell | None, counted: list[NodeKind], worst: bool) -> str:
    """What of the region reaches the goal: the counted kinds large, every layer that
    reaches it listed, the projects' health as signs, counts and a bar of the shares."""
    cell = cell or Cell()
    if not any(cell.counts.values()):
        return f'<TD BGCOLOR="{GAP_FILL}"><FONT COLOR="{GAP_COLOUR}">{_nothing(words)}</FONT></TD>'
    main = counted[-1]  # the lowest layer asked for: projects unless filtered
    parts = []
    fill = "#ffffff"
    if not cell.counts[main]:
        fill = GAP_FILL
        missing = words.text("coverage.no_kind", one=words.kind(main), many=words.many(main))
        parts.append(f'<FONT COLOR="{GAP_COLOUR}">{_lines(missing, CELL_WIDTH)}</FONT>')
    for kind in counted:
        number = cell.counts[kind]
        if not number:
            continue
        text = words.count(number, kind)
        big, _, rest = text.partition(" ")
        parts.append(f'<FONT POINT-SIZE="16"><B>{escape.html(big)}</B></FONT> {escape.html(rest)}')
        if kind is NodeKind.STRATEGIC_PROJECT and cell.health:
            parts.append(distribution(words, cell.health, 11))
            parts.append(health_bar(words, cell.health))
            if worst:
                known = [h for h in (Health.RED, Health.AMBER, Health.GREEN) if cell.health[h]]
                fill = HEALTH_FILL[known[0]] if known else fill
    others = [
        words.count(cell.counts[k], k) for k in COUNTED if k not in counted and cell.counts[k]
    ]
    if others:
        listed = words.text("coverage.reached_by") + " " + ", ".join(others)
        parts.append(
            f'<FONT POINT-SIZE="9" COLOR="{MUTED}">{_lines(listed, CELL_WIDTH + 6)}</FONT>'
        )
    rows = "".join(f"<TR><TD>{part}</TD></TR>" for part in parts)
    inner = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{rows}</TABLE>'
    return f'<TD BGCOLOR="{fill}">{inner}</TD>'


def _nothing(words: Glossary) -> str:
    return escape.html(words.text("coverage.nothing"))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lines(text: str, width: int) -> str:
    return "<BR/>".join(escape.html(line) for line in escape.wrap(text, width))
