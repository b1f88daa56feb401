"""The boxes of the strategy-on-a-page map: a node (caption, title, health, flags) or a
folded row (its count, health and the link down to its line), each an SVG group with the
node's id and classes naming its kind and health. ``badges`` is the slot under the title:
the situational picture's marks (``marks.py``: open risks, indicator trends) add lines
there, not a layout.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import quote

import graphviz

from ..domain import Health, Status
from ..glossary import Glossary
from . import escape
from .layered_nodes import is_overdue
from .legend import distribution, health_bar
from .marks import Marks
from .onepage_scene import Cell
from .style import (
    GAP_COLOUR,
    HEALTH_BORDER,
    HEALTH_FILL,
    HEALTH_SIGN,
    KIND_FILL,
    MUTED,
    OVERDUE_COLOUR,
    OVERDUE_SIGN,
    css_class,
    status_style,
)

__all__ = ["SMALLEST_POINTS", "TITLE_POINTS", "WIDTH", "Cells", "short"]

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


class Cells:
    """Draws the cells of one map and names them in DOT."""

    def __init__(
        self, words: Glossary, today: date, link_base: str, region: str, marks: Marks
    ) -> None:
        self.words, self.today, self.link_base, self.region = words, today, link_base, region
        self.marks = marks
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
            classes += dict.fromkeys(b.name for b in self.marks.short(node.id))
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
                title[-1] = short(title[-1] + " …", WRAP[size])
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
        short = self.marks.short(node.id) if node is not None else []
        if short:  # one line: beside the projects' signs where it fits, else its own
            mark = "  ".join(
                f'<FONT POINT-SIZE="{size}" COLOR="{b.colour}">{escape.html(b.text)}</FONT>'
                for b in short
            )
            if lines and not (node is not None and node.is_project) and len(short) == 1:
                lines[-1] += "  " + mark
            else:
                after.append(mark)
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


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
