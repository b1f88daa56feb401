"""A node, its traces and what contributes to it, as people read them in the terminal
(``show``, ``trace``, ``trace --down``): every word in the configured language
(``STRATEGYGRAPH_LANG``, Finnish by default): kinds, relations, statuses, health and the
fields' names from the glossary; titles and ids as they are."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum

from rich.table import Table

from ..domain import Edge, Health, Node, NodeKind, Status
from ..domain.answers import Contribution, TracePage
from ..domain.situation import Risk
from ..glossary import Glossary
from .present import threats
from .tables import console
from .text import printable

__all__ = ["print_contributions", "print_node", "print_trace_page"]

_FIELDS = (
    ("kind", "page.fact.kind"),
    ("region", "page.fact.region"),
    ("organisation", "page.fact.organisation"),
    ("status", "page.fact.status"),
    ("approved_by", "node.field.approved_by"),
    ("decision_date", "node.field.decision_date"),
    ("decision_ref", "node.field.decision_ref"),
    ("owner", "page.fact.owner"),
    ("phase", "page.fact.phase"),
    ("start_date", "node.field.start_date"),
    ("due_date", "page.fact.due"),
    ("progress", "page.fact.progress"),
    ("health", "page.fact.health"),
    ("version", "node.field.version"),
    ("updated_at", "node.field.updated_at"),
    ("updated_by", "node.field.updated_by"),
    ("source", "node.field.source"),
)
"""The fields ``show`` lists (when set), in order, with the glossary's name of each."""


def _value(value: object, words: Glossary) -> str:
    """A field's value as read: a kind, status or health by its word, a day as written
    in the language, a progress in per cent."""
    if isinstance(value, NodeKind):
        return words.kind(value)
    if isinstance(value, Status):
        return words.status(value)
    if isinstance(value, Health):
        return words.health(value)
    if type(value) is date:
        return words.date(value)
    if isinstance(value, datetime):  # a change's time, to the minute, in UTC
        return words.moment(value)
    return str(value.value if isinstance(value, Enum) else value)


def print_node(node: Node, edges: list[Edge], words: Glossary) -> None:
    """The node's fields, its tags and description, and its edges each way."""
    table = Table(title=printable(f"{node.title} ({node.id})"), show_header=False)
    for name, label in _FIELDS:
        value = getattr(node, name)
        if value is not None:
            shown = f"{value} %" if name == "progress" else _value(value, words)
            table.add_row(words.text(label), printable(shown))
    if node.tags:
        table.add_row(words.text("node.field.tags"), printable(", ".join(node.tags)))
    if node.description:
        table.add_row(words.text("node.field.description"), printable(node.description))
    for edge in edges:
        relation = words.relation(edge.relation)
        arrow = (
            f"{relation} → {edge.target}"
            if edge.source == node.id
            else f"← {edge.source} {relation}"
        )
        inferred = f" ({words.text('edge.inferred')})" if edge.inferred else ""
        table.add_row(words.text("node.field.edge"), printable(arrow + inferred))
    console().print(table)


def print_trace_page(
    node_id: str,
    page: TracePage,
    nodes: dict[str, Node],
    words: Glossary,
    risks: Mapping[str, list[Risk]] | None = None,
) -> None:
    """The page's paths, numbered from where the page starts, a node threatened by open
    risks marked with their number; every goal reached with its number of paths, "showing
    N of M" whenever the page holds fewer than exist; then the risks on the nodes."""
    out = console()  # one for the whole listing
    risks = risks or {}
    if not page.total:
        out.print(words.text("trace.none", node=printable(node_id)), markup=False)
        _print_threats(risks, nodes, words)
        return
    for i, path in enumerate(page.paths, page.start + 1):
        out.print(f"[bold]{words.text('trace.path', number=words.number(i))}[/bold]")
        for depth, step in enumerate(path.nodes):
            via = f"{words.relation(path.relations[depth - 1])} → " if depth else ""
            n = nodes[step]
            title, ident = printable(n.title), printable(n.id)
            mark = f" ⚠ {words.number(len(risks[step]))}" if risks.get(step) else ""
            line = f"{'  ' * depth}{via}{title} ({words.kind(n.kind)}, {ident}){mark}"
            out.print(line, markup=False)
    out.print(words.text("trace.goals"), markup=False)
    for g in page.goals:
        goal = nodes[g.goal_id]
        out.print(
            f"  {printable(goal.title)} ({printable(g.goal_id)}): {words.number(g.count)}",
            markup=False,
        )
    if len(page.paths) < page.total:
        shown, total = words.number(len(page.paths)), words.number(page.total)
        out.print(words.text("trace.showing", shown=shown, total=total), markup=False)
    _print_threats(risks, nodes, words)


def _print_threats(
    risks: Mapping[str, list[Risk]], nodes: Mapping[str, Node], words: Glossary
) -> None:
    """Each open risk on the traced nodes once, highest score first, with what it
    threatens of them."""
    out = console()  # one for the whole listing
    found = threats(risks)
    if not found:
        return
    out.print(words.text("trace.risks"), markup=False)
    for r, on in found:
        named = ", ".join(printable(nodes[i].title if i in nodes else i) for i in on)
        status = words.text(f"risk.status.{r.status.value}")
        out.print(f"  ⚠ {printable(r.title)} ({printable(r.id)})", markup=False)
        out.print(
            "    " + words.text("trace.risk", score=r.score, status=status, nodes=named),
            markup=False,
        )


def print_contributions(found: list[Contribution], nodes: dict[str, Node], words: Glossary) -> None:
    """What contributes to a node: each node below it with its depth, kind, id, title,
    and the relation and node it serves the traced one through."""
    table = Table(
        words.text("node.field.depth"),
        words.text("page.fact.kind"),
        words.text("page.fact.id"),
        words.text("node.field.title"),
        words.text("node.field.via"),
    )
    for c in found:
        n = nodes[c.node_id]
        table.add_row(
            words.number(c.depth),
            words.kind(n.kind),
            printable(n.id),
            printable(n.title),
            f"{words.relation(c.relation)} → {printable(c.via)}",
        )
    console().print(table)
