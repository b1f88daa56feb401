"""The risk map: likelihood (rows, 5 at the top) against impact (columns, 5 at the right),
every risk of a region placed in its cell, coloured by score. One HTML-like table drawn by
``dot``; every piece of user text goes through ``escape``, every word of ours comes from
the glossary.

    drawn = draw_risk_map(store, principal, "kymenlaakso", Format.SVG, Lang.FI)
"""

from __future__ import annotations

from datetime import date

import graphviz

from ..domain import NotFound
from ..domain.access import Principal
from ..glossary import Glossary, Lang, glossary
from ..service.situation_read import RiskCell, Situation
from ..store import GraphStore
from . import escape
from .draw import Drawer
from .limits import MapLimits
from .renderer import RenderedMap
from .request import Format
from .style import FONT, MUTED

__all__ = ["draw_risk_map", "draw_risks", "risk_map_dot"]

SCORE_FILL = ((15, "#f4c7c3"), (8, "#fde9b5"), (0, "#d7ecd9"))
"""A cell's fill by its score (likelihood × impact): red from 15, amber from 8, else green."""
TITLE_WIDTH = 40
"""Characters of a risk's title shown in its cell."""


def _fill(score: int) -> str:
    return next(colour for floor, colour in SCORE_FILL if score >= floor)


def _cell(cell: RiskCell, words: Glossary) -> str:
    fill = _fill(cell.likelihood * cell.impact)
    if not cell.risks:
        empty = escape.html(words.text("riskmap.empty"))
        body = f'<FONT COLOR="{MUTED}" POINT-SIZE="9">{empty}</FONT>'
    else:
        lines = []
        for r in cell.risks:
            title = r.title if len(r.title) <= TITLE_WIDTH else r.title[: TITLE_WIDTH - 1] + "…"
            lines.append(
                f'<FONT POINT-SIZE="9">• {escape.html(title)}</FONT>'
                '<BR ALIGN="LEFT"/>'
                f'<FONT POINT-SIZE="7" COLOR="{MUTED}">   {escape.html(r.id)}</FONT>'
            )
        body = '<BR ALIGN="LEFT"/>'.join(lines) + '<BR ALIGN="LEFT"/>'
    name = f"cell-{cell.likelihood}-{cell.impact}"
    tip = escape.html_attr(
        f"{words.text('riskmap.likelihood')} {cell.likelihood} × "
        f"{words.text('riskmap.impact')} {cell.impact}"
    )
    return (
        f'<TD BGCOLOR="{fill}" WIDTH="190" HEIGHT="80" ALIGN="LEFT" VALIGN="TOP" '
        f'ID="{name}" TOOLTIP="{tip}" HREF="#{name}">{body}</TD>'
    )


def risk_map_dot(cells: list[RiskCell], region_name: str, words: Glossary, today: date) -> str:
    """The DOT source of the risk map of ``cells`` (as ``Situation.risk_map`` gives them)."""
    rows = []
    likelihood = escape.html(words.text("riskmap.likelihood"))
    impact = escape.html(words.text("riskmap.impact"))
    for row in range(5):
        line = cells[row * 5 : row * 5 + 5]
        head = f"<TD><B>{line[0].likelihood}</B></TD>"
        if row == 0:
            head = f'<TD ROWSPAN="5"><B>{likelihood}</B></TD>' + head
        rows.append("<TR>" + head + "".join(_cell(c, words) for c in line) + "</TR>")
    numbers = "".join(f"<TD><B>{i}</B></TD>" for i in range(1, 6))
    rows.append(f"<TR><TD></TD><TD></TD>{numbers}</TR>")
    rows.append(f'<TR><TD></TD><TD></TD><TD COLSPAN="5"><B>{impact}</B></TD></TR>')
    title = escape.html(words.text("riskmap.title", region=region_name))
    placed = sum(len(c.risks) for c in cells)
    caption = escape.html(
        f"{words.text('risk.title', count=words.number(placed))} · {words.date(today)}"
    )
    table = (
        '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="6">'
        f'<TR><TD COLSPAN="7"><FONT POINT-SIZE="16"><B>{title}</B></FONT><BR/>'
        f'<FONT POINT-SIZE="9" COLOR="{MUTED}">{caption}</FONT></TD></TR>'
        + "".join(rows)
        + "</TABLE>"
    )
    dot = graphviz.Digraph("risk_map")
    dot.attr("graph", fontname=FONT, bgcolor="white")
    dot.attr("node", fontname=FONT, shape="plaintext")
    dot.node("map", label=f"<{table}>")
    source: str = dot.source
    return source


def draw_risk_map(
    store: GraphStore,
    principal: Principal,
    region: str,
    fmt: Format,
    lang: Lang | str,
    today: date | None = None,
    limits: MapLimits | None = None,
) -> bytes:
    """The risk map of ``region`` as ``principal`` may see it, drawn in ``fmt``."""
    names = {r.id: r.name for r in store.regions()}
    if region not in names:
        raise NotFound("region", region, sorted(names))
    cells = Situation(store, principal).risk_map(region)
    words = glossary(lang)
    source = risk_map_dot(cells, names[region], words, today or date.today())
    options = ["-Gdpi=150"] if fmt is Format.PNG else []
    return Drawer(limits or MapLimits()).draw(source, fmt, "The risk map", None, options)


def draw_risks(
    store: GraphStore, region: str, fmt: Format, lang: Lang | str, timeout: float
) -> RenderedMap:
    """``render --risks REGION``: the risk map in ``fmt`` and ``lang``, drawn
    for the local operator (who sees every risk)."""
    content = draw_risk_map(
        store,
        Principal.local("cli"),
        region,
        fmt,
        lang,
        limits=MapLimits(timeout=timeout),
    )
    return RenderedMap(content, fmt.media_type, "", store.version(), False)
