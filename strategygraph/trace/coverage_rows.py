"""Coverage counted in one pass over the whole graph, from every node's goal mask."""

from __future__ import annotations

from collections.abc import Mapping

from ..domain import Health, Node, NodeKind
from ..domain.answers import CoverageRow

__all__ = ["coverage_rows"]

_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]
"""The set bits of each byte value."""


def coverage_rows(
    order: list[Node], goals: list[str], masks: Mapping[str, int], region: str | None
) -> list[CoverageRow]:
    """Coverage rows of the active nodes ``order`` (national goals first) whose goal
    ``masks`` are given, in one pass.

    Counting is bit-sliced: each node adds one to a table per byte of its goal mask
    (``tally``), and each table is turned into per-goal counts once at the end, so the
    cost does not grow with how many goals a node reaches."""
    chunks = range(0, len(goals), 8)
    tally: dict[tuple[str, NodeKind, Health | None], list[list[int]]] = {}
    project = NodeKind.STRATEGIC_PROJECT
    for node in order:
        kind = node.kind
        if kind is NodeKind.NATIONAL_GOAL or (region and node.region != region):
            continue
        mask = masks[node.id]
        if not mask:
            continue
        key = (node.region, kind, (node.health or Health.UNKNOWN) if kind is project else None)
        tables = tally.get(key)
        if tables is None:
            tables = tally[key] = [[0] * 256 for _ in chunks]
        for table, shift in zip(tables, chunks, strict=True):
            table[mask >> shift & 255] += 1
    rows: dict[tuple[str, str], CoverageRow] = {}
    for (node_region, kind, health), tables in tally.items():
        per_goal = [0] * len(goals)
        for table, shift in zip(tables, chunks, strict=True):
            for byte, count in enumerate(table):
                if count:
                    for bit in _BITS[byte]:
                        per_goal[shift + bit] += count
        for goal, count in zip(goals, per_goal, strict=True):
            if count:
                row = rows.get((goal, node_region))
                if row is None:
                    row = rows[(goal, node_region)] = CoverageRow(goal, node_region)
                row.counts[kind] += count
                if health is not None:
                    row.health[health] += count
    reached = {goal for goal, _ in rows}
    for goal in goals:
        if goal not in reached:
            rows[(goal, region or "*")] = CoverageRow(goal, region or "*")
    return [rows[key] for key in sorted(rows)]
