"""The DOT of the strategy-on-a-page map: the region's visions in a row on top, then
one pillar (a shaded cluster) per strategic line with its challenges and projects stacked
under it, pillars side by side (or ``columns`` to a row, for narrow screens).

Sized for an A3 landscape page at natural size: no text under 9 pt, titles at 10 pt.
Every cell is a node whose SVG group has the node's id and classes naming its kind and
health (as on the layered map), plus a ``badges`` slot: ``Cell`` marks drawn under the
title, so later marks (risks, indicators) add a line, not a layout. A folded cell
(``folded``) links to the drill-down: the map narrowed to its line.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from urllib.parse import quote

import graphviz

from ..domain import Health, NodeKind, Status
from ..glossary import Glossary
from . import escape
from .layered import is_overdue
from .legend import distribution, footer, heading, health_bar, layered_swatches
from .onepage_scene import Cell, OnePage, Pillar
from .style import (
    FONT,
    GAP_COLOUR,
    HEALTH_BORDER,
    HEALTH_FILL,
    HEALTH_ORDER,
    HEALTH_SIGN,
    KIND_FILL,
    MUTED,
    OVERDUE_COLOUR,
    OVERDUE_SIGN,
    TEXT,
    css_class,
    status_style,
)

__all__ = ["SMALLEST_POINTS", "onepage_dot"]

SMALLEST_POINTS = 9
"""No text of the map is smaller (at its natural size, which fits A3)."""
TITLE_POINTS = 10
WIDTH = {"cell": 1.45, "wide": 1.7}
"""Inches: a pillar's cells; a goal's or vision's cell."""
WRAP = {"cell": 16, "wide": 22}
"""Characters per title line at those widths."""
TITLE_LINES = {"head": 3, "stack": 3}
"""A longer title ends in "…" (the whole title is the tooltip and in the details)."""
BAR = 84


def onepage_dot(
    scene: OnePage,
    today: date,
    version: int,
    words: Glossary,
    filters: str = "",
    link_base: str = "/#node=",
    region: str = "",
    columns: int | None = None,
) -> str:
    """The DOT source of ``scene``, every word in ``words``' language."""
    draw = _Cells(words, today, link_base, region)
    subtitle = words.text("onepage.subtitle")
    if scene.narrowed:
        subtitle += " · " + words.text("onepage.narrowed", title=_short(scene.narrowed, 60))
    kinds = [*(c.kind for c in scene.visions), NodeKind.STRATEGIC_LINE]
    kinds += [c.kind for p in scene.pillars for c in p.stack if c.kind not in kinds]
    everything = [c for p in scene.pillars for c in [p.head, *p.stack]]
    late = any(n is not None and is_overdue(n, today) for c in everything for n in [c.node])
    narrow = columns is not None and columns <= 2
    swatches = _legend(words, list(dict.fromkeys(kinds)), late, narrow)
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
            "margin": "0.07,0.04",
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


class _Cells:
    """Draws the cells of one map and names them in DOT."""

    def __init__(self, words: Glossary, today: date, link_base: str, region: str) -> None:
        self.words, self.today, self.link_base, self.region = words, today, link_base, region
        self.count = 0

    def cell(self, graph: graphviz.Digraph, cell: Cell, size: str, head: bool = True) -> str:
        self.count += 1
        name = f"_c{self.count}"
        node = cell.node
        classes = [css_class("kind", cell.kind)]
        attrs = {"width": str(WIDTH[size])}
        if node is None:
            classes.append("folded")
            attrs.update(style="rounded,filled,dashed", fillcolor="#ffffff")
            ident = f"_fold-{self.count}"
            url = self.drill(cell.drill) if cell.drill else ""
            tip = "; ".join(n.title for n in cell.folded)
        else:
            classes.append(css_class("status", node.status))
            attrs["style"] = ",".join(["rounded", "filled", *status_style(node.status)])
            attrs["fillcolor"] = KIND_FILL[node.kind]
            ident = f"_copy-{self.count}" if cell.copy else node.id
            if cell.copy:
                classes.append("copy")
            url = self.page(node.id)
            tip = node.description.strip() or node.title
            if node.is_project:
                classes.append(css_class("health", node.effective_health))
                attrs["fillcolor"] = HEALTH_FILL[node.effective_health]
                if is_overdue(node, self.today):
                    classes.append("overdue")
                    attrs.update(color=OVERDUE_COLOUR, penwidth="2.5")
            if cell.gaps or self.unreached(cell):
                classes.append("gap")
                attrs.update(color=GAP_COLOUR, penwidth="2", peripheries="2")
        if cell.projects and not (node is not None and node.is_project):
            classes.append("rollup")
        graph.node(
            name,
            label="<" + self.label(cell, size, head) + ">",
            id=escape.attr(ident),
            tooltip=escape.attr(tip, 600),
            URL=url,
            **{"class": " ".join(classes)},
            **attrs,
        )
        return name

    def unreached(self, cell: Cell) -> bool:
        node = cell.node
        return node is not None and not node.is_project and not cell.projects and not cell.gaps

    def drill(self, line: str) -> str:
        """The page narrowed to ``line``: the drill-down of a folded cell."""
        root = self.link_base.split("#", 1)[0]
        return f"{root}#region={quote(self.region, safe='')};view=page;line={quote(line, safe='')}"

    def page(self, node_id: str) -> str:
        """The page of this region's one-page view with ``node_id`` chosen. The parts are
        parted by ``;``, which the page reads like ``&``: ``dot`` writes an ``&`` into SVG
        unescaped (not XML) and an ``&amp;`` into a PDF's link as it is."""
        root = self.link_base.split("#", 1)[0]
        region = quote(self.region, safe="")
        return f"{root}#region={region};view=page;node={quote(node_id, safe='')}"

    def label(self, cell: Cell, size: str, head: bool) -> str:
        """A head's caption names its kind (and status); a stacked cell's row does."""
        words, node = self.words, cell.node
        small = f'<FONT POINT-SIZE="{SMALLEST_POINTS}" COLOR="{MUTED}">'
        if node is None:
            caption = words.count(len(cell.folded), cell.kind)
            lines = [f"<B>{escape.html(words.text('onepage.more', count=caption))}</B>"]
        else:
            caption = words.kind(node.kind).upper()
            if node.status not in (Status.APPROVED, Status.RETIRED):
                caption += f" · {words.status(node.status)}"
            if cell.copy:
                caption = words.text("onepage.also")
            shown = escape.wrap(caption, WRAP[size] + 6) if head or cell.copy else []
            lines = [f"{small}{escape.html(part)}</FONT>" for part in shown]
            title = escape.wrap(node.title, WRAP[size])
            most = TITLE_LINES["head" if head else "stack"]
            if len(title) > most:
                title = title[:most]
                title[-1] = _short(title[-1] + " …", WRAP[size])
            lines += [f"<B>{escape.html(line)}</B>" for line in title]
        top, bar, bottom = self.badges(cell)
        lines += top
        if node is None and cell.drill:
            bottom.append(f"{small}{escape.html(words.text('onepage.open'))}</FONT>")
        if not bar:
            return "<BR/>".join(lines + bottom)
        rows = ["<BR/>".join(lines), bar] + (["<BR/>".join(bottom)] if bottom else [])
        return (
            '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0">'
            + "".join(f"<TR><TD>{row}</TD></TR>" for row in rows)
            + "</TABLE>"
        )

    def badges(self, cell: Cell) -> tuple[list[str], str, list[str]]:
        """The marks under a title: health (a project's, or how the projects under the
        cell divide, then a bar), and after the bar, overdue and gaps: the badge slot."""
        words, node, size = self.words, cell.node, SMALLEST_POINTS
        lines, bar, after = [], "", []
        if node is not None and node.is_project:
            health = node.effective_health
            sign = f'<FONT COLOR="{HEALTH_BORDER[health]}">{HEALTH_SIGN[health]}</FONT>'
            fact = words.health(health)
            if node.progress is not None:
                fact += f" · {node.progress} %"
            lines.append(f'<FONT POINT-SIZE="{size}">{sign} {escape.html(fact)}</FONT>')
        elif cell.projects:
            counts: Counter[Health] = Counter(p.effective_health for p in cell.projects)
            lines.append(distribution(words, counts, size))
            bar = health_bar(words, counts, BAR)
        late = [p for p in cell.projects if is_overdue(p, self.today)]
        if late:
            if node is not None and node.is_project and node.due_date is not None:
                text = f"{OVERDUE_SIGN} {words.text('overdue').upper()} "
                text += words.date(node.due_date)
            else:
                text = f"{OVERDUE_SIGN} " + words.text("overdue.count", count=len(late))
            for part in escape.wrap(text, WRAP["cell"] + 4):
                after.append(
                    f'<FONT POINT-SIZE="{size}" COLOR="{OVERDUE_COLOUR}">{escape.html(part)}</FONT>'
                )
        marks = [words.text(f"node_gap.{g.type.value}") for g in cell.gaps]
        if self.unreached(cell):
            marks.append(words.text("node_gap.NO_PROJECT"))
        for mark in marks:
            for part in escape.wrap("⚠ " + mark, WRAP["cell"] + 2):
                after.append(
                    f'<FONT POINT-SIZE="{size}" COLOR="{GAP_COLOUR}">{escape.html(part)}</FONT>'
                )
        return lines, bar, after


def _legend(words: Glossary, kinds: list[NodeKind], late: bool, narrow: bool) -> str:
    """The legend in two rows (kinds, then health), no wider than the pillars; on a
    ``narrow`` map (a phone) one entry under another, long texts wrapped."""
    if not narrow:
        return layered_swatches(words, kinds, overdue=late, lines=False, rows=True)
    entries: list[tuple[str, str | None, str | None]] = [(words.text("legend.kinds"), None, None)]
    entries += [(words.kind(k).capitalize(), KIND_FILL[k], None) for k in kinds]
    entries.append((words.text("legend.health.share"), None, None))
    entries += [
        (f"{HEALTH_SIGN[h]} {words.health(h)}", HEALTH_FILL[h], HEALTH_BORDER[h])
        for h in HEALTH_ORDER
    ]
    if late:
        entries.append((words.text("legend.overdue"), None, OVERDUE_COLOUR))
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


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
