"""The DOT of the strategy-on-a-page map: the region's visions in a row on top, then
one pillar (a shaded cluster) per strategic line with its challenges and projects stacked
under it, pillars side by side (or ``columns`` to a row, for narrow screens).

Sized for an A3 landscape page at natural size: no text under 9 pt, titles at 10 pt.
The boxes themselves (and their ``badges`` slot for later marks) are drawn by
``onepage_cells``; a folded box links to the drill-down, the map narrowed to its line.
"""

from __future__ import annotations

import itertools
from datetime import date

import graphviz

from ..domain import NodeKind
from ..glossary import Glossary
from . import escape
from .layered_nodes import is_overdue
from .legend import footer, heading, layered_swatches
from .marks import Marks
from .onepage_cells import TITLE_POINTS, WIDTH, Cells, short
from .onepage_scene import OnePage, Pillar
from .style import (
    FONT,
    HEALTH_BORDER,
    HEALTH_FILL,
    HEALTH_ORDER,
    HEALTH_SIGN,
    KIND_FILL,
    MUTED,
    OVERDUE_COLOUR,
    RISK_COLOUR,
    TEXT,
)

__all__ = ["onepage_dot"]


def onepage_dot(
    scene: OnePage,
    today: date,
    version: int,
    words: Glossary,
    filters: str = "",
    link_base: str = "/#node=",
    region: str = "",
    columns: int | None = None,
    marks: Marks | None = None,
) -> str:
    """The DOT source of ``scene``, every word in ``words``' language; ``marks`` adds the
    risk and trend badges."""
    marks = marks or Marks(None, words)
    draw = Cells(words, today, link_base, region, marks)
    subtitle = words.text("onepage.subtitle")
    if scene.narrowed:
        subtitle += " · " + words.text("onepage.narrowed", title=short(scene.narrowed, 60))
    kinds = [*(c.kind for c in scene.visions), NodeKind.STRATEGIC_LINE]
    kinds += [c.kind for p in scene.pillars for c in p.stack if c.kind not in kinds]
    everything = [c for p in scene.pillars for c in [p.head, *p.stack]]
    late = any(n is not None and is_overdue(n, today) for c in everything for n in [c.node])
    narrow = columns is not None and columns <= 2
    marks.prepare([c.node.id for c in [*scene.visions, *everything] if c.node is not None])
    swatches = _legend(
        words, list(dict.fromkeys(kinds)), late, narrow, marks.any_risks, marks.any_trends
    )
    graph = graphviz.Digraph(
        name="strategy_on_a_page",
        graph_attr={
            "id": "_map",
            "newrank": "true",
            "rankdir": "TB",
            "nodesep": "0.08",
            "ranksep": "0.08",
            "fontname": FONT,
            "labelloc": "t",
            "labeljust": "l",
            "bgcolor": "white",
            "pad": "0.2",
            "label": "<" + heading(words, scene.title, subtitle, today, filters, swatches) + ">",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": FONT,
            "fontsize": str(TITLE_POINTS),
            "fontcolor": TEXT,
            "color": MUTED,
            "margin": "0.07,0.02",
            "width": str(WIDTH["cell"]),
            "target": "_top",
        },
        edge_attr={"style": "invis"},
    )
    per_row = columns or len(scene.visions) or 1
    rows = [scene.visions[i : i + per_row] for i in range(0, len(scene.visions), per_row)]
    previous: list[str] = []
    for cells in rows:
        wide = "wide" if len(cells) <= 6 else "cell"
        names = [draw.cell(graph, cell, wide) for cell in cells]
        _same_rank(graph, names)
        if previous:
            _spread(graph, previous, names)
        previous = names
    if not scene.pillars:
        text = escape.html(words.text("onepage.empty"))
        graph.node("_empty", label=f"<{text}>", id="_empty", shape="plaintext", style="")
        if previous:
            graph.edge(previous[0], "_empty")
        previous = ["_empty"]
    pillars = [p for p in scene.pillars if p.stack]
    empty = [p.head for p in scene.pillars if not p.stack]
    if empty:  # lines with nothing under them stand together, one under another
        pillars.append(Pillar(empty[0], empty[1:]))
    size = columns or len(pillars) or 1
    bands = [pillars[i : i + size] for i in range(0, len(pillars), size)]
    for band_index, band in enumerate(bands):
        heads: list[str] = []
        depth = max((sum(c.kind is NodeKind.CHALLENGE for c in p.stack) for p in band), default=0)
        bottoms = []
        for pillar_index, pillar in enumerate(band):
            name = f"cluster_p{band_index}_{pillar_index}"
            with graph.subgraph(name=name) as box:
                box.attr(
                    id=f"_pillar-{band_index}-{pillar_index}",
                    style="filled,rounded",
                    fillcolor="#f4f6f9",
                    color="#d5dce4",
                    label="",
                    margin="4",
                )
                head = draw.cell(box, pillar.head, "cell")
                heads.append(head)
                last, count = head, 0
                for cell in pillar.stack:
                    name = draw.cell(box, cell, "cell", head=False)
                    gap = 1
                    if cell.kind is NodeKind.STRATEGIC_PROJECT and count >= 0:
                        gap = depth - count + 1 if count < depth else 1
                        count = -1
                    elif cell.kind is NodeKind.CHALLENGE:
                        count += 1
                    graph.edge(last, name, minlen=str(gap), weight="10")
                    last = name
                bottoms.append(last)
        _same_rank(graph, heads)
        _spread(graph, previous, heads)
        previous = bottoms
    graph.node(
        "_footer",
        label=f"<{footer(words, version)}>",
        id="_footer",
        shape="plaintext",
        style="",
        width="0",
        **{"class": "footer"},
    )
    for above in previous:
        graph.edge(above, "_footer", weight="0")
    return str(graph.source)


def _spread(graph: graphviz.Digraph, above: list[str], below: list[str]) -> None:
    """Invisible edges from each of ``above`` to the one of ``below`` in the same share
    of the width, so neither row is pulled to one side."""
    for index, name in enumerate(above):
        graph.edge(name, below[index * len(below) // len(above)], weight="0" if index else "1")


def _same_rank(graph: graphviz.Digraph, names: list[str]) -> None:
    graph.body.append("{rank=same; " + " ".join(f'"{n}"' for n in names) + "}\n")
    for left, right in itertools.pairwise(names):
        graph.edge(left, right)


def _legend(
    words: Glossary,
    kinds: list[NodeKind],
    late: bool,
    narrow: bool,
    risks: bool = False,
    trends: bool = False,
) -> str:
    """The legend in two rows (kinds, then health), no wider than the pillars; on a
    ``narrow`` map (a phone) one entry under another, long texts wrapped."""
    if not narrow:
        return layered_swatches(
            words, kinds, overdue=late, lines=False, rows=True, risks=risks, trends=trends
        )
    entries: list[tuple[str, str | None, str | None]] = [(words.text("legend.kinds"), None, None)]
    entries += [(words.kind(k).capitalize(), KIND_FILL[k], None) for k in kinds]
    entries.append((words.text("legend.health.share"), None, None))
    entries += [
        (f"{HEALTH_SIGN[h]} {words.health(h)}", HEALTH_FILL[h], HEALTH_BORDER[h])
        for h in HEALTH_ORDER
    ]
    if late:
        entries.append((words.text("legend.overdue"), None, OVERDUE_COLOUR))
    if risks:
        entries.append((words.text("legend.risks"), None, RISK_COLOUR))
    if trends:
        entries.append((words.text("legend.trends"), None, MUTED))
    rows: list[str] = []
    pair: list[str] = []  # swatches two to a row, texts across both columns
    for text, fill, colour in entries:
        lines = '<BR ALIGN="LEFT"/>'.join(escape.html(x) for x in escape.wrap(text, 34))
        if fill is None:
            rows += [f"<TR>{''.join(pair)}</TR>"] if pair else []
            pair = []
            font = f'<FONT POINT-SIZE="10" COLOR="{colour or MUTED}">{lines}</FONT>'
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" COLSPAN="2">{font}</TD></TR>')
            continue
        border = f' BORDER="2" COLOR="{colour}"' if colour else ' BORDER="1" COLOR="#9aa5b1"'
        pair.append(
            f'<TD ALIGN="LEFT" BGCOLOR="{fill}"{border}><FONT POINT-SIZE="10">{lines}</FONT></TD>'
        )
        if len(pair) == 2:
            rows.append(f"<TR>{''.join(pair)}</TR>")
            pair = []
    rows += [f"<TR>{''.join(pair)}</TR>"] if pair else []
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">'
        + "".join(rows)
        + "</TABLE>"
    )
