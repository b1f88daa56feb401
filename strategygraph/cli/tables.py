"""Readable terminal output for people (the CLI's side of ``present``); the coverage and
gap tables speak the configured language (``STRATEGYGRAPH_LANG``, Finnish by default)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..domain import Health, Node, NodeKind
from ..domain.answers import COUNTED, CoverageRow, Gap, GapType
from ..glossary import DEFAULT_LANG, Glossary, glossary
from .text import printable

if TYPE_CHECKING:
    from ..service import ImportOutcome

__all__ = [
    "import_summary",
    "print_coverage",
    "print_gaps",
    "printable",
    "progress",
]


def console() -> Console:
    """Standard output as rich sees it now: a console made at import would keep the
    terminal width (``COLUMNS``) of whichever command first imported this module."""
    return Console(highlight=False)


HEALTHS = (Health.GREEN, Health.AMBER, Health.RED, Health.UNKNOWN)
SIGNS = {Health.GREEN: "✔", Health.AMBER: "▲", Health.RED: "✖", Health.UNKNOWN: "?"}
"""The maps' health signs (``maps/style.py``), so health is never a colour alone."""


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
        "records_added": plan.records_added,
        "records_changed": plan.records_changed,
        "records_unchanged": plan.records_unchanged,
    }


def print_gaps(found: list[Gap], nodes: Mapping[str, Node], words: Glossary | None = None) -> None:
    """The gaps as a table: what is missing, the node (title, and the node a layer skip
    links to or the day a stale draft was last touched) and its id."""
    words = words or glossary(DEFAULT_LANG)
    table = Table(title=words.text("gaps.title", count=words.number(len(found))))
    # Wrapped, never cut: a title is read whole, an id (up to 40 characters) kept on one
    # line, as it is copied into the next command.
    table.add_column(words.text("gaps.type"), ratio=3, overflow="fold")
    table.add_column(words.text("gaps.node"), ratio=4, overflow="fold")
    longest = max((len(g.node_id) for g in found), default=0)
    table.add_column(words.text("gaps.id"), no_wrap=True, min_width=min(longest, 40))
    for g in found:
        node = nodes.get(g.node_id)
        text = node.title if node else g.node_id
        if g.type is GapType.LAYER_SKIP and g.related:
            target = nodes.get(g.related)
            text += "\n" + words.text("gap.skip_to", target=target.title if target else g.related)
        elif g.type is GapType.STALE_DRAFT and node is not None:
            changed = node.updated_at or node.created_at
            if changed is not None:
                text += "\n" + words.text("gap.draft_since", date=words.date(changed.date()))
        table.add_row(words.text(f"gap.{g.type.value}"), text, g.node_id)
    console().print(table)


def print_coverage(
    rows: list[CoverageRow], goals: dict[str, Node], words: Glossary | None = None
) -> None:
    """Per national goal and region: how many of each layer reach it, and the projects'
    health (the number of each, by word)."""
    words = words or glossary(DEFAULT_LANG)
    if console().width < WIDE:
        _print_coverage_narrow(rows, goals, words)
        return
    table = Table(
        words.kind(NodeKind.NATIONAL_GOAL),
        words.text("coverage.region"),
        *(words.many(k) for k in COUNTED),
        *(words.health(h) for h in HEALTHS),
        title=words.text("coverage.title"),
    )
    for row in rows:
        goal = goals.get(row.goal_id)
        table.add_row(
            goal.title if goal else row.goal_id,
            row.region,
            *(words.number(row.counts[k]) for k in COUNTED),
            *(words.number(row.health[h]) for h in HEALTHS),
        )
    console().print(table)


WIDE = 150
"""Terminal columns the coverage table needs with a column per layer and health; a
narrower terminal (80 columns) gets one row per goal and region, its counts listed."""


def _print_coverage_narrow(
    rows: list[CoverageRow], goals: dict[str, Node], words: Glossary
) -> None:
    """The coverage table for a narrow terminal: the goal and region, then what reaches
    it, one layer a line, and the projects' health by sign and count (the signs named in
    the caption)."""
    table = Table(
        title=words.text("coverage.title"),
        caption="  ".join(f"{SIGNS[h]} {words.health(h)}" for h in HEALTHS),
    )
    table.add_column(words.kind(NodeKind.NATIONAL_GOAL), ratio=3, overflow="fold")
    table.add_column(words.text("coverage.region"), ratio=1, overflow="fold")
    table.add_column(words.text("coverage.reaches"), ratio=3, overflow="fold")
    table.add_column(" ".join(SIGNS[h] for h in HEALTHS), no_wrap=True)
    for row in rows:
        goal = goals.get(row.goal_id)
        reach = "\n".join(words.count(row.counts[k], k) for k in COUNTED)
        health = " ".join(f"{SIGNS[h]}{words.number(row.health[h])}" for h in HEALTHS)
        table.add_row(goal.title if goal else row.goal_id, row.region, reach, health)
    console().print(table)
