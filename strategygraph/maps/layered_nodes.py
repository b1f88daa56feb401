"""How one node of a layered map is drawn: its box, its label, and the roll-up of the
projects under it.

A node's group in the SVG gets its id as ``id``, classes naming its kind, status and
health (``kind-challenge status-draft gap``), the description as tooltip and a link to its
page; a project shows its health, progress and owner and, past its due date, that it is
overdue (``is_overdue``, which the board and the one-page map ask too); a node above
projects shows how they divide. It is its own module because drawing a node is one
concept, apart from laying out the layers, clusters and edges (``layered.py``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import graphviz

from ..domain import Health, Node, NodeKind, Status
from ..glossary import Glossary
from . import escape
from .legend import distribution, health_bar
from .marks import Marks
from .request import Rollup
from .scene import Scene
from .style import (
    GAP_COLOUR,
    HEALTH_BORDER,
    HEALTH_FILL,
    HEALTH_SIGN,
    KIND_FILL,
    MARKED_GAPS,
    MUTED,
    OVERDUE_COLOUR,
    OVERDUE_SIGN,
    TEXT,
    css_class,
    status_style,
)

__all__ = ["NodeDrawing", "is_overdue"]

TITLE_WIDTH = 22
"""Characters per line of a node's title."""
TOOLTIP_MAX = 600


def is_overdue(node: Node, today: date) -> bool:
    """A project past its due date and not done (progress under 100, or not reported)."""
    return (
        node.is_project
        and node.status is not Status.RETIRED
        and node.due_date is not None
        and node.due_date < today
        and (node.progress or 0) < 100
    )


class NodeDrawing:
    """Draws the nodes of one map: its scene, words, roll-up mode and day."""

    def __init__(
        self,
        scene: Scene,
        words: Glossary,
        rollup: Rollup,
        today: date,
        link_base: str,
        unreached: set[str],
        marks: Marks,
    ) -> None:
        self.scene, self.words, self.rollup, self.today = scene, words, rollup, today
        self.link_base, self.unreached, self.marks = link_base, unreached, marks
        self.bars = True

    def node(self, graph: graphviz.Digraph, node: Node, name: str) -> None:
        scene, words = self.scene, self.words
        gaps = [g for g in scene.gaps.get(node.id, []) if g.type in MARKED_GAPS]
        marks = [words.text(f"node_gap.{g.type.value}") for g in gaps]
        classes = [css_class("kind", node.kind), css_class("status", node.status)]
        attrs = {"style": ",".join(["rounded", "filled", *status_style(node.status)])}
        under = scene.under.get(node.id)
        counts: Counter[Health] = Counter(p.effective_health for p in under or [])
        late = sum(is_overdue(p, self.today) for p in under or [])
        if node.is_project:
            health = node.effective_health
            classes.append(css_class("health", health))
            attrs["fillcolor"] = HEALTH_FILL[health]
            if is_overdue(node, self.today):
                classes.append("overdue")
                attrs.update(color=OVERDUE_COLOUR, penwidth="2.5")
        else:
            attrs["fillcolor"] = KIND_FILL[node.kind]
            if counts:
                classes.append("rollup")
                if self.rollup is Rollup.WORST:
                    known = [h for h in counts if h is not Health.UNKNOWN]
                    worst = max(known, key=lambda h: h.severity, default=Health.UNKNOWN)
                    classes.append(css_class("rollup", worst))
                    attrs.update(color=HEALTH_BORDER[worst], penwidth="2.5")
        classes += dict.fromkeys(b.name for b in self.marks.badges(node.id))
        if node.id in self.unreached:
            classes.append("unreached")
            marks.append(words.text("node_gap.NO_PROJECT"))
        if gaps or node.id in self.unreached:
            classes += [css_class("gap", g.type) for g in gaps]
            classes += ["gap"] if gaps else []
            attrs.update(color=GAP_COLOUR, penwidth="2", peripheries="2")
        if node.status is Status.RETIRED:
            attrs.update(fillcolor="#f7f7f7", fontcolor=MUTED)
        if node.id == scene.focus:
            classes.append("focus")
            attrs.update(penwidth="4")
            attrs.setdefault("color", TEXT)
        label = self.label(node, marks)
        if counts:
            label = _with_rollup(label, words, counts, late, self.bars)
        graph.node(
            name,
            label="<" + label + ">",
            id=escape.attr(node.id),
            tooltip=escape.attr(node.description.strip() or node.title, TOOLTIP_MAX),
            URL=escape.link(node.id, self.link_base),
            **{"class": " ".join(classes)},
            **attrs,
        )

    def label(self, node: Node, gaps: list[str]) -> str:
        words = self.words
        caption = words.kind(node.kind).upper()
        if node.status is not Status.APPROVED:
            caption += f" · {words.status(node.status)}"
        lines = [f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{escape.html(caption)}</FONT>']
        lines += [f"<B>{escape.html(line)}</B>" for line in escape.wrap(node.title, TITLE_WIDTH)]
        if node.is_project:
            health = node.effective_health
            sign = f'<FONT COLOR="{HEALTH_BORDER[health]}">{HEALTH_SIGN[health]}</FONT>'
            facts = [f"{node.progress} %" if node.progress is not None else "", node.owner or ""]
            fact = " · ".join([words.health(health), *(f for f in facts if f)])
            lines.append(f'<FONT POINT-SIZE="9">{sign} {escape.html(fact)}</FONT>')
            if is_overdue(node, self.today) and node.due_date is not None:
                late = f"{OVERDUE_SIGN} {words.text('overdue').upper()} · "
                late += words.text("due", date=words.date(node.due_date))
                lines.append(
                    f'<FONT POINT-SIZE="9" COLOR="{OVERDUE_COLOUR}">{escape.html(late)}</FONT>'
                )
        lines += [
            f'<FONT POINT-SIZE="9" COLOR="{badge.colour}">{escape.html(badge.text)}</FONT>'
            for badge in self.marks.badges(node.id)
        ]
        lines += [
            f'<FONT POINT-SIZE="8" COLOR="{GAP_COLOUR}">⚠ {escape.html(text)}</FONT>'
            for text in gaps
        ]
        return "<BR/>".join(lines)


def _with_rollup(
    label: str, words: Glossary, counts: Counter[Health], late: int, bar: bool = True
) -> str:
    """``label`` above how the projects under the node divide: signs with counts, the
    overdue ones, and (with ``bar``) a bar of the shares."""
    line = f"{words.count(sum(counts.values()), NodeKind.STRATEGIC_PROJECT)}: "
    text = f'<FONT POINT-SIZE="9">{escape.html(line)}</FONT>' + distribution(words, counts, 9)
    if late:
        overdue = f"{OVERDUE_SIGN} " + words.text("overdue.count", count=late)
        text += f'<BR/><FONT POINT-SIZE="9" COLOR="{OVERDUE_COLOUR}">{escape.html(overdue)}</FONT>'
    if not bar:
        return f"{label}<BR/>{text}"
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0">'
        f"<TR><TD>{label}</TD></TR><TR><TD>{text}</TD></TR>"
        f"<TR><TD>{health_bar(words, counts)}</TD></TR></TABLE>"
    )
