"""Readable terminal output for people (the CLI's side of ``present``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .domain import Edge, Health, Node
from .service import ImportOutcome
from .trace import COUNTED, Contribution, CoverageRow, Gap, TracePath

__all__ = [
    "import_summary",
    "print_contributions",
    "print_coverage",
    "print_gaps",
    "print_node",
    "print_paths",
    "printable",
    "progress",
]

console = Console(highlight=False)
_SHORT = {
    "CHANGE_VISION": "visions",
    "ORGANISATIONAL_VISION": "org.",
    "STRATEGIC_LINE": "lines",
    "CHALLENGE": "challenges",
    "STRATEGIC_PROJECT": "projects",
}


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (but tab and newline) and lone
    surrogates written as escapes, so no escape sequence reaches the terminal and no
    encoding error the user.

    >>> print(printable("a\\x1b[31mb\\udcff"))
    a\\x1b[31mb\\udcff
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@contextmanager
def progress(label: str) -> Iterator[Callable[[str], None]]:
    """A progress line for long work on stderr; call the yielded function at each phase."""
    err = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(label)
        yield lambda phase: bar.update(task, description=f"{label}: {phase}")


def import_summary(outcome: ImportOutcome) -> dict[str, Any]:
    plan = outcome.plan
    return {
        "dry_run": outcome.dry_run,
        "version": outcome.version,
        "nodes_added": len(plan.added),
        "nodes_changed": len(plan.changed),
        "nodes_unchanged": len(plan.unchanged),
        "edges_added": plan.edges_added,
        "edges_unchanged": plan.edges_unchanged,
        "changed": plan.changed,
    }


def print_node(node: Node, edges: list[Edge]) -> None:
    table = Table(title=printable(f"{node.title} ({node.id})"), show_header=False)
    for name in (
        "kind",
        "region",
        "organisation",
        "status",
        "approved_by",
        "decision_date",
        "decision_ref",
        "owner",
        "phase",
        "start_date",
        "due_date",
        "progress",
        "health",
        "version",
        "updated_at",
        "updated_by",
        "source",
    ):
        value = getattr(node, name)
        if value is not None:
            table.add_row(name, printable(str(getattr(value, "value", value))))
    if node.tags:
        table.add_row("tags", printable(", ".join(node.tags)))
    if node.description:
        table.add_row("description", printable(node.description))
    for edge in edges:
        arrow = (
            f"→ {edge.relation.value} → {edge.target}"
            if edge.source == node.id
            else f"← {edge.relation.value} ← {edge.source}"
        )
        table.add_row("edge", arrow + (" (inferred)" if edge.inferred else ""))
    console.print(table)


def print_paths(node_id: str, paths: list[TracePath], nodes: dict[str, Node]) -> None:
    if not paths:
        console.print(f"{node_id} reaches no national goal.")
        return
    for i, path in enumerate(paths, 1):
        console.print(f"[bold]Path {i}[/bold]")
        for depth, step in enumerate(path.nodes):
            via = f"{path.relations[depth - 1].value} → " if depth else ""
            n = nodes[step]
            console.print(
                f"{'  ' * depth}{via}{n.title} [dim]({n.kind.value}, {n.id})[/dim]", markup=True
            )


def print_contributions(found: list[Contribution], nodes: dict[str, Node]) -> None:
    table = Table("depth", "kind", "id", "title", "via")
    for c in found:
        n = nodes[c.node_id]
        table.add_row(str(c.depth), n.kind.value, n.id, n.title, f"{c.relation.value} {c.via}")
    console.print(table)


def print_gaps(found: list[Gap]) -> None:
    table = Table("type", "node", "explanation", title=f"Gaps ({len(found)})")
    for g in found:
        table.add_row(g.type.value, g.node_id, g.message)
    console.print(table)


def print_coverage(rows: list[CoverageRow], goals: dict[str, Node]) -> None:
    table = Table(
        "national goal",
        "region",
        *(_SHORT[k.value] for k in COUNTED),
        "green",
        "amber",
        "red",
        title="Coverage of the national goals",
    )
    for row in rows:
        goal = goals.get(row.goal_id)
        table.add_row(
            goal.title if goal else row.goal_id,
            row.region,
            *(str(row.counts[k]) for k in COUNTED),
            *(str(row.health[h]) for h in (Health.GREEN, Health.AMBER, Health.RED)),
        )
    console.print(table)
